/* fit-hf-config.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-hf-config"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fit-hf-config.h"
#include "fit-import-private.h"

#define MAX_SIZE (G_GUINT64_CONSTANT (1) << 22)

/* Keys are looked up in the text config first (the nested text_config of a
 * multimodal model), then at the top level. */
typedef struct
{
  const char *file;
  JsonObject *root;
  JsonObject *text;      /* may equal root */
  const char *text_name; /* "text_config" or NULL */
  const char *model_type;
} Cfg;

/* Defaults of transformers' config classes for keys that official
 * checkpoints leave out. Gemma 3's config.json states only what differs
 * from Gemma3TextConfig. */
typedef struct
{
  const char *model_type;
  guint32     vocab;
  guint32     heads;
  guint32     kv_heads;
  guint32     head_dim;
  guint64     max_pos;
  guint32     sliding_window;
  guint32     sliding_window_pattern;
} Defaults;

static const Defaults defaults[] = {
  { "gemma3_text", 262208, 8, 4, 256, 131072, 4096, 6 },
  { "gemma3",      262208, 8, 4, 256, 131072, 4096, 6 },
  { "gemma2",      256000, 8, 4, 256, 8192,   4096, 2 },
  { "cohere2",     0,      0, 0, 0,   0,      4096, 4 },
};

static const Defaults *
find_defaults (const char *model_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_strcmp0 (model_type, defaults[i].model_type) == 0)
      return &defaults[i];
  return NULL;
}

static JsonObject *
holder (const Cfg  *c,
        const char *key)
{
  if (c->text != NULL && json_object_has_member (c->text, key) &&
      !JSON_NODE_HOLDS_NULL (json_object_get_member (c->text, key)))
    return c->text;
  return c->root;
}

static char *
field_name (const Cfg  *c,
            JsonObject *object,
            const char *key)
{
  if (object != c->root && c->text_name != NULL)
    return g_strdup_printf ("%s.%s", c->text_name, key);
  return g_strdup (key);
}

/* The first of @keys that is present. */
static gboolean
cfg_uint (const Cfg          *c,
          const char *const  *keys,
          guint64             max,
          guint64            *out,
          gboolean           *found,
          GError            **error)
{
  *found = FALSE;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      JsonObject *object = holder (c, keys[i]);
      g_autofree char *field = field_name (c, object, keys[i]);

      if (!fit_import_json_get_uint (object, keys[i], c->file, field, max, out, found, error))
        return FALSE;
      if (*found)
        return TRUE;
    }

  return TRUE;
}

#define KEYS(...) ((const char *const[]) { __VA_ARGS__, NULL })

static gboolean
cfg_u32 (const Cfg          *c,
         const char *const  *keys,
         guint64             max,
         guint32             fallback,
         guint32            *out,
         GError            **error)
{
  gboolean found;
  guint64 v;

  if (!cfg_uint (c, keys, max, &v, &found, error))
    return FALSE;
  *out = found ? (guint32) v : fallback;
  return TRUE;
}

static gboolean
cfg_bool (const Cfg   *c,
          const char  *key,
          gboolean     fallback,
          gboolean    *out,
          GError     **error)
{
  JsonObject *object = holder (c, key);
  g_autofree char *field = field_name (c, object, key);
  gboolean found;

  if (!fit_import_json_get_bool (object, key, c->file, field, out, &found, error))
    return FALSE;
  if (!found)
    *out = fallback;
  return TRUE;
}

static gboolean
cfg_string (const Cfg    *c,
            const char   *key,
            const char  **out,
            GError      **error)
{
  JsonObject *object = holder (c, key);
  g_autofree char *field = field_name (c, object, key);

  return fit_import_json_get_string (object, key, c->file, field, out, error);
}

