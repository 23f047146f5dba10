/* fit-weights.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fit-model.h"

G_BEGIN_DECLS

/* What a tensor is for: decides its type in each weight format. */
typedef enum
{
  FIT_TENSOR_TOKEN_EMBD,
  FIT_TENSOR_OUTPUT,
  FIT_TENSOR_VECTOR,        /* norms, biases: F32 in GGUF, 16-bit elsewhere */
  FIT_TENSOR_F32_SMALL,     /* router, SSM conv/A/D: never quantized */
  FIT_TENSOR_ATTN_Q,
  FIT_TENSOR_ATTN_K,
  FIT_TENSOR_ATTN_V,
  FIT_TENSOR_ATTN_OUTPUT,
  FIT_TENSOR_ATTN_OTHER,    /* MLA projections */
  FIT_TENSOR_FFN_GATE,
  FIT_TENSOR_FFN_UP,
  FIT_TENSOR_FFN_DOWN,
  FIT_TENSOR_SSM_LINEAR,    /* Mamba / DeltaNet in/out/x/dt projections */
  FIT_TENSOR_EXTRA,         /* vision tower: 16-bit, not in the GGUF */
} FitTensorRole;

typedef struct
{
  FitTensorRole role;
  gint          layer;      /* -1 outside the blocks */
  guint64       ne0;        /* row length (input features) */
  guint64       ne1;        /* rows (output features) */
  guint64       ne2;        /* experts, 1 otherwise */
  gboolean      expert;     /* a routed expert tensor */
} FitTensor;

typedef void (*FitTensorFunc) (const FitTensor *tensor,
                               gpointer         user_data);

void fit_model_foreach_tensor (const FitModel *model,
                               FitTensorFunc   func,
                               gpointer        user_data);

/* Bytes per format, tensor by tensor, grouped the way runtimes place them. */
typedef struct
{
  guint64  total;           /* everything a runtime loads for the text model */
  guint64  token_embd;
  guint64  output;          /* output/lm_head; for tied GGUFs the GPU copy */
  guint64  global_other;    /* output norm and friends */
  guint64  extra;           /* vision tower (vLLM and Transformers only) */
  guint64  layers_total;
  guint64 *layer;           /* n_layers */
  guint64 *layer_experts;   /* n_layers: routed-expert part */
  guint64  active_per_token;/* bytes read per decoded token */

  /* Suffix sums over layers [i, n_layers), n_layers + 1 entries each, so an
   * estimate with partial offload costs O(1) (the solvers call it often). */
  guint64 *layer_suffix;
  guint64 *expert_suffix;
  guint32 *full_suffix;     /* full-attention layers */
  guint32 *swa_suffix;      /* sliding-window layers */
  guint32 *state_suffix;    /* layers with recurrent state */
} FitWeightTable;

const FitWeightTable *fit_weights_table       (const FitModel  *model,
                                               FitWeightFormat  format);
void                  fit_weights_clear_cache (FitModel        *model);
void                  fit_weights_count_params (FitModel       *model);

/* The ggml type llama-quantize gives a tensor under a GGUF recipe. Exposed
 * for the tests; @i_attn_v counts attn_v tensors seen so far. */
FitGgmlType           fit_weights_gguf_type   (const FitModel  *model,
                                               FitWeightFormat  format,
                                               const FitTensor *tensor,
                                               guint            i_attn_v);

G_END_DECLS
