/* fit-launch.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-launch"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fit-launch.h"

/* Characters that never need quoting in a POSIX shell word. */
#define SHELL_SAFE_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/:@+=,%"

static char *
shell_word (const char *word)
{
  g_assert (word != NULL);

  if (*word != '\0' && strspn (word, SHELL_SAFE_CHARS) == strlen (word))
    return g_strdup (word);

  return g_shell_quote (word);
}

static char *
python_string (const char *str)
{
  GString *out = g_string_new ("\"");

  for (const char *p = str; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');

      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }

  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static char *
format_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* Command lines are parsed by programs, not people: never the locale's comma. */
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

/* The GGUF label of a format as llama.cpp names its files. */
static const char *
gguf_label (FitWeightFormat fmt)
{
  switch (fmt)
    {
    case FIT_WEIGHTS_F32:
    case FIT_WEIGHTS_GGUF_F32:
      return "F32";
    case FIT_WEIGHTS_F16:
    case FIT_WEIGHTS_GGUF_F16:
      return "F16";
    case FIT_WEIGHTS_BF16:
    case FIT_WEIGHTS_GGUF_BF16:
      return "BF16";
    case FIT_WEIGHTS_MXFP4:
    case FIT_WEIGHTS_GGUF_MXFP4:
      return "MXFP4_MOE";
    case FIT_WEIGHTS_FP8:
    case FIT_WEIGHTS_BNB_INT8:
    case FIT_WEIGHTS_BNB_NF4:
    case FIT_WEIGHTS_BNB_FP4:
    case FIT_WEIGHTS_GPTQ_INT4:
    case FIT_WEIGHTS_GPTQ_INT8:
    case FIT_WEIGHTS_AWQ_INT4:
    case FIT_WEIGHTS_AWQ_INT8:
    case FIT_WEIGHTS_GGUF_Q8_0:
    case FIT_WEIGHTS_GGUF_Q6_K:
    case FIT_WEIGHTS_GGUF_Q5_K_M:
    case FIT_WEIGHTS_GGUF_Q5_K_S:
    case FIT_WEIGHTS_GGUF_Q5_0:
    case FIT_WEIGHTS_GGUF_Q4_K_M:
    case FIT_WEIGHTS_GGUF_Q4_K_S:
    case FIT_WEIGHTS_GGUF_Q4_0:
    case FIT_WEIGHTS_GGUF_IQ4_XS:
    case FIT_WEIGHTS_GGUF_Q3_K_M:
    case FIT_WEIGHTS_GGUF_Q2_K:
    case FIT_WEIGHTS_EXACT:
    default:
      return fit_weight_format_label (fmt);
    }
}

/* The last component of "Org/Name", or the model id. */
static const char *
model_basename (const FitModel *model)
{
  const char *slash;

  if (model->hf_repo != NULL && *model->hf_repo != '\0')
    {
      slash = strrchr (model->hf_repo, '/');
      return slash != NULL && slash[1] != '\0' ? slash + 1 : model->hf_repo;
    }

  return model->id != NULL ? model->id : "model";
}

/* The GGUF file llama.cpp and Ollama load: the opened file itself, or the
 * conventional name of a quantized download. */
static char *
gguf_file (const FitModel    *model,
           const FitSettings *settings)
{
  g_autofree char *name = NULL;

  if (model->source_path != NULL)
    return shell_word (model->source_path);

  name = g_strdup_printf ("%s-%s.gguf", model_basename (model), gguf_label (settings->weights));
  return shell_word (name);
}

/* What vLLM and Transformers load: the opened folder, the Hugging Face
 * repository, or a placeholder the user has to fill in. */
static const char *
hf_source (const FitModel *model)
{
  if (model->source_path != NULL)
    return model->source_path;
  if (model->hf_repo != NULL && *model->hf_repo != '\0')
    return model->hf_repo;
  return model->id != NULL ? model->id : "path/to/model";
}

static void
append_line (GString    *out,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
append_line (GString    *out,
             const char *format,
             ...)
{
  va_list args;

  g_string_append (out, " \\\n  ");
  va_start (args, format);
  g_string_append_vprintf (out, format, args);
  va_end (args);
}

static guint64
total_context (const FitEstimate *estimate)
{
  const FitSettings *settings = &estimate->settings;

  if (estimate->terms.n_ctx_total != 0)
    return estimate->terms.n_ctx_total;

  return settings->context * MAX (settings->concurrency, 1);
}

static char *
llamacpp_command (const FitModel    *model,
                  const FitEstimate *estimate)
{
  const FitSettings *settings = &estimate->settings;
  g_autofree char *file = gguf_file (model, settings);
  GString *out = g_string_new (NULL);

  if (model->source_path == NULL)
    /* Translators: a comment above a llama-server command line. */
    g_string_append_printf (out, "# %s\n", _("Download the GGUF file first; the name below is the usual one."));

  g_string_append (out, "llama-server");
  append_line (out, "-m %s", file);
  append_line (out, "-c %" G_GUINT64_FORMAT, total_context (estimate));
  append_line (out, "-np %u", MAX (settings->concurrency, 1));

  if (settings->gpu_layers < 0)
    append_line (out, "-ngl 999");
  else
    append_line (out, "-ngl %d", settings->gpu_layers);

  if (settings->flash_attn == FIT_TRISTATE_ON)
    append_line (out, "-fa on");
  else if (settings->flash_attn == FIT_TRISTATE_OFF)
    append_line (out, "-fa off");

  if (settings->kv_k != FIT_KV_F16)
    append_line (out, "--cache-type-k %s", fit_kv_type_id (settings->kv_k));
  if (settings->kv_v != FIT_KV_F16)
    append_line (out, "--cache-type-v %s", fit_kv_type_id (settings->kv_v));

  /* llama-server's own defaults need no flag. */
  if (settings->n_batch != 0 && settings->n_batch != 2048)
    append_line (out, "-b %u", settings->n_batch);
  if (settings->n_ubatch != 0 && settings->n_ubatch != 512)
    append_line (out, "-ub %u", settings->n_ubatch);
  if (settings->swa_full)
    append_line (out, "--swa-full");
  if (settings->kv_unified)
    append_line (out, "--kv-unified");
  if (settings->cpu_moe)
    append_line (out, "--cpu-moe");

  if (settings->gpu_count > 1)
    append_line (out, "--split-mode layer");

  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static char *
ollama_command (const FitModel    *model,
                const FitEstimate *estimate)
{
  const FitSettings *settings = &estimate->settings;
  g_autofree char *file = gguf_file (model, settings);
  g_autofree char *name = shell_word (model->id != NULL ? model->id : "my-model");
  GString *out = g_string_new (NULL);

  /* Translators: a comment in a shell snippet that starts the Ollama server. */
  g_string_append_printf (out, "# %s\n", _("Start the server with these settings:"));
  g_string_append_printf (out, "OLLAMA_NUM_PARALLEL=%u", MAX (settings->concurrency, 1));
  if (settings->flash_attn == FIT_TRISTATE_ON)
    g_string_append (out, " OLLAMA_FLASH_ATTENTION=1");
  else if (settings->flash_attn == FIT_TRISTATE_OFF)
    g_string_append (out, " OLLAMA_FLASH_ATTENTION=0");
  if (settings->kv_k != FIT_KV_F16)
    g_string_append_printf (out, " OLLAMA_KV_CACHE_TYPE=%s", fit_kv_type_id (settings->kv_k));
  g_string_append (out, " ollama serve\n\n");

  /* Translators: a comment in a shell snippet; "Modelfile" is a file name, do not translate it. */
  g_string_append_printf (out, "# %s\n", _("Modelfile:"));
  g_string_append_printf (out, "FROM %s\n", file);
  g_string_append_printf (out, "PARAMETER num_ctx %" G_GUINT64_FORMAT "\n", settings->context);
  if (settings->gpu_layers < 0)
    g_string_append (out, "PARAMETER num_gpu 999\n");
  else
    g_string_append_printf (out, "PARAMETER num_gpu %d\n", settings->gpu_layers);

  /* Translators: a comment in a shell snippet, before "ollama create" and "ollama run". */
  g_string_append_printf (out, "\n# %s\n", _("Then:"));
  g_string_append_printf (out, "ollama create %s -f Modelfile\n", name);
  g_string_append_printf (out, "ollama run %s\n", name);

  return g_string_free (out, FALSE);
}

static const char *
vllm_dtype (FitWeightFormat fmt)
{
  switch (fmt)
    {
    case FIT_WEIGHTS_F32:
      return "float32";
    case FIT_WEIGHTS_F16:
    case FIT_WEIGHTS_GPTQ_INT4:
    case FIT_WEIGHTS_GPTQ_INT8:
    case FIT_WEIGHTS_AWQ_INT4:
    case FIT_WEIGHTS_AWQ_INT8:
      return "float16";
    case FIT_WEIGHTS_BF16:
      return "bfloat16";
    case FIT_WEIGHTS_FP8:
    case FIT_WEIGHTS_BNB_INT8:
    case FIT_WEIGHTS_BNB_NF4:
    case FIT_WEIGHTS_BNB_FP4:
    case FIT_WEIGHTS_MXFP4:
    case FIT_WEIGHTS_GGUF_F32:
    case FIT_WEIGHTS_GGUF_F16:
    case FIT_WEIGHTS_GGUF_BF16:
    case FIT_WEIGHTS_GGUF_Q8_0:
    case FIT_WEIGHTS_GGUF_Q6_K:
    case FIT_WEIGHTS_GGUF_Q5_K_M:
    case FIT_WEIGHTS_GGUF_Q5_K_S:
    case FIT_WEIGHTS_GGUF_Q5_0:
    case FIT_WEIGHTS_GGUF_Q4_K_M:
    case FIT_WEIGHTS_GGUF_Q4_K_S:
    case FIT_WEIGHTS_GGUF_Q4_0:
    case FIT_WEIGHTS_GGUF_IQ4_XS:
    case FIT_WEIGHTS_GGUF_Q3_K_M:
    case FIT_WEIGHTS_GGUF_Q2_K:
    case FIT_WEIGHTS_GGUF_MXFP4:
    case FIT_WEIGHTS_EXACT:
    default:
      return NULL;
    }
}

static char *
vllm_command (const FitModel    *model,
              const FitEstimate *estimate)
{
  const FitSettings *settings = &estimate->settings;
  g_autofree char *source = shell_word (hf_source (model));
  g_autofree char *util = format_double (settings->gpu_util > 0 ? settings->gpu_util : 0.90);
  const char *dtype = vllm_dtype (settings->weights);
  GString *out = g_string_new (NULL);

  switch (settings->weights)
    {
    case FIT_WEIGHTS_GPTQ_INT4:
    case FIT_WEIGHTS_GPTQ_INT8:
    case FIT_WEIGHTS_AWQ_INT4:
    case FIT_WEIGHTS_AWQ_INT8:
      /* Translators: a comment above a vllm command; %s is a format such as "GPTQ-Int4". */
      g_string_append (out, "# ");
      g_string_append_printf (out, _("Use a %s checkpoint of this model; vLLM reads its quantization from config.json."),
                              fit_weight_format_label (settings->weights));
      g_string_append_c (out, '\n');
      break;
    default:
      break;
    }

  g_string_append_printf (out, "vllm serve %s", source);
  append_line (out, "--max-model-len %" G_GUINT64_FORMAT, settings->context);
  append_line (out, "--gpu-memory-utilization %s", util);
  if (settings->gpu_count > 1)
    append_line (out, "--tensor-parallel-size %u", settings->gpu_count);
  if (dtype != NULL)
    append_line (out, "--dtype %s", dtype);
  if (settings->weights == FIT_WEIGHTS_FP8 && model->official_format != FIT_WEIGHTS_FP8)
    append_line (out, "--quantization fp8");
  if (settings->weights == FIT_WEIGHTS_BNB_INT8 || settings->weights == FIT_WEIGHTS_BNB_NF4)
    append_line (out, "--quantization bitsandbytes");
  if (settings->kv_k == FIT_KV_FP8)
    append_line (out, "--kv-cache-dtype fp8");
  if (settings->max_num_seqs != 0)
    append_line (out, "--max-num-seqs %u", settings->max_num_seqs);
  if (settings->max_batched_tokens != 0)
    append_line (out, "--max-num-batched-tokens %u", settings->max_batched_tokens);
  if (settings->enforce_eager)
    append_line (out, "--enforce-eager");

  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static char *
transformers_snippet (const FitModel    *model,
                      const FitEstimate *estimate)
{
  const FitSettings *settings = &estimate->settings;
  g_autofree char *source = python_string (hf_source (model));
  const char *dtype = "torch.bfloat16";
  const char *bnb = NULL;
  GString *out = g_string_new (NULL);

  switch (settings->weights)
    {
    case FIT_WEIGHTS_F32:
      dtype = "torch.float32";
      break;
    case FIT_WEIGHTS_F16:
    case FIT_WEIGHTS_GPTQ_INT4:
    case FIT_WEIGHTS_GPTQ_INT8:
    case FIT_WEIGHTS_AWQ_INT4:
    case FIT_WEIGHTS_AWQ_INT8:
      dtype = "torch.float16";
      break;
    case FIT_WEIGHTS_BNB_INT8:
      bnb = "BitsAndBytesConfig(load_in_8bit=True)";
      break;
    case FIT_WEIGHTS_BNB_NF4:
      bnb = "BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=\"nf4\", "
            "bnb_4bit_compute_dtype=torch.bfloat16)";
      break;
    case FIT_WEIGHTS_BNB_FP4:
      bnb = "BitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type=\"fp4\", "
            "bnb_4bit_compute_dtype=torch.bfloat16)";
      break;
    case FIT_WEIGHTS_FP8:
    case FIT_WEIGHTS_MXFP4:
    case FIT_WEIGHTS_EXACT:
      dtype = "\"auto\"";
      break;
    default:
      break;
    }

  g_string_append (out, "import torch\n");
  g_string_append_printf (out, "from transformers import AutoModelForCausalLM, AutoTokenizer%s\n\n",
                          bnb != NULL ? ", BitsAndBytesConfig" : "");
  g_string_append_printf (out, "model_id = %s\n", source);
  g_string_append (out, "tokenizer = AutoTokenizer.from_pretrained(model_id)\n");
  g_string_append (out, "model = AutoModelForCausalLM.from_pretrained(\n");
  g_string_append (out, "    model_id,\n");
  g_string_append_printf (out, "    torch_dtype=%s,\n", dtype);
  g_string_append (out, "    device_map=\"auto\",\n");
  if (settings->flash_attn == FIT_TRISTATE_ON)
    g_string_append (out, "    attn_implementation=\"flash_attention_2\",\n");
  else
    g_string_append (out, "    attn_implementation=\"sdpa\",\n");
  if (bnb != NULL)
    g_string_append_printf (out, "    quantization_config=%s,\n", bnb);
  g_string_append (out, ")\n\n");

  /* Translators: a Python comment above the two numbers it describes. */
  g_string_append_printf (out, "# %s\n", _("Up to this many tokens per sequence, this many sequences at once:"));
  g_string_append_printf (out, "max_length = %" G_GUINT64_FORMAT "\n", settings->context);
  g_string_append_printf (out, "batch_size = %u\n", MAX (settings->concurrency, 1));
  g_string_append (out, "inputs = tokenizer([\"Hello\"] * batch_size, return_tensors=\"pt\").to(model.device)\n");
  g_string_append (out, "outputs = model.generate(**inputs, max_length=max_length)\n");

  return g_string_free (out, FALSE);
}

/**
 * fit_launch_language:
 * @runtime: a #FitRuntime
 *
 * Returns: the language of the text fit_launch_command() writes for @runtime,
 *   so a viewer can label it.
 */
FitLaunchLanguage
fit_launch_language (FitRuntime runtime)
{
  return runtime == FIT_RUNTIME_TRANSFORMERS ? FIT_LAUNCH_PYTHON : FIT_LAUNCH_SHELL;
}

/**
 * fit_launch_command:
 * @model: the model
 * @estimate: an estimate of @model; its settings are resolved
 *
 * Writes what starts @model with the settings of @estimate in its runtime:
 * llama-server flags, the Ollama environment and Modelfile, `vllm serve`
 * flags or a Transformers snippet. Values that the runtime would choose by
 * itself are left out, so the text stays short.
 *
 * Returns: (transfer full): the text, ending with a newline
 */
char *
fit_launch_command (const FitModel    *model,
                    const FitEstimate *estimate)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (estimate != NULL, NULL);

  switch (estimate->settings.runtime)
    {
    case FIT_RUNTIME_LLAMACPP:
      return llamacpp_command (model, estimate);
    case FIT_RUNTIME_OLLAMA:
      return ollama_command (model, estimate);
    case FIT_RUNTIME_VLLM:
      return vllm_command (model, estimate);
    case FIT_RUNTIME_TRANSFORMERS:
      return transformers_snippet (model, estimate);
    case FIT_N_RUNTIMES:
    default:
      g_return_val_if_reached (NULL);
    }
}
