/* fit-cli-detect.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fit-cli-private.h"
#include "fit-gpu-detect.h"
#include "fit-units.h"

enum {
  COL_ID,
  COL_NAME,
  COL_PCI_ID,
  COL_BACKEND,
  COL_TOTAL,
  COL_USED,
  COL_FREE,
  COL_MEMORY,
  COL_CATALOG,
  N_COLUMNS
};

static char *
format_bytes_or_unknown (const FitGpuBytes *bytes)
{
  if (!bytes->known)
    /* Translators: a memory figure the driver did not report. */
    return g_strdup (C_("memory", "unknown"));

  return fit_format_bytes (bytes->value);
}

static void
print_row (char  **cells,
           guint  *widths)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (guint c = 0; c < N_COLUMNS; c++)
    {
      g_string_append (line, cells[c]);
      if (c + 1 < N_COLUMNS)
        {
          /* Pad by characters, not bytes: sizes carry a no-break space. */
          for (guint pad = g_utf8_strlen (cells[c], -1); pad < widths[c] + 2; pad++)
            g_string_append_c (line, ' ');
        }
    }

  g_print ("%s\n", line->str);
}

static void
print_table (GPtrArray *infos)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLUMNS] = { 0 };
  char **header = g_new0 (char *, N_COLUMNS + 1);

  header[COL_ID] = g_strdup (_("ID"));
  header[COL_NAME] = g_strdup (_("NAME"));
  header[COL_PCI_ID] = g_strdup (_("PCI ID"));
  header[COL_BACKEND] = g_strdup (_("SOURCE"));
  header[COL_TOTAL] = g_strdup (_("TOTAL"));
  header[COL_USED] = g_strdup (_("USED"));
  header[COL_FREE] = g_strdup (_("FREE"));
  header[COL_MEMORY] = g_strdup (_("MEMORY"));
  header[COL_CATALOG] = g_strdup (_("CATALOG"));
  g_ptr_array_add (rows, header);

  for (guint i = 0; i < infos->len; i++)
    {
      const FitGpuInfo *info = g_ptr_array_index (infos, i);
      char **row = g_new0 (char *, N_COLUMNS + 1);

      row[COL_ID] = g_strdup_printf ("detected:%u", i);
      row[COL_NAME] = g_strdup (info->name);
      row[COL_PCI_ID] = info->pci_id != 0 ? fit_pci_id_to_string (info->pci_id) : g_strdup ("—");
      row[COL_BACKEND] = g_strdup (info->backend);
      row[COL_TOTAL] = format_bytes_or_unknown (&info->memory_total);
      row[COL_USED] = format_bytes_or_unknown (&info->memory_used);
      row[COL_FREE] = format_bytes_or_unknown (&info->memory_free);
      /* Translators: whether the GPU has its own memory or shares RAM. */
      row[COL_MEMORY] = g_strdup (info->unified_memory ? _("shared") : _("dedicated"));
      row[COL_CATALOG] = g_strdup (info->catalog_id != NULL ? info->catalog_id : "—");
      g_ptr_array_add (rows, row);
    }

  for (guint r = 0; r < rows->len; r++)
    {
      char **row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < N_COLUMNS; c++)
        widths[c] = MAX (widths[c], (guint) g_utf8_strlen (row[c], -1));
    }

  for (guint r = 0; r < rows->len; r++)
    print_row (g_ptr_array_index (rows, r), widths);
}

static void
print_system_ram (void)
{
  guint64 total, available;

  if (fit_gpu_system_ram (&total, &available))
    {
      g_autofree char *total_str = fit_format_bytes (total);
      g_autofree char *available_str = fit_format_bytes (available);

      g_print (_("System RAM: %s, %s available"), total_str, available_str);
      g_print ("\n");
    }
}

int
fit_cli_detect (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  gboolean verbose = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json,
      N_("Print a JSON array instead of a table"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Say which detection backends were skipped, and why"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(FitCatalog) catalog = NULL;
  g_autoptr(GPtrArray) infos = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) notes = NULL;

  g_option_context_set_summary (context,
                                _("Lists the GPUs in this computer with the memory they have and "
                                  "what is free right now. Use “detected:N” with --gpu to estimate "
                                  "for one of them."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fit_cli_error (_("%s (accepted options: --json, --verbose)"), error->message);
      return FIT_CLI_EXIT_USAGE;
    }

  if (argc > 1)
    {
      fit_cli_error (_("Unexpected argument “%s”: detect accepts only --json and --verbose"),
                     argv[1]);
      return FIT_CLI_EXIT_USAGE;
    }

  /* The catalog only adds names and catalog ids: detection goes on
   * without it. */
  catalog = fit_catalog_load_default (&error);
  if (catalog == NULL)
    {
      if (verbose)
        fit_cli_error (_("Detecting without the catalog: %s"), error->message);
      g_clear_error (&error);
    }

  infos = fit_gpu_detect_all_full (catalog, &notes);

  if (verbose)
    {
      for (guint i = 0; notes[i] != NULL; i++)
        g_printerr ("%s\n", notes[i]);
    }

  if (json)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = fit_gpu_info_list_to_json (infos);
      g_autofree char *text = NULL;

      json_generator_set_pretty (generator, TRUE);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);

      /* Not g_print: JSON is UTF-8 whatever the locale's charset. */
      fputs (text, stdout);
      fputc ('\n', stdout);
      fflush (stdout);
      return FIT_CLI_EXIT_OK;
    }

  if (infos->len == 0)
    g_print ("%s\n", _("No GPU was detected in this computer."));
  else
    print_table (infos);

  print_system_ram ();

  return FIT_CLI_EXIT_OK;
}
