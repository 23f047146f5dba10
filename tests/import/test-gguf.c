/* test-gguf.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "fit-gguf.h"
#include "fit-import.h"
#include "gguf-writer.h"
#include "hostile-files.h"

/* A small llama-style model: 64 wide, 4 heads of 16, 2 KV heads. */
static GgufWriter *
tiny (const char *arch,
      guint32     n_layers)
{
  GgufWriter *w = gguf_writer_new ();
  g_autofree char *k = NULL;

#define KEY(s) (g_free (k), k = g_strdup_printf ("%s.%s", arch, s))
  gguf_writer_add_string (w, "general.architecture", arch);
  gguf_writer_add_string (w, "general.name", "Tiny Test");
  gguf_writer_add_u32 (w, KEY ("block_count"), n_layers);
  gguf_writer_add_u32 (w, KEY ("context_length"), 4096);
  gguf_writer_add_u32 (w, KEY ("embedding_length"), 64);
  gguf_writer_add_u32 (w, KEY ("feed_forward_length"), 128);
  gguf_writer_add_u32 (w, KEY ("attention.head_count"), 4);
  gguf_writer_add_u32 (w, KEY ("attention.head_count_kv"), 2);
#undef KEY
  gguf_writer_add_vocab (w, 32);

  return w;
}

static void
tiny_tensors (GgufWriter *w,
              guint32     n_layers)
{
  gguf_writer_add_llama_tensors (w, n_layers, 64, 4, 2, 16, 128, 32, FALSE, FALSE,
                                 FIT_GGML_F16);
}

static FitGguf *
parse_writer (GgufWriter  *w,
              GError     **error)
{
  g_autoptr(GBytes) file = NULL;
  guint64 data_size;
  gsize size;
  const guint8 *data;

  /* Hostile sizes are rejected while the header is read: no data needed. */
  g_bytes_unref (gguf_writer_get_header (w, &data_size));
  if (data_size < 16 * 1024 * 1024)
    file = gguf_writer_get_file (w);
  else
    file = gguf_writer_get_header (w, NULL);
  data = g_bytes_get_data (file, &size);

  return fit_gguf_parse_data (data, size, "test.gguf", error);
}

static FitModel *
model_from_writer (GgufWriter  *w,
                   GError     **error)
{
  g_autoptr(FitGguf) gguf = parse_writer (w, error);

  if (gguf == NULL)
    return NULL;
  return fit_gguf_to_model (&gguf, 1, "test.gguf", NULL, error);
}

static void
assert_parse_error (GgufWriter *w,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FitGguf) gguf = parse_writer (w, &error);

  g_assert_null (gguf);
  g_assert_error (error, FIT_IMPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, "test.gguf"));
}

static void
assert_model_error (GgufWriter *w,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = model_from_writer (w, &error);

  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, "test.gguf"));
}

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fit-gguf-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static GgufWriter *
qwen25_writer (void)
{
  GgufWriter *w = gguf_writer_new ();

  gguf_writer_add_string (w, "general.architecture", "qwen2");
  gguf_writer_add_string (w, "general.type", "model");
  gguf_writer_add_string (w, "general.name", "Qwen2.5 0.5B Instruct");
  gguf_writer_add_string (w, "general.basename", "Qwen2.5");
  gguf_writer_add_string (w, "general.license", "apache-2.0");
  gguf_writer_add_u32 (w, "general.file_type", 1);
  gguf_writer_add_u32 (w, "qwen2.block_count", 24);
  gguf_writer_add_u32 (w, "qwen2.context_length", 32768);
  gguf_writer_add_u32 (w, "qwen2.embedding_length", 896);
  gguf_writer_add_u32 (w, "qwen2.feed_forward_length", 4864);
  gguf_writer_add_u32 (w, "qwen2.attention.head_count", 14);
  gguf_writer_add_u32 (w, "qwen2.attention.head_count_kv", 2);
  gguf_writer_add_f32 (w, "qwen2.rope.freq_base", 1000000.0f);
  gguf_writer_add_f32 (w, "qwen2.attention.layer_norm_rms_epsilon", 1e-6f);
  gguf_writer_add_string (w, "tokenizer.ggml.model", "gpt2");
  gguf_writer_add_vocab (w, 151936);
  gguf_writer_add_llama_tensors (w, 24, 896, 14, 2, 64, 4864, 151936, TRUE, TRUE, FIT_GGML_F16);

  return w;
}

