/* fit-controls.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-controls"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fit-controls.h"
#include "fit-units.h"

/* The shortest context the slider offers: 2^8 tokens. */
#define MIN_CONTEXT_LOG2 8

struct _FitControls
{
  AdwBin          parent_instance;

  /* Template widgets */
  AdwComboRow    *runtime_row;
  GtkStringList  *runtime_list;
  AdwComboRow    *format_row;
  GtkStringList  *format_list;
  AdwComboRow    *kv_row;
  GtkStringList  *kv_list;
  GtkWidget      *context_row;
  GtkSpinButton  *context_spin;
  GtkScale       *context_scale;
  GtkLabel       *context_subtitle;
  GtkWidget      *concurrency_row;
  GtkSpinButton  *concurrency_spin;
  GtkWidget      *gpu_util_row;
  GtkSpinButton  *gpu_util_spin;
  GtkScale       *gpu_util_scale;
  GtkWidget      *gpu_count_row;
  GtkSpinButton  *gpu_count_spin;
  GtkWidget      *gpu_layers_row;
  GtkSpinButton  *gpu_layers_spin;
  GtkScale       *gpu_layers_scale;
  GtkLabel       *gpu_layers_subtitle;
  AdwComboRow    *flash_row;
  GtkWidget      *budget_row;
  GtkSwitch      *budget_switch;

  /* State: the values the GSettings keys bind to */
  char           *runtime;
  char           *weight_format;
  char           *kv_type;
  guint64         context;
  guint64         max_context;
  guint           concurrency;
  double          gpu_util;
  guint           gpu_count;
  int             gpu_layers;
  guint           n_layers;
  char           *flash_attn;
  char           *budget_basis;
  gboolean        detected_device;

  gboolean        has_exact_weights;
  char           *exact_label;
  GPtrArray      *format_ids;
  GPtrArray      *kv_ids;
  guint           updating;
};

