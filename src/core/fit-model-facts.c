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

/* Cards most people compare against, for "where is the context cliff". */
static const char *cliff_devices[] = { "rtx-3060-12gb", "rtx-4090", "h100-sxm" };

/* What people download for llama.cpp, and the checkpoint formats. */
static const FitWeightFormat size_formats[] = {
  FIT_WEIGHTS_GGUF_Q4_K_M, FIT_WEIGHTS_GGUF_Q8_0, FIT_WEIGHTS_BF16,
};

static void
fact_free (gpointer data)
{
  FitMemoryFact *fact = data;

  g_free (fact->label);
  g_free (fact->value);
  g_free (fact);
}

/* Takes both strings. */
static void
add (GPtrArray         *facts,
     FitMemoryFactKind  kind,
     char              *label,
     char              *value)
{
  FitMemoryFact *fact = g_new0 (FitMemoryFact, 1);

  fact->kind = kind;
  fact->label = label;
  fact->value = value;
  g_ptr_array_add (facts, fact);
}

/* Weights as llama.cpp (GGUF) or a plain runtime would hold them, GPU and
 * RAM together, measured by the estimator. */
static void
add_weight_sizes (GPtrArray      *facts,
                  const FitModel *model)
{
  g_autoptr(FitDevice) device = fit_device_new ();

  /* Only the weights term is read; the device just has to hold them. */
  device->memory_bytes = G_GUINT64_CONSTANT (1) << 40;

  for (guint i = 0; i < G_N_ELEMENTS (size_formats) + (model->exact != NULL ? 1 : 0); i++)
    {
      FitWeightFormat format = i < G_N_ELEMENTS (size_formats) ? size_formats[i] : FIT_WEIGHTS_EXACT;
      FitEstimate estimate;
      FitSettings settings;

      fit_settings_init (&settings);
      settings.runtime = fit_weight_format_is_gguf (format) || format == FIT_WEIGHTS_EXACT
                         ? FIT_RUNTIME_LLAMACPP : FIT_RUNTIME_TRANSFORMERS;
      settings.weights = format;
      settings.weights_set = TRUE;
      settings.context = MIN (model->context_window, 4096);

      if (!fit_settings_resolve (&settings, model, NULL))
        continue;

      fit_estimate_memory (model, device, &settings, &estimate);
      add (facts, FIT_MEMORY_FACT_SIZE,
           format == FIT_WEIGHTS_EXACT
           /* Translators: the weights of an opened file. */
           ? g_strdup (_("Weights in the file"))
           /* Translators: "Weights in Q4_K_M". */
           : g_strdup_printf (_("Weights in %s"), fit_weight_format_label (format)),
           fit_format_bytes (fit_add_sat (estimate.gpu[FIT_COMPONENT_WEIGHTS],
                                          estimate.host[FIT_COMPONENT_WEIGHTS])));
    }
}

static void
add_context_cliffs (GPtrArray      *facts,
                    const FitModel *model,
                    FitCatalog     *catalog)
{
  for (guint i = 0; catalog != NULL && i < G_N_ELEMENTS (cliff_devices); i++)
    {
      const FitDevice *device = fit_catalog_find_device (catalog, cliff_devices[i]);
      FitSettings settings;
      guint64 cliff;
      char *value;

      if (device == NULL)
        continue;

      /* llama.cpp's defaults for the model, one sequence, as much context as it has. */
      fit_settings_init (&settings);
      settings.runtime = FIT_RUNTIME_LLAMACPP;
      settings.context = model->context_window;
      if (!fit_settings_resolve (&settings, model, NULL))
        continue;

      cliff = fit_solve_max_context (model, device, &settings);
      if (cliff == 0)
        value = g_strdup (_("Does not fit at any context"));
      else if (cliff >= model->context_window)
        /* Translators: the whole context window fits on this GPU. */
        value = g_strdup (_("The whole window fits"));
      else
        {
          g_autofree char *tokens = fit_format_count (cliff);

          /* Translators: the longest context that fits, in tokens. */
          value = g_strdup_printf (_("Up to %s tokens"), tokens);
        }

      add (facts, FIT_MEMORY_FACT_CLIFF, g_strdup (device->name), value);
    }
}

GPtrArray *
fit_model_memory_facts (const FitModel *model,
                        FitCatalog     *catalog)
{
  GPtrArray *facts;
  guint64 kv_f16, kv_q8;

  g_return_val_if_fail (model != NULL, NULL);

  facts = g_ptr_array_new_with_free_func (fact_free);
  kv_f16 = fit_model_kv_bytes_per_token (model, FIT_KV_F16, FIT_KV_F16);
  kv_q8 = fit_model_kv_bytes_per_token (model, FIT_KV_Q8_0, FIT_KV_Q8_0);

  if (kv_f16 != 0)
    {
      g_autofree char *f16 = fit_format_bytes (fit_mul_sat (kv_f16, 1024));
      g_autofree char *q8 = fit_format_bytes (fit_mul_sat (kv_q8, 1024));

      add (facts, FIT_MEMORY_FACT_SIZE, g_strdup (_("KV cache per 1K tokens")),
           /* Translators: KV cache size per 1024 tokens in two cache types. */
           g_strdup_printf (_("%s in F16, %s in Q8_0"), f16, q8));
    }

  if (model->state_bytes_per_seq != 0)
    add (facts, FIT_MEMORY_FACT_SIZE, g_strdup (_("Recurrent state per sequence")),
         fit_format_bytes (model->state_bytes_per_seq));

  add_weight_sizes (facts, model);
  add_context_cliffs (facts, model, catalog);

  return facts;
}
