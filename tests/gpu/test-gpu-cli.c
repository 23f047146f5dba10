/* test-gpu-cli.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

/* Runs the real `fitmygpu-cli detect` on fixture trees. */

static char **
fixture_env (const char *tree,
             const char *scenario)
{
  char **env = g_get_environ ();
  g_autofree char *sys = g_build_filename (FIXTURES_DIR, tree, "sys", NULL);
  g_autofree char *proc = g_build_filename (FIXTURES_DIR, tree, "proc", NULL);
  g_autofree char *dev = g_build_filename (FIXTURES_DIR, tree, "dev", NULL);
  g_autofree char *pci_ids = g_build_filename (FIXTURES_DIR, "pci.ids", NULL);

  env = g_environ_setenv (env, "FITMYGPU_SYSFS_ROOT", sys, TRUE);
  env = g_environ_setenv (env, "FITMYGPU_PROC_ROOT", proc, TRUE);
  env = g_environ_setenv (env, "FITMYGPU_DEV_ROOT", dev, TRUE);
  env = g_environ_setenv (env, "FITMYGPU_PCI_IDS", pci_ids, TRUE);
  env = g_environ_unsetenv (env, "FITMYGPU_STUB_NVML_HANG_MS");
  if (scenario != NULL)
    {
      env = g_environ_setenv (env, "FITMYGPU_NVML_LIBRARY", STUB_NVML_PATH, TRUE);
      env = g_environ_setenv (env, "FITMYGPU_STUB_NVML_SCENARIO", scenario, TRUE);
    }
  else
    env = g_environ_setenv (env, "FITMYGPU_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1", TRUE);

  return env;
}

