/* fit-estimate.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-estimate"

#include "config.h"

#include <inttypes.h>

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fit-estimate.h"
#include "fit-solve.h"
#include "fit-units.h"
#include "fit-weights.h"

/*
 * One estimate is the memory each runtime really allocates, term by term.
 * The mechanisms (and the numbers they were checked against) are described
 * in README.md, "How the estimate works". Nothing here is fitted to a
 * measured row: each term is the size of a buffer the runtime creates.
 */

G_DEFINE_QUARK (fit-estimate-error-quark, fit_estimate_error)

#define LLAMA_CTX_PAD        256
#define VLLM_BLOCK_TOKENS    16
#define TIGHT_SHARE          0.05

static const char *component_ids[FIT_N_COMPONENTS] = {
  "weights", "kv_cache", "state", "compute", "runtime_overhead",
};

const char *
fit_component_id (FitComponent c)
{
  g_return_val_if_fail (c < FIT_N_COMPONENTS, NULL);
  return component_ids[c];
}

const char *
fit_component_label (FitComponent c)
{
  switch (c)
    {
    case FIT_COMPONENT_WEIGHTS:  return _("Weights");
    case FIT_COMPONENT_KV_CACHE: return _("KV cache");
    case FIT_COMPONENT_STATE:    return _("Recurrent state");
    case FIT_COMPONENT_COMPUTE:  return _("Compute buffers");
    case FIT_COMPONENT_OVERHEAD: return _("Runtime reserve");
    case FIT_N_COMPONENTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
fit_verdict_id (FitVerdict v)
{
  switch (v)
    {
    case FIT_VERDICT_FITS:         return "fits";
    case FIT_VERDICT_TIGHT:        return "tight";
    case FIT_VERDICT_DOES_NOT_FIT: return "does-not-fit";
    default:                       g_return_val_if_reached (NULL);
    }
}

const char *
fit_verdict_label (FitVerdict v)
{
  switch (v)
    {
    case FIT_VERDICT_FITS:         return _("Fits");
    case FIT_VERDICT_TIGHT:        return _("Tight");
    case FIT_VERDICT_DOES_NOT_FIT: return _("Does not fit");
    default:                       g_return_val_if_reached (NULL);
    }
}

void
fit_settings_init (FitSettings *s)
{
  g_return_if_fail (s != NULL);

  memset (s, 0, sizeof *s);
  s->runtime = FIT_RUNTIME_LLAMACPP;
  s->kv_k = s->kv_v = FIT_KV_F16;
  s->flash_attn = FIT_TRISTATE_AUTO;
  s->gpu_layers = -1;
  s->budget_basis = FIT_BUDGET_FREE;
}

static gboolean
setting_error (GError    **error,
               gint        code,
               const char *format,
               ...) G_GNUC_PRINTF (3, 4);

static gboolean
setting_error (GError    **error,
               gint        code,
               const char *format,
               ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, FIT_ESTIMATE_ERROR, code, msg);
  return FALSE;
}

static gboolean
model_is_gguf_file (const FitModel *model)
{
  return model->exact != NULL && model->source_path != NULL &&
         (g_str_has_suffix (model->source_path, ".gguf") || g_str_has_suffix (model->source_path, ".GGUF"));
}

/* llama.cpp loads GGUF; the plain names users write map onto GGUF twins. */
static FitWeightFormat
gguf_twin (FitWeightFormat fmt)
{
  switch (fmt)
    {
    case FIT_WEIGHTS_F32:   return FIT_WEIGHTS_GGUF_F32;
    case FIT_WEIGHTS_F16:   return FIT_WEIGHTS_GGUF_F16;
    case FIT_WEIGHTS_BF16:  return FIT_WEIGHTS_GGUF_BF16;
    case FIT_WEIGHTS_MXFP4: return FIT_WEIGHTS_GGUF_MXFP4;
    default:                return fmt;
    }
}

static FitWeightFormat
default_weights (const FitSettings *s,
                 const FitModel    *model)
{
  if (model->exact != NULL)
    {
      gboolean gguf = model_is_gguf_file (model);

      if (gguf == fit_runtime_is_llamacpp (s->runtime))
        return FIT_WEIGHTS_EXACT;
    }

  if (fit_runtime_is_llamacpp (s->runtime))
    {
      /* What people download: Q4_K_M, or the MXFP4 experts of gpt-oss. */
      if (model->official_format == FIT_WEIGHTS_MXFP4)
        return FIT_WEIGHTS_GGUF_MXFP4;
      return FIT_WEIGHTS_GGUF_Q4_K_M;
    }

  if (model->official_format < FIT_N_WEIGHT_FORMATS && !fit_weight_format_is_gguf (model->official_format))
    return model->official_format;
  return FIT_WEIGHTS_BF16;
}

/**
 * fit_settings_resolve:
 *
 * Replaces every "default" with the value the runtime would really use for
 * @model and rejects combinations the runtime refuses, with a message that
 * names the bad value and what is accepted.
 */
gboolean
fit_settings_resolve (FitSettings     *s,
                      const FitModel  *model,
                      GError         **error)
{
  g_return_val_if_fail (s != NULL, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  if (s->runtime >= FIT_N_RUNTIMES)
    return setting_error (error, FIT_ESTIMATE_ERROR_INVALID_SETTING, _("Unknown runtime"));

  if (!s->weights_set)
    s->weights = default_weights (s, model);
  s->weights_set = TRUE;

  if (s->weights == FIT_WEIGHTS_EXACT && model->exact == NULL)
    return setting_error (error, FIT_ESTIMATE_ERROR_INVALID_SETTING,
                          _("The weight format “exact” needs a model opened from a file"));

  if (s->weights == FIT_WEIGHTS_EXACT && model_is_gguf_file (model) != fit_runtime_is_llamacpp (s->runtime))
    return setting_error (error, FIT_ESTIMATE_ERROR_UNSUPPORTED,
                          model_is_gguf_file (model)
                          ? _("%s cannot load a GGUF file; use llama.cpp or Ollama, or choose a weight format")
                          : _("%s cannot load this checkpoint directly; choose a GGUF weight format"),
                          fit_runtime_label (s->runtime));

  if (!fit_runtime_accepts_weights (s->runtime, s->weights))
    {
      g_autofree char *ids = fit_weight_format_list_ids ();

      return setting_error (error, FIT_ESTIMATE_ERROR_UNSUPPORTED,
                            fit_weight_format_is_gguf (s->weights)
                            ? _("%s cannot use the GGUF weight format “%s”; use a checkpoint format such as bf16, fp8, gptq-int4 or awq-int4")
                            : _("%s cannot use the weight format “%s”; use a GGUF format such as q4_k_m, q8_0 or f16"),
                            fit_runtime_label (s->runtime), fit_weight_format_id (s->weights));
    }

  if (fit_runtime_is_llamacpp (s->runtime))
    s->weights = gguf_twin (s->weights);

  if (!fit_runtime_accepts_kv (s->runtime, s->kv_k) || !fit_runtime_accepts_kv (s->runtime, s->kv_v))
    {
      FitKvType bad = fit_runtime_accepts_kv (s->runtime, s->kv_k) ? s->kv_v : s->kv_k;

      return setting_error (error, FIT_ESTIMATE_ERROR_UNSUPPORTED,
                            _("%s cannot use the KV cache type “%s”; accepted: %s"),
                            fit_runtime_label (s->runtime), fit_kv_type_id (bad),
                            fit_runtime_is_llamacpp (s->runtime) ? "f32, f16, bf16, q8_0, q5_1, q4_0"
                            : s->runtime == FIT_RUNTIME_VLLM ? "f32, f16, bf16, fp8" : "f32, f16, bf16");
    }

  if (s->concurrency == 0)
    s->concurrency = 1;
  if (s->concurrency > FIT_MAX_CONCURRENCY)
    return setting_error (error, FIT_ESTIMATE_ERROR_INVALID_SETTING,
                          _("A concurrency of %u is out of range (1 to %d)"), s->concurrency, FIT_MAX_CONCURRENCY);

  if (s->context == 0)
    s->context = s->runtime == FIT_RUNTIME_VLLM ? model->context_window : MIN (4096, model->context_window);
  if (s->context > model->context_window)
    return setting_error (error, FIT_ESTIMATE_ERROR_INVALID_SETTING,
                          _("A context of %" PRIu64 " tokens exceeds the model’s context window of %" PRIu64 " tokens"),
                          s->context, model->context_window);

  if (s->gpu_count == 0)
    s->gpu_count = 1;
  if (s->gpu_count > FIT_MAX_GPU_COUNT)
    return setting_error (error, FIT_ESTIMATE_ERROR_INVALID_SETTING,
                          _("A GPU count of %u is out of range (1 to %d)"), s->gpu_count, FIT_MAX_GPU_COUNT);

  if (s->gpu_util == 0.0)
    s->gpu_util = 0.90;
  if (!(s->gpu_util > 0.0 && s->gpu_util <= 1.0))
    return setting_error (error, FIT_ESTIMATE_ERROR_INVALID_SETTING,
                          _("A GPU memory utilization of %g is out of range: it must be above 0 and at most 1"),
                          s->gpu_util);

  if (s->flash_attn == FIT_TRISTATE_AUTO)
    {
      /* llama.cpp's -fa auto turns it on wherever the backend supports it;
       * Ollama leaves it off unless OLLAMA_FLASH_ATTENTION is set, but a
       * quantized V cache needs it, so it is on then. */
      if (s->runtime == FIT_RUNTIME_OLLAMA)
        s->flash_attn = fit_kv_type_is_quantized (s->kv_v) ? FIT_TRISTATE_ON : FIT_TRISTATE_OFF;
      else
        s->flash_attn = FIT_TRISTATE_ON;
    }

  if (fit_runtime_is_llamacpp (s->runtime) && fit_kv_type_is_quantized (s->kv_v) &&
      s->flash_attn == FIT_TRISTATE_OFF)
    return setting_error (error, FIT_ESTIMATE_ERROR_UNSUPPORTED,
                          _("A quantized V cache (%s) needs flash attention in %s; turn flash attention on or use an f16 V cache"),
                          fit_kv_type_id (s->kv_v), fit_runtime_label (s->runtime));

  if (s->n_batch == 0)
    s->n_batch = s->runtime == FIT_RUNTIME_OLLAMA ? 512 : 2048;
  if (s->n_ubatch == 0)
    s->n_ubatch = 512;
  if (s->n_batch > 1 << 20 || s->n_ubatch > 1 << 20)
    return setting_error (error, FIT_ESTIMATE_ERROR_INVALID_SETTING,
                          _("A batch size above %d is out of range"), 1 << 20);
  s->n_ubatch = MIN (s->n_ubatch, s->n_batch);

  if (s->gpu_layers < 0 || (guint32) s->gpu_layers > model->n_layers + 1)
    s->gpu_layers = model->n_layers + 1;

  if (s->max_num_seqs == 0)
    s->max_num_seqs = 256;
  if (s->max_batched_tokens == 0)
    s->max_batched_tokens = 8192;

  if (s->prompt_tokens == 0 || s->prompt_tokens > s->context)
    s->prompt_tokens = s->context;

  return TRUE;
}

static guint64
backend_reserve (const FitDevice   *device,
                 const FitSettings *s)
{
  /* What a GPU backend holds before the first buffer: the CUDA/HIP context
   * and the BLAS workspace. Ollama keeps its own fixed minimum of 457 MiB
   * free per CUDA/ROCm GPU (discover/gpu.go). */
  if (s->runtime == FIT_RUNTIME_OLLAMA && (device->vendor == FIT_VENDOR_NVIDIA || device->vendor == FIT_VENDOR_AMD))
    return 457 * FIT_MIB;

  switch (device->vendor)
    {
    case FIT_VENDOR_NVIDIA: return 384 * FIT_MIB;
    case FIT_VENDOR_AMD:    return 320 * FIT_MIB;
    case FIT_VENDOR_APPLE:  return 128 * FIT_MIB;
    case FIT_VENDOR_INTEL:
    case FIT_VENDOR_OTHER:
    case FIT_N_VENDORS:
    default:                return 256 * FIT_MIB;
    }
}

typedef struct
{
  guint64 full_per_cell;   /* bytes per KV cell, summed over full-attention layers */
  guint64 swa_per_cell;
  guint32 full_layers;
  guint32 swa_layers;
} KvLayout;

/* KV bytes per cell of the layers in [first, n_layers), split by kind. */
static void
kv_layout (const FitModel       *m,
           const FitWeightTable *tab,
           FitKvType             kt,
           FitKvType             vt,
           guint32               first,
           guint32               kv_heads,
           KvLayout             *out)
{
  guint64 k_layer, v_layer;

  if (m->kv_lora_rank > 0)
    {
      k_layer = fit_kv_type_bytes (kt, (guint64) m->kv_lora_rank + m->qk_rope_head_dim);
      v_layer = fit_kv_type_bytes (vt, m->kv_lora_rank);
    }
  else
    {
      k_layer = fit_kv_type_bytes (kt, (guint64) kv_heads * m->head_dim);
      v_layer = fit_kv_type_bytes (vt, (guint64) kv_heads * fit_model_v_head_dim (m));
    }

  first = MIN (first, m->n_layers);
  out->full_layers = tab->full_suffix[first];
  out->swa_layers = tab->swa_suffix[first];
  out->full_per_cell = (k_layer + v_layer) * out->full_layers;
  out->swa_per_cell = (k_layer + v_layer) * out->swa_layers;
}

static void
estimate_llamacpp (const FitModel    *m,
                   const FitDevice   *device,
                   const FitSettings *s,
                   FitEstimate       *e)
{
  const FitWeightTable *tab = fit_weights_table (m, s->weights);
  guint32 ngl = MIN ((guint32) s->gpu_layers, m->n_layers + 1);
  guint32 gpu_layers = MIN (ngl, m->n_layers);
  guint32 first_gpu = m->n_layers - gpu_layers;
  gboolean output_on_gpu = ngl > m->n_layers;
  guint64 n_seq = s->concurrency;
  guint64 n_ctx_total = fit_mul_sat (s->context, n_seq);
  guint64 n_ctx_seq, cells, swa_cells, n_kv;
  guint64 n_ub = MIN ((guint64) s->n_ubatch, MIN ((guint64) s->n_batch, fit_round_up (n_ctx_total, LLAMA_CTX_PAD)));
  guint64 weights_gpu = 0, weights_host, experts_gpu = 0;
  guint64 kv_gpu, kv_all, state_all, state_gpu;
  guint64 logits, hidden_buf, attn = 0, quant_extra = 0, compute_gpu, compute_host;
  guint32 n = s->gpu_count;
  KvLayout all, gpu;

  /* Weights: llama.cpp offloads the last ngl layers; the output layer goes
   * last (ngl = n_layer + 1). Token embeddings always stay in RAM; with
   * tied embeddings the GPU gets a copy of them as the output layer. */
  weights_gpu = tab->layer_suffix[first_gpu];
  experts_gpu = tab->expert_suffix[first_gpu];
  if (s->cpu_moe)
    weights_gpu -= experts_gpu;
  if (output_on_gpu)
    {
      guint64 out = tab->output ? tab->output : (m->tied_embeddings ? tab->token_embd : 0);

      weights_gpu = fit_add_sat (weights_gpu, fit_add_sat (out, tab->global_other));
    }
  weights_host = tab->total - tab->extra - weights_gpu;
  if (output_on_gpu && tab->output == 0 && m->tied_embeddings)
    weights_host = fit_add_sat (weights_host, tab->token_embd);

  /* KV: n_ctx is padded to 256 per sequence (or once with the unified
   * cache); sliding-window layers keep their own smaller cache. */
  if (s->kv_unified)
    {
      cells = fit_round_up (n_ctx_total, LLAMA_CTX_PAD);
      n_ctx_seq = cells;
      swa_cells = s->swa_full ? cells
                  : MIN (cells, fit_round_up (fit_add_sat (fit_mul_sat (m->sliding_window, n_seq), n_ub), LLAMA_CTX_PAD));
    }
  else
    {
      n_ctx_seq = fit_round_up (s->context, LLAMA_CTX_PAD);
      cells = fit_mul_sat (n_ctx_seq, n_seq);
      swa_cells = s->swa_full ? cells
                  : fit_mul_sat (MIN (n_ctx_seq, fit_round_up ((guint64) m->sliding_window + n_ub, LLAMA_CTX_PAD)), n_seq);
    }

  kv_layout (m, tab, s->kv_k, s->kv_v, 0, m->n_kv_heads, &all);
  kv_layout (m, tab, s->kv_k, s->kv_v, first_gpu, m->n_kv_heads, &gpu);
  kv_all = fit_add_sat (fit_mul_sat (all.full_per_cell, cells), fit_mul_sat (all.swa_per_cell, swa_cells));
  kv_gpu = fit_add_sat (fit_mul_sat (gpu.full_per_cell, cells), fit_mul_sat (gpu.swa_per_cell, swa_cells));

  /* Recurrent state: one slot per sequence, F32. */
  state_all = fit_mul_sat (m->state_bytes_per_seq, n_seq);
  state_gpu = m->n_state_layers ? fit_mul_sat (state_all / m->n_state_layers, tab->state_suffix[first_gpu]) : 0;

  /* Compute buffer: logits for every token of a micro-batch, a hidden-state
   * buffer, and without flash attention the f32 scores of every head over
   * one sequence's KV plus the mask. It does not grow with context when
   * flash attention is on. */
  n_kv = s->kv_unified ? cells : n_ctx_seq;
  logits = fit_mul_sat (fit_mul_sat (m->vocab_size, n_ub), 4);
  hidden_buf = fit_mul_sat (fit_mul_sat (m->hidden_size, n_ub), 4);
  if (s->flash_attn != FIT_TRISTATE_ON && all.full_layers + all.swa_layers > 0)
    {
      guint64 per_tok = fit_add_sat (fit_mul_sat (n_kv, ((guint64) m->n_heads + 1) * 4),
                                     (2 * (guint64) m->hidden_size + 3 * (guint64) m->n_heads * m->head_dim +
                                      2 * (guint64) m->n_kv_heads * m->head_dim) * 4);

      attn = fit_mul_sat (n_ub, per_tok);
    }
  if (fit_kv_type_is_quantized (s->kv_k) || fit_kv_type_is_quantized (s->kv_v))
    quant_extra = fit_mul_sat (fit_mul_sat ((guint64) m->n_heads * m->head_dim, n_ub), 4);

  compute_gpu = 0;
  compute_host = fit_add_sat (fit_mul_sat (fit_mul_sat (n_kv, n_ub), s->flash_attn == FIT_TRISTATE_ON ? 2 : 4), hidden_buf);
  compute_host = fit_add_sat (compute_host, fit_mul_sat ((guint64) m->vocab_size * 4, n_seq));  /* output buffer */
  if (gpu_layers > 0 || output_on_gpu)
    {
      guint64 fa_term = fit_add_sat (fit_add_sat (output_on_gpu ? logits : 0, hidden_buf), quant_extra);

      compute_gpu = MAX (fa_term, attn);
    }
  else
    compute_host = fit_add_sat (compute_host, MAX (fit_add_sat (logits, hidden_buf), attn));
  if (!output_on_gpu)
    compute_host = fit_add_sat (compute_host, logits);

  e->terms.n_ctx_total = n_ctx_total;
  e->terms.n_ctx_cells = n_ctx_seq;
  e->terms.swa_cells = swa_cells;
  e->terms.kv_full_bytes_per_cell = all.full_per_cell;
  e->terms.kv_swa_bytes_per_cell = all.swa_per_cell;
  e->terms.kv_bytes_per_token = all.full_per_cell + all.swa_per_cell;
  e->terms.state_bytes_per_seq = m->state_bytes_per_seq;
  e->terms.weights_gpu_layers = gpu_layers;
  e->terms.gpu_layers = ngl;
  e->terms.output_on_gpu = output_on_gpu;
  e->terms.activation_tokens = n_ub;
  e->terms.compute_logits = output_on_gpu ? logits : 0;
  e->terms.compute_attention = attn;
  e->terms.compute_other = hidden_buf + quant_extra;
  e->terms.reserve_per_gpu = backend_reserve (device, s);

  /* Layer split across GPUs: layers, KV and state divide; every GPU has a
   * compute buffer and a backend reserve; the last one also holds the
   * output layer and the logits. */
  e->gpu[FIT_COMPONENT_WEIGHTS] = weights_gpu;
  e->gpu[FIT_COMPONENT_KV_CACHE] = kv_gpu;
  e->gpu[FIT_COMPONENT_STATE] = state_gpu;
  e->gpu[FIT_COMPONENT_COMPUTE] = fit_add_sat (compute_gpu, fit_mul_sat (n - 1, MAX (hidden_buf + quant_extra, attn)));
  e->gpu[FIT_COMPONENT_OVERHEAD] = gpu_layers > 0 || output_on_gpu ? fit_mul_sat (e->terms.reserve_per_gpu, n) : 0;

  if (n > 1)
    {
      guint64 out = output_on_gpu ? (tab->output ? tab->output : (m->tied_embeddings ? tab->token_embd : 0)) : 0;

      e->per_gpu[FIT_COMPONENT_WEIGHTS] = fit_add_sat (fit_ceil_div (weights_gpu - out, n), out);
      e->per_gpu[FIT_COMPONENT_KV_CACHE] = fit_ceil_div (kv_gpu, n);
      e->per_gpu[FIT_COMPONENT_STATE] = fit_ceil_div (state_gpu, n);
      e->per_gpu[FIT_COMPONENT_COMPUTE] = compute_gpu;
      e->per_gpu[FIT_COMPONENT_OVERHEAD] = e->gpu[FIT_COMPONENT_OVERHEAD] / n;
    }
  else
    memcpy (e->per_gpu, e->gpu, sizeof e->gpu);

  e->host[FIT_COMPONENT_WEIGHTS] = weights_host;
  e->host[FIT_COMPONENT_KV_CACHE] = kv_all - kv_gpu;
  e->host[FIT_COMPONENT_STATE] = state_all - state_gpu;
  e->host[FIT_COMPONENT_COMPUTE] = compute_host;
  e->host[FIT_COMPONENT_OVERHEAD] = 0;
}

/* Bytes of the activations vLLM's profiling run peaks at, per GPU: the
 * hidden states, the QKV and MLP intermediates of max_num_batched_tokens
 * tokens, and the sampler's f32 logits for max_num_seqs sequences. */
static guint64
vllm_activation (const FitModel    *m,
                 const FitSettings *s,
                 guint32            tp)
{
  guint64 t = s->max_batched_tokens;
  guint64 h = m->hidden_size;
  guint64 ffn = m->intermediate_size;
  guint64 per_tok;
  guint64 qkv = ((guint64) m->n_heads + 2 * (guint64) m->n_kv_heads) * m->head_dim;

  if (m->n_moe_layers > 0)
    {
      guint64 moe = (guint64) m->experts_per_token * m->expert_intermediate_size +
                    (guint64) m->n_shared_experts * (m->shared_expert_intermediate_size ? m->shared_expert_intermediate_size
                                                                                           : m->expert_intermediate_size);
      ffn = MAX (ffn, moe);
      /* fused_moe keeps a copy of the hidden state per routed expert. */
      per_tok = (guint64) m->experts_per_token * h * 2;
    }
  else
    per_tok = 0;

  per_tok += 4 * h * 2 + qkv * 2 / tp + 3 * ffn * 2 / tp;
  return fit_add_sat (fit_mul_sat (t, per_tok), fit_mul_sat ((guint64) s->max_num_seqs * m->vocab_size, 4 * 2));
}

static void
estimate_vllm (const FitModel    *m,
               const FitDevice   *device,
               const FitSettings *s,
               FitEstimate       *e)
{
  const FitWeightTable *tab = fit_weights_table (m, s->weights);
  guint32 tp = s->gpu_count;
  guint32 kv_heads = m->n_kv_heads ? MAX (m->n_kv_heads / tp, 1) : 0;
  guint64 weights = fit_ceil_div (tab->total, tp);
  guint64 non_torch, act, kv_need, state, per_token, swa_tokens;
  guint64 capacity = fit_device_usable_bytes (device);
  guint64 budget;
  KvLayout kv;

  /* Tensor parallel splits every attention head group; when TP exceeds the
   * KV heads, each GPU still holds one (replicated) KV head. MLA's latent is
   * replicated on every GPU. */
  kv_layout (m, tab, s->kv_k, s->kv_v, 0, kv_heads, &kv);
  per_token = kv.full_per_cell + kv.swa_per_cell;

  /* Sliding-window layers only keep window + one block per sequence. */
  swa_tokens = MIN (s->context, (guint64) m->sliding_window + VLLM_BLOCK_TOKENS);
  kv_need = fit_add_sat (fit_mul_sat (fit_mul_sat (kv.full_per_cell, fit_round_up (s->context, VLLM_BLOCK_TOKENS)), s->concurrency),
                         fit_mul_sat (fit_mul_sat (kv.swa_per_cell, fit_round_up (swa_tokens, VLLM_BLOCK_TOKENS)), s->concurrency));
  state = fit_mul_sat (fit_ceil_div (m->state_bytes_per_seq, tp), s->concurrency);

  /* Non-torch memory as vLLM measures it while profiling: the cuBLAS and
   * NCCL workspaces, and with tensor parallelism NCCL's and the custom
   * all-reduce buffers. CUDA graphs are captured after the KV cache is
   * sized, out of the (1 - utilization) slack, so they are not counted. */
  non_torch = 717 * FIT_MIB + (tp > 1 ? 2970 * FIT_MIB : 0);
  act = vllm_activation (m, s, tp);

  budget = (guint64) (capacity * s->gpu_util);
  {
    guint64 used = fit_add_sat (fit_add_sat (weights, non_torch), act);
    guint64 pool = budget > used ? budget - used : 0;
    guint64 cost = kv.full_per_cell + (kv.swa_per_cell && s->context ? kv.swa_per_cell * MIN (1.0, (double) swa_tokens / s->context) : 0);

    e->terms.vllm_kv_pool = pool;
    e->kv_capacity_tokens = cost ? (pool / (cost * VLLM_BLOCK_TOKENS)) * VLLM_BLOCK_TOKENS : 0;
  }

  e->terms.vllm_kv_per_token = per_token;
  e->terms.kv_bytes_per_token = per_token;
  e->terms.kv_full_bytes_per_cell = kv.full_per_cell;
  e->terms.kv_swa_bytes_per_cell = kv.swa_per_cell;
  e->terms.n_ctx_cells = fit_round_up (s->context, VLLM_BLOCK_TOKENS);
  e->terms.swa_cells = swa_tokens;
  e->terms.tp_kv_heads = kv_heads;
  e->terms.activation_tokens = s->max_batched_tokens;
  e->terms.reserve_per_gpu = non_torch;
  e->terms.state_bytes_per_seq = m->state_bytes_per_seq;

  e->per_gpu[FIT_COMPONENT_WEIGHTS] = weights;
  e->per_gpu[FIT_COMPONENT_KV_CACHE] = kv_need;
  e->per_gpu[FIT_COMPONENT_STATE] = state;
  e->per_gpu[FIT_COMPONENT_COMPUTE] = act;
  e->per_gpu[FIT_COMPONENT_OVERHEAD] = non_torch;
  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    e->gpu[c] = fit_mul_sat (e->per_gpu[c], tp);
}

static void
estimate_transformers (const FitModel    *m,
                       const FitDevice   *device,
                       const FitSettings *s,
                       FitEstimate       *e)
{
  const FitWeightTable *tab = fit_weights_table (m, s->weights);
  guint32 n = s->gpu_count;
  guint64 b = s->concurrency;
  guint64 p = s->prompt_tokens;
  guint64 ffn = m->intermediate_size;
  guint64 weights, kv, state, act, allocated, swa_tokens;
  KvLayout kv_l;

  weights = tab->total;
  kv_layout (m, tab, s->kv_k, s->kv_v, 0, m->n_kv_heads, &kv_l);

  /* DynamicCache holds every token; sliding layers keep their window. */
  swa_tokens = MIN (s->context, (guint64) m->sliding_window);
  kv = fit_mul_sat (fit_add_sat (fit_mul_sat (kv_l.full_per_cell, s->context), fit_mul_sat (kv_l.swa_per_cell, swa_tokens)), b);
  state = fit_mul_sat (m->state_bytes_per_seq, b);

  /* Prefill peak: in the MLP, gate, up and their product (3 × ffn) plus
   * about four hidden-sized buffers (residual, norm output, attention
   * output, RoPE copies), bf16, for the whole prompt; logits are f32 and
   * kept for the last position only. Eager attention adds the scores. */
  if (m->n_moe_layers > 0)
    ffn = MAX (ffn, (guint64) m->experts_per_token * m->expert_intermediate_size);
  act = fit_mul_sat (fit_mul_sat (p, b), (3 * ffn + 4 * (guint64) m->hidden_size) * 2);
  act = fit_add_sat (act, fit_mul_sat (b * m->vocab_size, 4 * 2));
  if (s->flash_attn == FIT_TRISTATE_OFF)
    act = fit_add_sat (act, fit_mul_sat (fit_mul_sat (fit_mul_sat (p, p), b * m->n_heads), 2 * 2));

  /* AutoAWQ checkpoints of tied-embedding models carry an untied F16
   * lm_head that is loaded before the weights are tied again: a one-off
   * peak that the short-prompt runs show and long prompts hide. */
  if (s->weights == FIT_WEIGHTS_AWQ_INT4 && m->tied_embeddings)
    act = MAX (act, fit_mul_sat ((guint64) m->vocab_size * m->hidden_size, 2));

  allocated = fit_add_sat (fit_add_sat (weights, kv), fit_add_sat (state, act));

  e->terms.kv_bytes_per_token = kv_l.full_per_cell + kv_l.swa_per_cell;
  e->terms.kv_full_bytes_per_cell = kv_l.full_per_cell;
  e->terms.kv_swa_bytes_per_cell = kv_l.swa_per_cell;
  e->terms.n_ctx_cells = s->context;
  e->terms.swa_cells = swa_tokens;
  e->terms.activation_tokens = p;
  e->terms.state_bytes_per_seq = m->state_bytes_per_seq;
  /* nvidia-smi shows the CUDA context and the caching allocator's unused
   * reserve on top of torch.cuda.max_memory_allocated. */
  e->terms.reserve_per_gpu = 500 * FIT_MIB + allocated / n / 20;

  e->gpu[FIT_COMPONENT_WEIGHTS] = weights;
  e->gpu[FIT_COMPONENT_KV_CACHE] = kv;
  e->gpu[FIT_COMPONENT_STATE] = state;
  /* With device_map="auto" each GPU runs its own layers on the whole
   * prompt, so each reaches the activation peak once. */
  e->gpu[FIT_COMPONENT_COMPUTE] = fit_mul_sat (act, n);
  e->gpu[FIT_COMPONENT_OVERHEAD] = fit_mul_sat (e->terms.reserve_per_gpu, n);

  /* device_map="auto" fills GPUs layer by layer; the busiest one holds
   * its share of layers plus the activations. */
  e->per_gpu[FIT_COMPONENT_WEIGHTS] = fit_ceil_div (weights, n);
  e->per_gpu[FIT_COMPONENT_KV_CACHE] = fit_ceil_div (kv, n);
  e->per_gpu[FIT_COMPONENT_STATE] = fit_ceil_div (state, n);
  e->per_gpu[FIT_COMPONENT_COMPUTE] = act;
  e->per_gpu[FIT_COMPONENT_OVERHEAD] = e->terms.reserve_per_gpu;
}

/**
 * fit_estimate_memory:
 *
 * The memory terms, budget and verdict for resolved @settings. No
 * allocation and no solvers: this is the inner loop of every solver and of
 * the "which GPUs fit" sweep.
 */
void
fit_estimate_memory (const FitModel    *model,
                     const FitDevice   *device,
                     const FitSettings *settings,
                     FitEstimate       *e)
{
  guint64 capacity, other = 0, budget, sum = 0, per_gpu_sum = 0, host = 0;
  gint64 per_gpu_headroom;

  g_return_if_fail (model != NULL);
  g_return_if_fail (device != NULL);
  g_return_if_fail (settings != NULL);
  g_return_if_fail (e != NULL);

  memset (e, 0, sizeof *e);
  e->settings = *settings;

  switch (settings->runtime)
    {
    case FIT_RUNTIME_LLAMACPP:
    case FIT_RUNTIME_OLLAMA:
      estimate_llamacpp (model, device, settings, e);
      break;
    case FIT_RUNTIME_VLLM:
      estimate_vllm (model, device, settings, e);
      break;
    case FIT_RUNTIME_TRANSFORMERS:
      estimate_transformers (model, device, settings, e);
      break;
    case FIT_N_RUNTIMES:
    default:
      g_return_if_reached ();
    }

  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      sum = fit_add_sat (sum, e->gpu[c]);
      per_gpu_sum = fit_add_sat (per_gpu_sum, e->per_gpu[c]);
      host = fit_add_sat (host, e->host[c]);
    }

  capacity = fit_device_usable_bytes (device);
  if (device->detected && device->used_known && settings->budget_basis == FIT_BUDGET_FREE)
    other = MIN (device->used_bytes, capacity);

  budget = capacity - other;
  if (settings->runtime == FIT_RUNTIME_VLLM)
    budget = MIN (budget, (guint64) (capacity * settings->gpu_util));

  e->total_bytes = sum;
  e->per_gpu_total = per_gpu_sum;
  e->host_bytes = host;
  e->capacity_bytes = capacity;
  e->other_used_bytes = other;
  e->per_gpu_budget = budget;
  e->budget_bytes = fit_mul_sat (budget, settings->gpu_count);

  /* The busiest GPU decides; headroom is that GPU's, over all GPUs. */
  per_gpu_headroom = (gint64) MIN (budget, (guint64) G_MAXINT64) - (gint64) MIN (per_gpu_sum, (guint64) G_MAXINT64);
  if (settings->gpu_count == 1)
    e->headroom_bytes = per_gpu_headroom;
  else if (per_gpu_headroom >= 0)
    e->headroom_bytes = (gint64) MIN ((guint64) per_gpu_headroom * settings->gpu_count, (guint64) G_MAXINT64);
  else
    e->headroom_bytes = (gint64) MAX ((double) per_gpu_headroom * settings->gpu_count, (double) G_MININT64);

  if (per_gpu_sum == G_MAXUINT64 || per_gpu_headroom < 0)
    e->verdict = FIT_VERDICT_DOES_NOT_FIT;
  else if ((guint64) per_gpu_headroom < budget * TIGHT_SHARE)
    e->verdict = FIT_VERDICT_TIGHT;
  else
    e->verdict = FIT_VERDICT_FITS;
}

static void
estimate_speed (const FitModel  *m,
                const FitDevice *d,
                FitEstimate     *e)
{
  const FitSettings *s = &e->settings;
  const FitWeightTable *tab = fit_weights_table (m, s->weights);
  double bw = d->bandwidth_gbps * 1e9;
  double host_bw = 60e9;   /* dual-channel DDR5, for layers left in RAM */
  double active = tab->active_per_token;
  double host_share = 0.0;
  double kv_read, step_low, step_high, flops, tflops;

  if (fit_runtime_is_llamacpp (s->runtime) && m->n_layers > 0)
    host_share = 1.0 - (double) MIN ((guint32) s->gpu_layers, m->n_layers) / m->n_layers;

  /* Each step reads the active weights once and every sequence's KV. */
  kv_read = (double) e->terms.kv_bytes_per_token * s->context * s->concurrency;
  if (s->runtime == FIT_RUNTIME_VLLM && s->gpu_count > 1)
    bw *= s->gpu_count;

  if (bw > 0)
    {
      double gpu_bytes = active * (1.0 - host_share) + kv_read * (1.0 - host_share);
      double host_bytes = (active + kv_read) * host_share;

      step_low = gpu_bytes / (bw * 0.5) + host_bytes / (host_bw * 0.5);
      step_high = gpu_bytes / (bw * 0.8) + host_bytes / (host_bw * 0.8);
      e->decode_low = step_low > 0 ? 1.0 / step_low : 0;
      e->decode_high = step_high > 0 ? 1.0 / step_high : 0;
    }

  /* Prefill is compute-bound: 2 FLOPs per active parameter per token plus
   * the attention over half the context on average. */
  tflops = d->tflops_fp16 > 0 ? d->tflops_fp16 : d->tflops_fp32;
  if (s->runtime == FIT_RUNTIME_VLLM && s->gpu_count > 1)
    tflops *= s->gpu_count;
  flops = 2.0 * (double) m->params_active +
          2.0 * (m->n_full_layers + m->n_swa_layers) * (double) s->context * m->n_heads * m->head_dim;
  if (tflops > 0 && flops > 0)
    {
      e->prefill_low = tflops * 1e12 * 0.3 / flops * (1.0 - host_share * 0.9);
      e->prefill_high = tflops * 1e12 * 0.6 / flops * (1.0 - host_share * 0.9);
    }
}

gboolean
fit_estimate (const FitModel    *model,
              const FitDevice   *device,
              const FitSettings *settings,
              FitEstimate       *out,
              GError           **error)
{
  FitSettings s;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (device != NULL, FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  s = *settings;
  if (!fit_settings_resolve (&s, model, error))
    return FALSE;

  fit_estimate_memory (model, device, &s, out);
  out->max_context = fit_solve_max_context (model, device, &s);
  out->max_concurrency = fit_solve_max_concurrency (model, device, &s);
  estimate_speed (model, device, out);

  return TRUE;
}
