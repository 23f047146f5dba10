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

/* json-glib accepts duplicate keys; this catches them while it parses. A
 * repeated name replaces the member, so the object stops growing. */
typedef struct
{
  GArray *member_counts;  /* per open object */
  char   *duplicate;
} StrictState;

static void
on_object_start (JsonParser *parser,
                 gpointer    user_data)
{
  StrictState *state = user_data;
  guint zero = 0;

  g_array_append_val (state->member_counts, zero);
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
}

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE,  /* after '[' */
  EXPECT_KEY,             /* after ',' in an object */
  EXPECT_KEY_OR_CLOSE,    /* after '{' */
  EXPECT_COLON,
  EXPECT_NEXT,            /* after a value */
} JsonExpect;

static gboolean
scan_string (const char  *data,
             gsize        length,
             gsize       *i,
             const char **what)
{
  gsize p = *i + 1;

  while (p < length)
    {
      guchar c = (guchar) data[p];

      if (c == '"')
        {
          *i = p + 1;
          return TRUE;
        }
      if (c < 0x20)
        {
          *i = p;
          *what = _("a control character inside a string");
          return FALSE;
        }
      if (c == '\\')
        {
          if (p + 1 >= length)
            break;
          c = (guchar) data[p + 1];
          if (c == 'u')
            {
              for (guint k = 2; k < 6; k++)
                {
                  if (p + k >= length || !g_ascii_isxdigit (data[p + k]))
                    {
                      *i = p;
                      *what = _("a bad \\u escape");
                      return FALSE;
                    }
                }
              p += 6;
              continue;
            }
          if (strchr ("\"\\/bfnrt", c) == NULL || c == '\0')
            {
              *i = p;
              *what = _("a bad escape");
              return FALSE;
            }
          p += 2;
          continue;
        }
      p++;
    }

  *i = length;
  *what = _("an unterminated string");
  return FALSE;
}

static gboolean
scan_number (const char *data,
             gsize       length,
             gsize      *i)
{
  gsize p = *i;

#define DIGIT(q) ((q) < length && g_ascii_isdigit (data[q]))
  if (p < length && data[p] == '-')
    p++;
  if (!DIGIT (p))
    return FALSE;
  if (data[p] == '0')
    p++;
  else
    while (DIGIT (p))
      p++;
  if (p < length && data[p] == '.')
    {
      p++;
      if (!DIGIT (p))
        return FALSE;
      while (DIGIT (p))
        p++;
    }
  if (p < length && (data[p] == 'e' || data[p] == 'E'))
    {
      p++;
      if (p < length && (data[p] == '+' || data[p] == '-'))
        p++;
      if (!DIGIT (p))
        return FALSE;
      while (DIGIT (p))
        p++;
    }
#undef DIGIT

  *i = p;
  return TRUE;
}

/* A strict, non-recursive check of RFC 8259 syntax: one value, bounded
 * nesting, nothing after it. json-glib is only given text that passes,
 * because it accepts trailing values, recurses without limit and leaks
 * on some of its own error paths. */
