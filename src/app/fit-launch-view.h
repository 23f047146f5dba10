/* fit-launch-view.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-estimate.h"

G_BEGIN_DECLS

#define FIT_TYPE_LAUNCH_VIEW (fit_launch_view_get_type ())

G_DECLARE_FINAL_TYPE (FitLaunchView, fit_launch_view, FIT, LAUNCH_VIEW, AdwBin)

GtkWidget  *fit_launch_view_new          (void);
void        fit_launch_view_set_estimate (FitLaunchView     *self,
                                          const FitModel    *model,
                                          const FitEstimate *estimate);
const char *fit_launch_view_get_text     (FitLaunchView     *self);
void        fit_launch_view_set_text     (FitLaunchView     *self,
                                          const char        *text);
const char *fit_launch_view_get_caption  (FitLaunchView     *self);
void        fit_launch_view_set_caption  (FitLaunchView     *self,
                                          const char        *caption);
void        fit_launch_view_copy         (FitLaunchView     *self);

G_END_DECLS
