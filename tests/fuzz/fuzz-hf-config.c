/* fuzz-hf-config.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fit-hf-config.h"
#include "fit-import.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* A config.json, then the estimator's own validation of the geometry it
 * gives: together they must reject whatever they cannot use. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;

  model = fit_hf_config_parse ((const char *) data, size, "config.json", &error);
  if (model == NULL)
    {
      g_assert (error != NULL && error->domain == FIT_IMPORT_ERROR);
      return 0;
    }

  model->id = g_strdup ("fuzz");
  if (!fit_model_finalize (model, &error))
    g_assert (error != NULL);

  return 0;
}
