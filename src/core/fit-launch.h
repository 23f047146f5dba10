/* fit-launch.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-estimate.h"

G_BEGIN_DECLS

typedef enum
{
  FIT_LAUNCH_SHELL,   /* a command line (llama.cpp, vLLM) or shell + Modelfile (Ollama) */
  FIT_LAUNCH_PYTHON,  /* a Python snippet (Transformers) */
} FitLaunchLanguage;

FitLaunchLanguage fit_launch_language (FitRuntime         runtime);
char             *fit_launch_command  (const FitModel    *model,
                                       const FitEstimate *estimate);

G_END_DECLS
