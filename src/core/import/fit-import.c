/* fit-import.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-import"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fit-gguf.h"
#include "fit-hf-config.h"
#include "fit-import-private.h"
#include "fit-safetensors.h"
#include "fit-units.h"

static FitModel *
import_gguf (const char  *path,
             GHashTable  *bytes_by_type,
             GError     **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) fit_gguf_free);

  paths = fit_gguf_split_paths (path, error);
  if (paths == NULL)
    return NULL;

  for (guint i = 0; i < paths->len; i++)
    {
      FitGguf *part = fit_gguf_open (g_ptr_array_index (paths, i), error);

      if (part == NULL)
        return NULL;
      g_ptr_array_add (parts, part);
    }

  return fit_gguf_to_model ((FitGguf *const *) parts->pdata, parts->len, path, bytes_by_type,
                            error);
}

/* Where a safetensors tensor goes in FitExactWeights. */
typedef enum
{
  ROLE_OTHER,
  ROLE_EMBD,
  ROLE_OUTPUT,
  ROLE_LAYER,
  ROLE_EXTRA,     /* vision or audio tower, projector */
} Role;

static const char *const extra_markers[] = {
  "vision", "visual", "image_newline", "multi_modal_projector", "mm_projector", "audio",
  "speech", "perceiver",
};

static Role
classify (const char *name,
          guint32     n_layers,
          guint32    *layer)
{
  static const char *const stacks[] = { "layers.", "h.", "blocks.", "block." };

  for (guint i = 0; i < G_N_ELEMENTS (extra_markers); i++)
    if (strstr (name, extra_markers[i]) != NULL)
      return ROLE_EXTRA;

  if (g_str_has_suffix (name, "embed_tokens.weight") || g_str_has_suffix (name, "wte.weight") ||
      g_str_has_suffix (name, "word_embeddings.weight") ||
      g_str_has_suffix (name, "tok_embeddings.weight") ||
      g_str_equal (name, "backbone.embeddings.weight") ||
      g_str_equal (name, "backbone.embedding.weight"))
    return ROLE_EMBD;

  if (g_str_equal (name, "lm_head.weight") || g_str_has_suffix (name, ".lm_head.weight") ||
      g_str_equal (name, "embed_out.weight") || g_str_equal (name, "output.weight"))
    return ROLE_OUTPUT;

  for (guint s = 0; s < G_N_ELEMENTS (stacks); s++)
    {
      const char *p = name;

      while ((p = strstr (p, stacks[s])) != NULL)
        {
          const char *q = p + strlen (stacks[s]);
          guint64 n = 0;

          /* The stack name must start a path segment: "model.layers.3.". */
          if ((p == name || p[-1] == '.') && g_ascii_isdigit (*q))
            {
              for (; g_ascii_isdigit (*q) && n < G_MAXUINT32; q++)
                n = n * 10 + (guint64) (*q - '0');
              if (*q == '.')
                {
                  /* Blocks past the trunk are MTP heads (DeepSeek V3). */
                  if (n >= n_layers)
                    return ROLE_OTHER;
                  *layer = (guint32) n;
                  return ROLE_LAYER;
                }
            }
          p++;
        }
    }

  return ROLE_OTHER;
}

static gboolean
is_routed_expert (const char *name)
{
  return strstr (name, ".experts.") != NULL && strstr (name, "shared_expert") == NULL;
}

/* Parameters held by one tensor of a quantized checkpoint: packed weights
 * count each value they hold, and scales, zeros and indices count none. */
