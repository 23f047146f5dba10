/* fit-estimate-text.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-estimate"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-estimate.h"
#include "fit-units.h"
#include "fit-weights.h"

/* The formula of each term with its numbers, so that a report can be
 * checked by hand. Kept apart from fit-estimate.c: the estimate itself
 * must not allocate. */

static const char *
kv_bytes_label (FitKvType t)
{
  switch (t)
    {
    case FIT_KV_F32:  return "4 B";
    case FIT_KV_F16:
    case FIT_KV_BF16: return "2 B";
    case FIT_KV_FP8:  return "1 B";
    case FIT_KV_Q8_0: return "34/32 B";
    case FIT_KV_Q5_1: return "24/32 B";
    case FIT_KV_Q4_0: return "18/32 B";
    case FIT_N_KV_TYPES:
    default:          return "?";
    }
}

static char *
fmt_b (guint64 bytes)
{
  return fit_format_bytes (bytes);
}

static char *
fmt_n (guint64 n)
{
  return fit_format_count (n);
}

static void
append_kv (GString           *s,
           const FitModel    *m,
           const FitEstimate *e,
           guint64            value)
{
  const FitSettings *st = &e->settings;
  g_autofree char *v = fmt_b (value);
  g_autofree char *cells = fmt_n (e->terms.n_ctx_cells);
  g_autofree char *swa = fmt_n (e->terms.swa_cells);
  guint32 kvh = st->runtime == FIT_RUNTIME_VLLM ? e->terms.tp_kv_heads : m->n_kv_heads;

  if (m->kv_lora_rank > 0)
    g_string_append_printf (s, _("%u MLA layers × %s cells × (%u latent + %u rope) × %s K + %u × %s V"),
                            m->n_full_layers, cells, m->kv_lora_rank, m->qk_rope_head_dim,
                            kv_bytes_label (st->kv_k), m->kv_lora_rank, kv_bytes_label (st->kv_v));
  else
    g_string_append_printf (s, _("%u full-attention layers × %s cells × %u KV heads × %u head_dim × (%s K + %s V)"),
                            m->n_full_layers, cells, kvh, m->head_dim,
                            kv_bytes_label (st->kv_k), kv_bytes_label (st->kv_v));
  if (m->n_swa_layers > 0)
    g_string_append_printf (s, _(" + %u sliding-window layers × %s cells (window %u)"),
                            m->n_swa_layers, swa, m->sliding_window);
  if (st->concurrency > 1)
    g_string_append_printf (s, _(", for %u sequences"), st->concurrency);
  g_string_append_printf (s, " = %s", v);
}

/**
 * fit_estimate_formula:
 *
 * Returns the formula of @component (on the GPUs, or on the host when
 * @host is set) with the numbers of @est filled in.
 */
