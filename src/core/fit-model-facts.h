/* fit-model-facts.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  FIT_MEMORY_FACT_SIZE,   /* KV per 1K tokens, state, weights per format */
  FIT_MEMORY_FACT_CLIFF,  /* longest context on a common card */
} FitMemoryFactKind;

typedef struct
{
  FitMemoryFactKind kind;
  char             *label;   /* translated: "KV cache per 1K tokens", a GPU name, … */
  char             *value;   /* translated: "12 MiB in F16, 6.38 MiB in Q8_0", … */
} FitMemoryFact;

/* The computed half of a card's "memory behaviour", measured by the
 * estimator itself: KV bytes per 1K tokens, weight sizes per format and
 * where the context cliff is on common cards (llama.cpp's defaults, one
 * sequence). Shown by the card in the window and by `fitmygpu-cli show`.
 * Returns a GPtrArray of FitMemoryFact, freeing its elements. */
GPtrArray *fit_model_memory_facts (const FitModel *model,
                                   FitCatalog     *catalog);

G_END_DECLS
