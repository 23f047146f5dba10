/* test-import.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fit-import.h"
#include "gguf-writer.h"

typedef struct
{
  const char *name;
  const char *dtype;
  guint       bytes_per_element;
  guint64     shape[3];
} Tensor;

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("fit-import-XXXXXX", &error);

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

      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* A safetensors file whose data section is a hole. */
static void
write_safetensors (const char   *dir,
                   const char   *name,
                   const Tensor *tensors,
                   guint         n)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GString *header = g_string_new ("{\"__metadata__\":{\"format\":\"pt\"}");
  guint64 offset = 0, len;
  int fd;

  for (guint i = 0; i < n; i++)
    {
      guint64 elements = 1;
      guint dims = 0;

      g_string_append_printf (header, ",\"%s\":{\"dtype\":\"%s\",\"shape\":[", tensors[i].name,
                              tensors[i].dtype);
      for (guint d = 0; d < 3 && tensors[i].shape[d] > 0; d++, dims++)
        {
          g_string_append_printf (header, "%s%" G_GUINT64_FORMAT, d ? "," : "",
                                  tensors[i].shape[d]);
          elements *= tensors[i].shape[d];
        }
      g_string_append_printf (header, "],\"data_offsets\":[%" G_GUINT64_FORMAT ",%"
                              G_GUINT64_FORMAT "]}",
                              offset, offset + elements * tensors[i].bytes_per_element);
      offset += elements * tensors[i].bytes_per_element;
    }
  g_string_append (header, "}");

  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  len = GUINT64_TO_LE (header->len);
  g_assert_cmpint (write (fd, &len, 8), ==, 8);
  g_assert_cmpint (write (fd, header->str, header->len), ==, (gssize) header->len);
  g_assert_cmpint (ftruncate (fd, (off_t) (8 + header->len + offset)), ==, 0);
  close (fd);
  g_string_free (header, TRUE);
}

static const char tiny_config[] =
  "{\"architectures\":[\"LlamaForCausalLM\"],\"model_type\":\"llama\",\"hidden_size\":64,"
  "\"intermediate_size\":128,\"num_attention_heads\":4,\"num_key_value_heads\":2,"
  "\"num_hidden_layers\":2,\"vocab_size\":100,\"max_position_embeddings\":4096,"
  "\"tie_word_embeddings\":false,\"torch_dtype\":\"bfloat16\"}";

static const Tensor tiny_tensors[] = {
  { "model.embed_tokens.weight", "BF16", 2, { 100, 64 } },
  { "model.layers.0.self_attn.q_proj.weight", "BF16", 2, { 64, 64 } },
  { "model.layers.0.mlp.down_proj.weight", "BF16", 2, { 64, 128 } },
  { "model.layers.0.input_layernorm.weight", "BF16", 2, { 64 } },
  { "model.layers.1.self_attn.q_proj.weight", "BF16", 2, { 64, 64 } },
  { "model.norm.weight", "F32", 4, { 64 } },
  { "lm_head.weight", "BF16", 2, { 100, 64 } },
};

