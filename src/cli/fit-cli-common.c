/* fit-cli-common.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fitmygpu-cli"

#include "config.h"

#include <inttypes.h>

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "fit-cli-private.h"
#include "fit-fixes.h"
#include "fit-gpu-detect.h"
#include "fit-import.h"
#include "fit-units.h"

void
fit_cli_error (const char *format,
               ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "fitmygpu-cli: %s\n", msg);
}

/* Raw option values: numbers are parsed by us, strictly, so that "-1",
 * "1e3", "0x10" and "NaN" get a message that names them. */
typedef struct
{
  char *model, *gpu, *gpu_count, *runtime, *weights, *kv_type, *kv_k, *kv_v;
  char *context, *concurrency, *gpu_util, *flash_attn, *batch, *ubatch;
  char *gpu_layers, *max_num_seqs, *max_batched, *budget, *prompt;
  gboolean swa_full, kv_unified, cpu_moe, eager, json;
} RawArgs;

static void
raw_args_clear (RawArgs *r)
{
  char **fields[] = { &r->model, &r->gpu, &r->gpu_count, &r->runtime, &r->weights, &r->kv_type,
                      &r->kv_k, &r->kv_v, &r->context, &r->concurrency, &r->gpu_util, &r->flash_attn,
                      &r->batch, &r->ubatch, &r->gpu_layers, &r->max_num_seqs, &r->max_batched,
                      &r->budget, &r->prompt };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
}

