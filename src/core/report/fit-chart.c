/* fit-chart.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "fit-chart.h"
#include "fit-solve.h"
#include "fit-units.h"

/* Layout of the stacked chart, in user units (logical pixels in the
 * window, points in a report). It depends on the size only, never on the
 * style, so that fit_chart_hit_test() finds the bars where
 * fit_chart_paint() drew them. */
#define CHART_PAD          4.0
#define CHART_TITLE_H     20.0
#define CHART_AXIS_H      18.0
#define CHART_GAP         10.0
#define CHART_BAR_MIN     12.0
#define CHART_BAR_MAX     40.0
#define CHART_NOTE_H      18.0
#define CHART_LEGEND_GAP   6.0
#define CHART_LEGEND_ROW  18.0
#define CHART_LEGEND_COL 150.0
#define CHART_SWATCH      10.0

/* Pango sizes are in points; charts are laid out in logical pixels, which
 * are 1/96 inch, whatever the surface. */
#define CHART_DPI         96.0

typedef enum
{
  SWATCH_FILL,
  SWATCH_HATCH,
  SWATCH_LINE,
  SWATCH_DASHED_LINE,
} SwatchShape;

/* Colours of the style, by slot, so that the legend can name them. */
typedef enum
{
  SLOT_OTHER_USED = FIT_N_COMPONENTS,
  SLOT_HEADROOM,
  SLOT_DEFICIT,
  SLOT_CAPACITY,
  SLOT_BUDGET,
} StyleSlot;

typedef struct
{
  SwatchShape  shape;
  guint        slot;
  char        *label;
} LegendItem;

#define MAX_LEGEND_ITEMS (FIT_CHART_N_KINDS + 4)

struct _FitChartModel
{
  FitChartBar  bars[FIT_CHART_MAX_BARS];
  guint        n_bars;
  guint        n_gpus;
  char        *more_gpus_note;
  LegendItem   legend[MAX_LEGEND_ITEMS];
  guint        n_legend;
  char        *title;
  char        *verdict;
};

typedef struct
{
  double x0;
  double x1;
  double bar_h;
  double title_y[FIT_CHART_MAX_BARS];
  double bar_y[FIT_CHART_MAX_BARS];
  double note_y;
  double legend_y;
  guint  legend_cols;
  double legend_col_w;
} ChartLayout;

struct _FitContextCurve
{
  guint     n;
  guint     n_alloc;
  guint64  *context;
  guint64  *bytes;           /* n × FIT_N_COMPONENTS, busiest GPU */
  guint64  *total;
  guint64   budget;
  guint64   window;
  guint64   min_context;
  guint64   current;
  guint64   current_bytes;
  guint     current_index;   /* where the current sample is */
  gboolean  current_added;   /* it is not one of the regular samples */
  guint64   cliff;
  guint64   y_max;
  gboolean  log_axis;
  FitSettings settings;      /* as given, for fit_context_curve_move_current() */
  char     *budget_text;
  char     *cliff_text;
  char     *current_text;
};

/* Style */

static void
rgba_from_hex (FitRgba *rgba,
               guint32  hex,
               double   alpha)
{
  rgba->red = ((hex >> 16) & 0xff) / 255.0;
  rgba->green = ((hex >> 8) & 0xff) / 255.0;
  rgba->blue = (hex & 0xff) / 255.0;
  rgba->alpha = alpha;
}

/**
 * fit_chart_style_init_light:
 * @style: the style to fill
 *
 * Fills @style with the light palette: the GNOME palette that the window's
 * style.css uses too, so that reports and the window look alike.
 */
void
fit_chart_style_init_light (FitChartStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  rgba_from_hex (&style->component[FIT_COMPONENT_WEIGHTS], 0x3584e4, 1.0);  /* blue 3 */
  rgba_from_hex (&style->component[FIT_COMPONENT_KV_CACHE], 0x9141ac, 1.0); /* purple 3 */
  rgba_from_hex (&style->component[FIT_COMPONENT_STATE], 0x2190a4, 1.0);    /* teal */
  rgba_from_hex (&style->component[FIT_COMPONENT_COMPUTE], 0xe66100, 1.0);  /* orange 5 */
  rgba_from_hex (&style->component[FIT_COMPONENT_OVERHEAD], 0x986a44, 1.0); /* brown 3 */
  rgba_from_hex (&style->other_used, 0x9a9996, 1.0);
  rgba_from_hex (&style->headroom, 0x33d17a, 0.28);
  rgba_from_hex (&style->deficit, 0xe01b24, 1.0);
  rgba_from_hex (&style->capacity_line, 0x241f31, 1.0);
  rgba_from_hex (&style->budget_line, 0x241f31, 0.85);
  rgba_from_hex (&style->current_marker, 0x1a5fb4, 1.0);
  rgba_from_hex (&style->text, 0x241f31, 1.0);
  rgba_from_hex (&style->dim_text, 0x5e5c64, 1.0);
  rgba_from_hex (&style->grid, 0xdeddda, 1.0);
  rgba_from_hex (&style->background, 0xffffff, 1.0);
  style->font_family = NULL;
  style->font_size = 9.0;
  style->draw_background = FALSE;
}

/**
 * fit_chart_style_init_dark:
 * @style: the style to fill
 *
 * Fills @style with the dark palette.
 */
void
fit_chart_style_init_dark (FitChartStyle *style)
{
  g_return_if_fail (style != NULL);

  memset (style, 0, sizeof *style);
  rgba_from_hex (&style->component[FIT_COMPONENT_WEIGHTS], 0x62a0ea, 1.0);
  rgba_from_hex (&style->component[FIT_COMPONENT_KV_CACHE], 0xc061cb, 1.0);
  rgba_from_hex (&style->component[FIT_COMPONENT_STATE], 0x4fc1d3, 1.0);
  rgba_from_hex (&style->component[FIT_COMPONENT_COMPUTE], 0xffa348, 1.0);
  rgba_from_hex (&style->component[FIT_COMPONENT_OVERHEAD], 0xcdab8f, 1.0);
  rgba_from_hex (&style->other_used, 0x77767b, 1.0);
  rgba_from_hex (&style->headroom, 0x57e389, 0.25);
  rgba_from_hex (&style->deficit, 0xff7b63, 1.0);
  rgba_from_hex (&style->capacity_line, 0xffffff, 1.0);
  rgba_from_hex (&style->budget_line, 0xffffff, 0.8);
  rgba_from_hex (&style->current_marker, 0x99c1f1, 1.0);
  rgba_from_hex (&style->text, 0xffffff, 1.0);
  rgba_from_hex (&style->dim_text, 0xc0bfbc, 1.0);
  rgba_from_hex (&style->grid, 0x3d3846, 1.0);
  rgba_from_hex (&style->background, 0x242424, 1.0);
  style->font_family = NULL;
  style->font_size = 9.0;
  style->draw_background = FALSE;
}

static const FitRgba *
style_slot (const FitChartStyle *style,
            guint                slot)
{
  if (slot < FIT_N_COMPONENTS)
    return &style->component[slot];

  switch ((StyleSlot) slot)
    {
    case SLOT_OTHER_USED:
      return &style->other_used;
    case SLOT_HEADROOM:
      return &style->headroom;
    case SLOT_DEFICIT:
      return &style->deficit;
    case SLOT_CAPACITY:
      return &style->capacity_line;
    case SLOT_BUDGET:
      return &style->budget_line;
    default:
      g_assert_not_reached ();
    }
}

static void
set_source (cairo_t       *cr,
            const FitRgba *rgba)
{
  cairo_set_source_rgba (cr, rgba->red, rgba->green, rgba->blue, rgba->alpha);
}

/* Text on a segment must read on its colour. */
static gboolean
rgba_is_light (const FitRgba *rgba)
{
  double luma = 0.2126 * rgba->red + 0.7152 * rgba->green + 0.0722 * rgba->blue;

  return luma * rgba->alpha + (1.0 - rgba->alpha) > 0.6;
}

/* Pixel snapping: rectangles and lines land on device pixels, whatever the
 * scale the widget or the PNG export put into the transform. */

static double
snap_x (cairo_t *cr,
        double   x)
{
  double y = 0.0;

  cairo_user_to_device (cr, &x, &y);
  x = round (x);
  cairo_device_to_user (cr, &x, &y);
  return x;
}

static double
snap_y (cairo_t *cr,
        double   y)
{
  double x = 0.0;

  cairo_user_to_device (cr, &x, &y);
  y = round (y);
  cairo_device_to_user (cr, &x, &y);
  return y;
}