G_DEFINE_FINAL_TYPE (FitControls, fit_controls, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_WEIGHT_FORMAT,
  PROP_KV_TYPE,
  PROP_CONTEXT,
  PROP_MAX_CONTEXT,
  PROP_CONCURRENCY,
  PROP_GPU_UTIL,
  PROP_GPU_COUNT,
  PROP_GPU_LAYERS,
  PROP_N_LAYERS,
  PROP_FLASH_ATTN,
  PROP_BUDGET_BASIS,
  PROP_DETECTED_DEVICE,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

#define N_FLASH_CHOICES 3
static const char *flash_ids[N_FLASH_CHOICES + 1] = { "auto", "on", "off", NULL };

static FitRuntime
get_runtime (FitControls *self)
{
  FitRuntime runtime = FIT_RUNTIME_LLAMACPP;

  fit_runtime_parse (self->runtime, &runtime);
  return runtime;
}

static void
emit_changed (FitControls *self,
              guint        prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
  g_signal_emit (self, signals [CHANGED], 0);
}

static guint
find_id (GPtrArray  *ids,
         const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

static void
replace_list (GtkStringList *list,
              GPtrArray     *labels)
{
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (list, 0, g_list_model_get_n_items (G_LIST_MODEL (list)),
                          (const char *const *)labels->pdata);
}

/* Only the formats this runtime loads; for llama.cpp the plain float names
 * are left out since their GGUF twins are listed. */
static void
rebuild_format_list (FitControls *self)
{
  FitRuntime runtime = get_runtime (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (self->format_ids, 0);

  /* Translators: the weight format the runtime picks for this model by itself. */
  g_ptr_array_add (labels, g_strdup (_("Automatic")));
  g_ptr_array_add (self->format_ids, g_strdup (""));

  if (self->has_exact_weights)
    {
      /* Translators: %s is a format such as "Q4_K_M", read from an opened file. */
      g_ptr_array_add (labels, g_strdup_printf (_("From the file (%s)"), self->exact_label));
      g_ptr_array_add (self->format_ids, g_strdup ("exact"));
    }

  for (guint i = 0; i < FIT_N_WEIGHT_FORMATS; i++)
    {
      if (!fit_runtime_accepts_weights (runtime, i))
        continue;

      if (fit_runtime_is_llamacpp (runtime) &&
          (i == FIT_WEIGHTS_F32 || i == FIT_WEIGHTS_F16 || i == FIT_WEIGHTS_BF16 || i == FIT_WEIGHTS_MXFP4))
        continue;

      g_ptr_array_add (labels, g_strdup (fit_weight_format_label (i)));
      g_ptr_array_add (self->format_ids, g_strdup (fit_weight_format_id (i)));
    }

  self->updating++;
  replace_list (self->format_list, labels);
  self->updating--;
}

static void
rebuild_kv_list (FitControls *self)
{
  FitRuntime runtime = get_runtime (self);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_set_size (self->kv_ids, 0);

  for (guint i = 0; i < FIT_N_KV_TYPES; i++)
    {
      if (!fit_runtime_accepts_kv (runtime, i))
        continue;

      g_ptr_array_add (labels, g_ascii_strup (fit_kv_type_id (i), -1));
      g_ptr_array_add (self->kv_ids, g_strdup (fit_kv_type_id (i)));
    }

  self->updating++;
  replace_list (self->kv_list, labels);
  self->updating--;
}

static guint64
effective_max_context (FitControls *self)
{
  return self->max_context != 0 ? self->max_context : FIT_MAX_CONTEXT;
}

static void
update_context_marks (FitControls *self)
{
  guint64 max = effective_max_context (self);
  double upper = ceil (log2 ((double)max));

  gtk_scale_clear_marks (self->context_scale);
  for (guint e = MIN_CONTEXT_LOG2; e <= (guint)upper && e < 64; e++)
    {
      g_autofree char *label = NULL;

      /* A label every other power keeps them legible at 360 pixels. */
      if (e % 2 == 0 || e == (guint)upper)
        label = fit_format_tokens_short (MIN (G_GUINT64_CONSTANT (1) << e, max));

      gtk_scale_add_mark (self->context_scale, e, GTK_POS_BOTTOM, label);
    }
}

/* Pushes the state into the widgets; their handlers ignore it. */
static void
sync_widgets (FitControls *self)
{
  FitRuntime runtime = get_runtime (self);
  guint64 max = effective_max_context (self);
  guint layers_upper = self->n_layers != 0 ? self->n_layers : 1024;
  guint pos;

  self->updating++;

  adw_combo_row_set_selected (self->runtime_row, runtime);

  pos = find_id (self->format_ids, self->weight_format);
  adw_combo_row_set_selected (self->format_row, pos != GTK_INVALID_LIST_POSITION ? pos : 0);

  pos = find_id (self->kv_ids, self->kv_type);
  if (pos != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->kv_row, pos);

  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->context_spin), max);
  gtk_adjustment_set_upper (gtk_range_get_adjustment (GTK_RANGE (self->context_scale)),
                            MAX (MIN_CONTEXT_LOG2 + 1, ceil (log2 ((double)max))));
  gtk_spin_button_set_value (self->context_spin, self->context);
  gtk_range_set_value (GTK_RANGE (self->context_scale), log2 ((double)MAX (self->context, 1)));

  gtk_spin_button_set_value (self->concurrency_spin, self->concurrency);
  gtk_spin_button_set_value (self->gpu_util_spin, round (self->gpu_util * 100));
  gtk_range_set_value (GTK_RANGE (self->gpu_util_scale), self->gpu_util);
  gtk_spin_button_set_value (self->gpu_count_spin, self->gpu_count);

  gtk_adjustment_set_upper (gtk_spin_button_get_adjustment (self->gpu_layers_spin), layers_upper);
  gtk_adjustment_set_upper (gtk_range_get_adjustment (GTK_RANGE (self->gpu_layers_scale)), layers_upper);
  gtk_spin_button_set_value (self->gpu_layers_spin, self->gpu_layers < 0 ? layers_upper : (guint)self->gpu_layers);
  gtk_range_set_value (GTK_RANGE (self->gpu_layers_scale), self->gpu_layers < 0 ? layers_upper : (guint)self->gpu_layers);

  if (self->gpu_layers < 0 || (self->n_layers != 0 && (guint)self->gpu_layers >= self->n_layers))
    gtk_label_set_label (self->gpu_layers_subtitle, _("All layers on the GPU"));
  else
    {
      g_autofree char *text = NULL;

      if (self->n_layers != 0)
        /* Translators: the first %u is a number of layers, the second the model's total. */
        text = g_strdup_printf (_("%u of %u on the GPU, the rest in system memory"),
                                (guint)self->gpu_layers, self->n_layers);
      else
        text = g_strdup_printf (_("%u on the GPU, the rest in system memory"), (guint)self->gpu_layers);
      gtk_label_set_label (self->gpu_layers_subtitle, text);
    }

  for (guint i = 0; i < N_FLASH_CHOICES; i++)
    {
      if (g_strcmp0 (flash_ids[i], self->flash_attn) == 0)
        adw_combo_row_set_selected (self->flash_row, i);
    }

  gtk_switch_set_active (self->budget_switch, g_strcmp0 (self->budget_basis, "total") == 0);

  /* Only the controls that mean something for this runtime. */
  gtk_widget_set_visible (self->gpu_util_row, runtime == FIT_RUNTIME_VLLM);
  gtk_widget_set_visible (self->gpu_layers_row, fit_runtime_is_llamacpp (runtime));
  gtk_widget_set_visible (GTK_WIDGET (self->flash_row), runtime != FIT_RUNTIME_VLLM);
  gtk_widget_set_visible (self->budget_row, self->detected_device);

  self->updating--;
}

static void
runtime_selected_cb (FitControls *self,
                     GParamSpec  *pspec,
                     AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected >= FIT_N_RUNTIMES)
    return;

  fit_controls_set_runtime (self, fit_runtime_id (selected));
}

