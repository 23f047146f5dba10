/* fit-device-picker.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-device-picker"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-device-picker.h"
#include "fit-search-button.h"
#include "fit-units.h"

struct _FitDevicePicker
{
  AdwBin           parent_instance;

  FitSearchButton *button;

  FitCatalog      *catalog;
  GPtrArray       *detected;   /* FitDevice *, copies */
  char            *device_id;
  gboolean         detecting;
};

G_DEFINE_FINAL_TYPE (FitDevicePicker, fit_device_picker, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_DEVICE_ID,
  PROP_DETECTING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char *
class_label (FitDeviceClass klass)
{
  switch (klass)
    {
    case FIT_DEVICE_CLASS_CONSUMER:
      /* Translators: a class of GPUs: gaming and desktop cards. */
      return _("Consumer");
    case FIT_DEVICE_CLASS_WORKSTATION:
      return _("Workstation");
    case FIT_DEVICE_CLASS_DATACENTER:
      return _("Data Centre");
    case FIT_DEVICE_CLASS_APPLE:
      return _("Apple Silicon");
    case FIT_DEVICE_CLASS_INTEGRATED:
      return _("Integrated and Embedded");
    case FIT_N_DEVICE_CLASSES:
    default:
      return _("Other");
    }
}

static const char *
vendor_label (FitVendor vendor)
{
  switch (vendor)
    {
    case FIT_VENDOR_NVIDIA:
      return "NVIDIA";
    case FIT_VENDOR_AMD:
      return "AMD";
    case FIT_VENDOR_INTEL:
      return "Intel";
    case FIT_VENDOR_APPLE:
      return "Apple";
    case FIT_VENDOR_OTHER:
    case FIT_N_VENDORS:
    default:
      /* Translators: GPUs of other vendors. */
      return _("Other Vendors");
    }
}

static const FitDevice *
find_device (FitDevicePicker *self,
             const char      *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->detected->len; i++)
    {
      const FitDevice *device = g_ptr_array_index (self->detected, i);

      if (g_strcmp0 (device->id, id) == 0)
        return device;
    }

  return self->catalog != NULL ? fit_catalog_find_device (self->catalog, id) : NULL;
}

static int
compare_devices (gconstpointer a,
                 gconstpointer b)
{
  const FitDevice *da = *(const FitDevice **)a;
  const FitDevice *db = *(const FitDevice **)b;

  if (da->user_entry != db->user_entry)
    return da->user_entry ? -1 : 1;
  if (da->vendor != db->vendor)
    return da->vendor < db->vendor ? -1 : 1;
  if (da->klass != db->klass)
    return da->klass < db->klass ? -1 : 1;
  if (da->memory_bytes != db->memory_bytes)
    return da->memory_bytes < db->memory_bytes ? -1 : 1;
  return g_utf8_collate (da->name ? da->name : "", db->name ? db->name : "");
}

static char *
describe_detected (const FitDevice *device)
{
  g_autofree char *total = fit_format_bytes (device->memory_bytes);

  if (device->memory_bytes == 0)
    /* Translators: a detected GPU whose driver does not report its memory. */
    return g_strdup (_("Memory size unknown"));

  if (device->used_known && device->used_bytes <= device->memory_bytes)
    {
      g_autofree char *free_text = fit_format_bytes (device->memory_bytes - device->used_bytes);

      /* Translators: "10.2 GiB free of 12 GiB", memory of a GPU in this computer. */
      return g_strdup_printf (_("%s free of %s"), free_text, total);
    }

  /* Translators: %s is a memory size; the driver does not say how much is in use. */
  return g_strdup_printf (_("%s, use unknown"), total);
}

static char *
describe_catalog (const FitDevice *device)
{
  g_autofree char *memory = fit_format_bytes (device->memory_bytes);
  g_autofree char *bandwidth = NULL;

  if (device->bandwidth_gbps <= 0)
    return g_strdup_printf ("%s%s%s", memory,
                            device->memory_type ? " " : "",
                            device->memory_type ? device->memory_type : "");

  /* Translators: memory bandwidth in decimal gigabytes per second. */
  bandwidth = g_strdup_printf (_("%.0f GB/s"), device->bandwidth_gbps);
  /* Translators: "24 GiB GDDR6X · 1008 GB/s": size, memory type, bandwidth. */
  return g_strdup_printf (_("%s %s · %s"), memory,
                          device->memory_type ? device->memory_type : "",
                          bandwidth);
}