static void
fill_rect_snapped (cairo_t *cr,
                   double   x0,
                   double   y0,
                   double   x1,
                   double   y1)
{
  x0 = snap_x (cr, x0);
  x1 = snap_x (cr, x1);
  y0 = snap_y (cr, y0);
  y1 = snap_y (cr, y1);
  if (x1 <= x0 || y1 <= y0)
    return;
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_fill (cr);
}

/* A vertical line @device_px device pixels wide, centred on @x. */
static void
fill_vline (cairo_t *cr,
            double   x,
            double   y0,
            double   y1,
            double   device_px)
{
  double dx = x;
  double dy = 0.0;
  double left, right;
  double yy = 0.0;

  cairo_user_to_device (cr, &dx, &dy);
  left = round (dx - device_px / 2.0);
  right = left + MAX (1.0, round (device_px));
  cairo_device_to_user (cr, &left, &yy);
  yy = 0.0;
  cairo_device_to_user (cr, &right, &yy);
  y0 = snap_y (cr, y0);
  y1 = snap_y (cr, y1);
  if (y1 <= y0)
    return;
  cairo_rectangle (cr, left, y0, right - left, y1 - y0);
  cairo_fill (cr);
}

static void
fill_hline (cairo_t *cr,
            double   x0,
            double   x1,
            double   y,
            double   device_px)
{
  double dx = 0.0;
  double dy = y;
  double top, bottom;
  double xx = 0.0;

  cairo_user_to_device (cr, &dx, &dy);
  top = round (dy - device_px / 2.0);
  bottom = top + MAX (1.0, round (device_px));
  cairo_device_to_user (cr, &xx, &top);
  xx = 0.0;
  cairo_device_to_user (cr, &xx, &bottom);
  x0 = snap_x (cr, x0);
  x1 = snap_x (cr, x1);
  if (x1 <= x0)
    return;
  cairo_rectangle (cr, x0, top, x1 - x0, bottom - top);
  cairo_fill (cr);
}

/* The device pixels of one user unit, for line widths. */
static double
device_scale (cairo_t *cr)
{
  double dx = 1.0;
  double dy = 0.0;

  cairo_user_to_device_distance (cr, &dx, &dy);
  return MAX (hypot (dx, dy), 0.01);
}

/* Text */

static PangoLayout *
create_layout (cairo_t             *cr,
               const FitChartStyle *style)
{
  PangoLayout *layout;
  PangoFontDescription *desc;

  layout = pango_cairo_create_layout (cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), CHART_DPI);
  pango_layout_context_changed (layout);

  desc = pango_font_description_new ();
  pango_font_description_set_family (desc, style->font_family ? style->font_family : "Sans");
  pango_font_description_set_size (desc, (int) (MAX (style->font_size, 1.0) * PANGO_SCALE));
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);

  return layout;
}

typedef enum
{
  ALIGN_LEFT,
  ALIGN_CENTER,
  ALIGN_RIGHT,
} TextAlign;

/* Sets the text (plain or markup) and returns its logical size. */
static void
layout_set (PangoLayout *layout,
            const char  *text,
            gboolean     markup,
            double       max_width,
            double      *out_width,
            double      *out_height)
{
  int w, h;

  if (max_width > 0)
    {
      pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  else
    {
      pango_layout_set_width (layout, -1);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_NONE);
    }

  /* The layout is shared by all the labels: markup attributes of one
   * label must not carry over to the next. */
  if (markup)
    pango_layout_set_markup (layout, text, -1);
  else
    {
      pango_layout_set_attributes (layout, NULL);
      pango_layout_set_text (layout, text, -1);
    }

  pango_layout_get_size (layout, &w, &h);
  if (out_width)
    *out_width = (double) w / PANGO_SCALE;
  if (out_height)
    *out_height = (double) h / PANGO_SCALE;
}

static double
text_width (PangoLayout *layout,
            const char  *text,
            gboolean     markup)
{
  double w;

  layout_set (layout, text, markup, -1, &w, NULL);
  return w;
}

