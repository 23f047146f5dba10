/* bench-app.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Side by side, in one run: start to first frame and resident memory of
 * fitmygpu against a minimal libadwaita window, then the CPU time from a
 * slider change to the repaint. Needs a display (xvfb-run -a).
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include <adwaita.h>

#include "fit-catalog.h"
#include "fit-window-private.h"
#include "ui-test-util.h"

#define N_STARTS  5
#define N_SLIDES  60
#define MAX_SLIDES 5000

typedef struct
{
  double first_frame_ms;
  double rss_mib;
} StartResult;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a;
  double y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, (GCompareFunc)compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Starts @program, and times the line it prints after its first frame. */
static gboolean
measure_start (const char   *program,
               gboolean      fitmygpu,
               StartResult  *out,
               GError      **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) stream = NULL;
  g_autofree char *line = NULL;
  gint64 start = g_get_monotonic_time ();
  const char *rss;

  if (fitmygpu)
    g_subprocess_launcher_setenv (launcher, "FITMYGPU_BENCH_FIRST_FRAME", "1", TRUE);

  if (!(process = g_subprocess_launcher_spawn (launcher, error, program, NULL)))
    return FALSE;

  stream = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((line = g_data_input_stream_read_line_utf8 (stream, NULL, NULL, error)) != NULL)
    {
      if (g_str_has_prefix (line, "first-frame "))
        break;
      g_clear_pointer (&line, g_free);
    }

  out->first_frame_ms = (g_get_monotonic_time () - start) / 1000.0;

  if (line == NULL || (rss = strstr (line, "rss-kb=")) == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s never reported its first frame", program);
      return FALSE;
    }

  out->rss_mib = g_ascii_strtod (rss + strlen ("rss-kb="), NULL) / 1024.0;

  return g_subprocess_wait_check (process, NULL, error);
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* GTK lays out and draws in handlers it connected at realize, before ours:
 * our "layout" handler marks the end of layout. */
static double layout_done;

static void
layout_cb (GdkFrameClock *clock,
           gpointer       data)
{
  layout_done = cpu_ms ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* CPU from a context change to the end of the frame that shows it. */
static void
measure_slider (guint     n_slides,
                gboolean  scrolled,
                double   *median_ms,
                double *max_ms,
                double *layout_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FitCatalog) catalog = fit_catalog_load_default (&error);
  g_autofree double *times = g_new0 (double, n_slides);
  g_autofree double *layouts = g_new0 (double, n_slides);
  FitWindow *window;
  FitControls *controls;
  GdkFrameClock *clock;
  gboolean painted = FALSE;

  g_assert_no_error (error);

  window = g_object_new (FIT_TYPE_WINDOW, "catalog", catalog, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  gtk_window_present (GTK_WINDOW (window));
  fit_window_set_model_id (window, "qwen2.5-7b-instruct");
  while (_fit_window_is_detecting (window))
    g_main_context_iteration (NULL, TRUE);
  fit_test_spin (300);

  /* Scrolled down, the context chart, the table and the launch command are
   * in view and follow every rest of the controls. */
  if (scrolled)
    {
      GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window->main_scroller));

      gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      fit_test_spin (300);
    }

  controls = _fit_window_get_controls (window);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  g_signal_connect (clock, "layout", G_CALLBACK (layout_cb), NULL);

  for (guint i = 0; i < n_slides; i++)
    {
      double start;

      /* Let the controls rest, as between two moves of a hand, so that
       * what follows a rest is not part of the move. */
      _fit_window_settle_below_fold (window);
      painted = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (window));
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      fit_test_spin (20);

      painted = FALSE;
      start = cpu_ms ();
      fit_controls_set_context (controls, i % 2 ? 8192 : 16384);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      times[i] = cpu_ms () - start;
      layouts[i] = layout_done - start;
    }

  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, &painted);
  g_signal_handlers_disconnect_by_func (clock, layout_cb, NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  *max_ms = 0;
  for (guint i = 0; i < n_slides; i++)
    *max_ms = MAX (*max_ms, times[i]);
  *median_ms = median (times, n_slides);
  *layout_ms = median (layouts, n_slides);
}

static void
print_slider (guint n_slides)
{
  for (guint scrolled = 0; scrolled < 2; scrolled++)
    {
      double slide_median, slide_max, slide_layout;

      measure_slider (n_slides, scrolled, &slide_median, &slide_max, &slide_layout);
      g_print ("slider change to repaint, %s: %.2f ms CPU median, %.2f ms max over %u moves (target < 4 ms); "
               "of which estimate, widgets and layout %.2f ms, drawing %.2f ms\n",
               scrolled ? "scrolled to the table" : "as opened",
               slide_median, slide_max, n_slides, slide_layout, slide_median - slide_layout);
    }
}

/* With "--slider-only N", only the slider is measured, over N moves: for
 * running under a profiler. */
int
main (int   argc,
      char *argv[])
{
  double app_frame[N_STARTS], min_frame[N_STARTS], app_rss[N_STARTS], min_rss[N_STARTS];
  double frame_app, frame_min, rss_app, rss_min;

  gtk_init ();
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();

  if (argc == 3 && g_str_equal (argv[1], "--slider-only"))
    {
      guint64 n = 0;

      if (!g_ascii_string_to_unsigned (argv[2], 10, 1, MAX_SLIDES, &n, NULL))
        {
          g_printerr ("bench-app: --slider-only takes a number of moves from 1 to %u\n", MAX_SLIDES);
          return EXIT_FAILURE;
        }
      print_slider (n);
      return EXIT_SUCCESS;
    }

  /* Alternate, so that a disk cache or a busy neighbour hurts both alike. */
  for (guint i = 0; i < N_STARTS; i++)
    {
      g_autoptr(GError) error = NULL;
      StartResult app, minimal;

      if (!measure_start (FITMYGPU_PATH, TRUE, &app, &error) ||
          !measure_start (MINIMAL_WINDOW_PATH, FALSE, &minimal, &error))
        {
          g_printerr ("bench-app: %s\n", error->message);
          return EXIT_FAILURE;
        }

      app_frame[i] = app.first_frame_ms;
      app_rss[i] = app.rss_mib;
      min_frame[i] = minimal.first_frame_ms;
      min_rss[i] = minimal.rss_mib;
    }

  frame_app = median (app_frame, N_STARTS);
  frame_min = median (min_frame, N_STARTS);
  rss_app = median (app_rss, N_STARTS);
  rss_min = median (min_rss, N_STARTS);

  g_print ("start to first frame: fitmygpu %.0f ms, minimal libadwaita window %.0f ms, ratio %.2f (target ≤ 1.5)\n",
           frame_app, frame_min, frame_app / frame_min);
  g_print ("resident memory after start: fitmygpu %.1f MiB, minimal libadwaita window %.1f MiB, ratio %.2f (target ≤ 1.5)\n",
           rss_app, rss_min, rss_app / rss_min);
  print_slider (N_SLIDES);

  return EXIT_SUCCESS;
}