static void
format_selected_cb (FitControls *self,
                    GParamSpec  *pspec,
                    AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected >= self->format_ids->len)
    return;

  fit_controls_set_weight_format (self, g_ptr_array_index (self->format_ids, selected));
}

static void
kv_selected_cb (FitControls *self,
                GParamSpec  *pspec,
                AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected >= self->kv_ids->len)
    return;

  fit_controls_set_kv_type (self, g_ptr_array_index (self->kv_ids, selected));
}

static void
flash_selected_cb (FitControls *self,
                   GParamSpec  *pspec,
                   AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->updating || selected >= N_FLASH_CHOICES)
    return;

  fit_controls_set_flash_attn (self, flash_ids[selected]);
}

static void
context_spin_changed_cb (FitControls   *self,
                         GtkSpinButton *spin)
{
  /* See context_scale_changed_cb(): a value we set may arrive late. */
  if (self->updating || (guint64)gtk_spin_button_get_value (spin) == self->context)
    return;

  fit_controls_set_context (self, (guint64)gtk_spin_button_get_value (spin));
}

static void
context_scale_changed_cb (FitControls *self,
                          GtkRange    *range)
{
  double value = gtk_range_get_value (range);
  double exponent = round (value);

  /* GtkAdjustment does not recurse: a value set by sync_widgets() arrives
   * here after the guard is down. It already matches the state. */
  if (self->updating || G_APPROX_VALUE (value, log2 ((double)MAX (self->context, 1)), 1e-9))
    return;

  /* The slider snaps to powers of two; the top stop is the model's window. */
  fit_controls_set_context (self, MIN ((guint64)exp2 (exponent), effective_max_context (self)));
}

static void
concurrency_spin_changed_cb (FitControls   *self,
                             GtkSpinButton *spin)
{
  if (self->updating || (guint)gtk_spin_button_get_value_as_int (spin) == self->concurrency)
    return;

  fit_controls_set_concurrency (self, (guint)gtk_spin_button_get_value_as_int (spin));
}

static void
gpu_util_spin_changed_cb (FitControls   *self,
                          GtkSpinButton *spin)
{
  if (self->updating || G_APPROX_VALUE (gtk_spin_button_get_value (spin), round (self->gpu_util * 100), 1e-9))
    return;

  fit_controls_set_gpu_util (self, gtk_spin_button_get_value (spin) / 100.0);
}

static void
gpu_util_scale_changed_cb (FitControls *self,
                           GtkRange    *range)
{
  if (self->updating || G_APPROX_VALUE (gtk_range_get_value (range), self->gpu_util, 1e-9))
    return;

  fit_controls_set_gpu_util (self, round (gtk_range_get_value (range) * 100) / 100.0);
}

static void
gpu_count_spin_changed_cb (FitControls   *self,
                           GtkSpinButton *spin)
{
  if (self->updating || (guint)gtk_spin_button_get_value_as_int (spin) == self->gpu_count)
    return;

  fit_controls_set_gpu_count (self, (guint)gtk_spin_button_get_value_as_int (spin));
}

static void
set_gpu_layers_from_widget (FitControls *self,
                            int          value)
{
  /* The top of the range is "all", which the settings spell -1 so that it
   * stays "all" when the next model has more layers. */
  if (self->n_layers != 0 && value >= (int)self->n_layers)
    value = -1;

  fit_controls_set_gpu_layers (self, value);
}

static guint
shown_gpu_layers (FitControls *self)
{
  guint upper = self->n_layers != 0 ? self->n_layers : 1024;

  return self->gpu_layers < 0 ? upper : (guint)self->gpu_layers;
}

static void
gpu_layers_spin_changed_cb (FitControls   *self,
                            GtkSpinButton *spin)
{
  if (self->updating || (guint)gtk_spin_button_get_value_as_int (spin) == shown_gpu_layers (self))
    return;

  set_gpu_layers_from_widget (self, gtk_spin_button_get_value_as_int (spin));
}

