/* fit-report.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-report"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fit-chart.h"
#include "fit-png.h"
#include "fit-fixes.h"
#include "fit-report.h"
#include "fit-units.h"

G_DEFINE_QUARK (fit-report-error-quark, fit_report_error)

/* Content: what a report says, independent of how it is drawn. The PDF,
 * PNG and SVG draw it; the Markdown summary writes the same blocks. */

typedef enum
{
  BLOCK_TITLE,
  BLOCK_SUBTITLE,
  BLOCK_VERDICT,
  BLOCK_HEADING,
  BLOCK_PARAGRAPH,
  BLOCK_NOTE,
  BLOCK_BULLET,
  BLOCK_LINK,
  BLOCK_TABLE,
  BLOCK_PAIRS,
  BLOCK_CHART,
  BLOCK_CONTEXT_CHART,
} BlockKind;

typedef enum
{
  ROW_HEADER    = 1 << 0,
  ROW_BOLD      = 1 << 1,
  ROW_HIGHLIGHT = 1 << 2,
  ROW_VERDICT   = 1 << 3,  /* the row's verdict colours its verdict_col */
} RowFlags;

#define MAX_COLS 8

typedef struct
{
  char       *cells[MAX_COLS];
  RowFlags    flags;
  FitVerdict  verdict;
  guint       verdict_col;
} Row;

typedef struct
{
  BlockKind   kind;
  char       *text;
  char       *detail;                /* verdict: the explanation; link: the URL */
  FitVerdict  verdict;
  guint       n_cols;
  double      col_frac[MAX_COLS];    /* shares of the width */
  gboolean    col_numeric[MAX_COLS]; /* right aligned */
  GPtrArray  *rows;                  /* Row *; a header is rows[0] */
} Block;

/* Drawing units are points. */
#define PAGE_MARGIN_X      50.0
#define PAGE_MARGIN_TOP    46.0
#define PAGE_MARGIN_BOTTOM 58.0
#define IMAGE_MARGIN       36.0
#define FOOTER_GAP         22.0
#define CELL_PAD_X          5.0
#define CELL_PAD_Y          3.5
#define VERDICT_PAD        10.0
#define CONTEXT_CHART_H   190.0
#define FONT_FAMILY       "Sans"

typedef enum
{
  ITEM_TEXT,
  ITEM_VERDICT,
  ITEM_ROW,
  ITEM_CHART,
  ITEM_CONTEXT_CHART,
} ItemKind;

typedef struct
{
  guint  n_cols;
  double col_x[MAX_COLS];
  double col_w[MAX_COLS];
  guint  header_item;          /* the item of the header row, or G_MAXUINT */
} TableGeom;

typedef struct
{
  ItemKind      kind;
  const Block  *block;
  const Row    *row;
  TableGeom    *table;
  PangoLayout  *layout;
  PangoLayout  *cells[MAX_COLS];
  double        indent;
  double        height;
  double        space_before;
  gboolean      keep_with_next;
  gboolean      rule_below;    /* headings */
  gboolean      first_row;     /* a table's first row draws a rule above */
  const char   *link;          /* a URL to tag the text with (PDF) */
} Item;

typedef struct
{
  guint  item;
  guint  page;
  double y;
} Placement;

struct _FitReportDocument
{
  double          page_w;
  double          page_h;
  double          margin_x;
  double          margin_top;
  double          margin_bottom;
  double          content_w;
  gboolean        single_page;
  guint           n_pages;

  PangoContext   *pango;
  GPtrArray      *blocks;
  GArray         *items;        /* Item */
  GPtrArray      *tables;       /* TableGeom */
  GArray         *placements;   /* Placement */

  FitChartModel  *chart;
  FitContextCurve *curve;
  FitChartStyle   style;

  char           *title;
  char           *footer;
};

/* Formats */

static const struct
{
  const char *id;
  const char *extension;
  const char *mime_type;
} formats[FIT_N_REPORT_FORMATS] = {
  [FIT_REPORT_FORMAT_PDF] = { "pdf", ".pdf", "application/pdf" },
  [FIT_REPORT_FORMAT_PNG] = { "png", ".png", "image/png" },
  [FIT_REPORT_FORMAT_SVG] = { "svg", ".svg", "image/svg+xml" },
};

const char *
fit_report_format_id (FitReportFormat format)
{
  g_return_val_if_fail (format < FIT_N_REPORT_FORMATS, NULL);

  return formats[format].id;
}

const char *
fit_report_format_extension (FitReportFormat format)
{
  g_return_val_if_fail (format < FIT_N_REPORT_FORMATS, NULL);

  return formats[format].extension;
}

const char *
fit_report_format_mime_type (FitReportFormat format)
{
  g_return_val_if_fail (format < FIT_N_REPORT_FORMATS, NULL);

  return formats[format].mime_type;
}

/**
 * fit_report_format_parse:
 * @str: "pdf", "png" or "svg", in any case
 * @out: (out): the format
 *
 * Returns: %TRUE when @str names a format
 */
gboolean
fit_report_format_parse (const char      *str,
                         FitReportFormat *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < FIT_N_REPORT_FORMATS; i++)
    if (g_ascii_strcasecmp (str, formats[i].id) == 0)
      {
        *out = (FitReportFormat) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * fit_report_format_from_path:
 * @path: a file name
 * @out: (out): the format its extension names
 *
 * Returns: %TRUE when the extension is .pdf, .png or .svg, in any case
 */
gboolean
fit_report_format_from_path (const char      *path,
                             FitReportFormat *out)
{
  g_autofree char *base = NULL;
  const char *dot;

  g_return_val_if_fail (out != NULL, FALSE);

  if (path == NULL || *path == '\0')
    return FALSE;

  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot == NULL || dot == base)
    return FALSE;
  return fit_report_format_parse (dot + 1, out);
}

char *
fit_report_format_list_ids (void)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < FIT_N_REPORT_FORMATS; i++)
    g_string_append_printf (str, "%s%s", i ? ", " : "", formats[i].id);
  return g_string_free (str, FALSE);
}

/* Paper */

/* The territories whose glibc locales all say US Letter in LC_PAPER
 * (216 × 279 mm): every other territory uses A4. Checked against
 * /usr/share/i18n/locales of Debian 12's glibc 2.36. */
static const char *const letter_territories[] = {
  "US", "CA", "MX", "PH", "PR", "BO", "CL", "CO", "CR", "GT", "NI", "PA", "SV", "VE",
};

/**
 * fit_paper_for_locale_name:
 * @locale: (nullable): a locale name, "language_TERRITORY.codeset@modifier"
 *
 * The paper rule used where the locale's LC_PAPER data cannot be read:
 * US Letter for the territories that glibc gives Letter (the United States,
 * Canada, Mexico, the Philippines, Puerto Rico, Bolivia, Chile, Colombia,
 * Costa Rica, Guatemala, Nicaragua, Panama, El Salvador, Venezuela), A4 for
 * everything else, C and POSIX included.
 *
 * Returns: the paper
 */
FitPaper
fit_paper_for_locale_name (const char *locale)
{
  const char *underscore;
  char territory[4] = { 0, };
  gsize len = 0;

  if (locale == NULL)
    return FIT_PAPER_A4;

  underscore = strchr (locale, '_');
  if (underscore == NULL)
    return FIT_PAPER_A4;

  for (const char *p = underscore + 1; *p && *p != '.' && *p != '@'; p++)
    {
      if (len >= 3)
        return FIT_PAPER_A4;
      territory[len++] = *p;
    }

  for (guint i = 0; i < G_N_ELEMENTS (letter_territories); i++)
    if (strcmp (territory, letter_territories[i]) == 0)
      return FIT_PAPER_LETTER;

  return FIT_PAPER_A4;
}

/**
 * fit_paper_from_locale:
 *
 * The paper of the user's locale, the way setlocale() would pick LC_PAPER:
 * the first set of $LC_ALL, $LC_PAPER and $LANG. On glibc the locale's own
 * LC_PAPER data decides (216 × 279 mm is US Letter, anything else A4) when
 * that locale is installed; otherwise fit_paper_for_locale_name() applies
 * the same rule from the territory in the name. This reads the environment,
 * not the process locale, so it works before or without setlocale() and
 * never changes the process locale.
 *
 * Returns: the paper
 */
FitPaper
fit_paper_from_locale (void)
{
  static const char *const vars[] = { "LC_ALL", "LC_PAPER", "LANG" };
  const char *name = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (vars) && name == NULL; i++)
    {
      const char *value = g_getenv (vars[i]);

      if (value != NULL && *value != '\0')
        name = value;
    }

  if (name == NULL)
    return FIT_PAPER_A4;

#if defined (__GLIBC__) && defined (LC_PAPER_MASK)
  {
    locale_t loc = newlocale (LC_PAPER_MASK, name, (locale_t) 0);

    if (loc != (locale_t) 0)
      {
        /* glibc returns these numbers (millimetres) in the pointer. */
        union { char *string; unsigned int word; } width, height;

        width.string = nl_langinfo_l (_NL_PAPER_WIDTH, loc);
        height.string = nl_langinfo_l (_NL_PAPER_HEIGHT, loc);
        freelocale (loc);

        if (width.word == 216 && height.word == 279)
          return FIT_PAPER_LETTER;
        if (width.word > 0 && height.word > 0)
          return FIT_PAPER_A4;
      }
  }
#endif

  return fit_paper_for_locale_name (name);
}

gboolean
fit_paper_parse (const char *str,
                 FitPaper   *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (str, "a4") == 0)
    *out = FIT_PAPER_A4;
  else if (g_ascii_strcasecmp (str, "letter") == 0)
    *out = FIT_PAPER_LETTER;
  else
    return FALSE;
  return TRUE;
}

void
fit_paper_get_size (FitPaper  paper,
                    double   *width_pt,
                    double   *height_pt)
{
  gboolean letter = paper == FIT_PAPER_LETTER;

  if (width_pt)
    *width_pt = letter ? FIT_PAPER_LETTER_WIDTH : FIT_PAPER_A4_WIDTH;
  if (height_pt)
    *height_pt = letter ? FIT_PAPER_LETTER_HEIGHT : FIT_PAPER_A4_HEIGHT;
}

/* Report */

/**
 * fit_report_init:
 * @report: the report to fill
 * @model: the model
 * @device: the device
 * @estimate: the estimate of @model on @device
 *
 * Clears @report and sets the required fields; the paper follows the
 * locale.
 */
void
fit_report_init (FitReport         *report,
                 const FitModel    *model,
                 const FitDevice   *device,
                 const FitEstimate *estimate)
{
  g_return_if_fail (report != NULL);

  memset (report, 0, sizeof *report);
  report->model = model;
  report->device = device;
  report->estimate = estimate;
  report->paper = fit_paper_from_locale ();
}

