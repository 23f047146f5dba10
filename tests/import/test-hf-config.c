/* test-hf-config.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fit-hf-config.h"
#include "fit-import.h"
#include "hostile-files.h"

static FitModel *
parse_ok (const char *json)
{
  g_autoptr(GError) error = NULL;
  FitModel *model = fit_hf_config_parse (json, strlen (json), "config.json", &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  model->id = g_strdup ("test");
  fit_model_finalize (model, &error);
  g_assert_no_error (error);
  return model;
}

static void
assert_parse_error (const char *json,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = fit_hf_config_parse (json, strlen (json), "config.json", &error);

  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, "config.json: "));
}

static void
test_llama (void)
{
  g_autoptr(FitModel) m = parse_ok (
    "{\"architectures\":[\"LlamaForCausalLM\"],\"attention_bias\":false,\"hidden_size\":4096,"
    "\"intermediate_size\":14336,\"max_position_embeddings\":131072,\"model_type\":\"llama\","
    "\"num_attention_heads\":32,\"num_hidden_layers\":32,\"num_key_value_heads\":8,"
    "\"rope_scaling\":{\"factor\":8.0,\"high_freq_factor\":4.0,\"low_freq_factor\":1.0,"
    "\"original_max_position_embeddings\":8192,\"rope_type\":\"llama3\"},"
    "\"rope_theta\":500000.0,\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\","
    "\"vocab_size\":128256}");

  g_assert_cmpstr (m->architecture, ==, "llama");
  g_assert_cmpuint (m->n_layers, ==, 32);
  g_assert_cmpuint (m->hidden_size, ==, 4096);
  g_assert_cmpuint (m->n_heads, ==, 32);
  g_assert_cmpuint (m->n_kv_heads, ==, 8);
  g_assert_cmpuint (m->head_dim, ==, 128);
  g_assert_cmpuint (m->intermediate_size, ==, 14336);
  g_assert_cmpuint (m->vocab_size, ==, 128256);
  g_assert_cmpuint (m->context_window, ==, 131072);
  g_assert_false (m->tied_embeddings);
  g_assert_false (m->qkv_bias);
  g_assert_true (m->gated_ffn);
  g_assert_cmpint (m->official_format, ==, FIT_WEIGHTS_BF16);
  g_assert_cmpstr (m->layer_pattern, ==, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF");
  g_assert_cmpint (m->klass, ==, FIT_MODEL_DENSE);
  /* Llama 3.1 8B: 8.03 B parameters. */
  g_assert_cmpuint (m->params_total / 10000000, ==, 803);
}

static void
test_qwen25 (void)
{
  g_autoptr(FitModel) m = parse_ok (
    "{\"architectures\":[\"Qwen2ForCausalLM\"],\"hidden_size\":896,\"intermediate_size\":4864,"
    "\"max_position_embeddings\":32768,\"max_window_layers\":21,\"model_type\":\"qwen2\","
    "\"num_attention_heads\":14,\"num_hidden_layers\":24,\"num_key_value_heads\":2,"
    "\"rope_scaling\":null,\"sliding_window\":32768,\"tie_word_embeddings\":true,"
    "\"torch_dtype\":\"bfloat16\",\"use_sliding_window\":false,\"vocab_size\":151936}");

  g_assert_cmpuint (m->head_dim, ==, 64);
  g_assert_true (m->tied_embeddings);
  g_assert_true (m->qkv_bias);
  g_assert_null (strchr (m->layer_pattern, 'S'));
  g_assert_cmpuint (m->params_total, ==, 494032768);
}

static void
test_qwen_sliding (void)
{
  g_autoptr(FitModel) m = parse_ok (
    "{\"model_type\":\"qwen2\",\"hidden_size\":64,\"intermediate_size\":128,"
    "\"num_attention_heads\":4,\"num_hidden_layers\":4,\"num_key_value_heads\":2,"
    "\"vocab_size\":100,\"max_position_embeddings\":32768,\"sliding_window\":4096,"
    "\"use_sliding_window\":true,\"max_window_layers\":2}");

  g_assert_cmpstr (m->layer_pattern, ==, "FFSS");
  g_assert_cmpuint (m->sliding_window, ==, 4096);
}

