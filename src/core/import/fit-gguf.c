/* fit-gguf.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gguf"

#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "fit-gguf.h"
#include "fit-import-private.h"

/* GGUF files are read through a small window: the header of a 100 GB file
 * is a few megabytes at most, and tensor data is never touched, so neither
 * mmap nor reading the whole file is needed. */
#define READ_WINDOW (64 * 1024)

/* The smallest encodings, used to bound counts by the bytes left before
 * anything is allocated. A key/value pair is a length, one byte of key, a
 * type and one byte of value; a tensor info is a length, one byte of name,
 * n_dims, type and offset. */
#define MIN_KV_BYTES     (8 + 1 + 4 + 1)
#define MIN_TENSOR_BYTES (8 + 1 + 4 + 4 + 8)

typedef struct
{
  const char   *name;
  int           fd;
  const guint8 *mem;
  guint64       size;
  guint64       pos;
  guint8       *window;
  guint64       window_start;
  gsize         window_len;
} Reader;

static const struct
{
  const char *name;
  guint       size;     /* bytes of one value; 0 for strings and arrays */
  guint       min_size; /* smallest encoding, to bound counts */
} value_types[FIT_GGUF_N_TYPES] = {
  [FIT_GGUF_TYPE_UINT8]   = { "uint8",   1, 1 },
  [FIT_GGUF_TYPE_INT8]    = { "int8",    1, 1 },
  [FIT_GGUF_TYPE_UINT16]  = { "uint16",  2, 2 },
  [FIT_GGUF_TYPE_INT16]   = { "int16",   2, 2 },
  [FIT_GGUF_TYPE_UINT32]  = { "uint32",  4, 4 },
  [FIT_GGUF_TYPE_INT32]   = { "int32",   4, 4 },
  [FIT_GGUF_TYPE_FLOAT32] = { "float32", 4, 4 },
  [FIT_GGUF_TYPE_BOOL]    = { "bool",    1, 1 },
  [FIT_GGUF_TYPE_STRING]  = { "string",  0, 8 },
  [FIT_GGUF_TYPE_ARRAY]   = { "array",   0, 12 },
  [FIT_GGUF_TYPE_UINT64]  = { "uint64",  8, 8 },
  [FIT_GGUF_TYPE_INT64]   = { "int64",   8, 8 },
  [FIT_GGUF_TYPE_FLOAT64] = { "float64", 8, 8 },
};

const char *
fit_gguf_type_name (FitGgufType type)
{
  return (guint) type < FIT_GGUF_N_TYPES ? value_types[type].name : "?";
}

static void
kv_free (gpointer data)
{
  FitGgufKv *kv = data;

  g_free (kv->key);
  g_free (kv->str);
  g_free (kv->array_ints);
  g_free (kv->array_floats);
  g_free (kv);
}

void
fit_gguf_free (FitGguf *self)
{
  if (self == NULL)
    return;

  for (guint64 i = 0; i < self->n_tensors; i++)
    g_free (self->tensors[i].name);
  g_free (self->tensors);
  g_clear_pointer (&self->tensor_index, g_hash_table_unref);
  g_clear_pointer (&self->kv_index, g_hash_table_unref);
  g_clear_pointer (&self->kvs, g_ptr_array_unref);
  g_free (self->name);
  g_free (self);
}

static gboolean
reader_pread (Reader   *r,
              guint8   *dst,
              guint64   offset,
              gsize     n,
              GError  **error)
{
  gsize done = 0;

  while (done < n)
    {
      ssize_t got = pread (r->fd, dst + done, n - done, (off_t) (offset + done));

      if (got < 0 && errno == EINTR)
        continue;

      if (got < 0)
        {
          int saved_errno = errno;

          fit_import_set_error_at (error, FIT_IMPORT_ERROR_IO, r->name, offset + done,
                                   _("cannot read: %s"), g_strerror (saved_errno));
          return FALSE;
        }

      if (got == 0)
        {
          /* The file shrank after we measured it. */
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, r->name, offset + done,
                                   _("the file ended while it was being read"));
          return FALSE;
        }

      done += (gsize) got;
    }

  return TRUE;
}

