/* fuzz-gguf.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fit-gguf.h"
#include "fit-import.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Parses a GGUF held in memory, then derives the model from it, so that
 * both the reader and the metadata checks see hostile input. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FitGguf) gguf = NULL;
  g_autoptr(FitModel) model = NULL;
  g_autoptr(GHashTable) types = NULL;

  gguf = fit_gguf_parse_data (data, size, "fuzz.gguf", &error);
  if (gguf == NULL)
    {
      g_assert (error != NULL && error->domain == FIT_IMPORT_ERROR);
      return 0;
    }

  types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  model = fit_gguf_to_model (&gguf, 1, NULL, types, &error);
  g_assert ((model == NULL) == (error != NULL));
  if (model != NULL)
    {
      g_assert (model->exact != NULL);
      g_assert (model->n_layers > 0 && model->n_layers <= FIT_MAX_LAYERS);
    }

  return 0;
}
