/* fit-launch-view.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-launch-view"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-launch.h"
#include "fit-launch-view.h"

struct _FitLaunchView
{
  AdwBin    parent_instance;

  /* Template widgets */
  GtkLabel *caption_label;
  GtkLabel *text_label;

  char     *text;
};

G_DEFINE_FINAL_TYPE (FitLaunchView, fit_launch_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_CAPTION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  fit_launch_view_copy (FIT_LAUNCH_VIEW (widget));
}

static void
fit_launch_view_dispose (GObject *object)
{
  FitLaunchView *self = (FitLaunchView *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_LAUNCH_VIEW);

  G_OBJECT_CLASS (fit_launch_view_parent_class)->dispose (object);
}

static void
fit_launch_view_finalize (GObject *object)
{
  FitLaunchView *self = (FitLaunchView *)object;

  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (fit_launch_view_parent_class)->finalize (object);
}

static void
fit_launch_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FitLaunchView *self = FIT_LAUNCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_CAPTION:
      g_value_set_string (value, fit_launch_view_get_caption (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_launch_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FitLaunchView *self = FIT_LAUNCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      fit_launch_view_set_text (self, g_value_get_string (value));
      break;

    case PROP_CAPTION:
      fit_launch_view_set_caption (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_launch_view_class_init (FitLaunchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fit_launch_view_dispose;
  object_class->finalize = fit_launch_view_finalize;
  object_class->get_property = fit_launch_view_get_property;
  object_class->set_property = fit_launch_view_set_property;

  /**
   * FitLaunchView:text:
   *
   * The command or snippet shown and copied.
   */
  properties [PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, flags);

  /**
   * FitLaunchView:caption:
   *
   * One line under the heading that says what the text is.
   */
  properties [PROP_CAPTION] = g_param_spec_string ("caption", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-launch-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FitLaunchView, caption_label);
  gtk_widget_class_bind_template_child (widget_class, FitLaunchView, text_label);

  gtk_widget_class_install_action (widget_class, "launch.copy", NULL, copy_action);

  gtk_widget_class_set_css_name (widget_class, "launchview");
}

static void
fit_launch_view_init (FitLaunchView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "launch.copy", FALSE);
}

GtkWidget *
fit_launch_view_new (void)
{
  return g_object_new (FIT_TYPE_LAUNCH_VIEW, NULL);
}

static const char *
caption_for (FitRuntime runtime)
{
  switch (runtime)
    {
    case FIT_RUNTIME_LLAMACPP:
      return _("llama-server with these settings");
    case FIT_RUNTIME_OLLAMA:
      return _("The Ollama server and a Modelfile with these settings");
    case FIT_RUNTIME_VLLM:
      return _("vllm serve with these settings");
    case FIT_RUNTIME_TRANSFORMERS:
      return _("A Python snippet that loads the model with these settings");
    case FIT_N_RUNTIMES:
    default:
      return NULL;
    }
}

/**
 * fit_launch_view_set_estimate:
 * @self: a #FitLaunchView
 * @model: (nullable): the model
 * @estimate: (nullable): its estimate, whose resolved settings are used
 *
 * Shows the command that runs @model as estimated, from fit_launch_command().
 */
void
fit_launch_view_set_estimate (FitLaunchView     *self,
                              const FitModel    *model,
                              const FitEstimate *estimate)
{
  g_autofree char *text = NULL;

  g_return_if_fail (FIT_IS_LAUNCH_VIEW (self));

  if (model != NULL && estimate != NULL)
    {
      text = fit_launch_command (model, estimate);
      fit_launch_view_set_caption (self, caption_for (estimate->settings.runtime));
    }

  fit_launch_view_set_text (self, text);
}

const char *
fit_launch_view_get_text (FitLaunchView *self)
{
  g_return_val_if_fail (FIT_IS_LAUNCH_VIEW (self), NULL);

  return self->text;
}

void
fit_launch_view_set_text (FitLaunchView *self,
                          const char    *text)
{
  g_autofree char *shown = NULL;

  g_return_if_fail (FIT_IS_LAUNCH_VIEW (self));

  if (g_strcmp0 (text, self->text) == 0)
    return;

  g_free (self->text);
  self->text = g_strdup (text);

  /* The trailing newline belongs in the clipboard, not on screen. */
  shown = g_strdup (text != NULL ? text : "");
  g_strchomp (shown);
  gtk_label_set_label (self->text_label, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "launch.copy", text != NULL && *text != '\0');

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TEXT]);
}

const char *
fit_launch_view_get_caption (FitLaunchView *self)
{
  g_return_val_if_fail (FIT_IS_LAUNCH_VIEW (self), NULL);

  return gtk_label_get_label (self->caption_label);
}

void
fit_launch_view_set_caption (FitLaunchView *self,
                             const char    *caption)
{
  g_return_if_fail (FIT_IS_LAUNCH_VIEW (self));

  if (g_strcmp0 (caption, gtk_label_get_label (self->caption_label)) == 0)
    return;

  gtk_label_set_label (self->caption_label, caption);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAPTION]);
}

/**
 * fit_launch_view_copy:
 * @self: a #FitLaunchView
 *
 * Puts the text on the clipboard and says so in the window.
 */
void
fit_launch_view_copy (FitLaunchView *self)
{
  g_return_if_fail (FIT_IS_LAUNCH_VIEW (self));

  if (self->text == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->text);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", _("Command copied"));
}
