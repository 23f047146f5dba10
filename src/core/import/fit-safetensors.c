/* fit-safetensors.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-safetensors"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fit-import-private.h"
#include "fit-safetensors.h"

static const struct
{
  const char *name;
  guint       bits;
} dtypes[] = {
  { "BOOL",     8 },
  { "U8",       8 },
  { "I8",       8 },
  { "F8_E5M2",  8 },
  { "F8_E4M3",  8 },
  { "F8_E8M0",  8 },
  { "I16",      16 },
  { "U16",      16 },
  { "F16",      16 },
  { "BF16",     16 },
  { "I32",      32 },
  { "U32",      32 },
  { "F32",      32 },
  { "I64",      64 },
  { "U64",      64 },
  { "F64",      64 },
  { "C64",      64 },
  { "F4",       4 },
  { "F6_E2M3",  6 },
  { "F6_E3M2",  6 },
};

guint
fit_safetensors_dtype_bits (const char *dtype)
{
  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    if (g_strcmp0 (dtype, dtypes[i].name) == 0)
      return dtypes[i].bits;

  return 0;
}

void
fit_safetensors_free (FitSafetensors *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->n_tensors; i++)
    {
      g_free (self->tensors[i].name);
      g_free (self->tensors[i].dtype);
    }
  g_free (self->tensors);
  g_free (self->name);
  g_free (self);
}

static gboolean
parse_tensor (FitSafetensors        *self,
              const char            *tensor_name,
              JsonNode              *node,
              guint64                data_size,
              FitSafetensorsTensor  *t,
              GError               **error)
{
  g_autofree char *field = NULL;
  JsonObject *object;
  JsonArray *shape, *offsets;
  const char *dtype;
  guint64 bits, bytes;

  t->name = g_strdup (tensor_name);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, self->name,
                            _("the entry of tensor “%s” is not an object"), tensor_name);
      return FALSE;
    }
  object = json_node_get_object (node);

  field = g_strdup_printf ("%s.dtype", tensor_name);
  if (!fit_import_json_get_string (object, "dtype", self->name, field, &dtype, error))
    return FALSE;
  if (dtype == NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, self->name,
                            _("tensor “%s” has no dtype"), tensor_name);
      return FALSE;
    }

  t->bits = fit_safetensors_dtype_bits (dtype);
  if (t->bits == 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_UNSUPPORTED, self->name,
                            _("tensor “%s” has the unknown dtype “%s”"), tensor_name, dtype);
      return FALSE;
    }
  t->dtype = g_strdup (dtype);

  g_free (field);
  field = g_strdup_printf ("%s.shape", tensor_name);
  if (!fit_import_json_get_array (object, "shape", self->name, field, &shape, error))
    return FALSE;
  if (shape == NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, self->name,
                            _("tensor “%s” has no shape"), tensor_name);
      return FALSE;
    }

  if (json_array_get_length (shape) > FIT_SAFETENSORS_MAX_DIMS)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, self->name,
                            _("tensor “%s” has %u dimensions, more than %d"), tensor_name,
                            json_array_get_length (shape), FIT_SAFETENSORS_MAX_DIMS);
      return FALSE;
    }

  t->n_dims = json_array_get_length (shape);
  t->n_elements = 1;
  for (guint d = 0; d < t->n_dims; d++)
    {
      if (!fit_import_json_node_uint (json_array_get_element (shape, d), self->name, field,
                                      FIT_IMPORT_MAX_DIM, &t->shape[d], error))
        return FALSE;

      if (!g_uint64_checked_mul (&t->n_elements, t->n_elements, t->shape[d]) ||
          t->n_elements > (guint64) G_MAXINT64)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, self->name,
                                _("the element count of tensor “%s” overflows"), tensor_name);
          return FALSE;
        }
    }

  g_free (field);
  field = g_strdup_printf ("%s.data_offsets", tensor_name);
  if (!fit_import_json_get_array (object, "data_offsets", self->name, field, &offsets, error))
    return FALSE;
  if (offsets == NULL || json_array_get_length (offsets) != 2)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, self->name,
                            _("tensor “%s” needs data_offsets: [begin, end]"), tensor_name);
      return FALSE;
    }

  if (!fit_import_json_node_uint (json_array_get_element (offsets, 0), self->name, field,
                                  G_MAXINT64, &t->begin, error) ||
      !fit_import_json_node_uint (json_array_get_element (offsets, 1), self->name, field,
                                  G_MAXINT64, &t->end, error))
    return FALSE;

  if (t->end < t->begin)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, self->name,
                            _("tensor “%s” ends (%" PRIu64 ") before it begins (%" PRIu64 ")"),
                            tensor_name, t->end, t->begin);
      return FALSE;
    }

  if (t->end > data_size)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_TRUNCATED, self->name,
                            _("the data of tensor “%s” ends at byte %" PRIu64
                              " of the data section, past the end of the file (%" PRIu64
                              " bytes of data)"),
                            tensor_name, t->end, data_size);
      return FALSE;
    }

  /* Sub-byte dtypes must fill whole bytes. n_elements < 2^63 and bits ≤ 64,
   * so the product is checked rather than assumed. */
  if (!g_uint64_checked_mul (&bits, t->n_elements, t->bits) || bits % 8 != 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, self->name,
                            _("tensor “%s” does not fill a whole number of bytes"), tensor_name);
      return FALSE;
    }
  bytes = bits / 8;

  if (bytes != t->end - t->begin)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_INCONSISTENT, self->name,
                            _("tensor “%s” is %" PRIu64 " elements of %s (%" PRIu64 " bytes), "
                              "but its data_offsets span %" PRIu64 " bytes"),
                            tensor_name, t->n_elements, dtype, bytes, t->end - t->begin);
      return FALSE;
    }

  return TRUE;
}

