/* fit-weights.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-weights"

#include "config.h"

#include "fit-units.h"
#include "fit-weights.h"

/*
 * Every figure here is built tensor by tensor from the geometry, the way
 * the checkpoint stores it: a web calculator's "params × bits / 8" misses
 * the 16-bit embeddings of a GPTQ file, the F32 norms of a GGUF and the
 * per-tensor type mix of llama.cpp's _M and _S recipes.
 */

static void
emit (FitTensorFunc func,
      gpointer      data,
      FitTensorRole role,
      gint          layer,
      guint64       ne0,
      guint64       ne1,
      guint64       ne2,
      gboolean      expert)
{
  FitTensor t = { role, layer, ne0, ne1, ne2, expert };

  if (ne0 == 0 || ne1 == 0 || ne2 == 0)
    return;

  func (&t, data);
}

static void
emit_ffn (const FitModel *m,
          FitTensorFunc   func,
          gpointer        data,
          gint            layer,
          guint64         ffn,
          guint64         n,
          gboolean        expert)
{
  if (m->gated_ffn)
    emit (func, data, FIT_TENSOR_FFN_GATE, layer, m->hidden_size, ffn, n, expert);
  emit (func, data, FIT_TENSOR_FFN_UP, layer, m->hidden_size, ffn, n, expert);
  emit (func, data, FIT_TENSOR_FFN_DOWN, layer, ffn, m->hidden_size, n, expert);
}

static void
emit_attention (const FitModel *m,
                FitTensorFunc   func,
                gpointer        data,
                gint            i)
{
  guint64 h = m->hidden_size;
  guint64 vd = fit_model_v_head_dim (m);

  if (m->kv_lora_rank > 0)
    {
      guint64 qk = (guint64) m->qk_nope_head_dim + m->qk_rope_head_dim;

      if (m->q_lora_rank > 0)
        {
          emit (func, data, FIT_TENSOR_ATTN_OTHER, i, h, m->q_lora_rank, 1, FALSE);
          emit (func, data, FIT_TENSOR_VECTOR, i, m->q_lora_rank, 1, 1, FALSE);
          emit (func, data, FIT_TENSOR_ATTN_Q, i, m->q_lora_rank, m->n_heads * qk, 1, FALSE);
        }
      else
        emit (func, data, FIT_TENSOR_ATTN_Q, i, h, m->n_heads * qk, 1, FALSE);

      emit (func, data, FIT_TENSOR_ATTN_OTHER, i, h, (guint64) m->kv_lora_rank + m->qk_rope_head_dim, 1, FALSE);
      emit (func, data, FIT_TENSOR_VECTOR, i, m->kv_lora_rank, 1, 1, FALSE);
      emit (func, data, FIT_TENSOR_ATTN_OTHER, i, m->kv_lora_rank,
            m->n_heads * ((guint64) m->qk_nope_head_dim + vd), 1, FALSE);
      emit (func, data, FIT_TENSOR_ATTN_OUTPUT, i, m->n_heads * vd, h, 1, FALSE);
      return;
    }

  emit (func, data, FIT_TENSOR_ATTN_Q, i, h,
        (guint64) m->n_heads * m->head_dim * (m->attn_output_gate ? 2 : 1), 1, FALSE);
  emit (func, data, FIT_TENSOR_ATTN_K, i, h, (guint64) m->n_kv_heads * m->head_dim, 1, FALSE);
  emit (func, data, FIT_TENSOR_ATTN_V, i, h, (guint64) m->n_kv_heads * vd, 1, FALSE);
  emit (func, data, FIT_TENSOR_ATTN_OUTPUT, i, (guint64) m->n_heads * vd, h, 1, FALSE);

  if (m->qkv_bias)
    emit (func, data, FIT_TENSOR_VECTOR, i,
          (guint64) m->n_heads * m->head_dim + (guint64) m->n_kv_heads * (m->head_dim + vd), 1, 1, FALSE);
  if (m->o_bias)
    emit (func, data, FIT_TENSOR_VECTOR, i, h, 1, 1, FALSE);
  if (m->qk_norm)
    emit (func, data, FIT_TENSOR_VECTOR, i, 2 * (guint64) m->head_dim, 1, 1, FALSE);
}

