/* test-estimate.c — the estimator against hand calculations.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fit-estimate.h"
#include "fit-fixes.h"
#include "fit-solve.h"
#include "fit-units.h"
#include "fit-weights.h"
#include "fit-test-models.h"

static void
test_params_qwen (void)
{
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();

  /* The official counts: 494,032,768 in total, 0.36B without embeddings. */
  g_assert_cmpuint (m->params_total, ==, 494032768);
  g_assert_cmpuint (m->params_total - m->params_embedding, ==, 357898112);
  g_assert_cmpuint (m->params_active, ==, m->params_total);
}

static void
test_params_dense (void)
{
  g_autoptr(FitModel) llama = fit_test_llama31_8b ();
  g_autoptr(FitModel) qwen7 = fit_test_model_dense ("qwen2.5-7b", 28, 3584, 18944, 28, 4, 128, 152064,
                                                    FALSE, TRUE, 32768);
  g_autoptr(FitModel) mistral = fit_test_model_dense ("mistral-7b-v0.3", 32, 4096, 14336, 32, 8, 128, 32768,
                                                      FALSE, FALSE, 32768);

  g_assert_cmpuint (llama->params_total, ==, G_GUINT64_CONSTANT (8030261248));
  g_assert_cmpuint (qwen7->params_total, ==, G_GUINT64_CONSTANT (7615616512));
  g_assert_cmpuint (mistral->params_total, ==, G_GUINT64_CONSTANT (7248023552));
}

static FitModel *
mixtral (void)
{
  FitModel *m = fit_test_model_dense ("mixtral", 32, 4096, 14336, 32, 8, 128, 32000, FALSE, FALSE, 32768);
  g_autoptr(GError) error = NULL;

  m->n_experts = 8;
  m->experts_per_token = 2;
  m->expert_intermediate_size = 14336;
  m->intermediate_size = 0;
  g_assert_true (fit_model_finalize (m, &error));
  return m;
}

static FitModel *
deepseek_v3 (void)
{
  FitModel *m = fit_model_new ();
  g_autoptr(GError) error = NULL;

  m->id = g_strdup ("deepseek-v3");
  m->n_layers = 61;
  m->hidden_size = 7168;
  m->intermediate_size = 18432;
  m->n_heads = 128;
  m->n_kv_heads = 128;
  m->head_dim = 192;
  m->v_head_dim = 128;
  m->vocab_size = 129280;
  m->kv_lora_rank = 512;
  m->q_lora_rank = 1536;
  m->qk_rope_head_dim = 64;
  m->qk_nope_head_dim = 128;
  m->n_experts = 256;
  m->experts_per_token = 8;
  m->n_shared_experts = 1;
  m->expert_intermediate_size = 2048;
  m->first_dense_layers = 3;
  m->context_window = 131072;
  g_assert_true (fit_model_finalize (m, &error));
  g_assert_no_error (error);
  return m;
}

static void
test_params_moe (void)
{
  g_autoptr(FitModel) mx = mixtral ();
  g_autoptr(FitModel) ds = deepseek_v3 ();

  g_assert_cmpuint (mx->params_total, ==, G_GUINT64_CONSTANT (46702792704));
  /* Active: 12.88B, as stated by Mistral (two experts of eight). */
  g_assert_cmpfloat (fabs (mx->params_active / 1e9 - 12.88), <, 0.01);
  /* DeepSeek-V3: 671B total, 37B active, without the MTP module. */
  g_assert_cmpfloat (fabs (ds->params_total / 1e9 - 671.0), <, 671.0 * 0.005);
  g_assert_cmpfloat (fabs (ds->params_active / 1e9 - 37.4), <, 37.4 * 0.02);
  /* MLA caches 512 + 64 per layer for K and 512 for V. */
  g_assert_cmpuint (ds->kv_k_elems_per_token, ==, 61 * 576);
  g_assert_cmpuint (ds->kv_v_elems_per_token, ==, 61 * 512);
}

/* The GGUF recipes, byte for byte: hand-computed from llama-quantize's
 * rules and equal to the tensor bytes of real files (942.43 MiB F16,
 * 373.71 MiB Q4_K_M, … for Qwen2.5-0.5B). */
