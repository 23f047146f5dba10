/* fit-png.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Encodes an opaque CAIRO_FORMAT_RGB24 image as an 8-bit RGB PNG, with a
 * fixed row filter and fast zlib compression: several times quicker than
 * cairo_surface_write_to_png(), whose libpng tries every filter on every
 * row. Returns the write function's first failure. */
cairo_status_t fit_png_write_rgb24 (cairo_surface_t    *image,
                                    cairo_write_func_t  write_func,
                                    void               *closure);

G_END_DECLS