static const FitDevice *
report_detected (const FitReport *report)
{
  if (report->detected != NULL)
    return report->detected;
  if (report->device != NULL && report->device->detected)
    return report->device;
  return NULL;
}

char *
fit_report_dup_title (const FitReport *report)
{
  const FitEstimate *est;
  guint n_gpus;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (report->model != NULL && report->device != NULL, NULL);
  g_return_val_if_fail (report->estimate != NULL, NULL);

  est = report->estimate;
  n_gpus = MAX (est->settings.gpu_count, 1);
  if (n_gpus > 1)
    /* Translators: "Llama 3.1 70B on 2 × H100 (vLLM)" */
    return g_strdup_printf (_("%s on %u × %s (%s)"), report->model->name, n_gpus,
                            report->device->name, fit_runtime_label (est->settings.runtime));
  /* Translators: "Qwen2.5-0.5B on GeForce RTX 4060 (llama.cpp)" */
  return g_strdup_printf (_("%s on %s (%s)"), report->model->name, report->device->name,
                          fit_runtime_label (est->settings.runtime));
}

/* Sweep */

typedef struct
{
  const FitDevice *device;
  guint64          distance;
} Candidate;

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->distance != y->distance)
    return x->distance < y->distance ? -1 : 1;
  return g_strcmp0 (x->device->name, y->device->name);
}

static int
compare_memory (gconstpointer a,
                gconstpointer b)
{
  const Candidate *x = a;
  const Candidate *y = b;

  if (x->device->memory_bytes != y->device->memory_bytes)
    return x->device->memory_bytes < y->device->memory_bytes ? -1 : 1;
  return g_strcmp0 (x->device->name, y->device->name);
}

/* At most this many rows make room for devices that fit. */
#define SWEEP_MAX_ADDED 3

/**
 * fit_report_sweep_closest:
 * @model: the model
 * @device: the device of the report
 * @settings: the settings, resolved or not
 * @devices: the devices to choose from
 * @n_devices: entries in @devices
 * @max_rows: how many to keep; 0 for %FIT_REPORT_SWEEP_ROWS
 * @out_n_rows: (out): rows returned
 * @out_n_added: (out) (optional): rows that are there because they fit
 *
 * Picks the devices whose memory is closest to @device's and estimates
 * @model on each with fit_solve_sweep(). A table where nothing fits does
 * not answer "which GPU do I need", so then the smallest devices that fit
 * replace the farthest of those.
 *
 * Returns: (transfer full) (nullable): the rows, sorted by memory; free
 *   with g_free(). %NULL when the settings cannot be resolved.
 */
FitSweepRow *
fit_report_sweep_closest (const FitModel         *model,
                          const FitDevice        *device,
                          const FitSettings      *settings,
                          const FitDevice *const *devices,
                          guint                   n_devices,
                          guint                   max_rows,
                          guint                  *out_n_rows,
                          guint                  *out_n_added)
{
  g_autofree Candidate *candidates = NULL;
  g_autofree const FitDevice **chosen = NULL;
  FitSweepRow *rows;
  FitSettings resolved;
  guint n = 0;
  guint n_rows;
  guint added = 0;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (device != NULL, NULL);
  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (out_n_rows != NULL, NULL);

  *out_n_rows = 0;
  if (out_n_added != NULL)
    *out_n_added = 0;
  max_rows = max_rows ? max_rows : FIT_REPORT_SWEEP_ROWS;

  resolved = *settings;
  if (!fit_settings_resolve (&resolved, model, NULL))
    return NULL;

  candidates = g_new0 (Candidate, MAX (n_devices, 1));
  for (guint i = 0; i < n_devices; i++)
    {
      const FitDevice *d = devices[i];

      if (d == NULL || d->memory_bytes == 0)
        continue;
      candidates[n].device = d;
      candidates[n].distance = d->memory_bytes > device->memory_bytes ?
                               d->memory_bytes - device->memory_bytes :
                               device->memory_bytes - d->memory_bytes;
      n++;
    }
  if (n == 0)
    return NULL;

  qsort (candidates, n, sizeof *candidates, compare_candidates);
  n_rows = MIN (n, max_rows);

  chosen = g_new0 (const FitDevice *, n_rows);
  for (guint i = 0; i < n_rows; i++)
    chosen[i] = candidates[i].device;

  rows = g_new0 (FitSweepRow, n_rows);
  if (fit_solve_sweep (model, chosen, n_rows, &resolved, rows) < 0 && n > n_rows && n_rows > 1)
    {
      /* The rest, smallest first: the first that fit are the answer. */
      const FitDevice *fitting[SWEEP_MAX_ADDED];
      guint limit = MIN (SWEEP_MAX_ADDED, n_rows - 1);

      qsort (candidates + n_rows, n - n_rows, sizeof *candidates, compare_memory);
      for (guint i = n_rows; i < n && added < limit; i++)
        {
          FitEstimate e;

          fit_estimate_memory (model, candidates[i].device, &resolved, &e);
          if (e.verdict != FIT_VERDICT_DOES_NOT_FIT)
            fitting[added++] = candidates[i].device;
        }
      if (added > 0)
        {
          /* In the places of the farthest of the closest. */
          for (guint i = 0; i < added; i++)
            chosen[n_rows - added + i] = fitting[i];
          fit_solve_sweep (model, chosen, n_rows, &resolved, rows);
        }
    }

  *out_n_rows = n_rows;
  if (out_n_added != NULL)
    *out_n_added = added;

  return rows;
}

FitSweepRow *
fit_report_sweep_catalog (FitCatalog        *catalog,
                          const FitModel    *model,
                          const FitDevice   *device,
                          const FitSettings *settings,
                          guint              max_rows,
                          guint             *out_n_rows,
                          guint             *out_n_added)
{
  g_autofree const FitDevice **devices = NULL;
  guint n;

  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (out_n_rows != NULL, NULL);

  n = fit_catalog_get_n_devices (catalog);
  devices = g_new0 (const FitDevice *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    devices[i] = fit_catalog_get_device (catalog, i);

  return fit_report_sweep_closest (model, device, settings, devices, n, max_rows, out_n_rows, out_n_added);
}

/* Content */

static void
row_free (gpointer data)
{
  Row *row = data;

  for (guint i = 0; i < MAX_COLS; i++)
    g_free (row->cells[i]);
  g_free (row);
}

static void
block_free (gpointer data)
{
  Block *block = data;

  g_free (block->text);
  g_free (block->detail);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_free (block);
}

static Block *
block_add (GPtrArray  *blocks,
           BlockKind   kind,
           const char *text)
{
  Block *block = g_new0 (Block, 1);

  block->kind = kind;
  block->text = g_strdup (text);
  g_ptr_array_add (blocks, block);
  return block;
}

static Block *
table_add (GPtrArray    *blocks,
           guint         n_cols,
           const double *fractions,
           const gboolean *numeric)
{
  Block *block = block_add (blocks, BLOCK_TABLE, NULL);

  g_assert (n_cols <= MAX_COLS);

  block->n_cols = n_cols;
  block->rows = g_ptr_array_new_with_free_func (row_free);
  for (guint i = 0; i < n_cols; i++)
    {
      block->col_frac[i] = fractions[i];
      block->col_numeric[i] = numeric ? numeric[i] : FALSE;
    }
  return block;
}

/* Adds a row of n_cols plain-text cells, which it takes. */
static Row *
table_add_row (Block    *table,
               RowFlags  flags,
               ...)
{
  Row *row = g_new0 (Row, 1);
  va_list args;

  row->flags = flags;
  va_start (args, flags);
  for (guint i = 0; i < table->n_cols; i++)
    row->cells[i] = va_arg (args, char *);
  va_end (args);

  g_ptr_array_add (table->rows, row);
  return row;
}

static Block *
pairs_add (GPtrArray *blocks)
{
  Block *block = block_add (blocks, BLOCK_PAIRS, NULL);

  block->n_cols = 2;
  block->rows = g_ptr_array_new_with_free_func (row_free);
  return block;
}

static void
pairs_take (Block *pairs,
            const char *key,
            char       *value)
{
  Row *row = g_new0 (Row, 1);

  row->cells[0] = g_strdup (key);
  row->cells[1] = value ? value : g_strdup ("—");
  g_ptr_array_add (pairs->rows, row);
}

/* Speeds are rough: two significant figures, with the locale's grouping. */
static char *
format_speed (double value)
{
  double magnitude;
  guint64 rounded;

  if (value < 10)
    return g_strdup_printf ("%.1f", value);
  magnitude = pow (10, floor (log10 (value)) - 1);
  rounded = (guint64) (round (value / magnitude) * magnitude);
  return fit_format_count (rounded);
}

static char *
format_rate (double low,
             double high)
{
  g_autofree char *low_text = NULL;
  g_autofree char *high_text = NULL;

  if (high <= 0 || !isfinite (high))
    return g_strdup (_("unknown for this device"));

  high_text = format_speed (high);
  if (low > 0 && isfinite (low))
    {
      low_text = format_speed (low);
      if (g_strcmp0 (low_text, high_text) != 0)
        /* Translators: a speed range, "35–52 tokens/s" */
        return g_strdup_printf (_("%s–%s tokens/s"), low_text, high_text);
    }
  return g_strdup_printf (_("%s tokens/s"), high_text);
}

static const char *
yes_no (gboolean value)
{
  return value ? _("yes") : _("no");
}

static char *
format_tristate (FitTristate value)
{
  switch (value)
    {
    case FIT_TRISTATE_ON:
      return g_strdup (_("on"));
    case FIT_TRISTATE_OFF:
      return g_strdup (_("off"));
    case FIT_TRISTATE_AUTO:
    default:
      return g_strdup (_("auto"));
    }
}

static char *
format_percent (double percent)
{
  const char *sign = percent < 0 ? "\xe2\x88\x92" : "";
  double magnitude = fabs (percent);

  if (magnitude > 0 && magnitude < 10)
    return g_strdup_printf ("%s%.1f%%", sign, magnitude);
  return g_strdup_printf ("%s%.0f%%", sign, magnitude);
}

static char *
format_weights (const FitReport *report)
{
  const FitSettings *s = &report->estimate->settings;

  if (s->weights == FIT_WEIGHTS_EXACT)
    {
      if (report->model->exact && report->model->exact->format_label)
        /* Translators: the weights of an imported file, "Q4_K_M (exact file sizes)" */
        return g_strdup_printf (_("%s (exact file sizes)"), report->model->exact->format_label);
      return g_strdup (_("exact file sizes"));
    }
  return g_strdup (fit_weight_format_label (s->weights));
}

static char *
format_tokens (guint64 n)
{
  g_autofree char *count = fit_format_count (n);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s token", "%s tokens", n), count);
}

static const char *
verdict_hex (FitVerdict verdict)
{
  switch (verdict)
    {
    case FIT_VERDICT_FITS:
      return "#26a269";
    case FIT_VERDICT_TIGHT:
      return "#c64600";
    case FIT_VERDICT_DOES_NOT_FIT:
    default:
      return "#c01c28";
    }
}

static void
content_title (GPtrArray       *blocks,
               const FitReport *report)
{
  const FitEstimate *est = report->estimate;
  const FitSettings *s = &est->settings;
  g_autofree char *title = fit_report_dup_title (report);
  g_autofree char *weights = format_weights (report);
  g_autofree char *context = fit_format_tokens_short (s->context);
  g_autofree char *memory = fit_format_bytes (est->capacity_bytes ? est->capacity_bytes
                                                                  : report->device->memory_bytes);
  g_autofree char *subtitle = NULL;
  g_autofree char *sequences = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sequence",
                                                             "%u sequences", MAX (s->concurrency, 1)),
                                                MAX (s->concurrency, 1));

  block_add (blocks, BLOCK_TITLE, title);
  /* Translators: the report's subtitle: weights, context, sequences, memory per GPU */
  subtitle = g_strdup_printf (_("%s weights · %s context · %s · %s per GPU"),
                              weights, context, sequences, memory);
  block_add (blocks, BLOCK_SUBTITLE, subtitle);
}

