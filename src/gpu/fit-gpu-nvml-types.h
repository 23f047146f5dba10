/* fit-gpu-nvml-types.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stddef.h>

/* The few NVML types we use, declared here rather than taken from nvml.h
 * (not packaged by Debian, and non-free), as nvtop does. The layouts are
 * NVML's ABI; the assertions below pin them. Shared with the test stub. */

typedef int fit_nvmlReturn_t;
typedef struct fit_nvmlDevice_st *fit_nvmlDevice_t;

#define FIT_NVML_SUCCESS                     0
#define FIT_NVML_ERROR_UNINITIALIZED         1
#define FIT_NVML_ERROR_INVALID_ARGUMENT      2
#define FIT_NVML_ERROR_NOT_SUPPORTED         3
#define FIT_NVML_ERROR_INSUFFICIENT_SIZE     7
#define FIT_NVML_ERROR_DRIVER_NOT_LOADED     9
#define FIT_NVML_ERROR_FUNCTION_NOT_FOUND    13
#define FIT_NVML_ERROR_LIB_RM_VERSION_MISMATCH 18
#define FIT_NVML_ERROR_ARGUMENT_VERSION_MISMATCH 25
#define FIT_NVML_ERROR_UNKNOWN               999

/* NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE */
#define FIT_NVML_NAME_BUFFER_SIZE            96
#define FIT_NVML_DRIVER_VERSION_BUFFER_SIZE  80

/* nvmlPciInfo_t as of the _v2/_v3 calls. The v1 call writes an older,
 * shorter layout whose domain, bus, device and pciDeviceId sit at the same
 * offsets, which are the only fields we read. */
typedef struct
{
  char         busIdLegacy[16];
  unsigned int domain;
  unsigned int bus;
  unsigned int device;
  unsigned int pciDeviceId;      /* device << 16 | vendor */
  unsigned int pciSubSystemId;
  char         busId[32];        /* "00000000:01:00.0" */
} fit_nvmlPciInfo_t;

_Static_assert (sizeof (fit_nvmlPciInfo_t) == 68, "nvmlPciInfo_t is 68 bytes");
_Static_assert (offsetof (fit_nvmlPciInfo_t, pciDeviceId) == 28, "pciDeviceId offset");
_Static_assert (offsetof (fit_nvmlPciInfo_t, busId) == 36, "busId offset");

/* nvmlMemory_t (v1): bytes; used includes the driver's reserve. */
typedef struct
{
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
} fit_nvmlMemory_t;

/* nvmlMemory_v2_t: used excludes the reserve. */
typedef struct
{
  unsigned int       version;
  unsigned long long total;
  unsigned long long reserved;
  unsigned long long free;
  unsigned long long used;
} fit_nvmlMemory_v2_t;

_Static_assert (sizeof (fit_nvmlMemory_t) == 24, "nvmlMemory_t is 24 bytes");
_Static_assert (sizeof (fit_nvmlMemory_v2_t) == 40, "nvmlMemory_v2_t is 40 bytes");

/* NVML_STRUCT_VERSION (Memory, 2) = sizeof | 2 << 24, not "2" as the
 * documentation's prose suggests: NVML rejects 2 with
 * ARGUMENT_VERSION_MISMATCH. */
#define FIT_NVML_MEMORY_V2_VERSION ((unsigned int) (sizeof (fit_nvmlMemory_v2_t) | (2u << 24)))

_Static_assert (FIT_NVML_MEMORY_V2_VERSION == 0x02000028, "nvmlMemory_v2 version");
