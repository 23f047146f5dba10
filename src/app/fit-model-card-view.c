/* fit-model-card-view.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-model-card"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-model-card-view.h"
#include "fit-model-facts.h"
#include "fit-units.h"


/* Formats whose weight size the card lists, as llama.cpp stores them. */

struct _FitModelCardView
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkLabel       *name_label;
  GtkLabel       *identity_label;
  GtkLabel       *summary_label;
  GtkBox         *sections;

  FitCatalog     *catalog;
  const FitModel *model;
  gboolean        sections_pending;
  guint           idle_id;
  gulong          after_paint_id;
};

G_DEFINE_FINAL_TYPE (FitModelCardView, fit_model_card_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MODEL,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* Keeps the card's natural width near a comfortable line length. */
  gtk_label_set_max_width_chars (GTK_LABEL (label), 44);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

static GtkBox *
add_section (FitModelCardView *self,
             const char   *title)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *heading = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (heading),
                                  GTK_ACCESSIBLE_PROPERTY_LEVEL, 2,
                                  -1);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (self->sections, box);

  return GTK_BOX (box);
}

static void
add_card_section (FitModelCardView         *self,
                  const char           *title,
                  const FitCardSection *section)
{
  GtkBox *box;

  if (section->n_items == 0)
    return;

  box = add_section (self, title);
  for (guint i = 0; i < section->n_items; i++)
    {
      const FitCardItem *item = &section->items[i];
      GtkWidget *item_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      if (item->title != NULL && *item->title != '\0')
        gtk_box_append (GTK_BOX (item_box), new_label (item->title, "card-item-title"));
      if (item->text != NULL)
        gtk_box_append (GTK_BOX (item_box), new_label (item->text, NULL));

      gtk_box_append (box, item_box);
    }
}

/* Rows of "name  value", the value selectable, in a grid that wraps. */
static GtkGrid *
add_fact_grid (GtkBox *box)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_widget_add_css_class (grid, "fact-grid");
  gtk_box_append (box, grid);

  return GTK_GRID (grid);
}

static void
add_fact (GtkGrid    *grid,
          const char *name,
          const char *value)
{
  int row = 0;
  GtkWidget *name_label;
  GtkWidget *value_label;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (grid));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    row++;
  row /= 2;

  name_label = new_label (name, "dim-label");
  gtk_label_set_selectable (GTK_LABEL (name_label), FALSE);
  gtk_label_set_yalign (GTK_LABEL (name_label), 0);
  gtk_label_set_width_chars (GTK_LABEL (name_label), 10);
  gtk_label_set_max_width_chars (GTK_LABEL (name_label), 18);
  value_label = new_label (value, NULL);
  gtk_widget_set_hexpand (value_label, TRUE);

  gtk_grid_attach (grid, name_label, 0, row, 1, 1);
  gtk_grid_attach (grid, value_label, 1, row, 1, 1);
}

static void
add_fact_u32 (GtkGrid    *grid,
              const char *name,
              guint64     value)
{
  g_autofree char *text = NULL;

  if (value == 0)
    return;

  text = fit_format_count (value);
  add_fact (grid, name, text);
}

