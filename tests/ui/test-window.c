/* test-window.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fit-catalog.h"
#include "fit-report.h"
#include "fit-search-button.h"
#include "fit-solve.h"
#include "fit-window-private.h"
#include "ui-test-util.h"

static FitCatalog *catalog;
static GtkCssProvider *app_style;
static GtkCssProvider *app_dark_style;

/* Detection reads these fixture trees instead of this machine. */
static void
use_fixture (const char *tree)
{
  g_autofree char *sys = g_build_filename (GPU_FIXTURES_DIR, tree, "sys", NULL);
  g_autofree char *proc = g_build_filename (GPU_FIXTURES_DIR, tree, "proc", NULL);
  g_autofree char *dev = g_build_filename (GPU_FIXTURES_DIR, tree, "dev", NULL);
  g_autofree char *pci_ids = g_build_filename (GPU_FIXTURES_DIR, "pci.ids", NULL);

  g_setenv ("FITMYGPU_SYSFS_ROOT", sys, TRUE);
  g_setenv ("FITMYGPU_PROC_ROOT", proc, TRUE);
  g_setenv ("FITMYGPU_DEV_ROOT", dev, TRUE);
  g_setenv ("FITMYGPU_PCI_IDS", pci_ids, TRUE);
  g_setenv ("FITMYGPU_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1", TRUE);
}