static guint64
tensor_params (const FitSafetensorsTensor *t,
               FitWeightFormat             format)
{
  static const char *const aux_suffixes[] = {
    ".qzeros", ".scales", ".g_idx", "weight_scale", "input_scale", "weight_scale_inv",
    ".absmax", ".quant_map", ".nested_absmax", ".nested_quant_map", "_scales",
    "weight_zero_point", "weight_g_idx", ".SCB", ".weight_format",
  };

  for (guint i = 0; i < G_N_ELEMENTS (aux_suffixes); i++)
    if (g_str_has_suffix (t->name, aux_suffixes[i]))
      return 0;
  if (strstr (t->name, ".quant_state.") != NULL)
    return 0;

  switch (format)
    {
    case FIT_WEIGHTS_GPTQ_INT4:
    case FIT_WEIGHTS_AWQ_INT4:
      if (g_str_has_suffix (t->name, ".qweight") || g_str_has_suffix (t->name, "weight_packed"))
        return t->n_elements * (32 / 4);
      break;
    case FIT_WEIGHTS_GPTQ_INT8:
    case FIT_WEIGHTS_AWQ_INT8:
      if (g_str_has_suffix (t->name, ".qweight") || g_str_has_suffix (t->name, "weight_packed"))
        return t->n_elements * (32 / 8);
      break;
    case FIT_WEIGHTS_BNB_NF4:
    case FIT_WEIGHTS_BNB_FP4:
      if (t->bits == 8 && g_str_has_suffix (t->name, ".weight"))
        return t->n_elements * 2;
      break;
    case FIT_WEIGHTS_MXFP4:
      if (g_str_has_suffix (t->name, "_blocks"))
        return t->n_elements * 2;
      break;
    case FIT_WEIGHTS_F32:
    case FIT_WEIGHTS_F16:
    case FIT_WEIGHTS_BF16:
    case FIT_WEIGHTS_FP8:
    case FIT_WEIGHTS_BNB_INT8:
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
    case FIT_N_WEIGHT_FORMATS:
    default:
      break;
    }

  return t->n_elements;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The safetensors files of a folder: the shards of its index, or every
 * *.safetensors file (Mistral's consolidated.safetensors duplicates the
 * others and is left out when they exist). NULL with no error when there
 * are none. */
static GPtrArray *
list_safetensors (const char   *dir,
                  GHashTable  **weight_map,
                  GError      **error)
{
  g_autofree char *index_path = g_build_filename (dir, "model.safetensors.index.json", NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) consolidated = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) d = NULL;
  const char *entry;

  *weight_map = NULL;

  if (g_file_test (index_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (index_path);
      g_autofree char *contents = NULL;
      g_autoptr(GPtrArray) shards = NULL;
      gsize length;

      if (!fit_import_read_file (index_path, FIT_IMPORT_MAX_CONFIG * 8, &contents, &length,
                                 error) ||
          !fit_safetensors_parse_index (contents, length, display, &shards, weight_map, error))
        return NULL;

      for (guint i = 0; i < shards->len; i++)
        g_ptr_array_add (files, g_build_filename (dir, g_ptr_array_index (shards, i), NULL));

      return g_steal_pointer (&files);
    }

  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    return NULL;

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      if (!g_str_has_suffix (entry, ".safetensors"))
        continue;
      if (g_str_has_prefix (entry, "consolidated"))
        g_ptr_array_add (consolidated, g_build_filename (dir, entry, NULL));
      else
        g_ptr_array_add (files, g_build_filename (dir, entry, NULL));
    }

  if (files->len == 0)
    {
      g_ptr_array_unref (files);
      files = g_steal_pointer (&consolidated);
    }

  if (files->len == 0)
    return NULL;

  g_ptr_array_sort (files, compare_strings);
  return g_steal_pointer (&files);
}

