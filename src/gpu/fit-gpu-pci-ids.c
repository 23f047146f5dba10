/* fit-gpu-pci-ids.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fit-gpu-private.h"

/* The GNOME runtime (Flatpak) ships hwdata's copy; Debian's pci.ids
 * package installs the misc one. */
static const char * const system_pci_ids[] = {
  "/usr/share/hwdata/pci.ids",
  "/usr/share/misc/pci.ids",
};

/* "10de  NVIDIA Corporation" or, after one tab, "2684  AD102 [...]". */
static gboolean
parse_entry (const char  *line,
             guint32     *id,
             const char **name)
{
  guint32 value = 0;

  for (guint i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (line[i]);

      if (d < 0)
        return FALSE;
      value = (value << 4) | (guint32) d;
    }

  if (line[4] != ' ' || line[5] != ' ' || line[6] == '\0')
    return FALSE;

  *id = value;
  *name = line + 6;
  return TRUE;
}

static gboolean
lookup_in_file (const char  *path,
                guint32      vendor,
                guint32      device,
                char       **vendor_name,
                char       **device_name)
{
  FILE *file = g_fopen (path, "re");
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  gboolean in_vendor = FALSE;

  if (file == NULL)
    return FALSE;

  /* Stream the file and stop at the end of our vendor's block: only the
   * lines we need are ever kept. */
  while ((len = getline (&line, &cap, file)) >= 0)
    {
      const char *name;
      guint32 id;

      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';

      if (line[0] == '#' || line[0] == '\0')
        continue;

      if (!in_vendor)
        {
          if (line[0] != '\t' && parse_entry (line, &id, &name) && id == vendor)
            {
              in_vendor = TRUE;
              *vendor_name = g_utf8_make_valid (name, -1);
            }
          continue;
        }

      if (line[0] != '\t')
        break;

      if (line[1] != '\t' && parse_entry (line + 1, &id, &name) && id == device)
        {
          *device_name = g_utf8_make_valid (name, -1);
          break;
        }
    }

  free (line);
  fclose (file);
  return in_vendor;
}

/**
 * fit_gpu_pci_ids_lookup:
 * @path: (nullable): a pci.ids file; NULL looks in the system locations
 * @vendor_name: (out): the vendor's name, or NULL
 * @device_name: (out): the device's name, or NULL
 *
 * Names a PCI device from the pci.ids database when one is installed.
 *
 * Returns: whether the vendor was found
 */
gboolean
fit_gpu_pci_ids_lookup (const char  *path,
                        FitPciId     pci_id,
                        char       **vendor_name,
                        char       **device_name)
{
  *vendor_name = NULL;
  *device_name = NULL;

  if (path != NULL)
    return lookup_in_file (path, pci_id >> 16, pci_id & 0xffff, vendor_name, device_name);

  for (guint i = 0; i < G_N_ELEMENTS (system_pci_ids); i++)
    {
      if (g_file_test (system_pci_ids[i], G_FILE_TEST_IS_REGULAR))
        return lookup_in_file (system_pci_ids[i], pci_id >> 16, pci_id & 0xffff,
                               vendor_name, device_name);
    }

  return FALSE;
}
