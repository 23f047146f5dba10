/* fit-cli-private.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "fit-catalog.h"
#include "fit-estimate.h"

G_BEGIN_DECLS

/* Exit statuses of every subcommand. */
#define FIT_CLI_EXIT_OK       0
#define FIT_CLI_EXIT_FAILURE  1
#define FIT_CLI_EXIT_USAGE    2

/* Subcommands; argv[0] is the subcommand name. */
int  fit_cli_estimate (int argc, char **argv);
int  fit_cli_report   (int argc, char **argv);
int  fit_cli_models   (int argc, char **argv);
int  fit_cli_gpus     (int argc, char **argv);
int  fit_cli_show     (int argc, char **argv);
int  fit_cli_detect   (int argc, char **argv);
int  fit_cli_inspect  (int argc, char **argv);

/* Prints "fitmygpu-cli: <message>" to stderr. */
void fit_cli_error    (const char *format,
                       ...) G_GNUC_PRINTF (1, 2);

/* The options shared by `estimate` and `report`. */
typedef struct
{
  char        *model_arg;     /* catalog id, or a file/folder path */
  char        *gpu_arg;       /* catalog id, "detected" or "detected:N" */
  FitCatalog  *catalog;
  FitModel    *imported;      /* owned when model_arg was a path */
  const FitModel *model;      /* the model to estimate */
  FitDevice   *device;        /* owned copy */
  FitSettings  settings;
  gboolean     json;
} FitCliEstimateArgs;

/* Parses the estimate options out of argv; @extra are the caller's own
 * options (may be NULL). Returns FIT_CLI_EXIT_OK, or the exit status after
 * printing a message that names the bad value and the accepted ones. */
int  fit_cli_estimate_args_parse (FitCliEstimateArgs *args,
                                  int                *argc,
                                  char             ***argv,
                                  const GOptionEntry *extra,
                                  const char         *summary);
void fit_cli_estimate_args_clear (FitCliEstimateArgs *args);

/* Writes the estimate as the JSON object `estimate --json` prints. */
char *fit_cli_estimate_to_json   (const FitCliEstimateArgs *args,
                                  const FitEstimate        *est);

/* Members of the JSON objects every command prints. */
void  fit_cli_json_add_u64       (JsonBuilder *b,
                                  const char  *member,
                                  guint64      value);
void  fit_cli_json_add_string    (JsonBuilder *b,
                                  const char  *member,
                                  const char  *value);

G_END_DECLS
