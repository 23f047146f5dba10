/* fit-search-button.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-search-button"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-search-button.h"

/* One entry of the list. Rows are only built when the list is first
 * shown: two lists of a hundred rows each would otherwise delay the
 * window's first frame. */
typedef struct
{
  char      *id;
  char      *group;
  char      *title_text;
  char      *subtitle_text;
  char      *haystack;   /* casefolded title, subtitle, group and keywords */
  GtkWidget *row;        /* NULL until built */
  GtkLabel  *subtitle;
  GtkWidget *check;
} Item;

struct _FitSearchButton
{
  AdwBin          parent_instance;

  /* Template widgets */
  GtkMenuButton  *button;
  GtkImage       *icon;
  GtkLabel       *label;
  GtkPopover     *popover;
  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *list_box;

  char           *selected_id;
  char          **needles;
  GPtrArray      *items;
  gboolean        rows_built;
};

G_DEFINE_FINAL_TYPE (FitSearchButton, fit_search_button, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SELECTED_ID,
  PROP_LABEL,
  PROP_ICON_NAME,
  PROP_PLACEHOLDER_TEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
item_free (gpointer data)
{
  Item *item = data;

  g_free (item->id);
  g_free (item->group);
  g_free (item->title_text);
  g_free (item->subtitle_text);
  g_free (item->haystack);
  g_free (item);
}

static Item *
row_item (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "fit-item");
}

