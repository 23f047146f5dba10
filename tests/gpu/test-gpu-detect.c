/* test-gpu-detect.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <dlfcn.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fit-gpu-detect.h"
#include "fit-gpu-nvml-types.h"
#include "fit-gpu-private.h"

#define GIB (G_GUINT64_CONSTANT (1) << 30)
#define MIB (G_GUINT64_CONSTANT (1) << 20)

/* A catalog of the shape the bundled one has, small enough to reason
 * about: two products share 1002:744c, and the RTX A6000 has no PCI id so
 * that only its name can match it. */
static const char test_catalog_json[] =
  "{\"version\":1,\"gpus\":["
  "{\"id\":\"rtx-4090\",\"vendor\":\"NVIDIA\",\"name\":\"GeForce RTX 4090\",\"class\":\"consumer\","
  "\"memory_bytes\":25757220864,\"memory_type\":\"GDDR6X\",\"bandwidth_gbps\":1008,"
  "\"tflops_fp16\":165.2,\"pci_ids\":[\"10de:2684\"]},"
  "{\"id\":\"rtx-a6000\",\"vendor\":\"NVIDIA\",\"name\":\"RTX A6000\",\"class\":\"workstation\","
  "\"memory_bytes\":51539607552,\"memory_type\":\"GDDR6\",\"bandwidth_gbps\":768,"
  "\"tflops_fp16\":154.8},"
  "{\"id\":\"rx-7900-xt\",\"vendor\":\"AMD\",\"name\":\"Radeon RX 7900 XT\",\"class\":\"consumer\","
  "\"memory_bytes\":21474836480,\"memory_type\":\"GDDR6\",\"bandwidth_gbps\":800,"
  "\"tflops_fp16\":103.2,\"pci_ids\":[\"1002:744c\"]},"
  "{\"id\":\"rx-7900-xtx\",\"vendor\":\"AMD\",\"name\":\"Radeon RX 7900 XTX\",\"class\":\"consumer\","
  "\"memory_bytes\":25769803776,\"memory_type\":\"GDDR6\",\"bandwidth_gbps\":960,"
  "\"tflops_fp16\":122.8,\"pci_ids\":[\"1002:744c\"]},"
  "{\"id\":\"arc-a770-16gb\",\"vendor\":\"Intel\",\"name\":\"Arc A770 16GB\",\"class\":\"consumer\","
  "\"memory_bytes\":17179869184,\"memory_type\":\"GDDR6\",\"bandwidth_gbps\":560,"
  "\"tflops_fp16\":137.6,\"pci_ids\":[\"8086:56a0\"]},"
  "{\"id\":\"dgx-spark-gb10\",\"vendor\":\"NVIDIA\",\"name\":\"DGX Spark (GB10 Grace Blackwell)\","
  "\"class\":\"integrated\",\"memory_bytes\":137438953472,\"memory_type\":\"LPDDR5X\","
  "\"bandwidth_gbps\":273,\"tflops_fp16\":250,\"pci_ids\":[\"10de:2e12\"]}"
  "]}";

static FitCatalog *
test_catalog (void)
{
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(GError) error = NULL;

  fit_catalog_parse_devices (catalog, test_catalog_json, strlen (test_catalog_json),
                             "test-catalog.json", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fit_catalog_get_n_devices (catalog), ==, 6);

  return g_steal_pointer (&catalog);
}

/* Points detection at fixture tree @tree, and at the stub NVML in
 * @scenario (NULL: at a library that does not exist). */
static void
use_fixture (const char *tree,
             const char *scenario)
{
  g_autofree char *sys = g_build_filename (FIXTURES_DIR, tree, "sys", NULL);
  g_autofree char *proc = g_build_filename (FIXTURES_DIR, tree, "proc", NULL);
  g_autofree char *dev = g_build_filename (FIXTURES_DIR, tree, "dev", NULL);
  g_autofree char *pci_ids = g_build_filename (FIXTURES_DIR, "pci.ids", NULL);

  g_setenv ("FITMYGPU_SYSFS_ROOT", sys, TRUE);
  g_setenv ("FITMYGPU_PROC_ROOT", proc, TRUE);
  g_setenv ("FITMYGPU_DEV_ROOT", dev, TRUE);
  g_setenv ("FITMYGPU_PCI_IDS", pci_ids, TRUE);
  g_unsetenv ("FITMYGPU_DETECT_TIMEOUT_MS");
  g_unsetenv ("FITMYGPU_STUB_NVML_HANG_MS");

  if (scenario != NULL)
    {
      g_setenv ("FITMYGPU_NVML_LIBRARY", STUB_NVML_PATH, TRUE);
      g_setenv ("FITMYGPU_STUB_NVML_SCENARIO", scenario, TRUE);
    }
  else
    {
      g_setenv ("FITMYGPU_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1", TRUE);
      g_unsetenv ("FITMYGPU_STUB_NVML_SCENARIO");
    }
}

static gboolean
notes_contain (char       **notes,
               const char  *needle)
{
  for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
    {
      if (strstr (notes[i], needle) != NULL)
        return TRUE;
    }

  return FALSE;
}

#define assert_bytes(b, expected) \
  G_STMT_START { \
    g_assert_true ((b).known); \
    g_assert_cmpuint ((b).value, ==, (expected)); \
  } G_STMT_END

#define assert_unknown(b) g_assert_false ((b).known)

/* Parsers. */