static void
gpu_layers_scale_changed_cb (FitControls *self,
                             GtkRange    *range)
{
  if (self->updating || G_APPROX_VALUE (gtk_range_get_value (range), shown_gpu_layers (self), 1e-9))
    return;

  set_gpu_layers_from_widget (self, (int)round (gtk_range_get_value (range)));
}

static void
budget_switch_cb (FitControls *self,
                  GParamSpec  *pspec,
                  GtkSwitch   *sw)
{
  if (self->updating)
    return;

  fit_controls_set_budget_basis (self, gtk_switch_get_active (sw) ? "total" : "free");
}

static char *
format_context_value (GtkScale *scale,
                      double    value,
                      gpointer  user_data)
{
  return fit_format_tokens_short ((guint64)exp2 (round (value)));
}

static void
fit_controls_dispose (GObject *object)
{
  FitControls *self = (FitControls *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_CONTROLS);

  G_OBJECT_CLASS (fit_controls_parent_class)->dispose (object);
}

static void
fit_controls_finalize (GObject *object)
{
  FitControls *self = (FitControls *)object;

  g_clear_pointer (&self->runtime, g_free);
  g_clear_pointer (&self->weight_format, g_free);
  g_clear_pointer (&self->kv_type, g_free);
  g_clear_pointer (&self->flash_attn, g_free);
  g_clear_pointer (&self->budget_basis, g_free);
  g_clear_pointer (&self->exact_label, g_free);
  g_clear_pointer (&self->format_ids, g_ptr_array_unref);
  g_clear_pointer (&self->kv_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (fit_controls_parent_class)->finalize (object);
}

static void
fit_controls_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FitControls *self = FIT_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_string (value, self->runtime);
      break;

    case PROP_WEIGHT_FORMAT:
      g_value_set_string (value, self->weight_format);
      break;

    case PROP_KV_TYPE:
      g_value_set_string (value, self->kv_type);
      break;

    case PROP_CONTEXT:
      g_value_set_uint64 (value, self->context);
      break;

    case PROP_MAX_CONTEXT:
      g_value_set_uint64 (value, self->max_context);
      break;

    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;

    case PROP_GPU_UTIL:
      g_value_set_double (value, self->gpu_util);
      break;

    case PROP_GPU_COUNT:
      g_value_set_uint (value, self->gpu_count);
      break;

    case PROP_GPU_LAYERS:
      g_value_set_int (value, self->gpu_layers);
      break;

    case PROP_N_LAYERS:
      g_value_set_uint (value, self->n_layers);
      break;

    case PROP_FLASH_ATTN:
      g_value_set_string (value, self->flash_attn);
      break;

    case PROP_BUDGET_BASIS:
      g_value_set_string (value, self->budget_basis);
      break;

    case PROP_DETECTED_DEVICE:
      g_value_set_boolean (value, self->detected_device);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_controls_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FitControls *self = FIT_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      fit_controls_set_runtime (self, g_value_get_string (value));
      break;

    case PROP_WEIGHT_FORMAT:
      fit_controls_set_weight_format (self, g_value_get_string (value));
      break;

    case PROP_KV_TYPE:
      fit_controls_set_kv_type (self, g_value_get_string (value));
      break;

    case PROP_CONTEXT:
      fit_controls_set_context (self, g_value_get_uint64 (value));
      break;

    case PROP_MAX_CONTEXT:
      fit_controls_set_max_context (self, g_value_get_uint64 (value));
      break;

    case PROP_CONCURRENCY:
      fit_controls_set_concurrency (self, g_value_get_uint (value));
      break;

    case PROP_GPU_UTIL:
      fit_controls_set_gpu_util (self, g_value_get_double (value));
      break;

    case PROP_GPU_COUNT:
      fit_controls_set_gpu_count (self, g_value_get_uint (value));
      break;

    case PROP_GPU_LAYERS:
      fit_controls_set_gpu_layers (self, g_value_get_int (value));
      break;

    case PROP_N_LAYERS:
      fit_controls_set_n_layers (self, g_value_get_uint (value));
      break;

    case PROP_FLASH_ATTN:
      fit_controls_set_flash_attn (self, g_value_get_string (value));
      break;

    case PROP_BUDGET_BASIS:
      fit_controls_set_budget_basis (self, g_value_get_string (value));
      break;

    case PROP_DETECTED_DEVICE:
      fit_controls_set_detected_device (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_controls_class_init (FitControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fit_controls_dispose;
  object_class->finalize = fit_controls_finalize;
  object_class->get_property = fit_controls_get_property;
  object_class->set_property = fit_controls_set_property;

  properties [PROP_RUNTIME] =
    g_param_spec_string ("runtime", NULL, NULL, "llama.cpp", flags);
  /* "" lets the runtime choose; "exact" uses the bytes of an opened file. */
  properties [PROP_WEIGHT_FORMAT] =
    g_param_spec_string ("weight-format", NULL, NULL, "", flags);
  properties [PROP_KV_TYPE] =
    g_param_spec_string ("kv-type", NULL, NULL, "f16", flags);
  properties [PROP_CONTEXT] =
    g_param_spec_uint64 ("context", NULL, NULL, 1, FIT_MAX_CONTEXT, 4096, flags);
  /* The model's context window; 0 = no model yet. */
  properties [PROP_MAX_CONTEXT] =
    g_param_spec_uint64 ("max-context", NULL, NULL, 0, FIT_MAX_CONTEXT, 0, flags);
  properties [PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, FIT_MAX_CONCURRENCY, 1, flags);
  properties [PROP_GPU_UTIL] =
    g_param_spec_double ("gpu-util", NULL, NULL, 0.05, 1.0, 0.9, flags);
  properties [PROP_GPU_COUNT] =
    g_param_spec_uint ("gpu-count", NULL, NULL, 1, FIT_MAX_GPU_COUNT, 1, flags);
  /* -1 = every layer on the GPU. */
  properties [PROP_GPU_LAYERS] =
    g_param_spec_int ("gpu-layers", NULL, NULL, -1, FIT_MAX_LAYERS, -1, flags);
  properties [PROP_N_LAYERS] =
    g_param_spec_uint ("n-layers", NULL, NULL, 0, FIT_MAX_LAYERS, 0, flags);
  properties [PROP_FLASH_ATTN] =
    g_param_spec_string ("flash-attn", NULL, NULL, "auto", flags);
  properties [PROP_BUDGET_BASIS] =
    g_param_spec_string ("budget-basis", NULL, NULL, "free", flags);
  /* Whether the device is in this computer: only then can the basis change. */
  properties [PROP_DETECTED_DEVICE] =
    g_param_spec_boolean ("detected-device", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FitControls::changed:
   *
   * Emitted after any setting changed, once per change.
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, FitControls, runtime_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, runtime_list);
  gtk_widget_class_bind_template_child (widget_class, FitControls, format_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, format_list);
  gtk_widget_class_bind_template_child (widget_class, FitControls, kv_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, kv_list);
  gtk_widget_class_bind_template_child (widget_class, FitControls, context_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, context_spin);
  gtk_widget_class_bind_template_child (widget_class, FitControls, context_scale);
  gtk_widget_class_bind_template_child (widget_class, FitControls, context_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FitControls, concurrency_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_util_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_util_spin);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_util_scale);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_count_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_count_spin);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_layers_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_layers_spin);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_layers_scale);
  gtk_widget_class_bind_template_child (widget_class, FitControls, gpu_layers_subtitle);
  gtk_widget_class_bind_template_child (widget_class, FitControls, flash_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, budget_row);
  gtk_widget_class_bind_template_child (widget_class, FitControls, budget_switch);
  gtk_widget_class_bind_template_callback (widget_class, runtime_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, format_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, kv_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, flash_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, context_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, context_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, concurrency_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, gpu_util_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, gpu_util_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, gpu_count_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, gpu_layers_spin_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, gpu_layers_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, budget_switch_cb);

  gtk_widget_class_set_css_name (widget_class, "controls");
}

