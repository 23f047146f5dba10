/* hostile-files.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fit-import.h"
#include "hostile-files.h"

void
fit_test_hostile_files (const char         *subdir,
                        const char         *suffix,
                        FitHostileOpenFunc  open)
{
  static const struct
  {
    const char *prefix;
    int         code;
  } codes[] = {
    { "truncated-",    FIT_IMPORT_ERROR_TRUNCATED },
    { "corrupt-",      FIT_IMPORT_ERROR_CORRUPT },
    { "limit-",        FIT_IMPORT_ERROR_LIMIT },
    { "inconsistent-", FIT_IMPORT_ERROR_INCONSISTENT },
    { "unsupported-",  FIT_IMPORT_ERROR_UNSUPPORTED },
    { "missing-",      FIT_IMPORT_ERROR_MISSING },
  };
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", subdir, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      gboolean loaded;
      int code = -1;

      if (!g_str_has_suffix (name, suffix))
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
        if (g_str_has_prefix (name, codes[i].prefix))
          code = codes[i].code;
      g_assert_cmpint (code, >=, 0);

      g_test_message ("%s", name);
      loaded = open (path, name, &error);
      if (error == NULL || error->code != code)
        g_printerr ("%s: %s\n", name, error ? error->message : "no error");
      g_assert_false (loaded);
      g_assert_error (error, FIT_IMPORT_ERROR, code);
      g_assert_nonnull (strstr (error->message, name));
      n++;
    }

  g_assert_cmpuint (n, >=, 20);
}