static gboolean
type_in (const char        *model_type,
         const char *const *list)
{
  for (guint i = 0; list[i] != NULL; i++)
    if (g_strcmp0 (model_type, list[i]) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
missing (const Cfg   *c,
         const char  *what,
         GError     **error)
{
  fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, c->file,
                        _("the field “%s” is missing"), what);
  return FALSE;
}

static gboolean
parse_quantization (const Cfg        *c,
                    FitWeightFormat  *format,
                    GError          **error)
{
  JsonObject *q = NULL, *groups = NULL;
  const char *method = NULL, *dtype = NULL;
  gboolean found;
  guint64 bits = 4;

  if (!fit_import_json_get_object (c->root, "quantization_config", c->file,
                                   "quantization_config", &q, error))
    return FALSE;
  if (q == NULL && c->text != c->root &&
      !fit_import_json_get_object (c->text, "quantization_config", c->file,
                                   "text_config.quantization_config", &q, error))
    return FALSE;

  if (q == NULL)
    {
      if (!cfg_string (c, "torch_dtype", &dtype, error))
        return FALSE;
      if (dtype == NULL && !cfg_string (c, "dtype", &dtype, error))
        return FALSE;

      if (g_strcmp0 (dtype, "float16") == 0 || g_strcmp0 (dtype, "half") == 0)
        *format = FIT_WEIGHTS_F16;
      else if (g_strcmp0 (dtype, "float32") == 0 || g_strcmp0 (dtype, "float") == 0)
        *format = FIT_WEIGHTS_F32;
      else
        *format = FIT_WEIGHTS_BF16;   /* bfloat16, or unstated */
      return TRUE;
    }

  if (!fit_import_json_get_string (q, "quant_method", c->file, "quantization_config.quant_method",
                                   &method, error))
    return FALSE;
  if (method == NULL)
    return missing (c, "quantization_config.quant_method", error);

  if (g_str_equal (method, "gptq") || g_str_equal (method, "awq"))
    {
      gboolean gptq = g_str_equal (method, "gptq");

      if (!fit_import_json_get_uint (q, "bits", c->file, "quantization_config.bits", 64, &bits,
                                     &found, error))
        return FALSE;
      if (!found && !fit_import_json_get_uint (q, "w_bit", c->file, "quantization_config.w_bit",
                                               64, &bits, &found, error))
        return FALSE;
      if (!found)
        bits = 4;

      if (bits != 4 && bits != 8)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c->file,
                                _("%s with %" PRIu64 " bits is not supported (4 and "
                                  "8 are)"),
                                gptq ? "GPTQ" : "AWQ", bits);
          return FALSE;
        }

      if (gptq)
        *format = bits == 4 ? FIT_WEIGHTS_GPTQ_INT4 : FIT_WEIGHTS_GPTQ_INT8;
      else
        *format = bits == 4 ? FIT_WEIGHTS_AWQ_INT4 : FIT_WEIGHTS_AWQ_INT8;
      return TRUE;
    }

  if (g_str_equal (method, "fp8") || g_str_equal (method, "fbgemm_fp8"))
    {
      *format = FIT_WEIGHTS_FP8;
      return TRUE;
    }

  if (g_str_equal (method, "mxfp4"))
    {
      *format = FIT_WEIGHTS_MXFP4;
      return TRUE;
    }

  if (g_str_equal (method, "bitsandbytes"))
    {
      gboolean in4 = FALSE, in8 = FALSE, f4, f8;
      const char *kind = NULL;

      if (!fit_import_json_get_bool (q, "load_in_4bit", c->file,
                                     "quantization_config.load_in_4bit", &in4, &f4, error) ||
          !fit_import_json_get_bool (q, "load_in_8bit", c->file,
                                     "quantization_config.load_in_8bit", &in8, &f8, error) ||
          !fit_import_json_get_string (q, "bnb_4bit_quant_type", c->file,
                                       "quantization_config.bnb_4bit_quant_type", &kind, error))
        return FALSE;

      if (in4 == in8)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                                _("a bitsandbytes quantization_config must set exactly one of "
                                  "load_in_4bit and load_in_8bit"));
          return FALSE;
        }

      if (in8)
        *format = FIT_WEIGHTS_BNB_INT8;
      else if (kind == NULL || g_str_equal (kind, "fp4"))
        *format = FIT_WEIGHTS_BNB_FP4;
      else if (g_str_equal (kind, "nf4"))
        *format = FIT_WEIGHTS_BNB_NF4;
      else
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c->file,
                                _("the bitsandbytes 4-bit type “%s” is not supported (nf4 and "
                                  "fp4 are)"),
                                kind);
          return FALSE;
        }
      return TRUE;
    }

  if (g_str_equal (method, "compressed-tensors"))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      if (!fit_import_json_get_object (q, "config_groups", c->file,
                                       "quantization_config.config_groups", &groups, error))
        return FALSE;
      if (groups == NULL || json_object_get_size (groups) == 0)
        return missing (c, "quantization_config.config_groups", error);

      /* Every group quantizes its weights the same way in the checkpoints
       * we know; the first decides. */
      json_object_iter_init (&iter, groups);
      if (json_object_iter_next (&iter, &member, &node))
        {
          g_autofree char *field = g_strdup_printf ("quantization_config.config_groups.%s", member);
          g_autofree char *wfield = g_strdup_printf ("%s.weights", field);
          g_autofree char *bfield = g_strdup_printf ("%s.weights.num_bits", field);
          g_autofree char *tfield = g_strdup_printf ("%s.weights.type", field);
          JsonObject *weights;
          const char *type = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, c->file,
                                    _("the field “%s” is not an object"), field);
              return FALSE;
            }

          if (!fit_import_json_get_object (json_node_get_object (node), "weights", c->file,
                                           wfield, &weights, error))
            return FALSE;
          if (weights == NULL)
            return missing (c, wfield, error);

          if (!fit_import_json_get_uint (weights, "num_bits", c->file, bfield, 64, &bits, &found,
                                         error) ||
              !fit_import_json_get_string (weights, "type", c->file, tfield, &type, error))
            return FALSE;
          if (!found)
            return missing (c, bfield, error);

          if (bits == 8 && g_strcmp0 (type, "float") == 0)
            *format = FIT_WEIGHTS_FP8;
          else if (bits == 8 && g_strcmp0 (type, "int") == 0)
            *format = FIT_WEIGHTS_GPTQ_INT8;
          else if (bits == 4 && g_strcmp0 (type, "int") == 0)
            *format = FIT_WEIGHTS_GPTQ_INT4;
          else
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c->file,
                                    _("compressed-tensors weights of %" PRIu64
                                      "-bit %s are not supported"),
                                    bits, type != NULL ? type : "?");
              return FALSE;
            }
        }
      return TRUE;
    }

  fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c->file,
                        _("the quantization method “%s” is not supported (gptq, awq, fp8, "
                          "bitsandbytes, compressed-tensors and mxfp4 are)"),
                        method);
  return FALSE;
}