static void
fit_controls_init (FitControls *self)
{
  self->runtime = g_strdup ("llama.cpp");
  self->weight_format = g_strdup ("");
  self->kv_type = g_strdup ("f16");
  self->context = 4096;
  self->concurrency = 1;
  self->gpu_util = 0.9;
  self->gpu_count = 1;
  self->gpu_layers = -1;
  self->flash_attn = g_strdup ("auto");
  self->budget_basis = g_strdup ("free");
  self->format_ids = g_ptr_array_new_with_free_func (g_free);
  self->kv_ids = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->updating++;
  for (guint i = 0; i < FIT_N_RUNTIMES; i++)
    gtk_string_list_append (self->runtime_list, fit_runtime_label (i));
  self->updating--;

  gtk_scale_set_format_value_func (self->context_scale, format_context_value, NULL, NULL);

  rebuild_format_list (self);
  rebuild_kv_list (self);
  update_context_marks (self);
  sync_widgets (self);
}

GtkWidget *
fit_controls_new (void)
{
  return g_object_new (FIT_TYPE_CONTROLS, NULL);
}

/**
 * fit_controls_set_model:
 * @self: a #FitControls
 * @model: (nullable): the model the settings apply to
 *
 * Limits the context to the model's window and the GPU layers to its layer
 * count, and offers the exact bytes of an opened file as a format.
 */
