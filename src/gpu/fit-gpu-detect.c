/* fit-gpu-detect.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fit-gpu-private.h"

/* The backends, richest first: when two report one card, the earlier one
 * is kept. The generic PCI listing comes last and only fills gaps. */
static const FitGpuBackend backends[] = {
  { "nvml",   fit_gpu_nvml_probe },
  { "amdgpu", fit_gpu_amdgpu_probe },
  { "intel",  fit_gpu_intel_probe },
  { "pci",    fit_gpu_pci_probe },
};

/* One backend run in its own thread. Shared by the thread and the waiting
 * caller, so that a backend that hangs past its time limit can be left
 * behind: it finishes (or not) on its own and frees the job when it does. */
typedef struct
{
  gatomicrefcount       ref_count;
  GMutex                mutex;
  GCond                 cond;
  gboolean              done;
  const FitGpuBackend  *backend;
  FitGpuProbeContext   *ctx;
  GPtrArray            *devices;
  GError               *error;
  gboolean              ok;
} BackendJob;

static BackendJob *
backend_job_new (const FitGpuBackend      *backend,
                 const FitGpuProbeContext *ctx)
{
  BackendJob *job = g_new0 (BackendJob, 1);

  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->mutex);
  g_cond_init (&job->cond);
  job->backend = backend;
  job->ctx = fit_gpu_probe_context_copy (ctx);
  job->devices = g_ptr_array_new_with_free_func ((GDestroyNotify) fit_gpu_info_free);
  return job;
}

static BackendJob *
backend_job_ref (BackendJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
backend_job_unref (BackendJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;

  g_mutex_clear (&job->mutex);
  g_cond_clear (&job->cond);
  fit_gpu_probe_context_free (job->ctx);
  g_ptr_array_unref (job->devices);
  g_clear_error (&job->error);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BackendJob, backend_job_unref)

static gpointer
backend_job_thread (gpointer data)
{
  g_autoptr(BackendJob) job = data;
  g_autoptr(GPtrArray) devices = g_ptr_array_new_with_free_func ((GDestroyNotify) fit_gpu_info_free);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  ok = job->backend->probe (job->ctx, devices, &error);

  g_mutex_lock (&job->mutex);
  g_ptr_array_extend_and_steal (job->devices, g_steal_pointer (&devices));
  job->error = g_steal_pointer (&error);
  job->ok = ok;
  job->done = TRUE;
  g_cond_signal (&job->cond);
  g_mutex_unlock (&job->mutex);

  return NULL;
}

static void
add_note (GPtrArray  *notes,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

static void
add_note (GPtrArray  *notes,
          const char *format,
          ...)
{
  va_list args;
  char *note;

  va_start (args, format);
  note = g_strdup_vprintf (format, args);
  va_end (args);

  g_debug ("%s", note);
  if (notes != NULL)
    g_ptr_array_add (notes, note);
  else
    g_free (note);
}

static gboolean
already_listed (GPtrArray        *found,
                const FitGpuInfo *info)
{
  for (guint i = 0; i < found->len; i++)
    {
      if (fit_gpu_info_same_device (g_ptr_array_index (found, i), info))
        return TRUE;
    }

  return FALSE;
}

/* Detected devices in bus order, so "detected:0" stays the same card from
 * one run to the next even when a backend answers only sometimes. */
static int
compare_infos (gconstpointer a,
               gconstpointer b)
{
  const FitGpuInfo *ia = *(const FitGpuInfo * const *) a;
  const FitGpuInfo *ib = *(const FitGpuInfo * const *) b;

  if (ia->bus_id == NULL || ib->bus_id == NULL)
    return (ia->bus_id == NULL) - (ib->bus_id == NULL);

  return strcmp (ia->bus_id, ib->bus_id);
}

/**
 * fit_gpu_detect_run:
 *
 * Starts every backend in its own thread and waits for them until the
 * time limit, then merges what came back: devices with nonsense figures are
 * dropped, a card two backends found is kept once, and each survivor is
 * matched to the catalog.
 */
GPtrArray *
fit_gpu_detect_run (const FitGpuProbeContext *ctx,
                    FitCatalog               *catalog,
                    GPtrArray                *notes)
{
  BackendJob *jobs[G_N_ELEMENTS (backends)] = { NULL };
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) fit_gpu_info_free);
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = started + (gint64) ctx->timeout_ms * G_TIME_SPAN_MILLISECOND;

  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("fit-gpu-%s", backends[i].name);
      GThread *thread;

      jobs[i] = backend_job_new (&backends[i], ctx);
      thread = g_thread_try_new (name, backend_job_thread, backend_job_ref (jobs[i]), &error);
      if (thread == NULL)
        {
          backend_job_unref (jobs[i]);   /* the thread's reference */
          g_clear_pointer (&jobs[i], backend_job_unref);
          add_note (notes, _("%s: skipped: %s"), backends[i].name, error->message);
          continue;
        }
      g_thread_unref (thread);
    }

  /* The backends run side by side, so one shared deadline gives each the
   * full time limit. */
  for (guint i = 0; i < G_N_ELEMENTS (backends); i++)
    {
      g_autoptr(BackendJob) job = g_steal_pointer (&jobs[i]);
      g_autoptr(GPtrArray) devices = NULL;

      if (job == NULL)
        continue;

      g_mutex_lock (&job->mutex);
      while (!job->done)
        {
          if (!g_cond_wait_until (&job->cond, &job->mutex, deadline))
            break;
        }
      if (job->done)
        devices = g_ptr_array_ref (job->devices);
      g_mutex_unlock (&job->mutex);

      if (devices == NULL)
        {
          g_message ("GPU backend %s did not answer within %u ms; left behind",
                     job->backend->name, ctx->timeout_ms);
          add_note (notes, _("%s: skipped: no answer within %u ms"),
                    job->backend->name, ctx->timeout_ms);
          continue;
        }

      if (!job->ok)
        add_note (notes, _("%s: skipped: %s"), job->backend->name,
                  job->error != NULL ? job->error->message : _("unknown error"));

      for (guint j = 0; j < devices->len; j++)
        {
          FitGpuInfo *info = g_ptr_array_index (devices, j);
          g_autofree char *reason = NULL;

          if (!fit_gpu_info_check (info, &reason))
            {
              g_message ("GPU %s (%s) skipped: %s", info->bus_id, job->backend->name, reason);
              add_note (notes, _("%s: %s skipped: %s"), job->backend->name,
                        info->bus_id != NULL ? info->bus_id : "?", reason);
              continue;
            }

          if (already_listed (found, info))
            continue;

          g_ptr_array_add (found, fit_gpu_info_copy (info));
        }
    }

  g_ptr_array_sort (found, compare_infos);

  for (guint i = 0; i < found->len; i++)
    fit_gpu_info_match_catalog (g_ptr_array_index (found, i), catalog, ctx->pci_ids);

  g_debug ("GPU detection found %u device(s) in %" G_GINT64_FORMAT " ms",
           found->len, (g_get_monotonic_time () - started) / 1000);

  return found;
}

