/* fit-test-models.h — hand-built models for the engine tests.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-device.h"
#include "fit-model.h"

/* Geometry straight from each config.json, so that the engine tests do not
 * depend on the catalog. */
static inline FitModel *
fit_test_model_dense (const char *id,
                      guint32     layers,
                      guint32     hidden,
                      guint32     ffn,
                      guint32     heads,
                      guint32     kv_heads,
                      guint32     head_dim,
                      guint32     vocab,
                      gboolean    tied,
                      gboolean    qkv_bias,
                      guint64     context)
{
  FitModel *m = fit_model_new ();
  g_autoptr(GError) error = NULL;

  m->id = g_strdup (id);
  m->name = g_strdup (id);
  m->n_layers = layers;
  m->hidden_size = hidden;
  m->intermediate_size = ffn;
  m->n_heads = heads;
  m->n_kv_heads = kv_heads;
  m->head_dim = head_dim;
  m->vocab_size = vocab;
  m->tied_embeddings = tied;
  m->qkv_bias = qkv_bias;
  m->context_window = context;
  m->layer_pattern = g_strdup ("F");
  g_assert_true (fit_model_finalize (m, &error));
  g_assert_no_error (error);
  return m;
}

static inline FitModel *
fit_test_qwen25_05b (void)
{
  return fit_test_model_dense ("qwen2.5-0.5b", 24, 896, 4864, 14, 2, 64, 151936, TRUE, TRUE, 32768);
}

static inline FitModel *
fit_test_llama31_8b (void)
{
  return fit_test_model_dense ("llama-3.1-8b", 32, 4096, 14336, 32, 8, 128, 128256, FALSE, FALSE, 131072);
}

static inline FitDevice *
fit_test_device (const char *name,
                 FitVendor   vendor,
                 guint64     memory_bytes,
                 double      bandwidth,
                 double      tflops)
{
  FitDevice *d = fit_device_new ();

  d->id = g_strdup (name);
  d->name = g_strdup (name);
  d->vendor = vendor;
  d->memory_bytes = memory_bytes;
  d->bandwidth_gbps = bandwidth;
  d->tflops_fp16 = tflops;
  return d;
}
