/* fit-catalog-entry.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "fit-catalog-private.h"
#include "fit-units.h"

/* Limits of what the catalog accepts. They are wide on purpose (a user may
 * describe next year's model) but keep every later product in 64 bits. */
#define MAX_DIM          (1u << 22)
#define MAX_HEADS        65536u
#define MAX_HEAD_DIM     65536u
#define MAX_VOCAB        (1u << 24)
#define MAX_CONTEXT      (G_GUINT64_CONSTANT (1) << 32)
#define MAX_EXPERTS      65536u
#define MAX_PARAMS_B     100000.0                          /* 100T */
#define MAX_EXTRA_PARAMS (G_GUINT64_CONSTANT (10000000000000))
#define MAX_MEMORY       (G_GUINT64_CONSTANT (16) << 40)   /* 16 TiB */
#define MIN_MEMORY       FIT_MIB
#define MAX_VARIANTS     32

static const char *const model_members[] = {
  "id", "name", "company", "family", "release_date", "license", "modality", "hf_repo",
  "architecture", "class", "params_total_b", "params_active_b", "params_non_embedding_b",
  "context_window", "max_position_embeddings", "geometry", "checkpoint", "card",
  "source_url", "notes", NULL
};

static const char *const geometry_members[] = {
  "layers", "hidden_size", "intermediate_size", "attention_heads", "kv_heads", "head_dim",
  "v_head_dim", "vocab_size", "tie_word_embeddings", "qkv_bias", "o_bias", "qk_norm",
  "gated_ffn", "norms_per_layer", "layer_pattern", "sliding_window", "attn_output_gate",
  "mla", "moe", "ssm", "extra_params", NULL
};

static const char *const mla_members[] = {
  "kv_lora_rank", "q_lora_rank", "qk_rope_head_dim", "qk_nope_head_dim", "v_head_dim", NULL
};

static const char *const moe_members[] = {
  "experts", "experts_per_token", "shared_experts", "expert_intermediate_size",
  "shared_expert_intermediate_size", "first_dense_layers", "layer_period", "layer_offset", NULL
};

static const char *const ssm_members[] = {
  "kind", "d_inner", "d_state", "d_conv", "n_groups", "n_heads", "head_dim", "dt_rank",
  "key_heads", "value_heads", "key_head_dim", "value_head_dim", "conv_kernel", NULL
};

static const char *const checkpoint_members[] = { "format", "size_gb", "variants", NULL };

static const char *const card_members[] = {
  "summary", "overview", "improvements", "training", "strengths", "memory", "sources", NULL
};

static const char *const card_item_members[] = { "title", "text", NULL };

static const char *const device_members[] = {
  "id", "name", "vendor", "class", "architecture", "release_year", "memory_bytes",
  "memory_options_bytes", "memory_type", "bandwidth_gbps", "tflops_fp16", "tflops_fp8",
  "tflops_fp4", "tflops_fp32", "tdp_watts", "fp8_support", "fp4_support", "unified_memory",
  "unified_share", "pci_ids", "source_url", "notes", NULL
};

/* ------------------------------------------------------------------------
 * Small checks
 */

static gboolean
fail_range (FitJsonCtx *ctx,
            const char *member,
            const char *format,
            ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_range (FitJsonCtx *ctx,
            const char *member,
            const char *format,
            ...)
{
  g_autofree char *field = fit_json_ctx_field_name (ctx, member);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: "field “geometry.kv_heads”: 3 KV heads do not divide 32 heads" */
  return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE, _("field “%s”: %s"), field, message);
}

