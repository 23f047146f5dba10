/* stub-nvml.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A stand-in for libnvidia-ml.so.1 with made-up GPUs, for tests on
 * machines without NVIDIA hardware. Plain C, no GLib: it is loaded with
 * dlopen like the real library.
 *
 * $FITMYGPU_STUB_NVML_SCENARIO (read by nvmlInit) picks the GPUs:
 *   default         RTX 4090 and RTX A6000 with known figures, and an A100
 *                   whose memory calls fail (it has no memory figures);
 *   unified         a GB10: v1 memory says NOT_SUPPORTED, v2 answers;
 *   unified-meminfo a GB10 whose v1 and v2 memory calls both fail;
 *   nonsense        a card reporting more memory used than it has;
 *   long-name       a name filling the 96-byte buffer with no NUL;
 *   init-9          nvmlInit fails with DRIVER_NOT_LOADED;
 *   empty           no GPUs.
 * $FITMYGPU_STUB_NVML_HANG_MS makes nvmlInit sleep first.
 *
 * Like the real library, nvmlDeviceGetMemoryInfo_v2 rejects a version
 * field other than nvmlMemory_v2 (0x02000028). */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fit-gpu-nvml-types.h"

#define EXPORT __attribute__ ((visibility ("default")))

typedef struct
{
  const char         *name;
  unsigned int        domain;
  unsigned int        bus;
  unsigned int        pci_device_id;
  fit_nvmlReturn_t    memory_ret;
  fit_nvmlReturn_t    memory_v2_ret;
  unsigned long long  total;
  unsigned long long  reserved;
  unsigned long long  used;       /* v1 used: includes the reserve */
  int                 cc_major;
  int                 cc_minor;
} StubGpu;

#define GIB 1073741824ULL

static const StubGpu default_gpus[] = {
  { "NVIDIA GeForce RTX 4090", 0, 0x01, 0x268410de, FIT_NVML_SUCCESS, FIT_NVML_SUCCESS,
    25757220864ULL, 0, GIB, 8, 9 },
  { "NVIDIA RTX A6000", 0, 0x41, 0x223010de, FIT_NVML_SUCCESS, FIT_NVML_SUCCESS,
    51527024640ULL, 0, GIB / 2, 8, 6 },
  { "NVIDIA A100-SXM4-80GB", 1, 0xc1, 0x20b210de, FIT_NVML_ERROR_UNKNOWN, FIT_NVML_ERROR_UNKNOWN,
    0, 0, 0, 8, 0 },
};

static const StubGpu unified_gpus[] = {
  { "NVIDIA GB10", 0xf, 0x01, 0x2e1210de, FIT_NVML_ERROR_NOT_SUPPORTED, FIT_NVML_SUCCESS,
    128 * GIB, GIB, 5 * GIB, 12, 1 },
};

static const StubGpu unified_meminfo_gpus[] = {
  { "NVIDIA GB10", 0xf, 0x01, 0x2e1210de, FIT_NVML_ERROR_NOT_SUPPORTED,
    FIT_NVML_ERROR_NOT_SUPPORTED, 0, 0, 0, 12, 1 },
};

static const StubGpu nonsense_gpus[] = {
  { "NVIDIA GeForce RTX 4090", 0, 0x01, 0x268410de, FIT_NVML_SUCCESS, FIT_NVML_SUCCESS,
    8 * GIB, 0, 9 * GIB, 8, 9 },
};

static const StubGpu long_name_gpus[] = {
  { "NVIDIA GeForce RTX 4090 with a name far longer than any real one, filling all ninety-six bytes! (yes)",
    0, 0x01, 0x268410de, FIT_NVML_SUCCESS, FIT_NVML_SUCCESS, 24 * GIB, 0, GIB, 8, 9 },
};

static const StubGpu *gpus;
static unsigned int n_gpus;
static int initialized;

/* NVML's ABI, declared here because the build warns about exported
 * functions without a prototype. */
