/* test-report.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fit-png.h"
#include "fit-report.h"
#include "report-fixtures.h"

/* Paths of poppler-utils and libxml2-utils, or "" when meson did not find
 * them; only the checks that need them are skipped then. */
#ifndef PDFINFO
# define PDFINFO ""
#endif
#ifndef PDFTOTEXT
# define PDFTOTEXT ""
#endif
#ifndef XMLLINT
# define XMLLINT ""
#endif

typedef struct
{
  FitModel    *model;
  FitDevice   *device;
  FitDevice   *others[20];
  FitSettings  settings;
  FitEstimate  estimate;
  FitSweepRow *sweep;
  guint        n_sweep;
  GDateTime   *date;
  FitReport    report;
  char        *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const struct { const char *id; const char *name; guint gib; double bw; } gpus[] = {
    { "gtx-1650", "GeForce GTX 1650", 4, 128 },
    { "rtx-2060", "GeForce RTX 2060", 6, 336 },
    { "rtx-3050", "GeForce RTX 3050", 8, 224 },
    { "rtx-3060-12gb", "GeForce RTX 3060 12GB", 12, 360 },
    { "rtx-4060-ti-16gb", "GeForce RTX 4060 Ti 16GB", 16, 288 },
    { "rtx-3090", "GeForce RTX 3090", 24, 936 },
    { "rtx-4090", "GeForce RTX 4090", 24, 1008 },
    { "a40", "NVIDIA A40", 48, 696 },
    { "h100-80gb", "NVIDIA H100 80GB", 80, 3350 },
    { "arc-a770", "Intel Arc A770", 16, 560 },
    { "rx-7600", "Radeon RX 7600", 8, 288 },
    { "rx-7900-xtx", "Radeon RX 7900 XTX", 24, 960 },
    { "rtx-3070", "GeForce RTX 3070", 8, 448 },
    { "rtx-3080", "GeForce RTX 3080", 10, 760 },
    { "rtx-4070", "GeForce RTX 4070", 12, 504 },
    { "rtx-4080", "GeForce RTX 4080", 16, 717 },
    { "gtx-1080-ti", "GeForce GTX 1080 Ti", 11, 484 },
    { "rtx-2080-ti", "GeForce RTX 2080 Ti", 11, 616 },
    { "rtx-a6000", "RTX A6000", 48, 768 },
  };
  const FitDevice *list[21];
  guint n = 0;

  f->model = report_test_qwen ();
  f->device = report_test_rtx4060 ();
  for (guint i = 0; i < G_N_ELEMENTS (gpus); i++)
    {
      f->others[i] = report_test_device (gpus[i].id, gpus[i].name, gpus[i].gib, gpus[i].bw, 20);
      list[n++] = f->others[i];
    }
  list[n++] = f->device;

  report_test_settings (&f->settings, FIT_RUNTIME_LLAMACPP, 8192);
  report_test_estimate (f->model, f->device, &f->settings, &f->estimate);

  f->sweep = fit_report_sweep_closest (f->model, f->device, &f->settings, list, n, 0, &f->n_sweep, NULL);
  f->date = g_date_time_new_utc (2026, 3, 14, 9, 26, 53);

  fit_report_init (&f->report, f->model, f->device, &f->estimate);
  f->report.settings = &f->settings;
  f->report.sweep = f->sweep;
  f->report.n_sweep = f->n_sweep;
  f->report.date = f->date;
  f->report.app_version = "9.8.7";

  f->dir = g_dir_make_tmp ("fit-report-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_chmod (f->dir, 0755);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->sweep);
  g_date_time_unref (f->date);
  for (guint i = 0; i < G_N_ELEMENTS (f->others); i++)
    g_clear_pointer (&f->others[i], fit_device_free);
  fit_device_free (f->device);
  fit_model_free (f->model);
}

/* Runs a tool and returns its standard output. */
static char *
run_tool (const char *tool,
          const char *arg1,
          const char *arg2,
          const char *arg3)
{
  const char *argv[] = { tool, arg1, arg2, arg3, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", tool, err);
  return out;
}

/* pdftotext writes a no-break space as it is, or as a space: compare
 * with plain spaces. */
static char *
plain_spaces (const char *text)
{
  GString *str = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if ((guchar) p[0] == 0xc2 && (guchar) p[1] == 0xa0)
        {
          g_string_append_c (str, ' ');
          p++;
        }
      else
        g_string_append_c (str, *p);
    }
  return g_string_free (str, FALSE);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = plain_spaces (haystack);
  g_autofree char *n = plain_spaces (needle);

  if (strstr (h, n) == NULL)
    g_error ("“%s” not found in:\n%s", n, h);
}

static void
test_format (void)
{
  FitReportFormat format;
  g_autofree char *ids = fit_report_format_list_ids ();

  g_assert_cmpstr (ids, ==, "pdf, png, svg");

  g_assert_true (fit_report_format_from_path ("/tmp/report.pdf", &format));
  g_assert_cmpint (format, ==, FIT_REPORT_FORMAT_PDF);
  g_assert_true (fit_report_format_from_path ("Report.PNG", &format));
  g_assert_cmpint (format, ==, FIT_REPORT_FORMAT_PNG);
  g_assert_true (fit_report_format_from_path ("dir.pdf/a.b.svg", &format));
  g_assert_cmpint (format, ==, FIT_REPORT_FORMAT_SVG);

  /* Garbage is rejected. */
  g_assert_false (fit_report_format_from_path ("report.txt", &format));
  g_assert_false (fit_report_format_from_path ("report", &format));
  g_assert_false (fit_report_format_from_path ("dir.pdf/report", &format));
  g_assert_false (fit_report_format_from_path (".pdf", &format));
  g_assert_false (fit_report_format_from_path ("report.", &format));
  g_assert_false (fit_report_format_from_path ("", &format));
  g_assert_false (fit_report_format_from_path (NULL, &format));

  g_assert_true (fit_report_format_parse ("SVG", &format));
  g_assert_cmpint (format, ==, FIT_REPORT_FORMAT_SVG);
  g_assert_false (fit_report_format_parse ("jpeg", &format));
  g_assert_false (fit_report_format_parse ("pdf ", &format));
  g_assert_false (fit_report_format_parse ("", &format));
  g_assert_cmpstr (fit_report_format_extension (FIT_REPORT_FORMAT_PNG), ==, ".png");
  g_assert_cmpstr (fit_report_format_mime_type (FIT_REPORT_FORMAT_SVG), ==, "image/svg+xml");
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

typedef struct
{
  GByteArray *bytes;
  gsize       offset;
} Reader;

static cairo_status_t
read_bytes (void          *closure,
            unsigned char *data,
            unsigned int   length)
{
  Reader *reader = closure;

  if (reader->offset + length > reader->bytes->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->bytes->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
fail_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  return CAIRO_STATUS_WRITE_ERROR;
}

/* The PNG encoder round-trips every pixel through libpng's decoder. */
static void
test_png_encoder (void)
{
  static const int sizes[][2] = { { 1, 1 }, { 7, 3 }, { 301, 517 }, { 1280, 40 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      int w = sizes[i][0], h = sizes[i][1];
      cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      g_autoptr(GByteArray) bytes = g_byte_array_new ();
      Reader reader = { bytes, 0 };
      cairo_surface_t *back;
      guint32 seed = 12345;

      for (int y = 0; y < h; y++)
        {
          guint32 *row = (guint32 *) (cairo_image_surface_get_data (image) + y * cairo_image_surface_get_stride (image));

          for (int x = 0; x < w; x++)
            {
              seed = seed * 1103515245u + 12345u;
              /* Noise in one half, flat colour in the other. */
              row[x] = x < w / 2 ? (seed >> 8) & 0xffffff : 0x3584e4;
            }
        }
      cairo_surface_mark_dirty (image);

      g_assert_cmpint (fit_png_write_rgb24 (image, append_bytes, bytes), ==, CAIRO_STATUS_SUCCESS);
      back = cairo_image_surface_create_from_png_stream (read_bytes, &reader);
      g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpint (cairo_image_surface_get_width (back), ==, w);
      g_assert_cmpint (cairo_image_surface_get_height (back), ==, h);
      g_assert_cmpint (cairo_image_surface_get_format (back), ==, CAIRO_FORMAT_RGB24);
      for (int y = 0; y < h; y++)
        {
          const guint32 *a = (const guint32 *) (cairo_image_surface_get_data (image) + y * cairo_image_surface_get_stride (image));
          const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (back) + y * cairo_image_surface_get_stride (back));

          for (int x = 0; x < w; x++)
            g_assert_cmphex (a[x] & 0xffffff, ==, b[x] & 0xffffff);
        }

      /* A failing sink stops the encoder with its status. */
      g_assert_cmpint (fit_png_write_rgb24 (image, fail_write, NULL), ==, CAIRO_STATUS_WRITE_ERROR);

      cairo_surface_destroy (back);
      cairo_surface_destroy (image);
    }
}

static void
test_paper_rule (void)
{
  FitPaper paper;

  g_assert_cmpint (fit_paper_for_locale_name ("en_US.UTF-8"), ==, FIT_PAPER_LETTER);
  g_assert_cmpint (fit_paper_for_locale_name ("en_CA"), ==, FIT_PAPER_LETTER);
  g_assert_cmpint (fit_paper_for_locale_name ("fr_CA.UTF-8@euro"), ==, FIT_PAPER_LETTER);
  g_assert_cmpint (fit_paper_for_locale_name ("es_MX.utf8"), ==, FIT_PAPER_LETTER);
  g_assert_cmpint (fit_paper_for_locale_name ("de_DE.UTF-8"), ==, FIT_PAPER_A4);
  g_assert_cmpint (fit_paper_for_locale_name ("en_GB.UTF-8"), ==, FIT_PAPER_A4);
  g_assert_cmpint (fit_paper_for_locale_name ("es_ES"), ==, FIT_PAPER_A4);
  g_assert_cmpint (fit_paper_for_locale_name ("C.UTF-8"), ==, FIT_PAPER_A4);
  g_assert_cmpint (fit_paper_for_locale_name ("POSIX"), ==, FIT_PAPER_A4);
  g_assert_cmpint (fit_paper_for_locale_name ("en_USA"), ==, FIT_PAPER_A4);
  g_assert_cmpint (fit_paper_for_locale_name ("_"), ==, FIT_PAPER_A4);
  g_assert_cmpint (fit_paper_for_locale_name (NULL), ==, FIT_PAPER_A4);

  g_assert_true (fit_paper_parse ("Letter", &paper));
  g_assert_cmpint (paper, ==, FIT_PAPER_LETTER);
  g_assert_true (fit_paper_parse ("a4", &paper));
  g_assert_cmpint (paper, ==, FIT_PAPER_A4);
  g_assert_false (fit_paper_parse ("a5", &paper));
  g_assert_false (fit_paper_parse (NULL, &paper));
}

static void
restore_env (const char *name,
             const char *value)
{
  if (value != NULL)
    g_setenv (name, value, TRUE);
  else
    g_unsetenv (name);
}

/* The environment decides, as setlocale() would: LC_ALL, then LC_PAPER,
 * then LANG. */
static void
test_paper_locale (void)
{
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *saved_paper = g_strdup (g_getenv ("LC_PAPER"));
  g_autofree char *saved_lang = g_strdup (g_getenv ("LANG"));

  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_PAPER");
  g_unsetenv ("LANG");
  g_assert_cmpint (fit_paper_from_locale (), ==, FIT_PAPER_A4);

  g_setenv ("LANG", "en_US.UTF-8", TRUE);
  g_assert_cmpint (fit_paper_from_locale (), ==, FIT_PAPER_LETTER);
  g_setenv ("LC_PAPER", "de_DE.UTF-8", TRUE);
  g_assert_cmpint (fit_paper_from_locale (), ==, FIT_PAPER_A4);
  g_setenv ("LC_ALL", "en_CA.UTF-8", TRUE);
  g_assert_cmpint (fit_paper_from_locale (), ==, FIT_PAPER_LETTER);
  g_setenv ("LC_ALL", "C", TRUE);
  g_assert_cmpint (fit_paper_from_locale (), ==, FIT_PAPER_A4);

  restore_env ("LC_ALL", saved_all);
  restore_env ("LC_PAPER", saved_paper);
  restore_env ("LANG", saved_lang);
}

/* Writes a PDF with the paper of @locale (through the environment, as the
 * CLI does) and checks its page size, metadata and text. */
static gboolean
contains_bytes (const char *haystack,
                gsize       len,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= len; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static void
check_pdf (Fixture    *f,
           const char *locale,
           const char *media_size,
           const char *pdfinfo_size)
{
  g_autofree char *path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *saved_all = g_strdup (g_getenv ("LC_ALL"));
  g_autofree char *saved_paper = g_strdup (g_getenv ("LC_PAPER"));
  g_autofree char *contents = NULL;
  g_autofree char *media_box = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_unsetenv ("LC_ALL");
  g_setenv ("LC_PAPER", locale, TRUE);
  fit_report_init (&f->report, f->model, f->device, &f->estimate);
  f->report.settings = &f->settings;
  f->report.sweep = f->sweep;
  f->report.n_sweep = f->n_sweep;
  f->report.date = f->date;
  f->report.app_version = "9.8.7";
  restore_env ("LC_ALL", saved_all);
  restore_env ("LC_PAPER", saved_paper);

  g_assert_true (fit_report_write (&f->report, FIT_REPORT_FORMAT_PDF, path, &error));
  g_assert_no_error (error);

  /* The page size, straight from the file, with or without poppler. */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  media_box = g_strdup_printf ("/MediaBox [ 0 0 %s ]", media_size);
  g_assert_true (contains_bytes (contents, len, media_box));

  if (*PDFINFO)
    {
      g_autofree char *info = run_tool (PDFINFO, path, NULL, NULL);
      g_autofree char *title = fit_report_dup_title (&f->report);
      g_autofree char *title_line = g_strdup_printf ("Title:           %s", title);
      guint64 pages;
      const char *p;

      assert_contains (info, title_line);
      assert_contains (info, "Author:          FitMyGPU");
      assert_contains (info, "Creator:         FitMyGPU 9.8.7");
      assert_contains (info, "Subject:         GPU memory fit estimate: ");
      assert_contains (info, "Keywords:        Qwen2.5-0.5B");
      assert_contains (info, pdfinfo_size);
      p = strstr (info, "Pages:");
      g_assert_nonnull (p);
      pages = g_ascii_strtoull (p + strlen ("Pages:"), NULL, 10);
      g_assert_cmpuint (pages, >=, 2);
    }
  else
    g_test_message ("pdfinfo not found (poppler-utils): metadata not checked");

  if (*PDFTOTEXT)
    {
      g_autofree char *text = run_tool (PDFTOTEXT, "-layout", path, "-");
      g_autofree char *total = fit_format_bytes (f->estimate.per_gpu_total);

      assert_contains (text, "Qwen2.5-0.5B");
      assert_contains (text, "GeForce RTX 4060");
      assert_contains (text, "llama.cpp");
      assert_contains (text, fit_verdict_label (f->estimate.verdict));
      assert_contains (text, total);
      assert_contains (text, "Total on the GPU");
      assert_contains (text, "Which GPUs fit");
      assert_contains (text, "GeForce RTX 3060 12GB");
      assert_contains (text, "Apache-2.0");
      assert_contains (text, "https://huggingface.co/Qwen/Qwen2.5-0.5B");
      assert_contains (text, "9.8.7");
      assert_contains (text, "2026-03-14");
    }
  else
    g_test_message ("pdftotext not found (poppler-utils): text not checked");
}

static void
test_pdf_a4 (Fixture       *f,
             gconstpointer  data)
{
  check_pdf (f, "de_DE.UTF-8", "595.276 841.89", "595.276 x 841.89 pts (A4)");
  check_pdf (f, "C", "595.276 841.89", "595.276 x 841.89 pts (A4)");
}

static void
test_pdf_letter (Fixture       *f,
                 gconstpointer  data)
{
  check_pdf (f, "en_US.UTF-8", "612 792", "612 x 792 pts (letter)");
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "report.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  g_autoptr(FitReportDocument) doc = NULL;
  cairo_surface_t *surface;
  unsigned char *data_;
  int width, height, stride;
  guint white = 0;

  g_assert_true (fit_report_write (&f->report, FIT_REPORT_FORMAT_PNG, path, &error));
  g_assert_no_error (error);

  doc = fit_report_document_new (&f->report, FIT_REPORT_IMAGE_WIDTH, 0);
  g_assert_cmpuint (fit_report_document_get_n_pages (doc), ==, 1);

  surface = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  /* Twice the logical size, and opaque. */
  g_assert_cmpint (width, ==, (int) (FIT_REPORT_IMAGE_WIDTH * FIT_REPORT_PNG_SCALE));
  g_assert_cmpint (height, ==, (int) ceil (fit_report_document_get_page_height (doc) * FIT_REPORT_PNG_SCALE));
  g_assert_cmpint (height, >, width);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_RGB24);

  data_ = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < height; y += 3)
    for (int x = 0; x < width; x += 3)
      {
        guint32 pixel = *(guint32 *) (data_ + y * stride + x * 4) & 0xffffff;

        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
        white += pixel == 0xffffff;
      }
  cairo_surface_destroy (surface);

  /* Not blank: text, the chart's colours, the verdict box. */
  g_assert_cmpuint (g_hash_table_size (colours), >, 50);
  g_assert_true (g_hash_table_contains (colours, GUINT_TO_POINTER (0x3584e4)));  /* weights */
  g_assert_cmpuint (white, <, (guint) (width / 3) * (guint) (height / 3));
}

static gboolean
svg_parse (const char  *contents,
           gsize        len,
           GError     **error)
{
  static const GMarkupParser parser = { NULL, };
  g_autoptr(GMarkupParseContext) ctx = g_markup_parse_context_new (&parser, 0, NULL, NULL);

  return g_markup_parse_context_parse (ctx, contents, len, error) &&
         g_markup_parse_context_end_parse (ctx, error);
}

static void
test_svg (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "report.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (fit_report_write (&f->report, FIT_REPORT_FORMAT_SVG, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"640pt\""));

  /* Well-formed: GMarkup always, xmllint where installed. */
  g_assert_true (svg_parse (contents, len, &error));
  g_assert_no_error (error);
  if (*XMLLINT)
    g_free (run_tool (XMLLINT, "--noout", path, NULL));
  else
    g_test_message ("xmllint not found (libxml2-utils): checked with GMarkup only");

  /* A broken document is caught by the same check. */
  g_assert_false (svg_parse (contents, len / 2, &error));
  g_assert_nonnull (error);
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
assert_write_fails (Fixture    *f,
                    const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (fit_report_write (&f->report, FIT_REPORT_FORMAT_PDF, path, &error));
  g_assert_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE);
  /* The message names the file. */
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
}

