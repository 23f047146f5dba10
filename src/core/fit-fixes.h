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
  /* System RAM the estimate takes once the fix is applied: what keeping
   * layers off the GPU costs, to check against the computer's. */
  guint64         host_bytes;
} FitFix;

guint       fit_fixes_find   (const FitModel    *model,
                              const FitDevice   *device,
                              const FitEstimate *estimate,
                              FitFix             fixes[FIT_N_FIX_KINDS]);
void        fit_fix_apply    (const FitFix      *fix,
                              FitSettings       *settings);
const char *fit_fix_kind_id  (FitFixKind         kind);
const char *fit_fix_option   (FitFixKind         kind);

G_END_DECLS
