/* test-catalog.c — every bundled model and GPU: units, ranges, the
 * parameter count derived from the geometry, KV per token, and agreement
 * with the reference tables.
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "fit-catalog.h"
#include "fit-catalog-private.h"
#include "fit-units.h"

static FitCatalog *catalog;

/* ------------------------------------------------------------------------
 * The reference tables, read through FITMYGPU_REFERENCE_DIR
 */

typedef struct
{
  char      **header;
  GPtrArray  *rows;    /* GStrv */
} Tsv;

static void
tsv_free (Tsv *tsv)
{
  g_strfreev (tsv->header);
  g_ptr_array_unref (tsv->rows);
  g_free (tsv);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Tsv, tsv_free)

/* NULL (and the test skipped) when the reference folder is absent. */
static Tsv *
tsv_load (const char *name)
{
  const char *dir = g_getenv ("FITMYGPU_REFERENCE_DIR");
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  Tsv *tsv;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("FITMYGPU_REFERENCE_DIR is not set or absent");
      return NULL;
    }

  path = g_build_filename (dir, name, NULL);
  g_file_get_contents (path, &data, NULL, &error);
  g_assert_no_error (error);

  lines = g_strsplit (data, "\n", -1);
  tsv = g_new0 (Tsv, 1);
  tsv->header = g_strsplit (lines[0], "\t", -1);
  tsv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      if (lines[i][0] != '\0')
        g_ptr_array_add (tsv->rows, g_strsplit (lines[i], "\t", -1));
    }
  return tsv;
}

static const char *
tsv_get (Tsv        *tsv,
         char      **row,
         const char *column)
{
  for (guint i = 0; tsv->header[i] != NULL; i++)
    {
      if (g_str_equal (tsv->header[i], column))
        {
          g_assert_cmpuint (i, <, g_strv_length (row));
          return row[i];
        }
    }
  g_error ("no column %s", column);
  return NULL;
}

static guint64
tsv_uint (Tsv        *tsv,
          char      **row,
          const char *column)
{
  const char *cell = tsv_get (tsv, row, column);
  guint64 v = 0;

  g_assert_true (g_ascii_string_to_unsigned (cell, 10, 0, G_MAXUINT64, &v, NULL));
  return v;
}

static double
tsv_double (Tsv        *tsv,
            char      **row,
            const char *column)
{
  g_autofree char *cell = g_strdup (tsv_get (tsv, row, column));

  g_strdelimit (cell, "?", ' ');
  return g_ascii_strtod (cell, NULL);
}

/* ------------------------------------------------------------------------
 * Loading
 */

static void
test_bundled_loads (void)
{
  g_autoptr(FitCatalog) c = fit_catalog_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (fit_catalog_load_bundled (c, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fit_catalog_get_n_models (c), ==, 50);
  g_assert_cmpuint (fit_catalog_get_n_devices (c), ==, 104);

  /* Bundled files carry no unknown field (a typo would be one). */
  g_assert_null (fit_catalog_get_warnings (c)[0]);

  /* Loading twice is a duplicate, not a silent merge. */
  g_assert_false (fit_catalog_load_bundled (c, &error));
  g_assert_error (error, FIT_CATALOG_ERROR, FIT_CATALOG_ERROR_DUPLICATE);
}

static void
test_bundled_strict (void)
{
  const char *files[] = { "models.json", "gpus.json", "cards-1.json", "cards-2.json" };

  /* The strict parser refuses a key given twice in one object, which the
   * fast path cannot see (json-glib keeps the last). */
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_strconcat (RESOURCE_BASE "/catalog/", files[i], NULL);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);
      g_autoptr(FitJsonDoc) doc = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;
      guint line = 0, column = 0;
      gsize len;
      const char *data;

      g_assert_nonnull (bytes);
      data = g_bytes_get_data (bytes, &len);
      doc = fit_json_doc_parse (data, len, files[i], TRUE, &error);
      g_assert_no_error (error);
      g_assert_nonnull (doc);
      root = json_node_init_object (json_node_alloc (), fit_json_doc_get_root (doc));
      g_assert_null (fit_json_doc_find_duplicate (doc, root, &line, &column));
    }
}

/* ------------------------------------------------------------------------
 * Models
 */

