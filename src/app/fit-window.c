/* fit-window.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-window"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fit-gpu-detect.h"
#include "fit-import.h"
#include "fit-window-private.h"

#define DEFAULT_MODEL_ID "qwen2.5-0.5b-instruct"

/* Cards most people own, for when this computer shows no GPU. */
static const char *fallback_device_ids[] = { "rtx-4060-ti-16gb", "rtx-3060-12gb", "rtx-4060" };

/* How often the memory use of this computer's GPUs is read again. */
#define REFRESH_SECONDS 5

G_DEFINE_FINAL_TYPE (FitWindow, fit_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CATALOG,
  PROP_SETTINGS,
  PROP_MODEL_ID,
  PROP_DEVICE_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void fit_window_update_estimate (FitWindow *self);
static void start_detection            (FitWindow *self);

static const FitModel *
lookup_model (FitWindow  *self,
              const char *id)
{
  if (id == NULL || *id == '\0')
    return NULL;

  for (guint i = 0; i < self->imported->len; i++)
    {
      const FitModel *model = g_ptr_array_index (self->imported, i);

      if (g_strcmp0 (model->id, id) == 0)
        return model;
    }

  return self->catalog != NULL ? fit_catalog_find_model (self->catalog, id) : NULL;
}

static const FitModel *
resolve_model (FitWindow *self)
{
  const FitModel *model;

  if ((model = lookup_model (self, self->model_id)) != NULL)
    return model;
  if ((model = lookup_model (self, DEFAULT_MODEL_ID)) != NULL)
    return model;
  if (self->catalog != NULL && fit_catalog_get_n_models (self->catalog) > 0)
    return fit_catalog_get_model (self->catalog, 0);

  return NULL;
}

static const FitDevice *
lookup_device (FitWindow  *self,
               const char *id)
{
  if (id == NULL || *id == '\0')
    return NULL;

  if (self->detected != NULL)
    {
      for (guint i = 0; i < self->detected->len; i++)
        {
          const FitDevice *device = g_ptr_array_index (self->detected, i);

          if (g_strcmp0 (device->id, id) == 0)
            return device;
        }
    }

  return self->catalog != NULL ? fit_catalog_find_device (self->catalog, id) : NULL;
}

/* The first GPU of this computer whose memory is known, else a common card. */
static const FitDevice *
default_device (FitWindow *self)
{
  const FitDevice *device;

  if (self->detected != NULL)
    {
      for (guint i = 0; i < self->detected->len; i++)
        {
          device = g_ptr_array_index (self->detected, i);
          if (device->memory_bytes != 0)
            return device;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (fallback_device_ids); i++)
    {
      if ((device = lookup_device (self, fallback_device_ids[i])) != NULL)
        return device;
    }

  if (self->catalog != NULL && fit_catalog_get_n_devices (self->catalog) > 0)
    return fit_catalog_get_device (self->catalog, 0);

  return NULL;
}

static void
rebuild_all_devices (FitWindow *self)
{
  guint n = self->catalog != NULL ? fit_catalog_get_n_devices (self->catalog) : 0;

  g_ptr_array_set_size (self->all_devices, 0);

  if (self->detected != NULL)
    {
      for (guint i = 0; i < self->detected->len; i++)
        {
          const FitDevice *device = g_ptr_array_index (self->detected, i);

          /* A GPU whose memory is unknown cannot be judged. */
          if (device->memory_bytes != 0)
            g_ptr_array_add (self->all_devices, (gpointer)device);
        }
    }

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->all_devices, (gpointer)fit_catalog_get_device (self->catalog, i));
}

/* Called on every control change: the estimate takes microseconds, so the
 * charts follow the sliders frame by frame. */
static void
fit_window_update_estimate (FitWindow *self)
{
  g_autoptr(GError) error = NULL;

  fit_controls_get_settings (self->controls, &self->fit_settings);
  self->has_estimate = FALSE;

  if (self->model != NULL && self->device != NULL)
    self->has_estimate = fit_estimate (self->model, self->device, &self->fit_settings, &self->estimate, &error);

  if (self->has_estimate)
    {
      fit_vram_chart_set_estimate (self->vram_chart, self->model, self->device, &self->estimate);
      fit_verdict_panel_set_estimate (self->verdict_panel, self->model, self->device, &self->estimate);
      fit_controls_set_resolved (self->controls, &self->estimate.settings);
    }
  else
    {
      fit_vram_chart_set_estimate (self->vram_chart, NULL, NULL, NULL);
      if (error != NULL)
        fit_verdict_panel_set_error (self->verdict_panel, error->message);
      else
        fit_verdict_panel_set_estimate (self->verdict_panel, NULL, NULL, NULL);
      fit_controls_set_resolved (self->controls, NULL);
    }

  _fit_window_below_fold_changed (self, !self->controls_changing);
  _fit_window_update_actions (self);
}

static void
fit_window_update_model (FitWindow *self)
{
  const FitModel *model = resolve_model (self);

  /* Set first: the controls may announce a change of their own while they
   * adapt to the new model, and the context chart must not take it for a
   * move of its slider. */
  self->context_resample = TRUE;
  self->model = model;

  self->updating++;
  fit_model_selector_set_model_id (self->model_selector, model != NULL ? model->id : NULL);
  self->updating--;

  fit_model_card_view_set_model (self->model_card, model);

  /* This may pull the context down to the model's window. */
  fit_controls_set_model (self->controls, model);

  fit_window_update_estimate (self);
}

static void
fit_window_update_device (FitWindow *self)
{
  const FitDevice *device = lookup_device (self, self->device_id);

  if (device == NULL)
    device = default_device (self);

  self->context_resample = TRUE;
  g_clear_pointer (&self->device, fit_device_free);
  if (device != NULL)
    self->device = fit_device_copy (device);

  self->updating++;
  fit_device_picker_set_device_id (self->device_picker, device != NULL ? device->id : NULL);
  self->updating--;

  fit_controls_set_detected_device (self->controls, device != NULL && device->detected);
  fit_window_update_estimate (self);
}

static void
model_selector_changed_cb (FitWindow        *self,
                           GParamSpec       *pspec,
                           FitModelSelector *selector)
{
  if (self->updating)
    return;

  fit_window_set_model_id (self, fit_model_selector_get_model_id (selector));
}

static void
device_picker_changed_cb (FitWindow       *self,
                          GParamSpec      *pspec,
                          FitDevicePicker *picker)
{
  if (self->updating)
    return;

  fit_window_set_device_id (self, fit_device_picker_get_device_id (picker));
}

static void
controls_changed_cb (FitWindow   *self,
                     FitControls *controls)
{
  self->controls_changing = TRUE;
  fit_window_update_estimate (self);
  self->controls_changing = FALSE;
}

static void
gpu_table_activated_cb (FitWindow   *self,
                        const char  *device_id,
                        FitGpuTable *table)
{
  fit_window_set_device_id (self, device_id);
}

static void
move_widget (GtkWidget *widget,
             GtkBox    *to,
             gboolean   at_start)
{
  g_object_ref (widget);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (widget)), widget);
  if (at_start)
    gtk_box_prepend (to, widget);
  else
    gtk_box_append (to, widget);
  g_object_unref (widget);
}

