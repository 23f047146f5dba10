/* fit-catalog-json.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-catalog"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "fit-catalog-private.h"

/* json-glib 1.6 is lax: it converts between value types on request, accepts
 * a second document after the first, keeps the last of two equal keys,
 * wraps integers beyond 2^63 and turns 1e400 into infinity. Everything here
 * checks types, ranges and finiteness itself. */

void
fit_json_issue_free (FitJsonIssue *issue)
{
  if (issue == NULL)
    return;

  for (guint i = 0; issue->steps != NULL && i < issue->steps->len; i++)
    g_free (g_array_index (issue->steps, FitJsonStep, i).member);
  g_clear_pointer (&issue->steps, g_array_unref);
  g_free (issue->message);
  g_free (issue);
}

void
fit_json_ctx_init (FitJsonCtx *ctx)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->steps = g_array_new (FALSE, FALSE, sizeof (FitJsonStep));
  ctx->warnings = g_ptr_array_new_with_free_func ((GDestroyNotify) fit_json_issue_free);
}

void
fit_json_ctx_clear (FitJsonCtx *ctx)
{
  g_clear_pointer (&ctx->steps, g_array_unref);
  g_clear_pointer (&ctx->error, fit_json_issue_free);
  g_clear_pointer (&ctx->warnings, g_ptr_array_unref);
}

void
fit_json_ctx_push_member (FitJsonCtx *ctx,
                          const char *member)
{
  FitJsonStep step = { (char *) member, 0 };

  g_array_append_val (ctx->steps, step);
}

void
fit_json_ctx_push_index (FitJsonCtx *ctx,
                         guint       index)
{
  FitJsonStep step = { NULL, index };

  g_array_append_val (ctx->steps, step);
}

void
fit_json_ctx_pop (FitJsonCtx *ctx)
{
  g_assert (ctx->steps->len > 0);
  g_array_set_size (ctx->steps, ctx->steps->len - 1);
}

static void
append_step (GString           *s,
             const FitJsonStep *step)
{
  if (step->member != NULL)
    {
      if (s->len > 0)
        g_string_append_c (s, '.');
      g_string_append (s, step->member);
    }
  else
    {
      g_string_append_printf (s, "[%u]", step->index);
    }
}

char *
fit_json_ctx_field_name (FitJsonCtx *ctx,
                         const char *member)
{
  GString *s = g_string_new (NULL);

  for (guint i = ctx->field_base; i < ctx->steps->len; i++)
    append_step (s, &g_array_index (ctx->steps, FitJsonStep, i));

  if (member != NULL)
    {
      FitJsonStep step = { (char *) member, 0 };

      append_step (s, &step);
    }

  return g_string_free (s, FALSE);
}

static FitJsonIssue *
issue_new (FitJsonCtx      *ctx,
           const char      *member,
           FitCatalogError  code,
           char            *message)
{
  FitJsonIssue *issue = g_new0 (FitJsonIssue, 1);

  issue->code = code;
  issue->message = message;
  issue->steps = g_array_sized_new (FALSE, FALSE, sizeof (FitJsonStep), ctx->steps->len + 1);

  for (guint i = 0; i < ctx->steps->len; i++)
    {
      FitJsonStep step = g_array_index (ctx->steps, FitJsonStep, i);

      step.member = g_strdup (step.member);
      g_array_append_val (issue->steps, step);
    }

  if (member != NULL)
    {
      FitJsonStep step = { g_strdup (member), 0 };

      g_array_append_val (issue->steps, step);
    }

  return issue;
}

/* Records the first error of the entry; always returns FALSE so that
 * readers can `return fit_json_ctx_fail (…)`. */
gboolean
fit_json_ctx_fail (FitJsonCtx      *ctx,
                   const char      *member,
                   FitCatalogError  code,
                   const char      *format,
                   ...)
{
  va_list args;
  char *message;

  if (ctx->error != NULL)
    return FALSE;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  ctx->error = issue_new (ctx, member, code, message);
  return FALSE;
}

void
fit_json_ctx_warn (FitJsonCtx *ctx,
                   const char *member,
                   const char *format,
                   ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (ctx->warnings, issue_new (ctx, member, 0, message));
}

const char *
fit_json_node_kind (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return _("null");
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _("an array");

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("true or false");
    case G_TYPE_INT64:
      return _("an integer");
    case G_TYPE_DOUBLE:
      return _("a number");
    default:
      return _("an unknown value");
    }
}