static void
test_qwen25_sparse (void)
{
  g_autoptr(GgufWriter) w = qwen25_writer ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "qwen2.5-0.5b-instruct-f16.gguf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) types = NULL;
  g_autofree char *format = NULL;
  g_autoptr(FitModel) model = NULL;
  guint64 *f16, *f32;
  struct stat st;

  g_assert_true (gguf_writer_write_file (w, path, 0, &error));
  g_assert_no_error (error);

  /* Sparse: about a gigabyte long, a few megabytes on disk. */
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 988208640);

  model = fit_import_path_with_types (path, &types, &format, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);

  g_assert_cmpstr (format, ==, "GGUF");
  g_assert_cmpstr (model->name, ==, "Qwen2.5 0.5B Instruct");
  g_assert_cmpstr (model->architecture, ==, "qwen2");
  g_assert_cmpstr (model->license, ==, "apache-2.0");
  g_assert_cmpstr (model->family, ==, "Qwen2.5");
  g_assert_nonnull (model->source_path);
  g_assert_true (g_str_has_suffix (model->source_path, "qwen2.5-0.5b-instruct-f16.gguf"));
  g_assert_cmpuint (model->n_layers, ==, 24);
  g_assert_cmpuint (model->hidden_size, ==, 896);
  g_assert_cmpuint (model->n_heads, ==, 14);
  g_assert_cmpuint (model->n_kv_heads, ==, 2);
  g_assert_cmpuint (model->head_dim, ==, 64);
  g_assert_cmpuint (model->v_head_dim, ==, 0);
  g_assert_cmpuint (model->intermediate_size, ==, 4864);
  g_assert_cmpuint (model->vocab_size, ==, 151936);
  g_assert_cmpuint (model->context_window, ==, 32768);
  g_assert_true (model->tied_embeddings);
  g_assert_true (model->qkv_bias);
  g_assert_false (model->o_bias);
  g_assert_true (model->gated_ffn);
  g_assert_cmpuint (model->norms_per_layer, ==, 2);
  g_assert_cmpint (model->klass, ==, FIT_MODEL_DENSE);
  g_assert_cmpuint (strlen (model->layer_pattern), ==, 24);
  g_assert_null (strchr (model->layer_pattern, 'S'));

  g_assert_nonnull (model->exact);
  g_assert_cmpuint (model->exact->total_bytes, ==, 988208640);
  g_assert_cmpuint (model->exact->params, ==, 494032768);
  g_assert_cmpuint (model->exact->token_embd_bytes, ==, 896ull * 151936 * 2);
  g_assert_cmpuint (model->exact->output_bytes, ==, 0);
  g_assert_cmpuint (model->exact->other_bytes, ==, 896 * 4);
  g_assert_cmpstr (model->exact->format_label, ==, "F16");
  g_assert_cmpint (model->official_format, ==, FIT_WEIGHTS_GGUF_F16);
  for (guint i = 0; i < 24; i++)
    {
      g_assert_cmpuint (model->exact->layer_bytes[i], ==, model->exact->layer_bytes[0]);
      g_assert_cmpuint (model->exact->layer_expert_bytes[i], ==, 0);
    }
  g_assert_cmpuint (model->exact->token_embd_bytes + 24 * model->exact->layer_bytes[0] +
                    model->exact->other_bytes, ==, 988208640);

  f16 = g_hash_table_lookup (types, "F16");
  f32 = g_hash_table_lookup (types, "F32");
  g_assert_nonnull (f16);
  g_assert_nonnull (f32);
  g_assert_cmpuint (*f16 + *f32, ==, 988208640);
  g_assert_cmpuint (*f32, ==, 71552 * 4);

  remove_tree (dir);
}

static void
test_value_types (void)
{
  g_autoptr(GgufWriter) w = tiny ("llama", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitGguf) gguf = NULL;
  const char *strings[] = { "a", "bé", "" };
  const float floats[] = { 0.5f, -2.0f };
  const FitGgufKv *kv;
  GByteArray *nested = g_byte_array_new ();
  guint32 u32;
  guint64 u64;

  gguf_writer_add_u8 (w, "t.u8", 200);
  gguf_writer_add_i8 (w, "t.i8", -5);
  gguf_writer_add_u16 (w, "t.u16", 60000);
  gguf_writer_add_i16 (w, "t.i16", -30000);
  gguf_writer_add_i32 (w, "t.i32", -70000);
  gguf_writer_add_u64 (w, "t.u64", G_MAXUINT64);
  gguf_writer_add_i64 (w, "t.i64", G_MININT64);
  gguf_writer_add_f32 (w, "t.f32", 1.5f);
  gguf_writer_add_f64 (w, "t.f64", -0.25);
  gguf_writer_add_bool (w, "t.bool", TRUE);
  gguf_writer_add_string_array (w, "t.strings", strings, 3);
  gguf_writer_add_f32_array (w, "t.floats", floats, 2);

  /* An array of two arrays of strings. */
  u32 = FIT_GGUF_TYPE_ARRAY;
  g_byte_array_append (nested, (guint8 *) &u32, 4);
  u64 = 2;
  g_byte_array_append (nested, (guint8 *) &u64, 8);
  for (guint i = 0; i < 2; i++)
    {
      u32 = FIT_GGUF_TYPE_STRING;
      g_byte_array_append (nested, (guint8 *) &u32, 4);
      u64 = 1;
      g_byte_array_append (nested, (guint8 *) &u64, 8);
      u64 = 2;
      g_byte_array_append (nested, (guint8 *) &u64, 8);
      g_byte_array_append (nested, (guint8 *) "xy", 2);
    }
  gguf_writer_add_raw (w, "t.nested", FIT_GGUF_TYPE_ARRAY, nested->data, nested->len);
  g_byte_array_unref (nested);
  tiny_tensors (w, 2);

  gguf = parse_writer (w, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gguf->version, ==, 3);
  g_assert_cmpuint (gguf->alignment, ==, 32);
  g_assert_cmpuint (gguf->data_offset % 32, ==, 0);

  kv = fit_gguf_lookup (gguf, "t.u8");
  g_assert_cmpint (kv->type, ==, FIT_GGUF_TYPE_UINT8);
  g_assert_cmpint (kv->i, ==, 200);
  g_assert_cmpint (fit_gguf_lookup (gguf, "t.i8")->i, ==, -5);
  g_assert_cmpint (fit_gguf_lookup (gguf, "t.u16")->i, ==, 60000);
  g_assert_cmpint (fit_gguf_lookup (gguf, "t.i16")->i, ==, -30000);
  g_assert_cmpint (fit_gguf_lookup (gguf, "t.i32")->i, ==, -70000);
  kv = fit_gguf_lookup (gguf, "t.u64");
  g_assert_true (kv->is_unsigned_big);
  g_assert_cmpuint (kv->u, ==, G_MAXUINT64);
  g_assert_cmpint (fit_gguf_lookup (gguf, "t.i64")->i, ==, G_MININT64);
  g_assert_cmpfloat (fit_gguf_lookup (gguf, "t.f32")->f, ==, 1.5);
  g_assert_cmpfloat (fit_gguf_lookup (gguf, "t.f64")->f, ==, -0.25);
  g_assert_cmpint (fit_gguf_lookup (gguf, "t.bool")->i, ==, 1);

  kv = fit_gguf_lookup (gguf, "t.strings");
  g_assert_cmpint (kv->type, ==, FIT_GGUF_TYPE_ARRAY);
  g_assert_cmpint (kv->array_type, ==, FIT_GGUF_TYPE_STRING);
  g_assert_cmpuint (kv->array_len, ==, 3);
  kv = fit_gguf_lookup (gguf, "t.floats");
  g_assert_cmpuint (kv->array_len, ==, 2);
  g_assert_cmpfloat (kv->array_floats[1], ==, -2.0);
  kv = fit_gguf_lookup (gguf, "t.nested");
  g_assert_cmpint (kv->array_type, ==, FIT_GGUF_TYPE_ARRAY);
  g_assert_cmpuint (kv->array_len, ==, 2);
  kv = fit_gguf_lookup (gguf, "tokenizer.ggml.tokens");
  g_assert_cmpuint (kv->array_len, ==, 32);
  g_assert_cmpstr (fit_gguf_lookup (gguf, "general.architecture")->str, ==, "llama");

  g_assert_cmpuint (gguf->n_tensors, ==, 2 + 2 * 9 + 1);
  g_assert_nonnull (fit_gguf_find_tensor (gguf, "blk.1.ffn_down.weight"));
  g_assert_cmpuint (fit_gguf_find_tensor (gguf, "blk.1.ffn_down.weight")->n_bytes, ==,
                    128 * 64 * 2);
  g_assert_null (fit_gguf_find_tensor (gguf, "blk.2.ffn_down.weight"));
}