static void
test_gemma3 (void)
{
  /* Gemma 3 4B states only what differs from Gemma3TextConfig. */
  g_autoptr(FitModel) m = parse_ok (
    "{\"architectures\":[\"Gemma3ForConditionalGeneration\"],\"boi_token_index\":255999,"
    "\"eoi_token_index\":256000,\"eos_token_id\":[1,106],\"image_token_index\":262144,"
    "\"initializer_range\":0.02,\"mm_tokens_per_image\":256,\"model_type\":\"gemma3\","
    "\"text_config\":{\"hidden_size\":2560,\"intermediate_size\":10240,"
    "\"model_type\":\"gemma3_text\",\"num_hidden_layers\":34,"
    "\"rope_scaling\":{\"factor\":8.0,\"rope_type\":\"linear\"},\"sliding_window\":1024},"
    "\"torch_dtype\":\"bfloat16\",\"transformers_version\":\"4.50.0.dev0\","
    "\"vision_config\":{\"hidden_size\":1152,\"image_size\":896,\"intermediate_size\":4304,"
    "\"model_type\":\"siglip_vision_model\",\"num_attention_heads\":16,"
    "\"num_hidden_layers\":27,\"patch_size\":14,\"vision_use_head\":false}}");

  g_assert_cmpstr (m->architecture, ==, "gemma3_text");
  g_assert_cmpstr (m->modality, ==, "text+image");
  g_assert_cmpuint (m->n_layers, ==, 34);
  g_assert_cmpuint (m->hidden_size, ==, 2560);
  g_assert_cmpuint (m->n_heads, ==, 8);
  g_assert_cmpuint (m->n_kv_heads, ==, 4);
  g_assert_cmpuint (m->head_dim, ==, 256);
  g_assert_cmpuint (m->vocab_size, ==, 262208);
  g_assert_cmpuint (m->sliding_window, ==, 1024);
  g_assert_cmpuint (m->context_window, ==, 131072);
  g_assert_true (m->tied_embeddings);
  g_assert_cmpuint (m->norms_per_layer, ==, 4);
  g_assert_cmpuint (strlen (m->layer_pattern), ==, 34);
  g_assert_true (g_str_has_prefix (m->layer_pattern, "SSSSSFSSSSSF"));
  g_assert_cmpuint (m->n_swa_layers, ==, 29);
  g_assert_cmpuint (m->n_full_layers, ==, 5);
}

static void
test_deepseek_v3 (void)
{
  g_autoptr(FitModel) m = parse_ok (
    "{\"architectures\":[\"DeepseekV3ForCausalLM\"],\"first_k_dense_replace\":3,"
    "\"hidden_size\":7168,\"intermediate_size\":18432,\"kv_lora_rank\":512,"
    "\"max_position_embeddings\":163840,\"model_type\":\"deepseek_v3\","
    "\"moe_intermediate_size\":2048,\"moe_layer_freq\":1,\"n_group\":8,"
    "\"n_routed_experts\":256,\"n_shared_experts\":1,\"num_attention_heads\":128,"
    "\"num_experts_per_tok\":8,\"num_hidden_layers\":61,\"num_key_value_heads\":128,"
    "\"num_nextn_predict_layers\":1,\"q_lora_rank\":1536,\"qk_nope_head_dim\":128,"
    "\"qk_rope_head_dim\":64,\"quantization_config\":{\"activation_scheme\":\"dynamic\","
    "\"fmt\":\"e4m3\",\"quant_method\":\"fp8\",\"weight_block_size\":[128,128]},"
    "\"rope_scaling\":{\"beta_fast\":32,\"beta_slow\":1,\"factor\":40,"
    "\"mscale\":1.0,\"mscale_all_dim\":1.0,\"original_max_position_embeddings\":4096,"
    "\"type\":\"yarn\"},\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\","
    "\"v_head_dim\":128,\"vocab_size\":129280}");

  g_assert_cmpuint (m->kv_lora_rank, ==, 512);
  g_assert_cmpuint (m->q_lora_rank, ==, 1536);
  g_assert_cmpuint (m->head_dim, ==, 192);
  g_assert_cmpuint (m->v_head_dim, ==, 128);
  g_assert_cmpuint (m->n_experts, ==, 256);
  g_assert_cmpuint (m->experts_per_token, ==, 8);
  g_assert_cmpuint (m->n_shared_experts, ==, 1);
  g_assert_cmpuint (m->expert_intermediate_size, ==, 2048);
  g_assert_cmpuint (m->first_dense_layers, ==, 3);
  g_assert_cmpuint (m->n_moe_layers, ==, 58);
  g_assert_cmpint (m->official_format, ==, FIT_WEIGHTS_FP8);
  g_assert_cmpint (m->klass, ==, FIT_MODEL_MOE);
  g_assert_cmpuint (m->context_window, ==, 163840);
  /* 671 B parameters, without the MTP layer. */
  g_assert_cmpuint (m->params_total / 1000000000, >=, 668);
  g_assert_cmpuint (m->params_total / 1000000000, <=, 672);
}

