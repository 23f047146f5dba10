/* fit-estimate.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-device.h"
#include "fit-formats.h"
#include "fit-model.h"

G_BEGIN_DECLS

#define FIT_MAX_CONTEXT      (G_GUINT64_CONSTANT (1) << 34)  /* 16 Gi tokens */
#define FIT_MAX_CONCURRENCY  65536
#define FIT_MAX_GPU_COUNT    1024

typedef enum
{
  FIT_COMPONENT_WEIGHTS,
  FIT_COMPONENT_KV_CACHE,
  FIT_COMPONENT_STATE,
  FIT_COMPONENT_COMPUTE,
  FIT_COMPONENT_OVERHEAD,
  FIT_N_COMPONENTS,
} FitComponent;

const char *fit_component_id    (FitComponent c);   /* "weights", "kv_cache", … as in the JSON */
const char *fit_component_label (FitComponent c);   /* translated, "KV cache" */

typedef enum
{
  FIT_VERDICT_FITS,
  FIT_VERDICT_TIGHT,
  FIT_VERDICT_DOES_NOT_FIT,
} FitVerdict;

const char *fit_verdict_id    (FitVerdict v);       /* "fits", "tight", "does-not-fit" */
const char *fit_verdict_label (FitVerdict v);       /* translated */

typedef enum
{
  FIT_TRISTATE_AUTO = -1,
  FIT_TRISTATE_OFF  = 0,
  FIT_TRISTATE_ON   = 1,
} FitTristate;

/* What the memory is judged against for a detected device. */
typedef enum
{
  FIT_BUDGET_FREE,   /* what is free right now */
  FIT_BUDGET_TOTAL,  /* planning: the whole device */
} FitBudgetBasis;

/**
 * FitSettings:
 *
 * Everything the user can choose. Zero/AUTO fields are resolved by
 * fit_settings_resolve() to the runtime's own defaults, so an estimate can
 * always report the settings it really used.
 */
typedef struct
{
  FitRuntime      runtime;
  FitWeightFormat weights;        /* FIT_WEIGHTS_EXACT for an imported file */
  gboolean        weights_set;    /* FALSE: the runtime's default for the model */
  FitKvType       kv_k;
  FitKvType       kv_v;
  gboolean        kv_set;
  guint64         context;        /* per sequence; 0 = default */
  guint32         concurrency;    /* sequences served at once; 0 = 1 */
  double          gpu_util;       /* vLLM gpu_memory_utilization; 0 = 0.90 */
  guint32         gpu_count;      /* 0 = 1 */
  FitTristate     flash_attn;
  guint32         n_batch;        /* llama.cpp -b; 0 = default */
  guint32         n_ubatch;       /* llama.cpp -ub; 0 = default */
  gint32          gpu_layers;     /* llama.cpp -ngl; -1 = all */
  gboolean        swa_full;       /* llama.cpp --swa-full */
  gboolean        kv_unified;     /* llama.cpp --kv-unified */
  gboolean        cpu_moe;        /* llama.cpp --cpu-moe: experts stay in RAM */
  guint32         max_num_seqs;   /* vLLM; 0 = 256 */
  guint32         max_batched_tokens; /* vLLM; 0 = max(8192, context) */
  gboolean        enforce_eager;  /* vLLM: no CUDA graphs */
  FitBudgetBasis  budget_basis;
  guint64         prompt_tokens;  /* Transformers prefill length; 0 = the whole context */
} FitSettings;

void     fit_settings_init     (FitSettings       *settings);
/* Fills every default for @model; fails with FIT_ESTIMATE_ERROR on settings
 * the runtime cannot use (GGUF in vLLM, a quantized V cache without flash
 * attention, a context beyond the model's window, …). */
gboolean fit_settings_resolve  (FitSettings       *settings,
                                const FitModel    *model,
                                GError           **error);

/* The bytes one component takes, with the quantities its formula uses. */
typedef struct
{
  guint64 n_ctx_cells;       /* KV cells of one sequence (after padding) */
  guint64 n_ctx_total;       /* llama.cpp -c */
  guint64 swa_cells;         /* per sequence, sliding-window layers */
  guint64 kv_bytes_per_token;
  guint64 kv_full_bytes_per_cell;
  guint64 kv_swa_bytes_per_cell;
  guint64 state_bytes_per_seq;
  guint64 weights_gpu_layers;/* layers on the GPU(s) */
  guint64 activation_tokens; /* tokens the compute term is sized for */
  guint64 vllm_kv_pool;      /* bytes vLLM hands to its KV pool (per GPU) */
  guint64 vllm_kv_per_token; /* KV bytes per token per GPU under vLLM */
  guint32 gpu_layers;        /* resolved layers on the GPU(s) */
  gboolean output_on_gpu;
  guint64 compute_logits;    /* the logits part of the compute term */
  guint64 compute_attention; /* the attention-scores part (no flash attention) */
  guint64 compute_other;     /* hidden-state buffers */
  guint64 reserve_per_gpu;   /* backend context reserve per GPU */
  guint32 tp_kv_heads;       /* KV heads held per GPU (vLLM) */
} FitEstimateTerms;

/**
 * FitEstimate:
 *
 * The result of one estimate. @gpu holds totals over all GPUs; @per_gpu the
 * busiest GPU, which is what is compared with one device's budget.
 */
typedef struct
{
  FitSettings  settings;              /* resolved */
  guint64      gpu[FIT_N_COMPONENTS];
  guint64      per_gpu[FIT_N_COMPONENTS];
  guint64      host[FIT_N_COMPONENTS];
  guint64      total_bytes;           /* sum of gpu[] */
  guint64      per_gpu_total;
  guint64      host_bytes;
  guint64      capacity_bytes;        /* per GPU, as the device reports */
  guint64      other_used_bytes;      /* per GPU, held by other processes */
  guint64      budget_bytes;          /* total over GPUs */
  guint64      per_gpu_budget;
  gint64       headroom_bytes;        /* budget - total; negative = deficit */
  FitVerdict   verdict;
  guint64      max_context;           /* 0 when nothing fits */
  guint32      max_concurrency;
  guint64      kv_capacity_tokens;    /* vLLM's KV pool in tokens */
  double       decode_low, decode_high;
  double       prefill_low, prefill_high;
  FitEstimateTerms terms;
} FitEstimate;

#define FIT_ESTIMATE_ERROR (fit_estimate_error_quark ())

typedef enum
{
  FIT_ESTIMATE_ERROR_INVALID_SETTING,
  FIT_ESTIMATE_ERROR_UNSUPPORTED,
} FitEstimateError;

GQuark   fit_estimate_error_quark (void);

/* The memory terms only: no allocation, no solvers. Settings must be resolved. */
void     fit_estimate_memory   (const FitModel    *model,
                                const FitDevice   *device,
                                const FitSettings *settings,
                                FitEstimate       *out);
/* Resolves @settings, computes memory, verdict, max context/concurrency and
 * speeds. */
gboolean fit_estimate          (const FitModel    *model,
                                const FitDevice   *device,
                                const FitSettings *settings,
                                FitEstimate       *out,
                                GError           **error);
/* The formula of one component with the numbers filled in. */
char    *fit_estimate_formula  (const FitModel    *model,
                                const FitEstimate *est,
                                FitComponent       component,
                                gboolean           host);
/* The assumptions behind the speed ranges and the overheads, as text. */
char    *fit_estimate_assumptions (const FitEstimate *est);

G_END_DECLS
