/* ui-test-util.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "ui-test-util.h"

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fit_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

GtkWidget *
fit_test_template_child (GtkWidget  *widget,
                         GType       type,
                         const char *name)
{
  GObject *child = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}