static void
test_mixtral (void)
{
  g_autoptr(FitModel) m = parse_ok (
    "{\"architectures\":[\"MixtralForCausalLM\"],\"hidden_size\":4096,"
    "\"intermediate_size\":14336,\"max_position_embeddings\":32768,\"model_type\":\"mixtral\","
    "\"num_attention_heads\":32,\"num_experts_per_tok\":2,\"num_hidden_layers\":32,"
    "\"num_key_value_heads\":8,\"num_local_experts\":8,\"sliding_window\":null,"
    "\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\",\"vocab_size\":32000}");

  g_assert_cmpuint (m->n_experts, ==, 8);
  g_assert_cmpuint (m->experts_per_token, ==, 2);
  g_assert_cmpuint (m->expert_intermediate_size, ==, 14336);
  g_assert_cmpuint (m->n_moe_layers, ==, 32);
  g_assert_null (strchr (m->layer_pattern, 'S'));
  /* 46.7 B in total, 12.9 B active. */
  g_assert_cmpuint (m->params_total / 100000000, ==, 467);
  g_assert_cmpuint (m->params_active / 100000000, >=, 127);
  g_assert_cmpuint (m->params_active / 100000000, <=, 130);
}

static void
test_gpt_oss (void)
{
  g_autoptr(FitModel) m = parse_ok (
    "{\"architectures\":[\"GptOssForCausalLM\"],\"experts_per_token\":4,\"head_dim\":64,"
    "\"hidden_size\":2880,\"intermediate_size\":2880,\"layer_types\":[\"sliding_attention\","
    "\"full_attention\",\"sliding_attention\",\"full_attention\"],"
    "\"max_position_embeddings\":131072,\"model_type\":\"gpt_oss\",\"num_attention_heads\":64,"
    "\"num_experts_per_tok\":4,\"num_hidden_layers\":4,\"num_key_value_heads\":8,"
    "\"num_local_experts\":32,\"quantization_config\":{\"modules_to_not_convert\":"
    "[\"model.layers.*.self_attn\"],\"quant_method\":\"mxfp4\"},\"sliding_window\":128,"
    "\"tie_word_embeddings\":false,\"vocab_size\":201088}");

  g_assert_cmpstr (m->layer_pattern, ==, "SFSF");
  g_assert_cmpuint (m->sliding_window, ==, 128);
  g_assert_cmpuint (m->head_dim, ==, 64);
  g_assert_cmpint (m->official_format, ==, FIT_WEIGHTS_MXFP4);
}

