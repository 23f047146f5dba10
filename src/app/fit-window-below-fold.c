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
 *
 * A screen reader that reads the table without moving the focus into it
 * finds the values of the last time it was seen; focus moves scroll it into
 * view, and it catches up.
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

  /* The settings as chosen, not as resolved: each sample resolves its own
   * defaults, some of which follow the context (vLLM's batched tokens, the
   * prompt of Transformers). Model and device are as the chart last saw
   * them unless told otherwise: a context slider then only moves the
   * chart's marker. */
  if (self->context_resample ||
      !fit_context_chart_move_context (self->context_chart, self->model, self->device, &self->fit_settings))
    fit_context_chart_set_settings (self->context_chart, self->model, self->device, &self->fit_settings);

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

/* What is seen catches up; the table and the launch command only once the
 * controls rest. */
static void
look_again (FitWindow *self)
{
  catch_up (self, FALSE, self->table_source == 0);
}

static gboolean
scrolled_cb (gpointer data)
{
  FitWindow *self = data;

  self->sight_source = 0;
  look_again (self);

  return G_SOURCE_REMOVE;
}

static void
wait_for_rest (FitWindow *self)
{
  g_clear_handle_id (&self->table_source, g_source_remove);
  self->table_source = g_timeout_add (TABLE_DELAY_MS, rested_cb, self);
}

static gboolean
is_any_stale (FitWindow *self)
{
  return self->context_stale || self->table_stale || self->launch_stale;
}

/* Scrolling, a new window size or a section that grew: look again, before
 * the next frame is laid out (redraws run at G_PRIORITY_HIGH_IDLE + 20),
 * and never in the middle of an allocation, where the adjustment's
 * "changed" comes from. A change made by an allocation is then seen one
 * frame late. */
static void
sight_changed_cb (FitWindow *self)
{
  if (self->sight_source == 0 && is_any_stale (self))
    self->sight_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scrolled_cb, self, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock,
                FitWindow     *self)
{
  g_clear_signal_handler (&self->sight_paint_handler, clock);
  look_again (self);
}

/* A section just shown has no allocation yet, and when everything fits the
 * window the adjustment will not change once it has one: look again after
 * the frame that lays it out. */
static void
section_mapped_cb (FitWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock == NULL || self->sight_paint_handler != 0 || !is_any_stale (self))
    return;

  self->sight_paint_handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), self);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
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
    g_signal_connect_object (sections[i], "map", G_CALLBACK (section_mapped_cb), self, G_CONNECT_SWAPPED);
}

void
_fit_window_below_fold_unrealize (FitWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL)
    g_clear_signal_handler (&self->sight_paint_handler, clock);
}

void
_fit_window_below_fold_dispose (FitWindow *self)
{
  g_clear_handle_id (&self->table_source, g_source_remove);
  g_clear_handle_id (&self->sight_source, g_source_remove);
}
