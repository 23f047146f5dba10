/* fit-formats.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-formats"

#include "config.h"

#include <string.h>

#include "fit-formats.h"

typedef struct
{
  const char *name;
  guint32     block_size;
  guint32     block_bytes;
} GgmlTypeInfo;

/* Block sizes and bytes per block of every ggml type a GGUF file may hold,
 * as ggml defines them (ggml.c type_traits). Types 4, 5 and 31–33, 36–38
 * were removed from ggml and are invalid in a file. */
static const GgmlTypeInfo ggml_types[FIT_GGML_N_TYPES] = {
  [FIT_GGML_F32]     = { "F32",     1,   4 },
  [FIT_GGML_F16]     = { "F16",     1,   2 },
  [FIT_GGML_Q4_0]    = { "Q4_0",    32,  18 },
  [FIT_GGML_Q4_1]    = { "Q4_1",    32,  20 },
  [FIT_GGML_Q5_0]    = { "Q5_0",    32,  22 },
  [FIT_GGML_Q5_1]    = { "Q5_1",    32,  24 },
  [FIT_GGML_Q8_0]    = { "Q8_0",    32,  34 },
  [FIT_GGML_Q8_1]    = { "Q8_1",    32,  36 },
  [FIT_GGML_Q2_K]    = { "Q2_K",    256, 84 },
  [FIT_GGML_Q3_K]    = { "Q3_K",    256, 110 },
  [FIT_GGML_Q4_K]    = { "Q4_K",    256, 144 },
  [FIT_GGML_Q5_K]    = { "Q5_K",    256, 176 },
  [FIT_GGML_Q6_K]    = { "Q6_K",    256, 210 },
  [FIT_GGML_Q8_K]    = { "Q8_K",    256, 292 },
  [FIT_GGML_IQ2_XXS] = { "IQ2_XXS", 256, 66 },
  [FIT_GGML_IQ2_XS]  = { "IQ2_XS",  256, 74 },
  [FIT_GGML_IQ3_XXS] = { "IQ3_XXS", 256, 98 },
  [FIT_GGML_IQ1_S]   = { "IQ1_S",   256, 50 },
  [FIT_GGML_IQ4_NL]  = { "IQ4_NL",  32,  18 },
  [FIT_GGML_IQ3_S]   = { "IQ3_S",   256, 110 },
  [FIT_GGML_IQ2_S]   = { "IQ2_S",   256, 82 },
  [FIT_GGML_IQ4_XS]  = { "IQ4_XS",  256, 136 },
  [FIT_GGML_I8]      = { "I8",      1,   1 },
  [FIT_GGML_I16]     = { "I16",     1,   2 },
  [FIT_GGML_I32]     = { "I32",     1,   4 },
  [FIT_GGML_I64]     = { "I64",     1,   8 },
  [FIT_GGML_F64]     = { "F64",     1,   8 },
  [FIT_GGML_IQ1_M]   = { "IQ1_M",   256, 56 },
  [FIT_GGML_BF16]    = { "BF16",    1,   2 },
  [FIT_GGML_TQ1_0]   = { "TQ1_0",   256, 54 },
  [FIT_GGML_TQ2_0]   = { "TQ2_0",   256, 66 },
  [FIT_GGML_MXFP4]   = { "MXFP4",   32,  17 },
};

gboolean
fit_ggml_type_is_valid (guint32 type)
{
  return type < FIT_GGML_N_TYPES && ggml_types[type].name != NULL;
}

const char *
fit_ggml_type_name (FitGgmlType type)
{
  return fit_ggml_type_is_valid (type) ? ggml_types[type].name : NULL;
}

guint32
fit_ggml_type_block_size (FitGgmlType type)
{
  return fit_ggml_type_is_valid (type) ? ggml_types[type].block_size : 0;
}

guint32
fit_ggml_type_block_bytes (FitGgmlType type)
{
  return fit_ggml_type_is_valid (type) ? ggml_types[type].block_bytes : 0;
}

gboolean
fit_ggml_type_is_quantized (FitGgmlType type)
{
  return fit_ggml_type_block_size (type) > 1;
}

