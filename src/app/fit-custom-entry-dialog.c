/* fit-custom-entry-dialog.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-custom-entry-dialog"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fit-custom-entry-dialog.h"
#include "fit-units.h"

/* The vendor and class rows list these, in this order. */
static const FitVendor vendors[] = {
  FIT_VENDOR_NVIDIA, FIT_VENDOR_AMD, FIT_VENDOR_INTEL, FIT_VENDOR_APPLE, FIT_VENDOR_OTHER,
};
static const FitDeviceClass classes[] = {
  FIT_DEVICE_CLASS_CONSUMER, FIT_DEVICE_CLASS_WORKSTATION, FIT_DEVICE_CLASS_DATACENTER,
  FIT_DEVICE_CLASS_APPLE, FIT_DEVICE_CLASS_INTEGRATED,
};

struct _FitCustomEntryDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  AdwWindowTitle     *window_title;
  GtkWidget          *remove_button;
  AdwEntryRow        *id_row;
  AdwEntryRow        *name_row;
  GtkWidget          *family_row;
  GtkWidget          *company_row;
  GtkWidget          *vendor_row;
  GtkWidget          *class_row;
  GtkWidget          *geometry_group;
  GtkWidget          *gpu_group;
  GtkSpinButton      *layers_spin;
  GtkSpinButton      *hidden_spin;
  GtkSpinButton      *heads_spin;
  GtkSpinButton      *kv_heads_spin;
  GtkSpinButton      *head_dim_spin;
  GtkSpinButton      *ffn_spin;
  GtkSpinButton      *vocab_spin;
  GtkSpinButton      *context_spin;
  GtkSwitch          *tied_switch;
  GtkSwitch          *gated_switch;
  GtkSpinButton      *memory_spin;
  GtkSpinButton      *bandwidth_spin;
  GtkSpinButton      *tflops_spin;

  FitCatalog         *catalog;
  FitCustomEntryKind  kind;
  char               *editing_id;   /* the user entry being edited, or NULL */
  FitModel           *source;       /* what the form started from: it keeps what the form does not show */
  char               *geometry_description;
};

G_DEFINE_FINAL_TYPE (FitCustomEntryDialog, fit_custom_entry_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_KIND,
  PROP_ENTRY_ID,
  N_PROPS
};

