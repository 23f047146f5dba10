/* fit-context-chart.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-chart.h"

G_BEGIN_DECLS

#define FIT_TYPE_CONTEXT_CHART (fit_context_chart_get_type ())

G_DECLARE_FINAL_TYPE (FitContextChart, fit_context_chart, FIT, CONTEXT_CHART, GtkWidget)

GtkWidget             *fit_context_chart_new          (void);
void                   fit_context_chart_set_settings (FitContextChart   *self,
                                                       const FitModel    *model,
                                                       const FitDevice   *device,
                                                       const FitSettings *settings);
gboolean               fit_context_chart_move_context (FitContextChart   *self,
                                                       const FitModel    *model,
                                                       const FitDevice   *device,
                                                       const FitSettings *settings);
const FitContextCurve *fit_context_chart_get_curve    (FitContextChart   *self);
const char            *fit_context_chart_get_summary  (FitContextChart   *self);

G_END_DECLS