gboolean
fit_ggml_row_bytes (FitGgmlType type,
                    guint64     n,
                    guint64    *out_bytes)
{
  guint32 bs = fit_ggml_type_block_size (type);

  if (bs == 0 || n % bs != 0)
    return FALSE;

  return g_uint64_checked_mul (out_bytes, n / bs, ggml_types[type].block_bytes);
}

typedef struct
{
  const char *id;
  const char *label;
  double      bits;
  gboolean    gguf;
  const char *aliases[4];
} WeightFormatInfo;

static const WeightFormatInfo weight_formats[FIT_N_WEIGHT_FORMATS] = {
  [FIT_WEIGHTS_F32]          = { "f32",       "F32",        32.0, FALSE, { "fp32", "float32" } },
  [FIT_WEIGHTS_F16]          = { "f16",       "F16",        16.0, FALSE, { "fp16", "float16" } },
  [FIT_WEIGHTS_BF16]         = { "bf16",      "BF16",       16.0, FALSE, { "bfloat16" } },
  [FIT_WEIGHTS_FP8]          = { "fp8",       "FP8 (E4M3)", 8.0,  FALSE, { "fp8-e4m3", "e4m3", "float8" } },
  [FIT_WEIGHTS_BNB_INT8]     = { "bnb-int8",  "bitsandbytes INT8", 8.0, FALSE, { "int8", "llm.int8", "bnb-8bit" } },
  [FIT_WEIGHTS_BNB_NF4]      = { "nf4",       "bitsandbytes NF4", 4.0, FALSE, { "bnb-nf4", "bnb-4bit" } },
  [FIT_WEIGHTS_BNB_FP4]      = { "fp4",       "bitsandbytes FP4", 4.0, FALSE, { "bnb-fp4" } },
  [FIT_WEIGHTS_GPTQ_INT4]    = { "gptq-int4", "GPTQ-Int4",  4.0,  FALSE, { "gptq", "gptq-4bit" } },
  [FIT_WEIGHTS_GPTQ_INT8]    = { "gptq-int8", "GPTQ-Int8",  8.0,  FALSE, { "gptq-8bit" } },
  [FIT_WEIGHTS_AWQ_INT4]     = { "awq-int4",  "AWQ-Int4",   4.0,  FALSE, { "awq", "awq-4bit" } },
  [FIT_WEIGHTS_AWQ_INT8]     = { "awq-int8",  "AWQ-Int8",   8.0,  FALSE, { "awq-8bit" } },
  [FIT_WEIGHTS_MXFP4]        = { "mxfp4",     "MXFP4",      4.25, FALSE, { NULL } },
  [FIT_WEIGHTS_GGUF_F32]     = { "gguf-f32",  "GGUF F32",   32.0, TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_F16]     = { "gguf-f16",  "GGUF F16",   16.0, TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_BF16]    = { "gguf-bf16", "GGUF BF16",  16.0, TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q8_0]    = { "q8_0",      "Q8_0",       8.5,  TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q6_K]    = { "q6_k",      "Q6_K",       6.5625, TRUE, { NULL } },
  [FIT_WEIGHTS_GGUF_Q5_K_M]  = { "q5_k_m",    "Q5_K_M",     5.5,  TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q5_K_S]  = { "q5_k_s",    "Q5_K_S",     5.5,  TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q5_0]    = { "q5_0",      "Q5_0",       5.5,  TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q4_K_M]  = { "q4_k_m",    "Q4_K_M",     4.5,  TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q4_K_S]  = { "q4_k_s",    "Q4_K_S",     4.5,  TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q4_0]    = { "q4_0",      "Q4_0",       4.5,  TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_IQ4_XS]  = { "iq4_xs",    "IQ4_XS",     4.25, TRUE,  { NULL } },
  [FIT_WEIGHTS_GGUF_Q3_K_M]  = { "q3_k_m",    "Q3_K_M",     3.4375, TRUE, { NULL } },
  [FIT_WEIGHTS_GGUF_Q2_K]    = { "q2_k",      "Q2_K",       2.625, TRUE, { NULL } },
  [FIT_WEIGHTS_GGUF_MXFP4]   = { "gguf-mxfp4", "GGUF MXFP4", 4.25, TRUE, { "mxfp4_moe" } },
};