static inline guint64
reader_left (const Reader *r)
{
  return r->size - r->pos;
}

static gboolean
reader_read (Reader      *r,
             void        *dst,
             gsize        n,
             const char  *what,
             GError     **error)
{
  g_assert (r->pos <= r->size);

  if (n > reader_left (r))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, r->name, r->pos,
                               _("the file ends in the middle of %s (%" PRIu64
                                 " bytes needed, %" PRIu64 " left)"),
                               what, (guint64) n, reader_left (r));
      return FALSE;
    }

  if (r->mem != NULL)
    {
      memcpy (dst, r->mem + r->pos, n);
    }
  else if (r->pos >= r->window_start &&
           r->pos + n <= r->window_start + r->window_len)
    {
      memcpy (dst, r->window + (r->pos - r->window_start), n);
    }
  else if (n >= READ_WINDOW)
    {
      if (!reader_pread (r, dst, r->pos, n, error))
        return FALSE;
    }
  else
    {
      gsize len = (gsize) MIN ((guint64) READ_WINDOW, reader_left (r));

      r->window_len = 0;
      if (!reader_pread (r, r->window, r->pos, len, error))
        return FALSE;
      r->window_start = r->pos;
      r->window_len = len;
      memcpy (dst, r->window, n);
    }

  r->pos += n;
  return TRUE;
}

static gboolean
reader_skip (Reader      *r,
             guint64      n,
             const char  *what,
             GError     **error)
{
  if (n > reader_left (r))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, r->name, r->pos,
                               _("the file ends in the middle of %s (%" PRIu64
                                 " bytes needed, %" PRIu64 " left)"),
                               what, n, reader_left (r));
      return FALSE;
    }

  r->pos += n;
  return TRUE;
}

static gboolean
read_u32 (Reader      *r,
          guint32     *out,
          const char  *what,
          GError     **error)
{
  guint32 v;

  if (!reader_read (r, &v, sizeof v, what, error))
    return FALSE;
  *out = GUINT32_FROM_LE (v);
  return TRUE;
}

static gboolean
read_u64 (Reader      *r,
          guint64     *out,
          const char  *what,
          GError     **error)
{
  guint64 v;

  if (!reader_read (r, &v, sizeof v, what, error))
    return FALSE;
  *out = GUINT64_FROM_LE (v);
  return TRUE;
}

/* Reads a length-prefixed string. It is checked against @max and the bytes
 * left before anything is allocated. It is kept in *out (NUL-terminated,
 * valid UTF-8) when out is not NULL and it is at most @keep_max bytes long;
 * otherwise it is validated when @validate, or merely skipped. */
static gboolean
read_string (Reader      *r,
             guint64      max,
             guint64      keep_max,
             gboolean     validate,
             const char  *what,
             char       **out,
             GError     **error)
{
  guint64 start = r->pos;
  g_autofree char *s = NULL;
  guint64 len;

  if (!read_u64 (r, &len, what, error))
    return FALSE;

  if (len > max)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, r->name, start,
                               _("%s is %" PRIu64 " bytes long, more than the limit of %" PRIu64
                                 " bytes"),
                               what, len, max);
      return FALSE;
    }

  if (len > reader_left (r))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, r->name, start,
                               _("%s is %" PRIu64 " bytes long, but only %" PRIu64
                                 " bytes are left in the file"),
                               what, len, reader_left (r));
      return FALSE;
    }

  if (out != NULL)
    *out = NULL;

  if ((out == NULL || len > keep_max) && !validate)
    return reader_skip (r, len, what, error);

  s = g_malloc ((gsize) len + 1);
  if (!reader_read (r, s, (gsize) len, what, error))
    return FALSE;
  s[len] = '\0';

  /* g_utf8_validate() also stops at an embedded NUL, which we reject too. */
  if (!g_utf8_validate (s, (gssize) len, NULL))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, start + 8,
                               _("%s is not valid UTF-8"), what);
      return FALSE;
    }

  if (out != NULL && len <= keep_max)
    *out = g_steal_pointer (&s);

  return TRUE;
}

