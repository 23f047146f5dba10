/* fit-context-chart.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-context-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-context-chart.h"
#include "fit-units.h"
#include "fit-widget-style.h"

/* Enough samples for a smooth line at any width, still far below a millisecond. */
#define N_POINTS 96

struct _FitContextChart
{
  GtkWidget        parent_instance;

  FitContextCurve *curve;
  char            *summary;
  FitChartStyle    style;
  char            *font_family;
};

G_DEFINE_FINAL_TYPE (FitContextChart, fit_context_chart, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SUMMARY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
fit_context_chart_finalize (GObject *object)
{
  FitContextChart *self = (FitContextChart *)object;

  g_clear_pointer (&self->curve, fit_context_curve_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->font_family, g_free);

  G_OBJECT_CLASS (fit_context_chart_parent_class)->finalize (object);
}

static void
fit_context_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FitContextChart *self = FIT_CONTEXT_CHART (object);

  switch (prop_id)
    {
    case PROP_SUMMARY:
      g_value_set_string (value, self->summary);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_context_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 220;
      *natural = 480;
    }
  else
    {
      *minimum = 160;
      *natural = 220;
    }
}

static void
fit_context_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  FitContextChart *self = FIT_CONTEXT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->curve == NULL || width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  fit_context_chart_paint (cr, self->curve, &self->style, width, height);
  cairo_destroy (cr);
}

static void
fit_context_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  FitContextChart *self = FIT_CONTEXT_CHART (widget);

  GTK_WIDGET_CLASS (fit_context_chart_parent_class)->css_changed (widget, change);

  fit_widget_get_chart_style (widget, &self->style, &self->font_family);
  gtk_widget_queue_draw (widget);
}

static gboolean
fit_context_chart_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_mode,
                                 GtkTooltip *tooltip)
{
  FitContextChart *self = FIT_CONTEXT_CHART (widget);

  if (self->summary == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, self->summary);
  return TRUE;
}

static void
fit_context_chart_class_init (FitContextChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = fit_context_chart_finalize;
  object_class->get_property = fit_context_chart_get_property;

  widget_class->measure = fit_context_chart_measure;
  widget_class->snapshot = fit_context_chart_snapshot;
  widget_class->css_changed = fit_context_chart_css_changed;
  widget_class->query_tooltip = fit_context_chart_query_tooltip;

  /**
   * FitContextChart:summary:
   *
   * Where the model stops fitting, as text: the accessible description.
   */
  properties [PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "contextchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fit_context_chart_init (FitContextChart *self)
{
  fit_chart_style_init_light (&self->style);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Memory against context length"),
                                  -1);
}

GtkWidget *
fit_context_chart_new (void)
{
  return g_object_new (FIT_TYPE_CONTEXT_CHART, NULL);
}

static char *
describe (const FitContextCurve *curve,
          const FitModel        *model)
{
  guint64 cliff = fit_context_curve_get_cliff (curve);
  guint64 current = fit_context_curve_get_current (curve);
  g_autofree char *cliff_text = fit_format_count (cliff);
  g_autofree char *current_text = fit_format_count (current);
  g_autofree char *budget_text = fit_format_bytes (fit_context_curve_get_budget (curve));

  if (cliff == 0)
    /* Translators: the description of the memory-against-context chart. */
    return g_strdup_printf (_("Does not fit at any context length within a budget of %s per GPU. "
                              "The current context is %s tokens."),
                            budget_text, current_text);

  if (cliff >= model->context_window)
    return g_strdup_printf (_("Fits up to the model’s whole context window within a budget of %s per GPU. "
                              "The current context is %s tokens."),
                            budget_text, current_text);

  return g_strdup_printf (_("Fits up to %s tokens per sequence within a budget of %s per GPU, "
                            "then stops fitting. The current context is %s tokens."),
                          cliff_text, budget_text, current_text);
}

/* Takes @summary. */
static void
set_summary (FitContextChart *self,
             char            *summary)
{
  if (g_strcmp0 (summary, self->summary) == 0)
    {
      g_free (summary);
      return;
    }

  g_free (self->summary);
  self->summary = summary;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->summary ? self->summary : "",
                                  -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUMMARY]);
}

/**
 * fit_context_chart_set_settings:
 * @self: a #FitContextChart
 * @model: (nullable): the model
 * @device: (nullable): the device
 * @settings: (nullable): the settings as chosen (each sample resolves its own defaults), or %NULL to clear
 *
 * Samples memory against context length for these settings, once.
 */
void
fit_context_chart_set_settings (FitContextChart   *self,
                                const FitModel    *model,
                                const FitDevice   *device,
                                const FitSettings *settings)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (FIT_IS_CONTEXT_CHART (self));

  g_clear_pointer (&self->curve, fit_context_curve_free);

  if (model != NULL && device != NULL && settings != NULL)
    {
      self->curve = fit_context_curve_new (model, device, settings, N_POINTS);
      if (self->curve != NULL)
        summary = describe (self->curve, model);
    }

  set_summary (self, g_steal_pointer (&summary));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * fit_context_chart_move_context:
 * @self: a #FitContextChart
 * @model: the model the chart shows
 * @device: the device the chart shows
 * @settings: the settings as chosen
 *
 * The cheap path for a context slider: when @settings differ from the
 * chart's only in their context, only the marker moves. The caller
 * vouches that @model and @device are those the chart was last given.
 *
 * Returns: %TRUE if the chart now shows @settings; %FALSE if it needs
 *   fit_context_chart_set_settings()
 */
gboolean
fit_context_chart_move_context (FitContextChart   *self,
                                const FitModel    *model,
                                const FitDevice   *device,
                                const FitSettings *settings)
{
  g_return_val_if_fail (FIT_IS_CONTEXT_CHART (self), FALSE);
  g_return_val_if_fail (model != NULL && device != NULL && settings != NULL, FALSE);

  if (self->curve == NULL || !fit_context_curve_move_current (self->curve, model, device, settings))
    return FALSE;

  set_summary (self, describe (self->curve, model));
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return TRUE;
}

/**
 * fit_context_chart_get_curve:
 * @self: a #FitContextChart
 *
 * Returns: (nullable) (transfer none): the curve being drawn
 */
const FitContextCurve *
fit_context_chart_get_curve (FitContextChart *self)
{
  g_return_val_if_fail (FIT_IS_CONTEXT_CHART (self), NULL);

  return self->curve;
}

const char *
fit_context_chart_get_summary (FitContextChart *self)
{
  g_return_val_if_fail (FIT_IS_CONTEXT_CHART (self), NULL);

  return self->summary;
}
