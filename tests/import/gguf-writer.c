/* gguf-writer.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gguf-writer.h"

typedef struct
{
  char        *name;
  FitGgmlType  type;
  guint        n_dims;
  guint64      ne[8];
  guint64      offset;
  guint64      bytes;
} Tensor;

struct _GgufWriter
{
  guint32     version;
  guint32     alignment;
  GByteArray *kv;          /* encoded key/value pairs */
  GArray     *kv_ends;     /* offsets within kv where each pair ends */
  guint64     n_kv;
  GArray     *tensors;
  guint64     next_offset;
};

GgufWriter *
gguf_writer_new (void)
{
  GgufWriter *self = g_new0 (GgufWriter, 1);

  self->version = 3;
  self->alignment = 32;
  self->kv = g_byte_array_new ();
  self->kv_ends = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->tensors = g_array_new (FALSE, TRUE, sizeof (Tensor));
  return self;
}

void
gguf_writer_free (GgufWriter *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->tensors->len; i++)
    g_free (g_array_index (self->tensors, Tensor, i).name);
  g_array_unref (self->tensors);
  g_array_unref (self->kv_ends);
  g_byte_array_unref (self->kv);
  g_free (self);
}

void
gguf_writer_set_version (GgufWriter *self,
                         guint32     version)
{
  self->version = version;
}

void
gguf_writer_set_alignment (GgufWriter *self,
                           guint32     alignment)
{
  self->alignment = alignment;
}

static void
put (GByteArray *out,
     const void *data,
     gsize       len)
{
  g_byte_array_append (out, data, (guint) len);
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  v = GUINT32_TO_LE (v);
  put (out, &v, 4);
}

static void
put_u64 (GByteArray *out,
         guint64     v)
{
  v = GUINT64_TO_LE (v);
  put (out, &v, 8);
}

static void
put_string (GByteArray *out,
            const char *s)
{
  put_u64 (out, strlen (s));
  put (out, s, strlen (s));
}

static void
begin_kv (GgufWriter *self,
          const char *key,
          guint32     type)
{
  put_string (self->kv, key);
  put_u32 (self->kv, type);
}

static void
end_kv (GgufWriter *self)
{
  guint64 end = self->kv->len;

  g_array_append_val (self->kv_ends, end);
  self->n_kv++;
}

#define SCALAR(fn, ctype, gtype)                                   \
  void                                                             \
  gguf_writer_add_##fn (GgufWriter *self,                          \
                        const char *key,                           \
                        ctype       value)                         \
  {                                                                \
    begin_kv (self, key, gtype);                                   \
    put (self->kv, &value, sizeof value);                          \
    end_kv (self);                                                 \
  }

/* The test machines are little-endian, like the files. */
SCALAR (u8, guint8, FIT_GGUF_TYPE_UINT8)
SCALAR (i8, gint8, FIT_GGUF_TYPE_INT8)
SCALAR (u16, guint16, FIT_GGUF_TYPE_UINT16)
SCALAR (i16, gint16, FIT_GGUF_TYPE_INT16)
SCALAR (u32, guint32, FIT_GGUF_TYPE_UINT32)
SCALAR (i32, gint32, FIT_GGUF_TYPE_INT32)
SCALAR (u64, guint64, FIT_GGUF_TYPE_UINT64)
SCALAR (i64, gint64, FIT_GGUF_TYPE_INT64)
SCALAR (f32, float, FIT_GGUF_TYPE_FLOAT32)
SCALAR (f64, double, FIT_GGUF_TYPE_FLOAT64)

void
gguf_writer_add_bool (GgufWriter *self,
                      const char *key,
                      gboolean    value)
{
  guint8 b = value ? 1 : 0;

  begin_kv (self, key, FIT_GGUF_TYPE_BOOL);
  put (self->kv, &b, 1);
  end_kv (self);
}

void
gguf_writer_add_string (GgufWriter *self,
                        const char *key,
                        const char *value)
{
  begin_kv (self, key, FIT_GGUF_TYPE_STRING);
  put_string (self->kv, value);
  end_kv (self);
}

void
gguf_writer_add_u32_array (GgufWriter    *self,
                           const char    *key,
                           const guint32 *values,
                           guint          n)
{
  begin_kv (self, key, FIT_GGUF_TYPE_ARRAY);
  put_u32 (self->kv, FIT_GGUF_TYPE_UINT32);
  put_u64 (self->kv, n);
  for (guint i = 0; i < n; i++)
    put_u32 (self->kv, values[i]);
  end_kv (self);
}