static gboolean
check_count (Reader      *r,
             guint64      count,
             guint64      limit,
             guint64      min_size,
             guint64      at,
             const char  *what,
             GError     **error)
{
  if (count > limit)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, r->name, at,
                               _("%s: %" PRIu64 " is more than the limit of %" PRIu64),
                               what, count, limit);
      return FALSE;
    }

  if (min_size > 0 && count > reader_left (r) / min_size)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, r->name, at,
                               _("%s: %" PRIu64 " entries need at least %" PRIu64
                                 " bytes, but only %" PRIu64
                                 " are left in the file"),
                               what, count, count * min_size, reader_left (r));
      return FALSE;
    }

  return TRUE;
}

/* Decodes one little-endian fixed-size value. */
static void
decode_scalar (FitGgufType   type,
               const guint8 *p,
               gint64       *i,
               guint64      *u,
               gboolean     *big,
               double       *f)
{
  guint16 v16;
  guint32 v32;
  guint64 v64;
  float f32;

  *i = 0;
  *u = 0;
  *big = FALSE;
  *f = 0;

  switch (type)
    {
    case FIT_GGUF_TYPE_UINT8:
    case FIT_GGUF_TYPE_BOOL:
      *i = p[0];
      break;
    case FIT_GGUF_TYPE_INT8:
      *i = (gint8) p[0];
      break;
    case FIT_GGUF_TYPE_UINT16:
      memcpy (&v16, p, 2);
      *i = GUINT16_FROM_LE (v16);
      break;
    case FIT_GGUF_TYPE_INT16:
      memcpy (&v16, p, 2);
      *i = (gint16) GUINT16_FROM_LE (v16);
      break;
    case FIT_GGUF_TYPE_UINT32:
      memcpy (&v32, p, 4);
      *i = GUINT32_FROM_LE (v32);
      break;
    case FIT_GGUF_TYPE_INT32:
      memcpy (&v32, p, 4);
      *i = (gint32) GUINT32_FROM_LE (v32);
      break;
    case FIT_GGUF_TYPE_FLOAT32:
      memcpy (&v32, p, 4);
      v32 = GUINT32_FROM_LE (v32);
      memcpy (&f32, &v32, 4);
      *f = f32;
      break;
    case FIT_GGUF_TYPE_UINT64:
      memcpy (&v64, p, 8);
      v64 = GUINT64_FROM_LE (v64);
      if (v64 > G_MAXINT64)
        {
          *u = v64;
          *big = TRUE;
          *i = G_MAXINT64;
        }
      else
        *i = (gint64) v64;
      break;
    case FIT_GGUF_TYPE_INT64:
      memcpy (&v64, p, 8);
      *i = (gint64) GUINT64_FROM_LE (v64);
      break;
    case FIT_GGUF_TYPE_FLOAT64:
      memcpy (&v64, p, 8);
      v64 = GUINT64_FROM_LE (v64);
      memcpy (f, &v64, 8);
      break;
    case FIT_GGUF_TYPE_STRING:
    case FIT_GGUF_TYPE_ARRAY:
    case FIT_GGUF_N_TYPES:
    default:
      g_assert_not_reached ();
    }

  if (type != FIT_GGUF_TYPE_FLOAT32 && type != FIT_GGUF_TYPE_FLOAT64)
    {
      if (!*big)
        *u = (guint64) *i;
      *f = *big ? (double) *u : (double) *i;
    }
}