static void
test_parse_u64 (void)
{
  const char *bad[] = { "", "-1", "+1", "12a", " 12", "0x10", "1.5", "18446744073709551616",
                        "99999999999999999999999" };
  guint64 v = 42;

  g_assert_true (fit_gpu_parse_u64 ("0", &v));
  g_assert_cmpuint (v, ==, 0);
  g_assert_true (fit_gpu_parse_u64 ("18446744073709551615", &v));
  g_assert_cmpuint (v, ==, G_MAXUINT64);
  g_assert_true (fit_gpu_parse_u64 ("25769803776", &v));
  g_assert_cmpuint (v, ==, 24 * GIB);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      v = 7;
      g_assert_false (fit_gpu_parse_u64 (bad[i], &v));
      g_assert_cmpuint (v, ==, 7);
    }
  g_assert_false (fit_gpu_parse_u64 (NULL, &v));
}

static void
test_parse_bus_id (void)
{
  const char *bad[] = { "", "hello", "0000:01:00", "0000:01:20.0", "0000:01:00.8",
                        "0000:001:00.0", "000000000:01:00.0", "0000:0g:00.0", "0000:01:00.00",
                        ":01:00.0" };
  char *s;

  s = fit_gpu_bus_id_normalize ("00000000:01:00.0");
  g_assert_cmpstr (s, ==, "0000:01:00.0");
  g_free (s);
  s = fit_gpu_bus_id_normalize ("0000:C1:00.0");
  g_assert_cmpstr (s, ==, "0000:c1:00.0");
  g_free (s);
  s = fit_gpu_bus_id_normalize ("01:00.1");
  g_assert_cmpstr (s, ==, "0000:01:00.1");
  g_free (s);
  s = fit_gpu_bus_id_normalize ("00010000:0a:1f.7");
  g_assert_cmpstr (s, ==, "10000:0a:1f.7");
  g_free (s);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      s = fit_gpu_bus_id_normalize (bad[i]);
      if (s != NULL)
        g_error ("“%s” was accepted as %s", bad[i], s);
    }
  g_assert_null (fit_gpu_bus_id_normalize (NULL));
}

