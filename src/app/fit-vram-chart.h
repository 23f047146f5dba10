/* fit-vram-chart.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-chart.h"

G_BEGIN_DECLS

#define FIT_TYPE_VRAM_CHART (fit_vram_chart_get_type ())

G_DECLARE_FINAL_TYPE (FitVramChart, fit_vram_chart, FIT, VRAM_CHART, GtkWidget)

GtkWidget           *fit_vram_chart_new             (void);
void                 fit_vram_chart_set_estimate    (FitVramChart      *self,
                                                     const FitModel    *model,
                                                     const FitDevice   *device,
                                                     const FitEstimate *estimate);
void                 fit_vram_chart_set_system_ram  (FitVramChart      *self,
                                                     guint64            bytes);
const FitChartModel *fit_vram_chart_get_chart_model (FitVramChart      *self);
const char          *fit_vram_chart_get_summary     (FitVramChart      *self);

G_END_DECLS