static gboolean
is_iso_date (const char *str)
{
  guint y, m, d;

  if (strlen (str) != 10 || str[4] != '-' || str[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    {
      if (i != 4 && i != 7 && !g_ascii_isdigit (str[i]))
        return FALSE;
    }

  y = (guint) g_ascii_strtoull (str, NULL, 10);
  m = (guint) g_ascii_strtoull (str + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (str + 8, NULL, 10);
  return y >= 1900 && g_date_valid_dmy (d, m, y);
}

static gboolean
is_url (const char *str)
{
  return (g_str_has_prefix (str, "https://") || g_str_has_prefix (str, "http://")) &&
         strchr (str, ' ') == NULL && strlen (str) > strlen ("https://");
}

static gboolean
get_url (FitJsonCtx  *ctx,
         JsonObject  *obj,
         const char  *member,
         gboolean     required,
         char       **out)
{
  if (!fit_json_get_string (ctx, obj, member, required, out))
    return FALSE;
  if (*out != NULL && **out != '\0' && !is_url (*out))
    return fail_range (ctx, member, _("“%s” is not an http:// or https:// address"), *out);
  return TRUE;
}

/* Reads a string and maps it with @parse; @choices lists the accepted
 * values for the message. */
static gboolean
get_choice (FitJsonCtx *ctx,
            JsonObject *obj,
            const char *member,
            gboolean    required,
            gboolean  (*parse) (const char *str, gpointer out),
            gpointer    out,
            const char *choices)
{
  g_autofree char *str = NULL;

  if (!fit_json_get_string (ctx, obj, member, required, &str))
    return FALSE;
  if (str == NULL)
    return TRUE;

  if (!parse (str, out))
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      /* Translators: "field “class” is “big”; expected one of: dense, moe, hybrid" */
      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                _("field “%s” is “%s”; expected one of: %s"), field, str, choices);
    }

  return TRUE;
}

static gboolean
parse_model_class (const char *str,
                   gpointer    out)
{
  return fit_model_class_from_string (str, out);
}

static gboolean
parse_ssm_kind (const char *str,
                gpointer    out)
{
  FitSsmKind kind;

  if (!fit_ssm_kind_from_string (str, &kind) || kind == FIT_SSM_NONE)
    return FALSE;
  *(FitSsmKind *) out = kind;
  return TRUE;
}

static gboolean
parse_vendor (const char *str,
              gpointer    out)
{
  return fit_vendor_from_string (str, out);
}

static gboolean
parse_device_class (const char *str,
                    gpointer    out)
{
  return fit_device_class_from_string (str, out);
}

static gboolean
parse_weight_format (const char *str,
                     gpointer    out)
{
  FitWeightFormat fmt;

  if (!fit_weight_format_parse (str, &fmt) || fmt >= FIT_N_WEIGHT_FORMATS)
    return FALSE;
  *(FitWeightFormat *) out = fmt;
  return TRUE;
}

/* ------------------------------------------------------------------------
 * Cards
 */

static const struct {
  const char *member;
  gsize       offset;
} card_sections[] = {
  { "overview",     G_STRUCT_OFFSET (FitModelCard, overview) },
  { "improvements", G_STRUCT_OFFSET (FitModelCard, improvements) },
  { "training",     G_STRUCT_OFFSET (FitModelCard, training) },
  { "strengths",    G_STRUCT_OFFSET (FitModelCard, strengths) },
  { "memory",       G_STRUCT_OFFSET (FitModelCard, memory) },
  { "sources",      G_STRUCT_OFFSET (FitModelCard, sources) },
};

#define CARD_SECTION(card, i) ((FitCardSection *) G_STRUCT_MEMBER_P ((card), card_sections[i].offset))
#define CARD_SECTION_CONST(card, i) \
  ((const FitCardSection *) G_STRUCT_MEMBER_P ((card), card_sections[i].offset))

static void
section_clear (FitCardSection *section)
{
  for (guint i = 0; i < section->n_items; i++)
    {
      g_free (section->items[i].title);
      g_free (section->items[i].text);
    }
  g_clear_pointer (&section->items, g_free);
  section->n_items = 0;
}

static gboolean
section_from_json (FitJsonCtx     *ctx,
                   JsonObject     *obj,
                   const char     *member,
                   gboolean        urls,
                   FitCardSection *section)
{
  JsonArray *array;
  guint n;

  if (!fit_json_get_array (ctx, obj, member, FALSE, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  section_clear (section);
  section->items = g_new0 (FitCardItem, MAX (n, 1));

  fit_json_ctx_push_member (ctx, member);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      FitCardItem *item = &section->items[i];
      JsonObject *item_obj;

      fit_json_ctx_push_index (ctx, i);
      section->n_items = i + 1;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_autofree char *field = fit_json_ctx_field_name (ctx, NULL);

          fit_json_ctx_fail (ctx, NULL, FIT_CATALOG_ERROR_TYPE,
                             _("field “%s” must be %s, not %s"),
                             field, _("an object"), fit_json_node_kind (node));
          return FALSE;
        }

      item_obj = json_node_get_object (node);
      fit_json_check_members (ctx, item_obj, card_item_members);

      if (!fit_json_get_string (ctx, item_obj, "title", TRUE, &item->title) ||
          !(urls ? get_url (ctx, item_obj, "text", TRUE, &item->text)
                 : fit_json_get_string (ctx, item_obj, "text", TRUE, &item->text)))
        return FALSE;

      fit_json_ctx_pop (ctx);
    }

  fit_json_ctx_pop (ctx);
  return TRUE;
}

gboolean
fit_catalog_card_from_json (FitJsonCtx   *ctx,
                            JsonObject   *obj,
                            FitModelCard *card)
{
  fit_json_check_members (ctx, obj, card_members);

  if (!fit_json_get_string (ctx, obj, "summary", FALSE, &card->summary))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (card_sections); i++)
    {
      if (!section_from_json (ctx, obj, card_sections[i].member,
                              g_str_equal (card_sections[i].member, "sources"),
                              CARD_SECTION (card, i)))
        return FALSE;
    }

  return TRUE;
}

gboolean
fit_catalog_card_is_empty (const FitModelCard *card)
{
  if (card->summary != NULL && card->summary[0] != '\0')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (card_sections); i++)
    {
      if (CARD_SECTION_CONST (card, i)->n_items > 0)
        return FALSE;
    }

  return TRUE;
}

void
fit_catalog_card_copy (const FitModelCard *src,
                       FitModelCard       *dest)
{
  fit_model_card_clear (dest);
  dest->summary = g_strdup (src->summary);

  for (guint i = 0; i < G_N_ELEMENTS (card_sections); i++)
    {
      const FitCardSection *from = CARD_SECTION_CONST (src, i);
      FitCardSection *to = CARD_SECTION (dest, i);

      if (from->n_items == 0)
        continue;

      to->items = g_new0 (FitCardItem, from->n_items);
      to->n_items = from->n_items;
      for (guint j = 0; j < from->n_items; j++)
        {
          to->items[j].title = g_strdup (from->items[j].title);
          to->items[j].text = g_strdup (from->items[j].text);
        }
    }
}

/* ------------------------------------------------------------------------
 * Models
 */

static gboolean
pattern_has (const char *pattern,
             const char *chars)
{
  return strpbrk (pattern, chars) != NULL;
}