/* Folders that cannot take the file: the failure is clean, with no file
 * and no temporary file left behind, even as root. */
static void
test_write_fails (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "report.pdf", NULL);
  g_autofree char *file = g_build_filename (f->dir, "plain-file", NULL);
  g_autofree char *under_file = g_build_filename (file, "report.pdf", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "folder.pdf", NULL);
  g_autofree char *read_only = g_build_filename (f->dir, "read-only", NULL);
  g_autofree char *in_read_only = g_build_filename (read_only, "report.pdf", NULL);

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);

  assert_write_fails (f, missing);
  assert_write_fails (f, under_file);
  assert_write_fails (f, folder);
  assert_write_fails (f, "/proc/fitmygpu-report-test.pdf");
  assert_write_fails (f, "");

  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  /* plain-file and folder.pdf, nothing else. */
  g_assert_cmpuint (count_entries (f->dir), ==, 2);

  /* A read-only folder blocks everyone but root. */
  g_assert_cmpint (g_mkdir (read_only, 0555), ==, 0);
  if (geteuid () != 0)
    {
      assert_write_fails (f, in_read_only);
      g_assert_cmpuint (count_entries (read_only), ==, 0);
    }
  else
    g_test_message ("running as root: a read-only folder does not block writes, checked the other cases");
}