static void
emit_mamba (const FitModel *m,
            FitTensorFunc   func,
            gpointer        data,
            gint            i)
{
  guint64 h = m->hidden_size;
  guint64 di = m->ssm_d_inner;
  guint64 ds = m->ssm_d_state;

  if (m->ssm_kind == FIT_SSM_MAMBA1)
    {
      guint64 dt_rank = m->ssm_dt_rank ? m->ssm_dt_rank : fit_ceil_div (h, 16);

      emit (func, data, FIT_TENSOR_SSM_LINEAR, i, h, 2 * di, 1, FALSE);
      emit (func, data, FIT_TENSOR_F32_SMALL, i, m->ssm_d_conv, di, 1, FALSE);
      emit (func, data, FIT_TENSOR_VECTOR, i, di, 1, 1, FALSE);               /* conv bias */
      emit (func, data, FIT_TENSOR_SSM_LINEAR, i, di, dt_rank + 2 * ds, 1, FALSE);
      emit (func, data, FIT_TENSOR_SSM_LINEAR, i, dt_rank, di, 1, FALSE);
      emit (func, data, FIT_TENSOR_VECTOR, i, di, 1, 1, FALSE);               /* dt bias */
      emit (func, data, FIT_TENSOR_F32_SMALL, i, ds, di, 1, FALSE);            /* A */
      emit (func, data, FIT_TENSOR_VECTOR, i, di, 1, 1, FALSE);               /* D */
      emit (func, data, FIT_TENSOR_SSM_LINEAR, i, di, h, 1, FALSE);
    }
  else
    {
      guint64 ng = MAX (m->ssm_n_groups, 1);
      guint64 nh = m->ssm_n_heads;
      guint64 conv_dim = di + 2 * ng * ds;

      emit (func, data, FIT_TENSOR_SSM_LINEAR, i, h, 2 * di + 2 * ng * ds + nh, 1, FALSE);
      emit (func, data, FIT_TENSOR_F32_SMALL, i, m->ssm_d_conv, conv_dim, 1, FALSE);
      emit (func, data, FIT_TENSOR_VECTOR, i, conv_dim, 1, 1, FALSE);
      emit (func, data, FIT_TENSOR_VECTOR, i, 3 * nh, 1, 1, FALSE);            /* dt bias, A, D */
      emit (func, data, FIT_TENSOR_VECTOR, i, di, 1, 1, FALSE);               /* gated norm */
      emit (func, data, FIT_TENSOR_SSM_LINEAR, i, di, h, 1, FALSE);
    }
}

static void
emit_deltanet (const FitModel *m,
               FitTensorFunc   func,
               gpointer        data,
               gint            i)
{
  guint64 h = m->hidden_size;
  guint64 kd = (guint64) m->lin_key_heads * m->lin_key_head_dim;
  guint64 vd = (guint64) m->lin_value_heads * m->lin_value_head_dim;

  emit (func, data, FIT_TENSOR_SSM_LINEAR, i, h, 2 * kd + 2 * vd, 1, FALSE);
  emit (func, data, FIT_TENSOR_SSM_LINEAR, i, h, 2 * (guint64) m->lin_value_heads, 1, FALSE);
  emit (func, data, FIT_TENSOR_F32_SMALL, i, m->lin_conv_kernel, 2 * kd + vd, 1, FALSE);
  emit (func, data, FIT_TENSOR_VECTOR, i, 2 * (guint64) m->lin_value_heads + m->lin_value_head_dim, 1, 1, FALSE);
  emit (func, data, FIT_TENSOR_SSM_LINEAR, i, vd, h, 1, FALSE);
}

