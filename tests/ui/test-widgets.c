/* test-widgets.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "fit-catalog.h"
#include "fit-context-chart.h"
#include "fit-controls.h"
#include "fit-custom-entry-dialog.h"
#include "fit-device-picker.h"
#include "fit-gpu-table.h"
#include "fit-launch-view.h"
#include "fit-model-card-view.h"
#include "fit-model-selector.h"
#include "fit-search-button.h"
#include "fit-units.h"
#include "fit-verdict-panel.h"
#include "fit-vram-chart.h"
#include "ui-test-util.h"

static FitCatalog *catalog;

static const FitModel *
get_model (const char *id)
{
  const FitModel *model = fit_catalog_find_model (catalog, id);

  g_assert_nonnull (model);
  return model;
}

static const FitDevice *
get_device (const char *id)
{
  const FitDevice *device = fit_catalog_find_device (catalog, id);

  g_assert_nonnull (device);
  return device;
}

static void
estimate (const FitModel  *model,
          const FitDevice *device,
          FitEstimate     *out)
{
  g_autoptr(GError) error = NULL;
  FitSettings settings;

  fit_settings_init (&settings);
  g_assert_true (fit_estimate (model, device, &settings, out, &error));
  g_assert_no_error (error);
}

/* Every widget, empty and filled, goes away with its last reference. */
static void
test_widgets_finalize (void)
{
  GType types[] = {
    FIT_TYPE_CONTEXT_CHART, FIT_TYPE_CONTROLS, FIT_TYPE_DEVICE_PICKER, FIT_TYPE_GPU_TABLE,
    FIT_TYPE_LAUNCH_VIEW, FIT_TYPE_MODEL_CARD_VIEW, FIT_TYPE_MODEL_SELECTOR,
    FIT_TYPE_SEARCH_BUTTON, FIT_TYPE_VERDICT_PANEL, FIT_TYPE_VRAM_CHART,
  };
  const FitModel *model = get_model ("qwen2.5-7b-instruct");
  const FitDevice *device = get_device ("rtx-3060-12gb");
  FitEstimate est;

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_ref_sink (g_object_new (types[i], NULL));

      g_assert_finalize_object (widget);
    }

  estimate (model, device, &est);

  {
    GtkWidget *chart = g_object_ref_sink (fit_vram_chart_new ());

    fit_vram_chart_set_estimate (FIT_VRAM_CHART (chart), model, device, &est);
    g_assert_nonnull (fit_vram_chart_get_chart_model (FIT_VRAM_CHART (chart)));
    g_assert_finalize_object (chart);
  }

  {
    GtkWidget *chart = g_object_ref_sink (fit_context_chart_new ());

    fit_context_chart_set_settings (FIT_CONTEXT_CHART (chart), model, device, &est.settings);
    g_assert_nonnull (fit_context_chart_get_curve (FIT_CONTEXT_CHART (chart)));
    g_assert_finalize_object (chart);
  }

  {
    GtkWidget *card = g_object_ref_sink (fit_model_card_view_new ());

    fit_model_card_view_set_catalog (FIT_MODEL_CARD_VIEW (card), catalog);
    fit_model_card_view_set_model (FIT_MODEL_CARD_VIEW (card), model);
    g_assert_finalize_object (card);
  }

  {
    GtkWidget *selector = g_object_ref_sink (fit_model_selector_new ());

    fit_model_selector_set_catalog (FIT_MODEL_SELECTOR (selector), catalog);
    fit_model_selector_set_model_id (FIT_MODEL_SELECTOR (selector), model->id);
    g_assert_finalize_object (selector);
  }

  {
    GtkWidget *picker = g_object_ref_sink (fit_device_picker_new ());
    const FitDevice *detected[] = { device };

    fit_device_picker_set_catalog (FIT_DEVICE_PICKER (picker), catalog);
    fit_device_picker_set_detected (FIT_DEVICE_PICKER (picker), detected, 1);
    g_assert_finalize_object (picker);
  }

  {
    GtkWidget *table = g_object_ref_sink (fit_gpu_table_new ());
    const FitDevice *devices[] = { device, get_device ("rtx-4090") };

    fit_gpu_table_update (FIT_GPU_TABLE (table), model, devices, 2, &est.settings);
    g_assert_cmpuint (g_list_model_get_n_items (fit_gpu_table_get_rows (FIT_GPU_TABLE (table))), ==, 2);
    g_assert_finalize_object (table);
  }

  {
    GtkWidget *panel = g_object_ref_sink (fit_verdict_panel_new ());

    fit_verdict_panel_set_estimate (FIT_VERDICT_PANEL (panel), model, device, &est);
    g_assert_finalize_object (panel);
  }

  {
    GtkWidget *view = g_object_ref_sink (fit_launch_view_new ());

    fit_launch_view_set_estimate (FIT_LAUNCH_VIEW (view), model, &est);
    g_assert_nonnull (fit_launch_view_get_text (FIT_LAUNCH_VIEW (view)));
    g_assert_finalize_object (view);
  }

  {
    FitCustomEntryDialog *dialog = fit_custom_entry_dialog_new (NULL, catalog, FIT_CUSTOM_ENTRY_GPU);

    g_object_ref (dialog);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_finalize_object (dialog);
  }
}