static void
test_version2 (void)
{
  g_autoptr(GgufWriter) w = tiny ("llama", 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;

  gguf_writer_set_version (w, 2);
  tiny_tensors (w, 2);
  model = model_from_writer (w, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->head_dim, ==, 16);
  g_assert_false (model->tied_embeddings);
  g_assert_cmpuint (model->exact->output_bytes, ==, 64 * 32 * 2);
  /* No general.file_type: the label is the dominant type. */
  g_assert_cmpstr (model->exact->format_label, ==, "F16");
}

/* Every prefix of a small file is truncated, and says so. */
static void
test_truncated_every_byte (void)
{
  g_autoptr(GgufWriter) w = tiny ("llama", 1);
  g_autoptr(GBytes) file = NULL;
  const guint8 *data;
  gsize size;

  gguf_writer_add_string (w, "general.license", "mit");
  tiny_tensors (w, 1);
  file = gguf_writer_get_file (w);
  data = g_bytes_get_data (file, &size);

  for (gsize len = 0; len < size; len++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FitGguf) gguf = fit_gguf_parse_data (data, len, "cut.gguf", &error);

      g_assert_null (gguf);
      g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_TRUNCATED);
      g_assert_true (g_str_has_prefix (error->message, "cut.gguf: byte "));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FitGguf) gguf = fit_gguf_parse_data (data, size, "whole.gguf", &error);

    g_assert_no_error (error);
    g_assert_nonnull (gguf);
  }
}

/* Files cut at each section boundary, read from disk. */
static void
test_truncated_sections (void)
{
  g_autoptr(GgufWriter) w = qwen25_writer ();
  g_autoptr(GArray) boundaries = gguf_writer_get_boundaries (w);
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "cut.gguf", NULL);
  guint tested = 0;

  /* Every boundary but the last tensor's: after it only data is missing,
   * which is checked too. */
  for (guint i = 0; i < boundaries->len; i += (i < 64 ? 1 : 37))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FitModel) model = NULL;
      guint64 at = g_array_index (boundaries, guint64, i);

      g_assert_true (gguf_writer_write_file (w, path, at, &error));
      model = fit_import_path (path, &error);
      g_assert_null (model);
      g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_TRUNCATED);
      g_assert_nonnull (strstr (error->message, "cut.gguf"));
      tested++;
    }
  g_assert_cmpuint (tested, >, 20);

  remove_tree (dir);
}

static GBytes *
patch (GBytes  *file,
       gsize    offset,
       const void *bytes,
       gsize    len)
{
  gsize size;
  guint8 *copy = g_memdup2 (g_bytes_get_data (file, &size), g_bytes_get_size (file));

  g_assert_cmpuint (offset + len, <=, size);
  memcpy (copy + offset, bytes, len);
  return g_bytes_new_take (copy, size);
}

static void
assert_bytes_error (GBytes *file,
                    int     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FitGguf) gguf = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);

  gguf = fit_gguf_parse_data (data, size, "test.gguf", &error);
  g_assert_null (gguf);
  g_assert_error (error, FIT_IMPORT_ERROR, code);
}

static void
test_header_fields (void)
{
  g_autoptr(GgufWriter) w = tiny ("llama", 1);
  g_autoptr(GBytes) file = NULL;
  guint32 v32;
  guint64 v64;

  tiny_tensors (w, 1);
  file = gguf_writer_get_file (w);

  {
    g_autoptr(GBytes) bad = patch (file, 0, "GGUX", 4);

    assert_bytes_error (bad, FIT_IMPORT_ERROR_CORRUPT);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(FitGguf) gguf = NULL;
    g_autoptr(GBytes) bad = NULL;

    v32 = GUINT32_SWAP_LE_BE (3);
    bad = patch (file, 4, &v32, 4);
    gguf = fit_gguf_parse_data (g_bytes_get_data (bad, NULL), g_bytes_get_size (bad),
                                "be.gguf", &error);
    g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_UNSUPPORTED);
    g_assert_nonnull (strstr (error->message, "big-endian"));
    g_assert_nonnull (strstr (error->message, "be.gguf: byte 4"));
  }

  for (guint32 v = 0; v < 8; v++)
    {
      g_autoptr(GBytes) bad = NULL;

      if (v == 2 || v == 3)
        continue;
      bad = patch (file, 4, &v, 4);
      assert_bytes_error (bad, FIT_IMPORT_ERROR_UNSUPPORTED);
    }

  {
    g_autoptr(GBytes) bad = NULL;

    v64 = G_GUINT64_CONSTANT (1) << 40;
    bad = patch (file, 8, &v64, 8);
    assert_bytes_error (bad, FIT_IMPORT_ERROR_LIMIT);
  }

  {
    g_autoptr(GBytes) bad = NULL;

    v64 = G_MAXUINT64;
    bad = patch (file, 16, &v64, 8);
    assert_bytes_error (bad, FIT_IMPORT_ERROR_LIMIT);
  }

  {
    g_autoptr(GBytes) bad = NULL;

    /* Plausible, but far more than the file holds. */
    v64 = 100000;
    bad = patch (file, 16, &v64, 8);
    assert_bytes_error (bad, FIT_IMPORT_ERROR_TRUNCATED);
  }
}

