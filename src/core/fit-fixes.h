/* fit-fixes.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-estimate.h"

G_BEGIN_DECLS

/* One setting to change, the others kept, for a does-not-fit estimate to
 * fit. The window shows them as buttons, the CLI as options to pass. */
typedef enum
{
  FIT_FIX_WEIGHT_FORMAT,
  FIT_FIX_CONTEXT,
  FIT_FIX_CONCURRENCY,
  FIT_FIX_GPU_LAYERS,
  FIT_FIX_GPU_COUNT,
  FIT_N_FIX_KINDS
} FitFixKind;

typedef struct
{
  FitFixKind      kind;
  /* Tokens, sequences, -ngl layers or GPUs; unused for a format. */
  guint64         value;
  FitWeightFormat format;
} FitFix;

guint       fit_fixes_find   (const FitModel    *model,
                              const FitDevice   *device,
                              const FitEstimate *estimate,
                              FitFix             fixes[FIT_N_FIX_KINDS]);
const char *fit_fix_kind_id  (FitFixKind         kind);
const char *fit_fix_option   (FitFixKind         kind);

G_END_DECLS
