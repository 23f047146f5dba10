/* fit-search-button.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FIT_TYPE_SEARCH_BUTTON (fit_search_button_get_type ())

G_DECLARE_FINAL_TYPE (FitSearchButton, fit_search_button, FIT, SEARCH_BUTTON, AdwBin)

GtkWidget  *fit_search_button_new             (void);
void        fit_search_button_remove_all      (FitSearchButton *self);
void        fit_search_button_append          (FitSearchButton *self,
                                               const char      *id,
                                               const char      *group,
                                               const char      *title,
                                               const char      *subtitle,
                                               const char      *keywords);
void        fit_search_button_set_subtitle    (FitSearchButton *self,
                                               const char      *id,
                                               const char      *subtitle);
const char *fit_search_button_get_selected_id (FitSearchButton *self);
void        fit_search_button_set_selected_id (FitSearchButton *self,
                                               const char      *selected_id);
void        fit_search_button_set_label       (FitSearchButton *self,
                                               const char      *label);
void        fit_search_button_set_icon_name   (FitSearchButton *self,
                                               const char      *icon_name);
void        fit_search_button_popup           (FitSearchButton *self);
void        fit_search_button_set_search_text (FitSearchButton *self,
                                               const char      *text);
guint       fit_search_button_get_n_visible   (FitSearchButton *self);

G_END_DECLS
