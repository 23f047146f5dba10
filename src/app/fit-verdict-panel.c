/* fit-verdict-panel.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-verdict-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-fixes.h"
#include "fit-units.h"
#include "fit-verdict-panel.h"

struct _FitVerdictPanel
{
  AdwBin      parent_instance;

  /* Template widgets */
  GtkWidget  *box;
  GtkImage   *icon;
  GtkLabel   *title;
  GtkInscription *subtitle;
  GtkWidget  *facts;
  GtkInscription *max_context;
  GtkInscription *max_concurrency;
  GtkInscription *decode;
  GtkInscription *prefill;
  GtkWidget  *fixes_box;
  GtkFlowBox *fixes;

  GPtrArray  *fixes_shown;  /* Fix *, as the buttons show them */
  guint64     system_ram;   /* this computer's, 0 if unknown */
};

G_DEFINE_FINAL_TYPE (FitVerdictPanel, fit_verdict_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char *state_classes[] = { "fits", "tight", "does-not-fit", "invalid" };

static void
set_state (FitVerdictPanel *self,
           const char      *state,
           const char      *icon_name,
           const char      *title)
{
  /* A slider move rarely changes the verdict: a class change restyles the
   * whole panel, so only a new verdict touches the classes and the icon. */
  if (!gtk_widget_has_css_class (self->box, state))
    {
      for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
        gtk_widget_remove_css_class (self->box, state_classes[i]);
      gtk_widget_add_css_class (self->box, state);
    }

  if (g_strcmp0 (gtk_image_get_icon_name (self->icon), icon_name) != 0)
    gtk_image_set_from_icon_name (self->icon, icon_name);

  if (g_strcmp0 (title, gtk_label_get_label (self->title)) != 0)
    {
      gtk_label_set_label (self->title, title);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
    }
}

/* Setting a tooltip, even to the same text, makes GTK look for the widget
 * under the pointer again: a round trip to the display server. */
static void
set_subtitle_tooltip (FitVerdictPanel *self,
                      const char      *text)
{
  GtkWidget *subtitle = GTK_WIDGET (self->subtitle);

  if (g_strcmp0 (gtk_widget_get_tooltip_text (subtitle), text) != 0)
    gtk_widget_set_tooltip_text (subtitle, text);
}

/* A fix is a button naming a window action, so it works from the keyboard
 * and the action decides what "apply" means. */
typedef struct
{
  char       *label;
  char       *tooltip;
  const char *action;
  GVariant   *target;
} Fix;

static void
fix_free (Fix *fix)
{
  g_free (fix->label);
  g_free (fix->tooltip);
  g_variant_unref (fix->target);
  g_free (fix);
}

static gboolean
fix_equal (const Fix *a,
           const Fix *b)
{
  return g_str_equal (a->label, b->label) &&
         g_str_equal (a->tooltip, b->tooltip) &&
         g_str_equal (a->action, b->action) &&
         g_variant_equal (a->target, b->target);
}

static void
add_fix (GPtrArray  *fixes,
         char       *label,
         char       *tooltip,
         const char *action,
         GVariant   *target)
{
  Fix *fix = g_new0 (Fix, 1);

  fix->label = label;
  fix->tooltip = tooltip;
  fix->action = action;
  fix->target = g_variant_ref_sink (target);
  g_ptr_array_add (fixes, fix);
}

/* Takes @fixes. While a slider moves, the fixes mostly stay the same: the
 * buttons are only rebuilt when they change, which keeps the frame cheap
 * and keyboard focus where it was. */
static void
show_fixes (FitVerdictPanel *self,
            GPtrArray       *fixes)
{
  g_autoptr(GPtrArray) owned = fixes;
  GtkWidget *child;

  if (self->fixes_shown->len == fixes->len)
    {
      guint i;

      for (i = 0; i < fixes->len; i++)
        {
          if (!fix_equal (g_ptr_array_index (fixes, i), g_ptr_array_index (self->fixes_shown, i)))
            break;
        }
      if (i == fixes->len)
        return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fixes))) != NULL)
    gtk_flow_box_remove (self->fixes, child);

  for (guint i = 0; i < fixes->len; i++)
    {
      Fix *fix = g_ptr_array_index (fixes, i);
      GtkWidget *button = gtk_button_new_with_label (fix->label);

      gtk_widget_set_tooltip_text (button, fix->tooltip);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), fix->action);
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), fix->target);
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "fix");

      gtk_flow_box_append (self->fixes, button);
      gtk_widget_set_focusable (gtk_widget_get_parent (button), FALSE);
    }

  g_clear_pointer (&self->fixes_shown, g_ptr_array_unref);
  self->fixes_shown = g_steal_pointer (&owned);
  gtk_widget_set_visible (self->fixes_box, fixes->len > 0);
}

