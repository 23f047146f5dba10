/* test-cli-report.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#ifndef FITMYGPU_CLI_PATH
# error "FITMYGPU_CLI_PATH must name the built fitmygpu-cli"
#endif

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

/* Runs `fitmygpu-cli report --model … --gpu … ARGS…` and returns its exit
 * status and output. */
static void
run_report (Run        *run,
            const char *first,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) FITMYGPU_CLI_PATH);
  g_ptr_array_add (argv, (char *) "report");
  g_ptr_array_add (argv, (char *) "--model");
  g_ptr_array_add (argv, (char *) "qwen2.5-0.5b-instruct");
  g_ptr_array_add (argv, (char *) "--gpu");
  g_ptr_array_add (argv, (char *) "rtx-4060");

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static char *
make_dir (void)
{
  char *dir = g_dir_make_tmp ("fit-cli-report-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return dir;
}

static void
remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        g_rmdir (child);
      else
        g_remove (child);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static guint
count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d))
    n++;
  g_dir_close (d);
  return n;
}

static void
test_formats (void)
{
  g_autofree char *dir = make_dir ();
  static const struct { const char *name; const char *format; const char *magic; } cases[] = {
    { "r.pdf", NULL, "%PDF-" },
    { "r.PNG", NULL, "\x89PNG" },
    { "r.svg", NULL, "<?xml" },
    { "forced.out", "pdf", "%PDF-" },
    { "forced.pdf", "svg", "<?xml" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *contents = NULL;
      Run run = { 0, };

      if (cases[i].format)
        run_report (&run, "--output", path, "--format", cases[i].format, NULL);
      else
        run_report (&run, "--output", path, NULL);
      if (run.status != 0)
        g_error ("report %s failed (%d): %s", cases[i].name, run.status, run.err);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_true (g_str_has_prefix (contents, cases[i].magic));
      g_assert_nonnull (strstr (run.out, path));
      run_clear (&run);
    }

  g_assert_cmpuint (count_entries (dir), ==, G_N_ELEMENTS (cases));
  remove_dir (dir);
}

static void
test_paper (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "letter.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  Run run = { 0, };

  run_report (&run, "--output", path, "--paper", "letter", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  {
    const char *needle = "/MediaBox [ 0 0 612 792 ]";
    gboolean found = FALSE;

    for (gsize i = 0; i + strlen (needle) <= len && !found; i++)
      found = memcmp (contents + i, needle, strlen (needle)) == 0;
    g_assert_true (found);
  }
  run_clear (&run);

  run_report (&run, "--output", path, "--paper", "a3", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "a3"));
  g_assert_nonnull (strstr (run.err, "a4, letter"));
  run_clear (&run);

  remove_dir (dir);
}

/* Bad formats are usage errors that name the value and the choices. */
static void
test_bad_format (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *txt = g_build_filename (dir, "report.txt", NULL);
  g_autofree char *bare = g_build_filename (dir, "report", NULL);
  Run run = { 0, };

  run_report (&run, "--output", txt, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, ".txt"));
  g_assert_nonnull (strstr (run.err, "pdf, png, svg"));
  run_clear (&run);

  run_report (&run, "--output", bare, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "pdf, png, svg"));
  run_clear (&run);

  run_report (&run, "--output", txt, "--format", "jpeg", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "jpeg"));
  g_assert_nonnull (strstr (run.err, "pdf, png, svg"));
  run_clear (&run);

  run_report (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--output"));
  run_clear (&run);

  /* Nothing was written. */
  g_assert_cmpuint (count_entries (dir), ==, 0);
  remove_dir (dir);
}

/* A write failure exits 1 with a message and leaves no file. */
static void
test_write_failure (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *missing = g_build_filename (dir, "missing", "report.pdf", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.png", NULL);
  Run run = { 0, };

  run_report (&run, "--output", missing, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  run_clear (&run);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  run_report (&run, "--output", folder, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, folder));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  run_clear (&run);

  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/report/formats", test_formats);
  g_test_add_func ("/cli/report/paper", test_paper);
  g_test_add_func ("/cli/report/bad-format", test_bad_format);
  g_test_add_func ("/cli/report/write-failure", test_write_failure);

  return g_test_run ();
}