static void
test_huge_lengths (void)
{
  guint8 raw[64];
  guint32 type;
  guint64 n;

  /* A string claiming 1 GiB. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    n = G_GUINT64_CONSTANT (1) << 30;
    gguf_writer_add_raw (w, "general.description", FIT_GGUF_TYPE_STRING, &n, 8);
    assert_parse_error (w, FIT_IMPORT_ERROR_LIMIT);
  }

  /* A string of 100 bytes with 10 left. */
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    n = 100;
    memcpy (raw, &n, 8);
    memcpy (raw + 8, "0123456789", 10);
    gguf_writer_add_raw (w, "general.description", FIT_GGUF_TYPE_STRING, raw, 18);
    assert_parse_error (w, FIT_IMPORT_ERROR_TRUNCATED);
  }

  /* An array of 2^40 uint32. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    type = FIT_GGUF_TYPE_UINT32;
    n = G_GUINT64_CONSTANT (1) << 40;
    memcpy (raw, &type, 4);
    memcpy (raw + 4, &n, 8);
    gguf_writer_add_raw (w, "t.array", FIT_GGUF_TYPE_ARRAY, raw, 12);
    assert_parse_error (w, FIT_IMPORT_ERROR_LIMIT);
  }

  /* An array of 1 M strings in a small file. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    type = FIT_GGUF_TYPE_STRING;
    n = 1 << 20;
    memcpy (raw, &type, 4);
    memcpy (raw + 4, &n, 8);
    gguf_writer_add_raw (w, "t.array", FIT_GGUF_TYPE_ARRAY, raw, 12);
    assert_parse_error (w, FIT_IMPORT_ERROR_TRUNCATED);
  }

  /* Arrays nested deeper than the limit. */
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();
    g_autoptr(GByteArray) deep = g_byte_array_new ();

    for (guint i = 0; i < 20; i++)
      {
        type = FIT_GGUF_TYPE_ARRAY;
        n = 1;
        g_byte_array_append (deep, (guint8 *) &type, 4);
        g_byte_array_append (deep, (guint8 *) &n, 8);
      }
    g_byte_array_set_size (deep, deep->len + 4096);
    gguf_writer_add_raw (w, "t.deep", FIT_GGUF_TYPE_ARRAY, deep->data, deep->len);
    assert_parse_error (w, FIT_IMPORT_ERROR_LIMIT);
  }

  /* A 2 MiB string: too long, except for a tokenizer value. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    g_autoptr(GgufWriter) t = tiny ("llama", 1);
    g_autofree char *big = g_malloc (2 << 20);
    g_autoptr(GError) error = NULL;
    g_autoptr(FitGguf) gguf = NULL;

    memset (big, 'x', (2 << 20) - 1);
    big[(2 << 20) - 1] = '\0';
    gguf_writer_add_string (w, "general.description", big);
    assert_parse_error (w, FIT_IMPORT_ERROR_LIMIT);

    gguf_writer_add_string (t, "tokenizer.huggingface.json", big);
    tiny_tensors (t, 1);
    gguf = parse_writer (t, &error);
    g_assert_no_error (error);
    g_assert_nonnull (fit_gguf_lookup (gguf, "tokenizer.huggingface.json"));
    g_assert_null (fit_gguf_lookup (gguf, "tokenizer.huggingface.json")->str);
  }

  /* A dimension above 2^40, and dimensions whose product overflows. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor_at (w, "big", FIT_GGML_F32, 1,
                               (guint64[]) { (G_GUINT64_CONSTANT (1) << 40) + 1 }, 0);
    assert_parse_error (w, FIT_IMPORT_ERROR_LIMIT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    guint64 d = G_GUINT64_CONSTANT (1) << 40;

    gguf_writer_add_tensor_at (w, "big", FIT_GGML_F32, 3, (guint64[]) { d, d, d }, 0);
    assert_parse_error (w, FIT_IMPORT_ERROR_LIMIT);
  }
}

static void
test_wrong_types (void)
{
  guint32 v = 7;

  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_string (w, "general.alignment", "32");
    tiny_tensors (w, 1);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_u32 (w, "general.alignment", 48);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_raw (w, "t.unknown", 13, &v, 4);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    guint8 raw[12] = { 99, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0 };

    gguf_writer_add_raw (w, "t.array", FIT_GGUF_TYPE_ARRAY, raw, 12);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    guint8 b = 2;

    gguf_writer_add_raw (w, "t.bool", FIT_GGUF_TYPE_BOOL, &b, 1);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }

  /* Geometry keys of the wrong type are caught when the model is built. */
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_string (w, "general.architecture", "llama");
    gguf_writer_add_string (w, "llama.block_count", "2");
    assert_model_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_string (w, "general.architecture", "llama");
    gguf_writer_add_f32 (w, "llama.block_count", 2.0f);
    assert_model_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_u32 (w, "general.architecture", 1);
    assert_model_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 2);
    const float heads[] = { 4, 4 };

    gguf_writer_add_f32_array (w, "llama.attention.head_count_kv", heads, 2);
    tiny_tensors (w, 2);
    /* head_count_kv appears twice: the duplicate is caught first. */
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();
    const float heads[] = { 4, 4 };

    gguf_writer_add_string (w, "general.architecture", "llama");
    gguf_writer_add_u32 (w, "llama.block_count", 2);
    gguf_writer_add_u32 (w, "llama.embedding_length", 64);
    gguf_writer_add_f32_array (w, "llama.attention.head_count", heads, 2);
    assert_model_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_string (w, "general.architecture", "llama");
    gguf_writer_add_u32 (w, "llama.block_count", 1);
    gguf_writer_add_u32 (w, "llama.embedding_length", 64);
    gguf_writer_add_u32 (w, "llama.attention.head_count", 4);
    gguf_writer_add_u32 (w, "tokenizer.ggml.tokens", 32);
    assert_model_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_i32 (w, "llama.attention.key_length", -16);
    tiny_tensors (w, 1);
    assert_model_error (w, FIT_IMPORT_ERROR_LIMIT);
  }
}

