/* fit-units.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FIT_KIB (G_GUINT64_CONSTANT (1) << 10)
#define FIT_MIB (G_GUINT64_CONSTANT (1) << 20)
#define FIT_GIB (G_GUINT64_CONSTANT (1) << 30)

/* Overflow-checked arithmetic: saturates at G_MAXUINT64 and sets *overflow. */
guint64  fit_mul_sat        (guint64   a,
                             guint64   b);
guint64  fit_add_sat        (guint64   a,
                             guint64   b);
guint64  fit_ceil_div       (guint64   a,
                             guint64   b);
guint64  fit_round_up       (guint64   a,
                             guint64   multiple);

/* "1.27 GiB", "384 MiB": IEC units, locale decimal separator. */
char    *fit_format_bytes   (guint64   bytes);
/* Signed: "+1.2 GiB" / "−512 MiB". */
char    *fit_format_bytes_signed (gint64 bytes);
/* "32,768" with the locale's grouping. */
char    *fit_format_count   (guint64   n);
/* "32K", "128K", "1M" for context lengths. */
char    *fit_format_tokens_short (guint64 n);
/* "494M", "7.6B", "671B" */
char    *fit_format_params  (guint64   n);

/* Strict integer parser: decimal digits only, optional k/K/m/M suffix
 * (×1024), no sign, no overflow. */
gboolean fit_parse_u64      (const char *str,
                             guint64    *out);
/* Strict finite double. */
gboolean fit_parse_double   (const char *str,
                             double     *out);

G_END_DECLS
