/* test-calibration.c — every measured row in tests/data/calibration/
 * (copied from the reference folder) reproduced within the targets:
 * llama.cpp weights within 1% of the model buffer, KV within 1 MiB,
 * compute within 15%; Transformers peak within 7%; vLLM weights within 2%
 * and KV capacity within 5%.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit-estimate.h"
#include "fit-units.h"
#include "fit-test-models.h"

static char **
read_rows (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "calibration", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return g_strsplit (text, "\n", -1);
}

static double
rel (double a,
     double b)
{
  return fabs (a - b) / b;
}

static void
test_llamacpp_local (void)
{
  g_auto(GStrv) rows = read_rows ("llamacpp-local.tsv");
  g_autoptr(FitModel) m = fit_test_qwen25_05b ();
  g_autoptr(FitDevice) d = fit_test_device ("cpu", FIT_VENDOR_OTHER, 64 * FIT_GIB, 60, 1);
  guint checked = 0;

  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (rows[i], "\t", -1);
      g_autoptr(GError) error = NULL;
      FitSettings s;
      FitEstimate e;
      double w_mib, kv_mib, comp_mib;
      guint64 n_ctx, n_seq;

      if (g_strv_length (f) < 15)
        continue;

      fit_settings_init (&s);
      s.runtime = FIT_RUNTIME_LLAMACPP;
      g_assert_true (fit_weight_format_parse (f[1], &s.weights));
      s.weights_set = TRUE;
      n_ctx = g_ascii_strtoull (f[2], NULL, 10);
      n_seq = g_ascii_strtoull (f[3], NULL, 10);
      s.context = n_ctx / n_seq;
      s.concurrency = n_seq;
      s.n_batch = atoi (f[4]);
      s.n_ubatch = atoi (f[5]);
      g_assert_true (fit_kv_type_parse (f[6], &s.kv_k));
      g_assert_true (fit_kv_type_parse (f[7], &s.kv_v));
      s.flash_attn = g_str_equal (f[8], "on") ? FIT_TRISTATE_ON
                     : g_str_equal (f[8], "off") ? FIT_TRISTATE_OFF : FIT_TRISTATE_AUTO;
      s.kv_unified = g_str_equal (f[9], "true");

      g_assert_true (fit_estimate (m, d, &s, &e, &error));
      g_assert_no_error (error);

      w_mib = g_ascii_strtod (f[10], NULL);
      kv_mib = g_ascii_strtod (f[11], NULL);
      comp_mib = g_ascii_strtod (f[13], NULL);

      g_test_message ("%s ctx %s np %s ub %s %s/%s fa %s: weights %.2f/%.2f kv %.2f/%.2f compute %.2f/%.2f",
                      f[1], f[2], f[3], f[5], f[6], f[7], f[8],
                      e.gpu[FIT_COMPONENT_WEIGHTS] / (double) FIT_MIB, w_mib,
                      e.gpu[FIT_COMPONENT_KV_CACHE] / (double) FIT_MIB, kv_mib,
                      e.gpu[FIT_COMPONENT_COMPUTE] / (double) FIT_MIB, comp_mib);

      g_assert_cmpfloat (rel (e.gpu[FIT_COMPONENT_WEIGHTS] / (double) FIT_MIB, w_mib), <, 0.01);
      g_assert_cmpfloat (fabs (e.gpu[FIT_COMPONENT_KV_CACHE] / (double) FIT_MIB - kv_mib), <=, 1.0);
      g_assert_cmpfloat (rel (e.gpu[FIT_COMPONENT_COMPUTE] / (double) FIT_MIB, comp_mib), <, 0.15);
      checked++;
    }

  g_assert_cmpuint (checked, >=, 76);
}

static FitModel *
qwen25 (const char *name)
{
  if (g_str_has_prefix (name, "Qwen2.5-1.5B"))
    return fit_test_model_dense (name, 28, 1536, 8960, 12, 2, 128, 151936, TRUE, TRUE, 32768);
  if (g_str_has_prefix (name, "Qwen2.5-3B"))
    return fit_test_model_dense (name, 36, 2048, 11008, 16, 2, 128, 151936, TRUE, TRUE, 32768);
  if (g_str_has_prefix (name, "Qwen2.5-7B"))
    return fit_test_model_dense (name, 28, 3584, 18944, 28, 4, 128, 152064, FALSE, TRUE, 32768);
  if (g_str_has_prefix (name, "Qwen2.5-14B"))
    return fit_test_model_dense (name, 48, 5120, 13824, 40, 8, 128, 152064, FALSE, TRUE, 32768);
  if (g_str_has_prefix (name, "Qwen2.5-32B"))
    return fit_test_model_dense (name, 64, 5120, 27648, 40, 8, 128, 152064, FALSE, TRUE, 32768);
  if (g_str_has_prefix (name, "Qwen2.5-72B"))
    return fit_test_model_dense (name, 80, 8192, 29568, 64, 8, 128, 152064, FALSE, TRUE, 32768);
  g_assert_not_reached ();
}

static void
test_transformers_qwen (void)
{
  g_auto(GStrv) rows = read_rows ("transformers-qwen2.5.tsv");
  g_autoptr(FitDevice) a100 = fit_test_device ("A100 80GB", FIT_VENDOR_NVIDIA, 85899345920, 2039, 312);
  guint checked = 0, failures = 0;
  double worst = 0;

  for (guint i = 1; rows[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (rows[i], "\t", -1);
      g_autoptr(GError) error = NULL;
      g_autoptr(FitModel) m = NULL;
      FitSettings s;
      FitEstimate e;
      double peak, measured;
      const char *x;

      if (g_strv_length (f) < 10)
        continue;

      m = qwen25 (f[1]);
      fit_settings_init (&s);
      s.runtime = FIT_RUNTIME_TRANSFORMERS;
      s.weights_set = TRUE;
      if (g_str_equal (f[2], "BF16"))
        s.weights = FIT_WEIGHTS_BF16;
      else if (g_str_equal (f[2], "GPTQ-Int8"))
        s.weights = FIT_WEIGHTS_GPTQ_INT8;
      else if (g_str_equal (f[2], "GPTQ-Int4"))
        s.weights = FIT_WEIGHTS_GPTQ_INT4;
      else
        s.weights = FIT_WEIGHTS_AWQ_INT4;
      x = strstr (f[4], " x");
      s.gpu_count = x ? atoi (x + 2) : 1;
      s.prompt_tokens = g_ascii_strtoull (f[5], NULL, 10);
      s.context = s.prompt_tokens + g_ascii_strtoull (f[6], NULL, 10);
      s.concurrency = atoi (f[7]);

      g_assert_true (fit_estimate (m, a100, &s, &e, &error));
      g_assert_no_error (error);

      peak = (double) (e.gpu[FIT_COMPONENT_WEIGHTS] + e.gpu[FIT_COMPONENT_KV_CACHE] +
                       e.gpu[FIT_COMPONENT_STATE] + e.gpu[FIT_COMPONENT_COMPUTE]) / FIT_GIB;
      measured = g_ascii_strtod (f[8], NULL);
      g_test_message ("%s %s in %s: %.2f GiB vs %.2f measured (%+.1f%%)", f[1], f[2], f[5], peak, measured,
                      100 * (peak - measured) / measured);
      worst = MAX (worst, rel (peak, measured));
      if (rel (peak, measured) >= 0.07)
        failures++;
      checked++;
    }

  g_test_message ("worst Transformers error: %.1f%%", worst * 100);
  g_assert_cmpuint (checked, ==, 96);
  g_assert_cmpuint (failures, ==, 0);
}

static FitSettings
vllm (guint64 ctx,
      double  util,
      guint32 tp)
{
  FitSettings s;

  fit_settings_init (&s);
  s.runtime = FIT_RUNTIME_VLLM;
  s.context = ctx;
  s.gpu_util = util;
  s.gpu_count = tp;
  return s;
}

static void
test_vllm_published (void)
{
  /* H100 80GB as CUDA reports it: 79.22 GiB. */
  g_autoptr(FitDevice) h100 = fit_test_device ("H100", FIT_VENDOR_NVIDIA, (guint64) (79.22 * FIT_GIB), 3350, 989);
  g_autoptr(FitDevice) rtx3090 = fit_test_device ("RTX 3090", FIT_VENDOR_NVIDIA, 24 * FIT_GIB, 936, 71);
  g_autoptr(FitDevice) rtx4060 = fit_test_device ("RTX 4060", FIT_VENDOR_NVIDIA, 8 * FIT_GIB, 272, 22);
  g_autoptr(FitModel) llama3 = fit_test_llama31_8b ();
  g_autoptr(FitModel) llama70 = fit_test_model_dense ("llama-3.1-70b", 80, 8192, 28672, 64, 8, 128, 128256,
                                                      FALSE, FALSE, 131072);
  g_autoptr(FitModel) qwen15 = fit_test_model_dense ("qwen1.5-7b", 32, 4096, 11008, 32, 32, 128, 151936,
                                                     FALSE, TRUE, 32768);
  g_autoptr(FitModel) qwen7 = fit_test_model_dense ("qwen2.5-7b", 28, 3584, 18944, 28, 4, 128, 152064,
                                                    FALSE, TRUE, 32768);
  g_autoptr(GError) error = NULL;
  FitSettings s;
  FitEstimate e;

  /* V1a: Llama-3-8B BF16, util 0.90: weights 14.96 GiB, KV 53.29 GiB. */
  s = vllm (8192, 0.90, 1);
  g_assert_true (fit_estimate (llama3, h100, &s, &e, &error));
  g_assert_cmpfloat (rel (e.per_gpu[FIT_COMPONENT_WEIGHTS] / (double) FIT_GIB, 14.96), <, 0.02);
  g_assert_cmpfloat (rel (e.kv_capacity_tokens, 53.29 * FIT_GIB / 131072), <, 0.05);
  g_test_message ("V1a: %" G_GUINT64_FORMAT " tokens vs %.0f", e.kv_capacity_tokens, 53.29 * FIT_GIB / 131072);

  /* V1b: the same with -tp 2: 7.48 GiB of weights per GPU. */
  s = vllm (8192, 0.90, 2);
  g_assert_true (fit_estimate (llama3, h100, &s, &e, &error));
  g_assert_cmpfloat (rel (e.per_gpu[FIT_COMPONENT_WEIGHTS] / (double) FIT_GIB, 7.48), <, 0.02);

  /* V5: Llama-3.1-70B W8A8 at util 0.98: 67.72 GiB, 1381 blocks of 16. */
  s = vllm (2048, 0.98, 1);
  s.weights = FIT_WEIGHTS_FP8;
  s.weights_set = TRUE;
  g_assert_true (fit_estimate (llama70, h100, &s, &e, &error));
  g_assert_cmpfloat (rel (e.per_gpu[FIT_COMPONENT_WEIGHTS] / (double) FIT_GIB, 67.7229), <, 0.02);
  g_test_message ("V5: %" G_GUINT64_FORMAT " tokens vs %d", e.kv_capacity_tokens, 1381 * 16);
  g_assert_cmpfloat (rel (e.kv_capacity_tokens, 1381 * 16), <, 0.05);
  /* "Maximum concurrency for 2048 tokens per request: 10.79x" */
  g_assert_cmpuint (e.max_concurrency, >=, 10);
  g_assert_cmpuint (e.max_concurrency, <=, 11);

  /* V14: Qwen1.5-7B GPTQ-Int4 on an RTX 3090 at 32768 tokens (no chunked
   * prefill then: the profiling batch is the whole context). */
  s = vllm (32768, 0.90, 1);
  s.weights = FIT_WEIGHTS_GPTQ_INT4;
  s.weights_set = TRUE;
  s.max_batched_tokens = 32768;
  g_assert_true (fit_estimate (qwen15, rtx3090, &s, &e, &error));
  g_test_message ("V14: %" G_GUINT64_FORMAT " tokens vs 24320", e.kv_capacity_tokens);
  g_assert_cmpfloat (rel (e.kv_capacity_tokens, 24320), <, 0.05);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);

  /* V6: Qwen2.5-7B 4-bit on an 8 GiB RTX 4060 at util 0.7: 5.20 GiB of
   * weights, and no room for the KV cache. */
  s = vllm (4096, 0.70, 1);
  s.weights = FIT_WEIGHTS_AWQ_INT4;
  s.weights_set = TRUE;
  s.max_batched_tokens = 4096;
  g_assert_true (fit_estimate (qwen7, rtx4060, &s, &e, &error));
  g_assert_cmpfloat (rel (e.per_gpu[FIT_COMPONENT_WEIGHTS] / (double) FIT_GIB, 5.20), <, 0.02);
  g_assert_cmpint (e.verdict, ==, FIT_VERDICT_DOES_NOT_FIT);
  g_assert_cmpuint (e.kv_capacity_tokens, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calibration/llamacpp-local", test_llamacpp_local);
  g_test_add_func ("/calibration/transformers-qwen2.5", test_transformers_qwen);
  g_test_add_func ("/calibration/vllm-published", test_vllm_published);

  return g_test_run ();
}