static void
test_duplicates (void)
{
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_u32 (w, "llama.block_count", 1);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(FitGguf) gguf = NULL;

    tiny_tensors (w, 1);
    gguf_writer_add_tensor (w, "blk.0.attn_q.weight", FIT_GGML_F16, 2, (guint64[]) { 64, 64 });
    gguf = parse_writer (w, &error);
    g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "blk.0.attn_q.weight"));
  }
}

static void
test_invalid_utf8 (void)
{
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_u32 (w, "bad\xff" "key", 1);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_string (w, "general.description", "caf\xc3");
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor (w, "bad\xc0\x80name", FIT_GGML_F32, 1, (guint64[]) { 4 });
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    const char *strings[] = { "ok", "\xed\xa0\x80" };

    gguf_writer_add_string_array (w, "general.tags", strings, 2);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    /* Vocabularies may hold raw bytes: accepted. */
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(FitGguf) gguf = NULL;
    const char *strings[] = { "ok", "\xff" };

    gguf_writer_add_string_array (w, "tokenizer.ggml.merges", strings, 2);
    tiny_tensors (w, 1);
    gguf = parse_writer (w, &error);
    g_assert_no_error (error);
  }
}

static void
test_offsets (void)
{
  /* Misaligned. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor_at (w, "x", FIT_GGML_F32, 1, (guint64[]) { 8 }, 16);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  /* Past the end of the file. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    g_autoptr(GBytes) header = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(FitGguf) gguf = NULL;
    guint64 data_size;

    tiny_tensors (w, 1);
    header = gguf_writer_get_header (w, &data_size);
    gguf = fit_gguf_parse_data (g_bytes_get_data (header, NULL), g_bytes_get_size (header) +
                                0, "test.gguf", &error);
    g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_TRUNCATED);
    g_assert_nonnull (strstr (error->message, "token_embd.weight"));
  }
  /* Overlapping. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor_at (w, "a", FIT_GGML_F32, 1, (guint64[]) { 64 }, 0);
    gguf_writer_add_tensor_at (w, "b", FIT_GGML_F32, 1, (guint64[]) { 64 }, 128);
    gguf_writer_add_tensor_at (w, "c", FIT_GGML_F32, 1, (guint64[]) { 64 }, 224);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  /* A custom alignment is honoured. */
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    g_autoptr(GError) error = NULL;
    g_autoptr(FitGguf) gguf = NULL;

    gguf_writer_set_alignment (w, 64);
    gguf_writer_add_u32 (w, "general.alignment", 64);
    tiny_tensors (w, 1);
    gguf = parse_writer (w, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gguf->alignment, ==, 64);
    g_assert_cmpuint (gguf->data_offset % 64, ==, 0);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_u32 (w, "general.alignment", 64);
    gguf_writer_add_tensor_at (w, "x", FIT_GGML_F32, 1, (guint64[]) { 8 }, 32);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
}

static void
test_tensor_infos (void)
{
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor (w, "x", FIT_GGML_F32, 5, (guint64[]) { 1, 1, 1, 1, 1 });
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor (w, "x", (FitGgmlType) 4, 1, (guint64[]) { 32 });
    assert_parse_error (w, FIT_IMPORT_ERROR_UNSUPPORTED);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor (w, "x", (FitGgmlType) 1000, 1, (guint64[]) { 32 });
    assert_parse_error (w, FIT_IMPORT_ERROR_UNSUPPORTED);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    /* Q4_K blocks hold 256 elements. */
    gguf_writer_add_tensor_at (w, "x", FIT_GGML_Q4_K, 2, (guint64[]) { 100, 4 }, 0);
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);

    gguf_writer_add_tensor (w, "", FIT_GGML_F32, 1, (guint64[]) { 4 });
    assert_parse_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
  {
    g_autoptr(GgufWriter) w = tiny ("llama", 1);
    g_autofree char *name = g_strnfill (300, 'n');

    gguf_writer_add_tensor (w, name, FIT_GGML_F32, 1, (guint64[]) { 4 });
    assert_parse_error (w, FIT_IMPORT_ERROR_LIMIT);
  }
}

/* A writer with the common keys of a model, for the geometry tests. */
static GgufWriter *
geometry (const char *arch,
          guint32     n_layers,
          guint32     hidden,
          guint32     heads,
          gint        kv_heads)
{
  GgufWriter *w = gguf_writer_new ();
  g_autofree char *k = NULL;

#define KEY(s) (g_free (k), k = g_strdup_printf ("%s.%s", arch, s))
  gguf_writer_add_string (w, "general.architecture", arch);
  gguf_writer_add_u32 (w, KEY ("block_count"), n_layers);
  gguf_writer_add_u32 (w, KEY ("context_length"), 8192);
  gguf_writer_add_u32 (w, KEY ("embedding_length"), hidden);
  gguf_writer_add_u32 (w, KEY ("feed_forward_length"), 4 * hidden);
  gguf_writer_add_u32 (w, KEY ("attention.head_count"), heads);
  if (kv_heads >= 0)
    gguf_writer_add_u32 (w, KEY ("attention.head_count_kv"), (guint32) kv_heads);
#undef KEY
  gguf_writer_add_vocab (w, 16);

  return w;
}

