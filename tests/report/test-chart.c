/* test-chart.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fit-chart.h"
#include "fit-solve.h"
#include "report-fixtures.h"

#define EPS 1e-9

/* The segments of a bar tile it from 0 without gaps, and their fractions
 * add up to the bar's bytes over its scale. */
static void
assert_bar_consistent (const FitChartBar *bar)
{
  double sum = 0;
  guint64 bytes = 0;
  double previous_end = 0;

  g_assert_cmpuint (bar->scale_bytes, >, 0);
  for (guint s = 0; s < bar->n_segments; s++)
    {
      const FitChartSegment *seg = &bar->segments[s];

      g_assert_cmpuint (seg->bytes, >, 0);
      g_assert_cmpfloat_with_epsilon (seg->start, previous_end, EPS);
      g_assert_cmpfloat (seg->end, >, seg->start);
      g_assert_cmpfloat_with_epsilon (seg->end - seg->start, (double) seg->bytes / bar->scale_bytes, EPS);
      g_assert_nonnull (seg->tooltip);
      sum += seg->end - seg->start;
      bytes += seg->bytes;
      previous_end = seg->end;
    }
  g_assert_cmpfloat_with_epsilon (sum, (double) bytes / bar->scale_bytes, 1e-6);
  g_assert_cmpfloat_with_epsilon (bar->used_pos, previous_end, EPS);
  g_assert_cmpuint (bytes, ==, bar->used_bytes + bar->other_bytes);
  g_assert_cmpfloat (bar->used_pos, <=, 1.0 + EPS);
}

static void
test_fractions (void)
{
  g_autoptr(FitModel) model = report_test_qwen ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(FitChartModel) chart = NULL;
  const FitChartBar *bar;
  FitSettings settings;
  FitEstimate est;

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  report_test_estimate (model, device, &settings, &est);
  g_assert_cmpint (est.verdict, ==, FIT_VERDICT_FITS);

  chart = fit_chart_model_new (model, device, &est);
  /* llama.cpp keeps the token embeddings in system RAM: a host bar. */
  g_assert_cmpuint (est.host_bytes, >, 0);
  g_assert_cmpuint (fit_chart_model_get_n_bars (chart), ==, 2);
  g_assert_cmpuint (fit_chart_model_get_n_gpus (chart), ==, 1);
  g_assert_cmpint (fit_chart_model_get_bar (chart, 1)->kind, ==, FIT_CHART_BAR_HOST);

  bar = fit_chart_model_get_bar (chart, 0);
  g_assert_cmpint (bar->kind, ==, FIT_CHART_BAR_GPU);
  assert_bar_consistent (bar);

  /* It fits: the scale is the capacity, the segments and the headroom fill
   * the bar up to the budget. */
  g_assert_cmpuint (bar->scale_bytes, ==, 8 * FIT_GIB);
  g_assert_cmpfloat_with_epsilon (bar->capacity_pos, 1.0, EPS);
  g_assert_cmpuint (bar->used_bytes, ==, est.per_gpu_total);
  g_assert_cmpint (bar->headroom_bytes, ==, (gint64) est.per_gpu_budget - (gint64) est.per_gpu_total);
  g_assert_cmpint (bar->headroom_bytes, >, 0);
  g_assert_cmpfloat_with_epsilon (bar->used_pos + (double) bar->headroom_bytes / bar->scale_bytes,
                                  bar->budget_pos, 1e-6);
  g_assert_true (g_str_has_prefix (bar->headroom_label, "+"));
  g_assert_nonnull (strstr (bar->headroom_label, "%)"));
  g_assert_cmpint (bar->segments[0].kind, ==, FIT_COMPONENT_WEIGHTS);
}