static gboolean
add_safetensors (FitModel     *model,
                 const char   *dir,
                 GHashTable   *bytes_by_type,
                 GError      **error)
{
  g_autoptr(GHashTable) weight_map = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GError) local_error = NULL;
  FitExactWeights *exact;
  guint64 extra_params = 0;

  files = list_safetensors (dir, &weight_map, &local_error);
  if (files == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  exact = g_new0 (FitExactWeights, 1);
  exact->layer_bytes = g_new0 (guint64, model->n_layers);
  exact->layer_expert_bytes = g_new0 (guint64, model->n_layers);
  model->exact = exact;

  for (guint f = 0; f < files->len; f++)
    {
      const char *path = g_ptr_array_index (files, f);
      g_autoptr(FitSafetensors) st = NULL;
      g_autofree char *shard = g_path_get_basename (path);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *display = g_filename_display_name (dir);

          fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, display,
                                _("the shard %s listed in model.safetensors.index.json is "
                                  "missing"),
                                shard);
          return FALSE;
        }

      st = fit_safetensors_open (path, error);
      if (st == NULL)
        return FALSE;

      for (guint i = 0; i < st->n_tensors; i++)
        {
          const FitSafetensorsTensor *t = &st->tensors[i];
          guint64 bytes = t->end - t->begin;
          guint32 layer = 0;
          const char *listed;

          if (g_hash_table_contains (names, t->name))
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, st->name,
                                    _("tensor “%s” also appears in another shard"), t->name);
              return FALSE;
            }
          g_hash_table_add (names, g_strdup (t->name));

          if (weight_map != NULL)
            {
              listed = g_hash_table_lookup (weight_map, t->name);
              if (listed == NULL || !g_str_equal (listed, shard))
                {
                  fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, st->name,
                                        _("tensor “%s” is not where "
                                          "model.safetensors.index.json says"),
                                        t->name);
                  return FALSE;
                }
            }

          exact->total_bytes = fit_add_sat (exact->total_bytes, bytes);
          exact->params = fit_add_sat (exact->params, tensor_params (t, model->official_format));
          fit_import_add_type_bytes (bytes_by_type, t->dtype, bytes);

          switch (classify (t->name, model->n_layers, &layer))
            {
            case ROLE_EMBD:
              exact->token_embd_bytes = fit_add_sat (exact->token_embd_bytes, bytes);
              break;
            case ROLE_OUTPUT:
              exact->output_bytes = fit_add_sat (exact->output_bytes, bytes);
              break;
            case ROLE_LAYER:
              exact->layer_bytes[layer] = fit_add_sat (exact->layer_bytes[layer], bytes);
              if (is_routed_expert (t->name))
                exact->layer_expert_bytes[layer] =
                  fit_add_sat (exact->layer_expert_bytes[layer], bytes);
              break;
            case ROLE_EXTRA:
              exact->other_bytes = fit_add_sat (exact->other_bytes, bytes);
              extra_params = fit_add_sat (extra_params, t->n_elements);
              break;
            case ROLE_OTHER:
            default:
              exact->other_bytes = fit_add_sat (exact->other_bytes, bytes);
              break;
            }
        }
    }

  if (weight_map != NULL && g_hash_table_size (names) != g_hash_table_size (weight_map))
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, weight_map);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          if (!g_hash_table_contains (names, key))
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, "model.safetensors.index.json",
                                    _("tensor “%s” is listed, but no shard holds it"),
                                    (const char *) key);
              return FALSE;
            }
        }
    }

  if (exact->output_bytes > 0)
    model->tied_embeddings = FALSE;
  model->extra_params = extra_params;
  model->checkpoint_size_gb = exact->total_bytes / 1e9;
  exact->format_label = g_strdup (fit_weight_format_label (model->official_format));

  return TRUE;
}

/* A Hugging Face cache entry, models--Org--Name: the snapshot refs/main
 * points at, or the only snapshot. NULL when @dir is not one. */
static char *
resolve_hf_cache (const char *dir)
{
  g_autofree char *snapshots = g_build_filename (dir, "snapshots", NULL);
  g_autofree char *ref_path = g_build_filename (dir, "refs", "main", NULL);
  g_autofree char *ref = NULL;
  g_autoptr(GDir) d = NULL;
  g_autofree char *only = NULL;
  const char *entry;
  gsize ref_len;
  guint n = 0;

  if (!g_file_test (snapshots, G_FILE_TEST_IS_DIR))
    return NULL;

  /* refs/main holds a commit hash; anything long is not one. */
  if (g_file_test (ref_path, G_FILE_TEST_IS_REGULAR) &&
      fit_import_read_file (ref_path, 256, &ref, &ref_len, NULL))
    {
      g_autofree char *snapshot = NULL;

      g_strstrip (ref);
      snapshot = g_build_filename (snapshots, ref, NULL);
      if (ref[0] != '\0' && strchr (ref, '/') == NULL && ref[0] != '.' &&
          g_file_test (snapshot, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&snapshot);
    }

  d = g_dir_open (snapshots, 0, NULL);
  if (d == NULL)
    return NULL;

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_free (only);
      only = g_build_filename (snapshots, entry, NULL);
      n++;
    }

  return n == 1 ? g_steal_pointer (&only) : NULL;
}

