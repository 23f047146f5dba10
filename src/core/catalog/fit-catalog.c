/* fit-catalog.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-catalog"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fit-catalog-private.h"
#include "fit-catalog-resources.h"

#define RESOURCE_CATALOG RESOURCE_BASE "/catalog/"

G_DEFINE_QUARK (fit-catalog-error-quark, fit_catalog_error)

/* ------------------------------------------------------------------------
 * Entry kinds
 */

static gpointer
model_from_json (FitJsonCtx *ctx,
                 JsonObject *obj)
{
  return fit_catalog_model_from_json (ctx, obj);
}

static JsonNode *
model_to_json (gconstpointer entry)
{
  return fit_catalog_model_to_json (entry, FALSE);
}

static const char *
model_get_id (gconstpointer entry)
{
  return ((const FitModel *) entry)->id;
}

static void
model_set_user (gpointer entry,
                gboolean user)
{
  ((FitModel *) entry)->user_entry = user;
}

static char *
model_describe (const char *id,
                guint       index)
{
  if (id != NULL)
    /* Translators: "model “qwen3-8b” (entry 12)" in an error message */
    return g_strdup_printf (_("model “%s” (entry %u)"), id, index + 1);
  return g_strdup_printf (_("model entry %u"), index + 1);
}

static gpointer
device_from_json (FitJsonCtx *ctx,
                  JsonObject *obj)
{
  return fit_catalog_device_from_json (ctx, obj);
}

static JsonNode *
device_to_json (gconstpointer entry)
{
  return fit_catalog_device_to_json (entry);
}

static const char *
device_get_id (gconstpointer entry)
{
  return ((const FitDevice *) entry)->id;
}

static void
device_set_user (gpointer entry,
                 gboolean user)
{
  ((FitDevice *) entry)->user_entry = user;
}

static char *
device_describe (const char *id,
                 guint       index)
{
  if (id != NULL)
    /* Translators: "GPU “rtx-4090” (entry 12)" in an error message */
    return g_strdup_printf (_("GPU “%s” (entry %u)"), id, index + 1);
  return g_strdup_printf (_("GPU entry %u"), index + 1);
}

static const FitEntryKind model_kind = {
  "models.json", "models",
  model_from_json, model_to_json, model_get_id, model_set_user, model_describe,
  (GDestroyNotify) fit_model_free,
};

static const FitEntryKind device_kind = {
  "gpus.json", "gpus",
  device_from_json, device_to_json, device_get_id, device_set_user, device_describe,
  (GDestroyNotify) fit_device_free,
};

static void
entry_set_init (FitEntrySet        *set,
                const FitEntryKind *kind)
{
  set->kind = kind;
  set->bundled = g_ptr_array_new_with_free_func (kind->free);
  set->bundled_index = g_hash_table_new (g_str_hash, g_str_equal);
  set->user = g_ptr_array_new_with_free_func (kind->free);
  set->merged = g_ptr_array_new ();
  set->index = g_hash_table_new (g_str_hash, g_str_equal);
  set->retired = g_ptr_array_new_with_free_func (kind->free);
}

static void
entry_set_clear (FitEntrySet *set)
{
  /* Views first: they borrow from the owning arrays. */
  g_clear_pointer (&set->index, g_hash_table_unref);
  g_clear_pointer (&set->merged, g_ptr_array_unref);
  g_clear_pointer (&set->bundled_index, g_hash_table_unref);
  g_clear_pointer (&set->bundled, g_ptr_array_unref);
  g_clear_pointer (&set->user, g_ptr_array_unref);
  g_clear_pointer (&set->retired, g_ptr_array_unref);
}

static void
entry_set_rebuild (FitEntrySet *set)
{
  const FitEntryKind *kind = set->kind;
  g_autoptr(GHashTable) user_index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < set->user->len; i++)
    {
      gpointer entry = g_ptr_array_index (set->user, i);

      g_hash_table_insert (user_index, (gpointer) kind->get_id (entry), entry);
    }

  g_ptr_array_set_size (set->merged, 0);
  g_hash_table_remove_all (set->index);

  for (guint i = 0; i < set->bundled->len; i++)
    {
      gpointer entry = g_ptr_array_index (set->bundled, i);
      gpointer user = g_hash_table_lookup (user_index, kind->get_id (entry));

      g_ptr_array_add (set->merged, user != NULL ? user : entry);
    }

  for (guint i = 0; i < set->user->len; i++)
    {
      gpointer entry = g_ptr_array_index (set->user, i);

      if (!g_hash_table_contains (set->bundled_index, kind->get_id (entry)))
        g_ptr_array_add (set->merged, entry);
    }

  for (guint i = 0; i < set->merged->len; i++)
    {
      gpointer entry = g_ptr_array_index (set->merged, i);

      g_hash_table_insert (set->index, (gpointer) kind->get_id (entry), entry);
    }
}