static FitWindow *
create_window (GSettings *settings,
               int        width,
               int        height)
{
  FitWindow *window = g_object_new (FIT_TYPE_WINDOW,
                                    "catalog", catalog,
                                    "settings", settings,
                                    NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));

  while (_fit_window_is_detecting (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (_fit_window_is_detecting (window));

  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  fit_test_spin (100);

  return window;
}

static void
destroy_window (FitWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static FitEstimate
get_estimate (FitWindow *window)
{
  FitEstimate estimate;

  g_assert_true (_fit_window_get_estimate (window, &estimate));
  return estimate;
}

static char *
chart_summary (FitWindow *window)
{
  return g_strdup (fit_vram_chart_get_summary (_fit_window_get_vram_chart (window)));
}

/* The window opens on the default model, on a common card when this
 * computer shows no GPU, with a chart that has something to show. */
static void
test_window_defaults (void)
{
  FitWindow *window;
  const FitChartModel *chart;
  const FitChartBar *bar;
  guint64 sum = 0;

  use_fixture ("no-gpu");
  window = create_window (NULL, 1200, 800);

  g_assert_cmpstr (_fit_window_get_model (window)->id, ==, "qwen2.5-0.5b-instruct");
  g_assert_cmpstr (_fit_window_get_device (window)->id, ==, "rtx-4060-ti-16gb");
  g_assert_false (_fit_window_is_card_stacked (window));

  chart = fit_vram_chart_get_chart_model (_fit_window_get_vram_chart (window));
  g_assert_nonnull (chart);
  g_assert_cmpuint (fit_chart_model_get_n_bars (chart), >=, 1);
  bar = fit_chart_model_get_bar (chart, 0);
  g_assert_cmpuint (bar->n_segments, >, 0);
  for (guint i = 0; i < bar->n_segments; i++)
    sum += bar->segments[i].bytes;
  g_assert_cmpuint (sum, >, 0);
  g_assert_cmpuint (bar->used_bytes, ==, get_estimate (window).per_gpu_total);

  /* What lies below the fold follows once the controls rest, and is seen. */
  _fit_window_flush_below_fold (window);
  g_assert_nonnull (fit_context_chart_get_curve (_fit_window_get_context_chart (window)));
  g_assert_nonnull (strstr (fit_launch_view_get_text (_fit_window_get_launch_view (window)), "llama-server"));
  g_assert_cmpuint (g_list_model_get_n_items (fit_gpu_table_get_rows (_fit_window_get_gpu_table (window))),
                    ==, fit_catalog_get_n_devices (catalog));

  destroy_window (window);
}

typedef void (*ChangeFunc) (FitControls *controls);

static void set_runtime (FitControls *c)       { fit_controls_set_runtime (c, "vllm"); }
static void set_weight_format (FitControls *c) { fit_controls_set_weight_format (c, "q8_0"); }
static void set_kv_type (FitControls *c)       { fit_controls_set_kv_type (c, "q4_0"); }
static void set_context (FitControls *c)       { fit_controls_set_context (c, 32768); }
static void set_concurrency (FitControls *c)   { fit_controls_set_concurrency (c, 4); }
static void set_gpu_count (FitControls *c)     { fit_controls_set_gpu_count (c, 2); }
static void set_gpu_layers (FitControls *c)    { fit_controls_set_gpu_layers (c, 10); }
static void set_flash_attn (FitControls *c)    { fit_controls_set_flash_attn (c, "off"); }

static void
prepare_vllm (FitControls *c)
{
  fit_controls_set_runtime (c, "vllm");
}

static void
set_gpu_util (FitControls *c)
{
  fit_controls_set_gpu_util (c, 0.6);
}

static gboolean
estimates_differ (const FitEstimate *a,
                  const FitEstimate *b)
{
  return a->total_bytes != b->total_bytes ||
         a->per_gpu_total != b->per_gpu_total ||
         a->host_bytes != b->host_bytes ||
         a->budget_bytes != b->budget_bytes ||
         a->max_context != b->max_context ||
         a->max_concurrency != b->max_concurrency;
}

/* Each control reaches the estimator, and the chart shows the new estimate. */
static void
test_window_controls_change_estimate (void)
{
  static const struct {
    const char *name;
    ChangeFunc  prepare;
    ChangeFunc  change;
  } changes[] = {
    { "runtime", NULL, set_runtime },
    { "weight format", NULL, set_weight_format },
    { "kv type", NULL, set_kv_type },
    { "context", NULL, set_context },
    { "concurrency", NULL, set_concurrency },
    { "gpu count", NULL, set_gpu_count },
    { "gpu layers", NULL, set_gpu_layers },
    { "flash attention", set_context, set_flash_attn },
    { "gpu utilization", prepare_vllm, set_gpu_util },
  };

  use_fixture ("no-gpu");

  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      FitWindow *window = create_window (NULL, 1200, 800);
      FitControls *controls = _fit_window_get_controls (window);
      g_autofree char *summary_before = NULL;
      g_autofree char *summary_after = NULL;
      FitEstimate before, after;

      g_test_message ("changing the %s", changes[i].name);

      /* A 7B model, so that every term is large enough to move. */
      fit_window_set_model_id (window, "qwen2.5-7b-instruct");
      fit_window_set_device_id (window, "rtx-4090");
      if (changes[i].prepare != NULL)
        changes[i].prepare (controls);

      before = get_estimate (window);
      summary_before = chart_summary (window);

      changes[i].change (controls);

      after = get_estimate (window);
      summary_after = chart_summary (window);

      g_assert_true (estimates_differ (&before, &after));
      g_assert_cmpstr (summary_before, !=, summary_after);

      destroy_window (window);
    }
}

/* The last choices come back at the next start. */
static void
test_window_settings_round_trip (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  FitWindow *window;
  FitControls *controls;
  int width, height;

  use_fixture ("no-gpu");
  g_settings_reset (settings, "model-id");

  window = create_window (settings, 1000, 700);
  controls = _fit_window_get_controls (window);

  fit_window_set_model_id (window, "qwen3-8b");
  fit_window_set_device_id (window, "rtx-3060-12gb");
  fit_controls_set_runtime (controls, "vllm");
  fit_controls_set_context (controls, 8192);
  fit_controls_set_concurrency (controls, 3);
  fit_controls_set_gpu_util (controls, 0.8);

  g_assert_cmpstr (g_settings_get_string (settings, "model-id"), ==, "qwen3-8b");
  g_assert_cmpuint (g_settings_get_uint64 (settings, "context"), ==, 8192);
  g_assert_cmpuint (g_settings_get_uint (settings, "concurrency"), ==, 3);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "gpu-util"), 0.8, 1e-9);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 650);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);

  destroy_window (window);

  window = create_window (settings, 1000, 700);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  controls = _fit_window_get_controls (window);
  g_assert_cmpstr (_fit_window_get_model (window)->id, ==, "qwen3-8b");
  g_assert_cmpstr (_fit_window_get_device (window)->id, ==, "rtx-3060-12gb");
  g_assert_cmpstr (fit_controls_get_runtime (controls), ==, "vllm");
  g_assert_cmpuint (fit_controls_get_context (controls), ==, 8192);
  g_assert_cmpuint (get_estimate (window).settings.context, ==, 8192);
  g_assert_cmpuint (get_estimate (window).settings.concurrency, ==, 3);
  destroy_window (window);

  /* An id that no longer exists falls back to the default model. */
  g_settings_set_string (settings, "model-id", "removed-model");
  window = create_window (settings, 1000, 700);
  g_assert_cmpstr (_fit_window_get_model (window)->id, ==, "qwen2.5-0.5b-instruct");
  destroy_window (window);

  g_settings_reset (settings, "model-id");
  g_settings_reset (settings, "device-id");
  g_settings_reset (settings, "runtime");
  g_settings_reset (settings, "context");
  g_settings_reset (settings, "concurrency");
  g_settings_reset (settings, "gpu-util");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* A model that does not fit offers fixes; applying one makes it fit. */
