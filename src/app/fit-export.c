/* fit-export.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-export"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-report.h"
#include "fit-window-private.h"

/* What a report borrows, copied so that it survives the window changing
 * its choices while a print dialog is open. */
typedef struct
{
  FitReport          report;
  const FitModel    *model;
  FitDevice         *device;
  FitEstimate        estimate;
  FitSettings        settings;
  FitSweepRow       *sweep;
  FitReportDocument *document;
} ReportData;

static void
report_data_free (ReportData *data)
{
  g_clear_pointer (&data->document, fit_report_document_free);
  g_clear_pointer (&data->sweep, g_free);
  g_clear_pointer (&data->device, fit_device_free);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReportData, report_data_free)

static ReportData *
report_data_new (FitWindow *self)
{
  ReportData *data = g_new0 (ReportData, 1);
  const FitDevice *const *devices;
  guint n_devices;
  guint n_sweep = 0;
  guint n_added = 0;

  g_assert (self->has_estimate);

  data->model = self->model;
  data->device = fit_device_copy (self->device);
  data->estimate = self->estimate;
  data->settings = self->fit_settings;

  devices = _fit_window_get_all_devices (self, &n_devices);
  data->sweep = fit_report_sweep_closest (data->model, data->device, &data->estimate.settings,
                                          devices, n_devices, FIT_REPORT_SWEEP_ROWS, &n_sweep, &n_added);

  fit_report_init (&data->report, data->model, data->device, &data->estimate);
  data->report.settings = &data->settings;
  data->report.sweep = data->sweep;
  data->report.n_sweep = n_sweep;
  data->report.n_sweep_added = n_added;
  data->report.app_version = PACKAGE_VERSION;
  data->report.paper = fit_paper_from_locale ();

  return data;
}

gboolean
_fit_window_write_report (FitWindow   *self,
                          const char  *path,
                          int          format,
                          GError     **error)
{
  g_autoptr(ReportData) data = NULL;

  g_return_val_if_fail (FIT_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!self->has_estimate)
    {
      g_set_error_literal (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_RENDER,
                           _("There is no estimate to export yet."));
      return FALSE;
    }

  data = report_data_new (self);
  return fit_report_write (&data->report, format, path, error);
}

char *
_fit_window_dup_markdown (FitWindow *self)
{
  g_autoptr(ReportData) data = NULL;

  g_return_val_if_fail (FIT_IS_WINDOW (self), NULL);

  if (!self->has_estimate)
    return NULL;

  data = report_data_new (self);
  return fit_report_to_markdown (&data->report);
}

static GtkFileFilter *
add_filter (GtkFileChooser  *chooser,
            const char      *name,
            FitReportFormat  format)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autofree char *pattern = g_strconcat ("*", fit_report_format_extension (format), NULL);

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_filter_add_mime_type (filter, fit_report_format_mime_type (format));
  g_object_set_data (G_OBJECT (filter), "fit-format", GINT_TO_POINTER (format));
  gtk_file_chooser_add_filter (chooser, filter);

  return filter;
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    FitWindow       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *basename = NULL;
  FitReportFormat format = FIT_REPORT_FORMAT_PDF;
  GtkFileFilter *filter;

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path == NULL)
    {
      _fit_window_show_error (self, _("Could Not Export the Report"),
                              _("Reports can only be saved to files on this computer."));
      goto out;
    }

  /* The name's extension wins; without one, the chosen filter decides. */
  if (!fit_report_format_from_path (path, &format))
    {
      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      if (filter != NULL)
        format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (filter), "fit-format"));

      {
        char *with_extension = g_strconcat (path, fit_report_format_extension (format), NULL);

        g_free (path);
        path = with_extension;
      }
    }

  basename = g_path_get_basename (path);

  if (!_fit_window_write_report (self, path, format, &error))
    {
      g_autofree char *heading = NULL;

      /* Translators: %s is a file name. */
      heading = g_strdup_printf (_("Could Not Export “%s”"), basename);
      _fit_window_show_error (self, heading, error->message);
      goto out;
    }

  {
    AdwToast *toast;
    g_autofree char *title = NULL;

    /* Translators: %s is a file name. */
    title = g_strdup_printf (_("Exported %s"), basename);
    toast = adw_toast_new (title);
    adw_toast_set_button_label (toast, _("_Open"));
    adw_toast_set_action_name (toast, "win.show-file");
    adw_toast_set_action_target_value (toast, g_variant_new_string (path));
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }

