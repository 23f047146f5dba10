/* fit-gpu-pci.c
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

/* Every PCI display controller, whatever its driver: the fallback that
 * lists a card NVML or sysfs could not describe (nouveau, a Flatpak without
 * the NVIDIA extension, a backend that hung), with its ids and no memory.
 * Detection drops these entries when a richer backend reported the card. */

static gboolean
is_display_class (guint32 klass)
{
  switch (klass >> 8)
    {
    case 0x0300:  /* VGA compatible controller */
    case 0x0302:  /* 3D controller: most datacenter and Optimus NVIDIA GPUs */
    case 0x0380:  /* display controller: some AMD Instinct boards */
      return TRUE;
    default:
      return FALSE;
    }
}

/* Drivers that bind display hardware without being a GPU (Resources keeps
 * the same list). */
static gboolean
is_blocklisted_driver (const char *driver)
{
  return g_strcmp0 (driver, "simple-framebuffer") == 0 || g_strcmp0 (driver, "evdi") == 0;
}

/* The proprietary driver names its GPUs in procfs even where NVML is not
 * reachable: "Model: \t\t NVIDIA GeForce RTX 4090". */
static char *
read_nvidia_proc_model (const char *proc_root,
                        const char *bus_id)
{
  g_autofree char *path = g_build_filename (proc_root, "driver", "nvidia", "gpus", bus_id,
                                            "information", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!fit_gpu_read_text (path, &text, NULL))
    return NULL;

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "Model:"))
        {
          char *model = g_strstrip (g_strdup (lines[i] + strlen ("Model:")));

          if (*model != '\0')
            return model;
          g_free (model);
        }
    }

  return NULL;
}

static FitGpuInfo *
read_device (const FitGpuProbeContext *ctx,
             const char               *devices_dir,
             const char               *entry)
{
  g_autofree char *device_dir = g_build_filename (devices_dir, entry, NULL);
  g_autofree char *class_path = g_build_filename (device_dir, "class", NULL);
  g_autofree char *driver_link = g_build_filename (device_dir, "driver", NULL);
  g_autofree char *bus_id = fit_gpu_bus_id_normalize (entry);
  g_autofree char *driver = NULL;
  g_autofree char *vendor_name = NULL;
  g_autofree char *device_name = NULL;
  g_autoptr(FitGpuInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  guint32 klass;
  FitPciId pci_id;

  if (bus_id == NULL)
    return NULL;

  if (!fit_gpu_read_hex (class_path, 0xffffff, &klass, &error))
    {
      g_debug ("pci: %s", error->message);
      return NULL;
    }

  if (!is_display_class (klass))
    return NULL;

  driver = fit_gpu_read_link_basename (driver_link);
  if (is_blocklisted_driver (driver))
    return NULL;

  if (!fit_gpu_read_pci_id (device_dir, &pci_id, &error))
    {
      g_debug ("pci: %s", error->message);
      return NULL;
    }

  info = fit_gpu_info_new ();
  info->backend = "pci";
  info->driver = g_steal_pointer (&driver);
  info->vendor = fit_gpu_vendor_from_pci (pci_id >> 16);
  info->pci_id = pci_id;
  info->bus_id = g_steal_pointer (&bus_id);

  if (info->vendor == FIT_VENDOR_NVIDIA)
    info->name = read_nvidia_proc_model (ctx->proc_root, info->bus_id);

  if (fit_gpu_pci_ids_lookup (ctx->pci_ids, pci_id, &vendor_name, &device_name))
    {
      if (info->name == NULL)
        info->name = g_steal_pointer (&device_name);
      if (info->vendor == FIT_VENDOR_OTHER)
        info->vendor_name = g_steal_pointer (&vendor_name);
    }

  return g_steal_pointer (&info);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
fit_gpu_pci_probe (const FitGpuProbeContext  *ctx,
                   GPtrArray                 *devices,
                   GError                   **error)
{
  g_autofree char *devices_dir = g_build_filename (ctx->sysfs_root, "bus", "pci", "devices", NULL);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  dir = g_dir_open (devices_dir, 0, &local_error);
  if (dir == NULL)
    {
      /* No PCI bus at all (some ARM boards), or no sysfs: nothing to list. */
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      g_set_error (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_FAILED,
                   _("Could not list the PCI devices: %s"), local_error->message);
      return FALSE;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (entries, g_strdup (name));
  g_ptr_array_sort (entries, compare_strings);

  for (guint i = 0; i < entries->len; i++)
    {
      FitGpuInfo *info = read_device (ctx, devices_dir, g_ptr_array_index (entries, i));

      if (info != NULL)
        g_ptr_array_add (devices, info);
    }

  return TRUE;
}
