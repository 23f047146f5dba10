/* fit-cli.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fitmygpu-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fit-cli-private.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "estimate", fit_cli_estimate, N_("Estimate the memory a model needs on a GPU") },
  { "report",   fit_cli_report,   N_("Write a fit report as PDF, PNG or SVG") },
  { "models",   fit_cli_models,   N_("List the models of the catalog") },
  { "gpus",     fit_cli_gpus,     N_("List the GPUs of the catalog") },
  { "show",     fit_cli_show,     N_("Show a model’s card and geometry") },
  { "detect",   fit_cli_detect,   N_("List the GPUs in this computer") },
  { "inspect",  fit_cli_inspect,  N_("Read a GGUF file or a Hugging Face folder") },
};

static void
usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: fitmygpu-cli COMMAND [OPTIONS…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “fitmygpu-cli COMMAND --help” for the options of a command."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("fitmygpu-cli");

  if (argc < 2)
    {
      usage (stderr);
      return FIT_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return FIT_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("fitmygpu-cli %s\n", PACKAGE_VERSION);
      return FIT_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].run (argc - 1, argv + 1);
    }

  fit_cli_error (_("Unknown command “%s”; accepted: estimate, report, models, gpus, show, detect, inspect"),
                 argv[1]);
  return FIT_CLI_EXIT_USAGE;
}