/* "…/models--Org--Name/snapshots/<hash>" → "Org/Name". */
static char *
hf_repo_from_path (const char *dir)
{
  g_auto(GStrv) parts = g_strsplit (dir, G_DIR_SEPARATOR_S, -1);
  guint n = g_strv_length (parts);

  for (guint i = n; i > 0; i--)
    {
      if (g_str_has_prefix (parts[i - 1], "models--"))
        {
          g_auto(GStrv) names = g_strsplit (parts[i - 1] + strlen ("models--"), "--", 2);

          if (g_strv_length (names) == 2 && names[0][0] != '\0' && names[1][0] != '\0')
            return g_strdup_printf ("%s/%s", names[0], names[1]);
          return NULL;
        }
    }

  return NULL;
}

static FitModel *
import_hf_folder (const char  *dir,
                  const char  *user_path,
                  GHashTable  *bytes_by_type,
                  GError     **error)
{
  g_autofree char *config_path = g_build_filename (dir, "config.json", NULL);
  g_autofree char *display = g_filename_display_name (config_path);
  g_autofree char *contents = NULL;
  g_autofree char *base = NULL;
  g_autofree char *repo = NULL;
  g_autoptr(FitModel) model = NULL;
  gsize length;

  if (!fit_import_read_file (config_path, FIT_IMPORT_MAX_CONFIG, &contents, &length, error))
    return NULL;

  model = fit_hf_config_parse (contents, length, display, error);
  if (model == NULL)
    return NULL;

  if (!add_safetensors (model, dir, bytes_by_type, error))
    return NULL;

  repo = hf_repo_from_path (dir);
  if (repo != NULL)
    {
      base = g_strdup (strchr (repo, '/') + 1);
      model->hf_repo = g_steal_pointer (&repo);
    }
  else
    {
      g_autofree char *raw = g_path_get_basename (dir);

      base = g_filename_display_name (raw);
    }

  {
    g_autofree char *id = fit_import_make_id (base);

    model->id = g_strconcat ("hf-", id, NULL);
  }
  model->name = g_steal_pointer (&base);
  model->source_path = g_canonicalize_filename (user_path, NULL);

  if (!fit_model_finalize (model, error))
    return NULL;

  return g_steal_pointer (&model);
}

static gboolean
has_magic (const char *path,
           const char *magic)
{
  char buf[4] = { 0 };
  gboolean ret;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    return FALSE;
  ret = read (fd, buf, 4) == 4 && memcmp (buf, magic, 4) == 0;
  close (fd);

  return ret;
}

/* The one GGUF model in a folder: a single file, or one split set. Vision
 * projectors (mmproj-*) are left out. */
static char *
find_gguf (const char  *dir,
           GError     **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (d == NULL)
    return NULL;

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      gsize len = strlen (entry);

      if (!g_str_has_suffix (entry, ".gguf") || g_str_has_prefix (entry, "mmproj"))
        continue;

      /* Parts other than the first stand for their whole set. */
      if (len > 20 && strncmp (entry + len - 20, "-00001-of-", 10) != 0 &&
          strncmp (entry + len - 15, "-of-", 4) == 0 && entry[len - 20] == '-')
        continue;

      g_ptr_array_add (models, g_build_filename (dir, entry, NULL));
    }

  if (models->len == 1)
    return g_strdup (g_ptr_array_index (models, 0));

  if (models->len > 1)
    {
      g_autofree char *display = g_filename_display_name (dir);

      fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, display,
                            _("the folder holds %u GGUF models; open one of the files"),
                            models->len);
    }

  return NULL;
}