/* ------------------------------------------------------------------------
 * Life cycle
 */

/**
 * fit_catalog_new:
 *
 * An empty catalog. Fill it with fit_catalog_load_bundled() and
 * fit_catalog_load_user(), or use fit_catalog_load_default().
 */
FitCatalog *
fit_catalog_new (void)
{
  FitCatalog *self = g_new0 (FitCatalog, 1);

  g_atomic_ref_count_init (&self->ref_count);
  entry_set_init (&self->models, &model_kind);
  entry_set_init (&self->devices, &device_kind);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->warnings, NULL);
  return self;
}

FitCatalog *
fit_catalog_ref (FitCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fit_catalog_unref (FitCatalog *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  entry_set_clear (&self->models);
  entry_set_clear (&self->devices);
  g_ptr_array_unref (self->warnings);
  g_free (self->user_dir);
  g_free (self);
}

void
fit_catalog_add_warning (FitCatalog *self,
                         const char *message)
{
  /* Keep the array NULL-terminated for fit_catalog_get_warnings(). */
  g_ptr_array_set_size (self->warnings, self->warnings->len - 1);
  g_ptr_array_add (self->warnings, g_strdup (message));
  g_ptr_array_add (self->warnings, NULL);
}

/**
 * fit_catalog_get_warnings:
 *
 * Problems that did not stop loading: skipped user entries, unreadable or
 * corrupt user files, unknown fields, files moved aside before saving.
 *
 * Returns: (transfer none): a %NULL-terminated array of messages
 */
const char *const *
fit_catalog_get_warnings (FitCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char *const *) self->warnings->pdata;
}

void
fit_parse_result_clear (FitParseResult *result)
{
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_clear_pointer (&result->nodes, g_ptr_array_unref);
  result->n_skipped = 0;
  result->n_warnings = 0;
}

/* ------------------------------------------------------------------------
 * Parsing
 */

static void
take_warnings (FitCatalog     *self,
               FitJsonDoc     *doc,
               FitJsonCtx     *ctx,
               const char     *prefix,
               FitParseResult *result)
{
  for (guint i = 0; i < ctx->warnings->len; i++)
    {
      g_autofree char *msg = fit_json_doc_format_issue (doc, g_ptr_array_index (ctx->warnings, i), prefix);

      fit_catalog_add_warning (self, msg);
      if (result != NULL)
        result->n_warnings++;
    }
  g_ptr_array_set_size (ctx->warnings, 0);
}

static gboolean
issue_to_error (FitJsonDoc    *doc,
                FitJsonIssue  *issue,
                const char    *prefix,
                GError       **error)
{
  g_autofree char *msg = fit_json_doc_format_issue (doc, issue, prefix);

  g_set_error_literal (error, FIT_CATALOG_ERROR, issue->code, msg);
  return FALSE;
}

/* Reads the {"version": 1, "<key>": …} frame. */
static gboolean
read_header (FitCatalog  *self,
             FitJsonDoc  *doc,
             const char  *key,
             gboolean     object,
             JsonNode   **out,
             GError     **error)
{
  JsonObject *root = fit_json_doc_get_root (doc);
  const char *known[] = { "version", key, NULL };
  FitJsonCtx ctx;
  guint64 version = 0;
  gboolean ok;
  JsonObject *obj = NULL;
  JsonArray *array = NULL;

  fit_json_ctx_init (&ctx);
  fit_json_check_members (&ctx, root, known);

  ok = fit_json_get_uint (&ctx, root, "version", TRUE, 1, 1, &version) &&
       (object ? fit_json_get_object (&ctx, root, key, TRUE, &obj)
               : fit_json_get_array (&ctx, root, key, TRUE, &array));

  take_warnings (self, doc, &ctx, NULL, NULL);
  if (!ok)
    issue_to_error (doc, ctx.error, NULL, error);
  else
    *out = json_object_get_member (root, key);

  fit_json_ctx_clear (&ctx);
  return ok;
}

