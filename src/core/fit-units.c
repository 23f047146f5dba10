/* fit-units.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-units"

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit-units.h"

/**
 * fit_mul_sat:
 *
 * Multiplies two sizes, saturating at G_MAXUINT64. A saturated size is
 * still "does not fit" everywhere it is compared, which is the right answer
 * for a 2-trillion-parameter model at a 10-million-token context: the total
 * then stays exact up to 16 EiB and never wraps to a small number.
 */
guint64
fit_mul_sat (guint64 a,
             guint64 b)
{
  guint64 r;

  if (!g_uint64_checked_mul (&r, a, b))
    return G_MAXUINT64;
  return r;
}

guint64
fit_add_sat (guint64 a,
             guint64 b)
{
  guint64 r;

  if (!g_uint64_checked_add (&r, a, b))
    return G_MAXUINT64;
  return r;
}

guint64
fit_ceil_div (guint64 a,
              guint64 b)
{
  g_return_val_if_fail (b > 0, 0);
  return a / b + (a % b != 0);
}

guint64
fit_round_up (guint64 a,
              guint64 multiple)
{
  g_return_val_if_fail (multiple > 0, a);
  return fit_mul_sat (fit_ceil_div (a, multiple), multiple);
}

static char *
format_scaled (double      value,
               const char *unit)
{
  /* Three significant digits, as g_format_size does, but in the unit we
   * chose: the chart and the tables compare figures of one magnitude. */
  if (value >= 100.0 || value == floor (value))
    return g_strdup_printf ("%.0f %s", value, unit);
  if (value >= 10.0)
    return g_strdup_printf ("%.1f %s", value, unit);
  return g_strdup_printf ("%.2f %s", value, unit);
}

/**
 * fit_format_bytes:
 *
 * Formats a size in IEC units (KiB, MiB, GiB, TiB), with the locale's
 * decimal separator, as everywhere in the app. g_format_size_full() with
 * G_FORMAT_SIZE_IEC_UNITS would do, but it prints "1.0 GB"-style precision
 * of one decimal that hides the 1 MiB accuracy the KV cache has.
 */
char *
fit_format_bytes (guint64 bytes)
{
  static const char *units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  double value = bytes;
  guint i;

  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " B", bytes);

  value /= 1024.0;
  for (i = 0; i < G_N_ELEMENTS (units) - 1 && value >= 1024.0; i++)
    value /= 1024.0;

  return format_scaled (value, units[i]);
}

char *
fit_format_bytes_signed (gint64 bytes)
{
  g_autofree char *abs_str = NULL;
  guint64 magnitude;

  magnitude = bytes < 0 ? (guint64) (-(bytes + 1)) + 1 : (guint64) bytes;
  abs_str = fit_format_bytes (magnitude);

  /* U+2212 MINUS SIGN reads better than a hyphen next to digits. */
  return g_strdup_printf ("%s%s", bytes < 0 ? "−" : "+", abs_str);
}

char *
fit_format_count (guint64 n)
{
  /* %'d groups digits by the locale's LC_NUMERIC rules. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

char *
fit_format_tokens_short (guint64 n)
{
  if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "M", n / (1024 * 1024));
  if (n >= 1024 && n % 1024 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT "K", n / 1024);
  return fit_format_count (n);
}

char *
fit_format_params (guint64 n)
{
  if (n >= G_GUINT64_CONSTANT (1000000000000))
    return g_strdup_printf ("%.2fT", n / 1e12);
  if (n >= 100000000000)
    return g_strdup_printf ("%.0fB", n / 1e9);
  if (n >= 999500000)  /* so 999.9M reads "1.0B", not "1000M" */
    return g_strdup_printf ("%.1fB", n / 1e9);
  if (n >= 1000000)
    return g_strdup_printf ("%.0fM", n / 1e6);
  return fit_format_count (n);
}

/**
 * fit_parse_u64:
 *
 * Parses a non-negative decimal integer with an optional binary suffix
 * (k/K = ×1024, m/M = ×1024²), as users type context lengths ("32k").
 * Rejects signs, spaces, hex, empty strings, trailing garbage and overflow.
 */
gboolean
fit_parse_u64 (const char *str,
               guint64    *out)
{
  guint64 value = 0;
  guint64 mult = 1;
  const char *p;

  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL || !g_ascii_isdigit (*str))
    return FALSE;

  for (p = str; g_ascii_isdigit (*p); p++)
    {
      if (!g_uint64_checked_mul (&value, value, 10) ||
          !g_uint64_checked_add (&value, value, (guint64) (*p - '0')))
        return FALSE;
    }

  if (*p == 'k' || *p == 'K')
    mult = 1024, p++;
  else if (*p == 'm' || *p == 'M')
    mult = 1024 * 1024, p++;

  if (*p != '\0')
    return FALSE;

  if (!g_uint64_checked_mul (&value, value, mult))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
fit_parse_double (const char *str,
                  double     *out)
{
  char *end = NULL;
  double value;

  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL || *str == '\0' || g_ascii_isspace (*str))
    return FALSE;

  errno = 0;
  value = g_ascii_strtod (str, &end);
  if (errno != 0 || end == str || *end != '\0' || !isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}