static gboolean
geometry_mla_from_json (FitJsonCtx *ctx,
                        JsonObject *geo,
                        FitModel   *m)
{
  JsonObject *mla;
  guint32 v_head_dim = 0;

  if (!fit_json_get_object (ctx, geo, "mla", FALSE, &mla))
    return FALSE;
  if (mla == NULL)
    return TRUE;

  fit_json_ctx_push_member (ctx, "mla");
  fit_json_check_members (ctx, mla, mla_members);

  if (!fit_json_get_uint32 (ctx, mla, "kv_lora_rank", TRUE, 1, MAX_DIM, &m->kv_lora_rank) ||
      !fit_json_get_uint32 (ctx, mla, "q_lora_rank", FALSE, 0, MAX_DIM, &m->q_lora_rank) ||
      !fit_json_get_uint32 (ctx, mla, "qk_rope_head_dim", TRUE, 1, MAX_HEAD_DIM, &m->qk_rope_head_dim) ||
      !fit_json_get_uint32 (ctx, mla, "qk_nope_head_dim", TRUE, 0, MAX_HEAD_DIM, &m->qk_nope_head_dim) ||
      !fit_json_get_uint32 (ctx, mla, "v_head_dim", TRUE, 1, MAX_HEAD_DIM, &v_head_dim))
    return FALSE;

  fit_json_ctx_pop (ctx);

  /* The query/key head of MLA is the no-rope part plus the rope part. */
  if (m->head_dim != m->qk_nope_head_dim + m->qk_rope_head_dim)
    return fail_range (ctx, "head_dim",
                       _("%u is not qk_nope_head_dim + qk_rope_head_dim = %u"),
                       m->head_dim, m->qk_nope_head_dim + m->qk_rope_head_dim);

  if (m->v_head_dim != 0 && m->v_head_dim != v_head_dim)
    return fail_range (ctx, "v_head_dim", _("%u differs from mla.v_head_dim %u"),
                       m->v_head_dim, v_head_dim);

  m->v_head_dim = v_head_dim;
  return TRUE;
}

static gboolean
geometry_moe_from_json (FitJsonCtx *ctx,
                        JsonObject *geo,
                        FitModel   *m)
{
  JsonObject *moe;

  if (!fit_json_get_object (ctx, geo, "moe", m->klass == FIT_MODEL_MOE, &moe))
    return FALSE;
  if (moe == NULL)
    return TRUE;

  if (m->klass == FIT_MODEL_DENSE)
    return fail_range (ctx, "moe", _("a dense model has no experts; set “class” to “moe” or “hybrid”"));

  fit_json_ctx_push_member (ctx, "moe");
  fit_json_check_members (ctx, moe, moe_members);

  m->moe_layer_period = 1;
  if (!fit_json_get_uint32 (ctx, moe, "experts", TRUE, 2, MAX_EXPERTS, &m->n_experts) ||
      !fit_json_get_uint32 (ctx, moe, "experts_per_token", TRUE, 1, m->n_experts, &m->experts_per_token) ||
      !fit_json_get_uint32 (ctx, moe, "shared_experts", FALSE, 0, 1024, &m->n_shared_experts) ||
      !fit_json_get_uint32 (ctx, moe, "expert_intermediate_size", TRUE, 1, MAX_DIM,
                            &m->expert_intermediate_size) ||
      !fit_json_get_uint32 (ctx, moe, "shared_expert_intermediate_size", FALSE, 0, MAX_DIM,
                            &m->shared_expert_intermediate_size) ||
      !fit_json_get_uint32 (ctx, moe, "first_dense_layers", FALSE, 0, m->n_layers - 1,
                            &m->first_dense_layers) ||
      !fit_json_get_uint32 (ctx, moe, "layer_period", FALSE, 1, m->n_layers, &m->moe_layer_period) ||
      !fit_json_get_uint32 (ctx, moe, "layer_offset", FALSE, 0, m->moe_layer_period - 1,
                            &m->moe_layer_offset))
    return FALSE;

  fit_json_ctx_pop (ctx);
  return TRUE;
}

static gboolean
geometry_ssm_from_json (FitJsonCtx *ctx,
                        JsonObject *geo,
                        FitModel   *m)
{
  gboolean linear = pattern_has (m->layer_pattern, "L");
  gboolean mamba = pattern_has (m->layer_pattern, "MP");
  JsonObject *ssm;

  if (linear && mamba)
    return fail_range (ctx, "layer_pattern",
                       _("“%s” mixes linear-attention and Mamba layers, which one model cannot describe"),
                       m->layer_pattern);

  if (!fit_json_get_object (ctx, geo, "ssm", linear || mamba || m->klass == FIT_MODEL_HYBRID, &ssm))
    return FALSE;
  if (ssm == NULL)
    return TRUE;

  if (m->klass != FIT_MODEL_HYBRID)
    return fail_range (ctx, "ssm", _("a model with recurrent layers must have “class” “hybrid”"));
  if (!linear && !mamba)
    return fail_range (ctx, "layer_pattern",
                       _("“%s” has no recurrent layers (L, M or P) although “ssm” is given"),
                       m->layer_pattern);

  fit_json_ctx_push_member (ctx, "ssm");
  fit_json_check_members (ctx, ssm, ssm_members);

  if (!get_choice (ctx, ssm, "kind", TRUE, parse_ssm_kind, &m->ssm_kind,
                   "mamba1, mamba2, gated-deltanet"))
    return FALSE;

  if (linear != (m->ssm_kind == FIT_SSM_GATED_DELTANET))
    return fail_range (ctx, "kind",
                       linear ? _("layers marked L need “gated-deltanet”")
                              : _("layers marked M or P need “mamba1” or “mamba2”"));

  switch (m->ssm_kind)
    {
    case FIT_SSM_MAMBA1:
      if (!fit_json_get_uint32 (ctx, ssm, "d_inner", TRUE, 1, MAX_DIM, &m->ssm_d_inner) ||
          !fit_json_get_uint32 (ctx, ssm, "d_state", TRUE, 1, 65536, &m->ssm_d_state) ||
          !fit_json_get_uint32 (ctx, ssm, "d_conv", TRUE, 1, 1024, &m->ssm_d_conv) ||
          !fit_json_get_uint32 (ctx, ssm, "dt_rank", TRUE, 1, MAX_DIM, &m->ssm_dt_rank))
        return FALSE;
      break;

    case FIT_SSM_MAMBA2:
      m->ssm_n_groups = 1;
      if (!fit_json_get_uint32 (ctx, ssm, "d_inner", TRUE, 1, MAX_DIM, &m->ssm_d_inner) ||
          !fit_json_get_uint32 (ctx, ssm, "d_state", TRUE, 1, 65536, &m->ssm_d_state) ||
          !fit_json_get_uint32 (ctx, ssm, "d_conv", TRUE, 1, 1024, &m->ssm_d_conv) ||
          !fit_json_get_uint32 (ctx, ssm, "n_groups", FALSE, 1, 65536, &m->ssm_n_groups) ||
          !fit_json_get_uint32 (ctx, ssm, "n_heads", TRUE, 1, 65536, &m->ssm_n_heads) ||
          !fit_json_get_uint32 (ctx, ssm, "head_dim", TRUE, 1, MAX_HEAD_DIM, &m->ssm_head_dim))
        return FALSE;
      if ((guint64) m->ssm_n_heads * m->ssm_head_dim != m->ssm_d_inner)
        return fail_range (ctx, "d_inner", _("%u is not n_heads × head_dim = %u"),
                           m->ssm_d_inner, m->ssm_n_heads * m->ssm_head_dim);
      break;

    case FIT_SSM_GATED_DELTANET:
      if (!fit_json_get_uint32 (ctx, ssm, "key_heads", TRUE, 1, 65536, &m->lin_key_heads) ||
          !fit_json_get_uint32 (ctx, ssm, "value_heads", TRUE, 1, 65536, &m->lin_value_heads) ||
          !fit_json_get_uint32 (ctx, ssm, "key_head_dim", TRUE, 1, MAX_HEAD_DIM, &m->lin_key_head_dim) ||
          !fit_json_get_uint32 (ctx, ssm, "value_head_dim", TRUE, 1, MAX_HEAD_DIM,
                                &m->lin_value_head_dim) ||
          !fit_json_get_uint32 (ctx, ssm, "conv_kernel", TRUE, 1, 1024, &m->lin_conv_kernel))
        return FALSE;
      break;

    case FIT_SSM_NONE:
    default:
      g_assert_not_reached ();
    }

  fit_json_ctx_pop (ctx);
  return TRUE;
}

