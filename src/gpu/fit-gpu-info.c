/* fit-gpu-info.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fit-gpu-private.h"

G_DEFINE_QUARK (fit-gpu-detect-error-quark, fit_gpu_detect_error)

FitGpuInfo *
fit_gpu_info_new (void)
{
  return g_new0 (FitGpuInfo, 1);
}

FitGpuInfo *
fit_gpu_info_copy (const FitGpuInfo *self)
{
  FitGpuInfo *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->name = g_strdup (self->name);
  copy->vendor_name = g_strdup (self->vendor_name);
  copy->bus_id = g_strdup (self->bus_id);
  copy->driver = g_strdup (self->driver);
  copy->driver_version = g_strdup (self->driver_version);
  copy->compute_capability = g_strdup (self->compute_capability);
  copy->catalog_id = g_strdup (self->catalog_id);
  return copy;
}

void
fit_gpu_info_free (FitGpuInfo *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->vendor_name);
  g_free (self->bus_id);
  g_free (self->driver);
  g_free (self->driver_version);
  g_free (self->compute_capability);
  g_free (self->catalog_id);
  g_free (self);
}

/**
 * fit_gpu_info_get_vendor_name:
 *
 * "NVIDIA", "AMD", "Intel", or the pci.ids vendor name of anything else.
 */
const char *
fit_gpu_info_get_vendor_name (const FitGpuInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->vendor == FIT_VENDOR_OTHER && self->vendor_name != NULL)
    return self->vendor_name;

  return fit_vendor_to_string (self->vendor);
}

void
fit_gpu_bytes_set (FitGpuBytes *bytes,
                   guint64      value)
{
  bytes->value = value;
  bytes->known = TRUE;
}

static gboolean
parse_hex_field (const char  *start,
                 const char  *end,
                 guint        max_digits,
                 guint32     *out)
{
  guint32 value = 0;

  if (end <= start || (guint) (end - start) > max_digits)
    return FALSE;

  for (const char *p = start; p < end; p++)
    {
      int d = g_ascii_xdigit_value (*p);

      if (d < 0)
        return FALSE;
      value = (value << 4) | (guint32) d;
    }

  *out = value;
  return TRUE;
}

/**
 * fit_gpu_bus_id_normalize:
 *
 * Sysfs writes "0000:01:00.0", NVML "00000000:01:00.0": compare the
 * numbers, not the strings. Returns the sysfs spelling, or NULL when
 * @bus_id is not a PCI address.
 */
char *
fit_gpu_bus_id_normalize (const char *bus_id)
{
  const char *c1, *c2, *dot;
  guint32 domain, bus, dev, fn;

  if (bus_id == NULL)
    return NULL;

  c2 = strrchr (bus_id, ':');
  if (c2 == NULL)
    return NULL;

  /* The domain is optional ("01:00.0" is valid lspci output). */
  for (c1 = c2 - 1; c1 >= bus_id && *c1 != ':'; c1--)
    ;
  if (c1 < bus_id)
    {
      domain = 0;
      c1 = bus_id - 1;
    }
  else if (!parse_hex_field (bus_id, c1, 8, &domain))
    return NULL;

  dot = strchr (c2, '.');
  if (dot == NULL ||
      !parse_hex_field (c1 + 1, c2, 2, &bus) ||
      !parse_hex_field (c2 + 1, dot, 2, &dev) ||
      !parse_hex_field (dot + 1, dot + strlen (dot), 1, &fn) ||
      dev > 0x1f || fn > 7)
    return NULL;

  return g_strdup_printf ("%04x:%02x:%02x.%x", domain, bus, dev, fn);
}

/**
 * fit_gpu_info_same_device:
 *
 * Whether two backends reported one card. The PCI address decides when
 * both know it (two identical cards have one id but two addresses);
 * otherwise the vendor:device id does.
 */
gboolean
fit_gpu_info_same_device (const FitGpuInfo *a,
                          const FitGpuInfo *b)
{
  if (a->bus_id != NULL && b->bus_id != NULL)
    return g_strcmp0 (a->bus_id, b->bus_id) == 0;

  return a->pci_id != 0 && a->pci_id == b->pci_id;
}

static gboolean
check_pair (const FitGpuBytes  *total,
            const FitGpuBytes  *used,
            const char         *what,
            char              **reason)
{
  if (total->known && total->value == 0)
    {
      /* Translators: %s is "memory", "local memory" or "shared memory". */
      *reason = g_strdup_printf (_("reports 0 bytes of %s"), what);
      return FALSE;
    }

  if ((total->known && total->value > FIT_GPU_MAX_SANE_BYTES) ||
      (used->known && used->value > FIT_GPU_MAX_SANE_BYTES))
    {
      *reason = g_strdup_printf (_("reports an implausible amount of %s"), what);
      return FALSE;
    }

  if (total->known && used->known && used->value > total->value)
    {
      *reason = g_strdup_printf (_("reports more %s used (%" PRIu64 " bytes) "
                                   "than it has (%" PRIu64 " bytes)"),
                                 what, used->value, total->value);
      return FALSE;
    }

  return TRUE;
}

