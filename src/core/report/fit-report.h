/* fit-report.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "fit-catalog.h"
#include "fit-device.h"
#include "fit-estimate.h"
#include "fit-model.h"
#include "fit-solve.h"

G_BEGIN_DECLS

#define FIT_REPORT_ERROR (fit_report_error_quark ())

typedef enum
{
  FIT_REPORT_ERROR_FORMAT,   /* an unknown format or file extension */
  FIT_REPORT_ERROR_WRITE,    /* the file could not be written */
  FIT_REPORT_ERROR_RENDER,   /* cairo failed (out of memory, surface too large) */
} FitReportError;

typedef enum
{
  FIT_REPORT_FORMAT_PDF,
  FIT_REPORT_FORMAT_PNG,
  FIT_REPORT_FORMAT_SVG,
  FIT_N_REPORT_FORMATS,
} FitReportFormat;

typedef enum
{
  FIT_PAPER_A4,
  FIT_PAPER_LETTER,
} FitPaper;

/* Page sizes in points (1/72 inch). */
#define FIT_PAPER_A4_WIDTH       595.276
#define FIT_PAPER_A4_HEIGHT      841.890
#define FIT_PAPER_LETTER_WIDTH   612.0
#define FIT_PAPER_LETTER_HEIGHT  792.0

/* The width, in points, of the single page of a PNG or SVG report; the PNG
 * has twice as many pixels. */
#define FIT_REPORT_IMAGE_WIDTH   640.0
#define FIT_REPORT_PNG_SCALE     2.0

/* The "which GPUs fit" table shows this many devices. */
#define FIT_REPORT_SWEEP_ROWS    15

/**
 * FitReport:
 * @model: the model
 * @device: the device the estimate is for
 * @estimate: the result of fit_estimate() on @model and @device
 * @settings: (nullable): the settings as the user chose them, for the
 *   memory-against-context chart; %NULL uses @estimate's resolved settings
 * @detected: (nullable): the detected device when one was used; %NULL
 *   takes @device when it is detected
 * @sweep: (nullable): rows for the "which GPUs fit" table, from
 *   fit_report_sweep_closest()
 * @n_sweep: rows in @sweep
 * @n_sweep_added: how many of them were added because they fit when none
 *   of the closest does
 * @app_version: (nullable): %NULL for this build's version
 * @date: (nullable): when the report was made; %NULL for now
 * @paper: the PDF page size, from fit_paper_from_locale() unless the user
 *   chose one
 *
 * Everything a report shows. The pointers are borrowed: they must stay
 * valid while a function reads the report. Fill it with fit_report_init()
 * first, so that fields added later get their defaults.
 */
typedef struct
{
  const FitModel    *model;
  const FitDevice   *device;
  const FitEstimate *estimate;
  const FitSettings *settings;
  const FitDevice   *detected;
  const FitSweepRow *sweep;
  guint              n_sweep;
  guint              n_sweep_added;
  const char        *app_version;
  GDateTime         *date;
  FitPaper           paper;
} FitReport;

GQuark          fit_report_error_quark       (void);

void            fit_report_init              (FitReport         *report,
                                              const FitModel    *model,
                                              const FitDevice   *device,
                                              const FitEstimate *estimate);

const char     *fit_report_format_id         (FitReportFormat    format);   /* "pdf" */
const char     *fit_report_format_extension  (FitReportFormat    format);   /* ".pdf" */
const char     *fit_report_format_mime_type  (FitReportFormat    format);
gboolean        fit_report_format_parse      (const char        *str,
                                              FitReportFormat   *out);
/* The format named by a file name's extension, in any case. */
gboolean        fit_report_format_from_path  (const char        *path,
                                              FitReportFormat   *out);
/* "pdf, png, svg" */
char           *fit_report_format_list_ids   (void);

/* The paper of the locale's LC_PAPER (LC_ALL, then LC_PAPER, then LANG). */
FitPaper        fit_paper_from_locale        (void);
/* The rule itself, for a locale name such as "en_US.UTF-8". */
FitPaper        fit_paper_for_locale_name    (const char        *locale);
gboolean        fit_paper_parse              (const char        *str,
                                              FitPaper          *out);
void            fit_paper_get_size           (FitPaper           paper,
                                              double            *width_pt,
                                              double            *height_pt);

/* The devices closest to @device in memory, estimated at @settings by
 * fit_solve_sweep(), sorted by memory. When none of them fits, the
 * smallest devices that do take the place of the farthest; @out_n_added
 * (nullable) says how many. Free with g_free(); the rows point into
 * @devices. */
FitSweepRow    *fit_report_sweep_closest     (const FitModel         *model,
                                              const FitDevice        *device,
                                              const FitSettings      *settings,
                                              const FitDevice *const *devices,
                                              guint                   n_devices,
                                              guint                   max_rows,
                                              guint                  *out_n_rows,
                                              guint                  *out_n_added);
/* The same over a catalog's devices; the rows point into @catalog. */
FitSweepRow    *fit_report_sweep_catalog     (FitCatalog             *catalog,
                                              const FitModel         *model,
                                              const FitDevice        *device,
                                              const FitSettings      *settings,
                                              guint                   max_rows,
                                              guint                  *out_n_rows,
                                              guint                  *out_n_added);

/* A report laid out into pages once, then drawn page by page: what a
 * GtkPrintOperation needs (begin-print, then draw-page). A page height of
 * 0 lays the whole report out on one page as tall as it needs. */
typedef struct _FitReportDocument FitReportDocument;

FitReportDocument *fit_report_document_new        (const FitReport         *report,
                                                   double                   page_width_pt,
                                                   double                   page_height_pt);
void               fit_report_document_free       (FitReportDocument       *self);
guint              fit_report_document_get_n_pages (const FitReportDocument *self);
double             fit_report_document_get_page_width  (const FitReportDocument *self);
double             fit_report_document_get_page_height (const FitReportDocument *self);
void               fit_report_document_render_page (const FitReportDocument *self,
                                                    cairo_t                 *cr,
                                                    guint                    page);

/* Draws page @page of the report onto @cr, whatever the surface. Returns
 * FALSE when there is no such page; @n_pages gets the page count. */
gboolean        fit_report_render            (cairo_t           *cr,
                                              const FitReport   *report,
                                              double             page_width_pt,
                                              double             page_height_pt,
                                              guint              page,
                                              guint             *n_pages);

/* Writes the report atomically: a temporary file beside @path, then a
 * rename, so that a failed export leaves no partial file and an existing
 * file untouched. */
gboolean        fit_report_write             (const FitReport   *report,
                                              FitReportFormat    format,
                                              const char        *path,
                                              GError           **error);
/* The same, into memory. */
GBytes         *fit_report_to_bytes          (const FitReport   *report,
                                              FitReportFormat    format,
                                              GError           **error);

/* A Markdown summary, for "Copy as text". */
char           *fit_report_to_markdown       (const FitReport   *report);

/* The title every format uses: "Qwen2.5-0.5B on GeForce RTX 4060 (llama.cpp)". */
char           *fit_report_dup_title         (const FitReport   *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitReportDocument, fit_report_document_free)

G_END_DECLS