static void
assert_string_round_trip (gpointer    object,
                          const char *property,
                          const char *value)
{
  g_autofree char *got = NULL;

  g_object_set (object, property, value, NULL);
  g_object_get (object, property, &got, NULL);
  g_assert_cmpstr (got, ==, value);
}

/* Each property reads back what was written, and each write notifies once. */
static void
test_controls_properties (void)
{
  GtkWidget *controls = g_object_ref_sink (fit_controls_new ());
  guint notified = 0;
  guint64 context;
  guint concurrency, gpu_count;
  double gpu_util;
  int gpu_layers;
  gboolean detected;

  g_signal_connect_swapped (controls, "changed", G_CALLBACK (g_atomic_int_inc), &notified);

  fit_controls_set_max_context (FIT_CONTROLS (controls), 131072);
  fit_controls_set_n_layers (FIT_CONTROLS (controls), 32);

  assert_string_round_trip (controls, "runtime", "vllm");
  assert_string_round_trip (controls, "runtime", "ollama");
  assert_string_round_trip (controls, "weight-format", "q8_0");
  assert_string_round_trip (controls, "weight-format", "");
  assert_string_round_trip (controls, "kv-type", "q4_0");
  assert_string_round_trip (controls, "flash-attn", "off");
  assert_string_round_trip (controls, "budget-basis", "total");

  g_object_set (controls,
                "context", (guint64)65536,
                "concurrency", 7u,
                "gpu-util", 0.75,
                "gpu-count", 3u,
                "gpu-layers", 12,
                "detected-device", TRUE,
                NULL);
  g_object_get (controls,
                "context", &context,
                "concurrency", &concurrency,
                "gpu-util", &gpu_util,
                "gpu-count", &gpu_count,
                "gpu-layers", &gpu_layers,
                "detected-device", &detected,
                NULL);
  g_assert_cmpuint (context, ==, 65536);
  g_assert_cmpuint (concurrency, ==, 7);
  g_assert_cmpfloat_with_epsilon (gpu_util, 0.75, 1e-9);
  g_assert_cmpuint (gpu_count, ==, 3);
  g_assert_cmpint (gpu_layers, ==, 12);
  g_assert_true (detected);
  /* Twelve settings changed; detected-device is not a setting. */
  g_assert_cmpuint (notified, ==, 12);

  /* The same value again changes nothing and says nothing. */
  g_object_set (controls, "context", (guint64)65536, "runtime", "ollama", NULL);
  g_assert_cmpuint (notified, ==, 12);

  /* Garbage from a hand-edited setting is refused, not applied. */
  g_object_set (controls, "runtime", "tensorrt", "kv-type", "q3_x", "flash-attn", "maybe", NULL);
  g_assert_cmpstr (fit_controls_get_runtime (FIT_CONTROLS (controls)), ==, "ollama");
  g_assert_cmpstr (fit_controls_get_kv_type (FIT_CONTROLS (controls)), ==, "q4_0");
  g_assert_cmpstr (fit_controls_get_flash_attn (FIT_CONTROLS (controls)), ==, "off");
  g_assert_cmpuint (notified, ==, 12);

  /* A shorter context window pulls the context down; "all layers" is -1. */
  fit_controls_set_max_context (FIT_CONTROLS (controls), 32768);
  g_assert_cmpuint (fit_controls_get_context (FIT_CONTROLS (controls)), ==, 32768);
  fit_controls_set_gpu_layers (FIT_CONTROLS (controls), -1);
  fit_controls_set_n_layers (FIT_CONTROLS (controls), 8);
  g_assert_cmpint (fit_controls_get_gpu_layers (FIT_CONTROLS (controls)), ==, -1);

  g_assert_finalize_object (controls);
}