static gboolean
geometry_attention_check (FitJsonCtx *ctx,
                          FitModel   *m)
{
  if (!pattern_has (m->layer_pattern, "FSP"))
    return TRUE;

  if (m->n_heads == 0)
    return fail_range (ctx, "attention_heads", _("attention layers need at least one head"));
  if (m->head_dim == 0)
    return fail_range (ctx, "head_dim", _("attention layers need a head size"));

  /* MLA keeps a latent instead of KV heads; config.json still lists them. */
  if (m->kv_lora_rank == 0)
    {
      if (m->n_kv_heads == 0 || m->n_kv_heads > m->n_heads)
        return fail_range (ctx, "kv_heads", _("%u KV heads for %u attention heads is impossible"),
                           m->n_kv_heads, m->n_heads);
      if (m->n_heads % m->n_kv_heads != 0)
        return fail_range (ctx, "kv_heads", _("%u KV heads do not divide %u attention heads"),
                           m->n_kv_heads, m->n_heads);
    }

  if (pattern_has (m->layer_pattern, "S") && m->sliding_window == 0)
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, "sliding_window");

      return fit_json_ctx_fail (ctx, "sliding_window", FIT_CATALOG_ERROR_MISSING,
                                _("required field “%s” is missing (the layer pattern has sliding-window layers)"),
                                field);
    }

  return TRUE;
}

static gboolean
geometry_from_json (FitJsonCtx *ctx,
                    JsonObject *obj,
                    FitModel   *m)
{
  JsonObject *geo;
  gsize pattern_len;

  if (!fit_json_get_object (ctx, obj, "geometry", TRUE, &geo))
    return FALSE;

  fit_json_ctx_push_member (ctx, "geometry");
  fit_json_check_members (ctx, geo, geometry_members);

  m->gated_ffn = TRUE;
  m->norms_per_layer = 2;

  if (!fit_json_get_uint32 (ctx, geo, "layers", TRUE, 1, FIT_MAX_LAYERS, &m->n_layers) ||
      !fit_json_get_uint32 (ctx, geo, "hidden_size", TRUE, 1, MAX_DIM, &m->hidden_size) ||
      !fit_json_get_uint32 (ctx, geo, "intermediate_size", TRUE, 0, MAX_DIM, &m->intermediate_size) ||
      !fit_json_get_uint32 (ctx, geo, "attention_heads", TRUE, 0, MAX_HEADS, &m->n_heads) ||
      !fit_json_get_uint32 (ctx, geo, "kv_heads", TRUE, 0, MAX_HEADS, &m->n_kv_heads) ||
      !fit_json_get_uint32 (ctx, geo, "head_dim", TRUE, 0, MAX_HEAD_DIM, &m->head_dim) ||
      !fit_json_get_uint32 (ctx, geo, "v_head_dim", FALSE, 1, MAX_HEAD_DIM, &m->v_head_dim) ||
      !fit_json_get_uint32 (ctx, geo, "vocab_size", TRUE, 1, MAX_VOCAB, &m->vocab_size) ||
      !fit_json_get_bool (ctx, geo, "tie_word_embeddings", FALSE, &m->tied_embeddings) ||
      !fit_json_get_bool (ctx, geo, "qkv_bias", FALSE, &m->qkv_bias) ||
      !fit_json_get_bool (ctx, geo, "o_bias", FALSE, &m->o_bias) ||
      !fit_json_get_bool (ctx, geo, "qk_norm", FALSE, &m->qk_norm) ||
      !fit_json_get_bool (ctx, geo, "gated_ffn", FALSE, &m->gated_ffn) ||
      !fit_json_get_bool (ctx, geo, "attn_output_gate", FALSE, &m->attn_output_gate) ||
      !fit_json_get_uint32 (ctx, geo, "norms_per_layer", FALSE, 0, 16, &m->norms_per_layer) ||
      !fit_json_get_string (ctx, geo, "layer_pattern", FALSE, &m->layer_pattern) ||
      !fit_json_get_uint32 (ctx, geo, "sliding_window", FALSE, 1, G_MAXINT32, &m->sliding_window) ||
      !fit_json_get_uint (ctx, geo, "extra_params", FALSE, 0, MAX_EXTRA_PARAMS, &m->extra_params))
    return FALSE;

  if (m->layer_pattern == NULL)
    m->layer_pattern = g_strdup ("F");

  pattern_len = strlen (m->layer_pattern);
  if (pattern_len == 0 || pattern_len > m->n_layers ||
      m->layer_pattern[strspn (m->layer_pattern, "FSLMP")] != '\0')
    return fail_range (ctx, "layer_pattern",
                       _("“%s” must be 1 to %u of the letters F, S, L, M and P"),
                       m->layer_pattern, m->n_layers);

  if (!geometry_mla_from_json (ctx, geo, m) ||
      !geometry_attention_check (ctx, m) ||
      !geometry_moe_from_json (ctx, geo, m) ||
      !geometry_ssm_from_json (ctx, geo, m))
    return FALSE;

  fit_json_ctx_pop (ctx);
  return TRUE;
}