static gboolean
section_ok (const FitCardSection *section,
            gboolean              urls)
{
  if (section->n_items == 0)
    return FALSE;

  for (guint i = 0; i < section->n_items; i++)
    {
      if (section->items[i].title == NULL || section->items[i].title[0] == '\0' ||
          section->items[i].text == NULL || strlen (section->items[i].text) < (urls ? 12 : 20))
        return FALSE;
      if (urls && !g_str_has_prefix (section->items[i].text, "https://"))
        return FALSE;
    }
  return TRUE;
}

static void
test_models_units (void)
{
  for (guint i = 0; i < fit_catalog_get_n_models (catalog); i++)
    {
      const FitModel *m = fit_catalog_get_model (catalog, i);
      double stated = m->stated_params_total;
      double deviation;
      guint64 kv;

      g_test_message ("%s", m->id);

      /* Identity is complete and in the expected forms. */
      g_assert_nonnull (m->name);
      g_assert_nonnull (m->company);
      g_assert_nonnull (m->family);
      g_assert_nonnull (m->license);
      g_assert_nonnull (m->modality);
      g_assert_nonnull (m->architecture);
      g_assert_nonnull (m->hf_repo);
      g_assert_nonnull (strchr (m->hf_repo, '/'));
      g_assert_nonnull (m->release_date);
      g_assert_cmpuint (strlen (m->release_date), ==, 10);
      g_assert_true (g_str_has_prefix (m->release_date, "202"));
      g_assert_false (m->user_entry);

      /* Stated totals are counts, not billions. */
      g_assert_cmpfloat (stated, >, 1e8);
      g_assert_cmpfloat (stated, <, 1e12);

      /* The geometry accounts for the stated total within 2 %. */
      deviation = fabs ((double) m->params_total - stated) / stated;
      if (deviation >= 0.02)
        g_test_message ("%s: derived %" G_GUINT64_FORMAT ", stated %.0f", m->id, m->params_total, stated);
      g_assert_cmpfloat (deviation, <, 0.02);

      g_assert_cmpuint (m->params_active, >, 0);
      g_assert_cmpuint (m->params_active, <=, m->params_total);
      if (m->n_experts == 0)
        g_assert_cmpuint (m->params_active + m->extra_params, ==, m->params_total);
      else
        g_assert_cmpuint (m->params_active, <, m->params_total / 2);
      g_assert_cmpuint (m->params_embedding, <, m->params_total);

      g_assert_cmpuint (m->context_window, >=, 4096);
      g_assert_cmpuint (m->context_window, <=, 1 << 20);
      g_assert_cmpuint (m->vocab_size, >=, 32000);

      /* KV per token: positive for attention models, and sane: between
       * 1 KiB and 1 MiB per token in F16. */
      kv = fit_model_kv_bytes_per_token (m, FIT_KV_F16, FIT_KV_F16);
      g_assert_cmpuint (m->n_full_layers + m->n_swa_layers, >, 0);
      g_assert_cmpuint (kv, >=, 1024);
      g_assert_cmpuint (kv, <=, 1024 * 1024);
      g_assert_cmpuint (fit_model_kv_bytes_per_token (m, FIT_KV_Q8_0, FIT_KV_Q8_0), <, kv);

      if (m->klass == FIT_MODEL_HYBRID)
        g_assert_cmpuint (m->state_bytes_per_seq, >, 0);
      else
        g_assert_cmpuint (m->state_bytes_per_seq, ==, 0);
      if (m->klass == FIT_MODEL_MOE)
        g_assert_cmpuint (m->n_moe_layers, >, 0);

      /* The official format is one of those offered. */
      g_assert_cmpuint (m->n_variants, >=, 4);
      g_assert_cmpfloat (m->checkpoint_size_gb, >, 0.5);
      {
        gboolean found = FALSE;

        for (guint j = 0; j < m->n_variants; j++)
          found |= m->variants[j] == m->official_format;
        g_assert_true (found);
      }

      /* Every model has a card with every section. */
      g_assert_nonnull (m->card.summary);
      g_assert_cmpuint (strlen (m->card.summary), >, 20);
      g_assert_true (section_ok (&m->card.overview, FALSE));
      g_assert_true (section_ok (&m->card.improvements, FALSE));
      g_assert_true (section_ok (&m->card.training, FALSE));
      g_assert_true (section_ok (&m->card.strengths, FALSE));
      g_assert_true (section_ok (&m->card.memory, FALSE));
      g_assert_true (section_ok (&m->card.sources, TRUE));
    }
}