static int
run_cli (char       **env,
         const char  *arg1,
         const char  *arg2,
         char       **out,
         char       **err)
{
  const char *argv[] = { FITMYGPU_CLI_PATH, "detect", arg1, arg2, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, out, err, &status, &error);
  g_assert_no_error (error);

  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static JsonArray *
parse_array (JsonParser *parser,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_node_get_array (root);
}

static void
test_cli_json_amd (void)
{
  g_auto(GStrv) env = fixture_env ("radeon-780m", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *array;
  JsonObject *gpu;
  JsonNode *catalog_id;

  g_assert_cmpint (run_cli (env, "--json", NULL, &out, &err), ==, 0);
  array = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  gpu = json_array_get_object_element (array, 0);

  g_assert_cmpstr (json_object_get_string_member (gpu, "vendor"), ==, "AMD");
  g_assert_cmpstr (json_object_get_string_member (gpu, "pci_id"), ==, "1002:15bf");
  g_assert_cmpstr (json_object_get_string_member (gpu, "backend"), ==, "amdgpu");
  g_assert_cmpstr (json_object_get_string_member (gpu, "bus_id"), ==, "0000:c4:00.0");
  g_assert_true (json_object_get_boolean_member (gpu, "unified_memory"));
  /* For unified memory the total is the budget: carve-out plus GTT. */
  g_assert_cmpint (json_object_get_int_member (gpu, "memory_total_bytes"), ==, 17716740096);
  g_assert_cmpint (json_object_get_int_member (gpu, "memory_used_bytes"), ==, 369098752);
  g_assert_cmpint (json_object_get_int_member (gpu, "memory_free_bytes"), ==, 17347641344);
  g_assert_nonnull (json_object_get_string_member (gpu, "name"));
  /* Whatever the bundled catalog holds, the key is there. */
  catalog_id = json_object_get_member (gpu, "catalog_id");
  g_assert_nonnull (catalog_id);
  g_assert_true (JSON_NODE_HOLDS_NULL (catalog_id) ||
                 json_node_get_value_type (catalog_id) == G_TYPE_STRING);
}

static void
test_cli_json_unknown_memory (void)
{
  g_auto(GStrv) env = fixture_env ("nvidia-no-nvml", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonArray *array;
  JsonObject *gpu;

  g_assert_cmpint (run_cli (env, "--json", NULL, &out, NULL), ==, 0);
  array = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  gpu = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (gpu, "name"), ==, "NVIDIA GeForce RTX 4090");
  g_assert_cmpstr (json_object_get_string_member (gpu, "pci_id"), ==, "10de:2684");
  g_assert_cmpstr (json_object_get_string_member (gpu, "backend"), ==, "pci");
  g_assert_true (json_object_get_null_member (gpu, "memory_total_bytes"));
  g_assert_true (json_object_get_null_member (gpu, "memory_used_bytes"));
  g_assert_true (json_object_get_null_member (gpu, "memory_free_bytes"));
  g_assert_false (json_object_get_boolean_member (gpu, "unified_memory"));
}

static void
test_cli_json_nvml (void)
{
  g_auto(GStrv) env = fixture_env ("no-gpu", "default");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  JsonArray *array;
  JsonObject *gpu;

  g_assert_cmpint (run_cli (env, "--json", NULL, &out, NULL), ==, 0);
  array = parse_array (parser, out);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  gpu = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (gpu, "name"), ==, "NVIDIA GeForce RTX 4090");
  g_assert_cmpstr (json_object_get_string_member (gpu, "backend"), ==, "nvml");
  g_assert_cmpstr (json_object_get_string_member (gpu, "driver_version"), ==, "550.54.14");
  g_assert_cmpstr (json_object_get_string_member (gpu, "compute_capability"), ==, "8.9");
  g_assert_cmpint (json_object_get_int_member (gpu, "memory_total_bytes"), ==, 25757220864);
  g_assert_cmpint (json_object_get_int_member (gpu, "memory_used_bytes"), ==, 1073741824);
  g_assert_cmpint (json_object_get_int_member (gpu, "memory_free_bytes"), ==, 24683479040);
}

static void
test_cli_table (void)
{
  g_auto(GStrv) env = fixture_env ("arc-a770", NULL);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (run_cli (env, NULL, NULL, &out, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);

  /* Header, two devices, the RAM line. */
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  g_assert_true (g_str_has_prefix (lines[0], "ID"));
  g_assert_true (g_str_has_prefix (lines[1], "detected:0"));
  g_assert_true (g_str_has_prefix (lines[2], "detected:1"));
  g_assert_nonnull (strstr (lines[1], "8086:a780"));
  g_assert_nonnull (strstr (lines[1], "shared"));
  g_assert_nonnull (strstr (lines[2], "8086:56a0"));
  g_assert_nonnull (strstr (lines[2], "16 GiB"));
  g_assert_nonnull (strstr (lines[2], "unknown"));
  g_assert_nonnull (strstr (lines[2], "dedicated"));
  /* Columns line up: "PCI ID" starts where the ids do. */
  g_assert_cmpint (strstr (lines[0], "PCI ID") - lines[0], ==, strstr (lines[2], "8086:56a0") - lines[2]);
  g_assert_nonnull (strstr (out, "System RAM: 32 GiB, 10 GiB available"));
}

static void
test_cli_no_gpu (void)
{
  g_auto(GStrv) env = fixture_env ("no-gpu", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;

  g_assert_cmpint (run_cli (env, NULL, NULL, &out, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "No GPU was detected"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (env, "--json", NULL, &out, NULL), ==, 0);
  g_assert_cmpuint (json_array_get_length (parse_array (parser, out)), ==, 0);
}

static void
test_cli_bad_arguments (void)
{
  g_auto(GStrv) env = fixture_env ("no-gpu", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (env, "--jsn", NULL, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--jsn"));
  g_assert_nonnull (strstr (err, "--json"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (env, "--json", "gpu0", &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "gpu0"));
  g_assert_cmpstr (out, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gpu/cli/json-amd", test_cli_json_amd);
  g_test_add_func ("/gpu/cli/json-unknown-memory", test_cli_json_unknown_memory);
  g_test_add_func ("/gpu/cli/json-nvml", test_cli_json_nvml);
  g_test_add_func ("/gpu/cli/table", test_cli_table);
  g_test_add_func ("/gpu/cli/no-gpu", test_cli_no_gpu);
  g_test_add_func ("/gpu/cli/bad-arguments", test_cli_bad_arguments);

  return g_test_run ();
}
