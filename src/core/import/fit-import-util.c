/* fit-import-util.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-import"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fit-import-private.h"

G_DEFINE_QUARK (fit-import-error-quark, fit_import_error)

void
fit_import_set_error_at (GError        **error,
                         FitImportError  code,
                         const char     *file,
                         guint64         offset,
                         const char     *format,
                         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "model.gguf: byte 1234: the file ends in the middle of …" */
  g_set_error (error, FIT_IMPORT_ERROR, code, _("%s: byte %" PRIu64 ": %s"),
               file, offset, message);
}

void
fit_import_set_error (GError        **error,
                      FitImportError  code,
                      const char     *file,
                      const char     *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "config.json: the field “hidden_size” must be …" */
  g_set_error (error, FIT_IMPORT_ERROR, code, _("%s: %s"), file, message);
}

/* json-glib accepts several top-level values, duplicate keys and unbounded
 * nesting (its parser recurses). These signals catch the first two while it
 * parses; nesting is bounded by a scan before parsing. */
typedef struct
{
  GArray  *member_counts;  /* per open object */
  guint    depth;
  guint    roots;
  char    *duplicate;
} StrictState;

static void
on_object_start (JsonParser *parser,
                 gpointer    user_data)
{
  StrictState *state = user_data;
  guint zero = 0;

  g_array_append_val (state->member_counts, zero);
  state->depth++;
}

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *name,
                  gpointer    user_data)
{
  StrictState *state = user_data;
  guint *count;

  if (state->member_counts->len == 0)
    return;

  count = &g_array_index (state->member_counts, guint, state->member_counts->len - 1);
  (*count)++;

  /* A repeated name replaces the member, so the object stops growing. */
  if (json_object_get_size (object) < *count && state->duplicate == NULL)
    state->duplicate = g_strdup (name);
}

static void
on_object_end (JsonParser *parser,
               JsonObject *object,
               gpointer    user_data)
{
  StrictState *state = user_data;

  if (state->member_counts->len > 0)
    g_array_set_size (state->member_counts, state->member_counts->len - 1);
  if (state->depth > 0 && --state->depth == 0)
    state->roots++;
}

static void
on_array_start (JsonParser *parser,
                gpointer    user_data)
{
  StrictState *state = user_data;

  state->depth++;
}

static void
on_array_end (JsonParser *parser,
              JsonArray  *array,
              gpointer    user_data)
{
  StrictState *state = user_data;

  if (state->depth > 0 && --state->depth == 0)
    state->roots++;
}

/* The deepest nesting of brackets outside strings. */
static guint
json_max_depth (const char *data,
                gsize       length)
{
  gboolean in_string = FALSE;
  guint depth = 0, max = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          depth++;
          max = MAX (max, depth);
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return max;
}

JsonNode *
fit_import_json_parse (const char  *data,
                       gsize        length,
                       const char  *file,
                       GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  StrictState state = { 0 };
  JsonNode *root;
  gboolean ok;

  if (length > G_MAXSSIZE)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, file, _("the JSON text is too large"));
      return NULL;
    }

  if (json_max_depth (data, length) > FIT_IMPORT_MAX_JSON_DEPTH)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, file,
                            _("the JSON text nests more than %u levels deep"),
                            FIT_IMPORT_MAX_JSON_DEPTH);
      return NULL;
    }

  /* json-glib stops at the first NUL; a NUL inside the text is garbage. */
  if (memchr (data, '\0', length) != NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the JSON text contains a NUL byte"));
      return NULL;
    }

  parser = json_parser_new ();
  state.member_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (parser, "object-start", G_CALLBACK (on_object_start), &state);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &state);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), &state);
  g_signal_connect (parser, "array-start", G_CALLBACK (on_array_start), &state);
  g_signal_connect (parser, "array-end", G_CALLBACK (on_array_end), &state);

  ok = json_parser_load_from_data (parser, data, (gssize) length, &local_error);
  g_array_unref (state.member_counts);

  if (!ok)
    {
      g_free (state.duplicate);
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file, _("invalid JSON: %s"),
                            local_error->message);
      return NULL;
    }

  if (state.duplicate != NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the key “%s” appears twice in one object"), state.duplicate);
      g_free (state.duplicate);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file, _("the file is empty"));
      return NULL;
    }

  if (state.roots > 1)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the file holds more than one JSON value"));
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the JSON text is not an object"));
      return NULL;
    }

  return json_node_ref (root);
}

static const char *
node_kind (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return _("null");
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return _("a number");
    default:
      return _("a value");
    }
}

gboolean
fit_import_json_node_uint (JsonNode    *node,
                           const char  *file,
                           const char  *field,
                           guint64      max,
                           guint64     *out,
                           GError     **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  if (type == G_TYPE_INT64)
    {
      gint64 v = json_node_get_int (node);

      /* json-glib turns integers above G_MAXINT64 into negative ones. */
      if (v < 0 || (guint64) v > max)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, file,
                                _("the field “%s” is %" PRId64 "; it must be a whole "
                                  "number from 0 to %" PRIu64),
                                field, v, max);
          return FALSE;
        }

      *out = (guint64) v;
      return TRUE;
    }

  if (type == G_TYPE_DOUBLE)
    {
      double v = json_node_get_double (node);

      if (!isfinite (v) || v < 0 || v > (double) max || v != floor (v))
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, file,
                                _("the field “%s” is %g; it must be a whole number from 0 "
                                  "to %" PRIu64),
                                field, v, max);
          return FALSE;
        }

      *out = (guint64) v;
      return TRUE;
    }

  fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                        _("the field “%s” is %s, not a number"), field, node_kind (node));
  return FALSE;
}

