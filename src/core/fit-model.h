/* fit-model.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "fit-formats.h"

G_BEGIN_DECLS

#define FIT_MAX_LAYERS 1024

typedef enum
{
  FIT_MODEL_DENSE,
  FIT_MODEL_MOE,
  FIT_MODEL_HYBRID,
} FitModelClass;

/* What one layer keeps per sequence. A layer may hold several (Falcon-H1
 * runs attention and Mamba side by side in every layer). */
typedef enum
{
  FIT_LAYER_ATTN_FULL   = 1 << 0, /* KV grows with the whole context */
  FIT_LAYER_ATTN_SWA    = 1 << 1, /* KV limited to the sliding window */
  FIT_LAYER_MAMBA       = 1 << 2, /* constant conv + SSM state */
  FIT_LAYER_LINEAR_ATTN = 1 << 3, /* constant linear-attention state (Gated DeltaNet) */
  FIT_LAYER_MOE         = 1 << 4, /* FFN is a mixture of experts */
} FitLayerFlags;

#define FIT_LAYER_HAS_KV(f)    (((f) & (FIT_LAYER_ATTN_FULL | FIT_LAYER_ATTN_SWA)) != 0)
#define FIT_LAYER_HAS_STATE(f) (((f) & (FIT_LAYER_MAMBA | FIT_LAYER_LINEAR_ATTN)) != 0)

typedef enum
{
  FIT_SSM_NONE,
  FIT_SSM_MAMBA1,
  FIT_SSM_MAMBA2,
  FIT_SSM_GATED_DELTANET,
} FitSsmKind;

/* One titled paragraph of a model card. For sources, @text is the URL. */
typedef struct
{
  char *title;
  char *text;
} FitCardItem;

typedef struct
{
  FitCardItem *items;
  guint        n_items;
} FitCardSection;

typedef struct
{
  char           *summary;       /* one sentence under the name */
  FitCardSection  overview;      /* what it is */
  FitCardSection  improvements;  /* what improved over its predecessors */
  FitCardSection  training;      /* training and release context */
  FitCardSection  strengths;     /* where it is strong */
  FitCardSection  memory;        /* memory behaviour (prose; computed facts come from fit_model_memory_facts) */
  FitCardSection  sources;       /* title = label, text = URL */
} FitModelCard;

/* Exact tensor bytes, as read from a GGUF or safetensors file. */
typedef struct
{
  guint64 total_bytes;
  guint64 token_embd_bytes;   /* stays in system RAM under llama.cpp */
  guint64 output_bytes;       /* output/lm_head (0 when tied) */
  guint64 *layer_bytes;       /* n_layers entries: blk.N.* */
  guint64 *layer_expert_bytes;/* n_layers entries: the routed-expert part of layer_bytes */
  guint64 other_bytes;        /* everything else (norms, vision, MTP) */
  guint64 params;             /* element count of all tensors */
  char   *format_label;       /* "Q4_K_M", "BF16", "GPTQ-Int4", … */
} FitExactWeights;

/**
 * FitModel:
 *
 * The geometry of a language model: everything the estimator needs, and the
 * identity and card the app shows. Plain C, filled by the catalog, by the
 * GGUF/safetensors importers or by hand in tests, then sealed with
 * fit_model_finalize(), which validates it and fills the derived fields.
 */