static gboolean
checkpoint_from_json (FitJsonCtx *ctx,
                      JsonObject *obj,
                      FitModel   *m)
{
  JsonObject *ckpt;
  JsonArray *variants;
  guint n;

  m->official_format = FIT_WEIGHTS_BF16;

  if (!fit_json_get_object (ctx, obj, "checkpoint", FALSE, &ckpt))
    return FALSE;
  if (ckpt == NULL)
    return TRUE;

  fit_json_ctx_push_member (ctx, "checkpoint");
  fit_json_check_members (ctx, ckpt, checkpoint_members);

  if (!get_choice (ctx, ckpt, "format", TRUE, parse_weight_format, &m->official_format,
                   "bf16, f16, f32, fp8, mxfp4, gptq-int4, awq-int4, …") ||
      !fit_json_get_double (ctx, ckpt, "size_gb", FALSE, 0.0, 1e6, &m->checkpoint_size_gb) ||
      !fit_json_get_array (ctx, ckpt, "variants", FALSE, &variants))
    return FALSE;

  if (variants != NULL)
    {
      n = json_array_get_length (variants);
      if (n > MAX_VARIANTS)
        return fail_range (ctx, "variants", _("%u formats is more than the %u allowed"), n, MAX_VARIANTS);

      g_clear_pointer (&m->variants, g_free);
      m->variants = g_new0 (FitWeightFormat, MAX (n, 1));
      m->n_variants = 0;

      fit_json_ctx_push_member (ctx, "variants");
      for (guint i = 0; i < n; i++)
        {
          const char *str;
          FitWeightFormat fmt;

          fit_json_ctx_push_index (ctx, i);
          if (!fit_json_check_string_node (ctx, json_array_get_element (variants, i), NULL, &str))
            return FALSE;
          if (!parse_weight_format (str, &fmt))
            {
              g_autofree char *ids = fit_weight_format_list_ids ();

              return fail_range (ctx, NULL, _("“%s” is not a weight format; expected one of: %s"),
                                 str, ids);
            }
          for (guint j = 0; j < m->n_variants; j++)
            {
              if (m->variants[j] == fmt)
                return fail_range (ctx, NULL, _("“%s” is listed twice"), str);
            }
          m->variants[m->n_variants++] = fmt;
          fit_json_ctx_pop (ctx);
        }
      fit_json_ctx_pop (ctx);
    }

  fit_json_ctx_pop (ctx);
  return TRUE;
}

/**
 * fit_catalog_model_from_json:
 *
 * Reads one model entry. Returns a finalized model, or %NULL with the first
 * problem recorded in @ctx.
 */
FitModel *
fit_catalog_model_from_json (FitJsonCtx *ctx,
                             JsonObject *obj)
{
  g_autoptr(FitModel) m = fit_model_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *source_url = NULL;
  g_autofree char *notes = NULL;
  double total_b = 0.0, active_b = 0.0, non_emb_b = 0.0;
  JsonObject *card;

  fit_json_check_members (ctx, obj, model_members);

  if (!fit_json_get_id (ctx, obj, "id", &m->id) ||
      !fit_json_get_string (ctx, obj, "name", TRUE, &m->name) ||
      !fit_json_get_string (ctx, obj, "company", FALSE, &m->company) ||
      !fit_json_get_string (ctx, obj, "family", FALSE, &m->family) ||
      !fit_json_get_string (ctx, obj, "release_date", FALSE, &m->release_date) ||
      !fit_json_get_string (ctx, obj, "license", FALSE, &m->license) ||
      !fit_json_get_string (ctx, obj, "modality", FALSE, &m->modality) ||
      !fit_json_get_string (ctx, obj, "hf_repo", FALSE, &m->hf_repo) ||
      !fit_json_get_string (ctx, obj, "architecture", FALSE, &m->architecture) ||
      !get_url (ctx, obj, "source_url", FALSE, &source_url) ||
      !fit_json_get_string (ctx, obj, "notes", FALSE, &notes) ||
      !get_choice (ctx, obj, "class", TRUE, parse_model_class, &m->klass, "dense, moe, hybrid") ||
      !fit_json_get_double (ctx, obj, "params_total_b", TRUE, 1e-6, MAX_PARAMS_B, &total_b) ||
      !fit_json_get_double (ctx, obj, "params_active_b", FALSE, 1e-6, total_b, &active_b) ||
      !fit_json_get_double (ctx, obj, "params_non_embedding_b", FALSE, 1e-6, total_b, &non_emb_b) ||
      !fit_json_get_uint (ctx, obj, "context_window", TRUE, 1, MAX_CONTEXT, &m->context_window) ||
      !fit_json_get_uint (ctx, obj, "max_position_embeddings", FALSE, 1, MAX_CONTEXT,
                          &m->max_position_embeddings))
    return NULL;

  if (m->release_date != NULL && !is_iso_date (m->release_date))
    {
      fail_range (ctx, "release_date", _("“%s” is not a date like 2024-09-19"), m->release_date);
      return NULL;
    }

  m->stated_params_total = total_b * 1e9;
  m->stated_params_active = active_b * 1e9;
  m->stated_params_non_embedding = non_emb_b * 1e9;

  if (!geometry_from_json (ctx, obj, m) ||
      !checkpoint_from_json (ctx, obj, m) ||
      !fit_json_get_object (ctx, obj, "card", FALSE, &card))
    return NULL;

  if (card != NULL)
    {
      fit_json_ctx_push_member (ctx, "card");
      if (!fit_catalog_card_from_json (ctx, card, &m->card))
        return NULL;
      fit_json_ctx_pop (ctx);
    }

  if (!fit_model_finalize (m, &error))
    {
      fit_json_ctx_fail (ctx, NULL, FIT_CATALOG_ERROR_RANGE, "%s", error->message);
      return NULL;
    }

  return g_steal_pointer (&m);
}

