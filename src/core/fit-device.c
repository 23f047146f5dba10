/* fit-device.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-device"

#include "config.h"

#include <string.h>

#include "fit-device.h"

FitDevice *
fit_device_new (void)
{
  FitDevice *self = g_new0 (FitDevice, 1);

  self->unified_share = 1.0;
  return self;
}

FitDevice *
fit_device_copy (const FitDevice *self)
{
  FitDevice *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->id = g_strdup (self->id);
  copy->name = g_strdup (self->name);
  copy->architecture = g_strdup (self->architecture);
  copy->memory_type = g_strdup (self->memory_type);
  copy->catalog_id = g_strdup (self->catalog_id);
  copy->source_url = g_strdup (self->source_url);
  copy->notes = g_strdup (self->notes);
  return copy;
}

void
fit_device_free (FitDevice *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->name);
  g_free (self->architecture);
  g_free (self->memory_type);
  g_free (self->catalog_id);
  g_free (self->source_url);
  g_free (self->notes);
  g_free (self);
}

/**
 * fit_device_usable_bytes:
 *
 * The memory one GPU of this kind may use at most. For discrete cards that
 * is what the driver reports; unified-memory machines give the GPU only a
 * share of RAM by default (macOS: about three quarters).
 */
guint64
fit_device_usable_bytes (const FitDevice *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->unified_memory && !self->detected && self->unified_share > 0.0 && self->unified_share < 1.0)
    return (guint64) (self->memory_bytes * self->unified_share);

  return self->memory_bytes;
}

static const char *vendor_names[FIT_N_VENDORS] = {
  [FIT_VENDOR_NVIDIA] = "NVIDIA",
  [FIT_VENDOR_AMD]    = "AMD",
  [FIT_VENDOR_INTEL]  = "Intel",
  [FIT_VENDOR_APPLE]  = "Apple",
  [FIT_VENDOR_OTHER]  = "Other",
};

const char *
fit_vendor_to_string (FitVendor vendor)
{
  return vendor < FIT_N_VENDORS ? vendor_names[vendor] : "Other";
}

gboolean
fit_vendor_from_string (const char *str,
                        FitVendor  *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; str != NULL && i < FIT_N_VENDORS; i++)
    {
      if (g_ascii_strcasecmp (str, vendor_names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

static const char *class_names[FIT_N_DEVICE_CLASSES] = {
  [FIT_DEVICE_CLASS_CONSUMER]    = "consumer",
  [FIT_DEVICE_CLASS_WORKSTATION] = "workstation",
  [FIT_DEVICE_CLASS_DATACENTER]  = "datacenter",
  [FIT_DEVICE_CLASS_APPLE]       = "apple",
  [FIT_DEVICE_CLASS_INTEGRATED]  = "integrated",
};

const char *
fit_device_class_to_string (FitDeviceClass klass)
{
  return klass < FIT_N_DEVICE_CLASSES ? class_names[klass] : "consumer";
}

gboolean
fit_device_class_from_string (const char     *str,
                              FitDeviceClass *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; str != NULL && i < FIT_N_DEVICE_CLASSES; i++)
    {
      if (g_ascii_strcasecmp (str, class_names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  return FALSE;
}

char *
fit_pci_id_to_string (FitPciId id)
{
  return g_strdup_printf ("%04x:%04x", id >> 16, id & 0xffff);
}

static gboolean
parse_hex16 (const char *s,
             gsize       len,
             guint32    *out)
{
  guint32 v = 0;

  if (len == 0 || len > 4)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      int d = g_ascii_xdigit_value (s[i]);

      if (d < 0)
        return FALSE;
      v = (v << 4) | (guint32) d;
    }

  *out = v;
  return TRUE;
}

/* Accepts "10de:2684" (and "0x10de:0x2684"), case-insensitive. */
gboolean
fit_pci_id_parse (const char *str,
                  FitPciId   *out)
{
  const char *colon;
  const char *dev;
  guint32 vendor, device;

  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL || (colon = strchr (str, ':')) == NULL)
    return FALSE;

  if (g_str_has_prefix (str, "0x") || g_str_has_prefix (str, "0X"))
    str += 2;
  dev = colon + 1;
  if (g_str_has_prefix (dev, "0x") || g_str_has_prefix (dev, "0X"))
    dev += 2;

  if (!parse_hex16 (str, colon - str, &vendor) || !parse_hex16 (dev, strlen (dev), &device))
    return FALSE;

  *out = (vendor << 16) | device;
  return TRUE;
}