static gboolean
item_matches (FitSearchButton *self,
              const Item      *item)
{
  if (self->needles == NULL)
    return TRUE;

  for (guint i = 0; self->needles[i] != NULL; i++)
    {
      if (strstr (item->haystack, self->needles[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}

static guint
count_visible (FitSearchButton *self)
{
  guint n = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      if (item_matches (self, g_ptr_array_index (self->items, i)))
        n++;
    }

  return n;
}

static gboolean
filter_func (GtkListBoxRow *row,
             gpointer       user_data)
{
  return item_matches (FIT_SEARCH_BUTTON (user_data), row_item (row));
}

/* GtkListBox in GTK 4.8 has no section headers of its own: a header goes on
 * the first visible row of every group. */
static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  Item *item = row_item (row);
  Item *previous = before != NULL ? row_item (before) : NULL;
  GtkWidget *header;

  if (item->group == NULL || (previous != NULL && g_strcmp0 (previous->group, item->group) == 0))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_list_box_row_get_header (row);
  if (header == NULL)
    {
      header = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (header), 0);
      gtk_label_set_ellipsize (GTK_LABEL (header), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (header, "heading");
      gtk_widget_add_css_class (header, "search-list-header");
      gtk_list_box_row_set_header (row, header);
    }

  gtk_label_set_label (GTK_LABEL (header), item->group);
}

static GtkListBoxRow *
first_visible_row (FitSearchButton *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && item_matches (self, row_item (GTK_LIST_BOX_ROW (child))))
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void
update_checks (FitSearchButton *self)
{
  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (item->check != NULL)
        gtk_widget_set_visible (item->check, g_strcmp0 (item->id, self->selected_id) == 0);
    }
}

static void
build_row (FitSearchButton *self,
           Item            *item)
{
  GtkWidget *box;
  GtkWidget *text_box;
  GtkWidget *title;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_box_append (GTK_BOX (box), text_box);

  title = gtk_label_new (item->title_text);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (text_box), title);

  item->subtitle = GTK_LABEL (gtk_label_new (item->subtitle_text));
  gtk_label_set_xalign (item->subtitle, 0);
  gtk_label_set_ellipsize (item->subtitle, PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (GTK_WIDGET (item->subtitle), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (item->subtitle), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (item->subtitle), item->subtitle_text != NULL);
  gtk_box_append (GTK_BOX (text_box), GTK_WIDGET (item->subtitle));

  item->check = gtk_image_new_from_icon_name ("object-select-symbolic");
  gtk_widget_set_valign (item->check, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (item->check, g_strcmp0 (item->id, self->selected_id) == 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (item->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Selected"),
                                  -1);
  gtk_box_append (GTK_BOX (box), item->check);

  item->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (item->row), box);
  g_object_set_data (G_OBJECT (item->row), "fit-item", item);
  gtk_list_box_append (self->list_box, item->row);
}

static void
ensure_rows (FitSearchButton *self)
{
  if (self->rows_built)
    return;

  self->rows_built = TRUE;
  for (guint i = 0; i < self->items->len; i++)
    build_row (self, g_ptr_array_index (self->items, i));
}

static void
search_changed_cb (FitSearchButton *self,
                   GtkSearchEntry  *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *folded = g_utf8_casefold (text, -1);

  g_clear_pointer (&self->needles, g_strfreev);
  g_strstrip (folded);
  if (*folded != '\0')
    {
      g_auto(GStrv) words = g_strsplit_set (folded, " \t", -1);
      GPtrArray *needles = g_ptr_array_new ();

      /* Runs of spaces give empty words; drop them. */
      for (guint i = 0; words[i] != NULL; i++)
        {
          if (*words[i] != '\0')
            g_ptr_array_add (needles, g_strdup (words[i]));
        }
      g_ptr_array_add (needles, NULL);
      self->needles = (char **)g_ptr_array_free (needles, FALSE);
    }

  gtk_list_box_invalidate_filter (self->list_box);
  gtk_list_box_invalidate_headers (self->list_box);
  gtk_stack_set_visible_child_name (self->stack, count_visible (self) > 0 ? "list" : "empty");
}

static void
activate_row (FitSearchButton *self,
              GtkListBoxRow   *row)
{
  Item *item = row_item (row);

  gtk_popover_popdown (self->popover);
  fit_search_button_set_selected_id (self, item->id);
}

static void
search_activate_cb (FitSearchButton *self,
                    GtkSearchEntry  *entry)
{
  GtkListBoxRow *row = first_visible_row (self);

  if (row != NULL)
    activate_row (self, row);
}

static void
stop_search_cb (FitSearchButton *self,
                GtkSearchEntry  *entry)
{
  gtk_popover_popdown (self->popover);
}

static void
row_activated_cb (FitSearchButton *self,
                  GtkListBoxRow   *row,
                  GtkListBox      *list_box)
{
  activate_row (self, row);
}

static void
popover_show_cb (FitSearchButton *self,
                 GtkPopover      *popover)
{
  ensure_rows (self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       FitSearchButton       *self)
{
  GtkListBoxRow *row;

  /* Down moves from the search field into the results. */
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;

  if ((row = first_visible_row (self)) == NULL)
    return FALSE;

  gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

static void
fit_search_button_dispose (GObject *object)
{
  FitSearchButton *self = (FitSearchButton *)object;

  /* The bin's child is a bound template child: AdwBin lets go of it first,
   * or disposing the template would unparent it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_SEARCH_BUTTON);

  G_OBJECT_CLASS (fit_search_button_parent_class)->dispose (object);
}

static void
fit_search_button_finalize (GObject *object)
{
  FitSearchButton *self = (FitSearchButton *)object;

  g_clear_pointer (&self->selected_id, g_free);
  g_clear_pointer (&self->needles, g_strfreev);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (fit_search_button_parent_class)->finalize (object);
}

static void
fit_search_button_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FitSearchButton *self = FIT_SEARCH_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      g_value_set_string (value, self->selected_id);
      break;

    case PROP_LABEL:
      g_value_set_string (value, gtk_label_get_label (self->label));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, gtk_image_get_icon_name (self->icon));
      break;

    case PROP_PLACEHOLDER_TEXT:
      g_object_get_property (G_OBJECT (self->search_entry), "placeholder-text", value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_search_button_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FitSearchButton *self = FIT_SEARCH_BUTTON (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      fit_search_button_set_selected_id (self, g_value_get_string (value));
      break;

    case PROP_LABEL:
      fit_search_button_set_label (self, g_value_get_string (value));
      break;

    case PROP_ICON_NAME:
      fit_search_button_set_icon_name (self, g_value_get_string (value));
      break;

    case PROP_PLACEHOLDER_TEXT:
      {
        g_autofree char *old = NULL;

        /* GTK 4.8 has the property but not yet its accessors. */
        g_object_get (self->search_entry, "placeholder-text", &old, NULL);
        if (g_strcmp0 (g_value_get_string (value), old) != 0)
          {
            g_object_set_property (G_OBJECT (self->search_entry), "placeholder-text", value);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_search_button_class_init (FitSearchButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fit_search_button_dispose;
  object_class->finalize = fit_search_button_finalize;
  object_class->get_property = fit_search_button_get_property;
  object_class->set_property = fit_search_button_set_property;

  properties [PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL, NULL, flags);
  properties [PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties [PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL, flags);
  properties [PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-search-button.ui");
  gtk_widget_class_bind_template_child (widget_class, FitSearchButton, button);
  gtk_widget_class_bind_template_child (widget_class, FitSearchButton, icon);
  gtk_widget_class_bind_template_child (widget_class, FitSearchButton, label);
  gtk_widget_class_bind_template_child (widget_class, FitSearchButton, popover);
  gtk_widget_class_bind_template_child (widget_class, FitSearchButton, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FitSearchButton, stack);
  gtk_widget_class_bind_template_child (widget_class, FitSearchButton, list_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);

  gtk_widget_class_set_css_name (widget_class, "searchbutton");
}

static void
fit_search_button_init (FitSearchButton *self)
{
  GtkEventController *controller;

  self->items = g_ptr_array_new_with_free_func (item_free);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list_box, filter_func, self, NULL);
  gtk_list_box_set_header_func (self->list_box, header_func, self, NULL);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (search_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);
}

GtkWidget *
fit_search_button_new (void)
{
  return g_object_new (FIT_TYPE_SEARCH_BUTTON, NULL);
}

/**
 * fit_search_button_remove_all:
 * @self: a #FitSearchButton
 *
 * Removes every item, to add them again in a new order.
 */
void
fit_search_button_remove_all (FitSearchButton *self)
{
  GtkWidget *child;

  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);

  g_ptr_array_set_size (self->items, 0);
}

/**
 * fit_search_button_append:
 * @self: a #FitSearchButton
 * @id: what #FitSearchButton:selected-id becomes when the item is chosen
 * @group: (nullable): the heading of the item's group; consecutive items
 *   with the same group share one heading
 * @title: the item's name
 * @subtitle: (nullable): one line of detail
 * @keywords: (nullable): more text the search looks in
 */
void
fit_search_button_append (FitSearchButton *self,
                          const char      *id,
                          const char      *group,
                          const char      *title,
                          const char      *subtitle,
                          const char      *keywords)
{
  g_autofree char *joined = NULL;
  Item *item;

  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (title != NULL);

  item = g_new0 (Item, 1);
  item->id = g_strdup (id);
  item->group = g_strdup (group);
  item->title_text = g_strdup (title);
  item->subtitle_text = g_strdup (subtitle);
  joined = g_strjoin (" ", title, subtitle ? subtitle : "", group ? group : "", keywords ? keywords : "", id, NULL);
  item->haystack = g_utf8_casefold (joined, -1);
  g_ptr_array_add (self->items, item);

  if (self->rows_built)
    build_row (self, item);
}

/**
 * fit_search_button_set_subtitle:
 * @self: a #FitSearchButton
 * @id: an item's id
 * @subtitle: (nullable): its new detail line
 *
 * Changes one line in place, so that an open popover does not jump.
 */
void
fit_search_button_set_subtitle (FitSearchButton *self,
                                const char      *id,
                                const char      *subtitle)
{
  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));

  for (guint i = 0; i < self->items->len; i++)
    {
      Item *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->id, id) != 0)
        continue;

      g_free (item->subtitle_text);
      item->subtitle_text = g_strdup (subtitle);
      if (item->subtitle != NULL)
        {
          gtk_label_set_label (item->subtitle, subtitle);
          gtk_widget_set_visible (GTK_WIDGET (item->subtitle), subtitle != NULL);
        }
    }
}

const char *
fit_search_button_get_selected_id (FitSearchButton *self)
{
  g_return_val_if_fail (FIT_IS_SEARCH_BUTTON (self), NULL);

  return self->selected_id;
}

void
fit_search_button_set_selected_id (FitSearchButton *self,
                                   const char      *selected_id)
{
  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));

  if (g_strcmp0 (selected_id, self->selected_id) == 0)
    return;

  g_free (self->selected_id);
  self->selected_id = g_strdup (selected_id);
  update_checks (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED_ID]);
}