static void
test_window_fixes (void)
{
  FitWindow *window;
  FitEstimate estimate;
  GtkWidget *layers_fix;
  guint32 gpus;

  use_fixture ("no-gpu");
  window = create_window (NULL, 1200, 800);
  fit_window_set_model_id (window, "llama-3.1-70b-instruct");
  fit_window_set_device_id (window, "rtx-3060-12gb");

  estimate = get_estimate (window);
  g_assert_cmpint (estimate.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
  g_assert_cmpuint (fit_verdict_panel_get_n_fixes (_fit_window_get_verdict_panel (window)), >=, 1);

  gpus = fit_solve_min_gpus (_fit_window_get_model (window), _fit_window_get_device (window), &estimate.settings);
  g_assert_cmpuint (gpus, >, 1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-gpu-count", "u", gpus);
  g_assert_cmpuint (fit_controls_get_gpu_count (_fit_window_get_controls (window)), ==, gpus);
  g_assert_cmpint (get_estimate (window).verdict, !=, FIT_VERDICT_DOES_NOT_FIT);

  /* Back to one card: llama.cpp can keep part of the layers on it. Clicking
   * that fix makes it fit, with the rest in system RAM. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.set-gpu-count", "u", 1);
  g_assert_cmpint (get_estimate (window).verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
  layers_fix = fit_test_find_fix_button (GTK_WIDGET (_fit_window_get_verdict_panel (window)), "win.set-gpu-layers");
  g_assert_nonnull (layers_fix);
  /* "clicked", as a click or Enter ends; activating waits for a timeout. */
  g_signal_emit_by_name (layers_fix, "clicked");
  estimate = get_estimate (window);
  g_assert_cmpint (estimate.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
  g_assert_cmpuint (estimate.host_bytes, >, 0);
  g_assert_cmpint (fit_controls_get_gpu_layers (_fit_window_get_controls (window)), <,
                   (gint) _fit_window_get_model (window)->n_layers);
  g_assert_null (fit_test_find_fix_button (GTK_WIDGET (_fit_window_get_verdict_panel (window)), "win.set-gpu-layers"));

  destroy_window (window);
}

/* Activating a row of "Which GPUs fit" selects that GPU. */
static GObject *
find_row (GListModel *rows,
          const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *row_id = NULL;

      g_object_get (row, "id", &row_id, NULL);
      if (g_strcmp0 (row_id, id) == 0)
        return g_steal_pointer (&row);
    }

  g_assert_not_reached ();
  return NULL;
}

/* The table and the context chart below the fold wait until they are seen,
 * then catch up before the frame that shows them. */
static void
test_window_below_fold (void)
{
  FitWindow *window;
  FitControls *controls;
  GtkAdjustment *adjustment;
  const FitContextCurve *curve;
  g_autoptr(GObject) row = NULL;
  guint max_concurrency_before = 0;
  guint max_concurrency_after = 0;
  FitEstimate estimate;
  GListModel *rows;
  graphene_rect_t bounds;

  use_fixture ("no-gpu");
  window = create_window (NULL, 1200, 700);
  controls = _fit_window_get_controls (window);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window->main_scroller));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);

  fit_window_set_model_id (window, "qwen2.5-7b-instruct");
  _fit_window_flush_below_fold (window);
  rows = fit_gpu_table_get_rows (_fit_window_get_gpu_table (window));
  row = find_row (rows, _fit_window_get_device (window)->id);
  g_object_get (row, "max-concurrency", &max_concurrency_before, NULL);
  g_clear_object (&row);

  /* A move out of sight: once the controls rest, the table still waits. */
  fit_controls_set_context (controls, 16384);
  _fit_window_settle_below_fold (window);
  fit_test_spin (50);
  g_assert_true (_fit_window_is_below_fold_stale (window));
  curve = fit_context_chart_get_curve (_fit_window_get_context_chart (window));
  g_assert_cmpuint (fit_context_curve_get_current (curve), !=, 16384);

  /* Scrolled into view, each catches up. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (_fit_window_get_context_chart (window)),
                                            GTK_WIDGET (window->main_box), &bounds));
  gtk_adjustment_set_value (adjustment, bounds.origin.y);
  fit_test_spin (100);
  curve = fit_context_chart_get_curve (_fit_window_get_context_chart (window));
  g_assert_cmpuint (fit_context_curve_get_current (curve), ==, 16384);

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  fit_test_spin (100);
  g_assert_false (_fit_window_is_below_fold_stale (window));

  estimate = get_estimate (window);
  g_assert_cmpuint (estimate.settings.context, ==, 16384);
  row = find_row (rows, _fit_window_get_device (window)->id);
  g_object_get (row, "max-concurrency", &max_concurrency_after, NULL);
  g_assert_cmpuint (max_concurrency_after, <, max_concurrency_before);

  /* In view, the table follows once the controls rest. */
  fit_controls_set_context (controls, 8192);
  g_assert_true (_fit_window_is_below_fold_stale (window));
  _fit_window_settle_below_fold (window);
  g_assert_false (_fit_window_is_below_fold_stale (window));

  /* The context chart, in view, follows every move at once, and a context
   * move only moves its marker over the samples it has. */
  gtk_adjustment_set_value (adjustment, bounds.origin.y);
  fit_test_spin (100);
  curve = fit_context_chart_get_curve (_fit_window_get_context_chart (window));
  fit_controls_set_context (controls, 2048);
  g_assert_true (fit_context_chart_get_curve (_fit_window_get_context_chart (window)) == curve);
  g_assert_cmpuint (fit_context_curve_get_current (curve), ==, 2048);

  /* Another model is sampled afresh. */
  fit_window_set_model_id (window, "qwen2.5-0.5b-instruct");
  g_assert_true (fit_context_chart_get_curve (_fit_window_get_context_chart (window)) != curve);

  destroy_window (window);
}

