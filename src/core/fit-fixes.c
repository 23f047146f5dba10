/* fit-fixes.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-fixes"

#include "config.h"

#include "fit-fixes.h"
#include "fit-solve.h"

/**
 * fit_fixes_find:
 * @model: the model
 * @device: the device
 * @estimate: an estimate from fit_estimate(), so its settings are resolved
 *   and its max_context and max_concurrency solved
 * @fixes: (out caller-allocates): room for %FIT_N_FIX_KINDS fixes
 *
 * Finds the changes of one setting each that make @estimate fit, in the
 * order people reach for them: a smaller format, a shorter context, fewer
 * sequences, layers left in system RAM, more GPUs. A kind is left out when
 * no value of it fits or when it would not change anything.
 *
 * Returns: how many fixes were written; 0 when @estimate fits already.
 */
guint
fit_fixes_find (const FitModel    *model,
                const FitDevice   *device,
                const FitEstimate *estimate,
                FitFix             fixes[FIT_N_FIX_KINDS])
{
  const FitSettings *settings;
  FitWeightFormat format;
  gint32 layers;
  guint32 gpus;
  guint n = 0;

  g_return_val_if_fail (model != NULL && device != NULL && estimate != NULL && fixes != NULL, 0);

  if (estimate->verdict != FIT_VERDICT_DOES_NOT_FIT)
    return 0;
  settings = &estimate->settings;

  if (fit_solve_best_format (model, device, settings, &format) && format != settings->weights)
    fixes[n++] = (FitFix) { .kind = FIT_FIX_WEIGHT_FORMAT, .format = format };

  /* The estimate has solved these two already. */
  if (estimate->max_context != 0 && estimate->max_context < settings->context)
    fixes[n++] = (FitFix) { .kind = FIT_FIX_CONTEXT, .value = estimate->max_context };

  if (settings->concurrency > 1 && estimate->max_concurrency != 0 &&
      estimate->max_concurrency < settings->concurrency)
    fixes[n++] = (FitFix) { .kind = FIT_FIX_CONCURRENCY, .value = estimate->max_concurrency };

  /* llama.cpp can leave layers in system RAM and run them on the CPU: it
   * fits at the cost of speed, the fix people with one small card want. */
  layers = fit_solve_max_gpu_layers (model, device, settings);
  if (layers >= 0 && layers < settings->gpu_layers && model->n_layers > 0)
    fixes[n++] = (FitFix) { .kind = FIT_FIX_GPU_LAYERS, .value = (guint64) layers };

  gpus = fit_solve_min_gpus (model, device, settings);
  if (gpus > MAX (settings->gpu_count, 1))
    fixes[n++] = (FitFix) { .kind = FIT_FIX_GPU_COUNT, .value = gpus };

  for (guint i = 0; i < n; i++)
    {
      FitSettings fixed = *settings;
      FitEstimate after;

      fit_fix_apply (&fixes[i], &fixed);
      fit_estimate_memory (model, device, &fixed, &after);
      fixes[i].host_bytes = after.host_bytes;
    }

  return n;
}

/**
 * fit_fix_apply:
 * @fix: a fix from fit_fixes_find()
 * @settings: the settings it was found for
 *
 * Changes the one setting @fix is about.
 */
void
fit_fix_apply (const FitFix *fix,
               FitSettings  *settings)
{
  g_return_if_fail (fix != NULL && settings != NULL);

  switch (fix->kind)
    {
    case FIT_FIX_WEIGHT_FORMAT:
      settings->weights = fix->format;
      break;
    case FIT_FIX_CONTEXT:
      settings->context = fix->value;
      break;
    case FIT_FIX_CONCURRENCY:
      settings->concurrency = (guint32) MIN (fix->value, G_MAXUINT32);
      break;
    case FIT_FIX_GPU_LAYERS:
      settings->gpu_layers = (gint32) MIN (fix->value, G_MAXINT32);
      break;
    case FIT_FIX_GPU_COUNT:
      settings->gpu_count = (guint32) MIN (fix->value, G_MAXUINT32);
      break;
    case FIT_N_FIX_KINDS:
    default:
      g_return_if_reached ();
    }
}

/* The key of a fix in the CLI's JSON, which is also the key of the
 * setting it changes under "settings". */
const char *
fit_fix_kind_id (FitFixKind kind)
{
  static const char *ids[FIT_N_FIX_KINDS] = {
    [FIT_FIX_WEIGHT_FORMAT] = "weights",
    [FIT_FIX_CONTEXT] = "context",
    [FIT_FIX_CONCURRENCY] = "concurrency",
    [FIT_FIX_GPU_LAYERS] = "gpu_layers",
    [FIT_FIX_GPU_COUNT] = "gpu_count",
  };

  g_return_val_if_fail (kind < FIT_N_FIX_KINDS, NULL);
  return ids[kind];
}

/* The `fitmygpu-cli estimate` option that applies the fix. */
const char *
fit_fix_option (FitFixKind kind)
{
  static const char *options[FIT_N_FIX_KINDS] = {
    [FIT_FIX_WEIGHT_FORMAT] = "--weights",
    [FIT_FIX_CONTEXT] = "--context",
    [FIT_FIX_CONCURRENCY] = "--concurrency",
    [FIT_FIX_GPU_LAYERS] = "--gpu-layers",
    [FIT_FIX_GPU_COUNT] = "--gpu-count",
  };

  g_return_val_if_fail (kind < FIT_N_FIX_KINDS, NULL);
  return options[kind];
}