/* Runs in a child: a file size limit makes write() fail with EFBIG, like
 * a full disk, after the temporary file exists. */
static void
write_with_file_limit (Fixture    *f,
                       const char *path)
{
  struct rlimit limit = { 4096, 4096 };
  g_autoptr(GError) error = NULL;

  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  g_assert_false (fit_report_write (&f->report, FIT_REPORT_FORMAT_PDF, path, &error));
  g_assert_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
  g_printerr ("%s\n", error->message);
}

/* An existing report survives a failed export byte for byte, and leaves
 * no temporary file. */
static void
test_existing_survives (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "keep.pdf", NULL);
  g_autofree char *png = g_build_filename (f->dir, "keep.png", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  const char original[] = "%PDF-1.5 the report from last week";
  gsize len;

  g_assert_true (g_file_set_contents (path, original, sizeof original, NULL));

  /* The child has a fixture, and a folder, of its own: it checks the
   * survivor itself. */
  if (g_test_subprocess ())
    {
      write_with_file_limit (f, path);
      g_assert_true (g_file_get_contents (path, &after, &len, NULL));
      g_assert_cmpmem (after, len, original, sizeof original);
      g_assert_cmpuint (count_entries (f->dir), ==, 1);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*keep.pdf*File too large*");

  /* A PNG too tall to render fails after its temporary file exists: the
   * existing file stays too. */
  g_clear_pointer (&after, g_free);
  g_assert_true (g_file_set_contents (png, original, sizeof original, NULL));
  {
    g_autofree FitSweepRow *many = g_new0 (FitSweepRow, 2000);

    for (guint i = 0; i < 2000; i++)
      many[i] = f->sweep[i % f->n_sweep];
    f->report.sweep = many;
    f->report.n_sweep = 2000;
    g_assert_false (fit_report_write (&f->report, FIT_REPORT_FORMAT_PNG, png, &error));
    f->report.sweep = f->sweep;
    f->report.n_sweep = f->n_sweep;
  }
  g_assert_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_RENDER);
  g_assert_nonnull (strstr (error->message, png));
  g_assert_true (g_file_get_contents (png, &after, &len, NULL));
  g_assert_cmpmem (after, len, original, sizeof original);
  g_assert_cmpuint (count_entries (f->dir), ==, 2);
}