EXPORT fit_nvmlReturn_t nvmlInit_v2 (void);
EXPORT fit_nvmlReturn_t nvmlShutdown (void);
EXPORT const char *nvmlErrorString (fit_nvmlReturn_t ret);
EXPORT fit_nvmlReturn_t nvmlSystemGetDriverVersion (char *version, unsigned int length);
EXPORT fit_nvmlReturn_t nvmlDeviceGetCount_v2 (unsigned int *count);
EXPORT fit_nvmlReturn_t nvmlDeviceGetHandleByIndex_v2 (unsigned int index, fit_nvmlDevice_t *device);
EXPORT fit_nvmlReturn_t nvmlDeviceGetName (fit_nvmlDevice_t device, char *name, unsigned int length);
EXPORT fit_nvmlReturn_t nvmlDeviceGetPciInfo_v3 (fit_nvmlDevice_t device, fit_nvmlPciInfo_t *pci);
EXPORT fit_nvmlReturn_t nvmlDeviceGetMemoryInfo (fit_nvmlDevice_t device, fit_nvmlMemory_t *memory);
EXPORT fit_nvmlReturn_t nvmlDeviceGetMemoryInfo_v2 (fit_nvmlDevice_t device, fit_nvmlMemory_v2_t *memory);
EXPORT fit_nvmlReturn_t nvmlDeviceGetCudaComputeCapability (fit_nvmlDevice_t device, int *major, int *minor);

static const StubGpu *
lookup (fit_nvmlDevice_t device)
{
  const StubGpu *gpu = (const StubGpu *) device;

  if (!initialized || gpu == NULL || gpu < gpus || gpu >= gpus + n_gpus)
    return NULL;
  return gpu;
}

