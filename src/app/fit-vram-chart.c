/* fit-vram-chart.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-vram-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fit-vram-chart.h"
#include "fit-widget-style.h"

/* Below this the labels no longer fit beside the bars. */
#define MIN_WIDTH  220
#define MIN_HEIGHT 120

struct _FitVramChart
{
  GtkWidget      parent_instance;

  FitChartModel *chart;
  char          *summary;
  FitChartStyle  style;
  char          *font_family;
  guint64        system_ram;   /* this computer's, 0 if unknown */
};

G_DEFINE_FINAL_TYPE (FitVramChart, fit_vram_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
fit_vram_chart_finalize (GObject *object)
{
  FitVramChart *self = (FitVramChart *)object;

  g_clear_pointer (&self->chart, fit_chart_model_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->font_family, g_free);

  G_OBJECT_CLASS (fit_vram_chart_parent_class)->finalize (object);
}

static void
fit_vram_chart_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FitVramChart *self = FIT_VRAM_CHART (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GtkSizeRequestMode
fit_vram_chart_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
fit_vram_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  FitVramChart *self = FIT_VRAM_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = 480;
    }
  else
    {
      double height = 0;

      /* The core knows how tall its bars and legend are at this width. */
      if (self->chart != NULL)
        height = fit_chart_model_get_natural_height (self->chart, for_size > 0 ? for_size : 480);

      *minimum = MIN_HEIGHT;
      *natural = MAX (MIN_HEIGHT, (int)ceil (height));
    }
}

static void
fit_vram_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  FitVramChart *self = FIT_VRAM_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->chart == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  fit_chart_paint (cr, self->chart, &self->style, width, height);
  cairo_destroy (cr);
}

static void
fit_vram_chart_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  FitVramChart *self = FIT_VRAM_CHART (widget);

  GTK_WIDGET_CLASS (fit_vram_chart_parent_class)->css_changed (widget, change);

  fit_widget_get_chart_style (widget, &self->style, &self->font_family);
  gtk_widget_queue_draw (widget);
}

static gboolean
fit_vram_chart_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard_mode,
                              GtkTooltip *tooltip)
{
  FitVramChart *self = FIT_VRAM_CHART (widget);
  g_autofree char *text = NULL;
  FitComponent component;
  guint bar;

  if (self->chart == NULL)
    return FALSE;

  /* From the keyboard there is no pointer: the summary says it all. */
  if (keyboard_mode)
    {
      gtk_tooltip_set_text (tooltip, self->summary);
      return self->summary != NULL;
    }

  if (!fit_chart_hit_test (self->chart,
                           gtk_widget_get_width (widget),
                           gtk_widget_get_height (widget),
                           x, y, &bar, &component, &text))
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return text != NULL;
}

static void
fit_vram_chart_class_init (FitVramChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = fit_vram_chart_finalize;
  object_class->get_property = fit_vram_chart_get_property;

  widget_class->get_request_mode = fit_vram_chart_get_request_mode;
  widget_class->measure = fit_vram_chart_measure;
  widget_class->snapshot = fit_vram_chart_snapshot;
  widget_class->css_changed = fit_vram_chart_css_changed;
  widget_class->query_tooltip = fit_vram_chart_query_tooltip;

  /**
   * FitVramChart:summary:
   *
   * The breakdown as text: the accessible description of the chart.
   */
  properties [PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "vramchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fit_vram_chart_init (FitVramChart *self)
{
  fit_chart_style_init_light (&self->style);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory chart"),
                                  -1);
}

GtkWidget *
fit_vram_chart_new (void)
{
  return g_object_new (FIT_TYPE_VRAM_CHART, NULL);
}

/**
 * fit_vram_chart_set_system_ram:
 * @self: a #FitVramChart
 * @bytes: the RAM of this computer, 0 if unknown
 *
 * Gives the system RAM bar its capacity line. Applies from the next
 * fit_vram_chart_set_estimate().
 */
void
fit_vram_chart_set_system_ram (FitVramChart *self,
                               guint64       bytes)
{
  g_return_if_fail (FIT_IS_VRAM_CHART (self));

  self->system_ram = bytes;
}

/**
 * fit_vram_chart_set_estimate:
 * @self: a #FitVramChart
 * @model: (nullable): the model
 * @device: (nullable): the device
 * @estimate: (nullable): an estimate of @model on @device, or %NULL to clear
 *
 * Normalizes the estimate into bars once, here, so that drawing only paints.
 */
void
fit_vram_chart_set_estimate (FitVramChart      *self,
                             const FitModel    *model,
                             const FitDevice   *device,
                             const FitEstimate *estimate)
{
  g_autofree char *summary = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  double old_height = -1;
  double new_height = -1;

  g_return_if_fail (FIT_IS_VRAM_CHART (self));

  if (self->chart != NULL)
    old_height = fit_chart_model_get_natural_height (self->chart, width > 0 ? width : 480);
  g_clear_pointer (&self->chart, fit_chart_model_free);

  if (model != NULL && device != NULL && estimate != NULL)
    {
      self->chart = fit_chart_model_new_with_ram (model, device, estimate, self->system_ram);
      summary = fit_chart_model_describe (self->chart);
      new_height = fit_chart_model_get_natural_height (self->chart, width > 0 ? width : 480);
    }

  if (g_strcmp0 (summary, self->summary) != 0)
    {
      g_free (self->summary);
      self->summary = g_steal_pointer (&summary);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary ? self->summary : "",
                                      -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUMMARY]);
    }

  /* A slider move only repaints; a new bar (GPUs, the host) needs room. */
  if (old_height != new_height)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * fit_vram_chart_get_chart_model:
 * @self: a #FitVramChart
 *
 * Returns: (nullable) (transfer none): the bars being drawn
 */
const FitChartModel *
fit_vram_chart_get_chart_model (FitVramChart *self)
{
  g_return_val_if_fail (FIT_IS_VRAM_CHART (self), NULL);

  return self->chart;
}

const char *
fit_vram_chart_get_summary (FitVramChart *self)
{
  g_return_val_if_fail (FIT_IS_VRAM_CHART (self), NULL);

  return self->summary;
}
