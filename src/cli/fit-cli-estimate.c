/* fit-cli-estimate.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fitmygpu-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "fit-cli-private.h"
#include "fit-fixes.h"
#include "fit-gpu-detect.h"
#include "fit-units.h"

static void
print_row (const char *label,
           guint64     gpu,
           guint64     host)
{
  g_autofree char *g = fit_format_bytes (gpu);
  g_autofree char *h = fit_format_bytes (host);

  printf ("  %-18s %12s %12s\n", label, g, h);
}

static void
print_table (const FitCliEstimateArgs *args,
             const FitEstimate        *e)
{
  const FitSettings *s = &e->settings;
  g_autofree char *total = fit_format_bytes (e->total_bytes);
  g_autofree char *host = fit_format_bytes (e->host_bytes);
  g_autofree char *budget = fit_format_bytes (e->budget_bytes);
  g_autofree char *headroom = fit_format_bytes_signed (e->headroom_bytes);
  g_autofree char *ctx = fit_format_count (s->context);
  g_autofree char *max_ctx = fit_format_count (e->max_context);

  g_autofree char *count = s->gpu_count > 1 ? g_strdup_printf ("%u × ", s->gpu_count) : g_strdup ("");

  printf (_("%s on %s%s with %s\n"), args->model->name ? args->model->name : args->model->id,
          count, args->device->name, fit_runtime_label (s->runtime));
  printf (_("Weights %s, KV cache %s/%s, context %s × %u, flash attention %s\n\n"),
          fit_weight_format_label (s->weights), fit_kv_type_id (s->kv_k), fit_kv_type_id (s->kv_v),
          ctx, s->concurrency, s->flash_attn == FIT_TRISTATE_ON ? _("on") : _("off"));

  printf ("  %-18s %12s %12s\n", "", _("GPU"), _("System RAM"));
  for (guint c = 0; c < FIT_N_COMPONENTS; c++)
    print_row (fit_component_label (c), e->gpu[c], e->host[c]);
  printf ("  %-18s %12s %12s\n", _("Total"), total, host);
  printf ("  %-18s %12s\n\n", _("Budget"), budget);

  printf (_("Verdict: %s (headroom %s)\n"), fit_verdict_label (e->verdict), headroom);
  {
    guint64 ram = 0;

    /* As in the window: the verdict is the GPU's, the RAM is this computer's. */
    if (e->host_bytes > 0 && fit_gpu_system_ram (&ram, NULL) && e->host_bytes > ram)
      {
        g_autofree char *have = fit_format_bytes (ram);

        /* Translators: "30.4 GiB", "15.3 GiB" */
        printf (_("System RAM: %s is more than the %s this computer has\n"), host, have);
      }
  }
  if (e->max_context == 0)
    {
      g_free (max_ctx);
      /* Translators: no context length fits; follows "Max context at 4 sequences:". */
      max_ctx = g_strdup (_("none fits"));
    }
  else
    {
      g_autofree char *tokens = g_steal_pointer (&max_ctx);

      /* Translators: a number of tokens. */
      max_ctx = g_strdup_printf (_("%s tokens"), tokens);
    }
  /* Translators: the second %s is "8,192 tokens" or "none fits". */
  printf (g_dngettext (GETTEXT_PACKAGE,
                       "Max context at %u sequence: %s; max sequences at this context: %u\n",
                       "Max context at %u sequences: %s; max sequences at this context: %u\n",
                       s->concurrency),
          s->concurrency, max_ctx, e->max_concurrency);
  if (s->runtime == FIT_RUNTIME_VLLM)
    {
      g_autofree char *cap = fit_format_count (e->kv_capacity_tokens);

      printf (_("vLLM KV cache capacity: %s tokens\n"), cap);
    }
  if (e->decode_high > 0)
    printf (_("Decode: %.0f–%.0f tokens/s per sequence; prefill: %.0f–%.0f tokens/s\n"),
            e->decode_low, e->decode_high, e->prefill_low, e->prefill_high);
}