/* Draws one line of text vertically centred in the row [y, y + row_h]. */
static void
draw_text (cairo_t       *cr,
           PangoLayout   *layout,
           const char    *text,
           gboolean       markup,
           const FitRgba *colour,
           double         x,
           double         y,
           double         row_h,
           TextAlign      align,
           double         max_width)
{
  double w, h;

  if (text == NULL || *text == '\0')
    return;

  layout_set (layout, text, markup, max_width, &w, &h);
  if (max_width > 0 && w > max_width)
    w = max_width;

  if (align == ALIGN_CENTER)
    x -= w / 2.0;
  else if (align == ALIGN_RIGHT)
    x -= w;

  set_source (cr, colour);
  cairo_move_to (cr, x, y + (row_h - h) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

/* Model */

static char *
format_percent (double percent)
{
  /* U+2212 MINUS SIGN, as fit_format_bytes_signed() writes it. */
  const char *sign = percent < 0 ? "\xe2\x88\x92" : "";
  double magnitude = fabs (percent);

  if (magnitude > 0 && magnitude < 10)
    return g_strdup_printf ("%s%.1f%%", sign, magnitude);
  return g_strdup_printf ("%s%.0f%%", sign, magnitude);
}

static void
segment_clear (FitChartSegment *segment)
{
  g_clear_pointer (&segment->name, g_free);
  g_clear_pointer (&segment->size_text, g_free);
  g_clear_pointer (&segment->tooltip, g_free);
}

static void
bar_clear (FitChartBar *bar)
{
  for (guint i = 0; i < bar->n_segments; i++)
    segment_clear (&bar->segments[i]);
  g_clear_pointer (&bar->title, g_free);
  g_clear_pointer (&bar->summary, g_free);
  g_clear_pointer (&bar->summary_short, g_free);
  g_clear_pointer (&bar->headroom_label, g_free);
  g_clear_pointer (&bar->headroom_display, g_free);
  g_clear_pointer (&bar->headroom_tooltip, g_free);
  g_clear_pointer (&bar->axis_note, g_free);
  g_clear_pointer (&bar->capacity_text, g_free);
  g_clear_pointer (&bar->budget_text, g_free);
}

static void
bar_add_segment (FitChartBar *bar,
                 guint        kind,
                 guint64      bytes,
                 const char  *name,
                 char        *formula)
{
  FitChartSegment *segment;
  g_autofree char *size = NULL;

  g_assert (bar->n_segments < G_N_ELEMENTS (bar->segments));

  if (bytes == 0)
    {
      g_free (formula);
      return;
    }

  size = fit_format_bytes (bytes);
  segment = &bar->segments[bar->n_segments++];
  segment->kind = kind;
  segment->bytes = bytes;
  segment->name = g_strdup (name);
  segment->size_text = g_strdup (size);
  if (formula != NULL && *formula != '\0')
    /* Translators: a chart tooltip: "Weights: 4.2 GiB", then the formula */
    segment->tooltip = g_strdup_printf (_("%s: %s\n%s"), name, size, formula);
  else
    segment->tooltip = g_strdup_printf (_("%s: %s"), name, size);
  g_free (formula);
}

/* Positions the segments one after the other, as fractions of the scale. */
static void
bar_layout_segments (FitChartBar *bar)
{
  guint64 offset = 0;

  for (guint i = 0; i < bar->n_segments; i++)
    {
      FitChartSegment *segment = &bar->segments[i];

      segment->start = bar->scale_bytes ? (double) offset / bar->scale_bytes : 0.0;
      offset += segment->bytes;
      segment->end = bar->scale_bytes ? (double) offset / bar->scale_bytes : 0.0;
    }
  bar->used_pos = bar->scale_bytes ? (double) offset / bar->scale_bytes : 0.0;
}

/* The budget when the estimate left it out: vLLM takes its share of the
 * device; the other runtimes take what there is. */
static guint64
fallback_budget (const FitEstimate *estimate,
                 guint64            capacity,
                 guint64            other)
{
  if (estimate->settings.runtime == FIT_RUNTIME_VLLM)
    {
      double util = estimate->settings.gpu_util > 0 ? estimate->settings.gpu_util : 0.90;

      return (guint64) (capacity * CLAMP (util, 0.0, 1.0));
    }
  return capacity > other ? capacity - other : 0;
}

static void
gpu_bar_init (FitChartBar       *bar,
              guint              index,
              guint              n_gpus,
              const FitModel    *model,
              const FitEstimate *estimate,
              guint64            capacity,
              guint64            other,
              guint64            budget)
{
  guint64 ours = 0;
  guint64 budget_end;
  g_autofree char *used_text = NULL;
  g_autofree char *budget_text = NULL;
  g_autofree char *capacity_text = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *signed_text = NULL;
  g_autofree char *magnitude = NULL;

  bar->kind = FIT_CHART_BAR_GPU;
  bar->index = index;
  if (n_gpus > 1)
    /* Translators: a bar of the chart; %u counts from 1 */
    bar->title = g_strdup_printf (_("GPU %u"), index + 1);
  else
    bar->title = g_strdup (_("GPU"));

  bar_add_segment (bar, FIT_CHART_OTHER_USED, other, _("Other processes"),
                   g_strdup (_("Memory held by other processes when the device was detected.")));

  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      bar_add_segment (bar, c, estimate->per_gpu[c], fit_component_label (c),
                       model ? fit_estimate_formula (model, estimate, c, FALSE) : NULL);
      ours += estimate->per_gpu[c];
    }

  bar->used_bytes = ours;
  bar->other_bytes = other;
  bar->capacity_bytes = capacity;
  bar->budget_bytes = budget;

  /* Our part begins where the other processes end, so the budget line
   * stands at other + budget on the physical bar. */
  budget_end = MIN (fit_add_sat (other, budget), capacity ? capacity : G_MAXUINT64);
  bar->scale_bytes = MAX (MAX (capacity, budget_end), fit_add_sat (other, ours));
  bar_layout_segments (bar);

  bar->capacity_pos = bar->scale_bytes && capacity ? (double) capacity / bar->scale_bytes : -1.0;
  bar->budget_pos = bar->scale_bytes ? (double) budget_end / bar->scale_bytes : -1.0;

  bar->headroom_bytes = (gint64) MIN (budget, (guint64) G_MAXINT64) - (gint64) MIN (ours, (guint64) G_MAXINT64);
  bar->headroom_percent = budget ? 100.0 * (double) bar->headroom_bytes / (double) budget : 0.0;

  used_text = fit_format_bytes (ours);
  budget_text = fit_format_bytes (budget);
  capacity_text = fit_format_bytes (capacity);
  percent = format_percent (bar->headroom_percent);
  signed_text = fit_format_bytes_signed (bar->headroom_bytes);
  magnitude = fit_format_bytes ((guint64) ABS (bar->headroom_bytes));

  /* Translators: "6.4 GiB of the 7.2 GiB budget" */
  bar->summary = g_strdup_printf (_("%s of the %s budget"), used_text, budget_text);
  /* Translators: the short form of "6.4 GiB of the 7.2 GiB budget" */
  bar->summary_short = g_strdup_printf (_("%s / %s"), used_text, budget_text);
  bar->headroom_label = g_strdup_printf ("%s (%s)", signed_text, percent);

  if (bar->headroom_bytes < 0)
    {
      /* Translators: "−0.8 GiB (−10%) over budget" */
      bar->headroom_display = g_strdup_printf (_("%s over budget"), bar->headroom_label);
      /* Translators: a tooltip: the bytes, then the percentage of the budget */
      bar->headroom_tooltip = g_strdup_printf (_("Over the %s budget by %s (%s)"),
                                               budget_text, magnitude, percent);
    }
  else
    {
      /* Translators: "+1.2 GiB (15%) free" */
      bar->headroom_display = g_strdup_printf (_("%s free"), bar->headroom_label);
      bar->headroom_tooltip = g_strdup_printf (_("Free below the %s budget: %s (%s)"),
                                               budget_text, magnitude, percent);
    }

  if (capacity > 0)
    /* Translators: a label at the capacity line of the chart */
    bar->capacity_text = g_strdup_printf (_("Capacity %s"), capacity_text);
  if (budget_end != capacity || capacity == 0)
    /* Translators: a label at the budget line of the chart */
    bar->budget_text = g_strdup_printf (_("Budget %s"), budget_text);
}

static void
host_bar_init (FitChartBar       *bar,
               const FitModel    *model,
               const FitEstimate *estimate,
               guint64            gpu_scale,
               guint64            system_ram)
{
  guint64 total = 0;

  bar->kind = FIT_CHART_BAR_HOST;
  bar->index = 0;
  bar->title = g_strdup (_("System RAM"));

  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      bar_add_segment (bar, c, estimate->host[c], fit_component_label (c),
                       model ? fit_estimate_formula (model, estimate, c, TRUE) : NULL);
      total += estimate->host[c];
    }
  total = MAX (total, estimate->host_bytes);

  /* The GPU bars' scale, so that lengths compare, unless the host holds
   * more than that scale shows. */
  bar->used_bytes = total;
  bar->scale_bytes = MAX (total, gpu_scale);
  bar_layout_segments (bar);
  bar->capacity_pos = -1.0;
  bar->budget_pos = -1.0;

  bar->summary = fit_format_bytes (total);
  bar->summary_short = g_strdup (bar->summary);

  /* This computer's RAM, when known, is the host bar's capacity. A line
   * only where it falls on the bar: always when the host holds more. */
  if (system_ram != 0)
    {
      g_autofree char *used = g_steal_pointer (&bar->summary);
      g_autofree char *ram = fit_format_bytes (system_ram);

      bar->capacity_bytes = system_ram;
      /* Translators: "26.3 GiB of the 23.5 GiB in this computer", beside "System RAM" */
      bar->summary = g_strdup_printf (_("%s of the %s in this computer"), used, ram);
      g_free (bar->summary_short);
      /* Translators: "26.3 / 23.5 GiB", for narrow charts */
      bar->summary_short = g_strdup_printf (_("%s / %s"), used, ram);
      if (system_ram <= bar->scale_bytes)
        {
          bar->capacity_pos = (double) system_ram / (double) bar->scale_bytes;
          /* Translators: a label at the system RAM line of the chart */
          bar->capacity_text = g_strdup_printf (_("This computer %s"), ram);
        }
    }
  if (bar->scale_bytes == gpu_scale)
    /* Translators: under the system RAM bar */
    bar->axis_note = g_strdup (_("Same scale as the GPU bar"));
  else
    /* Translators: under the system RAM bar, whose length is not comparable to the GPU bars */
    bar->axis_note = g_strdup (_("Own scale: longer than the GPU bar"));
}

static void
legend_add (FitChartModel *self,
            SwatchShape    shape,
            guint          slot,
            const char    *label)
{
  LegendItem *item;

  g_assert (self->n_legend < G_N_ELEMENTS (self->legend));

  item = &self->legend[self->n_legend++];
  item->shape = shape;
  item->slot = slot;
  item->label = g_strdup (label);
}

static void
legend_init (FitChartModel *self)
{
  gboolean kinds[FIT_CHART_N_KINDS] = { FALSE, };
  gboolean headroom = FALSE;
  gboolean deficit = FALSE;
  gboolean capacity = FALSE;
  gboolean budget = FALSE;

  for (guint b = 0; b < self->n_bars; b++)
    {
      const FitChartBar *bar = &self->bars[b];

      for (guint s = 0; s < bar->n_segments; s++)
        kinds[bar->segments[s].kind] = TRUE;

      if (bar->kind != FIT_CHART_BAR_GPU)
        continue;
      if (bar->headroom_bytes > 0)
        headroom = TRUE;
      if (bar->headroom_bytes < 0)
        deficit = TRUE;
      if (bar->capacity_text)
        capacity = TRUE;
      if (bar->budget_text)
        budget = TRUE;
    }

  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    if (kinds[c])
      legend_add (self, SWATCH_FILL, c, fit_component_label (c));
  if (kinds[FIT_CHART_OTHER_USED])
    legend_add (self, SWATCH_FILL, SLOT_OTHER_USED, _("Other processes"));
  if (headroom)
    legend_add (self, SWATCH_FILL, SLOT_HEADROOM, _("Free"));
  if (deficit)
    legend_add (self, SWATCH_HATCH, SLOT_DEFICIT, _("Over budget"));
  if (capacity)
    legend_add (self, SWATCH_LINE, SLOT_CAPACITY, _("Capacity"));
  if (budget)
    legend_add (self, SWATCH_DASHED_LINE, SLOT_BUDGET, _("Budget"));
}

/**
 * fit_chart_model_new:
 * @model: (nullable): the model, for the formulas in the tooltips
 * @device: (nullable): the device the estimate is for
 * @estimate: the estimate
 *
 * Normalizes an estimate into the bars of the stacked chart: one bar per
 * GPU, up to %FIT_CHART_MAX_GPU_BARS, each showing the busiest GPU
 * (@estimate->per_gpu), plus a system RAM bar when the host holds part of
 * the model. Nothing is kept from the arguments.
 *
 * Returns: (transfer full): the chart model
 */
FitChartModel *
fit_chart_model_new (const FitModel    *model,
                     const FitDevice   *device,
                     const FitEstimate *estimate)
{
  return fit_chart_model_new_with_ram (model, device, estimate, 0);
}