/* The model and GPU buttons live in the header bar when there is room and
 * in a bar of their own below it when narrow, each taking half its width. */
static void
move_title_buttons (FitWindow *self,
                    gboolean   stacked)
{
  GtkWidget *box = self->title_box;
  GtkWidget *children[] = { GTK_WIDGET (self->model_selector), GTK_WIDGET (self->device_picker) };

  g_object_ref (box);
  if (stacked)
    {
      adw_header_bar_set_title_widget (self->header_bar, NULL);
      gtk_box_append (GTK_BOX (self->narrow_title_bar), box);
    }
  else
    {
      gtk_box_remove (GTK_BOX (self->narrow_title_bar), box);
      adw_header_bar_set_title_widget (self->header_bar, box);
    }
  g_object_unref (box);

  gtk_box_set_homogeneous (GTK_BOX (box), stacked);
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    gtk_widget_set_hexpand (children[i], stacked);
  gtk_widget_set_visible (self->on_label, !stacked);
  gtk_widget_set_visible (self->narrow_title_bar, stacked);
}

/* Wide: the card has its own pane, and the verdict and chart stay in view
 * above the scrolling controls. Narrow: everything stacks in one scrolling
 * column, verdict and chart first and the card last. Done after the
 * allocation that folded the leaflet, never during it. */
