/* fit-model-selector.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-model-selector"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-model-selector.h"
#include "fit-search-button.h"
#include "fit-units.h"

struct _FitModelSelector
{
  AdwBin           parent_instance;

  FitSearchButton *button;

  FitCatalog      *catalog;
  GPtrArray       *extra;      /* const FitModel *, owned by the window */
  char            *model_id;
};

G_DEFINE_FINAL_TYPE (FitModelSelector, fit_model_selector, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MODEL_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const FitModel *
find_model (FitModelSelector *self,
            const char       *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->extra->len; i++)
    {
      const FitModel *model = g_ptr_array_index (self->extra, i);

      if (g_strcmp0 (model->id, id) == 0)
        return model;
    }

  return self->catalog != NULL ? fit_catalog_find_model (self->catalog, id) : NULL;
}

static int
compare_models (gconstpointer a,
                gconstpointer b)
{
  const FitModel *ma = *(const FitModel **)a;
  const FitModel *mb = *(const FitModel **)b;
  g_autofree char *fa = g_utf8_collate_key (ma->family ? ma->family : "", -1);
  g_autofree char *fb = g_utf8_collate_key (mb->family ? mb->family : "", -1);
  int cmp = strcmp (fa, fb);

  if (cmp != 0)
    return cmp;
  if (ma->params_total != mb->params_total)
    return ma->params_total < mb->params_total ? -1 : 1;
  return g_utf8_collate (ma->name ? ma->name : "", mb->name ? mb->name : "");
}

static char *
describe_model (const FitModel *model)
{
  g_autofree char *params = fit_format_params (model->params_total);
  g_autofree char *active = fit_format_params (model->params_active);
  g_autofree char *context = fit_format_tokens_short (model->context_window);
  g_autofree char *size = NULL;

  if (model->klass == FIT_MODEL_MOE && model->params_active != 0 && model->params_active < model->params_total)
    /* Translators: "30.5B (3.3B active)": total and active parameters of a mixture of experts. */
    size = g_strdup_printf (_("%s (%s active)"), params, active);
  else
    size = g_steal_pointer (&params);

  /* Translators: a model's details in a list: company, parameters, context window. */
  return g_strdup_printf (_("%s · %s parameters · %s context"),
                          model->company != NULL ? model->company : _("Unknown company"),
                          size, context);
}

static void
append_model (FitModelSelector *self,
              const FitModel   *model,
              const char       *group)
{
  g_autofree char *subtitle = describe_model (model);
  g_autofree char *keywords = g_strjoin (" ",
                                         model->family ? model->family : "",
                                         model->company ? model->company : "",
                                         model->architecture ? model->architecture : "",
                                         model->hf_repo ? model->hf_repo : "",
                                         NULL);

  fit_search_button_append (self->button, model->id, group,
                            model->name ? model->name : model->id,
                            subtitle, keywords);
}

static void
rebuild (FitModelSelector *self)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new ();
  guint n = self->catalog != NULL ? fit_catalog_get_n_models (self->catalog) : 0;

  fit_search_button_remove_all (self->button);

  for (guint i = 0; i < self->extra->len; i++)
    /* Translators: the heading of the models opened from files. */
    append_model (self, g_ptr_array_index (self->extra, i), _("Opened Files"));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (models, (gpointer)fit_catalog_get_model (self->catalog, i));
  g_ptr_array_sort (models, compare_models);

  for (guint i = 0; i < models->len; i++)
    {
      const FitModel *model = g_ptr_array_index (models, i);
      g_autofree char *group = NULL;

      if (model->company != NULL && model->family != NULL)
        /* Translators: a group heading, family and company: "Qwen2.5 · Alibaba". */
        group = g_strdup_printf (_("%s · %s"), model->family, model->company);
      else
        group = g_strdup (model->family != NULL ? model->family : _("Other Models"));

      append_model (self, model, group);
    }
}

static void
update_label (FitModelSelector *self)
{
  const FitModel *model = find_model (self, self->model_id);

  if (model != NULL)
    fit_search_button_set_label (self->button, model->name ? model->name : model->id);
  else
    /* Translators: the model button's label before a model is chosen. */
    fit_search_button_set_label (self->button, _("Choose a Model"));
}

static void
selected_id_cb (FitModelSelector *self,
                GParamSpec       *pspec,
                FitSearchButton  *button)
{
  fit_model_selector_set_model_id (self, fit_search_button_get_selected_id (button));
}