/* Changing the runtime shows the controls that apply and hides the others. */
static void
test_controls_runtime_rows (void)
{
  GtkWidget *controls = g_object_ref_sink (fit_controls_new ());
  GtkWidget *gpu_util_row = fit_test_template_child (controls, FIT_TYPE_CONTROLS, "gpu_util_row");
  GtkWidget *gpu_layers_row = fit_test_template_child (controls, FIT_TYPE_CONTROLS, "gpu_layers_row");
  GtkWidget *budget_row = fit_test_template_child (controls, FIT_TYPE_CONTROLS, "budget_row");
  FitSettings settings;

  fit_controls_set_runtime (FIT_CONTROLS (controls), "llama.cpp");
  g_assert_false (gtk_widget_get_visible (gpu_util_row));
  g_assert_true (gtk_widget_get_visible (gpu_layers_row));
  g_assert_false (gtk_widget_get_visible (budget_row));

  /* A GGUF format and a quantized cache vLLM cannot load are reset. */
  fit_controls_set_weight_format (FIT_CONTROLS (controls), "q4_k_m");
  fit_controls_set_kv_type (FIT_CONTROLS (controls), "q8_0");
  fit_controls_set_runtime (FIT_CONTROLS (controls), "vllm");
  g_assert_true (gtk_widget_get_visible (gpu_util_row));
  g_assert_false (gtk_widget_get_visible (gpu_layers_row));
  g_assert_cmpstr (fit_controls_get_weight_format (FIT_CONTROLS (controls)), ==, "");
  g_assert_cmpstr (fit_controls_get_kv_type (FIT_CONTROLS (controls)), ==, "f16");

  fit_controls_set_detected_device (FIT_CONTROLS (controls), TRUE);
  g_assert_true (gtk_widget_get_visible (budget_row));

  fit_controls_set_gpu_util (FIT_CONTROLS (controls), 0.8);
  fit_controls_get_settings (FIT_CONTROLS (controls), &settings);
  g_assert_cmpint (settings.runtime, ==, FIT_RUNTIME_VLLM);
  g_assert_false (settings.weights_set);
  g_assert_cmpfloat_with_epsilon (settings.gpu_util, 0.8, 1e-9);

  g_assert_finalize_object (controls);
}

/* The context slider moves in powers of two and stops at the window. */
static void
test_controls_context_slider (void)
{
  GtkWidget *controls = g_object_ref_sink (fit_controls_new ());
  GtkRange *scale = GTK_RANGE (fit_test_template_child (controls, FIT_TYPE_CONTROLS, "context_scale"));
  GtkSpinButton *spin = GTK_SPIN_BUTTON (fit_test_template_child (controls, FIT_TYPE_CONTROLS, "context_spin"));

  fit_controls_set_max_context (FIT_CONTROLS (controls), 40960);

  gtk_range_set_value (scale, 13.4);
  g_assert_cmpuint (fit_controls_get_context (FIT_CONTROLS (controls)), ==, 8192);
  gtk_range_set_value (scale, 16);
  g_assert_cmpuint (fit_controls_get_context (FIT_CONTROLS (controls)), ==, 40960);

  /* The entry is exact, and limited to the window too. */
  gtk_spin_button_set_value (spin, 12345);
  g_assert_cmpuint (fit_controls_get_context (FIT_CONTROLS (controls)), ==, 12345);
  gtk_spin_button_set_value (spin, 1000000);
  g_assert_cmpuint (fit_controls_get_context (FIT_CONTROLS (controls)), ==, 40960);

  g_assert_finalize_object (controls);
}