/**
 * fit_chart_model_new_with_ram:
 * @model: (nullable): the model
 * @device: (nullable): the device the estimate is for
 * @estimate: the estimate
 * @system_ram: the RAM of this computer, 0 if unknown or beside the point
 *
 * As fit_chart_model_new(), with @system_ram as the system RAM bar's
 * capacity. The window passes it; a report, which may be read on another
 * computer, does not.
 *
 * Returns: (transfer full): the chart model
 */
FitChartModel *
fit_chart_model_new_with_ram (const FitModel    *model,
                              const FitDevice   *device,
                              const FitEstimate *estimate,
                              guint64            system_ram)
{
  FitChartModel *self;
  guint64 capacity;
  guint64 other = 0;
  guint64 budget;
  guint n_gpus;
  guint n_gpu_bars;

  g_return_val_if_fail (estimate != NULL, NULL);

  self = g_new0 (FitChartModel, 1);

  n_gpus = MAX (estimate->settings.gpu_count, 1);
  self->n_gpus = n_gpus;

  capacity = estimate->capacity_bytes;
  if (capacity == 0 && device != NULL)
    capacity = device->memory_bytes;

  /* Other processes take their own segment only when the estimate is judged
   * against what is free now; when planning for the whole device they are
   * left out of the budget too. */
  if (device != NULL && device->detected && device->used_known &&
      estimate->settings.budget_basis == FIT_BUDGET_FREE)
    other = estimate->other_used_bytes ? estimate->other_used_bytes : device->used_bytes;
  if (capacity > 0)
    other = MIN (other, capacity);

  budget = estimate->per_gpu_budget;
  if (budget == 0 && capacity > 0)
    budget = fallback_budget (estimate, capacity, other);

  if (estimate->per_gpu_total > 0 || capacity > 0)
    {
      n_gpu_bars = MIN (n_gpus, FIT_CHART_MAX_GPU_BARS);
      for (guint i = 0; i < n_gpu_bars; i++)
        gpu_bar_init (&self->bars[self->n_bars++], i, n_gpus, model, estimate,
                      capacity, other, budget);

      if (n_gpus > n_gpu_bars)
        self->more_gpus_note =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u more GPU holds the same as each GPU above",
                                        "%u more GPUs hold the same as each GPU above",
                                        n_gpus - n_gpu_bars),
                           n_gpus - n_gpu_bars);
    }

  if (estimate->host_bytes > 0)
    {
      guint64 gpu_scale = self->n_bars > 0 ? self->bars[0].scale_bytes : 0;

      host_bar_init (&self->bars[self->n_bars++], model, estimate, gpu_scale, system_ram);
    }

  legend_init (self);

  if (model != NULL && model->name != NULL && device != NULL && device->name != NULL)
    /* Translators: "Qwen2.5-0.5B on GeForce RTX 4060" */
    self->title = g_strdup_printf (_("%s on %s"), model->name, device->name);
  self->verdict = g_strdup (fit_verdict_label (estimate->verdict));

  return self;
}

void
fit_chart_model_free (FitChartModel *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_bars; i++)
    bar_clear (&self->bars[i]);
  for (guint i = 0; i < self->n_legend; i++)
    g_free (self->legend[i].label);
  g_free (self->more_gpus_note);
  g_free (self->title);
  g_free (self->verdict);
  g_free (self);
}

guint
fit_chart_model_get_n_bars (const FitChartModel *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_bars;
}

const FitChartBar *
fit_chart_model_get_bar (const FitChartModel *self,
                         guint                index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_bars, NULL);

  return &self->bars[index];
}

guint
fit_chart_model_get_n_gpus (const FitChartModel *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_gpus;
}

/**
 * fit_chart_model_describe:
 * @self: a chart model
 *
 * A text summary of the chart for screen readers: the verdict, then each
 * bar's segments, its total against the budget and its headroom.
 *
 * Returns: (transfer full): the description
 */
char *
fit_chart_model_describe (const FitChartModel *self)
{
  GString *str;

  g_return_val_if_fail (self != NULL, NULL);

  str = g_string_new (NULL);
  if (self->title)
    g_string_append_printf (str, "%s: %s.", self->title, self->verdict);
  else
    g_string_append_printf (str, "%s.", self->verdict);

  for (guint b = 0; b < self->n_bars; b++)
    {
      const FitChartBar *bar = &self->bars[b];

      g_string_append_printf (str, " %s: ", bar->title);
      for (guint s = 0; s < bar->n_segments; s++)
        g_string_append_printf (str, "%s%s %s", s ? ", " : "",
                                bar->segments[s].name, bar->segments[s].size_text);
      if (bar->n_segments == 0)
        g_string_append (str, _("nothing"));
      g_string_append_printf (str, "; %s", bar->summary);
      if (bar->headroom_display)
        g_string_append_printf (str, "; %s", bar->headroom_display);
      g_string_append_c (str, '.');
    }

  if (self->more_gpus_note)
    g_string_append_printf (str, " %s.", self->more_gpus_note);

  return g_string_free (str, FALSE);
}

static guint
legend_columns (const FitChartModel *self,
                double               width)
{
  guint cols = (guint) MAX (1.0, floor ((width - 2 * CHART_PAD) / CHART_LEGEND_COL));

  return MAX (1, MIN (cols, MAX (self->n_legend, 1)));
}

static double
fixed_height (const FitChartModel *self,
              double               width)
{
  guint cols = legend_columns (self, width);
  guint rows = (self->n_legend + cols - 1) / cols;

  return 2 * CHART_PAD
         + self->n_bars * (CHART_TITLE_H + CHART_AXIS_H)
         + (self->n_bars > 0 ? (self->n_bars - 1) * CHART_GAP : 0)
         + (self->more_gpus_note ? CHART_NOTE_H : 0)
         + (rows > 0 ? CHART_LEGEND_GAP + rows * CHART_LEGEND_ROW : 0);
}

/**
 * fit_chart_model_get_natural_height:
 * @self: a chart model
 * @width: the width the chart will get
 *
 * Returns: the height at which every bar gets its full thickness
 */
double
fit_chart_model_get_natural_height (const FitChartModel *self,
                                    double               width)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->n_bars == 0)
    return 0;
  return ceil (fixed_height (self, width) + self->n_bars * CHART_BAR_MAX);
}

static gboolean
chart_layout (const FitChartModel *self,
              double               width,
              double               height,
              ChartLayout         *layout)
{
  double fixed;
  double total;
  double y;

  if (self->n_bars == 0 || width < 2 * CHART_PAD + 16 || height <= 2 * CHART_PAD)
    return FALSE;

  layout->x0 = CHART_PAD;
  layout->x1 = width - CHART_PAD;
  layout->legend_cols = legend_columns (self, width);
  layout->legend_col_w = (layout->x1 - layout->x0) / layout->legend_cols;

  fixed = fixed_height (self, width);
  layout->bar_h = CLAMP ((height - fixed) / self->n_bars, CHART_BAR_MIN, CHART_BAR_MAX);
  total = fixed + self->n_bars * layout->bar_h;

  /* Centred in the height the chart was given. */
  y = CHART_PAD + MAX (0.0, floor ((height - total) / 2.0));
  for (guint b = 0; b < self->n_bars; b++)
    {
      layout->title_y[b] = y;
      layout->bar_y[b] = y + CHART_TITLE_H;
      y += CHART_TITLE_H + layout->bar_h + CHART_AXIS_H + CHART_GAP;
    }
  y -= CHART_GAP;

  layout->note_y = y;
  if (self->more_gpus_note)
    y += CHART_NOTE_H;
  layout->legend_y = y + CHART_LEGEND_GAP;

  return TRUE;
}

/* Paint */

