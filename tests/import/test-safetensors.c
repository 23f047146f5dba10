/* test-safetensors.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fit-import.h"
#include "fit-safetensors.h"
#include "hostile-files.h"

static GBytes *
make_file (const char *header,
           gsize       data_len)
{
  GByteArray *out = g_byte_array_new ();
  guint64 len = GUINT64_TO_LE (strlen (header));

  g_byte_array_append (out, (guint8 *) &len, 8);
  g_byte_array_append (out, (const guint8 *) header, (guint) strlen (header));
  g_byte_array_set_size (out, out->len + (guint) data_len);
  memset (out->data + 8 + strlen (header), 0, data_len);
  return g_byte_array_free_to_bytes (out);
}

static FitSafetensors *
parse (GBytes  *file,
       GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);

  return fit_safetensors_parse_data (data, size, "model.safetensors", error);
}

static const char valid_header[] =
  "{\"__metadata__\":{\"format\":\"pt\"},"
  "\"model.embed_tokens.weight\":{\"dtype\":\"BF16\",\"shape\":[16,8],\"data_offsets\":[0,256]},"
  "\"model.norm.weight\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[256,288]},"
  "\"scale\":{\"dtype\":\"F8_E4M3\",\"shape\":[],\"data_offsets\":[288,289]},"
  "\"packed\":{\"dtype\":\"F4\",\"shape\":[2,3],\"data_offsets\":[289,292]},"
  "\"empty\":{\"dtype\":\"I64\",\"shape\":[0,4],\"data_offsets\":[292,292]}}";

static void
test_valid (void)
{
  g_autoptr(GBytes) file = make_file (valid_header, 292);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitSafetensors) st = parse (file, &error);
  guint64 bytes = 0, elements = 0;

  g_assert_no_error (error);
  g_assert_nonnull (st);
  g_assert_cmpuint (st->n_tensors, ==, 5);
  g_assert_cmpuint (st->header_size, ==, strlen (valid_header));

  for (guint i = 0; i < st->n_tensors; i++)
    {
      bytes += st->tensors[i].end - st->tensors[i].begin;
      elements += st->tensors[i].n_elements;
      if (g_str_equal (st->tensors[i].name, "model.embed_tokens.weight"))
        {
          g_assert_cmpstr (st->tensors[i].dtype, ==, "BF16");
          g_assert_cmpuint (st->tensors[i].bits, ==, 16);
          g_assert_cmpuint (st->tensors[i].n_dims, ==, 2);
          g_assert_cmpuint (st->tensors[i].shape[0], ==, 16);
          g_assert_cmpuint (st->tensors[i].n_elements, ==, 128);
        }
      if (g_str_equal (st->tensors[i].name, "scale"))
        g_assert_cmpuint (st->tensors[i].n_dims, ==, 0);
    }
  g_assert_cmpuint (bytes, ==, 292);
  g_assert_cmpuint (elements, ==, 128 + 8 + 1 + 6 + 0);
}

static void
test_dtypes (void)
{
  static const struct
  {
    const char *dtype;
    guint       bits;
  } known[] = {
    { "BOOL", 8 }, { "U8", 8 }, { "I8", 8 }, { "F8_E5M2", 8 }, { "F8_E4M3", 8 },
    { "I16", 16 }, { "U16", 16 }, { "F16", 16 }, { "BF16", 16 }, { "I32", 32 },
    { "U32", 32 }, { "F32", 32 }, { "I64", 64 }, { "U64", 64 }, { "F64", 64 },
    { "F4", 4 }, { "F8_E8M0", 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    g_assert_cmpuint (fit_safetensors_dtype_bits (known[i].dtype), ==, known[i].bits);
  g_assert_cmpuint (fit_safetensors_dtype_bits ("bf16"), ==, 0);
  g_assert_cmpuint (fit_safetensors_dtype_bits ("Q4_K"), ==, 0);
  g_assert_cmpuint (fit_safetensors_dtype_bits (""), ==, 0);
}

/* Every prefix of a valid file is an error, and a truncation at that. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) file = make_file (valid_header, 292);
  gsize size;
  const guint8 *data = g_bytes_get_data (file, &size);

  for (gsize len = 0; len < size; len++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FitSafetensors) st = fit_safetensors_parse_data (data, len, "cut.safetensors",
                                                                 &error);

      g_assert_null (st);
      g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_TRUNCATED);
      g_assert_nonnull (strstr (error->message, "cut.safetensors"));
    }
}

static void
assert_header_error (const char *header,
                     gsize       data_len,
                     int         code)
{
  g_autoptr(GBytes) file = make_file (header, data_len);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitSafetensors) st = parse (file, &error);

  g_assert_null (st);
  g_assert_error (error, FIT_IMPORT_ERROR, code);
  g_assert_nonnull (strstr (error->message, "model.safetensors"));
}

static void
test_corrupt_headers (void)
{
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                       "\"b\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[12,28]}}",
                       28, FIT_IMPORT_ERROR_CORRUPT);
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,12]}}",
                       16, FIT_IMPORT_ERROR_INCONSISTENT);
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                       15, FIT_IMPORT_ERROR_TRUNCATED);
  assert_header_error ("{\"a\":{\"dtype\":\"Q4_0\",\"shape\":[32],\"data_offsets\":[0,18]}}",
                       18, FIT_IMPORT_ERROR_UNSUPPORTED);
  assert_header_error ("{\"a\":{\"shape\":[4],\"data_offsets\":[0,16]}}", 16,
                       FIT_IMPORT_ERROR_CORRUPT);
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,16]}}", 16,
                       FIT_IMPORT_ERROR_CORRUPT);
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"shape\":[4]}}", 16,
                       FIT_IMPORT_ERROR_CORRUPT);
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}", 16,
                       FIT_IMPORT_ERROR_LIMIT);
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,1e999]}}", 16,
                       FIT_IMPORT_ERROR_LIMIT);
  assert_header_error ("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                       "\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,32]}}", 32,
                       FIT_IMPORT_ERROR_CORRUPT);
  assert_header_error ("{}{}", 0, FIT_IMPORT_ERROR_CORRUPT);
  assert_header_error ("  ", 0, FIT_IMPORT_ERROR_CORRUPT);
  assert_header_error ("\"just a string\"", 0, FIT_IMPORT_ERROR_CORRUPT);
}

static void
test_limits (void)
{
  guint8 raw[16] = { 0 };
  guint64 len = GUINT64_TO_LE (G_GUINT64_CONSTANT (1) << 50);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitSafetensors) st = NULL;

  memcpy (raw, &len, 8);
  memcpy (raw + 8, "{}", 2);
  st = fit_safetensors_parse_data (raw, sizeof raw, "huge.safetensors", &error);
  g_assert_null (st);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_LIMIT);
}

/* Random bytes never crash the parser. */
static void
test_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guint8 buf[512];

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FitSafetensors) st = NULL;
      gsize len = g_rand_int_range (rand, 0, sizeof buf);

      for (gsize i = 0; i < len; i++)
        buf[i] = (guint8) g_rand_int (rand);
      /* A plausible length, so that the JSON parser sees the bytes too. */
      if (len >= 8)
        {
          guint64 n = GUINT64_TO_LE (g_rand_int_range (rand, 0, (gint32) len - 7));

          memcpy (buf, &n, 8);
        }

      st = fit_safetensors_parse_data (buf, len, "garbage.safetensors", &error);
      g_assert_null (st);
      g_assert_nonnull (error);
      g_assert_true (error->domain == FIT_IMPORT_ERROR);
    }
}

