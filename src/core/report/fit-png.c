/* fit-png.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-report"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "fit-png.h"

/* A report PNG is mostly white rows. With the "Up" filter those become
 * zeros, which zlib's fastest level packs as well as libpng's adaptive
 * filters at level 6, in a fraction of the time (the report benchmark's
 * 100 ms budget is otherwise spent in libpng alone). */
#define PNG_FILTER_UP   2
#define ZLIB_LEVEL      1
#define CHUNK_SIZE      (64 * 1024)
#define ROWS_PER_FEED   16
/* 144 dpi, the 2× of a 72 dpi page, in pixels per metre. */
#define PIXELS_PER_METRE 5669

typedef struct
{
  cairo_write_func_t  write_func;
  void               *closure;
  cairo_status_t      status;
} PngOut;

static guint32 crc_table[256];

static void
crc_table_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 n = 0; n < 256; n++)
        {
          guint32 c = n;

          for (guint k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          crc_table[n] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
}

static guint32
crc_update (guint32       crc,
            const guint8 *data,
            gsize         len)
{
  for (gsize i = 0; i < len; i++)
    crc = crc_table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

static void
put_u32 (guint8  *p,
         guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

static void
out_write (PngOut       *out,
           const guint8 *data,
           gsize         len)
{
  if (out->status != CAIRO_STATUS_SUCCESS || len == 0)
    return;
  out->status = out->write_func (out->closure, data, (unsigned int) len);
}

static void
write_chunk (PngOut       *out,
             const char   *type,
             const guint8 *data,
             gsize         len)
{
  guint8 header[8];
  guint8 trailer[4];
  guint32 crc;

  put_u32 (header, (guint32) len);
  memcpy (header + 4, type, 4);
  crc = crc_update (0xffffffffu, (const guint8 *) type, 4);
  crc = crc_update (crc, data, len) ^ 0xffffffffu;
  put_u32 (trailer, crc);

  out_write (out, header, sizeof header);
  out_write (out, data, len);
  out_write (out, trailer, sizeof trailer);
}

/* Compresses @len bytes (all of them) and writes full IDAT chunks; at the
 * end it flushes the rest. */
static gboolean
deflate_feed (GConverter *zlib,
              PngOut     *out,
              guint8     *chunk,
              gsize      *chunk_len,
              const void *data,
              gsize       len,
              gboolean    at_end)
{
  const guint8 *in = data;

  for (;;)
    {
      GConverterResult result;
      gsize read = 0, written = 0;
      g_autoptr(GError) error = NULL;

      result = g_converter_convert (zlib, in, len, chunk + *chunk_len, CHUNK_SIZE - *chunk_len,
                                    at_end ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &read, &written, &error);
      if (result == G_CONVERTER_ERROR)
        {
          /* Only a full output buffer is expected here: empty it and go on. */
          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE) || *chunk_len == 0)
            return FALSE;
          write_chunk (out, "IDAT", chunk, *chunk_len);
          *chunk_len = 0;
          if (out->status != CAIRO_STATUS_SUCCESS)
            return FALSE;
          continue;
        }
      in += read;
      len -= read;
      *chunk_len += written;

      if (*chunk_len == CHUNK_SIZE || (result == G_CONVERTER_FINISHED && *chunk_len > 0))
        {
          write_chunk (out, "IDAT", chunk, *chunk_len);
          *chunk_len = 0;
        }
      if (out->status != CAIRO_STATUS_SUCCESS)
        return FALSE;
      if (result == G_CONVERTER_FINISHED)
        return TRUE;
      if (!at_end && len == 0)
        return TRUE;
    }
}

cairo_status_t
fit_png_write_rgb24 (cairo_surface_t    *image,
                     cairo_write_func_t  write_func,
                     void               *closure)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GConverter) zlib = NULL;
  g_autofree guint8 *rows = NULL;
  g_autofree guint8 *previous = NULL;
  g_autofree guint8 *chunk = NULL;
  PngOut out = { write_func, closure, CAIRO_STATUS_SUCCESS };
  const guint8 *data;
  guint8 ihdr[13];
  guint8 phys[9];
  gsize chunk_len = 0;
  gsize row_bytes;
  int width, height, stride;

  g_return_val_if_fail (image != NULL, CAIRO_STATUS_NULL_POINTER);
  g_return_val_if_fail (cairo_surface_get_type (image) == CAIRO_SURFACE_TYPE_IMAGE, CAIRO_STATUS_SURFACE_TYPE_MISMATCH);
  g_return_val_if_fail (cairo_image_surface_get_format (image) == CAIRO_FORMAT_RGB24, CAIRO_STATUS_INVALID_FORMAT);

  crc_table_init ();
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  if (data == NULL || width <= 0 || height <= 0)
    return CAIRO_STATUS_INVALID_SIZE;

  out_write (&out, signature, sizeof signature);

  put_u32 (ihdr, (guint32) width);
  put_u32 (ihdr + 4, (guint32) height);
  ihdr[8] = 8;    /* bits per sample */
  ihdr[9] = 2;    /* RGB */
  ihdr[10] = 0;   /* deflate */
  ihdr[11] = 0;   /* adaptive filtering, one filter byte per row */
  ihdr[12] = 0;   /* not interlaced */
  write_chunk (&out, "IHDR", ihdr, sizeof ihdr);

  put_u32 (phys, PIXELS_PER_METRE);
  put_u32 (phys + 4, PIXELS_PER_METRE);
  phys[8] = 1;    /* metres */
  write_chunk (&out, "pHYs", phys, sizeof phys);

  zlib = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, ZLIB_LEVEL));
  row_bytes = 1 + (gsize) width * 3;
  rows = g_malloc (row_bytes * ROWS_PER_FEED);
  previous = g_malloc0 ((gsize) width * 3);
  chunk = g_malloc (CHUNK_SIZE);

  for (int y = 0; y < height; y += ROWS_PER_FEED)
    {
      int n = MIN (ROWS_PER_FEED, height - y);

      for (int r = 0; r < n; r++)
        {
          const guint32 *pixels = (const guint32 *) (data + (gsize) (y + r) * stride);
          guint8 *row = rows + (gsize) r * row_bytes;
          guint8 *prev = previous;

          row[0] = PNG_FILTER_UP;
          row++;
          for (int x = 0; x < width; x++)
            {
              guint32 p = pixels[x];
              guint8 red = (p >> 16) & 0xff;
              guint8 green = (p >> 8) & 0xff;
              guint8 blue = p & 0xff;

              row[0] = red - prev[0];
              row[1] = green - prev[1];
              row[2] = blue - prev[2];
              prev[0] = red;
              prev[1] = green;
              prev[2] = blue;
              row += 3;
              prev += 3;
            }
        }

      if (!deflate_feed (zlib, &out, chunk, &chunk_len, rows, row_bytes * n, FALSE))
        return out.status != CAIRO_STATUS_SUCCESS ? out.status : CAIRO_STATUS_NO_MEMORY;
    }

  if (!deflate_feed (zlib, &out, chunk, &chunk_len, NULL, 0, TRUE))
    return out.status != CAIRO_STATUS_SUCCESS ? out.status : CAIRO_STATUS_NO_MEMORY;

  write_chunk (&out, "IEND", NULL, 0);

  return out.status;
}