static void
test_gguf_recipes (void)
{
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();
  struct { FitWeightFormat f; guint64 bytes; } cases[] = {
    { FIT_WEIGHTS_GGUF_F16,    988208640 },
    { FIT_WEIGHTS_GGUF_Q8_0,   525120000 },
    { FIT_WEIGHTS_GGUF_Q6_K,   499788288 },
    { FIT_WEIGHTS_GGUF_Q5_K_M, 414137856 },
    { FIT_WEIGHTS_GGUF_Q4_K_M, 391859712 },
    { FIT_WEIGHTS_GGUF_Q4_0,   346206720 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const FitWeightTable *t = fit_weights_table (m, cases[i].f);

      g_test_message ("%s: %" G_GUINT64_FORMAT, fit_weight_format_id (cases[i].f), t->total);
      g_assert_cmpuint (t->total, ==, cases[i].bytes);
    }
}

static void
test_gguf_types (void)
{
  g_autoptr(FitModel) llama = fit_test_llama31_8b ();
  FitTensor out = { FIT_TENSOR_OUTPUT, -1, 4096, 128256, 1, FALSE };
  FitTensor down0 = { FIT_TENSOR_FFN_DOWN, 0, 14336, 4096, 1, FALSE };
  FitTensor down10 = { FIT_TENSOR_FFN_DOWN, 10, 14336, 4096, 1, FALSE };
  FitTensor v = { FIT_TENSOR_ATTN_V, 0, 4096, 1024, 1, FALSE };
  FitTensor q = { FIT_TENSOR_ATTN_Q, 0, 4096, 4096, 1, FALSE };

  /* Q4_K_M keeps the output in Q6_K and gives some attn_v/ffn_down more bits. */
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q4_K_M, &out, 0), ==, FIT_GGML_Q6_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q4_K_M, &down0, 0), ==, FIT_GGML_Q6_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q4_K_M, &down10, 0), ==, FIT_GGML_Q4_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q4_K_M, &v, 0), ==, FIT_GGML_Q6_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q4_K_M, &v, 10), ==, FIT_GGML_Q4_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q4_K_M, &q, 0), ==, FIT_GGML_Q4_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q4_K_S, &v, 0), ==, FIT_GGML_Q5_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q2_K, &v, 0), ==, FIT_GGML_Q4_K);
  g_assert_cmpint (fit_weights_gguf_type (llama, FIT_WEIGHTS_GGUF_Q8_0, &out, 0), ==, FIT_GGML_Q8_0);
}

static void
test_hf_formats (void)
{
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();
  const FitWeightTable *bf16 = fit_weights_table (m, FIT_WEIGHTS_BF16);
  const FitWeightTable *gptq = fit_weights_table (m, FIT_WEIGHTS_GPTQ_INT4);
  const FitWeightTable *awq = fit_weights_table (m, FIT_WEIGHTS_AWQ_INT4);
  const FitWeightTable *nf4 = fit_weights_table (m, FIT_WEIGHTS_BNB_NF4);
  guint64 linear = 357826560;  /* weights of the 24 layers' matrices */
  guint64 small = 70656 + 896; /* norms and biases */

  g_assert_cmpuint (bf16->total, ==, m->params_total * 2);
  /* GPTQ int4, group 128: 4-bit weights, 4-bit zeros and F16 scales per
   * group and output, int32 g_idx per input; embeddings stay 16-bit. */
  g_assert_cmpuint (gptq->token_embd, ==, G_GUINT64_CONSTANT (136134656) * 2);
  g_assert_cmpuint (gptq->total, >, linear / 2 + 136134656 * 2 + small * 2);
  g_assert_cmpuint (gptq->total, <, linear * 53 / 100 + 136134656 * 2 + small * 2 + 2000000);
  g_assert_cmpuint (awq->total, <, gptq->total);
  /* NF4: 0.5 B per weight plus a 4-byte absmax per 64 weights. */
  g_assert_cmpuint (nf4->total, ==, linear / 2 + linear / 16 + 136134656 * 2 + small * 2);
}

static FitSettings
llama_settings (guint64 ctx,
                guint32 n_seq)
{
  FitSettings s;

  fit_settings_init (&s);
  s.runtime = FIT_RUNTIME_LLAMACPP;
  s.weights = FIT_WEIGHTS_GGUF_F16;
  s.weights_set = TRUE;
  s.context = ctx;
  s.concurrency = n_seq;
  return s;
}