static void
test_deficit (void)
{
  g_autoptr(FitModel) model = report_test_llama8b ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(FitChartModel) chart = NULL;
  g_autofree char *description = NULL;
  const FitChartBar *bar;
  FitSettings settings;
  FitEstimate est;

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_LLAMACPP;
  settings.weights = FIT_WEIGHTS_GGUF_BF16;
  settings.weights_set = TRUE;
  settings.context = 8192;
  report_test_estimate (model, device, &settings, &est);
  g_assert_cmpint (est.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);

  chart = fit_chart_model_new (model, device, &est);
  bar = fit_chart_model_get_bar (chart, 0);
  assert_bar_consistent (bar);

  /* Over budget: the bar's scale is what is needed, the capacity and the
   * budget lines stand inside it, and the label is a negative amount. */
  g_assert_cmpint (bar->headroom_bytes, <, 0);
  g_assert_cmpfloat_with_epsilon (bar->used_pos, 1.0, EPS);
  g_assert_cmpfloat (bar->budget_pos, <, bar->used_pos);
  g_assert_cmpfloat (bar->capacity_pos, <, 1.0);
  g_assert_cmpfloat (bar->headroom_percent, <, 0);
  g_assert_true (g_str_has_prefix (bar->headroom_label, "\xe2\x88\x92"));
  g_assert_nonnull (strstr (bar->headroom_display, "over"));

  description = fit_chart_model_describe (chart);
  g_assert_nonnull (strstr (description, fit_verdict_label (FIT_VERDICT_DOES_NOT_FIT)));
  g_assert_nonnull (strstr (description, "Weights"));
}

static void
test_multi_gpu (void)
{
  g_autoptr(FitModel) model = report_test_llama8b ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  FitSettings settings;
  FitEstimate est;

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_VLLM;
  settings.context = 8192;
  settings.gpu_count = 4;
  report_test_estimate (model, device, &settings, &est);

  {
    g_autoptr(FitChartModel) chart = fit_chart_model_new (model, device, &est);

    /* One bar per GPU, each the busiest GPU's. */
    g_assert_cmpuint (fit_chart_model_get_n_bars (chart), ==, 4);
    g_assert_cmpuint (fit_chart_model_get_n_gpus (chart), ==, 4);
    for (guint i = 0; i < 4; i++)
      {
        const FitChartBar *bar = fit_chart_model_get_bar (chart, i);

        g_assert_cmpint (bar->kind, ==, FIT_CHART_BAR_GPU);
        g_assert_cmpuint (bar->index, ==, i);
        g_assert_cmpuint (bar->used_bytes, ==, est.per_gpu_total);
        assert_bar_consistent (bar);
      }
    g_assert_cmpstr (fit_chart_model_get_bar (chart, 3)->title, ==, "GPU 4");

    /* vLLM takes gpu_util of the capacity: the budget line stands before
     * the capacity line. */
    g_assert_cmpfloat (fit_chart_model_get_bar (chart, 0)->budget_pos, <,
                       fit_chart_model_get_bar (chart, 0)->capacity_pos);
    g_assert_nonnull (fit_chart_model_get_bar (chart, 0)->budget_text);
  }

  /* Past the bar limit, a note counts the rest. */
  settings.gpu_count = 12;
  report_test_estimate (model, device, &settings, &est);
  {
    g_autoptr(FitChartModel) chart = fit_chart_model_new (model, device, &est);
    g_autofree char *description = fit_chart_model_describe (chart);

    g_assert_cmpuint (fit_chart_model_get_n_bars (chart), ==, FIT_CHART_MAX_GPU_BARS);
    g_assert_cmpuint (fit_chart_model_get_n_gpus (chart), ==, 12);
    g_assert_nonnull (strstr (description, "4 more GPUs"));
  }
}

static guint32
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(guint32 *) (data + y * stride + x * 4) & 0xffffff;
}

static guint32
rgba_to_pixel (const FitRgba *rgba)
{
  return ((guint32) lround (rgba->red * 255) << 16) |
         ((guint32) lround (rgba->green * 255) << 8) |
         (guint32) lround (rgba->blue * 255);
}