enum {
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static char *
dup_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  g_strstrip (text);
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static guint32
spin_u32 (GtkSpinButton *spin)
{
  return (guint32)MAX (0, gtk_spin_button_get_value_as_int (spin));
}

static void
show_error (FitCustomEntryDialog *self,
            const char           *heading,
            const char           *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_kind (FitCustomEntryDialog *self)
{
  gboolean model = self->kind == FIT_CUSTOM_ENTRY_MODEL;

  gtk_widget_set_visible (self->family_row, model);
  gtk_widget_set_visible (self->company_row, model);
  gtk_widget_set_visible (self->geometry_group, model);
  gtk_widget_set_visible (self->vendor_row, !model);
  gtk_widget_set_visible (self->class_row, !model);
  gtk_widget_set_visible (self->gpu_group, !model);
  gtk_widget_set_visible (self->remove_button, self->editing_id != NULL);

  if (self->editing_id != NULL)
    adw_window_title_set_title (self->window_title, model ? _("Edit Custom Model") : _("Edit Custom GPU"));
  else
    adw_window_title_set_title (self->window_title, model ? _("Add Custom Model") : _("Add Custom GPU"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "entry.remove", self->editing_id != NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FitCustomEntryDialog *self = FIT_CUSTOM_ENTRY_DIALOG (widget);
  g_autoptr(GError) error = NULL;

  if (!fit_custom_entry_dialog_save (self, &error))
    {
      show_error (self,
                  self->kind == FIT_CUSTOM_ENTRY_MODEL ? _("Could Not Save the Model") : _("Could Not Save the GPU"),
                  error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
remove_response_cb (FitCustomEntryDialog *self,
                    const char           *response,
                    AdwMessageDialog     *dialog)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;

  if (!fit_custom_entry_dialog_remove (self, &error))
    {
      show_error (self, _("Could Not Remove the Entry"), error->message);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FitCustomEntryDialog *self = FIT_CUSTOM_ENTRY_DIALOG (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  /* Translators: %s is the id of a model or GPU the user added. */
  heading = g_strdup_printf (_("Remove “%s”?"), self->editing_id);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   _("It is deleted from your catalog. A bundled entry with the same id comes back."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
fit_custom_entry_dialog_dispose (GObject *object)
{
  FitCustomEntryDialog *self = (FitCustomEntryDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_CUSTOM_ENTRY_DIALOG);

  G_OBJECT_CLASS (fit_custom_entry_dialog_parent_class)->dispose (object);
}

static void
fit_custom_entry_dialog_finalize (GObject *object)
{
  FitCustomEntryDialog *self = (FitCustomEntryDialog *)object;

  g_clear_pointer (&self->catalog, fit_catalog_unref);
  g_clear_pointer (&self->editing_id, g_free);
  g_clear_pointer (&self->source, fit_model_free);
  g_clear_pointer (&self->geometry_description, g_free);

  G_OBJECT_CLASS (fit_custom_entry_dialog_parent_class)->finalize (object);
}

static void
fit_custom_entry_dialog_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FitCustomEntryDialog *self = FIT_CUSTOM_ENTRY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_uint (value, self->kind);
      break;

    case PROP_ENTRY_ID:
      g_value_set_string (value, fit_custom_entry_dialog_get_entry_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_custom_entry_dialog_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FitCustomEntryDialog *self = FIT_CUSTOM_ENTRY_DIALOG (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_uint (value) == FIT_CUSTOM_ENTRY_GPU ? FIT_CUSTOM_ENTRY_GPU : FIT_CUSTOM_ENTRY_MODEL;
      update_kind (self);
      break;

    case PROP_ENTRY_ID:
      fit_custom_entry_dialog_set_entry_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_custom_entry_dialog_class_init (FitCustomEntryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fit_custom_entry_dialog_dispose;
  object_class->finalize = fit_custom_entry_dialog_finalize;
  object_class->get_property = fit_custom_entry_dialog_get_property;
  object_class->set_property = fit_custom_entry_dialog_set_property;

  /**
   * FitCustomEntryDialog:kind:
   *
   * A #FitCustomEntryKind: a model or a GPU.
   */
  properties [PROP_KIND] =
    g_param_spec_uint ("kind", NULL, NULL,
                       FIT_CUSTOM_ENTRY_MODEL, FIT_CUSTOM_ENTRY_GPU, FIT_CUSTOM_ENTRY_MODEL,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FitCustomEntryDialog:entry-id:
   *
   * The id the entry is saved under.
   */
  properties [PROP_ENTRY_ID] =
    g_param_spec_string ("entry-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FitCustomEntryDialog::saved:
   * @self: the dialog
   * @id: (nullable): the id of the saved entry, or %NULL after a removal
   *
   * Emitted once the catalog's user file was written.
   */
  signals [SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-custom-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, remove_button);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, id_row);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, family_row);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, vendor_row);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, class_row);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, geometry_group);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, gpu_group);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, layers_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, hidden_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, heads_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, kv_heads_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, head_dim_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, ffn_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, vocab_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, context_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, tied_switch);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, gated_switch);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, memory_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, bandwidth_spin);
  gtk_widget_class_bind_template_child (widget_class, FitCustomEntryDialog, tflops_spin);

  gtk_widget_class_install_action (widget_class, "entry.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "entry.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "entry.save", NULL);
}

static void
fit_custom_entry_dialog_init (FitCustomEntryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->geometry_description =
    g_strdup (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (self->geometry_group)));

  /* A small dense model as a starting point: every field is valid. */
  gtk_spin_button_set_value (self->layers_spin, 24);
  gtk_spin_button_set_value (self->hidden_spin, 2048);
  gtk_spin_button_set_value (self->heads_spin, 16);
  gtk_spin_button_set_value (self->kv_heads_spin, 8);
  gtk_spin_button_set_value (self->head_dim_spin, 128);
  gtk_spin_button_set_value (self->ffn_spin, 8192);
  gtk_spin_button_set_value (self->vocab_spin, 32000);
  gtk_spin_button_set_value (self->context_spin, 32768);
  gtk_switch_set_active (self->gated_switch, TRUE);
  gtk_spin_button_set_value (self->memory_spin, 16);
  gtk_spin_button_set_value (self->bandwidth_spin, 500);

  update_kind (self);
}

/**
 * fit_custom_entry_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @catalog: where the entry is saved
 * @kind: a model or a GPU
 *
 * Returns: (transfer none): a new dialog, not yet shown
 */
FitCustomEntryDialog *
fit_custom_entry_dialog_new (GtkWindow          *parent,
                             FitCatalog         *catalog,
                             FitCustomEntryKind  kind)
{
  FitCustomEntryDialog *self;

  g_return_val_if_fail (catalog != NULL, NULL);

  self = g_object_new (FIT_TYPE_CUSTOM_ENTRY_DIALOG,
                       "transient-for", parent,
                       "kind", kind,
                       NULL);
  self->catalog = fit_catalog_ref (catalog);

  return self;
}

FitCustomEntryKind
fit_custom_entry_dialog_get_kind (FitCustomEntryDialog *self)
{
  g_return_val_if_fail (FIT_IS_CUSTOM_ENTRY_DIALOG (self), FIT_CUSTOM_ENTRY_MODEL);

  return self->kind;
}

static void
set_entry_text (AdwEntryRow *row,
                const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text != NULL ? text : "");
}

/* Whether @model has parts the form does not show. */
static gboolean
has_hidden_geometry (const FitModel *model)
{
  return model->klass != FIT_MODEL_DENSE ||
         g_strcmp0 (model->layer_pattern, "F") != 0 ||
         model->kv_lora_rank > 0 ||
         model->n_experts > 0;
}

/**
 * fit_custom_entry_dialog_set_model:
 * @self: a #FitCustomEntryDialog
 * @model: the model whose figures fill the form
 * @edit: %TRUE to edit @model itself (a user entry), %FALSE to start a new
 *   entry from its geometry
 */
void
fit_custom_entry_dialog_set_model (FitCustomEntryDialog *self,
                                   const FitModel       *model,
                                   gboolean              edit)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (FIT_IS_CUSTOM_ENTRY_DIALOG (self));
  g_return_if_fail (model != NULL);

  g_clear_pointer (&self->editing_id, g_free);
  if (edit && model->user_entry)
    {
      self->editing_id = g_strdup (model->id);
      id = g_strdup (model->id);
      name = g_strdup (model->name);
    }
  else if (model->id != NULL && !g_str_has_prefix (model->id, "file:"))
    {
      id = g_strdup_printf ("%s-custom", model->id);
      /* Translators: the default name of a model copied from another; %s is its name. */
      name = g_strdup_printf (_("%s (custom)"), model->name);
    }

  /* The form shows the figures of a dense transformer. Experts, layer
   * kinds, MLA, state layers, biases and norms stay as the model has them:
   * editing a mixture of experts must not turn it into a dense model. */
  g_clear_pointer (&self->source, fit_model_free);
  self->source = fit_catalog_copy_model (model, NULL);
  if (self->source != NULL && !edit)
    fit_model_card_clear (&self->source->card);

  if (self->source != NULL && has_hidden_geometry (self->source))
    {
      g_autofree char *description = NULL;

      /* Translators: %s is the name of the model the form started from. */
      description = g_strdup_printf (_("The figures of the model’s config.json. The experts, layer kinds and "
                                       "attention details of %s, which this dialog does not show, are kept."),
                                     model->name != NULL ? model->name : model->id);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->geometry_group), description);
    }
  else
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->geometry_group),
                                             self->geometry_description);
    }

  set_entry_text (self->id_row, id);
  set_entry_text (self->name_row, name);
  set_entry_text (ADW_ENTRY_ROW (self->family_row), model->family);
  set_entry_text (ADW_ENTRY_ROW (self->company_row), model->company);
  gtk_spin_button_set_value (self->layers_spin, model->n_layers);
  gtk_spin_button_set_value (self->hidden_spin, model->hidden_size);
  gtk_spin_button_set_value (self->heads_spin, model->n_heads);
  gtk_spin_button_set_value (self->kv_heads_spin, model->n_kv_heads);
  gtk_spin_button_set_value (self->head_dim_spin, model->head_dim);
  gtk_spin_button_set_value (self->ffn_spin, model->intermediate_size);
  gtk_spin_button_set_value (self->vocab_spin, model->vocab_size);
  gtk_spin_button_set_value (self->context_spin, model->context_window);
  gtk_switch_set_active (self->tied_switch, model->tied_embeddings);
  gtk_switch_set_active (self->gated_switch, model->gated_ffn);

  update_kind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENTRY_ID]);
}