/**
 * fit_model_foreach_tensor:
 *
 * Calls @func for every tensor of the model's text stack in file order,
 * then for the extra (vision) parameters. The shapes follow the llama.cpp
 * GGUF layout (ne0 = input features), which Hugging Face checkpoints share
 * up to a transpose.
 */
void
fit_model_foreach_tensor (const FitModel *m,
                          FitTensorFunc   func,
                          gpointer        data)
{
  g_return_if_fail (m != NULL);
  g_return_if_fail (func != NULL);

  emit (func, data, FIT_TENSOR_TOKEN_EMBD, -1, m->hidden_size, m->vocab_size, 1, FALSE);

  for (guint32 i = 0; i < m->n_layers; i++)
    {
      guint flags = fit_model_layer_flags (m, i);

      emit (func, data, FIT_TENSOR_VECTOR, i, (guint64) m->hidden_size * MAX (m->norms_per_layer, 1), 1, 1, FALSE);

      if (FIT_LAYER_HAS_KV (flags))
        emit_attention (m, func, data, i);
      if (flags & FIT_LAYER_MAMBA)
        emit_mamba (m, func, data, i);
      if (flags & FIT_LAYER_LINEAR_ATTN)
        emit_deltanet (m, func, data, i);

      if (flags & FIT_LAYER_MOE)
        {
          guint64 shared_ffn = m->shared_expert_intermediate_size ? m->shared_expert_intermediate_size
                                                                  : m->expert_intermediate_size;

          emit (func, data, FIT_TENSOR_F32_SMALL, i, m->hidden_size, m->n_experts, 1, FALSE);
          emit_ffn (m, func, data, i, m->expert_intermediate_size, m->n_experts, TRUE);
          if (m->n_shared_experts > 0)
            emit_ffn (m, func, data, i, shared_ffn * m->n_shared_experts, 1, FALSE);
        }
      else if (m->intermediate_size > 0)
        emit_ffn (m, func, data, i, m->intermediate_size, 1, FALSE);
    }

  emit (func, data, FIT_TENSOR_VECTOR, -1, m->hidden_size, 1, 1, FALSE);
  if (!m->tied_embeddings)
    emit (func, data, FIT_TENSOR_OUTPUT, -1, m->hidden_size, m->vocab_size, 1, FALSE);
  if (m->extra_params > 0)
    emit (func, data, FIT_TENSOR_EXTRA, -1, m->extra_params, 1, 1, FALSE);
}

typedef struct
{
  FitModel *model;
  guint64   total;
  guint64   embedding;
  guint64   inactive;
} CountState;

static void
count_tensor (const FitTensor *t,
              gpointer         data)
{
  CountState *s = data;
  guint64 n = fit_mul_sat (fit_mul_sat (t->ne0, t->ne1), t->ne2);

  s->total = fit_add_sat (s->total, n);

  if (t->role == FIT_TENSOR_TOKEN_EMBD || t->role == FIT_TENSOR_OUTPUT)
    s->embedding = fit_add_sat (s->embedding, n);

  /* Only experts_per_token of the routed experts run for a token. */
  if (t->expert && t->ne2 > s->model->experts_per_token)
    s->inactive = fit_add_sat (s->inactive, fit_mul_sat (t->ne0 * t->ne1, t->ne2 - s->model->experts_per_token));
}

void
fit_weights_count_params (FitModel *model)
{
  CountState s = { model, 0, 0, 0 };

  fit_model_foreach_tensor (model, count_tensor, &s);
  model->params_total = s.total;
  model->params_embedding = s.embedding;
  model->params_active = s.total - s.inactive - model->extra_params;
}

/* --- llama.cpp's quantization recipes -------------------------------- */