static void
test_inconsistent (void)
{
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 0, -1);

    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    /* 6 heads do not divide 64 and no key_length says otherwise. */
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 6, 6);

    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 6, 6);
    g_autoptr(GError) error = NULL;
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "llama.attention.key_length", 16);
    model = model_from_writer (w, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (model->head_dim, ==, 16);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 4, 3);

    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 3, 64, 4, -1);
    const guint32 kv[] = { 2, 2 };

    gguf_writer_add_u32_array (w, "llama.attention.head_count_kv", kv, 2);
    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 0, 64, 4, 4);

    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 5000, 64, 4, 4);

    assert_model_error (w, FIT_IMPORT_ERROR_LIMIT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 4, 4);

    gguf_writer_add_tensor (w, "blk.7.attn_q.weight", FIT_GGML_F32, 2, (guint64[]) { 64, 64 });
    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 4, 4);

    gguf_writer_add_tensor (w, "token_embd.weight", FIT_GGML_F32, 2, (guint64[]) { 32, 16 });
    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 4, 4);

    gguf_writer_add_u32 (w, "llama.expert_count", 8);
    gguf_writer_add_u32 (w, "llama.expert_used_count", 9);
    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("llama", 2, 64, 4, 4);

    gguf_writer_add_u32 (w, "split.count", 3);
    assert_model_error (w, FIT_IMPORT_ERROR_MISSING);
  }
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_u32 (w, "llama.block_count", 2);
    assert_model_error (w, FIT_IMPORT_ERROR_MISSING);
  }
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_string (w, "general.architecture", "llama");
    gguf_writer_add_u32 (w, "llama.embedding_length", 64);
    assert_model_error (w, FIT_IMPORT_ERROR_MISSING);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("clip", 2, 64, 4, 4);

    assert_model_error (w, FIT_IMPORT_ERROR_UNSUPPORTED);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("ll ama", 2, 64, 4, 4);

    assert_model_error (w, FIT_IMPORT_ERROR_CORRUPT);
  }
}

static FitModel *
expect_model (GgufWriter *w)
{
  g_autoptr(GError) error = NULL;
  FitModel *model = model_from_writer (w, &error);

  g_assert_no_error (error);
  g_assert_nonnull (model);
  return model;
}

static void
test_sliding_patterns (void)
{
  {
    g_autoptr(GgufWriter) w = geometry ("gemma3", 12, 64, 4, 1);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "gemma3.attention.sliding_window", 512);
    gguf_writer_add_u32 (w, "gemma3.attention.key_length", 32);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "SSSSSFSSSSSF");
    g_assert_cmpuint (model->sliding_window, ==, 512);
    g_assert_cmpuint (model->head_dim, ==, 32);
  }
  {
    g_autoptr(GgufWriter) w = geometry ("gemma2", 4, 64, 4, 2);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "gemma2.attention.sliding_window", 4096);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "SFSF");
  }
  {
    /* The pattern key overrides gemma3's period. */
    g_autoptr(GgufWriter) w = geometry ("gemma3", 6, 64, 4, 1);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "gemma3.attention.sliding_window", 512);
    gguf_writer_add_u32 (w, "gemma3.attention.sliding_window_pattern", 3);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "SSFSSF");
  }
  {
    g_autoptr(GgufWriter) w = geometry ("step35", 4, 64, 4, 1);
    g_autoptr(FitModel) model = NULL;
    const gboolean swa[] = { FALSE, TRUE, TRUE, FALSE };

    gguf_writer_add_u32 (w, "step35.attention.sliding_window", 128);
    gguf_writer_add_bool_array (w, "step35.attention.sliding_window_pattern", swa, 4);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "FSSF");
  }
  {
    g_autoptr(GgufWriter) w = geometry ("step35", 4, 64, 4, 1);
    const gboolean swa[] = { FALSE, TRUE, TRUE };

    gguf_writer_add_u32 (w, "step35.attention.sliding_window", 128);
    gguf_writer_add_bool_array (w, "step35.attention.sliding_window_pattern", swa, 3);
    assert_model_error (w, FIT_IMPORT_ERROR_INCONSISTENT);
  }
  {
    /* Unknown to llama.cpp's SWA tables: full attention, which can only
     * overstate the cache (Phi-3 states a window it never uses). */
    g_autoptr(GgufWriter) w = geometry ("phi3", 4, 64, 4, 4);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "phi3.attention.sliding_window", 2047);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "FFFF");
  }
  {
    /* gpt-oss: alternating from layer 0, every layer MoE. */
    g_autoptr(GgufWriter) w = geometry ("gpt-oss", 4, 64, 8, 2);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "gpt-oss.attention.sliding_window", 128);
    gguf_writer_add_u32 (w, "gpt-oss.attention.key_length", 16);
    gguf_writer_add_u32 (w, "gpt-oss.attention.value_length", 16);
    gguf_writer_add_u32 (w, "gpt-oss.expert_count", 32);
    gguf_writer_add_u32 (w, "gpt-oss.expert_used_count", 4);
    gguf_writer_add_u32 (w, "gpt-oss.expert_feed_forward_length", 64);
    for (guint i = 0; i < 4; i++)
      {
        g_autofree char *name = g_strdup_printf ("blk.%u.ffn_gate_exps.weight", i);
        g_autofree char *down = g_strdup_printf ("blk.%u.ffn_down_exps.weight", i);
        g_autofree char *q = g_strdup_printf ("blk.%u.attn_q.weight", i);

        gguf_writer_add_tensor (w, name, FIT_GGML_MXFP4, 3, (guint64[]) { 64, 64, 32 });
        gguf_writer_add_tensor (w, down, FIT_GGML_MXFP4, 3, (guint64[]) { 64, 64, 32 });
        gguf_writer_add_tensor (w, q, FIT_GGML_BF16, 2, (guint64[]) { 64, 128 });
      }
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "SFSF");
    g_assert_cmpint (model->klass, ==, FIT_MODEL_MOE);
    g_assert_cmpuint (model->n_moe_layers, ==, 4);
    g_assert_cmpuint (model->exact->layer_expert_bytes[2], ==, 2 * 64 * 64 * 32 / 32 * 17);
    g_assert_cmpuint (model->exact->layer_bytes[2], ==,
                      model->exact->layer_expert_bytes[2] + 64 * 128 * 2);
    g_assert_cmpstr (model->exact->format_label, ==, "MXFP4");
  }
}