/* The window's fix buttons, as a sentence: a report is read away from the
 * sliders, so it says what would have made it fit. */
static void
append_fixes (GString         *detail,
              const FitReport *report)
{
  FitFix fixes[FIT_N_FIX_KINDS];
  guint n = fit_fixes_find (report->model, report->device, report->estimate, fixes);
  guint32 n_layers = report->model->n_layers;

  if (n == 0)
    return;

  g_string_append_c (detail, '\n');
  /* Translators: followed by a list such as "Q4_K_M weights; 12K tokens of context; 4 GPUs." */
  g_string_append (detail, _("It fits with any one of these changes: "));
  for (guint i = 0; i < n; i++)
    {
      const FitFix *fix = &fixes[i];
      guint32 value = (guint32) MIN (fix->value, G_MAXUINT32);
      g_autofree char *phrase = NULL;

      switch (fix->kind)
        {
        case FIT_FIX_WEIGHT_FORMAT:
          /* Translators: %s is a weight format such as "Q4_K_M". */
          phrase = g_strdup_printf (_("%s weights"), fit_weight_format_label (fix->format));
          break;
        case FIT_FIX_CONTEXT:
          {
            g_autofree char *tokens = fit_format_tokens_short (fix->value);

            /* Translators: %s is a number of tokens such as "12K". */
            phrase = g_strdup_printf (_("%s tokens of context"), tokens);
          }
          break;
        case FIT_FIX_CONCURRENCY:
          phrase = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u sequence at once",
                                                 "%u sequences at once", value),
                                    value);
          break;
        case FIT_FIX_GPU_LAYERS:
          {
            g_autofree char *host = fit_format_bytes (fix->host_bytes);

            /* Translators: "23 of 80 layers on the GPU (26.3 GiB in system RAM)". */
            phrase = g_strdup_printf (_("%u of %u layers on the GPU (%s in system RAM)"),
                                      MIN (value, n_layers), n_layers, host);
          }
          break;
        case FIT_FIX_GPU_COUNT:
          phrase = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u GPU", "%u GPUs", value), value);
          break;
        case FIT_N_FIX_KINDS:
        default:
          g_assert_not_reached ();
        }

      if (i > 0)
        /* Translators: between the changes of the list */
        g_string_append (detail, _("; "));
      g_string_append (detail, phrase);
    }
  g_string_append_c (detail, '.');
}

static void
content_verdict (GPtrArray       *blocks,
                 const FitReport *report)
{
  const FitEstimate *est = report->estimate;
  g_autofree char *used = fit_format_bytes (est->per_gpu_total);
  g_autofree char *budget = fit_format_bytes (est->per_gpu_budget);
  gint64 headroom = (gint64) est->per_gpu_budget - (gint64) est->per_gpu_total;
  g_autofree char *magnitude = fit_format_bytes ((guint64) ABS (headroom));
  /* A magnitude: the sentence says whether it is spare or missing. */
  g_autofree char *percent = format_percent (est->per_gpu_budget ? 100.0 * ABS (headroom) / est->per_gpu_budget : 0);
  g_autofree char *max_ctx = fit_format_tokens_short (est->max_context);
  GString *detail = g_string_new (NULL);
  Block *block;
  gboolean multi = est->settings.gpu_count > 1;

  if (headroom >= 0)
    g_string_append_printf (detail,
                            multi ?
                            /* Translators: used, budget, headroom, percentage */
                            _("Uses %s of the %s budget on each GPU, leaving %s (%s) of headroom.") :
                            _("Uses %s of the %s budget, leaving %s (%s) of headroom."),
                            used, budget, magnitude, percent);
  else
    g_string_append_printf (detail,
                            multi ?
                            /* Translators: needed, budget, deficit, percentage */
                            _("Needs %s on each GPU against a %s budget: %s (%s) too much.") :
                            _("Needs %s against a %s budget: %s (%s) too much."),
                            used, budget, magnitude, percent);

  if (est->host_bytes > 0)
    {
      g_autofree char *host = fit_format_bytes (est->host_bytes);

      g_string_append_c (detail, ' ');
      g_string_append_printf (detail, _("A further %s stays in system RAM."), host);
    }

  g_string_append_c (detail, '\n');
  if (est->max_context > 0)
    g_string_append_printf (detail,
                            /* Translators: the largest context (tokens) and concurrency that fit */
                            g_dngettext (GETTEXT_PACKAGE,
                                         "At these settings: up to %s tokens of context per sequence, "
                                         "up to %u sequence at once.",
                                         "At these settings: up to %s tokens of context per sequence, "
                                         "up to %u sequences at once.",
                                         est->max_concurrency),
                            max_ctx, est->max_concurrency);
  else
    g_string_append (detail, _("No context length fits at these settings."));

  append_fixes (detail, report);

  block = block_add (blocks, BLOCK_VERDICT, fit_verdict_label (est->verdict));
  block->verdict = est->verdict;
  block->detail = g_string_free (detail, FALSE);
}

static void
content_breakdown (GPtrArray       *blocks,
                   const FitReport *report)
{
  static const double frac1[] = { 0.20, 0.14, 0.66 };
  static const gboolean num1[] = { FALSE, TRUE, FALSE };
  static const double frac2[] = { 0.19, 0.12, 0.12, 0.57 };
  static const gboolean num2[] = { FALSE, TRUE, TRUE, FALSE };
  const FitEstimate *est = report->estimate;
  const FitDevice *detected = report_detected (report);
  guint n_gpus = MAX (est->settings.gpu_count, 1);
  gboolean multi = n_gpus > 1;
  Block *table;
  gint64 headroom;
  const char *budget_rule;

  block_add (blocks, BLOCK_HEADING, _("Memory breakdown"));

  table = multi ? table_add (blocks, 4, frac2, num2) : table_add (blocks, 3, frac1, num1);
  if (multi)
    table_add_row (table, ROW_HEADER, g_strdup (_("Component")), g_strdup (_("Per GPU")),
                   g_strdup_printf (_("All %u GPUs"), n_gpus), g_strdup (_("How it is computed")));
  else
    table_add_row (table, ROW_HEADER, g_strdup (_("Component")), g_strdup (_("Size")),
                   g_strdup (_("How it is computed")));

  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      char *formula;

      if (est->gpu[c] == 0 && est->per_gpu[c] == 0)
        continue;
      formula = fit_estimate_formula (report->model, est, c, FALSE);
      if (multi)
        table_add_row (table, 0, g_strdup (fit_component_label (c)), fit_format_bytes (est->per_gpu[c]),
                       fit_format_bytes (est->gpu[c]), formula ? formula : g_strdup (""));
      else
        table_add_row (table, 0, g_strdup (fit_component_label (c)), fit_format_bytes (est->per_gpu[c]),
                       formula ? formula : g_strdup (""));
    }

  if (multi)
    table_add_row (table, ROW_BOLD, g_strdup (_("Total on the GPUs")), fit_format_bytes (est->per_gpu_total),
                   fit_format_bytes (est->total_bytes), g_strdup (""));
  else
    table_add_row (table, ROW_BOLD, g_strdup (_("Total on the GPU")), fit_format_bytes (est->per_gpu_total),
                   g_strdup (""));

  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      char *formula;
      char *name;

      if (est->host[c] == 0)
        continue;
      formula = fit_estimate_formula (report->model, est, c, TRUE);
      /* Translators: a row of the breakdown, "Weights (system RAM)" */
      name = g_strdup_printf (_("%s (system RAM)"), fit_component_label (c));
      if (multi)
        table_add_row (table, 0, name, g_strdup ("—"), fit_format_bytes (est->host[c]),
                       formula ? formula : g_strdup (""));
      else
        table_add_row (table, 0, name, fit_format_bytes (est->host[c]), formula ? formula : g_strdup (""));
    }

  /* How the budget comes about. */
  if (est->settings.runtime == FIT_RUNTIME_VLLM)
    budget_rule = _("capacity × gpu_memory_utilization");
  else if (detected != NULL && detected->used_known && est->settings.budget_basis == FIT_BUDGET_FREE)
    budget_rule = _("capacity − memory held by other processes");
  else
    budget_rule = _("the whole capacity");

  if (multi)
    {
      table_add_row (table, 0, g_strdup (_("Capacity")), fit_format_bytes (est->capacity_bytes),
                     fit_format_bytes (fit_mul_sat (est->capacity_bytes, n_gpus)),
                     g_strdup (_("as the device reports it")));
      if (est->other_used_bytes > 0)
        table_add_row (table, 0, g_strdup (_("Other processes")), fit_format_bytes (est->other_used_bytes),
                       fit_format_bytes (fit_mul_sat (est->other_used_bytes, n_gpus)),
                       g_strdup (_("held when the device was detected")));
      table_add_row (table, 0, g_strdup (_("Budget")), fit_format_bytes (est->per_gpu_budget),
                     fit_format_bytes (est->budget_bytes), g_strdup (budget_rule));
    }
  else
    {
      table_add_row (table, 0, g_strdup (_("Capacity")), fit_format_bytes (est->capacity_bytes),
                     g_strdup (_("as the device reports it")));
      if (est->other_used_bytes > 0)
        table_add_row (table, 0, g_strdup (_("Other processes")), fit_format_bytes (est->other_used_bytes),
                       g_strdup (_("held when the device was detected")));
      table_add_row (table, 0, g_strdup (_("Budget")), fit_format_bytes (est->per_gpu_budget),
                     g_strdup (budget_rule));
    }

  headroom = (gint64) est->per_gpu_budget - (gint64) est->per_gpu_total;
  {
    Row *row;
    const char *label = headroom >= 0 ? _("Headroom") : _("Deficit");
    g_autofree char *percent = format_percent (est->per_gpu_budget ? 100.0 * headroom / est->per_gpu_budget : 0);
    char *rule = g_strdup_printf (_("budget − total: %s of the budget"), percent);

    if (multi)
      row = table_add_row (table, ROW_BOLD | ROW_VERDICT, g_strdup (label), fit_format_bytes_signed (headroom),
                           fit_format_bytes_signed (est->headroom_bytes), rule);
    else
      row = table_add_row (table, ROW_BOLD | ROW_VERDICT, g_strdup (label), fit_format_bytes_signed (headroom),
                           rule);
    row->verdict = est->verdict;
    row->verdict_col = 1;
  }
}