void
fit_controls_set_model (FitControls    *self,
                        const FitModel *model)
{
  gboolean has_exact;

  g_return_if_fail (FIT_IS_CONTROLS (self));

  has_exact = model != NULL && model->exact != NULL;
  g_clear_pointer (&self->exact_label, g_free);
  if (has_exact)
    self->exact_label = g_strdup (model->exact->format_label != NULL ? model->exact->format_label : "?");

  if (has_exact != self->has_exact_weights || has_exact)
    {
      self->has_exact_weights = has_exact;
      rebuild_format_list (self);
    }

  /* A model from a file is measured as it is unless the user picks a format. */
  if (!has_exact && g_strcmp0 (self->weight_format, "exact") == 0)
    fit_controls_set_weight_format (self, "");

  fit_controls_set_n_layers (self, model != NULL ? model->n_layers : 0);
  fit_controls_set_max_context (self, model != NULL ? model->context_window : 0);
  sync_widgets (self);
}

/**
 * fit_controls_get_settings:
 * @self: a #FitControls
 * @settings: (out): settings to fill
 *
 * Fills @settings from the controls. They still need fit_settings_resolve().
 */
void
fit_controls_get_settings (FitControls *self,
                           FitSettings *settings)
{
  FitKvType kv;
  FitWeightFormat fmt;

  g_return_if_fail (FIT_IS_CONTROLS (self));
  g_return_if_fail (settings != NULL);

  fit_settings_init (settings);
  settings->runtime = get_runtime (self);

  if (g_strcmp0 (self->weight_format, "exact") == 0)
    {
      settings->weights = FIT_WEIGHTS_EXACT;
      settings->weights_set = TRUE;
    }
  else if (self->weight_format[0] != '\0' && fit_weight_format_parse (self->weight_format, &fmt))
    {
      settings->weights = fmt;
      settings->weights_set = TRUE;
    }

  if (fit_kv_type_parse (self->kv_type, &kv))
    {
      settings->kv_k = kv;
      settings->kv_v = kv;
      settings->kv_set = TRUE;
    }

  settings->context = self->context;
  settings->concurrency = self->concurrency;
  settings->gpu_util = self->gpu_util;
  settings->gpu_count = self->gpu_count;
  settings->gpu_layers = fit_runtime_is_llamacpp (settings->runtime) ? self->gpu_layers : -1;

  if (g_strcmp0 (self->flash_attn, "on") == 0)
    settings->flash_attn = FIT_TRISTATE_ON;
  else if (g_strcmp0 (self->flash_attn, "off") == 0 && settings->runtime != FIT_RUNTIME_VLLM)
    settings->flash_attn = FIT_TRISTATE_OFF;
  else
    settings->flash_attn = FIT_TRISTATE_AUTO;

  settings->budget_basis = g_strcmp0 (self->budget_basis, "total") == 0 ? FIT_BUDGET_TOTAL : FIT_BUDGET_FREE;
}

/**
 * fit_controls_set_resolved:
 * @self: a #FitControls
 * @resolved: (nullable): the settings the estimate really used
 *
 * Says what "Automatic" chose, under the rows that offer it.
 */
void
fit_controls_set_resolved (FitControls       *self,
                           const FitSettings *resolved)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  if (resolved != NULL && self->weight_format[0] == '\0')
    {
      g_autofree char *subtitle = NULL;

      if (resolved->weights == FIT_WEIGHTS_EXACT)
        /* Translators: %s is the format of an opened file, such as "Q4_K_M". */
        subtitle = g_strdup_printf (_("Automatic uses the file as it is (%s)"),
                                    self->exact_label != NULL ? self->exact_label : "?");
      else
        /* Translators: %s is a weight format such as "Q4_K_M". */
        subtitle = g_strdup_printf (_("Automatic picks %s"), fit_weight_format_label (resolved->weights));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), subtitle);
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->format_row), NULL);
    }

  if (resolved != NULL && g_strcmp0 (self->flash_attn, "auto") == 0 && resolved->flash_attn != FIT_TRISTATE_AUTO)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->flash_row),
                                 resolved->flash_attn == FIT_TRISTATE_ON
                                 ? _("Automatic turns it on")
                                 : _("Automatic turns it off"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->flash_row), NULL);
}