static gboolean
wrong_type (FitJsonCtx *ctx,
            const char *member,
            const char *expected,
            JsonNode   *node)
{
  g_autofree char *field = fit_json_ctx_field_name (ctx, member);

  /* Translators: "field “geometry.layers” must be an integer, not a string" */
  return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_TYPE,
                            _("field “%s” must be %s, not %s"),
                            field, expected, fit_json_node_kind (node));
}

/* Looks the member up. Returns FALSE on error; *out is NULL when an
 * optional member is absent or null. */
static gboolean
lookup (FitJsonCtx  *ctx,
        JsonObject  *obj,
        const char  *member,
        gboolean     required,
        JsonNode   **out)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *field = fit_json_ctx_field_name (ctx, member);

          return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_MISSING,
                                    _("required field “%s” is missing"), field);
        }
      return TRUE;
    }

  *out = node;
  return TRUE;
}

static gboolean
string_is_clean (const char *str)
{
  /* Names end up in terminals and PDF reports: no control characters
   * except newline and tab. */
  for (const guchar *p = (const guchar *) str; *p != '\0'; p++)
    {
      if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
        return FALSE;
    }
  return TRUE;
}

gboolean
fit_json_check_string_node (FitJsonCtx  *ctx,
                            JsonNode    *node,
                            const char  *member,
                            const char **out)
{
  const char *str;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (ctx, member, _("a string"), node);

  str = json_node_get_string (node);
  if (str == NULL || !g_utf8_validate (str, -1, NULL))
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_TYPE,
                                _("field “%s” is not valid UTF-8"), field);
    }

  if (!string_is_clean (str))
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                _("field “%s” contains control characters"), field);
    }

  *out = str;
  return TRUE;
}

gboolean
fit_json_get_string (FitJsonCtx  *ctx,
                     JsonObject  *obj,
                     const char  *member,
                     gboolean     required,
                     char       **out)
{
  JsonNode *node;
  const char *str;

  if (!lookup (ctx, obj, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!fit_json_check_string_node (ctx, node, member, &str))
    return FALSE;

  if (required && *str == '\0')
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                _("field “%s” is empty"), field);
    }

  g_free (*out);
  *out = g_strdup (str);
  return TRUE;
}

static gboolean
id_is_valid (const char *id)
{
  gsize len = strlen (id);

  if (len == 0 || len > 128 || !g_ascii_isalnum (id[0]))
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (id[i]) && strchr ("._+:@/-", id[i]) == NULL)
        return FALSE;
    }

  return TRUE;
}

gboolean
fit_json_get_id (FitJsonCtx  *ctx,
                 JsonObject  *obj,
                 const char  *member,
                 char       **out)
{
  g_autofree char *id = NULL;

  if (!fit_json_get_string (ctx, obj, member, TRUE, &id))
    return FALSE;

  if (!id_is_valid (id))
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                _("field “%s” is “%s”; expected up to 128 letters, digits and "
                                  "“._+:@/-”, starting with a letter or digit"),
                                field, id);
    }

  g_free (*out);
  *out = g_steal_pointer (&id);
  return TRUE;
}

/* Reads a JSON number as an integer. Integral doubles (1e3) are accepted;
 * json-glib turns integers beyond 2^63 into negative numbers, which the
 * range checks then refuse. */
static gboolean
node_get_integer (FitJsonCtx *ctx,
                  JsonNode   *node,
                  const char *member,
                  gint64     *out)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      if (!isfinite (d))
        return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                  _("field “%s” is not a finite number"), field);

      if (d != floor (d))
        return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_TYPE,
                                  _("field “%s” must be a whole number, not %g"), field, d);

      if (fabs (d) > 9007199254740992.0)
        return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                  _("field “%s” is too large (%g)"), field, d);

      *out = (gint64) d;
      return TRUE;
    }

  return wrong_type (ctx, member, _("an integer"), node);
}

gboolean
fit_json_check_uint_node (FitJsonCtx *ctx,
                          JsonNode   *node,
                          const char *member,
                          guint64     min,
                          guint64     max,
                          guint64    *out)
{
  gint64 v = 0;

  if (!node_get_integer (ctx, node, member, &v))
    return FALSE;

  if (v < 0 || (guint64) v < min || (guint64) v > max)
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      /* Translators: "field “layers” is 0; expected an integer from 1 to 1024" */
      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                _("field “%s” is %" PRId64 "; expected an integer from "
                                  "%" PRIu64 " to %" PRIu64),
                                field, (int64_t) v, (uint64_t) min, (uint64_t) max);
    }

  *out = (guint64) v;
  return TRUE;
}