static void
clear_fixes (FitVerdictPanel *self)
{
  show_fixes (self, g_ptr_array_new_with_free_func ((GDestroyNotify)fix_free));
}

/* The fixes come from the core, the same list `fitmygpu-cli estimate`
 * prints; here each becomes a label, a tooltip and a window action. */
/* Leaving layers in system RAM only helps where there is RAM for them, so
 * the tooltip says how much and warns when this computer has less. */
static char *
layers_tooltip (guint64 host_bytes,
                guint64 system_ram)
{
  g_autofree char *need = fit_format_bytes (host_bytes);

  if (system_ram != 0 && host_bytes > system_ram)
    {
      g_autofree char *have = fit_format_bytes (system_ram);

      /* Translators: "The other layers need 28.1 GiB of system memory, more than the 15.5 GiB …". */
      return g_strdup_printf (_("The other layers need %s of system memory, more than the %s "
                                "this computer has; they run on the CPU, so decoding gets much slower"),
                              need, have);
    }

  /* Translators: %s is an amount of memory such as "28.1 GiB". */
  return g_strdup_printf (_("The other layers take %s of system memory and run on the CPU; "
                            "decoding gets much slower"),
                          need);
}

static void
add_fixes (GPtrArray         *fixes,
           const FitModel    *model,
           const FitDevice   *device,
           const FitEstimate *estimate,
           guint64            system_ram)
{
  FitFix found[FIT_N_FIX_KINDS];
  guint n = fit_fixes_find (model, device, estimate, found);

  for (guint i = 0; i < n; i++)
    {
      const FitFix *fix = &found[i];
      guint32 value = (guint32) MIN (fix->value, G_MAXUINT32);
      char *label = NULL;

      switch (fix->kind)
        {
        case FIT_FIX_WEIGHT_FORMAT:
          /* Translators: a button; %s is a weight format such as "Q4_K_M". */
          label = g_strdup_printf (_("Use %s"), fit_weight_format_label (fix->format));
          add_fix (fixes, label,
                   g_strdup (_("The most precise weight format that fits with the other settings as they are")),
                   "win.set-weight-format", g_variant_new_string (fit_weight_format_id (fix->format)));
          break;

        case FIT_FIX_CONTEXT:
          {
            g_autofree char *tokens = fit_format_count (fix->value);

            /* Translators: a button; %s is a number of tokens. */
            label = g_strdup_printf (_("Shorten Context to %s"), tokens);
            add_fix (fixes, label,
                     g_strdup (_("The longest context per sequence that fits with the other settings as they are")),
                     "win.set-context", g_variant_new_uint64 (fix->value));
          }
          break;

        case FIT_FIX_CONCURRENCY:
          label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Serve %u Sequence at Once",
                                                "Serve %u Sequences at Once",
                                                value),
                                   value);
          add_fix (fixes, label, g_strdup (_("The most sequences that fit at this context")),
                   "win.set-concurrency", g_variant_new_uint32 (value));
          break;

        case FIT_FIX_GPU_LAYERS:
          /* -ngl counts the output layer too; the label counts blocks. */
          /* Translators: a button; "Keep 52 of 80 Layers on the GPU". */
          label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Keep %u of %u Layer on the GPU",
                                                "Keep %u of %u Layers on the GPU",
                                                model->n_layers),
                                   MIN (value, model->n_layers), model->n_layers);
          add_fix (fixes, label, layers_tooltip (fix->host_bytes, system_ram),
                   "win.set-gpu-layers", g_variant_new_int32 ((gint32) value));
          break;

        case FIT_FIX_GPU_COUNT:
          label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Use %u GPU", "Use %u GPUs", value), value);
          add_fix (fixes, label,
                   g_strdup (_("The fewest GPUs of this kind that hold the model with these settings")),
                   "win.set-gpu-count", g_variant_new_uint32 (value));
          break;

        case FIT_N_FIX_KINDS:
        default:
          g_assert_not_reached ();
        }
    }
}

/* "326–521 tokens/s", "23k–46k tokens/s": two significant figures are all
 * a speed estimate is worth, and short values fit four to a line. */
static char *
format_rate (double value)
{
  if (value >= 10000)
    return g_strdup_printf ("%.0fk", value / 1000);
  if (value >= 1000)
    return g_strdup_printf ("%.1fk", value / 1000);
  if (value >= 10)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%.1f", value);
}

static char *
format_speed (double low,
              double high)
{
  g_autofree char *low_text = NULL;
  g_autofree char *high_text = NULL;

  if (low <= 0 && high <= 0)
    /* Translators: a speed the estimate cannot give (no bandwidth or TFLOPS known). */
    return g_strdup (_("Unknown"));

  low_text = format_rate (low);
  high_text = format_rate (high);

  /* Translators: a range of speeds, "326–521 tokens/s". */
  return g_strdup_printf (_("%s–%s tokens/s"), low_text, high_text);
}

