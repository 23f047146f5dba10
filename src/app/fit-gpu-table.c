/* fit-gpu-table.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu-table"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-gpu-row.h"
#include "fit-gpu-table.h"
#include "fit-units.h"

typedef enum
{
  COLUMN_NAME,
  COLUMN_MEMORY,
  COLUMN_VERDICT,
  COLUMN_HEADROOM,
  COLUMN_MAX_CONCURRENCY,
  COLUMN_MAX_CONTEXT,
  N_COLUMNS
} Column;

/* The vendor and class drop-downs list these in this order after "All". */
static const FitVendor vendor_filters[] = {
  FIT_VENDOR_NVIDIA, FIT_VENDOR_AMD, FIT_VENDOR_INTEL, FIT_VENDOR_APPLE, FIT_VENDOR_OTHER,
};
static const FitDeviceClass class_filters[] = {
  FIT_DEVICE_CLASS_CONSUMER, FIT_DEVICE_CLASS_WORKSTATION, FIT_DEVICE_CLASS_DATACENTER,
  FIT_DEVICE_CLASS_APPLE, FIT_DEVICE_CLASS_INTEGRATED,
};

struct _FitGpuTable
{
  AdwBin           parent_instance;

  /* Template widgets */
  GtkWidget       *filters;
  GtkDropDown     *vendor_dropdown;
  GtkDropDown     *class_dropdown;
  GtkToggleButton *fits_only_button;
  GtkColumnView   *column_view;

  GListStore      *store;
  GtkCustomFilter *filter;
  GtkSortListModel *sort_model;
};

G_DEFINE_FINAL_TYPE (FitGpuTable, fit_gpu_table, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VENDOR_FILTER,
  PROP_CLASS_FILTER,
  N_PROPS
};

enum {
  DEVICE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FitGpuTable *self = user_data;
  FitGpuRow *row = item;
  guint vendor = gtk_drop_down_get_selected (self->vendor_dropdown);
  guint klass = gtk_drop_down_get_selected (self->class_dropdown);

  if (vendor > 0 && vendor <= G_N_ELEMENTS (vendor_filters) &&
      fit_gpu_row_get_vendor (row) != vendor_filters[vendor - 1])
    return FALSE;

  if (klass > 0 && klass <= G_N_ELEMENTS (class_filters) &&
      fit_gpu_row_get_class (row) != class_filters[klass - 1])
    return FALSE;

  if (gtk_toggle_button_get_active (self->fits_only_button) &&
      fit_gpu_row_get_verdict (row) == FIT_VERDICT_DOES_NOT_FIT)
    return FALSE;

  return TRUE;
}

static void
vendor_changed_cb (FitGpuTable *self,
                   GParamSpec  *pspec,
                   GtkDropDown *dropdown)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VENDOR_FILTER]);
}

static void
class_changed_cb (FitGpuTable *self,
                  GParamSpec  *pspec,
                  GtkDropDown *dropdown)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CLASS_FILTER]);
}

static void
fits_only_changed_cb (FitGpuTable     *self,
                      GParamSpec      *pspec,
                      GtkToggleButton *button)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
activate_cb (FitGpuTable   *self,
             guint          position,
             GtkColumnView *column_view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  g_autoptr(FitGpuRow) row = g_list_model_get_item (model, position);

  if (row != NULL)
    g_signal_emit (self, signals [DEVICE_ACTIVATED], 0, fit_gpu_row_get_id (row));
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), column == COLUMN_NAME || column == COLUMN_VERDICT ? 0 : 1);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column != COLUMN_NAME && column != COLUMN_VERDICT)
    gtk_widget_add_css_class (label, "numeric");

  if (column == COLUMN_VERDICT)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new ();

      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_item_set_child (list_item, box);
      return;
    }

  gtk_list_item_set_child (list_item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  FitGpuRow *row = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_NAME:
      if (fit_gpu_row_get_detected (row))
        /* Translators: a GPU found in this computer, in the table of GPUs. */
        text = g_strdup_printf (_("%s (this computer)"), fit_gpu_row_get_name (row));
      else
        text = g_strdup (fit_gpu_row_get_name (row));
      gtk_widget_set_tooltip_text (child, text);
      break;

    case COLUMN_MEMORY:
      text = fit_format_bytes (fit_gpu_row_get_memory (row));
      break;

    case COLUMN_VERDICT:
      {
        static const char *icons[] = { "emblem-ok-symbolic", "dialog-warning-symbolic", "dialog-error-symbolic" };
        static const char *classes[] = { "success", "warning", "error" };
        FitVerdict verdict = fit_gpu_row_get_verdict (row);
        GtkWidget *icon = gtk_widget_get_first_child (child);

        for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
          gtk_widget_remove_css_class (icon, classes[i]);
        gtk_image_set_from_icon_name (GTK_IMAGE (icon), icons[MIN (verdict, 2)]);
        gtk_widget_add_css_class (icon, classes[MIN (verdict, 2)]);

        child = gtk_widget_get_last_child (child);
        text = g_strdup (fit_verdict_label (verdict));
      }
      break;

    case COLUMN_HEADROOM:
      text = fit_format_bytes_signed (fit_gpu_row_get_headroom (row));
      break;

    case COLUMN_MAX_CONCURRENCY:
      text = fit_gpu_row_get_max_concurrency (row) != 0
             ? fit_format_count (fit_gpu_row_get_max_concurrency (row))
             /* Translators: no value, in a table cell. */
             : g_strdup (_("—"));
      break;

    case COLUMN_MAX_CONTEXT:
      text = fit_gpu_row_get_max_context (row) != 0
             ? fit_format_tokens_short (fit_gpu_row_get_max_context (row))
             : g_strdup (_("—"));
      break;

    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }

  gtk_label_set_label (GTK_LABEL (child), text);
}