static void
test_other_properties (void)
{
  GtkWidget *selector = g_object_ref_sink (fit_model_selector_new ());
  GtkWidget *picker = g_object_ref_sink (fit_device_picker_new ());
  GtkWidget *button = g_object_ref_sink (fit_search_button_new ());
  GtkWidget *view = g_object_ref_sink (fit_launch_view_new ());
  GtkWidget *table = g_object_ref_sink (fit_gpu_table_new ());
  GtkWidget *card = g_object_ref_sink (fit_model_card_view_new ());
  const FitModel *model = get_model ("gemma-3-4b-it");
  gpointer got = NULL;
  gboolean detecting;

  fit_model_selector_set_catalog (FIT_MODEL_SELECTOR (selector), catalog);
  assert_string_round_trip (selector, "model-id", "gemma-3-4b-it");
  assert_string_round_trip (picker, "device-id", "rtx-4090");
  g_object_set (picker, "detecting", TRUE, NULL);
  g_object_get (picker, "detecting", &detecting, NULL);
  g_assert_true (detecting);
  assert_string_round_trip (button, "selected-id", "something");
  assert_string_round_trip (button, "label", "A Label");
  assert_string_round_trip (button, "placeholder-text", "Search for it");
  assert_string_round_trip (view, "text", "llama-server -m x.gguf\n");
  assert_string_round_trip (view, "caption", "A caption");
  assert_string_round_trip (table, "vendor-filter", "AMD");
  assert_string_round_trip (table, "class-filter", "datacenter");

  g_object_set (card, "model", model, NULL);
  g_object_get (card, "model", &got, NULL);
  g_assert_true (got == model);

  g_assert_finalize_object (selector);
  g_assert_finalize_object (picker);
  g_assert_finalize_object (button);
  g_assert_finalize_object (view);
  g_assert_finalize_object (table);
  g_assert_finalize_object (card);
}

/* The model list is searched by name, family or company as you type. */
static void
test_model_search (void)
{
  GtkWidget *selector = g_object_ref_sink (fit_model_selector_new ());
  FitModelSelector *self = FIT_MODEL_SELECTOR (selector);
  guint all;

  fit_model_selector_set_catalog (self, catalog);
  all = fit_model_selector_get_n_visible (self);
  g_assert_cmpuint (all, ==, fit_catalog_get_n_models (catalog));

  fit_model_selector_set_search_text (self, "qwen");
  g_assert_cmpuint (fit_model_selector_get_n_visible (self), >, 0);
  g_assert_cmpuint (fit_model_selector_get_n_visible (self), <, all);

  /* By company, in any case, and two words at once. */
  fit_model_selector_set_search_text (self, "ALIBABA");
  g_assert_cmpuint (fit_model_selector_get_n_visible (self), >, 0);
  fit_model_selector_set_search_text (self, "gemma  27b");
  g_assert_cmpuint (fit_model_selector_get_n_visible (self), ==, 2);

  fit_model_selector_set_search_text (self, "no such model zzz");
  g_assert_cmpuint (fit_model_selector_get_n_visible (self), ==, 0);

  fit_model_selector_set_search_text (self, "");
  g_assert_cmpuint (fit_model_selector_get_n_visible (self), ==, all);

  g_assert_finalize_object (selector);
}

static void
test_device_search (void)
{
  GtkWidget *picker = g_object_ref_sink (fit_device_picker_new ());
  FitDevicePicker *self = FIT_DEVICE_PICKER (picker);
  g_autoptr(FitDevice) detected = fit_device_copy (get_device ("rx-7900-xtx"));
  const FitDevice *devices[] = { detected };

  g_free (detected->id);
  detected->id = g_strdup ("detected:0");
  detected->detected = TRUE;

  fit_device_picker_set_catalog (self, catalog);
  fit_device_picker_set_detected (self, devices, 1);
  g_assert_cmpuint (fit_device_picker_get_n_visible (self), ==, fit_catalog_get_n_devices (catalog) + 1);

  fit_device_picker_set_search_text (self, "4090");
  g_assert_cmpuint (fit_device_picker_get_n_visible (self), >=, 1);

  /* The detected card and the catalog's twin. */
  fit_device_picker_set_search_text (self, "7900 xtx");
  g_assert_cmpuint (fit_device_picker_get_n_visible (self), ==, 2);

  fit_device_picker_set_device_id (self, "detected:0");
  g_assert_cmpstr (fit_device_picker_get_device_id (self), ==, "detected:0");

  g_assert_finalize_object (picker);
}

