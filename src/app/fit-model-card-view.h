/* fit-model-card-view.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-catalog.h"

G_BEGIN_DECLS

#define FIT_TYPE_MODEL_CARD_VIEW (fit_model_card_view_get_type ())

G_DECLARE_FINAL_TYPE (FitModelCardView, fit_model_card_view, FIT, MODEL_CARD_VIEW, AdwBin)

GtkWidget      *fit_model_card_view_new         (void);
void            fit_model_card_view_set_catalog (FitModelCardView *self,
                                                 FitCatalog       *catalog);
const FitModel *fit_model_card_view_get_model   (FitModelCardView *self);
void            fit_model_card_view_set_model   (FitModelCardView *self,
                                                 const FitModel   *model);

G_END_DECLS
