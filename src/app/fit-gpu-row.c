/* fit-gpu-row.c
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fit-gpu-row"

#include "config.h"

#include "fit-gpu-row.h"

/* One line of "Which GPUs fit": a snapshot of a sweep row, as a GObject so
 * that GtkColumnView can sort it by property. */
struct _FitGpuRow
{
  GObject         parent_instance;

  char           *id;
  char           *name;
  FitVendor       vendor;
  FitDeviceClass  klass;
  gboolean        detected;
  guint64         memory;
  FitVerdict      verdict;
  gint64          headroom;
  guint           max_concurrency;
  guint64         max_context;
};

G_DEFINE_FINAL_TYPE (FitGpuRow, fit_gpu_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_MEMORY,
  PROP_VERDICT,
  PROP_HEADROOM,
  PROP_MAX_CONCURRENCY,
  PROP_MAX_CONTEXT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
fit_gpu_row_finalize (GObject *object)
{
  FitGpuRow *self = (FitGpuRow *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (fit_gpu_row_parent_class)->finalize (object);
}

static void
fit_gpu_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FitGpuRow *self = FIT_GPU_ROW (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_MEMORY:
      g_value_set_uint64 (value, self->memory);
      break;

    case PROP_VERDICT:
      g_value_set_int (value, self->verdict);
      break;

    case PROP_HEADROOM:
      g_value_set_int64 (value, self->headroom);
      break;

    case PROP_MAX_CONCURRENCY:
      g_value_set_uint (value, self->max_concurrency);
      break;

    case PROP_MAX_CONTEXT:
      g_value_set_uint64 (value, self->max_context);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fit_gpu_row_class_init (FitGpuRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fit_gpu_row_finalize;
  object_class->get_property = fit_gpu_row_get_property;

  properties [PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties [PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties [PROP_MEMORY] = g_param_spec_uint64 ("memory", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties [PROP_VERDICT] =
    g_param_spec_int ("verdict", NULL, NULL, FIT_VERDICT_FITS, FIT_VERDICT_DOES_NOT_FIT, FIT_VERDICT_FITS, flags);
  properties [PROP_HEADROOM] = g_param_spec_int64 ("headroom", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_MAX_CONCURRENCY] =
    g_param_spec_uint ("max-concurrency", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_MAX_CONTEXT] = g_param_spec_uint64 ("max-context", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fit_gpu_row_init (FitGpuRow *self)
{
}

FitGpuRow *
fit_gpu_row_new (const FitSweepRow *row)
{
  FitGpuRow *self;

  g_return_val_if_fail (row != NULL, NULL);
  g_return_val_if_fail (row->device != NULL, NULL);

  self = g_object_new (FIT_TYPE_GPU_ROW, NULL);
  self->id = g_strdup (row->device->id);
  self->name = g_strdup (row->device->name);
  self->vendor = row->device->vendor;
  self->klass = row->device->klass;
  self->detected = row->device->detected;
  self->memory = row->device->memory_bytes;
  self->verdict = row->estimate.verdict;
  self->headroom = row->estimate.headroom_bytes;
  self->max_concurrency = row->estimate.max_concurrency;
  self->max_context = row->estimate.max_context;

  return self;
}

#define GETTER(type, name, field, fallback)               \
type                                                      \
fit_gpu_row_get_##name (FitGpuRow *self)                  \
{                                                         \
  g_return_val_if_fail (FIT_IS_GPU_ROW (self), fallback); \
  return self->field;                                     \
}

GETTER (const char *, id, id, NULL)
GETTER (const char *, name, name, NULL)
GETTER (FitVendor, vendor, vendor, FIT_VENDOR_OTHER)
GETTER (FitDeviceClass, class, klass, FIT_DEVICE_CLASS_CONSUMER)
GETTER (gboolean, detected, detected, FALSE)
GETTER (guint64, memory, memory, 0)
GETTER (FitVerdict, verdict, verdict, FIT_VERDICT_DOES_NOT_FIT)
GETTER (gint64, headroom, headroom, 0)
GETTER (guint, max_concurrency, max_concurrency, 0)
GETTER (guint64, max_context, max_context, 0)

#undef GETTER