/* Replacing a file works and keeps its permissions. */
static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "replace.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "old", 3, NULL));
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);

  g_assert_true (fit_report_write (&f->report, FIT_REPORT_FORMAT_SVG, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "<?xml"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  g_assert_cmpuint (count_entries (f->dir), ==, 1);
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(FitReportDocument) a4 = fit_report_document_new (&f->report, FIT_PAPER_A4_WIDTH,
                                                             FIT_PAPER_A4_HEIGHT);
  g_autoptr(FitReportDocument) tall = fit_report_document_new (&f->report, FIT_PAPER_A4_WIDTH, 0);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 100, 100);
  cairo_t *cr = cairo_create (surface);
  guint n_pages = 0;

  g_assert_cmpuint (fit_report_document_get_n_pages (a4), >=, 2);
  g_assert_cmpuint (fit_report_document_get_n_pages (tall), ==, 1);
  /* All of it on one page is taller than two A4 pages' content. */
  g_assert_cmpfloat (fit_report_document_get_page_height (tall), >, FIT_PAPER_A4_HEIGHT);

  g_assert_true (fit_report_render (cr, &f->report, FIT_PAPER_A4_WIDTH, FIT_PAPER_A4_HEIGHT, 0, &n_pages));
  g_assert_cmpuint (n_pages, ==, fit_report_document_get_n_pages (a4));
  g_assert_false (fit_report_render (cr, &f->report, FIT_PAPER_A4_WIDTH, FIT_PAPER_A4_HEIGHT,
                                     n_pages, NULL));
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static void
test_markdown (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *md = fit_report_to_markdown (&f->report);
  g_autofree char *total = fit_format_bytes (f->estimate.per_gpu_total);
  g_autofree char *verdict = g_strdup_printf ("**%s**", fit_verdict_label (f->estimate.verdict));

  g_assert_true (g_utf8_validate (md, -1, NULL));
  g_assert_true (g_str_has_prefix (md, "# Qwen2.5-0.5B on GeForce RTX 4060 (llama.cpp)\n"));
  assert_contains (md, verdict);
  assert_contains (md, "| Component | Size | How it is computed |");
  assert_contains (md, "|---|---:|---|");
  assert_contains (md, total);
  assert_contains (md, "## Which GPUs fit");
  assert_contains (md, "<https://huggingface.co/Qwen/Qwen2.5-0.5B>");
  /* The card's pipe is escaped, so it cannot break a table. */
  assert_contains (md, "edge devices | with");
  assert_contains (md, "- Runtime: llama.cpp");
  assert_contains (md, "9.8.7");
  g_assert_true (g_str_has_suffix (md, "\n"));
  g_assert_false (g_str_has_suffix (md, "\n\n"));
}

static void
test_sweep (Fixture       *f,
            gconstpointer  data)
{
  gboolean current = FALSE;

  g_assert_cmpuint (f->n_sweep, ==, FIT_REPORT_SWEEP_ROWS);
  for (guint i = 0; i < f->n_sweep; i++)
    {
      const FitDevice *d = f->sweep[i].device;

      current |= d == f->device;
      /* The farthest (80 GiB and 48 GiB) are left out. */
      g_assert_cmpuint (d->memory_bytes, <, 48 * FIT_GIB);
      if (i > 0)
        g_assert_cmpuint (f->sweep[i - 1].device->memory_bytes, <=, d->memory_bytes);
    }
  g_assert_true (current);
}

/* When none of the closest fits, the smallest that do take the places of
 * the farthest, and the table says so. */
static void
test_sweep_added (Fixture       *f,
                  gconstpointer  data)
{
  const FitDevice *list[21];
  g_autofree FitSweepRow *rows = NULL;
  g_autofree char *md = NULL;
  FitSettings s = f->settings;
  FitEstimate est;
  gboolean current = FALSE;
  guint n = 0, n_rows = 0, added = 0, fitting = 0;

  for (guint i = 0; i < G_N_ELEMENTS (f->others) && f->others[i] != NULL; i++)
    list[n++] = f->others[i];
  list[n++] = f->device;

  /* 100 sequences of 32K tokens: about 38 GiB of KV cache. */
  s.context = 32768;
  s.concurrency = 100;
  rows = fit_report_sweep_closest (f->model, f->device, &s, list, n, 0, &n_rows, &added);
  g_assert_cmpuint (n_rows, ==, FIT_REPORT_SWEEP_ROWS);
  g_assert_cmpuint (added, ==, 3);
  for (guint i = 0; i < n_rows; i++)
    {
      current |= rows[i].device == f->device;
      if (rows[i].estimate.verdict != FIT_VERDICT_DOES_NOT_FIT)
        {
          fitting++;
          g_assert_cmpuint (rows[i].device->memory_bytes, >=, 48 * FIT_GIB);
        }
      if (i > 0)
        g_assert_cmpuint (rows[i - 1].device->memory_bytes, <=, rows[i].device->memory_bytes);
    }
  g_assert_true (current);
  g_assert_cmpuint (fitting, ==, 3);

  report_test_estimate (f->model, f->device, &s, &est);
  fit_report_init (&f->report, f->model, f->device, &est);
  f->report.sweep = rows;
  f->report.n_sweep = n_rows;
  f->report.n_sweep_added = added;
  f->report.date = f->date;
  md = fit_report_to_markdown (&f->report);
  assert_contains (md, "None of the 12 catalog devices closest in memory fits; the 3 smallest that do are added");

  /* At settings that fit nearby, nothing is added. */
  g_clear_pointer (&rows, g_free);
  rows = fit_report_sweep_closest (f->model, f->device, &f->settings, list, n, 0, &n_rows, &added);
  g_assert_cmpuint (added, ==, 0);
}

static void
test_detected (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FitDevice) detected = fit_device_copy (f->device);
  g_autofree char *md = NULL;
  FitEstimate est;

  g_free (detected->id);
  detected->id = g_strdup ("detected:0");
  detected->detected = TRUE;
  detected->used_known = TRUE;
  detected->used_bytes = 700 * FIT_MIB;
  g_free (detected->catalog_id);
  detected->catalog_id = g_strdup ("rtx-4060");

  report_test_estimate (f->model, detected, &f->settings, &est);
  fit_report_init (&f->report, f->model, detected, &est);
  f->report.date = f->date;
  md = fit_report_to_markdown (&f->report);
  assert_contains (md, "## Device (detected in this computer)");
  assert_contains (md, "- Used by other processes: 700 MiB");
  assert_contains (md, "- Catalog match: rtx-4060");
  assert_contains (md, "| Other processes | 700 MiB |");
}

