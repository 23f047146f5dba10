/* fit-model.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-model"

#include "config.h"

#include <inttypes.h>

#include <string.h>

#include <glib/gi18n.h>

#include "fit-model.h"
#include "fit-units.h"
#include "fit-weights.h"

G_DEFINE_QUARK (fit-model-error-quark, fit_model_error)

FitModel *
fit_model_new (void)
{
  FitModel *self = g_new0 (FitModel, 1);

  self->gated_ffn = TRUE;
  self->norms_per_layer = 2;
  self->moe_layer_period = 1;
  self->official_format = FIT_WEIGHTS_BF16;
  return self;
}

static void
card_section_clear (FitCardSection *section)
{
  for (guint i = 0; i < section->n_items; i++)
    {
      g_free (section->items[i].title);
      g_free (section->items[i].text);
    }
  g_clear_pointer (&section->items, g_free);
  section->n_items = 0;
}

void
fit_model_card_clear (FitModelCard *card)
{
  g_clear_pointer (&card->summary, g_free);
  card_section_clear (&card->overview);
  card_section_clear (&card->improvements);
  card_section_clear (&card->training);
  card_section_clear (&card->strengths);
  card_section_clear (&card->memory);
  card_section_clear (&card->sources);
}

void
fit_exact_weights_free (FitExactWeights *exact)
{
  if (exact == NULL)
    return;
  g_free (exact->layer_bytes);
  g_free (exact->layer_expert_bytes);
  g_free (exact->format_label);
  g_free (exact);
}

void
fit_model_free (FitModel *self)
{
  if (self == NULL)
    return;

  fit_weights_clear_cache (self);
  g_free (self->id);
  g_free (self->name);
  g_free (self->company);
  g_free (self->family);
  g_free (self->release_date);
  g_free (self->license);
  g_free (self->modality);
  g_free (self->hf_repo);
  g_free (self->architecture);
  g_free (self->layer_pattern);
  g_free (self->variants);
  fit_model_card_clear (&self->card);
  g_free (self->source_path);
  fit_exact_weights_free (self->exact);
  g_free (self->layer_flags);
  g_free (self);
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_set_error_literal (error, FIT_MODEL_ERROR, FIT_MODEL_ERROR_INVALID, "");
  if (error != NULL && *error != NULL)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);

  return FALSE;
}

static guint8
flags_for_char (char c)
{
  switch (c)
    {
    case 'F': return FIT_LAYER_ATTN_FULL;
    case 'S': return FIT_LAYER_ATTN_SWA;
    case 'L': return FIT_LAYER_LINEAR_ATTN;
    case 'M': return FIT_LAYER_MAMBA;
    case 'P': return FIT_LAYER_ATTN_FULL | FIT_LAYER_MAMBA;
    default:  return 0;
    }
}

/* Sane upper bounds: far above any real model, low enough that products of
 * two of them stay far from 2^64. */
#define MAX_DIM     (G_GUINT64_CONSTANT (1) << 22)   /* 4 Mi */
#define MAX_VOCAB   (G_GUINT64_CONSTANT (1) << 24)   /* 16 Mi tokens */
#define MAX_EXPERTS 65536

/**
 * fit_model_finalize:
 *
 * Validates the geometry and fills the derived fields: per-layer flags,
 * parameter counts (tensor by tensor) and KV elements per token. Metadata
 * that contradicts itself is an error here, never a silent guess: a
 * missing head_dim is not derived from hidden/heads behind the caller's
 * back, KV heads must divide the heads, and so on.
 */
