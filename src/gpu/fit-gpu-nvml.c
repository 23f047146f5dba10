/* fit-gpu-nvml.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include <dlfcn.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fit-gpu-nvml-types.h"
#include "fit-gpu-private.h"

/* NVIDIA GPUs through NVML, loaded with dlopen as nvtop does: the library
 * comes with the proprietary driver (or, in Flatpak, with the matching
 * org.freedesktop.Platform.GL.nvidia extension), and its absence is the
 * normal case on every other machine. */

typedef struct
{
  void *module;

  fit_nvmlReturn_t   (*init)           (void);
  fit_nvmlReturn_t   (*shutdown)       (void);
  const char        *(*error_string)   (fit_nvmlReturn_t);
  fit_nvmlReturn_t   (*get_count)      (unsigned int *);
  fit_nvmlReturn_t   (*get_handle)     (unsigned int, fit_nvmlDevice_t *);
  fit_nvmlReturn_t   (*get_name)       (fit_nvmlDevice_t, char *, unsigned int);
  fit_nvmlReturn_t   (*get_pci_info)   (fit_nvmlDevice_t, fit_nvmlPciInfo_t *);
  fit_nvmlReturn_t   (*get_memory)     (fit_nvmlDevice_t, fit_nvmlMemory_t *);
  fit_nvmlReturn_t   (*get_memory_v2)  (fit_nvmlDevice_t, fit_nvmlMemory_v2_t *);
  fit_nvmlReturn_t   (*get_cuda_cc)    (fit_nvmlDevice_t, int *, int *);
  fit_nvmlReturn_t   (*driver_version) (char *, unsigned int);
} Nvml;

/* Loaded libraries by path, never unloaded: a hung call may still be inside
 * one, and NVML does not support being dlclosed and reopened anyway. The
 * table and every NVML call are guarded by the "busy" flag, so a call that
 * hangs makes later probes give up after their time limit instead of piling
 * up threads on a lock. */
static GMutex      nvml_mutex;
static GCond       nvml_cond;
static gboolean    nvml_busy;
static GHashTable *nvml_libraries;

static gboolean
nvml_acquire (guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean acquired = TRUE;

  g_mutex_lock (&nvml_mutex);
  while (nvml_busy && acquired)
    acquired = g_cond_wait_until (&nvml_cond, &nvml_mutex, deadline);
  if (!nvml_busy)
    {
      nvml_busy = TRUE;
      acquired = TRUE;
    }
  else
    acquired = FALSE;
  g_mutex_unlock (&nvml_mutex);

  return acquired;
}

static void
nvml_release (void)
{
  g_mutex_lock (&nvml_mutex);
  nvml_busy = FALSE;
  g_cond_broadcast (&nvml_cond);
  g_mutex_unlock (&nvml_mutex);
}

/* glibc keeps the last dl error in a per-thread block that it frees only at
 * the next successful dl call, at a second dlerror(), or when the thread
 * exits. Detection runs in a short-lived thread, so a process that exits
 * while that thread is winding down would leak it; releasing it at once
 * keeps leak checkers quiet and the state clean. */
static void
release_dl_error (void)
{
  if (dlerror () != NULL)
    (void) dlerror ();
}

static gpointer
lookup_symbol (void        *module,
               const char  *first_name,
               ...)
{
  const char *name = first_name;
  gpointer sym = NULL;
  va_list args;

  /* The newest versioned name first, as nvtop does: the unversioned
   * symbols are kept by NVML for old binaries and may behave differently. */
  va_start (args, first_name);
  while (name != NULL && sym == NULL)
    {
      sym = dlsym (module, name);
      name = va_arg (args, const char *);
    }
  va_end (args);

  if (sym == NULL)
    release_dl_error ();

  return sym;
}

static Nvml *
nvml_load (const char  *path,
           GError     **error)
{
  g_autofree Nvml *nvml = NULL;
  void *module;

  if (nvml_libraries == NULL)
    nvml_libraries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  nvml = g_hash_table_lookup (nvml_libraries, path);
  if (nvml != NULL)
    return g_steal_pointer (&nvml);

  module = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (module == NULL)
    {
      const char *msg = dlerror ();

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The NVIDIA management library is not available: %s"),
                   msg != NULL ? msg : path);
      release_dl_error ();
      return NULL;
    }

  nvml = g_new0 (Nvml, 1);
  nvml->module = module;
  nvml->init = lookup_symbol (module, "nvmlInit_v2", "nvmlInit", NULL);
  nvml->shutdown = lookup_symbol (module, "nvmlShutdown", NULL);
  nvml->error_string = lookup_symbol (module, "nvmlErrorString", NULL);
  nvml->get_count = lookup_symbol (module, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount", NULL);
  nvml->get_handle = lookup_symbol (module, "nvmlDeviceGetHandleByIndex_v2",
                                    "nvmlDeviceGetHandleByIndex", NULL);
  nvml->get_name = lookup_symbol (module, "nvmlDeviceGetName", NULL);
  nvml->get_pci_info = lookup_symbol (module, "nvmlDeviceGetPciInfo_v3", "nvmlDeviceGetPciInfo_v2",
                                      "nvmlDeviceGetPciInfo", NULL);
  nvml->get_memory = lookup_symbol (module, "nvmlDeviceGetMemoryInfo", NULL);
  nvml->get_memory_v2 = lookup_symbol (module, "nvmlDeviceGetMemoryInfo_v2", NULL);
  nvml->get_cuda_cc = lookup_symbol (module, "nvmlDeviceGetCudaComputeCapability", NULL);
  nvml->driver_version = lookup_symbol (module, "nvmlSystemGetDriverVersion", NULL);

  if (nvml->init == NULL || nvml->shutdown == NULL || nvml->get_count == NULL ||
      nvml->get_handle == NULL || nvml->get_pci_info == NULL ||
      (nvml->get_memory == NULL && nvml->get_memory_v2 == NULL))
    {
      /* Keep the module open: it may be a library other code holds too. */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s lacks functions every NVML has; it is not the NVIDIA management library"),
                   path);
      return NULL;
    }

  g_hash_table_insert (nvml_libraries, g_strdup (path), nvml);
  return g_steal_pointer (&nvml);
}