static int
compare_by_begin (gconstpointer a,
                  gconstpointer b)
{
  const FitSafetensorsTensor *ta = *(const FitSafetensorsTensor * const *) a;
  const FitSafetensorsTensor *tb = *(const FitSafetensorsTensor * const *) b;

  if (ta->begin != tb->begin)
    return ta->begin < tb->begin ? -1 : 1;
  if (ta->end != tb->end)
    return ta->end < tb->end ? -1 : 1;
  return 0;
}

/**
 * fit_safetensors_parse_header:
 * @json: the JSON header
 * @length: its length
 * @file_size: the size of the whole file
 * @name: the file name used in messages
 * @error: return location for a #FIT_IMPORT_ERROR
 *
 * Validates a safetensors header: known dtypes, shapes whose size matches
 * their data_offsets, offsets inside the file that do not overlap.
 *
 * Returns: (transfer full) (nullable): the tensors
 */
FitSafetensors *
fit_safetensors_parse_header (const char  *json,
                              gsize        length,
                              guint64      file_size,
                              const char  *name,
                              GError     **error)
{
  g_autoptr(FitSafetensors) self = g_new0 (FitSafetensors, 1);
  g_autoptr(JsonNode) root = NULL;
  g_autofree FitSafetensorsTensor **sorted = NULL;
  JsonObjectIter iter;
  JsonObject *object;
  const char *member;
  JsonNode *node;
  guint64 data_size;
  guint n = 0;

  g_return_val_if_fail (json != NULL || length == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self->name = g_strdup (name);
  self->file_size = file_size;
  self->header_size = length;

  if (file_size < 8 || length > file_size - 8)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_TRUNCATED, name,
                            _("the header does not fit in the file"));
      return NULL;
    }
  data_size = file_size - 8 - length;

  root = fit_import_json_parse (json != NULL ? json : "", length, name, error);
  if (root == NULL)
    return NULL;

  object = json_node_get_object (root);
  if (json_object_get_size (object) > FIT_IMPORT_MAX_TENSORS)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, name,
                            _("the header lists %u tensors, more than the limit of %" PRIu64),
                            json_object_get_size (object), FIT_IMPORT_MAX_TENSORS);
      return NULL;
    }

  self->tensors = g_new0 (FitSafetensorsTensor, json_object_get_size (object) + 1);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &node))
    {
      if (g_str_equal (member, "__metadata__"))
        {
          if (!JSON_NODE_HOLDS_OBJECT (node) && !JSON_NODE_HOLDS_NULL (node))
            {
              fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, name,
                                    _("__metadata__ is not an object"));
              return NULL;
            }
          continue;
        }

      self->n_tensors = n + 1;
      if (!parse_tensor (self, member, node, data_size, &self->tensors[n], error))
        return NULL;
      n++;
    }
  self->n_tensors = n;

  sorted = g_new (FitSafetensorsTensor *, n + 1);
  for (guint i = 0; i < n; i++)
    sorted[i] = &self->tensors[i];
  qsort (sorted, n, sizeof *sorted, compare_by_begin);

  for (guint i = 1; i < n; i++)
    {
      if (sorted[i]->begin < sorted[i - 1]->end)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, name,
                                _("the data of tensors “%s” and “%s” overlap"),
                                sorted[i - 1]->name, sorted[i]->name);
          return NULL;
        }
    }

  return g_steal_pointer (&self);
}