static gboolean
read_array (Reader      *r,
            const char  *key,
            gboolean     tokenizer,
            guint        depth,
            FitGgufKv   *kv,
            GError     **error)
{
  guint64 at = r->pos;
  guint32 type;
  guint64 n;
  guint size;

  if (depth > FIT_IMPORT_MAX_ARRAY_DEPTH)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, r->name, at,
                               _("the value of key “%s” nests arrays more than %u deep"),
                               key, FIT_IMPORT_MAX_ARRAY_DEPTH);
      return FALSE;
    }

  if (!read_u32 (r, &type, _("an array type"), error))
    return FALSE;

  if (type >= FIT_GGUF_N_TYPES)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, at,
                               _("the array of key “%s” has the unknown element type %u"),
                               key, type);
      return FALSE;
    }

  if (!read_u64 (r, &n, _("an array length"), error))
    return FALSE;

  {
    g_autofree char *what = g_strdup_printf (_("the array of key “%s”"), key);

    if (!check_count (r, n, FIT_IMPORT_MAX_ARRAY, value_types[type].min_size, at + 4, what, error))
      return FALSE;
  }

  if (kv != NULL)
    {
      kv->array_type = type;
      kv->array_len = n;
    }

  size = value_types[type].size;

  if (size > 0)
    {
      g_autofree guint8 *raw = NULL;

      if (kv == NULL || n > FIT_GGUF_MAX_KEPT_ARRAY)
        return reader_skip (r, n * size, _("an array"), error);

      raw = g_malloc ((gsize) (n * size) + 1);
      if (!reader_read (r, raw, (gsize) (n * size), _("an array"), error))
        return FALSE;

      if (type == FIT_GGUF_TYPE_FLOAT32 || type == FIT_GGUF_TYPE_FLOAT64)
        kv->array_floats = g_new (double, n + 1);
      else
        kv->array_ints = g_new (gint64, n + 1);

      for (guint64 j = 0; j < n; j++)
        {
          gint64 i;
          guint64 u;
          gboolean big;
          double f;

          decode_scalar (type, raw + j * size, &i, &u, &big, &f);

          if (type == FIT_GGUF_TYPE_BOOL && i > 1)
            {
              fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name,
                                       at + 12 + j,
                                       _("element %" PRIu64 " of key “%s” is the "
                                         "boolean %" PRId64 ", not 0 or 1"),
                                       j, key, i);
              return FALSE;
            }

          if (kv->array_floats != NULL)
            kv->array_floats[j] = f;
          else
            kv->array_ints[j] = i;
        }

      return TRUE;
    }

  for (guint64 j = 0; j < n; j++)
    {
      if (type == FIT_GGUF_TYPE_STRING)
        {
          /* Vocabularies hold raw byte tokens that need not be UTF-8, and we
           * only ever use their count, so tokenizer strings are skipped. */
          if (!read_string (r,
                            tokenizer ? FIT_IMPORT_MAX_TOKENIZER_STRING : FIT_IMPORT_MAX_STRING,
                            0, !tokenizer, _("a string in an array"), NULL, error))
            return FALSE;
        }
      else if (!read_array (r, key, tokenizer, depth + 1, NULL, error))
        {
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
read_kv (Reader      *r,
         FitGguf     *self,
         GError     **error)
{
  guint64 at = r->pos;
  FitGgufKv *kv;
  gboolean tokenizer;
  guint32 type;
  char *key = NULL;

  if (!read_string (r, FIT_IMPORT_MAX_NAME, FIT_IMPORT_MAX_NAME, TRUE, _("a metadata key"),
                    &key, error))
    return FALSE;

  kv = g_new0 (FitGgufKv, 1);
  kv->key = key;
  kv->offset = at;
  g_ptr_array_add (self->kvs, kv);

  if (key[0] == '\0')
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, at,
                               _("a metadata key is empty"));
      return FALSE;
    }

  if (g_hash_table_contains (self->kv_index, key))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, at,
                               _("the metadata key “%s” appears twice"), key);
      return FALSE;
    }
  g_hash_table_insert (self->kv_index, key, kv);

  if (!read_u32 (r, &type, _("a value type"), error))
    return FALSE;

  if (type >= FIT_GGUF_N_TYPES)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, r->pos - 4,
                               _("key “%s” has the unknown value type %u"), key, type);
      return FALSE;
    }

  kv->type = type;
  tokenizer = g_str_has_prefix (key, "tokenizer.");

  if (type == FIT_GGUF_TYPE_STRING)
    {
      g_autofree char *what = g_strdup_printf (_("the value of key “%s”"), key);

      return read_string (r,
                          tokenizer ? FIT_IMPORT_MAX_TOKENIZER_STRING : FIT_IMPORT_MAX_STRING,
                          FIT_IMPORT_MAX_STRING, TRUE, what, &kv->str, error);
    }

  if (type == FIT_GGUF_TYPE_ARRAY)
    return read_array (r, key, tokenizer, 1, kv, error);

  {
    guint8 raw[8];
    guint64 value_at = r->pos;

    if (!reader_read (r, raw, value_types[type].size, _("a value"), error))
      return FALSE;

    decode_scalar (type, raw, &kv->i, &kv->u, &kv->is_unsigned_big, &kv->f);

    if (type == FIT_GGUF_TYPE_BOOL && kv->i > 1)
      {
        fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, value_at,
                                 _("key “%s” holds the boolean %" PRId64
                                   ", not 0 or 1"),
                                 key, kv->i);
        return FALSE;
      }
  }

  return TRUE;
}