void
fit_search_button_set_label (FitSearchButton *self,
                             const char      *label)
{
  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));

  if (g_strcmp0 (label, gtk_label_get_label (self->label)) == 0)
    return;

  gtk_label_set_label (self->label, label);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LABEL]);
}

void
fit_search_button_set_icon_name (FitSearchButton *self,
                                 const char      *icon_name)
{
  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));

  if (g_strcmp0 (icon_name, gtk_image_get_icon_name (self->icon)) == 0)
    return;

  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), icon_name != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ICON_NAME]);
}

/**
 * fit_search_button_popup:
 * @self: a #FitSearchButton
 *
 * Opens the list with the keyboard focus in its search field.
 */
void
fit_search_button_popup (FitSearchButton *self)
{
  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));

  gtk_menu_button_popup (self->button);
}

/**
 * fit_search_button_set_search_text:
 * @self: a #FitSearchButton
 * @text: what to search for
 *
 * Filters the list as if @text had been typed.
 */
void
fit_search_button_set_search_text (FitSearchButton *self,
                                   const char      *text)
{
  g_return_if_fail (FIT_IS_SEARCH_BUTTON (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* search-changed is delayed while typing; apply the filter now. */
  search_changed_cb (self, self->search_entry);
}

/**
 * fit_search_button_get_n_visible:
 * @self: a #FitSearchButton
 *
 * Returns: how many items the current search shows
 */
guint
fit_search_button_get_n_visible (FitSearchButton *self)
{
  g_return_val_if_fail (FIT_IS_SEARCH_BUTTON (self), 0);

  return count_visible (self);
}