static gboolean
apply_layout_cb (gpointer data)
{
  FitWindow *self = data;
  gboolean stacked = adw_leaflet_get_folded (self->leaflet);
  GtkWidget *card = GTK_WIDGET (self->model_card);

  self->layout_source = 0;

  if (stacked == self->card_stacked)
    return G_SOURCE_REMOVE;

  self->card_stacked = stacked;
  if (stacked)
    {
      move_widget (self->summary_clamp, self->main_box, TRUE);
      move_widget (card, self->main_box, FALSE);
      gtk_widget_add_css_class (card, "stacked");
    }
  else
    {
      move_widget (self->summary_clamp, self->main_pane, TRUE);
      move_widget (card, self->card_holder, FALSE);
      gtk_widget_remove_css_class (card, "stacked");
    }

  /* The scrolling column has margins of its own. */
  gtk_widget_set_margin_start (self->summary_box, stacked ? 0 : 12);
  gtk_widget_set_margin_end (self->summary_box, stacked ? 0 : 12);
  gtk_widget_set_margin_top (self->summary_box, stacked ? 0 : 12);
  gtk_widget_set_margin_bottom (self->summary_box, stacked ? 0 : 12);
  gtk_widget_set_visible (self->summary_separator, !stacked);
  move_title_buttons (self, stacked);

  return G_SOURCE_REMOVE;
}

static void
leaflet_folded_cb (FitWindow  *self,
                   GParamSpec *pspec,
                   AdwLeaflet *leaflet)
{
  if (self->layout_source == 0)
    self->layout_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, apply_layout_cb, self, NULL);
}

static void
detect_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FitWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) infos = fit_gpu_detect_finish (result, &error);
  g_autoptr(GPtrArray) devices = NULL;
  gboolean was_detected;
  gboolean first;

  /* A closed window only waits for this to drop its last reference. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->detect_running = FALSE;

  if (infos == NULL)
    {
      /* Detection failing is not the user's problem: judge catalog GPUs. */
      g_message ("Could not detect the GPUs of this computer: %s", error->message);
      infos = g_ptr_array_new_with_free_func ((GDestroyNotify)fit_gpu_info_free);
    }

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify)fit_device_free);
  for (guint i = 0; i < infos->len; i++)
    {
      FitDevice *device = fit_gpu_info_to_device (g_ptr_array_index (infos, i), self->catalog, i);

      if (device != NULL)
        g_ptr_array_add (devices, device);
    }

  first = self->detected == NULL;
  was_detected = self->device != NULL && self->device->detected;

  g_clear_pointer (&self->detected, g_ptr_array_unref);
  g_clear_pointer (&self->detected_infos, g_ptr_array_unref);
  self->detected = g_steal_pointer (&devices);
  self->detected_infos = g_steal_pointer (&infos);
  rebuild_all_devices (self);

  fit_device_picker_set_detected (self->device_picker,
                                  (const FitDevice *const *)self->detected->pdata,
                                  self->detected->len);
  fit_device_picker_set_detecting (self->device_picker, FALSE);

  /* The first answer may change the automatic choice; later ones only the
   * memory other programs use, which matters for a detected device. */
  if (first || was_detected)
    fit_window_update_device (self);
  else
    _fit_window_table_changed (self);
}

