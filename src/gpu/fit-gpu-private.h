/* fit-gpu-private.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-gpu-detect.h"

G_BEGIN_DECLS

/* Detection never trusts a figure above this: no GPU, and no unified-memory
 * machine a desktop app runs on, has 16 TiB. A larger value is a parse or
 * driver bug. */
#define FIT_GPU_MAX_SANE_BYTES (G_GUINT64_CONSTANT (16) << 40)

#define FIT_GPU_DEFAULT_TIMEOUT_MS 2000

/* Where the backends look. Read from the environment once, in the calling
 * thread, so that backend threads never call getenv(). */
typedef struct
{
  char  *sysfs_root;     /* $FITMYGPU_SYSFS_ROOT or /sys */
  char  *proc_root;      /* $FITMYGPU_PROC_ROOT or /proc */
  char  *dev_root;       /* $FITMYGPU_DEV_ROOT or /dev; NULL: no ioctls */
  char  *nvml_library;   /* $FITMYGPU_NVML_LIBRARY or libnvidia-ml.so.1 */
  char  *pci_ids;        /* $FITMYGPU_PCI_IDS, NULL: the system copies */
  guint  timeout_ms;     /* $FITMYGPU_DETECT_TIMEOUT_MS or 2000 */
} FitGpuProbeContext;

FitGpuProbeContext *fit_gpu_probe_context_new_from_env (void);
FitGpuProbeContext *fit_gpu_probe_context_copy         (const FitGpuProbeContext *self);
void                fit_gpu_probe_context_free         (FitGpuProbeContext       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitGpuProbeContext, fit_gpu_probe_context_free)

/* One backend: appends FitGpuInfo to @devices. FALSE with @error when it
 * could not look at all (no NVML, no sysfs); finding nothing is TRUE. */
typedef gboolean (*FitGpuProbeFunc) (const FitGpuProbeContext  *ctx,
                                     GPtrArray                 *devices,
                                     GError                   **error);

typedef struct
{
  const char      *name;
  FitGpuProbeFunc  probe;
} FitGpuBackend;

gboolean    fit_gpu_nvml_probe   (const FitGpuProbeContext *ctx,
                                  GPtrArray                *devices,
                                  GError                  **error);
gboolean    fit_gpu_amdgpu_probe (const FitGpuProbeContext *ctx,
                                  GPtrArray                *devices,
                                  GError                  **error);
gboolean    fit_gpu_intel_probe  (const FitGpuProbeContext *ctx,
                                  GPtrArray                *devices,
                                  GError                  **error);
gboolean    fit_gpu_pci_probe    (const FitGpuProbeContext *ctx,
                                  GPtrArray                *devices,
                                  GError                  **error);

/* Runs every backend under @ctx; @notes (nullable) collects one translated
 * line per backend or device that was skipped. */
GPtrArray  *fit_gpu_detect_run   (const FitGpuProbeContext *ctx,
                                  FitCatalog               *catalog,
                                  GPtrArray                *notes);

/* fit-gpu-sysfs.c: bounded, strict readers of small kernel files. */
gboolean    fit_gpu_read_text     (const char  *path,
                                   char       **out,
                                   GError     **error);
gboolean    fit_gpu_read_u64      (const char  *path,
                                   guint64     *out,
                                   GError     **error);
gboolean    fit_gpu_read_hex      (const char  *path,
                                   guint32      max,
                                   guint32     *out,
                                   GError     **error);
gboolean    fit_gpu_parse_u64     (const char  *text,
                                   guint64     *out);
char       *fit_gpu_read_link_basename (const char *path);
GPtrArray  *fit_gpu_list_drm_cards (const char *sysfs_root);
gboolean    fit_gpu_read_pci_id   (const char  *device_dir,
                                   FitPciId    *out,
                                   GError     **error);
FitVendor   fit_gpu_vendor_from_pci (guint16    vendor);

/* fit-gpu-info.c */
char       *fit_gpu_bus_id_normalize (const char *bus_id);
gboolean    fit_gpu_info_same_device (const FitGpuInfo *a,
                                      const FitGpuInfo *b);
gboolean    fit_gpu_info_check       (const FitGpuInfo *info,
                                      char            **reason);
void        fit_gpu_info_update_totals (FitGpuInfo     *info);
void        fit_gpu_bytes_set        (FitGpuBytes      *bytes,
                                      guint64           value);

/* fit-gpu-meminfo.c */
gboolean    fit_gpu_meminfo_read     (const char  *proc_root,
                                      guint64     *total_bytes,
                                      guint64     *available_bytes,
                                      GError     **error);
void        fit_gpu_info_set_ram_budget (FitGpuInfo *info,
                                         guint64     ram_total,
                                         guint64     ram_available);

/* fit-gpu-pci-ids.c */
gboolean    fit_gpu_pci_ids_lookup   (const char  *path,
                                      FitPciId     pci_id,
                                      char       **vendor_name,
                                      char       **device_name);

/* fit-gpu-match.c */
void        fit_gpu_info_match_catalog (FitGpuInfo  *info,
                                        FitCatalog  *catalog,
                                        const char  *pci_ids_path);

G_END_DECLS
