/* test-catalog-user.c — the user's own entries: override, atomic write
 * with a backup, a corrupt file kept and reported, a bad entry skipped.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fit-catalog.h"
#include "fit-units.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("fitmygpu-user-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
}

static FitCatalog *
load (Fixture *f)
{
  FitCatalog *catalog = fit_catalog_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fit_catalog_load_bundled (catalog, &error));
  g_assert_no_error (error);
  fit_catalog_load_user (catalog, f->dir);
  return catalog;
}

static char *
path_in (Fixture    *f,
         const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static char *
contents (const char *path)
{
  char *data = NULL;

  if (!g_file_get_contents (path, &data, NULL, NULL))
    return NULL;
  return data;
}

static void
copy_fixture (Fixture    *f,
              const char *fixture,
              const char *name)
{
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "catalog", fixture, NULL);
  g_autofree char *dest = path_in (f, name);
  g_autofree char *data = contents (src);

  g_assert_nonnull (data);
  g_assert_true (g_file_set_contents (dest, data, -1, NULL));
}

static guint
count_warnings (FitCatalog *catalog)
{
  return g_strv_length ((char **) fit_catalog_get_warnings (catalog));
}

static gboolean
any_warning_has (FitCatalog *catalog,
                 const char *a,
                 const char *b)
{
  const char *const *w = fit_catalog_get_warnings (catalog);

  for (guint i = 0; w[i] != NULL; i++)
    {
      if (strstr (w[i], a) != NULL && (b == NULL || strstr (w[i], b) != NULL))
        return TRUE;
    }
  return FALSE;
}

/* A user file with an override, a new model, an unknown field and a bad
 * entry: the override wins in place, the new model is appended, the bad
 * entry alone is skipped, and both problems are reported by line. */
static void
test_override_and_skip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(FitCatalog) catalog = NULL;
  g_autofree char *path = path_in (f, "models.json");
  const FitModel *m;

  copy_fixture (f, "user-mixed.json", "models.json");
  catalog = load (f);

  g_assert_cmpuint (fit_catalog_get_n_models (catalog), ==, 51);

  m = fit_catalog_find_model (catalog, "qwen2.5-0.5b-instruct");
  g_assert_true (m->user_entry);
  g_assert_cmpstr (m->name, ==, "My Qwen");
  g_assert_true (fit_catalog_get_model (catalog, 0) == m);  /* same place in the list */

  m = fit_catalog_find_model (catalog, "my-new-model");
  g_assert_nonnull (m);
  g_assert_true (m->user_entry);
  g_assert_true (fit_catalog_get_model (catalog, 50) == m);

  g_assert_null (fit_catalog_find_model (catalog, "broken-model"));
  g_assert_false (fit_catalog_find_model (catalog, "qwen3-8b")->user_entry);

  g_assert_cmpuint (count_warnings (catalog), ==, 2);
  g_assert_true (any_warning_has (catalog, path, "“geometry.layers” is 0"));
  g_assert_true (any_warning_has (catalog, "entry skipped", "model “broken-model” (entry 3)"));
  g_assert_true (any_warning_has (catalog, "unknown field “colour” ignored", NULL));
}