/* The chart's accessible description is the breakdown as text, and it
 * follows the estimate. */
static void
test_chart_summary (void)
{
  GtkWidget *chart = g_object_ref_sink (fit_vram_chart_new ());
  const FitModel *model = get_model ("qwen2.5-7b-instruct");
  const FitDevice *device = get_device ("rtx-3060-12gb");
  g_autofree char *first = NULL;
  const FitChartModel *chart_model;
  const FitChartBar *bar;
  FitEstimate est;

  estimate (model, device, &est);
  fit_vram_chart_set_estimate (FIT_VRAM_CHART (chart), model, device, &est);

  chart_model = fit_vram_chart_get_chart_model (FIT_VRAM_CHART (chart));
  bar = fit_chart_model_get_bar (chart_model, 0);
  g_assert_cmpuint (bar->n_segments, >, 0);
  g_assert_cmpuint (bar->segments[0].bytes, >, 0);

  first = g_strdup (fit_vram_chart_get_summary (FIT_VRAM_CHART (chart)));
  g_assert_nonnull (first);
  g_assert_cmpuint (strlen (first), >, 20);

  est.settings.context = 32768;
  fit_estimate (model, device, &est.settings, &est, NULL);
  fit_vram_chart_set_estimate (FIT_VRAM_CHART (chart), model, device, &est);
  g_assert_cmpstr (first, !=, fit_vram_chart_get_summary (FIT_VRAM_CHART (chart)));

  fit_vram_chart_set_estimate (FIT_VRAM_CHART (chart), NULL, NULL, NULL);
  g_assert_null (fit_vram_chart_get_chart_model (FIT_VRAM_CHART (chart)));
  g_assert_null (fit_vram_chart_get_summary (FIT_VRAM_CHART (chart)));

  g_assert_finalize_object (chart);
}