static void
content_context (GPtrArray       *blocks,
                 const FitReport *report,
                 FitContextCurve *curve)
{
  guint64 cliff = curve ? fit_context_curve_get_cliff (curve) : 0;
  guint64 window = report->model->context_window;
  g_autofree char *cliff_text = fit_format_tokens_short (cliff);
  g_autofree char *window_text = fit_format_tokens_short (window);
  g_autofree char *caption = NULL;

  block_add (blocks, BLOCK_HEADING, _("Memory against context length"));

  if (cliff == 0)
    caption = g_strdup (_("The busiest GPU's memory at each context length per sequence, at these settings. "
                          "It does not fit at any context length."));
  else if (window > 0 && cliff >= window)
    caption = g_strdup_printf (_("The busiest GPU's memory at each context length per sequence, at these settings. "
                                 "It fits up to the model's whole %s window."), window_text);
  else
    caption = g_strdup_printf (_("The busiest GPU's memory at each context length per sequence, at these settings. "
                                 "It fits up to %s tokens; the shaded part does not fit."), cliff_text);

  if (curve != NULL && fit_context_curve_get_n_points (curve) >= 2)
    block_add (blocks, BLOCK_CONTEXT_CHART, NULL);
  block_add (blocks, BLOCK_NOTE, caption);
}

static void
content_settings (GPtrArray       *blocks,
                  const FitReport *report)
{
  const FitSettings *s = &report->estimate->settings;
  Block *pairs;
  g_autofree char *llamacpp = NULL;
  g_autofree char *vllm = NULL;

  block_add (blocks, BLOCK_HEADING, _("Settings"));
  pairs = pairs_add (blocks);

  /* Settings that only one runtime reads say which. */
  llamacpp = g_strdup_printf (" (%s)", fit_runtime_label (FIT_RUNTIME_LLAMACPP));
  vllm = g_strdup_printf (" (%s)", fit_runtime_label (FIT_RUNTIME_VLLM));

  pairs_take (pairs, _("Runtime"), g_strdup (fit_runtime_label (s->runtime)));
  pairs_take (pairs, _("Weights"), format_weights (report));
  pairs_take (pairs, _("KV cache"), g_strdup_printf (_("K %s, V %s"), fit_kv_type_id (s->kv_k),
                                                     fit_kv_type_id (s->kv_v)));
  pairs_take (pairs, _("Context per sequence"), format_tokens (s->context));
  pairs_take (pairs, _("Concurrent sequences"), g_strdup_printf ("%u", MAX (s->concurrency, 1)));
  pairs_take (pairs, _("GPUs"), g_strdup_printf ("%u", MAX (s->gpu_count, 1)));
  pairs_take (pairs, _("Budget basis"), g_strdup (s->budget_basis == FIT_BUDGET_TOTAL ?
                                                  _("the whole device") : _("free memory now")));
  pairs_take (pairs, _("Flash attention"), format_tristate (s->flash_attn));
  {
    g_autofree char *key = g_strconcat (_("Batch / micro-batch"), llamacpp, NULL);

    pairs_take (pairs, key, g_strdup_printf ("%u / %u", s->n_batch, s->n_ubatch));
  }
  {
    g_autofree char *key = g_strconcat (_("GPU layers"), llamacpp, NULL);

    pairs_take (pairs, key, s->gpu_layers < 0 ? g_strdup (_("all")) : g_strdup_printf ("%d", s->gpu_layers));
  }
  {
    g_autofree char *key = g_strconcat (_("Full SWA cache"), llamacpp, NULL);

    pairs_take (pairs, key, g_strdup (yes_no (s->swa_full)));
  }
  {
    g_autofree char *key = g_strconcat (_("Unified KV cache"), llamacpp, NULL);

    pairs_take (pairs, key, g_strdup (yes_no (s->kv_unified)));
  }
  {
    g_autofree char *key = g_strconcat (_("Experts in system RAM"), llamacpp, NULL);

    pairs_take (pairs, key, g_strdup (yes_no (s->cpu_moe)));
  }
  {
    g_autofree char *key = g_strconcat (_("GPU memory utilization"), vllm, NULL);

    pairs_take (pairs, key, g_strdup_printf ("%.2f", s->gpu_util));
  }
  {
    g_autofree char *key = g_strconcat (_("Max sequences"), vllm, NULL);

    pairs_take (pairs, key, g_strdup_printf ("%u", s->max_num_seqs));
  }
  {
    g_autofree char *key = g_strconcat (_("Max batched tokens"), vllm, NULL);

    pairs_take (pairs, key, fit_format_count (s->max_batched_tokens));
  }
  {
    g_autofree char *key = g_strconcat (_("Eager mode"), vllm, NULL);

    pairs_take (pairs, key, g_strdup (yes_no (s->enforce_eager)));
  }
}

static void
content_speed (GPtrArray       *blocks,
               const FitReport *report)
{
  const FitEstimate *est = report->estimate;
  Block *pairs;

  block_add (blocks, BLOCK_HEADING, _("Speed estimate"));
  pairs = pairs_add (blocks);
  pairs_take (pairs, _("Generation (decode)"), format_rate (est->decode_low, est->decode_high));
  pairs_take (pairs, _("Prompt processing (prefill)"), format_rate (est->prefill_low, est->prefill_high));
  block_add (blocks, BLOCK_NOTE,
             _("Ranges from the device's memory bandwidth and compute, per sequence; "
               "real speeds depend on the runtime version, drivers and prompt."));
}

static gboolean
sweep_row_is_current (const FitReport *report,
                      const FitDevice *device)
{
  const FitDevice *current = report->device;

  if (device == current)
    return TRUE;
  if (device->id == NULL)
    return FALSE;
  return g_strcmp0 (device->id, current->id) == 0 ||
         g_strcmp0 (device->id, current->catalog_id) == 0;
}

static void
content_sweep (GPtrArray       *blocks,
               const FitReport *report)
{
  static const double frac[] = { 0.34, 0.13, 0.14, 0.13, 0.13, 0.13 };
  static const gboolean num[] = { FALSE, TRUE, FALSE, TRUE, TRUE, TRUE };
  Block *table;
  guint n_gpus = MAX (report->estimate->settings.gpu_count, 1);
  g_autofree char *intro = NULL;

  if (report->sweep == NULL || report->n_sweep == 0)
    return;

  block_add (blocks, BLOCK_HEADING, _("Which GPUs fit"));
  if (report->n_sweep_added > 0 && report->n_sweep_added < report->n_sweep)
    intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          /* Translators: "None of the 12 catalog devices closest in
                                           * memory fits; the 3 smallest that do are added, …" */
                                          "None of the %u catalog devices closest in memory fits; "
                                          "the smallest that does is added, at the same settings.",
                                          "None of the %u catalog devices closest in memory fits; "
                                          "the %u smallest that do are added, at the same settings.",
                                          report->n_sweep_added),
                             report->n_sweep - report->n_sweep_added, report->n_sweep_added);
  else
    intro = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "The %u catalog device closest in memory, at the same settings.",
                                          "The %u catalog devices closest in memory, at the same settings.",
                                          report->n_sweep),
                             report->n_sweep);
  block_add (blocks, BLOCK_NOTE, intro);

  table = table_add (blocks, 6, frac, num);
  table_add_row (table, ROW_HEADER, g_strdup (_("GPU")), g_strdup (_("Memory")), g_strdup (_("Verdict")),
                 g_strdup (_("Headroom")), g_strdup (_("Max context")), g_strdup (_("Max sequences")));

  for (guint i = 0; i < report->n_sweep; i++)
    {
      const FitSweepRow *sweep = &report->sweep[i];
      const FitEstimate *est = &sweep->estimate;
      g_autofree char *memory = fit_format_bytes (sweep->device->memory_bytes);
      RowFlags flags = ROW_VERDICT;
      Row *row;

      if (sweep_row_is_current (report, sweep->device))
        flags |= ROW_HIGHLIGHT | ROW_BOLD;

      row = table_add_row (table, flags,
                           g_strdup (sweep->device->name),
                           n_gpus > 1 ? g_strdup_printf ("%u × %s", n_gpus, memory) : g_strdup (memory),
                           g_strdup (fit_verdict_label (est->verdict)),
                           fit_format_bytes_signed (est->headroom_bytes),
                           est->max_context ? fit_format_tokens_short (est->max_context) : g_strdup ("—"),
                           est->max_concurrency ? g_strdup_printf ("%u", est->max_concurrency) : g_strdup ("—"));
      row->verdict = est->verdict;
      row->verdict_col = 2;
    }
}

static char *
format_pattern (const FitModel *model)
{
  GString *str = g_string_new (NULL);

  g_string_append_printf (str, "%u", model->n_layers);
  if (model->n_swa_layers > 0 || model->n_state_layers > 0)
    {
      gboolean first = TRUE;

      g_string_append (str, " (");
      if (model->n_full_layers > 0)
        {
          g_string_append_printf (str, _("%u full attention"), model->n_full_layers);
          first = FALSE;
        }
      if (model->n_swa_layers > 0)
        {
          g_string_append_printf (str, "%s", first ? "" : ", ");
          g_string_append_printf (str, _("%u sliding window of %u"), model->n_swa_layers, model->sliding_window);
          first = FALSE;
        }
      if (model->n_state_layers > 0)
        {
          g_string_append_printf (str, "%s", first ? "" : ", ");
          g_string_append_printf (str, _("%u recurrent"), model->n_state_layers);
        }
      g_string_append_c (str, ')');
    }
  return g_string_free (str, FALSE);
}

