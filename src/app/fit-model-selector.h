/* fit-model-selector.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-catalog.h"

G_BEGIN_DECLS

#define FIT_TYPE_MODEL_SELECTOR (fit_model_selector_get_type ())

G_DECLARE_FINAL_TYPE (FitModelSelector, fit_model_selector, FIT, MODEL_SELECTOR, AdwBin)

GtkWidget  *fit_model_selector_new              (void);
void        fit_model_selector_set_catalog      (FitModelSelector      *self,
                                                 FitCatalog            *catalog);
void        fit_model_selector_set_extra_models (FitModelSelector      *self,
                                                 const FitModel *const *models,
                                                 guint                  n_models);
const char *fit_model_selector_get_model_id     (FitModelSelector      *self);
void        fit_model_selector_set_model_id     (FitModelSelector      *self,
                                                 const char            *model_id);
void        fit_model_selector_popup            (FitModelSelector      *self);
guint       fit_model_selector_get_n_visible    (FitModelSelector      *self);
void        fit_model_selector_set_search_text  (FitModelSelector      *self,
                                                 const char            *text);

G_END_DECLS