static gboolean
parse_rope_scaling (const Cfg  *c,
                    FitModel   *model,
                    GError    **error)
{
  JsonObject *object = holder (c, "rope_scaling");
  g_autofree char *field = field_name (c, object, "rope_scaling");
  g_autofree char *ffield = g_strdup_printf ("%s.factor", field);
  g_autofree char *ofield = g_strdup_printf ("%s.original_max_position_embeddings", field);
  g_autofree char *tfield = g_strdup_printf ("%s.rope_type", field);
  JsonObject *rope;
  const char *type = NULL;
  gboolean found_factor, found_orig;
  double factor = 1;
  guint64 orig = 0;

  if (!fit_import_json_get_object (object, "rope_scaling", c->file, field, &rope, error))
    return FALSE;
  if (rope == NULL)
    return TRUE;

  if (!fit_import_json_get_double (rope, "factor", c->file, ffield, &factor, &found_factor,
                                   error) ||
      !fit_import_json_get_uint (rope, "original_max_position_embeddings", c->file, ofield,
                                 G_GUINT64_CONSTANT (1) << 32, &orig, &found_orig, error) ||
      !fit_import_json_get_string (rope, "rope_type", c->file, tfield, &type, error))
    return FALSE;

  if (type == NULL)
    {
      g_free (tfield);
      tfield = g_strdup_printf ("%s.type", field);
      if (!fit_import_json_get_string (rope, "type", c->file, tfield, &type, error))
        return FALSE;
    }

  if (found_factor && (factor <= 0 || factor > 1024))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, c->file,
                            _("the field “%s” is %g; it must be above 0 and at most 1024"),
                            ffield, factor);
      return FALSE;
    }

  /* YaRN stretches the trained context by its factor; the others either
   * already state the result in max_position_embeddings or leave it. */
  if (g_strcmp0 (type, "yarn") == 0 && found_factor && found_orig)
    {
      guint64 extended = (guint64) (orig * factor);

      if (extended <= (G_GUINT64_CONSTANT (1) << 32))
        model->context_window = MAX (model->context_window, extended);
    }

  return TRUE;
}

static char
layer_kind (const Cfg   *c,
            guint        i,
            const char  *kind,
            GError     **error)
{
  static const struct
  {
    const char *name;
    char        kind;
  } kinds[] = {
    { "full_attention",    'F' },
    { "attention",         'F' },
    { "global",            'F' },
    { "sliding_attention", 'S' },
    { "sliding",           'S' },
    { "local",             'S' },
    { "chunked_attention", 'S' },
    { "linear_attention",  'L' },
    { "mamba",             'M' },
    { "mamba2",            'M' },
    { "ssm",               'M' },
  };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    if (g_str_equal (kind, kinds[k].name))
      return kinds[k].kind;

  fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, c->file,
                        _("layer_types[%u] is “%s”, a layer type this version does not know"),
                        i, kind);
  return 0;
}

