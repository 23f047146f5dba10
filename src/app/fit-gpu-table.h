/* fit-gpu-table.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-estimate.h"

G_BEGIN_DECLS

#define FIT_TYPE_GPU_TABLE (fit_gpu_table_get_type ())

G_DECLARE_FINAL_TYPE (FitGpuTable, fit_gpu_table, FIT, GPU_TABLE, AdwBin)

GtkWidget  *fit_gpu_table_new        (void);
void        fit_gpu_table_update     (FitGpuTable            *self,
                                      const FitModel         *model,
                                      const FitDevice *const *devices,
                                      guint                   n_devices,
                                      const FitSettings      *settings);
GListModel *fit_gpu_table_get_rows   (FitGpuTable            *self);
const char *fit_gpu_table_get_vendor_filter (FitGpuTable     *self);
void        fit_gpu_table_set_vendor_filter (FitGpuTable     *self,
                                             const char      *vendor);
const char *fit_gpu_table_get_class_filter  (FitGpuTable     *self);
void        fit_gpu_table_set_class_filter  (FitGpuTable     *self,
                                             const char      *klass);

G_END_DECLS
