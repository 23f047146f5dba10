/* fit-gguf.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-formats.h"
#include "fit-model.h"

G_BEGIN_DECLS

/* Metadata value types, numbered as in the GGUF file format. */
typedef enum
{
  FIT_GGUF_TYPE_UINT8   = 0,
  FIT_GGUF_TYPE_INT8    = 1,
  FIT_GGUF_TYPE_UINT16  = 2,
  FIT_GGUF_TYPE_INT16   = 3,
  FIT_GGUF_TYPE_UINT32  = 4,
  FIT_GGUF_TYPE_INT32   = 5,
  FIT_GGUF_TYPE_FLOAT32 = 6,
  FIT_GGUF_TYPE_BOOL    = 7,
  FIT_GGUF_TYPE_STRING  = 8,
  FIT_GGUF_TYPE_ARRAY   = 9,
  FIT_GGUF_TYPE_UINT64  = 10,
  FIT_GGUF_TYPE_INT64   = 11,
  FIT_GGUF_TYPE_FLOAT64 = 12,
  FIT_GGUF_N_TYPES,
} FitGgufType;

/* Arrays up to this length keep their values (per-layer arrays need
 * FIT_MAX_LAYERS); longer ones (token scores, merges) keep their length. */
#define FIT_GGUF_MAX_KEPT_ARRAY 4096

#define FIT_GGUF_DEFAULT_ALIGNMENT 32

/**
 * FitGgufKv:
 *
 * One metadata pair. Integers and booleans are in @i (unsigned values above
 * G_MAXINT64 are in @u with @is_unsigned_big set), floats in @f. Strings
 * longer than FIT_IMPORT_MAX_STRING (only allowed under `tokenizer.`) and
 * string arrays are checked but not kept.
 */
typedef struct
{
  char        *key;
  guint64      offset;           /* byte offset of the key in the file */
  FitGgufType  type;
  gint64       i;
  guint64      u;
  gboolean     is_unsigned_big;
  double       f;
  char        *str;
  FitGgufType  array_type;
  guint64      array_len;
  gint64      *array_ints;       /* integer and bool arrays of ≤ FIT_GGUF_MAX_KEPT_ARRAY */
  double      *array_floats;     /* float arrays of ≤ FIT_GGUF_MAX_KEPT_ARRAY */
} FitGgufKv;

typedef struct
{
  char        *name;
  guint64      info_offset;      /* byte offset of the tensor info */
  guint32      n_dims;
  guint64      ne[4];
  FitGgmlType  type;
  guint64      offset;           /* relative to data_offset */
  guint64      n_elements;
  guint64      n_bytes;
} FitGgufTensor;

typedef struct
{
  char          *name;           /* the file, for messages */
  guint32        version;
  guint64        file_size;
  guint32        alignment;
  guint64        data_offset;    /* where tensor data starts */
  GPtrArray     *kvs;            /* FitGgufKv, in file order */
  GHashTable    *kv_index;       /* key → FitGgufKv (borrowed) */
  FitGgufTensor *tensors;
  guint64        n_tensors;
  GHashTable    *tensor_index;   /* name → FitGgufTensor (borrowed) */
} FitGguf;

FitGguf         *fit_gguf_open          (const char     *path,
                                         GError        **error);
FitGguf         *fit_gguf_parse_data    (const guint8   *data,
                                         gsize           size,
                                         const char     *name,
                                         GError        **error);
void             fit_gguf_free          (FitGguf        *self);

const FitGgufKv *fit_gguf_lookup        (const FitGguf  *self,
                                         const char     *key);
const FitGgufTensor *fit_gguf_find_tensor (const FitGguf *self,
                                           const char    *name);
const char      *fit_gguf_type_name     (FitGgufType     type);

/* Split models: "name-00001-of-00003.gguf". Returns the paths of every part,
 * in order, or a single-element array for an unsplit file; fails with
 * FIT_IMPORT_ERROR_MISSING naming the first missing part. */
GPtrArray       *fit_gguf_split_paths   (const char     *path,
                                         GError        **error);

/* The model described by one file or by the parts of a split file (parts[0]
 * holds the metadata), with exact tensor bytes, sealed with
 * fit_model_finalize(). @path is the user's path, kept as source_path.
 * @bytes_by_type, when not NULL, receives type name → guint64*. */
FitModel        *fit_gguf_to_model      (FitGguf *const *parts,
                                         guint           n_parts,
                                         const char     *path,
                                         GHashTable     *bytes_by_type,
                                         GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitGguf, fit_gguf_free)

G_END_DECLS