static void
test_hybrids (void)
{
  {
    /* Jamba: attention where head_count_kv is not zero, Mamba elsewhere,
     * experts every other layer. */
    g_autoptr(GgufWriter) w = geometry ("jamba", 8, 64, 4, -1);
    g_autoptr(FitModel) model = NULL;
    const guint32 kv[] = { 0, 0, 0, 0, 2, 0, 0, 0 };

    gguf_writer_add_u32_array (w, "jamba.attention.head_count_kv", kv, 8);
    gguf_writer_add_u32 (w, "jamba.ssm.conv_kernel", 4);
    gguf_writer_add_u32 (w, "jamba.ssm.state_size", 16);
    gguf_writer_add_u32 (w, "jamba.ssm.inner_size", 128);
    gguf_writer_add_u32 (w, "jamba.ssm.time_step_rank", 4);
    gguf_writer_add_u32 (w, "jamba.expert_count", 4);
    gguf_writer_add_u32 (w, "jamba.expert_used_count", 2);
    for (guint i = 1; i < 8; i += 2)
      {
        g_autofree char *name = g_strdup_printf ("blk.%u.ffn_up_exps.weight", i);

        gguf_writer_add_tensor (w, name, FIT_GGML_Q8_0, 3, (guint64[]) { 64, 256, 4 });
      }
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "MMMMFMMM");
    g_assert_cmpint (model->ssm_kind, ==, FIT_SSM_MAMBA1);
    g_assert_cmpint (model->klass, ==, FIT_MODEL_HYBRID);
    g_assert_cmpuint (model->n_kv_heads, ==, 2);
    g_assert_cmpuint (model->moe_layer_period, ==, 2);
    g_assert_cmpuint (model->moe_layer_offset, ==, 1);
    g_assert_cmpuint (model->n_moe_layers, ==, 4);
    g_assert_cmpuint (model->n_state_layers, ==, 7);
  }
  {
    /* Falcon-H1: Mamba-2 beside attention in every layer. */
    g_autoptr(GgufWriter) w = geometry ("falcon-h1", 3, 64, 4, 2);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "falcon-h1.ssm.conv_kernel", 4);
    gguf_writer_add_u32 (w, "falcon-h1.ssm.state_size", 64);
    gguf_writer_add_u32 (w, "falcon-h1.ssm.inner_size", 128);
    gguf_writer_add_u32 (w, "falcon-h1.ssm.group_count", 1);
    gguf_writer_add_u32 (w, "falcon-h1.ssm.time_step_rank", 8);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "PPP");
    g_assert_cmpint (model->ssm_kind, ==, FIT_SSM_MAMBA2);
    g_assert_cmpuint (model->ssm_n_heads, ==, 8);
    g_assert_cmpuint (model->ssm_head_dim, ==, 16);
  }
  {
    /* Mamba: no attention at all. */
    g_autoptr(GgufWriter) w = geometry ("mamba", 2, 64, 0, 0);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "mamba.ssm.conv_kernel", 4);
    gguf_writer_add_u32 (w, "mamba.ssm.state_size", 16);
    gguf_writer_add_u32 (w, "mamba.ssm.inner_size", 128);
    gguf_writer_add_u32 (w, "mamba.ssm.time_step_rank", 4);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "MM");
    g_assert_cmpuint (model->n_heads, ==, 0);
  }
  {
    /* Qwen3-Next: Gated DeltaNet, full attention every fourth layer. */
    g_autoptr(GgufWriter) w = geometry ("qwen3next", 8, 64, 4, 2);
    g_autoptr(FitModel) model = NULL;

    gguf_writer_add_u32 (w, "qwen3next.attention.key_length", 32);
    gguf_writer_add_u32 (w, "qwen3next.ssm.conv_kernel", 4);
    gguf_writer_add_u32 (w, "qwen3next.ssm.state_size", 16);
    gguf_writer_add_u32 (w, "qwen3next.ssm.group_count", 2);
    gguf_writer_add_u32 (w, "qwen3next.ssm.time_step_rank", 4);
    gguf_writer_add_u32 (w, "qwen3next.ssm.inner_size", 64);
    model = expect_model (w);
    g_assert_cmpstr (model->layer_pattern, ==, "LLLFLLLF");
    g_assert_cmpint (model->ssm_kind, ==, FIT_SSM_GATED_DELTANET);
    g_assert_cmpuint (model->lin_value_head_dim, ==, 16);
  }
  {
    /* A layer without attention and without recurrent state. */
    g_autoptr(GgufWriter) w = geometry ("lfm2", 2, 64, 4, -1);
    const guint32 kv[] = { 0, 2 };

    gguf_writer_add_u32_array (w, "lfm2.attention.head_count_kv", kv, 2);
    assert_model_error (w, FIT_IMPORT_ERROR_UNSUPPORTED);
  }
}

static void
test_mla_moe (void)
{
  g_autoptr(GgufWriter) w = geometry ("deepseek2", 4, 64, 4, 1);
  g_autoptr(FitModel) model = NULL;

  gguf_writer_add_u32 (w, "deepseek2.attention.key_length", 96);
  gguf_writer_add_u32 (w, "deepseek2.attention.value_length", 64);
  gguf_writer_add_u32 (w, "deepseek2.attention.key_length_mla", 48);
  gguf_writer_add_u32 (w, "deepseek2.attention.value_length_mla", 32);
  gguf_writer_add_u32 (w, "deepseek2.attention.kv_lora_rank", 64);
  gguf_writer_add_u32 (w, "deepseek2.attention.q_lora_rank", 96);
  gguf_writer_add_u32 (w, "deepseek2.rope.dimension_count", 16);
  gguf_writer_add_u32 (w, "deepseek2.expert_count", 16);
  gguf_writer_add_u32 (w, "deepseek2.expert_used_count", 4);
  gguf_writer_add_u32 (w, "deepseek2.expert_shared_count", 1);
  gguf_writer_add_u32 (w, "deepseek2.expert_feed_forward_length", 32);
  gguf_writer_add_u32 (w, "deepseek2.leading_dense_block_count", 1);
  for (guint i = 1; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("blk.%u.ffn_down_exps.weight", i);
      g_autofree char *shared = g_strdup_printf ("blk.%u.ffn_down_shexp.weight", i);

      gguf_writer_add_tensor (w, name, FIT_GGML_Q4_K, 3, (guint64[]) { 256, 64, 16 });
      gguf_writer_add_tensor (w, shared, FIT_GGML_Q8_0, 2, (guint64[]) { 32, 64 });
    }
  gguf_writer_add_u32 (w, "general.file_type", 15);

  model = expect_model (w);
  g_assert_cmpuint (model->kv_lora_rank, ==, 64);
  g_assert_cmpuint (model->q_lora_rank, ==, 96);
  g_assert_cmpuint (model->head_dim, ==, 48);
  g_assert_cmpuint (model->v_head_dim, ==, 32);
  g_assert_cmpuint (model->qk_rope_head_dim, ==, 16);
  g_assert_cmpuint (model->qk_nope_head_dim, ==, 32);
  g_assert_cmpuint (model->n_experts, ==, 16);
  g_assert_cmpuint (model->n_shared_experts, ==, 1);
  g_assert_cmpuint (model->first_dense_layers, ==, 1);
  g_assert_cmpuint (model->n_moe_layers, ==, 3);
  g_assert_cmpuint (model->exact->layer_expert_bytes[0], ==, 0);
  g_assert_cmpuint (model->exact->layer_expert_bytes[1], ==, 64 * 16 * 144);
  g_assert_cmpuint (model->exact->layer_bytes[1], ==, 64 * 16 * 144 + 64 * 34);
  g_assert_cmpstr (model->exact->format_label, ==, "Q4_K_M");
  g_assert_cmpint (model->official_format, ==, FIT_WEIGHTS_GGUF_Q4_K_M);
  g_assert_cmpint (model->klass, ==, FIT_MODEL_MOE);
}