static char *
write_temp (const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("fit-gpu-test-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_parse_meminfo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("fit-gpu-meminfo-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "meminfo", NULL);
  const char *garbage[] = {
    "",
    "MemTotal: lots kB\n",
    "MemTotal: 1024 MB\n",
    "MemTotal: -1024 kB\n",
    "MemTotal: 0 kB\n",
    "MemTotal: 18014398509481984 kB\n",  /* 2^54 KiB: overflows bytes */
    "MemFree: 1024 kB\n",
    "MemTotal: 1024 kB extra\n",
  };
  guint64 total = 0, available = 0;
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "MemTotal:       32768 kB\nMemFree:  1024 kB\nMemAvailable:    16384 kB\n",
                       -1, &error);
  g_assert_no_error (error);
  g_assert_true (fit_gpu_meminfo_read (dir, &total, &available, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 32 * MIB);
  g_assert_cmpuint (available, ==, 16 * MIB);

  /* Before Linux 3.14 there is no MemAvailable: MemFree stands in. */
  g_file_set_contents (path, "MemTotal: 32768 kB\nMemFree: 1024 kB\n", -1, &error);
  g_assert_no_error (error);
  g_assert_true (fit_gpu_meminfo_read (dir, &total, &available, &error));
  g_assert_cmpuint (available, ==, MIB);

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      g_file_set_contents (path, garbage[i], -1, &error);
      g_assert_no_error (error);
      g_assert_false (fit_gpu_meminfo_read (dir, &total, &available, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "meminfo"));
      g_clear_error (&error);
    }

  g_remove (path);
  g_assert_false (fit_gpu_meminfo_read (dir, &total, &available, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_rmdir (dir);
}

static void
test_parse_pci_ids (void)
{
  g_autofree char *path = g_build_filename (FIXTURES_DIR, "pci.ids", NULL);
  char *vendor = NULL, *device = NULL;

  g_assert_true (fit_gpu_pci_ids_lookup (path, 0x10de2684, &vendor, &device));
  g_assert_cmpstr (vendor, ==, "NVIDIA Corporation");
  g_assert_cmpstr (device, ==, "AD102 [GeForce RTX 4090]");
  g_clear_pointer (&vendor, g_free);
  g_clear_pointer (&device, g_free);

  /* "1002 0e3b" is a subsystem line: device 0x1002 of vendor 0x1002 does
   * not exist, and must not be read from it. */
  g_assert_true (fit_gpu_pci_ids_lookup (path, 0x10021002, &vendor, &device));
  g_assert_cmpstr (vendor, ==, "Advanced Micro Devices, Inc. [AMD/ATI]");
  g_assert_null (device);
  g_clear_pointer (&vendor, g_free);

  /* The class section ("C 03") at the end is not a vendor. */
  g_assert_false (fit_gpu_pci_ids_lookup (path, 0xc0030000, &vendor, &device));
  g_assert_false (fit_gpu_pci_ids_lookup (path, 0xffff0000, &vendor, &device));
  g_assert_null (vendor);
  g_assert_null (device);
  g_assert_false (fit_gpu_pci_ids_lookup ("/nonexistent/pci.ids", 0x10de2684, &vendor, &device));
}

static void
test_parse_sysfs_files (void)
{
  g_autofree char *big = g_malloc (5000);
  g_autofree char *big_path = NULL;
  g_autofree char *hex_path = write_temp ("0x10de\n", -1);
  g_autofree char *bad_hex_path = write_temp ("0x10dex\n", -1);
  g_autofree char *nul_path = write_temp ("12\0" "34", 5);
  g_autofree char *dir = g_dir_make_tmp ("fit-gpu-dir-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  guint32 hex = 0;
  guint64 v;

  memset (big, '7', 5000);
  big_path = write_temp (big, 5000);

  g_assert_false (fit_gpu_read_text (dir, &text, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
  g_clear_error (&error);

  g_assert_false (fit_gpu_read_u64 (big_path, &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_false (fit_gpu_read_u64 (nul_path, &v, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_true (fit_gpu_read_hex (hex_path, 0xffff, &hex, &error));
  g_assert_no_error (error);
  g_assert_cmphex (hex, ==, 0x10de);
  g_assert_false (fit_gpu_read_hex (hex_path, 0xff, &hex, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_false (fit_gpu_read_hex (bad_hex_path, 0xffff, &hex, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "0x10dex"));
  g_clear_error (&error);

  g_assert_false (fit_gpu_read_text ("/nonexistent/file", &text, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  g_remove (big_path);
  g_remove (hex_path);
  g_remove (bad_hex_path);
  g_remove (nul_path);
  g_rmdir (dir);
}

/* Fixture machines. */

static void
test_amdgpu_rx7900xtx (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(GPtrArray) found = NULL;
  const FitGpuInfo *gpu;

  use_fixture ("rx7900xtx", NULL);

  /* Without a catalog: pci.ids names it. */
  found = fit_gpu_detect_all (NULL);
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->name, ==, "Navi 31 [Radeon RX 7900 XT/7900 XTX/7900 GRE/7900M]");
  g_assert_null (gpu->catalog_id);
  g_clear_pointer (&found, g_ptr_array_unref);

  found = fit_gpu_detect_all (catalog);
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->backend, ==, "amdgpu");
  g_assert_cmpstr (gpu->driver, ==, "amdgpu");
  g_assert_cmpint (gpu->vendor, ==, FIT_VENDOR_AMD);
  g_assert_cmphex (gpu->pci_id, ==, 0x1002744c);
  g_assert_cmpstr (gpu->bus_id, ==, "0000:03:00.0");
  /* 1002:744c is both the XT and the XTX: 24 GiB detected picks the XTX. */
  g_assert_cmpstr (gpu->catalog_id, ==, "rx-7900-xtx");
  g_assert_cmpstr (gpu->name, ==, "Radeon RX 7900 XTX");
  g_assert_false (gpu->unified_memory);
  assert_bytes (gpu->memory_total, 24 * GIB);
  assert_bytes (gpu->memory_used, 1536 * MIB);
  assert_bytes (gpu->memory_free, 24 * GIB - 1536 * MIB);
  assert_bytes (gpu->local_total, 24 * GIB);
  assert_bytes (gpu->shared_total, 32 * GIB);
  g_assert_cmpstr (gpu->memory_source, ==, "sysfs");
  g_assert_null (gpu->compute_capability);
}

static void
test_amdgpu_apu_780m (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(FitDevice) device = NULL;
  const FitGpuInfo *gpu;

  use_fixture ("radeon-780m", NULL);
  found = fit_gpu_detect_all (catalog);

  /* card0 is simpledrm's framebuffer, which is no GPU. */
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->backend, ==, "amdgpu");
  g_assert_cmphex (gpu->pci_id, ==, 0x100215bf);
  g_assert_cmpstr (gpu->bus_id, ==, "0000:c4:00.0");
  g_assert_cmpstr (gpu->name, ==, "Phoenix1");
  g_assert_null (gpu->catalog_id);

  /* A 512 MiB carve-out the CPU sees whole, and 16 GiB of GTT: the budget
   * is both, and so is what is in use. */
  g_assert_true (gpu->unified_memory);
  assert_bytes (gpu->local_total, 512 * MIB);
  assert_bytes (gpu->shared_total, 16 * GIB);
  assert_bytes (gpu->memory_total, 16 * GIB + 512 * MIB);
  assert_bytes (gpu->memory_used, 96 * MIB + 256 * MIB);
  assert_bytes (gpu->memory_free, 16 * GIB + 512 * MIB - 352 * MIB);

  device = fit_gpu_info_to_device (gpu, catalog, 0);
  g_assert_cmpstr (device->id, ==, "detected:0");
  g_assert_true (device->detected);
  g_assert_true (device->unified_memory);
  g_assert_cmpint (device->klass, ==, FIT_DEVICE_CLASS_INTEGRATED);
  g_assert_cmpuint (device->memory_bytes, ==, 16 * GIB + 512 * MIB);
  g_assert_cmpuint (fit_device_usable_bytes (device), ==, 16 * GIB + 512 * MIB);
  g_assert_true (device->used_known);
  g_assert_cmpuint (device->used_bytes, ==, 352 * MIB);
  g_assert_null (device->catalog_id);
}

static void
test_intel_arc_a770 (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(GPtrArray) found = NULL;
  const FitGpuInfo *igpu, *arc;

  use_fixture ("arc-a770", NULL);
  found = fit_gpu_detect_all (catalog);

  g_assert_cmpuint (found->len, ==, 2);
  igpu = g_ptr_array_index (found, 0);
  arc = g_ptr_array_index (found, 1);

  /* The A770 is card10 and on xe; its tile reports 16 GiB of VRAM. What
   * is used needs the DRM query, which the fixture cannot answer. */
  g_assert_cmpstr (arc->backend, ==, "xe");
  g_assert_cmpstr (arc->bus_id, ==, "0000:03:00.0");
  g_assert_cmphex (arc->pci_id, ==, 0x808656a0);
  g_assert_cmpint (arc->vendor, ==, FIT_VENDOR_INTEL);
  g_assert_false (arc->unified_memory);
  assert_bytes (arc->memory_total, 16 * GIB);
  assert_unknown (arc->memory_used);
  assert_unknown (arc->memory_free);
  g_assert_cmpstr (arc->memory_source, ==, "sysfs");
  g_assert_cmpstr (arc->catalog_id, ==, "arc-a770-16gb");
  g_assert_cmpstr (arc->name, ==, "Arc A770 16GB");

  /* The UHD 770 shares RAM: half of the 32 GiB, of which 10 GiB are
   * available right now. */
  g_assert_cmpstr (igpu->backend, ==, "i915");
  g_assert_cmpstr (igpu->bus_id, ==, "0000:00:02.0");
  g_assert_true (igpu->unified_memory);
  assert_bytes (igpu->memory_total, 16 * GIB);
  assert_bytes (igpu->memory_free, 10 * GIB);
  assert_bytes (igpu->memory_used, 6 * GIB);
  g_assert_cmpstr (igpu->memory_source, ==, "meminfo");
  g_assert_cmpstr (igpu->name, ==, "Raptor Lake-S GT1 [UHD Graphics 770]");
  g_assert_null (igpu->catalog_id);
}

static void
test_pci_nvidia_without_nvml (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(FitDevice) device = NULL;
  g_auto(GStrv) notes = NULL;
  g_autofree char *other_proc = g_build_filename (FIXTURES_DIR, "no-gpu", "proc", NULL);
  const FitGpuInfo *gpu;

  use_fixture ("nvidia-no-nvml", NULL);
  found = fit_gpu_detect_all_full (catalog, &notes);

  /* The missing library is noted, not an error; the audio function of the
   * card is not a GPU. */
  g_assert_true (notes_contain (notes, "nvml: skipped"));
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->backend, ==, "pci");
  g_assert_cmpstr (gpu->driver, ==, "nvidia");
  g_assert_cmphex (gpu->pci_id, ==, 0x10de2684);
  g_assert_cmpstr (gpu->bus_id, ==, "0000:01:00.0");
  g_assert_cmpstr (gpu->name, ==, "NVIDIA GeForce RTX 4090");
  g_assert_cmpstr (gpu->catalog_id, ==, "rtx-4090");
  assert_unknown (gpu->memory_total);
  assert_unknown (gpu->memory_used);
  assert_unknown (gpu->memory_free);
  g_assert_null (gpu->memory_source);

  /* The estimator still needs a size: the catalog's stands in, and says so. */
  device = fit_gpu_info_to_device (gpu, catalog, 0);
  g_assert_cmpuint (device->memory_bytes, ==, 25757220864);
  g_assert_false (device->used_known);
  g_assert_cmpfloat (device->bandwidth_gbps, ==, 1008);
  g_assert_nonnull (device->notes);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Without the driver's procfs entry, pci.ids names it. */
  g_setenv ("FITMYGPU_PROC_ROOT", other_proc, TRUE);
  found = fit_gpu_detect_all (catalog);
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->name, ==, "AD102 [GeForce RTX 4090]");
  g_assert_cmpstr (gpu->catalog_id, ==, "rtx-4090");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Without pci.ids either, the catalog does. */
  g_setenv ("FITMYGPU_PCI_IDS", "/nonexistent/pci.ids", TRUE);
  found = fit_gpu_detect_all (catalog);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->name, ==, "GeForce RTX 4090");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* And with nothing at all, the ids. */
  found = fit_gpu_detect_all (NULL);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->name, ==, "10de:2684");
}

static void
test_no_gpu (void)
{
  g_autoptr(GPtrArray) found = NULL;
  guint64 total = 0, available = 0;

  use_fixture ("no-gpu", NULL);
  found = fit_gpu_detect_all (NULL);
  g_assert_cmpuint (found->len, ==, 0);

  g_assert_true (fit_gpu_system_ram (&total, &available));
  g_assert_cmpuint (total, ==, 16 * GIB);
  g_assert_cmpuint (available, ==, 8 * GIB);
}

static const FitGpuInfo *
find_bus (GPtrArray  *found,
          const char *bus_id)
{
  for (guint i = 0; i < found->len; i++)
    {
      const FitGpuInfo *info = g_ptr_array_index (found, i);

      if (g_strcmp0 (info->bus_id, bus_id) == 0)
        return info;
    }

  return NULL;
}

static void
test_broken_tree (void)
{
  g_autoptr(GPtrArray) found = NULL;
  g_auto(GStrv) notes = NULL;
  const FitGpuInfo *gpu;
  guint64 total = 1, available = 1;

  use_fixture ("broken", NULL);
  found = fit_gpu_detect_all_full (NULL, &notes);

  /* 0d (vendor "zzzz") and 0f (class "display") cannot be listed at all;
   * card12 has no device link. */
  g_assert_cmpuint (found->len, ==, 5);
  g_assert_null (find_bus (found, "0000:0d:00.0"));
  g_assert_null (find_bus (found, "0000:0f:00.0"));

  /* A directory, text, a negative number and 2^64: all unknown, none 0.
   * The 5000-byte product name is not used. */
  gpu = find_bus (found, "0000:0a:00.0");
  g_assert_nonnull (gpu);
  g_assert_cmpstr (gpu->backend, ==, "amdgpu");
  g_assert_cmpstr (gpu->name, ==, "Navi 21 [Radeon RX 6800/6800 XT / 6900 XT]");
  assert_unknown (gpu->memory_total);
  assert_unknown (gpu->memory_used);
  assert_unknown (gpu->memory_free);
  assert_unknown (gpu->local_total);
  assert_unknown (gpu->shared_total);
  assert_unknown (gpu->shared_used);
  g_assert_false (gpu->unified_memory);

  /* More used than there is: amdgpu's answer is dropped with a note, and
   * the PCI listing stands in with the memory unknown. */
  gpu = find_bus (found, "0000:0b:00.0");
  g_assert_nonnull (gpu);
  g_assert_cmpstr (gpu->backend, ==, "pci");
  assert_unknown (gpu->memory_total);
  g_assert_true (notes_contain (notes, "0000:0b:00.0 skipped"));

  /* A total of 0 likewise. */
  gpu = find_bus (found, "0000:0e:00.0");
  g_assert_nonnull (gpu);
  g_assert_cmpstr (gpu->backend, ==, "pci");
  g_assert_true (notes_contain (notes, "0000:0e:00.0 skipped"));

  /* No driver link: not amdgpu's, but still a display device. */
  gpu = find_bus (found, "0000:0c:00.0");
  g_assert_nonnull (gpu);
  g_assert_cmpstr (gpu->backend, ==, "pci");
  g_assert_null (gpu->driver);
  g_assert_cmphex (gpu->pci_id, ==, 0x10027480);

  /* Another vendor's display controller keeps pci.ids' vendor name. */
  gpu = find_bus (found, "0000:10:00.0");
  g_assert_nonnull (gpu);
  g_assert_cmpint (gpu->vendor, ==, FIT_VENDOR_OTHER);
  g_assert_cmpstr (fit_gpu_info_get_vendor_name (gpu), ==, "ASPEED Technology, Inc.");
  g_assert_cmpstr (gpu->name, ==, "ASPEED Graphics Family");

  /* And a meminfo that is all garbage leaves the outputs alone. */
  g_assert_false (fit_gpu_system_ram (&total, &available));
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpuint (available, ==, 1);
}

static void
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_SYMLINK) && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
    }

  g_assert_cmpint (g_remove (path), ==, 0);
}

/* Unreadable files cannot live in git: this tree is made on the spot. */
static void
test_broken_unreadable (void)
{
  g_autofree char *root = g_dir_make_tmp ("fit-gpu-sysfs-XXXXXX", NULL);
  g_autofree char *dev = g_build_filename (root, "devices", "pci0000:00", "0000:05:00.0", NULL);
  g_autofree char *card = g_build_filename (dev, "drm", "card0", NULL);
  g_autofree char *class_drm = g_build_filename (root, "class", "drm", NULL);
  g_autofree char *bus = g_build_filename (root, "bus", "pci", "devices", NULL);
  g_autofree char *link = NULL;
  g_autofree char *total_path = g_build_filename (dev, "mem_info_vram_total", NULL);
  g_autofree char *huge = g_malloc (1024 * 1024 + 1);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const FitGpuInfo *gpu;
  gboolean readable;

  g_assert_cmpint (g_mkdir_with_parents (card, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (class_drm, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (bus, 0755), ==, 0);
  write_file (dev, "class", "0x030000\n");
  write_file (dev, "vendor", "0x1002\n");
  write_file (dev, "device", "0x744c\n");
  write_file (dev, "mem_info_vram_total", "25769803776\n");
  memset (huge, '1', 1024 * 1024);
  huge[1024 * 1024] = '\0';
  write_file (dev, "mem_info_vram_used", huge);
  g_assert_cmpint (symlink ("../../../bus/pci/drivers/amdgpu",
                            (link = g_build_filename (dev, "driver", NULL))), ==, 0);
  g_clear_pointer (&link, g_free);
  g_assert_cmpint (symlink ("../../../0000:05:00.0",
                            (link = g_build_filename (card, "device", NULL))), ==, 0);
  g_clear_pointer (&link, g_free);
  g_assert_cmpint (symlink ("../../devices/pci0000:00/0000:05:00.0/drm/card0",
                            (link = g_build_filename (class_drm, "card0", NULL))), ==, 0);
  g_clear_pointer (&link, g_free);
  g_assert_cmpint (symlink ("../../../devices/pci0000:00/0000:05:00.0",
                            (link = g_build_filename (bus, "0000:05:00.0", NULL))), ==, 0);
  g_assert_cmpint (g_chmod (total_path, 0), ==, 0);

  use_fixture ("no-gpu", NULL);
  g_setenv ("FITMYGPU_SYSFS_ROOT", root, TRUE);
  found = fit_gpu_detect_all (NULL);

  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->backend, ==, "amdgpu");
  /* The 1 MiB "used" file is rejected without reading it all. */
  assert_unknown (gpu->memory_used);
  assert_unknown (gpu->memory_free);

  /* Root reads a mode-000 file anyway (tests may run as root). */
  readable = g_access (total_path, R_OK) == 0;
  if (readable)
    assert_bytes (gpu->memory_total, 24 * GIB);
  else
    assert_unknown (gpu->memory_total);

  g_chmod (total_path, 0644);
  remove_tree (root);
}

/* NVML through the stub library. */

static void
test_nvml_stub (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(FitDevice) device = NULL;
  const FitGpuInfo *gpu;

  use_fixture ("no-gpu", "default");
  found = fit_gpu_detect_all (catalog);

  g_assert_cmpuint (found->len, ==, 3);

  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->backend, ==, "nvml");
  g_assert_cmpstr (gpu->name, ==, "NVIDIA GeForce RTX 4090");
  g_assert_cmpstr (gpu->bus_id, ==, "0000:01:00.0");
  g_assert_cmphex (gpu->pci_id, ==, 0x10de2684);
  g_assert_cmpstr (gpu->driver_version, ==, "550.54.14");
  g_assert_cmpstr (gpu->compute_capability, ==, "8.9");
  g_assert_false (gpu->unified_memory);
  assert_bytes (gpu->memory_total, 25757220864);
  assert_bytes (gpu->memory_used, GIB);
  assert_bytes (gpu->memory_free, 25757220864 - GIB);
  g_assert_cmpstr (gpu->memory_source, ==, "nvml");
  g_assert_cmpstr (gpu->catalog_id, ==, "rtx-4090");

  device = fit_gpu_info_to_device (gpu, catalog, 0);
  g_assert_cmpstr (device->id, ==, "detected:0");
  g_assert_cmpstr (device->name, ==, "NVIDIA GeForce RTX 4090");
  g_assert_cmpstr (device->catalog_id, ==, "rtx-4090");
  g_assert_true (device->detected);
  g_assert_cmpuint (device->memory_bytes, ==, 25757220864);
  g_assert_true (device->used_known);
  g_assert_cmpuint (device->used_bytes, ==, GIB);
  g_assert_cmpfloat (device->bandwidth_gbps, ==, 1008);
  g_assert_cmpfloat (device->tflops_fp16, ==, 165.2);
  g_assert_cmpuint (device->n_pci_ids, ==, 1);
  g_assert_cmphex (device->pci_ids[0], ==, 0x10de2684);

  /* The A6000 has no PCI id in the catalog: its name matches. */
  gpu = g_ptr_array_index (found, 1);
  g_assert_cmpstr (gpu->name, ==, "NVIDIA RTX A6000");
  g_assert_cmpstr (gpu->bus_id, ==, "0000:41:00.0");
  g_assert_cmpstr (gpu->compute_capability, ==, "8.6");
  assert_bytes (gpu->memory_total, 51527024640);
  assert_bytes (gpu->memory_used, GIB / 2);
  g_assert_cmpstr (gpu->catalog_id, ==, "rtx-a6000");

  /* The A100's memory calls fail: it stays listed, memory unknown. Its
   * domain is 1, and sorts last. */
  gpu = g_ptr_array_index (found, 2);
  g_assert_cmpstr (gpu->name, ==, "NVIDIA A100-SXM4-80GB");
  g_assert_cmpstr (gpu->bus_id, ==, "0001:c1:00.0");
  g_assert_cmpstr (gpu->backend, ==, "nvml");
  assert_unknown (gpu->memory_total);
  assert_unknown (gpu->memory_used);
  assert_unknown (gpu->memory_free);
  g_assert_false (gpu->unified_memory);
  g_assert_null (gpu->catalog_id);
}

static void
test_nvml_dedup (void)
{
  g_autoptr(GPtrArray) found = NULL;
  const FitGpuInfo *gpu;

  /* sysfs lists the 4090 too: NVML's richer entry wins, once. */
  use_fixture ("nvidia-no-nvml", "default");
  found = fit_gpu_detect_all (NULL);

  g_assert_cmpuint (found->len, ==, 3);
  gpu = find_bus (found, "0000:01:00.0");
  g_assert_cmpstr (gpu->backend, ==, "nvml");
  assert_bytes (gpu->memory_total, 25757220864);
}

static void
test_nvml_unified (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(GPtrArray) found = NULL;
  const FitGpuInfo *gpu;

  /* v1 NOT_SUPPORTED, v2 answers, but only to the right version field
   * (the stub enforces 0x02000028 as NVML does). */
  use_fixture ("no-gpu", "unified");
  found = fit_gpu_detect_all (catalog);
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->bus_id, ==, "000f:01:00.0");
  g_assert_true (gpu->unified_memory);
  assert_bytes (gpu->memory_total, 128 * GIB);
  /* v2's used plus its reserve. */
  assert_bytes (gpu->memory_used, 5 * GIB);
  assert_bytes (gpu->memory_free, 123 * GIB);
  g_assert_cmpstr (gpu->memory_source, ==, "nvml");
  g_assert_cmpstr (gpu->catalog_id, ==, "dgx-spark-gb10");
  g_assert_cmpstr (gpu->compute_capability, ==, "12.1");
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Neither call answers: MemTotal and MemAvailable stand in. */
  use_fixture ("no-gpu", "unified-meminfo");
  found = fit_gpu_detect_all (catalog);
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_true (gpu->unified_memory);
  assert_bytes (gpu->memory_total, 16 * GIB);
  assert_bytes (gpu->memory_free, 8 * GIB);
  assert_bytes (gpu->memory_used, 8 * GIB);
  g_assert_cmpstr (gpu->memory_source, ==, "meminfo");
}

static void
test_nvml_failures (void)
{
  g_autoptr(GPtrArray) found = NULL;
  g_auto(GStrv) notes = NULL;
  const FitGpuInfo *gpu;

  /* More used than there is: dropped, and said why. */
  use_fixture ("no-gpu", "nonsense");
  found = fit_gpu_detect_all_full (NULL, &notes);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_true (notes_contain (notes, "nvml: 0000:01:00.0 skipped"));
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&notes, g_strfreev);

  /* The driver is not loaded: the PCI listing still shows the card. */
  use_fixture ("nvidia-no-nvml", "init-9");
  found = fit_gpu_detect_all_full (NULL, &notes);
  g_assert_true (notes_contain (notes, "not loaded"));
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gpu->backend, ==, "pci");
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&notes, g_strfreev);

  /* A name that fills NVML's buffer without a NUL is cut, not overrun. */
  use_fixture ("no-gpu", "long-name");
  found = fit_gpu_detect_all (NULL);
  g_assert_cmpuint (found->len, ==, 1);
  gpu = g_ptr_array_index (found, 0);
  g_assert_cmpuint (strlen (gpu->name), ==, FIT_NVML_NAME_BUFFER_SIZE - 1);
  g_assert_true (g_str_has_prefix (gpu->name, "NVIDIA GeForce RTX 4090 with a name"));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* No GPUs at all. */
  use_fixture ("no-gpu", "empty");
  found = fit_gpu_detect_all_full (NULL, &notes);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_false (notes_contain (notes, "nvml"));
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_pointer (&notes, g_strfreev);

  /* A library that is not NVML at all. */
  use_fixture ("no-gpu", "default");
  g_setenv ("FITMYGPU_NVML_LIBRARY", "libm.so.6", TRUE);
  found = fit_gpu_detect_all_full (NULL, &notes);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_true (notes_contain (notes, "libm.so.6"));
}

