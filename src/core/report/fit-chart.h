/* fit-chart.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fit-device.h"
#include "fit-estimate.h"
#include "fit-model.h"

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} FitRgba;

typedef struct
{
  FitRgba     component[FIT_N_COMPONENTS]; /* weights, KV cache, state, compute, overhead */
  FitRgba     other_used;                  /* memory held by other processes (detected devices) */
  FitRgba     headroom;                    /* free space below the budget */
  FitRgba     deficit;                     /* the part over budget */
  FitRgba     capacity_line, budget_line, current_marker;
  FitRgba     text, dim_text, grid, background;
  const char *font_family;                 /* NULL = "Sans" */
  double      font_size;                   /* points at scale 1, laid out at 96 dpi: a widget
                                            * multiplies in the desktop's text scaling */
  gboolean    draw_background;
} FitChartStyle;

void fit_chart_style_init_light (FitChartStyle *style);
void fit_chart_style_init_dark  (FitChartStyle *style);

/* The kind of a segment that is not one of the estimate's components: the
 * memory other processes hold on a detected device. Hit tests also answer
 * it for the free space and the part over budget. */
#define FIT_CHART_OTHER_USED   FIT_N_COMPONENTS
#define FIT_CHART_N_KINDS      (FIT_N_COMPONENTS + 1)

/* Bars drawn for the GPUs; beyond this the GPUs are identical anyway and a
 * note says how many more there are. */
#define FIT_CHART_MAX_GPU_BARS 8
#define FIT_CHART_MAX_BARS     (FIT_CHART_MAX_GPU_BARS + 1)

typedef enum
{
  FIT_CHART_BAR_GPU,
  FIT_CHART_BAR_HOST,
} FitChartBarKind;

typedef struct
{
  guint    kind;          /* a FitComponent, or FIT_CHART_OTHER_USED */
  guint64  bytes;
  double   start;         /* fractions of the bar's scale, 0 … 1 */
  double   end;
  char    *name;          /* "Weights" */
  char    *size_text;     /* "4.2 GiB" */
  char    *tooltip;       /* name, size and the formula with its numbers */
} FitChartSegment;

typedef struct
{
  FitChartBarKind  kind;
  guint            index;            /* GPU number, from 0 */
  char            *title;            /* "GPU 1", "System RAM" */
  char            *summary;          /* "6.4 GiB of the 7.2 GiB budget" */
  char            *summary_short;    /* "6.4 / 7.2 GiB", for narrow charts */
  FitChartSegment  segments[FIT_CHART_N_KINDS];
  guint            n_segments;
  guint64          scale_bytes;      /* the bytes at fraction 1 */
  guint64          used_bytes;       /* this estimate's bytes on the bar (without other processes) */
  guint64          other_bytes;      /* other processes' bytes on the bar */
  guint64          capacity_bytes;   /* 0 on the host bar: system RAM is not known */
  guint64          budget_bytes;     /* what this estimate may use */
  double           used_pos;         /* where the last segment ends */
  double           capacity_pos;     /* fractions; < 0 where the bar has no such line */
  double           budget_pos;
  gint64           headroom_bytes;   /* negative: a deficit */
  double           headroom_percent; /* of the budget */
  char            *headroom_label;   /* "+1.2 GiB (15%)" or "−0.8 GiB (−10%)"; NULL on the host bar */
  char            *headroom_display; /* "+1.2 GiB (15%) free", "… over budget" */
  char            *headroom_tooltip;
  char            *capacity_text;    /* "Capacity 8.0 GiB", or NULL */
  char            *budget_text;      /* "Budget 7.2 GiB", NULL where it is the capacity */
  char            *axis_note;        /* under the host bar: its own scale */
} FitChartBar;

/* Normalized once per input change (never while drawing): one bar per GPU
 * (gpu_count > 1 gives several bars) plus a system-RAM bar when the host
 * holds offloaded layers; segments with sizes and fractions, capacity and
 * budget positions, headroom/deficit label ("+1.2 GiB (15%)"), legend. */
typedef struct _FitChartModel FitChartModel;

FitChartModel     *fit_chart_model_new          (const FitModel      *model,
                                                 const FitDevice     *device,
                                                 const FitEstimate   *estimate);
FitChartModel     *fit_chart_model_new_with_ram (const FitModel      *model,
                                                 const FitDevice     *device,
                                                 const FitEstimate   *estimate,
                                                 guint64              system_ram);
void               fit_chart_model_free         (FitChartModel       *self);
char              *fit_chart_model_describe     (const FitChartModel *self);
guint              fit_chart_model_get_n_bars   (const FitChartModel *self);
const FitChartBar *fit_chart_model_get_bar      (const FitChartModel *self,
                                                 guint                index);
guint              fit_chart_model_get_n_gpus   (const FitChartModel *self);
/* The height the chart needs at @width to draw its bars at full thickness. */
double             fit_chart_model_get_natural_height (const FitChartModel *self,
                                                       double               width);

/* The only painter of the stacked chart: widget (gtk_snapshot_append_cairo) and exports call it. */
void               fit_chart_paint              (cairo_t             *cr,
                                                 const FitChartModel *model,
                                                 const FitChartStyle *style,
                                                 double               width,
                                                 double               height);
/* Which segment is under (x, y) in a chart painted at width × height; fills a
 * tooltip with size and formula. Free space, the part over budget and other
 * processes answer FIT_CHART_OTHER_USED as their component. */
gboolean           fit_chart_hit_test           (const FitChartModel *model,
                                                 double               width,
                                                 double               height,
                                                 double               x,
                                                 double               y,
                                                 guint               *out_bar,
                                                 FitComponent        *out_component,
                                                 char               **out_tooltip);

/* Memory against context length, 0 … the model's context window, for the current settings:
 * budget line, the point where it stops fitting, and the current context marker. */
typedef struct _FitContextCurve FitContextCurve;

FitContextCurve *fit_context_curve_new         (const FitModel        *model,
                                                const FitDevice       *device,
                                                const FitSettings     *settings,
                                                guint                  n_points);
gboolean         fit_context_curve_move_current (FitContextCurve      *self,
                                                const FitModel        *model,
                                                const FitDevice       *device,
                                                const FitSettings     *settings);
void             fit_context_curve_free        (FitContextCurve       *self);
guint64          fit_context_curve_get_cliff   (const FitContextCurve *self);  /* max context that fits, 0 = none */
guint64          fit_context_curve_get_current (const FitContextCurve *self);
guint64          fit_context_curve_get_budget  (const FitContextCurve *self);  /* per GPU */
guint            fit_context_curve_get_n_points (const FitContextCurve *self);
/* One sample: context per sequence and the bytes of the busiest GPU. */
void             fit_context_curve_get_point   (const FitContextCurve *self,
                                                guint                  index,
                                                guint64               *out_context,
                                                guint64               *out_bytes);
void             fit_context_chart_paint       (cairo_t               *cr,
                                                const FitContextCurve *curve,
                                                const FitChartStyle   *style,
                                                double                 width,
                                                double                 height);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitChartModel, fit_chart_model_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitContextCurve, fit_context_curve_free)

G_END_DECLS