/* Narrow, everything stacks in one scrolling column: the table still
 * waits out of sight and catches up when scrolled to. */
static void
test_window_below_fold_narrow (void)
{
  FitWindow *window;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;

  use_fixture ("no-gpu");
  window = create_window (NULL, 360, 700);
  g_assert_true (_fit_window_is_card_stacked (window));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (window->main_scroller));

  _fit_window_flush_below_fold (window);
  fit_controls_set_context (_fit_window_get_controls (window), 16384);
  _fit_window_settle_below_fold (window);
  fit_test_spin (50);
  g_assert_true (_fit_window_is_below_fold_stale (window));

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (_fit_window_get_gpu_table (window)),
                                            GTK_WIDGET (window->main_box), &bounds));
  gtk_adjustment_set_value (adjustment, bounds.origin.y);
  fit_test_spin (100);
  g_assert_false (_fit_window_is_below_fold_stale (window));

  destroy_window (window);
}

static void
test_window_gpu_table (void)
{
  FitWindow *window;
  GtkWidget *column_view;
  GListModel *rows;
  g_autoptr(GObject) row = NULL;
  g_autofree char *id = NULL;

  use_fixture ("no-gpu");
  window = create_window (NULL, 1200, 800);
  _fit_window_flush_below_fold (window);

  column_view = fit_test_template_child (GTK_WIDGET (_fit_window_get_gpu_table (window)),
                                         FIT_TYPE_GPU_TABLE, "column_view");
  rows = fit_gpu_table_get_rows (_fit_window_get_gpu_table (window));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 10);

  row = g_list_model_get_item (rows, 10);
  g_object_get (row, "id", &id, NULL);
  g_assert_cmpstr (id, !=, _fit_window_get_device (window)->id);

  g_signal_emit_by_name (column_view, "activate", 10);
  g_assert_cmpstr (_fit_window_get_device (window)->id, ==, id);
  g_assert_cmpstr (fit_window_get_device_id (window), ==, id);

  destroy_window (window);
}