char *
fit_estimate_formula (const FitModel    *m,
                      const FitEstimate *e,
                      FitComponent       component,
                      gboolean           host)
{
  const FitSettings *st = &e->settings;
  GString *s = g_string_new (NULL);
  guint64 value = host ? e->host[component] : e->gpu[component];
  g_autofree char *v = fmt_b (value);

  g_return_val_if_fail (m != NULL && e != NULL, NULL);
  g_return_val_if_fail (component < FIT_N_COMPONENTS, NULL);

  switch (component)
    {
    case FIT_COMPONENT_WEIGHTS:
      {
        const FitWeightTable *tab = fit_weights_table (m, st->weights);
        g_autofree char *params = fit_format_params (m->params_total);
        g_autofree char *emb = fmt_b (tab->token_embd);

        if (fit_runtime_is_llamacpp (st->runtime) && !host)
          g_string_append_printf (s, _("%s tensors, type by type: %u of %u layers on the GPU%s%s = %s"),
                                  fit_weight_format_label (st->weights), MIN (e->terms.gpu_layers, m->n_layers),
                                  m->n_layers, e->terms.output_on_gpu ? _(" + output layer") : "",
                                  st->gpu_count > 1 ? _(", split across the GPUs") : "", v);
        else if (fit_runtime_is_llamacpp (st->runtime))
          g_string_append_printf (s, _("token embeddings (%s) kept in RAM + layers not offloaded = %s"), emb, v);
        else if (st->runtime == FIT_RUNTIME_VLLM && st->gpu_count > 1)
          g_string_append_printf (s, _("%s parameters in %s, tensor by tensor, ÷ %u GPUs (tensor parallel) × %u = %s"),
                                  params, fit_weight_format_label (st->weights), st->gpu_count, st->gpu_count, v);
        else
          g_string_append_printf (s, _("%s parameters in %s, tensor by tensor (embeddings and norms at 16 bits) = %s"),
                                  params, fit_weight_format_label (st->weights), v);
      }
      break;

    case FIT_COMPONENT_KV_CACHE:
      if (host && value == 0)
        g_string_append_printf (s, _("no KV cache in RAM = %s"), v);
      else if (st->runtime == FIT_RUNTIME_VLLM)
        {
          g_autofree char *pool = fmt_b (e->terms.vllm_kv_pool);
          g_autofree char *cap = fmt_n (e->kv_capacity_tokens);

          append_kv (s, m, e, value);
          g_string_append_printf (s, _(" (per GPU; the KV pool of %s holds %s tokens)"), pool, cap);
        }
      else
        {
          append_kv (s, m, e, value);
          if (host)
            g_string_append (s, _(" (layers kept in RAM)"));
        }
      break;

    case FIT_COMPONENT_STATE:
      {
        g_autofree char *per = fmt_b (e->terms.state_bytes_per_seq);

        if (m->n_state_layers == 0)
          g_string_append_printf (s, _("no recurrent layers = %s"), v);
        else
          g_string_append_printf (s, _("%u recurrent layers: conv + SSM state in F32, %s per sequence × %u sequences = %s"),
                                  m->n_state_layers, per, st->concurrency, v);
      }
      break;

    case FIT_COMPONENT_COMPUTE:
      if (fit_runtime_is_llamacpp (st->runtime))
        {
          g_autofree char *ub = fmt_n (e->terms.activation_tokens);
          g_autofree char *vocab = fmt_n (m->vocab_size);
          g_autofree char *cells = fmt_n (e->terms.n_ctx_cells);

          if (host)
            g_string_append_printf (s, _("KQ mask (%s cells × %s ubatch) + hidden buffer + output buffer (%s vocab × 4 B × %u) = %s"),
                                    cells, ub, vocab,
                                    st->concurrency, v);
          else if (e->terms.compute_attention > e->terms.compute_logits + e->terms.compute_other)
            g_string_append_printf (s, _("no flash attention: %s ubatch × [%s KV × (%u heads + 1) × 4 B + hidden buffers] = %s"),
                                    ub, cells, m->n_heads, v);
          else
            g_string_append_printf (s, _("logits %s vocab × %s ubatch × 4 B + hidden %u × %s ubatch × 4 B = %s"),
                                    vocab, ub, m->hidden_size, ub, v);
        }
      else if (st->runtime == FIT_RUNTIME_VLLM)
        {
          g_autofree char *toks = fmt_n (e->terms.activation_tokens);
          g_autofree char *vocab = fmt_n (m->vocab_size);

          g_string_append_printf (s, _("profiling peak: %s batched tokens × (hidden, QKV and MLP activations) + sampler logits for %u sequences × %s vocab × 4 B × 2 = %s"),
                                  toks, st->max_num_seqs, vocab, v);
        }
      else
        {
          g_autofree char *toks = fmt_n (e->terms.activation_tokens);

          g_string_append_printf (s, _("prefill peak: %s prompt tokens × %u sequences × (3 × FFN %u + 4 × hidden %u) × 2 B + last-position logits = %s"),
                                toks, st->concurrency,
                                m->n_moe_layers ? m->experts_per_token * m->expert_intermediate_size : m->intermediate_size,
                                m->hidden_size, v);
        }
      break;

    case FIT_COMPONENT_OVERHEAD:
      {
        g_autofree char *r = fmt_b (e->terms.reserve_per_gpu);

        if (host)
          g_string_append_printf (s, _("nothing reserved in RAM = %s"), v);
        else if (st->runtime == FIT_RUNTIME_VLLM)
          g_string_append_printf (s, _("non-torch memory (cuBLAS and NCCL workspaces) %s per GPU × %u = %s"),
                                  r, st->gpu_count, v);
        else if (st->runtime == FIT_RUNTIME_TRANSFORMERS)
          g_string_append_printf (s, _("CUDA context 500 MiB + caching-allocator reserve (5%% of allocated) = %s per GPU × %u = %s"),
                                  r, st->gpu_count, v);
        else if (st->runtime == FIT_RUNTIME_OLLAMA && e->terms.reserve_per_gpu == 457 * FIT_MIB)
          g_string_append_printf (s, _("Ollama’s minimum free memory %s per GPU × %u = %s"), r, st->gpu_count, v);
        else
          g_string_append_printf (s, _("backend context and BLAS workspace %s per GPU × %u = %s"), r, st->gpu_count, v);
      }
      break;

    case FIT_N_COMPONENTS:
    default:
      g_assert_not_reached ();
    }

  return g_string_free (s, FALSE);
}

char *
fit_estimate_assumptions (const FitEstimate *e)
{
  GString *s = g_string_new (NULL);

  g_return_val_if_fail (e != NULL, NULL);

  g_string_append (s, _("Sizes are IEC units (1 GiB = 1024³ bytes). "));
  /* xgettext:no-c-format */
  g_string_append (s, _("Decode speed assumes each step reads the active weights and every sequence’s KV cache once, at 50–80% of the memory bandwidth (60 GB/s for layers left in system RAM); it is per sequence. "));
  /* xgettext:no-c-format */
  g_string_append (s, _("Prefill speed assumes 30–60% of the dense FP16 tensor throughput, 2 FLOPs per active parameter per token plus attention. "));

  switch (e->settings.runtime)
    {
    case FIT_RUNTIME_LLAMACPP:
      g_string_append (s, _("llama.cpp: context padded to 256 cells per sequence, token embeddings in system RAM, the output layer on the last GPU, a compute buffer per GPU and a backend reserve for the CUDA/HIP context."));
      break;
    case FIT_RUNTIME_OLLAMA:
      g_string_append (s, _("Ollama: llama.cpp with Ollama’s defaults (num_ctx 4096, num_batch 512, flash attention off unless enabled) and its 457 MiB minimum free memory per GPU."));
      break;
    case FIT_RUNTIME_VLLM:
      g_string_append (s, _("vLLM: the budget is total × gpu_memory_utilization; weights, non-torch memory and the profiling run’s activation peak come first, the rest becomes KV cache in 16-token blocks. CUDA graphs are captured afterwards from the memory left outside the budget and are not counted."));
      break;
    case FIT_RUNTIME_TRANSFORMERS:
      g_string_append (s, _("Transformers: weights + dynamic KV cache + the prefill activation peak is what torch.cuda.max_memory_allocated reports; the runtime reserve is the CUDA context and the caching allocator’s slack."));
      break;
    case FIT_N_RUNTIMES:
    default:
      break;
    }

  return g_string_free (s, FALSE);
}