static void
fit_model_selector_dispose (GObject *object)
{
  FitModelSelector *self = (FitModelSelector *)object;

  /* The bin's child is a bound template child: AdwBin lets go of it first,
   * or disposing the template would unparent it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_MODEL_SELECTOR);

  G_OBJECT_CLASS (fit_model_selector_parent_class)->dispose (object);
}

static void
fit_model_selector_finalize (GObject *object)
{
  FitModelSelector *self = (FitModelSelector *)object;

  g_clear_pointer (&self->catalog, fit_catalog_unref);
  g_clear_pointer (&self->extra, g_ptr_array_unref);
  g_clear_pointer (&self->model_id, g_free);

  G_OBJECT_CLASS (fit_model_selector_parent_class)->finalize (object);
}

static void
fit_model_selector_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FitModelSelector *self = FIT_MODEL_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_MODEL_ID:
      g_value_set_string (value, self->model_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_model_selector_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FitModelSelector *self = FIT_MODEL_SELECTOR (object);

  switch (prop_id)
    {
    case PROP_MODEL_ID:
      fit_model_selector_set_model_id (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_model_selector_class_init (FitModelSelectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fit_model_selector_dispose;
  object_class->finalize = fit_model_selector_finalize;
  object_class->get_property = fit_model_selector_get_property;
  object_class->set_property = fit_model_selector_set_property;

  /**
   * FitModelSelector:model-id:
   *
   * The id of the chosen model, from the catalog or an opened file.
   */
  properties [PROP_MODEL_ID] =
    g_param_spec_string ("model-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIT_TYPE_SEARCH_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-model-selector.ui");
  gtk_widget_class_bind_template_child (widget_class, FitModelSelector, button);
  gtk_widget_class_bind_template_callback (widget_class, selected_id_cb);

  gtk_widget_class_set_css_name (widget_class, "modelselector");
}

static void
fit_model_selector_init (FitModelSelector *self)
{
  self->extra = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  update_label (self);
}

GtkWidget *
fit_model_selector_new (void)
{
  return g_object_new (FIT_TYPE_MODEL_SELECTOR, NULL);
}

/**
 * fit_model_selector_set_catalog:
 * @self: a #FitModelSelector
 * @catalog: (nullable): the catalog to list
 */
void
fit_model_selector_set_catalog (FitModelSelector *self,
                                FitCatalog       *catalog)
{
  g_return_if_fail (FIT_IS_MODEL_SELECTOR (self));

  if (catalog == self->catalog)
    return;

  g_clear_pointer (&self->catalog, fit_catalog_unref);
  if (catalog != NULL)
    self->catalog = fit_catalog_ref (catalog);

  rebuild (self);
  update_label (self);
}

/**
 * fit_model_selector_set_extra_models:
 * @self: a #FitModelSelector
 * @models: (array length=n_models): models opened from files, owned by
 *   the caller, which calls this again before freeing any of them
 * @n_models: the number of @models
 */
void
fit_model_selector_set_extra_models (FitModelSelector      *self,
                                     const FitModel *const *models,
                                     guint                  n_models)
{
  g_return_if_fail (FIT_IS_MODEL_SELECTOR (self));
  g_return_if_fail (models != NULL || n_models == 0);

  g_ptr_array_set_size (self->extra, 0);
  for (guint i = 0; i < n_models; i++)
    g_ptr_array_add (self->extra, (gpointer)models[i]);

  rebuild (self);
  update_label (self);
}

const char *
fit_model_selector_get_model_id (FitModelSelector *self)
{
  g_return_val_if_fail (FIT_IS_MODEL_SELECTOR (self), NULL);

  return self->model_id;
}

void
fit_model_selector_set_model_id (FitModelSelector *self,
                                 const char       *model_id)
{
  g_return_if_fail (FIT_IS_MODEL_SELECTOR (self));

  if (g_strcmp0 (model_id, self->model_id) == 0)
    return;

  g_free (self->model_id);
  self->model_id = g_strdup (model_id);

  fit_search_button_set_selected_id (self->button, model_id);
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODEL_ID]);
}

/**
 * fit_model_selector_popup:
 * @self: a #FitModelSelector
 *
 * Opens the list of models, ready to search (Ctrl+F).
 */
void
fit_model_selector_popup (FitModelSelector *self)
{
  g_return_if_fail (FIT_IS_MODEL_SELECTOR (self));

  fit_search_button_popup (self->button);
}

guint
fit_model_selector_get_n_visible (FitModelSelector *self)
{
  g_return_val_if_fail (FIT_IS_MODEL_SELECTOR (self), 0);

  return fit_search_button_get_n_visible (self->button);
}

void
fit_model_selector_set_search_text (FitModelSelector *self,
                                    const char       *text)
{
  g_return_if_fail (FIT_IS_MODEL_SELECTOR (self));

  fit_search_button_set_search_text (self->button, text);
}
