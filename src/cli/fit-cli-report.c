/* fit-cli-report.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fitmygpu-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "fit-cli-private.h"
#include "fit-report.h"

/* `fitmygpu-cli report [estimate options] --output FILE [--format F] [--paper P]`:
 * the same estimate as `estimate`, written as a PDF, PNG or SVG report. */
int
fit_cli_report (int    argc,
                char **argv)
{
  FitCliEstimateArgs args = { 0, };
  g_autofree char *output = NULL;
  g_autofree char *format_arg = NULL;
  g_autofree char *paper_arg = NULL;
  g_autofree char *formats = NULL;
  g_autofree FitSweepRow *sweep = NULL;
  g_autoptr(GError) error = NULL;
  FitReportFormat format;
  FitEstimate estimate;
  FitReport report;
  guint n_sweep = 0;
  int status;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the report to FILE"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_arg, N_("pdf, png or svg (default: from the file name)"), N_("FORMAT") },
    { "paper", 0, 0, G_OPTION_ARG_STRING, &paper_arg, N_("PDF page size: a4 or letter (default: from the locale)"), N_("SIZE") },
    { NULL }
  };

  status = fit_cli_estimate_args_parse (&args, &argc, &argv, entries,
                                        _("Write a fit report as PDF, PNG or SVG."));
  if (status != FIT_CLI_EXIT_OK)
    goto out;

  formats = fit_report_format_list_ids ();
  status = FIT_CLI_EXIT_USAGE;

  if (output == NULL || *output == '\0')
    {
      fit_cli_error (_("Missing --output FILE; accepted formats: %s"), formats);
      goto out;
    }

  if (format_arg != NULL)
    {
      if (!fit_report_format_parse (format_arg, &format))
        {
          fit_cli_error (_("Unknown format “%s” for --format; accepted: %s"), format_arg, formats);
          goto out;
        }
    }
  else if (!fit_report_format_from_path (output, &format))
    {
      g_autofree char *base = g_path_get_basename (output);
      const char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        fit_cli_error (_("Unknown report extension “%s” in “%s”; accepted: %s (or use --format)"),
                       dot, output, formats);
      else
        fit_cli_error (_("No extension in “%s” to tell the format; accepted: %s (or use --format)"),
                       output, formats);
      goto out;
    }

  if (!fit_estimate (args.model, args.device, &args.settings, &estimate, &error))
    {
      fit_cli_error ("%s", error->message);
      status = g_error_matches (error, FIT_ESTIMATE_ERROR, FIT_ESTIMATE_ERROR_INVALID_SETTING) ?
               FIT_CLI_EXIT_USAGE : FIT_CLI_EXIT_FAILURE;
      goto out;
    }

  fit_report_init (&report, args.model, args.device, &estimate);
  report.settings = &args.settings;

  if (paper_arg != NULL && !fit_paper_parse (paper_arg, &report.paper))
    {
      fit_cli_error (_("Unknown paper “%s” for --paper; accepted: a4, letter"), paper_arg);
      goto out;
    }

  if (args.catalog != NULL)
    {
      sweep = fit_report_sweep_catalog (args.catalog, args.model, args.device, &args.settings,
                                        FIT_REPORT_SWEEP_ROWS, &n_sweep, &report.n_sweep_added);
      report.sweep = sweep;
      report.n_sweep = n_sweep;
    }

  if (!fit_report_write (&report, format, output, &error))
    {
      fit_cli_error ("%s", error->message);
      status = FIT_CLI_EXIT_FAILURE;
      goto out;
    }

  /* Translators: after writing a report; %s is the file name */
  g_print (_("Wrote %s\n"), output);
  status = FIT_CLI_EXIT_OK;

out:
  fit_cli_estimate_args_clear (&args);
  return status;
}
