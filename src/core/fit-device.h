/* fit-device.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  FIT_DEVICE_CLASS_CONSUMER,
  FIT_DEVICE_CLASS_WORKSTATION,
  FIT_DEVICE_CLASS_DATACENTER,
  FIT_DEVICE_CLASS_APPLE,
  FIT_DEVICE_CLASS_INTEGRATED,
  FIT_N_DEVICE_CLASSES
} FitDeviceClass;

typedef enum
{
  FIT_VENDOR_NVIDIA,
  FIT_VENDOR_AMD,
  FIT_VENDOR_INTEL,
  FIT_VENDOR_APPLE,
  FIT_VENDOR_OTHER,
  FIT_N_VENDORS
} FitVendor;

#define FIT_MAX_PCI_IDS 16

/* A PCI id packed as (vendor << 16) | device, e.g. 0x10de2684. */
typedef guint32 FitPciId;

/**
 * FitDevice:
 *
 * A GPU as the estimator needs it: one entry of the bundled or user catalog,
 * or a detected device (then @detected is set and the memory figures are the
 * ones the driver reported, not the catalog's).
 *
 * Unknown floating point figures are 0.0; unknown byte counts carry a
 * `_known` flag because 0 is a real value for "used".
 */
typedef struct
{
  char           *id;                /* catalog id, or "detected:N" */
  char           *name;
  FitVendor       vendor;
  FitDeviceClass  klass;
  char           *architecture;
  char           *memory_type;       /* "GDDR6X", "HBM3", "LPDDR5X", … */
  guint           release_year;

  guint64         memory_bytes;      /* what the device reports (per GPU) */
  double          bandwidth_gbps;    /* decimal GB/s */
  double          tflops_fp16;       /* dense FP16/BF16 tensor, 0 = unknown */
  double          tflops_fp8;        /* dense FP8 tensor, 0 = none/unknown */
  double          tflops_fp4;        /* dense FP4 tensor, 0 = none/unknown */
  double          tflops_fp32;       /* vector FP32, 0 = unknown */
  guint           tdp_watts;         /* 0 = unknown */
  gboolean        fp8_support;
  gboolean        fp4_support;

  gboolean        unified_memory;    /* Apple Silicon, APUs, GB10, Jetson */
  double          unified_share;     /* default share of memory_bytes the GPU may use */

  FitPciId        pci_ids[FIT_MAX_PCI_IDS];
  guint           n_pci_ids;

  /* Set for devices found in this computer. */
  gboolean        detected;
  gboolean        used_known;
  guint64         used_bytes;        /* held by other processes right now */
  char           *catalog_id;        /* matched catalog entry, or NULL */

  char           *source_url;
  char           *notes;
  gboolean        user_entry;        /* from $XDG_DATA_HOME, overrides bundled */

  /* Appended by the catalog: the memory sizes a unified-memory machine is
   * sold with (Apple, Strix Halo), in bytes, ascending; memory_bytes is the
   * largest. A fixed array so that fit_device_copy() stays a plain copy. */
  guint64         memory_options[8];
  guint           n_memory_options;
} FitDevice;

FitDevice  *fit_device_new              (void);
FitDevice  *fit_device_copy             (const FitDevice *self);
void        fit_device_free             (FitDevice       *self);
guint64     fit_device_usable_bytes     (const FitDevice *self);
const char *fit_vendor_to_string        (FitVendor        vendor);
gboolean    fit_vendor_from_string      (const char      *str,
                                         FitVendor       *out);
const char *fit_device_class_to_string  (FitDeviceClass   klass);
gboolean    fit_device_class_from_string (const char     *str,
                                          FitDeviceClass *out);
char       *fit_pci_id_to_string        (FitPciId         id);
gboolean    fit_pci_id_parse            (const char      *str,
                                         FitPciId        *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitDevice, fit_device_free)

G_END_DECLS