static void
content_model (GPtrArray       *blocks,
               const FitReport *report)
{
  const FitModel *m = report->model;
  Block *pairs;

  block_add (blocks, BLOCK_HEADING, _("Model"));
  if (m->card.summary && *m->card.summary)
    block_add (blocks, BLOCK_PARAGRAPH, m->card.summary);

  pairs = pairs_add (blocks);
  pairs_take (pairs, _("Name"), g_strdup (m->name));
  if (m->company)
    pairs_take (pairs, _("Company"), g_strdup (m->company));
  if (m->n_experts > 0 && m->params_active > 0)
    {
      g_autofree char *total = fit_format_params (m->params_total);
      g_autofree char *active = fit_format_params (m->params_active);

      pairs_take (pairs, _("Parameters"), g_strdup_printf (_("%s (%s active per token)"), total, active));
      pairs_take (pairs, _("Experts"), g_strdup_printf (_("%u, %u per token"), m->n_experts, m->experts_per_token));
    }
  else
    pairs_take (pairs, _("Parameters"), fit_format_params (m->params_total));
  pairs_take (pairs, _("Layers"), format_pattern (m));
  pairs_take (pairs, _("Hidden size"), fit_format_count (m->hidden_size));
  pairs_take (pairs, _("Attention heads"),
              /* Translators: query heads, KV heads, head dimension */
              g_strdup_printf (_("%u query, %u KV, head dim %u"), m->n_heads, m->n_kv_heads, m->head_dim));
  pairs_take (pairs, _("Context window"), format_tokens (m->context_window));
  pairs_take (pairs, _("Vocabulary"), fit_format_count (m->vocab_size));
  if (m->architecture)
    pairs_take (pairs, _("Architecture"), g_strdup (m->architecture));
  pairs_take (pairs, _("Licence"), g_strdup (m->license));
  pairs_take (pairs, _("Released"), g_strdup (m->release_date));
  if (m->hf_repo)
    pairs_take (pairs, _("Hugging Face"), g_strdup (m->hf_repo));
  if (m->source_path)
    pairs_take (pairs, _("Imported from"), g_strdup (m->source_path));

  if (m->card.sources.n_items > 0)
    {
      block_add (blocks, BLOCK_PARAGRAPH, _("Sources:"));
      for (guint i = 0; i < m->card.sources.n_items; i++)
        {
          const FitCardItem *item = &m->card.sources.items[i];
          Block *link = block_add (blocks, BLOCK_LINK, item->title ? item->title : item->text);

          link->detail = g_strdup (item->text);
        }
    }
}

static void
content_device (GPtrArray       *blocks,
                const FitReport *report)
{
  const FitDevice *d = report->device;
  const FitDevice *detected = report_detected (report);
  Block *pairs;

  block_add (blocks, BLOCK_HEADING, detected ? _("Device (detected in this computer)") : _("Device"));
  pairs = pairs_add (blocks);
  pairs_take (pairs, _("Name"), g_strdup (d->name));
  pairs_take (pairs, _("Vendor"), g_strdup (fit_vendor_to_string (d->vendor)));
  pairs_take (pairs, _("Memory per GPU"), fit_format_bytes (d->memory_bytes));
  if (d->memory_type)
    pairs_take (pairs, _("Memory type"), g_strdup (d->memory_type));
  if (d->bandwidth_gbps > 0)
    pairs_take (pairs, _("Bandwidth"), g_strdup_printf (_("%.0f GB/s"), d->bandwidth_gbps));
  if (d->tflops_fp16 > 0)
    pairs_take (pairs, _("FP16 compute"), g_strdup_printf (_("%.1f TFLOPS"), d->tflops_fp16));
  if (d->unified_memory)
    pairs_take (pairs, _("Unified memory"), g_strdup_printf (_("GPU may use %.0f%%"), d->unified_share * 100));

  if (detected != NULL)
    {
      if (detected != d)
        {
          pairs_take (pairs, _("Detected as"), g_strdup (detected->name));
          pairs_take (pairs, _("Detected memory"), fit_format_bytes (detected->memory_bytes));
        }
      if (detected->used_known)
        pairs_take (pairs, _("Used by other processes"), fit_format_bytes (detected->used_bytes));
      else
        pairs_take (pairs, _("Used by other processes"), g_strdup (_("unknown")));
      pairs_take (pairs, _("Catalog match"), g_strdup (detected->catalog_id ? detected->catalog_id : _("none")));
    }
}

static void
content_assumptions (GPtrArray       *blocks,
                     const FitReport *report,
                     const char      *version,
                     const char      *date)
{
  g_autofree char *assumptions = fit_estimate_assumptions (report->estimate);
  g_autofree char *closing = NULL;

  block_add (blocks, BLOCK_HEADING, _("Assumptions"));
  if (assumptions != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (assumptions, "\n", -1);
      guint n_lines = 0;

      for (guint i = 0; lines[i]; i++)
        if (*g_strstrip (lines[i]))
          n_lines++;

      /* Several lines are a list; one is a paragraph. */
      for (guint i = 0; lines[i]; i++)
        {
          char *line = lines[i];

          if (*line == '-' || *line == '*')
            line = g_strstrip (line + 1);
          if (*line)
            block_add (blocks, n_lines > 1 ? BLOCK_BULLET : BLOCK_PARAGRAPH, line);
        }
    }

  /* Translators: the report's closing line: version, then date */
  closing = g_strdup_printf (_("Made with FitMyGPU %s on %s. These figures are estimates from the model's "
                               "geometry and the runtime's known allocations, not measurements."),
                             version, date);
  block_add (blocks, BLOCK_NOTE, closing);
}

static char *
report_date (const FitReport *report,
             const char      *format)
{
  g_autoptr(GDateTime) now = NULL;

  if (report->date)
    return g_date_time_format (report->date, format);
  now = g_date_time_new_now_local ();
  return g_date_time_format (now, format);
}

static GPtrArray *
content_build (const FitReport *report,
               FitContextCurve *curve)
{
  GPtrArray *blocks = g_ptr_array_new_with_free_func (block_free);
  const char *version = report->app_version ? report->app_version : PACKAGE_VERSION;
  g_autofree char *date = report_date (report, "%Y-%m-%d %H:%M");

  content_title (blocks, report);
  content_verdict (blocks, report);
  block_add (blocks, BLOCK_CHART, NULL);
  content_breakdown (blocks, report);
  content_settings (blocks, report);
  content_context (blocks, report, curve);
  content_sweep (blocks, report);
  content_speed (blocks, report);
  content_model (blocks, report);
  content_device (blocks, report);
  content_assumptions (blocks, report, version, date);

  return blocks;
}

/* Layout */

