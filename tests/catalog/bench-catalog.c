/* bench-catalog.c — how long loading the whole bundled catalog takes
 * (models, GPUs, cards). The budget is 10 ms; the run fails above it.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "fit-catalog.h"

#define RUNS 25
#define BUDGET_MS 10.0

static int
compare (const void *a,
         const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  double times[RUNS];
  guint n_models = 0, n_devices = 0;
  double median;

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(FitCatalog) catalog = fit_catalog_new ();
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!fit_catalog_load_bundled (catalog, &error))
        {
          fprintf (stderr, "catalog-load: %s\n", error->message);
          return EXIT_FAILURE;
        }
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      n_models = fit_catalog_get_n_models (catalog);
      n_devices = fit_catalog_get_n_devices (catalog);
    }

  /* The median, not the first run: that one also pays for page faults. */
  qsort (times, RUNS, sizeof times[0], compare);
  median = times[RUNS / 2];

  printf ("catalog-load: %.1f ms (%u models, %u GPUs; best %.1f ms, budget %.0f ms)\n",
          median, n_models, n_devices, times[0], BUDGET_MS);

  return median < BUDGET_MS ? EXIT_SUCCESS : EXIT_FAILURE;
}