/* A corrupt file never stops loading and is never silently overwritten. */
static void
test_corrupt_kept (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(FitCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (f, "models.json");
  g_autofree char *gpus = path_in (f, "gpus.json");
  const char *garbage = "{ \"version\": 1, \"models\": [ { \"id\": \"half";
  g_autofree char *now = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_aside = 0;

  g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
  g_assert_true (g_file_set_contents (gpus, "\xff\xfe", 2, NULL));
  catalog = load (f);

  g_assert_cmpuint (fit_catalog_get_n_models (catalog), ==, 50);
  g_assert_cmpuint (fit_catalog_get_n_devices (catalog), ==, 104);
  g_assert_true (any_warning_has (catalog, path, "kept unchanged"));
  g_assert_true (any_warning_has (catalog, gpus, "UTF-8"));

  /* Loading did not touch it. */
  now = contents (path);
  g_assert_cmpstr (now, ==, garbage);

  /* Saving moves it aside first, keeps it whole, and says so. */
  {
    const FitModel *base = fit_catalog_find_model (catalog, "smollm2-1.7b-instruct");
    g_autoptr(JsonNode) node = fit_catalog_model_to_json (base, FALSE);
    g_autofree char *entry = json_to_string (node, FALSE);
    g_autofree char *text = NULL;
    g_autoptr(FitCatalog) scratch = fit_catalog_new ();
    g_auto(GStrv) parts = g_strsplit (entry, "smollm2-1.7b-instruct", -1);
    g_autofree char *renamed = g_strjoinv ("my-smol", parts);

    text = g_strdup_printf ("{\"version\":1,\"models\":[%s]}", renamed);
    g_assert_true (fit_catalog_parse_models (scratch, text, strlen (text), "x.json", FALSE, &error));
    g_assert_no_error (error);
    g_assert_true (fit_catalog_save_user_model (catalog, fit_catalog_find_model (scratch, "my-smol"), &error));
    g_assert_no_error (error);
  }

  g_assert_true (any_warning_has (catalog, "was moved to", ".corrupt-"));
  g_assert_nonnull (fit_catalog_find_model (catalog, "my-smol"));

  dir = g_dir_open (f->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (g_str_has_prefix (name, "models.json.corrupt-"))
        {
          g_autofree char *aside = path_in (f, name);
          g_autofree char *kept = contents (aside);

          g_assert_cmpstr (kept, ==, garbage);
          n_aside++;
        }
    }
  g_assert_cmpuint (n_aside, ==, 1);

  /* The new file is valid and holds the new entry. */
  {
    g_autoptr(FitCatalog) again = load (f);

    g_assert_nonnull (fit_catalog_find_model (again, "my-smol"));
    g_assert_true (fit_catalog_find_model (again, "my-smol")->user_entry);
    g_assert_false (any_warning_has (again, path, NULL));
  }
}

/* Saving writes atomically, keeps the previous file as .bak, and a second
 * catalog reading the folder sees the same entries. */
static void
test_save_backup_remove (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FitCatalog) catalog = load (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (f, "models.json");
  g_autofree char *bak = path_in (f, "models.json.bak");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *bak_now = NULL;
  const FitModel *bundled = fit_catalog_find_model (catalog, "gemma-2-2b-it");
  const FitModel *old_pointer = bundled;
  g_autoptr(JsonNode) node = fit_catalog_model_to_json (bundled, FALSE);
  g_autoptr(FitCatalog) scratch = fit_catalog_new ();
  g_autofree char *entry = json_to_string (node, FALSE);
  g_autofree char *text = NULL;
  FitModel *edited;

  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  /* An override of a bundled model, edited. */
  text = g_strdup_printf ("{\"version\":1,\"models\":[%s]}", entry);
  g_assert_true (fit_catalog_parse_models (scratch, text, strlen (text), "x.json", FALSE, &error));
  edited = (FitModel *) fit_catalog_find_model (scratch, "gemma-2-2b-it");
  g_free (edited->name);
  edited->name = g_strdup ("Gemma 2 2B, my settings");

  g_assert_true (fit_catalog_save_user_model (catalog, edited, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (bak, G_FILE_TEST_EXISTS));   /* nothing to back up yet */
  first = contents (path);
  g_assert_nonnull (strstr (first, "Gemma 2 2B, my settings"));

  g_assert_cmpstr (fit_catalog_find_model (catalog, "gemma-2-2b-it")->name, ==, "Gemma 2 2B, my settings");
  g_assert_true (fit_catalog_find_model (catalog, "gemma-2-2b-it")->user_entry);
  g_assert_cmpuint (fit_catalog_get_n_models (catalog), ==, 50);
  /* A pointer taken before stays readable. */
  g_assert_cmpstr (old_pointer->name, ==, "Gemma 2 2B IT");

  /* A second, new entry: the previous file becomes the backup. */
  g_free (edited->id);
  edited->id = g_strdup ("my-gemma");
  g_assert_true (fit_catalog_save_user_model (catalog, edited, &error));
  g_assert_no_error (error);
  bak_now = contents (bak);
  g_assert_cmpstr (bak_now, ==, first);
  second = contents (path);
  g_assert_nonnull (strstr (second, "\"my-gemma\""));
  g_assert_nonnull (strstr (second, "\"gemma-2-2b-it\""));
  g_assert_cmpuint (fit_catalog_get_n_models (catalog), ==, 51);

  /* No temporary files are left behind. */
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (dir)) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }

  {
    g_autoptr(FitCatalog) again = load (f);

    g_assert_cmpuint (count_warnings (again), ==, 0);
    g_assert_cmpuint (fit_catalog_get_n_models (again), ==, 51);
    g_assert_cmpstr (fit_catalog_find_model (again, "gemma-2-2b-it")->name, ==, "Gemma 2 2B, my settings");
    g_assert_cmpuint (fit_catalog_find_model (again, "my-gemma")->params_total, ==,
                      fit_catalog_find_model (again, "gemma-2-2b-it")->params_total);
  }

  /* Removing the override brings the bundled model back. */
  g_assert_true (fit_catalog_remove_user_model (catalog, "gemma-2-2b-it", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fit_catalog_find_model (catalog, "gemma-2-2b-it")->name, ==, "Gemma 2 2B IT");
  g_assert_false (fit_catalog_find_model (catalog, "gemma-2-2b-it")->user_entry);
  g_assert_nonnull (fit_catalog_find_model (catalog, "my-gemma"));
  g_free (bak_now);
  bak_now = contents (bak);
  g_assert_cmpstr (bak_now, ==, second);

  /* Removing what is not there is an error, and changes nothing. */
  g_assert_false (fit_catalog_remove_user_model (catalog, "gemma-2-2b-it", &error));
  g_assert_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_MISSING);
  g_clear_error (&error);
  g_free (bak_now);
  bak_now = contents (bak);
  g_assert_cmpstr (bak_now, ==, second);

  /* An invalid model is refused before anything is written. */
  edited->n_layers = 0;
  g_assert_false (fit_catalog_save_user_model (catalog, edited, &error));
  g_assert_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_RANGE);
  g_clear_error (&error);
  g_free (bak_now);
  bak_now = contents (bak);
  g_assert_cmpstr (bak_now, ==, second);
}

