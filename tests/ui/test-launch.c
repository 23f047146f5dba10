/* test-launch.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "fit-launch.h"

/* A Qwen2.5-0.5B-like model, built by hand so the test does not depend
 * on the catalog's contents. */
static FitModel *
make_model (const char *hf_repo)
{
  g_autoptr(GError) error = NULL;
  FitModel *model = fit_model_new ();

  model->id = g_strdup ("test-model");
  model->name = g_strdup ("Test Model");
  model->hf_repo = g_strdup (hf_repo);
  model->n_layers = 24;
  model->hidden_size = 896;
  model->intermediate_size = 4864;
  model->n_heads = 14;
  model->n_kv_heads = 2;
  model->head_dim = 64;
  model->vocab_size = 151936;
  model->tied_embeddings = TRUE;
  model->qkv_bias = TRUE;
  model->gated_ffn = TRUE;
  model->norms_per_layer = 2;
  model->context_window = 32768;
  model->max_position_embeddings = 32768;
  model->official_format = FIT_WEIGHTS_BF16;

  fit_model_finalize (model, &error);
  g_assert_no_error (error);

  return model;
}

static FitDevice *
make_device (void)
{
  FitDevice *device = fit_device_new ();

  device->id = g_strdup ("test-gpu");
  device->name = g_strdup ("Test GPU");
  device->memory_bytes = G_GUINT64_CONSTANT (24) << 30;
  device->bandwidth_gbps = 1000;
  device->tflops_fp16 = 100;

  return device;
}

static char *
command_for (const FitModel *model,
             FitSettings    *settings)
{
  g_autoptr(FitDevice) device = make_device ();
  g_autoptr(GError) error = NULL;
  FitEstimate estimate;

  fit_estimate (model, device, settings, &estimate, &error);
  g_assert_no_error (error);

  return fit_launch_command (model, &estimate);
}

static void
test_launch_llamacpp (void)
{
  g_autoptr(FitModel) model = make_model ("Qwen/Qwen2.5-0.5B-Instruct");
  g_autofree char *text = NULL;
  FitSettings settings;

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_LLAMACPP;
  settings.weights = FIT_WEIGHTS_GGUF_Q8_0;
  settings.weights_set = TRUE;
  settings.kv_k = settings.kv_v = FIT_KV_Q8_0;
  settings.kv_set = TRUE;
  settings.flash_attn = FIT_TRISTATE_ON;
  settings.context = 8192;
  settings.concurrency = 2;
  settings.gpu_layers = 10;

  text = command_for (model, &settings);
  g_assert_nonnull (strstr (text, "llama-server \\\n"));
  g_assert_nonnull (strstr (text, "-m Qwen2.5-0.5B-Instruct-Q8_0.gguf"));
  /* llama.cpp's -c is the total over all slots. */
  g_assert_nonnull (strstr (text, "-c 16384"));
  g_assert_nonnull (strstr (text, "-np 2"));
  g_assert_nonnull (strstr (text, "-ngl 10"));
  g_assert_nonnull (strstr (text, "-fa on"));
  g_assert_nonnull (strstr (text, "--cache-type-k q8_0"));
  g_assert_nonnull (strstr (text, "--cache-type-v q8_0"));
  g_assert_true (g_str_has_suffix (text, "\n"));
}

static void
test_launch_ollama (void)
{
  g_autoptr(FitModel) model = make_model ("Qwen/Qwen2.5-0.5B-Instruct");
  g_autofree char *text = NULL;
  FitSettings settings;

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_OLLAMA;
  settings.context = 4096;
  settings.concurrency = 3;

  text = command_for (model, &settings);
  g_assert_nonnull (strstr (text, "OLLAMA_NUM_PARALLEL=3"));
  g_assert_nonnull (strstr (text, "ollama serve"));
  g_assert_nonnull (strstr (text, "FROM Qwen2.5-0.5B-Instruct-Q4_K_M.gguf"));
  /* Ollama's num_ctx is per sequence, unlike llama.cpp's -c. */
  g_assert_nonnull (strstr (text, "PARAMETER num_ctx 4096\n"));
  g_assert_nonnull (strstr (text, "PARAMETER num_gpu "));
  g_assert_nonnull (strstr (text, "ollama create test-model -f Modelfile"));
}

