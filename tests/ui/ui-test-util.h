/* ui-test-util.h — what every widget test and benchmark needs.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

/* Runs the main loop for @ms milliseconds. */
void       fit_test_spin           (guint       ms);

/* The verdict panel's fix button under @widget that names @action, or NULL. */
GtkWidget *fit_test_find_fix_button (GtkWidget  *widget,
                                     const char *action);

/* A template child, as the widget it is; asserts it exists. */
GtkWidget *fit_test_template_child (GtkWidget  *widget,
                                    GType       type,
                                    const char *name);
