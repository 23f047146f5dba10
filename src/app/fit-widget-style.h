/* fit-widget-style.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fit-chart.h"

G_BEGIN_DECLS

void fit_widget_get_chart_style (GtkWidget     *widget,
                                 FitChartStyle *style,
                                 char         **font_family);

G_END_DECLS