static gboolean
parse_count (const char *option,
             const char *value,
             guint64     min,
             guint64     max,
             guint64    *out)
{
  guint64 v;

  if (!fit_parse_u64 (value, &v) || v < min || v > max)
    {
      fit_cli_error (_("Invalid value “%s” for %s: expected a whole number from %" PRIu64 " to %" PRIu64),
                     value, option, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static const FitDevice *
default_catalog_device (FitCatalog *catalog)
{
  static const char *ids[] = { "rtx-4060-ti-16gb", "rtx-3060-12gb", "rtx-4090" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const FitDevice *d = fit_catalog_find_device (catalog, ids[i]);

      if (d != NULL)
        return d;
    }
  return fit_catalog_get_n_devices (catalog) > 0 ? fit_catalog_get_device (catalog, 0) : NULL;
}

static int
resolve_device (FitCliEstimateArgs *args)
{
  g_autoptr(GError) error = NULL;

  if (args->gpu_arg == NULL)
    {
      const FitDevice *d;

      args->device = fit_gpu_detect_device (args->catalog, 0, NULL);
      if (args->device != NULL)
        return FIT_CLI_EXIT_OK;

      d = default_catalog_device (args->catalog);
      if (d == NULL)
        {
          fit_cli_error (_("No GPU given and none detected; pass --gpu ID (see “fitmygpu-cli gpus”)"));
          return FIT_CLI_EXIT_USAGE;
        }
      args->device = fit_device_copy (d);
      return FIT_CLI_EXIT_OK;
    }

  if (g_str_has_prefix (args->gpu_arg, "detected"))
    {
      const char *rest = args->gpu_arg + strlen ("detected");
      guint64 index = 0;

      if (*rest == ':' && !fit_parse_u64 (rest + 1, &index))
        rest = "bad";
      if (*rest != '\0' && *rest != ':')
        {
          fit_cli_error (_("Invalid GPU “%s”: use a catalog id, “detected” or “detected:N”"), args->gpu_arg);
          return FIT_CLI_EXIT_USAGE;
        }
      args->device = fit_gpu_detect_device (args->catalog, (guint) MIN (index, G_MAXUINT), &error);
      if (args->device == NULL)
        {
          fit_cli_error ("%s", error->message);
          return FIT_CLI_EXIT_USAGE;
        }
      return FIT_CLI_EXIT_OK;
    }

  {
    const FitDevice *d = fit_catalog_find_device (args->catalog, args->gpu_arg);

    if (d == NULL)
      {
        fit_cli_error (_("Unknown GPU “%s”; run “fitmygpu-cli gpus” for the accepted ids, or use “detected”"),
                       args->gpu_arg);
        return FIT_CLI_EXIT_USAGE;
      }
    args->device = fit_device_copy (d);
  }

  return FIT_CLI_EXIT_OK;
}

static int
resolve_model (FitCliEstimateArgs *args)
{
  if (args->model_arg == NULL)
    args->model_arg = g_strdup ("qwen2.5-0.5b-instruct");

  args->model = fit_catalog_find_model (args->catalog, args->model_arg);
  if (args->model != NULL)
    return FIT_CLI_EXIT_OK;

  if (g_file_test (args->model_arg, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;

      args->imported = fit_import_path (args->model_arg, &error);
      if (args->imported == NULL)
        {
          fit_cli_error ("%s", error->message);
          return FIT_CLI_EXIT_FAILURE;
        }
      args->model = args->imported;
      return FIT_CLI_EXIT_OK;
    }

  fit_cli_error (_("Unknown model “%s”; run “fitmygpu-cli models” for the accepted ids, or give a GGUF file or model folder"),
                 args->model_arg);
  return FIT_CLI_EXIT_USAGE;
}

int
fit_cli_estimate_args_parse (FitCliEstimateArgs *args,
                             int                *argc,
                             char             ***argv,
                             const GOptionEntry *extra,
                             const char         *summary)
{
  RawArgs r = { 0 };
  GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_STRING, &r.model, N_("Catalog model id, GGUF file or model folder"), N_("ID|PATH") },
    { "gpu", 'g', 0, G_OPTION_ARG_STRING, &r.gpu, N_("Catalog GPU id, “detected” or “detected:N”"), N_("ID") },
    { "gpu-count", 0, 0, G_OPTION_ARG_STRING, &r.gpu_count, N_("Number of GPUs (default 1)"), "N" },
    { "runtime", 'r', 0, G_OPTION_ARG_STRING, &r.runtime, N_("llama.cpp, ollama, vllm or transformers"), N_("RUNTIME") },
    { "weights", 'w', 0, G_OPTION_ARG_STRING, &r.weights, N_("Weight format: bf16, fp8, gptq-int4, awq-int4, nf4, mxfp4, q8_0, q4_k_m, …"), N_("FORMAT") },
    { "kv-type", 0, 0, G_OPTION_ARG_STRING, &r.kv_type, N_("KV cache type for K and V: f32, f16, bf16, fp8, q8_0, q5_1, q4_0"), N_("TYPE") },
    { "kv-type-k", 0, 0, G_OPTION_ARG_STRING, &r.kv_k, N_("KV cache type for K only"), N_("TYPE") },
    { "kv-type-v", 0, 0, G_OPTION_ARG_STRING, &r.kv_v, N_("KV cache type for V only"), N_("TYPE") },
    { "context", 'c', 0, G_OPTION_ARG_STRING, &r.context, N_("Context of each sequence in tokens (e.g. 8192 or 32k)"), "N" },
    { "concurrency", 'n', 0, G_OPTION_ARG_STRING, &r.concurrency, N_("Sequences served at once"), "N" },
    { "gpu-util", 0, 0, G_OPTION_ARG_STRING, &r.gpu_util, N_("vLLM gpu_memory_utilization, above 0 and at most 1"), "F" },
    { "flash-attn", 0, 0, G_OPTION_ARG_STRING, &r.flash_attn, N_("Flash attention: on, off or auto"), N_("on|off") },
    { "batch", 0, 0, G_OPTION_ARG_STRING, &r.batch, N_("llama.cpp logical batch (-b)"), "N" },
    { "ubatch", 0, 0, G_OPTION_ARG_STRING, &r.ubatch, N_("llama.cpp physical batch (-ub)"), "N" },
    { "gpu-layers", 0, 0, G_OPTION_ARG_STRING, &r.gpu_layers, N_("llama.cpp layers on the GPU (-ngl); “all” by default"), "N" },
    { "swa-full", 0, 0, G_OPTION_ARG_NONE, &r.swa_full, N_("llama.cpp --swa-full: full-size sliding-window cache"), NULL },
    { "kv-unified", 0, 0, G_OPTION_ARG_NONE, &r.kv_unified, N_("llama.cpp --kv-unified: one KV buffer for all sequences"), NULL },
    { "cpu-moe", 0, 0, G_OPTION_ARG_NONE, &r.cpu_moe, N_("llama.cpp --cpu-moe: keep the experts in system RAM"), NULL },
    { "max-num-seqs", 0, 0, G_OPTION_ARG_STRING, &r.max_num_seqs, N_("vLLM max_num_seqs (default 256)"), "N" },
    { "max-batched-tokens", 0, 0, G_OPTION_ARG_STRING, &r.max_batched, N_("vLLM max_num_batched_tokens (default 8192)"), "N" },
    { "enforce-eager", 0, 0, G_OPTION_ARG_NONE, &r.eager, N_("vLLM --enforce-eager: no CUDA graphs"), NULL },
    { "prompt-tokens", 0, 0, G_OPTION_ARG_STRING, &r.prompt, N_("Transformers prefill length (default: the whole context)"), "N" },
    { "budget", 0, 0, G_OPTION_ARG_STRING, &r.budget, N_("For a detected GPU, judge against “free” (default) or “total” memory"), N_("free|total") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &r.json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  FitSettings *s = &args->settings;
  guint64 v;
  int status = FIT_CLI_EXIT_USAGE;

  memset (args, 0, sizeof *args);
  fit_settings_init (s);

  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (ctx, extra, GETTEXT_PACKAGE);

  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      fit_cli_error ("%s", error->message);
      goto out;
    }
  if (*argc > 1)
    {
      fit_cli_error (_("Unexpected argument “%s”"), (*argv)[1]);
      goto out;
    }

  if (r.runtime != NULL && !fit_runtime_parse (r.runtime, &s->runtime))
    {
      fit_cli_error (_("Unknown runtime “%s”; accepted: llama.cpp, ollama, vllm, transformers"), r.runtime);
      goto out;
    }
  if (r.weights != NULL)
    {
      if (!fit_weight_format_parse (r.weights, &s->weights))
        {
          g_autofree char *ids = fit_weight_format_list_ids ();

          fit_cli_error (_("Unknown weight format “%s”; accepted: %s"), r.weights, ids);
          goto out;
        }
      s->weights_set = TRUE;
    }
  {
    struct { const char *opt; char *val; FitKvType *k; FitKvType *v; } kv[] = {
      { "--kv-type", r.kv_type, &s->kv_k, &s->kv_v },
      { "--kv-type-k", r.kv_k, &s->kv_k, NULL },
      { "--kv-type-v", r.kv_v, NULL, &s->kv_v },
    };

    for (guint i = 0; i < G_N_ELEMENTS (kv); i++)
      {
        FitKvType t;

        if (kv[i].val == NULL)
          continue;
        if (!fit_kv_type_parse (kv[i].val, &t))
          {
            g_autofree char *ids = fit_kv_type_list_ids ();

            fit_cli_error (_("Unknown KV cache type “%s” for %s; accepted: %s"), kv[i].val, kv[i].opt, ids);
            goto out;
          }
        if (kv[i].k)
          *kv[i].k = t;
        if (kv[i].v)
          *kv[i].v = t;
        s->kv_set = TRUE;
      }
  }

  if (r.context != NULL)
    {
      if (!parse_count ("--context", r.context, 1, FIT_MAX_CONTEXT, &v))
        goto out;
      s->context = v;
    }
  if (r.concurrency != NULL)
    {
      if (!parse_count ("--concurrency", r.concurrency, 1, FIT_MAX_CONCURRENCY, &v))
        goto out;
      s->concurrency = v;
    }
  if (r.gpu_count != NULL)
    {
      if (!parse_count ("--gpu-count", r.gpu_count, 1, FIT_MAX_GPU_COUNT, &v))
        goto out;
      s->gpu_count = v;
    }
  if (r.gpu_util != NULL)
    {
      if (!fit_parse_double (r.gpu_util, &s->gpu_util) || !(s->gpu_util > 0.0 && s->gpu_util <= 1.0))
        {
          fit_cli_error (_("Invalid value “%s” for --gpu-util: expected a number above 0 and at most 1"), r.gpu_util);
          goto out;
        }
    }
  if (r.flash_attn != NULL)
    {
      if (g_ascii_strcasecmp (r.flash_attn, "on") == 0 || g_ascii_strcasecmp (r.flash_attn, "1") == 0)
        s->flash_attn = FIT_TRISTATE_ON;
      else if (g_ascii_strcasecmp (r.flash_attn, "off") == 0 || g_ascii_strcasecmp (r.flash_attn, "0") == 0)
        s->flash_attn = FIT_TRISTATE_OFF;
      else if (g_ascii_strcasecmp (r.flash_attn, "auto") == 0)
        s->flash_attn = FIT_TRISTATE_AUTO;
      else
        {
          fit_cli_error (_("Invalid value “%s” for --flash-attn; accepted: on, off, auto"), r.flash_attn);
          goto out;
        }
    }
  if (r.batch != NULL)
    {
      if (!parse_count ("--batch", r.batch, 1, 1 << 20, &v))
        goto out;
      s->n_batch = v;
    }
  if (r.ubatch != NULL)
    {
      if (!parse_count ("--ubatch", r.ubatch, 1, 1 << 20, &v))
        goto out;
      s->n_ubatch = v;
    }
  if (r.gpu_layers != NULL && g_ascii_strcasecmp (r.gpu_layers, "all") != 0)
    {
      if (!parse_count ("--gpu-layers", r.gpu_layers, 0, FIT_MAX_LAYERS + 1, &v))
        goto out;
      s->gpu_layers = v;
    }
  if (r.max_num_seqs != NULL)
    {
      if (!parse_count ("--max-num-seqs", r.max_num_seqs, 1, FIT_MAX_CONCURRENCY, &v))
        goto out;
      s->max_num_seqs = v;
    }
  if (r.max_batched != NULL)
    {
      if (!parse_count ("--max-batched-tokens", r.max_batched, 1, 1 << 24, &v))
        goto out;
      s->max_batched_tokens = v;
    }
  if (r.prompt != NULL)
    {
      if (!parse_count ("--prompt-tokens", r.prompt, 1, FIT_MAX_CONTEXT, &v))
        goto out;
      s->prompt_tokens = v;
    }
  if (r.budget != NULL)
    {
      if (g_ascii_strcasecmp (r.budget, "free") == 0)
        s->budget_basis = FIT_BUDGET_FREE;
      else if (g_ascii_strcasecmp (r.budget, "total") == 0)
        s->budget_basis = FIT_BUDGET_TOTAL;
      else
        {
          fit_cli_error (_("Invalid value “%s” for --budget; accepted: free, total"), r.budget);
          goto out;
        }
    }
  s->swa_full = r.swa_full;
  s->kv_unified = r.kv_unified;
  s->cpu_moe = r.cpu_moe;
  s->enforce_eager = r.eager;
  args->json = r.json;
  args->model_arg = g_steal_pointer (&r.model);
  args->gpu_arg = g_steal_pointer (&r.gpu);

  args->catalog = fit_catalog_load_default (&error);
  if (args->catalog == NULL)
    {
      fit_cli_error ("%s", error->message);
      status = FIT_CLI_EXIT_FAILURE;
      goto out;
    }

  if ((status = resolve_model (args)) != FIT_CLI_EXIT_OK)
    goto out;
  if ((status = resolve_device (args)) != FIT_CLI_EXIT_OK)
    goto out;

  /* Check the settings against the model and runtime now, so that a bad
   * combination is a usage error (exit 2) with its own message. */
  {
    FitSettings check = *s;

    if (!fit_settings_resolve (&check, args->model, &error))
      {
        fit_cli_error ("%s", error->message);
        status = FIT_CLI_EXIT_USAGE;
        goto out;
      }
  }

  status = FIT_CLI_EXIT_OK;

out:
  raw_args_clear (&r);
  return status;
}

void
fit_cli_estimate_args_clear (FitCliEstimateArgs *args)
{
  g_clear_pointer (&args->model_arg, g_free);
  g_clear_pointer (&args->gpu_arg, g_free);
  g_clear_pointer (&args->imported, fit_model_free);
  g_clear_pointer (&args->device, fit_device_free);
  g_clear_pointer (&args->catalog, fit_catalog_unref);
  args->model = NULL;
}

static void
add_components (JsonBuilder    *b,
                const char     *name,
                const guint64  *values)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      json_builder_set_member_name (b, fit_component_id (c));
      json_builder_add_int_value (b, (gint64) MIN (values[c], (guint64) G_MAXINT64));
    }
  json_builder_end_object (b);
}

/* JSON numbers are signed 64-bit: a count past that prints as the largest. */
void
fit_cli_json_add_u64 (JsonBuilder *b,
                      const char  *member,
                      guint64      value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, (gint64) MIN (value, (guint64) G_MAXINT64));
}

