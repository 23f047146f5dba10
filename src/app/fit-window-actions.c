/* fit-window-actions.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-custom-entry-dialog.h"
#include "fit-window-private.h"

#define MAX_RECENT_FILES 10

void
_fit_window_show_error (FitWindow  *self,
                        const char *heading,
                        const char *body)
{
  GtkWidget *dialog;

  g_return_if_fail (FIT_IS_WINDOW (self));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_fit_window_show_toast (FitWindow  *self,
                        const char *title)
{
  g_return_if_fail (FIT_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (title));
}

static gboolean
current_model_is_user (FitWindow *self)
{
  return self->model != NULL && self->model->user_entry && self->model->exact == NULL;
}

static gboolean
current_model_is_imported (FitWindow *self)
{
  return self->model != NULL && g_ptr_array_find (self->imported, self->model, NULL);
}

void
_fit_window_update_actions (FitWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  g_return_if_fail (FIT_IS_WINDOW (self));

  gtk_widget_action_set_enabled (widget, "win.export", self->has_estimate);
  gtk_widget_action_set_enabled (widget, "win.copy-text", self->has_estimate);
  gtk_widget_action_set_enabled (widget, "win.print", self->has_estimate);
  gtk_widget_action_set_enabled (widget, "win.save-model", current_model_is_imported (self));
  gtk_widget_action_set_enabled (widget, "win.no-recent", FALSE);
  gtk_widget_action_set_enabled (widget, "win.edit-custom-model", current_model_is_user (self));
  gtk_widget_action_set_enabled (widget, "win.edit-custom-gpu",
                                 self->device != NULL && self->device->user_entry && !self->device->detected);
}

/* Menu labels treat "_" as a mnemonic; file names keep theirs. */
static char *
escape_mnemonic (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

void
_fit_window_rebuild_recent_menu (FitWindow *self)
{
  g_auto(GStrv) recent = NULL;
  guint n = 0;

  g_return_if_fail (FIT_IS_WINDOW (self));

  g_menu_remove_all (self->recent_section);

  if (self->settings != NULL)
    recent = g_settings_get_strv (self->settings, "recent-files");

  for (guint i = 0; recent != NULL && recent[i] != NULL; i++)
    {
      g_autofree char *basename = g_path_get_basename (recent[i]);
      g_autofree char *label = escape_mnemonic (basename);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_section, item);
      n++;
    }

  if (n == 0)
    /* Translators: the Open Recent menu when nothing was opened yet; the item does nothing. */
    g_menu_append (self->recent_section, _("No Recent Files"), "win.no-recent");
}

void
_fit_window_add_recent (FitWindow  *self,
                        const char *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_return_if_fail (FIT_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  old = g_settings_get_strv (self->settings, "recent-files");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT_FILES; i++)
    {
      if (g_strcmp0 (old[i], path) != 0)
        {
          g_strv_builder_add (builder, old[i]);
          n++;
        }
    }

  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char *const *)recent);
  _fit_window_rebuild_recent_menu (self);
}

static void
search_models_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  fit_model_selector_popup (FIT_WINDOW (widget)->model_selector);
}

