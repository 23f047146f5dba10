/* fit-gguf-model.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gguf"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fit-gguf.h"
#include "fit-import-private.h"
#include "fit-units.h"

/* The metadata of one model: the file that holds it and its architecture,
 * which prefixes every geometry key ("qwen2.block_count"). */
typedef struct
{
  const FitGguf *meta;
  const char    *file;
  const char    *arch;
  guint32        n_blocks;   /* block_count: the length of per-layer arrays */
} Ctx;

static gboolean
kv_is_integer (const FitGgufKv *kv)
{
  switch (kv->type)
    {
    case FIT_GGUF_TYPE_UINT8:
    case FIT_GGUF_TYPE_INT8:
    case FIT_GGUF_TYPE_UINT16:
    case FIT_GGUF_TYPE_INT16:
    case FIT_GGUF_TYPE_UINT32:
    case FIT_GGUF_TYPE_INT32:
    case FIT_GGUF_TYPE_UINT64:
    case FIT_GGUF_TYPE_INT64:
      return TRUE;
    case FIT_GGUF_TYPE_FLOAT32:
    case FIT_GGUF_TYPE_BOOL:
    case FIT_GGUF_TYPE_STRING:
    case FIT_GGUF_TYPE_ARRAY:
    case FIT_GGUF_TYPE_FLOAT64:
    case FIT_GGUF_N_TYPES:
    default:
      return FALSE;
    }
}

static gboolean
check_range (const Ctx       *c,
             const FitGgufKv *kv,
             gint64           v,
             gboolean         big,
             guint64          max,
             GError         **error)
{
  if (big || v < 0 || (guint64) v > max)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, c->file, kv->offset,
                               _("key “%s” is %s%" PRId64 "; it must be from 0 to %" PRIu64),
                               kv->key, big ? "≥ " : "", v, max);
      return FALSE;
    }

  return TRUE;
}

/* An unsigned integer stored under any integer type. */
static gboolean
get_uint_key (const Ctx   *c,
              const char  *key,
              guint64      max,
              guint64     *out,
              gboolean    *found,
              GError     **error)
{
  const FitGgufKv *kv = fit_gguf_lookup (c->meta, key);

  *found = FALSE;
  if (kv == NULL)
    return TRUE;

  if (!kv_is_integer (kv))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, c->file, kv->offset,
                               _("key “%s” is a %s, not an integer"), kv->key,
                               fit_gguf_type_name (kv->type));
      return FALSE;
    }

  if (!check_range (c, kv, kv->i, kv->is_unsigned_big, max, error))
    return FALSE;

  *out = (guint64) kv->i;
  *found = TRUE;
  return TRUE;
}

static gboolean
get_arch_uint (const Ctx   *c,
               const char  *suffix,
               guint64      max,
               guint64     *out,
               gboolean    *found,
               GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s.%s", c->arch, suffix);

  return get_uint_key (c, key, max, out, found, error);
}

/* Like get_arch_uint(), but 0 when absent and a guint32 result. */
static gboolean
get_arch_u32 (const Ctx   *c,
              const char  *suffix,
              guint32      max,
              guint32     *out,
              GError     **error)
{
  gboolean found;
  guint64 v = 0;

  if (!get_arch_uint (c, suffix, max, &v, &found, error))
    return FALSE;
  *out = found ? (guint32) v : 0;
  return TRUE;
}

/* A key that may hold one value for every layer or an array of one value
 * per layer (llama.cpp's get_key_or_arr). @out has n_blocks entries. */
static gboolean
get_per_layer (const Ctx   *c,
               const char  *suffix,
               guint32      max,
               guint32     *out,
               gboolean    *found,
               gboolean    *is_array,
               GError     **error)
{
  g_autofree char *key = g_strdup_printf ("%s.%s", c->arch, suffix);
  const FitGgufKv *kv = fit_gguf_lookup (c->meta, key);

  *found = FALSE;
  if (is_array != NULL)
    *is_array = FALSE;
  if (kv == NULL)
    return TRUE;

  if (kv->type == FIT_GGUF_TYPE_ARRAY)
    {
      FitGgufKv element = *kv;

      if (kv->array_type == FIT_GGUF_TYPE_BOOL || kv->array_type == FIT_GGUF_TYPE_STRING ||
          kv->array_type == FIT_GGUF_TYPE_ARRAY || kv->array_type == FIT_GGUF_TYPE_FLOAT32 ||
          kv->array_type == FIT_GGUF_TYPE_FLOAT64)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, c->file, kv->offset,
                                   _("key “%s” is an array of %s, not of integers"), kv->key,
                                   fit_gguf_type_name (kv->array_type));
          return FALSE;
        }

      if (kv->array_len != c->n_blocks || kv->array_ints == NULL)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file, kv->offset,
                                   _("key “%s” has %" PRIu64 " entries, but the model "
                                     "has %u layers"),
                                   kv->key, kv->array_len, c->n_blocks);
          return FALSE;
        }

      for (guint32 i = 0; i < c->n_blocks; i++)
        {
          element.type = kv->array_type;
          if (!check_range (c, &element, kv->array_ints[i], FALSE, max, error))
            return FALSE;
          out[i] = (guint32) kv->array_ints[i];
        }

      if (is_array != NULL)
        *is_array = TRUE;
    }
  else
    {
      guint64 v;

      if (!get_uint_key (c, key, max, &v, found, error))
        return FALSE;
      for (guint32 i = 0; i < c->n_blocks; i++)
        out[i] = (guint32) v;
    }

  *found = TRUE;
  return TRUE;
}