/**
 * fit_custom_entry_dialog_set_device:
 * @self: a #FitCustomEntryDialog
 * @device: the GPU whose figures fill the form
 * @edit: %TRUE to edit @device itself (a user entry)
 */
void
fit_custom_entry_dialog_set_device (FitCustomEntryDialog *self,
                                    const FitDevice      *device,
                                    gboolean              edit)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (FIT_IS_CUSTOM_ENTRY_DIALOG (self));
  g_return_if_fail (device != NULL);

  g_clear_pointer (&self->editing_id, g_free);
  if (edit && device->user_entry)
    {
      self->editing_id = g_strdup (device->id);
      id = g_strdup (device->id);
      name = g_strdup (device->name);
    }
  else
    {
      const char *base = device->catalog_id != NULL ? device->catalog_id : device->id;

      id = g_strdup_printf ("%s-custom", g_str_has_prefix (base, "detected:") ? "my-gpu" : base);
      name = g_strdup_printf (_("%s (custom)"), device->name);
    }

  set_entry_text (self->id_row, id);
  set_entry_text (self->name_row, name);

  for (guint i = 0; i < G_N_ELEMENTS (vendors); i++)
    {
      if (vendors[i] == device->vendor)
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->vendor_row), i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (classes[i] == device->klass)
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->class_row), i);
    }

  gtk_spin_button_set_value (self->memory_spin, (double)device->memory_bytes / FIT_GIB);
  gtk_spin_button_set_value (self->bandwidth_spin, device->bandwidth_gbps);
  gtk_spin_button_set_value (self->tflops_spin, device->tflops_fp16);

  update_kind (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENTRY_ID]);
}