static void
test_hf_folder (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "Tiny-Llama", NULL);
  g_autoptr(GHashTable) types = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;

  g_mkdir (folder, 0755);
  write_text (folder, "config.json", tiny_config);
  write_safetensors (folder, "model.safetensors", tiny_tensors, G_N_ELEMENTS (tiny_tensors));

  model = fit_import_path_with_types (folder, &types, &format, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (format, ==, "safetensors");
  g_assert_cmpstr (model->name, ==, "Tiny-Llama");
  g_assert_cmpstr (model->id, ==, "hf-tiny-llama");
  g_assert_cmpstr (model->architecture, ==, "llama");
  g_assert_nonnull (model->exact);
  g_assert_cmpuint (model->exact->token_embd_bytes, ==, 100 * 64 * 2);
  g_assert_cmpuint (model->exact->output_bytes, ==, 100 * 64 * 2);
  g_assert_cmpuint (model->exact->layer_bytes[0], ==, (64 * 64 + 64 * 128 + 64) * 2);
  g_assert_cmpuint (model->exact->layer_bytes[1], ==, 64 * 64 * 2);
  g_assert_cmpuint (model->exact->other_bytes, ==, 64 * 4);
  g_assert_cmpuint (model->exact->total_bytes, ==,
                    (2 * 6400 + 4096 * 2 + 8192 + 64) * 2 + 256);
  g_assert_cmpuint (model->exact->params, ==, 2 * 6400 + 2 * 4096 + 8192 + 64 + 64);
  g_assert_cmpstr (model->exact->format_label, ==, "BF16");
  g_assert_cmpuint (*(guint64 *) g_hash_table_lookup (types, "F32"), ==, 256);
  g_assert_cmpuint (*(guint64 *) g_hash_table_lookup (types, "BF16"), ==,
                    model->exact->total_bytes - 256);

  /* The safetensors file itself opens the same model. */
  {
    g_autofree char *file = g_build_filename (folder, "model.safetensors", NULL);
    g_autoptr(FitModel) again = fit_import_path (file, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (again->exact->total_bytes, ==, model->exact->total_bytes);
  }

  remove_tree (dir);
}

static void
test_hf_sharded (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *shard2 = g_build_filename (dir, "model-00002-of-00002.safetensors", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;
  const char *index =
    "{\"metadata\":{\"total_size\":1},\"weight_map\":{"
    "\"model.embed_tokens.weight\":\"model-00001-of-00002.safetensors\","
    "\"model.layers.0.self_attn.q_proj.weight\":\"model-00001-of-00002.safetensors\","
    "\"model.layers.0.mlp.down_proj.weight\":\"model-00001-of-00002.safetensors\","
    "\"model.layers.0.input_layernorm.weight\":\"model-00001-of-00002.safetensors\","
    "\"model.layers.1.self_attn.q_proj.weight\":\"model-00002-of-00002.safetensors\","
    "\"model.norm.weight\":\"model-00002-of-00002.safetensors\","
    "\"lm_head.weight\":\"model-00002-of-00002.safetensors\"}}";

  write_text (dir, "config.json", tiny_config);
  write_text (dir, "model.safetensors.index.json", index);
  write_safetensors (dir, "model-00001-of-00002.safetensors", tiny_tensors, 4);
  write_safetensors (dir, "model-00002-of-00002.safetensors", tiny_tensors + 4, 3);

  model = fit_import_path (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->exact->layer_bytes[1], ==, 64 * 64 * 2);
  g_assert_cmpuint (model->exact->output_bytes, ==, 100 * 64 * 2);
  g_clear_pointer (&model, fit_model_free);

  /* A tensor the index places elsewhere. */
  write_safetensors (dir, "model-00001-of-00002.safetensors", tiny_tensors, 3);
  write_safetensors (dir, "model-00002-of-00002.safetensors", tiny_tensors + 3, 4);
  model = fit_import_path (dir, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_INCONSISTENT);
  g_clear_error (&error);

  /* A tensor the index lists that no shard holds. */
  write_safetensors (dir, "model-00001-of-00002.safetensors", tiny_tensors, 4);
  write_safetensors (dir, "model-00002-of-00002.safetensors", tiny_tensors + 4, 2);
  model = fit_import_path (dir, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "lm_head.weight"));
  g_clear_error (&error);

  /* A corrupt shard is an error, never skipped. */
  g_file_set_contents (shard2, "\x08\0\0\0\0\0\0\0{broken}", 16, NULL);
  model = fit_import_path (dir, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "model-00002-of-00002.safetensors"));
  g_clear_error (&error);

  /* A missing shard. */
  g_unlink (shard2);
  model = fit_import_path (dir, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_MISSING);
  g_clear_error (&error);

  remove_tree (dir);
}

static void
test_config_only (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr(GHashTable) types = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;

  write_text (dir, "config.json", tiny_config);
  model = fit_import_path_with_types (dir, &types, &format, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (format, ==, "config.json");
  g_assert_null (model->exact);
  g_assert_cmpuint (g_hash_table_size (types), ==, 0);
  g_assert_cmpuint (model->params_total, >, 0);
  g_assert_cmpint (model->official_format, ==, FIT_WEIGHTS_BF16);

  /* A broken config.json names itself. */
  write_text (dir, "config.json", "{\"num_hidden_layers\": \"two\"}");
  g_clear_pointer (&model, fit_model_free);
  model = fit_import_path (dir, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "config.json"));

  remove_tree (dir);
}

