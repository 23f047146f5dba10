/* fit-solve.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-solve"

#include "config.h"

#include <stdlib.h>

#include "fit-solve.h"

/*
 * Memory grows monotonically with context and with concurrency in every
 * runtime profile (padding only rounds up), so each solver is a binary
 * search over fit_estimate_memory(), which costs O(1).
 */

static gboolean
fits (const FitModel    *model,
      const FitDevice   *device,
      const FitSettings *settings)
{
  FitEstimate e;

  fit_estimate_memory (model, device, settings, &e);
  return e.verdict != FIT_VERDICT_DOES_NOT_FIT;
}

typedef void (*SetValue) (FitSettings *s,
                          guint64      value);

/* The largest value in [lo, hi] at which the model fits, @set putting the
 * value into the settings. Memory must not shrink as the value grows.
 * FALSE when not even @lo fits. */
static gboolean
largest_fitting (const FitModel    *model,
                 const FitDevice   *device,
                 const FitSettings *settings,
                 SetValue           set,
                 guint64            lo,
                 guint64            hi,
                 guint64           *out)
{
  FitSettings s = *settings;

  set (&s, lo);
  if (!fits (model, device, &s))
    return FALSE;

  hi = MAX (hi, lo);
  set (&s, hi);
  if (fits (model, device, &s))
    {
      *out = hi;
      return TRUE;
    }

  /* Invariant: lo fits, hi does not. */
  while (hi - lo > 1)
    {
      guint64 mid = lo + (hi - lo) / 2;

      set (&s, mid);
      if (fits (model, device, &s))
        lo = mid;
      else
        hi = mid;
    }

  *out = lo;
  return TRUE;
}

/* Transformers prefills the whole context unless a prompt length is set;
 * one that is set follows the context down. */
static void
set_context (FitSettings *s,
             guint64      value)
{
  s->context = value;
  if (s->prompt_tokens > 0)
    s->prompt_tokens = value;
}

static void
set_concurrency (FitSettings *s,
                 guint64      value)
{
  s->concurrency = (guint32) value;
}

static void
set_gpu_layers (FitSettings *s,
                guint64      value)
{
  s->gpu_layers = (gint32) value;
}

guint64
fit_solve_max_context (const FitModel    *model,
                       const FitDevice   *device,
                       const FitSettings *settings)
{
  guint64 context;

  g_return_val_if_fail (model != NULL && device != NULL && settings != NULL, 0);

  if (!largest_fitting (model, device, settings, set_context, 1, model->context_window, &context))
    return 0;
  return context;
}

guint32
fit_solve_max_concurrency (const FitModel    *model,
                           const FitDevice   *device,
                           const FitSettings *settings)
{
  guint64 concurrency;

  g_return_val_if_fail (model != NULL && device != NULL && settings != NULL, 0);

  if (!largest_fitting (model, device, settings, set_concurrency, 1, FIT_MAX_CONCURRENCY, &concurrency))
    return 0;
  return (guint32) concurrency;
}

/* From the most to the least faithful, per runtime family. */
static const FitWeightFormat gguf_ladder[] = {
  FIT_WEIGHTS_GGUF_BF16, FIT_WEIGHTS_GGUF_Q8_0, FIT_WEIGHTS_GGUF_Q6_K, FIT_WEIGHTS_GGUF_Q5_K_M,
  FIT_WEIGHTS_GGUF_Q5_K_S, FIT_WEIGHTS_GGUF_Q4_K_M, FIT_WEIGHTS_GGUF_Q4_K_S, FIT_WEIGHTS_GGUF_IQ4_XS,
  FIT_WEIGHTS_GGUF_Q3_K_M, FIT_WEIGHTS_GGUF_Q2_K,
};