static void
test_qwen_exact (void)
{
  const FitModel *m = fit_catalog_find_model (catalog, "qwen2.5-0.5b-instruct");

  g_assert_nonnull (m);
  g_assert_cmpuint (m->params_total, ==, 494032768);
  g_assert_cmpuint (m->params_active, ==, 494032768);
  /* 24 layers × 2 KV heads × 64 × (K + V) × 2 bytes */
  g_assert_cmpuint (fit_model_kv_bytes_per_token (m, FIT_KV_F16, FIT_KV_F16), ==, 12288);
  g_assert_cmpstr (m->release_date, ==, "2024-09-16");
  g_assert_cmpstr (m->license, ==, "apache-2.0");
  g_assert_true (m->tied_embeddings);
  g_assert_true (m->qkv_bias);
  g_assert_false (m->o_bias);
  g_assert_cmpint (m->official_format, ==, FIT_WEIGHTS_BF16);
}

static void
test_models_match_reference (void)
{
  g_autoptr(Tsv) tsv = tsv_load ("models.tsv");

  if (tsv == NULL)
    return;

  g_assert_cmpuint (tsv->rows->len, ==, 50);

  for (guint i = 0; i < tsv->rows->len; i++)
    {
      char **row = g_ptr_array_index (tsv->rows, i);
      const char *id = tsv_get (tsv, row, "id");
      const FitModel *m = fit_catalog_find_model (catalog, id);
      guint64 kv_layers, full_layers;

      g_test_message ("%s", id);
      g_assert_nonnull (m);
      g_assert_cmpstr (m->name, ==, tsv_get (tsv, row, "display_name"));
      g_assert_cmpstr (m->hf_repo, ==, tsv_get (tsv, row, "hf_repo"));
      g_assert_cmpstr (fit_model_class_to_string (m->klass), ==, tsv_get (tsv, row, "architecture"));
      g_assert_cmpuint (m->n_layers, ==, tsv_uint (tsv, row, "num_hidden_layers"));
      g_assert_cmpuint (m->hidden_size, ==, tsv_uint (tsv, row, "hidden_size"));
      g_assert_cmpuint (m->intermediate_size, ==, tsv_uint (tsv, row, "intermediate_size"));
      g_assert_cmpuint (m->n_heads, ==, tsv_uint (tsv, row, "num_attention_heads"));
      g_assert_cmpuint (m->n_kv_heads, ==, tsv_uint (tsv, row, "num_key_value_heads"));
      g_assert_cmpuint (m->head_dim, ==, tsv_uint (tsv, row, "head_dim"));
      g_assert_cmpuint (m->vocab_size, ==, tsv_uint (tsv, row, "vocab_size"));
      g_assert_cmpuint (m->context_window, ==, tsv_uint (tsv, row, "context_window"));
      g_assert_cmpuint (m->max_position_embeddings, ==, tsv_uint (tsv, row, "max_position_embeddings"));
      g_assert_cmpint (m->tied_embeddings, ==, g_str_equal (tsv_get (tsv, row, "tie_word_embeddings"), "true"));
      g_assert_cmpfloat_with_epsilon (m->stated_params_total / 1e9, tsv_double (tsv, row, "total_params_b"), 1e-6);

      /* The layer pattern reproduces the table's layer counts. */
      kv_layers = tsv_uint (tsv, row, "kv_layers");
      full_layers = tsv_uint (tsv, row, "full_attention_layers");
      g_assert_cmpuint (m->n_full_layers + m->n_swa_layers, ==, kv_layers);
      g_assert_cmpuint (m->n_full_layers, ==, full_layers);

      /* And the KV width: K elements per token over the cached layers. */
      if (m->kv_lora_rank > 0)
        g_assert_cmpuint (m->kv_k_elems_per_token, ==,
                          kv_layers * (tsv_uint (tsv, row, "kv_lora_rank") +
                                       tsv_uint (tsv, row, "qk_rope_head_dim")));
      else
        g_assert_cmpuint (m->kv_k_elems_per_token, ==, kv_layers * m->n_kv_heads * m->head_dim);

      if (tsv_get (tsv, row, "num_experts")[0] != '\0')
        {
          g_assert_cmpuint (m->n_experts, ==, tsv_uint (tsv, row, "num_experts"));
          g_assert_cmpuint (m->experts_per_token, ==, tsv_uint (tsv, row, "experts_per_token"));
          g_assert_cmpuint (m->expert_intermediate_size, ==, tsv_uint (tsv, row, "moe_intermediate_size"));
        }
      else
        {
          g_assert_cmpuint (m->n_experts, ==, 0);
        }

      if (g_str_equal (tsv_get (tsv, row, "sliding_window"), "none"))
        g_assert_cmpuint (m->n_swa_layers, ==, 0);
      else
        g_assert_cmpuint (m->sliding_window, ==, tsv_uint (tsv, row, "sliding_window"));
    }
}

