/* fit-gpu-sysfs.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fit-gpu-private.h"

/* Every attribute we read is a number, an id or a product name. A longer
 * file is not the attribute we think it is, and reading it whole would let
 * a broken tree make us slurp megabytes. */
#define MAX_ATTRIBUTE_BYTES 4096

/**
 * fit_gpu_read_text:
 *
 * Reads a small kernel attribute file, without its trailing whitespace.
 * Fails on directories, unreadable files and anything longer than 4 KiB.
 */
gboolean
fit_gpu_read_text (const char  *path,
                   char       **out,
                   GError     **error)
{
  char buf[MAX_ATTRIBUTE_BYTES + 1];
  struct stat st;
  gsize len = 0;
  int saved_errno;
  int fd;

  g_assert (path != NULL);
  g_assert (out != NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not open %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) == 0 && !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("%s is not a regular file"), path);
      return FALSE;
    }

  while (len < sizeof buf)
    {
      gssize n = read (fd, buf + len, sizeof buf - len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       _("Could not read %s: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }
      if (n == 0)
        break;
      len += n;
    }
  close (fd);

  if (len > MAX_ATTRIBUTE_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s is longer than %u bytes"), path, MAX_ATTRIBUTE_BYTES);
      return FALSE;
    }

  if (memchr (buf, '\0', len) != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s contains a NUL byte"), path);
      return FALSE;
    }

  buf[len] = '\0';
  g_strstrip (buf);

  /* Product names come from board firmware; never pass invalid UTF-8 on to
   * JSON or GTK. */
  *out = g_utf8_make_valid (buf, -1);
  return TRUE;
}

/**
 * fit_gpu_parse_u64:
 *
 * Decimal digits only: no sign, no suffix, no overflow. Surrounding
 * whitespace was stripped by the reader.
 */
gboolean
fit_gpu_parse_u64 (const char *text,
                   guint64    *out)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0')
    return FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      if (!g_uint64_checked_mul (&value, value, 10) ||
          !g_uint64_checked_add (&value, value, (guint64) (*p - '0')))
        return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
fit_gpu_read_u64 (const char  *path,
                  guint64     *out,
                  GError     **error)
{
  g_autofree char *text = NULL;

  if (!fit_gpu_read_text (path, &text, error))
    return FALSE;

  if (!fit_gpu_parse_u64 (text, out))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s does not hold a byte count: “%s”"), path, text);
      return FALSE;
    }

  return TRUE;
}

/* PCI attributes are written as "0x10de". */
gboolean
fit_gpu_read_hex (const char  *path,
                  guint32      max,
                  guint32     *out,
                  GError     **error)
{
  g_autofree char *text = NULL;
  const char *p;
  guint64 value = 0;

  if (!fit_gpu_read_text (path, &text, error))
    return FALSE;

  p = text;
  if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
    p += 2;

  if (*p == '\0')
    goto invalid;

  for (; *p != '\0'; p++)
    {
      int d = g_ascii_xdigit_value (*p);

      if (d < 0)
        goto invalid;
      value = (value << 4) | (guint64) d;
      if (value > max)
        goto invalid;
    }

  *out = (guint32) value;
  return TRUE;

invalid:
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               _("%s does not hold a hexadecimal id: “%s”"), path, text);
  return FALSE;
}

/* The basename of a symlink's target ("amdgpu" for a driver link), or NULL
 * when @path is not a link. */
char *
fit_gpu_read_link_basename (const char *path)
{
  g_autofree char *target = g_file_read_link (path, NULL);

  if (target == NULL)
    return NULL;

  return g_path_get_basename (target);
}

static int
compare_cards (gconstpointer a,
               gconstpointer b)
{
  const char *ca = *(const char * const *) a;
  const char *cb = *(const char * const *) b;
  guint64 na = g_ascii_strtoull (ca + 4, NULL, 10);
  guint64 nb = g_ascii_strtoull (cb + 4, NULL, 10);

  return na < nb ? -1 : na > nb;
}

static gboolean
is_card_name (const char *name)
{
  /* "card12" yes; "card0-DP-1" (a connector) and "renderD128" no. */
  if (!g_str_has_prefix (name, "card") || name[4] == '\0')
    return FALSE;

  for (const char *p = name + 4; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }

  return strlen (name) < 12;
}

/**
 * fit_gpu_list_drm_cards:
 *
 * The "cardN" entries of `class/drm`, in numeric order so that card10 comes
 * after card9. A missing folder is an empty list.
 */
GPtrArray *
fit_gpu_list_drm_cards (const char *sysfs_root)
{
  g_autofree char *path = g_build_filename (sysfs_root, "class", "drm", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  GPtrArray *cards = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return cards;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (is_card_name (name))
        g_ptr_array_add (cards, g_strdup (name));
    }

  g_ptr_array_sort (cards, compare_cards);
  return cards;
}

gboolean
fit_gpu_read_pci_id (const char  *device_dir,
                     FitPciId    *out,
                     GError     **error)
{
  g_autofree char *vendor_path = g_build_filename (device_dir, "vendor", NULL);
  g_autofree char *device_path = g_build_filename (device_dir, "device", NULL);
  guint32 vendor, device;

  if (!fit_gpu_read_hex (vendor_path, 0xffff, &vendor, error) ||
      !fit_gpu_read_hex (device_path, 0xffff, &device, error))
    return FALSE;

  /* 0xffff is what config space reads as when the device fell off the bus. */
  if (vendor == 0 || vendor == 0xffff)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s has no valid PCI vendor id"), device_dir);
      return FALSE;
    }

  *out = (vendor << 16) | device;
  return TRUE;
}

FitVendor
fit_gpu_vendor_from_pci (guint16 vendor)
{
  switch (vendor)
    {
    case 0x10de:
      return FIT_VENDOR_NVIDIA;
    case 0x1002:
      return FIT_VENDOR_AMD;
    case 0x8086:
      return FIT_VENDOR_INTEL;
    case 0x106b:
      return FIT_VENDOR_APPLE;
    default:
      return FIT_VENDOR_OTHER;
    }
}
