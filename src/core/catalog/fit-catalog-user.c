/* fit-catalog-user.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-catalog"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fit-catalog-private.h"

/* The user's entries live in $XDG_DATA_HOME/fitmygpu/{models,gpus}.json,
 * in the bundled files' schema.
 *
 * Saving reads the file again rather than trusting what was loaded, so that
 * entries written by another instance, or by hand, are kept. The file is
 * then written whole, atomically (g_file_set_contents: a temporary file and
 * a rename), after copying the previous version to <file>.bak.
 *
 * A file with any problem (not JSON, a wrong frame, an entry that was
 * skipped, an unknown field) is never overwritten: it is first renamed to
 * <file>.corrupt-YYYYMMDD-HHMMSS, kept for the user to repair, and a
 * warning says so. Only its valid entries are carried into the new file. */

static char *
corrupt_path (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *candidate = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint i = 2; g_file_test (candidate, G_FILE_TEST_EXISTS) && i < 1000; i++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);
    }

  return candidate;
}

static char *
entries_to_data (const FitEntryKind *kind,
                 GPtrArray          *nodes,
                 gsize              *len)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, kind->array_key);
  json_builder_begin_array (b);
  for (guint i = 0; i < nodes->len; i++)
    json_builder_add_value (b, json_node_copy (g_ptr_array_index (nodes, i)));
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  data = json_generator_to_data (gen, len);

  /* End with a newline, like a file written by hand. */
  data = g_realloc (data, *len + 2);
  data[(*len)++] = '\n';
  data[*len] = '\0';
  return data;
}

/* json-glib reads 1e400 as infinity and would write it back as "inf",
 * which is not JSON. Only unknown fields can still hold one here. */
static gboolean
node_is_finite (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &child))
        {
          if (!node_is_finite (child))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!node_is_finite (json_array_get_element (array, i)))
            return FALSE;
        }
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      return isfinite (json_node_get_double (node));
    }

  return TRUE;
}

/* Reads the file as it is now. *damaged is set when anything in it would
 * not survive a rewrite. */
static gboolean
read_current (FitCatalog      *self,
              FitEntrySet     *set,
              const char      *path,
              char           **data,
              gsize           *len,
              gboolean        *exists,
              gboolean        *damaged,
              FitParseResult  *result,
              GError         **error)
{
  const FitEntryKind *kind = set->kind;
  g_autoptr(GError) local_error = NULL;

  *exists = *damaged = FALSE;

  if (g_file_get_contents (path, data, len, &local_error))
    {
      g_autoptr(FitCatalog) scratch = fit_catalog_new ();
      FitEntrySet *scratch_set = set == &self->models ? &scratch->models : &scratch->devices;

      *exists = TRUE;
      if (!fit_catalog_parse_entries (scratch, scratch_set, *data, *len, path, TRUE, result, NULL))
        *damaged = TRUE;
      else
        *damaged = result->n_warnings > 0;
    }
  else if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* Unreadable is not absent: writing now could destroy it. */
      g_set_error_literal (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_IO, local_error->message);
      return FALSE;
    }

  /* Valid entries are carried over as they were written (with the fields
   * the catalog does not keep, like a model's notes), unless that could
   * not be written back as JSON. */
  for (guint i = 0; result->nodes != NULL && i < result->nodes->len; i++)
    {
      if (!node_is_finite (g_ptr_array_index (result->nodes, i)))
        {
          json_node_unref (g_ptr_array_index (result->nodes, i));
          g_ptr_array_index (result->nodes, i) = kind->to_json (g_ptr_array_index (result->entries, i));
        }
    }

  if (result->entries == NULL)
    {
      result->entries = g_ptr_array_new_with_free_func (kind->free);
      result->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
    }

  return TRUE;
}

/* Moves a damaged file aside, or copies a sound one to .bak. */
static gboolean
keep_previous (FitCatalog  *self,
               const char  *path,
               const char  *data,
               gsize        len,
               gboolean     damaged,
               GError     **error)
{
  if (damaged)
    {
      g_autofree char *aside = corrupt_path (path);
      g_autofree char *msg = NULL;

      if (g_rename (path, aside) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_IO,
                       _("Cannot move the damaged file %s aside: %s"), path, g_strerror (saved_errno));
          return FALSE;
        }

      msg = g_strdup_printf (_("%s had problems and was moved to %s; its valid entries were kept"),
                             path, aside);
      fit_catalog_add_warning (self, msg);
      return TRUE;
    }
  else
    {
      g_autofree char *bak = g_strconcat (path, ".bak", NULL);
      g_autoptr(GError) local_error = NULL;

      if (!g_file_set_contents (bak, data, len, &local_error))
        {
          g_set_error_literal (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_IO, local_error->message);
          return FALSE;
        }
      return TRUE;
    }
}

/* Replaces the user entry with @id by @replacement (taken), appends
 * @replacement when there is none, or removes the entry when @replacement
 * is NULL. */