/* A GPU in this computer comes first, with what other programs use as its
 * own segment, and can be judged against its total memory. */
static void
test_window_detected (void)
{
  FitWindow *window;
  FitDevicePicker *picker;
  GtkWidget *budget_row;
  const FitDevice *device;
  const FitChartBar *bar;
  FitEstimate free_basis, total_basis;

  use_fixture ("rx7900xtx");
  window = create_window (NULL, 1200, 800);
  device = _fit_window_get_device (window);
  picker = _fit_window_get_device_picker (window);

  g_assert_true (device->detected);
  g_assert_cmpstr (device->id, ==, "detected:0");
  g_assert_cmpstr (fit_device_picker_get_device_id (picker), ==, "detected:0");
  g_assert_nonnull (_fit_window_get_detected (window));
  g_assert_cmpuint (_fit_window_get_detected (window)->len, ==, 1);
  g_assert_nonnull (_fit_window_get_detected_backend (window, 0));

  budget_row = fit_test_template_child (GTK_WIDGET (_fit_window_get_controls (window)),
                                        FIT_TYPE_CONTROLS, "budget_row");
  g_assert_true (gtk_widget_get_visible (budget_row));

  free_basis = get_estimate (window);
  if (device->used_known && device->used_bytes > 0)
    {
      bar = fit_chart_model_get_bar (fit_vram_chart_get_chart_model (_fit_window_get_vram_chart (window)), 0);
      g_assert_cmpuint (bar->other_bytes, >, 0);
      g_assert_cmpuint (free_basis.other_used_bytes, ==, device->used_bytes);
    }

  fit_controls_set_budget_basis (_fit_window_get_controls (window), "total");
  total_basis = get_estimate (window);
  g_assert_cmpint (total_basis.settings.budget_basis, ==, FIT_BUDGET_TOTAL);
  if (device->used_known && device->used_bytes > 0)
    g_assert_cmpuint (total_basis.budget_bytes, >, free_basis.budget_bytes);

  /* The "which GPUs fit" table judges it too. */
  _fit_window_flush_below_fold (window);
  g_assert_cmpuint (g_list_model_get_n_items (fit_gpu_table_get_rows (_fit_window_get_gpu_table (window))),
                    ==, fit_catalog_get_n_devices (catalog) + 1);

  /* Choosing a catalog card hides the switch again. */
  fit_window_set_device_id (window, "rtx-4090");
  g_assert_false (gtk_widget_get_visible (budget_row));

  destroy_window (window);
}

/* Ctrl+F opens the model list with the focus in its search field. */
static void
test_window_search_action (void)
{
  FitWindow *window;
  GtkWidget *button;
  GtkWidget *popover;

  use_fixture ("no-gpu");
  window = create_window (NULL, 1200, 800);
  button = fit_test_template_child (GTK_WIDGET (_fit_window_get_model_selector (window)),
                                    FIT_TYPE_MODEL_SELECTOR, "button");
  popover = fit_test_template_child (button, FIT_TYPE_SEARCH_BUTTON, "popover");

  g_assert_false (gtk_widget_get_visible (popover));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.search-models", NULL);
  fit_test_spin (50);
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));

  destroy_window (window);
}

/* The shortcuts window is built when first asked for, once. */
static void
test_window_shortcuts (void)
{
  FitWindow *window;
  GtkShortcutsWindow *shortcuts;

  use_fixture ("no-gpu");
  window = create_window (NULL, 1200, 800);
  g_assert_null (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortcuts", NULL);
  shortcuts = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (shortcuts);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shortcuts)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (shortcuts)) == GTK_WINDOW (window));

  gtk_window_close (GTK_WINDOW (shortcuts));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-shortcuts", NULL);
  g_assert_true (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == shortcuts);
  gtk_window_close (GTK_WINDOW (shortcuts));

  destroy_window (window);
}