static void
rebuild (FitDevicePicker *self)
{
  g_autoptr(GPtrArray) devices = g_ptr_array_new ();
  guint n = self->catalog != NULL ? fit_catalog_get_n_devices (self->catalog) : 0;

  fit_search_button_remove_all (self->button);

  for (guint i = 0; i < self->detected->len; i++)
    {
      const FitDevice *device = g_ptr_array_index (self->detected, i);
      g_autofree char *subtitle = describe_detected (device);

      fit_search_button_append (self->button, device->id,
                                /* Translators: the heading of the GPUs found in this computer. */
                                _("This Computer"),
                                device->name, subtitle, vendor_label (device->vendor));
    }

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (devices, (gpointer)fit_catalog_get_device (self->catalog, i));
  g_ptr_array_sort (devices, compare_devices);

  for (guint i = 0; i < devices->len; i++)
    {
      const FitDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *subtitle = describe_catalog (device);
      g_autofree char *group = NULL;
      g_autofree char *keywords = g_strjoin (" ",
                                             vendor_label (device->vendor),
                                             class_label (device->klass),
                                             device->architecture ? device->architecture : "",
                                             NULL);

      if (device->user_entry)
        /* Translators: the heading of the GPUs the user added. */
        group = g_strdup (_("Your GPUs"));
      else
        /* Translators: a group heading, vendor and class: "NVIDIA · Consumer". */
        group = g_strdup_printf (_("%s · %s"), vendor_label (device->vendor), class_label (device->klass));

      fit_search_button_append (self->button, device->id, group, device->name, subtitle, keywords);
    }
}

static void
update_label (FitDevicePicker *self)
{
  const FitDevice *device = find_device (self, self->device_id);

  if (device != NULL)
    {
      fit_search_button_set_label (self->button, device->name);
      fit_search_button_set_icon_name (self->button, device->detected ? "computer-symbolic" : NULL);
    }
  else
    {
      /* Translators: the GPU button's label before a GPU is chosen. */
      fit_search_button_set_label (self->button, _("Choose a GPU"));
      fit_search_button_set_icon_name (self->button, NULL);
    }
}

static void
selected_id_cb (FitDevicePicker *self,
                GParamSpec      *pspec,
                FitSearchButton *button)
{
  fit_device_picker_set_device_id (self, fit_search_button_get_selected_id (button));
}

static void
fit_device_picker_dispose (GObject *object)
{
  FitDevicePicker *self = (FitDevicePicker *)object;

  /* The bin's child is a bound template child: AdwBin lets go of it first,
   * or disposing the template would unparent it behind AdwBin's back. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FIT_TYPE_DEVICE_PICKER);

  G_OBJECT_CLASS (fit_device_picker_parent_class)->dispose (object);
}

static void
fit_device_picker_finalize (GObject *object)
{
  FitDevicePicker *self = (FitDevicePicker *)object;

  g_clear_pointer (&self->catalog, fit_catalog_unref);
  g_clear_pointer (&self->detected, g_ptr_array_unref);
  g_clear_pointer (&self->device_id, g_free);

  G_OBJECT_CLASS (fit_device_picker_parent_class)->finalize (object);
}

static void
fit_device_picker_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FitDevicePicker *self = FIT_DEVICE_PICKER (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      g_value_set_string (value, self->device_id);
      break;

    case PROP_DETECTING:
      g_value_set_boolean (value, self->detecting);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_device_picker_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FitDevicePicker *self = FIT_DEVICE_PICKER (object);

  switch (prop_id)
    {
    case PROP_DEVICE_ID:
      fit_device_picker_set_device_id (self, g_value_get_string (value));
      break;

    case PROP_DETECTING:
      fit_device_picker_set_detecting (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_device_picker_class_init (FitDevicePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = fit_device_picker_dispose;
  object_class->finalize = fit_device_picker_finalize;
  object_class->get_property = fit_device_picker_get_property;
  object_class->set_property = fit_device_picker_set_property;

  /**
   * FitDevicePicker:device-id:
   *
   * The chosen GPU: a catalog id, or "detected:N" for a GPU in this computer.
   */
  properties [PROP_DEVICE_ID] =
    g_param_spec_string ("device-id", NULL, NULL, NULL, flags);

  /**
   * FitDevicePicker:detecting:
   *
   * Whether detection is still looking for the GPUs of this computer.
   */
  properties [PROP_DETECTING] =
    g_param_spec_boolean ("detecting", NULL, NULL, FALSE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FIT_TYPE_SEARCH_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/fit-device-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, FitDevicePicker, button);
  gtk_widget_class_bind_template_callback (widget_class, selected_id_cb);

  gtk_widget_class_set_css_name (widget_class, "devicepicker");
}