/* A model that does not fit gets fixes; one that fits gets none. */
static void
test_verdict_fixes (void)
{
  GtkWidget *panel = g_object_ref_sink (fit_verdict_panel_new ());
  GtkWidget *layers;
  FitEstimate est;

  estimate (get_model ("llama-3.1-70b-instruct"), get_device ("rtx-3060-12gb"), &est);
  g_assert_cmpint (est.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
  fit_verdict_panel_set_estimate (FIT_VERDICT_PANEL (panel), get_model ("llama-3.1-70b-instruct"),
                                  get_device ("rtx-3060-12gb"), &est);
  g_assert_cmpstr (fit_verdict_panel_get_title (FIT_VERDICT_PANEL (panel)), ==,
                   fit_verdict_label (FIT_VERDICT_DOES_NOT_FIT));
  g_assert_cmpuint (fit_verdict_panel_get_n_fixes (FIT_VERDICT_PANEL (panel)), >=, 1);

  /* The layer fix says what it costs in system RAM, and warns when this
   * computer has less: 57 layers of 70B at Q4_K_M are about 28 GiB. */
  layers = fit_test_find_fix_button (panel, "win.set-gpu-layers");
  g_assert_nonnull (layers);
  g_assert_null (strstr (gtk_widget_get_tooltip_text (layers), "more than"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (layers), "GiB"));
  fit_verdict_panel_set_system_ram (FIT_VERDICT_PANEL (panel), 16 * FIT_GIB);
  fit_verdict_panel_set_estimate (FIT_VERDICT_PANEL (panel), get_model ("llama-3.1-70b-instruct"),
                                  get_device ("rtx-3060-12gb"), &est);
  layers = fit_test_find_fix_button (panel, "win.set-gpu-layers");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (layers), "more than the 16 GiB"));
  fit_verdict_panel_set_system_ram (FIT_VERDICT_PANEL (panel), 64 * FIT_GIB);
  fit_verdict_panel_set_estimate (FIT_VERDICT_PANEL (panel), get_model ("llama-3.1-70b-instruct"),
                                  get_device ("rtx-3060-12gb"), &est);
  layers = fit_test_find_fix_button (panel, "win.set-gpu-layers");
  g_assert_null (strstr (gtk_widget_get_tooltip_text (layers), "more than"));

  /* 7B with 10 layers on a 24 GiB card fits the GPU; the rest, some 5 GiB,
   * overflows a 2 GiB computer, and the verdict line says so. */
  {
    const FitModel *model = get_model ("qwen2.5-7b-instruct");
    GtkWidget *subtitle = fit_test_template_child (panel, FIT_TYPE_VERDICT_PANEL, "subtitle");
    g_autoptr(GError) error = NULL;
    FitSettings settings;

    fit_settings_init (&settings);
    settings.gpu_layers = 10;
    g_assert_true (fit_estimate (model, get_device ("rtx-4090"), &settings, &est, &error));
    g_assert_cmpint (est.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
    g_assert_cmpuint (est.host_bytes, >, 2 * FIT_GIB);
    fit_verdict_panel_set_system_ram (FIT_VERDICT_PANEL (panel), 2 * FIT_GIB);
    fit_verdict_panel_set_estimate (FIT_VERDICT_PANEL (panel), model, get_device ("rtx-4090"), &est);
    g_assert_nonnull (strstr (gtk_inscription_get_text (GTK_INSCRIPTION (subtitle)), "more than the 2 GiB this computer has"));
    g_assert_nonnull (gtk_widget_get_tooltip_text (subtitle));

    fit_verdict_panel_set_system_ram (FIT_VERDICT_PANEL (panel), 64 * FIT_GIB);
    fit_verdict_panel_set_estimate (FIT_VERDICT_PANEL (panel), model, get_device ("rtx-4090"), &est);
    g_assert_null (strstr (gtk_inscription_get_text (GTK_INSCRIPTION (subtitle)), "this computer has"));
    g_assert_null (gtk_widget_get_tooltip_text (subtitle));
  }

  estimate (get_model ("qwen2.5-0.5b-instruct"), get_device ("rtx-4090"), &est);
  fit_verdict_panel_set_estimate (FIT_VERDICT_PANEL (panel), get_model ("qwen2.5-0.5b-instruct"),
                                  get_device ("rtx-4090"), &est);
  g_assert_cmpstr (fit_verdict_panel_get_title (FIT_VERDICT_PANEL (panel)), ==, fit_verdict_label (FIT_VERDICT_FITS));
  g_assert_cmpuint (fit_verdict_panel_get_n_fixes (FIT_VERDICT_PANEL (panel)), ==, 0);

  fit_verdict_panel_set_error (FIT_VERDICT_PANEL (panel), "A reason");
  g_assert_cmpuint (fit_verdict_panel_get_n_fixes (FIT_VERDICT_PANEL (panel)), ==, 0);

  g_assert_finalize_object (panel);
}

/* "Which GPUs fit" filters by vendor and class. */
static void
test_gpu_table_filters (void)
{
  GtkWidget *table = g_object_ref_sink (fit_gpu_table_new ());
  g_autoptr(GPtrArray) devices = g_ptr_array_new ();
  GListModel *rows;
  FitEstimate est;
  guint all;

  for (guint i = 0; i < fit_catalog_get_n_devices (catalog); i++)
    g_ptr_array_add (devices, (gpointer)fit_catalog_get_device (catalog, i));

  estimate (get_model ("qwen2.5-7b-instruct"), get_device ("rtx-4090"), &est);
  fit_gpu_table_update (FIT_GPU_TABLE (table), get_model ("qwen2.5-7b-instruct"),
                        (const FitDevice *const *)devices->pdata, devices->len, &est.settings);

  rows = fit_gpu_table_get_rows (FIT_GPU_TABLE (table));
  all = g_list_model_get_n_items (rows);
  g_assert_cmpuint (all, ==, devices->len);

  fit_gpu_table_set_vendor_filter (FIT_GPU_TABLE (table), "AMD");
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rows), <, all);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *id = NULL;

      g_object_get (row, "id", &id, NULL);
      g_assert_cmpint (fit_catalog_find_device (catalog, id)->vendor, ==, FIT_VENDOR_AMD);
    }

  fit_gpu_table_set_class_filter (FIT_GPU_TABLE (table), "datacenter");
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (rows, i);
      g_autofree char *id = NULL;

      g_object_get (row, "id", &id, NULL);
      g_assert_cmpint (fit_catalog_find_device (catalog, id)->klass, ==, FIT_DEVICE_CLASS_DATACENTER);
    }

  fit_gpu_table_set_vendor_filter (FIT_GPU_TABLE (table), NULL);
  fit_gpu_table_set_class_filter (FIT_GPU_TABLE (table), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, all);

  g_assert_finalize_object (table);
}