/* A file with one bad entry: saving keeps the bad entry's file aside and
 * carries the good entries into the new file. */
static void
test_save_over_bad_entry (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(FitCatalog) catalog = NULL;
  g_autoptr(FitDevice) device = fit_device_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *models = path_in (f, "models.json");
  g_autofree char *gpus = path_in (f, "gpus.json");
  g_autofree char *original = NULL;
  g_autofree char *now = NULL;

  copy_fixture (f, "user-mixed.json", "models.json");
  original = contents (models);
  catalog = load (f);

  device->id = g_strdup ("my-card");
  device->name = g_strdup ("My Card");
  device->vendor = FIT_VENDOR_AMD;
  device->klass = FIT_DEVICE_CLASS_CONSUMER;
  device->memory_bytes = 12 * FIT_GIB;
  device->bandwidth_gbps = 384.0;
  device->pci_ids[0] = 0x100273df;
  device->n_pci_ids = 1;
  device->unified_share = 1.0;

  /* GPUs and models are separate files: the damaged models file stays. */
  g_assert_true (fit_catalog_save_user_device (catalog, device, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (gpus, G_FILE_TEST_EXISTS));
  now = contents (models);
  g_assert_cmpstr (now, ==, original);
  g_assert_true (fit_catalog_find_device (catalog, "my-card")->user_entry);
  g_assert_true (fit_catalog_find_device_by_pci (catalog, 0x100273df) ==
                 fit_catalog_find_device (catalog, "my-card"));

  g_assert_true (fit_catalog_save_user_model (catalog, fit_catalog_find_model (catalog, "my-new-model"), &error));
  g_assert_no_error (error);
  g_assert_true (any_warning_has (catalog, "was moved to", NULL));

  {
    g_autoptr(FitCatalog) again = load (f);

    g_assert_cmpuint (count_warnings (again), ==, 0);
    g_assert_cmpstr (fit_catalog_find_model (again, "qwen2.5-0.5b-instruct")->name, ==, "My Qwen");
    g_assert_nonnull (fit_catalog_find_model (again, "my-new-model"));
    g_assert_null (fit_catalog_find_model (again, "broken-model"));
    g_assert_cmpuint (fit_catalog_find_device (again, "my-card")->memory_bytes, ==, 12 * FIT_GIB);
  }

  g_assert_true (fit_catalog_remove_user_device (catalog, "my-card", &error));
  g_assert_no_error (error);
  g_assert_null (fit_catalog_find_device (catalog, "my-card"));
}

/* An unknown field holding 1e400 (infinity to json-glib) must not turn the
 * rewritten file into invalid JSON. */
static void
test_save_over_infinity (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FitCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (f, "gpus.json");
  g_autofree char *written = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *text =
    "{\"version\": 1, \"gpus\": [{\"id\": \"odd\", \"name\": \"Odd\", \"vendor\": \"Other\",\n"
    " \"class\": \"consumer\", \"memory_bytes\": 4294967296, \"bandwidth_gbps\": 100,\n"
    " \"notes\": \"kept\", \"speed\": 1e400}]}";

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  catalog = load (f);
  g_assert_nonnull (fit_catalog_find_device (catalog, "odd"));
  g_assert_true (any_warning_has (catalog, "unknown field “speed” ignored", NULL));

  g_assert_true (fit_catalog_save_user_device (catalog, fit_catalog_find_device (catalog, "rtx-4090"), &error));
  g_assert_no_error (error);

  written = contents (path);
  g_assert_true (json_parser_load_from_data (parser, written, -1, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (written, "inf"));
  g_assert_nonnull (strstr (written, "\"kept\""));

  {
    g_autoptr(FitCatalog) again = load (f);

    g_assert_cmpuint (count_warnings (again), ==, 0);
    g_assert_nonnull (fit_catalog_find_device (again, "odd"));
    g_assert_true (fit_catalog_find_device (again, "rtx-4090")->user_entry);
  }
}

/* fit_catalog_load_default() reads $XDG_DATA_HOME/fitmygpu. */
static void
test_default_dir (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir = fit_catalog_user_dir ();
  g_autofree char *path = g_build_filename (dir, "models.json", NULL);
  g_autofree char *src = g_test_build_filename (G_TEST_DIST, "data", "catalog", "user-mixed.json", NULL);
  g_autofree char *text = contents (src);
  g_autoptr(FitCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_str_has_prefix (dir, g_getenv ("XDG_DATA_HOME")));
  g_assert_true (g_str_has_suffix (dir, "fitmygpu"));
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));

  catalog = fit_catalog_load_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (fit_catalog_find_model (catalog, "my-new-model"));
  g_assert_true (any_warning_has (catalog, path, "entry skipped"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdg = NULL;
  int ret;

  /* Before anything asks GLib for it: the user data folder of this run. */
  xdg = g_dir_make_tmp ("fitmygpu-xdg-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", xdg, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/catalog/user/override-and-skip", Fixture, NULL,
              fixture_set_up, test_override_and_skip, fixture_tear_down);
  g_test_add ("/catalog/user/corrupt-kept", Fixture, NULL,
              fixture_set_up, test_corrupt_kept, fixture_tear_down);
  g_test_add ("/catalog/user/save-backup-remove", Fixture, NULL,
              fixture_set_up, test_save_backup_remove, fixture_tear_down);
  g_test_add ("/catalog/user/save-over-bad-entry", Fixture, NULL,
              fixture_set_up, test_save_over_bad_entry, fixture_tear_down);
  g_test_add ("/catalog/user/save-over-infinity", Fixture, NULL,
              fixture_set_up, test_save_over_infinity, fixture_tear_down);
  g_test_add ("/catalog/user/default-dir", Fixture, NULL,
              fixture_set_up, test_default_dir, fixture_tear_down);

  ret = g_test_run ();
  remove_tree (xdg);
  return ret;
}