static void
fit_device_picker_init (FitDevicePicker *self)
{
  self->detected = g_ptr_array_new_with_free_func ((GDestroyNotify)fit_device_free);

  gtk_widget_init_template (GTK_WIDGET (self));
  update_label (self);
}

GtkWidget *
fit_device_picker_new (void)
{
  return g_object_new (FIT_TYPE_DEVICE_PICKER, NULL);
}

void
fit_device_picker_set_catalog (FitDevicePicker *self,
                               FitCatalog      *catalog)
{
  g_return_if_fail (FIT_IS_DEVICE_PICKER (self));

  if (catalog == self->catalog)
    return;

  g_clear_pointer (&self->catalog, fit_catalog_unref);
  if (catalog != NULL)
    self->catalog = fit_catalog_ref (catalog);

  rebuild (self);
  update_label (self);
}

/**
 * fit_device_picker_set_detected:
 * @self: a #FitDevicePicker
 * @devices: (array length=n_devices): the GPUs of this computer
 * @n_devices: how many
 *
 * Lists @devices under "This Computer". When only their memory use changed,
 * the rows are updated in place so an open list does not jump.
 */
void
fit_device_picker_set_detected (FitDevicePicker        *self,
                                const FitDevice *const *devices,
                                guint                   n_devices)
{
  gboolean same_devices;

  g_return_if_fail (FIT_IS_DEVICE_PICKER (self));
  g_return_if_fail (devices != NULL || n_devices == 0);

  same_devices = n_devices == self->detected->len;
  for (guint i = 0; same_devices && i < n_devices; i++)
    {
      const FitDevice *old = g_ptr_array_index (self->detected, i);

      same_devices = g_strcmp0 (old->id, devices[i]->id) == 0 && g_strcmp0 (old->name, devices[i]->name) == 0;
    }

  g_ptr_array_set_size (self->detected, 0);
  for (guint i = 0; i < n_devices; i++)
    g_ptr_array_add (self->detected, fit_device_copy (devices[i]));

  if (same_devices)
    {
      for (guint i = 0; i < n_devices; i++)
        {
          g_autofree char *subtitle = describe_detected (devices[i]);

          fit_search_button_set_subtitle (self->button, devices[i]->id, subtitle);
        }
    }
  else
    {
      rebuild (self);
    }

  update_label (self);
}

const char *
fit_device_picker_get_device_id (FitDevicePicker *self)
{
  g_return_val_if_fail (FIT_IS_DEVICE_PICKER (self), NULL);

  return self->device_id;
}

void
fit_device_picker_set_device_id (FitDevicePicker *self,
                                 const char      *device_id)
{
  g_return_if_fail (FIT_IS_DEVICE_PICKER (self));

  if (g_strcmp0 (device_id, self->device_id) == 0)
    return;

  g_free (self->device_id);
  self->device_id = g_strdup (device_id);

  fit_search_button_set_selected_id (self->button, device_id);
  update_label (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEVICE_ID]);
}

gboolean
fit_device_picker_get_detecting (FitDevicePicker *self)
{
  g_return_val_if_fail (FIT_IS_DEVICE_PICKER (self), FALSE);

  return self->detecting;
}

void
fit_device_picker_set_detecting (FitDevicePicker *self,
                                 gboolean         detecting)
{
  g_return_if_fail (FIT_IS_DEVICE_PICKER (self));

  detecting = !!detecting;
  if (detecting == self->detecting)
    return;

  self->detecting = detecting;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button),
                               detecting
                               ? _("Choose a GPU (Ctrl+D). Looking for the GPUs of this computer…")
                               : _("Choose a GPU (Ctrl+D)"));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DETECTING]);
}

/**
 * fit_device_picker_popup:
 * @self: a #FitDevicePicker
 *
 * Opens the list of GPUs, ready to search.
 */
void
fit_device_picker_popup (FitDevicePicker *self)
{
  g_return_if_fail (FIT_IS_DEVICE_PICKER (self));

  fit_search_button_popup (self->button);
}

guint
fit_device_picker_get_n_visible (FitDevicePicker *self)
{
  g_return_val_if_fail (FIT_IS_DEVICE_PICKER (self), 0);

  return fit_search_button_get_n_visible (self->button);
}

void
fit_device_picker_set_search_text (FitDevicePicker *self,
                                   const char      *text)
{
  g_return_if_fail (FIT_IS_DEVICE_PICKER (self));

  fit_search_button_set_search_text (self->button, text);
}