static void
test_quantization (void)
{
  static const struct
  {
    const char     *quant;
    FitWeightFormat format;
  } cases[] = {
    { "{\"quant_method\":\"gptq\",\"bits\":4,\"group_size\":128,\"desc_act\":false}",
      FIT_WEIGHTS_GPTQ_INT4 },
    { "{\"quant_method\":\"gptq\",\"bits\":8}", FIT_WEIGHTS_GPTQ_INT8 },
    { "{\"quant_method\":\"awq\",\"bits\":4,\"group_size\":128,\"version\":\"gemm\","
      "\"zero_point\":true}", FIT_WEIGHTS_AWQ_INT4 },
    { "{\"quant_method\":\"awq\",\"w_bit\":4,\"q_group_size\":128}", FIT_WEIGHTS_AWQ_INT4 },
    { "{\"quant_method\":\"fp8\",\"activation_scheme\":\"dynamic\"}", FIT_WEIGHTS_FP8 },
    { "{\"quant_method\":\"bitsandbytes\",\"load_in_4bit\":true,"
      "\"bnb_4bit_quant_type\":\"nf4\"}", FIT_WEIGHTS_BNB_NF4 },
    { "{\"quant_method\":\"bitsandbytes\",\"load_in_4bit\":true,"
      "\"bnb_4bit_quant_type\":\"fp4\"}", FIT_WEIGHTS_BNB_FP4 },
    { "{\"quant_method\":\"bitsandbytes\",\"load_in_8bit\":true}", FIT_WEIGHTS_BNB_INT8 },
    { "{\"quant_method\":\"compressed-tensors\",\"config_groups\":{\"group_0\":{"
      "\"targets\":[\"Linear\"],\"weights\":{\"num_bits\":8,\"type\":\"float\","
      "\"strategy\":\"channel\"}}}}", FIT_WEIGHTS_FP8 },
    { "{\"quant_method\":\"compressed-tensors\",\"config_groups\":{\"group_0\":{"
      "\"weights\":{\"num_bits\":4,\"type\":\"int\",\"group_size\":128}}}}",
      FIT_WEIGHTS_GPTQ_INT4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"model_type\":\"qwen2\",\"hidden_size\":64,\"intermediate_size\":128,"
        "\"num_attention_heads\":4,\"num_hidden_layers\":2,\"num_key_value_heads\":2,"
        "\"vocab_size\":100,\"torch_dtype\":\"float16\",\"quantization_config\":%s}",
        cases[i].quant);
      g_autoptr(FitModel) m = parse_ok (json);

      g_assert_cmpint (m->official_format, ==, cases[i].format);
    }

  {
    g_autoptr(FitModel) m = parse_ok (
      "{\"model_type\":\"llama\",\"hidden_size\":64,\"intermediate_size\":128,"
      "\"num_attention_heads\":4,\"num_hidden_layers\":2,\"vocab_size\":100,"
      "\"torch_dtype\":\"float16\"}");

    g_assert_cmpint (m->official_format, ==, FIT_WEIGHTS_F16);
    g_assert_cmpuint (m->n_kv_heads, ==, 4);
  }

  assert_parse_error ("{\"model_type\":\"llama\",\"hidden_size\":64,\"num_attention_heads\":4,"
                      "\"num_hidden_layers\":2,\"vocab_size\":100,\"quantization_config\":"
                      "{\"quant_method\":\"bitsandbytes\"}}",
                      FIT_IMPORT_ERROR_INCONSISTENT);
  assert_parse_error ("{\"model_type\":\"llama\",\"hidden_size\":64,\"num_attention_heads\":4,"
                      "\"num_hidden_layers\":2,\"vocab_size\":100,\"quantization_config\":"
                      "{\"quant_method\":\"compressed-tensors\",\"config_groups\":{\"g\":"
                      "{\"weights\":{\"num_bits\":\"8\"}}}}}",
                      FIT_IMPORT_ERROR_CORRUPT);
}

static void
test_hybrids (void)
{
  {
    g_autoptr(FitModel) m = parse_ok (
      "{\"model_type\":\"jamba\",\"hidden_size\":4096,\"intermediate_size\":14336,"
      "\"num_attention_heads\":32,\"num_key_value_heads\":8,\"num_hidden_layers\":16,"
      "\"vocab_size\":65536,\"attn_layer_period\":8,\"attn_layer_offset\":4,"
      "\"expert_layer_period\":2,\"expert_layer_offset\":1,\"num_experts\":16,"
      "\"num_experts_per_tok\":2,\"mamba_d_state\":16,\"mamba_d_conv\":4,"
      "\"mamba_expand\":2,\"mamba_dt_rank\":256,\"max_position_embeddings\":262144}");

    g_assert_cmpstr (m->layer_pattern, ==, "MMMMFMMMMMMMFMMM");
    g_assert_cmpint (m->ssm_kind, ==, FIT_SSM_MAMBA1);
    g_assert_cmpuint (m->ssm_d_inner, ==, 8192);
    g_assert_cmpuint (m->ssm_dt_rank, ==, 256);
    g_assert_cmpuint (m->n_moe_layers, ==, 8);
    g_assert_cmpint (m->klass, ==, FIT_MODEL_HYBRID);
  }
  {
    g_autoptr(FitModel) m = parse_ok (
      "{\"model_type\":\"falcon_h1\",\"hidden_size\":3072,\"intermediate_size\":12288,"
      "\"num_attention_heads\":12,\"num_key_value_heads\":2,\"head_dim\":128,"
      "\"num_hidden_layers\":4,\"vocab_size\":130049,\"mamba_n_heads\":24,"
      "\"mamba_d_head\":128,\"mamba_d_state\":256,\"mamba_d_ssm\":3072,\"mamba_n_groups\":1,"
      "\"mamba_d_conv\":4,\"mamba_expand\":2,\"max_position_embeddings\":262144}");

    g_assert_cmpstr (m->layer_pattern, ==, "PPPP");
    g_assert_cmpint (m->ssm_kind, ==, FIT_SSM_MAMBA2);
    g_assert_cmpuint (m->ssm_n_heads, ==, 24);
    g_assert_cmpuint (m->ssm_d_inner, ==, 3072);
  }
  {
    g_autoptr(FitModel) m = parse_ok (
      "{\"model_type\":\"qwen3_next\",\"hidden_size\":2048,\"intermediate_size\":5120,"
      "\"num_attention_heads\":16,\"num_key_value_heads\":2,\"head_dim\":256,"
      "\"num_hidden_layers\":8,\"vocab_size\":151936,\"full_attention_interval\":4,"
      "\"linear_num_key_heads\":16,\"linear_num_value_heads\":32,"
      "\"linear_key_head_dim\":128,\"linear_value_head_dim\":128,"
      "\"linear_conv_kernel_dim\":4,\"num_experts\":512,\"num_experts_per_tok\":10,"
      "\"moe_intermediate_size\":512,\"shared_expert_intermediate_size\":512,"
      "\"decoder_sparse_step\":1,\"max_position_embeddings\":262144}");

    g_assert_cmpstr (m->layer_pattern, ==, "LLLFLLLF");
    g_assert_cmpint (m->ssm_kind, ==, FIT_SSM_GATED_DELTANET);
    g_assert_cmpuint (m->n_shared_experts, ==, 1);
    g_assert_cmpuint (m->n_moe_layers, ==, 8);
  }
  {
    g_autoptr(FitModel) m = parse_ok (
      "{\"model_type\":\"mamba\",\"hidden_size\":768,\"intermediate_size\":1536,"
      "\"num_hidden_layers\":24,\"vocab_size\":50280,\"state_size\":16,\"conv_kernel\":4,"
      "\"time_step_rank\":\"auto\"}");

    g_assert_cmpstr (m->layer_pattern, ==, "MMMMMMMMMMMMMMMMMMMMMMMM");
    g_assert_cmpuint (m->ssm_dt_rank, ==, 48);
    g_assert_cmpuint (m->n_heads, ==, 0);
  }
}