static gboolean
parse_layer_pattern (const Cfg  *c,
                     FitModel   *model,
                     guint32     window,
                     guint32     swa_period,
                     GError    **error)
{
  static const char *const qwen_types[] = {
    "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "qwen2_vl", "qwen2_5_vl", "qwen2_5_vl_text",
    "qwen2_vl_text", "qwen3_vl", "qwen3_vl_text", "qwen3_vl_moe", NULL
  };
  static const char *const mamba_types[] = { "mamba", "mamba2", "falcon_mamba", NULL };
  g_autofree char *pattern = g_new0 (char, model->n_layers + 1);
  JsonArray *types = NULL;
  JsonObject *object = holder (c, "layer_types");
  g_autofree char *field = field_name (c, object, "layer_types");
  guint32 n = model->n_layers;

  if (!fit_import_json_get_array (object, "layer_types", c->file, field, &types, error))
    return FALSE;

  if (types != NULL)
    {
      if (json_array_get_length (types) != n)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                                _("the field “%s” has %u entries, but the model has %u layers"),
                                field, json_array_get_length (types), n);
          return FALSE;
        }

      for (guint i = 0; i < n; i++)
        {
          JsonNode *node = json_array_get_element (types, i);

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, c->file,
                                    _("%s[%u] is not a string"), field, i);
              return FALSE;
            }
          pattern[i] = layer_kind (c, i, json_node_get_string (node), error);
          if (pattern[i] == 0)
            return FALSE;
        }
    }
  else if (type_in (c->model_type, mamba_types))
    {
      memset (pattern, 'M', n);
    }
  else if (g_strcmp0 (c->model_type, "falcon_h1") == 0)
    {
      memset (pattern, 'P', n);
    }
  else if (g_strcmp0 (c->model_type, "jamba") == 0)
    {
      guint32 period, offset;

      if (!cfg_u32 (c, KEYS ("attn_layer_period"), FIT_MAX_LAYERS, 8, &period, error) ||
          !cfg_u32 (c, KEYS ("attn_layer_offset"), FIT_MAX_LAYERS, 4, &offset, error))
        return FALSE;
      if (period == 0 || offset >= period)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                                _("attn_layer_offset (%u) must be below attn_layer_period (%u)"),
                                offset, period);
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        pattern[i] = i % period == offset ? 'F' : 'M';
    }
  else if (g_strcmp0 (c->model_type, "qwen3_next") == 0)
    {
      guint32 interval;

      if (!cfg_u32 (c, KEYS ("full_attention_interval"), FIT_MAX_LAYERS, 4, &interval, error))
        return FALSE;
      if (interval == 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                                _("full_attention_interval is zero"));
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        pattern[i] = (i + 1) % interval == 0 ? 'F' : 'L';
    }
  else if (window == 0)
    {
      memset (pattern, 'F', n);
    }
  else if (swa_period > 0)
    {
      /* Gemma: the last layer of every period is global. */
      for (guint i = 0; i < n; i++)
        pattern[i] = i % swa_period < swa_period - 1 ? 'S' : 'F';
    }
  else if (type_in (c->model_type, qwen_types))
    {
      gboolean use_swa;
      guint32 max_window_layers;

      /* Qwen states a window but turns it off with use_sliding_window; when
       * on, layers from max_window_layers up slide. */
      if (!cfg_bool (c, "use_sliding_window", FALSE, &use_swa, error) ||
          !cfg_u32 (c, KEYS ("max_window_layers"), G_MAXUINT32, n, &max_window_layers, error))
        return FALSE;
      for (guint i = 0; i < n; i++)
        pattern[i] = use_swa && i >= max_window_layers ? 'S' : 'F';
    }
  else
    {
      /* Mistral 7B v0.1 and Starcoder2 slide in every layer. */
      memset (pattern, 'S', n);
    }

  for (guint i = 0; i < n; i++)
    {
      if (pattern[i] == 'S' && window == 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, c->file,
                                _("layer %u slides, but sliding_window is missing"), i);
          return FALSE;
        }
    }

  /* A window as long as the context is no window (Phi-3.5 states 262,144). */
  if (model->max_position_embeddings > 0 && window >= model->max_position_embeddings)
    {
      for (guint i = 0; i < n; i++)
        if (pattern[i] == 'S')
          pattern[i] = 'F';
    }

  model->layer_pattern = g_steal_pointer (&pattern);
  if (strchr (model->layer_pattern, 'S') != NULL)
    model->sliding_window = window;
  return TRUE;
}