static gboolean
read_header_length (const guint8  *raw,
                    guint64        file_size,
                    const char    *name,
                    guint64       *out,
                    GError       **error)
{
  guint64 len;

  if (file_size < 8)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, name, 0,
                               _("the file is %" PRIu64 " bytes long, too short for "
                                 "a safetensors header"),
                               file_size);
      return FALSE;
    }

  memcpy (&len, raw, 8);
  len = GUINT64_FROM_LE (len);

  if (len > FIT_IMPORT_MAX_JSON_HEADER)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, name, 0,
                               _("the header claims %" PRIu64 " bytes, more than the "
                                 "limit of %" PRIu64),
                               len, FIT_IMPORT_MAX_JSON_HEADER);
      return FALSE;
    }

  if (len > file_size - 8)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, name, 0,
                               _("the header claims %" PRIu64 " bytes, but the file "
                                 "has only %" PRIu64 " after the length"),
                               len, file_size - 8);
      return FALSE;
    }

  if (len < 2)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, name, 0,
                               _("the header is empty"));
      return FALSE;
    }

  *out = len;
  return TRUE;
}

FitSafetensors *
fit_safetensors_parse_data (const guint8  *data,
                            gsize          size,
                            const char    *name,
                            GError       **error)
{
  guint64 len;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!read_header_length (data, size, name, &len, error))
    return NULL;

  return fit_safetensors_parse_header ((const char *) data + 8, (gsize) len, size, name, error);
}

/**
 * fit_safetensors_open:
 * @path: a .safetensors file
 * @error: return location for a #FIT_IMPORT_ERROR
 *
 * Reads and validates the header of a safetensors file, never its data.
 *
 * Returns: (transfer full) (nullable): the tensors
 */
FitSafetensors *
fit_safetensors_open (const char  *path,
                      GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *header = NULL;
  guint8 raw[8];
  struct stat st;
  guint64 len, done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      fit_import_set_error (error, saved_errno == ENOENT ? FIT_IMPORT_ERROR_MISSING
                                                         : FIT_IMPORT_ERROR_IO,
                            display, _("cannot open: %s"), g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_IO, display, _("not a regular file"));
      close (fd);
      return NULL;
    }

  memset (raw, 0, sizeof raw);
  if (st.st_size >= 8 && pread (fd, raw, 8, 0) != 8)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_IO, display, _("cannot read the header"));
      close (fd);
      return NULL;
    }

  if (!read_header_length (raw, (guint64) st.st_size, display, &len, error))
    {
      close (fd);
      return NULL;
    }

  header = g_malloc ((gsize) len + 1);
  while (done < len)
    {
      ssize_t got = pread (fd, header + done, (gsize) (len - done), (off_t) (8 + done));

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          fit_import_set_error_at (error,
                                   got < 0 ? FIT_IMPORT_ERROR_IO : FIT_IMPORT_ERROR_TRUNCATED,
                                   display, 8 + done, _("cannot read the header"));
          close (fd);
          return NULL;
        }
      done += (guint64) got;
    }
  header[len] = '\0';
  close (fd);

  return fit_safetensors_parse_header (header, (gsize) len, (guint64) st.st_size, display, error);
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
valid_shard_name (const char *shard)
{
  return shard[0] != '\0' && shard[0] != '.' && strchr (shard, '/') == NULL &&
         strchr (shard, '\\') == NULL && g_str_has_suffix (shard, ".safetensors");
}

gboolean
fit_safetensors_parse_index (const char   *json,
                             gsize         length,
                             const char   *name,
                             GPtrArray   **shards,
                             GHashTable  **weight_map,
                             GError      **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *wm;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  root = fit_import_json_parse (json, length, name, error);
  if (root == NULL)
    return FALSE;

  if (!fit_import_json_get_object (json_node_get_object (root), "weight_map", name,
                                   "weight_map", &wm, error))
    return FALSE;

  if (wm == NULL)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, name, _("weight_map is missing"));
      return FALSE;
    }

  if (json_object_get_size (wm) > FIT_IMPORT_MAX_TENSORS)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_LIMIT, name,
                            _("weight_map lists more than %" PRIu64 " tensors"),
                            FIT_IMPORT_MAX_TENSORS);
      return FALSE;
    }

  json_object_iter_init (&iter, wm);
  while (json_object_iter_next (&iter, &member, &node))
    {
      const char *shard;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, name,
                                _("the shard of tensor “%s” is not a file name"), member);
          return FALSE;
        }

      shard = json_node_get_string (node);
      if (!valid_shard_name (shard))
        {
          fit_import_set_error (error, FIT_IMPORT_ERROR_CORRUPT, name,
                                _("“%s” is not a valid shard file name (tensor “%s”)"), shard,
                                member);
          return FALSE;
        }

      if (!g_hash_table_contains (seen, shard))
        {
          char *copy = g_strdup (shard);

          g_ptr_array_add (files, copy);
          g_hash_table_add (seen, copy);
        }

      g_hash_table_insert (map, g_strdup (member), g_strdup (shard));
    }

  if (files->len == 0)
    {
      fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, name, _("weight_map is empty"));
      return FALSE;
    }

  g_ptr_array_sort (files, compare_names);

  *shards = g_steal_pointer (&files);
  *weight_map = g_steal_pointer (&map);
  return TRUE;
}
