/* fit-import.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-model.h"

G_BEGIN_DECLS

#define FIT_IMPORT_ERROR (fit_import_error_quark ())

/**
 * FitImportError:
 * @FIT_IMPORT_ERROR_IO: the operating system refused to open or read a file
 * @FIT_IMPORT_ERROR_TRUNCATED: the file ends before a structure it declares,
 *   or a tensor lies past its end
 * @FIT_IMPORT_ERROR_CORRUPT: bytes that are not a valid file of that format:
 *   bad magic, an unknown value type, invalid UTF-8, a duplicate key or
 *   tensor name, a misaligned or overlapping offset, a value of the wrong
 *   type, JSON that does not parse
 * @FIT_IMPORT_ERROR_LIMIT: a length, count, dimension or number beyond the
 *   sane limits (including negative, NaN or infinite numbers)
 * @FIT_IMPORT_ERROR_INCONSISTENT: values that are valid one by one but
 *   contradict each other (heads that do not divide, per-layer arrays of the
 *   wrong length, a tensor size that does not match its shape)
 * @FIT_IMPORT_ERROR_UNSUPPORTED: a well-formed file we cannot use: big-endian
 *   GGUF, an unknown version, tensor type or quantization method
 * @FIT_IMPORT_ERROR_MISSING: a required key, file or split part is absent
 *
 * Errors of the importers. Every message is translated and names the file,
 * and for binary formats the byte offset, and what was wrong.
 */
typedef enum
{
  FIT_IMPORT_ERROR_IO,
  FIT_IMPORT_ERROR_TRUNCATED,
  FIT_IMPORT_ERROR_CORRUPT,
  FIT_IMPORT_ERROR_LIMIT,
  FIT_IMPORT_ERROR_INCONSISTENT,
  FIT_IMPORT_ERROR_UNSUPPORTED,
  FIT_IMPORT_ERROR_MISSING,
} FitImportError;

/* Sane limits, checked before anything is allocated. */
#define FIT_IMPORT_MAX_STRING       (G_GUINT64_CONSTANT (1) << 20)   /* 1 MiB */
#define FIT_IMPORT_MAX_TOKENIZER_STRING (G_GUINT64_CONSTANT (1) << 28) /* tokenizer.* values */
#define FIT_IMPORT_MAX_ARRAY        (G_GUINT64_CONSTANT (16) << 20)  /* 16 M elements */
#define FIT_IMPORT_MAX_TENSORS      (G_GUINT64_CONSTANT (1) << 20)
#define FIT_IMPORT_MAX_KV           (G_GUINT64_CONSTANT (1) << 20)
#define FIT_IMPORT_MAX_DIM          (G_GUINT64_CONSTANT (1) << 40)
#define FIT_IMPORT_MAX_NAME         256
#define FIT_IMPORT_MAX_ARRAY_DEPTH  8
#define FIT_IMPORT_MAX_JSON_HEADER  (G_GUINT64_CONSTANT (100) * 1000 * 1000)  /* safetensors */
#define FIT_IMPORT_MAX_CONFIG       (G_GUINT64_CONSTANT (16) << 20)  /* config.json, index */
#define FIT_IMPORT_MAX_JSON_DEPTH   64

GQuark      fit_import_error_quark      (void);

FitModel   *fit_import_path             (const char   *path,
                                         GError      **error);
FitModel   *fit_import_path_with_types  (const char   *path,
                                         GHashTable  **bytes_by_type,
                                         char        **format,
                                         GError      **error);
gboolean    fit_import_bytes_by_type    (const char   *path,
                                         GHashTable  **out,
                                         GError      **error);

G_END_DECLS