static void
start_detection (FitWindow *self)
{
  if (self->detect_running)
    return;

  self->detect_running = TRUE;
  fit_device_picker_set_detecting (self->device_picker, self->detected == NULL);
  fit_gpu_detect_async (self->catalog, self->cancellable, detect_cb, g_object_ref (self));
}

static gboolean
refresh_cb (gpointer data)
{
  start_detection (FIT_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

static void
drop_open_cb (FitWindow *self,
              GFile     *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      _fit_window_show_error (self, _("Cannot Open This Location"),
                              uri);
      return;
    }

  fit_window_open_path (self, path);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         FitWindow     *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  /* One model at a time: the first of several dropped files. */
  drop_open_cb (self, files->data);
  g_slist_free (files);

  return TRUE;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  FitModel *model = fit_import_path (path, &error);

  if (model == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, model, (GDestroyNotify)fit_model_free);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FitWindow *self = FIT_WINDOW (object);
  GTask *task = G_TASK (result);
  const char *path = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = g_task_propagate_pointer (task, &error);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *id = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (model == NULL)
    {
      g_autofree char *heading = NULL;

      /* Translators: %s is a file or folder name. */
      heading = g_strdup_printf (_("Could Not Open “%s”"), basename);
      _fit_window_show_error (self, heading, error->message);
      return;
    }

  /* One entry per file: opening it again replaces the old one. */
  id = g_strdup_printf ("file:%s", path);
  g_free (model->id);
  model->id = g_steal_pointer (&id);
  if (model->name == NULL)
    model->name = g_strdup (basename);

  for (guint i = 0; i < self->imported->len; i++)
    {
      const FitModel *old = g_ptr_array_index (self->imported, i);

      if (g_strcmp0 (old->id, model->id) == 0)
        {
          /* Nothing may point at the old model once it is freed. */
          self->model = NULL;
          fit_model_card_view_set_model (self->model_card, NULL);
          g_ptr_array_remove_index (self->imported, i);
          break;
        }
    }

  g_ptr_array_insert (self->imported, 0, g_steal_pointer (&model));
  fit_model_selector_set_extra_models (self->model_selector,
                                       (const FitModel *const *)self->imported->pdata,
                                       self->imported->len);
  _fit_window_add_recent (self, path);

  {
    const FitModel *opened = g_ptr_array_index (self->imported, 0);
    g_autofree char *title = NULL;

    if (g_strcmp0 (self->model_id, opened->id) == 0)
      fit_window_update_model (self);
    else
      fit_window_set_model_id (self, opened->id);

    /* Translators: %s is a model name read from a file. */
    title = g_strdup_printf (_("Opened %s"), opened->name);
    _fit_window_show_toast (self, title);
  }
}

/* The sections below the fold wait for the first frame, so that opening
 * the window does not measure text nobody sees yet. */
static gboolean
reveal_below_fold_cb (gpointer data)
{
  FitWindow *self = data;

  self->reveal_source = 0;
  gtk_widget_set_visible (self->context_box, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->gpu_table), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->launch_view), TRUE);

  return G_SOURCE_REMOVE;
}

static gboolean
after_paint_cb (GdkFrameClock *clock,
                FitWindow     *self)
{
  if (self->first_frame_drawn)
    return FALSE;

  self->first_frame_drawn = TRUE;
  self->reveal_source = g_idle_add (reveal_below_fold_cb, self);

  if (self->report_first_frame)
    {
      g_autofree char *status = NULL;
      long rss_kb = -1;

      /* The benchmark reads this line from our stdout. */
      if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
        {
          const char *line = strstr (status, "VmRSS:");

          if (line != NULL)
            rss_kb = strtol (line + strlen ("VmRSS:"), NULL, 10);
        }

      g_print ("first-frame rss-kb=%ld\n", rss_kb);
      fflush (stdout);
      g_application_quit (g_application_get_default ());
    }

  return FALSE;
}