#define DEFINE_STRING_PROPERTY(name, PROP)                                  \
const char *                                                                \
fit_controls_get_##name (FitControls *self)                                 \
{                                                                           \
  g_return_val_if_fail (FIT_IS_CONTROLS (self), NULL);                      \
  return self->name;                                                        \
}

DEFINE_STRING_PROPERTY (runtime, PROP_RUNTIME)
DEFINE_STRING_PROPERTY (weight_format, PROP_WEIGHT_FORMAT)
DEFINE_STRING_PROPERTY (kv_type, PROP_KV_TYPE)
DEFINE_STRING_PROPERTY (flash_attn, PROP_FLASH_ATTN)
DEFINE_STRING_PROPERTY (budget_basis, PROP_BUDGET_BASIS)

#undef DEFINE_STRING_PROPERTY

void
fit_controls_set_runtime (FitControls *self,
                          const char  *runtime)
{
  FitRuntime rt;
  FitKvType kv;
  FitWeightFormat fmt;

  g_return_if_fail (FIT_IS_CONTROLS (self));

  /* GSettings restricts the choices, but a hand-edited value must not break the window. */
  if (runtime == NULL || !fit_runtime_parse (runtime, &rt))
    {
      g_message ("Ignoring unknown runtime “%s”", runtime ? runtime : "(null)");
      return;
    }

  runtime = fit_runtime_id (rt);
  if (g_strcmp0 (runtime, self->runtime) == 0)
    return;

  g_free (self->runtime);
  self->runtime = g_strdup (runtime);

  rebuild_format_list (self);
  rebuild_kv_list (self);

  /* Keep the format and cache type when the new runtime takes them too. */
  if (self->weight_format[0] != '\0' && g_strcmp0 (self->weight_format, "exact") != 0 &&
      (!fit_weight_format_parse (self->weight_format, &fmt) || !fit_runtime_accepts_weights (rt, fmt)))
    {
      g_free (self->weight_format);
      self->weight_format = g_strdup ("");
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_WEIGHT_FORMAT]);
    }

  if (!fit_kv_type_parse (self->kv_type, &kv) || !fit_runtime_accepts_kv (rt, kv))
    {
      g_free (self->kv_type);
      self->kv_type = g_strdup ("f16");
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_KV_TYPE]);
    }

  sync_widgets (self);
  emit_changed (self, PROP_RUNTIME);
}

void
fit_controls_set_weight_format (FitControls *self,
                                const char  *weight_format)
{
  FitWeightFormat fmt;

  g_return_if_fail (FIT_IS_CONTROLS (self));

  if (weight_format == NULL)
    weight_format = "";

  if (weight_format[0] != '\0' && g_strcmp0 (weight_format, "exact") != 0)
    {
      if (!fit_weight_format_parse (weight_format, &fmt))
        {
          g_message ("Ignoring unknown weight format “%s”", weight_format);
          weight_format = "";
        }
      else
        {
          weight_format = fit_weight_format_id (fmt);
        }
    }

  if (g_strcmp0 (weight_format, self->weight_format) == 0)
    return;

  g_free (self->weight_format);
  self->weight_format = g_strdup (weight_format);

  sync_widgets (self);
  emit_changed (self, PROP_WEIGHT_FORMAT);
}

void
fit_controls_set_kv_type (FitControls *self,
                          const char  *kv_type)
{
  FitKvType kv;

  g_return_if_fail (FIT_IS_CONTROLS (self));

  if (kv_type == NULL || !fit_kv_type_parse (kv_type, &kv))
    {
      g_message ("Ignoring unknown KV cache type “%s”", kv_type ? kv_type : "(null)");
      return;
    }

  kv_type = fit_kv_type_id (kv);
  if (g_strcmp0 (kv_type, self->kv_type) == 0)
    return;

  g_free (self->kv_type);
  self->kv_type = g_strdup (kv_type);

  sync_widgets (self);
  emit_changed (self, PROP_KV_TYPE);
}

guint64
fit_controls_get_context (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), 0);

  return self->context;
}

void
fit_controls_set_context (FitControls *self,
                          guint64      context)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  context = CLAMP (context, 1, effective_max_context (self));
  if (context == self->context)
    return;

  self->context = context;

  sync_widgets (self);
  emit_changed (self, PROP_CONTEXT);
}

guint64
fit_controls_get_max_context (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), 0);

  return self->max_context;
}

