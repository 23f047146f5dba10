/* fit-controls.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-estimate.h"

G_BEGIN_DECLS

#define FIT_TYPE_CONTROLS (fit_controls_get_type ())

G_DECLARE_FINAL_TYPE (FitControls, fit_controls, FIT, CONTROLS, AdwBin)

GtkWidget  *fit_controls_new               (void);
void        fit_controls_set_model         (FitControls       *self,
                                            const FitModel    *model);
void        fit_controls_get_settings      (FitControls       *self,
                                            FitSettings       *settings);
void        fit_controls_set_resolved      (FitControls       *self,
                                            const FitSettings *resolved);
const char *fit_controls_get_runtime       (FitControls       *self);
void        fit_controls_set_runtime       (FitControls       *self,
                                            const char        *runtime);
const char *fit_controls_get_weight_format (FitControls       *self);
void        fit_controls_set_weight_format (FitControls       *self,
                                            const char        *weight_format);
const char *fit_controls_get_kv_type       (FitControls       *self);
void        fit_controls_set_kv_type       (FitControls       *self,
                                            const char        *kv_type);
guint64     fit_controls_get_context       (FitControls       *self);
void        fit_controls_set_context       (FitControls       *self,
                                            guint64            context);
guint64     fit_controls_get_max_context   (FitControls       *self);
void        fit_controls_set_max_context   (FitControls       *self,
                                            guint64            max_context);
guint       fit_controls_get_concurrency   (FitControls       *self);
void        fit_controls_set_concurrency   (FitControls       *self,
                                            guint              concurrency);
double      fit_controls_get_gpu_util      (FitControls       *self);
void        fit_controls_set_gpu_util      (FitControls       *self,
                                            double             gpu_util);
guint       fit_controls_get_gpu_count     (FitControls       *self);
void        fit_controls_set_gpu_count     (FitControls       *self,
                                            guint              gpu_count);
int         fit_controls_get_gpu_layers    (FitControls       *self);
void        fit_controls_set_gpu_layers    (FitControls       *self,
                                            int                gpu_layers);
guint       fit_controls_get_n_layers      (FitControls       *self);
void        fit_controls_set_n_layers      (FitControls       *self,
                                            guint              n_layers);
const char *fit_controls_get_flash_attn    (FitControls       *self);
void        fit_controls_set_flash_attn    (FitControls       *self,
                                            const char        *flash_attn);
const char *fit_controls_get_budget_basis  (FitControls       *self);
void        fit_controls_set_budget_basis  (FitControls       *self,
                                            const char        *budget_basis);
gboolean    fit_controls_get_detected_device (FitControls     *self);
void        fit_controls_set_detected_device (FitControls     *self,
                                              gboolean         detected_device);

G_END_DECLS