static gboolean
user_store (FitCatalog   *self,
            FitEntrySet  *set,
            const char   *id,
            gpointer      replacement,
            GError      **error)
{
  const FitEntryKind *kind = set->kind;
  const char *dir = fit_catalog_get_user_dir_internal (self);
  g_autofree char *path = g_build_filename (dir, kind->file_name, NULL);
  g_autofree char *old_data = NULL;
  g_autofree char *new_data = NULL;
  g_autoptr(GError) local_error = NULL;
  FitParseResult result = { NULL, };
  gboolean exists, damaged, ok = FALSE;
  gsize old_len = 0, new_len = 0;
  guint i;

  if (!read_current (self, set, path, &old_data, &old_len, &exists, &damaged, &result, error))
    goto out;

  for (i = 0; i < result.entries->len; i++)
    {
      if (g_str_equal (kind->get_id (g_ptr_array_index (result.entries, i)), id))
        break;
    }

  if (i < result.entries->len)
    {
      g_ptr_array_remove_index (result.entries, i);
      g_ptr_array_remove_index (result.nodes, i);
    }
  else if (replacement == NULL)
    {
      g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_MISSING,
                   _("There is no user entry “%s” in %s"), id, path);
      goto out;
    }

  if (replacement != NULL)
    {
      /* In place of the old entry, so that the file keeps its order. */
      g_ptr_array_insert (result.nodes, i, kind->to_json (replacement));
      g_ptr_array_insert (result.entries, i, g_steal_pointer (&replacement));
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_IO,
                   _("Cannot create the folder %s: %s"), dir, g_strerror (saved_errno));
      goto out;
    }

  if (exists && !keep_previous (self, path, old_data, old_len, damaged, error))
    goto out;

  new_data = entries_to_data (kind, result.nodes, &new_len);
  if (!g_file_set_contents (path, new_data, new_len, &local_error))
    {
      g_set_error_literal (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_IO, local_error->message);
      goto out;
    }

  /* What is on disk now is what the catalog holds. */
  fit_catalog_set_user_entries (self, set, result.entries);
  ok = TRUE;

out:
  if (replacement != NULL)
    kind->free (replacement);
  fit_parse_result_clear (&result);
  return ok;
}

/* Checks an entry the way loading it back will: serialize, then parse. */
static gpointer
round_trip (FitCatalog   *self,
            FitEntrySet  *set,
            gconstpointer entry,
            GError      **error)
{
  const FitEntryKind *kind = set->kind;
  g_autoptr(JsonNode) node = kind->to_json (entry);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(FitCatalog) scratch = fit_catalog_new ();
  FitEntrySet *scratch_set = set == &self->models ? &scratch->models : &scratch->devices;
  g_autofree char *data = NULL;
  gsize len;
  gpointer copy;

  g_ptr_array_add (nodes, json_node_ref (node));
  data = entries_to_data (kind, nodes, &len);

  if (!fit_catalog_parse_entries (scratch, scratch_set, data, len, kind->file_name, FALSE, NULL, error))
    return NULL;

  g_assert (scratch_set->bundled->len == 1);
  copy = g_ptr_array_steal_index (scratch_set->bundled, 0);
  g_hash_table_remove_all (scratch_set->bundled_index);
  g_hash_table_remove_all (scratch_set->index);
  g_ptr_array_set_size (scratch_set->merged, 0);
  kind->set_user (copy, TRUE);
  return copy;
}

/**
 * fit_catalog_copy_model:
 * @model: a model
 * @error: return location for a #GError
 *
 * A deep copy through the catalog's JSON form: everything a user entry
 * keeps, validated and finalized afresh, marked as a user entry.
 *
 * Returns: (transfer full) (nullable): the copy, or %NULL with @error set
 */
FitModel *
fit_catalog_copy_model (const FitModel  *model,
                        GError         **error)
{
  g_autoptr(FitCatalog) scratch = fit_catalog_new ();

  g_return_val_if_fail (model != NULL, NULL);

  return round_trip (scratch, &scratch->models, model, error);
}

/**
 * fit_catalog_save_user_model:
 * @self: a catalog
 * @model: the model to store; its id decides what it replaces
 * @error: return location for a #FIT_CATALOG_ERROR
 *
 * Adds @model to the user's models.json, or replaces the user entry with its
 * id, and to this catalog, where it overrides a bundled model with the same
 * id. The catalog keeps its own copy. See the top of fit-catalog-user.c for
 * how the file is written and what happens to a damaged one.
 */
gboolean
fit_catalog_save_user_model (FitCatalog      *self,
                             const FitModel  *model,
                             GError         **error)
{
  gpointer copy;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);

  if ((copy = round_trip (self, &self->models, model, error)) == NULL)
    return FALSE;

  return user_store (self, &self->models, model->id, copy, error);
}

gboolean
fit_catalog_remove_user_model (FitCatalog  *self,
                               const char  *id,
                               GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return user_store (self, &self->models, id, NULL, error);
}

/**
 * fit_catalog_save_user_device:
 *
 * Like fit_catalog_save_user_model(), for the user's gpus.json.
 */
gboolean
fit_catalog_save_user_device (FitCatalog       *self,
                              const FitDevice  *device,
                              GError          **error)
{
  gpointer copy;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (device != NULL, FALSE);

  if ((copy = round_trip (self, &self->devices, device, error)) == NULL)
    return FALSE;

  return user_store (self, &self->devices, device->id, copy, error);
}

gboolean
fit_catalog_remove_user_device (FitCatalog  *self,
                                const char  *id,
                                GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return user_store (self, &self->devices, id, NULL, error);
}