static gboolean
get_string_key (const Ctx    *c,
                const char   *key,
                const char  **out,
                GError      **error)
{
  const FitGgufKv *kv = fit_gguf_lookup (c->meta, key);

  *out = NULL;
  if (kv == NULL)
    return TRUE;

  if (kv->type != FIT_GGUF_TYPE_STRING)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, c->file, kv->offset,
                               _("key “%s” is a %s, not a string"), kv->key,
                               fit_gguf_type_name (kv->type));
      return FALSE;
    }

  *out = kv->str;
  return TRUE;
}

/* llama.cpp's LLAMA_FTYPE names, indexed by general.file_type. */
static const struct
{
  guint           ftype;
  const char     *label;
  FitWeightFormat format;
} file_types[] = {
  { 0,  "F32",     FIT_WEIGHTS_GGUF_F32 },
  { 1,  "F16",     FIT_WEIGHTS_GGUF_F16 },
  { 2,  "Q4_0",    FIT_WEIGHTS_GGUF_Q4_0 },
  { 3,  "Q4_1",    FIT_N_WEIGHT_FORMATS },
  { 7,  "Q8_0",    FIT_WEIGHTS_GGUF_Q8_0 },
  { 8,  "Q5_0",    FIT_WEIGHTS_GGUF_Q5_0 },
  { 9,  "Q5_1",    FIT_N_WEIGHT_FORMATS },
  { 10, "Q2_K",    FIT_WEIGHTS_GGUF_Q2_K },
  { 11, "Q3_K_S",  FIT_N_WEIGHT_FORMATS },
  { 12, "Q3_K_M",  FIT_WEIGHTS_GGUF_Q3_K_M },
  { 13, "Q3_K_L",  FIT_N_WEIGHT_FORMATS },
  { 14, "Q4_K_S",  FIT_WEIGHTS_GGUF_Q4_K_S },
  { 15, "Q4_K_M",  FIT_WEIGHTS_GGUF_Q4_K_M },
  { 16, "Q5_K_S",  FIT_WEIGHTS_GGUF_Q5_K_S },
  { 17, "Q5_K_M",  FIT_WEIGHTS_GGUF_Q5_K_M },
  { 18, "Q6_K",    FIT_WEIGHTS_GGUF_Q6_K },
  { 19, "IQ2_XXS", FIT_N_WEIGHT_FORMATS },
  { 20, "IQ2_XS",  FIT_N_WEIGHT_FORMATS },
  { 21, "Q2_K_S",  FIT_N_WEIGHT_FORMATS },
  { 22, "IQ3_XS",  FIT_N_WEIGHT_FORMATS },
  { 23, "IQ3_XXS", FIT_N_WEIGHT_FORMATS },
  { 24, "IQ1_S",   FIT_N_WEIGHT_FORMATS },
  { 25, "IQ4_NL",  FIT_N_WEIGHT_FORMATS },
  { 26, "IQ3_S",   FIT_N_WEIGHT_FORMATS },
  { 27, "IQ3_M",   FIT_N_WEIGHT_FORMATS },
  { 28, "IQ2_S",   FIT_N_WEIGHT_FORMATS },
  { 29, "IQ2_M",   FIT_N_WEIGHT_FORMATS },
  { 30, "IQ4_XS",  FIT_WEIGHTS_GGUF_IQ4_XS },
  { 31, "IQ1_M",   FIT_N_WEIGHT_FORMATS },
  { 32, "BF16",    FIT_WEIGHTS_GGUF_BF16 },
  { 36, "TQ1_0",   FIT_N_WEIGHT_FORMATS },
  { 37, "TQ2_0",   FIT_N_WEIGHT_FORMATS },
  { 38, "MXFP4_MOE", FIT_WEIGHTS_GGUF_MXFP4 },
};

/* llama.cpp marks a file type it guessed with this bit. */
#define FTYPE_GUESSED 1024

/* Architectures whose sliding-window layers follow a period that llama.cpp
 * hardcodes (src/models/<arch>.cpp); `<arch>.attention.sliding_window_pattern`
 * overrides it. With dense_first the full layer opens each period,
 * otherwise it closes it. */
static const struct
{
  const char *arch;
  guint       period;
  gboolean    dense_first;
} swa_periods[] = {
  { "gemma2",          2, FALSE },
  { "gemma3",          6, FALSE },
  { "gemma3n",         5, FALSE },
  { "gemma-embedding", 6, FALSE },
  { "gpt-oss",         2, FALSE },
  { "cohere2",         4, FALSE },
  { "exaone4",         4, FALSE },
  { "exaone-moe",      4, FALSE },
  { "olmo2",           4, FALSE },
  { "mellum",          4, FALSE },
  { "afmoe",           4, FALSE },
  { "llama4",          4, FALSE },
  { "plamo3",          8, FALSE },
  { "smallthinker",    4, TRUE },
  { "laguna",          4, TRUE },
  { "cohere2moe",      4, TRUE },
};

/* Architectures with Gated DeltaNet layers between full-attention ones. */
static const char *const linear_attention_archs[] = {
  "qwen3next", "qwen35", "qwen35moe",
};

