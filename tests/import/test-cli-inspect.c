/* test-cli-inspect.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gguf-writer.h"

static const char *cli;
static char *work_dir;
static char *gguf_path;

static int
run (const char *const *args,
     char             **out,
     char             **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status;

  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_text (void)
{
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run ((const char *[]) { "inspect", gguf_path, NULL }, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Inspect Test"));
  g_assert_nonnull (strstr (out, "qwen2"));
  g_assert_nonnull (strstr (out, "F16"));
  g_assert_nonnull (strstr (out, "F32"));
  g_assert_cmpstr (err, ==, "");
}

static void
test_json (void)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o, *types;
  const char *keys[] = {
    "id", "name", "company", "family", "release_date", "license", "params_total",
    "params_active", "layers", "hidden_size", "attention_heads", "kv_heads", "head_dim",
    "context_window", "architecture", "path", "format", "tensor_bytes", "tensor_bytes_by_type",
  };
  gint64 sum = 0;

  g_assert_cmpint (run ((const char *[]) { "inspect", "--json", gguf_path, NULL }, &out, &err),
                   ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (o, keys[i]));

  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "company")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (o, "release_date")));
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "Inspect Test");
  g_assert_cmpstr (json_object_get_string_member (o, "architecture"), ==, "qwen2");
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "GGUF");
  g_assert_cmpint (json_object_get_int_member (o, "layers"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "hidden_size"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (o, "attention_heads"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (o, "kv_heads"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (o, "head_dim"), ==, 16);
  g_assert_cmpint (json_object_get_int_member (o, "context_window"), ==, 4096);

  types = json_object_get_object_member (o, "tensor_bytes_by_type");
  g_assert_cmpuint (json_object_get_size (types), ==, 2);
  sum = json_object_get_int_member (types, "F16") + json_object_get_int_member (types, "F32");
  g_assert_cmpint (sum, ==, json_object_get_int_member (o, "tensor_bytes"));
  g_assert_cmpint (json_object_get_int_member (types, "F32"), ==, (2 * (64 + 64 + 64 + 32 + 32) + 64) * 4);
}

static void
test_errors (void)
{
  g_autofree char *missing = g_build_filename (work_dir, "missing.gguf", NULL);

  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run ((const char *[]) { "inspect", missing, NULL }, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "missing.gguf"));
    g_assert_cmpstr (out, ==, "");
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run ((const char *[]) { "inspect", NULL }, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "PATH"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run ((const char *[]) { "inspect", "--bogus", gguf_path, NULL }, &out,
                          &err), ==, 2);
    g_assert_nonnull (strstr (err, "--bogus"));
  }
  {
    g_autofree char *out = NULL, *err = NULL;

    g_assert_cmpint (run ((const char *[]) { "inspect", gguf_path, gguf_path, NULL }, &out,
                          &err), ==, 2);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GgufWriter) w = gguf_writer_new ();
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    {
      g_printerr ("usage: %s PATH-TO-fitmygpu-cli\n", argv[0]);
      return 1;
    }
  cli = argv[1];

  work_dir = g_dir_make_tmp ("fit-inspect-XXXXXX", &error);
  g_assert_no_error (error);
  gguf_path = g_build_filename (work_dir, "inspect-test.gguf", NULL);

  gguf_writer_add_string (w, "general.architecture", "qwen2");
  gguf_writer_add_string (w, "general.name", "Inspect Test");
  gguf_writer_add_u32 (w, "qwen2.block_count", 2);
  gguf_writer_add_u32 (w, "qwen2.context_length", 4096);
  gguf_writer_add_u32 (w, "qwen2.embedding_length", 64);
  gguf_writer_add_u32 (w, "qwen2.feed_forward_length", 128);
  gguf_writer_add_u32 (w, "qwen2.attention.head_count", 4);
  gguf_writer_add_u32 (w, "qwen2.attention.head_count_kv", 2);
  gguf_writer_add_vocab (w, 32);
  gguf_writer_add_llama_tensors (w, 2, 64, 4, 2, 16, 128, 32, TRUE, TRUE, FIT_GGML_F16);
  g_assert_true (gguf_writer_write_file (w, gguf_path, 0, &error));
  g_assert_no_error (error);

  g_test_add_func ("/cli/inspect/text", test_text);
  g_test_add_func ("/cli/inspect/json", test_json);
  g_test_add_func ("/cli/inspect/errors", test_errors);

  ret = g_test_run ();

  g_unlink (gguf_path);
  g_rmdir (work_dir);
  g_free (gguf_path);
  g_free (work_dir);

  return ret;
}