/* A missing string is null, so every object has the same members. */
void
fit_cli_json_add_string (JsonBuilder *b,
                         const char  *member,
                         const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* "fixes": one object per setting that would make it fit on its own,
 * [] when it fits; "setting" is a key of "settings", "option" the flag,
 * "host_bytes" the system RAM the estimate then takes. */
static void
add_fixes (JsonBuilder              *b,
           const FitCliEstimateArgs *args,
           const FitEstimate        *e)
{
  FitFix fixes[FIT_N_FIX_KINDS];
  guint n = fit_fixes_find (args->model, args->device, e, fixes);

  json_builder_set_member_name (b, "fixes");
  json_builder_begin_array (b);
  for (guint i = 0; i < n; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "setting");
      json_builder_add_string_value (b, fit_fix_kind_id (fixes[i].kind));
      json_builder_set_member_name (b, "option");
      json_builder_add_string_value (b, fit_fix_option (fixes[i].kind));
      json_builder_set_member_name (b, "value");
      if (fixes[i].kind == FIT_FIX_WEIGHT_FORMAT)
        json_builder_add_string_value (b, fit_weight_format_id (fixes[i].format));
      else
        json_builder_add_int_value (b, (gint64) MIN (fixes[i].value, (guint64) G_MAXINT64));
      fit_cli_json_add_u64 (b, "host_bytes", fixes[i].host_bytes);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static void
add_range (JsonBuilder *b,
           const char  *name,
           double       low,
           double       high)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "low");
  json_builder_add_double_value (b, low);
  json_builder_set_member_name (b, "high");
  json_builder_add_double_value (b, high);
  json_builder_end_object (b);
}

