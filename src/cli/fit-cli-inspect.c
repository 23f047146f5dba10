/* fit-cli-inspect.c
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
#include "fit-import.h"
#include "fit-units.h"

/* `inspect PATH [--json]`: what a model file or folder holds, read from its
 * headers: the architecture and the bytes per tensor type. */

typedef struct
{
  const char *name;
  guint64     bytes;
} TypeBytes;

static int
compare_type_bytes (gconstpointer a,
                    gconstpointer b)
{
  const TypeBytes *ta = a;
  const TypeBytes *tb = b;

  if (ta->bytes != tb->bytes)
    return ta->bytes > tb->bytes ? -1 : 1;
  return strcmp (ta->name, tb->name);
}

/* The types by decreasing size, then by name, so the output is stable. */
static GArray *
sorted_types (GHashTable *types)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TypeBytes));
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, types);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      TypeBytes t = { key, *(guint64 *) value };

      g_array_append_val (out, t);
    }
  g_array_sort (out, compare_type_bytes);

  return out;
}

static const char *
weights_label (const FitModel *model)
{
  if (model->exact != NULL && model->exact->format_label != NULL)
    return model->exact->format_label;
  return fit_weight_format_label (model->official_format);
}

static guint64
params_total (const FitModel *model)
{
  return model->exact != NULL && model->exact->params > 0 ? model->exact->params
                                                          : model->params_total;
}

/* The geometry gives the active share; the file gives the exact count. */
static guint64
params_active (const FitModel *model)
{
  if (model->exact == NULL || model->exact->params == 0 || model->params_total == 0)
    return model->params_active;
  return (guint64) ((double) model->exact->params * model->params_active / model->params_total);
}

static void
print_json (const FitModel *model,
            const char     *format,
            GArray         *types)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (b);

  /* The keys of `models --json`, in the same order. */
  fit_cli_json_add_string (b, "id", model->id);
  fit_cli_json_add_string (b, "name", model->name);
  fit_cli_json_add_string (b, "company", model->company);
  fit_cli_json_add_string (b, "family", model->family);
  fit_cli_json_add_string (b, "release_date", model->release_date);
  fit_cli_json_add_string (b, "license", model->license);
  fit_cli_json_add_string (b, "class", fit_model_class_to_string (model->klass));
  fit_cli_json_add_u64 (b, "params_total", params_total (model));
  fit_cli_json_add_u64 (b, "params_active", params_active (model));
  fit_cli_json_add_u64 (b, "layers", model->n_layers);
  fit_cli_json_add_u64 (b, "hidden_size", model->hidden_size);
  fit_cli_json_add_u64 (b, "attention_heads", model->n_heads);
  fit_cli_json_add_u64 (b, "kv_heads", model->n_kv_heads);
  fit_cli_json_add_u64 (b, "head_dim", model->head_dim);
  fit_cli_json_add_u64 (b, "context_window", model->context_window);

  fit_cli_json_add_string (b, "architecture", model->architecture);
  fit_cli_json_add_string (b, "path", model->source_path);
  fit_cli_json_add_string (b, "format", format);
  fit_cli_json_add_string (b, "weights", weights_label (model));
  fit_cli_json_add_string (b, "layer_pattern", model->layer_pattern);
  fit_cli_json_add_u64 (b, "vocab_size", model->vocab_size);
  fit_cli_json_add_u64 (b, "experts", model->n_experts);
  fit_cli_json_add_u64 (b, "experts_per_token", model->experts_per_token);
  fit_cli_json_add_u64 (b, "sliding_window", model->sliding_window);

  json_builder_set_member_name (b, "tensor_bytes");
  if (model->exact != NULL)
    json_builder_add_int_value (b, (gint64) MIN (model->exact->total_bytes, (guint64) G_MAXINT64));
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "tensor_bytes_by_type");
  json_builder_begin_object (b);
  for (guint i = 0; i < types->len; i++)
    {
      const TypeBytes *t = &g_array_index (types, TypeBytes, i);

      fit_cli_json_add_u64 (b, t->name, t->bytes);
    }
  json_builder_end_object (b);

  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  printf ("%s\n", text);
}

static void
print_row (const char *label,
           const char *value)
{
  /* Labels are translated, so pad by characters, not bytes. */
  glong pad = 16 - g_utf8_strlen (label, -1);

  printf ("  %s%*s%s\n", label, (int) MAX (pad, 1), "", value);
}

/* "24 full", "29 sliding (window 1,024), 5 full", "7 Mamba, 1 full". */
static char *
describe_layers (const FitModel *model)
{
  GString *out = g_string_new (NULL);
  struct
  {
    guint32     n;
    const char *what;
  } kinds[4];
  guint32 n_linear = 0, n_mamba = 0;

  for (guint32 i = 0; i < model->n_layers; i++)
    {
      guint32 f = fit_model_layer_flags (model, i);

      if (f & FIT_LAYER_LINEAR_ATTN)
        n_linear++;
      if (f & FIT_LAYER_MAMBA)
        n_mamba++;
    }

  kinds[0].n = model->n_full_layers;
  kinds[0].what = _("full attention");
  kinds[1].n = model->n_swa_layers;
  kinds[1].what = _("sliding window");
  kinds[2].n = n_linear;
  kinds[2].what = _("linear attention");
  kinds[3].n = n_mamba;
  kinds[3].what = _("Mamba");

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (kinds[i].n == 0)
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, "%u %s", kinds[i].n, kinds[i].what);
      if (i == 1)
        {
          g_autofree char *window = fit_format_count (model->sliding_window);

          /* TRANSLATORS: the size of a sliding attention window, in tokens */
          g_string_append_printf (out, _(" (window %s)"), window);
        }
    }

  return g_string_free (out, FALSE);
}