static void
test_launch_vllm (void)
{
  g_autoptr(FitModel) model = make_model ("Qwen/Qwen2.5-0.5B-Instruct");
  g_autofree char *text = NULL;
  FitSettings settings;

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_VLLM;
  settings.weights = FIT_WEIGHTS_BF16;
  settings.weights_set = TRUE;
  settings.kv_k = settings.kv_v = FIT_KV_FP8;
  settings.kv_set = TRUE;
  settings.context = 16384;
  settings.gpu_util = 0.85;
  settings.gpu_count = 2;

  text = command_for (model, &settings);
  g_assert_true (g_str_has_prefix (text, "vllm serve Qwen/Qwen2.5-0.5B-Instruct"));
  g_assert_nonnull (strstr (text, "--max-model-len 16384"));
  /* A dot whatever the locale: programs parse this. */
  g_assert_nonnull (strstr (text, "--gpu-memory-utilization 0.85"));
  g_assert_nonnull (strstr (text, "--tensor-parallel-size 2"));
  g_assert_nonnull (strstr (text, "--dtype bfloat16"));
  g_assert_nonnull (strstr (text, "--kv-cache-dtype fp8"));
}

static void
test_launch_transformers (void)
{
  g_autoptr(FitModel) model = make_model ("Qwen/Qwen2.5-0.5B-Instruct");
  g_autofree char *text = NULL;
  FitSettings settings;

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_TRANSFORMERS;
  settings.weights = FIT_WEIGHTS_BNB_NF4;
  settings.weights_set = TRUE;
  settings.context = 2048;
  settings.concurrency = 4;

  text = command_for (model, &settings);
  g_assert_cmpint (fit_launch_language (FIT_RUNTIME_TRANSFORMERS), ==, FIT_LAUNCH_PYTHON);
  g_assert_cmpint (fit_launch_language (FIT_RUNTIME_VLLM), ==, FIT_LAUNCH_SHELL);
  g_assert_nonnull (strstr (text, "model_id = \"Qwen/Qwen2.5-0.5B-Instruct\""));
  g_assert_nonnull (strstr (text, "BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=\"nf4\""));
  g_assert_nonnull (strstr (text, "max_length = 2048"));
  g_assert_nonnull (strstr (text, "batch_size = 4"));
}

/* Names from files and the user are quoted, never pasted raw into a shell
 * or a Python string. */
static void
test_launch_quoting (void)
{
  g_autoptr(FitModel) model = make_model ("evil\"repo");
  g_autofree char *python = NULL;
  g_autofree char *shell = NULL;
  g_autofree char *vllm = NULL;
  FitSettings settings;

  g_free (model->source_path);
  model->source_path = g_strdup ("/tmp/My Models/it's.gguf");

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_LLAMACPP;
  shell = command_for (model, &settings);
  g_assert_nonnull (strstr (shell, "-m '/tmp/My Models/it'\\''s.gguf'"));

  g_clear_pointer (&model->source_path, g_free);
  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_TRANSFORMERS;
  python = command_for (model, &settings);
  g_assert_nonnull (strstr (python, "model_id = \"evil\\\"repo\""));

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_VLLM;
  vllm = command_for (model, &settings);
  g_assert_nonnull (strstr (vllm, "vllm serve 'evil\"repo'"));
}

/* A model without a repository still gets a command, with its id. */
static void
test_launch_no_repo (void)
{
  g_autoptr(FitModel) model = make_model (NULL);
  g_autofree char *text = NULL;
  FitSettings settings;

  fit_settings_init (&settings);
  settings.runtime = FIT_RUNTIME_VLLM;
  text = command_for (model, &settings);
  g_assert_true (g_str_has_prefix (text, "vllm serve test-model"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/launch/llamacpp", test_launch_llamacpp);
  g_test_add_func ("/launch/ollama", test_launch_ollama);
  g_test_add_func ("/launch/vllm", test_launch_vllm);
  g_test_add_func ("/launch/transformers", test_launch_transformers);
  g_test_add_func ("/launch/quoting", test_launch_quoting);
  g_test_add_func ("/launch/no-repo", test_launch_no_repo);

  return g_test_run ();
}