/* ------------------------------------------------------------------------
 * GPUs
 */

static void
test_devices_units (void)
{
  for (guint i = 0; i < fit_catalog_get_n_devices (catalog); i++)
    {
      const FitDevice *d = fit_catalog_get_device (catalog, i);

      g_test_message ("%s", d->id);
      g_assert_nonnull (d->name);
      g_assert_nonnull (d->architecture);
      g_assert_nonnull (d->memory_type);
      g_assert_nonnull (d->source_url);
      g_assert_true (g_str_has_prefix (d->source_url, "https://"));
      g_assert_cmpuint (d->release_year, >=, 2016);
      g_assert_cmpuint (d->release_year, <=, 2026);

      /* Memory in bytes, as a whole number of MiB, 4 GiB to 1 TiB. */
      g_assert_cmpuint (d->memory_bytes % FIT_MIB, ==, 0);
      g_assert_cmpuint (d->memory_bytes, >=, 4 * FIT_GIB);
      g_assert_cmpuint (d->memory_bytes, <=, 1024 * FIT_GIB);
      g_assert_cmpfloat (d->bandwidth_gbps, >=, 60.0);
      g_assert_cmpfloat (d->bandwidth_gbps, <=, 10000.0);
      g_assert_cmpuint (d->tdp_watts, <=, 1500);

      if (d->tflops_fp16 > 0)
        g_assert_cmpfloat (d->tflops_fp16, <, 5000.0);
      if (d->tflops_fp8 > 0)
        {
          g_assert_true (d->fp8_support);
          g_assert_cmpfloat (d->tflops_fp8, >, d->tflops_fp16);
        }
      if (d->tflops_fp4 > 0)
        {
          g_assert_true (d->fp4_support);
          g_assert_cmpfloat (d->tflops_fp4, >, d->tflops_fp16);
        }

      if (d->klass == FIT_DEVICE_CLASS_APPLE)
        {
          g_assert_cmpint (d->vendor, ==, FIT_VENDOR_APPLE);
          g_assert_true (d->unified_memory);
          g_assert_cmpuint (d->n_pci_ids, ==, 0);
        }
      if (d->unified_memory)
        {
          g_assert_cmpfloat (d->unified_share, >=, 0.5);
          g_assert_cmpfloat (d->unified_share, <, 1.0);
          g_assert_cmpuint (fit_device_usable_bytes (d), <, d->memory_bytes);
        }
      else
        {
          g_assert_cmpfloat (d->unified_share, ==, 1.0);
          g_assert_cmpuint (fit_device_usable_bytes (d), ==, d->memory_bytes);
        }
      if (d->n_memory_options > 0)
        g_assert_cmpuint (d->memory_options[d->n_memory_options - 1], ==, d->memory_bytes);

      /* PCI ids round-trip through their string form, with the vendor's id. */
      for (guint j = 0; j < d->n_pci_ids; j++)
        {
          g_autofree char *str = fit_pci_id_to_string (d->pci_ids[j]);
          FitPciId back = 0;
          guint32 vendor = d->pci_ids[j] >> 16;

          g_assert_true (fit_pci_id_parse (str, &back));
          g_assert_cmphex (back, ==, d->pci_ids[j]);
          switch (d->vendor)
            {
            case FIT_VENDOR_NVIDIA: g_assert_cmphex (vendor, ==, 0x10de); break;
            case FIT_VENDOR_AMD:    g_assert_cmphex (vendor, ==, 0x1002); break;
            case FIT_VENDOR_INTEL:  g_assert_cmphex (vendor, ==, 0x8086); break;
            case FIT_VENDOR_APPLE:
            case FIT_VENDOR_OTHER:
            case FIT_N_VENDORS:
            default:
              g_assert_not_reached ();
            }
        }
    }
}