gboolean
fit_json_get_uint (FitJsonCtx *ctx,
                   JsonObject *obj,
                   const char *member,
                   gboolean    required,
                   guint64     min,
                   guint64     max,
                   guint64    *out)
{
  JsonNode *node;

  if (!lookup (ctx, obj, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  return fit_json_check_uint_node (ctx, node, member, min, max, out);
}

gboolean
fit_json_get_uint32 (FitJsonCtx *ctx,
                     JsonObject *obj,
                     const char *member,
                     gboolean    required,
                     guint32     min,
                     guint32     max,
                     guint32    *out)
{
  guint64 v = *out;

  if (!fit_json_get_uint (ctx, obj, member, required, min, max, &v))
    return FALSE;

  *out = (guint32) v;
  return TRUE;
}

gboolean
fit_json_get_double (FitJsonCtx *ctx,
                     JsonObject *obj,
                     const char *member,
                     gboolean    required,
                     double      min,
                     double      max,
                     double     *out)
{
  JsonNode *node;
  double v;

  if (!lookup (ctx, obj, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_type (ctx, member, _("a number"), node);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      v = (double) json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      v = json_node_get_double (node);
      break;
    default:
      return wrong_type (ctx, member, _("a number"), node);
    }

  if (!isfinite (v))
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                _("field “%s” is not a finite number"), field);
    }

  if (v < min || v > max)
    {
      g_autofree char *field = fit_json_ctx_field_name (ctx, member);

      return fit_json_ctx_fail (ctx, member, FIT_CATALOG_ERROR_RANGE,
                                _("field “%s” is %g; expected a number from %g to %g"),
                                field, v, min, max);
    }

  *out = v;
  return TRUE;
}

gboolean
fit_json_get_bool (FitJsonCtx *ctx,
                   JsonObject *obj,
                   const char *member,
                   gboolean    required,
                   gboolean   *out)
{
  JsonNode *node;

  if (!lookup (ctx, obj, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (ctx, member, _("true or false"), node);

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
fit_json_get_object (FitJsonCtx  *ctx,
                     JsonObject  *obj,
                     const char  *member,
                     gboolean     required,
                     JsonObject **out)
{
  JsonNode *node;

  *out = NULL;
  if (!lookup (ctx, obj, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (ctx, member, _("an object"), node);

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
fit_json_get_array (FitJsonCtx  *ctx,
                    JsonObject  *obj,
                    const char  *member,
                    gboolean     required,
                    JsonArray  **out)
{
  JsonNode *node;

  *out = NULL;
  if (!lookup (ctx, obj, member, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (ctx, member, _("an array"), node);

  *out = json_node_get_array (node);
  return TRUE;
}

void
fit_json_check_members (FitJsonCtx         *ctx,
                        JsonObject         *obj,
                        const char *const  *known)
{
  JsonObjectIter iter;
  const char *name;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &name, NULL))
    {
      if (!g_strv_contains (known, name))
        {
          g_autofree char *field = fit_json_ctx_field_name (ctx, name);

          fit_json_ctx_warn (ctx, name, _("unknown field “%s” ignored"), field);
        }
    }
}

/* ------------------------------------------------------------------------
 * Documents and positions
 */

struct _FitJsonDoc
{
  JsonParser *parser;
  JsonObject *root;
  char       *data;          /* NUL-terminated copy */
  gsize       len;
  char       *filename;

  /* Recorded while parsing when strict, else by a second parse on demand. */
  FitJsonDoc *located;
  GHashTable *positions;     /* "%p" or "%p/member" or "%p[index]" -> packed line, col */
  GArray     *open;          /* positions of the containers being parsed */
  GHashTable *duplicates;    /* container -> Duplicate: the first member found twice in it */
};

#define PACK_POS(line, col)  (((guint64) (line) << 32) | (guint32) (col))
#define POS_LINE(pos)        ((guint) ((pos) >> 32))
#define POS_COL(pos)         ((guint) ((pos) & 0xffffffff))

void
fit_json_doc_free (FitJsonDoc *doc)
{
  if (doc == NULL)
    return;

  g_clear_object (&doc->parser);
  g_clear_pointer (&doc->located, fit_json_doc_free);
  g_clear_pointer (&doc->positions, g_hash_table_unref);
  g_clear_pointer (&doc->open, g_array_unref);
  g_clear_pointer (&doc->duplicates, g_hash_table_unref);
  g_free (doc->data);
  g_free (doc->filename);
  g_free (doc);
}

JsonObject *
fit_json_doc_get_root (FitJsonDoc *doc)
{
  return doc->root;
}

const char *
fit_json_doc_get_filename (FitJsonDoc *doc)
{
  return doc->filename;
}

static guint64
current_pos (JsonParser *parser)
{
  return PACK_POS (json_parser_get_current_line (parser), json_parser_get_current_pos (parser));
}

static void
remember (FitJsonDoc *doc,
          char       *key,
          guint64     pos)
{
  g_hash_table_insert (doc->positions, key, g_memdup2 (&pos, sizeof pos));
}

static void
on_container_start (JsonParser *parser,
                    FitJsonDoc *doc)
{
  guint64 pos = current_pos (parser);

  g_array_append_val (doc->open, pos);
}

static void
on_container_end (JsonParser *parser,
                  gpointer    container,
                  FitJsonDoc *doc)
{
  guint64 pos;

  g_assert (doc->open->len > 0);
  pos = g_array_index (doc->open, guint64, doc->open->len - 1);
  g_array_set_size (doc->open, doc->open->len - 1);
  remember (doc, g_strdup_printf ("%p", container), pos);
}

typedef struct
{
  char    *member;
  guint64  pos;
} Duplicate;

static void
duplicate_free (Duplicate *dup)
{
  g_free (dup->member);
  g_free (dup);
}

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  FitJsonDoc *doc)
{
  char *key = g_strdup_printf ("%p/%s", (gpointer) object, member);

  if (g_hash_table_contains (doc->positions, key) && !g_hash_table_contains (doc->duplicates, object))
    {
      Duplicate *dup = g_new0 (Duplicate, 1);

      dup->member = g_strdup (member);
      dup->pos = current_pos (parser);
      g_hash_table_insert (doc->duplicates, object, dup);
    }

  remember (doc, key, current_pos (parser));
}

static void
on_array_element (JsonParser *parser,
                  JsonArray  *array,
                  int         index,
                  FitJsonDoc *doc)
{
  remember (doc, g_strdup_printf ("%p[%d]", (gpointer) array, index), current_pos (parser));
}

static void
offset_to_position (const char *data,
                    gsize       offset,
                    guint      *line,
                    guint      *column)
{
  gsize line_start = 0;

  *line = 1;
  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          (*line)++;
          line_start = i + 1;
        }
    }
  *column = offset - line_start + 1;
}

static gboolean
prescan_error (const char  *data,
               const char  *p,
               const char  *filename,
               GError     **error,
               const char  *message)
{
  guint line, column;

  offset_to_position (data, p - data, &line, &column);
  g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_PARSE,
               "%s:%u:%u: %s", filename, line, column, message);
  return FALSE;
}

/* Refuses what json-glib would crash on or let through: nesting deeper
 * than FIT_JSON_MAX_DEPTH, NUL bytes, and anything after the top-level
 * value. Syntax errors are left to json-glib, which reports them with their
 * position. strcspn() keeps this fast on long card prose. */
static gboolean
prescan (const char  *data,
         gsize        len,
         const char  *filename,
         GError     **error)
{
  const char *p = data;
  const char *end = data + len;
  int depth = 0;

  while (p < end)
    {
      p += strcspn (p, "{}[]\"");
      if (p >= end)
        break;

      switch (*p)
        {
        case '\0':
          return prescan_error (data, p, filename, error, _("the file contains a NUL byte"));

        case '"':
          for (p++; p < end;)
            {
              p += strcspn (p, "\"\\");
              if (p >= end)
                break;
              if (*p == '\0')
                return prescan_error (data, p, filename, error, _("the file contains a NUL byte"));
              if (*p == '\\')
                {
                  p += 2;
                  continue;
                }
              break;
            }
          if (p >= end || *p != '"')
            return TRUE;  /* unterminated string: json-glib reports it */
          p++;
          break;

        case '{':
        case '[':
          if (++depth > FIT_JSON_MAX_DEPTH)
            return prescan_error (data, p, filename, error,
                                  _("nesting is too deep"));
          p++;
          break;

        case '}':
        case ']':
          p++;
          if (--depth == 0)
            {
              for (; p < end; p++)
                {
                  if (!g_ascii_isspace (*p))
                    return prescan_error (data, p, filename, error,
                                          _("unexpected data after the end of the document"));
                }
            }
          else if (depth < 0)
            {
              return TRUE;  /* unbalanced: json-glib reports it */
            }
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

static FitJsonDoc *
doc_parse_internal (char        *data,
                    gsize        len,
                    const char  *filename,
                    gboolean     track,
                    gboolean     reject_duplicates,
                    GError     **error)
{
  g_autoptr(FitJsonDoc) doc = g_new0 (FitJsonDoc, 1);
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  doc->data = data;
  doc->len = len;
  doc->filename = g_strdup (filename);

  if (!prescan (doc->data, doc->len, filename, error))
    return NULL;

  doc->parser = json_parser_new ();

  if (track)
    {
      doc->positions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      doc->open = g_array_new (FALSE, FALSE, sizeof (guint64));
      doc->duplicates = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) duplicate_free);
      g_signal_connect (doc->parser, "object-start", G_CALLBACK (on_container_start), doc);
      g_signal_connect (doc->parser, "array-start", G_CALLBACK (on_container_start), doc);
      g_signal_connect (doc->parser, "object-end", G_CALLBACK (on_container_end), doc);
      g_signal_connect (doc->parser, "array-end", G_CALLBACK (on_container_end), doc);
      g_signal_connect (doc->parser, "object-member", G_CALLBACK (on_object_member), doc);
      g_signal_connect (doc->parser, "array-element", G_CALLBACK (on_array_element), doc);
    }

  if (!json_parser_load_from_data (doc->parser, doc->data, doc->len, &local_error))
    {
      const char *msg = local_error->message;
      const char *bad;

      /* json-glib names the input "<data>"; put the file name there. */
      if (g_str_has_prefix (msg, "<data>:"))
        g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_PARSE,
                     "%s:%s", filename, msg + strlen ("<data>:"));
      else if (!g_utf8_validate (doc->data, doc->len, &bad))
        prescan_error (doc->data, bad, filename, error, _("the file is not valid UTF-8"));
      else
        g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_PARSE,
                     "%s:1:1: %s", filename, msg);
      return NULL;
    }

  if (track)
    {
      /* The handlers must not outlive this call's view of @doc. */
      g_signal_handlers_disconnect_by_data (doc->parser, doc);
    }

  root = json_parser_get_root (doc->parser);
  if (root == NULL)
    {
      g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_PARSE,
                   _("%s:1:1: the file is empty"), filename);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_TYPE,
                   _("%s:1:1: the document must be an object, not %s"),
                   filename, fit_json_node_kind (root));
      return NULL;
    }

  /* A key twice at the top is the file's problem; deeper ones belong to an
   * entry, see fit_json_doc_find_duplicate(). */
  if (reject_duplicates)
    {
      Duplicate *dup = g_hash_table_lookup (doc->duplicates, json_node_get_object (root));

      if (dup != NULL)
        {
          g_set_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_DUPLICATE,
                       _("%s:%u:%u: field “%s” appears twice in the same object"),
                       filename, POS_LINE (dup->pos), POS_COL (dup->pos), dup->member);
          return NULL;
        }
    }

  doc->root = json_node_get_object (root);
  return g_steal_pointer (&doc);
}