/* The stub must be as strict as NVML about the v2 version field, or the
 * unified test above would prove nothing. */
static void
test_nvml_stub_version (void)
{
  fit_nvmlReturn_t (*init) (void);
  fit_nvmlReturn_t (*shutdown) (void);
  fit_nvmlReturn_t (*get_handle) (unsigned int, fit_nvmlDevice_t *);
  fit_nvmlReturn_t (*get_memory_v2) (fit_nvmlDevice_t, fit_nvmlMemory_v2_t *);
  fit_nvmlMemory_v2_t mem = { .version = 2 };
  fit_nvmlDevice_t dev = NULL;
  void *module;

  g_setenv ("FITMYGPU_STUB_NVML_SCENARIO", "unified", TRUE);
  g_unsetenv ("FITMYGPU_STUB_NVML_HANG_MS");
  module = dlopen (STUB_NVML_PATH, RTLD_NOW | RTLD_LOCAL);
  g_assert_nonnull (module);
  init = dlsym (module, "nvmlInit_v2");
  shutdown = dlsym (module, "nvmlShutdown");
  get_handle = dlsym (module, "nvmlDeviceGetHandleByIndex_v2");
  get_memory_v2 = dlsym (module, "nvmlDeviceGetMemoryInfo_v2");
  g_assert_nonnull (init);
  g_assert_nonnull (get_memory_v2);

  g_assert_cmpint (init (), ==, FIT_NVML_SUCCESS);
  g_assert_cmpint (get_handle (0, &dev), ==, FIT_NVML_SUCCESS);
  g_assert_cmpint (get_memory_v2 (dev, &mem), ==, FIT_NVML_ERROR_ARGUMENT_VERSION_MISMATCH);
  mem.version = FIT_NVML_MEMORY_V2_VERSION;
  g_assert_cmpint (get_memory_v2 (dev, &mem), ==, FIT_NVML_SUCCESS);
  g_assert_cmpuint (mem.total, ==, 128 * GIB);
  g_assert_cmpint (shutdown (), ==, FIT_NVML_SUCCESS);
  dlclose (module);
}