static gboolean
read_tensor_info (Reader         *r,
                  FitGguf        *self,
                  GHashTable     *names,
                  FitGgufTensor  *t,
                  GError        **error)
{
  guint64 at = r->pos;
  guint32 type;
  guint64 row_bytes;

  t->info_offset = at;

  if (!read_string (r, FIT_IMPORT_MAX_NAME, FIT_IMPORT_MAX_NAME, TRUE, _("a tensor name"),
                    &t->name, error))
    return FALSE;

  if (t->name[0] == '\0')
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, at,
                               _("a tensor name is empty"));
      return FALSE;
    }

  if (g_hash_table_contains (names, t->name))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, at,
                               _("the tensor name “%s” appears twice"), t->name);
      return FALSE;
    }
  g_hash_table_add (names, t->name);

  if (!read_u32 (r, &t->n_dims, _("a tensor's dimension count"), error))
    return FALSE;

  if (t->n_dims > G_N_ELEMENTS (t->ne))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, r->pos - 4,
                               _("tensor “%s” has %u dimensions; GGUF allows at most %u"),
                               t->name, t->n_dims, (guint) G_N_ELEMENTS (t->ne));
      return FALSE;
    }

  t->n_elements = 1;
  for (guint d = 0; d < G_N_ELEMENTS (t->ne); d++)
    {
      t->ne[d] = 1;
      if (d >= t->n_dims)
        continue;

      if (!read_u64 (r, &t->ne[d], _("a tensor dimension"), error))
        return FALSE;

      if (t->ne[d] > FIT_IMPORT_MAX_DIM)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, r->name, r->pos - 8,
                                   _("dimension %u of tensor “%s” is %" PRIu64
                                     ", beyond the limit of 2^40"),
                                   d, t->name, t->ne[d]);
          return FALSE;
        }

      if (!g_uint64_checked_mul (&t->n_elements, t->n_elements, t->ne[d]) ||
          t->n_elements > (guint64) G_MAXINT64)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, r->name, r->pos - 8,
                                   _("the element count of tensor “%s” overflows"), t->name);
          return FALSE;
        }
    }

  if (!read_u32 (r, &type, _("a tensor type"), error))
    return FALSE;

  if (!fit_ggml_type_is_valid (type))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_UNSUPPORTED, r->name, r->pos - 4,
                               _("tensor “%s” has the ggml type %u, which this version does "
                                 "not know"),
                               t->name, type);
      return FALSE;
    }
  t->type = type;

  if (!fit_ggml_row_bytes (t->type, t->ne[0], &row_bytes))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, r->pos - 4,
                               _("the first dimension of tensor “%s” (%" PRIu64
                                 ") is not a multiple of the %s block size (%u)"),
                               t->name, t->ne[0], fit_ggml_type_name (t->type),
                               fit_ggml_type_block_size (t->type));
      return FALSE;
    }

  t->n_bytes = row_bytes;
  for (guint d = 1; d < G_N_ELEMENTS (t->ne); d++)
    {
      if (!g_uint64_checked_mul (&t->n_bytes, t->n_bytes, t->ne[d]))
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_LIMIT, r->name, at,
                                   _("the byte size of tensor “%s” overflows"), t->name);
          return FALSE;
        }
    }

  if (!read_u64 (r, &t->offset, _("a tensor offset"), error))
    return FALSE;

  if (t->offset % self->alignment != 0)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, r->pos - 8,
                               _("the data offset of tensor “%s” (%" PRIu64
                                 ") is not a multiple of the alignment (%u)"),
                               t->name, t->offset, self->alignment);
      return FALSE;
    }

  return TRUE;
}