FitJsonDoc *
fit_json_doc_parse (const char  *data,
                    gsize        len,
                    const char  *filename,
                    gboolean     strict,
                    GError     **error)
{
  char *copy;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (filename != NULL, NULL);

  /* A private NUL-terminated copy: callers may hand us a buffer without a
   * terminator, and positions are looked up again from it later. */
  copy = g_malloc (len + 1);
  if (len > 0)
    memcpy (copy, data, len);
  copy[len] = '\0';

  return doc_parse_internal (copy, len, filename, strict, strict, error);
}

static gboolean
lookup_pos (FitJsonDoc *doc,
            char       *key,
            guint64    *pos)
{
  guint64 *found = g_hash_table_lookup (doc->positions, key);

  g_free (key);
  if (found == NULL)
    return FALSE;
  *pos = *found;
  return TRUE;
}

void
fit_json_doc_locate (FitJsonDoc *doc,
                     GArray     *steps,
                     guint      *line,
                     guint      *column)
{
  FitJsonDoc *located = doc;
  JsonNode *node;
  guint64 pos = PACK_POS (1, 1);

  *line = 1;
  *column = 1;

  if (doc->positions == NULL)
    {
      if (doc->located == NULL)
        {
          char *copy = g_memdup2 (doc->data, doc->len + 1);

          doc->located = doc_parse_internal (copy, doc->len, doc->filename, TRUE, FALSE, NULL);
          if (doc->located == NULL)
            return;
        }
      located = doc->located;
    }

  node = json_parser_get_root (located->parser);
  lookup_pos (located, g_strdup_printf ("%p", (gpointer) json_node_get_object (node)), &pos);

  for (guint i = 0; steps != NULL && i < steps->len; i++)
    {
      const FitJsonStep *step = &g_array_index (steps, FitJsonStep, i);
      JsonNode *child = NULL;

      if (step->member != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *obj = json_node_get_object (node);

          child = json_object_get_member (obj, step->member);
          if (child != NULL)
            lookup_pos (located, g_strdup_printf ("%p/%s", (gpointer) obj, step->member), &pos);
        }
      else if (step->member == NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);

          if (step->index < json_array_get_length (array))
            {
              child = json_array_get_element (array, step->index);
              lookup_pos (located, g_strdup_printf ("%p[%u]", (gpointer) array, step->index), &pos);
            }
        }

      if (child == NULL)
        break;

      /* A container is best shown where it starts, a scalar where it ends. */
      if (JSON_NODE_HOLDS_OBJECT (child))
        lookup_pos (located, g_strdup_printf ("%p", (gpointer) json_node_get_object (child)), &pos);
      else if (JSON_NODE_HOLDS_ARRAY (child))
        lookup_pos (located, g_strdup_printf ("%p", (gpointer) json_node_get_array (child)), &pos);

      node = child;
    }

  *line = MAX (POS_LINE (pos), 1);
  *column = MAX (POS_COL (pos), 1);
}