static gboolean
save_model (FitCustomEntryDialog  *self,
            const char            *id,
            const char            *name,
            GError               **error)
{
  g_autoptr(FitModel) model = NULL;

  if (self->source != NULL)
    {
      if (!(model = fit_catalog_copy_model (self->source, error)))
        return FALSE;
    }
  else
    {
      model = fit_model_new ();
      model->klass = FIT_MODEL_DENSE;
      model->norms_per_layer = 2;
      model->layer_pattern = g_strdup ("F");
      model->official_format = FIT_WEIGHTS_BF16;
    }

  g_free (model->id);
  model->id = g_strdup (id);
  g_free (model->name);
  model->name = g_strdup (name);
  g_free (model->family);
  model->family = dup_text (ADW_ENTRY_ROW (self->family_row));
  g_free (model->company);
  model->company = dup_text (ADW_ENTRY_ROW (self->company_row));
  model->n_layers = spin_u32 (self->layers_spin);
  model->hidden_size = spin_u32 (self->hidden_spin);
  model->n_heads = spin_u32 (self->heads_spin);
  model->n_kv_heads = spin_u32 (self->kv_heads_spin);
  model->head_dim = spin_u32 (self->head_dim_spin);
  model->intermediate_size = spin_u32 (self->ffn_spin);
  model->vocab_size = spin_u32 (self->vocab_spin);
  model->context_window = (guint64)gtk_spin_button_get_value (self->context_spin);
  model->max_position_embeddings = model->context_window;
  model->tied_embeddings = gtk_switch_get_active (self->tied_switch);
  model->gated_ffn = gtk_switch_get_active (self->gated_switch);
  model->user_entry = TRUE;

  /* The geometry checks of the catalog, with their messages. */
  if (!fit_model_finalize (model, error))
    return FALSE;

  /* The stated figures were the source's: these are the new geometry's. */
  model->stated_params_total = (double)model->params_total;
  model->stated_params_active = model->params_active != model->params_total ? (double)model->params_active : 0;
  model->stated_params_non_embedding = 0;

  return fit_catalog_save_user_model (self->catalog, model, error);
}

