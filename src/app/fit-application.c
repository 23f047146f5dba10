/* fit-application.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-application"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-application.h"
#include "fit-units.h"
#include "fit-window.h"

struct _FitApplication
{
  AdwApplication  parent_instance;

  FitCatalog     *catalog;
  GSettings      *settings;
  GThread        *catalog_thread;  /* loading while GTK opens the display */
};

G_DEFINE_FINAL_TYPE (FitApplication, fit_application, ADW_TYPE_APPLICATION)

enum {
  CATALOG_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Running from the build folder without GSETTINGS_SCHEMA_DIR is normal for
 * developers: the app then starts with its defaults instead of aborting in
 * g_settings_new(). */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed; "
                 "starting with the defaults, and nothing will be remembered",
                 APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

typedef struct
{
  FitCatalog *catalog;
  GError     *error;
} CatalogLoad;

static gpointer
load_catalog_thread (gpointer data)
{
  CatalogLoad *load = g_new0 (CatalogLoad, 1);

  load->catalog = fit_catalog_load_default (&load->error);

  return load;
}

/* Parsing the catalog takes a few milliseconds that need not wait for GTK
 * to open the display and set up GL: it starts with start-up. */
static void
start_loading_catalog (FitApplication *self)
{
  self->catalog_thread = g_thread_try_new ("fit-catalog", load_catalog_thread, NULL, NULL);
}

static FitCatalog *
finish_loading_catalog (FitApplication  *self,
                        GError         **error)
{
  CatalogLoad *load;
  FitCatalog *catalog;

  if (self->catalog_thread != NULL)
    load = g_thread_join (g_steal_pointer (&self->catalog_thread));
  else
    load = load_catalog_thread (NULL);

  catalog = load->catalog;
  if (catalog == NULL)
    g_propagate_error (error, load->error);
  g_free (load);

  return catalog;
}

static FitCatalog *
load_catalog (FitApplication  *self,
              GError         **error)
{
  FitCatalog *catalog = finish_loading_catalog (self, error);

  if (catalog == NULL)
    return NULL;

  for (const char *const *w = fit_catalog_get_warnings (catalog); w != NULL && *w != NULL; w++)
    g_message ("Catalog: %s", *w);

  return catalog;
}

static FitWindow *
get_main_window (FitApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (FIT_IS_WINDOW (window))
    return FIT_WINDOW (window);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (FIT_IS_WINDOW (l->data))
        return FIT_WINDOW (l->data);
    }

  return NULL;
}

static void
fit_application_dispose (GObject *object)
{
  FitApplication *self = (FitApplication *)object;

  /* Start-up stopped before the catalog was taken. */
  if (self->catalog_thread != NULL)
    {
      g_autoptr(GError) error = NULL;
      FitCatalog *unused = finish_loading_catalog (self, &error);

      g_clear_pointer (&unused, fit_catalog_unref);
    }

  g_clear_object (&self->settings);
  g_clear_pointer (&self->catalog, fit_catalog_unref);

  G_OBJECT_CLASS (fit_application_parent_class)->dispose (object);
}

static void
fit_application_activate (GApplication *app)
{
  FitApplication *self = (FitApplication *)app;
  FitWindow *window = get_main_window (self);
  const char *screenshot = g_getenv ("FITMYGPU_SCREENSHOT");

  if (window == NULL)
    window = fit_window_new (self);

  if (screenshot != NULL && *screenshot != '\0')
    {
      const char *w = g_getenv ("FITMYGPU_SCREENSHOT_WIDTH");
      const char *h = g_getenv ("FITMYGPU_SCREENSHOT_HEIGHT");
      guint64 width = 1200;
      guint64 height = 800;

      if (w != NULL && (!fit_parse_u64 (w, &width) || width < 200 || width > 8192))
        {
          g_warning ("FITMYGPU_SCREENSHOT_WIDTH “%s” is not a width from 200 to 8192", w);
          width = 1200;
        }
      if (h != NULL && (!fit_parse_u64 (h, &height) || height < 200 || height > 8192))
        {
          g_warning ("FITMYGPU_SCREENSHOT_HEIGHT “%s” is not a height from 200 to 8192", h);
          height = 800;
        }

      _fit_window_take_screenshot (window, screenshot, (int)width, (int)height);
    }
  else if (g_getenv ("FITMYGPU_BENCH_FIRST_FRAME") != NULL)
    {
      _fit_window_report_first_frame (window);
    }

  gtk_window_present (GTK_WINDOW (window));
}