static FitJsonIssue *
duplicate_issue (FitJsonDoc *doc,
                 const char *array_key,
                 guint       first_index,
                 guint       index,
                 const char *id)
{
  FitJsonIssue *issue;
  FitJsonCtx ctx;
  guint line, column;

  /* Where the first one is, for the message. */
  fit_json_ctx_init (&ctx);
  fit_json_ctx_push_member (&ctx, array_key);
  fit_json_ctx_push_index (&ctx, first_index);
  fit_json_ctx_fail (&ctx, "id", FIT_CATALOG_ERROR_DUPLICATE, "-");
  fit_json_doc_locate (doc, ctx.error->steps, &line, &column);
  fit_json_ctx_clear (&ctx);

  fit_json_ctx_init (&ctx);
  fit_json_ctx_push_member (&ctx, array_key);
  fit_json_ctx_push_index (&ctx, index);
  fit_json_ctx_fail (&ctx, "id", FIT_CATALOG_ERROR_DUPLICATE,
                     _("id “%s” is already used by entry %u at line %u"), id, first_index + 1, line);
  issue = g_steal_pointer (&ctx.error);
  fit_json_ctx_clear (&ctx);
  return issue;
}

gboolean
fit_catalog_parse_entries (FitCatalog      *self,
                           FitEntrySet     *set,
                           const char      *data,
                           gsize            len,
                           const char      *filename,
                           gboolean         user,
                           FitParseResult  *result,
                           GError         **error)
{
  const FitEntryKind *kind = set->kind;
  g_autoptr(FitJsonDoc) doc = NULL;
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (kind->free);
  g_autoptr(GPtrArray) nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonNode *node;
  JsonArray *array;
  guint n;

  /* User files are small: record positions and refuse duplicate keys while
   * parsing. The bundled files are parsed fast and located only on error. */
  doc = fit_json_doc_parse (data, len, filename, user, error);
  if (doc == NULL || !read_header (self, doc, kind->array_key, FALSE, &node, error))
    return FALSE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *prefix = NULL;
      gpointer entry = NULL;
      FitJsonCtx ctx;
      const char *id;

      fit_json_ctx_init (&ctx);
      fit_json_ctx_push_member (&ctx, kind->array_key);
      fit_json_ctx_push_index (&ctx, i);
      ctx.field_base = ctx.steps->len;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          prefix = kind->describe (NULL, i);
          fit_json_ctx_fail (&ctx, NULL, FIT_CATALOG_ERROR_TYPE, _("an entry must be an object, not %s"),
                             fit_json_node_kind (element));
        }
      else
        {
          guint line, column;
          const char *dup = fit_json_doc_find_duplicate (doc, element, &line, &column);

          prefix = kind->describe (fit_json_peek_id (json_node_get_object (element)), i);
          if (dup != NULL)
            {
              fit_json_ctx_fail (&ctx, NULL, FIT_CATALOG_ERROR_DUPLICATE,
                                 _("field “%s” appears twice in the same object"), dup);
              ctx.error->line = line;
              ctx.error->column = column;
            }
          else
            {
              entry = kind->from_json (&ctx, json_node_get_object (element));
            }
        }

      take_warnings (self, doc, &ctx, prefix, result);

      if (entry != NULL)
        {
          gpointer first;

          id = kind->get_id (entry);
          if (g_hash_table_lookup_extended (seen, id, NULL, &first))
            {
              ctx.error = duplicate_issue (doc, kind->array_key, GPOINTER_TO_UINT (first), i, id);
              g_clear_pointer (&entry, kind->free);
            }
          else if (!user && g_hash_table_contains (set->bundled_index, id))
            {
              fit_json_ctx_fail (&ctx, "id", FIT_CATALOG_ERROR_DUPLICATE,
                                 _("id “%s” is already in the catalog"), id);
              g_clear_pointer (&entry, kind->free);
            }
        }

      if (entry == NULL)
        {
          g_assert (ctx.error != NULL);

          if (!user)
            {
              issue_to_error (doc, ctx.error, prefix, error);
              fit_json_ctx_clear (&ctx);
              return FALSE;
            }
          else
            {
              g_autofree char *msg = fit_json_doc_format_issue (doc, ctx.error, prefix);
              /* Translators: %s is a complete message naming the file and the line */
              g_autofree char *skipped = g_strdup_printf (_("%s (entry skipped)"), msg);

              fit_catalog_add_warning (self, skipped);
              if (result != NULL)
                {
                  result->n_skipped++;
                  result->n_warnings++;
                }
            }
        }
      else
        {
          kind->set_user (entry, user);
          g_hash_table_insert (seen, (gpointer) kind->get_id (entry), GUINT_TO_POINTER (i));
          g_ptr_array_add (parsed, entry);
          if (result != NULL)
            g_ptr_array_add (nodes, json_node_ref (element));
        }

      fit_json_ctx_clear (&ctx);
    }

  if (result != NULL)
    {
      result->entries = g_steal_pointer (&parsed);
      result->nodes = g_steal_pointer (&nodes);
      return TRUE;
    }

  for (guint i = 0; i < parsed->len; i++)
    {
      gpointer entry = g_ptr_array_index (parsed, i);
      const char *id = kind->get_id (entry);

      if (user)
        {
          /* A later user file wins over an earlier one. */
          for (guint j = 0; j < set->user->len; j++)
            {
              if (g_str_equal (kind->get_id (g_ptr_array_index (set->user, j)), id))
                {
                  g_ptr_array_add (set->retired, g_ptr_array_steal_index (set->user, j));
                  break;
                }
            }
          g_ptr_array_add (set->user, entry);
        }
      else
        {
          g_ptr_array_add (set->bundled, entry);
          g_hash_table_insert (set->bundled_index, (gpointer) id, entry);
        }
    }

  /* The entries now belong to the set. */
  g_ptr_array_set_free_func (parsed, NULL);
  entry_set_rebuild (set);
  return TRUE;
}

