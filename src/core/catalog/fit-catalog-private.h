/* fit-catalog-private.h
 *
 * Copyright 2026 The FitMyGPU authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fit-catalog.h"

G_BEGIN_DECLS

/* Nesting deeper than this is refused before json-glib sees the data:
 * json-glib 1.6 recurses once per level and overflows the stack on a few
 * hundred thousand brackets. */
#define FIT_JSON_MAX_DEPTH 64

/* One step of a path into a JSON document: a member name, or an array
 * index when @member is NULL. */
typedef struct
{
  char  *member;
  guint  index;
} FitJsonStep;

/* A problem found while reading a document, with the path that leads to
 * it, so that its line and column can be looked up afterwards. */
typedef struct
{
  FitCatalogError  code;
  char            *message;    /* without file and position */
  GArray          *steps;      /* FitJsonStep, member names owned */
  guint            line;       /* when known without @steps, else 0 */
  guint            column;
} FitJsonIssue;

void          fit_json_issue_free        (FitJsonIssue   *issue);

/* The state of reading one entry (or one file header): the current path,
 * the first error and the warnings. */
typedef struct
{
  GArray       *steps;        /* FitJsonStep, member names borrowed */
  guint         field_base;   /* steps before this belong to the entry's position */
  FitJsonIssue *error;
  GPtrArray    *warnings;     /* FitJsonIssue */
} FitJsonCtx;

void          fit_json_ctx_init          (FitJsonCtx     *ctx);
void          fit_json_ctx_clear         (FitJsonCtx     *ctx);
void          fit_json_ctx_push_member   (FitJsonCtx     *ctx,
                                          const char     *member);
void          fit_json_ctx_push_index    (FitJsonCtx     *ctx,
                                          guint           index);
void          fit_json_ctx_pop           (FitJsonCtx     *ctx);
gboolean      fit_json_ctx_fail          (FitJsonCtx     *ctx,
                                          const char     *member,
                                          FitCatalogError code,
                                          const char     *format,
                                          ...) G_GNUC_PRINTF (4, 5);
void          fit_json_ctx_warn          (FitJsonCtx     *ctx,
                                          const char     *member,
                                          const char     *format,
                                          ...) G_GNUC_PRINTF (3, 4);
/* "geometry.layers": the path below the entry, plus @member. */
char         *fit_json_ctx_field_name    (FitJsonCtx     *ctx,
                                          const char     *member);

/* Field readers. Each checks the JSON type itself (json-glib converts
 * silently), returns FALSE after recording an error in @ctx, and leaves
 * @out untouched when an optional member is absent or null. */
gboolean      fit_json_get_string        (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          gboolean        required,
                                          char          **out);
gboolean      fit_json_get_id            (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          char          **out);
gboolean      fit_json_get_uint          (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          gboolean        required,
                                          guint64         min,
                                          guint64         max,
                                          guint64        *out);
gboolean      fit_json_get_uint32        (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          gboolean        required,
                                          guint32         min,
                                          guint32         max,
                                          guint32        *out);
gboolean      fit_json_get_double        (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          gboolean        required,
                                          double          min,
                                          double          max,
                                          double         *out);
gboolean      fit_json_get_bool          (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          gboolean        required,
                                          gboolean       *out);
/* *out is NULL when the optional member is absent. */
gboolean      fit_json_get_object        (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          gboolean        required,
                                          JsonObject    **out);
gboolean      fit_json_get_array         (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char     *member,
                                          gboolean        required,
                                          JsonArray     **out);
/* Check one bare value (array elements); @member may be NULL. */
gboolean      fit_json_check_uint_node   (FitJsonCtx     *ctx,
                                          JsonNode       *node,
                                          const char     *member,
                                          guint64         min,
                                          guint64         max,
                                          guint64        *out);
gboolean      fit_json_check_string_node (FitJsonCtx     *ctx,
                                          JsonNode       *node,
                                          const char     *member,
                                          const char    **out);
/* Warns about every member of @obj not in the NULL-terminated @known. */
void          fit_json_check_members     (FitJsonCtx     *ctx,
                                          JsonObject     *obj,
                                          const char *const *known);
const char   *fit_json_node_kind         (JsonNode       *node);

/* A parsed document. The data must stay alive as long as the document:
 * positions are looked up again from it when an issue is reported. */
typedef struct _FitJsonDoc FitJsonDoc;

/* Parses @data (which need not be NUL-terminated). With @strict, every
 * position is recorded while parsing, and so is every member given twice in
 * one object: an error at the top level, found below it with
 * fit_json_doc_find_duplicate(). Without @strict, positions are found by
 * parsing again, only when an issue has to be reported. */