static FitGgmlType
recipe_default_type (FitWeightFormat fmt)
{
  switch (fmt)
    {
    case FIT_WEIGHTS_GGUF_F32:    return FIT_GGML_F32;
    case FIT_WEIGHTS_GGUF_F16:    return FIT_GGML_F16;
    case FIT_WEIGHTS_GGUF_BF16:   return FIT_GGML_BF16;
    case FIT_WEIGHTS_GGUF_Q8_0:   return FIT_GGML_Q8_0;
    case FIT_WEIGHTS_GGUF_Q6_K:   return FIT_GGML_Q6_K;
    case FIT_WEIGHTS_GGUF_Q5_K_M:
    case FIT_WEIGHTS_GGUF_Q5_K_S: return FIT_GGML_Q5_K;
    case FIT_WEIGHTS_GGUF_Q5_0:   return FIT_GGML_Q5_0;
    case FIT_WEIGHTS_GGUF_Q4_K_M:
    case FIT_WEIGHTS_GGUF_Q4_K_S: return FIT_GGML_Q4_K;
    case FIT_WEIGHTS_GGUF_Q4_0:   return FIT_GGML_Q4_0;
    case FIT_WEIGHTS_GGUF_IQ4_XS: return FIT_GGML_IQ4_XS;
    case FIT_WEIGHTS_GGUF_Q3_K_M: return FIT_GGML_Q3_K;
    case FIT_WEIGHTS_GGUF_Q2_K:   return FIT_GGML_Q2_K;
    case FIT_WEIGHTS_GGUF_MXFP4:  return FIT_GGML_Q8_0;
    default:                      return FIT_GGML_F16;
    }
}

static gboolean
use_more_bits (guint i,
               guint n)
{
  return i < n / 8 || i >= 7 * n / 8 || (i >= n / 8 && (i - n / 8) % 3 == 2);
}

/* A k-quant needs rows that are a multiple of 256; llama-quantize then falls
 * back to a 32-block type of about the same size (llama_tensor_get_type). */
static FitGgmlType
fallback_type (FitGgmlType type,
               guint64     ne0)
{
  guint32 bs = fit_ggml_type_block_size (type);

  if (bs <= 1 || ne0 % bs == 0)
    return type;

  switch ((int) type)
    {
    case FIT_GGML_Q2_K:
    case FIT_GGML_Q3_K:
    case FIT_GGML_IQ4_XS: type = FIT_GGML_IQ4_NL; break;
    case FIT_GGML_Q4_K:   type = FIT_GGML_Q5_0; break;
    case FIT_GGML_Q5_K:   type = FIT_GGML_Q5_1; break;
    case FIT_GGML_Q6_K:   type = FIT_GGML_Q8_0; break;
    default:              type = FIT_GGML_F16; break;
    }

  if (ne0 % fit_ggml_type_block_size (type) != 0)
    type = FIT_GGML_F16;

  return type;
}