void
fit_catalog_set_user_entries (FitCatalog  *self,
                              FitEntrySet *set,
                              GPtrArray   *entries)
{
  /* Keep the old ones alive: callers may still hold pointers to them. */
  while (set->user->len > 0)
    g_ptr_array_add (set->retired, g_ptr_array_steal_index (set->user, set->user->len - 1));

  for (guint i = 0; i < entries->len; i++)
    {
      gpointer entry = g_ptr_array_index (entries, i);

      set->kind->set_user (entry, TRUE);
      g_ptr_array_add (set->user, entry);
    }
  g_ptr_array_set_free_func (entries, NULL);
  g_ptr_array_set_size (entries, 0);

  entry_set_rebuild (set);
}

/**
 * fit_catalog_parse_models:
 * @self: a catalog
 * @data: the file's contents (need not be NUL-terminated)
 * @len: its length
 * @filename: the name used in messages
 * @user: whether this is a user file
 * @error: return location for a #FIT_CATALOG_ERROR
 *
 * Reads a models file ({"version": 1, "models": […]}). A bundled file must
 * be valid as a whole: the first problem fails the call and nothing is
 * added. In a user file a bad entry is skipped with a warning; user entries
 * replace bundled entries with the same id.
 *
 * Returns: whether the file was read
 */
gboolean
fit_catalog_parse_models (FitCatalog  *self,
                          const char  *data,
                          gsize        len,
                          const char  *filename,
                          gboolean     user,
                          GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return fit_catalog_parse_entries (self, &self->models, data ? data : "", len,
                                    filename ? filename : "models.json", user, NULL, error);
}

/**
 * fit_catalog_parse_devices:
 *
 * Like fit_catalog_parse_models(), for GPUs ({"version": 1, "gpus": […]}).
 */
gboolean
fit_catalog_parse_devices (FitCatalog  *self,
                           const char  *data,
                           gsize        len,
                           const char  *filename,
                           gboolean     user,
                           GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return fit_catalog_parse_entries (self, &self->devices, data ? data : "", len,
                                    filename ? filename : "gpus.json", user, NULL, error);
}

/**
 * fit_catalog_parse_cards:
 *
 * Reads model cards ({"version": 1, "cards": {"<model id>": {…}}}) into
 * the bundled models already loaded. A card for an unknown model, or a
 * second card for one model, is an error; nothing is changed then.
 */