FitJsonDoc   *fit_json_doc_parse         (const char     *data,
                                          gsize           len,
                                          const char     *filename,
                                          gboolean        strict,
                                          GError        **error);
void          fit_json_doc_free          (FitJsonDoc     *doc);
JsonObject   *fit_json_doc_get_root      (FitJsonDoc     *doc);
const char   *fit_json_doc_get_filename  (FitJsonDoc     *doc);
/* The line and column (1-based) of what @steps lead to: a member's value, an
 * array element, or, when the last member is absent, its object. */
void          fit_json_doc_locate        (FitJsonDoc     *doc,
                                          GArray         *steps,
                                          guint          *line,
                                          guint          *column);
const char   *fit_json_doc_find_duplicate (FitJsonDoc     *doc,
                                          JsonNode       *node,
                                          guint          *line,
                                          guint          *column);
/* "file:line:col: @prefix: message" */
char         *fit_json_doc_format_issue  (FitJsonDoc     *doc,
                                          const FitJsonIssue *issue,
                                          const char     *prefix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FitJsonDoc, fit_json_doc_free)

/* Entries <-> JSON (fit-catalog-entry.c). The parsers read one entry object
 * and return a finalized model or device, or NULL with an error in @ctx. */
FitModel     *fit_catalog_model_from_json   (FitJsonCtx      *ctx,
                                             JsonObject      *obj);
FitDevice    *fit_catalog_device_from_json  (FitJsonCtx      *ctx,
                                             JsonObject      *obj);
gboolean      fit_catalog_card_from_json    (FitJsonCtx      *ctx,
                                             JsonObject      *obj,
                                             FitModelCard    *card);
gboolean      fit_catalog_card_is_empty     (const FitModelCard *card);
void          fit_catalog_card_copy         (const FitModelCard *src,
                                             FitModelCard       *dest);

/* The valid id of an entry object, for messages, or NULL. */
const char   *fit_json_peek_id             (JsonObject      *obj);

/* ------------------------------------------------------------------------
 * The catalog's insides, shared by fit-catalog.c and fit-catalog-user.c
 */

typedef struct
{
  const char   *file_name;        /* "models.json" */
  const char   *array_key;        /* "models" */
  gpointer    (*from_json)  (FitJsonCtx *ctx, JsonObject *obj);
  JsonNode   *(*to_json)    (gconstpointer entry);
  const char *(*get_id)     (gconstpointer entry);
  void        (*set_user)   (gpointer entry, gboolean user);
  char       *(*describe)   (const char *id, guint index);
  GDestroyNotify free;
} FitEntryKind;

/* One kind of entry: the bundled ones, the user's, and the merged view the
 * API hands out (bundled order, a user entry in place of the bundled one
 * with its id, then the user's new ids in file order). */
typedef struct
{
  const FitEntryKind *kind;
  GPtrArray  *bundled;        /* owned */
  GHashTable *bundled_index;  /* id -> entry */
  GPtrArray  *user;           /* owned */
  GPtrArray  *merged;         /* borrowed */
  GHashTable *index;          /* id -> entry, merged */
  GPtrArray  *retired;        /* replaced entries, alive until the catalog is freed */
} FitEntrySet;

/* What fit_catalog_parse_entries() found, when asked. */
typedef struct
{
  GPtrArray *entries;         /* the valid entries, owned by this struct until taken */
  GPtrArray *nodes;           /* their JSON objects as read (JsonNode) */
  guint      n_skipped;       /* entries dropped with a warning */
  guint      n_warnings;      /* every warning, unknown fields included */
} FitParseResult;

void          fit_parse_result_clear        (FitParseResult  *result);

struct _FitCatalog
{
  gatomicrefcount ref_count;
  FitEntrySet     models;
  FitEntrySet     devices;
  GPtrArray      *warnings;   /* char *, NULL-terminated */
  char           *user_dir;
};

void          fit_catalog_add_warning       (FitCatalog      *self,
                                             const char      *message);
/* Parses a whole file of @set's kind. Bundled: any problem fails the call
 * and nothing is added. User: bad entries are skipped with a warning. With
 * @result, the entries are returned there instead of being added. */
gboolean      fit_catalog_parse_entries     (FitCatalog      *self,
                                             FitEntrySet     *set,
                                             const char      *data,
                                             gsize            len,
                                             const char      *filename,
                                             gboolean         user,
                                             FitParseResult  *result,
                                             GError         **error);
/* Replaces the user entries of @set with @entries (taking them). */
void          fit_catalog_set_user_entries  (FitCatalog      *self,
                                             FitEntrySet     *set,
                                             GPtrArray       *entries);
const char   *fit_catalog_get_user_dir_internal (FitCatalog  *self);

G_END_DECLS