static void
test_host_bar (void)
{
  g_autoptr(FitModel) model = report_test_llama8b ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(FitChartModel) chart = NULL;
  const FitChartBar *bar;
  guint64 sum = 0;
  FitSettings settings;
  FitEstimate est;

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  settings.gpu_layers = 10;
  report_test_estimate (model, device, &settings, &est);
  g_assert_cmpuint (est.host_bytes, >, 0);

  chart = fit_chart_model_new (model, device, &est);
  g_assert_cmpuint (fit_chart_model_get_n_bars (chart), ==, 2);
  g_assert_cmpint (fit_chart_model_get_bar (chart, 0)->kind, ==, FIT_CHART_BAR_GPU);

  bar = fit_chart_model_get_bar (chart, 1);
  g_assert_cmpint (bar->kind, ==, FIT_CHART_BAR_HOST);
  assert_bar_consistent (bar);
  g_assert_cmpfloat (bar->capacity_pos, <, 0);
  g_assert_nonnull (bar->axis_note);
  for (guint s = 0; s < bar->n_segments; s++)
    sum += bar->segments[s].bytes;
  g_assert_cmpuint (sum, ==, est.host_bytes);
  /* The GPU's scale, unless the host holds more than it shows. */
  g_assert_cmpuint (bar->scale_bytes, ==, MAX (est.host_bytes, fit_chart_model_get_bar (chart, 0)->scale_bytes));
  if (est.host_bytes > fit_chart_model_get_bar (chart, 0)->scale_bytes)
    g_assert_cmpfloat_with_epsilon (bar->used_pos, 1.0, EPS);

  /* With this computer's RAM known, it is the host bar's capacity: a line
   * where it falls on the bar, the part past it hatched over a red rule. */
  {
    guint64 ram = est.host_bytes / 2;
    g_autoptr(FitChartModel) small = fit_chart_model_new_with_ram (model, device, &est, ram);
    g_autoptr(FitChartModel) large = fit_chart_model_new_with_ram (model, device, &est, 1024 * FIT_GIB);
    const FitChartBar *host = fit_chart_model_get_bar (small, 1);
    FitChartStyle style;
    guint32 deficit;
    guint n_deficit = 0;
    cairo_surface_t *surface;
    cairo_t *cr;
    double height;

    g_assert_cmpint (host->kind, ==, FIT_CHART_BAR_HOST);
    assert_bar_consistent (host);
    g_assert_cmpuint (host->capacity_bytes, ==, ram);
    g_assert_cmpfloat (host->capacity_pos, >, 0);
    g_assert_cmpfloat (host->capacity_pos, <, host->used_pos);
    g_assert_nonnull (host->capacity_text);
    g_assert_nonnull (strstr (host->summary, "in this computer"));

    fit_chart_style_init_light (&style);
    style.draw_background = TRUE;
    deficit = rgba_to_pixel (&style.deficit);
    height = fit_chart_model_get_natural_height (small, 800);
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 800, (int) ceil (height));
    cr = cairo_create (surface);
    fit_chart_paint (cr, small, &style, 800, height);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    for (int y = (int) (height / 2); y < (int) height; y++)
      for (int x = 0; x < 800; x++)
        if (pixel_at (surface, x, y) == deficit)
          n_deficit++;
    /* The rule under the part past the RAM line, 3 px high. */
    g_assert_cmpuint (n_deficit, >, 2 * 800 * (host->used_pos - host->capacity_pos) * 0.8);
    cairo_surface_destroy (surface);

    /* RAM beyond the bar's scale: no line, the amount in the summary. */
    host = fit_chart_model_get_bar (large, 1);
    g_assert_cmpfloat (host->capacity_pos, <, 0);
    g_assert_nonnull (strstr (host->summary, "1 TiB"));
  }

  /* Without offloading there is no host bar. */
  settings.gpu_layers = -1;
  report_test_estimate (model, device, &settings, &est);
  if (est.host_bytes == 0)
    {
      g_autoptr(FitChartModel) all_on_gpu = fit_chart_model_new (model, device, &est);

      g_assert_cmpuint (fit_chart_model_get_n_bars (all_on_gpu), ==, 1);
    }
}

