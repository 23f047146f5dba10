/* fit-model-facts.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-model"

#include "config.h"

#include <glib/gi18n.h>

#include "fit-estimate.h"
#include "fit-model-facts.h"
#include "fit-solve.h"
#include "fit-units.h"
#include "fit-weights.h"

/* Common cards of three classes: where a reader's own GPU probably sits. */
static const char *common_cards[] = { "rtx-3060-12gb", "rtx-4090", "h100-sxm" };

/* GStrvBuilder copies; GLib 2.74 has no _take variant. */
static void
add_take (GStrvBuilder *b,
          char         *str)
{
  g_strv_builder_add (b, str);
  g_free (str);
}

GStrv
fit_model_memory_facts (const FitModel *model,
                        FitCatalog     *catalog)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  guint64 kv_1k = fit_model_kv_bytes_per_token (model, FIT_KV_F16, FIT_KV_F16) * 1024;
  const FitWeightTable *q4 = fit_weights_table (model, FIT_WEIGHTS_GGUF_Q4_K_M);
  const FitWeightTable *bf16 = fit_weights_table (model, FIT_WEIGHTS_BF16);
  g_autofree char *window = fit_format_count (model->context_window);

  g_return_val_if_fail (model != NULL, NULL);

  if (kv_1k > 0)
    {
      g_autofree char *per_1k = fit_format_bytes (kv_1k);
      g_autofree char *full = fit_format_bytes (fit_mul_sat (kv_1k / 1024, model->context_window));

      add_take (b, g_strdup_printf (_("KV cache: %s per 1K tokens at f16 (counting sliding-window layers in full); %s for one sequence at the full %s-token window."),
                                                   per_1k, full, window));
    }
  if (model->state_bytes_per_seq > 0)
    {
      g_autofree char *state = fit_format_bytes (model->state_bytes_per_seq);

      add_take (b, g_strdup_printf (_("Recurrent state: %s per sequence, whatever the context length."), state));
    }

  {
    g_autofree char *w16 = fit_format_bytes (bf16->total);
    g_autofree char *w4 = fit_format_bytes (q4->total);

    add_take (b, g_strdup_printf (_("Weights: %s in BF16, %s in Q4_K_M."), w16, w4));
  }

  for (guint i = 0; catalog != NULL && i < G_N_ELEMENTS (common_cards); i++)
    {
      const FitDevice *d = fit_catalog_find_device (catalog, common_cards[i]);
      FitSettings s;
      guint64 cliff;

      if (d == NULL)
        continue;

      fit_settings_init (&s);
      s.weights = FIT_WEIGHTS_GGUF_Q4_K_M;
      s.weights_set = TRUE;
      if (!fit_settings_resolve (&s, model, NULL))
        continue;
      cliff = fit_solve_max_context (model, d, &s);
      if (cliff == 0)
        add_take (b, g_strdup_printf (_("On a %s (llama.cpp, Q4_K_M, one sequence) it does not fit at any context."),
                                                     d->name));
      else if (cliff >= model->context_window)
        add_take (b, g_strdup_printf (_("On a %s (llama.cpp, Q4_K_M, one sequence) the full %s-token window fits."),
                                                     d->name, window));
      else
        {
          g_autofree char *c = fit_format_count (cliff);

          add_take (b, g_strdup_printf (_("On a %s (llama.cpp, Q4_K_M, one sequence) the context cliff is at %s tokens."),
                                                       d->name, c));
        }
    }

  if (kv_1k > 0)
    {
      guint64 kv_full = fit_mul_sat (kv_1k / 1024, model->context_window);

      g_strv_builder_add (b, kv_full > q4->total
                          ? _("At the full window the KV cache outweighs the Q4_K_M weights: context length, not model size, decides the fit.")
                          : _("Even at the full window the weights stay the largest term: the weight format decides the fit."));
    }

  return g_strv_builder_end (b);
}