char *
fit_json_doc_format_issue (FitJsonDoc         *doc,
                           const FitJsonIssue *issue,
                           const char         *prefix)
{
  guint line = issue->line, column = issue->column;

  if (line == 0)
    fit_json_doc_locate (doc, issue->steps, &line, &column);

  if (prefix != NULL)
    return g_strdup_printf ("%s:%u:%u: %s: %s", doc->filename, line, column, prefix, issue->message);
  else
    return g_strdup_printf ("%s:%u:%u: %s", doc->filename, line, column, issue->message);
}

const char *
fit_json_peek_id (JsonObject *obj)
{
  JsonNode *node = json_object_get_member (obj, "id");
  const char *id;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  id = json_node_get_string (node);
  if (id == NULL || !g_utf8_validate (id, -1, NULL) || !id_is_valid (id))
    return NULL;

  return id;
}

/**
 * fit_json_doc_find_duplicate:
 * @doc: a document parsed with @strict
 * @node: where to look, recursively
 * @line: (out): the line of the second occurrence
 * @column: (out): its column
 *
 * Returns: (nullable): the first member given twice in one object inside
 *   @node, or %NULL (always %NULL for a document parsed without @strict)
 */
const char *
fit_json_doc_find_duplicate (FitJsonDoc *doc,
                             JsonNode   *node,
                             guint      *line,
                             guint      *column)
{
  const char *found = NULL;

  if (doc->duplicates == NULL || g_hash_table_size (doc->duplicates) == 0)
    return NULL;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      Duplicate *dup = g_hash_table_lookup (doc->duplicates, obj);
      JsonObjectIter iter;
      JsonNode *child;

      if (dup != NULL)
        {
          *line = POS_LINE (dup->pos);
          *column = POS_COL (dup->pos);
          return dup->member;
        }

      json_object_iter_init (&iter, obj);
      while (found == NULL && json_object_iter_next (&iter, NULL, &child))
        found = fit_json_doc_find_duplicate (doc, child, line, column);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; found == NULL && i < json_array_get_length (array); i++)
        found = fit_json_doc_find_duplicate (doc, json_array_get_element (array, i), line, column);
    }

  return found;
}