static void
test_other_used (void)
{
  g_autoptr(FitModel) model = report_test_qwen ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  FitSettings settings;
  FitEstimate est;

  device->detected = TRUE;
  device->used_known = TRUE;
  device->used_bytes = FIT_GIB + 512 * FIT_MIB;

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  report_test_estimate (model, device, &settings, &est);
  {
    g_autoptr(FitChartModel) chart = fit_chart_model_new (model, device, &est);
    const FitChartBar *bar = fit_chart_model_get_bar (chart, 0);

    assert_bar_consistent (bar);
    g_assert_cmpuint (bar->segments[0].kind, ==, FIT_CHART_OTHER_USED);
    g_assert_cmpuint (bar->segments[0].bytes, ==, FIT_GIB + 512 * FIT_MIB);
    g_assert_cmpuint (bar->other_bytes, ==, FIT_GIB + 512 * FIT_MIB);
    /* The budget is what the others left: its line is the capacity's. */
    g_assert_cmpfloat_with_epsilon (bar->budget_pos, bar->capacity_pos, EPS);
    g_assert_null (bar->budget_text);
  }

  /* Planning for the whole device leaves the other processes out. */
  settings.budget_basis = FIT_BUDGET_TOTAL;
  report_test_estimate (model, device, &settings, &est);
  {
    g_autoptr(FitChartModel) chart = fit_chart_model_new (model, device, &est);
    const FitChartBar *bar = fit_chart_model_get_bar (chart, 0);

    g_assert_cmpuint (bar->segments[0].kind, ==, FIT_COMPONENT_WEIGHTS);
    g_assert_cmpuint (bar->other_bytes, ==, 0);
  }
}

static void
test_hit_test (void)
{
  g_autoptr(FitModel) model = report_test_qwen ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(FitChartModel) chart = NULL;
  g_autofree char *size = NULL;
  const FitChartBar *bar;
  FitSettings settings;
  FitEstimate est;
  gboolean found = FALSE;
  double width = 600;
  double height;

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  report_test_estimate (model, device, &settings, &est);
  chart = fit_chart_model_new (model, device, &est);
  bar = fit_chart_model_get_bar (chart, 0);
  height = fit_chart_model_get_natural_height (chart, width);
  g_assert_cmpfloat (height, >, 0);

  size = fit_format_bytes (est.per_gpu[FIT_COMPONENT_WEIGHTS]);

  /* Somewhere down the middle of the weights segment is the bar. */
  for (double y = 0; y < height && !found; y += 1.0)
    {
      double x = 4 + (bar->segments[0].start + bar->segments[0].end) / 2 * (width - 8);
      g_autofree char *tooltip = NULL;
      FitComponent component = FIT_N_COMPONENTS;
      guint index = G_MAXUINT;

      if (fit_chart_hit_test (chart, width, height, x, y, &index, &component, &tooltip))
        {
          g_assert_cmpuint (index, ==, 0);
          g_assert_cmpint (component, ==, FIT_COMPONENT_WEIGHTS);
          g_assert_nonnull (tooltip);
          g_assert_nonnull (strstr (tooltip, size));
          g_assert_nonnull (strstr (tooltip, "Weights"));
          /* The formula, with its numbers. */
          g_assert_nonnull (strstr (tooltip, "="));
          found = TRUE;
        }
      else
        g_assert_null (tooltip);
    }
  g_assert_true (found);

  /* Outside the chart, and on an empty size, nothing is hit. */
  g_assert_false (fit_chart_hit_test (chart, width, height, -10, height / 2, NULL, NULL, NULL));
  g_assert_false (fit_chart_hit_test (chart, 0, 0, 10, 10, NULL, NULL, NULL));
  g_assert_false (fit_chart_hit_test (NULL, width, height, 10, 10, NULL, NULL, NULL));
}

/* Paints at 360 and 1000 wide, at scale 1 and 2: the weights colour must
 * appear unblended (rectangles on device pixels), and empty input paints
 * nothing. */
