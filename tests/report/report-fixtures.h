/* report-fixtures.h — hand-built models and devices for the report tests.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-device.h"
#include "fit-estimate.h"
#include "fit-model.h"
#include "fit-units.h"

/* Qwen2.5-0.5B from its config.json, with a small card, so that the tests
 * do not depend on the catalog. */
static inline FitModel *
report_test_qwen (void)
{
  FitModel *m = fit_model_new ();
  g_autoptr(GError) error = NULL;

  m->id = g_strdup ("qwen2.5-0.5b");
  m->name = g_strdup ("Qwen2.5-0.5B");
  m->company = g_strdup ("Alibaba Cloud");
  m->family = g_strdup ("Qwen2.5");
  m->release_date = g_strdup ("2024-09-19");
  m->license = g_strdup ("Apache-2.0");
  m->hf_repo = g_strdup ("Qwen/Qwen2.5-0.5B");
  m->architecture = g_strdup ("qwen2");
  m->n_layers = 24;
  m->hidden_size = 896;
  m->intermediate_size = 4864;
  m->n_heads = 14;
  m->n_kv_heads = 2;
  m->head_dim = 64;
  m->vocab_size = 151936;
  m->tied_embeddings = TRUE;
  m->qkv_bias = TRUE;
  m->gated_ffn = TRUE;
  m->norms_per_layer = 2;
  m->context_window = 32768;
  m->max_position_embeddings = 32768;
  m->layer_pattern = g_strdup ("F");
  m->official_format = FIT_WEIGHTS_BF16;

  m->card.summary = g_strdup ("A small dense decoder for edge devices | with a 32K window.");
  m->card.sources.n_items = 2;
  m->card.sources.items = g_new0 (FitCardItem, 2);
  m->card.sources.items[0].title = g_strdup ("Model card");
  m->card.sources.items[0].text = g_strdup ("https://huggingface.co/Qwen/Qwen2.5-0.5B");
  m->card.sources.items[1].title = g_strdup ("Technical report");
  m->card.sources.items[1].text = g_strdup ("https://arxiv.org/abs/2412.15115");

  g_assert_true (fit_model_finalize (m, &error));
  g_assert_no_error (error);
  return m;
}

/* Llama 3.1 8B: 16 GB of BF16 weights, which do not fit 8 GiB. */
static inline FitModel *
report_test_llama8b (void)
{
  FitModel *m = fit_model_new ();
  g_autoptr(GError) error = NULL;

  m->id = g_strdup ("llama-3.1-8b");
  m->name = g_strdup ("Llama 3.1 8B");
  m->license = g_strdup ("Llama 3.1 Community");
  m->release_date = g_strdup ("2024-07-23");
  m->n_layers = 32;
  m->hidden_size = 4096;
  m->intermediate_size = 14336;
  m->n_heads = 32;
  m->n_kv_heads = 8;
  m->head_dim = 128;
  m->vocab_size = 128256;
  m->tied_embeddings = FALSE;
  m->gated_ffn = TRUE;
  m->norms_per_layer = 2;
  m->context_window = 131072;
  m->max_position_embeddings = 131072;
  m->layer_pattern = g_strdup ("F");
  m->official_format = FIT_WEIGHTS_BF16;

  g_assert_true (fit_model_finalize (m, &error));
  g_assert_no_error (error);
  return m;
}

static inline FitDevice *
report_test_device (const char *id,
                    const char *name,
                    guint64     gib,
                    double      bandwidth,
                    double      tflops)
{
  FitDevice *d = fit_device_new ();

  d->id = g_strdup (id);
  d->name = g_strdup (name);
  d->vendor = FIT_VENDOR_NVIDIA;
  d->klass = FIT_DEVICE_CLASS_CONSUMER;
  d->memory_type = g_strdup ("GDDR6");
  d->memory_bytes = gib * FIT_GIB;
  d->bandwidth_gbps = bandwidth;
  d->tflops_fp16 = tflops;
  return d;
}

static inline FitDevice *
report_test_rtx4060 (void)
{
  return report_test_device ("rtx-4060", "GeForce RTX 4060", 8, 272, 15.1);
}

/* Runs fit_estimate() and asserts that it succeeds. */
static inline void
report_test_estimate (const FitModel    *model,
                      const FitDevice   *device,
                      const FitSettings *settings,
                      FitEstimate       *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fit_estimate (model, device, settings, out, &error));
  g_assert_no_error (error);
}

/* Settings for llama.cpp at Q4_K_M and @context tokens. */
static inline void
report_test_settings (FitSettings *s,
                      FitRuntime   runtime,
                      guint64      context)
{
  fit_settings_init (s);
  s->runtime = runtime;
  s->context = context;
  if (fit_runtime_is_llamacpp (runtime))
    {
      s->weights = FIT_WEIGHTS_GGUF_Q4_K_M;
      s->weights_set = TRUE;
    }
}
