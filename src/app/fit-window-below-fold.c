/* fit-window-below-fold.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What lies below the controls: the memory-against-context chart, the
 * "which GPUs fit" table and the launch command.
 *
 * They are brought up to date only while they can be seen. GTK 4.8 draws
 * nothing for a change out of sight, but it still diffs that change at the
 * next frame that draws something; a table's worth of changed rows makes it
 * give up and repaint the whole scrolled area, and that next frame is a
 * slider move. So a section out of sight waits, and catches up the moment
 * it scrolls into view, before the frame that shows it.
 */

#define G_LOG_DOMAIN "fit-window"

#include "config.h"

#include "fit-window-private.h"

/* The table judges ~100 GPUs with the solvers: wait until the sliders rest. */
#define TABLE_DELAY_MS 150

/* Whether any part of @widget lies inside the scrolled window around it.
 * Measured in the scrolled content against the adjustment, not against the
 * allocation, which only follows a scroll at the next frame. */
static gboolean
is_in_view (GtkWidget *widget)
{
  GtkWidget *scroller;
  GtkWidget *content;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double top;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;

  scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  if (scroller == NULL)
    return TRUE;

  content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  if (content == NULL || !gtk_widget_compute_bounds (widget, content, &bounds))
    return FALSE;

  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  top = gtk_adjustment_get_value (adjustment);

  return bounds.size.height > 0 &&
         bounds.origin.y < top + gtk_adjustment_get_page_size (adjustment) &&
         bounds.origin.y + bounds.size.height > top;
}

static void
update_context_chart (FitWindow *self)
{
  self->context_stale = FALSE;

  if (!self->has_estimate)
    {
      fit_context_chart_set_settings (self->context_chart, NULL, NULL, NULL);
      return;
    }

  /* Model and device are as the chart last saw them unless told otherwise:
   * a context slider then only moves the chart's marker. */
  if (self->context_resample ||
      !fit_context_chart_move_context (self->context_chart, self->model, self->device, &self->estimate.settings))
    fit_context_chart_set_settings (self->context_chart, self->model, self->device, &self->estimate.settings);

  self->context_resample = FALSE;
}

static void
update_table (FitWindow *self)
{
  self->table_stale = FALSE;
  fit_gpu_table_update (self->gpu_table,
                        self->has_estimate ? self->model : NULL,
                        (const FitDevice *const *)self->all_devices->pdata,
                        self->all_devices->len,
                        self->has_estimate ? &self->estimate.settings : NULL);
}

static void
update_launch (FitWindow *self)
{
  self->launch_stale = FALSE;
  if (self->has_estimate)
    fit_launch_view_set_estimate (self->launch_view, self->model, &self->estimate);
  else
    fit_launch_view_set_estimate (self->launch_view, NULL, NULL);
}

/* The table and the launch command follow once the sliders rest, and only
 * when seen; @force brings everything up to date, seen or not. */
static void
catch_up (FitWindow *self,
          gboolean   force,
          gboolean   rested)
{
  if (self->context_stale && (force || is_in_view (GTK_WIDGET (self->context_chart))))
    update_context_chart (self);

  if (!force && !rested)
    return;

  if (self->launch_stale && (force || is_in_view (GTK_WIDGET (self->launch_view))))
    update_launch (self);
  if (self->table_stale && (force || is_in_view (GTK_WIDGET (self->gpu_table))))
    update_table (self);
}

static gboolean
rested_cb (gpointer data)
{
  FitWindow *self = data;

  self->table_source = 0;
  catch_up (self, FALSE, TRUE);

  return G_SOURCE_REMOVE;
}

static gboolean
scrolled_cb (gpointer data)
{
  FitWindow *self = data;

  self->sight_source = 0;
  catch_up (self, FALSE, self->table_source == 0);

  return G_SOURCE_REMOVE;
}

static void
wait_for_rest (FitWindow *self)
{
  g_clear_handle_id (&self->table_source, g_source_remove);
  self->table_source = g_timeout_add (TABLE_DELAY_MS, rested_cb, self);
}

/* Scrolling, a new window size or a section that grew: look again, before
 * the next frame is laid out (redraws run at G_PRIORITY_HIGH_IDLE + 20),
 * and never in the middle of an allocation, where these signals come from. */
static void
sight_changed_cb (FitWindow *self)
{
  if (self->sight_source == 0 && (self->context_stale || self->table_stale || self->launch_stale))
    self->sight_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scrolled_cb, self, NULL);
}

/**
 * _fit_window_below_fold_changed:
 * @self: a #FitWindow
 * @resample: %FALSE when only the controls changed since the last call, so
 *   that model and device are those the context chart already shows
 *
 * The estimate changed: the context chart follows at once when it is seen,
 * the table and the launch command once the controls rest.
 */
void
_fit_window_below_fold_changed (FitWindow *self,
                                gboolean   resample)
{
  self->context_stale = TRUE;
  self->context_resample |= resample;
  self->table_stale = TRUE;
  self->launch_stale = TRUE;

  catch_up (self, FALSE, FALSE);
  wait_for_rest (self);
}

/**
 * _fit_window_table_changed:
 * @self: a #FitWindow
 *
 * The list of GPUs changed, or what this computer's GPUs have free.
 */
void
_fit_window_table_changed (FitWindow *self)
{
  self->table_stale = TRUE;
  wait_for_rest (self);
}

/**
 * _fit_window_flush_below_fold:
 * @self: a #FitWindow
 *
 * Brings every section below the fold up to date now, seen or not.
 */
void
_fit_window_flush_below_fold (FitWindow *self)
{
  g_return_if_fail (FIT_IS_WINDOW (self));

  g_clear_handle_id (&self->table_source, g_source_remove);
  catch_up (self, TRUE, TRUE);
}

/**
 * _fit_window_settle_below_fold:
 * @self: a #FitWindow
 *
 * Does now what resting controls would do: only what is seen catches up.
 */
void
_fit_window_settle_below_fold (FitWindow *self)
{
  g_return_if_fail (FIT_IS_WINDOW (self));

  if (self->table_source != 0)
    {
      g_clear_handle_id (&self->table_source, g_source_remove);
      rested_cb (self);
    }
}

/**
 * _fit_window_is_below_fold_stale:
 * @self: a #FitWindow
 *
 * Returns: whether the table waits to be seen before it catches up
 */
gboolean
_fit_window_is_below_fold_stale (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), FALSE);

  return self->table_stale;
}

void
_fit_window_below_fold_init (FitWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->main_scroller));
  GtkWidget *sections[] = {
    GTK_WIDGET (self->context_chart), GTK_WIDGET (self->gpu_table), GTK_WIDGET (self->launch_view),
  };

  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (sight_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (sight_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    g_signal_connect_object (sections[i], "map", G_CALLBACK (sight_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_fit_window_below_fold_dispose (FitWindow *self)
{
  g_clear_handle_id (&self->table_source, g_source_remove);
  g_clear_handle_id (&self->sight_source, g_source_remove);
}
