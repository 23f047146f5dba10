/* fit-gpu-meminfo.c
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

/* /proc/meminfo is about 1.5 KiB; 64 KiB leaves room for any kernel. */
#define MAX_MEMINFO_BYTES (64 * 1024)

static gboolean
parse_kib_line (const char *line,
                const char *key,
                guint64    *out)
{
  g_auto(GStrv) fields = NULL;
  const char *number = NULL;
  const char *unit = NULL;
  gsize key_len = strlen (key);
  guint64 kib;

  if (strncmp (line, key, key_len) != 0 || line[key_len] != ':')
    return FALSE;

  fields = g_strsplit_set (line + key_len + 1, " \t", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      if (fields[i][0] == '\0')
        continue;
      if (number == NULL)
        number = fields[i];
      else if (unit == NULL)
        unit = fields[i];
      else
        return FALSE;
    }

  /* The kernel writes "kB" and means KiB. */
  if (number == NULL || g_strcmp0 (unit, "kB") != 0 || !fit_gpu_parse_u64 (number, &kib))
    return FALSE;

  return g_uint64_checked_mul (out, kib, 1024);
}

/**
 * fit_gpu_meminfo_read:
 * @proc_root: the procfs mount, "/proc" outside tests
 *
 * MemTotal and MemAvailable in bytes. Kernels before 3.14 lack
 * MemAvailable; MemFree stands in, which underestimates (page cache is
 * reclaimable) and is the safe side for a "will it fit" answer.
 */
gboolean
fit_gpu_meminfo_read (const char  *proc_root,
                      guint64     *total_bytes,
                      guint64     *available_bytes,
                      GError     **error)
{
  g_autofree char *path = g_build_filename (proc_root, "meminfo", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean have_total = FALSE, have_available = FALSE, have_free = FALSE;
  guint64 total = 0, available = 0, free_bytes = 0;
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;

  if (len > MAX_MEMINFO_BYTES || memchr (contents, '\0', len) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is not a meminfo file"), path);
      return FALSE;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (!have_total && parse_kib_line (lines[i], "MemTotal", &total))
        have_total = TRUE;
      else if (!have_available && parse_kib_line (lines[i], "MemAvailable", &available))
        have_available = TRUE;
      else if (!have_free && parse_kib_line (lines[i], "MemFree", &free_bytes))
        have_free = TRUE;
    }

  if (!have_total || total == 0 || total > FIT_GPU_MAX_SANE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s has no valid MemTotal line"), path);
      return FALSE;
    }

  if (!have_available)
    available = have_free ? free_bytes : 0;

  if (total_bytes != NULL)
    *total_bytes = total;
  if (available_bytes != NULL)
    *available_bytes = MIN (available, total);
  return TRUE;
}

/**
 * fit_gpu_system_ram:
 * @total_bytes: (out) (optional): MemTotal
 * @available_bytes: (out) (optional): MemAvailable
 *
 * The RAM of this computer, for CPU offload and unified memory. Honours
 * $FITMYGPU_PROC_ROOT like detection does.
 *
 * Returns: FALSE when /proc/meminfo could not be read (the outputs are then
 *   untouched).
 */
gboolean
fit_gpu_system_ram (guint64 *total_bytes,
                    guint64 *available_bytes)
{
  g_autoptr(FitGpuProbeContext) ctx = fit_gpu_probe_context_new_from_env ();
  g_autoptr(GError) error = NULL;

  if (!fit_gpu_meminfo_read (ctx->proc_root, total_bytes, available_bytes, &error))
    {
      g_debug ("System RAM unknown: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

/**
 * fit_gpu_info_set_ram_budget:
 *
 * For a GPU that has no memory of its own (an Intel iGPU, an NVIDIA SoC):
 * the budget is half of MemTotal. Neither i915 nor xe caps how much RAM a
 * GPU may map, so half is our choice: it is the default share for GPU
 * memory on Windows and for amdgpu's GTT on recent kernels, and it leaves
 * the rest to the desktop. What is free is what RAM has available, up to
 * that budget; the remainder counts as used by others.
 */
void
fit_gpu_info_set_ram_budget (FitGpuInfo *info,
                             guint64     ram_total,
                             guint64     ram_available)
{
  guint64 budget = ram_total / 2;
  guint64 free_bytes = MIN (budget, ram_available);

  info->unified_memory = TRUE;
  info->memory_source = "meminfo";
  fit_gpu_bytes_set (&info->shared_total, budget);
  fit_gpu_bytes_set (&info->shared_used, budget - free_bytes);
  fit_gpu_bytes_set (&info->memory_total, budget);
  fit_gpu_bytes_set (&info->memory_used, budget - free_bytes);
  fit_gpu_bytes_set (&info->memory_free, free_bytes);
}