static void
add_geometry (FitModelCardView   *self,
              const FitModel *model)
{
  GtkBox *box = add_section (self, _("Geometry"));
  GtkGrid *grid = add_fact_grid (box);
  g_autofree char *params = fit_format_params (model->params_total);
  g_autofree char *context = fit_format_count (model->context_window);

  add_fact (grid, _("Parameters"), params);
  if (model->params_active != 0 && model->params_active < model->params_total)
    {
      g_autofree char *active = fit_format_params (model->params_active);

      /* Translators: parameters used per token by a mixture of experts. */
      add_fact (grid, _("Active per token"), active);
    }
  if (model->architecture != NULL)
    add_fact (grid, _("Architecture"), model->architecture);
  add_fact (grid, _("Class"), fit_model_class_to_string (model->klass));
  add_fact_u32 (grid, _("Layers"), model->n_layers);
  add_fact_u32 (grid, _("Hidden size"), model->hidden_size);
  add_fact_u32 (grid, _("Attention heads"), model->n_heads);
  add_fact_u32 (grid, _("KV heads"), model->n_kv_heads);
  add_fact_u32 (grid, _("Head size"), model->head_dim);
  if (model->v_head_dim != 0 && model->v_head_dim != model->head_dim)
    add_fact_u32 (grid, _("Value head size"), model->v_head_dim);
  /* Translators: the width of the feed-forward network. */
  add_fact_u32 (grid, _("FFN size"), model->intermediate_size);
  add_fact_u32 (grid, _("Vocabulary"), model->vocab_size);
  add_fact (grid, _("Context window"), context);
  add_fact (grid, _("Tied embeddings"), model->tied_embeddings ? _("Yes") : _("No"));

  if (model->n_experts != 0)
    {
      g_autofree char *experts = NULL;

      /* Translators: "8 routed, 2 per token, 1 shared" experts. */
      experts = g_strdup_printf (_("%u routed, %u per token, %u shared"),
                                 model->n_experts, model->experts_per_token, model->n_shared_experts);
      add_fact (grid, _("Experts"), experts);
      add_fact_u32 (grid, _("Expert FFN size"), model->expert_intermediate_size);
      add_fact_u32 (grid, _("Dense first layers"), model->first_dense_layers);
    }

  if (model->kv_lora_rank != 0)
    {
      g_autofree char *mla = NULL;

      /* Translators: multi-head latent attention (DeepSeek): ranks and head sizes. */
      mla = g_strdup_printf (_("KV rank %u, query rank %u, RoPE %u, no-RoPE %u"),
                             model->kv_lora_rank, model->q_lora_rank,
                             model->qk_rope_head_dim, model->qk_nope_head_dim);
      add_fact (grid, _("Latent attention"), mla);
    }

  if (model->sliding_window != 0 && model->n_swa_layers != 0)
    {
      g_autofree char *swa = NULL;

      /* Translators: sliding-window attention: window in tokens, layers using it. */
      swa = g_strdup_printf (_("%u tokens, on %u of %u layers"),
                             model->sliding_window, model->n_swa_layers, model->n_layers);
      add_fact (grid, _("Sliding window"), swa);
    }

  if (model->ssm_kind != FIT_SSM_NONE)
    {
      g_autofree char *ssm = NULL;

      /* Translators: a recurrent (state-space) layer type and its sizes. */
      ssm = g_strdup_printf (_("%s: state %u, inner %u, %u heads, on %u layers"),
                             fit_ssm_kind_to_string (model->ssm_kind),
                             model->ssm_kind == FIT_SSM_GATED_DELTANET ? model->lin_key_head_dim : model->ssm_d_state,
                             model->ssm_d_inner,
                             model->ssm_kind == FIT_SSM_GATED_DELTANET ? model->lin_value_heads : model->ssm_n_heads,
                             model->n_state_layers);
      add_fact (grid, _("Recurrent layers"), ssm);
    }

  if (model->layer_pattern != NULL && strlen (model->layer_pattern) > 1)
    add_fact (grid, _("Layer pattern"), model->layer_pattern);

  if (model->exact != NULL)
    {
      g_autofree char *bytes = fit_format_bytes (model->exact->total_bytes);

      add_fact (grid, _("File format"), model->exact->format_label ? model->exact->format_label : "?");
      add_fact (grid, _("Tensor bytes"), bytes);
    }

  if (model->source_path != NULL)
    add_fact (grid, _("Opened from"), model->source_path);
}

static void
add_memory (FitModelCardView   *self,
            const FitModel *model)
{
  GtkBox *box = add_section (self, _("Memory Behaviour"));
  g_autoptr(GPtrArray) facts = NULL;
  GtkGrid *grid;

  for (guint i = 0; i < model->card.memory.n_items; i++)
    {
      const FitCardItem *item = &model->card.memory.items[i];

      if (item->title != NULL && *item->title != '\0')
        gtk_box_append (box, new_label (item->title, "card-item-title"));
      if (item->text != NULL)
        gtk_box_append (box, new_label (item->text, NULL));
    }

  facts = fit_model_memory_facts (model, self->catalog);

  grid = add_fact_grid (box);
  for (guint i = 0; i < facts->len; i++)
    {
      const FitMemoryFact *fact = g_ptr_array_index (facts, i);

      if (fact->kind == FIT_MEMORY_FACT_SIZE)
        add_fact (grid, fact->label, fact->value);
    }

  {
    GtkWidget *caption = new_label (_("Longest context with llama.cpp’s defaults, one sequence:"), "caption");

    gtk_widget_add_css_class (caption, "dim-label");
    gtk_label_set_selectable (GTK_LABEL (caption), FALSE);
    gtk_widget_set_margin_top (caption, 6);
    gtk_box_append (box, caption);
    grid = add_fact_grid (box);
    for (guint i = 0; i < facts->len; i++)
      {
        const FitMemoryFact *fact = g_ptr_array_index (facts, i);

        if (fact->kind == FIT_MEMORY_FACT_CLIFF)
          add_fact (grid, fact->label, fact->value);
      }
  }
}