static PangoLayout *
new_layout (FitReportDocument *doc,
            const char        *font,
            const char        *markup,
            double             width,
            PangoAlignment     align)
{
  PangoLayout *layout = pango_layout_new (doc->pango);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static Item *
item_push (FitReportDocument *doc,
           ItemKind           kind,
           const Block       *block)
{
  Item item = { 0, };

  item.kind = kind;
  item.block = block;
  g_array_append_val (doc->items, item);
  return &g_array_index (doc->items, Item, doc->items->len - 1);
}

static void
item_text (FitReportDocument *doc,
           const Block       *block,
           const char        *font,
           const char        *markup,
           double             indent,
           double             space_before,
           double             space_after,
           gboolean           keep_with_next)
{
  Item *item = item_push (doc, ITEM_TEXT, block);

  item->indent = indent;
  item->layout = new_layout (doc, font, markup, doc->content_w - indent, PANGO_ALIGN_LEFT);
  item->height = layout_height (item->layout) + space_after;
  item->space_before = space_before;
  item->keep_with_next = keep_with_next;
}

static void
items_for_table (FitReportDocument *doc,
                 const Block       *block)
{
  TableGeom *geom = g_new0 (TableGeom, 1);
  gboolean pairs = block->kind == BLOCK_PAIRS;
  guint n_cols;
  guint per_line = 1;
  double x = 0;

  g_ptr_array_add (doc->tables, geom);
  geom->header_item = G_MAXUINT;

  /* Pairs go two to a line where there is room. */
  if (pairs)
    {
      static const double frac[] = { 0.25, 0.25, 0.25, 0.25 };
      static const double frac_narrow[] = { 0.4, 0.6 };

      per_line = doc->content_w >= 400 ? 2 : 1;
      n_cols = per_line * 2;
      for (guint i = 0; i < n_cols; i++)
        geom->col_w[i] = doc->content_w * (per_line == 2 ? frac[i] : frac_narrow[i]);
    }
  else
    {
      n_cols = block->n_cols;
      for (guint i = 0; i < n_cols; i++)
        geom->col_w[i] = doc->content_w * block->col_frac[i];
    }
  geom->n_cols = n_cols;
  for (guint i = 0; i < n_cols; i++)
    {
      geom->col_x[i] = x;
      x += geom->col_w[i];
    }

  for (guint r = 0; r < block->rows->len; r += per_line)
    {
      Item *item = item_push (doc, ITEM_ROW, block);
      double h = 0;

      item->table = geom;
      item->row = g_ptr_array_index (block->rows, r);
      item->first_row = r == 0;

      for (guint c = 0; c < n_cols; c++)
        {
          const Row *row = item->row;
          const char *text;
          g_autofree char *markup = NULL;
          const char *font = "Sans 8";
          gboolean numeric = FALSE;
          gboolean key = FALSE;

          if (pairs)
            {
              guint pr = r + c / 2;

              if (pr >= block->rows->len)
                break;
              row = g_ptr_array_index (block->rows, pr);
              text = row->cells[c % 2];
              key = c % 2 == 0;
            }
          else
            {
              text = row->cells[c];
              numeric = block->col_numeric[c];
            }

          if (text == NULL)
            text = "";

          if (key)
            markup = g_markup_printf_escaped ("<span foreground='#5e5c64'>%s</span>", text);
          else if ((row->flags & ROW_VERDICT) && c == row->verdict_col)
            markup = g_markup_printf_escaped ("<span foreground='%s' weight='bold'>%s</span>",
                                              verdict_hex (row->verdict), text);
          else if (row->flags & (ROW_HEADER | ROW_BOLD))
            markup = g_markup_printf_escaped ("<b>%s</b>", text);
          else
            markup = g_markup_escape_text (text, -1);

          if (!pairs && c == n_cols - 1 && !numeric && (row->flags & ROW_HEADER) == 0)
            font = "Sans 7.5";

          item->cells[c] = new_layout (doc, font, markup, geom->col_w[c] - 2 * CELL_PAD_X,
                                       numeric ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
          h = MAX (h, layout_height (item->cells[c]));
        }

      item->height = h + 2 * CELL_PAD_Y;
      if (item->row->flags & ROW_HEADER)
        {
          geom->header_item = doc->items->len - 1;
          item->keep_with_next = TRUE;
          item->space_before = 2;
        }
    }

  /* Space after the table. */
  g_array_index (doc->items, Item, doc->items->len - 1).height += 4;
}

static void
items_build (FitReportDocument *doc)
{
  for (guint i = 0; i < doc->blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (doc->blocks, i);
      g_autofree char *markup = NULL;
      Item *item;

      switch (block->kind)
        {
        case BLOCK_TITLE:
          markup = g_markup_escape_text (block->text, -1);
          item_text (doc, block, "Sans Bold 17", markup, 0, 0, 3, TRUE);
          break;

        case BLOCK_SUBTITLE:
          markup = g_markup_printf_escaped ("<span foreground='#5e5c64'>%s</span>", block->text);
          item_text (doc, block, "Sans 9.5", markup, 0, 0, 12, TRUE);
          break;

        case BLOCK_VERDICT:
          item = item_push (doc, ITEM_VERDICT, block);
          markup = g_markup_printf_escaped ("<span size='15pt' weight='bold' foreground='%s'>%s</span>\n"
                                            "<span size='2pt'> </span>\n%s",
                                            verdict_hex (block->verdict), block->text, block->detail);
          item->layout = new_layout (doc, "Sans 9", markup, doc->content_w - 2 * VERDICT_PAD - 4,
                                     PANGO_ALIGN_LEFT);
          item->height = layout_height (item->layout) + 2 * VERDICT_PAD + 10;
          break;

        case BLOCK_HEADING:
          markup = g_markup_escape_text (block->text, -1);
          item_text (doc, block, "Sans Bold 11.5", markup, 0, 14, 9, TRUE);
          g_array_index (doc->items, Item, doc->items->len - 1).rule_below = TRUE;
          break;

        case BLOCK_PARAGRAPH:
          markup = g_markup_escape_text (block->text, -1);
          item_text (doc, block, "Sans 8.5", markup, 0, 0, 6, FALSE);
          break;

        case BLOCK_NOTE:
          markup = g_markup_printf_escaped ("<span foreground='#5e5c64'>%s</span>", block->text);
          item_text (doc, block, "Sans 8", markup, 0, 0, 6, FALSE);
          break;

        case BLOCK_BULLET:
          markup = g_markup_printf_escaped ("•  %s", block->text);
          item_text (doc, block, "Sans 8", markup, 6, 0, 3, FALSE);
          break;

        case BLOCK_LINK:
          if (block->text != NULL && block->detail != NULL && g_strcmp0 (block->text, block->detail) != 0)
            markup = g_markup_printf_escaped ("%s: <span foreground='#1a5fb4'>%s</span>",
                                              block->text, block->detail);
          else
            markup = g_markup_printf_escaped ("<span foreground='#1a5fb4'>%s</span>",
                                              block->detail ? block->detail : block->text);
          item_text (doc, block, "Sans 8", markup, 6, 0, 2, FALSE);
          g_array_index (doc->items, Item, doc->items->len - 1).link = block->detail;
          break;

        case BLOCK_TABLE:
        case BLOCK_PAIRS:
          items_for_table (doc, block);
          break;

        case BLOCK_CHART:
          item = item_push (doc, ITEM_CHART, block);
          item->height = fit_chart_model_get_natural_height (doc->chart, doc->content_w) + 6;
          item->space_before = 4;
          break;

        case BLOCK_CONTEXT_CHART:
          item = item_push (doc, ITEM_CONTEXT_CHART, block);
          item->height = CONTEXT_CHART_H + 6;
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
place (FitReportDocument *doc,
       guint              item,
       guint              page,
       double             y)
{
  Placement p = { item, page, y };

  g_array_append_val (doc->placements, p);
}

static void
paginate (FitReportDocument *doc)
{
  double top = doc->margin_top;
  double bottom = doc->page_h - doc->margin_bottom;
  double y = top;
  guint page = 0;

  for (guint i = 0; i < doc->items->len; i++)
    {
      const Item *item = &g_array_index (doc->items, Item, i);
      double before = y > top ? item->space_before : 0;
      double need = before + item->height;

      /* A heading or a table header stays with what follows it. */
      for (guint j = i; j + 1 < doc->items->len &&
                        g_array_index (doc->items, Item, j).keep_with_next; j++)
        {
          const Item *next = &g_array_index (doc->items, Item, j + 1);

          need += next->space_before + next->height;
          if (!next->keep_with_next)
            break;
        }

      if (!doc->single_page && y > top && y + need > bottom)
        {
          page++;
          y = top;
          before = 0;

          /* A table that goes on repeats its header. */
          if (item->kind == ITEM_ROW && item->table->header_item != G_MAXUINT &&
              item->table->header_item != i)
            {
              const Item *header = &g_array_index (doc->items, Item, item->table->header_item);

              place (doc, item->table->header_item, page, y);
              y += header->height;
            }
        }

      place (doc, i, page, y + before);
      y += before + item->height;
    }

  doc->n_pages = page + 1;
  if (doc->single_page)
    doc->page_h = ceil (y + doc->margin_bottom);
}

static void
report_chart_style (FitChartStyle *style)
{
  fit_chart_style_init_light (style);
  /* The chart is drawn in points at 96 dpi text: 7 pt there reads as
   * about 9.3 pt, the size of the report's body text. */
  style->font_size = 6.8;
  style->font_family = FONT_FAMILY;
}

/**
 * fit_report_document_new:
 * @report: what to show
 * @page_width_pt: the page width, in points
 * @page_height_pt: the page height, or 0 for one page as tall as needed
 *
 * Lays the report out once: text is measured with a layout context of its
 * own (72 dpi, no hinted metrics), so the pages break the same way on a
 * PDF, an image or a printer.
 *
 * Returns: (transfer full): the laid-out document
 */
FitReportDocument *
fit_report_document_new (const FitReport *report,
                         double           page_width_pt,
                         double           page_height_pt)
{
  FitReportDocument *doc;
  PangoFontMap *font_map;
  cairo_font_options_t *options;
  g_autofree char *date = NULL;
  const char *version;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (report->model != NULL, NULL);
  g_return_val_if_fail (report->device != NULL, NULL);
  g_return_val_if_fail (report->estimate != NULL, NULL);
  g_return_val_if_fail (page_width_pt >= 200, NULL);

  doc = g_new0 (FitReportDocument, 1);
  doc->page_w = page_width_pt;
  doc->single_page = page_height_pt <= 0;
  doc->page_h = doc->single_page ? 0 : page_height_pt;
  doc->margin_x = doc->single_page ? IMAGE_MARGIN : PAGE_MARGIN_X;
  doc->margin_top = doc->single_page ? IMAGE_MARGIN : PAGE_MARGIN_TOP;
  doc->margin_bottom = doc->single_page ? IMAGE_MARGIN + FOOTER_GAP : PAGE_MARGIN_BOTTOM;
  doc->content_w = page_width_pt - 2 * doc->margin_x;

  font_map = pango_cairo_font_map_get_default ();
  doc->pango = pango_font_map_create_context (font_map);
  pango_cairo_context_set_resolution (doc->pango, 72.0);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_antialias (options, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (doc->pango, options);
  cairo_font_options_destroy (options);

  report_chart_style (&doc->style);
  doc->chart = fit_chart_model_new (report->model, report->device, report->estimate);
  doc->curve = fit_context_curve_new (report->model, report->device,
                                      report->settings ? report->settings : &report->estimate->settings,
                                      48);

  doc->title = fit_report_dup_title (report);
  version = report->app_version ? report->app_version : PACKAGE_VERSION;
  date = report_date (report, "%Y-%m-%d %H:%M");
  /* Translators: the footer of every page: version, date */
  doc->footer = g_strdup_printf (_("FitMyGPU %s · %s"), version, date);

  doc->blocks = content_build (report, doc->curve);
  doc->items = g_array_new (FALSE, TRUE, sizeof (Item));
  doc->tables = g_ptr_array_new_with_free_func (g_free);
  doc->placements = g_array_new (FALSE, FALSE, sizeof (Placement));

  items_build (doc);
  paginate (doc);

  return doc;
}

void
fit_report_document_free (FitReportDocument *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; self->items && i < self->items->len; i++)
    {
      Item *item = &g_array_index (self->items, Item, i);

      g_clear_object (&item->layout);
      for (guint c = 0; c < MAX_COLS; c++)
        g_clear_object (&item->cells[c]);
    }
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->placements, g_array_unref);
  g_clear_pointer (&self->tables, g_ptr_array_unref);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
  g_clear_pointer (&self->chart, fit_chart_model_free);
  g_clear_pointer (&self->curve, fit_context_curve_free);
  g_clear_object (&self->pango);
  g_free (self->title);
  g_free (self->footer);
  g_free (self);
}

guint
fit_report_document_get_n_pages (const FitReportDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pages;
}

double
fit_report_document_get_page_width (const FitReportDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->page_w;
}

double
fit_report_document_get_page_height (const FitReportDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->page_h;
}

/* Drawing */

static void
set_hex (cairo_t *cr,
         guint32  hex,
         double   alpha)
{
  cairo_set_source_rgba (cr, ((hex >> 16) & 0xff) / 255.0, ((hex >> 8) & 0xff) / 255.0,
                         (hex & 0xff) / 255.0, alpha);
}

static guint32
verdict_rgb (FitVerdict verdict)
{
  return (guint32) g_ascii_strtoull (verdict_hex (verdict) + 1, NULL, 16);
}

static void
show_layout (cairo_t     *cr,
             PangoLayout *layout,
             double       x,
             double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static void
hline (cairo_t *cr,
       double   x0,
       double   x1,
       double   y,
       double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x0, y);
  cairo_line_to (cr, x1, y);
  cairo_stroke (cr);
}

/* Link attributes quote the URI in single quotes; a URI that would need
 * escaping is not linked rather than risk a broken tag. */
static gboolean
uri_is_linkable (const char *uri)
{
  return uri != NULL &&
         (g_str_has_prefix (uri, "https://") || g_str_has_prefix (uri, "http://")) &&
         strpbrk (uri, "'\\ ") == NULL;
}

static void
draw_item (const FitReportDocument *doc,
           cairo_t                 *cr,
           const Item              *item,
           double                   y)
{
  double x = doc->margin_x;
  double w = doc->content_w;

  switch (item->kind)
    {
    case ITEM_TEXT:
      set_hex (cr, 0x241f31, 1.0);
      if (item->link && uri_is_linkable (item->link))
        {
          g_autofree char *attrs = g_strdup_printf ("uri='%s'", item->link);

          cairo_tag_begin (cr, CAIRO_TAG_LINK, attrs);
          show_layout (cr, item->layout, x + item->indent, y);
          cairo_tag_end (cr, CAIRO_TAG_LINK);
        }
      else
        show_layout (cr, item->layout, x + item->indent, y);

      if (item->rule_below)
        {
          set_hex (cr, 0xc0bfbc, 1.0);
          hline (cr, x, x + w, y + layout_height (item->layout) + 3.0, 0.6);
        }
      break;

    case ITEM_VERDICT:
      {
        double h = item->height - 10;
        guint32 rgb = verdict_rgb (item->block->verdict);

        set_hex (cr, rgb, 0.09);
        cairo_rectangle (cr, x, y, w, h);
        cairo_fill (cr);
        set_hex (cr, rgb, 1.0);
        cairo_rectangle (cr, x, y, 4, h);
        cairo_fill (cr);
        set_hex (cr, 0x241f31, 1.0);
        show_layout (cr, item->layout, x + 4 + VERDICT_PAD, y + VERDICT_PAD);
      }
      break;

    case ITEM_ROW:
      {
        const TableGeom *t = item->table;
        RowFlags flags = item->row->flags;
        gboolean pairs = item->block->kind == BLOCK_PAIRS;

        if (flags & ROW_HEADER)
          {
            set_hex (cr, 0xf1f0ee, 1.0);
            cairo_rectangle (cr, x, y, w, item->height);
            cairo_fill (cr);
          }
        else if (flags & ROW_HIGHLIGHT)
          {
            set_hex (cr, 0x3584e4, 0.12);
            cairo_rectangle (cr, x, y, w, item->height);
            cairo_fill (cr);
          }

        for (guint c = 0; c < t->n_cols; c++)
          if (item->cells[c])
            {
              set_hex (cr, 0x241f31, 1.0);
              show_layout (cr, item->cells[c], x + t->col_x[c] + CELL_PAD_X, y + CELL_PAD_Y);
            }

        set_hex (cr, (flags & ROW_HEADER) ? 0x9a9996 : 0xdeddda, 1.0);
        hline (cr, x, x + w, y + item->height, (flags & ROW_HEADER) ? 0.8 : 0.5);
        if ((flags & ROW_HEADER) || item->first_row)
          hline (cr, x, x + w, y, 0.8);

        /* Column rules for real tables; pairs read better without. */
        if (!pairs)
          {
            set_hex (cr, 0xdeddda, 1.0);
            cairo_set_line_width (cr, 0.5);
            for (guint c = 1; c < t->n_cols; c++)
              {
                cairo_move_to (cr, x + t->col_x[c], y);
                cairo_line_to (cr, x + t->col_x[c], y + item->height);
              }
            cairo_stroke (cr);
          }
      }
      break;

    case ITEM_CHART:
      cairo_save (cr);
      cairo_translate (cr, x, y);
      fit_chart_paint (cr, doc->chart, &doc->style, w, item->height - 6);
      cairo_restore (cr);
      break;

    case ITEM_CONTEXT_CHART:
      cairo_save (cr);
      cairo_translate (cr, x, y);
      fit_context_chart_paint (cr, doc->curve, &doc->style, w, item->height - 6);
      cairo_restore (cr);
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * fit_report_document_render_page:
 * @self: a laid-out document
 * @cr: where to draw, in points from the page's top left corner
 * @page: the page, from 0
 *
 * Draws one page: a white background, the items placed on it and the
 * footer with the version, the date and the page number.
 */
void
fit_report_document_render_page (const FitReportDocument *self,
                                 cairo_t                 *cr,
                                 guint                    page)
{
  g_autoptr(PangoLayout) footer = NULL;
  g_autofree char *page_text = NULL;
  g_autofree char *markup = NULL;
  double fy;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->n_pages);

  cairo_save (cr);

  /* Opaque, so that a PNG never comes out transparent. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, self->page_w, self->page_h);
  cairo_fill (cr);

  for (guint i = 0; i < self->placements->len; i++)
    {
      const Placement *p = &g_array_index (self->placements, Placement, i);

      if (p->page == page)
        draw_item (self, cr, &g_array_index (self->items, Item, p->item), p->y);
    }

  /* The footer. */
  if (self->n_pages > 1)
    /* Translators: the page number in the footer */
    page_text = g_strdup_printf (_("Page %u of %u"), page + 1, self->n_pages);
  markup = g_markup_printf_escaped ("<span foreground='#77767b'>%s</span>", self->footer);
  footer = new_layout ((FitReportDocument *) self, "Sans 7", markup, self->content_w, PANGO_ALIGN_LEFT);
  fy = self->page_h - self->margin_bottom + FOOTER_GAP - 4;
  set_hex (cr, 0xdeddda, 1.0);
  hline (cr, self->margin_x, self->page_w - self->margin_x, fy - 5, 0.5);
  show_layout (cr, footer, self->margin_x, fy);
  if (page_text)
    {
      g_free (markup);
      markup = g_markup_printf_escaped ("<span foreground='#77767b'>%s</span>", page_text);
      pango_layout_set_alignment (footer, PANGO_ALIGN_RIGHT);
      pango_layout_set_markup (footer, markup, -1);
      show_layout (cr, footer, self->margin_x, fy);
    }

  cairo_restore (cr);
}

/**
 * fit_report_render:
 * @cr: where to draw
 * @report: what to show
 * @page_width_pt: the page width, in points
 * @page_height_pt: the page height, or 0 for one page as tall as needed
 * @page: the page to draw, from 0
 * @n_pages: (out) (optional): the number of pages
 *
 * Lays the report out and draws one page of it onto any cairo surface.
 * To draw every page, fit_report_document_new() lays it out only once.
 *
 * Returns: %FALSE when @page does not exist
 */
gboolean
fit_report_render (cairo_t         *cr,
                   const FitReport *report,
                   double           page_width_pt,
                   double           page_height_pt,
                   guint            page,
                   guint           *n_pages)
{
  g_autoptr(FitReportDocument) doc = NULL;

  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  doc = fit_report_document_new (report, page_width_pt, page_height_pt);
  if (doc == NULL)
    return FALSE;

  if (n_pages)
    *n_pages = doc->n_pages;
  if (page >= doc->n_pages)
    return FALSE;

  fit_report_document_render_page (doc, cr, page);
  return TRUE;
}

/* Output */

typedef struct
{
  int         fd;          /* -1 writes to bytes */
  GByteArray *bytes;
  int         saved_errno;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;

  if (sink->saved_errno != 0)
    return CAIRO_STATUS_WRITE_ERROR;

  if (sink->fd < 0)
    {
      g_byte_array_append (sink->bytes, data, length);
      return CAIRO_STATUS_SUCCESS;
    }

  while (length > 0)
    {
      ssize_t n = write (sink->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          sink->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static void
set_pdf_metadata (cairo_surface_t *surface,
                  const FitReport *report,
                  const char      *title)
{
  const FitEstimate *est = report->estimate;
  g_autofree char *date = report_date (report, "%Y-%m-%dT%H:%M:%S%:z");
  g_autofree char *creator = g_strdup_printf ("FitMyGPU %s",
                                              report->app_version ? report->app_version : PACKAGE_VERSION);
  g_autofree char *headroom = fit_format_bytes_signed (est->headroom_bytes);
  g_autofree char *subject = NULL;
  g_autofree char *keywords = NULL;

  /* Translators: the PDF subject: the verdict, then the headroom */
  subject = g_strdup_printf (_("GPU memory fit estimate: %s, headroom %s"),
                             fit_verdict_label (est->verdict), headroom);
  keywords = g_strdup_printf ("%s, %s, %s, VRAM", report->model->name, report->device->name,
                              fit_runtime_label (est->settings.runtime));

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  /* The author is the app rather than the user's real name: reports get
   * shared, and a name should not travel in them unasked. */
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, "FitMyGPU");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, creator);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, subject);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static void
add_pdf_outline (cairo_surface_t         *surface,
                 const FitReportDocument *doc)
{
  for (guint i = 0; i < doc->placements->len; i++)
    {
      const Placement *p = &g_array_index (doc->placements, Placement, i);
      const Item *item = &g_array_index (doc->items, Item, p->item);
      g_autofree char *link = NULL;

      if (item->kind != ITEM_TEXT || item->block->kind != BLOCK_HEADING)
        continue;
      link = g_strdup_printf ("page=%u pos=[%.0f %.0f]", p->page + 1, doc->margin_x, p->y);
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, item->block->text, link, 0);
    }
}

static gboolean
check_status (cairo_status_t  status,
              const Sink     *sink,
              GError        **error)
{
  if (sink->saved_errno != 0)
    {
      g_set_error_literal (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE, g_strerror (sink->saved_errno));
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error_literal (error, FIT_REPORT_ERROR,
                           status == CAIRO_STATUS_WRITE_ERROR ? FIT_REPORT_ERROR_WRITE : FIT_REPORT_ERROR_RENDER,
                           cairo_status_to_string (status));
      return FALSE;
    }
  return TRUE;
}

static gboolean
render_pdf (const FitReport *report,
            Sink            *sink,
            GError         **error)
{
  g_autoptr(FitReportDocument) doc = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double w, h;

  fit_paper_get_size (report->paper, &w, &h);
  doc = fit_report_document_new (report, w, h);

  surface = cairo_pdf_surface_create_for_stream (sink_write, sink, w, h);
  set_pdf_metadata (surface, report, doc->title);

  cr = cairo_create (surface);
  for (guint page = 0; page < doc->n_pages; page++)
    {
      fit_report_document_render_page (doc, cr, page);
      cairo_show_page (cr);
    }
  add_pdf_outline (surface, doc);
  status = cairo_status (cr);
  cairo_destroy (cr);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return check_status (status, sink, error);
}

static gboolean
render_png (const FitReport *report,
            Sink            *sink,
            GError         **error)
{
  g_autoptr(FitReportDocument) doc = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double w, h;

  doc = fit_report_document_new (report, FIT_REPORT_IMAGE_WIDTH, 0);
  w = ceil (doc->page_w * FIT_REPORT_PNG_SCALE);
  h = ceil (doc->page_h * FIT_REPORT_PNG_SCALE);
  if (h > 32767)
    {
      g_set_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_RENDER,
                   _("The report is too long for an image (%.0f pixels)"), h);
      return FALSE;
    }

  /* No alpha channel: the report is opaque, and RGB makes a smaller PNG. */
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  cairo_surface_set_device_scale (surface, FIT_REPORT_PNG_SCALE, FIT_REPORT_PNG_SCALE);
  cr = cairo_create (surface);
  fit_report_document_render_page (doc, cr, 0);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_flush (surface);
      status = fit_png_write_rgb24 (surface, sink_write, sink);
    }
  cairo_surface_destroy (surface);

  return check_status (status, sink, error);
}

static gboolean
render_svg (const FitReport *report,
            Sink            *sink,
            GError         **error)
{
  g_autoptr(FitReportDocument) doc = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  doc = fit_report_document_new (report, FIT_REPORT_IMAGE_WIDTH, 0);
  surface = cairo_svg_surface_create_for_stream (sink_write, sink, doc->page_w, doc->page_h);
  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  cr = cairo_create (surface);
  fit_report_document_render_page (doc, cr, 0);
  status = cairo_status (cr);
  cairo_destroy (cr);

  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return check_status (status, sink, error);
}

static gboolean
render_to_sink (const FitReport *report,
                FitReportFormat  format,
                Sink            *sink,
                GError         **error)
{
  switch (format)
    {
    case FIT_REPORT_FORMAT_PDF:
      return render_pdf (report, sink, error);
    case FIT_REPORT_FORMAT_PNG:
      return render_png (report, sink, error);
    case FIT_REPORT_FORMAT_SVG:
      return render_svg (report, sink, error);
    case FIT_N_REPORT_FORMATS:
    default:
      g_set_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_FORMAT,
                   _("Unknown report format %d"), (int) format);
      return FALSE;
    }
}

static gboolean
report_is_complete (const FitReport *report)
{
  return report->model != NULL && report->device != NULL && report->estimate != NULL &&
         report->model->name != NULL && report->device->name != NULL;
}

/**
 * fit_report_to_bytes:
 * @report: what to show
 * @format: the file format
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the file's bytes
 */
GBytes *
fit_report_to_bytes (const FitReport  *report,
                     FitReportFormat   format,
                     GError          **error)
{
  Sink sink = { -1, NULL, 0 };

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (report_is_complete (report), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  sink.bytes = g_byte_array_new ();
  if (!render_to_sink (report, format, &sink, error))
    {
      g_byte_array_unref (sink.bytes);
      return NULL;
    }
  return g_byte_array_free_to_bytes (sink.bytes);
}

static void
prefix_error (GError     **error,
              const char  *path)
{
  /* Translators: the file name, then the reason */
  g_prefix_error (error, _("Could not write the report to “%s”: "), path);
}

/**
 * fit_report_write:
 * @report: what to show
 * @format: the file format
 * @path: the file to write
 * @error: return location for a #GError
 *
 * Renders into a hidden temporary file beside @path (".NAME.XXXXXX", in
 * the same folder so that the rename stays on one file system), flushes it
 * to disk and renames it over @path. On any failure the temporary file is
 * removed and an existing @path is left as it was. An existing file's
 * permissions carry over to the new one.
 *
 * Returns: %TRUE on success
 */
gboolean
fit_report_write (const FitReport  *report,
                  FitReportFormat   format,
                  const char       *path,
                  GError          **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_name = NULL;
  g_autofree char *tmp_path = NULL;
  Sink sink = { -1, NULL, 0 };
  struct stat st;
  int saved_errno;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (report_is_complete (report), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format >= FIT_N_REPORT_FORMATS)
    {
      g_set_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_FORMAT,
                   _("Unknown report format %d"), (int) format);
      return FALSE;
    }

  base = g_path_get_basename (path);
  if (*path == '\0' || g_str_has_suffix (path, G_DIR_SEPARATOR_S) || strcmp (base, ".") == 0 ||
      strcmp (base, "..") == 0)
    {
      g_set_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE,
                   _("Could not write the report to “%s”: not a file name"), path);
      return FALSE;
    }

  /* Refuse early rather than replace a folder or a device. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      g_set_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE,
                   _("Could not write the report to “%s”: not a regular file"), path);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  tmp_name = g_strdup_printf (".%s.XXXXXX", base);
  tmp_path = g_build_filename (dir, tmp_name, NULL);

  sink.fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (sink.fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE,
                   _("Could not write the report to “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (!render_to_sink (report, format, &sink, error))
    goto fail;

  /* Keep the permissions of the file being replaced. */
  if (g_stat (path, &st) == 0)
    (void) fchmod (sink.fd, st.st_mode & 07777);

  if (fsync (sink.fd) != 0)
    {
      saved_errno = errno;
      g_set_error_literal (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE, g_strerror (saved_errno));
      goto fail;
    }

  if (close (sink.fd) != 0)
    {
      sink.fd = -1;
      saved_errno = errno;
      g_set_error_literal (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE, g_strerror (saved_errno));
      goto fail;
    }
  sink.fd = -1;

  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      g_set_error_literal (error, FIT_REPORT_ERROR, FIT_REPORT_ERROR_WRITE, g_strerror (saved_errno));
      goto fail;
    }

  /* Make the rename itself durable; failing here loses nothing. */
  {
    int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dir_fd >= 0)
      {
        (void) fsync (dir_fd);
        close (dir_fd);
      }
  }

  return TRUE;