FitGgmlType
fit_weights_gguf_type (const FitModel  *m,
                       FitWeightFormat  fmt,
                       const FitTensor *t,
                       guint            i_attn_v)
{
  FitGgmlType base = recipe_default_type (fmt);
  FitGgmlType type = base;
  gboolean quantizing = fit_ggml_type_is_quantized (base);
  gboolean eight_experts = m->n_experts == 8;
  guint n_layer = m->n_layers;
  guint n_attn = m->n_full_layers + m->n_swa_layers;
  guint gqa = m->n_kv_heads ? m->n_heads / m->n_kv_heads : 1;
  gboolean is_70b = m->n_layers == 80 && m->n_experts == 0;

  switch (t->role)
    {
    case FIT_TENSOR_VECTOR:
    case FIT_TENSOR_F32_SMALL:
      return FIT_GGML_F32;
    case FIT_TENSOR_EXTRA:
      return FIT_GGML_F16;
    default:
      break;
    }

  if (!quantizing)
    return base;

  if (fmt == FIT_WEIGHTS_GGUF_MXFP4)
    return t->expert ? FIT_GGML_MXFP4 : FIT_GGML_Q8_0;

  /* The output matrix, or the token embedding standing in for it when the
   * embeddings are tied, keeps more bits: Q6_K, or Q8_0 when rows do not
   * split into 256-blocks. */
  if (t->role == FIT_TENSOR_OUTPUT || (t->role == FIT_TENSOR_TOKEN_EMBD && m->tied_embeddings))
    {
      if (t->ne0 % 256 != 0)
        return FIT_GGML_Q8_0;
      return base == FIT_GGML_Q8_0 ? FIT_GGML_Q8_0 : FIT_GGML_Q6_K;
    }

  switch (t->role)
    {
    case FIT_TENSOR_ATTN_V:
      if (fmt == FIT_WEIGHTS_GGUF_Q2_K)
        type = gqa >= 4 ? FIT_GGML_Q4_K : FIT_GGML_Q3_K;
      else if (fmt == FIT_WEIGHTS_GGUF_Q3_K_M)
        type = i_attn_v < 2 ? FIT_GGML_Q5_K : FIT_GGML_Q4_K;
      else if (fmt == FIT_WEIGHTS_GGUF_IQ4_XS && gqa >= 4)
        type = FIT_GGML_Q5_K;
      else if ((fmt == FIT_WEIGHTS_GGUF_Q4_K_M || fmt == FIT_WEIGHTS_GGUF_Q5_K_M) &&
               use_more_bits (i_attn_v, n_attn))
        type = FIT_GGML_Q6_K;
      else if (fmt == FIT_WEIGHTS_GGUF_Q4_K_S && i_attn_v < 4)
        type = FIT_GGML_Q5_K;
      if (is_70b && (type == FIT_GGML_Q3_K || type == FIT_GGML_Q4_K))
        type = FIT_GGML_Q5_K;
      if (eight_experts)
        type = FIT_GGML_Q8_0;
      break;

    case FIT_TENSOR_ATTN_K:
      if (eight_experts)
        type = FIT_GGML_Q8_0;
      break;

    case FIT_TENSOR_FFN_DOWN:
      {
        guint i = t->layer >= 0 ? (guint) t->layer : 0;

        if (fmt == FIT_WEIGHTS_GGUF_Q2_K)
          type = FIT_GGML_Q3_K;
        else if (fmt == FIT_WEIGHTS_GGUF_Q3_K_M)
          type = i < n_layer / 16 ? FIT_GGML_Q5_K : FIT_GGML_Q4_K;
        else if (fmt == FIT_WEIGHTS_GGUF_Q4_K_M)
          {
            if (use_more_bits (i, n_layer))
              type = FIT_GGML_Q6_K;
          }
        else if (fmt == FIT_WEIGHTS_GGUF_IQ4_XS && i < n_layer / 8)
          type = FIT_GGML_Q5_K;
        else if (fmt == FIT_WEIGHTS_GGUF_Q5_K_M && use_more_bits (i, n_layer))
          type = FIT_GGML_Q6_K;
        else if (fmt == FIT_WEIGHTS_GGUF_Q4_K_S && i < n_layer / 8)
          type = FIT_GGML_Q5_K;
      }
      break;

    case FIT_TENSOR_ATTN_OUTPUT:
      if (eight_experts)
        {
          if (fmt == FIT_WEIGHTS_GGUF_Q2_K || fmt == FIT_WEIGHTS_GGUF_Q3_K_M ||
              fmt == FIT_WEIGHTS_GGUF_Q4_K_S || fmt == FIT_WEIGHTS_GGUF_Q4_K_M ||
              fmt == FIT_WEIGHTS_GGUF_IQ4_XS)
            type = FIT_GGML_Q5_K;
        }
      else if (fmt == FIT_WEIGHTS_GGUF_Q2_K)
        type = FIT_GGML_Q3_K;
      else if (fmt == FIT_WEIGHTS_GGUF_Q3_K_M)
        type = FIT_GGML_Q4_K;
      break;

    case FIT_TENSOR_TOKEN_EMBD:
    case FIT_TENSOR_OUTPUT:
    case FIT_TENSOR_VECTOR:
    case FIT_TENSOR_F32_SMALL:
    case FIT_TENSOR_ATTN_Q:
    case FIT_TENSOR_ATTN_OTHER:
    case FIT_TENSOR_FFN_GATE:
    case FIT_TENSOR_FFN_UP:
    case FIT_TENSOR_SSM_LINEAR:
    case FIT_TENSOR_EXTRA:
    default:
      break;
    }

  return fallback_type (type, t->ne0);
}