static void
test_paint (void)
{
  g_autoptr(FitModel) model = report_test_qwen ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(FitChartModel) chart = NULL;
  FitChartStyle style;
  FitSettings settings;
  FitEstimate est;
  static const double widths[] = { 360, 1000 };
  static const double scales[] = { 1.0, 2.0, 1.25 };

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  report_test_estimate (model, device, &settings, &est);
  chart = fit_chart_model_new (model, device, &est);
  fit_chart_style_init_light (&style);
  style.draw_background = TRUE;

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
      {
        double width = widths[w];
        double height = fit_chart_model_get_natural_height (chart, width);
        int pw = (int) ceil (width * scales[s]);
        int ph = (int) ceil (height * scales[s]);
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, pw, ph);
        cairo_t *cr = cairo_create (surface);
        guint32 weights = rgba_to_pixel (&style.component[FIT_COMPONENT_WEIGHTS]);
        guint n_weights = 0;

        cairo_scale (cr, scales[s], scales[s]);
        fit_chart_paint (cr, chart, &style, width, height);
        g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
        cairo_destroy (cr);
        cairo_surface_flush (surface);

        for (int y = 0; y < ph; y++)
          for (int x = 0; x < pw; x++)
            if (pixel_at (surface, x, y) == weights)
              n_weights++;
        /* A good part of a bar at least 12 units high. */
        g_assert_cmpuint (n_weights, >, (guint) (pw / 20 * 12 * scales[s]));
        cairo_surface_destroy (surface);
      }

  /* Zero sizes and no data return at once. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 10, 10);
    cairo_t *cr = cairo_create (surface);

    fit_chart_paint (cr, chart, &style, 0, 100);
    fit_chart_paint (cr, chart, &style, 100, 0);
    fit_chart_paint (cr, NULL, &style, 100, 100);
    fit_context_chart_paint (cr, NULL, &style, 100, 100);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

/* A KV cache of a few MiB next to a gigabyte of weights: less than a pixel
 * at its true size, yet painted and hoverable. */
static void
test_sliver (void)
{
  g_autoptr(FitModel) model = report_test_qwen ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(FitChartModel) chart = NULL;
  const FitChartSegment *kv = NULL;
  const FitChartBar *bar;
  FitChartStyle style;
  FitSettings settings;
  FitEstimate est;
  FitComponent component = FIT_N_COMPONENTS;
  cairo_surface_t *surface;
  cairo_t *cr;
  double width = 600;
  double height;
  double x;
  guint32 kv_pixel;
  guint n_kv = 0;
  gboolean hit = FALSE;

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 256);
  report_test_estimate (model, device, &settings, &est);
  chart = fit_chart_model_new (model, device, &est);
  bar = fit_chart_model_get_bar (chart, 0);
  for (guint s = 0; s < bar->n_segments; s++)
    if (bar->segments[s].kind == FIT_COMPONENT_KV_CACHE)
      kv = &bar->segments[s];
  g_assert_nonnull (kv);
  g_assert_cmpuint (kv->bytes, >, 0);
  /* The premise: at its true size it is under a pixel wide. */
  g_assert_cmpfloat ((kv->end - kv->start) * width, <, 1.0);

  fit_chart_style_init_light (&style);
  style.draw_background = TRUE;
  kv_pixel = rgba_to_pixel (&style.component[FIT_COMPONENT_KV_CACHE]);
  height = fit_chart_model_get_natural_height (chart, width);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) ceil (height));
  cr = cairo_create (surface);
  fit_chart_paint (cr, chart, &style, width, height);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* In the bar's rows (those where hovering the weights hits them), the KV
   * colour must span at least two columns. */
  for (int y = 0; y < (int) ceil (height); y++)
    {
      double weights_x = width * (bar->segments[0].start + bar->segments[0].end) / 2;
      guint n_row = 0;

      if (!fit_chart_hit_test (chart, width, height, weights_x, y + 0.5, NULL, &component, NULL) ||
          component != FIT_COMPONENT_WEIGHTS)
        continue;
      for (int px = 0; px < (int) width; px++)
        n_row += pixel_at (surface, px, y) == kv_pixel;
      n_kv = MAX (n_kv, n_row);
    }
  cairo_surface_destroy (surface);
  g_assert_cmpuint (n_kv, >=, 2);

  /* Hovering the painted sliver names the KV cache. The chart is inset
   * by a few units; scan across the sliver's neighbourhood. */
  for (double y = 0; y < height && !hit; y += 1.0)
    for (x = 0; x < width && !hit; x += 0.5)
      {
        double f = x / width;

        if (fabs (f - (kv->start + kv->end) / 2) > 4.0 / width)
          continue;
        if (fit_chart_hit_test (chart, width, height, x, y, NULL, &component, NULL) &&
            component == FIT_COMPONENT_KV_CACHE)
          hit = TRUE;
      }
  g_assert_true (hit);
}