/* A backend that hangs is left behind within the time limit. Run in a
 * subprocess: the stub's nvmlInit keeps sleeping after the test is over. */
static void
test_timeout_hung_backend (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) found = NULL;
      g_auto(GStrv) notes = NULL;
      gint64 start;
      gint64 elapsed;
      const FitGpuInfo *gpu;

      use_fixture ("nvidia-no-nvml", "default");
      g_setenv ("FITMYGPU_STUB_NVML_HANG_MS", "4000", TRUE);
      g_setenv ("FITMYGPU_DETECT_TIMEOUT_MS", "300", TRUE);

      start = g_get_monotonic_time ();
      found = fit_gpu_detect_all_full (NULL, &notes);
      elapsed = (g_get_monotonic_time () - start) / 1000;

      g_assert_cmpint (elapsed, >=, 250);
      g_assert_cmpint (elapsed, <, 1500);
      g_assert_true (notes_contain (notes, "nvml: skipped: no answer within 300 ms"));
      /* The other backends answered: the card is still listed. */
      g_assert_cmpuint (found->len, ==, 1);
      gpu = g_ptr_array_index (found, 0);
      g_assert_cmpstr (gpu->backend, ==, "pci");
      g_clear_pointer (&found, g_ptr_array_unref);
      g_clear_pointer (&notes, g_strfreev);

      /* The next round finds NVML still busy and does not queue behind it. */
      start = g_get_monotonic_time ();
      found = fit_gpu_detect_all_full (NULL, &notes);
      elapsed = (g_get_monotonic_time () - start) / 1000;
      g_assert_cmpint (elapsed, <, 1500);
      g_assert_cmpuint (found->len, ==, 1);
      g_assert_true (notes_contain (notes, "nvml: skipped"));
      return;
    }

  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("*GPU backend nvml did not answer within 300 ms*");
}