static void
test_llamacpp_components (void)
{
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();
  g_autoptr(FitDevice) d = fit_test_device ("test", FIT_VENDOR_NVIDIA, 8 * FIT_GIB, 272, 22);
  g_autoptr(GError) error = NULL;
  FitSettings s = llama_settings (4096, 1);
  FitEstimate e;
  guint64 sum = 0;

  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_no_error (error);

  /* Whole file on the GPU (tied: the output layer is a copy of the token
   * embeddings, which themselves stay in RAM). */
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_WEIGHTS], ==, 988208640);
  g_assert_cmpuint (e.host[FIT_COMPONENT_WEIGHTS], ==, G_GUINT64_CONSTANT (136134656) * 2);
  /* 24 layers × 4096 cells × 2 heads × 64 × (2 + 2) B = 48 MiB. */
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_KV_CACHE], ==, 48 * FIT_MIB);
  /* Flash attention: logits 151936 × 512 × 4 + hidden 896 × 512 × 4. */
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_COMPUTE], ==, 311164928 + 1835008);
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_OVERHEAD], ==, 384 * FIT_MIB);
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_STATE], ==, 0);

  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    sum += e.gpu[c];
  g_assert_cmpuint (e.total_bytes, ==, sum);
  g_assert_cmpint (e.headroom_bytes, ==, (gint64) e.budget_bytes - (gint64) e.total_bytes);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_FITS);

  /* Four sequences of 128 tokens still get 256 cells each. */
  s = llama_settings (128, 4);
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_KV_CACHE], ==, 12 * FIT_MIB);

  /* q8_0 K and V: 34 bytes per 32 elements. */
  s = llama_settings (4096, 1);
  s.kv_k = s.kv_v = FIT_KV_Q8_0;
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_KV_CACHE], ==, 25 * FIT_MIB + FIT_MIB / 2);
}

static void
test_llamacpp_offload (void)
{
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();
  g_autoptr(FitDevice) d = fit_test_device ("test", FIT_VENDOR_NVIDIA, 8 * FIT_GIB, 272, 22);
  g_autoptr(GError) error = NULL;
  const FitWeightTable *t = fit_weights_table (m, FIT_WEIGHTS_GGUF_F16);
  FitSettings s = llama_settings (4096, 1);
  FitEstimate e;

  s.gpu_layers = 12;
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_no_error (error);
  /* The last 12 layers go to the GPU; output stays in RAM. */
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_WEIGHTS], ==, t->layer_suffix[12]);
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_WEIGHTS] + e.host[FIT_COMPONENT_WEIGHTS], ==, t->total);
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_KV_CACHE], ==, 24 * FIT_MIB);
  g_assert_cmpuint (e.host[FIT_COMPONENT_KV_CACHE], ==, 24 * FIT_MIB);

  s.gpu_layers = 0;
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_WEIGHTS], ==, 0);
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_KV_CACHE], ==, 0);
}

static void
test_sliding_window (void)
{
  FitModel *m = fit_test_model_dense ("gemma-2-9b-like", 42, 3584, 14336, 16, 8, 256, 256000, TRUE, FALSE, 8192);
  g_autoptr(FitDevice) d = fit_test_device ("test", FIT_VENDOR_NVIDIA, 24 * FIT_GIB, 1000, 100);
  g_autoptr(GError) error = NULL;
  FitSettings s = llama_settings (8192, 1);
  FitEstimate e;
  guint64 per_cell_layer = 8 * 256 * 2 * 2;

  g_free (m->layer_pattern);
  m->layer_pattern = g_strdup ("SF");
  m->sliding_window = 4096;
  g_assert_true (fit_model_finalize (m, &error));
  g_assert_cmpuint (m->n_swa_layers, ==, 21);
  g_assert_cmpuint (m->n_full_layers, ==, 21);

  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  /* SWA layers keep pad256(4096 + 512) = 4608 cells, full ones 8192. */
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_KV_CACHE], ==, 21 * per_cell_layer * 8192 + 21 * per_cell_layer * 4608);

  s.swa_full = TRUE;
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_cmpuint (e.gpu[FIT_COMPONENT_KV_CACHE], ==, 42 * per_cell_layer * 8192);
  fit_model_free (m);
}

