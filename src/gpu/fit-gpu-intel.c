/* fit-gpu-intel.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fit-gpu-private.h"

/* Intel GPUs on i915 or xe. The ids come from sysfs; local memory from the
 * xe tile attribute, or from the drivers' memory-region queries on the
 * render node (which --device=dri exposes in Flatpak). Debian 12's kernel
 * headers predate xe and libdrm is not a dependency, so the few uAPI
 * structs are declared here, with their sizes pinned. */

#define FIT_DRM_IOCTL_BASE      'd'
#define FIT_DRM_COMMAND_BASE    0x40

/* include/uapi/drm/i915_drm.h */
#define FIT_DRM_I915_QUERY                0x39
#define FIT_DRM_I915_QUERY_MEMORY_REGIONS 4
#define FIT_I915_MEMORY_CLASS_SYSTEM      0
#define FIT_I915_MEMORY_CLASS_DEVICE      1

struct fit_i915_query_item
{
  guint64 query_id;
  gint32  length;
  guint32 flags;
  guint64 data_ptr;
};

struct fit_i915_query
{
  guint32 num_items;
  guint32 flags;
  guint64 items_ptr;
};

struct fit_i915_memory_region_info
{
  guint16 memory_class;
  guint16 memory_instance;
  guint32 rsvd0;
  guint64 probed_size;
  guint64 unallocated_size;
  guint64 rsvd1[8];
};

struct fit_i915_query_memory_regions
{
  guint32 num_regions;
  guint32 rsvd[3];
  struct fit_i915_memory_region_info regions[];
};

_Static_assert (sizeof (struct fit_i915_query_item) == 24, "drm_i915_query_item");
_Static_assert (sizeof (struct fit_i915_query) == 16, "drm_i915_query");
_Static_assert (sizeof (struct fit_i915_memory_region_info) == 88, "drm_i915_memory_region_info");
_Static_assert (sizeof (struct fit_i915_query_memory_regions) == 16, "drm_i915_query_memory_regions");

#define FIT_DRM_IOCTL_I915_QUERY \
  _IOWR (FIT_DRM_IOCTL_BASE, FIT_DRM_COMMAND_BASE + FIT_DRM_I915_QUERY, struct fit_i915_query)

/* include/uapi/drm/xe_drm.h (Linux 6.8+) */
#define FIT_DRM_XE_DEVICE_QUERY             0x00
#define FIT_DRM_XE_DEVICE_QUERY_MEM_REGIONS 1
#define FIT_DRM_XE_MEM_REGION_CLASS_SYSMEM  0
#define FIT_DRM_XE_MEM_REGION_CLASS_VRAM    1

struct fit_xe_device_query
{
  guint64 extensions;
  guint32 query;
  guint32 size;
  guint64 data;
  guint64 reserved[2];
};

struct fit_xe_mem_region
{
  guint16 mem_class;
  guint16 instance;
  guint32 min_page_size;
  guint64 total_size;
  guint64 used;
  guint64 cpu_visible_size;
  guint64 cpu_visible_used;
  guint64 reserved[6];
};

struct fit_xe_query_mem_regions
{
  guint32 num_mem_regions;
  guint32 pad;
  struct fit_xe_mem_region mem_regions[];
};

_Static_assert (sizeof (struct fit_xe_device_query) == 40, "drm_xe_device_query");
_Static_assert (sizeof (struct fit_xe_mem_region) == 88, "drm_xe_mem_region");
_Static_assert (sizeof (struct fit_xe_query_mem_regions) == 8, "drm_xe_query_mem_regions");

#define FIT_DRM_IOCTL_XE_DEVICE_QUERY \
  _IOWR (FIT_DRM_IOCTL_BASE, FIT_DRM_COMMAND_BASE + FIT_DRM_XE_DEVICE_QUERY, struct fit_xe_device_query)

/* A query answer is a few regions; anything larger is not one. */
#define MAX_QUERY_BYTES (64 * 1024)

/* Where Intel puts the integrated GPU on every platform since Sandy Bridge:
 * the fallback when no query tells integrated from discrete. */
#define INTEL_IGPU_BUS_ID "0000:00:02.0"

typedef enum
{
  QUERY_UNAVAILABLE,   /* no render node, no permission, old kernel */
  QUERY_LOCAL,         /* the device has local memory */
  QUERY_SYSTEM_ONLY,   /* only system memory: an integrated GPU */
} QueryResult;

static int
drm_ioctl (int            fd,
           unsigned long  request,
           void          *arg)
{
  int ret;

  /* As libdrm's drmIoctl: the DRM core returns EINTR/EAGAIN on signals. */
  do
    ret = ioctl (fd, request, arg);
  while (ret == -1 && (errno == EINTR || errno == EAGAIN));

  return ret;
}