static void
fit_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  FitApplication *self = user_data;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    gtk_window_close (l->data);

  g_application_quit (G_APPLICATION (self));
}

static char *
build_debug_info (FitApplication *self,
                  FitWindow      *window)
{
  GString *out = g_string_new (NULL);
  const char *const *warnings = NULL;
  GPtrArray *devices = window != NULL ? _fit_window_get_detected (window) : NULL;

  g_string_append_printf (out, "FitMyGPU %s\n", PACKAGE_VERSION);
  g_string_append_printf (out, "GTK %u.%u.%u, libadwaita %u.%u.%u, GLib %u.%u.%u\n\n",
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                          glib_major_version, glib_minor_version, glib_micro_version);

  g_string_append (out, "Detected devices:\n");
  if (devices == NULL)
    g_string_append (out, "  (detection has not finished)\n");
  else if (devices->len == 0)
    g_string_append (out, "  none\n");
  else
    {
      for (guint i = 0; i < devices->len; i++)
        {
          const FitDevice *device = g_ptr_array_index (devices, i);
          g_autofree char *total = fit_format_bytes (device->memory_bytes);
          g_autofree char *used = device->used_known ? fit_format_bytes (device->used_bytes) : g_strdup ("unknown");
          const char *backend = _fit_window_get_detected_backend (window, i);

          g_string_append_printf (out, "  %u. %s (%s): %s total, %s used by others%s%s\n",
                                  i, device->name, backend != NULL ? backend : "?",
                                  device->memory_bytes != 0 ? total : "unknown",
                                  used,
                                  device->catalog_id != NULL ? ", catalog " : "",
                                  device->catalog_id != NULL ? device->catalog_id : "");
        }
    }

  g_string_append (out, "\nCatalog warnings:\n");
  if (self->catalog != NULL)
    warnings = fit_catalog_get_warnings (self->catalog);
  if (warnings == NULL || warnings[0] == NULL)
    g_string_append (out, "  none\n");
  else
    for (guint i = 0; warnings[i] != NULL; i++)
      g_string_append_printf (out, "  %s\n", warnings[i]);

  return g_string_free (out, FALSE);
}

static void
fit_application_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  static const char *developers[] = { "The FitMyGPU authors", NULL };
  FitApplication *self = user_data;
  FitWindow *window = get_main_window (self);
  g_autofree char *debug_info = build_debug_info (self, window);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "modal", TRUE,
                        "application-name", "FitMyGPU",
                        "application-icon", APP_ID,
                        "developer-name", "The FitMyGPU authors",
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/fitmygpu/FitMyGPU",
                        "issue-url", "https://github.com/fitmygpu/FitMyGPU/issues",
                        "copyright", "© 2026 The FitMyGPU authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "comments", _("Will this language model fit on your GPU? FitMyGPU shows where the "
                                      "memory goes, how close you are to the edge, and what to change "
                                      "to make it fit."),
                        "debug-info", debug_info,
                        "debug-info-filename", "fitmygpu-debug-info.txt",
                        NULL);

  adw_about_window_add_credit_section (ADW_ABOUT_WINDOW (about),
                                       /* Translators: a heading in the About window. */
                                       _("Measurements and formulas"),
                                       (const char *[]) {
                                         "llama.cpp https://github.com/ggml-org/llama.cpp",
                                         "vLLM https://github.com/vllm-project/vllm",
                                         "gguf-parser https://github.com/gpustack/gguf-parser-go",
                                         NULL,
                                       });
  adw_about_window_add_link (ADW_ABOUT_WINDOW (about),
                             _("Model and GPU Sources"),
                             "https://github.com/fitmygpu/FitMyGPU/tree/main/data/catalog");

  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", fit_application_quit_action },
  { "about", fit_application_about_action },
};