static gboolean
str_in (const char        *s,
        const char *const *list,
        gsize              n)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (s, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
check_arch_name (const char *arch)
{
  gsize len = strlen (arch);

  if (len == 0 || len > 64)
    return FALSE;

  for (const char *p = arch; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      return FALSE;

  return TRUE;
}

/* Which layers slide: @is_swa has n_blocks entries. */
static gboolean
sliding_layers (const Ctx  *c,
                guint32     window,
                gboolean   *is_swa,
                GError    **error)
{
  g_autofree char *key = g_strdup_printf ("%s.attention.sliding_window_pattern", c->arch);
  const FitGgufKv *kv = fit_gguf_lookup (c->meta, key);
  gboolean dense_first = FALSE;
  guint period = 0;
  gboolean known = FALSE;

  for (guint i = 0; i < c->n_blocks; i++)
    is_swa[i] = FALSE;

  if (window == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (swa_periods); i++)
    {
      if (g_strcmp0 (c->arch, swa_periods[i].arch) == 0)
        {
          period = swa_periods[i].period;
          dense_first = swa_periods[i].dense_first;
          known = TRUE;
        }
    }

  if (kv != NULL && kv->type == FIT_GGUF_TYPE_ARRAY)
    {
      switch (kv->array_type)
        {
        case FIT_GGUF_TYPE_BOOL:
        case FIT_GGUF_TYPE_UINT8:
        case FIT_GGUF_TYPE_INT8:
        case FIT_GGUF_TYPE_UINT16:
        case FIT_GGUF_TYPE_INT16:
        case FIT_GGUF_TYPE_UINT32:
        case FIT_GGUF_TYPE_INT32:
        case FIT_GGUF_TYPE_UINT64:
        case FIT_GGUF_TYPE_INT64:
          break;
        case FIT_GGUF_TYPE_FLOAT32:
        case FIT_GGUF_TYPE_FLOAT64:
        case FIT_GGUF_TYPE_STRING:
        case FIT_GGUF_TYPE_ARRAY:
        case FIT_GGUF_N_TYPES:
        default:
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, c->file, kv->offset,
                                   _("key “%s” is an array of %s, not of booleans"), kv->key,
                                   fit_gguf_type_name (kv->array_type));
          return FALSE;
        }

      /* Arrays too long to keep are longer than any layer count. */
      if (kv->array_len != c->n_blocks || kv->array_ints == NULL)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file, kv->offset,
                                   _("key “%s” has %" PRIu64 " entries, but the model "
                                     "has %u layers"),
                                   kv->key, kv->array_len, c->n_blocks);
          return FALSE;
        }

      for (guint i = 0; i < c->n_blocks; i++)
        is_swa[i] = kv->array_ints[i] != 0;
      return TRUE;
    }

  if (kv != NULL)
    {
      guint64 v;
      gboolean found;

      if (!get_uint_key (c, key, FIT_MAX_LAYERS, &v, &found, error))
        return FALSE;
      period = (guint) v;
      known = TRUE;
    }

  /* An architecture llama.cpp gives no pattern runs every layer with full
   * attention whatever window the file states (phi3 states 262,144), so
   * the layers are left full: that can only overstate the cache. */
  if (!known)
    return TRUE;

  for (guint i = 0; i < c->n_blocks; i++)
    {
      if (period == 0)
        is_swa[i] = TRUE;
      else if (dense_first)
        is_swa[i] = i % period != 0;
      else
        is_swa[i] = i % period < period - 1;
    }

  return TRUE;
}

/* "blk.N." → N, or -1. */
static gint64
block_index (const char *name)
{
  guint64 n = 0;
  const char *p;

  if (!g_str_has_prefix (name, "blk."))
    return -1;

  p = name + 4;
  if (!g_ascii_isdigit (*p))
    return -1;

  for (; g_ascii_isdigit (*p); p++)
    {
      n = n * 10 + (guint64) (*p - '0');
      if (n > G_MAXINT32)
        return G_MAXINT32;
    }

  return *p == '.' ? (gint64) n : -1;
}

static gboolean
is_routed_expert (const char *name)
{
  /* ffn_{gate,up,down,gate_up}_exps.{weight,bias,scale}; shared experts are
   * "_shexp" and always run. */
  return strstr (name, "_exps.") != NULL || g_str_has_suffix (name, "_exps");
}

static const char *
block_suffix (const char *name)
{
  const char *dot = strchr (name + 4, '.');

  return dot != NULL ? dot + 1 : "";
}

typedef struct
{
  gboolean  any;
  gboolean  qkv_bias;
  gboolean  o_bias;
  gboolean  qk_norm;
  gboolean  gated;
  guint32   norms;
  gboolean *moe;         /* per layer: routed experts present */
  gboolean  output;
} TensorFacts;