char *
fit_cli_estimate_to_json (const FitCliEstimateArgs *args,
                          const FitEstimate        *e)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const FitSettings *s = &e->settings;
  const FitModel *m = args->model;
  const FitDevice *d = args->device;

  json_builder_begin_object (b);

  json_builder_set_member_name (b, "model");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, m->id ? m->id : args->model_arg);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, m->name ? m->name : m->id);
  fit_cli_json_add_u64 (b, "params_total", m->params_total);
  fit_cli_json_add_u64 (b, "params_active", m->params_active);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "runtime");
  json_builder_add_string_value (b, fit_runtime_id (s->runtime));

  json_builder_set_member_name (b, "device");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, d->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, d->name);
  fit_cli_json_add_u64 (b, "memory_bytes", d->memory_bytes);
  json_builder_set_member_name (b, "detected");
  json_builder_add_boolean_value (b, d->detected);
  json_builder_set_member_name (b, "memory_used_bytes");
  if (d->detected && d->used_known)
    json_builder_add_int_value (b, (gint64) d->used_bytes);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "settings");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "weights");
  json_builder_add_string_value (b, fit_weight_format_id (s->weights));
  json_builder_set_member_name (b, "kv_type_k");
  json_builder_add_string_value (b, fit_kv_type_id (s->kv_k));
  json_builder_set_member_name (b, "kv_type_v");
  json_builder_add_string_value (b, fit_kv_type_id (s->kv_v));
  fit_cli_json_add_u64 (b, "context", s->context);
  fit_cli_json_add_u64 (b, "concurrency", s->concurrency);
  fit_cli_json_add_u64 (b, "gpu_count", s->gpu_count);
  json_builder_set_member_name (b, "gpu_util");
  json_builder_add_double_value (b, s->gpu_util);
  json_builder_set_member_name (b, "flash_attn");
  json_builder_add_string_value (b, s->flash_attn == FIT_TRISTATE_ON ? "on" : "off");
  fit_cli_json_add_u64 (b, "batch", s->n_batch);
  fit_cli_json_add_u64 (b, "ubatch", s->n_ubatch);
  fit_cli_json_add_u64 (b, "gpu_layers", (guint64) s->gpu_layers);
  json_builder_set_member_name (b, "swa_full");
  json_builder_add_boolean_value (b, s->swa_full);
  json_builder_set_member_name (b, "kv_unified");
  json_builder_add_boolean_value (b, s->kv_unified);
  json_builder_set_member_name (b, "cpu_moe");
  json_builder_add_boolean_value (b, s->cpu_moe);
  fit_cli_json_add_u64 (b, "max_num_seqs", s->max_num_seqs);
  fit_cli_json_add_u64 (b, "max_batched_tokens", s->max_batched_tokens);
  json_builder_set_member_name (b, "enforce_eager");
  json_builder_add_boolean_value (b, s->enforce_eager);
  fit_cli_json_add_u64 (b, "prompt_tokens", s->prompt_tokens);
  json_builder_set_member_name (b, "budget");
  json_builder_add_string_value (b, s->budget_basis == FIT_BUDGET_FREE ? "free" : "total");
  if (fit_runtime_is_llamacpp (s->runtime))
    {
      fit_cli_json_add_u64 (b, "n_ctx", e->terms.n_ctx_total);
      fit_cli_json_add_u64 (b, "n_parallel", s->concurrency);
    }
  json_builder_end_object (b);

  add_components (b, "components", e->gpu);
  add_components (b, "components_per_gpu", e->per_gpu);
  add_components (b, "host", e->host);
  fit_cli_json_add_u64 (b, "total_bytes", e->total_bytes);
  fit_cli_json_add_u64 (b, "host_bytes", e->host_bytes);
  fit_cli_json_add_u64 (b, "capacity_bytes", e->capacity_bytes);
  fit_cli_json_add_u64 (b, "other_used_bytes", e->other_used_bytes);
  fit_cli_json_add_u64 (b, "budget_bytes", e->budget_bytes);
  json_builder_set_member_name (b, "headroom_bytes");
  json_builder_add_int_value (b, e->headroom_bytes);
  json_builder_set_member_name (b, "verdict");
  json_builder_add_string_value (b, fit_verdict_id (e->verdict));
  fit_cli_json_add_u64 (b, "max_context", e->max_context);
  fit_cli_json_add_u64 (b, "max_concurrency", e->max_concurrency);
  if (s->runtime == FIT_RUNTIME_VLLM)
    fit_cli_json_add_u64 (b, "kv_capacity_tokens", e->kv_capacity_tokens);
  fit_cli_json_add_u64 (b, "kv_bytes_per_token", e->terms.kv_bytes_per_token);
  add_fixes (b, args, e);
  add_range (b, "decode_tokens_per_second", e->decode_low, e->decode_high);
  add_range (b, "prefill_tokens_per_second", e->prefill_low, e->prefill_high);

  json_builder_set_member_name (b, "formulas");
  json_builder_begin_object (b);
  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      g_autofree char *f = fit_estimate_formula (m, e, c, FALSE);

      json_builder_set_member_name (b, fit_component_id (c));
      json_builder_add_string_value (b, f);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "host_formulas");
  json_builder_begin_object (b);
  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    {
      g_autofree char *f = fit_estimate_formula (m, e, c, TRUE);

      json_builder_set_member_name (b, fit_component_id (c));
      json_builder_add_string_value (b, f);
    }
  json_builder_end_object (b);

  {
    g_autofree char *a = fit_estimate_assumptions (e);

    json_builder_set_member_name (b, "assumptions");
    json_builder_add_string_value (b, a);
  }

  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}