static int
compare_by_offset (gconstpointer a,
                   gconstpointer b)
{
  const FitGgufTensor *ta = *(const FitGgufTensor * const *) a;
  const FitGgufTensor *tb = *(const FitGgufTensor * const *) b;

  if (ta->offset != tb->offset)
    return ta->offset < tb->offset ? -1 : 1;
  if (ta->n_bytes != tb->n_bytes)
    return ta->n_bytes < tb->n_bytes ? -1 : 1;
  return 0;
}

static gboolean
check_tensor_data (FitGguf  *self,
                   GError  **error)
{
  g_autofree FitGgufTensor **sorted = NULL;
  guint64 end = 0;

  for (guint64 i = 0; i < self->n_tensors; i++)
    {
      FitGgufTensor *t = &self->tensors[i];
      guint64 t_end;

      if (!g_uint64_checked_add (&t_end, self->data_offset, t->offset) ||
          !g_uint64_checked_add (&t_end, t_end, t->n_bytes) ||
          t_end > self->file_size)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, self->name, t->info_offset,
                                   _("the data of tensor “%s” (%" PRIu64 " bytes at "
                                     "offset %" PRIu64 ") lies past the end of the "
                                     "file (%" PRIu64 " bytes)"),
                                   t->name, t->n_bytes, t->offset, self->file_size);
          return FALSE;
        }
    }

  sorted = g_new (FitGgufTensor *, self->n_tensors + 1);
  for (guint64 i = 0; i < self->n_tensors; i++)
    sorted[i] = &self->tensors[i];
  qsort (sorted, self->n_tensors, sizeof *sorted, compare_by_offset);

  for (guint64 i = 0; i < self->n_tensors; i++)
    {
      if (i > 0 && sorted[i]->offset < end)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, self->name,
                                   sorted[i]->info_offset,
                                   _("the data of tensors “%s” and “%s” overlap"),
                                   sorted[i - 1]->name, sorted[i]->name);
          return FALSE;
        }
      end = sorted[i]->offset + sorted[i]->n_bytes;
    }

  return TRUE;
}