/**
 * fit_gpu_detect_all:
 * @catalog: (nullable): catalog to match the devices against
 *
 * Looks for the GPUs in this computer with every backend (NVML, amdgpu,
 * i915/xe, plain PCI). Each backend has a time limit of 2 s; one that
 * fails, hangs or reports nonsense is skipped and the reason logged. Never
 * fails as a whole: no GPU is an empty array. Blocks for up to the time
 * limit, so the app calls fit_gpu_detect_async() instead.
 *
 * Returns: (transfer full) (element-type FitGpuInfo): the devices, in PCI
 *   bus order
 */
GPtrArray *
fit_gpu_detect_all (FitCatalog *catalog)
{
  return fit_gpu_detect_all_full (catalog, NULL);
}

/**
 * fit_gpu_detect_all_full:
 * @catalog: (nullable): catalog to match the devices against
 * @notes: (out) (optional) (transfer full): one translated line per skipped
 *   backend or device, e.g. "nvml: skipped: The NVIDIA driver is not loaded"
 *
 * Same as fit_gpu_detect_all(), and says what was skipped and why.
 */
GPtrArray *
fit_gpu_detect_all_full (FitCatalog   *catalog,
                         char       ***notes)
{
  g_autoptr(FitGpuProbeContext) ctx = fit_gpu_probe_context_new_from_env ();
  g_autoptr(GPtrArray) collected = notes != NULL ? g_ptr_array_new_with_free_func (g_free) : NULL;
  GPtrArray *found = fit_gpu_detect_run (ctx, catalog, collected);

  if (notes != NULL)
    {
      g_ptr_array_add (collected, NULL);
      *notes = (char **) g_ptr_array_free (g_steal_pointer (&collected), FALSE);
    }

  return found;
}

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  FitCatalog *catalog = task_data;
  GPtrArray *found;

  if (g_task_return_error_if_cancelled (task))
    return;

  found = fit_gpu_detect_all (catalog);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_ptr_array_unref (found);
      g_task_return_error_if_cancelled (task);
      return;
    }

  g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

/**
 * fit_gpu_detect_async:
 * @catalog: (nullable): catalog to match the devices against; referenced
 * @cancellable: (nullable): a #GCancellable
 *
 * Runs fit_gpu_detect_all() in a worker thread; the callback comes back in
 * the thread-default main context of the caller.
 */
