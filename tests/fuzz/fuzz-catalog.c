/* fuzz-catalog.c — the bundled catalog parsers (models, GPUs, cards).
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fit-catalog.h"
#include "fit-estimate.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* The first byte picks the parser; the rest is the file. A bundled file
 * either loads whole or fails with an error, and whatever loads must be
 * estimable without a crash. */
int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize len;
  gboolean ok;

  if (size < 1)
    return 0;

  text = (const char *) data + 1;
  len = size - 1;

  switch (data[0] % 3)
    {
    case 0:
      ok = fit_catalog_parse_models (catalog, text, len, "models.json", FALSE, &error);
      break;
    case 1:
      ok = fit_catalog_parse_devices (catalog, text, len, "gpus.json", FALSE, &error);
      break;
    default:
      ok = fit_catalog_parse_cards (catalog, text, len, "cards.json", &error);
      break;
    }

  g_assert (ok || error != NULL);
  g_assert (!ok || error == NULL);

  for (guint i = 0; i < fit_catalog_get_n_models (catalog); i++)
    {
      FitDevice device = { 0 };
      FitSettings s;
      FitEstimate e;

      device.name = (char *) "fuzz";
      device.memory_bytes = 24ull << 30;
      fit_settings_init (&s);
      if (fit_estimate (fit_catalog_get_model (catalog, i), &device, &s, &e, NULL))
        g_assert (e.total_bytes >= e.gpu[0]);
    }

  return 0;
}
