/* fit-cli-catalog.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fitmygpu-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fit-cli-private.h"
#include "fit-model-facts.h"
#include "fit-units.h"
#include "fit-weights.h"

/* `models`, `gpus` and `show`: the catalog as tables, as JSON, and one
 * model's card. */

#define WRAP_COLUMNS 78

static FitCatalog *
load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  FitCatalog *catalog = fit_catalog_load_default (&error);
  const char *const *warnings;

  if (catalog == NULL)
    {
      fit_cli_error (_("Cannot load the catalog: %s"), error->message);
      return NULL;
    }

  /* Problems in the user's own files do not stop us, but are shown. */
  warnings = fit_catalog_get_warnings (catalog);
  for (guint i = 0; warnings[i] != NULL; i++)
    fit_cli_error (_("warning: %s"), warnings[i]);

  return catalog;
}

/* Parses the options shared by the three commands. Returns an exit
 * status, or -1 to go on. */
static int
parse_options (int         *argc,
               char      ***argv,
               const char  *parameter,
               const char  *summary,
               gboolean    *json)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, json, N_("Print JSON instead of a table"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fit_cli_error ("%s", error->message);
      return FIT_CLI_EXIT_USAGE;
    }

  return -1;
}

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

/* A table whose columns are as wide as their widest cell, counted in
 * characters, not bytes. Cells of right-aligned columns are numbers. */
typedef struct
{
  guint       n_columns;
  const char *right;        /* one 'r' or 'l' per column */
  GPtrArray  *cells;        /* char *, row by row */
} Table;

static void
table_init (Table      *table,
            const char *align)
{
  table->n_columns = strlen (align);
  table->right = align;
  table->cells = g_ptr_array_new_with_free_func (g_free);
}

static void
table_add (Table      *table,
           const char *cell)
{
  g_ptr_array_add (table->cells, g_strdup (cell ? cell : ""));
}

static void
table_take (Table *table,
            char  *cell)
{
  g_ptr_array_add (table->cells, cell ? cell : g_strdup (""));
}

static void
table_print (Table *table)
{
  g_autofree glong *widths = g_new0 (glong, table->n_columns);
  guint n = table->cells->len;

  for (guint i = 0; i < n; i++)
    {
      glong w = g_utf8_strlen (g_ptr_array_index (table->cells, i), -1);

      widths[i % table->n_columns] = MAX (widths[i % table->n_columns], w);
    }

  for (guint i = 0; i < n; i++)
    {
      guint col = i % table->n_columns;
      const char *cell = g_ptr_array_index (table->cells, i);
      glong pad = widths[col] - g_utf8_strlen (cell, -1);
      gboolean last = col == table->n_columns - 1;

      if (table->right[col] == 'r')
        printf ("%*s%s", (int) pad, "", cell);
      else if (last)
        printf ("%s", cell);
      else
        printf ("%s%*s", cell, (int) pad, "");

      printf (last ? "\n" : "  ");
    }

  g_ptr_array_unref (table->cells);
}

static int
check_no_arguments (int    argc,
                    char **argv)
{
  if (argc > 1)
    {
      fit_cli_error (_("Unexpected argument “%s”; %s takes no arguments"), argv[1], argv[0]);
      return FIT_CLI_EXIT_USAGE;
    }
  return -1;
}

/* ------------------------------------------------------------------------
 * models
 */