static gboolean
collect_tensors (const Ctx        *c,
                 FitGguf *const   *parts,
                 guint             n_parts,
                 FitModel         *model,
                 FitExactWeights  *exact,
                 TensorFacts      *facts,
                 GHashTable       *bytes_by_type,
                 GError          **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint64 *type_bytes = g_new0 (guint64, FIT_GGML_N_TYPES);
  gint64 first_block = -1;
  guint64 best = 0;
  FitGgmlType dominant = FIT_GGML_F16;

  /* Layer facts come from the first block that has attention tensors. */
  for (guint p = 0; p < n_parts; p++)
    {
      for (guint64 i = 0; i < parts[p]->n_tensors; i++)
        {
          const char *name = parts[p]->tensors[i].name;
          gint64 b = block_index (name);

          if (b >= 0 && b < model->n_layers && g_str_has_prefix (block_suffix (name), "attn_") &&
              (first_block < 0 || b < first_block))
            first_block = b;
        }
    }
  if (first_block < 0)
    first_block = 0;

  for (guint p = 0; p < n_parts; p++)
    {
      const FitGguf *part = parts[p];

      for (guint64 i = 0; i < part->n_tensors; i++)
        {
          const FitGgufTensor *t = &part->tensors[i];
          gint64 b = block_index (t->name);

          if (!g_hash_table_add (names, t->name))
            {
              fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, part->name,
                                       t->info_offset,
                                       _("the tensor name “%s” appears in two parts of the "
                                         "split model"),
                                       t->name);
              return FALSE;
            }

          facts->any = TRUE;
          exact->total_bytes = fit_add_sat (exact->total_bytes, t->n_bytes);
          exact->params = fit_add_sat (exact->params, t->n_elements);
          type_bytes[t->type] = fit_add_sat (type_bytes[t->type], t->n_bytes);
          fit_import_add_type_bytes (bytes_by_type, fit_ggml_type_name (t->type), t->n_bytes);

          if (b >= (gint64) c->n_blocks || (b < 0 && g_str_has_prefix (t->name, "blk.")))
            {
              fit_import_set_error_at (error, FIT_IMPORT_ERROR_INCONSISTENT, part->name,
                                       t->info_offset,
                                       _("tensor “%s” names a block beyond the %u of "
                                         "%s.block_count"),
                                       t->name, c->n_blocks, c->arch);
              return FALSE;
            }

          if (b >= 0 && b < model->n_layers)
            {
              const char *suffix = block_suffix (t->name);

              exact->layer_bytes[b] = fit_add_sat (exact->layer_bytes[b], t->n_bytes);
              if (is_routed_expert (t->name))
                {
                  exact->layer_expert_bytes[b] =
                    fit_add_sat (exact->layer_expert_bytes[b], t->n_bytes);
                  facts->moe[b] = TRUE;
                }

              if (b == first_block)
                {
                  if (g_str_equal (suffix, "attn_q.bias") || g_str_equal (suffix, "attn_qkv.bias"))
                    facts->qkv_bias = TRUE;
                  if (g_str_equal (suffix, "attn_output.bias"))
                    facts->o_bias = TRUE;
                  if (g_str_equal (suffix, "attn_q_norm.weight") ||
                      g_str_equal (suffix, "attn_k_norm.weight"))
                    facts->qk_norm = TRUE;
                  if (g_str_has_prefix (suffix, "ffn_gate"))
                    facts->gated = TRUE;
                  if (t->n_dims == 1 && t->ne[0] == model->hidden_size &&
                      g_str_has_suffix (suffix, "norm.weight"))
                    facts->norms++;
                }
            }
          else if (g_str_equal (t->name, "token_embd.weight"))
            {
              exact->token_embd_bytes = fit_add_sat (exact->token_embd_bytes, t->n_bytes);
              if (t->ne[0] != model->hidden_size)
                {
                  fit_import_set_error_at (error, FIT_IMPORT_ERROR_INCONSISTENT, part->name,
                                           t->info_offset,
                                           _("token_embd.weight has rows of %" PRIu64
                                             " elements, but the hidden size is %u"),
                                           t->ne[0], model->hidden_size);
                  return FALSE;
                }
            }
          else if (g_str_equal (t->name, "output.weight"))
            {
              exact->output_bytes = fit_add_sat (exact->output_bytes, t->n_bytes);
              facts->output = TRUE;
            }
          else
            {
              /* Norms outside the blocks, NextN/MTP blocks, position tables. */
              exact->other_bytes = fit_add_sat (exact->other_bytes, t->n_bytes);
            }
        }
    }

  for (guint t = 0; t < FIT_GGML_N_TYPES; t++)
    {
      /* Small vectors (norms, biases) never decide the label. */
      if (type_bytes[t] > best && t != FIT_GGML_F32)
        {
          best = type_bytes[t];
          dominant = t;
        }
    }
  if (best == 0 && type_bytes[FIT_GGML_F32] > 0)
    dominant = FIT_GGML_F32;

  model->official_format = FIT_WEIGHTS_GGUF_F16;
  {
    double bits = 8.0 * fit_ggml_type_block_bytes (dominant) /
                  MAX (fit_ggml_type_block_size (dominant), 1);
    double nearest = G_MAXDOUBLE;

    for (guint f = 0; f < FIT_N_WEIGHT_FORMATS; f++)
      {
        double d;

        if (!fit_weight_format_is_gguf (f) || f == FIT_WEIGHTS_GGUF_MXFP4)
          continue;
        d = fabs (fit_weight_format_nominal_bits (f) - bits);
        if (d < nearest)
          {
            nearest = d;
            model->official_format = f;
          }
      }
  }

  if (exact->format_label == NULL)
    exact->format_label = g_strdup (fit_ggml_type_name (dominant));

  return TRUE;
}

static gboolean
check_split (FitGguf *const  *parts,
             guint            n_parts,
             GError         **error)
{
  Ctx c = { parts[0], parts[0]->name, "split", 0 };
  guint64 count = 0, tensors = 0, total = 0;
  gboolean found;

  if (!get_uint_key (&c, "split.count", 99999, &count, &found, error))
    return FALSE;

  if (found && count > 1 && n_parts == 1)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, parts[0]->name,
                            _("this is one part of a model split into %" PRIu64
                              " files, and the others were not found"),
                            count);
      return FALSE;
    }

  if (found && count != n_parts)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, parts[0]->name,
                            _("split.count says %" PRIu64 " parts, but %u files "
                              "were found"),
                            count, n_parts);
      return FALSE;
    }

  for (guint p = 0; p < n_parts; p++)
    {
      Ctx pc = { parts[p], parts[p]->name, "split", 0 };
      guint64 no;

      if (!get_uint_key (&pc, "split.no", 99999, &no, &found, error))
        return FALSE;

      if (found && no != p)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, parts[p]->name,
                                _("split.no says this is part %" PRIu64 ", but its "
                                  "name says part %u"),
                                no + 1, p + 1);
          return FALSE;
        }

      total += parts[p]->n_tensors;
    }

  if (!get_uint_key (&c, "split.tensors.count", FIT_IMPORT_MAX_TENSORS * 100000, &tensors,
                     &found, error))
    return FALSE;

  if (found && n_parts > 1 && tensors != total)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, parts[0]->name,
                            _("split.tensors.count says %" PRIu64 " tensors, but the "
                              "parts hold %" PRIu64),
                            tensors, total);
      return FALSE;
    }

  return TRUE;
}