static void
paint_hatch (cairo_t       *cr,
             const FitRgba *colour,
             double         x0,
             double         y0,
             double         x1,
             double         y1)
{
  double h = y1 - y0;

  if (x1 <= x0 || h <= 0)
    return;

  cairo_save (cr);
  cairo_rectangle (cr, x0, y0, x1 - x0, h);
  cairo_clip (cr);
  set_source (cr, colour);
  cairo_set_line_width (cr, 1.5);
  for (double x = x0 - h; x < x1 + h; x += 6.0)
    {
      cairo_move_to (cr, x, y1);
      cairo_line_to (cr, x + h, y0);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
paint_dashed_vline (cairo_t *cr,
                    double   x,
                    double   y0,
                    double   y1,
                    double   device_px)
{
  for (double y = y0; y < y1; y += 5.0)
    fill_vline (cr, x, y, MIN (y + 3.0, y1), device_px);
}

/* A segment of a few MiB on a 24 GiB bar would round to nothing, yet the
 * legend names it: such a sliver is drawn SLIVER_MIN_W wide, on top of its
 * neighbours, so it can be seen and hovered. The figures stay exact. */
#define SLIVER_MIN_W 3.0

static gboolean
sliver_extent (const FitChartSegment *segment,
               const ChartLayout     *l,
               double                *xa,
               double                *xb)
{
  double w = l->x1 - l->x0;
  double a = l->x0 + segment->start * w;
  double b = l->x0 + segment->end * w;

  if (segment->bytes == 0 || b - a >= SLIVER_MIN_W)
    return FALSE;

  *xa = MAX (l->x0, (a + b - SLIVER_MIN_W) / 2.0);
  *xb = MIN (l->x1, (a + b + SLIVER_MIN_W) / 2.0);
  return TRUE;
}

/* The system RAM bar's note and, where this computer's RAM is known, its
 * capacity line and label. */
static void
paint_host_lines (cairo_t             *cr,
                  PangoLayout         *layout,
                  const ChartLayout   *l,
                  const FitChartBar   *bar,
                  const FitChartStyle *style,
                  double               bar_y,
                  double               bar_bottom,
                  double               w,
                  double               line_px)
{
  double cap_x, cap_w, note_w;

#define XPOS(f) (l->x0 + (f) * (l->x1 - l->x0))
  if (bar->capacity_pos < 0 || bar->capacity_text == NULL)
    {
      draw_text (cr, layout, bar->axis_note, FALSE, &style->dim_text,
                 l->x0, bar_bottom, CHART_AXIS_H, ALIGN_LEFT, w);
      return;
    }

  cap_x = XPOS (bar->capacity_pos);
  set_source (cr, &style->capacity_line);
  fill_vline (cr, cap_x, bar_y - 4.0, bar_bottom + 4.0, line_px + 1.0);
#undef XPOS

  cap_w = text_width (layout, bar->capacity_text, FALSE);
  note_w = text_width (layout, bar->axis_note, FALSE);
  if (l->x0 + note_w + 12.0 < MAX (cap_x, l->x0 + cap_w) - cap_w)
    {
      draw_text (cr, layout, bar->axis_note, FALSE, &style->dim_text,
                 l->x0, bar_bottom, CHART_AXIS_H, ALIGN_LEFT, w);
      draw_text (cr, layout, bar->capacity_text, FALSE, &style->dim_text,
                 MAX (cap_x, l->x0 + cap_w), bar_bottom + 3.0, CHART_AXIS_H - 3.0, ALIGN_RIGHT, w);
    }
  else
    {
      g_autofree char *both = g_strdup_printf ("%s · %s", bar->capacity_text, bar->axis_note);

      draw_text (cr, layout, both, FALSE, &style->dim_text,
                 l->x0, bar_bottom, CHART_AXIS_H, ALIGN_LEFT, w);
    }
}

static void
paint_bar (cairo_t             *cr,
           PangoLayout         *layout,
           const FitChartBar   *bar,
           const FitChartStyle *style,
           const ChartLayout   *l,
           double               title_y,
           double               bar_y)
{
  double w = l->x1 - l->x0;
  double bar_bottom = bar_y + l->bar_h;
  double px = device_scale (cr);
  double line_px = MAX (1.0, round (px * 1.25));
  g_autofree char *title = NULL;
  g_autofree char *title_short = NULL;

#define XPOS(f) (l->x0 + (f) * w)

  /* Title row: the bar's name and total, the headroom at the right; the
   * short forms where the long ones do not fit side by side. */
  title = g_markup_printf_escaped ("<b>%s</b>  %s", bar->title, bar->summary);
  title_short = g_markup_printf_escaped ("<b>%s</b>  %s", bar->title, bar->summary_short);
  {
    const char *left = title;
    const char *right = bar->headroom_display;
    double left_w = text_width (layout, title, TRUE);
    double right_w = right ? text_width (layout, right, FALSE) : 0;

    if (right && left_w + right_w + 12.0 > w)
      {
        right = bar->headroom_label;
        right_w = text_width (layout, right, FALSE);
      }
    if (left_w + right_w + 12.0 > w)
      left = title_short;

    if (right)
      draw_text (cr, layout, right, FALSE,
                 bar->headroom_bytes < 0 ? &style->deficit : &style->text,
                 l->x1, title_y, CHART_TITLE_H, ALIGN_RIGHT, w / 2.0);
    draw_text (cr, layout, left, TRUE, &style->text, l->x0, title_y, CHART_TITLE_H,
               ALIGN_LEFT, MAX (w - MIN (right_w, w / 2.0) - 12.0, 20.0));
  }

  /* The track, then free space below the budget. */
  set_source (cr, &style->grid);
  fill_rect_snapped (cr, l->x0, bar_y, l->x1, bar_bottom);

  if (bar->kind == FIT_CHART_BAR_GPU && bar->budget_pos > bar->used_pos)
    {
      set_source (cr, &style->headroom);
      fill_rect_snapped (cr, XPOS (bar->used_pos), bar_y, XPOS (bar->budget_pos), bar_bottom);
    }

  for (guint s = 0; s < bar->n_segments; s++)
    {
      const FitChartSegment *segment = &bar->segments[s];
      const FitRgba *colour = style_slot (style, segment->kind);
      double xa = XPOS (segment->start);
      double xb = XPOS (segment->end);

      set_source (cr, colour);
      fill_rect_snapped (cr, xa, bar_y, xb, bar_bottom);

      /* A hairline of background between neighbours keeps similar colours apart. */
      if (s > 0)
        {
          set_source (cr, &style->background);
          fill_vline (cr, xa, bar_y, bar_bottom, 1.0);
        }
    }

  /* Slivers on top, widened (see sliver_extent()). */
  for (guint s = 0; s < bar->n_segments; s++)
    {
      const FitChartSegment *segment = &bar->segments[s];
      double xa, xb;

      if (!sliver_extent (segment, l, &xa, &xb))
        continue;

      set_source (cr, style_slot (style, segment->kind));
      fill_rect_snapped (cr, xa, bar_y, xb, bar_bottom);
    }

  /* The part over budget, hatched, with a rule under it; on the host bar,
   * the part past this computer's RAM. */
  {
    double limit = -1.0;

    if (bar->kind == FIT_CHART_BAR_GPU && bar->headroom_bytes < 0)
      limit = bar->budget_pos;
    else if (bar->kind == FIT_CHART_BAR_HOST)
      limit = bar->capacity_pos;

    if (limit >= 0 && bar->used_pos > limit)
      {
        paint_hatch (cr, &(FitRgba) { 1.0, 1.0, 1.0, 0.55 },
                     XPOS (limit), bar_y, XPOS (bar->used_pos), bar_bottom);
        set_source (cr, &style->deficit);
        fill_rect_snapped (cr, XPOS (limit), bar_bottom + 1.0,
                           XPOS (bar->used_pos), bar_bottom + 4.0);
      }
  }

  /* Labels go on top of the hatching, where they fit. */
  for (guint s = 0; s < bar->n_segments && l->bar_h >= 14.0; s++)
    {
      const FitChartSegment *segment = &bar->segments[s];
      const FitRgba *colour = style_slot (style, segment->kind);
      double xa = XPOS (segment->start);
      double xb = XPOS (segment->end);
      double room = xb - xa - 8.0;
      g_autofree char *both = NULL;
      FitRgba label_colour;

      if (room <= 0)
        continue;

      if (rgba_is_light (colour))
        label_colour = (FitRgba) { 0.0, 0.0, 0.0, 0.85 };
      else
        label_colour = (FitRgba) { 1.0, 1.0, 1.0, 1.0 };

      both = g_strdup_printf ("%s %s", segment->name, segment->size_text);
      if (text_width (layout, both, FALSE) <= room)
        draw_text (cr, layout, both, FALSE, &label_colour,
                   (xa + xb) / 2.0, bar_y, l->bar_h, ALIGN_CENTER, -1);
      else if (text_width (layout, segment->size_text, FALSE) <= room)
        draw_text (cr, layout, segment->size_text, FALSE, &label_colour,
                   (xa + xb) / 2.0, bar_y, l->bar_h, ALIGN_CENTER, -1);
    }

  if (bar->kind != FIT_CHART_BAR_GPU)
    {
      paint_host_lines (cr, layout, l, bar, style, bar_y, bar_bottom, w, line_px);
      return;
    }

  /* Lines: the capacity solid, the budget dashed. */
  if (bar->capacity_pos >= 0)
    {
      set_source (cr, &style->capacity_line);
      fill_vline (cr, XPOS (bar->capacity_pos), bar_y - 4.0, bar_bottom + 4.0, line_px + 1.0);
    }
  if (bar->budget_text && bar->budget_pos >= 0)
    {
      set_source (cr, &style->budget_line);
      paint_dashed_vline (cr, XPOS (bar->budget_pos), bar_y - 4.0, bar_bottom + 4.0, line_px);
    }

  /* Their labels, under the bar. */
  {
    double cap_x = bar->capacity_pos >= 0 ? XPOS (bar->capacity_pos) : l->x1;
    double bud_x = bar->budget_pos >= 0 ? XPOS (bar->budget_pos) : l->x1;
    double ty = bar_bottom + 3.0;
    double cap_w = bar->capacity_text ? text_width (layout, bar->capacity_text, FALSE) : 0;
    double bud_w = bar->budget_text ? text_width (layout, bar->budget_text, FALSE) : 0;

    if (bar->capacity_text && bar->budget_text && bud_x + 8.0 > cap_x - cap_w)
      {
        g_autofree char *both = g_strdup_printf ("%s · %s", bar->budget_text, bar->capacity_text);
        double both_w = text_width (layout, both, FALSE);

        draw_text (cr, layout, both, FALSE, &style->dim_text,
                   MAX (cap_x, l->x0 + both_w), ty, CHART_AXIS_H - 3.0, ALIGN_RIGHT, w);
      }
    else
      {
        if (bar->capacity_text)
          draw_text (cr, layout, bar->capacity_text, FALSE, &style->dim_text,
                     MAX (cap_x, l->x0 + cap_w), ty, CHART_AXIS_H - 3.0, ALIGN_RIGHT, w);
        if (bar->budget_text)
          draw_text (cr, layout, bar->budget_text, FALSE, &style->dim_text,
                     MAX (bud_x, l->x0 + bud_w), ty, CHART_AXIS_H - 3.0, ALIGN_RIGHT, w);
      }
  }

#undef XPOS
}

static void
paint_swatch (cairo_t             *cr,
              const LegendItem    *item,
              const FitChartStyle *style,
              double               x,
              double               y)
{
  const FitRgba *colour = style_slot (style, item->slot);
  double px = device_scale (cr);
  double line_px = MAX (1.0, round (px * 1.25));

  switch (item->shape)
    {
    case SWATCH_FILL:
      set_source (cr, colour);
      fill_rect_snapped (cr, x, y, x + CHART_SWATCH, y + CHART_SWATCH);
      break;

    case SWATCH_HATCH:
      set_source (cr, colour);
      fill_rect_snapped (cr, x, y, x + CHART_SWATCH, y + CHART_SWATCH);
      paint_hatch (cr, &(FitRgba) { 1.0, 1.0, 1.0, 0.55 }, x, y, x + CHART_SWATCH, y + CHART_SWATCH);
      break;

    case SWATCH_LINE:
      set_source (cr, colour);
      fill_vline (cr, x + CHART_SWATCH / 2.0, y - 1.0, y + CHART_SWATCH + 1.0, line_px + 1.0);
      break;

    case SWATCH_DASHED_LINE:
      set_source (cr, colour);
      paint_dashed_vline (cr, x + CHART_SWATCH / 2.0, y - 1.0, y + CHART_SWATCH + 1.0, line_px);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * fit_chart_paint:
 * @cr: where to paint
 * @model: the normalized chart
 * @style: colours and font
 * @width: the width, in user units
 * @height: the height, in user units
 *
 * Paints the stacked chart into (0, 0, @width, @height). Bars run left to
 * right, so that the labels have the whole width at 360 px as at 1000 px.
 * Rectangles are snapped to device pixels, whatever the scale in @cr.
 */
void
fit_chart_paint (cairo_t             *cr,
                 const FitChartModel *model,
                 const FitChartStyle *style,
                 double               width,
                 double               height)
{
  ChartLayout l;
  g_autoptr(PangoLayout) layout = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  if (model == NULL || width <= 0 || height <= 0)
    return;

  cairo_save (cr);

  if (style->draw_background)
    {
      set_source (cr, &style->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  if (!chart_layout (model, width, height, &l))
    {
      cairo_restore (cr);
      return;
    }

  layout = create_layout (cr, style);

  for (guint b = 0; b < model->n_bars; b++)
    paint_bar (cr, layout, &model->bars[b], style, &l, l.title_y[b], l.bar_y[b]);

  if (model->more_gpus_note)
    draw_text (cr, layout, model->more_gpus_note, FALSE, &style->dim_text,
               l.x0, l.note_y, CHART_NOTE_H, ALIGN_LEFT, l.x1 - l.x0);

  for (guint i = 0; i < model->n_legend; i++)
    {
      guint col = i % l.legend_cols;
      guint row = i / l.legend_cols;
      double x = l.x0 + col * l.legend_col_w;
      double y = l.legend_y + row * CHART_LEGEND_ROW;

      paint_swatch (cr, &model->legend[i], style, x, y + (CHART_LEGEND_ROW - CHART_SWATCH) / 2.0);
      draw_text (cr, layout, model->legend[i].label, FALSE, &style->text,
                 x + CHART_SWATCH + 6.0, y, CHART_LEGEND_ROW, ALIGN_LEFT,
                 l.legend_col_w - CHART_SWATCH - 10.0);
    }

  cairo_restore (cr);
}

/**
 * fit_chart_hit_test:
 * @model: the normalized chart
 * @width: the width the chart was painted at
 * @height: the height the chart was painted at
 * @x: a point, in the same user units
 * @y: a point
 * @out_bar: (out) (optional): the bar under the point
 * @out_component: (out) (optional): the component under the point, or
 *   %FIT_CHART_OTHER_USED for other processes, free space and the part
 *   over budget
 * @out_tooltip: (out) (optional) (transfer full): the size and formula
 *
 * Returns: %TRUE when the point is on a bar
 */
gboolean
fit_chart_hit_test (const FitChartModel *model,
                    double               width,
                    double               height,
                    double               x,
                    double               y,
                    guint               *out_bar,
                    FitComponent        *out_component,
                    char               **out_tooltip)
{
  ChartLayout l;

  if (out_tooltip)
    *out_tooltip = NULL;

  if (model == NULL || !chart_layout (model, width, height, &l))
    return FALSE;

  if (x < l.x0 || x > l.x1)
    return FALSE;

  for (guint b = 0; b < model->n_bars; b++)
    {
      const FitChartBar *bar = &model->bars[b];
      double f = (x - l.x0) / (l.x1 - l.x0);
      const char *tooltip = NULL;
      guint kind = FIT_CHART_OTHER_USED;

      if (y < l.bar_y[b] || y > l.bar_y[b] + l.bar_h)
        continue;

      /* Slivers first: they are drawn on top. */
      for (guint s = 0; s < bar->n_segments && tooltip == NULL; s++)
        {
          double xa, xb;

          if (sliver_extent (&bar->segments[s], &l, &xa, &xb) && x >= xa && x < xb)
            {
              tooltip = bar->segments[s].tooltip;
              kind = bar->segments[s].kind;
            }
        }

      for (guint s = 0; s < bar->n_segments && tooltip == NULL; s++)
        if (f >= bar->segments[s].start && f < bar->segments[s].end)
          {
            tooltip = bar->segments[s].tooltip;
            kind = bar->segments[s].kind;
          }

      if (tooltip == NULL && bar->kind == FIT_CHART_BAR_GPU &&
          f >= bar->used_pos && f < bar->budget_pos)
        tooltip = bar->headroom_tooltip;

      if (tooltip == NULL)
        return FALSE;

      if (out_bar)
        *out_bar = b;
      if (out_component)
        *out_component = (FitComponent) kind;
      if (out_tooltip)
        *out_tooltip = g_strdup (tooltip);
      return TRUE;
    }

  return FALSE;
}

/* Context curve */

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a;
  guint64 y = *(const guint64 *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

/* Resolves a copy of the user's settings at @context; a context of 0 keeps
 * the default. The user's copy is resolved again for every sample because
 * some defaults (vLLM's batched tokens) follow the context. */
static gboolean
resolve_at (const FitModel    *model,
            const FitSettings *settings,
            guint64            context,
            FitSettings       *out)
{
  *out = *settings;
  if (context > 0)
    out->context = context;
  return fit_settings_resolve (out, model, NULL);
}

/* Moves @count samples from index @from to index @to, in all three arrays. */
static void
move_samples (FitContextCurve *self,
              guint            from,
              guint            to,
              guint            count)
{
  memmove (&self->context[to], &self->context[from], count * sizeof *self->context);
  memmove (&self->total[to], &self->total[from], count * sizeof *self->total);
  memmove (&self->bytes[to * FIT_N_COMPONENTS], &self->bytes[from * FIT_N_COMPONENTS],
           count * FIT_N_COMPONENTS * sizeof *self->bytes);
}

/* The current context is one more sample, so the line passes through the
 * marker; it replaces the one it had before. */
static void
place_current (FitContextCurve   *self,
               const FitModel    *model,
               const FitDevice   *device,
               const FitSettings *settings,
               guint64            current)
{
  g_autofree char *current_text = NULL;
  FitSettings at;
  FitEstimate est;
  guint i;

  if (self->current_added)
    {
      i = self->current_index;
      move_samples (self, i + 1, i, self->n - i - 1);
      self->n--;
      self->current_added = FALSE;
    }

  self->current = current;
  self->current_bytes = 0;
  if (resolve_at (model, settings, current, &at))
    {
      fit_estimate_memory (model, device, &at, &est);
      self->current_bytes = est.per_gpu_total;
    }

  g_clear_pointer (&self->current_text, g_free);
  current_text = fit_format_tokens_short (current);
  /* Translators: the current context length, "8K" */
  self->current_text = g_strdup_printf (_("Now %s"), current_text);

  if (current < self->min_context || current > self->window || self->current_bytes == 0)
    return;

  for (i = 0; i < self->n && self->context[i] < current; i++)
    ;
  self->current_index = i;
  if (i < self->n && self->context[i] == current)
    return;

  g_assert (self->n < self->n_alloc);
  move_samples (self, i, i + 1, self->n - i);
  self->context[i] = current;
  self->total[i] = self->current_bytes;
  for (guint k = 0; k < FIT_N_COMPONENTS; k++)
    self->bytes[i * FIT_N_COMPONENTS + k] = est.per_gpu[k];
  self->y_max = MAX (self->y_max, self->current_bytes);
  self->n++;
  self->current_added = TRUE;
}

/**
 * fit_context_curve_new:
 * @model: the model
 * @device: the device
 * @settings: the settings, resolved or as the user chose them
 * @n_points: samples along the axis; 0 picks a default
 *
 * Samples the memory of the busiest GPU from a small context to the
 * model's context window, on a log axis when the window spans more than 16×
 * its first sample. The current context and the largest that fits are
 * sampled too, so the curve passes through them.
 *
 * Returns: (transfer full): the curve; empty when the settings are not usable
 */
FitContextCurve *
fit_context_curve_new (const FitModel    *model,
                       const FitDevice   *device,
                       const FitSettings *settings,
                       guint              n_points)
{
  FitContextCurve *self;
  FitSettings resolved;
  FitEstimate est;
  g_autoptr(GArray) samples = NULL;
  guint64 window;
  guint64 y_max = 0;
  guint n = 0;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (device != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);

  self = g_new0 (FitContextCurve, 1);

  if (!resolve_at (model, settings, 0, &resolved))
    return self;

  n_points = n_points ? CLAMP (n_points, 2, 1024) : 64;

  self->current = resolved.context;
  window = model->context_window ? model->context_window : model->max_position_embeddings;
  window = MAX (window, self->current);
  if (window < 2)
    return self;
  self->window = window;

  fit_estimate_memory (model, device, &resolved, &est);
  self->budget = est.per_gpu_budget;

  self->cliff = MIN (fit_solve_max_context (model, device, &resolved), window);

  if (window >= 4096)
    {
      self->log_axis = TRUE;
      self->min_context = 256;
    }
  else
    {
      self->log_axis = FALSE;
      self->min_context = MAX (1, window / n_points);
    }

  samples = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n_points + 1);
  for (guint i = 0; i < n_points; i++)
    {
      double t = (double) i / (n_points - 1);
      guint64 c;

      if (self->log_axis)
        c = (guint64) llround (exp (log ((double) self->min_context) +
                                    t * (log ((double) window) - log ((double) self->min_context))));
      else
        c = (guint64) llround (self->min_context + t * (window - self->min_context));
      c = CLAMP (c, self->min_context, window);
      g_array_append_val (samples, c);
    }
  if (self->cliff >= self->min_context && self->cliff <= window)
    g_array_append_val (samples, self->cliff);
  g_array_sort (samples, compare_u64);

  /* One more slot for the current context, which moves with the slider. */
  self->n_alloc = samples->len + 1;
  self->context = g_new0 (guint64, self->n_alloc);
  self->total = g_new0 (guint64, self->n_alloc);
  self->bytes = g_new0 (guint64, (gsize) self->n_alloc * FIT_N_COMPONENTS);

  for (guint i = 0; i < samples->len; i++)
    {
      guint64 c = g_array_index (samples, guint64, i);
      FitSettings at;

      if (n > 0 && self->context[n - 1] == c)
        continue;
      if (!resolve_at (model, settings, c, &at))
        continue;

      fit_estimate_memory (model, device, &at, &est);
      self->context[n] = c;
      self->total[n] = est.per_gpu_total;
      for (guint k = 0; k < FIT_N_COMPONENTS; k++)
        self->bytes[n * FIT_N_COMPONENTS + k] = est.per_gpu[k];
      y_max = MAX (y_max, est.per_gpu_total);
      n++;
    }
  self->n = n;
  self->y_max = MAX (y_max, self->budget);
  self->settings = *settings;

  {
    g_autofree char *budget = fit_format_bytes (self->budget);
    g_autofree char *cliff = fit_format_tokens_short (self->cliff);

    self->budget_text = g_strdup_printf (_("Budget %s"), budget);
    if (self->cliff == 0)
      self->cliff_text = g_strdup (_("Does not fit at any context"));
    else if (self->cliff >= window)
      self->cliff_text = g_strdup (_("Fits the whole window"));
    else
      /* Translators: the context length where the model stops fitting, "32K" */
      self->cliff_text = g_strdup_printf (_("Fits up to %s"), cliff);
  }

  place_current (self, model, device, settings, self->current);

  return self;
}

/* Two settings that differ at most in the context per sequence. */
static gboolean
same_but_context (const FitSettings *a,
                  const FitSettings *b)
{
  return a->runtime == b->runtime &&
         a->weights == b->weights &&
         a->weights_set == b->weights_set &&
         a->kv_k == b->kv_k &&
         a->kv_v == b->kv_v &&
         a->kv_set == b->kv_set &&
         a->concurrency == b->concurrency &&
         a->gpu_util == b->gpu_util &&
         a->gpu_count == b->gpu_count &&
         a->flash_attn == b->flash_attn &&
         a->n_batch == b->n_batch &&
         a->n_ubatch == b->n_ubatch &&
         a->gpu_layers == b->gpu_layers &&
         a->swa_full == b->swa_full &&
         a->kv_unified == b->kv_unified &&
         a->cpu_moe == b->cpu_moe &&
         a->max_num_seqs == b->max_num_seqs &&
         a->max_batched_tokens == b->max_batched_tokens &&
         a->enforce_eager == b->enforce_eager &&
         a->budget_basis == b->budget_basis &&
         a->prompt_tokens == b->prompt_tokens;
}

/**
 * fit_context_curve_move_current:
 * @self: a curve
 * @model: the model @self was sampled for
 * @device: the device @self was sampled for
 * @settings: new settings
 *
 * A context slider changes only where the marker sits: when @settings
 * differ from the curve's only in their context, the marker moves and the
 * samples stay. Anything else needs a new curve.
 *
 * Returns: %TRUE if @self now shows @settings; %FALSE if it must be sampled again
 */
gboolean
fit_context_curve_move_current (FitContextCurve   *self,
                                const FitModel    *model,
                                const FitDevice   *device,
                                const FitSettings *settings)
{
  FitSettings resolved;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (device != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);

  if (self->window == 0 || !same_but_context (&self->settings, settings))
    return FALSE;
  if (!resolve_at (model, settings, 0, &resolved) || resolved.context > self->window)
    return FALSE;

  self->settings = *settings;
  place_current (self, model, device, settings, resolved.context);

  return TRUE;
}

void
fit_context_curve_free (FitContextCurve *self)
{
  if (self == NULL)
    return;

  g_free (self->context);
  g_free (self->bytes);
  g_free (self->total);
  g_free (self->budget_text);
  g_free (self->cliff_text);
  g_free (self->current_text);
  g_free (self);
}

guint64
fit_context_curve_get_cliff (const FitContextCurve *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->cliff;
}

guint64
fit_context_curve_get_current (const FitContextCurve *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->current;
}

guint64
fit_context_curve_get_budget (const FitContextCurve *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->budget;
}

guint
fit_context_curve_get_n_points (const FitContextCurve *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n;
}

void
fit_context_curve_get_point (const FitContextCurve *self,
                             guint                  index,
                             guint64               *out_context,
                             guint64               *out_bytes)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (index < self->n);

  if (out_context)
    *out_context = self->context[index];
  if (out_bytes)
    *out_bytes = self->total[index];
}

static double
curve_x_fraction (const FitContextCurve *self,
                  guint64                context)
{
  double f;

  if (self->log_axis)
    f = (log ((double) MAX (context, self->min_context)) - log ((double) self->min_context)) /
        (log ((double) self->window) - log ((double) self->min_context));
  else
    f = (double) context / (double) self->window;
  return CLAMP (f, 0.0, 1.0);
}

/* A round step in bytes for about @max_ticks ticks up to @top. */
static guint64
nice_step (guint64 top,
           guint   max_ticks)
{
  static const guint64 mantissa[] = { 1, 2, 4, 5, 8 };
  guint64 unit = FIT_MIB;

  max_ticks = MAX (max_ticks, 1);
  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (mantissa); i++)
        {
          guint64 step = mantissa[i] * unit;

          if (top / step <= max_ticks)
            return step;
        }
      if (unit > G_MAXUINT64 / 16)
        return top;
      unit *= 16;
    }
}

/**
 * fit_context_chart_paint:
 * @cr: where to paint
 * @curve: the sampled curve
 * @style: colours and font
 * @width: the width, in user units
 * @height: the height, in user units
 *
 * Paints the memory of the busiest GPU against the context length, stacked
 * by component, with the budget, the largest context that fits and the
 * current context.
 */
void
fit_context_chart_paint (cairo_t               *cr,
                         const FitContextCurve *curve,
                         const FitChartStyle   *style,
                         double                 width,
                         double                 height)
{
  g_autoptr(PangoLayout) layout = NULL;
  double left = 58.0;
  double right = 10.0;
  double top = 34.0;
  double bottom = 22.0;
  double pw, ph;
  double px;
  guint64 y_top;
  guint64 step;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (style != NULL);

  if (curve == NULL || curve->n < 2 || width <= 0 || height <= 0)
    return;

  pw = width - left - right;
  ph = height - top - bottom;
  if (pw < 20 || ph < 20)
    return;

  cairo_save (cr);

  if (style->draw_background)
    {
      set_source (cr, &style->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  layout = create_layout (cr, style);
  px = device_scale (cr);

  step = nice_step (curve->y_max + curve->y_max / 10, (guint) MAX (2.0, ph / 30.0));
  y_top = (curve->y_max / step + 1) * step;

#define PX(c) (left + curve_x_fraction (curve, (c)) * pw)
#define PY(b) (top + ph - ((double) (b) / (double) y_top) * ph)

  /* Horizontal grid and the memory axis. */
  for (guint64 v = 0; v <= y_top; v += step)
    {
      g_autofree char *label = fit_format_bytes (v);

      set_source (cr, &style->grid);
      fill_hline (cr, left, left + pw, PY (v), 1.0);
      draw_text (cr, layout, label, FALSE, &style->dim_text, left - 6.0, PY (v) - 8.0, 16.0,
                 ALIGN_RIGHT, left - 8.0);
      if (v > G_MAXUINT64 - step)
        break;
    }

  /* The context axis: powers of two on a log axis, spaced to be readable. */
  {
    double last_x = -1e9;
    guint64 first = 1;

    while (first < curve->min_context)
      first <<= 1;

    if (curve->log_axis)
      {
        for (guint64 c = first; c <= curve->window && c != 0; c <<= 1)
          {
            g_autofree char *label = fit_format_tokens_short (c);
            double x = PX (c);

            /* The window's own label stands at the end. */
            if (x - last_x < 40.0 || x > left + pw - 36.0)
              continue;
            set_source (cr, &style->grid);
            fill_vline (cr, x, top, top + ph, 1.0);
            draw_text (cr, layout, label, FALSE, &style->dim_text, x, top + ph + 3.0, 16.0,
                       ALIGN_CENTER, -1);
            last_x = x;
          }
      }
    else
      {
        for (guint i = 0; i < 4; i++)
          {
            guint64 c = curve->window * i / 4;
            g_autofree char *label = fit_format_tokens_short (c);
            double x = PX (c);

            set_source (cr, &style->grid);
            fill_vline (cr, x, top, top + ph, 1.0);
            draw_text (cr, layout, label, FALSE, &style->dim_text, x, top + ph + 3.0, 16.0,
                       ALIGN_CENTER, -1);
          }
      }

    {
      g_autofree char *end = fit_format_tokens_short (curve->window);

      draw_text (cr, layout, end, FALSE, &style->dim_text, left + pw, top + ph + 3.0, 16.0,
                 ALIGN_RIGHT, -1);
    }
  }

  /* Beyond the cliff it does not fit. */
  if (curve->cliff < curve->window)
    {
      double xc = curve->cliff >= curve->min_context ? PX (curve->cliff) : left;
      FitRgba shade = style->deficit;

      shade.alpha *= 0.10;
      set_source (cr, &shade);
      fill_rect_snapped (cr, xc, top, left + pw, top + ph);
    }

  /* Stacked areas: each component's cumulative total down to the axis,
   * the top one first, so that neighbours share no antialiased seam. */
  for (guint k = FIT_N_COMPONENTS; k-- > 0;)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < curve->n && !any; i++)
        any = curve->bytes[i * FIT_N_COMPONENTS + k] > 0;
      if (!any)
        continue;

      for (guint i = 0; i < curve->n; i++)
        {
          guint64 upto = 0;

          for (guint j = 0; j <= k; j++)
            upto += curve->bytes[i * FIT_N_COMPONENTS + j];
          if (i == 0)
            cairo_move_to (cr, PX (curve->context[i]), PY (upto));
          else
            cairo_line_to (cr, PX (curve->context[i]), PY (upto));
        }
      cairo_line_to (cr, PX (curve->context[curve->n - 1]), PY (0));
      cairo_line_to (cr, PX (curve->context[0]), PY (0));
      cairo_close_path (cr);
      set_source (cr, &style->component[k]);
      cairo_fill (cr);
    }

  /* The total, on top. */
  for (guint i = 0; i < curve->n; i++)
    {
      if (i == 0)
        cairo_move_to (cr, PX (curve->context[i]), PY (curve->total[i]));
      else
        cairo_line_to (cr, PX (curve->context[i]), PY (curve->total[i]));
    }
  set_source (cr, &style->text);
  cairo_set_line_width (cr, 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);

  /* The budget. */
  if (curve->budget > 0)
    {
      double yb = PY (curve->budget);

      set_source (cr, &style->budget_line);
      for (double x = left; x < left + pw; x += 6.0)
        fill_hline (cr, x, MIN (x + 4.0, left + pw), yb, MAX (1.0, round (px * 1.5)));
      /* At the left, where the curve is lowest. */
      draw_text (cr, layout, curve->budget_text, FALSE, &style->text,
                 left + 6.0, yb - 17.0, 16.0, ALIGN_LEFT, -1);
    }

  /* The cliff: where the total crosses the budget. */
  {
    double xc = curve->cliff >= curve->min_context ? PX (curve->cliff) :
                curve->cliff == 0 ? left : PX (curve->min_context);
    double lx = CLAMP (xc, left + text_width (layout, curve->cliff_text, FALSE) / 2.0,
                       left + pw - text_width (layout, curve->cliff_text, FALSE) / 2.0);

    if (curve->cliff > 0 && curve->cliff < curve->window)
      {
        set_source (cr, &style->deficit);
        fill_vline (cr, xc, top - 2.0, top + ph, MAX (1.0, round (px * 1.5)));
      }
    draw_text (cr, layout, curve->cliff_text, FALSE,
               curve->cliff < curve->window ? &style->deficit : &style->text,
               lx, 0.0, 16.0, ALIGN_CENTER, -1);
  }

  /* The current context. */
  if (curve->current > 0)
    {
      double xn = PX (curve->current);
      double yn = PY (curve->current_bytes);
      double lw = text_width (layout, curve->current_text, FALSE);
      double lx = CLAMP (xn, left + lw / 2.0, left + pw - lw / 2.0);

      set_source (cr, &style->current_marker);
      paint_dashed_vline (cr, xn, top - 2.0, top + ph, MAX (1.0, round (px * 1.5)));
      cairo_arc (cr, xn, CLAMP (yn, top, top + ph), 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
      draw_text (cr, layout, curve->current_text, FALSE, &style->current_marker,
                 lx, 16.0, 16.0, ALIGN_CENTER, -1);
    }

  /* The axes. */
  set_source (cr, &style->dim_text);
  fill_hline (cr, left, left + pw, top + ph, 1.0);
  fill_vline (cr, left, top, top + ph, 1.0);

#undef PX
#undef PY

  cairo_restore (cr);
}