/* --- Hugging Face checkpoint formats ---------------------------------- */

static gboolean
is_linear (const FitTensor *t)
{
  switch (t->role)
    {
    case FIT_TENSOR_ATTN_Q:
    case FIT_TENSOR_ATTN_K:
    case FIT_TENSOR_ATTN_V:
    case FIT_TENSOR_ATTN_OUTPUT:
    case FIT_TENSOR_ATTN_OTHER:
    case FIT_TENSOR_FFN_GATE:
    case FIT_TENSOR_FFN_UP:
    case FIT_TENSOR_FFN_DOWN:
    case FIT_TENSOR_SSM_LINEAR:
      return TRUE;
    case FIT_TENSOR_TOKEN_EMBD:
    case FIT_TENSOR_OUTPUT:
    case FIT_TENSOR_VECTOR:
    case FIT_TENSOR_F32_SMALL:
    case FIT_TENSOR_EXTRA:
    default:
      return FALSE;
    }
}

/* Bytes of one K×N linear layer (K = in, N = out) in a packed format. */
static guint64
linear_bytes (FitWeightFormat fmt,
              guint64         k,
              guint64         n)
{
  guint64 kn = fit_mul_sat (k, n);
  guint64 groups = fit_ceil_div (k, 128);

  switch (fmt)
    {
    case FIT_WEIGHTS_F32:
      return fit_mul_sat (kn, 4);
    case FIT_WEIGHTS_FP8:
      /* One byte per weight plus an F32 scale per 128×128 block. */
      return fit_add_sat (kn, fit_mul_sat (groups * fit_ceil_div (n, 128), 4));
    case FIT_WEIGHTS_BNB_INT8:
      /* int8 weights plus an F32 scale per output row (SCB). */
      return fit_add_sat (kn, fit_mul_sat (n, 4));
    case FIT_WEIGHTS_BNB_NF4:
    case FIT_WEIGHTS_BNB_FP4:
      /* Two weights per byte plus an F32 absmax per 64-weight block. */
      return fit_add_sat (fit_ceil_div (kn, 2), fit_mul_sat (fit_ceil_div (kn, 64), 4));
    case FIT_WEIGHTS_GPTQ_INT4:
      /* qweight (4 bit), qzeros (4 bit) and F16 scales per 128-group and
       * output, plus the int32 g_idx of every input row. */
      return fit_ceil_div (kn, 2) + fit_ceil_div (groups * n, 2) + groups * n * 2 + k * 4;
    case FIT_WEIGHTS_GPTQ_INT8:
      return kn + groups * n + groups * n * 2 + k * 4;
    case FIT_WEIGHTS_AWQ_INT4:
      return fit_ceil_div (kn, 2) + fit_ceil_div (groups * n, 2) + groups * n * 2;
    case FIT_WEIGHTS_AWQ_INT8:
      return kn + groups * n + groups * n * 2;
    case FIT_WEIGHTS_MXFP4:
      return fit_mul_sat (fit_ceil_div (kn, 32), 17);
    case FIT_WEIGHTS_F16:
    case FIT_WEIGHTS_BF16:
    default:
      return fit_mul_sat (kn, 2);
    }
}

static guint64
hf_tensor_bytes (const FitModel  *m,
                 FitWeightFormat  fmt,
                 const FitTensor *t)
{
  guint64 n = fit_mul_sat (t->ne0, t->ne1);
  guint64 elem = fmt == FIT_WEIGHTS_F32 ? 4 : 2;

  if (!is_linear (t))
    return fit_mul_sat (fit_mul_sat (n, t->ne2), elem);

  /* gpt-oss ships only its routed experts in MXFP4. */
  if (fmt == FIT_WEIGHTS_MXFP4 && !t->expert)
    return fit_mul_sat (fit_mul_sat (n, t->ne2), 2);

  return fit_mul_sat (linear_bytes (fmt, t->ne0, t->ne1), t->ne2);
}

