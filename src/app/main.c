/* main.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "fit-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(FitApplication) app = NULL;

  /* Set once, here: the catalog loads on a thread of its own while GTK
   * starts, and GTK must not change the locale under it. */
  setlocale (LC_ALL, "");
  gtk_disable_setlocale ();

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = fit_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