static gboolean
parse_ssm (const Cfg  *c,
           FitModel   *model,
           GError    **error)
{
  gboolean mamba = strchr (model->layer_pattern, 'M') != NULL ||
                   strchr (model->layer_pattern, 'P') != NULL;
  gboolean linear = strchr (model->layer_pattern, 'L') != NULL;
  guint32 expand;

  if (linear)
    {
      model->ssm_kind = FIT_SSM_GATED_DELTANET;
      if (!cfg_u32 (c, KEYS ("linear_num_key_heads"), 65536, 0, &model->lin_key_heads, error) ||
          !cfg_u32 (c, KEYS ("linear_num_value_heads"), 65536, 0, &model->lin_value_heads, error) ||
          !cfg_u32 (c, KEYS ("linear_key_head_dim"), 65536, 0, &model->lin_key_head_dim, error) ||
          !cfg_u32 (c, KEYS ("linear_value_head_dim"), 65536, 0, &model->lin_value_head_dim,
                    error) ||
          !cfg_u32 (c, KEYS ("linear_conv_kernel_dim"), 1024, 4, &model->lin_conv_kernel, error))
        return FALSE;

      if (model->lin_key_heads == 0 || model->lin_value_heads == 0 ||
          model->lin_key_head_dim == 0 || model->lin_value_head_dim == 0)
        return missing (c, "linear_num_key_heads, linear_num_value_heads, linear_key_head_dim, "
                           "linear_value_head_dim", error);
    }

  if (!mamba)
    return TRUE;

  if (!cfg_u32 (c, KEYS ("mamba_expand", "expand"), 64, 2, &expand, error) ||
      !cfg_u32 (c, KEYS ("mamba_d_state", "state_size", "ssm_state_size"), 65536, 0,
                &model->ssm_d_state, error) ||
      !cfg_u32 (c, KEYS ("mamba_d_conv", "conv_kernel"), 1024, 4, &model->ssm_d_conv, error) ||
      !cfg_u32 (c, KEYS ("mamba_n_groups", "n_groups"), 65536, 0, &model->ssm_n_groups, error) ||
      !cfg_u32 (c, KEYS ("mamba_d_ssm"), MAX_SIZE, 0, &model->ssm_d_inner, error))
    return FALSE;

  if (g_strcmp0 (c->model_type, "mamba") == 0 || g_strcmp0 (c->model_type, "falcon_mamba") == 0)
    {
      if (!cfg_u32 (c, KEYS ("intermediate_size"), MAX_SIZE, 0, &model->ssm_d_inner, error))
        return FALSE;
    }

  if (model->ssm_d_inner == 0)
    model->ssm_d_inner = expand * model->hidden_size;

  if (g_strcmp0 (c->model_type, "mamba2") == 0 ||
      json_object_has_member (holder (c, "mamba_n_heads"), "mamba_n_heads"))
    {
      model->ssm_kind = FIT_SSM_MAMBA2;
      if (g_strcmp0 (c->model_type, "mamba2") == 0)
        {
          if (!cfg_u32 (c, KEYS ("num_heads"), 65536, 0, &model->ssm_n_heads, error) ||
              !cfg_u32 (c, KEYS ("head_dim"), 65536, 0, &model->ssm_head_dim, error))
            return FALSE;
        }
      else if (!cfg_u32 (c, KEYS ("mamba_n_heads"), 65536, 0, &model->ssm_n_heads, error) ||
               !cfg_u32 (c, KEYS ("mamba_d_head"), 65536, 0, &model->ssm_head_dim, error))
        return FALSE;

      if (model->ssm_n_heads == 0)
        return missing (c, "mamba_n_heads", error);
      if (model->ssm_head_dim == 0)
        model->ssm_head_dim = model->ssm_d_inner / model->ssm_n_heads;
      if (model->ssm_n_groups == 0)
        model->ssm_n_groups = 1;
    }
  else
    {
      JsonObject *object = holder (c, "mamba_dt_rank");
      const char *key = json_object_has_member (object, "mamba_dt_rank") ? "mamba_dt_rank"
                                                                          : "time_step_rank";
      JsonNode *node;

      model->ssm_kind = FIT_SSM_MAMBA1;
      object = holder (c, key);
      node = json_object_get_member (object, key);

      /* "auto" means ceil(hidden / 16), as in transformers. */
      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          json_node_get_value_type (node) == G_TYPE_STRING)
        {
          if (!g_str_equal (json_node_get_string (node), "auto"))
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, c->file,
                                    _("the field “%s” must be a number or “auto”"), key);
              return FALSE;
            }
          model->ssm_dt_rank = (model->hidden_size + 15) / 16;
        }
      else
        {
          if (!cfg_u32 (c, KEYS (key), 65536, 0, &model->ssm_dt_rank, error))
            return FALSE;
          if (model->ssm_dt_rank == 0)
            model->ssm_dt_rank = (model->hidden_size + 15) / 16;
        }
    }

  if (model->ssm_d_state == 0)
    return missing (c, "state_size", error);

  return TRUE;
}

