/* test-cli.c — `fitmygpu-cli estimate`: JSON keys, exit statuses and the
 * messages for bad arguments.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static const char *cli;

static int
run (const char * const *args,
     char              **out,
     char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_json (void)
{
  const char *args[] = { "estimate", "--model", "qwen2.5-0.5b-instruct", "--gpu", "rtx-4090",
                         "--context", "8192", "--concurrency", "2", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *o, *c;
  const char *keys[] = { "model", "runtime", "device", "settings", "components", "host", "total_bytes",
                         "host_bytes", "budget_bytes", "headroom_bytes", "verdict", "max_context",
                         "max_concurrency", "decode_tokens_per_second", "prefill_tokens_per_second",
                         "formulas" };
  gint64 sum = 0;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  o = json_node_get_object (json_parser_get_root (parser));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_true (json_object_has_member (o, keys[i]));

  c = json_object_get_object_member (o, "components");
  for (guint i = 0; i < 5; i++)
    {
      const char *names[] = { "weights", "kv_cache", "state", "compute", "runtime_overhead" };

      sum += json_object_get_int_member (c, names[i]);
    }
  g_assert_cmpint (sum, ==, json_object_get_int_member (o, "total_bytes"));
  g_assert_cmpint (json_object_get_int_member (o, "headroom_bytes"), ==,
                   json_object_get_int_member (o, "budget_bytes") - json_object_get_int_member (o, "total_bytes"));
  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "fits");
  g_assert_cmpstr (json_object_get_string_member (o, "runtime"), ==, "llama.cpp");
  /* -c context × concurrency -np concurrency */
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "settings"), "n_ctx"), ==, 16384);
  /* 24 layers × 2 sequences × 8192 cells × 512 B (K + V) = 192 MiB. */
  g_assert_cmpint (json_object_get_int_member (c, "kv_cache"), ==, 192 * 1024 * 1024);
}

static void
test_table (void)
{
  const char *args[] = { "estimate", "--model", "qwen2.5-0.5b-instruct", "--gpu", "rtx-4090", NULL };
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "MiB"));
  g_assert_nonnull (strstr (out, "Verdict"));
}

static void
test_vllm_json (void)
{
  const char *args[] = { "estimate", "--model", "llama-3.1-8b-instruct", "--gpu", "h100-sxm",
                         "--runtime", "vllm", "--context", "8192", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (run (args, &out, &err) != 0)
    {
      g_test_message ("%s", err);
      g_test_fail ();
      return;
    }
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  g_assert_true (json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "kv_capacity_tokens"));
}

static void
test_show_facts (void)
{
  const char *args[] = { "show", "qwen2.5-0.5b-instruct", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;

  /* 24 layers × 2 KV heads × 64 × (2 + 2) B × 1024 tokens = 12 MiB. */
  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "\"memory_facts\""));
  g_assert_nonnull (strstr (out, "\"KV cache per 1K tokens\""));
  g_assert_nonnull (strstr (out, "\"12 MiB in F16, 6.38 MiB in Q8_0\""));
  g_assert_nonnull (strstr (out, "RTX 4090"));
}