void
gguf_writer_add_bool_array (GgufWriter     *self,
                            const char     *key,
                            const gboolean *values,
                            guint           n)
{
  begin_kv (self, key, FIT_GGUF_TYPE_ARRAY);
  put_u32 (self->kv, FIT_GGUF_TYPE_BOOL);
  put_u64 (self->kv, n);
  for (guint i = 0; i < n; i++)
    {
      guint8 b = values[i] ? 1 : 0;

      put (self->kv, &b, 1);
    }
  end_kv (self);
}

void
gguf_writer_add_f32_array (GgufWriter  *self,
                           const char  *key,
                           const float *values,
                           guint        n)
{
  begin_kv (self, key, FIT_GGUF_TYPE_ARRAY);
  put_u32 (self->kv, FIT_GGUF_TYPE_FLOAT32);
  put_u64 (self->kv, n);
  put (self->kv, values, n * sizeof (float));
  end_kv (self);
}

void
gguf_writer_add_string_array (GgufWriter        *self,
                              const char        *key,
                              const char *const *values,
                              guint              n)
{
  begin_kv (self, key, FIT_GGUF_TYPE_ARRAY);
  put_u32 (self->kv, FIT_GGUF_TYPE_STRING);
  put_u64 (self->kv, n);
  for (guint i = 0; i < n; i++)
    put_string (self->kv, values[i]);
  end_kv (self);
}

void
gguf_writer_add_vocab (GgufWriter *self,
                       guint       n)
{
  char buf[32];

  begin_kv (self, "tokenizer.ggml.tokens", FIT_GGUF_TYPE_ARRAY);
  put_u32 (self->kv, FIT_GGUF_TYPE_STRING);
  put_u64 (self->kv, n);
  for (guint i = 0; i < n; i++)
    {
      g_snprintf (buf, sizeof buf, "tok%u", i);
      put_string (self->kv, buf);
    }
  end_kv (self);
}

void
gguf_writer_add_raw (GgufWriter *self,
                     const char *key,
                     guint32     type,
                     const void *data,
                     gsize       len)
{
  begin_kv (self, key, type);
  put (self->kv, data, len);
  end_kv (self);
}

static guint64
tensor_bytes (FitGgmlType    type,
              guint          n_dims,
              const guint64 *ne)
{
  guint64 bytes = 0;

  if (!fit_ggml_row_bytes (type, n_dims > 0 ? ne[0] : 1, &bytes))
    return 0;
  for (guint d = 1; d < n_dims; d++)
    bytes *= ne[d];
  return bytes;
}

void
gguf_writer_add_tensor_at (GgufWriter    *self,
                           const char    *name,
                           FitGgmlType    type,
                           guint          n_dims,
                           const guint64 *ne,
                           guint64        offset)
{
  Tensor t = { 0 };

  t.name = g_strdup (name);
  t.type = type;
  t.n_dims = n_dims;
  g_assert_cmpuint (n_dims, <=, 8);
  for (guint d = 0; d < 8; d++)
    t.ne[d] = d < n_dims ? ne[d] : 1;
  t.offset = offset;
  t.bytes = tensor_bytes (type, n_dims, ne);
  g_array_append_val (self->tensors, t);

  if (offset + t.bytes > self->next_offset)
    self->next_offset = offset + t.bytes;
}

void
gguf_writer_add_tensor (GgufWriter    *self,
                        const char    *name,
                        FitGgmlType    type,
                        guint          n_dims,
                        const guint64 *ne)
{
  guint64 offset = self->next_offset;

  if (offset % self->alignment != 0)
    offset += self->alignment - offset % self->alignment;
  gguf_writer_add_tensor_at (self, name, type, n_dims, ne, offset);
}

static GByteArray *
build_header (GgufWriter *self,
              GArray     *boundaries)
{
  GByteArray *out = g_byte_array_new ();
  guint64 kv_start;

#define MARK() G_STMT_START { if (boundaries) { guint64 _b = out->len; g_array_append_val (boundaries, _b); } } G_STMT_END

  put (out, "GGUF", 4);
  MARK ();
  put_u32 (out, self->version);
  MARK ();
  put_u64 (out, self->tensors->len);
  MARK ();
  put_u64 (out, self->n_kv);
  MARK ();

  kv_start = out->len;
  put (out, self->kv->data, self->kv->len);
  for (guint i = 0; boundaries != NULL && i < self->kv_ends->len; i++)
    {
      guint64 b = kv_start + g_array_index (self->kv_ends, guint64, i);

      g_array_append_val (boundaries, b);
    }

  for (guint i = 0; i < self->tensors->len; i++)
    {
      const Tensor *t = &g_array_index (self->tensors, Tensor, i);

      put_string (out, t->name);
      put_u32 (out, t->n_dims);
      for (guint d = 0; d < t->n_dims; d++)
        put_u64 (out, t->ne[d]);
      put_u32 (out, t->type);
      put_u64 (out, t->offset);
      MARK ();
    }

  while (out->len % self->alignment != 0)
    {
      guint8 zero = 0;

      put (out, &zero, 1);
    }

#undef MARK

  return out;
}