static gboolean
parse_moe (const Cfg  *c,
           FitModel   *model,
           GError    **error)
{
  guint32 step, period, offset;

  if (!cfg_u32 (c, KEYS ("num_experts", "num_local_experts", "n_routed_experts",
                         "moe_num_experts"), 65536, 0, &model->n_experts, error) ||
      !cfg_u32 (c, KEYS ("num_experts_per_tok", "experts_per_token", "moe_top_k",
                         "num_experts_per_token"), 65536, 0, &model->experts_per_token, error) ||
      !cfg_u32 (c, KEYS ("n_shared_experts", "num_shared_experts"), 65536, 0,
                &model->n_shared_experts, error) ||
      !cfg_u32 (c, KEYS ("moe_intermediate_size", "expert_intermediate_size"), MAX_SIZE, 0,
                &model->expert_intermediate_size, error) ||
      !cfg_u32 (c, KEYS ("shared_expert_intermediate_size"), MAX_SIZE, 0,
                &model->shared_expert_intermediate_size, error) ||
      !cfg_u32 (c, KEYS ("first_k_dense_replace"), FIT_MAX_LAYERS, 0, &model->first_dense_layers,
                error))
    return FALSE;

  if (model->n_experts == 0)
    {
      if (model->experts_per_token > 0 && !type_in (c->model_type, KEYS ("jamba")))
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                                _("num_experts_per_tok is %u, but the model has no experts"),
                                model->experts_per_token);
          return FALSE;
        }
      model->experts_per_token = 0;
      model->n_shared_experts = 0;
      model->first_dense_layers = 0;
      return TRUE;
    }

  if (model->experts_per_token == 0 || model->experts_per_token > model->n_experts)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                            _("%u experts per token out of %u experts is impossible"),
                            model->experts_per_token, model->n_experts);
      return FALSE;
    }

  if (model->first_dense_layers > model->n_layers)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                            _("first_k_dense_replace (%u) is above the layer count (%u)"),
                            model->first_dense_layers, model->n_layers);
      return FALSE;
    }

  /* Qwen2-MoE has one shared expert sized by its own key. */
  if (model->shared_expert_intermediate_size > 0 && model->n_shared_experts == 0)
    model->n_shared_experts = 1;

  /* Mixtral, gpt-oss and Jamba size their experts with intermediate_size. */
  if (model->expert_intermediate_size == 0)
    model->expert_intermediate_size = model->intermediate_size;

  model->moe_layer_period = 1;
  model->moe_layer_offset = 0;

  if (!cfg_u32 (c, KEYS ("decoder_sparse_step", "interleave_moe_layer_step"), FIT_MAX_LAYERS, 1,
                &step, error) ||
      !cfg_u32 (c, KEYS ("expert_layer_period", "moe_layer_freq"), FIT_MAX_LAYERS, 1, &period,
                error) ||
      !cfg_u32 (c, KEYS ("expert_layer_offset"), FIT_MAX_LAYERS, 0, &offset, error))
    return FALSE;

  if (step > 1)
    {
      /* Layer i routes when (i + 1) % step == 0. */
      model->moe_layer_period = step;
      model->moe_layer_offset = step - 1;
    }
  else if (period > 1)
    {
      if (offset >= period)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, c->file,
                                _("expert_layer_offset (%u) must be below expert_layer_period "
                                  "(%u)"),
                                offset, period);
          return FALSE;
        }
      model->moe_layer_period = period;
      model->moe_layer_offset = offset;
    }

  return TRUE;
}

/**
 * fit_hf_config_parse:
 * @json: the text of a config.json
 * @length: its length
 * @name: the file name used in messages
 * @error: return location for a #FIT_IMPORT_ERROR
 *
 * Reads the geometry of a Hugging Face model. Every number is checked for
 * its type, sign and range; heads must divide as the architecture needs.
 *
 * Returns: (transfer full) (nullable): a model, not yet finalized
 */