static void
fit_window_realize (GtkWidget *widget)
{
  FitWindow *self = FIT_WINDOW (widget);

  GTK_WIDGET_CLASS (fit_window_parent_class)->realize (widget);

  self->after_paint_handler =
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (after_paint_cb), self, 0);
}

static void
fit_window_unrealize (GtkWidget *widget)
{
  FitWindow *self = FIT_WINDOW (widget);

  if (self->after_paint_handler != 0)
    {
      g_signal_handler_disconnect (gtk_widget_get_frame_clock (widget), self->after_paint_handler);
      self->after_paint_handler = 0;
    }
  _fit_window_below_fold_unrealize (self);

  GTK_WIDGET_CLASS (fit_window_parent_class)->unrealize (widget);
}

/* Free and used memory only matter while someone can see them. */
static void
fit_window_map (GtkWidget *widget)
{
  FitWindow *self = FIT_WINDOW (widget);

  GTK_WIDGET_CLASS (fit_window_parent_class)->map (widget);

  if (self->refresh_source == 0)
    self->refresh_source = g_timeout_add_seconds (REFRESH_SECONDS, refresh_cb, self);
}

static void
fit_window_unmap (GtkWidget *widget)
{
  FitWindow *self = FIT_WINDOW (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);

  GTK_WIDGET_CLASS (fit_window_parent_class)->unmap (widget);
}

static void
catalog_changed_cb (FitWindow      *self,
                    FitApplication *app)
{
  _fit_window_reload_catalog (self, fit_application_get_catalog (app));
}