static QueryResult
query_i915 (int         fd,
            FitGpuInfo *info)
{
  struct fit_i915_query_item item = { .query_id = FIT_DRM_I915_QUERY_MEMORY_REGIONS };
  struct fit_i915_query query = { .num_items = 1, .items_ptr = (guint64) (guintptr) &item };
  g_autofree struct fit_i915_query_memory_regions *regions = NULL;
  guint64 total = 0, unallocated = 0;
  gboolean have_local = FALSE;

  /* The first call asks for the size, the second fills the buffer. */
  if (drm_ioctl (fd, FIT_DRM_IOCTL_I915_QUERY, &query) != 0 ||
      item.length < (gint32) sizeof *regions || item.length > MAX_QUERY_BYTES)
    return QUERY_UNAVAILABLE;

  regions = g_malloc0 (item.length);
  item.data_ptr = (guint64) (guintptr) regions;
  if (drm_ioctl (fd, FIT_DRM_IOCTL_I915_QUERY, &query) != 0 ||
      item.length < (gint32) sizeof *regions ||
      regions->num_regions > (item.length - sizeof *regions) / sizeof regions->regions[0])
    return QUERY_UNAVAILABLE;

  for (guint i = 0; i < regions->num_regions; i++)
    {
      const struct fit_i915_memory_region_info *r = &regions->regions[i];

      /* -1 is "unknown" in this uAPI. */
      if (r->memory_class != FIT_I915_MEMORY_CLASS_DEVICE || r->probed_size == G_MAXUINT64)
        continue;

      have_local = TRUE;
      total += r->probed_size;
      unallocated += MIN (r->unallocated_size, r->probed_size);
    }

  if (!have_local)
    return QUERY_SYSTEM_ONLY;

  fit_gpu_bytes_set (&info->local_total, total);
  /* Without CAP_PERFMON the kernel reports nothing allocated; "all free"
   * is then a non-answer, not a measurement. */
  if (unallocated < total)
    fit_gpu_bytes_set (&info->local_used, total - unallocated);
  info->memory_source = "drm-query";
  return QUERY_LOCAL;
}

static QueryResult
query_xe (int         fd,
          FitGpuInfo *info)
{
  struct fit_xe_device_query query = { .query = FIT_DRM_XE_DEVICE_QUERY_MEM_REGIONS };
  g_autofree struct fit_xe_query_mem_regions *regions = NULL;
  guint64 total = 0, used = 0;
  gboolean have_vram = FALSE;

  if (drm_ioctl (fd, FIT_DRM_IOCTL_XE_DEVICE_QUERY, &query) != 0 ||
      query.size < sizeof *regions || query.size > MAX_QUERY_BYTES)
    return QUERY_UNAVAILABLE;

  regions = g_malloc0 (query.size);
  query.data = (guint64) (guintptr) regions;
  if (drm_ioctl (fd, FIT_DRM_IOCTL_XE_DEVICE_QUERY, &query) != 0 ||
      regions->num_mem_regions > (query.size - sizeof *regions) / sizeof regions->mem_regions[0])
    return QUERY_UNAVAILABLE;

  for (guint i = 0; i < regions->num_mem_regions; i++)
    {
      const struct fit_xe_mem_region *r = &regions->mem_regions[i];

      if (r->mem_class != FIT_DRM_XE_MEM_REGION_CLASS_VRAM)
        continue;

      have_vram = TRUE;
      total += r->total_size;
      used += MIN (r->used, r->total_size);
    }

  if (!have_vram)
    return QUERY_SYSTEM_ONLY;

  if (!info->local_total.known)
    fit_gpu_bytes_set (&info->local_total, total);
  /* xe reports 0 used without CAP_PERFMON (nvtop notes the same), and a
   * card driving a display never has nothing allocated. */
  if (used > 0)
    fit_gpu_bytes_set (&info->local_used, used);
  info->memory_source = "drm-query";
  return QUERY_LOCAL;
}

static char *
find_render_node (const char *device_dir)
{
  g_autofree char *drm_dir = g_build_filename (device_dir, "drm", NULL);
  g_autoptr(GDir) dir = g_dir_open (drm_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return NULL;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      const char *digits = name + strlen ("renderD");

      if (g_str_has_prefix (name, "renderD") && *digits != '\0' &&
          strspn (digits, "0123456789") == strlen (digits) && strlen (digits) < 6)
        return g_strdup (name);
    }

  return NULL;
}