static void
test_moe_cpu (void)
{
  g_autoptr(FitModel) m = mixtral ();
  g_autoptr(FitDevice) d = fit_test_device ("test", FIT_VENDOR_NVIDIA, 24 * FIT_GIB, 1000, 100);
  g_autoptr(GError) error = NULL;
  FitSettings s = llama_settings (4096, 1);
  FitEstimate all, cpu;
  const FitWeightTable *t;

  s.weights = FIT_WEIGHTS_GGUF_Q4_K_M;
  t = fit_weights_table (m, s.weights);
  g_assert_true (fit_estimate (m, d, &s, &all, &error));
  s.cpu_moe = TRUE;
  g_assert_true (fit_estimate (m, d, &s, &cpu, &error));
  g_assert_cmpuint (all.gpu[FIT_COMPONENT_WEIGHTS] - cpu.gpu[FIT_COMPONENT_WEIGHTS], ==, t->expert_suffix[0]);
  g_assert_cmpuint (cpu.host[FIT_COMPONENT_WEIGHTS], ==, all.host[FIT_COMPONENT_WEIGHTS] + t->expert_suffix[0]);
  /* Mixtral's eight-expert rule: attn_v and attn_k in Q8_0. */
  {
    FitTensor v = { FIT_TENSOR_ATTN_V, 5, 4096, 1024, 1, FALSE };

    g_assert_cmpint (fit_weights_gguf_type (m, FIT_WEIGHTS_GGUF_Q4_K_M, &v, 5), ==, FIT_GGML_Q8_0);
  }
}

static void
test_vllm_tp (void)
{
  g_autoptr(FitModel) m = fit_test_llama31_8b ();
  g_autoptr(FitDevice) d = fit_test_device ("H100", FIT_VENDOR_NVIDIA, 85060190208, 3350, 989);
  g_autoptr(GError) error = NULL;
  FitSettings s;
  FitEstimate e1, e16;

  fit_settings_init (&s);
  s.runtime = FIT_RUNTIME_VLLM;
  s.context = 8192;
  g_assert_true (fit_estimate (m, d, &s, &e1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (e1.terms.vllm_kv_per_token, ==, 131072);

  /* 16-way tensor parallel: 8 KV heads cannot split 16 ways, so each GPU
   * keeps one head (replicated), not half of one. */
  s.gpu_count = 16;
  g_assert_true (fit_estimate (m, d, &s, &e16, &error));
  g_assert_cmpuint (e16.terms.tp_kv_heads, ==, 1);
  g_assert_cmpuint (e16.terms.vllm_kv_per_token, ==, 131072 / 8);
  g_assert_cmpuint (e16.per_gpu[FIT_COMPONENT_WEIGHTS], ==, fit_ceil_div (e1.per_gpu[FIT_COMPONENT_WEIGHTS], 16));
}

static void
test_errors (void)
{
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();
  g_autoptr(FitDevice) d = fit_test_device ("test", FIT_VENDOR_NVIDIA, 8 * FIT_GIB, 272, 22);
  FitSettings s;
  FitEstimate e;

  {
    g_autoptr(GError) error = NULL;

    s = llama_settings (4096, 1);
    s.kv_v = FIT_KV_Q4_0;
    s.flash_attn = FIT_TRISTATE_OFF;
    g_assert_false (fit_estimate (m, d, &s, &e, &error));
    g_assert_error (error, FIT_ESTIMATE_ERROR, FIT_ESTIMATE_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "q4_0"));
  }
  {
    g_autoptr(GError) error = NULL;

    fit_settings_init (&s);
    s.runtime = FIT_RUNTIME_VLLM;
    s.weights = FIT_WEIGHTS_GGUF_Q4_K_M;
    s.weights_set = TRUE;
    g_assert_false (fit_estimate (m, d, &s, &e, &error));
    g_assert_error (error, FIT_ESTIMATE_ERROR, FIT_ESTIMATE_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "q4_k_m"));
  }
  {
    g_autoptr(GError) error = NULL;

    s = llama_settings (32769, 1);
    g_assert_false (fit_estimate (m, d, &s, &e, &error));
    g_assert_error (error, FIT_ESTIMATE_ERROR, FIT_ESTIMATE_ERROR_INVALID_SETTING);
  }
  {
    double bad[] = { -0.1, 1.01, NAN, INFINITY };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;

        fit_settings_init (&s);
        s.runtime = FIT_RUNTIME_VLLM;
        s.gpu_util = bad[i];
        g_assert_false (fit_estimate (m, d, &s, &e, &error));
        g_assert_error (error, FIT_ESTIMATE_ERROR, FIT_ESTIMATE_ERROR_INVALID_SETTING);
      }
  }
  {
    g_autoptr(GError) error = NULL;

    fit_settings_init (&s);
    s.runtime = FIT_RUNTIME_LLAMACPP;
    s.kv_k = FIT_KV_FP8;
    g_assert_false (fit_estimate (m, d, &s, &e, &error));
    g_assert_error (error, FIT_ESTIMATE_ERROR, FIT_ESTIMATE_ERROR_UNSUPPORTED);
  }
}