static void
fit_verdict_panel_dispose (GObject *object)
{
  FitVerdictPanel *self = (FitVerdictPanel *)object;

  /* The bin's child is a bound template child: AdwBin lets go of it first,
   * or disposing the template would unparent it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_VERDICT_PANEL);

  G_OBJECT_CLASS (fit_verdict_panel_parent_class)->dispose (object);
}

static void
fit_verdict_panel_finalize (GObject *object)
{
  FitVerdictPanel *self = (FitVerdictPanel *)object;

  g_clear_pointer (&self->fixes_shown, g_ptr_array_unref);

  G_OBJECT_CLASS (fit_verdict_panel_parent_class)->finalize (object);
}

static void
fit_verdict_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FitVerdictPanel *self = FIT_VERDICT_PANEL (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, gtk_label_get_label (self->title));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_verdict_panel_class_init (FitVerdictPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fit_verdict_panel_dispose;
  object_class->finalize = fit_verdict_panel_finalize;
  object_class->get_property = fit_verdict_panel_get_property;

  /**
   * FitVerdictPanel:title:
   *
   * The verdict in words: "Fits", "Tight", "Does not fit".
   */
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-verdict-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, box);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, icon);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, title);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, subtitle);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, facts);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, max_context);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, max_concurrency);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, decode);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, prefill);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, fixes_box);
  gtk_widget_class_bind_template_child (widget_class, FitVerdictPanel, fixes);

  gtk_widget_class_set_css_name (widget_class, "verdictpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
fit_verdict_panel_init (FitVerdictPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->fixes_shown = g_ptr_array_new_with_free_func ((GDestroyNotify)fix_free);

  /* The flow box children only hold labels; Tab should not stop on them. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->facts);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  fit_verdict_panel_set_estimate (self, NULL, NULL, NULL);
}

GtkWidget *
fit_verdict_panel_new (void)
{
  return g_object_new (FIT_TYPE_VERDICT_PANEL, NULL);
}

/**
 * fit_verdict_panel_set_estimate:
 * @self: a #FitVerdictPanel
 * @model: (nullable): the model
 * @device: (nullable): the device
 * @estimate: (nullable): the estimate of @model on @device
 *
 * Shows the verdict in words, colour and icon, the headroom or deficit, the
 * limits and speeds, and, when it does not fit, the fixes the solvers find.
 */
void
fit_verdict_panel_set_estimate (FitVerdictPanel   *self,
                                const FitModel    *model,
                                const FitDevice   *device,
                                const FitEstimate *estimate)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *used = NULL;
  g_autofree char *budget = NULL;
  g_autofree char *margin = NULL;
  g_autofree char *context = NULL;
  g_autofree char *decode = NULL;
  g_autofree char *prefill = NULL;
  GPtrArray *fixes;
  guint64 magnitude;
  double percent;

  g_return_if_fail (FIT_IS_VERDICT_PANEL (self));

  if (model == NULL || device == NULL || estimate == NULL)
    {
      clear_fixes (self);
      /* Translators: shown until a model and a GPU are chosen. */
      set_state (self, "invalid", "dialog-information-symbolic", _("Choose a Model and a GPU"));
      gtk_inscription_set_text (self->subtitle, _("The estimate appears here."));
      gtk_widget_set_visible (self->facts, FALSE);
      return;
    }

  used = fit_format_bytes (estimate->total_bytes);
  budget = fit_format_bytes (estimate->budget_bytes);
  magnitude = estimate->headroom_bytes < 0 ? (guint64)-(estimate->headroom_bytes + 1) + 1
                                           : (guint64)estimate->headroom_bytes;
  margin = fit_format_bytes (magnitude);
  fixes = g_ptr_array_new_with_free_func ((GDestroyNotify)fix_free);
  percent = estimate->budget_bytes != 0 ? 100.0 * (double)magnitude / (double)estimate->budget_bytes : 0;

  switch (estimate->verdict)
    {
    case FIT_VERDICT_FITS:
      set_state (self, "fits", "emblem-ok-symbolic", fit_verdict_label (estimate->verdict));
      /* Translators: "Uses 5.2 GiB of a 10.8 GiB budget, 5.6 GiB (52%) to spare". */
      subtitle = g_strdup_printf (_("Uses %s of a %s budget, %s (%.0f%%) to spare"),
                                  used, budget, margin, percent);
      break;

    case FIT_VERDICT_TIGHT:
      set_state (self, "tight", "dialog-warning-symbolic", fit_verdict_label (estimate->verdict));
      /* Translators: "Uses 10.1 GiB of a 10.8 GiB budget, only 0.7 GiB (6%) to spare". */
      subtitle = g_strdup_printf (_("Uses %s of a %s budget, only %s (%.0f%%) to spare: "
                                    "a longer prompt or another program may tip it over"),
                                  used, budget, margin, percent);
      break;

    case FIT_VERDICT_DOES_NOT_FIT:
    default:
      set_state (self, "does-not-fit", "dialog-error-symbolic", fit_verdict_label (estimate->verdict));
      /* Translators: "Needs 14.1 GiB, 3.3 GiB (31%) more than the 10.8 GiB budget". */
      subtitle = g_strdup_printf (_("Needs %s, %s (%.0f%%) more than the %s budget"),
                                  used, margin, percent, budget);
      add_fixes (fixes, model, device, estimate, self->system_ram);
      break;
    }

  show_fixes (self, g_steal_pointer (&fixes));

  /* Fitting the GPU is not enough when the layers left behind overflow
   * this computer's RAM; the verdict is the GPU's, the warning is extra. */
  if (estimate->verdict != FIT_VERDICT_DOES_NOT_FIT && self->system_ram != 0 &&
      estimate->host_bytes > self->system_ram)
    {
      g_autofree char *host = fit_format_bytes (estimate->host_bytes);
      g_autofree char *ram = fit_format_bytes (self->system_ram);
      char *warned;

      /* Translators: the verdict line above, then "30.4 GiB", "15.3 GiB". */
      warned = g_strdup_printf (_("%s. But the %s left in system memory is more than the %s this computer has"),
                                subtitle, host, ram);
      g_free (subtitle);
      subtitle = warned;
      gtk_inscription_set_text (self->subtitle, subtitle);
      set_subtitle_tooltip (self, subtitle);
    }
  else
    {
      gtk_inscription_set_text (self->subtitle, subtitle);
      set_subtitle_tooltip (self, NULL);
    }
  gtk_widget_set_visible (self->facts, TRUE);

  if (estimate->max_context == 0)
    gtk_inscription_set_text (self->max_context, _("None fits"));
  else
    {
      g_autofree char *count = fit_format_count (estimate->max_context);

      /* Translators: a number of tokens. */
      context = g_strdup_printf (_("%s tokens"), count);
      gtk_inscription_set_text (self->max_context, context);
    }

  if (estimate->max_concurrency == 0)
    gtk_inscription_set_text (self->max_concurrency, _("None fits"));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u sequence",
                                                            "%u sequences",
                                                            estimate->max_concurrency),
                                               estimate->max_concurrency);
      gtk_inscription_set_text (self->max_concurrency, text);
    }

  decode = format_speed (estimate->decode_low, estimate->decode_high);
  prefill = format_speed (estimate->prefill_low, estimate->prefill_high);
  gtk_inscription_set_text (self->decode, decode);
  gtk_inscription_set_text (self->prefill, prefill);
}