gboolean
fit_catalog_parse_cards (FitCatalog  *self,
                         const char  *data,
                         gsize        len,
                         const char  *filename,
                         GError     **error)
{
  g_autoptr(FitJsonDoc) doc = NULL;
  g_autoptr(GArray) cards = NULL;
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *id;
  JsonNode *node;
  JsonNode *value;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  filename = filename ? filename : "cards.json";
  doc = fit_json_doc_parse (data ? data : "", len, filename, FALSE, error);
  if (doc == NULL || !read_header (self, doc, "cards", TRUE, &node, error))
    return FALSE;

  cards = g_array_new (FALSE, TRUE, sizeof (FitModelCard));
  g_array_set_clear_func (cards, (GDestroyNotify) fit_model_card_clear);

  json_object_iter_init (&iter, json_node_get_object (node));
  while (ok && json_object_iter_next (&iter, &id, &value))
    {
      FitModel *model = g_hash_table_lookup (self->models.bundled_index, id);
      FitModelCard card = { NULL, };
      FitJsonCtx ctx;
      g_autofree char *prefix = g_strdup_printf (_("card of “%s”"), id);

      fit_json_ctx_init (&ctx);
      fit_json_ctx_push_member (&ctx, "cards");
      fit_json_ctx_push_member (&ctx, id);
      ctx.field_base = ctx.steps->len;

      if (model == NULL)
        fit_json_ctx_fail (&ctx, NULL, FIT_CATALOG_ERROR_MISSING,
                           _("there is no bundled model with this id"));
      else if (!fit_catalog_card_is_empty (&model->card) || g_ptr_array_find (targets, model, NULL))
        fit_json_ctx_fail (&ctx, NULL, FIT_CATALOG_ERROR_DUPLICATE, _("the model already has a card"));
      else if (!JSON_NODE_HOLDS_OBJECT (value))
        fit_json_ctx_fail (&ctx, NULL, FIT_CATALOG_ERROR_TYPE, _("a card must be an object, not %s"),
                           fit_json_node_kind (value));
      else
        fit_catalog_card_from_json (&ctx, json_node_get_object (value), &card);

      take_warnings (self, doc, &ctx, prefix, NULL);

      if (ctx.error != NULL)
        {
          fit_model_card_clear (&card);
          ok = issue_to_error (doc, ctx.error, prefix, error);
        }
      else
        {
          g_array_append_val (cards, card);
          g_ptr_array_add (targets, model);
        }

      fit_json_ctx_clear (&ctx);
    }

  if (!ok)
    return FALSE;

  for (guint i = 0; i < targets->len; i++)
    {
      FitModel *model = g_ptr_array_index (targets, i);

      /* Move the card over; the array's copy is emptied so that clearing
       * it frees nothing. */
      model->card = g_array_index (cards, FitModelCard, i);
      memset (&g_array_index (cards, FitModelCard, i), 0, sizeof (FitModelCard));
    }

  return TRUE;
}

/* ------------------------------------------------------------------------
 * Loading
 */

static gboolean
load_resource (FitCatalog  *self,
               const char  *name,
               GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_CATALOG, name, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize len;

  /* Looked up in our own resource rather than the global set: that also
   * makes the linker keep the resource object out of the static library. */
  bytes = g_resource_lookup_data (fit_catalog_get_resource (), path, G_RESOURCE_LOOKUP_FLAGS_NONE,
                                  &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_IO,
                   _("The bundled catalog file %s is missing: %s"), name, local_error->message);
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &len);

  if (g_str_equal (name, model_kind.file_name))
    return fit_catalog_parse_entries (self, &self->models, data, len, name, FALSE, NULL, error);
  else if (g_str_equal (name, device_kind.file_name))
    return fit_catalog_parse_entries (self, &self->devices, data, len, name, FALSE, NULL, error);
  else
    return fit_catalog_parse_cards (self, data, len, name, error);
}

/**
 * fit_catalog_load_bundled:
 *
 * Reads the catalog compiled into the program: models.json, gpus.json and
 * the model cards. These files must be fully valid.
 */