int
fit_cli_models (int    argc,
                char **argv)
{
  g_autoptr(FitCatalog) catalog = NULL;
  gboolean json = FALSE;
  int status;

  if ((status = parse_options (&argc, &argv, "", _("List the models of the catalog."), &json)) >= 0 ||
      (status = check_no_arguments (argc, argv)) >= 0)
    return status;

  if ((catalog = load_catalog ()) == NULL)
    return FIT_CLI_EXIT_FAILURE;

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < fit_catalog_get_n_models (catalog); i++)
        {
          const FitModel *m = fit_catalog_get_model (catalog, i);

          json_builder_begin_object (b);
          fit_cli_json_add_string (b, "id", m->id);
          fit_cli_json_add_string (b, "name", m->name);
          fit_cli_json_add_string (b, "company", m->company);
          fit_cli_json_add_string (b, "family", m->family);
          fit_cli_json_add_string (b, "release_date", m->release_date);
          fit_cli_json_add_string (b, "license", m->license);
          fit_cli_json_add_string (b, "class", fit_model_class_to_string (m->klass));
          fit_cli_json_add_u64 (b, "params_total", m->params_total);
          fit_cli_json_add_u64 (b, "params_active", m->params_active);
          fit_cli_json_add_u64 (b, "layers", m->n_layers);
          fit_cli_json_add_u64 (b, "hidden_size", m->hidden_size);
          fit_cli_json_add_u64 (b, "attention_heads", m->n_heads);
          fit_cli_json_add_u64 (b, "kv_heads", m->n_kv_heads);
          fit_cli_json_add_u64 (b, "head_dim", m->head_dim);
          fit_cli_json_add_u64 (b, "context_window", m->context_window);
          json_builder_set_member_name (b, "user_entry");
          json_builder_add_boolean_value (b, m->user_entry);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      root = json_builder_get_root (b);
      print_json (root);
      return FIT_CLI_EXIT_OK;
    }
  else
    {
      Table table;

      /* Translators: column headings of `fitmygpu-cli models` */
      table_init (&table, "llrrrrl");
      table_add (&table, _("ID"));
      table_add (&table, _("NAME"));
      table_add (&table, _("PARAMS"));
      table_add (&table, _("ACTIVE"));
      table_add (&table, _("LAYERS"));
      table_add (&table, _("CONTEXT"));
      table_add (&table, _("LICENSE"));

      for (guint i = 0; i < fit_catalog_get_n_models (catalog); i++)
        {
          const FitModel *m = fit_catalog_get_model (catalog, i);

          table_take (&table, m->user_entry ? g_strdup_printf ("%s*", m->id) : g_strdup (m->id));
          table_add (&table, m->name);
          table_take (&table, fit_format_params (m->params_total));
          table_take (&table, m->klass == FIT_MODEL_DENSE && m->n_experts == 0
                              ? g_strdup ("–") : fit_format_params (m->params_active));
          table_take (&table, g_strdup_printf ("%u", m->n_layers));
          table_take (&table, fit_format_tokens_short (m->context_window));
          table_add (&table, m->license);
        }

      table_print (&table);
      return FIT_CLI_EXIT_OK;
    }
}

/* ------------------------------------------------------------------------
 * gpus
 */

static char *
format_tflops (double tflops)
{
  if (tflops <= 0.0)
    return g_strdup ("–");
  return g_strdup_printf ("%.1f", tflops);
}