static FitGguf *
parse (Reader  *r,
       GError **error)
{
  g_autoptr(FitGguf) self = g_new0 (FitGguf, 1);
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GArray) tensors = NULL;
  const FitGgufKv *align;
  guint8 magic[4];
  guint64 n_tensors, n_kv;

  self->name = g_strdup (r->name);
  self->file_size = r->size;
  self->alignment = FIT_GGUF_DEFAULT_ALIGNMENT;
  self->kvs = g_ptr_array_new_with_free_func (kv_free);
  self->kv_index = g_hash_table_new (g_str_hash, g_str_equal);

  if (!reader_read (r, magic, 4, _("the GGUF magic"), error))
    return NULL;

  if (memcmp (magic, "GGUF", 4) != 0)
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, 0,
                               _("not a GGUF file (it does not start with “GGUF”)"));
      return NULL;
    }

  if (!read_u32 (r, &self->version, _("the GGUF version"), error))
    return NULL;

  if (self->version != 2 && self->version != 3)
    {
      guint32 swapped = GUINT32_SWAP_LE_BE (self->version);

      if (swapped >= 1 && swapped <= 3)
        fit_import_set_error_at (error, FIT_IMPORT_ERROR_UNSUPPORTED, r->name, 4,
                                 _("this is a big-endian GGUF file; only little-endian "
                                   "files are supported"));
      else if (self->version == 1)
        fit_import_set_error_at (error, FIT_IMPORT_ERROR_UNSUPPORTED, r->name, 4,
                                 _("GGUF version 1 is obsolete; convert the model again"));
      else
        fit_import_set_error_at (error, FIT_IMPORT_ERROR_UNSUPPORTED, r->name, 4,
                                 _("unknown GGUF version %u (versions 2 and 3 are "
                                   "supported)"),
                                 self->version);
      return NULL;
    }

  if (!read_u64 (r, &n_tensors, _("the tensor count"), error) ||
      !read_u64 (r, &n_kv, _("the metadata count"), error))
    return NULL;

  if (!check_count (r, n_tensors, FIT_IMPORT_MAX_TENSORS, 0, 8, _("tensor count"), error) ||
      !check_count (r, n_kv, FIT_IMPORT_MAX_KV, 0, 16, _("metadata count"), error))
    return NULL;

  /* Both counts are bounded, so this sum cannot overflow. */
  if (n_kv * MIN_KV_BYTES + n_tensors * MIN_TENSOR_BYTES > reader_left (r))
    {
      fit_import_set_error_at (error, FIT_IMPORT_ERROR_TRUNCATED, r->name, 8,
                               _("%" PRIu64 " tensors and %" PRIu64
                                 " metadata keys cannot fit in the %" PRIu64
                                 " bytes left in the file"),
                               n_tensors, n_kv, reader_left (r));
      return NULL;
    }

  for (guint64 i = 0; i < n_kv; i++)
    {
      if (!read_kv (r, self, error))
        return NULL;
    }

  align = fit_gguf_lookup (self, "general.alignment");
  if (align != NULL)
    {
      if (align->type != FIT_GGUF_TYPE_UINT32)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, align->offset,
                                   _("general.alignment is a %s, not a uint32"),
                                   fit_gguf_type_name (align->type));
          return NULL;
        }

      if (align->i == 0 || (align->i & (align->i - 1)) != 0)
        {
          fit_import_set_error_at (error, FIT_IMPORT_ERROR_CORRUPT, r->name, align->offset,
                                   _("general.alignment (%" PRId64 ") is not a "
                                     "power of two"),
                                   align->i);
          return NULL;
        }

      self->alignment = (guint32) align->i;
    }

  names = g_hash_table_new (g_str_hash, g_str_equal);
  tensors = g_array_new (FALSE, TRUE, sizeof (FitGgufTensor));

  for (guint64 i = 0; i < n_tensors; i++)
    {
      FitGgufTensor t = { 0 };

      if (!read_tensor_info (r, self, names, &t, error))
        {
          g_free (t.name);
          for (guint j = 0; j < tensors->len; j++)
            g_free (g_array_index (tensors, FitGgufTensor, j).name);
          return NULL;
        }

      g_array_append_val (tensors, t);
    }

  self->n_tensors = tensors->len;
  self->tensors = (FitGgufTensor *) (gpointer) g_array_free (g_steal_pointer (&tensors), FALSE);

  self->data_offset = r->pos;
  if (self->data_offset % self->alignment != 0)
    self->data_offset += self->alignment - self->data_offset % self->alignment;

  if (!check_tensor_data (self, error))
    return NULL;

  self->tensor_index = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint64 i = 0; i < self->n_tensors; i++)
    g_hash_table_insert (self->tensor_index, self->tensors[i].name, &self->tensors[i]);

  return g_steal_pointer (&self);
}

/**
 * fit_gguf_parse_data:
 * @data: the bytes of a whole GGUF file (or of its header, if the tensor
 *   data is not needed: offsets are then checked against @size)
 * @size: the size of @data
 * @name: the file name used in messages
 * @error: return location for a #FIT_IMPORT_ERROR
 *
 * Parses a GGUF file held in memory. For tests and fuzzers.
 *
 * Returns: (transfer full) (nullable): the parsed file
 */
