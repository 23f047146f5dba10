/* fuzz-safetensors.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fit-import.h"
#include "fit-safetensors.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* A whole safetensors file in memory; the same bytes are also tried as a
 * model.safetensors.index.json. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) index_error = NULL;
  g_autoptr(FitSafetensors) st = NULL;
  g_autoptr(GPtrArray) shards = NULL;
  g_autoptr(GHashTable) map = NULL;

  st = fit_safetensors_parse_data (data, size, "fuzz.safetensors", &error);
  g_assert ((st == NULL) == (error != NULL));
  if (st != NULL)
    {
      for (guint i = 0; i < st->n_tensors; i++)
        g_assert (st->tensors[i].begin <= st->tensors[i].end &&
                  st->tensors[i].end <= size - 8 - st->header_size);
    }

  if (fit_safetensors_parse_index ((const char *) data, size, "fuzz.index.json", &shards, &map,
                                   &index_error))
    g_assert (shards->len > 0 && g_hash_table_size (map) > 0);
  else
    g_assert (index_error != NULL && index_error->domain == FIT_IMPORT_ERROR);

  return 0;
}
