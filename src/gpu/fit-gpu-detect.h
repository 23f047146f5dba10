/* fit-gpu-detect.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fit-catalog.h"
#include "fit-device.h"

G_BEGIN_DECLS

#define FIT_GPU_DETECT_ERROR (fit_gpu_detect_error_quark ())

typedef enum
{
  FIT_GPU_DETECT_ERROR_NOT_FOUND,   /* no detected device with that index */
  FIT_GPU_DETECT_ERROR_FAILED,      /* a backend could not answer (logged only) */
} FitGpuDetectError;

/**
 * FitGpuBytes:
 * @value: the size in bytes; meaningless unless @known
 * @known: whether the driver reported it. Unknown is not zero: a card with
 *   nothing allocated reports a known 0 used.
 */
typedef struct
{
  guint64  value;
  gboolean known;
} FitGpuBytes;

/**
 * FitGpuInfo:
 *
 * One GPU found in this computer, as its driver described it. Strings are
 * owned; @backend and @memory_source are static strings.
 *
 * @memory_total is the usable budget: the local memory of a discrete card,
 * or, with @unified_memory, what the GPU may take from system RAM (an AMD
 * APU's carve-out plus its GTT, half of RAM for an Intel iGPU). The split
 * stays in @local_total (VRAM or carve-out) and @shared_total (GTT).
 */
typedef struct
{
  char        *name;
  FitVendor    vendor;
  char        *vendor_name;         /* pci.ids vendor name for FIT_VENDOR_OTHER, else NULL */
  FitPciId     pci_id;              /* (vendor << 16) | device, 0 = unknown */
  char        *bus_id;              /* "0000:01:00.0", NULL = unknown */
  const char  *backend;             /* "nvml", "amdgpu", "i915", "xe" or "pci" */
  char        *driver;              /* kernel driver ("nvidia", "amdgpu", …), NULL = unknown */
  char        *driver_version;      /* NULL = unknown */
  char        *compute_capability;  /* CUDA "8.9", NULL = unknown or not CUDA */

  FitGpuBytes  memory_total;        /* the usable budget, see above */
  FitGpuBytes  memory_used;         /* held by all processes right now */
  FitGpuBytes  memory_free;
  FitGpuBytes  local_total;         /* VRAM, or an APU's carve-out */
  FitGpuBytes  local_used;
  FitGpuBytes  shared_total;        /* GTT: system RAM the GPU maps */
  FitGpuBytes  shared_used;
  const char  *memory_source;       /* "nvml", "sysfs", "drm-query", "meminfo" or NULL */
  gboolean     unified_memory;

  char        *catalog_id;          /* matched catalog entry, NULL = none */
} FitGpuInfo;

GQuark       fit_gpu_detect_error_quark (void);

FitGpuInfo  *fit_gpu_info_new           (void);
FitGpuInfo  *fit_gpu_info_copy          (const FitGpuInfo *self);
void         fit_gpu_info_free          (FitGpuInfo       *self);
const char  *fit_gpu_info_get_vendor_name (const FitGpuInfo *self);

GPtrArray   *fit_gpu_detect_all         (FitCatalog          *catalog);
GPtrArray   *fit_gpu_detect_all_full    (FitCatalog          *catalog,
                                         char              ***notes);
void         fit_gpu_detect_async       (FitCatalog          *catalog,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray   *fit_gpu_detect_finish      (GAsyncResult        *result,
                                         GError             **error);

FitDevice   *fit_gpu_info_to_device     (const FitGpuInfo    *info,
                                         FitCatalog          *catalog,
                                         guint                index);
FitDevice   *fit_gpu_detect_device      (FitCatalog          *catalog,
                                         guint                index,
                                         GError             **error);

JsonNode    *fit_gpu_info_list_to_json  (GPtrArray           *infos);

gboolean     fit_gpu_system_ram         (guint64             *total_bytes,
                                         guint64             *available_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitGpuInfo, fit_gpu_info_free)

G_END_DECLS
