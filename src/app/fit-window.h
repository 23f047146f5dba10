/* fit-window.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-application.h"

G_BEGIN_DECLS

#define FIT_TYPE_WINDOW (fit_window_get_type ())

G_DECLARE_FINAL_TYPE (FitWindow, fit_window, FIT, WINDOW, AdwApplicationWindow)

FitWindow  *fit_window_new            (FitApplication *application);
const char *fit_window_get_model_id   (FitWindow      *self);
void        fit_window_set_model_id   (FitWindow      *self,
                                       const char     *model_id);
const char *fit_window_get_device_id  (FitWindow      *self);
void        fit_window_set_device_id  (FitWindow      *self,
                                       const char     *device_id);
void        fit_window_open_path      (FitWindow      *self,
                                       const char     *path);

/* For FitApplication: screenshot and benchmark modes, About's debug info. */
void        _fit_window_take_screenshot      (FitWindow  *self,
                                              const char *path,
                                              int         width,
                                              int         height);
void        _fit_window_report_first_frame   (FitWindow  *self);
GPtrArray  *_fit_window_get_detected         (FitWindow  *self);
const char *_fit_window_get_detected_backend (FitWindow  *self,
                                              guint       index);

G_END_DECLS
