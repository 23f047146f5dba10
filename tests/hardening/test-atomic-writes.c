/* test-atomic-writes.c — every file FitMyGPU writes is replaced atomically:
 * a write that fails midway (the file-size limit makes write() fail with
 * EFBIG, as a full disk would) leaves the previous file byte-identical and
 * no temporary file behind. Settings go through GSettings/dconf, which
 * writes its database atomically itself.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fit-catalog.h"
#include "fit-estimate.h"
#include "fit-report.h"
#include "../engine/fit-test-models.h"

static char *data_home;

static FitModel *
big_model (const char *id,
           gsize       name_len)
{
  FitModel *m = fit_test_qwen25_05b ();
  g_autofree char *filler = g_strnfill (name_len, 'x');

  g_free (m->id);
  m->id = g_strdup (id);
  g_free (m->name);
  m->name = g_strdup_printf ("Model %s", filler);
  m->stated_params_total = 494032768;
  m->company = g_strdup ("Test");
  m->family = g_strdup ("Test");
  m->license = g_strdup ("apache-2.0");
  m->release_date = g_strdup ("2024-09-16");
  m->modality = g_strdup ("text");
  return m;
}

static GStrv
list_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_strv_builder_add (b, name);
  return g_strv_builder_end (b);
}

/* Runs @func in a child whose file-size limit is @limit bytes; returns
 * what the child reports: 0 when the write failed cleanly with an error. */
static int
in_limited_child (rlim_t     limit,
                  gboolean (*func) (gpointer),
                  gpointer   data)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct rlimit rl = { limit, limit };

      signal (SIGXFSZ, SIG_IGN);
      setrlimit (RLIMIT_FSIZE, &rl);
      _exit (func (data) ? 1 : 0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static gboolean
save_big_model (gpointer data)
{
  FitCatalog *catalog = data;
  g_autoptr(FitModel) m = big_model ("my-model", 64 * 1024);
  g_autoptr(GError) error = NULL;
  gboolean ok = fit_catalog_save_user_model (catalog, m, &error);

  if (!ok)
    g_printerr ("child: %s\n", error->message);
  return ok;
}

static void
test_user_catalog (void)
{
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(FitModel) m = big_model ("my-model", 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (data_home, "fitmygpu", NULL);
  g_autofree char *path = g_build_filename (dir, "models.json", NULL);
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len, after_len;
  g_auto(GStrv) files_before = NULL, files_after = NULL;

  if (!fit_catalog_save_user_model (catalog, m, &error))
    g_error ("%s", error->message);
  /* A second save creates the .bak, so the directory is in its steady state. */
  g_assert_true (fit_catalog_save_user_model (catalog, m, &error));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  files_before = list_dir (dir);

  /* The new file is 64 KiB larger than the limit allows. */
  g_assert_cmpint (in_limited_child (before_len + 4096, save_big_model, catalog), ==, 0);

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_cmpmem (after, after_len, before, before_len);
  files_after = list_dir (dir);
  g_assert_cmpuint (g_strv_length (files_after), ==, g_strv_length (files_before));
}

typedef struct
{
  FitReport  *report;
  const char *path;
} ReportJob;

static gboolean
write_report (gpointer data)
{
  ReportJob *job = data;

  return fit_report_write (job->report, FIT_REPORT_FORMAT_PDF, job->path, NULL);
}

static void
test_report (void)
{
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();
  g_autoptr(FitDevice) d = fit_test_device ("GPU", FIT_VENDOR_NVIDIA, 8ull << 30, 272, 22);
  g_autofree char *dir = g_build_filename (data_home, "exports", NULL);
  g_autofree char *path = g_build_filename (dir, "fit.pdf", NULL);
  g_autofree char *after = NULL;
  g_auto(GStrv) files = NULL;
  const char *old = "previous export, must survive";
  FitSettings s;
  FitEstimate e;
  FitReport r;
  ReportJob job = { &r, path };
  gsize len;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, old, -1, NULL));
  fit_settings_init (&s);
  g_assert_true (fit_estimate (m, d, &s, &e, NULL));
  fit_report_init (&r, m, d, &e);

  g_assert_cmpint (in_limited_child (2048, write_report, &job), ==, 0);

  g_assert_true (g_file_get_contents (path, &after, &len, NULL));
  g_assert_cmpstr (after, ==, old);
  files = list_dir (dir);
  g_assert_cmpuint (g_strv_length (files), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmpl = g_build_filename (g_get_tmp_dir (), "fit-atomic-XXXXXX", NULL);
  int status;

  /* Before GLib caches the user data dir. */
  data_home = g_mkdtemp (g_strdup (tmpl));
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/atomic/user-catalog", test_user_catalog);
  g_test_add_func ("/atomic/report", test_report);
  status = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", data_home);

    (void) !system (cmd);
  }
  g_free (data_home);
  return status;
}