static void
pick_device_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  fit_device_picker_popup (FIT_WINDOW (widget)->device_picker);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  FitWindow       *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      /* The portal hands out real paths; anything else cannot be memory-mapped. */
      if (path != NULL)
        fit_window_open_path (self, path);
      else
        _fit_window_show_error (self, _("Cannot Open This Location"),
                                _("Only files on this computer can be opened."));
    }

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
show_open_dialog (FitWindow            *self,
                  GtkFileChooserAction  action)
{
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) models = NULL;
  g_autoptr(GtkFileFilter) all = NULL;

  native = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                        ? _("Open a Hugging Face Model Folder")
                                        : _("Open a Model File"),
                                        GTK_WINDOW (self),
                                        action,
                                        _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      models = gtk_file_filter_new ();
      /* Translators: a file type filter in the Open dialog. */
      gtk_file_filter_set_name (models, _("GGUF and safetensors Files"));
      gtk_file_filter_add_pattern (models, "*.gguf");
      gtk_file_filter_add_pattern (models, "*.GGUF");
      gtk_file_filter_add_pattern (models, "*.safetensors");
      gtk_file_filter_add_pattern (models, "*.safetensors.index.json");
      gtk_file_filter_add_pattern (models, "config.json");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), models);

      all = gtk_file_filter_new ();
      gtk_file_filter_set_name (all, _("All Files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
    }

  g_signal_connect_object (native, "response", G_CALLBACK (open_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_open_dialog (FIT_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  show_open_dialog (FIT_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  fit_window_open_path (FIT_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* After the catalog's user entries changed, every pointer into it may be
 * stale: reload, which makes every window look its choices up again. */
static void
catalog_edited (FitWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(GError) error = NULL;

  if (FIT_IS_APPLICATION (app))
    {
      if (fit_application_reload_catalog (FIT_APPLICATION (app), &error))
        return;

      g_warning ("Could not reload the catalog: %s", error->message);
    }

  /* No application (tests): the catalog was updated in place; look up again. */
  _fit_window_reload_catalog (self, self->catalog);
}

static char *
slug_from_name (const char *name)
{
  g_autofree char *lower = g_utf8_strdown (name, -1);
  GString *slug = g_string_new ("user-");

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.')
        g_string_append_c (slug, *p);
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }

  while (slug->len > 5 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);

  return g_string_free (slug, FALSE);
}

static void
save_model_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  FitWindow *self = FIT_WINDOW (widget);
  FitModel *model;
  g_autoptr(GError) error = NULL;
  g_autofree char *file_id = NULL;
  g_autofree char *name = NULL;
  gboolean saved;
  double stated;

  if (!current_model_is_imported (self))
    return;

  /* The catalog wants a plain id, not the "file:" one of the window, and
   * a stated size: the file's own count is exact. */
  model = (FitModel *)self->model;
  file_id = g_steal_pointer (&model->id);
  model->id = slug_from_name (model->name != NULL ? model->name : "model");
  stated = model->stated_params_total;
  if (stated <= 0)
    model->stated_params_total = (double)model->params_total;
  name = g_strdup (model->name);
  saved = fit_catalog_save_user_model (self->catalog, model, &error);
  g_free (model->id);
  model->id = g_steal_pointer (&file_id);
  model->stated_params_total = stated;

  if (!saved)
    {
      _fit_window_show_error (self, _("Could Not Save the Model"), error->message);
      return;
    }

  catalog_edited (self);

  {
    g_autofree char *title = NULL;

    /* Translators: %s is a model name. */
    title = g_strdup_printf (_("Saved %s to your models"), name);
    _fit_window_show_toast (self, title);
  }
}

static void
entry_saved_cb (FitWindow              *self,
                const char             *id,
                FitCustomEntryDialog   *dialog)
{
  gboolean is_model = fit_custom_entry_dialog_get_kind (dialog) == FIT_CUSTOM_ENTRY_MODEL;

  catalog_edited (self);

  if (id != NULL)
    {
      if (is_model)
        fit_window_set_model_id (self, id);
      else
        fit_window_set_device_id (self, id);
    }
}

static void
show_entry_dialog (FitWindow          *self,
                   FitCustomEntryKind  kind,
                   gboolean            edit)
{
  FitCustomEntryDialog *dialog;

  dialog = fit_custom_entry_dialog_new (GTK_WINDOW (self), self->catalog, kind);

  if (kind == FIT_CUSTOM_ENTRY_MODEL && self->model != NULL)
    fit_custom_entry_dialog_set_model (dialog, self->model, edit);
  else if (kind == FIT_CUSTOM_ENTRY_GPU && self->device != NULL)
    fit_custom_entry_dialog_set_device (dialog, self->device, edit);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (entry_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_custom_model_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  show_entry_dialog (FIT_WINDOW (widget), FIT_CUSTOM_ENTRY_MODEL, FALSE);
}

static void
edit_custom_model_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  show_entry_dialog (FIT_WINDOW (widget), FIT_CUSTOM_ENTRY_MODEL, TRUE);
}

static void
add_custom_gpu_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  show_entry_dialog (FIT_WINDOW (widget), FIT_CUSTOM_ENTRY_GPU, FALSE);
}

static void
edit_custom_gpu_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  show_entry_dialog (FIT_WINDOW (widget), FIT_CUSTOM_ENTRY_GPU, TRUE);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  _fit_window_export (FIT_WINDOW (widget));
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _fit_window_copy_text (FIT_WINDOW (widget));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  _fit_window_print (FIT_WINDOW (widget));
}

/* The fixes the verdict offers. */
static void
set_weight_format_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  fit_controls_set_weight_format (FIT_WINDOW (widget)->controls, g_variant_get_string (parameter, NULL));
}

static void
set_context_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  fit_controls_set_context (FIT_WINDOW (widget)->controls, g_variant_get_uint64 (parameter));
}