typedef struct
{
  /* Identity */
  char          *id;
  char          *name;
  char          *company;
  char          *family;
  char          *release_date;     /* ISO 8601 */
  char          *license;
  char          *modality;         /* "text", "text+image", … */
  char          *hf_repo;
  char          *architecture;     /* free text, e.g. "qwen2" */
  FitModelClass  klass;

  /* Stated figures (from the model card), 0 when unknown */
  double         stated_params_total;
  double         stated_params_active;
  double         stated_params_non_embedding;

  /* Geometry */
  guint32        n_layers;
  guint32        hidden_size;
  guint32        intermediate_size;     /* dense FFN */
  guint32        n_heads;
  guint32        n_kv_heads;
  guint32        head_dim;              /* explicit; never derived silently */
  guint32        v_head_dim;            /* 0 = head_dim */
  guint32        vocab_size;
  gboolean       tied_embeddings;
  gboolean       qkv_bias;
  gboolean       o_bias;
  gboolean       qk_norm;
  gboolean       gated_ffn;             /* SwiGLU/GeGLU: three matrices */
  guint32        norms_per_layer;       /* hidden-sized norm vectors per layer (2 usual, 4 Gemma) */
  guint64        context_window;
  guint64        max_position_embeddings;

  /* Attention pattern: one char per layer, cycled over n_layers.
   * F full, S sliding window, L linear attention, M Mamba, P attention + Mamba,
   * E? (no attention, plain MLP) is not used by any model we know. */
  char          *layer_pattern;
  guint32        sliding_window;

  /* MLA (DeepSeek V2/V3) */
  guint32        kv_lora_rank;
  guint32        q_lora_rank;
  guint32        qk_rope_head_dim;
  guint32        qk_nope_head_dim;

  /* Mixture of experts */
  guint32        n_experts;
  guint32        experts_per_token;
  guint32        n_shared_experts;
  guint32        expert_intermediate_size;
  guint32        shared_expert_intermediate_size; /* 0 = expert_intermediate_size */
  guint32        first_dense_layers;
  guint32        moe_layer_period;     /* 1 = every layer (after first_dense_layers) */
  guint32        moe_layer_offset;

  /* Recurrent state */
  FitSsmKind     ssm_kind;
  guint32        ssm_d_inner;          /* Mamba: expand × hidden */
  guint32        ssm_d_state;
  guint32        ssm_d_conv;
  guint32        ssm_n_groups;
  guint32        ssm_n_heads;          /* Mamba-2 heads */
  guint32        ssm_head_dim;
  guint32        ssm_dt_rank;          /* Mamba-1 */
  guint32        lin_key_heads;        /* Gated DeltaNet */
  guint32        lin_value_heads;
  guint32        lin_key_head_dim;
  guint32        lin_value_head_dim;
  guint32        lin_conv_kernel;

  /* Parameters outside the text stack (vision tower) loaded by vLLM and
   * Transformers but shipped separately for llama.cpp. */
  guint64        extra_params;

  /* Checkpoint */
  FitWeightFormat official_format;
  double         checkpoint_size_gb;
  FitWeightFormat *variants;           /* formats worth offering */
  guint          n_variants;

  FitModelCard   card;
  char          *source_path;          /* imported file or folder */
  gboolean       user_entry;

  /* Exact bytes of an imported file, or NULL */
  FitExactWeights *exact;

  /* Derived by fit_model_finalize() */
  guint8        *layer_flags;          /* n_layers FitLayerFlags */
  guint32        n_full_layers;
  guint32        n_swa_layers;
  guint32        n_state_layers;
  guint32        n_moe_layers;
  guint64        params_total;         /* tensor by tensor */
  guint64        params_embedding;     /* token embeddings (+ untied output) */
  guint64        params_active;        /* per token */
  guint64        kv_k_elems_per_token; /* K elements per token, summed over layers holding KV */
  guint64        kv_v_elems_per_token;
  guint64        state_bytes_per_seq;  /* recurrent state, f32, per sequence */

  /* Gated attention (Qwen3-Next): q_proj also produces an output gate. */
  gboolean       attn_output_gate;

  /* Lazily filled per-format weight tables, see fit-weights.c */
  gpointer       weight_cache[FIT_N_WEIGHT_FORMATS];
  gpointer       exact_cache;
} FitModel;

#define FIT_MODEL_ERROR (fit_model_error_quark ())

typedef enum
{
  FIT_MODEL_ERROR_INVALID,
} FitModelError;

GQuark      fit_model_error_quark   (void);
FitModel   *fit_model_new           (void);
void        fit_model_free          (FitModel        *self);
gboolean    fit_model_finalize      (FitModel        *self,
                                     GError         **error);
guint32     fit_model_layer_flags   (const FitModel  *self,
                                     guint32          layer);
guint32     fit_model_v_head_dim    (const FitModel  *self);
guint64     fit_model_kv_bytes_per_token (const FitModel *self,
                                          FitKvType       k_type,
                                          FitKvType       v_type);
const char *fit_model_class_to_string (FitModelClass  klass);
gboolean    fit_model_class_from_string (const char   *str,
                                         FitModelClass *out);
const char *fit_ssm_kind_to_string  (FitSsmKind       kind);
gboolean    fit_ssm_kind_from_string (const char     *str,
                                      FitSsmKind     *out);
void        fit_model_card_clear    (FitModelCard    *card);
void        fit_exact_weights_free  (FitExactWeights *exact);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitModel, fit_model_free)

G_END_DECLS