/* The Markdown summary and a report written from the window. */
static void
test_window_reports (void)
{
  FitWindow *window;
  g_autofree char *markdown = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  use_fixture ("no-gpu");
  window = create_window (NULL, 1200, 800);

  markdown = _fit_window_dup_markdown (window);
  g_assert_nonnull (markdown);
  g_assert_nonnull (strstr (markdown, _fit_window_get_model (window)->name));

  dir = g_dir_make_tmp ("fitmygpu-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "report.png", NULL);
  g_assert_true (_fit_window_write_report (window, path, FIT_REPORT_FORMAT_PNG, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_remove (path);
  g_rmdir (dir);

  destroy_window (window);
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* GTK keeps its own reference to every toplevel. */
      if (ADW_IS_MESSAGE_DIALOG (window))
        return g_steal_pointer (&window);
    }

  return NULL;
}

/* A GGUF file opens as a model with exact bytes; a broken one says why. */
static void
test_window_open_file (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *path = g_build_filename (GGUF_CORPUS_DIR, "qwen2-bias-tied.gguf", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *junk = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) recent = NULL;
  gint64 deadline;
  FitWindow *window;
  const FitModel *model;
  GtkWindow *dialog;

  use_fixture ("no-gpu");
  g_settings_reset (settings, "recent-files");
  window = create_window (settings, 1200, 800);

  fit_window_open_path (window, path);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_str_has_prefix (_fit_window_get_model (window)->id, "file:") && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  model = _fit_window_get_model (window);
  g_assert_true (g_str_has_prefix (model->id, "file:"));
  g_assert_nonnull (model->exact);
  g_assert_cmpstr (model->source_path, ==, path);
  g_assert_cmpint (get_estimate (window).settings.weights, ==, FIT_WEIGHTS_EXACT);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));

  recent = g_settings_get_strv (settings, "recent-files");
  g_assert_cmpstr (recent[0], ==, path);

  /* An opened model can be kept in the user catalog. */
  {
    guint n_models = fit_catalog_get_n_models (catalog);
    const FitModel *saved = NULL;

    gtk_widget_activate_action (GTK_WIDGET (window), "win.save-model", NULL);
    if (find_message_dialog () != NULL)
      g_test_message ("%s", adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (find_message_dialog ())));
    g_assert_null (find_message_dialog ());
    g_assert_cmpuint (fit_catalog_get_n_models (catalog), ==, n_models + 1);
    for (guint i = 0; i < fit_catalog_get_n_models (catalog); i++)
      {
        const FitModel *m = fit_catalog_get_model (catalog, i);

        if (m->user_entry && g_str_has_prefix (m->id, "user-"))
          saved = m;
      }
    g_assert_nonnull (saved);
    g_assert_cmpuint (saved->n_layers, ==, _fit_window_get_model (window)->n_layers);
    g_assert_true (fit_catalog_remove_user_model (catalog, saved->id, &error));
    g_assert_no_error (error);
    model = _fit_window_get_model (window);
  }

  /* Garbage: a dialog names the problem, the model stays. */
  dir = g_dir_make_tmp ("fitmygpu-test-open-XXXXXX", &error);
  g_assert_no_error (error);
  junk = g_build_filename (dir, "junk.gguf", NULL);
  g_file_set_contents (junk, "GGUF but not really", -1, &error);
  g_assert_no_error (error);

  fit_window_open_path (window, junk);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((dialog = find_message_dialog ()) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), "junk.gguf"));
  g_assert_cmpstr (_fit_window_get_model (window)->id, ==, model->id);
  gtk_window_destroy (dialog);
  g_object_unref (dialog);

  g_remove (junk);
  g_rmdir (dir);
  g_settings_reset (settings, "recent-files");
  g_settings_reset (settings, "model-id");
  destroy_window (window);
}