static void
test_devices_match_reference (void)
{
  g_autoptr(Tsv) tsv = tsv_load ("gpus.tsv");

  if (tsv == NULL)
    return;

  g_assert_cmpuint (tsv->rows->len, ==, 104);

  for (guint i = 0; i < tsv->rows->len; i++)
    {
      char **row = g_ptr_array_index (tsv->rows, i);
      const char *id = tsv_get (tsv, row, "id");
      const FitDevice *d = fit_catalog_find_device (catalog, id);
      double memory_gib = tsv_double (tsv, row, "memory_gb");
      g_auto(GStrv) pci = g_strsplit (tsv_get (tsv, row, "pci_device_ids"), ";", -1);
      guint n_pci = 0;

      g_test_message ("%s", id);
      g_assert_nonnull (d);
      g_assert_cmpstr (d->name, ==, tsv_get (tsv, row, "name"));
      g_assert_cmpstr (fit_vendor_to_string (d->vendor), ==, tsv_get (tsv, row, "vendor"));
      g_assert_cmpstr (fit_device_class_to_string (d->klass), ==, tsv_get (tsv, row, "class"));
      g_assert_cmpuint (d->release_year, ==, tsv_uint (tsv, row, "release_year"));
      g_assert_cmpint (d->fp8_support, ==, g_str_equal (tsv_get (tsv, row, "fp8_support"), "yes"));

      /* Binary capacity, or the driver's figure a little below it; the
       * MI250X is one of its two GCDs. */
      if (g_str_equal (id, "mi250x"))
        memory_gib /= 2;
      g_assert_cmpuint (d->memory_bytes, <=, (guint64) (memory_gib * FIT_GIB));
      g_assert_cmpfloat ((double) d->memory_bytes, >, memory_gib * FIT_GIB * 0.93);

      if (!g_str_equal (id, "mi250x"))
        g_assert_cmpfloat_with_epsilon (d->bandwidth_gbps, tsv_double (tsv, row, "memory_bandwidth_gbs"), 1e-9);

      for (guint j = 0; pci[j] != NULL; j++)
        {
          g_autofree char *full = NULL;
          FitPciId wanted;

          g_strdelimit (pci[j], "?", '\0');
          if (pci[j][0] == '\0')
            continue;
          full = g_strdup_printf ("%s:%s", tsv_get (tsv, row, "pci_vendor_id"), pci[j]);
          g_assert_true (fit_pci_id_parse (full, &wanted));
          g_assert_cmphex (d->pci_ids[n_pci], ==, wanted);
          n_pci++;
        }
      g_assert_cmpuint (d->n_pci_ids, ==, n_pci);
    }
}

static void
test_device_lookups (void)
{
  const FitDevice *d;

  d = fit_catalog_find_device_by_pci (catalog, 0x10de2684);
  g_assert_nonnull (d);
  g_assert_cmpstr (d->id, ==, "rtx-4090");

  /* One PCI id, two memory sizes. */
  d = fit_catalog_find_device_by_pci_and_memory (catalog, 0x10de2d04, 16 * FIT_GIB - 300 * FIT_MIB);
  g_assert_cmpstr (d->id, ==, "rtx-5060-ti-16gb");
  d = fit_catalog_find_device_by_pci_and_memory (catalog, 0x10de2d04, 8 * FIT_GIB - 300 * FIT_MIB);
  g_assert_cmpstr (d->id, ==, "rtx-5060-ti-8gb");
  g_assert_null (fit_catalog_find_device_by_pci (catalog, 0x10deffff));

  d = fit_catalog_find_device_by_name (catalog, "NVIDIA GeForce RTX 4090");
  g_assert_cmpstr (d->id, ==, "rtx-4090");
  d = fit_catalog_find_device_by_name (catalog, "NVIDIA GeForce RTX 4070 Ti SUPER");
  g_assert_cmpstr (d->id, ==, "rtx-4070-ti-super");
  d = fit_catalog_find_device_by_name (catalog, "AMD Radeon RX 7900 XTX");
  g_assert_cmpstr (d->id, ==, "rx-7900-xtx");
  d = fit_catalog_find_device_by_name (catalog, "Intel(R) Arc(TM) B580 Graphics");
  g_assert_cmpstr (d->id, ==, "arc-b580");
  g_assert_null (fit_catalog_find_device_by_name (catalog, "Matrox G200"));
  g_assert_null (fit_catalog_find_device_by_name (catalog, ""));

  g_assert_null (fit_catalog_find_model (catalog, "no-such-model"));
  g_assert_null (fit_catalog_find_device (catalog, "no-such-gpu"));
  g_assert_null (fit_catalog_find_model (catalog, NULL));
}

