/* bench-gguf.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "fit-import.h"
#include "gguf-writer.h"

/* Inspecting a 100 GB GGUF with a 150,000-token vocabulary must take less
 * than 30 ms: only the header is read. The file is sparse, so it costs a
 * few megabytes of disk. */

#define VOCAB       150000
#define FILE_SIZE   (G_GUINT64_CONSTANT (100) * 1000 * 1000 * 1000)
#define BUDGET_MS   30.0
#define RUNS        15

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GgufWriter) w = gguf_writer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  double times[RUNS];
  guint64 data_size, total = 0;

  dir = g_dir_make_tmp ("fit-bench-gguf-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "bench-100gb.gguf", NULL);

  /* About 49 B parameters in F16: 99 GB of tensors. */
  gguf_writer_add_string (w, "general.architecture", "llama");
  gguf_writer_add_string (w, "general.name", "Bench 49B");
  gguf_writer_add_u32 (w, "general.file_type", 1);
  gguf_writer_add_u32 (w, "llama.block_count", 88);
  gguf_writer_add_u32 (w, "llama.context_length", 131072);
  gguf_writer_add_u32 (w, "llama.embedding_length", 6144);
  gguf_writer_add_u32 (w, "llama.feed_forward_length", 24576);
  gguf_writer_add_u32 (w, "llama.attention.head_count", 48);
  gguf_writer_add_u32 (w, "llama.attention.head_count_kv", 8);
  gguf_writer_add_string (w, "tokenizer.ggml.model", "gpt2");
  gguf_writer_add_vocab (w, VOCAB);
  gguf_writer_add_llama_tensors (w, 88, 6144, 48, 8, 128, 24576, VOCAB, FALSE, FALSE,
                                 FIT_GGML_F16);

  g_bytes_unref (gguf_writer_get_header (w, &data_size));
  g_assert_cmpuint (data_size, <, FILE_SIZE);
  g_assert_true (gguf_writer_write_file (w, path, FILE_SIZE, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(FitModel) model = fit_import_path (path, &error);

      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (model->vocab_size, ==, VOCAB);
      total = model->exact->total_bytes;
    }

  g_unlink (path);
  g_rmdir (dir);

  qsort (times, RUNS, sizeof times[0], compare_doubles);
  printf ("gguf-inspect: %.1f ms (%u-token vocab, %.0f GB sparse file, %.1f GB of tensors; "
          "median of %d, best %.1f ms)\n",
          times[RUNS / 2], VOCAB, FILE_SIZE / 1e9, total / 1e9, RUNS, times[0]);

  if (times[RUNS / 2] > BUDGET_MS)
    {
      fprintf (stderr, "gguf-inspect: over the %.0f ms budget\n", BUDGET_MS);
      return 1;
    }

  return 0;
}
