/* test-catalog-cli.c — `fitmygpu-cli models`, `gpus` and `show`: JSON
 * keys, tables, exit statuses and messages.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

static const char *cli;
static char *xdg;

static int
run (const char *const *args,
     char              **out,
     char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  /* Our own user folder, so that other tests' files do not show up. */
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", xdg, TRUE);

  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static void
test_models_json (void)
{
  const char *args[] = { "models", "--json", NULL };
  const char *keys[] = { "id", "name", "company", "family", "release_date", "license", "params_total",
                         "params_active", "layers", "hidden_size", "attention_heads", "kv_heads",
                         "head_dim", "context_window" };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  gboolean seen_qwen = FALSE;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  root = parse_json (out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 50);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      gint64 total, active;

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        g_assert_true (json_object_has_member (o, keys[k]));
      g_assert_true (g_regex_match_simple ("^20[0-9][0-9]-[01][0-9]-[0-3][0-9]$",
                                           json_object_get_string_member (o, "release_date"), 0, 0));

      total = json_object_get_int_member (o, "params_total");
      active = json_object_get_int_member (o, "params_active");
      g_assert_cmpint (active, >, 0);
      g_assert_cmpint (active, <=, total);
      if (g_str_equal (json_object_get_string_member (o, "class"), "dense"))
        {
          /* Gemma 3's vision tower is loaded but not run per token. */
          if (!g_str_has_prefix (json_object_get_string_member (o, "id"), "gemma-3-"))
            g_assert_cmpint (active, ==, total);
        }

      if (g_str_equal (json_object_get_string_member (o, "id"), "qwen2.5-0.5b-instruct"))
        {
          seen_qwen = TRUE;
          g_assert_cmpint (total, ==, 494032768);
          g_assert_cmpint (json_object_get_int_member (o, "layers"), ==, 24);
          g_assert_cmpint (json_object_get_int_member (o, "kv_heads"), ==, 2);
          g_assert_cmpint (json_object_get_int_member (o, "head_dim"), ==, 64);
          g_assert_cmpint (json_object_get_int_member (o, "context_window"), ==, 32768);
          g_assert_cmpstr (json_object_get_string_member (o, "release_date"), ==, "2024-09-16");
        }
    }
  g_assert_true (seen_qwen);
}

static void
test_gpus_json (void)
{
  const char *args[] = { "gpus", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 104);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      JsonArray *pci = json_object_get_array_member (o, "pci_ids");

      g_assert_nonnull (json_object_get_string_member (o, "id"));
      g_assert_nonnull (json_object_get_string_member (o, "name"));
      g_assert_nonnull (json_object_get_string_member (o, "vendor"));
      g_assert_cmpint (json_object_get_int_member (o, "memory_bytes"), >=, 4 * (G_GINT64_CONSTANT (1) << 30));
      g_assert_cmpfloat (json_object_get_double_member (o, "bandwidth_gbps"), >, 0);
      for (guint j = 0; j < json_array_get_length (pci); j++)
        g_assert_true (g_regex_match_simple ("^[0-9a-f]{4}:[0-9a-f]{4}$",
                                             json_array_get_string_element (pci, j), 0, 0));

      if (g_str_equal (json_object_get_string_member (o, "id"), "rtx-4090"))
        {
          g_assert_cmpstr (json_array_get_string_element (pci, 0), ==, "10de:2684");
          g_assert_cmpint (json_object_get_int_member (o, "memory_bytes"), ==, G_GINT64_CONSTANT (25769803776));
        }
    }
}

static void
test_show_json (void)
{
  const char *args[] = { "show", "deepseek-v3", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *o, *geometry, *card;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  root = parse_json (out);
  o = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (o, "id"), ==, "deepseek-v3");
  geometry = json_object_get_object_member (o, "geometry");
  g_assert_cmpint (json_object_get_int_member (geometry, "layers"), ==, 61);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (geometry, "mla"),
                                               "kv_lora_rank"), ==, 512);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (geometry, "moe"),
                                               "experts"), ==, 256);
  g_assert_cmpint (json_object_get_int_member (o, "kv_bytes_per_token"), >, 0);
  g_assert_cmpint (json_object_get_int_member (o, "params_total"), >, G_GINT64_CONSTANT (660000000000));
  /* FP8 weights of a 671B model: between 600 and 700 GiB. */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "weights_bytes"), "fp8"), >,
                   G_GINT64_CONSTANT (600) << 30);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "weights_bytes"), "fp8"), <,
                   G_GINT64_CONSTANT (700) << 30);
  card = json_object_get_object_member (o, "card");
  g_assert_nonnull (json_object_get_string_member (card, "summary"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (card, "sources")), >, 0);
}