out:
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

/**
 * _fit_window_export:
 * @self: a #FitWindow
 *
 * Asks where to save a report (PDF, PNG or SVG) and writes it atomically.
 */
void
_fit_window_export (FitWindow *self)
{
  GtkFileChooserNative *native;
  GtkFileChooser *chooser;
  g_autoptr(GtkFileFilter) pdf = NULL;
  g_autoptr(GtkFileFilter) png = NULL;
  g_autoptr(GtkFileFilter) svg = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (FIT_IS_WINDOW (self));

  if (!self->has_estimate)
    return;

  native = gtk_file_chooser_native_new (_("Export Report"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"),
                                        _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (native);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);

  /* Translators: file type filters in the Export dialog. */
  pdf = add_filter (chooser, _("PDF Document"), FIT_REPORT_FORMAT_PDF);
  png = add_filter (chooser, _("PNG Image"), FIT_REPORT_FORMAT_PNG);
  svg = add_filter (chooser, _("SVG Image"), FIT_REPORT_FORMAT_SVG);
  gtk_file_chooser_set_filter (chooser, pdf);

  {
    g_autoptr(ReportData) data = report_data_new (self);

    title = fit_report_dup_title (&data->report);
  }
  g_strdelimit (title, "/\\:", '-');
  name = g_strconcat (title, ".pdf", NULL);
  gtk_file_chooser_set_current_name (chooser, name);

  g_signal_connect_object (native, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/**
 * _fit_window_copy_text:
 * @self: a #FitWindow
 *
 * Puts a Markdown summary of the estimate on the clipboard.
 */
void
_fit_window_copy_text (FitWindow *self)
{
  g_autofree char *markdown = NULL;

  g_return_if_fail (FIT_IS_WINDOW (self));

  if ((markdown = _fit_window_dup_markdown (self)) == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), markdown);
  _fit_window_show_toast (self, _("Copied the summary as Markdown"));
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                ReportData        *data)
{
  /* The same renderer as the PDF export, laid out for the chosen paper. */
  data->document = fit_report_document_new (&data->report,
                                            gtk_print_context_get_width (context),
                                            gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, fit_report_document_get_n_pages (data->document));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              ReportData        *data)
{
  fit_report_document_render_page (data->document, gtk_print_context_get_cairo_context (context), page);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               FitWindow               *self)
{
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      _fit_window_show_error (self, _("Could Not Print the Report"),
                              error != NULL ? error->message : _("The printing system gave no reason."));
    }
}

/**
 * _fit_window_print:
 * @self: a #FitWindow
 *
 * Prints the report through the system print dialog.
 */
void
_fit_window_print (FitWindow *self)
{
  GtkPrintOperation *operation;
  g_autoptr(GError) error = NULL;
  ReportData *data;
  GtkPrintOperationResult result;

  g_return_if_fail (FIT_IS_WINDOW (self));

  if (!self->has_estimate)
    return;

  data = report_data_new (self);

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  {
    g_autofree char *title = fit_report_dup_title (&data->report);

    gtk_print_operation_set_job_name (operation, title);
  }

  /* The operation owns the data and frees it with itself. */
  g_object_set_data_full (G_OBJECT (operation), "fit-report", data, (GDestroyNotify)report_data_free);
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), data);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), data);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);

  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (self), &error);

  /* An asynchronous run keeps the operation until "done"; then it goes. */
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      g_signal_connect_after (operation, "done", G_CALLBACK (g_object_unref), NULL);
      return;
    }

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    _fit_window_show_error (self, _("Could Not Print the Report"), error->message);

  g_object_unref (operation);
}