static void
set_concurrency_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  fit_controls_set_concurrency (FIT_WINDOW (widget)->controls, g_variant_get_uint32 (parameter));
}

static void
set_gpu_count_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  fit_controls_set_gpu_count (FIT_WINDOW (widget)->controls, g_variant_get_uint32 (parameter));
}

static void
set_gpu_layers_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  fit_controls_set_gpu_layers (FIT_WINDOW (widget)->controls, g_variant_get_int32 (parameter));
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  _fit_window_show_toast (FIT_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  g_autofree char *uri = g_file_get_uri (file);

  /* Through the portal when sandboxed: the desktop picks the viewer. */
  gtk_show_uri (GTK_WINDOW (widget), uri, GDK_CURRENT_TIME);
}

/* Built on first use: GtkApplication would build it with every window,
 * before the first frame, for a window most people never open. */
static void
show_shortcuts_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (widget);
  GtkShortcutsWindow *shortcuts = gtk_application_window_get_help_overlay (window);

  if (shortcuts == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_BASE "/fit-shortcuts-window.ui");

      shortcuts = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
      gtk_application_window_set_help_overlay (window, shortcuts);
    }

  gtk_window_present (GTK_WINDOW (shortcuts));
}

static void
no_recent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
}

void
_fit_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.search-models", NULL, search_models_action);
  gtk_widget_class_install_action (widget_class, "win.pick-device", NULL, pick_device_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.no-recent", NULL, no_recent_action);
  gtk_widget_class_install_action (widget_class, "win.show-shortcuts", NULL, show_shortcuts_action);
  gtk_widget_class_install_action (widget_class, "win.save-model", NULL, save_model_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.copy-text", NULL, copy_text_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.add-custom-model", NULL, add_custom_model_action);
  gtk_widget_class_install_action (widget_class, "win.edit-custom-model", NULL, edit_custom_model_action);
  gtk_widget_class_install_action (widget_class, "win.add-custom-gpu", NULL, add_custom_gpu_action);
  gtk_widget_class_install_action (widget_class, "win.edit-custom-gpu", NULL, edit_custom_gpu_action);
  gtk_widget_class_install_action (widget_class, "win.set-weight-format", "s", set_weight_format_action);
  gtk_widget_class_install_action (widget_class, "win.set-context", "t", set_context_action);
  gtk_widget_class_install_action (widget_class, "win.set-concurrency", "u", set_concurrency_action);
  gtk_widget_class_install_action (widget_class, "win.set-gpu-count", "u", set_gpu_count_action);
  gtk_widget_class_install_action (widget_class, "win.set-gpu-layers", "i", set_gpu_layers_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-file", "s", show_file_action);
}