static void
test_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const char *alphabet = "{}[]\":,0123456789.-eE truefalsnl\\\"abc";
  char buf[256];

  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FitModel) model = NULL;
      gsize len = g_rand_int_range (rand, 0, sizeof buf);

      for (gsize i = 0; i < len; i++)
        buf[i] = alphabet[g_rand_int_range (rand, 0, (gint32) strlen (alphabet))];

      model = fit_hf_config_parse (buf, len, "config.json", &error);
      g_assert_null (model);
      g_assert_nonnull (error);
    }
}

static void
test_json_syntax (void)
{
  static const struct
  {
    const char *json;
    const char *where;
  } cases[] = {
    { "{\n  \"a\" 1\n}", "line 2, column 7" },
    { "{\"a\": [1, 2,]}", "line 1, column 13" },
    { "{\"a\": 01}", "line 1, column 8" },
    { "{\"a\": \"\\q\"}", "line 1, column 8" },
    { "{\"a\": 1}\n{}", "line 2, column 1" },
    { "{\"a\": tru}", "line 1, column 7" },
    { "{\"a\": \"x", "line 1, column 9" },
    { "{\"a\": 1", "line 1, column 8" },
    { "{'a': 1}", "line 1, column 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FitModel) model = fit_hf_config_parse (cases[i].json, strlen (cases[i].json),
                                                       "config.json", &error);

      g_assert_null (model);
      g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_CORRUPT);
      if (strstr (error->message, cases[i].where) == NULL)
        g_error ("%s: expected “%s” in “%s”", cases[i].json, cases[i].where, error->message);
    }
}

static gboolean
open_hf_config (const char  *path,
                const char  *name,
                GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(FitModel) model = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  model = fit_hf_config_parse (contents, length, name, error);
  return model != NULL;
}

static void
test_data_files (void)
{
  fit_test_hostile_files ("hf-config", ".json", open_hf_config);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hf-config/llama", test_llama);
  g_test_add_func ("/hf-config/qwen2.5", test_qwen25);
  g_test_add_func ("/hf-config/qwen-sliding", test_qwen_sliding);
  g_test_add_func ("/hf-config/gemma3", test_gemma3);
  g_test_add_func ("/hf-config/deepseek-v3", test_deepseek_v3);
  g_test_add_func ("/hf-config/mixtral", test_mixtral);
  g_test_add_func ("/hf-config/gpt-oss", test_gpt_oss);
  g_test_add_func ("/hf-config/quantization", test_quantization);
  g_test_add_func ("/hf-config/hybrids", test_hybrids);
  g_test_add_func ("/hf-config/garbage", test_garbage);
  g_test_add_func ("/hf-config/json-syntax", test_json_syntax);
  g_test_add_func ("/hf-config/data-files", test_data_files);

  return g_test_run ();
}