/* A report that does not fit says what would make it fit, as the window's
 * buttons do; one that fits says nothing of the kind. */
static void
test_fixes (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *fits = fit_report_to_markdown (&f->report);
  g_autofree char *md = NULL;
  FitSettings s = f->settings;
  FitEstimate est;

  g_assert_null (strstr (fits, "It fits with any one of these changes"));

  /* 64 sequences of 32K tokens: 24 GiB of KV cache for an 8 GiB card. */
  s.context = 32768;
  s.concurrency = 64;
  report_test_estimate (f->model, f->device, &s, &est);
  g_assert_cmpint (est.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
  fit_report_init (&f->report, f->model, f->device, &est);
  f->report.date = f->date;
  md = fit_report_to_markdown (&f->report);
  assert_contains (md, "It fits with any one of these changes: ");
  assert_contains (md, "sequences at once");
  assert_contains (md, "layers on the GPU (");
  assert_contains (md, " GPUs.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/report/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/report/format", test_format);
  g_test_add_func ("/report/png-encoder", test_png_encoder);
  g_test_add_func ("/report/paper/rule", test_paper_rule);
  g_test_add_func ("/report/paper/locale", test_paper_locale);
  ADD ("pdf/a4", test_pdf_a4);
  ADD ("pdf/letter", test_pdf_letter);
  ADD ("png", test_png);
  ADD ("svg", test_svg);
  ADD ("write/fails", test_write_fails);
  ADD ("write/existing-survives", test_existing_survives);
  ADD ("write/replace", test_replace);
  ADD ("pages", test_pages);
  ADD ("markdown", test_markdown);
  ADD ("fixes", test_fixes);
  ADD ("sweep", test_sweep);
  ADD ("sweep/added", test_sweep_added);
  ADD ("detected", test_detected);

#undef ADD

  return g_test_run ();
}
