/* test-units.c — strict parsers, IEC formatting and format ids.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fit-formats.h"
#include "fit-units.h"

static void
test_parse (void)
{
  const char *bad[] = { "", "-1", "+1", " 1", "1 ", "1e3", "0x10", "NaN", "1.5", "18446744073709551616", "12q", "k" };
  guint64 v;
  double d;

  g_assert_true (fit_parse_u64 ("4096", &v));
  g_assert_cmpuint (v, ==, 4096);
  g_assert_true (fit_parse_u64 ("32k", &v));
  g_assert_cmpuint (v, ==, 32768);
  g_assert_true (fit_parse_u64 ("1M", &v));
  g_assert_cmpuint (v, ==, 1048576);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (fit_parse_u64 (bad[i], &v));
  g_assert_false (fit_parse_u64 (NULL, &v));
  g_assert_false (fit_parse_u64 ("18014398509481984k", &v));

  g_assert_true (fit_parse_double ("0.9", &d));
  g_assert_cmpfloat (d, ==, 0.9);
  g_assert_false (fit_parse_double ("nan", &d));
  g_assert_false (fit_parse_double ("inf", &d));
  g_assert_false (fit_parse_double ("0.9x", &d));
  g_assert_false (fit_parse_double ("", &d));
}

static void
test_format (void)
{
  struct { guint64 b; const char *s; } cases[] = {
    { 0, "0 B" }, { 1023, "1023 B" }, { 1024, "1 KiB" }, { 48 * 1024 * 1024, "48 MiB" },
    { G_GUINT64_CONSTANT (988208640), "942 MiB" }, { G_GUINT64_CONSTANT (1) << 30, "1 GiB" },
    { G_GUINT64_CONSTANT (1610612736), "1.50 GiB" }, { G_GUINT64_CONSTANT (25769803776), "24 GiB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = fit_format_bytes (cases[i].b);

      g_assert_cmpstr (s, ==, cases[i].s);
    }

  {
    g_autofree char *neg = fit_format_bytes_signed (-(gint64) (512 * 1024 * 1024));
    g_autofree char *pos = fit_format_bytes_signed (1024);
    g_autofree char *min = fit_format_bytes_signed (G_MININT64);

    g_assert_cmpstr (neg, ==, "−512 MiB");
    g_assert_cmpstr (pos, ==, "+1 KiB");
    g_assert_cmpstr (min, ==, "−8 EiB");
  }
}

static void
test_ids (void)
{
  FitWeightFormat f;
  FitKvType k;
  FitRuntime r;

  g_assert_true (fit_weight_format_parse ("Q4_K_M", &f));
  g_assert_cmpint (f, ==, FIT_WEIGHTS_GGUF_Q4_K_M);
  g_assert_true (fit_weight_format_parse ("q4-k-m", &f));
  g_assert_cmpint (f, ==, FIT_WEIGHTS_GGUF_Q4_K_M);
  g_assert_true (fit_weight_format_parse ("GPTQ-Int4", &f));
  g_assert_cmpint (f, ==, FIT_WEIGHTS_GPTQ_INT4);
  g_assert_true (fit_weight_format_parse ("AWQ", &f));
  g_assert_cmpint (f, ==, FIT_WEIGHTS_AWQ_INT4);
  g_assert_true (fit_weight_format_parse ("nf4", &f));
  g_assert_true (fit_weight_format_parse ("mxfp4", &f));
  g_assert_true (fit_weight_format_parse ("BF16", &f));
  g_assert_cmpint (f, ==, FIT_WEIGHTS_BF16);
  g_assert_false (fit_weight_format_parse ("q4_k_x", &f));
  g_assert_false (fit_weight_format_parse ("", &f));

  g_assert_true (fit_kv_type_parse ("Q8_0", &k));
  g_assert_cmpint (k, ==, FIT_KV_Q8_0);
  g_assert_false (fit_kv_type_parse ("q3", &k));

  g_assert_true (fit_runtime_parse ("vLLM", &r));
  g_assert_cmpint (r, ==, FIT_RUNTIME_VLLM);
  g_assert_false (fit_runtime_parse ("tgi", &r));

  g_assert_false (fit_runtime_accepts_weights (FIT_RUNTIME_VLLM, FIT_WEIGHTS_GGUF_Q4_K_M));
  g_assert_true (fit_runtime_accepts_weights (FIT_RUNTIME_LLAMACPP, FIT_WEIGHTS_BF16));
  g_assert_false (fit_runtime_accepts_weights (FIT_RUNTIME_LLAMACPP, FIT_WEIGHTS_GPTQ_INT4));

  g_assert_cmpuint (fit_kv_type_bytes (FIT_KV_Q8_0, 128), ==, 136);
  g_assert_cmpuint (fit_kv_type_bytes (FIT_KV_Q4_0, 128), ==, 72);
  {
    guint64 row;

    g_assert_true (fit_ggml_row_bytes (FIT_GGML_Q4_K, 4096, &row));
    g_assert_cmpuint (row, ==, 16 * 144);
    g_assert_false (fit_ggml_row_bytes (FIT_GGML_Q4_K, 896, &row));
    g_assert_false (fit_ggml_type_is_valid (4));
    g_assert_false (fit_ggml_type_is_valid (1000));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/units/parse", test_parse);
  g_test_add_func ("/units/format", test_format);
  g_test_add_func ("/units/ids", test_ids);
  return g_test_run ();
}
