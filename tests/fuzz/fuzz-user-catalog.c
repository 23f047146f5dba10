/* fuzz-user-catalog.c — the user catalog files under $XDG_DATA_HOME: a bad
 * entry is skipped with a warning, never the rest, and never a crash.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fit-catalog.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (size < 1)
    return 0;

  if (data[0] & 1)
    ok = fit_catalog_parse_models (catalog, (const char *) data + 1, size - 1, "models.json", TRUE, &error);
  else
    ok = fit_catalog_parse_devices (catalog, (const char *) data + 1, size - 1, "gpus.json", TRUE, &error);

  g_assert (ok || error != NULL);
  (void) fit_catalog_get_warnings (catalog);

  return 0;
}