static void
add_sources (FitModelCardView   *self,
             const FitModel *model)
{
  GtkBox *box;

  if (model->card.sources.n_items == 0 && model->hf_repo == NULL)
    return;

  box = add_section (self, _("Sources"));

  for (guint i = 0; i < model->card.sources.n_items; i++)
    {
      const FitCardItem *item = &model->card.sources.items[i];
      g_autofree char *markup = NULL;
      GtkWidget *label;

      if (item->text == NULL || !(g_str_has_prefix (item->text, "https://") || g_str_has_prefix (item->text, "http://")))
        continue;

      markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", item->text,
                                        item->title && *item->title ? item->title : item->text);
      label = new_label (NULL, NULL);
      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_widget_set_tooltip_text (label, item->text);
      gtk_box_append (box, label);
    }

  if (model->hf_repo != NULL)
    {
      g_autofree char *url = g_strdup_printf ("https://huggingface.co/%s", model->hf_repo);
      g_autofree char *markup = g_markup_printf_escaped ("<a href=\"%s\">%s</a>", url, model->hf_repo);
      GtkWidget *label = new_label (NULL, NULL);

      gtk_label_set_markup (GTK_LABEL (label), markup);
      gtk_widget_set_tooltip_text (label, url);
      gtk_box_append (box, label);
    }
}

static void
cancel_pending_build (FitModelCardView *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);

  if (self->after_paint_id != 0)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      if (clock != NULL)
        g_signal_handler_disconnect (clock, self->after_paint_id);
      self->after_paint_id = 0;
    }
}

static void
build_sections (FitModelCardView *self)
{
  const FitModel *model = self->model;

  cancel_pending_build (self);

  if (!self->sections_pending || model == NULL)
    return;

  self->sections_pending = FALSE;
  add_card_section (self, _("Overview"), &model->card.overview);
  add_card_section (self, _("What Improved"), &model->card.improvements);
  add_card_section (self, _("Training and Release"), &model->card.training);
  add_card_section (self, _("Strengths"), &model->card.strengths);
  add_memory (self, model);
  add_geometry (self, model);
  add_sources (self, model);
}

static gboolean
build_sections_idle_cb (gpointer data)
{
  FitModelCardView *self = data;

  self->idle_id = 0;
  build_sections (self);

  return G_SOURCE_REMOVE;
}

/* The frame that showed the card without its sections is on screen now. */
static void
after_paint_cb (GdkFrameClock    *clock,
                FitModelCardView *self)
{
  g_signal_handler_disconnect (clock, self->after_paint_id);
  self->after_paint_id = 0;

  if (self->idle_id == 0)
    self->idle_id = g_idle_add (build_sections_idle_cb, self);
}

static void
rebuild (FitModelCardView *self)
{
  const FitModel *model = self->model;
  GtkWidget *child;
  g_autoptr(GString) identity = g_string_new (NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections))) != NULL)
    gtk_box_remove (self->sections, child);
  self->sections_pending = FALSE;

  if (model == NULL)
    {
      gtk_label_set_label (self->name_label, _("No Model"));
      gtk_label_set_label (self->identity_label, NULL);
      gtk_label_set_label (self->summary_label, _("Choose a model in the header bar, or open a GGUF file or a Hugging Face folder."));
      return;
    }

  gtk_label_set_label (self->name_label, model->name ? model->name : model->id);

  if (model->company != NULL)
    g_string_append (identity, model->company);
  if (model->release_date != NULL)
    g_string_append_printf (identity, "%s%s", identity->len ? " · " : "", model->release_date);
  if (model->license != NULL)
    g_string_append_printf (identity, "%s%s", identity->len ? " · " : "", model->license);
  if (model->modality != NULL)
    g_string_append_printf (identity, "%s%s", identity->len ? " · " : "", model->modality);
  if (model->user_entry)
    /* Translators: marks a model the user added. */
    g_string_append_printf (identity, "%s%s", identity->len ? " · " : "", _("Custom model"));
  gtk_label_set_label (self->identity_label, identity->str);
  gtk_widget_set_visible (GTK_WIDGET (self->identity_label), identity->len > 0);

  gtk_label_set_label (self->summary_label, model->card.summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), model->card.summary != NULL);

  /* A shown card changes at once; while the window opens, the sections
   * (a few hundred lines of text to shape) wait for the first frame. */
  self->sections_pending = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    build_sections (self);
}