static void
write_part (GgufWriter *w,
            const char *dir,
            guint       part,
            guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("tiny-%05u-of-%05u.gguf", part, count);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (gguf_writer_write_file (w, path, 0, &error));
  g_assert_no_error (error);
}

static void
test_split (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *second = g_build_filename (dir, "tiny-00002-of-00003.gguf", NULL);
  g_autofree char *third = g_build_filename (dir, "tiny-00003-of-00003.gguf", NULL);
  g_autoptr(GgufWriter) whole = tiny ("llama", 3);
  g_autoptr(FitModel) reference = NULL;
  g_autoptr(FitModel) model = NULL;
  g_autoptr(GError) error = NULL;

  tiny_tensors (whole, 3);
  reference = expect_model (whole);

  for (guint p = 0; p < 3; p++)
    {
      g_autoptr(GgufWriter) w = p == 0 ? tiny ("llama", 3) : gguf_writer_new ();
      g_autofree char *q = g_strdup_printf ("blk.%u.attn_q.weight", p);
      g_autofree char *o = g_strdup_printf ("blk.%u.attn_output.weight", p);

      gguf_writer_add_u16 (w, "split.no", p);
      gguf_writer_add_u16 (w, "split.count", 3);
      gguf_writer_add_i32 (w, "split.tensors.count", 6);
      gguf_writer_add_tensor (w, q, FIT_GGML_F16, 2, (guint64[]) { 64, 64 });
      gguf_writer_add_tensor (w, o, FIT_GGML_F16, 2, (guint64[]) { 64, 64 });
      write_part (w, dir, p + 1, 3);
    }

  /* Opening any part finds the others. */
  model = fit_import_path (second, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->exact->total_bytes, ==, 6 * 64 * 64 * 2);
  g_assert_cmpuint (model->exact->layer_bytes[2], ==, 2 * 64 * 64 * 2);
  g_assert_cmpstr (model->name, ==, "Tiny Test");
  g_assert_cmpuint (model->n_layers, ==, reference->n_layers);
  g_clear_pointer (&model, fit_model_free);

  g_unlink (third);
  model = fit_import_path (second, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "tiny-00003-of-00003.gguf"));
  g_clear_error (&error);

  /* A part that says it is another. */
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_u16 (w, "split.no", 1);
    write_part (w, dir, 3, 3);
  }
  model = fit_import_path (second, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_INCONSISTENT);
  g_clear_error (&error);

  /* The same tensor in two parts. */
  {
    g_autoptr(GgufWriter) w = gguf_writer_new ();

    gguf_writer_add_tensor (w, "blk.0.attn_q.weight", FIT_GGML_F16, 2, (guint64[]) { 64, 64 });
    gguf_writer_add_tensor (w, "blk.2.ffn_up.weight", FIT_GGML_F16, 2, (guint64[]) { 64, 64 });
    write_part (w, dir, 3, 3);
  }
  model = fit_import_path (second, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_CORRUPT);

  remove_tree (dir);
}

/* The committed hostile files: the code is the name's first word. */
static gboolean
open_gguf (const char  *path,
           const char  *name,
           GError     **error)
{
  g_autoptr(FitModel) model = fit_import_path (path, error);

  return model != NULL;
}

static void
test_data_files (void)
{
  fit_test_hostile_files ("gguf", ".gguf", open_gguf);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gguf/qwen2.5-sparse", test_qwen25_sparse);
  g_test_add_func ("/gguf/value-types", test_value_types);
  g_test_add_func ("/gguf/version2", test_version2);
  g_test_add_func ("/gguf/truncated-every-byte", test_truncated_every_byte);
  g_test_add_func ("/gguf/truncated-sections", test_truncated_sections);
  g_test_add_func ("/gguf/header-fields", test_header_fields);
  g_test_add_func ("/gguf/huge-lengths", test_huge_lengths);
  g_test_add_func ("/gguf/wrong-types", test_wrong_types);
  g_test_add_func ("/gguf/duplicates", test_duplicates);
  g_test_add_func ("/gguf/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/gguf/offsets", test_offsets);
  g_test_add_func ("/gguf/tensor-infos", test_tensor_infos);
  g_test_add_func ("/gguf/inconsistent", test_inconsistent);
  g_test_add_func ("/gguf/sliding-patterns", test_sliding_patterns);
  g_test_add_func ("/gguf/hybrids", test_hybrids);
  g_test_add_func ("/gguf/mla-moe", test_mla_moe);
  g_test_add_func ("/gguf/split", test_split);
  g_test_add_func ("/gguf/data-files", test_data_files);

  return g_test_run ();
}