static const char *
nvml_strerror (Nvml             *nvml,
               fit_nvmlReturn_t  ret)
{
  const char *msg = nvml->error_string != NULL ? nvml->error_string (ret) : NULL;

  return msg != NULL ? msg : "unknown error";
}

static void
set_init_error (Nvml             *nvml,
                fit_nvmlReturn_t  ret,
                GError          **error)
{
  switch (ret)
    {
    case FIT_NVML_ERROR_DRIVER_NOT_LOADED:
      g_set_error_literal (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_FAILED,
                           _("The NVIDIA driver is not loaded"));
      break;

    case FIT_NVML_ERROR_LIB_RM_VERSION_MISMATCH:
      g_set_error_literal (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_FAILED,
                           _("The NVIDIA management library does not match the running driver; "
                             "in Flatpak, the NVIDIA runtime extension must match the host driver"));
      break;

    default:
      g_set_error (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_FAILED,
                   _("The NVIDIA management library failed to start: %s (%d)"),
                   nvml_strerror (nvml, ret), ret);
      break;
    }
}

static void
read_memory (Nvml                     *nvml,
             fit_nvmlDevice_t          dev,
             const FitGpuProbeContext *ctx,
             FitGpuInfo               *info)
{
  fit_nvmlReturn_t ret = FIT_NVML_ERROR_FUNCTION_NOT_FOUND;
  fit_nvmlMemory_t mem = { 0 };
  gboolean soc;
  guint64 ram_total, ram_available;

  /* v1 is enough for total and used, and every driver has it. Its "used"
   * includes the driver's reserve, which is right for "what is free". */
  if (nvml->get_memory != NULL)
    ret = nvml->get_memory (dev, &mem);

  if (ret == FIT_NVML_SUCCESS && mem.total > 0)
    {
      fit_gpu_bytes_set (&info->local_total, mem.total);
      fit_gpu_bytes_set (&info->local_used, mem.used);
      info->memory_source = "nvml";
      fit_gpu_info_update_totals (info);
      return;
    }

  /* A Jetson or a GB10 has no memory of its own: v1 says NOT_SUPPORTED, or
   * a total of 0, and v2 may still answer. */
  soc = ret == FIT_NVML_SUCCESS || ret == FIT_NVML_ERROR_NOT_SUPPORTED;

  if (nvml->get_memory_v2 != NULL)
    {
      fit_nvmlMemory_v2_t mem2 = { .version = FIT_NVML_MEMORY_V2_VERSION };
      fit_nvmlReturn_t ret2 = nvml->get_memory_v2 (dev, &mem2);

      if (ret2 == FIT_NVML_SUCCESS && mem2.total > 0)
        {
          guint64 used;

          /* v2's used leaves out the reserve; count it, as v1 does. */
          if (!g_uint64_checked_add (&used, mem2.used, mem2.reserved))
            used = G_MAXUINT64;
          info->unified_memory = soc;
          fit_gpu_bytes_set (&info->local_total, mem2.total);
          fit_gpu_bytes_set (&info->local_used, used);
          info->memory_source = "nvml";
          fit_gpu_info_update_totals (info);
          return;
        }

      g_debug ("nvml: %s: nvmlDeviceGetMemoryInfo_v2: %s (%d)",
               info->bus_id, nvml_strerror (nvml, ret2), ret2);
    }

  if (soc && fit_gpu_meminfo_read (ctx->proc_root, &ram_total, &ram_available, NULL))
    {
      /* As nvtop does: CUDA on these SoCs may allocate all of RAM, so the
       * budget is MemTotal and what is free is MemAvailable. */
      info->unified_memory = TRUE;
      info->memory_source = "meminfo";
      fit_gpu_bytes_set (&info->memory_total, ram_total);
      fit_gpu_bytes_set (&info->memory_used, ram_total - ram_available);
      fit_gpu_bytes_set (&info->memory_free, ram_available);
      fit_gpu_bytes_set (&info->shared_total, ram_total);
      fit_gpu_bytes_set (&info->shared_used, ram_total - ram_available);
      return;
    }

  /* Kept with its memory unknown: the name and ids still match it to the
   * catalog. */
  g_debug ("nvml: %s: no memory figures: %s (%d)", info->bus_id, nvml_strerror (nvml, ret), ret);
}

