/* fit-gpu-match.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fit-gpu-private.h"

static guint64
abs_diff (guint64 a,
          guint64 b)
{
  return a > b ? a - b : b - a;
}

static gboolean
has_pci_id (const FitDevice *device,
            FitPciId         pci_id)
{
  for (guint i = 0; i < MIN (device->n_pci_ids, FIT_MAX_PCI_IDS); i++)
    {
      if (device->pci_ids[i] == pci_id)
        return TRUE;
    }

  return FALSE;
}

/* One PCI id can name several products: 1002:744c is both the RX 7900 XT
 * (20 GiB) and the XTX (24 GiB). The detected memory picks between them. */
static const FitDevice *
find_by_pci (FitCatalog       *catalog,
             const FitGpuInfo *info)
{
  const FitDevice *best = fit_catalog_find_device_by_pci (catalog, info->pci_id);
  const FitGpuBytes *detected = info->local_total.known ? &info->local_total : &info->memory_total;
  guint n;

  if (best == NULL || !detected->known || info->unified_memory)
    return best;

  n = fit_catalog_get_n_devices (catalog);
  for (guint i = 0; i < n; i++)
    {
      const FitDevice *candidate = fit_catalog_get_device (catalog, i);

      if (candidate != NULL && candidate != best && has_pci_id (candidate, info->pci_id) &&
          abs_diff (candidate->memory_bytes, detected->value) <
          abs_diff (best->memory_bytes, detected->value))
        best = candidate;
    }

  return best;
}

/* NVML says "NVIDIA GeForce RTX 4090", pci.ids "AD102 [GeForce RTX 4090]",
 * the catalog "GeForce RTX 4090": try each spelling. */
static const FitDevice *
find_by_name (FitCatalog *catalog,
              const char *name)
{
  static const char * const vendor_prefixes[] = { "NVIDIA ", "AMD ", "Intel(R) ", "Intel " };
  const FitDevice *found;
  const char *open, *close;

  if ((found = fit_catalog_find_device_by_name (catalog, name)) != NULL)
    return found;

  for (guint i = 0; i < G_N_ELEMENTS (vendor_prefixes); i++)
    {
      if (g_str_has_prefix (name, vendor_prefixes[i]) &&
          (found = fit_catalog_find_device_by_name (catalog, name + strlen (vendor_prefixes[i]))) != NULL)
        return found;
    }

  open = strchr (name, '[');
  close = open != NULL ? strchr (open, ']') : NULL;
  if (close != NULL && close > open + 1)
    {
      g_autofree char *inner = g_strndup (open + 1, close - open - 1);

      return fit_catalog_find_device_by_name (catalog, inner);
    }

  return NULL;
}

/**
 * fit_gpu_info_match_catalog:
 *
 * Links @info to its catalog entry, by PCI id first and then by name, and
 * fills in a name where the driver gave none: the catalog's, then pci.ids',
 * then "vendor:device". Memory figures are left as detected, except that a
 * known integrated part turns the amdgpu figures into a unified budget.
 */
