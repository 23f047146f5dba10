/* test-catalog-hostile.c — malformed catalog files: each gives a precise
 * error (code, file, line, field) and never a crash.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "fit-catalog.h"
#include "fit-units.h"

typedef enum
{
  KIND_MODELS,
  KIND_GPUS,
  KIND_CARDS,
} Kind;

typedef struct
{
  const char      *file;
  Kind             kind;
  FitCatalogError  code;
  const char      *message;   /* a part of the message */
  const char      *line_of;   /* the error is on the line holding this text, or NULL */
} Case;

static const Case cases[] = {
  { "truncated.json",             KIND_MODELS, FIT_CATALOG_ERROR_PARSE,     "truncated.json:", NULL },
  { "empty.json",                 KIND_MODELS, FIT_CATALOG_ERROR_PARSE,     "empty", NULL },
  { "not-object.json",            KIND_MODELS, FIT_CATALOG_ERROR_TYPE,      "must be an object, not an array", NULL },
  { "trailing-garbage.json",      KIND_MODELS, FIT_CATALOG_ERROR_PARSE,     "after the end", "{\"version\": 1}" },
  { "deep-nesting.json",          KIND_MODELS, FIT_CATALOG_ERROR_PARSE,     "nesting is too deep", NULL },
  { "invalid-utf8.json",          KIND_MODELS, FIT_CATALOG_ERROR_PARSE,     "not valid UTF-8", "Tiny" },
  { "nul-byte.json",              KIND_MODELS, FIT_CATALOG_ERROR_PARSE,     "NUL byte", NULL },
  { "version-2.json",             KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "field “version” is 2", "\"version\"" },
  { "missing-version.json",       KIND_MODELS, FIT_CATALOG_ERROR_MISSING,   "“version” is missing", NULL },
  { "models-not-array.json",      KIND_MODELS, FIT_CATALOG_ERROR_TYPE,      "“models” must be an array, not an object", "\"models\"" },
  { "entry-not-object.json",      KIND_MODELS, FIT_CATALOG_ERROR_TYPE,      "model entry 2: an entry must be an object", "\"tiny-2\"" },
  { "missing-id.json",            KIND_MODELS, FIT_CATALOG_ERROR_MISSING,   "model entry 1: required field “id” is missing", NULL },
  { "missing-geometry.json",      KIND_MODELS, FIT_CATALOG_ERROR_MISSING,   "model “tiny-test” (entry 1): required field “geometry”", NULL },
  { "layers-string.json",         KIND_MODELS, FIT_CATALOG_ERROR_TYPE,      "“geometry.layers” must be an integer, not a string", "\"layers\"" },
  { "layers-zero.json",           KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“geometry.layers” is 0; expected an integer from 1 to 1024", "\"layers\"" },
  { "layers-huge.json",           KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“geometry.layers” is 2000", "\"layers\"" },
  { "layers-float.json",          KIND_MODELS, FIT_CATALOG_ERROR_TYPE,      "“geometry.layers” must be a whole number", "\"layers\"" },
  { "nan-string.json",            KIND_MODELS, FIT_CATALOG_ERROR_TYPE,      "“geometry.hidden_size” must be an integer, not a string", "\"hidden_size\"" },
  { "inf-1e400.json",             KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“params_total_b” is not a finite number", "1e400" },
  { "huge-integer.json",          KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“geometry.vocab_size” is -1", "\"vocab_size\"" },
  { "negative.json",              KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“context_window” is -1", "\"context_window\"" },
  { "kv-heads-not-dividing.json", KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“geometry.kv_heads”: 3 KV heads do not divide 8", "\"kv_heads\"" },
  { "kv-heads-above-heads.json",  KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "16 KV heads for 8 attention heads", "\"kv_heads\"" },
  { "duplicate-id.json",          KIND_MODELS, FIT_CATALOG_ERROR_DUPLICATE, "model “tiny-test” (entry 2): id “tiny-test” is already used by entry 1 at line 5", NULL },
  { "bad-class.json",             KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“class” is “sparse”; expected one of: dense, moe, hybrid", "\"sparse\"" },
  { "bad-pattern.json",           KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“geometry.layer_pattern”", "\"layer_pattern\"" },
  { "sliding-window-missing.json", KIND_MODELS, FIT_CATALOG_ERROR_MISSING,  "“geometry.sliding_window” is missing", "\"geometry\"" },
  { "moe-top-k-too-large.json",   KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“geometry.moe.experts_per_token” is 9; expected an integer from 1 to 8", "\"experts_per_token\"" },
  { "ssm-kind-mismatch.json",     KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“geometry.ssm.kind”", "\"kind\"" },
  { "control-characters.json",    KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“name” contains control characters", "\"name\"" },
  { "null-required.json",         KIND_MODELS, FIT_CATALOG_ERROR_MISSING,   "“name” is missing", "\"name\"" },
  { "bad-date.json",              KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“release_date”: “2024-02-30” is not a date", "\"release_date\"" },
  { "bad-format.json",            KIND_MODELS, FIT_CATALOG_ERROR_RANGE,     "“checkpoint.format” is “q9_z”", "\"q9_z\"" },
  { "gpu-memory-negative.json",   KIND_GPUS,   FIT_CATALOG_ERROR_RANGE,     "GPU “test-gpu” (entry 1): field “memory_bytes” is -8589934592", "\"memory_bytes\"" },
  { "gpu-memory-too-large.json",  KIND_GPUS,   FIT_CATALOG_ERROR_RANGE,     "“memory_bytes” is 17592186044417; expected an integer from 1048576 to 17592186044416", "\"memory_bytes\"" },
  { "gpu-bad-pci.json",           KIND_GPUS,   FIT_CATALOG_ERROR_RANGE,     "“pci_ids[1]”: “nvidia:4090” is not a PCI id", "nvidia:4090" },
  { "gpu-bandwidth-string.json",  KIND_GPUS,   FIT_CATALOG_ERROR_TYPE,      "“bandwidth_gbps” must be a number, not a string", "\"bandwidth_gbps\"" },
  { "gpu-bad-vendor.json",        KIND_GPUS,   FIT_CATALOG_ERROR_RANGE,     "“vendor” is “3dfx”; expected one of: NVIDIA, AMD, Intel, Apple, Other", "\"3dfx\"" },
  { "gpu-share-too-large.json",   KIND_GPUS,   FIT_CATALOG_ERROR_RANGE,     "“unified_share” is 1.5", "\"unified_share\"" },
  { "cards-unknown-model.json",   KIND_CARDS,  FIT_CATALOG_ERROR_MISSING,   "card of “no-such-model”: there is no bundled model with this id", "\"no-such-model\"" },
  { "cards-bad-url.json",         KIND_CARDS,  FIT_CATALOG_ERROR_RANGE,     "“sources[0].text”: “javascript:alert(1)” is not an http:// or https:// address", "javascript" },
  { "cards-item-not-object.json", KIND_CARDS,  FIT_CATALOG_ERROR_TYPE,      "“overview[0]” must be an object, not a string", "\"just text\"" },
};

static char *
read_fixture (const char *name,
              gsize      *len)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "catalog", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_file_get_contents (path, &data, len, &error);
  g_assert_no_error (error);
  return data;
}