/**
 * fit_gpu_info_check:
 *
 * Rejects figures no driver should produce: zero or absurd totals, more
 * used than there is. Such a device is dropped with @reason logged, and the
 * generic PCI backend lists it again with its memory unknown.
 */
gboolean
fit_gpu_info_check (const FitGpuInfo  *info,
                    char             **reason)
{
  g_assert (reason != NULL);

  if (!check_pair (&info->memory_total, &info->memory_used, _("memory"), reason) ||
      !check_pair (&info->local_total, &info->local_used, _("local memory"), reason) ||
      !check_pair (&info->shared_total, &info->shared_used, _("shared memory"), reason))
    return FALSE;

  if (info->memory_total.known && info->memory_free.known &&
      info->memory_free.value > info->memory_total.value)
    {
      *reason = g_strdup (_("reports more free memory than it has"));
      return FALSE;
    }

  return TRUE;
}

static gboolean
sum_known (const FitGpuBytes *a,
           const FitGpuBytes *b,
           FitGpuBytes       *out)
{
  guint64 sum;

  if (!a->known || !b->known || !g_uint64_checked_add (&sum, a->value, b->value))
    {
      out->known = FALSE;
      out->value = 0;
      return FALSE;
    }

  fit_gpu_bytes_set (out, sum);
  return TRUE;
}

/**
 * fit_gpu_info_update_totals:
 *
 * Derives the budget from the local and shared figures: the local memory of
 * a discrete card; carve-out plus GTT for an APU, which is the pool that
 * llama.cpp's Vulkan and ROCm backends allocate from. Free is what is left
 * of the budget.
 */
void
fit_gpu_info_update_totals (FitGpuInfo *info)
{
  if (info->unified_memory && info->shared_total.known)
    {
      sum_known (&info->local_total, &info->shared_total, &info->memory_total);
      sum_known (&info->local_used, &info->shared_used, &info->memory_used);
    }
  else
    {
      info->memory_total = info->local_total;
      info->memory_used = info->local_used;
    }

  if (info->memory_total.known && info->memory_used.known &&
      info->memory_used.value <= info->memory_total.value)
    fit_gpu_bytes_set (&info->memory_free, info->memory_total.value - info->memory_used.value);
  else
    info->memory_free = (FitGpuBytes) { 0, FALSE };
}

static void
add_bytes (JsonBuilder       *builder,
           const char        *key,
           const FitGpuBytes *bytes)
{
  json_builder_set_member_name (builder, key);
  if (bytes->known)
    json_builder_add_int_value (builder, (gint64) bytes->value);
  else
    json_builder_add_null_value (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/**
 * fit_gpu_info_list_to_json:
 * @infos: (element-type FitGpuInfo): detected devices
 *
 * The array `fitmygpu-cli detect --json` prints. Unknown figures are null,
 * never 0. For unified memory, `memory_total_bytes` is the budget.
 */
JsonNode *
fit_gpu_info_list_to_json (GPtrArray *infos)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (infos != NULL, NULL);

  json_builder_begin_array (builder);
  for (guint i = 0; i < infos->len; i++)
    {
      const FitGpuInfo *info = g_ptr_array_index (infos, i);
      g_autofree char *pci_id = info->pci_id != 0 ? fit_pci_id_to_string (info->pci_id) : NULL;
      g_autofree char *id = g_strdup_printf ("detected:%u", i);

      json_builder_begin_object (builder);
      add_string (builder, "id", id);
      add_string (builder, "name", info->name);
      add_string (builder, "vendor", fit_gpu_info_get_vendor_name (info));
      add_string (builder, "pci_id", pci_id);
      add_string (builder, "bus_id", info->bus_id);
      add_bytes (builder, "memory_total_bytes", &info->memory_total);
      add_bytes (builder, "memory_used_bytes", &info->memory_used);
      add_bytes (builder, "memory_free_bytes", &info->memory_free);
      json_builder_set_member_name (builder, "unified_memory");
      json_builder_add_boolean_value (builder, info->unified_memory);
      add_bytes (builder, "local_memory_bytes", &info->local_total);
      add_bytes (builder, "shared_memory_bytes", &info->shared_total);
      add_string (builder, "memory_source", info->memory_source);
      add_string (builder, "backend", info->backend);
      add_string (builder, "driver", info->driver);
      add_string (builder, "driver_version", info->driver_version);
      add_string (builder, "compute_capability", info->compute_capability);
      add_string (builder, "catalog_id", info->catalog_id);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}