static gboolean
json_check_syntax (const char  *data,
                   gsize        length,
                   gsize       *error_at,
                   const char **what,
                   gboolean    *too_deep)
{
  char stack[FIT_IMPORT_MAX_JSON_DEPTH];
  JsonExpect expect = EXPECT_VALUE;
  guint depth = 0;
  gsize i = 0;

  *too_deep = FALSE;

  for (;;)
    {
      char c;

      while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' ||
                            data[i] == '\r'))
        i++;
      if (i >= length)
        break;

      c = data[i];
      *error_at = i;

      switch (expect)
        {
        case EXPECT_VALUE_OR_CLOSE:
          if (c == ']')
            {
              depth--;
              i++;
              expect = EXPECT_NEXT;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
          if (c == '{' || c == '[')
            {
              if (depth >= FIT_IMPORT_MAX_JSON_DEPTH)
                {
                  *too_deep = TRUE;
                  return FALSE;
                }
              stack[depth++] = c;
              i++;
              expect = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
            }
          else if (c == '"')
            {
              if (!scan_string (data, length, &i, what))
                {
                  *error_at = i;
                  return FALSE;
                }
              expect = EXPECT_NEXT;
            }
          else if (c == '-' || g_ascii_isdigit (c))
            {
              if (!scan_number (data, length, &i))
                {
                  *what = _("a malformed number");
                  return FALSE;
                }
              expect = EXPECT_NEXT;
            }
          else if (length - i >= 4 && (strncmp (data + i, "true", 4) == 0 ||
                                       strncmp (data + i, "null", 4) == 0))
            {
              i += 4;
              expect = EXPECT_NEXT;
            }
          else if (length - i >= 5 && strncmp (data + i, "false", 5) == 0)
            {
              i += 5;
              expect = EXPECT_NEXT;
            }
          else
            {
              *what = _("something that is not a value");
              return FALSE;
            }
          break;

        case EXPECT_KEY_OR_CLOSE:
          if (c == '}')
            {
              depth--;
              i++;
              expect = EXPECT_NEXT;
              break;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_KEY:
          if (c != '"')
            {
              *what = _("something that is not a member name");
              return FALSE;
            }
          if (!scan_string (data, length, &i, what))
            {
              *error_at = i;
              return FALSE;
            }
          expect = EXPECT_COLON;
          break;

        case EXPECT_COLON:
          if (c != ':')
            {
              *what = _("a missing “:”");
              return FALSE;
            }
          i++;
          expect = EXPECT_VALUE;
          break;

        case EXPECT_NEXT:
        default:
          if (depth == 0)
            {
              *what = _("more text after the end of the JSON value");
              return FALSE;
            }
          if (c == ',')
            {
              i++;
              expect = stack[depth - 1] == '{' ? EXPECT_KEY : EXPECT_VALUE;
            }
          else if ((c == '}' && stack[depth - 1] == '{') || (c == ']' && stack[depth - 1] == '['))
            {
              depth--;
              i++;
            }
          else
            {
              *what = _("a missing “,” or closing bracket");
              return FALSE;
            }
          break;
        }
    }

  *error_at = length;
  if (expect == EXPECT_VALUE && depth == 0)
    {
      *what = _("no JSON value at all");
      return FALSE;
    }
  if (expect != EXPECT_NEXT || depth > 0)
    {
      *what = _("the end of the text inside a value");
      return FALSE;
    }

  return TRUE;
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
  const char *what = NULL;
  gboolean too_deep;
  gsize error_at = 0;
  JsonNode *root;
  gboolean ok;

  if (length > G_MAXSSIZE)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, file, _("the JSON text is too large"));
      return NULL;
    }

  if (memchr (data, '\0', length) != NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the JSON text contains a NUL byte"));
      return NULL;
    }

  if (!g_utf8_validate (data, (gssize) length, NULL))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("the JSON text is not valid UTF-8"));
      return NULL;
    }

  if (!json_check_syntax (data, length, &error_at, &what, &too_deep))
    {
      guint line = 1, column = 1;

      if (too_deep)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, file,
                                _("the JSON text nests more than %u levels deep"),
                                FIT_IMPORT_MAX_JSON_DEPTH);
          return NULL;
        }

      for (gsize k = 0; k < error_at && k < length; k++)
        {
          if (data[k] == '\n')
            {
              line++;
              column = 1;
            }
          else if (((guchar) data[k] & 0xc0) != 0x80)
            {
              column++;
            }
        }

      /* TRANSLATORS: "invalid JSON at line 3, column 7: a missing “:”" */
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, file,
                            _("invalid JSON at line %u, column %u: %s"), line, column, what);
      return NULL;
    }

  parser = json_parser_new ();
  state.member_counts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect (parser, "object-start", G_CALLBACK (on_object_start), &state);
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &state);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), &state);

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
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
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

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
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