GBytes *
gguf_writer_get_header (GgufWriter *self,
                        guint64    *data_size)
{
  GByteArray *out = build_header (self, NULL);

  if (data_size != NULL)
    *data_size = self->next_offset;
  return g_byte_array_free_to_bytes (out);
}

GArray *
gguf_writer_get_boundaries (GgufWriter *self)
{
  GArray *boundaries = g_array_new (FALSE, FALSE, sizeof (guint64));
  GByteArray *out = build_header (self, boundaries);

  g_byte_array_unref (out);
  return boundaries;
}

GBytes *
gguf_writer_get_file (GgufWriter *self)
{
  GByteArray *out = build_header (self, NULL);
  guint64 header = out->len;

  g_assert_cmpuint (self->next_offset, <, 64 * 1024 * 1024);
  g_byte_array_set_size (out, (guint) (header + self->next_offset));
  memset (out->data + header, 0, self->next_offset);
  return g_byte_array_free_to_bytes (out);
}

gboolean
gguf_writer_write_file (GgufWriter  *self,
                        const char  *path,
                        guint64      truncate_to,
                        GError     **error)
{
  g_autoptr(GByteArray) out = build_header (self, NULL);
  guint64 size = truncate_to > 0 ? truncate_to : out->len + self->next_offset;
  gsize len = (gsize) MIN ((guint64) out->len, size);
  gsize done = 0;
  int fd;

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s", g_strerror (errno));
      return FALSE;
    }

  while (done < len)
    {
      ssize_t n = write (fd, out->data + done, len - done);

      if (n <= 0)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, "short write");
          close (fd);
          return FALSE;
        }
      done += (gsize) n;
    }

  /* The data section is a hole: no disk space, instant to create. */
  if (ftruncate (fd, (off_t) size) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "%s", g_strerror (errno));
      close (fd);
      return FALSE;
    }

  close (fd);
  return TRUE;
}

void
gguf_writer_add_llama_tensors (GgufWriter  *self,
                               guint32      n_layers,
                               guint32      hidden,
                               guint32      n_heads,
                               guint32      n_kv_heads,
                               guint32      head_dim,
                               guint32      ffn,
                               guint32      vocab,
                               gboolean     tied,
                               gboolean     qkv_bias,
                               FitGgmlType  matrix_type)
{
  guint64 q = (guint64) n_heads * head_dim;
  guint64 kv = (guint64) n_kv_heads * head_dim;

  gguf_writer_add_tensor (self, "token_embd.weight", matrix_type, 2,
                          (guint64[]) { hidden, vocab });

  for (guint32 i = 0; i < n_layers; i++)
    {
      char name[64];

#define T(suffix, type, nd, ...)                                         \
      G_STMT_START {                                                      \
        g_snprintf (name, sizeof name, "blk.%u." suffix, i);              \
        gguf_writer_add_tensor (self, name, type, nd, (guint64[]) { __VA_ARGS__ }); \
      } G_STMT_END

      T ("attn_norm.weight", FIT_GGML_F32, 1, hidden);
      T ("attn_q.weight", matrix_type, 2, hidden, q);
      T ("attn_k.weight", matrix_type, 2, hidden, kv);
      T ("attn_v.weight", matrix_type, 2, hidden, kv);
      if (qkv_bias)
        {
          T ("attn_q.bias", FIT_GGML_F32, 1, q);
          T ("attn_k.bias", FIT_GGML_F32, 1, kv);
          T ("attn_v.bias", FIT_GGML_F32, 1, kv);
        }
      T ("attn_output.weight", matrix_type, 2, q, hidden);
      T ("ffn_norm.weight", FIT_GGML_F32, 1, hidden);
      T ("ffn_gate.weight", matrix_type, 2, hidden, ffn);
      T ("ffn_up.weight", matrix_type, 2, hidden, ffn);
      T ("ffn_down.weight", matrix_type, 2, ffn, hidden);
#undef T
    }

  gguf_writer_add_tensor (self, "output_norm.weight", FIT_GGML_F32, 1, (guint64[]) { hidden });
  if (!tied)
    gguf_writer_add_tensor (self, "output.weight", matrix_type, 2,
                            (guint64[]) { hidden, vocab });
}
