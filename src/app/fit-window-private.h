/* fit-window-private.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-context-chart.h"
#include "fit-controls.h"
#include "fit-device-picker.h"
#include "fit-gpu-table.h"
#include "fit-launch-view.h"
#include "fit-model-card-view.h"
#include "fit-model-selector.h"
#include "fit-verdict-panel.h"
#include "fit-vram-chart.h"
#include "fit-window.h"

G_BEGIN_DECLS

/* Shared by fit-window.c, fit-window-actions.c and fit-export.c. */
struct _FitWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *card_pane;
  GtkBox               *card_holder;
  GtkWidget            *pane_separator;
  GtkBox               *main_pane;
  GtkWidget            *summary_clamp;
  GtkWidget            *summary_box;
  GtkWidget            *summary_separator;
  GtkBox               *main_box;
  GtkWidget            *main_scroller;
  GtkWidget            *context_box;
  AdwHeaderBar         *header_bar;
  GtkWidget            *title_box;
  GtkWidget            *narrow_title_bar;
  GtkWidget            *on_label;
  FitModelSelector     *model_selector;
  FitDevicePicker      *device_picker;
  GtkMenuButton        *primary_menu_button;
  FitModelCardView     *model_card;
  FitVerdictPanel      *verdict_panel;
  FitVramChart         *vram_chart;
  FitContextChart      *context_chart;
  FitControls          *controls;
  FitGpuTable          *gpu_table;
  FitLaunchView        *launch_view;
  GMenu                *recent_section;

  /* State */
  FitCatalog           *catalog;
  GSettings            *settings;
  char                 *model_id;
  char                 *device_id;
  GPtrArray            *imported;        /* FitModel *, opened files */
  GPtrArray            *detected;        /* FitDevice *; NULL until detection answered */
  GPtrArray            *detected_infos;  /* FitGpuInfo * */
  GPtrArray            *all_devices;     /* const FitDevice *: detected, then the catalog */
  const FitModel       *model;
  FitDevice            *device;
  FitSettings           fit_settings;    /* as the controls say */
  FitEstimate           estimate;        /* valid when has_estimate */
  gboolean              has_estimate;

  GCancellable         *cancellable;
  gboolean              detect_running;
  guint                 refresh_source;
  guint                 table_source;    /* the controls have not rested yet */
  guint                 sight_source;
  gulong                sight_paint_handler;
  gboolean              context_stale;   /* below the fold, out of sight */
  gboolean              context_resample;
  gboolean              table_stale;
  gboolean              launch_stale;
  guint                 layout_source;
  guint                 updating;
  gboolean              controls_changing; /* only the controls changed */
  gboolean              card_stacked;

  /* Screenshot and benchmark modes */
  char                 *screenshot_path;
  gint64                screenshot_deadline;
  gint64                screenshot_ready_at;
  guint                 screenshot_source;
  gboolean              report_first_frame;
  gboolean              first_frame_drawn;
  gulong                after_paint_handler;
  guint                 reveal_source;
};

/* fit-window-actions.c */
void             _fit_window_class_init_actions  (GtkWidgetClass *widget_class);
void             _fit_window_update_actions      (FitWindow      *self);
void             _fit_window_rebuild_recent_menu (FitWindow      *self);
void             _fit_window_add_recent          (FitWindow      *self,
                                                  const char     *path);
void             _fit_window_show_error          (FitWindow      *self,
                                                  const char     *heading,
                                                  const char     *body);
void             _fit_window_show_toast          (FitWindow      *self,
                                                  const char     *title);

/* fit-export.c */
void             _fit_window_export              (FitWindow      *self);
void             _fit_window_print               (FitWindow      *self);
void             _fit_window_copy_text           (FitWindow      *self);
gboolean         _fit_window_write_report        (FitWindow      *self,
                                                  const char     *path,
                                                  int             format,
                                                  GError        **error);
char            *_fit_window_dup_markdown        (FitWindow      *self);

/* fit-window-below-fold.c */
void             _fit_window_below_fold_init     (FitWindow      *self);
void             _fit_window_below_fold_unrealize (FitWindow     *self);
void             _fit_window_below_fold_dispose  (FitWindow      *self);
void             _fit_window_below_fold_changed  (FitWindow      *self,
                                                  gboolean        resample);
void             _fit_window_table_changed       (FitWindow      *self);
void             _fit_window_flush_below_fold    (FitWindow      *self);
void             _fit_window_settle_below_fold   (FitWindow      *self);
gboolean         _fit_window_is_below_fold_stale (FitWindow      *self);

/* fit-window.c */
void             _fit_window_reload_catalog      (FitWindow      *self,
                                                  FitCatalog     *catalog);
const FitModel  *_fit_window_get_model           (FitWindow      *self);
const FitDevice *_fit_window_get_device          (FitWindow      *self);
const FitDevice *const *_fit_window_get_all_devices (FitWindow   *self,
                                                     guint       *n_devices);

/* For tests */
gboolean         _fit_window_get_estimate        (FitWindow      *self,
                                                  FitEstimate    *out);
FitControls     *_fit_window_get_controls        (FitWindow      *self);
FitVramChart    *_fit_window_get_vram_chart      (FitWindow      *self);
FitContextChart *_fit_window_get_context_chart   (FitWindow      *self);
FitVerdictPanel *_fit_window_get_verdict_panel   (FitWindow      *self);
FitGpuTable     *_fit_window_get_gpu_table       (FitWindow      *self);
FitLaunchView   *_fit_window_get_launch_view     (FitWindow      *self);
FitModelSelector *_fit_window_get_model_selector (FitWindow      *self);
FitDevicePicker *_fit_window_get_device_picker   (FitWindow      *self);
gboolean         _fit_window_is_detecting        (FitWindow      *self);
gboolean         _fit_window_is_card_stacked     (FitWindow      *self);
gboolean         _fit_window_save_screenshot     (FitWindow      *self,
                                                  const char     *path,
                                                  GError        **error);

G_END_DECLS