static void
add_column (FitGpuTable *self,
            Column       column,
            const char  *title,
            const char  *property,
            gboolean     numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;
  GtkExpression *expression;
  GtkSorter *sorter;

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (column));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (column));

  view_column = gtk_column_view_column_new (title, factory);
  expression = gtk_property_expression_new (FIT_TYPE_GPU_ROW, NULL, property);
  if (numeric)
    sorter = GTK_SORTER (gtk_numeric_sorter_new (expression));
  else
    sorter = GTK_SORTER (gtk_string_sorter_new (expression));
  gtk_column_view_column_set_sorter (view_column, sorter);
  g_object_unref (sorter);

  gtk_column_view_column_set_expand (view_column, column == COLUMN_NAME);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
}

static void
fit_gpu_table_dispose (GObject *object)
{
  FitGpuTable *self = (FitGpuTable *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_GPU_TABLE);
  g_clear_object (&self->store);
  g_clear_object (&self->filter);
  g_clear_object (&self->sort_model);

  G_OBJECT_CLASS (fit_gpu_table_parent_class)->dispose (object);
}

static void
fit_gpu_table_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FitGpuTable *self = FIT_GPU_TABLE (object);

  switch (prop_id)
    {
    case PROP_VENDOR_FILTER:
      g_value_set_string (value, fit_gpu_table_get_vendor_filter (self));
      break;

    case PROP_CLASS_FILTER:
      g_value_set_string (value, fit_gpu_table_get_class_filter (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_gpu_table_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FitGpuTable *self = FIT_GPU_TABLE (object);

  switch (prop_id)
    {
    case PROP_VENDOR_FILTER:
      fit_gpu_table_set_vendor_filter (self, g_value_get_string (value));
      break;

    case PROP_CLASS_FILTER:
      fit_gpu_table_set_class_filter (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_gpu_table_class_init (FitGpuTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fit_gpu_table_dispose;
  object_class->get_property = fit_gpu_table_get_property;
  object_class->set_property = fit_gpu_table_set_property;

  /**
   * FitGpuTable:vendor-filter:
   *
   * The vendor shown ("nvidia", "amd", …), or %NULL for all.
   */
  properties [PROP_VENDOR_FILTER] = g_param_spec_string ("vendor-filter", NULL, NULL, NULL, flags);

  /**
   * FitGpuTable:class-filter:
   *
   * The class shown ("consumer", "datacenter", …), or %NULL for all.
   */
  properties [PROP_CLASS_FILTER] = g_param_spec_string ("class-filter", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FitGpuTable::device-activated:
   * @self: a #FitGpuTable
   * @device_id: the id of the GPU of the activated row
   */
  signals [DEVICE_ACTIVATED] =
    g_signal_new ("device-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-gpu-table.ui");
  gtk_widget_class_bind_template_child (widget_class, FitGpuTable, filters);
  gtk_widget_class_bind_template_child (widget_class, FitGpuTable, vendor_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FitGpuTable, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FitGpuTable, fits_only_button);
  gtk_widget_class_bind_template_child (widget_class, FitGpuTable, column_view);
  gtk_widget_class_bind_template_callback (widget_class, vendor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, class_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fits_only_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_set_css_name (widget_class, "gputable");
}

static void
fit_gpu_table_init (FitGpuTable *self)
{
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Tab goes straight to the filters, not to the flow box cells around them. */
  for (GtkWidget *child = gtk_widget_get_first_child (self->filters);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_focusable (child, FALSE);

  add_column (self, COLUMN_NAME, _("GPU"), "name", FALSE);
  add_column (self, COLUMN_MEMORY, _("Memory"), "memory", TRUE);
  add_column (self, COLUMN_VERDICT, _("Verdict"), "verdict", TRUE);
  /* Translators: a column heading: memory left over, or missing when negative. */
  add_column (self, COLUMN_HEADROOM, _("Headroom"), "headroom", TRUE);
  /* Translators: a column heading: the most sequences served at once. */
  add_column (self, COLUMN_MAX_CONCURRENCY, _("Max Sequences"), "max-concurrency", TRUE);
  add_column (self, COLUMN_MAX_CONTEXT, _("Max Context"), "max-context", TRUE);

  self->store = g_list_store_new (FIT_TYPE_GPU_ROW);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);

  /* Store → filter → sort (by the clicked column) → selection. The models
   * hold references to each other; the table keeps the ones it changes. */
  filter_model = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->store)),
                                            GTK_FILTER (g_object_ref (self->filter)));
  self->sort_model = gtk_sort_list_model_new (G_LIST_MODEL (filter_model),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sort_model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
}

GtkWidget *
fit_gpu_table_new (void)
{
  return g_object_new (FIT_TYPE_GPU_TABLE, NULL);
}

/**
 * fit_gpu_table_update:
 * @self: a #FitGpuTable
 * @model: (nullable): the model
 * @devices: (array length=n_devices): the GPUs to judge
 * @n_devices: how many
 * @settings: (nullable): resolved settings
 *
 * Judges every GPU with fit_solve_sweep() and shows the result.
 */
void
fit_gpu_table_update (FitGpuTable            *self,
                      const FitModel         *model,
                      const FitDevice *const *devices,
                      guint                   n_devices,
                      const FitSettings      *settings)
{
  g_autofree FitSweepRow *rows = NULL;
  g_autoptr(GPtrArray) items = NULL;

  g_return_if_fail (FIT_IS_GPU_TABLE (self));
  g_return_if_fail (devices != NULL || n_devices == 0);

  items = g_ptr_array_new_with_free_func (g_object_unref);

  if (model != NULL && settings != NULL && n_devices > 0)
    {
      rows = g_new0 (FitSweepRow, n_devices);
      fit_solve_sweep (model, devices, n_devices, settings, rows);

      for (guint i = 0; i < n_devices; i++)
        {
          if (rows[i].device != NULL)
            g_ptr_array_add (items, fit_gpu_row_new (&rows[i]));
        }
    }

  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
}

/**
 * fit_gpu_table_get_rows:
 * @self: a #FitGpuTable
 *
 * Returns: (transfer none): the rows as shown: filtered and sorted
 */
GListModel *
fit_gpu_table_get_rows (FitGpuTable *self)
{
  g_return_val_if_fail (FIT_IS_GPU_TABLE (self), NULL);

  return G_LIST_MODEL (self->sort_model);
}

const char *
fit_gpu_table_get_vendor_filter (FitGpuTable *self)
{
  guint selected;

  g_return_val_if_fail (FIT_IS_GPU_TABLE (self), NULL);

  selected = gtk_drop_down_get_selected (self->vendor_dropdown);
  if (selected == 0 || selected > G_N_ELEMENTS (vendor_filters))
    return NULL;

  return fit_vendor_to_string (vendor_filters[selected - 1]);
}

void
fit_gpu_table_set_vendor_filter (FitGpuTable *self,
                                 const char  *vendor)
{
  FitVendor value;
  guint selected = 0;

  g_return_if_fail (FIT_IS_GPU_TABLE (self));

  if (vendor != NULL && fit_vendor_from_string (vendor, &value))
    {
      for (guint i = 0; i < G_N_ELEMENTS (vendor_filters); i++)
        {
          if (vendor_filters[i] == value)
            selected = i + 1;
        }
    }

  /* The drop-down's notify runs vendor_changed_cb, which notifies. */
  gtk_drop_down_set_selected (self->vendor_dropdown, selected);
}

const char *
fit_gpu_table_get_class_filter (FitGpuTable *self)
{
  guint selected;

  g_return_val_if_fail (FIT_IS_GPU_TABLE (self), NULL);

  selected = gtk_drop_down_get_selected (self->class_dropdown);
  if (selected == 0 || selected > G_N_ELEMENTS (class_filters))
    return NULL;

  return fit_device_class_to_string (class_filters[selected - 1]);
}

void
fit_gpu_table_set_class_filter (FitGpuTable *self,
                                const char  *klass)
{
  FitDeviceClass value;
  guint selected = 0;

  g_return_if_fail (FIT_IS_GPU_TABLE (self));

  if (klass != NULL && fit_device_class_from_string (klass, &value))
    {
      for (guint i = 0; i < G_N_ELEMENTS (class_filters); i++)
        {
          if (class_filters[i] == value)
            selected = i + 1;
        }
    }

  gtk_drop_down_set_selected (self->class_dropdown, selected);
}