static const FitWeightFormat hf_ladder[] = {
  FIT_WEIGHTS_BF16, FIT_WEIGHTS_FP8, FIT_WEIGHTS_GPTQ_INT8, FIT_WEIGHTS_BNB_INT8,
  FIT_WEIGHTS_AWQ_INT4, FIT_WEIGHTS_GPTQ_INT4, FIT_WEIGHTS_BNB_NF4,
};

gboolean
fit_solve_best_format (const FitModel    *model,
                       const FitDevice   *device,
                       const FitSettings *settings,
                       FitWeightFormat   *out)
{
  const FitWeightFormat *ladder;
  guint n;
  FitSettings s;

  g_return_val_if_fail (model != NULL && device != NULL && settings != NULL && out != NULL, FALSE);

  if (fit_runtime_is_llamacpp (settings->runtime))
    ladder = gguf_ladder, n = G_N_ELEMENTS (gguf_ladder);
  else
    ladder = hf_ladder, n = G_N_ELEMENTS (hf_ladder);

  s = *settings;
  for (guint i = 0; i < n; i++)
    {
      if (!fit_runtime_accepts_weights (s.runtime, ladder[i]))
        continue;
      s.weights = ladder[i];
      if (fits (model, device, &s))
        {
          *out = ladder[i];
          return TRUE;
        }
    }

  return FALSE;
}

gint32
fit_solve_max_gpu_layers (const FitModel    *model,
                          const FitDevice   *device,
                          const FitSettings *settings)
{
  guint64 layers;

  g_return_val_if_fail (model != NULL && device != NULL && settings != NULL, -1);

  if (!fit_runtime_is_llamacpp (settings->runtime))
    return -1;

  /* Fewer layers on the GPU never take more of its memory. */
  if (!largest_fitting (model, device, settings, set_gpu_layers, 0,
                        MIN ((guint64) model->n_layers + 1, (guint64) G_MAXINT32), &layers))
    return -1;
  return (gint32) layers;
}

guint32
fit_solve_min_gpus (const FitModel    *model,
                    const FitDevice   *device,
                    const FitSettings *settings)
{
  FitSettings s;

  g_return_val_if_fail (model != NULL && device != NULL && settings != NULL, 0);

  s = *settings;
  for (guint32 n = 1; n <= FIT_MAX_GPU_COUNT; n++)
    {
      /* vLLM's tensor parallelism must divide the attention heads. */
      if (s.runtime == FIT_RUNTIME_VLLM && model->n_heads > 0 && model->n_heads % n != 0)
        continue;
      s.gpu_count = n;
      if (fits (model, device, &s))
        return n;
    }

  return 0;
}

static int
compare_rows (const void *a,
              const void *b)
{
  const FitSweepRow *ra = a;
  const FitSweepRow *rb = b;
  guint64 ma = ra->device->memory_bytes;
  guint64 mb = rb->device->memory_bytes;

  if (ma != mb)
    return ma < mb ? -1 : 1;
  return g_strcmp0 (ra->device->name, rb->device->name);
}

gint
fit_solve_sweep (const FitModel         *model,
                 const FitDevice *const *devices,
                 guint                   n_devices,
                 const FitSettings      *settings,
                 FitSweepRow            *rows)
{
  gint best = -1;

  g_return_val_if_fail (model != NULL && settings != NULL, -1);
  g_return_val_if_fail (n_devices == 0 || (devices != NULL && rows != NULL), -1);

  for (guint i = 0; i < n_devices; i++)
    {
      rows[i].device = devices[i];
      fit_estimate_memory (model, devices[i], settings, &rows[i].estimate);
      rows[i].estimate.max_context = fit_solve_max_context (model, devices[i], settings);
      rows[i].estimate.max_concurrency = fit_solve_max_concurrency (model, devices[i], settings);
    }

  qsort (rows, n_devices, sizeof *rows, compare_rows);

  for (guint i = 0; i < n_devices && best < 0; i++)
    if (rows[i].estimate.verdict != FIT_VERDICT_DOES_NOT_FIT)
      best = i;

  return best;
}