int
fit_cli_gpus (int    argc,
              char **argv)
{
  g_autoptr(FitCatalog) catalog = NULL;
  gboolean json = FALSE;
  int status;

  if ((status = parse_options (&argc, &argv, "", _("List the GPUs of the catalog."), &json)) >= 0 ||
      (status = check_no_arguments (argc, argv)) >= 0)
    return status;

  if ((catalog = load_catalog ()) == NULL)
    return FIT_CLI_EXIT_FAILURE;

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < fit_catalog_get_n_devices (catalog); i++)
        {
          const FitDevice *d = fit_catalog_get_device (catalog, i);

          json_builder_begin_object (b);
          fit_cli_json_add_string (b, "id", d->id);
          fit_cli_json_add_string (b, "name", d->name);
          fit_cli_json_add_string (b, "vendor", fit_vendor_to_string (d->vendor));
          fit_cli_json_add_string (b, "class", fit_device_class_to_string (d->klass));
          fit_cli_json_add_u64 (b, "memory_bytes", d->memory_bytes);
          json_builder_set_member_name (b, "bandwidth_gbps");
          json_builder_add_double_value (b, d->bandwidth_gbps);
          json_builder_set_member_name (b, "unified_memory");
          json_builder_add_boolean_value (b, d->unified_memory);
          json_builder_set_member_name (b, "pci_ids");
          json_builder_begin_array (b);
          for (guint j = 0; j < d->n_pci_ids && j < FIT_MAX_PCI_IDS; j++)
            {
              g_autofree char *pci = fit_pci_id_to_string (d->pci_ids[j]);

              json_builder_add_string_value (b, pci);
            }
          json_builder_end_array (b);
          json_builder_set_member_name (b, "user_entry");
          json_builder_add_boolean_value (b, d->user_entry);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);

      root = json_builder_get_root (b);
      print_json (root);
      return FIT_CLI_EXIT_OK;
    }
  else
    {
      Table table;

      /* Translators: column headings of `fitmygpu-cli gpus` */
      table_init (&table, "lllrrr");
      table_add (&table, _("ID"));
      table_add (&table, _("VENDOR"));
      table_add (&table, _("NAME"));
      table_add (&table, _("MEMORY"));
      table_add (&table, _("GB/S"));
      table_add (&table, _("FP16 TFLOPS"));

      for (guint i = 0; i < fit_catalog_get_n_devices (catalog); i++)
        {
          const FitDevice *d = fit_catalog_get_device (catalog, i);

          table_take (&table, d->user_entry ? g_strdup_printf ("%s*", d->id) : g_strdup (d->id));
          table_add (&table, fit_vendor_to_string (d->vendor));
          table_add (&table, d->name);
          table_take (&table, fit_format_bytes (d->memory_bytes));
          table_take (&table, g_strdup_printf ("%.0f", d->bandwidth_gbps));
          table_take (&table, format_tflops (d->tflops_fp16));
        }

      table_print (&table);
      return FIT_CLI_EXIT_OK;
    }
}

/* ------------------------------------------------------------------------
 * show
 */

static void
print_wrapped (const char *text,
               guint       indent)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \n\t", -1);
  guint column = indent;

  printf ("%*s", (int) indent, "");
  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (len == 0)
        continue;

      if (column > indent && column + 1 + len > WRAP_COLUMNS)
        {
          printf ("\n%*s", (int) indent, "");
          column = indent;
        }
      else if (column > indent)
        {
          printf (" ");
          column++;
        }

      printf ("%s", words[i]);
      column += len;
    }
  printf ("\n");
}

static void
print_field (const char *label,
             const char *value)
{
  if (value == NULL || value[0] == '\0')
    return;
  printf ("  %-22s %s\n", label, value);
}

static void
print_section (const char           *heading,
               const FitCardSection *section)
{
  if (section->n_items == 0)
    return;

  printf ("\n%s\n", heading);
  for (guint i = 0; i < section->n_items; i++)
    {
      printf ("  %s\n", section->items[i].title);
      print_wrapped (section->items[i].text, 4);
    }
}