void
fit_gpu_info_match_catalog (FitGpuInfo *info,
                            FitCatalog *catalog,
                            const char *pci_ids_path)
{
  const FitDevice *match = NULL;

  if (catalog != NULL && info->pci_id != 0)
    match = find_by_pci (catalog, info);
  if (catalog != NULL && match == NULL && info->name != NULL)
    match = find_by_name (catalog, info->name);

  g_clear_pointer (&info->catalog_id, g_free);
  if (match != NULL)
    {
      info->catalog_id = g_strdup (match->id);

      /* The catalog knows which parts are APUs better than our carve-out
       * heuristic does (a Strix Halo may carve out 96 GiB). */
      if (g_strcmp0 (info->backend, "amdgpu") == 0 &&
          info->local_total.known && info->shared_total.known)
        {
          gboolean integrated = match->klass == FIT_DEVICE_CLASS_INTEGRATED || match->unified_memory;

          if (integrated != info->unified_memory)
            {
              info->unified_memory = integrated;
              fit_gpu_info_update_totals (info);
            }
        }
    }

  if (info->name == NULL && match != NULL && match->name != NULL)
    info->name = g_strdup (match->name);

  if (info->name == NULL && info->pci_id != 0 && g_strcmp0 (info->backend, "pci") != 0)
    {
      g_autofree char *vendor_name = NULL;
      g_autofree char *device_name = NULL;

      fit_gpu_pci_ids_lookup (pci_ids_path, info->pci_id, &vendor_name, &device_name);
      info->name = g_steal_pointer (&device_name);
      if (info->vendor == FIT_VENDOR_OTHER && info->vendor_name == NULL)
        info->vendor_name = g_steal_pointer (&vendor_name);
    }

  if (info->name == NULL)
    info->name = info->pci_id != 0 ? fit_pci_id_to_string (info->pci_id) : g_strdup (_("Unknown GPU"));
}

/**
 * fit_gpu_info_to_device:
 * @info: a detected GPU
 * @catalog: (nullable): the catalog it was matched against
 * @index: its position in the detected list
 *
 * A FitDevice for the estimator: bandwidth, TFLOPS, class and the rest come
 * from the matched catalog entry; the memory size and what other processes
 * hold are the detected ones. For unified memory, memory_bytes is the
 * budget the GPU may use (so unified_share is 1). Only when the driver did
 * not report a size does the catalog's nominal size stand in, with
 * used_known unset and a note saying so.
 *
 * Returns: (transfer full): a device with id "detected:<index>"
 */
FitDevice *
fit_gpu_info_to_device (const FitGpuInfo *info,
                        FitCatalog       *catalog,
                        guint             index)
{
  const FitDevice *entry = NULL;
  FitDevice *device;

  g_return_val_if_fail (info != NULL, NULL);

  if (catalog != NULL && info->catalog_id != NULL)
    entry = fit_catalog_find_device (catalog, info->catalog_id);

  device = entry != NULL ? fit_device_copy (entry) : fit_device_new ();

  g_free (device->id);
  device->id = g_strdup_printf ("detected:%u", index);
  g_free (device->catalog_id);
  device->catalog_id = entry != NULL ? g_strdup (entry->id) : NULL;
  if (info->name != NULL)
    {
      g_free (device->name);
      device->name = g_strdup (info->name);
    }
  else if (device->name == NULL)
    device->name = g_strdup (_("Unknown GPU"));

  device->vendor = info->vendor;
  device->detected = TRUE;
  device->user_entry = FALSE;
  device->unified_share = 1.0;

  if (info->pci_id != 0)
    {
      device->pci_ids[0] = info->pci_id;
      device->n_pci_ids = 1;
    }
  else
    device->n_pci_ids = 0;

  if (info->memory_total.known)
    {
      device->memory_bytes = info->memory_total.value;
      device->unified_memory = info->unified_memory;
      device->used_known = info->memory_used.known;
      device->used_bytes = info->memory_used.known ? info->memory_used.value : 0;
    }
  else
    {
      g_autofree char *old_notes = device->notes;
      const char *note = _("The driver did not report the memory size: the catalog’s figure stands in.");

      /* Nothing better is known, and 0 would make every model "not fit". */
      device->memory_bytes = entry != NULL ? entry->memory_bytes : 0;
      device->unified_memory = info->unified_memory || (entry != NULL && entry->unified_memory);
      device->used_known = FALSE;
      device->used_bytes = 0;
      device->notes = old_notes != NULL ? g_strdup_printf ("%s %s", note, old_notes) : g_strdup (note);
    }

  if (entry == NULL)
    device->klass = device->unified_memory ? FIT_DEVICE_CLASS_INTEGRATED : FIT_DEVICE_CLASS_CONSUMER;

  return device;
}
