/* fit-model-card.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-catalog.h"

G_BEGIN_DECLS

#define FIT_TYPE_MODEL_CARD (fit_model_card_get_type ())

G_DECLARE_FINAL_TYPE (FitModelCard, fit_model_card, FIT, MODEL_CARD, AdwBin)

GtkWidget      *fit_model_card_new         (void);
void            fit_model_card_set_catalog (FitModelCard   *self,
                                            FitCatalog     *catalog);
const FitModel *fit_model_card_get_model   (FitModelCard   *self);
void            fit_model_card_set_model   (FitModelCard   *self,
                                            const FitModel *model);

G_END_DECLS
