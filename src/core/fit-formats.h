/* fit-formats.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ggml tensor types, numbered as in the GGUF file format. */
typedef enum
{
  FIT_GGML_F32     = 0,
  FIT_GGML_F16     = 1,
  FIT_GGML_Q4_0    = 2,
  FIT_GGML_Q4_1    = 3,
  FIT_GGML_Q5_0    = 6,
  FIT_GGML_Q5_1    = 7,
  FIT_GGML_Q8_0    = 8,
  FIT_GGML_Q8_1    = 9,
  FIT_GGML_Q2_K    = 10,
  FIT_GGML_Q3_K    = 11,
  FIT_GGML_Q4_K    = 12,
  FIT_GGML_Q5_K    = 13,
  FIT_GGML_Q6_K    = 14,
  FIT_GGML_Q8_K    = 15,
  FIT_GGML_IQ2_XXS = 16,
  FIT_GGML_IQ2_XS  = 17,
  FIT_GGML_IQ3_XXS = 18,
  FIT_GGML_IQ1_S   = 19,
  FIT_GGML_IQ4_NL  = 20,
  FIT_GGML_IQ3_S   = 21,
  FIT_GGML_IQ2_S   = 22,
  FIT_GGML_IQ4_XS  = 23,
  FIT_GGML_I8      = 24,
  FIT_GGML_I16     = 25,
  FIT_GGML_I32     = 26,
  FIT_GGML_I64     = 27,
  FIT_GGML_F64     = 28,
  FIT_GGML_IQ1_M   = 29,
  FIT_GGML_BF16    = 30,
  FIT_GGML_TQ1_0   = 34,
  FIT_GGML_TQ2_0   = 35,
  FIT_GGML_MXFP4   = 39,
  FIT_GGML_N_TYPES = 40,
} FitGgmlType;

gboolean    fit_ggml_type_is_valid      (guint32      type);
const char *fit_ggml_type_name          (FitGgmlType  type);
guint32     fit_ggml_type_block_size    (FitGgmlType  type);  /* elements per block */
guint32     fit_ggml_type_block_bytes   (FitGgmlType  type);  /* bytes per block */
gboolean    fit_ggml_type_is_quantized  (FitGgmlType  type);
/* Bytes of a row of n elements; FALSE when n is not a multiple of the block. */
gboolean    fit_ggml_row_bytes          (FitGgmlType  type,
                                         guint64      n,
                                         guint64     *out_bytes);

/* Weight formats as users name them. */
typedef enum
{
  FIT_WEIGHTS_F32,
  FIT_WEIGHTS_F16,
  FIT_WEIGHTS_BF16,
  FIT_WEIGHTS_FP8,           /* E4M3, per-tensor/channel scales */
  FIT_WEIGHTS_BNB_INT8,      /* bitsandbytes LLM.int8() */
  FIT_WEIGHTS_BNB_NF4,
  FIT_WEIGHTS_BNB_FP4,
  FIT_WEIGHTS_GPTQ_INT4,
  FIT_WEIGHTS_GPTQ_INT8,
  FIT_WEIGHTS_AWQ_INT4,
  FIT_WEIGHTS_AWQ_INT8,
  FIT_WEIGHTS_MXFP4,         /* gpt-oss style: experts in MXFP4, the rest BF16 */
  FIT_WEIGHTS_GGUF_F32,
  FIT_WEIGHTS_GGUF_F16,
  FIT_WEIGHTS_GGUF_BF16,
  FIT_WEIGHTS_GGUF_Q8_0,
  FIT_WEIGHTS_GGUF_Q6_K,
  FIT_WEIGHTS_GGUF_Q5_K_M,
  FIT_WEIGHTS_GGUF_Q5_K_S,
  FIT_WEIGHTS_GGUF_Q5_0,
  FIT_WEIGHTS_GGUF_Q4_K_M,
  FIT_WEIGHTS_GGUF_Q4_K_S,
  FIT_WEIGHTS_GGUF_Q4_0,
  FIT_WEIGHTS_GGUF_IQ4_XS,
  FIT_WEIGHTS_GGUF_Q3_K_M,
  FIT_WEIGHTS_GGUF_Q2_K,
  FIT_WEIGHTS_GGUF_MXFP4,    /* llama.cpp's MXFP4_MOE recipe */
  FIT_N_WEIGHT_FORMATS,
  FIT_WEIGHTS_EXACT = FIT_N_WEIGHT_FORMATS, /* the bytes of an imported file */
} FitWeightFormat;

const char *fit_weight_format_id         (FitWeightFormat fmt);   /* "q4_k_m" */
const char *fit_weight_format_label      (FitWeightFormat fmt);   /* "Q4_K_M" */
gboolean    fit_weight_format_parse      (const char     *str,
                                          FitWeightFormat *out);
gboolean    fit_weight_format_is_gguf    (FitWeightFormat fmt);
/* Nominal bits per weight of the bulk of the matrices, for display. */
double      fit_weight_format_nominal_bits (FitWeightFormat fmt);
char       *fit_weight_format_list_ids   (void);                  /* "f32, f16, …" */

/* KV cache element types. llama.cpp sets K and V separately. */
typedef enum
{
  FIT_KV_F32,
  FIT_KV_F16,
  FIT_KV_BF16,
  FIT_KV_FP8,
  FIT_KV_Q8_0,
  FIT_KV_Q5_1,
  FIT_KV_Q4_0,
  FIT_N_KV_TYPES,
} FitKvType;

const char *fit_kv_type_id            (FitKvType  type);
gboolean    fit_kv_type_parse         (const char *str,
                                       FitKvType  *out);
gboolean    fit_kv_type_is_quantized  (FitKvType  type);  /* block formats */
/* Bytes for n elements (n a multiple of 32 for block types, else rounded up). */
guint64     fit_kv_type_bytes         (FitKvType  type,
                                       guint64    n_elems);
char       *fit_kv_type_list_ids      (void);

typedef enum
{
  FIT_RUNTIME_LLAMACPP,
  FIT_RUNTIME_OLLAMA,
  FIT_RUNTIME_VLLM,
  FIT_RUNTIME_TRANSFORMERS,
  FIT_N_RUNTIMES,
} FitRuntime;

const char *fit_runtime_id            (FitRuntime rt);   /* "llama.cpp" */
const char *fit_runtime_label         (FitRuntime rt);   /* "llama.cpp" / "vLLM" */
gboolean    fit_runtime_parse         (const char *str,
                                       FitRuntime *out);
gboolean    fit_runtime_is_llamacpp   (FitRuntime rt);   /* llama.cpp or Ollama */
gboolean    fit_runtime_accepts_weights (FitRuntime      rt,
                                         FitWeightFormat fmt);
gboolean    fit_runtime_accepts_kv    (FitRuntime rt,
                                       FitKvType  type);
char       *fit_runtime_list_ids      (void);

G_END_DECLS