static void
fit_window_constructed (GObject *object)
{
  FitWindow *self = (FitWindow *)object;
  GtkApplication *app;

  G_OBJECT_CLASS (fit_window_parent_class)->constructed (object);

  if (self->catalog == NULL)
    self->catalog = fit_catalog_new ();

  fit_model_selector_set_catalog (self->model_selector, self->catalog);
  fit_device_picker_set_catalog (self->device_picker, self->catalog);
  fit_model_card_view_set_catalog (self->model_card, self->catalog);
  rebuild_all_devices (self);

  if (self->settings != NULL)
    {
      static const char *control_keys[] = {
        "runtime", "weight-format", "kv-type", "context", "concurrency", "gpu-util",
        "gpu-count", "gpu-layers", "flash-attn", "budget-basis",
      };

      g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "model-id", self, "model-id", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "device-id", self, "device-id", G_SETTINGS_BIND_DEFAULT);

      /* The property names of FitControls are the key names. */
      for (guint i = 0; i < G_N_ELEMENTS (control_keys); i++)
        g_settings_bind (self->settings, control_keys[i], self->controls, control_keys[i], G_SETTINGS_BIND_DEFAULT);

      _fit_window_rebuild_recent_menu (self);
    }

  fit_window_update_model (self);
  fit_window_update_device (self);

  /* Off the main thread, so the first frame never waits for a driver. */
  start_detection (self);

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (FIT_IS_APPLICATION (app))
    g_signal_connect_object (app, "catalog-changed", G_CALLBACK (catalog_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
fit_window_dispose (GObject *object)
{
  FitWindow *self = (FitWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  _fit_window_below_fold_dispose (self);
  g_clear_handle_id (&self->layout_source, g_source_remove);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  g_clear_handle_id (&self->screenshot_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_WINDOW);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fit_window_parent_class)->dispose (object);
}

static void
fit_window_finalize (GObject *object)
{
  FitWindow *self = (FitWindow *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->device, fit_device_free);
  g_clear_pointer (&self->all_devices, g_ptr_array_unref);
  g_clear_pointer (&self->detected, g_ptr_array_unref);
  g_clear_pointer (&self->detected_infos, g_ptr_array_unref);
  g_clear_pointer (&self->imported, g_ptr_array_unref);
  g_clear_pointer (&self->catalog, fit_catalog_unref);
  g_clear_pointer (&self->model_id, g_free);
  g_clear_pointer (&self->device_id, g_free);
  g_clear_pointer (&self->screenshot_path, g_free);

  G_OBJECT_CLASS (fit_window_parent_class)->finalize (object);
}

static void
fit_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FitWindow *self = FIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      g_value_set_pointer (value, self->catalog);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;

    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FitWindow *self = FIT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CATALOG:
      if (g_value_get_pointer (value) != NULL)
        self->catalog = fit_catalog_ref (g_value_get_pointer (value));
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    case PROP_MODEL_ID:
      fit_window_set_model_id (self, g_value_get_string (value));
      break;

    case PROP_DEVICE_ID:
      fit_window_set_device_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_window_class_init (FitWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fit_window_constructed;
  object_class->dispose = fit_window_dispose;
  object_class->finalize = fit_window_finalize;
  object_class->get_property = fit_window_get_property;
  object_class->set_property = fit_window_set_property;

  widget_class->realize = fit_window_realize;
  widget_class->unrealize = fit_window_unrealize;
  widget_class->map = fit_window_map;
  widget_class->unmap = fit_window_unmap;

  /**
   * FitWindow:catalog:
   *
   * The #FitCatalog of models and GPUs; the window keeps a reference.
   */
  properties [PROP_CATALOG] =
    g_param_spec_pointer ("catalog", NULL, NULL,
                          (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FitWindow:settings:
   *
   * Where the choices are remembered, or %NULL when the schema is missing.
   */
  properties [PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FitWindow:model-id:
   *
   * The chosen model; an unknown id shows the default model.
   */
  properties [PROP_MODEL_ID] =
    g_param_spec_string ("model-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FitWindow:device-id:
   *
   * The chosen GPU; "" picks the first GPU of this computer, else a common card.
   */
  properties [PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIT_TYPE_CONTEXT_CHART);
  g_type_ensure (FIT_TYPE_CONTROLS);
  g_type_ensure (FIT_TYPE_DEVICE_PICKER);
  g_type_ensure (FIT_TYPE_GPU_TABLE);
  g_type_ensure (FIT_TYPE_LAUNCH_VIEW);
  g_type_ensure (FIT_TYPE_MODEL_CARD_VIEW);
  g_type_ensure (FIT_TYPE_MODEL_SELECTOR);
  g_type_ensure (FIT_TYPE_VERDICT_PANEL);
  g_type_ensure (FIT_TYPE_VRAM_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FitWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, card_pane);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, card_holder);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, pane_separator);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, main_pane);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, summary_clamp);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, summary_box);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, summary_separator);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, main_box);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, main_scroller);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, context_box);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, title_box);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, narrow_title_bar);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, on_label);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, model_selector);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, device_picker);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, model_card);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, verdict_panel);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, vram_chart);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, context_chart);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, controls);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, gpu_table);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, launch_view);
  gtk_widget_class_bind_template_child (widget_class, FitWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, model_selector_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, device_picker_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, controls_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, gpu_table_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  _fit_window_class_init_actions (widget_class);
}

static void
fit_window_init (FitWindow *self)
{
  GtkDropTarget *target;

  self->imported = g_ptr_array_new_with_free_func ((GDestroyNotify)fit_model_free);
  self->all_devices = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->device_id = g_strdup ("");

  gtk_widget_init_template (GTK_WIDGET (self));
  _fit_window_below_fold_init (self);

  /* One small read of /proc/meminfo: the layer-offload fix and the system
   * RAM bar measure against it. */
  {
    guint64 ram = 0;

    if (fit_gpu_system_ram (&ram, NULL))
      {
        fit_verdict_panel_set_system_ram (self->verdict_panel, ram);
        fit_vram_chart_set_system_ram (self->vram_chart, ram);
      }
  }

  /* Dropping a GGUF file or a Hugging Face folder opens it. */
  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

/**
 * fit_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new main window
 */
FitWindow *
fit_window_new (FitApplication *application)
{
  g_return_val_if_fail (FIT_IS_APPLICATION (application), NULL);

  return g_object_new (FIT_TYPE_WINDOW,
                       "application", application,
                       "catalog", fit_application_get_catalog (application),
                       "settings", fit_application_get_settings (application),
                       NULL);
}

const char *
fit_window_get_model_id (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  return self->model_id;
}

void
fit_window_set_model_id (FitWindow  *self,
                         const char *model_id)
{
  g_return_if_fail (FIT_IS_WINDOW (self));

  if (g_strcmp0 (model_id, self->model_id) == 0)
    return;

  g_free (self->model_id);
  self->model_id = g_strdup (model_id);

  /* Before the template exists GSettings may already set this. */
  if (self->controls != NULL && self->catalog != NULL)
    fit_window_update_model (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODEL_ID]);
}