gboolean
fit_model_finalize (FitModel  *self,
                    GError   **error)
{
  const char *name;
  gsize pattern_len;

  g_return_val_if_fail (self != NULL, FALSE);

  name = self->id ? self->id : (self->name ? self->name : "model");

  if (self->n_layers == 0 || self->n_layers > FIT_MAX_LAYERS)
    return invalid (error, _("%s: the number of layers must be between 1 and %d, not %u"),
                    name, FIT_MAX_LAYERS, self->n_layers);
  if (self->hidden_size == 0 || self->hidden_size > MAX_DIM)
    return invalid (error, _("%s: the hidden size %u is out of range"), name, self->hidden_size);
  if (self->vocab_size == 0 || self->vocab_size > MAX_VOCAB)
    return invalid (error, _("%s: the vocabulary size %u is out of range"), name, self->vocab_size);
  if (self->intermediate_size > MAX_DIM || self->expert_intermediate_size > MAX_DIM ||
      self->shared_expert_intermediate_size > MAX_DIM)
    return invalid (error, _("%s: a feed-forward size is out of range"), name);
  if (self->norms_per_layer > 16)
    return invalid (error, _("%s: %u norms per layer is out of range"), name, self->norms_per_layer);

  if (self->layer_pattern == NULL || self->layer_pattern[0] == '\0')
    {
      g_free (self->layer_pattern);
      self->layer_pattern = g_strdup ("F");
    }
  pattern_len = strlen (self->layer_pattern);
  if (pattern_len > FIT_MAX_LAYERS)
    return invalid (error, _("%s: the layer pattern is longer than %d layers"), name, FIT_MAX_LAYERS);

  g_clear_pointer (&self->layer_flags, g_free);
  self->layer_flags = g_new0 (guint8, self->n_layers);
  self->n_full_layers = self->n_swa_layers = self->n_state_layers = self->n_moe_layers = 0;

  for (guint32 i = 0; i < self->n_layers; i++)
    {
      char c = self->layer_pattern[i % pattern_len];
      guint8 f = flags_for_char (c);

      if (f == 0)
        return invalid (error, _("%s: unknown layer kind “%c” in the layer pattern (expected F, S, L, M or P)"),
                        name, c);

      if (self->n_experts > 0 && i >= self->first_dense_layers &&
          (i - self->first_dense_layers) % MAX (self->moe_layer_period, 1) == self->moe_layer_offset)
        f |= FIT_LAYER_MOE;

      self->layer_flags[i] = f;
      if (f & FIT_LAYER_ATTN_FULL)
        self->n_full_layers++;
      if (f & FIT_LAYER_ATTN_SWA)
        self->n_swa_layers++;
      if (FIT_LAYER_HAS_STATE (f))
        self->n_state_layers++;
      if (f & FIT_LAYER_MOE)
        self->n_moe_layers++;
    }

  if (self->n_full_layers + self->n_swa_layers > 0)
    {
      if (self->n_heads == 0 || self->n_heads > 65536)
        return invalid (error, _("%s: the number of attention heads must be at least 1"), name);
      if (self->kv_lora_rank == 0)
        {
          if (self->n_kv_heads == 0 || self->n_kv_heads > self->n_heads)
            return invalid (error, _("%s: %u KV heads for %u attention heads is impossible"),
                            name, self->n_kv_heads, self->n_heads);
          if (self->n_heads % self->n_kv_heads != 0)
            return invalid (error, _("%s: %u KV heads do not divide %u attention heads"),
                            name, self->n_kv_heads, self->n_heads);
        }
      if (self->head_dim == 0 && self->kv_lora_rank == 0)
        {
          if (self->hidden_size % self->n_heads != 0)
            return invalid (error, _("%s: %u heads do not divide the hidden size %u and no head_dim is given"),
                            name, self->n_heads, self->hidden_size);
          self->head_dim = self->hidden_size / self->n_heads;
        }
      if (self->head_dim > 65536 || self->v_head_dim > 65536)
        return invalid (error, _("%s: the head dimension is out of range"), name);
      if (self->n_swa_layers > 0 && self->sliding_window == 0)
        return invalid (error, _("%s: sliding-window layers need a window size"), name);
    }

  if (self->kv_lora_rank > 0 && (self->qk_rope_head_dim == 0 || self->kv_lora_rank > MAX_DIM))
    return invalid (error, _("%s: MLA needs kv_lora_rank and qk_rope_head_dim"), name);

  if (self->n_experts > 0)
    {
      if (self->n_experts > MAX_EXPERTS || self->experts_per_token == 0 ||
          self->experts_per_token > self->n_experts)
        return invalid (error, _("%s: %u experts per token out of %u experts is impossible"),
                        name, self->experts_per_token, self->n_experts);
      if (self->expert_intermediate_size == 0)
        return invalid (error, _("%s: a mixture of experts needs the expert feed-forward size"), name);
      if (self->moe_layer_offset >= MAX (self->moe_layer_period, 1))
        return invalid (error, _("%s: the MoE layer offset must be below its period"), name);
    }

  if (self->n_state_layers > 0)
    {
      gboolean has_mamba = FALSE, has_linear = FALSE;

      for (guint32 i = 0; i < self->n_layers; i++)
        {
          has_mamba |= (self->layer_flags[i] & FIT_LAYER_MAMBA) != 0;
          has_linear |= (self->layer_flags[i] & FIT_LAYER_LINEAR_ATTN) != 0;
        }
      if (has_mamba && (self->ssm_d_inner == 0 || self->ssm_d_state == 0 || self->ssm_d_conv == 0 ||
                        self->ssm_d_inner > MAX_DIM || self->ssm_d_state > 65536 || self->ssm_d_conv > 1024))
        return invalid (error, _("%s: Mamba layers need d_inner, d_state and d_conv"), name);
      if (has_mamba && self->ssm_kind == FIT_SSM_MAMBA2 && self->ssm_n_heads == 0)
        return invalid (error, _("%s: Mamba-2 layers need the number of heads"), name);
      if (has_mamba && self->ssm_kind != FIT_SSM_MAMBA1 && self->ssm_kind != FIT_SSM_MAMBA2)
        return invalid (error, _("%s: Mamba layers need an SSM kind (mamba1 or mamba2)"), name);
      if (has_linear && (self->lin_key_heads == 0 || self->lin_value_heads == 0 ||
                         self->lin_key_head_dim == 0 || self->lin_value_head_dim == 0 ||
                         self->lin_conv_kernel == 0 || self->lin_key_heads > 65536 ||
                         self->lin_value_heads > 65536 || self->lin_key_head_dim > 65536 ||
                         self->lin_value_head_dim > 65536 || self->lin_conv_kernel > 1024))
        return invalid (error, _("%s: linear-attention layers need their head counts and sizes"), name);
    }

  if (self->context_window == 0)
    self->context_window = self->max_position_embeddings ? self->max_position_embeddings : 4096;
  if (self->context_window > (G_GUINT64_CONSTANT (1) << 32))
    return invalid (error, _("%s: a context window of %" PRIu64 " tokens is out of range"),
                    name, self->context_window);

  /* KV elements per token, summed over the layers that hold a cache. MLA
   * caches one latent of kv_lora_rank plus the shared rope part. */
  self->kv_k_elems_per_token = 0;
  self->kv_v_elems_per_token = 0;
  self->state_bytes_per_seq = 0;
  for (guint32 i = 0; i < self->n_layers; i++)
    {
      guint8 f = self->layer_flags[i];

      if (FIT_LAYER_HAS_KV (f))
        {
          if (self->kv_lora_rank > 0)
            {
              self->kv_k_elems_per_token += (guint64) self->kv_lora_rank + self->qk_rope_head_dim;
              self->kv_v_elems_per_token += self->kv_lora_rank;
            }
          else
            {
              self->kv_k_elems_per_token += (guint64) self->n_kv_heads * self->head_dim;
              self->kv_v_elems_per_token += (guint64) self->n_kv_heads * fit_model_v_head_dim (self);
            }
        }

      /* Recurrent state is kept in F32 by every runtime we model. */
      if (f & FIT_LAYER_MAMBA)
        {
          guint64 conv, ssm;

          if (self->ssm_kind == FIT_SSM_MAMBA2)
            {
              guint64 ng = MAX (self->ssm_n_groups, 1);

              conv = (guint64) (self->ssm_d_conv - 1) * (self->ssm_d_inner + 2 * ng * self->ssm_d_state);
              ssm = (guint64) self->ssm_d_inner * self->ssm_d_state;
            }
          else
            {
              conv = (guint64) (self->ssm_d_conv - 1) * self->ssm_d_inner;
              ssm = (guint64) self->ssm_d_inner * self->ssm_d_state;
            }
          self->state_bytes_per_seq += (conv + ssm) * 4;
        }
      if (f & FIT_LAYER_LINEAR_ATTN)
        {
          guint64 kd = (guint64) self->lin_key_heads * self->lin_key_head_dim;
          guint64 vd = (guint64) self->lin_value_heads * self->lin_value_head_dim;
          guint64 conv = (guint64) (self->lin_conv_kernel - 1) * (2 * kd + vd);
          guint64 ssm = (guint64) self->lin_value_heads * self->lin_key_head_dim * self->lin_value_head_dim;

          self->state_bytes_per_seq += (conv + ssm) * 4;
        }
    }

  fit_weights_clear_cache (self);
  fit_weights_count_params (self);

  return TRUE;
}

