/* fit-hf-config.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-model.h"

G_BEGIN_DECLS

/* The geometry in a Hugging Face config.json (the nested text_config of a
 * multimodal model included) and its checkpoint format (torch_dtype, or
 * quantization_config). The model is not finalized: the caller adds exact
 * weights and identity first. */
FitModel *fit_hf_config_parse (const char  *json,
                               gsize        length,
                               const char  *name,
                               GError     **error);

G_END_DECLS