/* Writing an entry and reading it back gives the same entry. */
static void
test_round_trip (void)
{
  for (guint i = 0; i < fit_catalog_get_n_models (catalog); i++)
    {
      const FitModel *m = fit_catalog_get_model (catalog, i);
      g_autoptr(JsonNode) node = fit_catalog_model_to_json (m, FALSE);
      g_autoptr(FitCatalog) c = fit_catalog_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *data = NULL;
      g_autofree char *again = NULL;
      g_autoptr(JsonNode) node2 = NULL;
      const FitModel *back;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, 1);
      json_builder_set_member_name (b, "models");
      json_builder_begin_array (b);
      json_builder_add_value (b, json_node_ref (node));
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      data = json_to_string (root, FALSE);

      g_assert_true (fit_catalog_parse_models (c, data, strlen (data), "round-trip.json", FALSE, &error));
      g_assert_no_error (error);
      back = fit_catalog_find_model (c, m->id);
      g_assert_nonnull (back);
      g_assert_cmpuint (back->params_total, ==, m->params_total);
      g_assert_cmpuint (back->params_active, ==, m->params_active);
      g_assert_cmpuint (back->kv_k_elems_per_token, ==, m->kv_k_elems_per_token);
      g_assert_cmpuint (back->kv_v_elems_per_token, ==, m->kv_v_elems_per_token);
      g_assert_cmpuint (back->state_bytes_per_seq, ==, m->state_bytes_per_seq);
      g_assert_cmpfloat (back->stated_params_total, ==, m->stated_params_total);

      node2 = fit_catalog_model_to_json (back, FALSE);
      again = json_to_string (node2, FALSE);
      g_free (data);
      data = json_to_string (node, FALSE);
      g_assert_cmpstr (again, ==, data);
    }

  for (guint i = 0; i < fit_catalog_get_n_devices (catalog); i++)
    {
      const FitDevice *d = fit_catalog_get_device (catalog, i);
      g_autoptr(JsonNode) node = fit_catalog_device_to_json (d);
      g_autofree char *entry = json_to_string (node, FALSE);
      g_autofree char *data = g_strdup_printf ("{\"version\":1,\"gpus\":[%s]}", entry);
      g_autoptr(FitCatalog) c = fit_catalog_new ();
      g_autoptr(GError) error = NULL;
      const FitDevice *back;

      g_assert_true (fit_catalog_parse_devices (c, data, strlen (data), "round-trip.json", FALSE, &error));
      g_assert_no_error (error);
      back = fit_catalog_find_device (c, d->id);
      g_assert_cmpuint (back->memory_bytes, ==, d->memory_bytes);
      g_assert_cmpuint (back->n_pci_ids, ==, d->n_pci_ids);
      g_assert_cmpmem (back->pci_ids, sizeof back->pci_ids, d->pci_ids, sizeof d->pci_ids);
      g_assert_cmpmem (back->memory_options, sizeof back->memory_options,
                       d->memory_options, sizeof d->memory_options);
      g_assert_cmpfloat (back->unified_share, ==, d->unified_share);
      g_assert_cmpfloat (back->tflops_fp8, ==, d->tflops_fp8);
      g_assert_cmpstr (back->notes, ==, d->notes);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  catalog = fit_catalog_new ();
  if (!fit_catalog_load_bundled (catalog, &error))
    g_error ("%s", error->message);

  g_test_add_func ("/catalog/bundled/loads", test_bundled_loads);
  g_test_add_func ("/catalog/bundled/strict", test_bundled_strict);
  g_test_add_func ("/catalog/models/units", test_models_units);
  g_test_add_func ("/catalog/models/qwen-exact", test_qwen_exact);
  g_test_add_func ("/catalog/models/reference", test_models_match_reference);
  g_test_add_func ("/catalog/devices/units", test_devices_units);
  g_test_add_func ("/catalog/devices/reference", test_devices_match_reference);
  g_test_add_func ("/catalog/devices/lookups", test_device_lookups);
  g_test_add_func ("/catalog/round-trip", test_round_trip);

  ret = g_test_run ();
  fit_catalog_unref (catalog);
  return ret;
}