guint32
fit_model_layer_flags (const FitModel *self,
                       guint32         layer)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->layer_flags == NULL || layer >= self->n_layers)
    return 0;
  return self->layer_flags[layer];
}

guint32
fit_model_v_head_dim (const FitModel *self)
{
  if (self->kv_lora_rank > 0 && self->v_head_dim > 0)
    return self->v_head_dim;
  return self->v_head_dim ? self->v_head_dim : self->head_dim;
}

/**
 * fit_model_kv_bytes_per_token:
 *
 * Bytes of KV cache one token takes over all layers holding a cache,
 * counting sliding-window layers as if the window were unlimited.
 */
guint64
fit_model_kv_bytes_per_token (const FitModel *self,
                              FitKvType       k_type,
                              FitKvType       v_type)
{
  g_return_val_if_fail (self != NULL, 0);

  return fit_kv_type_bytes (k_type, self->kv_k_elems_per_token) +
         fit_kv_type_bytes (v_type, self->kv_v_elems_per_token);
}

static const char *class_names[] = { "dense", "moe", "hybrid" };

const char *
fit_model_class_to_string (FitModelClass klass)
{
  return klass <= FIT_MODEL_HYBRID ? class_names[klass] : "dense";
}

gboolean
fit_model_class_from_string (const char    *str,
                             FitModelClass *out)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (class_names); i++)
    {
      if (g_ascii_strcasecmp (str, class_names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *ssm_names[] = { "none", "mamba1", "mamba2", "gated-deltanet" };

const char *
fit_ssm_kind_to_string (FitSsmKind kind)
{
  return kind <= FIT_SSM_GATED_DELTANET ? ssm_names[kind] : "none";
}

gboolean
fit_ssm_kind_from_string (const char *str,
                          FitSsmKind *out)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (ssm_names); i++)
    {
      if (g_ascii_strcasecmp (str, ssm_names[i]) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}