/* Public API around detection. */

static void
on_detected (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  const FitGpuInfo *gpu;

  use_fixture ("arc-a770", NULL);
  fit_gpu_detect_async (catalog, NULL, on_detected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  found = fit_gpu_detect_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  gpu = g_ptr_array_index (found, 1);
  g_assert_cmpstr (gpu->catalog_id, ==, "arc-a770-16gb");
  g_clear_object (&result);
  g_clear_pointer (&found, g_ptr_array_unref);

  g_cancellable_cancel (cancellable);
  fit_gpu_detect_async (catalog, cancellable, on_detected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = fit_gpu_detect_finish (result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (found);
}

static void
test_detect_device (void)
{
  g_autoptr(FitCatalog) catalog = test_catalog ();
  g_autoptr(FitDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  use_fixture ("arc-a770", NULL);
  device = fit_gpu_detect_device (catalog, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device->id, ==, "detected:1");
  g_assert_cmpstr (device->name, ==, "Arc A770 16GB");
  g_assert_cmpstr (device->catalog_id, ==, "arc-a770-16gb");
  g_assert_true (device->detected);
  g_assert_false (device->unified_memory);
  g_assert_cmpuint (device->memory_bytes, ==, 16 * GIB);
  g_assert_false (device->used_known);
  g_assert_cmpfloat (device->bandwidth_gbps, ==, 560);
  g_assert_cmpint (device->vendor, ==, FIT_VENDOR_INTEL);
  g_clear_pointer (&device, fit_device_free);

  device = fit_gpu_detect_device (catalog, 5, &error);
  g_assert_null (device);
  g_assert_error (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "5"));
  g_assert_nonnull (strstr (error->message, "2 GPUs"));
  g_clear_error (&error);

  use_fixture ("no-gpu", NULL);
  device = fit_gpu_detect_device (NULL, 0, &error);
  g_assert_null (device);
  g_assert_error (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_NOT_FOUND);
}

static void
test_json (void)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *array;
  JsonObject *igpu, *arc;

  use_fixture ("arc-a770", NULL);
  found = fit_gpu_detect_all (NULL);
  root = fit_gpu_info_list_to_json (found);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  array = json_node_get_array (root);
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  igpu = json_array_get_object_element (array, 0);
  arc = json_array_get_object_element (array, 1);

  g_assert_cmpstr (json_object_get_string_member (arc, "pci_id"), ==, "8086:56a0");
  g_assert_cmpstr (json_object_get_string_member (arc, "vendor"), ==, "Intel");
  g_assert_cmpstr (json_object_get_string_member (arc, "backend"), ==, "xe");
  g_assert_cmpstr (json_object_get_string_member (arc, "bus_id"), ==, "0000:03:00.0");
  g_assert_cmpint (json_object_get_int_member (arc, "memory_total_bytes"), ==, 16 * GIB);
  g_assert_true (json_object_get_null_member (arc, "memory_used_bytes"));
  g_assert_true (json_object_get_null_member (arc, "memory_free_bytes"));
  g_assert_true (json_object_get_null_member (arc, "catalog_id"));
  g_assert_false (json_object_get_boolean_member (arc, "unified_memory"));

  g_assert_true (json_object_get_boolean_member (igpu, "unified_memory"));
  g_assert_cmpint (json_object_get_int_member (igpu, "memory_total_bytes"), ==, 16 * GIB);
  g_assert_cmpint (json_object_get_int_member (igpu, "memory_used_bytes"), ==, 6 * GIB);
  g_assert_cmpint (json_object_get_int_member (igpu, "memory_free_bytes"), ==, 10 * GIB);
  g_assert_cmpstr (json_object_get_string_member (igpu, "id"), ==, "detected:0");
}

static void
test_info_copy (void)
{
  g_autoptr(FitGpuInfo) info = fit_gpu_info_new ();
  g_autoptr(FitGpuInfo) copy = NULL;
  g_autofree char *reason = NULL;

  info->name = g_strdup ("GPU");
  info->bus_id = g_strdup ("0000:01:00.0");
  info->backend = "pci";
  fit_gpu_bytes_set (&info->memory_total, 8 * GIB);
  fit_gpu_bytes_set (&info->memory_used, GIB);
  copy = fit_gpu_info_copy (info);
  g_assert_cmpstr (copy->name, ==, "GPU");
  g_assert_true (copy->name != info->name);
  g_assert_true (fit_gpu_info_same_device (info, copy));
  g_assert_true (fit_gpu_info_check (copy, &reason));

  /* Two identical cards have one PCI id but two addresses. */
  copy->pci_id = info->pci_id = 0x10de2684;
  g_free (copy->bus_id);
  copy->bus_id = g_strdup ("0000:02:00.0");
  g_assert_false (fit_gpu_info_same_device (info, copy));
  g_clear_pointer (&copy->bus_id, g_free);
  g_assert_true (fit_gpu_info_same_device (info, copy));

  fit_gpu_bytes_set (&copy->memory_total, G_GUINT64_CONSTANT (1) << 50);
  g_assert_false (fit_gpu_info_check (copy, &reason));
  g_assert_nonnull (reason);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gpu/parse/u64", test_parse_u64);
  g_test_add_func ("/gpu/parse/bus-id", test_parse_bus_id);
  g_test_add_func ("/gpu/parse/meminfo", test_parse_meminfo);
  g_test_add_func ("/gpu/parse/pci-ids", test_parse_pci_ids);
  g_test_add_func ("/gpu/parse/sysfs-files", test_parse_sysfs_files);
  g_test_add_func ("/gpu/info/copy", test_info_copy);
  g_test_add_func ("/gpu/fixture/rx7900xtx", test_amdgpu_rx7900xtx);
  g_test_add_func ("/gpu/fixture/radeon-780m", test_amdgpu_apu_780m);
  g_test_add_func ("/gpu/fixture/arc-a770", test_intel_arc_a770);
  g_test_add_func ("/gpu/fixture/nvidia-no-nvml", test_pci_nvidia_without_nvml);
  g_test_add_func ("/gpu/fixture/no-gpu", test_no_gpu);
  g_test_add_func ("/gpu/fixture/broken", test_broken_tree);
  g_test_add_func ("/gpu/fixture/unreadable", test_broken_unreadable);
  g_test_add_func ("/gpu/nvml/stub", test_nvml_stub);
  g_test_add_func ("/gpu/nvml/dedup", test_nvml_dedup);
  g_test_add_func ("/gpu/nvml/unified", test_nvml_unified);
  g_test_add_func ("/gpu/nvml/failures", test_nvml_failures);
  g_test_add_func ("/gpu/nvml/stub-version", test_nvml_stub_version);
  g_test_add_func ("/gpu/timeout/hung-backend", test_timeout_hung_backend);
  g_test_add_func ("/gpu/api/async", test_async);
  g_test_add_func ("/gpu/api/detect-device", test_detect_device);
  g_test_add_func ("/gpu/api/json", test_json);

  return g_test_run ();
}