static JsonNode *
get_member (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  return node;
}

gboolean
fit_import_json_get_uint (JsonObject  *object,
                          const char  *member,
                          const char  *file,
                          const char  *field,
                          guint64      max,
                          guint64     *out,
                          gboolean    *found,
                          GError     **error)
{
  JsonNode *node = get_member (object, member);

  *found = FALSE;
  if (node == NULL)
    return TRUE;

  if (!fit_import_json_node_uint (node, file, field, max, out, error))
    return FALSE;

  *found = TRUE;
  return TRUE;
}

gboolean
fit_import_json_get_double (JsonObject  *object,
                            const char  *member,
                            const char  *file,
                            const char  *field,
                            double      *out,
                            gboolean    *found,
                            GError     **error)
{
  JsonNode *node = get_member (object, member);
  GType type;
  double v;

  *found = FALSE;
  if (node == NULL)
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the field “%s” is %s, not a number"), field, node_kind (node));
      return FALSE;
    }

  v = json_node_get_double (node);
  if (!isfinite (v))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, file,
                            _("the field “%s” is not a finite number"), field);
      return FALSE;
    }

  *out = v;
  *found = TRUE;
  return TRUE;
}

gboolean
fit_import_json_get_bool (JsonObject  *object,
                          const char  *member,
                          const char  *file,
                          const char  *field,
                          gboolean    *out,
                          gboolean    *found,
                          GError     **error)
{
  JsonNode *node = get_member (object, member);

  *found = FALSE;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the field “%s” is %s, not true or false"), field,
                            node_kind (node));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  *found = TRUE;
  return TRUE;
}

gboolean
fit_import_json_get_string (JsonObject   *object,
                            const char   *member,
                            const char   *file,
                            const char   *field,
                            const char  **out,
                            GError      **error)
{
  JsonNode *node = get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the field “%s” is %s, not a string"), field, node_kind (node));
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
fit_import_json_get_object (JsonObject   *object,
                            const char   *member,
                            const char   *file,
                            const char   *field,
                            JsonObject  **out,
                            GError      **error)
{
  JsonNode *node = get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the field “%s” is %s, not an object"), field, node_kind (node));
      return FALSE;
    }

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
fit_import_json_get_array (JsonObject  *object,
                           const char  *member,
                           const char  *file,
                           const char  *field,
                           JsonArray  **out,
                           GError     **error)
{
  JsonNode *node = get_member (object, member);

  *out = NULL;
  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the field “%s” is %s, not an array"), field, node_kind (node));
      return FALSE;
    }

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
fit_import_read_file (const char  *path,
                      guint64      max_size,
                      char       **contents,
                      gsize       *length,
                      GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *buf = NULL;
  struct stat st;
  gsize done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      fit_import_set_error (error, saved_errno == ENOENT ? FIT_IMPORT_ERROR_MISSING
                                                         : FIT_IMPORT_ERROR_IO,
                            display, _("cannot open: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_IO, display, _("not a regular file"));
      close (fd);
      return FALSE;
    }

  if ((guint64) st.st_size > max_size)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, display,
                            _("the file is %" PRIu64 " bytes long, more than the "
                              "limit of %" PRIu64 " bytes"),
                            (guint64) st.st_size, max_size);
      close (fd);
      return FALSE;
    }

  buf = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      ssize_t got = read (fd, buf + done, (gsize) st.st_size - done);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          int saved_errno = got < 0 ? errno : 0;

          if (got < 0)
            fit_import_set_error (error, FIT_IMPORT_ERROR_IO, display, _("cannot read: %s"),
                                  g_strerror (saved_errno));
          else
            fit_import_set_error (error, FIT_IMPORT_ERROR_TRUNCATED, display,
                                  _("the file ended while it was being read"));
          close (fd);
          return FALSE;
        }
      done += (gsize) got;
    }
  buf[done] = '\0';
  close (fd);

  *contents = g_steal_pointer (&buf);
  *length = done;
  return TRUE;
}

GHashTable *
fit_import_type_bytes_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
fit_import_add_type_bytes (GHashTable *table,
                           const char *type_name,
                           guint64     bytes)
{
  guint64 *value;

  if (table == NULL)
    return;

  value = g_hash_table_lookup (table, type_name);
  if (value == NULL)
    {
      value = g_new0 (guint64, 1);
      g_hash_table_insert (table, g_strdup (type_name), value);
    }

  if (!g_uint64_checked_add (value, *value, bytes))
    *value = G_MAXUINT64;
}

char *
fit_import_make_id (const char *name)
{
  GString *id = g_string_new (NULL);
  gboolean dash = FALSE;

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_isalnum (c) || c == '.')
        {
          if (dash && id->len > 0)
            g_string_append_c (id, '-');
          g_string_append_c (id, c);
          dash = FALSE;
        }
      else
        {
          dash = TRUE;
        }

      if (id->len >= 96)
        break;
    }

  if (id->len == 0)
    g_string_append (id, "imported-model");

  return g_string_free (id, FALSE);
}
