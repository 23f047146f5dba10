/* fit-solve.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-estimate.h"

G_BEGIN_DECLS

/* Each solver takes resolved settings and answers with values that, fed
 * back to fit_estimate(), give a verdict other than does-not-fit. */

/* Largest per-sequence context at settings->concurrency; 0 if none. */
guint64  fit_solve_max_context     (const FitModel    *model,
                                    const FitDevice   *device,
                                    const FitSettings *settings);
/* Largest concurrency at settings->context; 0 if none. */
guint32  fit_solve_max_concurrency (const FitModel    *model,
                                    const FitDevice   *device,
                                    const FitSettings *settings);
/* The highest-precision format valid for the runtime that fits. */
gboolean fit_solve_best_format     (const FitModel    *model,
                                    const FitDevice   *device,
                                    const FitSettings *settings,
                                    FitWeightFormat   *out);
/* llama.cpp and Ollama only: the most layers -ngl can keep on the GPU(s)
 * with the rest in system RAM, counted as -ngl counts them (n_layers + 1
 * puts the output layer there too); -1 if not even zero layers fit. */
gint32   fit_solve_max_gpu_layers  (const FitModel    *model,
                                    const FitDevice   *device,
                                    const FitSettings *settings);
/* Fewest GPUs of @device's kind that fit (≤ FIT_MAX_GPU_COUNT); 0 if none. */
guint32  fit_solve_min_gpus        (const FitModel    *model,
                                    const FitDevice   *device,
                                    const FitSettings *settings);

typedef struct
{
  const FitDevice *device;
  FitEstimate      estimate;   /* with max_context and max_concurrency */
} FitSweepRow;

/* Estimates on every device, sorted by memory; returns the index of the
 * smallest device that fits, or -1. @rows has n_devices entries. */
gint     fit_solve_sweep           (const FitModel         *model,
                                    const FitDevice *const *devices,
                                    guint                   n_devices,
                                    const FitSettings      *settings,
                                    FitSweepRow            *rows);

G_END_DECLS