static void
print_text (const FitModel *model,
            const char     *format,
            GArray         *types)
{
  g_autofree char *params = fit_format_params (params_total (model));
  g_autofree char *params_exact = fit_format_count (params_total (model));
  g_autofree char *value = NULL;

  printf ("%s\n", model->name != NULL ? model->name : model->id);

  print_row (_("Path"), model->source_path != NULL ? model->source_path : "");
  value = g_strdup_printf ("%s, %s", format, weights_label (model));
  print_row (_("Format"), value);
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%s (%s)", model->architecture != NULL ? model->architecture : "?",
                           fit_model_class_to_string (model->klass));
  print_row (_("Architecture"), value);
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%s (%s)", params, params_exact);
  print_row (model->exact != NULL ? _("Parameters") : _("Parameters (computed)"), value);
  g_clear_pointer (&value, g_free);

  if (model->n_experts > 0)
    {
      g_autofree char *active = fit_format_params (params_active (model));

      /* TRANSLATORS: "8 experts, 2 per token, 12.9B active" */
      value = g_strdup_printf (_("%u experts, %u per token, %s active"), model->n_experts,
                               model->experts_per_token, active);
      print_row (_("Experts"), value);
      g_clear_pointer (&value, g_free);
    }

  value = g_strdup_printf ("%u", model->n_layers);
  print_row (_("Layers"), value);
  g_clear_pointer (&value, g_free);
  value = describe_layers (model);
  print_row (_("Layer kinds"), value);
  g_clear_pointer (&value, g_free);
  value = g_strdup_printf ("%u", model->hidden_size);
  print_row (_("Hidden size"), value);
  g_clear_pointer (&value, g_free);

  if (model->n_heads > 0)
    {
      /* TRANSLATORS: "14 heads, 2 KV heads, head dim 64" */
      value = g_strdup_printf (_("%u heads, %u KV heads, head dim %u"), model->n_heads,
                               model->n_kv_heads, model->head_dim);
      print_row (_("Attention"), value);
      g_clear_pointer (&value, g_free);
    }

  value = fit_format_count (model->vocab_size);
  print_row (_("Vocabulary"), value);
  g_clear_pointer (&value, g_free);
  value = fit_format_count (model->context_window);
  print_row (_("Context"), value);
  g_clear_pointer (&value, g_free);

  if (model->exact == NULL)
    {
      print_row (_("Tensor bytes"), _("unknown: only config.json was found"));
      return;
    }

  {
    g_autofree char *size = fit_format_bytes (model->exact->total_bytes);
    g_autofree char *count = fit_format_count (model->exact->total_bytes);

    /* TRANSLATORS: "942 MiB (988,208,640 bytes)" */
    value = g_strdup_printf (_("%s (%s bytes)"), size, count);
    print_row (_("Tensor bytes"), value);
    g_clear_pointer (&value, g_free);
  }

  printf ("\n");
  printf ("  %-10s %20s %8s\n", _("TYPE"), _("BYTES"), _("SHARE"));
  for (guint i = 0; i < types->len; i++)
    {
      const TypeBytes *t = &g_array_index (types, TypeBytes, i);
      g_autofree char *count = fit_format_count (t->bytes);
      double share = model->exact->total_bytes > 0
                     ? 100.0 * t->bytes / model->exact->total_bytes : 0;

      printf ("  %-10s %20s %7.2f%%\n", t->name, count, share);
    }
}

int
fit_cli_inspect (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autoptr(GArray) sorted = NULL;
  g_autofree char *format = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of text"), NULL },
    { NULL }
  };

  /* TRANSLATORS: the argument of `fitmygpu-cli inspect` */
  context = g_option_context_new (_("PATH"));
  g_option_context_set_summary (context,
                                _("Read a GGUF file, a safetensors file or a Hugging Face "
                                  "folder: its architecture and the bytes per tensor type. "
                                  "Only headers are read."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fit_cli_error ("%s", error->message);
      return FIT_CLI_EXIT_USAGE;
    }

  if (argc < 2)
    {
      fit_cli_error (_("inspect needs a PATH: a .gguf file, a .safetensors file or a model "
                       "folder"));
      return FIT_CLI_EXIT_USAGE;
    }

  if (argc > 2)
    {
      fit_cli_error (_("Unexpected argument “%s”; inspect takes one PATH"), argv[2]);
      return FIT_CLI_EXIT_USAGE;
    }

  model = fit_import_path_with_types (argv[1], &types, &format, &error);
  if (model == NULL)
    {
      fit_cli_error ("%s", error->message);
      return FIT_CLI_EXIT_FAILURE;
    }

  sorted = sorted_types (types);
  if (json)
    print_json (model, format, sorted);
  else
    print_text (model, format, sorted);

  return FIT_CLI_EXIT_OK;
}