static void
print_model (const FitModel *m)
{
  g_autofree char *total = fit_format_params (m->params_total);
  g_autofree char *active = fit_format_params (m->params_active);
  g_autofree char *context = fit_format_count (m->context_window);
  guint64 kv_per_token = fit_model_kv_bytes_per_token (m, FIT_KV_F16, FIT_KV_F16);
  g_autofree char *kv_token = fit_format_bytes (kv_per_token);
  g_autofree char *kv_1k = fit_format_bytes (kv_per_token * 1024);
  g_autofree char *kv = NULL;
  g_autofree char *layers = g_strdup_printf ("%u (%s)", m->n_layers, m->layer_pattern);
  g_autofree char *heads = g_strdup_printf ("%u query, %u KV, head size %u", m->n_heads, m->n_kv_heads,
                                            m->head_dim);
  g_autofree char *hidden = g_strdup_printf ("%u", m->hidden_size);
  g_autofree char *ffn = g_strdup_printf ("%u%s", m->intermediate_size, m->gated_ffn ? " (gated)" : "");
  g_autofree char *vocab = g_strdup_printf ("%u%s", m->vocab_size,
                                            m->tied_embeddings ? _(" (tied embeddings)") : "");
  g_autofree char *window = m->sliding_window ? g_strdup_printf ("%u", m->sliding_window) : NULL;
  g_autofree char *experts = NULL;
  g_autofree char *mla = NULL;
  g_autofree char *state = NULL;
  g_autofree char *checkpoint = NULL;

  if (m->n_experts > 0)
    experts = g_strdup_printf (_("%u routed (%u per token), %u shared, size %u"),
                               m->n_experts, m->experts_per_token, m->n_shared_experts,
                               m->expert_intermediate_size);
  if (m->kv_lora_rank > 0)
    mla = g_strdup_printf (_("latent %u + rope %u per token and layer"), m->kv_lora_rank, m->qk_rope_head_dim);
  if (m->state_bytes_per_seq > 0)
    {
      g_autofree char *bytes = fit_format_bytes (m->state_bytes_per_seq);

      state = g_strdup_printf (_("%s per sequence (%s)"), bytes, fit_ssm_kind_to_string (m->ssm_kind));
    }
  if (m->checkpoint_size_gb > 0)
    checkpoint = g_strdup_printf ("%s, %.1f GB", fit_weight_format_label (m->official_format),
                                  m->checkpoint_size_gb);
  else
    checkpoint = g_strdup (fit_weight_format_label (m->official_format));
  if (kv_per_token > 0)
    kv = g_strdup_printf (_("%s per token, %s per 1K tokens"), kv_token, kv_1k);

  printf ("%s%s\n", m->name, m->user_entry ? _(" (your entry)") : "");
  if (m->card.summary != NULL)
    print_wrapped (m->card.summary, 0);
  printf ("\n");

  print_field (_("Id"), m->id);
  print_field (_("Company"), m->company);
  print_field (_("Family"), m->family);
  print_field (_("Released"), m->release_date);
  print_field (_("License"), m->license);
  print_field (_("Modality"), m->modality);
  print_field (_("Class"), fit_model_class_to_string (m->klass));
  print_field (_("Hugging Face"), m->hf_repo);
  print_field (_("Parameters"), total);
  if (m->klass != FIT_MODEL_DENSE || m->n_experts > 0)
    print_field (_("Active per token"), active);
  print_field (_("Context window"), context);
  print_field (_("Layers"), layers);
  print_field (_("Hidden size"), hidden);
  print_field (_("Feed-forward size"), ffn);
  print_field (_("Attention heads"), heads);
  print_field (_("Sliding window"), window);
  print_field (_("MLA cache"), mla);
  print_field (_("Experts"), experts);
  print_field (_("Recurrent state"), state);
  print_field (_("Vocabulary"), vocab);
  print_field (_("KV cache (F16)"), kv);
  print_field (_("Checkpoint"), checkpoint);

  /* Weight bytes per offered format, as the estimator counts them. */
  if (m->n_variants > 0)
    printf ("  %s\n", _("Weights per format"));
  for (guint i = 0; i < m->n_variants; i++)
    {
      const FitWeightTable *table = fit_weights_table (m, m->variants[i]);
      g_autofree char *bytes = table ? fit_format_bytes (table->total) : NULL;

      if (bytes != NULL)
        printf ("    %-20s %s\n", fit_weight_format_label (m->variants[i]), bytes);
    }

  print_section (_("What it is"), &m->card.overview);
  print_section (_("What improved"), &m->card.improvements);
  print_section (_("Training and release"), &m->card.training);
  print_section (_("Where it is strong"), &m->card.strengths);
  print_section (_("Memory behaviour"), &m->card.memory);
  {
    g_autoptr(FitCatalog) catalog = fit_catalog_load_default (NULL);
    g_autoptr(GPtrArray) facts = fit_model_memory_facts (m, catalog);

    for (guint i = 0; i < facts->len; i++)
      {
        const FitMemoryFact *fact = g_ptr_array_index (facts, i);

        if (fact->kind == FIT_MEMORY_FACT_CLIFF)
          /* Translators: "GeForce RTX 4090 (llama.cpp, one sequence): Up to 90,624 tokens" */
          printf (_("  %s (llama.cpp, one sequence): %s\n"), fact->label, fact->value);
        else
          printf ("  %s: %s\n", fact->label, fact->value);
      }
  }
  print_section (_("Sources"), &m->card.sources);
}