static JsonObject *
estimate_json (JsonParser         *parser,
               const char * const *args)
{
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

/* Every fix the CLI offers is an option that, passed back, makes it fit. */
static void
test_fixes (void)
{
  const char *base[] = { "estimate", "--model", "llama-3.1-70b-instruct", "--gpu", "rtx-4090",
                         "--context", "32k", "--json", NULL };
  const char *table[] = { "estimate", "--model", "llama-3.1-70b-instruct", "--gpu", "rtx-4090",
                          "--context", "32k", NULL };
  const char *fitting[] = { "estimate", "--model", "qwen2.5-0.5b-instruct", "--gpu", "rtx-4090", "--json", NULL };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL, *err = NULL;
  gboolean layers = FALSE, gpus = FALSE;
  JsonObject *o = estimate_json (parser, base);
  JsonArray *fixes;

  g_assert_cmpstr (json_object_get_string_member (o, "verdict"), ==, "does-not-fit");
  fixes = json_object_get_array_member (o, "fixes");
  g_assert_nonnull (fixes);
  g_assert_cmpuint (json_array_get_length (fixes), >, 0);

  for (guint i = 0; i < json_array_get_length (fixes); i++)
    {
      JsonObject *fix = json_array_get_object_element (fixes, i);
      const char *setting = json_object_get_string_member (fix, "setting");
      const char *option = json_object_get_string_member (fix, "option");
      JsonNode *value = json_object_get_member (fix, "value");
      g_autofree char *text = json_node_get_value_type (value) == G_TYPE_STRING
                              ? g_strdup (json_node_get_string (value))
                              : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));
      const char *args[] = { "estimate", "--model", "llama-3.1-70b-instruct", "--gpu", "rtx-4090",
                             "--context", "32k", option, text, "--json", NULL };
      g_autoptr(JsonParser) after = json_parser_new ();
      JsonObject *a;

      g_test_message ("fix %s: %s %s", setting, option, text);
      g_assert_true (json_object_has_member (fix, "host_bytes"));
      layers |= g_str_equal (setting, "gpu_layers");
      gpus |= g_str_equal (setting, "gpu_count");
      /* The context fix would be "--context 32k --context N": the last wins. */
      a = estimate_json (after, args);
      g_assert_cmpstr (json_object_get_string_member (a, "verdict"), !=, "does-not-fit");
      g_assert_true (json_object_has_member (json_object_get_object_member (a, "settings"), setting));
    }
  /* 70B at Q4_K_M (about 40 GiB) on one 24 GiB card. */
  g_assert_true (layers);
  g_assert_true (gpus);

  g_assert_cmpint (run (table, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--gpu-layers "));
  g_assert_nonnull (strstr (out, "--gpu-count "));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* The 41 layers left behind need about 26 GiB: a 16 GB computer is told. */
  {
    g_autofree char *root = g_dir_make_tmp ("fitmygpu-proc-XXXXXX", NULL);
    g_autofree char *meminfo = g_build_filename (root, "meminfo", NULL);

    g_assert_true (g_file_set_contents (meminfo, "MemTotal:       16000000 kB\n"
                                                 "MemAvailable:   12000000 kB\n", -1, NULL));
    g_setenv ("FITMYGPU_PROC_ROOT", root, TRUE);
    g_assert_cmpint (run (table, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "but this computer has 15.3 GiB"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    /* Fitting the GPU with 10 layers leaves some 55 GiB in system RAM. */
    {
      const char *offload[] = { "estimate", "--model", "llama-3.1-70b-instruct", "--gpu", "rtx-4090",
                                "--gpu-layers", "10", NULL };

      g_assert_cmpint (run (offload, &out, &err), ==, 0);
      g_assert_nonnull (strstr (out, "more than the 15.3 GiB this computer has"));
    }
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);

    g_assert_true (g_file_set_contents (meminfo, "MemTotal:       64000000 kB\n"
                                                 "MemAvailable:   60000000 kB\n", -1, NULL));
    g_assert_cmpint (run (table, &out, &err), ==, 0);
    g_assert_null (strstr (out, "but this computer has"));
    g_unsetenv ("FITMYGPU_PROC_ROOT");
    g_remove (meminfo);
    g_rmdir (root);
  }

  o = estimate_json (parser, fitting);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "fixes")), ==, 0);
}