fit_nvmlReturn_t
nvmlInit_v2 (void)
{
  const char *scenario = getenv ("FITMYGPU_STUB_NVML_SCENARIO");
  const char *hang = getenv ("FITMYGPU_STUB_NVML_HANG_MS");

  if (hang != NULL && atoi (hang) > 0)
    {
      struct timespec ts = { atoi (hang) / 1000, (atoi (hang) % 1000) * 1000000L };

      while (nanosleep (&ts, &ts) != 0)
        ;
    }

  if (scenario == NULL || strcmp (scenario, "default") == 0)
    gpus = default_gpus, n_gpus = sizeof default_gpus / sizeof default_gpus[0];
  else if (strcmp (scenario, "unified") == 0)
    gpus = unified_gpus, n_gpus = 1;
  else if (strcmp (scenario, "unified-meminfo") == 0)
    gpus = unified_meminfo_gpus, n_gpus = 1;
  else if (strcmp (scenario, "nonsense") == 0)
    gpus = nonsense_gpus, n_gpus = 1;
  else if (strcmp (scenario, "long-name") == 0)
    gpus = long_name_gpus, n_gpus = 1;
  else if (strcmp (scenario, "empty") == 0)
    gpus = NULL, n_gpus = 0;
  else if (strcmp (scenario, "init-9") == 0)
    return FIT_NVML_ERROR_DRIVER_NOT_LOADED;
  else
    return FIT_NVML_ERROR_UNKNOWN;

  initialized++;
  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlShutdown (void)
{
  if (!initialized)
    return FIT_NVML_ERROR_UNINITIALIZED;
  initialized--;
  return FIT_NVML_SUCCESS;
}

const char *
nvmlErrorString (fit_nvmlReturn_t ret)
{
  switch (ret)
    {
    case FIT_NVML_SUCCESS: return "Success";
    case FIT_NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case FIT_NVML_ERROR_DRIVER_NOT_LOADED: return "Driver Not Loaded";
    case FIT_NVML_ERROR_ARGUMENT_VERSION_MISMATCH: return "Argument Version Mismatch";
    default: return "Unknown Error";
    }
}

fit_nvmlReturn_t
nvmlSystemGetDriverVersion (char         *version,
                            unsigned int  length)
{
  static const char v[] = "550.54.14";

  if (!initialized)
    return FIT_NVML_ERROR_UNINITIALIZED;
  if (length < sizeof v)
    return FIT_NVML_ERROR_INSUFFICIENT_SIZE;
  memcpy (version, v, sizeof v);
  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlDeviceGetCount_v2 (unsigned int *count)
{
  if (!initialized)
    return FIT_NVML_ERROR_UNINITIALIZED;
  *count = n_gpus;
  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlDeviceGetHandleByIndex_v2 (unsigned int      index,
                               fit_nvmlDevice_t *device)
{
  if (!initialized)
    return FIT_NVML_ERROR_UNINITIALIZED;
  if (index >= n_gpus)
    return FIT_NVML_ERROR_INVALID_ARGUMENT;
  *device = (fit_nvmlDevice_t) &gpus[index];
  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlDeviceGetName (fit_nvmlDevice_t  device,
                   char             *name,
                   unsigned int      length)
{
  const StubGpu *gpu = lookup (device);
  size_t len;

  if (gpu == NULL)
    return FIT_NVML_ERROR_INVALID_ARGUMENT;

  /* Like a driver that fills the buffer exactly, without a NUL. */
  len = strlen (gpu->name);
  if (len >= length)
    {
      memcpy (name, gpu->name, length);
      return FIT_NVML_SUCCESS;
    }

  memcpy (name, gpu->name, len + 1);
  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlDeviceGetPciInfo_v3 (fit_nvmlDevice_t   device,
                         fit_nvmlPciInfo_t *pci)
{
  const StubGpu *gpu = lookup (device);
  char *p;
  int i;

  if (gpu == NULL)
    return FIT_NVML_ERROR_INVALID_ARGUMENT;

  memset (pci, 0, sizeof *pci);
  pci->domain = gpu->domain;
  pci->bus = gpu->bus;
  pci->device = 0;
  pci->pciDeviceId = gpu->pci_device_id;

  /* "%08X:%02X:%02X.0", without pulling in stdio's locale machinery. */
  p = pci->busId;
  for (i = 7; i >= 0; i--)
    *p++ = "0123456789ABCDEF"[(gpu->domain >> (i * 4)) & 0xf];
  *p++ = ':';
  *p++ = "0123456789ABCDEF"[(gpu->bus >> 4) & 0xf];
  *p++ = "0123456789ABCDEF"[gpu->bus & 0xf];
  memcpy (p, ":00.0", 6);
  memcpy (pci->busIdLegacy, pci->busId + 4, 13);

  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlDeviceGetMemoryInfo (fit_nvmlDevice_t  device,
                         fit_nvmlMemory_t *memory)
{
  const StubGpu *gpu = lookup (device);

  if (gpu == NULL)
    return FIT_NVML_ERROR_INVALID_ARGUMENT;
  if (gpu->memory_ret != FIT_NVML_SUCCESS)
    return gpu->memory_ret;

  memory->total = gpu->total;
  memory->used = gpu->used;
  memory->free = gpu->total > gpu->used ? gpu->total - gpu->used : 0;
  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlDeviceGetMemoryInfo_v2 (fit_nvmlDevice_t     device,
                            fit_nvmlMemory_v2_t *memory)
{
  const StubGpu *gpu = lookup (device);

  if (gpu == NULL)
    return FIT_NVML_ERROR_INVALID_ARGUMENT;
  if (memory->version != 0x02000028)
    return FIT_NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
  if (gpu->memory_v2_ret != FIT_NVML_SUCCESS)
    return gpu->memory_v2_ret;

  memory->total = gpu->total;
  memory->reserved = gpu->reserved;
  memory->used = gpu->used - gpu->reserved;
  memory->free = gpu->total - gpu->used;
  return FIT_NVML_SUCCESS;
}

fit_nvmlReturn_t
nvmlDeviceGetCudaComputeCapability (fit_nvmlDevice_t  device,
                                    int              *major,
                                    int              *minor)
{
  const StubGpu *gpu = lookup (device);

  if (gpu == NULL)
    return FIT_NVML_ERROR_INVALID_ARGUMENT;

  *major = gpu->cc_major;
  *minor = gpu->cc_minor;
  return FIT_NVML_SUCCESS;
}