static void
test_style (void)
{
  FitChartStyle light, dark;

  fit_chart_style_init_light (&light);
  fit_chart_style_init_dark (&dark);
  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      g_assert_cmpfloat (light.component[c].alpha, ==, 1.0);
      g_assert_cmpfloat (dark.component[c].alpha, ==, 1.0);
      /* Every component has its own colour. */
      for (guint d = 0; d < c; d++)
        g_assert_cmpuint (rgba_to_pixel (&light.component[c]), !=, rgba_to_pixel (&light.component[d]));
    }
  g_assert_cmpuint (rgba_to_pixel (&light.background), !=, rgba_to_pixel (&dark.background));
  g_assert_cmpfloat (light.font_size, >, 0);
}

static void
test_context_curve (void)
{
  g_autoptr(FitModel) model = report_test_llama8b ();
  g_autoptr(FitDevice) device = report_test_device ("rtx-3060-12gb", "GeForce RTX 3060 12GB", 12, 360, 12.7);
  g_autoptr(FitContextCurve) curve = NULL;
  FitSettings settings;
  FitSettings resolved;
  guint64 previous_context = 0;
  guint64 previous_bytes = 0;
  guint64 cliff;
  gboolean saw_current = FALSE;
  gboolean saw_cliff = FALSE;

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 16384);
  curve = fit_context_curve_new (model, device, &settings, 40);
  g_assert_cmpuint (fit_context_curve_get_n_points (curve), >=, 40);
  g_assert_cmpuint (fit_context_curve_get_current (curve), ==, 16384);

  resolved = settings;
  g_assert_true (fit_settings_resolve (&resolved, model, NULL));
  cliff = fit_context_curve_get_cliff (curve);
  g_assert_cmpuint (cliff, ==, MIN (fit_solve_max_context (model, device, &resolved), model->context_window));
  /* 12 GiB holds 8B at Q4_K_M with some context, not the whole 128K. */
  g_assert_cmpuint (cliff, >, 16384);
  g_assert_cmpuint (cliff, <, model->context_window);
  g_assert_cmpuint (fit_context_curve_get_budget (curve), >, 0);

  for (guint i = 0; i < fit_context_curve_get_n_points (curve); i++)
    {
      guint64 context, bytes;

      fit_context_curve_get_point (curve, i, &context, &bytes);
      g_assert_cmpuint (context, >, previous_context);
      g_assert_cmpuint (bytes, >=, previous_bytes);
      g_assert_cmpuint (context, <=, model->context_window);
      saw_current |= context == 16384;
      saw_cliff |= context == cliff;
      /* Below the cliff it fits, above it does not. */
      if (context <= cliff)
        g_assert_cmpuint (bytes, <=, fit_context_curve_get_budget (curve));
      previous_context = context;
      previous_bytes = bytes;
    }
  g_assert_cmpuint (previous_context, ==, model->context_window);
  g_assert_true (saw_current);
  g_assert_true (saw_cliff);
  g_assert_cmpuint (previous_bytes, >, fit_context_curve_get_budget (curve));

  /* Paint it, with a background, and find the budget line's colour. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 500, 200);
    cairo_t *cr = cairo_create (surface);
    FitChartStyle style;
    guint32 kv;
    guint n_kv = 0;

    fit_chart_style_init_light (&style);
    style.draw_background = TRUE;
    kv = rgba_to_pixel (&style.component[FIT_COMPONENT_KV_CACHE]);
    fit_context_chart_paint (cr, curve, &style, 500, 200);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    for (int y = 0; y < 200; y++)
      for (int x = 0; x < 500; x++)
        n_kv += pixel_at (surface, x, y) == kv;
    g_assert_cmpuint (n_kv, >, 100);
    cairo_surface_destroy (surface);
  }
}

/* Two curves are the same: same samples, same marker. */
static void
assert_same_curve (const FitContextCurve *a,
                   const FitContextCurve *b)
{
  g_assert_cmpuint (fit_context_curve_get_n_points (a), ==, fit_context_curve_get_n_points (b));
  g_assert_cmpuint (fit_context_curve_get_current (a), ==, fit_context_curve_get_current (b));
  g_assert_cmpuint (fit_context_curve_get_cliff (a), ==, fit_context_curve_get_cliff (b));
  g_assert_cmpuint (fit_context_curve_get_budget (a), ==, fit_context_curve_get_budget (b));
  for (guint i = 0; i < fit_context_curve_get_n_points (a); i++)
    {
      guint64 context_a, bytes_a, context_b, bytes_b;

      fit_context_curve_get_point (a, i, &context_a, &bytes_a);
      fit_context_curve_get_point (b, i, &context_b, &bytes_b);
      g_assert_cmpuint (context_a, ==, context_b);
      g_assert_cmpuint (bytes_a, ==, bytes_b);
    }
}

