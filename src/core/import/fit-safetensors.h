/* fit-safetensors.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FIT_SAFETENSORS_MAX_DIMS 8

typedef struct
{
  char    *name;
  char    *dtype;          /* "BF16", "F8_E4M3", … */
  guint    bits;           /* bits per element of dtype */
  guint    n_dims;
  guint64  shape[FIT_SAFETENSORS_MAX_DIMS];
  guint64  n_elements;
  guint64  begin;          /* data_offsets, relative to the data section */
  guint64  end;
} FitSafetensorsTensor;

typedef struct
{
  char                 *name;         /* the file, for messages */
  guint64               file_size;
  guint64               header_size;  /* the JSON header, without its 8-byte length */
  FitSafetensorsTensor *tensors;
  guint                 n_tensors;
} FitSafetensors;

/* Bits per element of a safetensors dtype, 0 when unknown. */
guint            fit_safetensors_dtype_bits   (const char      *dtype);

FitSafetensors  *fit_safetensors_open         (const char      *path,
                                               GError         **error);
/* A whole file held in memory. For tests and fuzzers. */
FitSafetensors  *fit_safetensors_parse_data   (const guint8    *data,
                                               gsize            size,
                                               const char      *name,
                                               GError         **error);
/* The JSON header alone, for a file of @file_size bytes whose header is
 * @length bytes long. */
FitSafetensors  *fit_safetensors_parse_header (const char      *json,
                                               gsize            length,
                                               guint64          file_size,
                                               const char      *name,
                                               GError         **error);
void             fit_safetensors_free         (FitSafetensors  *self);

/* model.safetensors.index.json: the shard files, sorted and unique, and
 * the tensor → shard map (both owned by the caller). */
gboolean         fit_safetensors_parse_index  (const char      *json,
                                               gsize            length,
                                               const char      *name,
                                               GPtrArray      **shards,
                                               GHashTable     **weight_map,
                                               GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitSafetensors, fit_safetensors_free)

G_END_DECLS