static gboolean
parse (FitCatalog  *catalog,
       Kind         kind,
       const char  *data,
       gsize        len,
       const char  *name,
       gboolean     user,
       GError     **error)
{
  switch (kind)
    {
    case KIND_MODELS:
      return fit_catalog_parse_models (catalog, data, len, name, user, error);
    case KIND_GPUS:
      return fit_catalog_parse_devices (catalog, data, len, name, user, error);
    case KIND_CARDS:
      return fit_catalog_parse_cards (catalog, data, len, name, error);
    default:
      g_assert_not_reached ();
    }
}

static guint
line_of (const char *data,
         const char *needle)
{
  const char *p = strstr (data, needle);
  guint line = 1;

  g_assert_nonnull (p);
  for (const char *q = data; q < p; q++)
    line += *q == '\n';
  return line;
}

static void
test_case (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *prefix = NULL;
  gsize len;

  /* Cards go onto the one valid test model. */
  if (c->kind == KIND_CARDS)
    {
      g_autofree char *models = read_fixture ("valid-models.json", &len);

      g_assert_true (fit_catalog_parse_models (catalog, models, len, "valid-models.json", FALSE, &error));
      g_assert_no_error (error);
    }

  data = read_fixture (c->file, &len);
  g_assert_false (parse (catalog, c->kind, data, len, c->file, FALSE, &error));
  g_assert_error (error, FIT_CATALOG_ERROR, (int) c->code);
  g_test_message ("%s", error->message);

  /* file:line:column: first, then what is wrong and where. */
  prefix = g_strdup_printf ("%s:", c->file);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_true (g_regex_match_simple ("^[^:]+:[0-9]+:[0-9]+: ", error->message, 0, 0));
  if (strstr (error->message, c->message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, c->message);

  if (c->line_of != NULL)
    {
      g_autofree char *where = g_strdup_printf ("%s:%u:", c->file, line_of (data, c->line_of));

      if (!g_str_has_prefix (error->message, where))
        g_error ("“%s” is not at “%s”", error->message, where);
    }

  /* A failed bundled file adds nothing. */
  g_assert_cmpuint (fit_catalog_get_n_models (catalog), ==, c->kind == KIND_CARDS ? 1 : 0);
  g_assert_cmpuint (fit_catalog_get_n_devices (catalog), ==, 0);
}

/* In a user file the same problems skip the entry, with a warning that
 * names the file and line; the file-level ones fail the file. */
static void
test_case_user (gconstpointer user_data)
{
  const Case *c = user_data;
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char *const *warnings;
  gboolean ok;
  gsize len;

  data = read_fixture (c->file, &len);
  ok = parse (catalog, c->kind, data, len, c->file, TRUE, &error);
  warnings = fit_catalog_get_warnings (catalog);

  if (ok)
    {
      g_assert_no_error (error);
      g_assert_nonnull (warnings[0]);
      g_assert_nonnull (strstr (warnings[0], c->message));
      g_assert_nonnull (strstr (warnings[0], "entry skipped"));
      g_assert_true (g_str_has_prefix (warnings[0], c->file));
    }
  else
    {
      g_assert_error (error, FIT_CATALOG_ERROR, (int) c->code);
      g_assert_cmpuint (fit_catalog_get_n_models (catalog) + fit_catalog_get_n_devices (catalog), ==, 0);
    }

  /* The entries before and after a bad one survive. */
  if (g_str_equal (c->file, "entry-not-object.json") || g_str_equal (c->file, "duplicate-id.json"))
    {
      g_assert_true (ok);
      g_assert_nonnull (fit_catalog_find_model (catalog, "tiny-test"));
      g_assert_true (fit_catalog_find_model (catalog, "tiny-test")->user_entry);
    }
}

static void
test_valid (void)
{
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *models = NULL;
  g_autofree char *gpus = NULL;
  const FitModel *m;
  const FitDevice *d;
  gsize len;

  models = read_fixture ("valid-models.json", &len);
  g_assert_true (fit_catalog_parse_models (catalog, models, len, "valid-models.json", FALSE, &error));
  g_assert_no_error (error);
  gpus = read_fixture ("valid-gpus.json", &len);
  g_assert_true (fit_catalog_parse_devices (catalog, gpus, len, "valid-gpus.json", FALSE, &error));
  g_assert_no_error (error);

  m = fit_catalog_find_model (catalog, "tiny-test");
  g_assert_nonnull (m);
  g_assert_cmpuint (m->n_layers, ==, 4);
  g_assert_true (m->tied_embeddings);
  g_assert_true (m->gated_ffn);             /* the default */
  g_assert_cmpuint (m->norms_per_layer, ==, 2);
  g_assert_cmpuint (m->n_variants, ==, 2);
  g_assert_cmpint (m->variants[1], ==, FIT_WEIGHTS_GGUF_Q4_K_M);

  d = fit_catalog_find_device (catalog, "test-gpu");
  g_assert_nonnull (d);
  g_assert_cmpuint (d->memory_bytes, ==, 8 * FIT_GIB);
  g_assert_cmphex (d->pci_ids[0], ==, 0x10de1234);
  g_assert_false (d->unified_memory);
  g_assert_cmpfloat (d->unified_share, ==, 1.0);
}

/* The user-mode strict parser sees keys given twice; the fast bundled path
 * cannot (json-glib keeps the last) and the bundled test runs the strict
 * one. Twice inside an entry skips the entry; twice at the top fails the
 * file. */
static void
test_duplicate_key (void)
{
  g_autoptr(FitCatalog) catalog = fit_catalog_new ();
  g_autoptr(FitCatalog) catalog2 = fit_catalog_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  const char *top = "{\"version\": 1,\n \"models\": [],\n \"version\": 1}";
  const char *const *warnings;
  gsize len;

  data = read_fixture ("duplicate-key.json", &len);
  g_assert_true (fit_catalog_parse_models (catalog, data, len, "duplicate-key.json", TRUE, &error));
  g_assert_no_error (error);
  warnings = fit_catalog_get_warnings (catalog);
  g_assert_nonnull (warnings[0]);
  g_assert_true (g_str_has_prefix (warnings[0], "duplicate-key.json:7:"));
  g_assert_nonnull (strstr (warnings[0], "field “name” appears twice"));
  g_assert_nonnull (strstr (warnings[0], "entry skipped"));
  g_assert_null (fit_catalog_find_model (catalog, "tiny-test"));

  g_assert_false (fit_catalog_parse_models (catalog2, top, strlen (top), "top.json", TRUE, &error));
  g_assert_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_DUPLICATE);
  g_assert_true (g_str_has_prefix (error->message, "top.json:3:"));
}

