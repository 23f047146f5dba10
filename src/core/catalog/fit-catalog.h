/* fit-catalog.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-device.h"
#include "fit-model.h"

G_BEGIN_DECLS

#define FIT_CATALOG_ERROR (fit_catalog_error_quark ())

typedef enum
{
  FIT_CATALOG_ERROR_PARSE,          /* not JSON: file, line, column */
  FIT_CATALOG_ERROR_TYPE,           /* a field has the wrong type */
  FIT_CATALOG_ERROR_MISSING,        /* a required field is absent */
  FIT_CATALOG_ERROR_RANGE,          /* a value is out of range */
  FIT_CATALOG_ERROR_DUPLICATE,      /* an id appears twice */
  FIT_CATALOG_ERROR_IO,
} FitCatalogError;

typedef struct _FitCatalog FitCatalog;

GQuark            fit_catalog_error_quark     (void);

FitCatalog       *fit_catalog_new             (void);
FitCatalog       *fit_catalog_ref             (FitCatalog     *self);
void              fit_catalog_unref           (FitCatalog     *self);

/* The bundled catalog (GResource) plus the user entries under
 * $XDG_DATA_HOME/fitmygpu/. A broken user file never fails this call: its
 * problems are collected in fit_catalog_get_warnings(). */
FitCatalog       *fit_catalog_load_default    (GError        **error);
gboolean          fit_catalog_load_bundled    (FitCatalog     *self,
                                               GError        **error);
void              fit_catalog_load_user       (FitCatalog     *self,
                                               const char     *user_dir);
const char *const *fit_catalog_get_warnings   (FitCatalog     *self);

guint             fit_catalog_get_n_models    (FitCatalog     *self);
const FitModel   *fit_catalog_get_model       (FitCatalog     *self,
                                               guint           index);
const FitModel   *fit_catalog_find_model      (FitCatalog     *self,
                                               const char     *id);

guint             fit_catalog_get_n_devices   (FitCatalog     *self);
const FitDevice  *fit_catalog_get_device      (FitCatalog     *self,
                                               guint           index);
const FitDevice  *fit_catalog_find_device     (FitCatalog     *self,
                                               const char     *id);
const FitDevice  *fit_catalog_find_device_by_pci  (FitCatalog *self,
                                                   FitPciId    pci_id);
const FitDevice  *fit_catalog_find_device_by_name (FitCatalog *self,
                                                   const char *name);

/* User storage: written atomically with a .bak of the previous file. */
char             *fit_catalog_user_dir        (void);
FitModel         *fit_catalog_copy_model      (const FitModel *model,
                                               GError        **error);
gboolean          fit_catalog_save_user_model (FitCatalog     *self,
                                               const FitModel *model,
                                               GError        **error);
gboolean          fit_catalog_remove_user_model (FitCatalog   *self,
                                                 const char   *id,
                                                 GError      **error);
gboolean          fit_catalog_save_user_device (FitCatalog      *self,
                                                const FitDevice *device,
                                                GError         **error);
gboolean          fit_catalog_remove_user_device (FitCatalog    *self,
                                                  const char    *id,
                                                  GError       **error);

/* Parsing single files, for tests and fuzzing. */
gboolean          fit_catalog_parse_models    (FitCatalog     *self,
                                               const char     *data,
                                               gsize           len,
                                               const char     *filename,
                                               gboolean        user,
                                               GError        **error);
gboolean          fit_catalog_parse_devices   (FitCatalog     *self,
                                               const char     *data,
                                               gsize           len,
                                               const char     *filename,
                                               gboolean        user,
                                               GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitCatalog, fit_catalog_unref)

/* Appended by the catalog area. */

/* Model cards ({"version":1,"cards":{"<model id>":{…}}}) for models already
 * loaded from a bundled file. */
gboolean          fit_catalog_parse_cards     (FitCatalog     *self,
                                               const char     *data,
                                               gsize           len,
                                               const char     *filename,
                                               GError        **error);

/* Several cards share a PCI id (RTX 5060 Ti 8 GB and 16 GB): this picks the
 * one whose memory is closest to what the driver reports. */
const FitDevice  *fit_catalog_find_device_by_pci_and_memory (FitCatalog *self,
                                                             FitPciId    pci_id,
                                                             guint64     memory_bytes);

/* Entries in the catalog's JSON schema, as the files hold them. With
 * @derived, the model also carries params_total, params_active,
 * params_embedding, kv_bytes_per_token (F16), state_bytes_per_sequence and
 * user_entry. Return a new JsonNode holding an object. */
struct _JsonNode *fit_catalog_model_to_json   (const FitModel  *model,
                                               gboolean         derived);
struct _JsonNode *fit_catalog_device_to_json  (const FitDevice *device);

G_END_DECLS