const char *
fit_weight_format_id (FitWeightFormat fmt)
{
  if (fmt == FIT_WEIGHTS_EXACT)
    return "exact";
  g_return_val_if_fail (fmt < FIT_N_WEIGHT_FORMATS, NULL);
  return weight_formats[fmt].id;
}

const char *
fit_weight_format_label (FitWeightFormat fmt)
{
  if (fmt == FIT_WEIGHTS_EXACT)
    return "file";
  g_return_val_if_fail (fmt < FIT_N_WEIGHT_FORMATS, NULL);
  return weight_formats[fmt].label;
}

/* Users write "Q4_K_M", "q4-k-m", "GPTQ_Int4": compare lower-case with '-'
 * and '_' treated alike. */
static gboolean
id_equal (const char *a,
          const char *b)
{
  for (; *a != '\0' && *b != '\0'; a++, b++)
    {
      char ca = g_ascii_tolower (*a == '-' ? '_' : *a);
      char cb = g_ascii_tolower (*b == '-' ? '_' : *b);

      if (ca != cb)
        return FALSE;
    }

  return *a == '\0' && *b == '\0';
}

gboolean
fit_weight_format_parse (const char      *str,
                         FitWeightFormat *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < FIT_N_WEIGHT_FORMATS; i++)
    {
      if (id_equal (str, weight_formats[i].id) || id_equal (str, weight_formats[i].label))
        {
          *out = i;
          return TRUE;
        }
      for (guint j = 0; j < G_N_ELEMENTS (weight_formats[i].aliases) && weight_formats[i].aliases[j]; j++)
        {
          if (id_equal (str, weight_formats[i].aliases[j]))
            {
              *out = i;
              return TRUE;
            }
        }
    }

  if (id_equal (str, "exact") || id_equal (str, "file"))
    {
      *out = FIT_WEIGHTS_EXACT;
      return TRUE;
    }

  return FALSE;
}

gboolean
fit_weight_format_is_gguf (FitWeightFormat fmt)
{
  return fmt < FIT_N_WEIGHT_FORMATS && weight_formats[fmt].gguf;
}

double
fit_weight_format_nominal_bits (FitWeightFormat fmt)
{
  return fmt < FIT_N_WEIGHT_FORMATS ? weight_formats[fmt].bits : 0.0;
}

char *
fit_weight_format_list_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < FIT_N_WEIGHT_FORMATS; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, weight_formats[i].id);
    }

  return g_string_free (s, FALSE);
}

typedef struct
{
  const char *id;
  guint32     block_size;
  guint32     block_bytes;
} KvTypeInfo;

static const KvTypeInfo kv_types[FIT_N_KV_TYPES] = {
  [FIT_KV_F32]  = { "f32",  1,  4 },
  [FIT_KV_F16]  = { "f16",  1,  2 },
  [FIT_KV_BF16] = { "bf16", 1,  2 },
  [FIT_KV_FP8]  = { "fp8",  1,  1 },
  [FIT_KV_Q8_0] = { "q8_0", 32, 34 },
  [FIT_KV_Q5_1] = { "q5_1", 32, 24 },
  [FIT_KV_Q4_0] = { "q4_0", 32, 18 },
};

const char *
fit_kv_type_id (FitKvType type)
{
  g_return_val_if_fail (type < FIT_N_KV_TYPES, NULL);
  return kv_types[type].id;
}

gboolean
fit_kv_type_parse (const char *str,
                   FitKvType  *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < FIT_N_KV_TYPES; i++)
    {
      if (id_equal (str, kv_types[i].id))
        {
          *out = i;
          return TRUE;
        }
    }

  if (id_equal (str, "fp16") || id_equal (str, "float16") || id_equal (str, "auto"))
    *out = FIT_KV_F16;
  else if (id_equal (str, "fp8_e4m3") || id_equal (str, "fp8_e5m2"))
    *out = FIT_KV_FP8;
  else if (id_equal (str, "fp32") || id_equal (str, "float32"))
    *out = FIT_KV_F32;
  else
    return FALSE;

  return TRUE;
}

gboolean
fit_kv_type_is_quantized (FitKvType type)
{
  return type < FIT_N_KV_TYPES && kv_types[type].block_size > 1;
}