static void
test_huge (void)
{
  /* A 2-trillion-parameter model at a 10-million-token context: the right,
   * huge number, never a wrapped small one. */
  FitModel *m = fit_test_model_dense ("huge", 256, 32768, 131072, 256, 64, 128, 262144, FALSE, FALSE,
                                      16 * 1024 * 1024);
  g_autoptr(FitDevice) d = fit_test_device ("test", FIT_VENDOR_NVIDIA, 80 * FIT_GIB, 3350, 989);
  g_autoptr(GError) error = NULL;
  FitSettings s = llama_settings (10000000, 1);
  FitEstimate e;
  double kv;

  g_assert_cmpfloat (m->params_total / 1e12, >, 2.0);
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_no_error (error);
  kv = 256.0 * 64 * 128 * 4 * fit_round_up (10000000, 256);
  g_assert_cmpfloat (fabs ((double) e.gpu[FIT_COMPONENT_KV_CACHE] - kv), <, 1.0);
  g_assert_cmpuint (e.total_bytes, >, e.gpu[FIT_COMPONENT_KV_CACHE]);
  g_assert_cmpuint (e.total_bytes, >, G_GUINT64_CONSTANT (80) << 40);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
  g_assert_cmpint (e.headroom_bytes, <, 0);

  /* Saturating arithmetic reports overflow as the maximum. */
  g_assert_cmpuint (fit_mul_sat (G_MAXUINT64 / 2, 3), ==, G_MAXUINT64);
  g_assert_cmpuint (fit_add_sat (G_MAXUINT64, 1), ==, G_MAXUINT64);
  fit_model_free (m);
}

static void
test_solvers (void)
{
  g_autoptr(FitModel) m = fit_test_llama31_8b ();
  g_autoptr(FitDevice) d = fit_test_device ("12 GiB", FIT_VENDOR_NVIDIA, 12 * FIT_GIB, 360, 50);
  g_autoptr(GError) error = NULL;
  FitSettings s;
  FitEstimate e;
  FitWeightFormat best;
  guint64 ctx;
  guint32 conc, gpus;
  gint32 layers;

  fit_settings_init (&s);
  g_assert_true (fit_settings_resolve (&s, m, &error));

  ctx = fit_solve_max_context (m, d, &s);
  g_assert_cmpuint (ctx, >, 1024);
  g_assert_cmpuint (ctx, <, m->context_window);
  s.context = ctx;
  fit_estimate_memory (m, d, &s, &e);
  g_assert_cmpint (e.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
  s.context = ctx + 1;
  fit_estimate_memory (m, d, &s, &e);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);

  s.context = 8192;
  conc = fit_solve_max_concurrency (m, d, &s);
  g_assert_cmpuint (conc, >=, 1);
  s.concurrency = conc;
  fit_estimate_memory (m, d, &s, &e);
  g_assert_cmpint (e.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
  s.concurrency = conc + 1;
  fit_estimate_memory (m, d, &s, &e);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);

  /* BF16 (16 GB) does not fit 12 GiB; the best format that does is Q8_0. */
  s.concurrency = 1;
  g_assert_true (fit_solve_best_format (m, d, &s, &best));
  g_assert_cmpint (best, ==, FIT_WEIGHTS_GGUF_Q8_0);

  s.weights = FIT_WEIGHTS_GGUF_BF16;
  gpus = fit_solve_min_gpus (m, d, &s);
  g_assert_cmpuint (gpus, ==, 2);
  s.gpu_count = gpus;
  fit_estimate_memory (m, d, &s, &e);
  g_assert_cmpint (e.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);

  /* BF16 on one 12 GiB card: some of the 32 layers stay in system RAM. */
  s.gpu_count = 1;
  layers = fit_solve_max_gpu_layers (m, d, &s);
  g_assert_cmpint (layers, >, 0);
  g_assert_cmpint (layers, <, (gint32) m->n_layers);
  s.gpu_layers = layers;
  fit_estimate_memory (m, d, &s, &e);
  g_assert_cmpint (e.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
  g_assert_cmpuint (e.host_bytes, >, 0);
  s.gpu_layers = layers + 1;
  fit_estimate_memory (m, d, &s, &e);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);

  /* Q4_K_M fits whole; vLLM has no layer offload. */
  s.weights = FIT_WEIGHTS_GGUF_Q4_K_M;
  g_assert_cmpint (fit_solve_max_gpu_layers (m, d, &s), ==, (gint32) m->n_layers + 1);
  s.runtime = FIT_RUNTIME_VLLM;
  s.weights = FIT_WEIGHTS_BF16;
  g_assert_cmpint (fit_solve_max_gpu_layers (m, d, &s), ==, -1);
}

