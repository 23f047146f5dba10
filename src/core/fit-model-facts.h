/* fit-model-facts.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-catalog.h"

G_BEGIN_DECLS

/* The computed half of a card's "memory behaviour": KV bytes per 1K
 * tokens, the dominant term at the full window, and where the context
 * cliff is on common cards. Returns translated sentences. */
GStrv fit_model_memory_facts (const FitModel *model,
                              FitCatalog     *catalog);

G_END_DECLS