/**
 * fit_import_path_with_types:
 * @path: a GGUF file (any part of a split one), a safetensors file next to
 *   its config.json, or a folder: a Hugging Face snapshot, a Hugging Face
 *   cache entry (models--Org--Name) or a folder holding one GGUF model
 * @bytes_by_type: (out) (optional) (transfer full): type name → guint64*
 *   bytes; ggml types for GGUF, dtypes for safetensors, empty when only a
 *   config.json was found
 * @format: (out) (optional) (transfer full): "GGUF", "safetensors" or
 *   "config.json"
 * @error: return location for a #FIT_IMPORT_ERROR or #FIT_MODEL_ERROR
 *
 * Opens a model from disk. Only headers are read: a 100 GB file takes
 * milliseconds, and a hostile one gives an error, never a crash.
 *
 * Returns: (transfer full) (nullable): a finalized model with exact weight
 *   bytes when tensor headers were found
 */
FitModel *
fit_import_path_with_types (const char  *path,
                            GHashTable **bytes_by_type,
                            char       **format,
                            GError     **error)
{
  g_autoptr(GHashTable) types = fit_import_type_bytes_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *config = NULL;
  g_autofree char *gguf = NULL;
  FitModel *model = NULL;
  const char *kind = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, display, _("no such file or folder"));
      return NULL;
    }

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      dir = resolve_hf_cache (path);
      if (dir == NULL)
        dir = g_strdup (path);

      config = g_build_filename (dir, "config.json", NULL);
      if (g_file_test (config, G_FILE_TEST_EXISTS))
        {
          model = import_hf_folder (dir, path, types, error);
          kind = g_hash_table_size (types) > 0 ? "safetensors" : "config.json";
        }
      else if ((gguf = find_gguf (dir, &local_error)) != NULL)
        {
          model = import_gguf (gguf, types, error);
          kind = "GGUF";
        }
      else if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
        }
      else
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, display,
                                _("the folder holds neither a config.json nor a GGUF file"));
        }
    }
  else if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_IO, display,
                            _("not a regular file or folder"));
    }
  else if (has_magic (path, "GGUF"))
    {
      model = import_gguf (path, types, error);
      kind = "GGUF";
    }
  else if (g_str_has_suffix (path, ".safetensors") || g_str_has_suffix (path, "config.json") ||
           g_str_has_suffix (path, ".index.json"))
    {
      dir = g_path_get_dirname (path);
      config = g_build_filename (dir, "config.json", NULL);

      if (!g_file_test (config, G_FILE_TEST_EXISTS))
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, display,
                                _("no config.json next to this file describes the model"));
          return NULL;
        }

      model = import_hf_folder (dir, dir, types, error);
      kind = g_hash_table_size (types) > 0 ? "safetensors" : "config.json";
    }
  else if (g_str_has_suffix (path, ".gguf"))
    {
      /* Let the parser say what is wrong with it. */
      model = import_gguf (path, types, error);
      kind = "GGUF";
    }
  else
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, display,
                            _("not a GGUF file, a safetensors file or a model folder"));
    }

  if (model == NULL)
    return NULL;

  if (bytes_by_type != NULL)
    *bytes_by_type = g_steal_pointer (&types);
  if (format != NULL)
    *format = g_strdup (kind);

  return model;
}

/**
 * fit_import_path:
 * @path: a model file or folder, see fit_import_path_with_types()
 * @error: return location for a #FIT_IMPORT_ERROR or #FIT_MODEL_ERROR
 *
 * Returns: (transfer full) (nullable): a finalized model
 */
FitModel *
fit_import_path (const char  *path,
                 GError     **error)
{
  return fit_import_path_with_types (path, NULL, NULL, error);
}

/**
 * fit_import_bytes_by_type:
 * @path: a model file or folder
 * @out: (out) (transfer full): type name → guint64* bytes
 * @error: return location for a #FIT_IMPORT_ERROR
 *
 * Returns: %TRUE on success
 */
gboolean
fit_import_bytes_by_type (const char  *path,
                          GHashTable **out,
                          GError     **error)
{
  g_autoptr(FitModel) model = NULL;

  g_return_val_if_fail (out != NULL, FALSE);

  model = fit_import_path_with_types (path, out, NULL, error);
  return model != NULL;
}