static void
suggest (FitCatalog *catalog,
         const char *wanted)
{
  g_autofree char *lower = g_ascii_strdown (wanted, -1);
  g_autoptr(GString) list = g_string_new (NULL);
  guint n = 0;

  for (guint i = 0; i < fit_catalog_get_n_models (catalog) && n < 5; i++)
    {
      const FitModel *m = fit_catalog_get_model (catalog, i);
      g_autofree char *name = g_ascii_strdown (m->name, -1);

      if (strstr (m->id, lower) != NULL || strstr (name, lower) != NULL)
        g_string_append_printf (list, "%s%s", n++ ? ", " : "", m->id);
    }

  if (n > 0)
    fit_cli_error (_("Similar ids: %s"), list->str);
}

int
fit_cli_show (int    argc,
              char **argv)
{
  g_autoptr(FitCatalog) catalog = NULL;
  const FitModel *model;
  gboolean json = FALSE;
  int status;

  if ((status = parse_options (&argc, &argv, _("MODEL"),
                               _("Show a model’s card and geometry."), &json)) >= 0)
    return status;

  if (argc != 2)
    {
      if (argc < 2)
        fit_cli_error (_("Missing MODEL; run “fitmygpu-cli models” for the accepted ids"));
      else
        fit_cli_error (_("Unexpected argument “%s”; show takes one MODEL"), argv[2]);
      return FIT_CLI_EXIT_USAGE;
    }

  if ((catalog = load_catalog ()) == NULL)
    return FIT_CLI_EXIT_FAILURE;

  model = fit_catalog_find_model (catalog, argv[1]);
  if (model == NULL)
    {
      fit_cli_error (_("Unknown model “%s”; run “fitmygpu-cli models” for the accepted ids"), argv[1]);
      suggest (catalog, argv[1]);
      return FIT_CLI_EXIT_USAGE;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = fit_catalog_model_to_json (model, TRUE);
      JsonObject *weights = json_object_new ();

      for (guint i = 0; i < model->n_variants; i++)
        {
          const FitWeightTable *table = fit_weights_table (model, model->variants[i]);

          if (table != NULL)
            json_object_set_int_member (weights, fit_weight_format_id (model->variants[i]),
                                        (gint64) table->total);
        }
      json_object_set_object_member (json_node_get_object (root), "weights_bytes", weights);
      {
        g_autoptr(GPtrArray) facts = fit_model_memory_facts (model, catalog);
        JsonArray *arr = json_array_new ();

        for (guint i = 0; i < facts->len; i++)
          {
            const FitMemoryFact *fact = g_ptr_array_index (facts, i);
            JsonObject *o = json_object_new ();

            json_object_set_string_member (o, "kind", fact->kind == FIT_MEMORY_FACT_CLIFF ? "context-cliff" : "size");
            json_object_set_string_member (o, "label", fact->label);
            json_object_set_string_member (o, "value", fact->value);
            json_array_add_object_element (arr, o);
          }
        json_object_set_array_member (json_node_get_object (root), "memory_facts", arr);
      }

      print_json (root);
    }
  else
    {
      print_model (model);
    }

  return FIT_CLI_EXIT_OK;
}