/* --- Tables ------------------------------------------------------------ */

typedef struct
{
  const FitModel  *model;
  FitWeightFormat  format;
  FitWeightTable  *table;
  guint            i_attn_v;
} TableState;

static void
table_add_tensor (const FitTensor *t,
                  gpointer         data)
{
  TableState *s = data;
  FitWeightTable *tab = s->table;
  guint64 bytes;

  if (fit_weight_format_is_gguf (s->format))
    {
      FitGgmlType type = fit_weights_gguf_type (s->model, s->format, t, s->i_attn_v);
      guint64 row;

      if (t->role == FIT_TENSOR_ATTN_V)
        s->i_attn_v++;

      if (!fit_ggml_row_bytes (type, t->ne0, &row))
        row = fit_mul_sat (t->ne0, 2);
      bytes = fit_mul_sat (fit_mul_sat (row, t->ne1), t->ne2);
    }
  else
    bytes = hf_tensor_bytes (s->model, s->format, t);

  switch (t->role)
    {
    case FIT_TENSOR_TOKEN_EMBD:
      tab->token_embd = fit_add_sat (tab->token_embd, bytes);
      break;
    case FIT_TENSOR_OUTPUT:
      tab->output = fit_add_sat (tab->output, bytes);
      break;
    case FIT_TENSOR_EXTRA:
      tab->extra = fit_add_sat (tab->extra, bytes);
      return;
    case FIT_TENSOR_VECTOR:
    case FIT_TENSOR_F32_SMALL:
    case FIT_TENSOR_ATTN_Q:
    case FIT_TENSOR_ATTN_K:
    case FIT_TENSOR_ATTN_V:
    case FIT_TENSOR_ATTN_OUTPUT:
    case FIT_TENSOR_ATTN_OTHER:
    case FIT_TENSOR_FFN_GATE:
    case FIT_TENSOR_FFN_UP:
    case FIT_TENSOR_FFN_DOWN:
    case FIT_TENSOR_SSM_LINEAR:
    default:
      if (t->layer >= 0)
        {
          tab->layer[t->layer] = fit_add_sat (tab->layer[t->layer], bytes);
          tab->layers_total = fit_add_sat (tab->layers_total, bytes);
          if (t->expert)
            tab->layer_experts[t->layer] = fit_add_sat (tab->layer_experts[t->layer], bytes);
        }
      else
        tab->global_other = fit_add_sat (tab->global_other, bytes);
      break;
    }

  tab->total = fit_add_sat (tab->total, bytes);
}

static void
weight_table_free (FitWeightTable *tab)
{
  if (tab == NULL)
    return;
  g_free (tab->layer);
  g_free (tab->layer_experts);
  g_free (tab->layer_suffix);
  g_free (tab->expert_suffix);
  g_free (tab->full_suffix);
  g_free (tab->swa_suffix);
  g_free (tab->state_suffix);
  g_free (tab);
}

