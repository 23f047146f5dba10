/* fit-device-picker.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-catalog.h"

G_BEGIN_DECLS

#define FIT_TYPE_DEVICE_PICKER (fit_device_picker_get_type ())

G_DECLARE_FINAL_TYPE (FitDevicePicker, fit_device_picker, FIT, DEVICE_PICKER, AdwBin)

GtkWidget  *fit_device_picker_new             (void);
void        fit_device_picker_set_catalog     (FitDevicePicker        *self,
                                               FitCatalog             *catalog);
void        fit_device_picker_set_detected    (FitDevicePicker        *self,
                                               const FitDevice *const *devices,
                                               guint                   n_devices);
const char *fit_device_picker_get_device_id   (FitDevicePicker        *self);
void        fit_device_picker_set_device_id   (FitDevicePicker        *self,
                                               const char             *device_id);
gboolean    fit_device_picker_get_detecting   (FitDevicePicker        *self);
void        fit_device_picker_set_detecting   (FitDevicePicker        *self,
                                               gboolean                detecting);
void        fit_device_picker_popup           (FitDevicePicker        *self);
guint       fit_device_picker_get_n_visible   (FitDevicePicker        *self);
void        fit_device_picker_set_search_text (FitDevicePicker        *self,
                                               const char             *text);

G_END_DECLS
