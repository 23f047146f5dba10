/* test-properties.c — properties over thousands of random valid inputs:
 * the total is the sum of its parts, memory only grows with context and
 * concurrency, max_context fits and max_context + 1 does not, and every
 * solver's answer fed back to the estimator keeps its promise.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fit-estimate.h"
#include "fit-solve.h"
#include "fit-units.h"
#include "fit-test-models.h"

static FitModel *
random_model (GRand *r)
{
  static const char *patterns[] = { "F", "SF", "SSSSSF", "LLLF", "P", "MMMMFMMM" };
  FitModel *m = fit_model_new ();
  g_autoptr(GError) error = NULL;
  guint32 kv = 1u << g_rand_int_range (r, 0, 4);
  guint32 heads = kv * g_rand_int_range (r, 1, 9);
  const char *pattern = patterns[g_rand_int_range (r, 0, G_N_ELEMENTS (patterns))];

  m->id = g_strdup ("random");
  m->n_layers = g_rand_int_range (r, 1, 96);
  m->head_dim = 64 * g_rand_int_range (r, 1, 4);
  m->n_heads = heads;
  m->n_kv_heads = kv;
  m->hidden_size = 128 * g_rand_int_range (r, 2, 64);
  m->intermediate_size = 256 * g_rand_int_range (r, 2, 96);
  m->vocab_size = g_rand_int_range (r, 1000, 260000);
  m->tied_embeddings = g_rand_boolean (r);
  m->qkv_bias = g_rand_boolean (r);
  m->context_window = 1u << g_rand_int_range (r, 11, 19);
  m->layer_pattern = g_strdup (pattern);
  m->sliding_window = 512 * g_rand_int_range (r, 1, 9);
  if (strchr (pattern, 'M') || strchr (pattern, 'P'))
    {
      m->ssm_kind = g_rand_boolean (r) ? FIT_SSM_MAMBA1 : FIT_SSM_MAMBA2;
      m->ssm_d_inner = m->hidden_size * 2;
      m->ssm_d_state = 16 * g_rand_int_range (r, 1, 17);
      m->ssm_d_conv = 4;
      m->ssm_n_heads = 8;
      m->ssm_n_groups = 1;
    }
  if (strchr (pattern, 'L'))
    {
      m->lin_key_heads = 8;
      m->lin_value_heads = 16;
      m->lin_key_head_dim = 128;
      m->lin_value_head_dim = 128;
      m->lin_conv_kernel = 4;
    }
  if (g_rand_boolean (r))
    {
      guint32 k = g_rand_int_range (r, 1, 9);

      m->n_experts = 1u << g_rand_int_range (r, 2, 8);
      m->experts_per_token = MIN (m->n_experts, k);
      m->expert_intermediate_size = 128 * g_rand_int_range (r, 2, 32);
    }

  if (!fit_model_finalize (m, &error))
    g_error ("%s", error->message);
  return m;
}

static void
random_settings (GRand          *r,
                 const FitModel *m,
                 FitSettings    *s)
{
  static const FitWeightFormat gguf[] = { FIT_WEIGHTS_GGUF_Q4_K_M, FIT_WEIGHTS_GGUF_Q8_0, FIT_WEIGHTS_GGUF_F16,
                                          FIT_WEIGHTS_GGUF_Q2_K, FIT_WEIGHTS_GGUF_IQ4_XS, FIT_WEIGHTS_GGUF_Q3_K_M };
  static const FitWeightFormat hf[] = { FIT_WEIGHTS_BF16, FIT_WEIGHTS_FP8, FIT_WEIGHTS_GPTQ_INT4,
                                        FIT_WEIGHTS_AWQ_INT4, FIT_WEIGHTS_BNB_NF4 };

  fit_settings_init (s);
  s->runtime = g_rand_int_range (r, 0, FIT_N_RUNTIMES);
  s->weights_set = TRUE;
  if (fit_runtime_is_llamacpp (s->runtime))
    {
      s->weights = gguf[g_rand_int_range (r, 0, G_N_ELEMENTS (gguf))];
      s->gpu_layers = g_rand_boolean (r) ? -1 : g_rand_int_range (r, 0, m->n_layers + 2);
      s->kv_unified = g_rand_boolean (r);
      s->flash_attn = g_rand_boolean (r) ? FIT_TRISTATE_ON : FIT_TRISTATE_OFF;
      if (s->flash_attn == FIT_TRISTATE_ON && g_rand_boolean (r))
        s->kv_k = s->kv_v = FIT_KV_Q8_0;
    }
  else
    s->weights = hf[g_rand_int_range (r, 0, G_N_ELEMENTS (hf))];
  s->context = g_rand_int_range (r, 1, (gint32) MIN (m->context_window, 1 << 20) + 1);
  s->concurrency = g_rand_int_range (r, 1, 9);
  s->gpu_count = g_rand_int_range (r, 1, 5);
}

static void
test_properties (void)
{
  g_autoptr(GRand) r = g_rand_new_with_seed (20261127);

  for (guint iter = 0; iter < 3000; iter++)
    {
      g_autoptr(FitModel) m = random_model (r);
      g_autoptr(FitDevice) d = fit_test_device ("d", g_rand_int_range (r, 0, FIT_N_VENDORS),
                                                (guint64) g_rand_int_range (r, 2, 200) * FIT_GIB, 500, 100);
      g_autoptr(GError) error = NULL;
      FitSettings s, t;
      FitEstimate e, f;
      guint64 sum = 0, per = 0;
      guint64 ctx;
      guint32 conc;

      random_settings (r, m, &s);
      if (!fit_settings_resolve (&s, m, &error))
        g_error ("resolve failed: %s", error->message);

      fit_estimate_memory (m, d, &s, &e);
      for (guint c = 0; c < FIT_N_COMPONENTS; c++)
        {
          sum += e.gpu[c];
          per += e.per_gpu[c];
        }
      g_assert_cmpuint (e.total_bytes, ==, sum);
      g_assert_cmpuint (e.per_gpu_total, ==, per);
      g_assert_cmpuint (e.per_gpu_total, <=, e.total_bytes);

      /* Memory only grows with context and with concurrency. */
      t = s;
      t.context = MIN (s.context * 2, m->context_window);
      if (t.prompt_tokens == s.context)
        t.prompt_tokens = t.context;
      fit_estimate_memory (m, d, &t, &f);
      g_assert_cmpuint (f.per_gpu_total, >=, e.per_gpu_total);
      g_assert_cmpuint (f.total_bytes, >=, e.total_bytes);
      t = s;
      t.concurrency = s.concurrency + 1;
      fit_estimate_memory (m, d, &t, &f);
      g_assert_cmpuint (f.per_gpu_total, >=, e.per_gpu_total);

      /* max_context fits, max_context + 1 does not. */
      ctx = fit_solve_max_context (m, d, &s);
      t = s;
      if (ctx > 0)
        {
          t.context = ctx;
          if (s.prompt_tokens == s.context)
            t.prompt_tokens = ctx;
          fit_estimate_memory (m, d, &t, &f);
          g_assert_cmpint (f.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
        }
      if (ctx < m->context_window)
        {
          t.context = ctx + 1;
          if (s.prompt_tokens == s.context)
            t.prompt_tokens = ctx + 1;
          fit_estimate_memory (m, d, &t, &f);
          g_assert_cmpint (f.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
        }

      conc = fit_solve_max_concurrency (m, d, &s);
      t = s;
      if (conc > 0)
        {
          t.concurrency = conc;
          fit_estimate_memory (m, d, &t, &f);
          g_assert_cmpint (f.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
        }
      if (conc < FIT_MAX_CONCURRENCY)
        {
          t.concurrency = conc + 1;
          fit_estimate_memory (m, d, &t, &f);
          g_assert_cmpint (f.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
        }

      if (iter % 10 == 0)
        {
          FitWeightFormat best;
          guint32 n;

          if (fit_solve_best_format (m, d, &s, &best))
            {
              t = s;
              t.weights = best;
              fit_estimate_memory (m, d, &t, &f);
              g_assert_cmpint (f.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
            }
          n = fit_solve_min_gpus (m, d, &s);
          if (n > 0)
            {
              t = s;
              t.gpu_count = n;
              fit_estimate_memory (m, d, &t, &f);
              g_assert_cmpint (f.verdict, !=, FIT_VERDICT_DOES_NOT_FIT);
            }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/properties/random", test_properties);
  return g_test_run ();
}