fail:
  if (sink.fd >= 0)
    close (sink.fd);
  g_unlink (tmp_path);
  prefix_error (error, path);
  return FALSE;
}

/* Markdown */

/* Escapes what Markdown would take for markup, and nothing more, so that
 * the text still reads well where it is pasted as plain text: "Q4_K_M"
 * keeps its underscores, which CommonMark never reads as emphasis inside a
 * word. */
static void
md_escape_append (GString    *str,
                  const char *text,
                  gboolean    in_table)
{
  const char *start = text ? text : "";

  for (const char *p = start; *p; p++)
    {
      gboolean line_start = p == start || p[-1] == '\n';

      switch (*p)
        {
        case '|':
          g_string_append (str, in_table ? "\\|" : "|");
          break;
        case '\n':
          g_string_append (str, in_table ? " " : "\n");
          break;
        case '_':
          if (p > start && g_ascii_isalnum (p[-1]) && g_ascii_isalnum (p[1]))
            g_string_append_c (str, '_');
          else
            g_string_append (str, "\\_");
          break;
        case '#':
        case '>':
        case '-':
        case '+':
          if (line_start)
            g_string_append_c (str, '\\');
          g_string_append_c (str, *p);
          break;
        case '*':
        case '`':
        case '[':
        case ']':
        case '<':
        case '\\':
          g_string_append_c (str, '\\');
          g_string_append_c (str, *p);
          break;
        default:
          g_string_append_c (str, *p);
        }
    }
}

