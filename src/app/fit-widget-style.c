/* fit-widget-style.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-widget-style"

#include "config.h"

#include <adwaita.h>

#include "fit-widget-style.h"

static void
lookup (GtkStyleContext *context,
        const char      *name,
        FitRgba         *out)
{
  GdkRGBA rgba;

  /* A colour missing from style.css keeps the painter's default. */
  if (!gtk_style_context_lookup_color (context, name, &rgba))
    return;

  out->red = rgba.red;
  out->green = rgba.green;
  out->blue = rgba.blue;
  out->alpha = rgba.alpha;
}

/**
 * fit_widget_get_chart_style:
 * @widget: a widget whose CSS defines the chart colours
 * @style: (out): the style to fill
 * @font_family: (inout): storage for the family name @style points to
 *
 * Fills @style for the current light or dark appearance: the painter's
 * defaults, then the `@define-color fit_chart_*` colours of style.css (and
 * style-dark.css), the widget's text colour and the interface font. Call it
 * from css_changed, never while drawing.
 */
void
fit_widget_get_chart_style (GtkWidget     *widget,
                            FitChartStyle *style,
                            char         **font_family)
{
  static const char *component_names[FIT_N_COMPONENTS] = {
    "fit_chart_weights",
    "fit_chart_kv_cache",
    "fit_chart_state",
    "fit_chart_compute",
    "fit_chart_overhead",
  };
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_autofree char *font_name = NULL;
  GdkRGBA fg;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (style != NULL);
  g_return_if_fail (font_family != NULL);

  if (adw_style_manager_get_dark (adw_style_manager_get_default ()))
    fit_chart_style_init_dark (style);
  else
    fit_chart_style_init_light (style);

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  for (guint i = 0; i < FIT_N_COMPONENTS; i++)
    lookup (context, component_names[i], &style->component[i]);
  lookup (context, "fit_chart_other_used", &style->other_used);
  lookup (context, "fit_chart_headroom", &style->headroom);
  lookup (context, "fit_chart_deficit", &style->deficit);
  lookup (context, "fit_chart_capacity_line", &style->capacity_line);
  lookup (context, "fit_chart_budget_line", &style->budget_line);
  lookup (context, "fit_chart_current_marker", &style->current_marker);
  lookup (context, "fit_chart_grid", &style->grid);

  /* Text follows the theme exactly, so it matches the labels around it. */
  gtk_style_context_get_color (context, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  style->text = (FitRgba) { fg.red, fg.green, fg.blue, fg.alpha };
  style->dim_text = (FitRgba) { fg.red, fg.green, fg.blue, fg.alpha * 0.65 };
  style->draw_background = FALSE;

  g_object_get (gtk_widget_get_settings (widget), "gtk-font-name", &font_name, NULL);
  g_clear_pointer (font_family, g_free);
  if (font_name != NULL)
    {
      g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (font_name);
      const char *family = pango_font_description_get_family (desc);
      int size = pango_font_description_get_size (desc);

      *font_family = g_strdup (family);
      if (size > 0 && !pango_font_description_get_size_is_absolute (desc))
        style->font_size = MAX (7.0, (double)size / PANGO_SCALE - 1.5);
    }
  style->font_family = *font_family;
}