/* Each fix, applied alone, must turn the verdict; none is offered when it
 * fits already. */
static void
test_fixes (void)
{
  g_autoptr(FitModel) m = fit_test_llama31_8b ();
  g_autoptr(FitDevice) d = fit_test_device ("12 GiB", FIT_VENDOR_NVIDIA, 12 * FIT_GIB, 360, 50);
  g_autoptr(GError) error = NULL;
  FitFix fixes[FIT_N_FIX_KINDS];
  gboolean seen[FIT_N_FIX_KINDS] = { FALSE };
  FitSettings s;
  FitEstimate e;
  guint n;

  fit_settings_init (&s);
  /* Q8_0 (8.5 GB) and 4 × 16K tokens of KV cache (8 GiB). */
  s.weights = FIT_WEIGHTS_GGUF_Q8_0;
  s.context = 16384;
  s.concurrency = 4;
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_no_error (error);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);

  n = fit_fixes_find (m, d, &e, fixes);
  g_assert_cmpuint (n, ==, FIT_N_FIX_KINDS);
  for (guint i = 0; i < n; i++)
    {
      FitSettings fixed = e.settings;
      FitEstimate after;

      g_assert_false (seen[fixes[i].kind]);
      seen[fixes[i].kind] = TRUE;
      g_assert_nonnull (fit_fix_kind_id (fixes[i].kind));
      g_assert_true (g_str_has_prefix (fit_fix_option (fixes[i].kind), "--"));

      fit_fix_apply (&fixes[i], &fixed);
      fit_estimate_memory (m, d, &fixed, &after);
      g_assert_cmpint (after.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
      g_assert_cmpuint (fixes[i].host_bytes, ==, after.host_bytes);
      /* Keeping layers off the GPU moves gigabytes to system RAM. */
      if (fixes[i].kind == FIT_FIX_GPU_LAYERS)
        g_assert_cmpuint (fixes[i].host_bytes, >, e.host_bytes + FIT_GIB);
    }
  g_assert_cmpint (fixes[0].kind, ==, FIT_FIX_WEIGHT_FORMAT);
  g_assert_cmpuint (fixes[1].value, <, 16384);
  g_assert_cmpuint (fixes[2].value, <, 4);

  /* vLLM cannot leave layers behind, and a fitting estimate needs nothing. */
  s.runtime = FIT_RUNTIME_VLLM;
  s.weights = FIT_WEIGHTS_BF16;
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  n = fit_fixes_find (m, d, &e, fixes);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (fixes[i].kind, !=, FIT_FIX_GPU_LAYERS);

  fit_settings_init (&s);
  s.context = 4096;
  g_assert_true (fit_estimate (m, d, &s, &e, &error));
  g_assert_cmpint (e.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
  g_assert_cmpuint (fit_fixes_find (m, d, &e, fixes), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/estimate/params/qwen2.5-0.5b", test_params_qwen);
  g_test_add_func ("/estimate/params/dense", test_params_dense);
  g_test_add_func ("/estimate/params/moe-mla", test_params_moe);
  g_test_add_func ("/estimate/weights/gguf-recipes", test_gguf_recipes);
  g_test_add_func ("/estimate/weights/gguf-types", test_gguf_types);
  g_test_add_func ("/estimate/weights/hf-formats", test_hf_formats);
  g_test_add_func ("/estimate/llamacpp/components", test_llamacpp_components);
  g_test_add_func ("/estimate/llamacpp/offload", test_llamacpp_offload);
  g_test_add_func ("/estimate/llamacpp/sliding-window", test_sliding_window);
  g_test_add_func ("/estimate/llamacpp/cpu-moe", test_moe_cpu);
  g_test_add_func ("/estimate/vllm/tensor-parallel", test_vllm_tp);
  g_test_add_func ("/estimate/errors", test_errors);
  g_test_add_func ("/estimate/huge", test_huge);
  g_test_add_func ("/estimate/solvers", test_solvers);
  g_test_add_func ("/estimate/fixes", test_fixes);

  return g_test_run ();
}