static void
test_gptq_folder (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;
  const Tensor tensors[] = {
    { "model.embed_tokens.weight", "F16", 2, { 100, 64 } },
    { "model.layers.0.self_attn.q_proj.qweight", "I32", 4, { 8, 64 } },
    { "model.layers.0.self_attn.q_proj.qzeros", "I32", 4, { 1, 8 } },
    { "model.layers.0.self_attn.q_proj.scales", "F16", 2, { 1, 64 } },
    { "model.layers.0.self_attn.q_proj.g_idx", "I32", 4, { 64 } },
  };

  write_text (dir, "config.json",
              "{\"model_type\":\"qwen2\",\"hidden_size\":64,\"intermediate_size\":128,"
              "\"num_attention_heads\":4,\"num_key_value_heads\":2,\"num_hidden_layers\":1,"
              "\"vocab_size\":100,\"tie_word_embeddings\":true,\"torch_dtype\":\"float16\","
              "\"quantization_config\":{\"quant_method\":\"gptq\",\"bits\":4,"
              "\"group_size\":128}}");
  write_safetensors (dir, "model.safetensors", tensors, G_N_ELEMENTS (tensors));

  model = fit_import_path (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpint (model->official_format, ==, FIT_WEIGHTS_GPTQ_INT4);
  g_assert_cmpstr (model->exact->format_label, ==, "GPTQ-Int4");
  /* Eight 4-bit weights per int32; zeros, scales and indices are not
   * parameters. */
  g_assert_cmpuint (model->exact->params, ==, 6400 + 8 * 64 * 8);
  g_assert_cmpuint (model->exact->layer_bytes[0], ==, 8 * 64 * 4 + 8 * 4 + 64 * 2 + 64 * 4);

  remove_tree (dir);
}

static void
test_vision_and_experts (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;
  const Tensor tensors[] = {
    { "language_model.model.embed_tokens.weight", "BF16", 2, { 100, 64 } },
    { "language_model.model.layers.0.block_sparse_moe.experts.0.w1.weight", "BF16", 2, { 128, 64 } },
    { "language_model.model.layers.0.block_sparse_moe.experts.1.w1.weight", "BF16", 2, { 128, 64 } },
    { "language_model.model.layers.0.block_sparse_moe.gate.weight", "BF16", 2, { 2, 64 } },
    { "language_model.model.layers.0.self_attn.q_proj.weight", "BF16", 2, { 64, 64 } },
    { "vision_tower.blocks.0.attn.qkv.weight", "BF16", 2, { 96, 32 } },
    { "multi_modal_projector.linear_1.weight", "BF16", 2, { 64, 32 } },
    { "language_model.model.layers.7.mtp.weight", "BF16", 2, { 64 } },
  };

  write_text (dir, "config.json",
              "{\"model_type\":\"llava\",\"text_config\":{\"model_type\":\"mixtral\","
              "\"hidden_size\":64,\"intermediate_size\":128,\"num_attention_heads\":4,"
              "\"num_key_value_heads\":2,\"num_hidden_layers\":1,\"vocab_size\":100,"
              "\"num_local_experts\":2,\"num_experts_per_tok\":1},"
              "\"vision_config\":{\"hidden_size\":32},\"tie_word_embeddings\":true}");
  write_safetensors (dir, "model.safetensors", tensors, G_N_ELEMENTS (tensors));

  model = fit_import_path (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->n_experts, ==, 2);
  g_assert_cmpuint (model->exact->token_embd_bytes, ==, 6400 * 2);
  g_assert_cmpuint (model->exact->layer_expert_bytes[0], ==, 2 * 128 * 64 * 2);
  g_assert_cmpuint (model->exact->layer_bytes[0], ==, (2 * 128 * 64 + 128 + 4096) * 2);
  g_assert_cmpuint (model->exact->other_bytes, ==, (96 * 32 + 64 * 32 + 64) * 2);
  g_assert_cmpuint (model->extra_params, ==, 96 * 32 + 64 * 32);
  g_assert_true (model->tied_embeddings);

  remove_tree (dir);
}

static void
test_hf_cache (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *entry = g_build_filename (dir, "models--Acme--Tiny-7B", NULL);
  g_autofree char *snapshot = g_build_filename (entry, "snapshots", "0123abcd", NULL);
  g_autofree char *other = g_build_filename (entry, "snapshots", "4567ef00", NULL);
  g_autofree char *refs = g_build_filename (entry, "refs", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;

  g_mkdir_with_parents (snapshot, 0755);
  g_mkdir_with_parents (other, 0755);
  g_mkdir_with_parents (refs, 0755);
  write_text (snapshot, "config.json", tiny_config);
  write_text (other, "config.json", "garbage");
  write_text (refs, "main", "0123abcd\n");

  model = fit_import_path (entry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (model->hf_repo, ==, "Acme/Tiny-7B");
  g_assert_cmpstr (model->name, ==, "Tiny-7B");
  g_assert_cmpstr (model->source_path, ==, entry);

  remove_tree (dir);
}

static void
write_gguf (const char *dir,
            const char *name,
            guint32     n_layers)
{
  g_autoptr(GgufWriter) w = gguf_writer_new ();
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  gguf_writer_add_string (w, "general.architecture", "llama");
  gguf_writer_add_u32 (w, "llama.block_count", n_layers);
  gguf_writer_add_u32 (w, "llama.context_length", 2048);
  gguf_writer_add_u32 (w, "llama.embedding_length", 64);
  gguf_writer_add_u32 (w, "llama.feed_forward_length", 128);
  gguf_writer_add_u32 (w, "llama.attention.head_count", 4);
  gguf_writer_add_vocab (w, 50);
  gguf_writer_add_llama_tensors (w, n_layers, 64, 4, 4, 16, 128, 50, TRUE, FALSE,
                                 FIT_GGML_Q8_0);
  g_assert_true (gguf_writer_write_file (w, path, 0, &error));
  g_assert_no_error (error);
}

static void
test_gguf_folder (void)
{
  g_autofree char *dir = temp_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;

  write_gguf (dir, "tiny-q8_0.gguf", 3);
  write_gguf (dir, "mmproj-tiny-f16.gguf", 1);
  model = fit_import_path (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (model->n_layers, ==, 3);
  /* No general.name: the file name. */
  g_assert_cmpstr (model->name, ==, "tiny-q8_0");
  g_assert_cmpstr (model->id, ==, "gguf-tiny-q8-0");
  g_assert_cmpstr (model->exact->format_label, ==, "Q8_0");
  g_assert_cmpint (model->official_format, ==, FIT_WEIGHTS_GGUF_Q8_0);
  g_clear_pointer (&model, fit_model_free);

  write_gguf (dir, "other.gguf", 2);
  model = fit_import_path (dir, &error);
  g_assert_null (model);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_UNSUPPORTED);

  remove_tree (dir);
}

static void
test_bad_paths (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *nothing = g_build_filename (dir, "nothing", NULL);
  g_autofree char *lonely = g_build_filename (dir, "lonely.safetensors", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(FitModel) model = NULL;

  model = fit_import_path (nothing, &error);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_MISSING);
  g_clear_error (&error);

  model = fit_import_path (dir, &error);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_MISSING);
  g_clear_error (&error);

  write_text (dir, "notes.txt", "hello");
  model = fit_import_path (text, &error);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  write_safetensors (dir, "lonely.safetensors", tiny_tensors, 1);
  model = fit_import_path (lonely, &error);
  g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_MISSING);
  g_clear_error (&error);

  /* A pipe would block a reader forever. */
  {
    g_autofree char *fifo = g_build_filename (dir, "pipe.gguf", NULL);

    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    model = fit_import_path (fifo, &error);
    g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_IO);
    g_clear_error (&error);
  }

  {
    g_autoptr(GHashTable) types = NULL;

    g_assert_false (fit_import_bytes_by_type (text, &types, &error));
    g_assert_error (error, FIT_IMPORT_ERROR, FIT_IMPORT_ERROR_UNSUPPORTED);
    g_assert_null (types);
  }

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/hf-folder", test_hf_folder);
  g_test_add_func ("/import/hf-sharded", test_hf_sharded);
  g_test_add_func ("/import/config-only", test_config_only);
  g_test_add_func ("/import/gptq-folder", test_gptq_folder);
  g_test_add_func ("/import/vision-and-experts", test_vision_and_experts);
  g_test_add_func ("/import/hf-cache", test_hf_cache);
  g_test_add_func ("/import/gguf-folder", test_gguf_folder);
  g_test_add_func ("/import/bad-paths", test_bad_paths);

  return g_test_run ();
}
