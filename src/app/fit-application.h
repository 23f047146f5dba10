/* fit-application.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-catalog.h"

G_BEGIN_DECLS

#define FIT_TYPE_APPLICATION (fit_application_get_type ())

G_DECLARE_FINAL_TYPE (FitApplication, fit_application, FIT, APPLICATION, AdwApplication)

FitApplication *fit_application_new            (void);
FitCatalog     *fit_application_get_catalog    (FitApplication  *self);
GSettings      *fit_application_get_settings   (FitApplication  *self);
gboolean        fit_application_reload_catalog (FitApplication  *self,
                                                GError         **error);

G_END_DECLS