static void
test_bad_arguments (void)
{
  struct { const char *args[12]; const char *needle; } cases[] = {
    { { "estimate", "--model", "no-such-model", "--gpu", "rtx-4090", NULL }, "no-such-model" },
    { { "estimate", "--gpu", "no-such-gpu", NULL }, "no-such-gpu" },
    { { "estimate", "--gpu", "rtx-4090", "--weights", "q9_k", NULL }, "q9_k" },
    { { "estimate", "--gpu", "rtx-4090", "--context", "0", NULL }, "--context" },
    { { "estimate", "--gpu", "rtx-4090", "--context", "1000000000000", NULL }, "1000000000000" },
    { { "estimate", "--gpu", "rtx-4090", "--context", "NaN", NULL }, "NaN" },
    { { "estimate", "--gpu", "rtx-4090", "--concurrency", "0", NULL }, "--concurrency" },
    { { "estimate", "--gpu", "rtx-4090", "--concurrency", "1000000000000", NULL }, "--concurrency" },
    { { "estimate", "--gpu", "rtx-4090", "--gpu-util", "0", NULL }, "--gpu-util" },
    { { "estimate", "--gpu", "rtx-4090", "--gpu-util", "1.5", NULL }, "--gpu-util" },
    { { "estimate", "--gpu", "rtx-4090", "--gpu-util", "nan", NULL }, "--gpu-util" },
    { { "estimate", "--gpu", "rtx-4090", "--runtime", "vllm", "--weights", "q4_k_m", NULL }, "q4_k_m" },
    { { "estimate", "--gpu", "rtx-4090", "--kv-type", "q4_0", "--flash-attn", "off", NULL }, "flash attention" },
    { { "estimate", "--gpu", "rtx-4090", "--runtime", "tgi", NULL }, "tgi" },
    { { "estimate", "--gpu", "rtx-4090", "--context", "65536", NULL }, "65536" },
    { { "estimate", "--gpu", "rtx-4090", "--flash-attn", "maybe", NULL }, "maybe" },
    { { "estimate", "--gpu", "rtx-4090", "--gpu-count", "-1", NULL }, "-1" },
    { { "frobnicate", NULL }, "frobnicate" },
    { { "estimate", "--gpu", "rtx-4090", "--budget", "half", NULL }, "half" },
    { { "estimate", "--gpu", "rtx-4090", "--prompt-tokens", "0", NULL }, "--prompt-tokens" },
    { { "estimate", "--gpu", "rtx-4090", "--max-num-seqs", "abc", NULL }, "--max-num-seqs" },
    { { "estimate", "--gpu", "rtx-4090", "--max-batched-tokens", "-5", NULL }, "--max-batched-tokens" },
    { { "estimate", "--gpu", "rtx-4090", "--batch", "0", NULL }, "--batch" },
    { { "estimate", "--gpu", "rtx-4090", "--ubatch", "99999999", NULL }, "--ubatch" },
    { { "estimate", "--gpu", "rtx-4090", "--gpu-layers", "many", NULL }, "--gpu-layers" },
    { { "estimate", "--gpu", "rtx-4090", "--kv-type-k", "q3_k", NULL }, "q3_k" },
    { { "estimate", "--gpu", "rtx-4090", "--kv-type-v", "", NULL }, "--kv-type-v" },
    { { "estimate", "--gpu", "detected:x", NULL }, "detected:x" },
    { { "estimate", "--gpu", "detectedfoo", NULL }, "detectedfoo" },
    { { "estimate", "--gpu", "rtx-4090", "stray", NULL }, "stray" },
    { { "estimate", "--model", "/nonexistent/model.gguf", "--gpu", "rtx-4090", NULL }, "/nonexistent/model.gguf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL, *err = NULL;
      int status = run (cases[i].args, &out, &err);

      g_test_message ("case %u: exit %d: %s", i, status, err);
      g_assert_cmpint (status, ==, 2);
      g_assert_nonnull (strstr (err, cases[i].needle));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: test-cli PATH-TO-fitmygpu-cli");
  cli = argv[1];

  g_test_add_func ("/cli/estimate-json", test_json);
  g_test_add_func ("/cli/estimate-table", test_table);
  g_test_add_func ("/cli/estimate-vllm", test_vllm_json);
  g_test_add_func ("/cli/estimate-fixes", test_fixes);
  g_test_add_func ("/cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/cli/show-memory-facts", test_show_facts);

  return g_test_run ();
}