gboolean
fit_catalog_load_bundled (FitCatalog  *self,
                          GError     **error)
{
  static const char *const files[] = { "models.json", "gpus.json", "cards-1.json", "cards-2.json" };

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (!load_resource (self, files[i], error))
        return FALSE;
    }

  return TRUE;
}

/**
 * fit_catalog_user_dir:
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/fitmygpu`, where user entries live
 */
char *
fit_catalog_user_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "fitmygpu", NULL);
}

const char *
fit_catalog_get_user_dir_internal (FitCatalog *self)
{
  if (self->user_dir == NULL)
    self->user_dir = fit_catalog_user_dir ();
  return self->user_dir;
}

/* User files larger than this are not read: they cannot be hand-made
 * entries, and reading them whole would only waste memory. */
#define MAX_USER_FILE (16 * 1024 * 1024)

/**
 * fit_catalog_load_user:
 * @self: a catalog
 * @user_dir: the folder with models.json and gpus.json
 *
 * Reads the user's own entries. Nothing here fails: a missing file is
 * normal, and an unreadable or corrupt file, or a bad entry, becomes a
 * warning (see fit_catalog_get_warnings()). A corrupt file is left as it
 * is; fit_catalog_save_user_model() moves it aside before writing.
 */
void
fit_catalog_load_user (FitCatalog *self,
                       const char *user_dir)
{
  FitEntrySet *sets[] = { &self->models, &self->devices };

  g_return_if_fail (self != NULL);
  g_return_if_fail (user_dir != NULL);

  g_free (self->user_dir);
  self->user_dir = g_strdup (user_dir);

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_autofree char *path = g_build_filename (user_dir, sets[i]->kind->file_name, NULL);
      g_autofree char *data = NULL;
      g_autoptr(GError) error = NULL;
      gsize len;
      GStatBuf st;

      if (g_stat (path, &st) != 0)
        continue;

      if (st.st_size > MAX_USER_FILE)
        {
          g_autofree char *msg = g_strdup_printf (_("%s: the file is larger than 16 MiB and was not read"),
                                                  path);
          fit_catalog_add_warning (self, msg);
          continue;
        }

      if (!g_file_get_contents (path, &data, &len, &error))
        {
          fit_catalog_add_warning (self, error->message);
          continue;
        }

      if (!fit_catalog_parse_entries (self, sets[i], data, len, path, TRUE, NULL, &error))
        {
          /* Translators: %s is a message naming the file, line and problem */
          g_autofree char *msg = g_strdup_printf (_("%s (the file was not loaded; it is kept unchanged)"),
                                                  error->message);
          fit_catalog_add_warning (self, msg);
        }
    }
}

/**
 * fit_catalog_load_default:
 *
 * The bundled catalog plus the user's entries under
 * `$XDG_DATA_HOME/fitmygpu/`. Only a broken bundled catalog fails this.
 *
 * Returns: (transfer full) (nullable): a new catalog
 */
FitCatalog *
fit_catalog_load_default (GError **error)
{
  g_autoptr(FitCatalog) self = fit_catalog_new ();
  g_autofree char *user_dir = NULL;

  if (!fit_catalog_load_bundled (self, error))
    return NULL;

  user_dir = fit_catalog_user_dir ();
  fit_catalog_load_user (self, user_dir);
  return g_steal_pointer (&self);
}

/* ------------------------------------------------------------------------
 * Lookups
 */

guint
fit_catalog_get_n_models (FitCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->models.merged->len;
}

const FitModel *
fit_catalog_get_model (FitCatalog *self,
                       guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->models.merged->len, NULL);
  return g_ptr_array_index (self->models.merged, index);
}

const FitModel *
fit_catalog_find_model (FitCatalog *self,
                        const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->models.index, id);
}

guint
fit_catalog_get_n_devices (FitCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->devices.merged->len;
}

const FitDevice *
fit_catalog_get_device (FitCatalog *self,
                        guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->devices.merged->len, NULL);
  return g_ptr_array_index (self->devices.merged, index);
}

const FitDevice *
fit_catalog_find_device (FitCatalog *self,
                         const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->devices.index, id);
}

static gboolean
device_has_pci (const FitDevice *device,
                FitPciId         pci_id)
{
  for (guint i = 0; i < device->n_pci_ids && i < FIT_MAX_PCI_IDS; i++)
    {
      if (device->pci_ids[i] == pci_id)
        return TRUE;
    }
  return FALSE;
}

