/* fit-gpu-amdgpu.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include "fit-gpu-private.h"

/* AMD GPUs through the amdgpu driver's sysfs attributes on the PCI device
 * (kernel Documentation/gpu/amdgpu/driver-misc.rst). They are decimal
 * bytes, world-readable, and visible inside Flatpak without a permission;
 * libdrm_amdgpu would give the same figures through an ioctl. */

/* An APU's carve-out is set in the firmware setup and rarely above this;
 * a dGPU has more, or a CPU-visible window smaller than its VRAM. */
#define APU_MAX_CARVE_OUT (G_GUINT64_CONSTANT (4) << 30)

static void
read_attribute (const char  *device_dir,
                const char  *name,
                FitGpuBytes *out)
{
  g_autofree char *path = g_build_filename (device_dir, name, NULL);
  g_autoptr(GError) error = NULL;
  guint64 value;

  if (fit_gpu_read_u64 (path, &value, &error))
    fit_gpu_bytes_set (out, value);
  else
    g_debug ("amdgpu: %s", error->message);
}

static FitGpuInfo *
read_card (const char *card_dir)
{
  g_autofree char *device_dir = g_build_filename (card_dir, "device", NULL);
  g_autofree char *driver_link = g_build_filename (device_dir, "driver", NULL);
  g_autofree char *driver = fit_gpu_read_link_basename (driver_link);
  g_autofree char *device_name = fit_gpu_read_link_basename (device_dir);
  g_autofree char *product_path = NULL;
  g_autofree char *product = NULL;
  g_autoptr(FitGpuInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  FitGpuBytes vis_total = { 0 };
  FitPciId pci_id;

  /* A card without its driver link is not bound to amdgpu (or the link is
   * broken): the PCI backend lists it with its ids. */
  if (g_strcmp0 (driver, "amdgpu") != 0)
    return NULL;

  if (!fit_gpu_read_pci_id (device_dir, &pci_id, &error))
    {
      g_debug ("amdgpu: %s", error->message);
      return NULL;
    }

  info = fit_gpu_info_new ();
  info->backend = "amdgpu";
  info->driver = g_steal_pointer (&driver);
  info->vendor = fit_gpu_vendor_from_pci (pci_id >> 16);
  info->pci_id = pci_id;
  info->bus_id = fit_gpu_bus_id_normalize (device_name);

  /* Only some server boards carry a product name in their FRU EEPROM. */
  product_path = g_build_filename (device_dir, "product_name", NULL);
  if (fit_gpu_read_text (product_path, &product, NULL) && product[0] != '\0')
    info->name = g_steal_pointer (&product);

  read_attribute (device_dir, "mem_info_vram_total", &info->local_total);
  read_attribute (device_dir, "mem_info_vram_used", &info->local_used);
  read_attribute (device_dir, "mem_info_vis_vram_total", &vis_total);
  read_attribute (device_dir, "mem_info_gtt_total", &info->shared_total);
  read_attribute (device_dir, "mem_info_gtt_used", &info->shared_used);

  if (info->local_total.known || info->shared_total.known)
    info->memory_source = "sysfs";

  /* An APU's "VRAM" is a small carve-out of RAM that the CPU sees whole,
   * and the GPU takes the rest from GTT: a small, fully visible VRAM next
   * to a larger GTT. The catalog corrects this guess for ids it knows. */
  info->unified_memory = info->local_total.known && vis_total.known && info->shared_total.known &&
                         vis_total.value == info->local_total.value &&
                         info->local_total.value <= APU_MAX_CARVE_OUT &&
                         info->shared_total.value > info->local_total.value;

  fit_gpu_info_update_totals (info);
  return g_steal_pointer (&info);
}

gboolean
fit_gpu_amdgpu_probe (const FitGpuProbeContext  *ctx,
                      GPtrArray                 *devices,
                      GError                   **error)
{
  g_autoptr(GPtrArray) cards = fit_gpu_list_drm_cards (ctx->sysfs_root);

  for (guint i = 0; i < cards->len; i++)
    {
      g_autofree char *card_dir = g_build_filename (ctx->sysfs_root, "class", "drm",
                                                    g_ptr_array_index (cards, i), NULL);
      FitGpuInfo *info = read_card (card_dir);

      if (info != NULL)
        g_ptr_array_add (devices, info);
    }

  return TRUE;
}