FitModel *
fit_hf_config_parse (const char  *json,
                     gsize        length,
                     const char  *name,
                     GError     **error)
{
  static const char *const untied_gated[] = {
    "gpt2", "gpt_neox", "gptj", "phi", "falcon", "bloom", "opt", "starcoder2", "gpt_bigcode",
    "mpt", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(FitModel) model = NULL;
  const Defaults *def;
  JsonObject *text = NULL;
  Cfg c = { 0 };
  const char *text_keys[] = { "text_config", "llm_config", "language_config" };
  gboolean mamba_only, found, attention_bias, tied;
  guint32 window, swa_period, head_dim, value;
  guint64 v;

  g_return_val_if_fail (json != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  root = fit_import_json_parse (json != NULL ? json : "", length, name, error);
  if (root == NULL)
    return NULL;

  c.file = name;
  c.root = json_node_get_object (root);
  c.text = c.root;

  for (guint i = 0; i < G_N_ELEMENTS (text_keys) && text == NULL; i++)
    {
      if (!fit_import_json_get_object (c.root, text_keys[i], name, text_keys[i], &text, error))
        return NULL;
      if (text != NULL)
        {
          c.text = text;
          c.text_name = text_keys[i];
        }
    }

  if (!cfg_string (&c, "model_type", &c.model_type, error))
    return NULL;

  if (json_object_has_member (c.text, "hybrid_override_pattern"))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, name,
                            _("hybrid_override_pattern (Nemotron-H) is not supported"));
      return NULL;
    }

  def = find_defaults (c.model_type);
  mamba_only = type_in (c.model_type, KEYS ("mamba", "mamba2", "falcon_mamba"));

  model = fit_model_new ();
  model->architecture = g_strdup (c.model_type);
  model->modality = g_strdup (text != NULL ? "text+image" : "text");

  if (!cfg_uint (&c, KEYS ("num_hidden_layers", "n_layer", "n_layers", "num_layers"),
                 G_MAXUINT32, &v, &found, error))
    return NULL;
  if (!found)
    {
      missing (&c, "num_hidden_layers", error);
      return NULL;
    }
  if (v == 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, name,
                            _("num_hidden_layers is zero"));
      return NULL;
    }
  if (v > FIT_MAX_LAYERS)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, name,
                            _("num_hidden_layers is %" PRIu64 ", more than %d"), v,
                            FIT_MAX_LAYERS);
      return NULL;
    }
  model->n_layers = (guint32) v;

  if (!cfg_u32 (&c, KEYS ("hidden_size", "d_model", "n_embd", "dim"), MAX_SIZE, 0,
                &model->hidden_size, error))
    return NULL;
  if (model->hidden_size == 0)
    {
      missing (&c, "hidden_size", error);
      return NULL;
    }

  if (!cfg_u32 (&c, KEYS ("vocab_size", "padded_vocab_size"), 1 << 24, def ? def->vocab : 0,
                &model->vocab_size, error))
    return NULL;
  if (model->vocab_size == 0)
    {
      missing (&c, "vocab_size", error);
      return NULL;
    }

  if (!cfg_u32 (&c, KEYS ("intermediate_size", "ffn_hidden_size", "n_inner", "ffn_dim"), MAX_SIZE,
                0, &model->intermediate_size, error))
    return NULL;

  if (!cfg_uint (&c, KEYS ("max_position_embeddings", "n_positions", "max_sequence_length",
                           "seq_length"),
                 G_GUINT64_CONSTANT (1) << 32, &v, &found, error))
    return NULL;
  if (!found && def != NULL && def->max_pos > 0)
    {
      v = def->max_pos;
      found = TRUE;
    }
  if (found)
    model->max_position_embeddings = model->context_window = v;

  if (!parse_rope_scaling (&c, model, error))
    return NULL;

  /* Attention */
  if (!mamba_only)
    {
      if (!cfg_u32 (&c, KEYS ("num_attention_heads", "n_head", "n_heads", "num_heads"), 65536,
                    def ? def->heads : 0, &model->n_heads, error))
        return NULL;
      if (!json_object_has_member (holder (&c, "num_attention_heads"), "num_attention_heads") &&
          !json_object_has_member (holder (&c, "n_head"), "n_head") &&
          !json_object_has_member (holder (&c, "n_heads"), "n_heads") &&
          !json_object_has_member (holder (&c, "num_heads"), "num_heads") && def == NULL)
        {
          missing (&c, "num_attention_heads", error);
          return NULL;
        }
      if (model->n_heads == 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, name,
                                _("num_attention_heads is zero"));
          return NULL;
        }

      if (!cfg_u32 (&c, KEYS ("num_key_value_heads", "n_head_kv", "num_kv_heads",
                              "multi_query_group_num"), 65536,
                    def && def->kv_heads ? def->kv_heads : model->n_heads, &model->n_kv_heads,
                    error))
        return NULL;
      if (model->n_kv_heads == 0 || model->n_kv_heads > model->n_heads ||
          model->n_heads % model->n_kv_heads != 0)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, name,
                                _("%u key/value heads do not divide %u attention heads"),
                                model->n_kv_heads, model->n_heads);
          return NULL;
        }

      /* MLA (DeepSeek V2/V3) */
      if (!cfg_u32 (&c, KEYS ("kv_lora_rank"), MAX_SIZE, 0, &model->kv_lora_rank, error) ||
          !cfg_u32 (&c, KEYS ("q_lora_rank"), MAX_SIZE, 0, &model->q_lora_rank, error) ||
          !cfg_u32 (&c, KEYS ("qk_rope_head_dim"), 65536, 0, &model->qk_rope_head_dim, error) ||
          !cfg_u32 (&c, KEYS ("qk_nope_head_dim"), 65536, 0, &model->qk_nope_head_dim, error) ||
          !cfg_u32 (&c, KEYS ("v_head_dim"), 65536, 0, &value, error))
        return NULL;

      if (!cfg_u32 (&c, KEYS ("head_dim", "attention_head_dim", "kv_channels"), 65536,
                    def ? def->head_dim : 0, &head_dim, error))
        return NULL;

      if (model->kv_lora_rank > 0)
        {
          if (model->qk_rope_head_dim == 0 || model->qk_nope_head_dim == 0 || value == 0)
            {
              missing (&c, "qk_rope_head_dim, qk_nope_head_dim, v_head_dim", error);
              return NULL;
            }
          head_dim = model->qk_nope_head_dim + model->qk_rope_head_dim;
        }

      if (head_dim == 0)
        {
          if (model->hidden_size % model->n_heads != 0)
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, name,
                                    _("%u attention heads do not divide the hidden size %u, "
                                      "and head_dim is missing"),
                                    model->n_heads, model->hidden_size);
              return NULL;
            }
          head_dim = model->hidden_size / model->n_heads;
        }
      model->head_dim = head_dim;
      if (value > 0 && value != head_dim)
        model->v_head_dim = value;
    }

  /* Sliding window */
  if (!cfg_u32 (&c, KEYS ("sliding_window", "attention_chunk_size"), G_MAXUINT32,
                def ? def->sliding_window : 0, &window, error) ||
      !cfg_u32 (&c, KEYS ("sliding_window_pattern"), FIT_MAX_LAYERS,
                def ? def->sliding_window_pattern : 0, &swa_period, error))
    return NULL;
  if (g_strcmp0 (c.model_type, "gpt_oss") == 0 && swa_period == 0)
    swa_period = 2;

  if (!parse_layer_pattern (&c, model, window, swa_period, error) ||
      !parse_ssm (&c, model, error) ||
      !parse_moe (&c, model, error))
    return NULL;

  /* Tensor-shape flags */
  if (!cfg_bool (&c, "tie_word_embeddings",
                 g_str_has_prefix (c.model_type ? c.model_type : "", "gemma"), &tied, error) ||
      !cfg_bool (&c, "attention_bias", FALSE, &attention_bias, error))
    return NULL;
  model->tied_embeddings = tied;
  model->qkv_bias = attention_bias ||
                    (c.model_type != NULL && g_str_has_prefix (c.model_type, "qwen2"));
  model->o_bias = attention_bias;
  model->qk_norm = c.model_type != NULL && (g_str_has_prefix (c.model_type, "qwen3") ||
                                            g_str_has_prefix (c.model_type, "gemma3") ||
                                            g_str_has_prefix (c.model_type, "olmo2"));
  model->gated_ffn = !type_in (c.model_type, untied_gated);
  model->norms_per_layer = c.model_type != NULL && (g_str_has_prefix (c.model_type, "gemma2") ||
                                                    g_str_has_prefix (c.model_type, "gemma3"))
                           ? 4 : 2;

  if (model->n_experts > 0)
    model->klass = FIT_MODEL_MOE;
  if (model->ssm_kind != FIT_SSM_NONE)
    model->klass = FIT_MODEL_HYBRID;

  if (!parse_quantization (&c, &model->official_format, error))
    return NULL;

  return g_steal_pointer (&model);
}