/* ------------------------------------------------------------------------
 * Devices
 */

static gboolean
memory_options_from_json (FitJsonCtx *ctx,
                          JsonObject *obj,
                          FitDevice  *d)
{
  JsonArray *array;
  guint n;
  gboolean has_memory = FALSE;

  if (!fit_json_get_array (ctx, obj, "memory_options_bytes", FALSE, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  if (n == 0 || n > G_N_ELEMENTS (d->memory_options))
    return fail_range (ctx, "memory_options_bytes", _("expected 1 to %u sizes, not %u"),
                       (guint) G_N_ELEMENTS (d->memory_options), n);

  fit_json_ctx_push_member (ctx, "memory_options_bytes");
  for (guint i = 0; i < n; i++)
    {
      guint64 v = 0;

      fit_json_ctx_push_index (ctx, i);
      if (!fit_json_check_uint_node (ctx, json_array_get_element (array, i), NULL,
                                     MIN_MEMORY, MAX_MEMORY, &v))
        return FALSE;
      if (i > 0 && v <= d->memory_options[i - 1])
        return fail_range (ctx, NULL, _("sizes must be in ascending order"));
      d->memory_options[i] = v;
      d->n_memory_options = i + 1;
      has_memory |= v == d->memory_bytes;
      fit_json_ctx_pop (ctx);
    }
  fit_json_ctx_pop (ctx);

  if (!has_memory)
    return fail_range (ctx, "memory_bytes", _("%" PRIu64 " is not one of memory_options_bytes"),
                       (uint64_t) d->memory_bytes);

  return TRUE;
}

static gboolean
pci_ids_from_json (FitJsonCtx *ctx,
                   JsonObject *obj,
                   FitDevice  *d)
{
  JsonArray *array;
  guint n;

  if (!fit_json_get_array (ctx, obj, "pci_ids", FALSE, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  n = json_array_get_length (array);
  if (n > FIT_MAX_PCI_IDS)
    return fail_range (ctx, "pci_ids", _("%u ids is more than the %u allowed"), n, FIT_MAX_PCI_IDS);

  fit_json_ctx_push_member (ctx, "pci_ids");
  for (guint i = 0; i < n; i++)
    {
      const char *str;
      FitPciId id;

      fit_json_ctx_push_index (ctx, i);
      if (!fit_json_check_string_node (ctx, json_array_get_element (array, i), NULL, &str))
        return FALSE;
      if (!fit_pci_id_parse (str, &id) || (id >> 16) == 0 || (id >> 16) == 0xffff)
        return fail_range (ctx, NULL, _("“%s” is not a PCI id like “10de:2684”"), str);
      d->pci_ids[d->n_pci_ids++] = id;
      fit_json_ctx_pop (ctx);
    }
  fit_json_ctx_pop (ctx);

  return TRUE;
}

/**
 * fit_catalog_device_from_json:
 *
 * Reads one GPU entry. Returns the device, or %NULL with the first problem
 * recorded in @ctx.
 */
FitDevice *
fit_catalog_device_from_json (FitJsonCtx *ctx,
                              JsonObject *obj)
{
  g_autoptr(FitDevice) d = fit_device_new ();
  guint64 year = 0, tdp = 0;

  fit_json_check_members (ctx, obj, device_members);

  if (!fit_json_get_id (ctx, obj, "id", &d->id) ||
      !fit_json_get_string (ctx, obj, "name", TRUE, &d->name) ||
      !get_choice (ctx, obj, "vendor", TRUE, parse_vendor, &d->vendor, "NVIDIA, AMD, Intel, Apple, Other") ||
      !get_choice (ctx, obj, "class", TRUE, parse_device_class, &d->klass,
                   "consumer, workstation, datacenter, apple, integrated") ||
      !fit_json_get_string (ctx, obj, "architecture", FALSE, &d->architecture) ||
      !fit_json_get_uint (ctx, obj, "release_year", FALSE, 1990, 2100, &year) ||
      !fit_json_get_uint (ctx, obj, "memory_bytes", TRUE, MIN_MEMORY, MAX_MEMORY, &d->memory_bytes) ||
      !memory_options_from_json (ctx, obj, d) ||
      !fit_json_get_string (ctx, obj, "memory_type", FALSE, &d->memory_type) ||
      !fit_json_get_double (ctx, obj, "bandwidth_gbps", TRUE, 0.1, 1e5, &d->bandwidth_gbps) ||
      !fit_json_get_double (ctx, obj, "tflops_fp16", FALSE, 0.0, 1e6, &d->tflops_fp16) ||
      !fit_json_get_double (ctx, obj, "tflops_fp8", FALSE, 0.0, 1e6, &d->tflops_fp8) ||
      !fit_json_get_double (ctx, obj, "tflops_fp4", FALSE, 0.0, 1e6, &d->tflops_fp4) ||
      !fit_json_get_double (ctx, obj, "tflops_fp32", FALSE, 0.0, 1e6, &d->tflops_fp32) ||
      !fit_json_get_uint (ctx, obj, "tdp_watts", FALSE, 0, 100000, &tdp) ||
      !fit_json_get_bool (ctx, obj, "fp8_support", FALSE, &d->fp8_support) ||
      !fit_json_get_bool (ctx, obj, "fp4_support", FALSE, &d->fp4_support) ||
      !fit_json_get_bool (ctx, obj, "unified_memory", FALSE, &d->unified_memory) ||
      !pci_ids_from_json (ctx, obj, d) ||
      !get_url (ctx, obj, "source_url", FALSE, &d->source_url) ||
      !fit_json_get_string (ctx, obj, "notes", FALSE, &d->notes))
    return NULL;

  d->release_year = (guint) year;
  d->tdp_watts = (guint) tdp;

  /* macOS lets the GPU wire about three quarters of RAM by default. */
  d->unified_share = d->unified_memory ? 0.75 : 1.0;
  if (!fit_json_get_double (ctx, obj, "unified_share", FALSE, 0.05, 1.0, &d->unified_share))
    return NULL;

  return g_steal_pointer (&d);
}

/* ------------------------------------------------------------------------
 * Back to JSON
 */

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_uint (JsonBuilder *b,
          const char  *member,
          guint64      value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, (gint64) MIN (value, (guint64) G_MAXINT64));
}

static void
add_uint_nonzero (JsonBuilder *b,
                  const char  *member,
                  guint64      value)
{
  if (value != 0)
    add_uint (b, member, value);
}

static void
add_double_nonzero (JsonBuilder *b,
                    const char  *member,
                    double       value)
{
  if (value == 0.0)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_double_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *member,
          gboolean     value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, value);
}

static void
add_card (JsonBuilder        *b,
          const FitModelCard *card)
{
  json_builder_set_member_name (b, "card");
  json_builder_begin_object (b);
  add_string (b, "summary", card->summary);

  for (guint i = 0; i < G_N_ELEMENTS (card_sections); i++)
    {
      const FitCardSection *section = CARD_SECTION_CONST (card, i);

      if (section->n_items == 0)
        continue;

      json_builder_set_member_name (b, card_sections[i].member);
      json_builder_begin_array (b);
      for (guint j = 0; j < section->n_items; j++)
        {
          json_builder_begin_object (b);
          add_string (b, "title", section->items[j].title);
          add_string (b, "text", section->items[j].text);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }

  json_builder_end_object (b);
}

/* Stated figures are kept in billions with six decimals, so that 0.49 is
 * written back as 0.49 and not as 0.48999999999999999. */
static void
add_billions (JsonBuilder *b,
              const char  *member,
              double       count)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (count <= 0.0)
    return;
  g_ascii_formatd (buf, sizeof buf, "%.6f", count / 1e9);
  json_builder_set_member_name (b, member);
  json_builder_add_double_value (b, g_ascii_strtod (buf, NULL));
}

/**
 * fit_catalog_model_to_json:
 * @model: a finalized model
 * @derived: also write the figures fit_model_finalize() derived
 *
 * Writes @model in the catalog's schema (what fit_catalog_parse_models()
 * reads back), with its card. With @derived, adds `params_total`,
 * `params_active`, `params_embedding`, `kv_bytes_per_token` (F16 cache),
 * `state_bytes_per_sequence` and `user_entry`.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
fit_catalog_model_to_json (const FitModel *model,
                           gboolean        derived)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (model != NULL, NULL);

  json_builder_begin_object (b);
  add_string (b, "id", model->id);
  add_string (b, "name", model->name);
  add_string (b, "company", model->company);
  add_string (b, "family", model->family);
  add_string (b, "release_date", model->release_date);
  add_string (b, "license", model->license);
  add_string (b, "modality", model->modality);
  add_string (b, "hf_repo", model->hf_repo);
  add_string (b, "architecture", model->architecture);
  add_string (b, "class", fit_model_class_to_string (model->klass));
  add_billions (b, "params_total_b", model->stated_params_total);
  add_billions (b, "params_active_b", model->stated_params_active);
  add_billions (b, "params_non_embedding_b", model->stated_params_non_embedding);
  add_uint (b, "context_window", model->context_window);
  add_uint_nonzero (b, "max_position_embeddings", model->max_position_embeddings);

  json_builder_set_member_name (b, "geometry");
  json_builder_begin_object (b);
  add_uint (b, "layers", model->n_layers);
  add_uint (b, "hidden_size", model->hidden_size);
  add_uint (b, "intermediate_size", model->intermediate_size);
  add_uint (b, "attention_heads", model->n_heads);
  add_uint (b, "kv_heads", model->n_kv_heads);
  add_uint (b, "head_dim", model->head_dim);
  if (model->v_head_dim != 0 && model->v_head_dim != model->head_dim)
    add_uint (b, "v_head_dim", model->v_head_dim);
  add_uint (b, "vocab_size", model->vocab_size);
  add_bool (b, "tie_word_embeddings", model->tied_embeddings);
  add_bool (b, "qkv_bias", model->qkv_bias);
  add_bool (b, "o_bias", model->o_bias);
  add_bool (b, "qk_norm", model->qk_norm);
  add_bool (b, "gated_ffn", model->gated_ffn);
  add_uint (b, "norms_per_layer", model->norms_per_layer);
  add_string (b, "layer_pattern", model->layer_pattern);
  add_uint_nonzero (b, "sliding_window", model->sliding_window);
  if (model->attn_output_gate)
    add_bool (b, "attn_output_gate", TRUE);

  if (model->kv_lora_rank > 0)
    {
      json_builder_set_member_name (b, "mla");
      json_builder_begin_object (b);
      add_uint (b, "kv_lora_rank", model->kv_lora_rank);
      add_uint (b, "q_lora_rank", model->q_lora_rank);
      add_uint (b, "qk_rope_head_dim", model->qk_rope_head_dim);
      add_uint (b, "qk_nope_head_dim", model->qk_nope_head_dim);
      add_uint (b, "v_head_dim", fit_model_v_head_dim (model));
      json_builder_end_object (b);
    }

  if (model->n_experts > 0)
    {
      json_builder_set_member_name (b, "moe");
      json_builder_begin_object (b);
      add_uint (b, "experts", model->n_experts);
      add_uint (b, "experts_per_token", model->experts_per_token);
      add_uint (b, "shared_experts", model->n_shared_experts);
      add_uint (b, "expert_intermediate_size", model->expert_intermediate_size);
      add_uint_nonzero (b, "shared_expert_intermediate_size", model->shared_expert_intermediate_size);
      add_uint (b, "first_dense_layers", model->first_dense_layers);
      add_uint (b, "layer_period", MAX (model->moe_layer_period, 1));
      add_uint (b, "layer_offset", model->moe_layer_offset);
      json_builder_end_object (b);
    }

  if (model->ssm_kind != FIT_SSM_NONE)
    {
      json_builder_set_member_name (b, "ssm");
      json_builder_begin_object (b);
      add_string (b, "kind", fit_ssm_kind_to_string (model->ssm_kind));
      if (model->ssm_kind == FIT_SSM_GATED_DELTANET)
        {
          add_uint (b, "key_heads", model->lin_key_heads);
          add_uint (b, "value_heads", model->lin_value_heads);
          add_uint (b, "key_head_dim", model->lin_key_head_dim);
          add_uint (b, "value_head_dim", model->lin_value_head_dim);
          add_uint (b, "conv_kernel", model->lin_conv_kernel);
        }
      else
        {
          add_uint (b, "d_inner", model->ssm_d_inner);
          add_uint (b, "d_state", model->ssm_d_state);
          add_uint (b, "d_conv", model->ssm_d_conv);
          if (model->ssm_kind == FIT_SSM_MAMBA1)
            {
              add_uint (b, "dt_rank", model->ssm_dt_rank);
            }
          else
            {
              add_uint (b, "n_groups", MAX (model->ssm_n_groups, 1));
              add_uint (b, "n_heads", model->ssm_n_heads);
              add_uint (b, "head_dim", model->ssm_head_dim);
            }
        }
      json_builder_end_object (b);
    }

  add_uint_nonzero (b, "extra_params", model->extra_params);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "checkpoint");
  json_builder_begin_object (b);
  add_string (b, "format", fit_weight_format_id (model->official_format));
  add_double_nonzero (b, "size_gb", model->checkpoint_size_gb);
  if (model->n_variants > 0)
    {
      json_builder_set_member_name (b, "variants");
      json_builder_begin_array (b);
      for (guint i = 0; i < model->n_variants; i++)
        json_builder_add_string_value (b, fit_weight_format_id (model->variants[i]));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);

  if (!fit_catalog_card_is_empty (&model->card))
    add_card (b, &model->card);

  if (derived)
    {
      add_uint (b, "params_total", model->params_total);
      add_uint (b, "params_active", model->params_active);
      add_uint (b, "params_embedding", model->params_embedding);
      add_uint (b, "kv_bytes_per_token", fit_model_kv_bytes_per_token (model, FIT_KV_F16, FIT_KV_F16));
      add_uint (b, "state_bytes_per_sequence", model->state_bytes_per_seq);
      add_bool (b, "user_entry", model->user_entry);
    }

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/**
 * fit_catalog_device_to_json:
 * @device: a device
 *
 * Writes @device in the catalog's schema, what fit_catalog_parse_devices()
 * reads back.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
fit_catalog_device_to_json (const FitDevice *device)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (device != NULL, NULL);

  json_builder_begin_object (b);
  add_string (b, "id", device->id);
  add_string (b, "vendor", fit_vendor_to_string (device->vendor));
  add_string (b, "name", device->name);
  add_string (b, "class", fit_device_class_to_string (device->klass));
  add_string (b, "architecture", device->architecture);
  add_uint_nonzero (b, "release_year", device->release_year);
  add_uint (b, "memory_bytes", device->memory_bytes);
  if (device->n_memory_options > 0)
    {
      json_builder_set_member_name (b, "memory_options_bytes");
      json_builder_begin_array (b);
      for (guint i = 0; i < device->n_memory_options && i < G_N_ELEMENTS (device->memory_options); i++)
        json_builder_add_int_value (b, (gint64) device->memory_options[i]);
      json_builder_end_array (b);
    }
  add_string (b, "memory_type", device->memory_type);
  json_builder_set_member_name (b, "bandwidth_gbps");
  json_builder_add_double_value (b, device->bandwidth_gbps);
  add_double_nonzero (b, "tflops_fp16", device->tflops_fp16);
  add_double_nonzero (b, "tflops_fp8", device->tflops_fp8);
  add_double_nonzero (b, "tflops_fp4", device->tflops_fp4);
  add_double_nonzero (b, "tflops_fp32", device->tflops_fp32);
  add_uint_nonzero (b, "tdp_watts", device->tdp_watts);
  add_bool (b, "fp8_support", device->fp8_support);
  add_bool (b, "fp4_support", device->fp4_support);
  add_bool (b, "unified_memory", device->unified_memory);
  if (device->unified_memory)
    {
      json_builder_set_member_name (b, "unified_share");
      json_builder_add_double_value (b, device->unified_share);
    }

  json_builder_set_member_name (b, "pci_ids");
  json_builder_begin_array (b);
  for (guint i = 0; i < device->n_pci_ids && i < FIT_MAX_PCI_IDS; i++)
    {
      g_autofree char *str = fit_pci_id_to_string (device->pci_ids[i]);

      json_builder_add_string_value (b, str);
    }
  json_builder_end_array (b);

  add_string (b, "source_url", device->source_url);
  add_string (b, "notes", device->notes);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