static gboolean
save_device (FitCustomEntryDialog  *self,
             const char            *id,
             const char            *name,
             GError               **error)
{
  g_autoptr(FitDevice) device = fit_device_new ();
  guint vendor = adw_combo_row_get_selected (ADW_COMBO_ROW (self->vendor_row));
  guint klass = adw_combo_row_get_selected (ADW_COMBO_ROW (self->class_row));

  device->id = g_strdup (id);
  device->name = g_strdup (name);
  device->vendor = vendors[MIN (vendor, G_N_ELEMENTS (vendors) - 1)];
  device->klass = classes[MIN (klass, G_N_ELEMENTS (classes) - 1)];
  device->memory_bytes = (guint64)llround (gtk_spin_button_get_value (self->memory_spin) * FIT_GIB);
  device->bandwidth_gbps = gtk_spin_button_get_value (self->bandwidth_spin);
  device->tflops_fp16 = gtk_spin_button_get_value (self->tflops_spin);
  device->unified_memory = device->klass == FIT_DEVICE_CLASS_APPLE || device->klass == FIT_DEVICE_CLASS_INTEGRATED;
  device->unified_share = device->unified_memory ? 0.75 : 1.0;
  device->user_entry = TRUE;

  return fit_catalog_save_user_device (self->catalog, device, error);
}

/**
 * fit_custom_entry_dialog_save:
 * @self: a #FitCustomEntryDialog
 * @error: a location for a #GError
 *
 * Checks the form and stores the entry in the user catalog; emits
 * #FitCustomEntryDialog::saved. An entry saved under a new id while
 * editing replaces the one being edited.
 */
gboolean
fit_custom_entry_dialog_save (FitCustomEntryDialog  *self,
                              GError               **error)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  gboolean ok;

  g_return_val_if_fail (FIT_IS_CUSTOM_ENTRY_DIALOG (self), FALSE);

  id = dup_text (self->id_row);
  name = dup_text (self->name_row);

  if (id == NULL || name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           id == NULL ? _("The entry needs an id.") : _("The entry needs a name."));
      return FALSE;
    }

  if (self->kind == FIT_CUSTOM_ENTRY_MODEL)
    ok = save_model (self, id, name, error);
  else
    ok = save_device (self, id, name, error);

  if (!ok)
    return FALSE;

  /* Renamed while editing: the old id goes. */
  if (self->editing_id != NULL && g_strcmp0 (self->editing_id, id) != 0)
    {
      g_autoptr(GError) local_error = NULL;

      if (self->kind == FIT_CUSTOM_ENTRY_MODEL)
        fit_catalog_remove_user_model (self->catalog, self->editing_id, &local_error);
      else
        fit_catalog_remove_user_device (self->catalog, self->editing_id, &local_error);

      if (local_error != NULL)
        g_message ("Could not remove the old entry %s: %s", self->editing_id, local_error->message);
    }

  g_signal_emit (self, signals [SAVED], 0, id);
  return TRUE;
}

/**
 * fit_custom_entry_dialog_remove:
 * @self: a #FitCustomEntryDialog
 * @error: a location for a #GError
 *
 * Deletes the entry being edited from the user catalog.
 */
gboolean
fit_custom_entry_dialog_remove (FitCustomEntryDialog  *self,
                                GError               **error)
{
  gboolean ok;

  g_return_val_if_fail (FIT_IS_CUSTOM_ENTRY_DIALOG (self), FALSE);
  g_return_val_if_fail (self->editing_id != NULL, FALSE);

  if (self->kind == FIT_CUSTOM_ENTRY_MODEL)
    ok = fit_catalog_remove_user_model (self->catalog, self->editing_id, error);
  else
    ok = fit_catalog_remove_user_device (self->catalog, self->editing_id, error);

  if (ok)
    g_signal_emit (self, signals [SAVED], 0, NULL);

  return ok;
}

const char *
fit_custom_entry_dialog_get_entry_id (FitCustomEntryDialog *self)
{
  g_return_val_if_fail (FIT_IS_CUSTOM_ENTRY_DIALOG (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->id_row));
}

void
fit_custom_entry_dialog_set_entry_id (FitCustomEntryDialog *self,
                                      const char           *id)
{
  g_return_if_fail (FIT_IS_CUSTOM_ENTRY_DIALOG (self));

  if (g_strcmp0 (id != NULL ? id : "", gtk_editable_get_text (GTK_EDITABLE (self->id_row))) == 0)
    return;

  set_entry_text (self->id_row, id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENTRY_ID]);
}