static void
test_index (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) shards = NULL;
  g_autoptr(GHashTable) map = NULL;
  const char *json =
    "{\"metadata\":{\"total_size\":100},\"weight_map\":{"
    "\"b\":\"model-00002-of-00002.safetensors\","
    "\"a\":\"model-00001-of-00002.safetensors\","
    "\"c\":\"model-00002-of-00002.safetensors\"}}";

  g_assert_true (fit_safetensors_parse_index (json, strlen (json), "index.json", &shards, &map,
                                              &error));
  g_assert_no_error (error);
  g_assert_cmpuint (shards->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (shards, 0), ==, "model-00001-of-00002.safetensors");
  g_assert_cmpuint (g_hash_table_size (map), ==, 3);

  {
    const char *bad[] = {
      "{\"weight_map\":{\"a\":\"../../etc/passwd.safetensors\"}}",
      "{\"weight_map\":{\"a\":\"/abs.safetensors\"}}",
      "{\"weight_map\":{\"a\":\"model.bin\"}}",
      "{\"weight_map\":{\"a\":5}}",
      "{\"weight_map\":[]}",
      "{\"weight_map\":{}}",
      "{}",
      "[",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) e = NULL;
        g_autoptr(GPtrArray) s = NULL;
        g_autoptr(GHashTable) m = NULL;

        g_assert_false (fit_safetensors_parse_index (bad[i], strlen (bad[i]), "index.json",
                                                     &s, &m, &e));
        g_assert_nonnull (e);
        g_assert_true (e->domain == FIT_IMPORT_ERROR);
      }
  }
}

static gboolean
open_safetensors (const char  *path,
                  const char  *name,
                  GError     **error)
{
  g_autoptr(FitSafetensors) st = fit_safetensors_open (path, error);

  return st != NULL;
}

static void
test_data_files (void)
{
  fit_test_hostile_files ("safetensors", ".safetensors", open_safetensors);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/safetensors/valid", test_valid);
  g_test_add_func ("/safetensors/dtypes", test_dtypes);
  g_test_add_func ("/safetensors/truncated", test_truncated);
  g_test_add_func ("/safetensors/corrupt-headers", test_corrupt_headers);
  g_test_add_func ("/safetensors/limits", test_limits);
  g_test_add_func ("/safetensors/garbage", test_garbage);
  g_test_add_func ("/safetensors/index", test_index);
  g_test_add_func ("/safetensors/data-files", test_data_files);

  return g_test_run ();
}
