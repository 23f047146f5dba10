/* gguf-writer.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-formats.h"
#include "fit-gguf.h"

G_BEGIN_DECLS

/* A small GGUF writer for tests: metadata and tensor infos are written for
 * real, tensor data is left to ftruncate() so that files of any size cost
 * nothing on disk. */
typedef struct _GgufWriter GgufWriter;

GgufWriter *gguf_writer_new           (void);
void        gguf_writer_free          (GgufWriter    *self);

void        gguf_writer_set_version   (GgufWriter    *self,
                                       guint32        version);
void        gguf_writer_set_alignment (GgufWriter    *self,
                                       guint32        alignment);

void        gguf_writer_add_u8        (GgufWriter    *self,
                                       const char    *key,
                                       guint8         value);
void        gguf_writer_add_i8        (GgufWriter    *self,
                                       const char    *key,
                                       gint8          value);
void        gguf_writer_add_u16       (GgufWriter    *self,
                                       const char    *key,
                                       guint16        value);
void        gguf_writer_add_i16       (GgufWriter    *self,
                                       const char    *key,
                                       gint16         value);
void        gguf_writer_add_u32       (GgufWriter    *self,
                                       const char    *key,
                                       guint32        value);
void        gguf_writer_add_i32       (GgufWriter    *self,
                                       const char    *key,
                                       gint32         value);
void        gguf_writer_add_u64       (GgufWriter    *self,
                                       const char    *key,
                                       guint64        value);
void        gguf_writer_add_i64       (GgufWriter    *self,
                                       const char    *key,
                                       gint64         value);
void        gguf_writer_add_f32       (GgufWriter    *self,
                                       const char    *key,
                                       float          value);
void        gguf_writer_add_f64       (GgufWriter    *self,
                                       const char    *key,
                                       double         value);
void        gguf_writer_add_bool      (GgufWriter    *self,
                                       const char    *key,
                                       gboolean       value);
void        gguf_writer_add_string    (GgufWriter    *self,
                                       const char    *key,
                                       const char    *value);
void        gguf_writer_add_u32_array (GgufWriter    *self,
                                       const char    *key,
                                       const guint32 *values,
                                       guint          n);
void        gguf_writer_add_bool_array (GgufWriter   *self,
                                        const char   *key,
                                        const gboolean *values,
                                        guint         n);
void        gguf_writer_add_f32_array (GgufWriter    *self,
                                       const char    *key,
                                       const float   *values,
                                       guint          n);
void        gguf_writer_add_string_array (GgufWriter *self,
                                          const char *key,
                                          const char *const *values,
                                          guint       n);
/* A vocabulary of @n tokens "tok<i>" under tokenizer.ggml.tokens. */
void        gguf_writer_add_vocab     (GgufWriter    *self,
                                       guint          n);
/* Raw bytes after the key: a value type, then whatever the test wants. */
void        gguf_writer_add_raw       (GgufWriter    *self,
                                       const char    *key,
                                       guint32        type,
                                       const void    *data,
                                       gsize          len);

/* A tensor placed after the previous one, aligned. */
void        gguf_writer_add_tensor    (GgufWriter    *self,
                                       const char    *name,
                                       FitGgmlType    type,
                                       guint          n_dims,
                                       const guint64 *ne);
/* A tensor at an explicit offset, for hostile files. */
void        gguf_writer_add_tensor_at (GgufWriter    *self,
                                       const char    *name,
                                       FitGgmlType    type,
                                       guint          n_dims,
                                       const guint64 *ne,
                                       guint64        offset);

/* The header (padded to the alignment) and the size of the data section. */
GBytes     *gguf_writer_get_header    (GgufWriter    *self,
                                       guint64       *data_size);
/* Byte offsets where sections end: magic, version, counts, each key/value
 * pair, each tensor info. */
GArray     *gguf_writer_get_boundaries (GgufWriter   *self);
/* The header plus a sparse data section, or @truncate_to bytes when not 0. */
gboolean    gguf_writer_write_file    (GgufWriter    *self,
                                       const char    *path,
                                       guint64        truncate_to,
                                       GError       **error);
/* The whole file in memory (data zeroed); only for small models. */
GBytes     *gguf_writer_get_file      (GgufWriter    *self);

/* The tensor set of a llama-style model (Qwen2.5 when bias is set). */
void        gguf_writer_add_llama_tensors (GgufWriter *self,
                                           guint32     n_layers,
                                           guint32     hidden,
                                           guint32     n_heads,
                                           guint32     n_kv_heads,
                                           guint32     head_dim,
                                           guint32     ffn,
                                           guint32     vocab,
                                           gboolean    tied,
                                           gboolean    qkv_bias,
                                           FitGgmlType matrix_type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GgufWriter, gguf_writer_free)

G_END_DECLS