static void
fit_model_card_view_map (GtkWidget *widget)
{
  FitModelCardView *self = FIT_MODEL_CARD_VIEW (widget);

  GTK_WIDGET_CLASS (fit_model_card_view_parent_class)->map (widget);

  if (self->sections_pending && self->after_paint_id == 0 && self->idle_id == 0)
    self->after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                             G_CALLBACK (after_paint_cb), self);
}

static void
fit_model_card_view_unmap (GtkWidget *widget)
{
  cancel_pending_build (FIT_MODEL_CARD_VIEW (widget));

  GTK_WIDGET_CLASS (fit_model_card_view_parent_class)->unmap (widget);
}

static void
fit_model_card_view_dispose (GObject *object)
{
  FitModelCardView *self = (FitModelCardView *)object;

  cancel_pending_build (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_MODEL_CARD_VIEW);

  G_OBJECT_CLASS (fit_model_card_view_parent_class)->dispose (object);
}

static void
fit_model_card_view_finalize (GObject *object)
{
  FitModelCardView *self = (FitModelCardView *)object;

  g_clear_pointer (&self->catalog, fit_catalog_unref);

  G_OBJECT_CLASS (fit_model_card_view_parent_class)->finalize (object);
}

static void
fit_model_card_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FitModelCardView *self = FIT_MODEL_CARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_pointer (value, (gpointer)self->model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_model_card_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FitModelCardView *self = FIT_MODEL_CARD_VIEW (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      fit_model_card_view_set_model (self, g_value_get_pointer (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_model_card_view_class_init (FitModelCardViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fit_model_card_view_dispose;
  object_class->finalize = fit_model_card_view_finalize;
  object_class->get_property = fit_model_card_view_get_property;
  object_class->set_property = fit_model_card_view_set_property;

  widget_class->map = fit_model_card_view_map;
  widget_class->unmap = fit_model_card_view_unmap;

  /**
   * FitModelCardView:model:
   *
   * The #FitModel shown, owned by the catalog or the window; the caller
   * sets it again before the model goes away.
   */
  properties [PROP_MODEL] =
    g_param_spec_pointer ("model", NULL, NULL,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-model-card-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FitModelCardView, name_label);
  gtk_widget_class_bind_template_child (widget_class, FitModelCardView, identity_label);
  gtk_widget_class_bind_template_child (widget_class, FitModelCardView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, FitModelCardView, sections);

  gtk_widget_class_set_css_name (widget_class, "modelcard");
}

static void
fit_model_card_view_init (FitModelCardView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rebuild (self);
}

GtkWidget *
fit_model_card_view_new (void)
{
  return g_object_new (FIT_TYPE_MODEL_CARD_VIEW, NULL);
}

/**
 * fit_model_card_view_set_catalog:
 * @self: a #FitModelCardView
 * @catalog: (nullable): where the GPUs for the context cliffs come from
 */
void
fit_model_card_view_set_catalog (FitModelCardView *self,
                                 FitCatalog       *catalog)
{
  g_return_if_fail (FIT_IS_MODEL_CARD_VIEW (self));

  if (catalog == self->catalog)
    return;

  g_clear_pointer (&self->catalog, fit_catalog_unref);
  if (catalog != NULL)
    self->catalog = fit_catalog_ref (catalog);

  rebuild (self);
}

const FitModel *
fit_model_card_view_get_model (FitModelCardView *self)
{
  g_return_val_if_fail (FIT_IS_MODEL_CARD_VIEW (self), NULL);

  return self->model;
}

/**
 * fit_model_card_view_set_model:
 * @self: a #FitModelCardView
 * @model: (nullable): the model to show
 *
 * Shows every section of @model's card, its geometry and memory facts
 * computed by the estimator.
 */
void
fit_model_card_view_set_model (FitModelCardView *self,
                               const FitModel   *model)
{
  g_return_if_fail (FIT_IS_MODEL_CARD_VIEW (self));

  if (model == self->model)
    return;

  self->model = model;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODEL]);
}