static void
md_table (GString     *str,
          const Block *block)
{
  guint first = 0;

  if (block->rows->len == 0)
    return;

  if (((const Row *) g_ptr_array_index (block->rows, 0))->flags & ROW_HEADER)
    {
      const Row *header = g_ptr_array_index (block->rows, 0);

      g_string_append (str, "|");
      for (guint c = 0; c < block->n_cols; c++)
        {
          g_string_append_c (str, ' ');
          md_escape_append (str, header->cells[c], TRUE);
          g_string_append (str, " |");
        }
      g_string_append (str, "\n|");
      for (guint c = 0; c < block->n_cols; c++)
        g_string_append (str, block->col_numeric[c] ? "---:|" : "---|");
      g_string_append_c (str, '\n');
      first = 1;
    }

  for (guint r = first; r < block->rows->len; r++)
    {
      const Row *row = g_ptr_array_index (block->rows, r);
      gboolean bold = (row->flags & ROW_BOLD) != 0;

      g_string_append (str, "|");
      for (guint c = 0; c < block->n_cols; c++)
        {
          const char *cell = row->cells[c] ? row->cells[c] : "";

          g_string_append_c (str, ' ');
          if (bold && *cell)
            g_string_append (str, "**");
          md_escape_append (str, cell, TRUE);
          if (bold && *cell)
            g_string_append (str, "**");
          g_string_append (str, " |");
        }
      g_string_append_c (str, '\n');
    }
  g_string_append_c (str, '\n');
}

/**
 * fit_report_to_markdown:
 * @report: what to show
 *
 * The report as Markdown, for "Copy as text": the same sections as the
 * PDF, with tables for the breakdown and the GPUs, and without the charts.
 *
 * Returns: (transfer full): the text
 */
char *
fit_report_to_markdown (const FitReport *report)
{
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(FitContextCurve) curve = NULL;
  GString *str;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (report_is_complete (report), NULL);

  curve = fit_context_curve_new (report->model, report->device,
                                 report->settings ? report->settings : &report->estimate->settings, 16);
  blocks = content_build (report, curve);
  str = g_string_new (NULL);

  for (guint i = 0; i < blocks->len; i++)
    {
      const Block *block = g_ptr_array_index (blocks, i);

      switch (block->kind)
        {
        case BLOCK_TITLE:
          g_string_append (str, "# ");
          md_escape_append (str, block->text, FALSE);
          g_string_append (str, "\n\n");
          break;

        case BLOCK_SUBTITLE:
        case BLOCK_PARAGRAPH:
          md_escape_append (str, block->text, FALSE);
          g_string_append (str, "\n\n");
          break;

        case BLOCK_NOTE:
          g_string_append_c (str, '_');
          md_escape_append (str, block->text, FALSE);
          g_string_append (str, "_\n\n");
          break;

        case BLOCK_VERDICT:
          {
            g_auto(GStrv) lines = g_strsplit (block->detail, "\n", -1);

            g_string_append (str, "**");
            md_escape_append (str, block->text, FALSE);
            g_string_append (str, "**: ");
            for (guint l = 0; lines[l]; l++)
              {
                md_escape_append (str, lines[l], FALSE);
                g_string_append (str, lines[l + 1] ? "  \n" : "\n\n");
              }
          }
          break;

        case BLOCK_HEADING:
          g_string_append (str, "## ");
          md_escape_append (str, block->text, FALSE);
          g_string_append (str, "\n\n");
          break;

        case BLOCK_BULLET:
          g_string_append (str, "- ");
          md_escape_append (str, block->text, FALSE);
          g_string_append_c (str, '\n');
          if (i + 1 >= blocks->len ||
              ((const Block *) g_ptr_array_index (blocks, i + 1))->kind != BLOCK_BULLET)
            g_string_append_c (str, '\n');
          break;

        case BLOCK_LINK:
          g_string_append (str, "- ");
          if (block->text && g_strcmp0 (block->text, block->detail) != 0)
            {
              md_escape_append (str, block->text, FALSE);
              g_string_append (str, ": ");
            }
          g_string_append_printf (str, "<%s>\n", block->detail ? block->detail : "");
          if (i + 1 >= blocks->len ||
              ((const Block *) g_ptr_array_index (blocks, i + 1))->kind != BLOCK_LINK)
            g_string_append_c (str, '\n');
          break;

        case BLOCK_TABLE:
          md_table (str, block);
          break;

        case BLOCK_PAIRS:
          for (guint r = 0; r < block->rows->len; r++)
            {
              const Row *row = g_ptr_array_index (block->rows, r);

              g_string_append (str, "- ");
              md_escape_append (str, row->cells[0], FALSE);
              g_string_append (str, ": ");
              md_escape_append (str, row->cells[1], FALSE);
              g_string_append_c (str, '\n');
            }
          g_string_append_c (str, '\n');
          break;

        case BLOCK_CHART:
        case BLOCK_CONTEXT_CHART:
          break;

        default:
          g_assert_not_reached ();
        }
    }

  while (str->len > 0 && str->str[str->len - 1] == '\n')
    g_string_truncate (str, str->len - 1);
  g_string_append_c (str, '\n');

  return g_string_free (str, FALSE);
}
