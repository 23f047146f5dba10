/* fit-gpu-row.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fit-solve.h"

G_BEGIN_DECLS

#define FIT_TYPE_GPU_ROW (fit_gpu_row_get_type ())

G_DECLARE_FINAL_TYPE (FitGpuRow, fit_gpu_row, FIT, GPU_ROW, GObject)

FitGpuRow      *fit_gpu_row_new                 (const FitSweepRow *row);
const char     *fit_gpu_row_get_id              (FitGpuRow         *self);
const char     *fit_gpu_row_get_name            (FitGpuRow         *self);
FitVendor       fit_gpu_row_get_vendor          (FitGpuRow         *self);
FitDeviceClass  fit_gpu_row_get_class           (FitGpuRow         *self);
gboolean        fit_gpu_row_get_detected        (FitGpuRow         *self);
guint64         fit_gpu_row_get_memory          (FitGpuRow         *self);
FitVerdict      fit_gpu_row_get_verdict         (FitGpuRow         *self);
gint64          fit_gpu_row_get_headroom        (FitGpuRow         *self);
guint           fit_gpu_row_get_max_concurrency (FitGpuRow         *self);
guint64         fit_gpu_row_get_max_context     (FitGpuRow         *self);

G_END_DECLS