/* Custom entries go through the catalog's user storage and come back. */
static void
test_custom_entries (void)
{
  FitCustomEntryDialog *dialog;
  g_autoptr(GError) error = NULL;
  GtkWidget *name_row;
  GtkWidget *layers;
  const FitModel *saved;

  dialog = g_object_ref (fit_custom_entry_dialog_new (NULL, catalog, FIT_CUSTOM_ENTRY_MODEL));
  fit_custom_entry_dialog_set_model (dialog, get_model ("qwen2.5-7b-instruct"), FALSE);
  g_assert_cmpstr (fit_custom_entry_dialog_get_entry_id (dialog), ==, "qwen2.5-7b-instruct-custom");

  layers = fit_test_template_child (GTK_WIDGET (dialog), FIT_TYPE_CUSTOM_ENTRY_DIALOG, "layers_spin");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (layers), 40);

  g_assert_true (fit_custom_entry_dialog_save (dialog, &error));
  g_assert_no_error (error);
  saved = fit_catalog_find_model (catalog, "qwen2.5-7b-instruct-custom");
  g_assert_nonnull (saved);
  g_assert_true (saved->user_entry);
  g_assert_cmpuint (saved->n_layers, ==, 40);

  /* Heads that do not divide: refused with the model's own message. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fit_test_template_child (GTK_WIDGET (dialog),
                                                                       FIT_TYPE_CUSTOM_ENTRY_DIALOG,
                                                                       "kv_heads_spin")), 5);
  g_assert_false (fit_custom_entry_dialog_save (dialog, &error));
  g_assert_error (error, FIT_MODEL_ERROR, FIT_MODEL_ERROR_INVALID);
  g_clear_error (&error);

  /* No name: refused before anything is written. */
  name_row = fit_test_template_child (GTK_WIDGET (dialog), FIT_TYPE_CUSTOM_ENTRY_DIALOG, "name_row");
  gtk_editable_set_text (GTK_EDITABLE (name_row), "  ");
  g_assert_false (fit_custom_entry_dialog_save (dialog, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);

  /* Edit, then remove. */
  dialog = g_object_ref (fit_custom_entry_dialog_new (NULL, catalog, FIT_CUSTOM_ENTRY_MODEL));
  fit_custom_entry_dialog_set_model (dialog, fit_catalog_find_model (catalog, "qwen2.5-7b-instruct-custom"), TRUE);
  g_assert_true (fit_custom_entry_dialog_remove (dialog, &error));
  g_assert_no_error (error);
  g_assert_null (fit_catalog_find_model (catalog, "qwen2.5-7b-instruct-custom"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);

  /* A mixture of experts keeps its experts through the dense form, copied
   * and then edited: the form changes only what it shows. */
  {
    const FitModel *moe = get_model ("qwen3-30b-a3b");

    dialog = g_object_ref (fit_custom_entry_dialog_new (NULL, catalog, FIT_CUSTOM_ENTRY_MODEL));
    fit_custom_entry_dialog_set_model (dialog, moe, FALSE);
    layers = fit_test_template_child (GTK_WIDGET (dialog), FIT_TYPE_CUSTOM_ENTRY_DIALOG, "layers_spin");
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (layers), 40);
    g_assert_true (fit_custom_entry_dialog_save (dialog, &error));
    g_assert_no_error (error);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_finalize_object (dialog);

    saved = fit_catalog_find_model (catalog, "qwen3-30b-a3b-custom");
    g_assert_nonnull (saved);
    g_assert_cmpint (saved->klass, ==, moe->klass);
    g_assert_cmpuint (saved->n_layers, ==, 40);
    g_assert_cmpuint (saved->n_experts, ==, moe->n_experts);
    g_assert_cmpuint (saved->experts_per_token, ==, moe->experts_per_token);
    g_assert_cmpuint (saved->expert_intermediate_size, ==, moe->expert_intermediate_size);
    g_assert_cmpuint (saved->params_active, <, saved->params_total);
    /* The card was the original's: a copy does not claim it. */
    g_assert_cmpuint (saved->card.overview.n_items, ==, 0);
    g_assert_null (saved->card.summary);

    dialog = g_object_ref (fit_custom_entry_dialog_new (NULL, catalog, FIT_CUSTOM_ENTRY_MODEL));
    fit_custom_entry_dialog_set_model (dialog, saved, TRUE);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (fit_test_template_child (GTK_WIDGET (dialog),
                                                                         FIT_TYPE_CUSTOM_ENTRY_DIALOG,
                                                                         "context_spin")), 8192);
    g_assert_true (fit_custom_entry_dialog_save (dialog, &error));
    g_assert_no_error (error);
    saved = fit_catalog_find_model (catalog, "qwen3-30b-a3b-custom");
    g_assert_cmpuint (saved->context_window, ==, 8192);
    g_assert_cmpuint (saved->n_layers, ==, 40);
    g_assert_cmpuint (saved->n_experts, ==, moe->n_experts);
    g_assert_true (fit_custom_entry_dialog_remove (dialog, &error));
    g_assert_no_error (error);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_assert_finalize_object (dialog);
  }

  /* A GPU. */
  dialog = g_object_ref (fit_custom_entry_dialog_new (NULL, catalog, FIT_CUSTOM_ENTRY_GPU));
  fit_custom_entry_dialog_set_device (dialog, get_device ("rtx-3060-12gb"), FALSE);
  fit_custom_entry_dialog_set_entry_id (dialog, "my-card");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (fit_test_template_child (GTK_WIDGET (dialog),
                                                                       FIT_TYPE_CUSTOM_ENTRY_DIALOG,
                                                                       "memory_spin")), 20);
  g_assert_true (fit_custom_entry_dialog_save (dialog, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fit_catalog_find_device (catalog, "my-card")->memory_bytes, ==, G_GUINT64_CONSTANT (20) << 30);
  g_assert_true (fit_catalog_remove_user_device (catalog, "my-card", &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_finalize_object (dialog);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  /* Custom entries are written under a fresh data folder of this run. */
  data_home = g_dir_make_tmp ("fitmygpu-test-widgets-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  setlocale (LC_ALL, "C.UTF-8");
  adw_init ();

  catalog = fit_catalog_load_default (&error);
  g_assert_no_error (error);

  g_test_add_func ("/widgets/finalize", test_widgets_finalize);
  g_test_add_func ("/widgets/controls/properties", test_controls_properties);
  g_test_add_func ("/widgets/controls/runtime-rows", test_controls_runtime_rows);
  g_test_add_func ("/widgets/controls/context-slider", test_controls_context_slider);
  g_test_add_func ("/widgets/properties", test_other_properties);
  g_test_add_func ("/widgets/model-search", test_model_search);
  g_test_add_func ("/widgets/device-search", test_device_search);
  g_test_add_func ("/widgets/chart-summary", test_chart_summary);
  g_test_add_func ("/widgets/verdict-fixes", test_verdict_fixes);
  g_test_add_func ("/widgets/gpu-table-filters", test_gpu_table_filters);
  g_test_add_func ("/widgets/custom-entries", test_custom_entries);

  ret = g_test_run ();

  fit_catalog_unref (catalog);
  {
    g_autofree char *models = g_build_filename (data_home, "fitmygpu", "models.json", NULL);
    g_autofree char *gpus = g_build_filename (data_home, "fitmygpu", "gpus.json", NULL);
    g_autofree char *models_bak = g_strconcat (models, ".bak", NULL);
    g_autofree char *gpus_bak = g_strconcat (gpus, ".bak", NULL);
    g_autofree char *sub = g_build_filename (data_home, "fitmygpu", NULL);

    g_remove (models);
    g_remove (gpus);
    g_remove (models_bak);
    g_remove (gpus_bak);
    g_rmdir (sub);
    g_rmdir (data_home);
  }

  return ret;
}