static void
set_dark (gboolean dark)
{
  GdkDisplay *display = gdk_display_get_default ();

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);

  /* What AdwApplication does for the app: style.css, and style-dark.css on top in dark mode. */
  gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (app_dark_style));
  if (dark)
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (app_dark_style),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Screenshots of the main window, wide and narrow, light and dark, in the
 * build folder, for people to look at. */
static void
test_window_screenshots (void)
{
  static const struct {
    const char *name;
    int         width;
    int         height;
    gboolean    dark;
    const char *fixture;
    const char *model_id;
    const char *device_id;
  } shots[] = {
    { "window-wide-light.png", 1200, 800, FALSE, "no-gpu", NULL, NULL },
    { "window-wide-dark.png", 1200, 800, TRUE, "no-gpu", NULL, NULL },
    { "window-narrow-light.png", 360, 720, FALSE, "no-gpu", NULL, NULL },
    { "window-narrow-dark.png", 360, 720, TRUE, "no-gpu", NULL, NULL },
    /* The states a user meets next: too big, and a GPU of this computer. */
    { "window-does-not-fit.png", 1200, 800, FALSE, "no-gpu", "llama-3.1-70b-instruct", "rtx-3060-12gb" },
    { "window-detected-dark.png", 1200, 800, TRUE, "rx7900xtx", "qwen3-30b-a3b", NULL },
  };
  const char *dir = g_getenv ("FITMYGPU_SCREENSHOT_DIR");

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      g_autofree char *path = g_build_filename (dir != NULL ? dir : g_get_tmp_dir (), shots[i].name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      FitWindow *window;
      gboolean saved;

      use_fixture (shots[i].fixture);
      set_dark (shots[i].dark);
      window = create_window (NULL, shots[i].width, shots[i].height);
      if (shots[i].model_id != NULL)
        fit_window_set_model_id (window, shots[i].model_id);
      if (shots[i].device_id != NULL)
        fit_window_set_device_id (window, shots[i].device_id);
      _fit_window_flush_below_fold (window);
      fit_test_spin (200);

      /* Narrow windows stack the card under the controls. */
      g_assert_true (_fit_window_is_card_stacked (window) == (shots[i].width < 600));

      /* The screenshot copies the last frame: take it right after one, before
       * any idle callback can queue another draw. */
      gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
      saved = _fit_window_save_screenshot (window, path, &error);
      g_assert_no_error (error);
      g_assert_true (saved);

      texture = gdk_texture_new_from_filename (path, &error);
      g_assert_no_error (error);
      /* The window frame may take a few pixels of the requested size. */
      g_assert_cmpint (gdk_texture_get_width (texture), >=, shots[i].width - 20);
      g_assert_cmpint (gdk_texture_get_height (texture), >=, shots[i].height - 20);
      g_test_message ("saved %s", path);

      destroy_window (window);
    }

  set_dark (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  data_home = g_dir_make_tmp ("fitmygpu-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();

  app_style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (app_style, RESOURCE_BASE "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (app_style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  app_dark_style = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (app_dark_style, RESOURCE_BASE "/style-dark.css");

  catalog = fit_catalog_load_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/window/defaults", test_window_defaults);
  g_test_add_func ("/window/controls-change-estimate", test_window_controls_change_estimate);
  g_test_add_func ("/window/settings-round-trip", test_window_settings_round_trip);
  g_test_add_func ("/window/fixes", test_window_fixes);
  g_test_add_func ("/window/gpu-table", test_window_gpu_table);
  g_test_add_func ("/window/below-fold", test_window_below_fold);
  g_test_add_func ("/window/below-fold-narrow", test_window_below_fold_narrow);
  g_test_add_func ("/window/detected", test_window_detected);
  g_test_add_func ("/window/search-action", test_window_search_action);
  g_test_add_func ("/window/shortcuts", test_window_shortcuts);
  g_test_add_func ("/window/reports", test_window_reports);
  g_test_add_func ("/window/open-file", test_window_open_file);
  g_test_add_func ("/window/screenshots", test_window_screenshots);

  ret = g_test_run ();

  g_clear_object (&app_style);
  g_clear_object (&app_dark_style);
  fit_catalog_unref (catalog);
  g_rmdir (data_home);

  return ret;
}