static void
fit_application_startup (GApplication *app)
{
  FitApplication *self = (FitApplication *)app;
  g_autoptr(GError) error = NULL;
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Primary>q", NULL } },
    { "win.search-models", { "<Primary>f", NULL } },
    { "win.pick-device", { "<Primary>d", NULL } },
    { "win.open-file", { "<Primary>o", NULL } },
    { "win.export", { "<Primary>e", NULL } },
    { "win.copy-text", { "<Primary><Shift>c", NULL } },
    { "win.print", { "<Primary>p", NULL } },
    { "window.close", { "<Primary>w", NULL } },
    { "win.show-shortcuts", { "<Primary>question", NULL } },
  };

  /* Only the primary instance starts up: it parses while GTK starts. */
  start_loading_catalog (self);

  G_APPLICATION_CLASS (fit_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (APP_ID);

  self->settings = create_settings ();
  self->catalog = load_catalog (self, &error);
  if (self->catalog == NULL)
    {
      /* The bundled catalog is compiled in, so this only happens with a
       * broken build; carry on with an empty catalog so the window opens
       * and still accepts opened files. */
      g_warning ("Could not load the catalog: %s", error->message);
      self->catalog = fit_catalog_new ();
    }
}

static void
fit_application_class_init (FitApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = fit_application_dispose;

  app_class->activate = fit_application_activate;
  app_class->startup = fit_application_startup;

  /**
   * FitApplication::catalog-changed:
   *
   * Emitted after the catalog was reloaded (a custom entry was saved or
   * removed). Windows look their model and device up again, since the
   * previous pointers are gone.
   */
  signals [CATALOG_CHANGED] =
    g_signal_new ("catalog-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
fit_application_init (FitApplication *self)
{
}

FitApplication *
fit_application_new (void)
{
  GApplicationFlags flags = G_APPLICATION_DEFAULT_FLAGS;

  /* Screenshots and benchmarks start a second instance next to a running
   * app; they must not hand their work over to it. */
  if (g_getenv ("FITMYGPU_SCREENSHOT") != NULL || g_getenv ("FITMYGPU_BENCH_FIRST_FRAME") != NULL)
    flags |= G_APPLICATION_NON_UNIQUE;

  return g_object_new (FIT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * fit_application_get_catalog:
 * @self: a #FitApplication
 *
 * Returns: (transfer none): the catalog, loaded at startup
 */
FitCatalog *
fit_application_get_catalog (FitApplication *self)
{
  g_return_val_if_fail (FIT_IS_APPLICATION (self), NULL);

  return self->catalog;
}

/**
 * fit_application_get_settings:
 * @self: a #FitApplication
 *
 * Returns: (transfer none) (nullable): the settings, or %NULL when the
 *   schema is not installed
 */
GSettings *
fit_application_get_settings (FitApplication *self)
{
  g_return_val_if_fail (FIT_IS_APPLICATION (self), NULL);

  return self->settings;
}

/**
 * fit_application_reload_catalog:
 * @self: a #FitApplication
 * @error: a location for a #GError
 *
 * Loads the bundled and user catalogs again and emits
 * #FitApplication::catalog-changed. On failure the current catalog stays.
 */
gboolean
fit_application_reload_catalog (FitApplication  *self,
                                GError         **error)
{
  FitCatalog *catalog;

  g_return_val_if_fail (FIT_IS_APPLICATION (self), FALSE);

  if (!(catalog = load_catalog (self, error)))
    return FALSE;

  /* Windows still point into the old catalog until they handle the signal. */
  {
    FitCatalog *old = g_steal_pointer (&self->catalog);

    self->catalog = catalog;
    g_signal_emit (self, signals [CATALOG_CHANGED], 0);
    g_clear_pointer (&old, fit_catalog_unref);
  }

  return TRUE;
}
