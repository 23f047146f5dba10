/* fit-custom-entry-dialog.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fit-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  FIT_CUSTOM_ENTRY_MODEL,
  FIT_CUSTOM_ENTRY_GPU,
} FitCustomEntryKind;

#define FIT_TYPE_CUSTOM_ENTRY_DIALOG (fit_custom_entry_dialog_get_type ())

G_DECLARE_FINAL_TYPE (FitCustomEntryDialog, fit_custom_entry_dialog, FIT, CUSTOM_ENTRY_DIALOG, AdwWindow)

FitCustomEntryDialog *fit_custom_entry_dialog_new        (GtkWindow            *parent,
                                                          FitCatalog           *catalog,
                                                          FitCustomEntryKind    kind);
FitCustomEntryKind    fit_custom_entry_dialog_get_kind   (FitCustomEntryDialog *self);
void                  fit_custom_entry_dialog_set_model  (FitCustomEntryDialog *self,
                                                          const FitModel       *model,
                                                          gboolean              edit);
void                  fit_custom_entry_dialog_set_device (FitCustomEntryDialog *self,
                                                          const FitDevice      *device,
                                                          gboolean              edit);
gboolean              fit_custom_entry_dialog_save       (FitCustomEntryDialog *self,
                                                          GError              **error);
gboolean              fit_custom_entry_dialog_remove     (FitCustomEntryDialog *self,
                                                          GError              **error);
const char           *fit_custom_entry_dialog_get_entry_id (FitCustomEntryDialog *self);
void                  fit_custom_entry_dialog_set_entry_id (FitCustomEntryDialog *self,
                                                            const char           *id);

G_END_DECLS