static char *
display_stem (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_name (base);
  char *dot;

  if (g_str_has_suffix (display, ".gguf"))
    display[strlen (display) - 5] = '\0';

  /* Drop "-00001-of-00003". */
  dot = strlen (display) > 15 ? display + strlen (display) - 15 : NULL;
  if (dot != NULL && dot[0] == '-' && strncmp (dot + 6, "-of-", 4) == 0)
    *dot = '\0';

  return g_steal_pointer (&display);
}

/**
 * fit_gguf_to_model:
 * @parts: the parsed files, parts[0] holding the metadata
 * @n_parts: how many
 * @path: (nullable): the user's path, kept as source_path and used for the
 *   name when the file has none
 * @bytes_by_type: (nullable): a table from fit_import_type_bytes_new()
 *   that receives the bytes per ggml type
 * @error: return location for a #FIT_IMPORT_ERROR or #FIT_MODEL_ERROR
 *
 * Derives the geometry of a model from GGUF metadata, and its exact weight
 * bytes from the tensor infos.
 *
 * Returns: (transfer full) (nullable): a finalized model
 */
FitModel *
fit_gguf_to_model (FitGguf *const  *parts,
                   guint            n_parts,
                   const char      *path,
                   GHashTable      *bytes_by_type,
                   GError         **error)
{
  g_autoptr(FitModel) model = NULL;
  g_autofree guint32 *heads = NULL;
  g_autofree guint32 *kv_heads = NULL;
  g_autofree guint32 *ffn = NULL;
  g_autofree guint32 *ffn_exp = NULL;
  g_autofree gboolean *is_swa = NULL;
  g_autofree gboolean *is_state = NULL;
  g_autofree gboolean *has_attn = NULL;
  g_autofree gboolean *moe_layers = NULL;
  FitExactWeights *exact;
  TensorFacts facts = { 0 };
  const char *arch = NULL, *type = NULL, *name = NULL, *license = NULL, *basename = NULL;
  const FitGgufKv *kv;
  gboolean found, heads_found, kv_found, kv_array, ssm, linear;
  guint64 v;
  guint32 n_layers, nextn, key_length, value_length, window;
  guint32 ssm_conv, ssm_state, ssm_inner, ssm_groups, ssm_dt_rank;
  guint32 max_heads = 0, max_kv = 0, n_attn = 0;
  Ctx c;
  GString *pattern;

  g_return_val_if_fail (parts != NULL && n_parts > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  c.meta = parts[0];
  c.file = parts[0]->name;
  c.arch = "general";
  c.n_blocks = 0;

  if (!check_split (parts, n_parts, error))
    return NULL;

  if (!get_string_key (&c, "general.architecture", &arch, error) ||
      !get_string_key (&c, "general.type", &type, error) ||
      !get_string_key (&c, "general.name", &name, error) ||
      !get_string_key (&c, "general.license", &license, error) ||
      !get_string_key (&c, "general.basename", &basename, error))
    return NULL;

  if (arch == NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, c.file,
                            _("the key general.architecture is missing"));
      return NULL;
    }

  if (!check_arch_name (arch))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, c.file,
                            _("“%s” is not a valid architecture name"), arch);
      return NULL;
    }

  if (g_strcmp0 (type, "mmproj") == 0 || g_str_equal (arch, "clip"))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c.file,
                            _("this is a vision projector (mmproj), not a language model; "
                              "open the model file it belongs to"));
      return NULL;
    }

  if (g_strcmp0 (type, "adapter") == 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c.file,
                            _("this is a LoRA adapter, not a language model"));
      return NULL;
    }

  if (g_str_has_prefix (arch, "rwkv"))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c.file,
                            _("the %s architecture (RWKV) is not supported"), arch);
      return NULL;
    }

  c.arch = arch;

  /* Layers */
  if (!get_arch_uint (&c, "block_count", G_MAXUINT32, &v, &found, error))
    return NULL;
  if (!found)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, c.file,
                            _("the key %s.block_count is missing"), arch);
      return NULL;
    }
  if (v == 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                            _("%s.block_count is zero"), arch);
      return NULL;
    }
  if (v > FIT_MAX_LAYERS)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, c.file,
                            _("%s.block_count is %" PRIu64 ", more than %d"),
                            arch, v, FIT_MAX_LAYERS);
      return NULL;
    }
  c.n_blocks = (guint32) v;

  /* NextN/MTP blocks follow the trunk and are counted in block_count, but
   * hold no KV cache during normal decoding. */
  if (!get_arch_u32 (&c, "nextn_predict_layers", FIT_MAX_LAYERS, &nextn, error))
    return NULL;
  if (nextn >= c.n_blocks)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                            _("%s.nextn_predict_layers (%u) is not below the block count (%u)"),
                            arch, nextn, c.n_blocks);
      return NULL;
    }
  n_layers = c.n_blocks - nextn;

  model = fit_model_new ();
  model->n_layers = n_layers;
  model->architecture = g_strdup (arch);
  model->modality = g_strdup ("text");

  if (!get_arch_uint (&c, "embedding_length", 1 << 22, &v, &found, error))
    return NULL;
  if (!found)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, c.file,
                            _("the key %s.embedding_length is missing"), arch);
      return NULL;
    }
  if (v == 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                            _("%s.embedding_length is zero"), arch);
      return NULL;
    }
  model->hidden_size = (guint32) v;

  if (!get_arch_uint (&c, "context_length", G_GUINT64_CONSTANT (1) << 32, &v, &found, error))
    return NULL;
  if (found)
    model->context_window = model->max_position_embeddings = v;

  /* Per-layer geometry */
  heads = g_new0 (guint32, c.n_blocks);
  kv_heads = g_new0 (guint32, c.n_blocks);
  ffn = g_new0 (guint32, c.n_blocks);
  ffn_exp = g_new0 (guint32, c.n_blocks);
  is_swa = g_new0 (gboolean, c.n_blocks);
  is_state = g_new0 (gboolean, c.n_blocks);
  has_attn = g_new0 (gboolean, c.n_blocks);

  if (!get_per_layer (&c, "attention.head_count", 65536, heads, &heads_found, NULL, error) ||
      !get_per_layer (&c, "attention.head_count_kv", 65536, kv_heads, &kv_found, &kv_array,
                      error) ||
      !get_per_layer (&c, "feed_forward_length", 1 << 22, ffn, &found, NULL, error) ||
      !get_per_layer (&c, "expert_feed_forward_length", 1 << 22, ffn_exp, &found, NULL, error))
    return NULL;

  if (!kv_found)
    memcpy (kv_heads, heads, c.n_blocks * sizeof *heads);

  for (guint32 i = 0; i < c.n_blocks; i++)
    {
      model->intermediate_size = MAX (model->intermediate_size, ffn[i]);
      model->expert_intermediate_size = MAX (model->expert_intermediate_size, ffn_exp[i]);
    }

  if (!get_arch_u32 (&c, "attention.key_length", 65536, &key_length, error) ||
      !get_arch_u32 (&c, "attention.value_length", 65536, &value_length, error) ||
      !get_arch_u32 (&c, "attention.sliding_window", G_MAXUINT32, &window, error))
    return NULL;

  /* Recurrent layers */
  if (!get_arch_u32 (&c, "ssm.conv_kernel", 1024, &ssm_conv, error) ||
      !get_arch_u32 (&c, "ssm.state_size", 65536, &ssm_state, error) ||
      !get_arch_u32 (&c, "ssm.inner_size", 1 << 22, &ssm_inner, error) ||
      !get_arch_u32 (&c, "ssm.group_count", 65536, &ssm_groups, error) ||
      !get_arch_u32 (&c, "ssm.time_step_rank", 65536, &ssm_dt_rank, error))
    return NULL;

  {
    g_autofree char *interval_key = g_strdup_printf ("%s.full_attention_interval", arch);

    linear = str_in (arch, linear_attention_archs, G_N_ELEMENTS (linear_attention_archs)) ||
             (fit_gguf_lookup (c.meta, interval_key) != NULL && ssm_state > 0);
  }
  ssm = !linear && (ssm_state > 0 || ssm_inner > 0 || ssm_conv > 0);

  if (linear)
    {
      guint32 interval = 4;
      gboolean any_zero = FALSE;

      if (!get_arch_uint (&c, "full_attention_interval", FIT_MAX_LAYERS, &v, &found, error))
        return NULL;
      if (found)
        interval = (guint32) v;
      if (interval == 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                                _("%s.full_attention_interval is zero"), arch);
          return NULL;
        }

      for (guint32 i = 0; i < n_layers; i++)
        any_zero |= kv_array && kv_heads[i] == 0;

      for (guint32 i = 0; i < n_layers; i++)
        {
          is_state[i] = any_zero ? kv_heads[i] == 0 : (i + 1) % interval != 0;
          has_attn[i] = !is_state[i];
        }

      model->ssm_kind = FIT_SSM_GATED_DELTANET;
      model->lin_conv_kernel = ssm_conv;
      model->lin_key_head_dim = ssm_state;
      model->lin_key_heads = ssm_groups;
      model->lin_value_heads = ssm_dt_rank;
      if (ssm_dt_rank == 0 || ssm_inner % ssm_dt_rank != 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                                _("%s.ssm.inner_size (%u) is not a multiple of "
                                  "%s.ssm.time_step_rank (%u)"),
                                arch, ssm_inner, arch, ssm_dt_rank);
          return NULL;
        }
      model->lin_value_head_dim = ssm_inner / ssm_dt_rank;
    }
  else
    {
      for (guint32 i = 0; i < n_layers; i++)
        {
          /* Jamba and Granite hybrids mark their Mamba layers with zero KV
           * heads; Falcon-H1 runs Mamba beside attention in every layer.
           * Without recurrent layers, a scalar head count covers every
           * layer, so zero heads there is an error, not a layer kind. */
          if (ssm)
            {
              has_attn[i] = kv_heads[i] > 0;
              is_state[i] = kv_heads[i] == 0 || !kv_array;
            }
          else
            {
              has_attn[i] = !kv_array || kv_heads[i] > 0;
            }
        }
    }

  if (ssm)
    {
      if (ssm_inner == 0 || ssm_state == 0 || ssm_conv == 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, c.file,
                                _("a Mamba model needs %s.ssm.inner_size, ssm.state_size and "
                                  "ssm.conv_kernel"),
                                arch);
          return NULL;
        }

      model->ssm_d_inner = ssm_inner;
      model->ssm_d_state = ssm_state;
      model->ssm_d_conv = ssm_conv;

      if (ssm_groups > 0)
        {
          model->ssm_kind = FIT_SSM_MAMBA2;
          model->ssm_n_groups = ssm_groups;
          model->ssm_n_heads = ssm_dt_rank;
          if (ssm_dt_rank == 0 || ssm_inner % ssm_dt_rank != 0)
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                                    _("%s.ssm.inner_size (%u) is not a multiple of the %u "
                                      "Mamba-2 heads (%s.ssm.time_step_rank)"),
                                    arch, ssm_inner, ssm_dt_rank, arch);
              return NULL;
            }
          model->ssm_head_dim = ssm_inner / ssm_dt_rank;
        }
      else
        {
          model->ssm_kind = FIT_SSM_MAMBA1;
          model->ssm_dt_rank = ssm_dt_rank;
        }
    }

  /* Attention heads, layer by layer */
  for (guint32 i = 0; i < n_layers; i++)
    {
      if (!has_attn[i])
        continue;

      if (heads[i] == 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                                heads_found ? _("layer %u has attention but %s.attention.head_count "
                                                "is zero")
                                            : _("layer %u has attention but "
                                                "%s.attention.head_count is missing"),
                                i, arch);
          return NULL;
        }

      if (kv_heads[i] == 0 || kv_heads[i] > heads[i] || heads[i] % kv_heads[i] != 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                                _("the %u KV heads of layer %u do not divide its %u attention "
                                  "heads"),
                                kv_heads[i], i, heads[i]);
          return NULL;
        }

      max_heads = MAX (max_heads, heads[i]);
      max_kv = MAX (max_kv, kv_heads[i]);
      n_attn++;
    }

  for (guint32 i = 0; i < n_layers; i++)
    {
      if (!has_attn[i] && !is_state[i])
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c.file,
                                _("layer %u has neither attention (its KV head count is zero) "
                                  "nor a recurrent state this version understands"),
                                i);
          return NULL;
        }
    }

  model->n_heads = max_heads;
  model->n_kv_heads = max_kv;

  /* MLA stores the latent sizes next to the per-head ones. */
  if (!get_arch_u32 (&c, "attention.kv_lora_rank", 1 << 22, &model->kv_lora_rank, error) ||
      !get_arch_u32 (&c, "attention.q_lora_rank", 1 << 22, &model->q_lora_rank, error))
    return NULL;

  if (model->kv_lora_rank > 0)
    {
      guint32 k_mla, v_mla, rope;

      if (!get_arch_u32 (&c, "attention.key_length_mla", 65536, &k_mla, error) ||
          !get_arch_u32 (&c, "attention.value_length_mla", 65536, &v_mla, error) ||
          !get_arch_u32 (&c, "rope.dimension_count", 65536, &rope, error))
        return NULL;

      if (k_mla > 0)
        key_length = k_mla;
      if (v_mla > 0)
        value_length = v_mla;

      if (rope == 0 || key_length <= rope)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                                _("the MLA rope dimension (%u) must be above zero and below "
                                  "the key length (%u)"),
                                rope, key_length);
          return NULL;
        }
      model->qk_rope_head_dim = rope;
      model->qk_nope_head_dim = key_length - rope;
    }

  if (n_attn > 0)
    {
      if (key_length > 0)
        model->head_dim = key_length;
      else if (model->hidden_size % max_heads == 0)
        model->head_dim = model->hidden_size / max_heads;
      else
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                                _("the %u attention heads do not divide the hidden size %u, "
                                  "and %s.attention.key_length is missing"),
                                max_heads, model->hidden_size, arch);
          return NULL;
        }

      if (value_length > 0 && value_length != model->head_dim)
        model->v_head_dim = value_length;
    }

  /* Sliding window */
  if (!sliding_layers (&c, window, is_swa, error))
    return NULL;
  if (window > 0 && model->context_window > 0 && window >= model->context_window)
    memset (is_swa, 0, c.n_blocks * sizeof *is_swa);

  pattern = g_string_sized_new (n_layers + 1);
  for (guint32 i = 0; i < n_layers; i++)
    {
      char k;

      if (has_attn[i] && is_state[i])
        k = 'P';
      else if (is_state[i])
        k = linear ? 'L' : 'M';
      else if (is_swa[i])
        k = 'S';
      else
        k = 'F';
      g_string_append_c (pattern, k);
      if (k == 'S')
        model->sliding_window = window;
    }
  model->layer_pattern = g_string_free (pattern, FALSE);

  /* Mixture of experts */
  if (!get_arch_u32 (&c, "expert_count", 65536, &model->n_experts, error) ||
      !get_arch_u32 (&c, "expert_used_count", 65536, &model->experts_per_token, error) ||
      !get_arch_u32 (&c, "expert_shared_count", 65536, &model->n_shared_experts, error) ||
      !get_arch_u32 (&c, "expert_shared_feed_forward_length", 1 << 22,
                     &model->shared_expert_intermediate_size, error) ||
      !get_arch_u32 (&c, "leading_dense_block_count", FIT_MAX_LAYERS,
                     &model->first_dense_layers, error))
    return NULL;

  if (model->n_experts == 0 && model->experts_per_token > 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                            _("%s.expert_used_count is %u, but the model has no experts"),
                            arch, model->experts_per_token);
      return NULL;
    }

  if (model->n_experts > 0 &&
      (model->experts_per_token == 0 || model->experts_per_token > model->n_experts))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                            _("%u experts per token out of %u experts is impossible"),
                            model->experts_per_token, model->n_experts);
      return NULL;
    }

  if (model->first_dense_layers > n_layers)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c.file,
                            _("%s.leading_dense_block_count (%u) is above the layer count (%u)"),
                            arch, model->first_dense_layers, n_layers);
      return NULL;
    }

  /* Mixtral-style files state only the (expert) feed-forward length. */
  if (model->n_experts > 0 && model->expert_intermediate_size == 0)
    model->expert_intermediate_size = model->intermediate_size;

  /* Vocabulary */
  kv = fit_gguf_lookup (c.meta, "tokenizer.ggml.tokens");
  if (kv != NULL)
    {
      if (kv->type != FIT_GGUF_TYPE_ARRAY || kv->array_type != FIT_GGUF_TYPE_STRING)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, c.file, kv->offset,
                                   _("key “%s” is not an array of strings"), kv->key);
          return NULL;
        }
      model->vocab_size = (guint32) kv->array_len;
    }
  else
    {
      if (!get_arch_u32 (&c, "vocab_size", 1 << 24, &model->vocab_size, error))
        return NULL;
    }

  /* Exact bytes */
  exact = g_new0 (FitExactWeights, 1);
  model->exact = exact;
  exact->layer_bytes = g_new0 (guint64, n_layers);
  exact->layer_expert_bytes = g_new0 (guint64, n_layers);
  moe_layers = g_new0 (gboolean, n_layers);
  facts.moe = moe_layers;

  {
    guint64 ftype;

    c.arch = "general";
    if (!get_uint_key (&c, "general.file_type", G_MAXUINT32, &ftype, &found, error))
      return NULL;
    c.arch = arch;

    if (found)
      {
        for (guint i = 0; i < G_N_ELEMENTS (file_types); i++)
          if (file_types[i].ftype == (ftype & ~(guint64) FTYPE_GUESSED))
            exact->format_label = g_strdup (file_types[i].label);
      }

    if (!collect_tensors (&c, parts, n_parts, model, exact, &facts, bytes_by_type, error))
      return NULL;

    if (found)
      for (guint i = 0; i < G_N_ELEMENTS (file_types); i++)
        if (file_types[i].ftype == (ftype & ~(guint64) FTYPE_GUESSED) &&
            file_types[i].format != FIT_N_WEIGHT_FORMATS)
          model->official_format = file_types[i].format;
  }

  if (model->vocab_size == 0)
    {
      const FitGgufTensor *embd = NULL;

      for (guint p = 0; p < n_parts && embd == NULL; p++)
        embd = fit_gguf_find_tensor (parts[p], "token_embd.weight");
      if (embd != NULL && embd->ne[1] <= (1 << 24))
        model->vocab_size = (guint32) embd->ne[1];
    }

  if (model->vocab_size == 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, c.file,
                            _("the vocabulary size is unknown: tokenizer.ggml.tokens is "
                              "missing or empty"));
      return NULL;
    }

  if (facts.any)
    {
      model->tied_embeddings = !facts.output;
      model->qkv_bias = facts.qkv_bias;
      model->o_bias = facts.o_bias;
      model->qk_norm = facts.qk_norm;
      model->gated_ffn = facts.gated;
      model->norms_per_layer = MIN (facts.norms, 16);
    }
  else
    {
      model->gated_ffn = TRUE;
      model->norms_per_layer = 2;
    }

  /* Which layers route to experts: read from the tensors, which are the
   * truth, as first dense layers plus a period. */
  if (model->n_experts > 0)
    {
      gint64 first = -1, second = -1;

      for (guint32 i = 0; i < n_layers; i++)
        {
          if (!moe_layers[i])
            continue;
          if (first < 0)
            first = i;
          else if (second < 0)
            second = i;
        }

      if (first >= 0)
        {
          guint32 period = second > first ? (guint32) (second - first) : 1;
          guint32 offset = (guint32) first % period;
          gboolean periodic = TRUE;

          for (guint32 i = 0; i < n_layers; i++)
            periodic &= moe_layers[i] == ((guint32) first <= i && i % period == offset);

          model->first_dense_layers = (guint32) first - (guint32) first % period;
          model->moe_layer_period = period;
          model->moe_layer_offset = offset;
          if (!periodic)
            {
              /* An irregular pattern: mark every layer from the first MoE
               * one, which can only overstate the expert weights' share. */
              model->first_dense_layers = (guint32) first;
              model->moe_layer_period = 1;
              model->moe_layer_offset = 0;
            }
        }
      else
        {
          guint32 step = 1;

          if (!get_arch_u32 (&c, "interleave_moe_layer_step", FIT_MAX_LAYERS, &step, error))
            return NULL;
          step = MAX (step, 1);
          model->moe_layer_period = step;
          model->moe_layer_offset = step - 1;
        }
    }

  if (model->n_experts > 0)
    model->klass = FIT_MODEL_MOE;
  for (guint32 i = 0; i < n_layers; i++)
    if (is_state[i])
      model->klass = FIT_MODEL_HYBRID;

  /* Identity */
  {
    g_autofree char *stem = display_stem (path != NULL ? path : c.file);
    g_autofree char *id = fit_import_make_id (stem);

    model->name = g_strdup (name != NULL && name[0] != '\0' ? name : stem);
    model->id = g_strconcat ("gguf-", id, NULL);
    model->license = g_strdup (license);
    model->family = g_strdup (basename);
    model->source_path = path != NULL ? g_canonicalize_filename (path, NULL) : NULL;
    model->checkpoint_size_gb = exact->total_bytes / 1e9;
  }

  if (!fit_model_finalize (model, error))
    return NULL;

  return g_steal_pointer (&model);
}