static QueryResult
query_regions (const FitGpuProbeContext *ctx,
               const char               *device_dir,
               FitGpuInfo               *info)
{
  g_autofree char *node = NULL;
  g_autofree char *path = NULL;
  QueryResult result;
  int fd;

  if (ctx->dev_root == NULL || (node = find_render_node (device_dir)) == NULL)
    return QUERY_UNAVAILABLE;

  path = g_build_filename (ctx->dev_root, "dri", node, NULL);
  fd = g_open (path, O_RDWR | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      g_debug ("%s: could not open %s: %s", info->backend, path, g_strerror (errno));
      return QUERY_UNAVAILABLE;
    }

  if (g_strcmp0 (info->backend, "xe") == 0)
    result = query_xe (fd, info);
  else
    result = query_i915 (fd, info);
  close (fd);

  if (result == QUERY_UNAVAILABLE)
    g_debug ("%s: the memory region query on %s failed", info->backend, path);

  return result;
}

/* xe publishes each tile's VRAM size in sysfs (xe_tile_sysfs.c), on
 * discrete parts only: no ioctl needed, and the tests' fixtures use it. */
static gboolean
read_xe_tiles (const char *device_dir,
               FitGpuInfo *info)
{
  guint64 total = 0;
  gboolean found = FALSE;

  for (guint tile = 0; tile < 8; tile++)
    {
      g_autofree char *tile_name = g_strdup_printf ("tile%u", tile);
      g_autofree char *path = g_build_filename (device_dir, tile_name,
                                                "physical_vram_size_bytes", NULL);
      g_autoptr(GError) error = NULL;
      guint64 size;

      if (!fit_gpu_read_u64 (path, &size, &error))
        {
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            g_debug ("xe: %s", error->message);
          continue;
        }

      if (!g_uint64_checked_add (&total, total, size))
        return FALSE;
      found = TRUE;
    }

  if (found)
    {
      fit_gpu_bytes_set (&info->local_total, total);
      info->memory_source = "sysfs";
    }

  return found;
}

static FitGpuInfo *
read_card (const FitGpuProbeContext *ctx,
           const char               *card_dir)
{
  g_autofree char *device_dir = g_build_filename (card_dir, "device", NULL);
  g_autofree char *driver_link = g_build_filename (device_dir, "driver", NULL);
  g_autofree char *driver = fit_gpu_read_link_basename (driver_link);
  g_autofree char *device_name = fit_gpu_read_link_basename (device_dir);
  g_autoptr(FitGpuInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gboolean from_sysfs = FALSE;
  QueryResult result;
  FitPciId pci_id;
  guint64 ram_total, ram_available;

  if (g_strcmp0 (driver, "i915") != 0 && g_strcmp0 (driver, "xe") != 0)
    return NULL;

  if (!fit_gpu_read_pci_id (device_dir, &pci_id, &error))
    {
      g_debug ("%s: %s", driver, error->message);
      return NULL;
    }

  info = fit_gpu_info_new ();
  info->backend = g_strcmp0 (driver, "xe") == 0 ? "xe" : "i915";
  info->driver = g_steal_pointer (&driver);
  info->vendor = fit_gpu_vendor_from_pci (pci_id >> 16);
  info->pci_id = pci_id;
  info->bus_id = fit_gpu_bus_id_normalize (device_name);

  if (g_strcmp0 (info->backend, "xe") == 0)
    from_sysfs = read_xe_tiles (device_dir, info);

  result = query_regions (ctx, device_dir, info);
  if (from_sysfs && result != QUERY_LOCAL)
    result = QUERY_LOCAL;

  if (result == QUERY_UNAVAILABLE && g_strcmp0 (info->bus_id, INTEL_IGPU_BUS_ID) != 0)
    {
      /* A discrete card whose memory we could not ask for: listed, memory
       * unknown, and the catalog may still name it. */
      return g_steal_pointer (&info);
    }

  if (result == QUERY_LOCAL)
    {
      fit_gpu_info_update_totals (info);
      return g_steal_pointer (&info);
    }

  /* An integrated GPU: it shares system RAM. */
  info->unified_memory = TRUE;
  if (fit_gpu_meminfo_read (ctx->proc_root, &ram_total, &ram_available, &error))
    fit_gpu_info_set_ram_budget (info, ram_total, ram_available);
  else
    g_debug ("%s: %s: shared memory unknown: %s", info->backend, info->bus_id, error->message);

  return g_steal_pointer (&info);
}

gboolean
fit_gpu_intel_probe (const FitGpuProbeContext  *ctx,
                     GPtrArray                 *devices,
                     GError                   **error)
{
  g_autoptr(GPtrArray) cards = fit_gpu_list_drm_cards (ctx->sysfs_root);

  for (guint i = 0; i < cards->len; i++)
    {
      g_autofree char *card_dir = g_build_filename (ctx->sysfs_root, "class", "drm",
                                                    g_ptr_array_index (cards, i), NULL);
      FitGpuInfo *info = read_card (ctx, card_dir);

      if (info != NULL)
        g_ptr_array_add (devices, info);
    }

  return TRUE;
}