guint64
fit_kv_type_bytes (FitKvType type,
                   guint64   n_elems)
{
  guint64 blocks;
  guint64 r;

  g_return_val_if_fail (type < FIT_N_KV_TYPES, 0);

  blocks = n_elems / kv_types[type].block_size + (n_elems % kv_types[type].block_size != 0);
  if (!g_uint64_checked_mul (&r, blocks, kv_types[type].block_bytes))
    return G_MAXUINT64;
  return r;
}

char *
fit_kv_type_list_ids (void)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < FIT_N_KV_TYPES; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", kv_types[i].id);

  return g_string_free (s, FALSE);
}

static const struct
{
  const char *id;
  const char *label;
} runtimes[FIT_N_RUNTIMES] = {
  [FIT_RUNTIME_LLAMACPP]     = { "llama.cpp",    "llama.cpp" },
  [FIT_RUNTIME_OLLAMA]       = { "ollama",       "Ollama" },
  [FIT_RUNTIME_VLLM]         = { "vllm",         "vLLM" },
  [FIT_RUNTIME_TRANSFORMERS] = { "transformers", "Transformers" },
};

const char *
fit_runtime_id (FitRuntime rt)
{
  g_return_val_if_fail (rt < FIT_N_RUNTIMES, NULL);
  return runtimes[rt].id;
}

const char *
fit_runtime_label (FitRuntime rt)
{
  g_return_val_if_fail (rt < FIT_N_RUNTIMES, NULL);
  return runtimes[rt].label;
}

gboolean
fit_runtime_parse (const char *str,
                   FitRuntime *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  if (str == NULL)
    return FALSE;

  for (guint i = 0; i < FIT_N_RUNTIMES; i++)
    {
      if (g_ascii_strcasecmp (str, runtimes[i].id) == 0)
        {
          *out = i;
          return TRUE;
        }
    }

  if (g_ascii_strcasecmp (str, "llamacpp") == 0 || g_ascii_strcasecmp (str, "llama-cpp") == 0 ||
      g_ascii_strcasecmp (str, "llama_cpp") == 0)
    *out = FIT_RUNTIME_LLAMACPP;
  else if (g_ascii_strcasecmp (str, "hf") == 0 || g_ascii_strcasecmp (str, "huggingface") == 0)
    *out = FIT_RUNTIME_TRANSFORMERS;
  else
    return FALSE;

  return TRUE;
}

gboolean
fit_runtime_is_llamacpp (FitRuntime rt)
{
  return rt == FIT_RUNTIME_LLAMACPP || rt == FIT_RUNTIME_OLLAMA;
}

gboolean
fit_runtime_accepts_weights (FitRuntime      rt,
                             FitWeightFormat fmt)
{
  if (fmt == FIT_WEIGHTS_EXACT)
    return TRUE;

  if (fit_runtime_is_llamacpp (rt))
    {
      /* Plain float and MXFP4 names map onto their GGUF twins. */
      return fit_weight_format_is_gguf (fmt) ||
             fmt == FIT_WEIGHTS_F32 || fmt == FIT_WEIGHTS_F16 ||
             fmt == FIT_WEIGHTS_BF16 || fmt == FIT_WEIGHTS_MXFP4;
    }

  if (fit_weight_format_is_gguf (fmt))
    return FALSE;

  if (rt == FIT_RUNTIME_VLLM)
    return fmt != FIT_WEIGHTS_BNB_FP4;

  return TRUE;
}

gboolean
fit_runtime_accepts_kv (FitRuntime rt,
                        FitKvType  type)
{
  switch (rt)
    {
    case FIT_RUNTIME_LLAMACPP:
    case FIT_RUNTIME_OLLAMA:
      return type != FIT_KV_FP8;
    case FIT_RUNTIME_VLLM:
      return type == FIT_KV_F32 || type == FIT_KV_F16 || type == FIT_KV_BF16 || type == FIT_KV_FP8;
    case FIT_RUNTIME_TRANSFORMERS:
      return type == FIT_KV_F32 || type == FIT_KV_F16 || type == FIT_KV_BF16;
    case FIT_N_RUNTIMES:
    default:
      return FALSE;
    }
}

char *
fit_runtime_list_ids (void)
{
  return g_strdup ("llama.cpp, ollama, vllm, transformers");
}
