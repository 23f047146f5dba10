/* fit-import-private.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fit-import.h"

G_BEGIN_DECLS

/* "FILE: byte OFFSET: MESSAGE". */
void        fit_import_set_error_at     (GError      **error,
                                         FitImportError code,
                                         const char   *file,
                                         guint64       offset,
                                         const char   *format,
                                         ...) G_GNUC_PRINTF (5, 6);
/* "FILE: MESSAGE". */
void        fit_import_set_error        (GError      **error,
                                         FitImportError code,
                                         const char   *file,
                                         const char   *format,
                                         ...) G_GNUC_PRINTF (4, 5);

/* Strict JSON: a NULL root, several roots, duplicate keys and nesting deeper
 * than FIT_IMPORT_MAX_JSON_DEPTH are errors (json-glib accepts them all).
 * The root must be an object. */
JsonNode   *fit_import_json_parse       (const char   *data,
                                         gsize         length,
                                         const char   *file,
                                         GError      **error);

/* Typed members of a JSON object. They return FALSE with an error naming
 * @file and @field when the member has the wrong type or is out of range,
 * and TRUE with *found = FALSE when it is absent or null. */
gboolean    fit_import_json_get_uint    (JsonObject   *object,
                                         const char   *member,
                                         const char   *file,
                                         const char   *field,
                                         guint64       max,
                                         guint64      *out,
                                         gboolean     *found,
                                         GError      **error);
gboolean    fit_import_json_get_double  (JsonObject   *object,
                                         const char   *member,
                                         const char   *file,
                                         const char   *field,
                                         double       *out,
                                         gboolean     *found,
                                         GError      **error);
gboolean    fit_import_json_get_bool    (JsonObject   *object,
                                         const char   *member,
                                         const char   *file,
                                         const char   *field,
                                         gboolean     *out,
                                         gboolean     *found,
                                         GError      **error);
gboolean    fit_import_json_get_string  (JsonObject   *object,
                                         const char   *member,
                                         const char   *file,
                                         const char   *field,
                                         const char  **out,
                                         GError      **error);
gboolean    fit_import_json_get_object  (JsonObject   *object,
                                         const char   *member,
                                         const char   *file,
                                         const char   *field,
                                         JsonObject  **out,
                                         GError      **error);
gboolean    fit_import_json_get_array   (JsonObject   *object,
                                         const char   *member,
                                         const char   *file,
                                         const char   *field,
                                         JsonArray   **out,
                                         GError      **error);
/* A whole number in a node: integral, finite, 0 ≤ n ≤ max. */
gboolean    fit_import_json_node_uint   (JsonNode     *node,
                                         const char   *file,
                                         const char   *field,
                                         guint64       max,
                                         guint64      *out,
                                         GError      **error);

/* Reads a whole small file (≤ @max_size) with a clear error. */
gboolean    fit_import_read_file        (const char   *path,
                                         guint64       max_size,
                                         char        **contents,
                                         gsize        *length,
                                         GError      **error);

/* Adds @bytes to the type's entry of a type name → guint64* table. */
void        fit_import_add_type_bytes   (GHashTable   *table,
                                         const char   *type_name,
                                         guint64       bytes);
GHashTable *fit_import_type_bytes_new   (void);

/* A lowercase id made of [a-z0-9.-] from a display name. */
char       *fit_import_make_id          (const char   *name);

G_END_DECLS