FitGguf *
fit_gguf_parse_data (const guint8  *data,
                     gsize          size,
                     const char    *name,
                     GError       **error)
{
  Reader r = { 0 };

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  r.name = name;
  r.fd = -1;
  r.mem = data != NULL ? data : (const guint8 *) "";
  r.size = size;

  return parse (&r, error);
}

/**
 * fit_gguf_open:
 * @path: a GGUF file
 * @error: return location for a #FIT_IMPORT_ERROR
 *
 * Reads the header of a GGUF file: metadata and tensor infos. Tensor data is
 * never read, so this takes milliseconds whatever the size of the file.
 *
 * Returns: (transfer full) (nullable): the parsed file
 */
FitGguf *
fit_gguf_open (const char  *path,
               GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree guint8 *window = NULL;
  Reader r = { 0 };
  struct stat st;
  FitGguf *ret;
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

  window = g_malloc (READ_WINDOW);
  r.name = display;
  r.fd = fd;
  r.size = (guint64) st.st_size;
  r.window = window;

  ret = parse (&r, error);
  close (fd);

  return ret;
}

const FitGgufKv *
fit_gguf_lookup (const FitGguf *self,
                 const char    *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->kv_index, key);
}

const FitGgufTensor *
fit_gguf_find_tensor (const FitGguf *self,
                      const char    *name)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->tensor_index == NULL)
    return NULL;

  return g_hash_table_lookup (self->tensor_index, name);
}

/* Parses "<prefix>-NNNNN-of-MMMMM.gguf". */
static gboolean
parse_split_name (const char  *base,
                  char       **prefix,
                  guint       *part,
                  guint       *count)
{
  static const char tail[] = "-00000-of-00000.gguf";
  gsize len = strlen (base);
  const char *p;
  guint n = 0, m = 0;

  if (len <= sizeof tail - 1)
    return FALSE;

  p = base + len - (sizeof tail - 1);
  for (guint i = 0; i < sizeof tail - 1; i++)
    {
      if (tail[i] == '0')
        {
          if (!g_ascii_isdigit (p[i]))
            return FALSE;
          if (i < 6)
            n = n * 10 + (guint) (p[i] - '0');
          else
            m = m * 10 + (guint) (p[i] - '0');
        }
      else if (g_ascii_tolower (p[i]) != tail[i])
        {
          return FALSE;
        }
    }

  if (n == 0 || m == 0 || n > m)
    return FALSE;

  *prefix = g_strndup (base, (gsize) (p - base));
  *part = n;
  *count = m;
  return TRUE;
}

/**
 * fit_gguf_split_paths:
 * @path: a GGUF file, possibly one part of a split model
 * @error: return location for a #FIT_IMPORT_ERROR
 *
 * Finds every part of a split model ("name-00002-of-00003.gguf" gives the
 * three parts, whichever was opened).
 *
 * Returns: (transfer full) (element-type filename): the paths in order
 */
GPtrArray *
fit_gguf_split_paths (const char  *path,
                      GError     **error)
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *prefix = NULL;
  guint part, count;

  g_return_val_if_fail (path != NULL, NULL);

  if (!parse_split_name (base, &prefix, &part, &count))
    {
      g_ptr_array_add (paths, g_strdup (path));
      return g_steal_pointer (&paths);
    }

  for (guint i = 1; i <= count; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%05u-of-%05u.gguf", prefix, i, count);
      g_autofree char *part_path = g_build_filename (dir, name, NULL);

      if (i == part)
        {
          g_ptr_array_add (paths, g_strdup (path));
          continue;
        }

      if (!g_file_test (part_path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *display = g_filename_display_name (path);

          fit_import_set_error (error, FIT_IMPORT_ERROR_MISSING, display,
                                _("part %u of %u of this split model is missing (%s)"),
                                i, count, name);
          return NULL;
        }

      g_ptr_array_add (paths, g_steal_pointer (&part_path));
    }

  return g_steal_pointer (&paths);
}
