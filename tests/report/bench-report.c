/* bench-report.c — how long one report takes to render and encode.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "fit-report.h"
#include "report-fixtures.h"

#define RUNS 5

/* The median of RUNS renders into memory, after one to warm the font
 * caches; the target is 100 ms each. */
static double
time_format (const FitReport *report,
             FitReportFormat  format)
{
  double times[RUNS];

  g_bytes_unref (fit_report_to_bytes (report, format, NULL));

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = fit_report_to_bytes (report, format, &error);

      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  for (guint i = 0; i < RUNS; i++)
    for (guint j = i + 1; j < RUNS; j++)
      if (times[j] < times[i])
        {
          double t = times[i];

          times[i] = times[j];
          times[j] = t;
        }
  return times[RUNS / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FitModel) model = report_test_qwen ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(GDateTime) date = g_date_time_new_now_utc ();
  g_autofree FitSweepRow *sweep = NULL;
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) fit_device_free);
  FitSettings settings;
  FitEstimate estimate;
  FitReport report;
  guint n_sweep = 0;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *id = g_strdup_printf ("gpu-%u", i);
      g_autofree char *name = g_strdup_printf ("Test GPU %u", i);

      g_ptr_array_add (devices, report_test_device (id, name, 4 + 2 * i, 300 + 20 * i, 20));
    }
  g_ptr_array_add (devices, fit_device_copy (device));

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  report_test_estimate (model, device, &settings, &estimate);
  sweep = fit_report_sweep_closest (model, device, &settings, (const FitDevice *const *) devices->pdata,
                                    devices->len, 0, &n_sweep, NULL);

  fit_report_init (&report, model, device, &estimate);
  report.settings = &settings;
  report.sweep = sweep;
  report.n_sweep = n_sweep;
  report.date = date;

  printf ("report-png: %.0f ms\n", time_format (&report, FIT_REPORT_FORMAT_PNG));
  printf ("report-pdf: %.0f ms\n", time_format (&report, FIT_REPORT_FORMAT_PDF));
  printf ("report-svg: %.0f ms\n", time_format (&report, FIT_REPORT_FORMAT_SVG));

  return 0;
}