/* A context slider moves the marker of the curve it has: the result is the
 * curve sampled afresh at the new context. */
static void
test_context_curve_move (void)
{
  static const guint64 contexts[] = { 16384, 4096, 4096, 131072, 300, 100, 65536, 16384 };
  g_autoptr(FitModel) model = report_test_llama8b ();
  g_autoptr(FitDevice) device = report_test_device ("rtx-3060-12gb", "GeForce RTX 3060 12GB", 12, 360, 12.7);
  g_autoptr(FitContextCurve) curve = NULL;
  FitSettings settings;

  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  curve = fit_context_curve_new (model, device, &settings, 40);

  for (guint i = 0; i < G_N_ELEMENTS (contexts); i++)
    {
      g_autoptr(FitContextCurve) fresh = NULL;

      settings.context = contexts[i];
      g_assert_true (fit_context_curve_move_current (curve, model, device, &settings));
      fresh = fit_context_curve_new (model, device, &settings, 40);
      assert_same_curve (curve, fresh);
    }

  /* Anything but the context needs new samples. */
  settings.concurrency = 4;
  g_assert_false (fit_context_curve_move_current (curve, model, device, &settings));
  settings.concurrency = 0;
  settings.kv_k = settings.kv_v = FIT_KV_Q8_0;
  settings.kv_set = TRUE;
  g_assert_false (fit_context_curve_move_current (curve, model, device, &settings));

  /* So does a context past the model's window. */
  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 8192);
  g_assert_true (fit_context_curve_move_current (curve, model, device, &settings));
  settings.context = model->context_window * 2;
  g_assert_false (fit_context_curve_move_current (curve, model, device, &settings));
}

static void
test_context_curve_small (void)
{
  g_autoptr(FitModel) model = report_test_qwen ();
  g_autoptr(FitDevice) device = report_test_rtx4060 ();
  g_autoptr(FitContextCurve) curve = NULL;
  FitSettings settings;

  /* The whole window fits: the cliff is the window. */
  report_test_settings (&settings, FIT_RUNTIME_LLAMACPP, 0);
  curve = fit_context_curve_new (model, device, &settings, 0);
  g_assert_cmpuint (fit_context_curve_get_cliff (curve), ==, model->context_window);
  g_assert_cmpuint (fit_context_curve_get_current (curve), ==, 4096);
  g_assert_cmpuint (fit_context_curve_get_n_points (curve), >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/fractions", test_fractions);
  g_test_add_func ("/chart/deficit", test_deficit);
  g_test_add_func ("/chart/multi-gpu", test_multi_gpu);
  g_test_add_func ("/chart/host-bar", test_host_bar);
  g_test_add_func ("/chart/other-used", test_other_used);
  g_test_add_func ("/chart/hit-test", test_hit_test);
  g_test_add_func ("/chart/paint", test_paint);
  g_test_add_func ("/chart/sliver", test_sliver);
  g_test_add_func ("/chart/style", test_style);
  g_test_add_func ("/chart/context-curve", test_context_curve);
  g_test_add_func ("/chart/context-curve-small", test_context_curve_small);
  g_test_add_func ("/chart/context-curve-move", test_context_curve_move);

  return g_test_run ();
}
