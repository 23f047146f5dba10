/* fit-verdict-panel.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-estimate.h"

G_BEGIN_DECLS

#define FIT_TYPE_VERDICT_PANEL (fit_verdict_panel_get_type ())

G_DECLARE_FINAL_TYPE (FitVerdictPanel, fit_verdict_panel, FIT, VERDICT_PANEL, AdwBin)

GtkWidget  *fit_verdict_panel_new          (void);
void        fit_verdict_panel_set_estimate (FitVerdictPanel   *self,
                                            const FitModel    *model,
                                            const FitDevice   *device,
                                            const FitEstimate *estimate);
void        fit_verdict_panel_set_error    (FitVerdictPanel   *self,
                                            const char        *message);
void        fit_verdict_panel_set_system_ram (FitVerdictPanel *self,
                                              guint64          bytes);
const char *fit_verdict_panel_get_title    (FitVerdictPanel   *self);
guint       fit_verdict_panel_get_n_fixes  (FitVerdictPanel   *self);

G_END_DECLS