static FitGpuInfo *
read_device (Nvml                     *nvml,
             unsigned int              index,
             const char               *driver_version,
             const FitGpuProbeContext *ctx)
{
  g_autoptr(FitGpuInfo) info = fit_gpu_info_new ();
  fit_nvmlDevice_t dev = NULL;
  fit_nvmlPciInfo_t pci = { { 0 } };
  char name[FIT_NVML_NAME_BUFFER_SIZE] = { 0 };
  fit_nvmlReturn_t ret;
  int major = -1, minor = -1;
  guint16 vendor, device;

  ret = nvml->get_handle (index, &dev);
  if (ret != FIT_NVML_SUCCESS)
    {
      g_debug ("nvml: device %u: no handle: %s (%d)", index, nvml_strerror (nvml, ret), ret);
      return NULL;
    }

  /* Without its PCI address the device could not be told apart from the
   * PCI listing of the same card; that listing then stands in for it. */
  ret = nvml->get_pci_info (dev, &pci);
  if (ret != FIT_NVML_SUCCESS)
    {
      g_debug ("nvml: device %u: no PCI info: %s (%d)", index, nvml_strerror (nvml, ret), ret);
      return NULL;
    }

  vendor = pci.pciDeviceId & 0xffff;
  device = pci.pciDeviceId >> 16;
  info->backend = "nvml";
  info->driver = g_strdup ("nvidia");
  info->driver_version = g_strdup (driver_version);
  info->vendor = FIT_VENDOR_NVIDIA;
  info->pci_id = ((FitPciId) vendor << 16) | device;
  info->bus_id = g_strdup_printf ("%04x:%02x:%02x.0", pci.domain, pci.bus & 0xff, pci.device & 0x1f);

  if (nvml->get_name != NULL)
    {
      ret = nvml->get_name (dev, name, sizeof name);
      /* A name that fills the buffer may come without its NUL. */
      name[sizeof name - 1] = '\0';
      if (ret == FIT_NVML_SUCCESS && name[0] != '\0')
        info->name = g_utf8_make_valid (name, -1);
      else
        g_debug ("nvml: %s: no name: %s (%d)", info->bus_id, nvml_strerror (nvml, ret), ret);
    }

  if (nvml->get_cuda_cc != NULL &&
      nvml->get_cuda_cc (dev, &major, &minor) == FIT_NVML_SUCCESS &&
      major > 0 && major < 100 && minor >= 0 && minor < 100)
    info->compute_capability = g_strdup_printf ("%d.%d", major, minor);

  read_memory (nvml, dev, ctx, info);

  return g_steal_pointer (&info);
}

static gboolean
probe_locked (const FitGpuProbeContext  *ctx,
              GPtrArray                 *devices,
              GError                   **error)
{
  char driver_version[FIT_NVML_DRIVER_VERSION_BUFFER_SIZE] = { 0 };
  unsigned int count = 0;
  fit_nvmlReturn_t ret;
  Nvml *nvml;

  nvml = nvml_load (ctx->nvml_library, error);
  if (nvml == NULL)
    return FALSE;

  ret = nvml->init ();
  if (ret != FIT_NVML_SUCCESS)
    {
      set_init_error (nvml, ret, error);
      return FALSE;
    }

  ret = nvml->get_count (&count);
  if (ret != FIT_NVML_SUCCESS)
    {
      g_set_error (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_FAILED,
                   _("The NVIDIA management library could not count the GPUs: %s (%d)"),
                   nvml_strerror (nvml, ret), ret);
      nvml->shutdown ();
      return FALSE;
    }

  if (nvml->driver_version != NULL &&
      nvml->driver_version (driver_version, sizeof driver_version) == FIT_NVML_SUCCESS)
    driver_version[sizeof driver_version - 1] = '\0';
  else
    driver_version[0] = '\0';

  /* NVML supports at most 64 GPUs per machine; a larger count is garbage. */
  for (unsigned int i = 0; i < MIN (count, 64u); i++)
    {
      FitGpuInfo *info = read_device (nvml, i, driver_version[0] != '\0' ? driver_version : NULL, ctx);

      if (info != NULL)
        g_ptr_array_add (devices, info);
    }

  nvml->shutdown ();
  return TRUE;
}

gboolean
fit_gpu_nvml_probe (const FitGpuProbeContext  *ctx,
                    GPtrArray                 *devices,
                    GError                   **error)
{
  gboolean ret;

  /* Half the time limit: give up on a busy NVML before the caller gives up
   * on us, so that the note says why. */
  if (!nvml_acquire (ctx->timeout_ms / 2))
    {
      g_set_error_literal (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_FAILED,
                           _("An earlier call into the NVIDIA management library has not returned"));
      return FALSE;
    }

  ret = probe_locked (ctx, devices, error);
  nvml_release ();

  return ret;
}