void
fit_gpu_detect_async (FitCatalog          *catalog,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, fit_gpu_detect_async);
  g_task_set_name (task, "fit_gpu_detect_async");
  if (catalog != NULL)
    g_task_set_task_data (task, fit_catalog_ref (catalog), (GDestroyNotify) fit_catalog_unref);
  g_task_run_in_thread (task, detect_thread);
}

/**
 * fit_gpu_detect_finish:
 *
 * Returns: (transfer full) (element-type FitGpuInfo): the devices, or NULL
 *   with @error set only when the operation was cancelled
 */
GPtrArray *
fit_gpu_detect_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fit_gpu_detect_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fit_gpu_detect_device:
 * @catalog: (nullable): catalog for the inherited figures
 * @index: which detected device, as in "detected:N"
 *
 * Detects the GPUs and returns device @index as a FitDevice, for the CLI's
 * `--gpu detected:N`.
 *
 * Returns: (transfer full): the device, or NULL with
 *   %FIT_GPU_DETECT_ERROR_NOT_FOUND when there are not that many
 */
FitDevice *
fit_gpu_detect_device (FitCatalog  *catalog,
                       guint        index,
                       GError     **error)
{
  g_autoptr(GPtrArray) found = fit_gpu_detect_all (catalog);

  if (index >= found->len)
    {
      if (found->len == 0)
        g_set_error (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_NOT_FOUND,
                     _("There is no detected GPU %u: no GPU was detected in this computer"),
                     index);
      else
        g_set_error (error, FIT_GPU_DETECT_ERROR, FIT_GPU_DETECT_ERROR_NOT_FOUND,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "There is no detected GPU %u: %u GPU was found",
                                  "There is no detected GPU %u: %u GPUs were found",
                                  found->len),
                     index, found->len);
      return NULL;
    }

  return fit_gpu_info_to_device (g_ptr_array_index (found, index), catalog, index);
}

/* The probe context. */

static char *
env_or (const char *name,
        const char *fallback)
{
  const char *value = g_getenv (name);

  return g_strdup (value != NULL && *value != '\0' ? value : fallback);
}

/**
 * fit_gpu_probe_context_new_from_env:
 *
 * The roots detection reads, overridable for tests and for debugging a
 * user's report from a copy of their /sys: FITMYGPU_SYSFS_ROOT,
 * FITMYGPU_PROC_ROOT, FITMYGPU_DEV_ROOT, FITMYGPU_NVML_LIBRARY,
 * FITMYGPU_PCI_IDS and FITMYGPU_DETECT_TIMEOUT_MS.
 */
FitGpuProbeContext *
fit_gpu_probe_context_new_from_env (void)
{
  FitGpuProbeContext *ctx = g_new0 (FitGpuProbeContext, 1);
  const char *timeout = g_getenv ("FITMYGPU_DETECT_TIMEOUT_MS");
  const char *dev_root = g_getenv ("FITMYGPU_DEV_ROOT");
  guint64 ms;

  ctx->sysfs_root = env_or ("FITMYGPU_SYSFS_ROOT", "/sys");
  ctx->proc_root = env_or ("FITMYGPU_PROC_ROOT", "/proc");
  ctx->nvml_library = env_or ("FITMYGPU_NVML_LIBRARY", "libnvidia-ml.so.1");
  ctx->pci_ids = env_or ("FITMYGPU_PCI_IDS", NULL);

  /* A fixture /sys next to the real /dev would pair fixture cards with
   * this machine's render nodes: no ioctls then, unless asked for. */
  if (dev_root != NULL && *dev_root != '\0')
    ctx->dev_root = g_strdup (dev_root);
  else if (g_strcmp0 (ctx->sysfs_root, "/sys") == 0)
    ctx->dev_root = g_strdup ("/dev");

  ctx->timeout_ms = FIT_GPU_DEFAULT_TIMEOUT_MS;
  if (timeout != NULL && fit_gpu_parse_u64 (timeout, &ms) && ms > 0 && ms <= 60000)
    ctx->timeout_ms = (guint) ms;

  return ctx;
}

FitGpuProbeContext *
fit_gpu_probe_context_copy (const FitGpuProbeContext *self)
{
  FitGpuProbeContext *copy = g_memdup2 (self, sizeof *self);

  copy->sysfs_root = g_strdup (self->sysfs_root);
  copy->proc_root = g_strdup (self->proc_root);
  copy->dev_root = g_strdup (self->dev_root);
  copy->nvml_library = g_strdup (self->nvml_library);
  copy->pci_ids = g_strdup (self->pci_ids);
  return copy;
}

void
fit_gpu_probe_context_free (FitGpuProbeContext *self)
{
  if (self == NULL)
    return;

  g_free (self->sysfs_root);
  g_free (self->proc_root);
  g_free (self->dev_root);
  g_free (self->nvml_library);
  g_free (self->pci_ids);
  g_free (self);
}