void
fit_controls_set_max_context (FitControls *self,
                              guint64      max_context)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  max_context = MIN (max_context, FIT_MAX_CONTEXT);
  if (max_context == self->max_context)
    return;

  self->max_context = max_context;
  update_context_marks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_CONTEXT]);

  /* A shorter window pulls the context down with it. */
  if (max_context != 0 && self->context > max_context)
    fit_controls_set_context (self, max_context);
  else
    sync_widgets (self);
}

guint
fit_controls_get_concurrency (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), 0);

  return self->concurrency;
}

void
fit_controls_set_concurrency (FitControls *self,
                              guint        concurrency)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  concurrency = CLAMP (concurrency, 1, FIT_MAX_CONCURRENCY);
  if (concurrency == self->concurrency)
    return;

  self->concurrency = concurrency;

  sync_widgets (self);
  emit_changed (self, PROP_CONCURRENCY);
}

double
fit_controls_get_gpu_util (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), 0);

  return self->gpu_util;
}

void
fit_controls_set_gpu_util (FitControls *self,
                           double       gpu_util)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  if (!isfinite (gpu_util))
    return;

  gpu_util = CLAMP (gpu_util, 0.05, 1.0);
  if (G_APPROX_VALUE (gpu_util, self->gpu_util, 1e-9))
    return;

  self->gpu_util = gpu_util;

  sync_widgets (self);
  emit_changed (self, PROP_GPU_UTIL);
}

guint
fit_controls_get_gpu_count (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), 0);

  return self->gpu_count;
}

void
fit_controls_set_gpu_count (FitControls *self,
                            guint        gpu_count)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  gpu_count = CLAMP (gpu_count, 1, FIT_MAX_GPU_COUNT);
  if (gpu_count == self->gpu_count)
    return;

  self->gpu_count = gpu_count;

  sync_widgets (self);
  emit_changed (self, PROP_GPU_COUNT);
}

int
fit_controls_get_gpu_layers (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), -1);

  return self->gpu_layers;
}

void
fit_controls_set_gpu_layers (FitControls *self,
                             int          gpu_layers)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  gpu_layers = CLAMP (gpu_layers, -1, FIT_MAX_LAYERS);
  if (gpu_layers == self->gpu_layers)
    return;

  self->gpu_layers = gpu_layers;

  sync_widgets (self);
  emit_changed (self, PROP_GPU_LAYERS);
}

guint
fit_controls_get_n_layers (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), 0);

  return self->n_layers;
}

void
fit_controls_set_n_layers (FitControls *self,
                           guint        n_layers)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  n_layers = MIN (n_layers, FIT_MAX_LAYERS);
  if (n_layers == self->n_layers)
    return;

  self->n_layers = n_layers;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_LAYERS]);

  /* "All layers" stays all; a count beyond the new model is all of it. */
  if (n_layers != 0 && self->gpu_layers >= (int)n_layers)
    fit_controls_set_gpu_layers (self, -1);
  else
    sync_widgets (self);
}

void
fit_controls_set_flash_attn (FitControls *self,
                             const char  *flash_attn)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  if (!g_strv_contains (flash_ids, flash_attn ? flash_attn : ""))
    {
      g_message ("Ignoring unknown flash attention choice “%s”", flash_attn ? flash_attn : "(null)");
      return;
    }

  if (g_strcmp0 (flash_attn, self->flash_attn) == 0)
    return;

  g_free (self->flash_attn);
  self->flash_attn = g_strdup (flash_attn);

  sync_widgets (self);
  emit_changed (self, PROP_FLASH_ATTN);
}

void
fit_controls_set_budget_basis (FitControls *self,
                               const char  *budget_basis)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  if (g_strcmp0 (budget_basis, "free") != 0 && g_strcmp0 (budget_basis, "total") != 0)
    {
      g_message ("Ignoring unknown budget basis “%s”", budget_basis ? budget_basis : "(null)");
      return;
    }

  if (g_strcmp0 (budget_basis, self->budget_basis) == 0)
    return;

  g_free (self->budget_basis);
  self->budget_basis = g_strdup (budget_basis);

  sync_widgets (self);
  emit_changed (self, PROP_BUDGET_BASIS);
}

gboolean
fit_controls_get_detected_device (FitControls *self)
{
  g_return_val_if_fail (FIT_IS_CONTROLS (self), FALSE);

  return self->detected_device;
}

void
fit_controls_set_detected_device (FitControls *self,
                                  gboolean     detected_device)
{
  g_return_if_fail (FIT_IS_CONTROLS (self));

  detected_device = !!detected_device;
  if (detected_device == self->detected_device)
    return;

  self->detected_device = detected_device;
  sync_widgets (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DETECTED_DEVICE]);
}