/* Bytes that are not a file at all: every prefix of a valid file, and some
 * random noise, fail cleanly or parse; nothing crashes or leaks. */
static void
test_garbage (void)
{
  g_autofree char *data = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  gsize len;

  data = read_fixture ("valid-models.json", &len);
  for (gsize cut = 0; cut < len; cut += 7)
    {
      g_autoptr(FitCatalog) catalog = fit_catalog_new ();
      g_autoptr(GError) error = NULL;

      if (!fit_catalog_parse_models (catalog, data, cut, "cut.json", FALSE, &error))
        g_assert_true (error->domain == FIT_CATALOG_ERROR);
    }

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(FitCatalog) catalog = fit_catalog_new ();
      g_autoptr(GError) error = NULL;
      static const char alphabet[] = "{}[]\":,0123456789eE.-+ntrufals \\\x80\xff";
      char noise[256];
      gsize n = g_rand_int_range (rand, 0, sizeof noise);

      for (gsize j = 0; j < n; j++)
        noise[j] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      g_assert_false (fit_catalog_parse_devices (catalog, noise, n, "noise.json", FALSE, &error));
      g_assert_true (error->domain == FIT_CATALOG_ERROR);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/catalog/hostile/%s", cases[i].file);
      g_autofree char *user_path = g_strdup_printf ("/catalog/hostile-user/%s", cases[i].file);

      g_test_add_data_func (path, &cases[i], test_case);
      if (cases[i].kind != KIND_CARDS)
        g_test_add_data_func (user_path, &cases[i], test_case_user);
    }
  g_test_add_func ("/catalog/hostile/valid", test_valid);
  g_test_add_func ("/catalog/hostile/duplicate-key", test_duplicate_key);
  g_test_add_func ("/catalog/hostile/garbage", test_garbage);

  return g_test_run ();
}
