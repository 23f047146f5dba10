/* hostile-files.h — the committed hostile inputs of one importer.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

/* Opens one file; returns TRUE when it (wrongly) loaded. */
typedef gboolean (*FitHostileOpenFunc) (const char  *path,
                                        const char  *name,
                                        GError     **error);

/* Feeds every tests/data/@subdir/ *@suffix file to @open and asserts the
 * error code its name starts with ("truncated-", "corrupt-", …) and that
 * the message names the file. At least 20 files must be there. */
void fit_test_hostile_files (const char         *subdir,
                             const char         *suffix,
                             FitHostileOpenFunc  open);