static FitWeightTable *
build_table (const FitModel  *m,
             FitWeightFormat  fmt)
{
  FitWeightTable *tab = g_new0 (FitWeightTable, 1);
  guint64 expert_bytes = 0;

  tab->layer = g_new0 (guint64, MAX (m->n_layers, 1));
  tab->layer_experts = g_new0 (guint64, MAX (m->n_layers, 1));

  if (fmt == FIT_WEIGHTS_EXACT && m->exact != NULL)
    {
      const FitExactWeights *ex = m->exact;

      tab->token_embd = ex->token_embd_bytes;
      tab->output = ex->output_bytes;
      tab->global_other = ex->other_bytes;
      for (guint32 i = 0; i < m->n_layers; i++)
        {
          tab->layer[i] = ex->layer_bytes ? ex->layer_bytes[i] : 0;
          tab->layer_experts[i] = ex->layer_expert_bytes ? ex->layer_expert_bytes[i] : 0;
          tab->layers_total = fit_add_sat (tab->layers_total, tab->layer[i]);
        }
      tab->total = ex->total_bytes;
    }
  else
    {
      TableState s = { m, fmt == FIT_WEIGHTS_EXACT ? FIT_WEIGHTS_BF16 : fmt, tab, 0 };

      fit_model_foreach_tensor (m, table_add_tensor, &s);
    }

  /* A decoded token reads every dense weight once but only
   * experts_per_token of each layer's routed experts. */
  for (guint32 i = 0; i < m->n_layers; i++)
    expert_bytes = fit_add_sat (expert_bytes, tab->layer_experts[i]);

  tab->active_per_token = tab->total - tab->token_embd - tab->extra;
  if (m->n_experts > 0 && expert_bytes > 0)
    {
      double active_share = (double) m->experts_per_token / m->n_experts;

      tab->active_per_token -= expert_bytes - (guint64) (expert_bytes * active_share);
    }
  if (m->tied_embeddings && tab->output == 0)
    tab->active_per_token = fit_add_sat (tab->active_per_token, tab->token_embd);

  tab->layer_suffix = g_new0 (guint64, m->n_layers + 1);
  tab->expert_suffix = g_new0 (guint64, m->n_layers + 1);
  tab->full_suffix = g_new0 (guint32, m->n_layers + 1);
  tab->swa_suffix = g_new0 (guint32, m->n_layers + 1);
  tab->state_suffix = g_new0 (guint32, m->n_layers + 1);
  for (guint32 i = m->n_layers; i-- > 0;)
    {
      guint8 f = m->layer_flags ? m->layer_flags[i] : FIT_LAYER_ATTN_FULL;

      tab->layer_suffix[i] = fit_add_sat (tab->layer_suffix[i + 1], tab->layer[i]);
      tab->expert_suffix[i] = fit_add_sat (tab->expert_suffix[i + 1], tab->layer_experts[i]);
      tab->full_suffix[i] = tab->full_suffix[i + 1] + ((f & FIT_LAYER_ATTN_FULL) != 0);
      tab->swa_suffix[i] = tab->swa_suffix[i + 1] + ((f & FIT_LAYER_ATTN_FULL) == 0 && (f & FIT_LAYER_ATTN_SWA) != 0);
      tab->state_suffix[i] = tab->state_suffix[i + 1] + (FIT_LAYER_HAS_STATE (f) ? 1 : 0);
    }

  return tab;
}

/**
 * fit_weights_table:
 *
 * Returns the per-format byte table of @model, building it on first use.
 * Tables are cached on the model with an atomic compare-and-swap, so the
 * app's worker threads and the UI may ask at once; the loser of a race
 * frees its copy.
 */
const FitWeightTable *
fit_weights_table (const FitModel  *model,
                   FitWeightFormat  format)
{
  FitWeightTable *tab;
  gpointer *cache;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (format <= FIT_WEIGHTS_EXACT, NULL);

  cache = (gpointer *) (format == FIT_WEIGHTS_EXACT ? &model->exact_cache : &model->weight_cache[format]);

  tab = g_atomic_pointer_get (cache);
  if (tab != NULL)
    return tab;

  tab = build_table (model, format);
  if (!g_atomic_pointer_compare_and_exchange (cache, NULL, tab))
    {
      weight_table_free (tab);
      tab = g_atomic_pointer_get (cache);
    }

  return tab;
}

void
fit_weights_clear_cache (FitModel *model)
{
  for (guint i = 0; i < FIT_N_WEIGHT_FORMATS; i++)
    g_clear_pointer (&model->weight_cache[i], weight_table_free);
  g_clear_pointer (&model->exact_cache, weight_table_free);
}