/* Each fix as the option that applies it, so it can be pasted back. */
static void
print_fixes (const FitCliEstimateArgs *args,
             const FitEstimate        *e)
{
  FitFix fixes[FIT_N_FIX_KINDS];
  guint n = fit_fixes_find (args->model, args->device, e, fixes);

  if (n == 0)
    return;

  printf ("\n%s\n", _("To make it fit, change one of these:"));
  for (guint i = 0; i < n; i++)
    {
      const FitFix *fix = &fixes[i];
      g_autofree char *option = NULL;
      g_autofree char *why = NULL;

      if (fix->kind == FIT_FIX_WEIGHT_FORMAT)
        option = g_strdup_printf ("%s %s", fit_fix_option (fix->kind), fit_weight_format_id (fix->format));
      else
        option = g_strdup_printf ("%s %" G_GUINT64_FORMAT, fit_fix_option (fix->kind), fix->value);

      switch (fix->kind)
        {
        case FIT_FIX_WEIGHT_FORMAT:
          /* Translators: %s is a weight format such as "Q4_K_M". */
          why = g_strdup_printf (_("%s, the most precise format that fits"), fit_weight_format_label (fix->format));
          break;
        case FIT_FIX_CONTEXT:
          why = g_strdup (_("the longest context per sequence that fits"));
          break;
        case FIT_FIX_CONCURRENCY:
          why = g_strdup (_("the most sequences that fit at this context"));
          break;
        case FIT_FIX_GPU_LAYERS:
          {
            g_autofree char *need = fit_format_bytes (fix->host_bytes);
            guint64 ram = 0;

            /* Translators: "--gpu-layers 24    23 of 80 layers on the GPU; the rest
             * take 28.1 GiB …"; -ngl counts the output layer too, this counts the blocks. */
            why = g_strdup_printf (_("%u of %u layers on the GPU; the rest take %s of system memory "
                                     "and run on the CPU (much slower)"),
                                   (guint) MIN (fix->value, args->model->n_layers), args->model->n_layers, need);
            if (fit_gpu_system_ram (&ram, NULL) && fix->host_bytes > ram)
              {
                g_autofree char *have = fit_format_bytes (ram);
                char *more;

                /* Translators: the first %s is the line above, the second "15.5 GiB". */
                more = g_strdup_printf (_("%s, but this computer has %s"), why, have);
                g_free (why);
                why = more;
              }
          }
          break;
        case FIT_FIX_GPU_COUNT:
          why = g_strdup (_("the fewest GPUs of this kind that fit"));
          break;
        case FIT_N_FIX_KINDS:
        default:
          g_assert_not_reached ();
        }

      printf ("  %-22s %s\n", option, why);
    }
}

int
fit_cli_estimate (int    argc,
                  char **argv)
{
  FitCliEstimateArgs args;
  g_autoptr(GError) error = NULL;
  FitEstimate e;
  int status;

  status = fit_cli_estimate_args_parse (&args, &argc, &argv, NULL,
                                        _("Estimate the GPU memory a model needs, term by term."));
  if (status != FIT_CLI_EXIT_OK)
    {
      fit_cli_estimate_args_clear (&args);
      return status;
    }

  if (!fit_estimate (args.model, args.device, &args.settings, &e, &error))
    {
      fit_cli_error ("%s", error->message);
      fit_cli_estimate_args_clear (&args);
      return FIT_CLI_EXIT_USAGE;
    }

  if (args.json)
    {
      g_autofree char *json = fit_cli_estimate_to_json (&args, &e);

      printf ("%s\n", json);
    }
  else
    {
      print_table (&args, &e);
      print_fixes (&args, &e);
    }

  fit_cli_estimate_args_clear (&args);
  return FIT_CLI_EXIT_OK;
}