const char *
fit_window_get_device_id (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  return self->device_id;
}

void
fit_window_set_device_id (FitWindow  *self,
                          const char *device_id)
{
  g_return_if_fail (FIT_IS_WINDOW (self));

  if (device_id == NULL)
    device_id = "";

  if (g_strcmp0 (device_id, self->device_id) == 0)
    return;

  g_free (self->device_id);
  self->device_id = g_strdup (device_id);

  if (self->controls != NULL && self->catalog != NULL)
    fit_window_update_device (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEVICE_ID]);
}

/**
 * fit_window_open_path:
 * @self: a #FitWindow
 * @path: a GGUF or safetensors file, or a Hugging Face folder
 *
 * Reads @path in a thread and shows the model; problems appear in a dialog
 * that names the file.
 */
void
fit_window_open_path (FitWindow  *self,
                      const char *path)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FIT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, fit_window_open_path);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, import_thread);
}

void
_fit_window_reload_catalog (FitWindow  *self,
                            FitCatalog *catalog)
{
  g_return_if_fail (FIT_IS_WINDOW (self));
  g_return_if_fail (catalog != NULL);

  /* The same catalog may come back with its user entries replaced: every
   * pointer into it goes, and every widget lists it again. */
  fit_catalog_ref (catalog);
  self->model = NULL;
  fit_model_card_view_set_model (self->model_card, NULL);
  g_ptr_array_set_size (self->all_devices, 0);
  fit_model_selector_set_catalog (self->model_selector, NULL);
  fit_device_picker_set_catalog (self->device_picker, NULL);
  fit_model_card_view_set_catalog (self->model_card, NULL);

  g_clear_pointer (&self->catalog, fit_catalog_unref);
  self->catalog = catalog;

  fit_model_selector_set_catalog (self->model_selector, catalog);
  fit_device_picker_set_catalog (self->device_picker, catalog);
  fit_model_card_view_set_catalog (self->model_card, catalog);
  rebuild_all_devices (self);

  fit_window_update_model (self);
  fit_window_update_device (self);
}

const FitModel *
_fit_window_get_model (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  return self->model;
}

const FitDevice *
_fit_window_get_device (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  return self->device;
}

const FitDevice *const *
_fit_window_get_all_devices (FitWindow *self,
                             guint     *n_devices)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  *n_devices = self->all_devices->len;
  return (const FitDevice *const *)self->all_devices->pdata;
}

/**
 * _fit_window_get_detected:
 * @self: a #FitWindow
 *
 * Returns: (nullable) (transfer none) (element-type FitDevice): the GPUs of
 *   this computer, or %NULL while detection has not answered yet
 */
GPtrArray *
_fit_window_get_detected (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  return self->detected;
}

const char *
_fit_window_get_detected_backend (FitWindow *self,
                                  guint      index)
{
  const FitGpuInfo *info;

  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  if (self->detected_infos == NULL || index >= self->detected_infos->len)
    return NULL;

  info = g_ptr_array_index (self->detected_infos, index);
  return info->backend;
}