/**
 * fit_catalog_find_device_by_pci_and_memory:
 * @self: a catalog
 * @pci_id: the detected vendor:device id
 * @memory_bytes: the memory the driver reports, or 0 when unknown
 *
 * The entry listing @pci_id; when several do, the one whose memory is
 * closest to @memory_bytes. User entries are preferred to bundled ones.
 *
 * Returns: (nullable): the entry
 */
const FitDevice *
fit_catalog_find_device_by_pci_and_memory (FitCatalog *self,
                                           FitPciId    pci_id,
                                           guint64     memory_bytes)
{
  const FitDevice *best = NULL;
  guint64 best_diff = G_MAXUINT64;

  g_return_val_if_fail (self != NULL, NULL);

  for (int pass = 0; pass < 2 && best == NULL; pass++)
    {
      for (guint i = 0; i < self->devices.merged->len; i++)
        {
          const FitDevice *device = g_ptr_array_index (self->devices.merged, i);
          guint64 diff;

          if (device->user_entry != (pass == 0) || !device_has_pci (device, pci_id))
            continue;

          diff = memory_bytes == 0 ? 0
                 : (device->memory_bytes > memory_bytes ? device->memory_bytes - memory_bytes
                                                        : memory_bytes - device->memory_bytes);
          if (best == NULL || diff < best_diff)
            {
              best = device;
              best_diff = diff;
            }
        }
    }

  return best;
}

const FitDevice *
fit_catalog_find_device_by_pci (FitCatalog *self,
                                FitPciId    pci_id)
{
  return fit_catalog_find_device_by_pci_and_memory (self, pci_id, 0);
}

/* "NVIDIA GeForce RTX 4090" -> "geforce rtx 4090": lower case, vendor
 * words dropped, runs of other characters made one space. */
static char *
normalize_name (const char *name)
{
  static const char *const noise[] = { "nvidia", "amd", "ati", "intel", "apple", "(r)", "(tm)", "corporation" };
  g_autofree char *lower = g_utf8_strdown (name, -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (noise); i++)
    {
      gsize n = strlen (noise[i]);

      /* Whole words only ("amd" but not "gamd"), and the marks anywhere. */
      for (char *p = strstr (lower, noise[i]); p != NULL; p = strstr (p + 1, noise[i]))
        {
          if (noise[i][0] == '(' ||
              ((p == lower || !g_ascii_isalnum (p[-1])) && !g_ascii_isalnum (p[n])))
            memset (p, ' ', n);
        }
    }

  for (const char *p = lower; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, *p);
      else if (out->len > 0 && out->str[out->len - 1] != ' ')
        g_string_append_c (out, ' ');
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

/**
 * fit_catalog_find_device_by_name:
 * @self: a catalog
 * @name: a name as a driver reports it ("NVIDIA GeForce RTX 4090")
 *
 * Matches names case-insensitively, ignoring vendor words and punctuation;
 * failing an exact match, the longest catalog name contained in @name as
 * whole words ("RTX 4070 Ti" before "RTX 4070").
 *
 * Returns: (nullable): the entry
 */
const FitDevice *
fit_catalog_find_device_by_name (FitCatalog *self,
                                 const char *name)
{
  g_autofree char *wanted = NULL;
  g_autofree char *padded = NULL;
  const FitDevice *best = NULL;
  gsize best_len = 0;

  g_return_val_if_fail (self != NULL, NULL);

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return NULL;

  wanted = normalize_name (name);
  if (wanted[0] == '\0')
    return NULL;
  padded = g_strdup_printf (" %s ", wanted);

  for (guint i = 0; i < self->devices.merged->len; i++)
    {
      const FitDevice *device = g_ptr_array_index (self->devices.merged, i);
      g_autofree char *candidate = normalize_name (device->name);
      g_autofree char *needle = NULL;
      gsize len = strlen (candidate);

      if (len == 0)
        continue;
      if (g_str_equal (candidate, wanted))
        return device;

      needle = g_strdup_printf (" %s ", candidate);
      if (len > best_len && strstr (padded, needle) != NULL)
        {
          best = device;
          best_len = len;
        }
    }

  return best;
}