/**
 * fit_verdict_panel_set_system_ram:
 * @self: a #FitVerdictPanel
 * @bytes: the RAM of this computer, 0 if unknown
 *
 * Lets the fix that keeps layers in system memory say when they would not
 * fit there. Applies from the next fit_verdict_panel_set_estimate().
 */
void
fit_verdict_panel_set_system_ram (FitVerdictPanel *self,
                                  guint64          bytes)
{
  g_return_if_fail (FIT_IS_VERDICT_PANEL (self));

  self->system_ram = bytes;
}

/**
 * fit_verdict_panel_set_error:
 * @self: a #FitVerdictPanel
 * @message: why there is no estimate
 *
 * Shows that the chosen settings cannot be used, and why.
 */
void
fit_verdict_panel_set_error (FitVerdictPanel *self,
                             const char      *message)
{
  g_return_if_fail (FIT_IS_VERDICT_PANEL (self));

  clear_fixes (self);
  set_state (self, "invalid", "dialog-error-symbolic", _("These Settings Cannot Be Used"));
  gtk_inscription_set_text (self->subtitle, message);
  /* The line may be cut at two lines; the tooltip has all of it. */
  set_subtitle_tooltip (self, message);
  gtk_widget_set_visible (self->facts, FALSE);
}

const char *
fit_verdict_panel_get_title (FitVerdictPanel *self)
{
  g_return_val_if_fail (FIT_IS_VERDICT_PANEL (self), NULL);

  return gtk_label_get_label (self->title);
}

guint
fit_verdict_panel_get_n_fixes (FitVerdictPanel *self)
{
  g_return_val_if_fail (FIT_IS_VERDICT_PANEL (self), 0);

  return self->fixes_shown->len;
}