gboolean
_fit_window_save_screenshot (FitWindow   *self,
                             const char  *path,
                             GError     **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  g_return_val_if_fail (FIT_IS_WINDOW (self), FALSE);

  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (width <= 0 || height <= 0 || renderer == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The window is not shown yet");
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      /* GtkWidgetPaintable copies the last frame, and a queued draw drops it. */
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, "The window has a redraw pending");
      return FALSE;
    }

  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  bytes = gdk_texture_save_to_png_bytes (texture);

  return g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

static gboolean
screenshot_poll_cb (gpointer data)
{
  FitWindow *self = data;
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  if (!self->first_frame_drawn)
    return G_SOURCE_CONTINUE;

  /* Wait for detection (at most until the deadline) and the table. */
  if (self->screenshot_ready_at == 0)
    {
      if ((self->detected == NULL || self->table_source != 0) && now < self->screenshot_deadline)
        return G_SOURCE_CONTINUE;

      /* Give the last change a few frames to be laid out and drawn. */
      self->screenshot_ready_at = now + 200 * 1000;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return G_SOURCE_CONTINUE;
    }

  if (now < self->screenshot_ready_at)
    return G_SOURCE_CONTINUE;

  /* A draw queued since the last frame (the table filling in, say) leaves
   * nothing to copy until the next one; try again for a while. */
  if (!_fit_window_save_screenshot (self, self->screenshot_path, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PENDING) &&
      now < self->screenshot_deadline + 5 * G_USEC_PER_SEC)
    {
      self->screenshot_ready_at = now + 100 * 1000;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return G_SOURCE_CONTINUE;
    }

  self->screenshot_source = 0;

  if (error != NULL)
    g_printerr ("Could not save the screenshot %s: %s\n", self->screenshot_path, error->message);
  else
    g_print ("Saved %s\n", self->screenshot_path);

  g_application_quit (g_application_get_default ());
  return G_SOURCE_REMOVE;
}

void
_fit_window_take_screenshot (FitWindow  *self,
                             const char *path,
                             int         width,
                             int         height)
{
  g_return_if_fail (FIT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_free (self->screenshot_path);
  self->screenshot_path = g_strdup (path);

  /* A screenshot shows the window as it is sized here, not as last closed,
   * and leaves the remembered size alone. */
  g_settings_unbind (self, "default-width");
  g_settings_unbind (self, "default-height");
  g_settings_unbind (self, "maximized");
  gtk_window_unmaximize (GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);

  self->screenshot_deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  self->screenshot_ready_at = 0;
  g_clear_handle_id (&self->screenshot_source, g_source_remove);
  self->screenshot_source = g_timeout_add (50, screenshot_poll_cb, self);
}

void
_fit_window_report_first_frame (FitWindow *self)
{
  g_return_if_fail (FIT_IS_WINDOW (self));

  self->report_first_frame = TRUE;
}

gboolean
_fit_window_get_estimate (FitWindow   *self,
                          FitEstimate *out)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), FALSE);

  if (self->has_estimate && out != NULL)
    *out = self->estimate;

  return self->has_estimate;
}

#define TEST_GETTER(Type, name)                          \
Type *                                                   \
_fit_window_get_##name (FitWindow *self)                 \
{                                                        \
  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);     \
  return self->name;                                     \
}

TEST_GETTER (FitControls, controls)
TEST_GETTER (FitVramChart, vram_chart)
TEST_GETTER (FitContextChart, context_chart)
TEST_GETTER (FitVerdictPanel, verdict_panel)
TEST_GETTER (FitGpuTable, gpu_table)
TEST_GETTER (FitLaunchView, launch_view)
TEST_GETTER (FitModelSelector, model_selector)
TEST_GETTER (FitDevicePicker, device_picker)

#undef TEST_GETTER

gboolean
_fit_window_is_detecting (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), FALSE);

  return self->detect_running;
}

gboolean
_fit_window_is_card_stacked (FitWindow *self)
{
  g_return_val_if_fail (FIT_IS_WINDOW (self), FALSE);

  return self->card_stacked;
}