static void
test_tables (void)
{
  const char *models[] = { "models", NULL };
  const char *gpus[] = { "gpus", NULL };
  const char *show[] = { "show", "gpt-oss-20b", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *name_col;
  glong offset;

  g_assert_cmpint (run (models, &out, &err), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 50 + 1);  /* header, rows, final newline */
  g_assert_true (g_str_has_prefix (lines[0], "ID"));

  /* Aligned: every row's name starts where the heading does. */
  name_col = strstr (lines[0], "NAME");
  g_assert_nonnull (name_col);
  offset = g_utf8_pointer_to_offset (lines[0], name_col);
  for (guint i = 1; lines[i][0] != '\0'; i++)
    {
      const char *p = g_utf8_offset_to_pointer (lines[i], offset);

      g_assert_cmpint (p[-1], ==, ' ');
      g_assert_cmpint (p[0], !=, ' ');
    }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (gpus, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "GeForce RTX 4090"));
  g_assert_nonnull (strstr (out, "24 GiB"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (show, &out, &err), ==, 0);
  g_assert_true (g_str_has_prefix (out, "gpt-oss-20b\n"));
  g_assert_nonnull (strstr (out, "Sliding window"));
  g_assert_nonnull (strstr (out, "https://"));
}

static void
test_errors (void)
{
  const char *unknown[] = { "show", "llama-9", NULL };
  const char *missing[] = { "show", NULL };
  const char *extra[] = { "models", "everything", NULL };
  const char *option[] = { "gpus", "--colour", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (unknown, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "“llama-9”"));
  g_assert_nonnull (strstr (err, "fitmygpu-cli models"));
  g_assert_cmpstr (out, ==, "");

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (missing, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "MODEL"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (extra, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "“everything”"));

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (option, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--colour"));
}

/* User entries appear, and a broken user file is reported on stderr
 * without failing the command. */
static void
test_user_entries (void)
{
  const char *args[] = { "models", "--json", NULL };
  g_autofree char *dir = g_build_filename (xdg, "fitmygpu", NULL);
  g_autofree char *models = g_build_filename (dir, "models.json", NULL);
  g_autofree char *gpus = g_build_filename (dir, "gpus.json", NULL);
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "catalog", "user-mixed.json", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;

  g_assert_true (g_file_get_contents (src, &text, NULL, NULL));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (models, text, -1, NULL));
  g_assert_true (g_file_set_contents (gpus, "{\"version\": 1, \"gpus\": [", -1, NULL));

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  root = parse_json (out);
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 51);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (array, 0), "user_entry"));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "name"), ==,
                   "My Qwen");
  g_assert_nonnull (strstr (err, "warning"));
  g_assert_nonnull (strstr (err, "entry skipped"));
  g_assert_nonnull (strstr (err, gpus));

  g_unlink (models);
  g_unlink (gpus);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: %s PATH-TO-fitmygpu-cli", argv[0]);
  cli = argv[1];
  xdg = g_dir_make_tmp ("fitmygpu-cli-XXXXXX", NULL);

  g_test_add_func ("/catalog/cli/models-json", test_models_json);
  g_test_add_func ("/catalog/cli/gpus-json", test_gpus_json);
  g_test_add_func ("/catalog/cli/show-json", test_show_json);
  g_test_add_func ("/catalog/cli/tables", test_tables);
  g_test_add_func ("/catalog/cli/errors", test_errors);
  g_test_add_func ("/catalog/cli/user-entries", test_user_entries);

  ret = g_test_run ();
  g_rmdir (xdg);
  g_free (xdg);
  return ret;
}
