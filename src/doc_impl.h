/* doc_impl.h — shared by the two halves of `runbook doc`: src/doc.c (the
 * document, its tables and the Markdown primitives) and src/doc_body.c
 * (statements: steps, commands, branches and loops). Private to them. */
#ifndef RUNBOOK_DOC_IMPL_H
#define RUNBOOK_DOC_IMPL_H

#include <stdbool.h>

#include "doc.h"

typedef enum { LAST_NONE, LAST_ITEM, LAST_BLOCK } LastKind;

typedef struct Doc {
    const Source *src;
    const Node *module;
    const char *path;
    Buf *out;
    LastKind last; /* what was written last: a list item needs no blank line after one */
    int handling;  /* > 0 inside an on-failure block: a bare `fail` re-raises */
    char **toc;    /* level-2 heading texts, in order */
    size_t ntoc, captoc;
} Doc;

/* Inline text. `table` escapes `|` for a table cell. */
bool doc_src(const Doc *D, const Node *n, const char **p, size_t *len); /* a node's source text */
void doc_oneline(Buf *b, const char *s, size_t n, bool table);
void doc_code(Buf *b, const char *s, size_t n, bool table); /* a code span */
void doc_codes(Buf *b, const char *s);
void doc_expr(const Doc *D, Buf *b, const Node *n, bool table);   /* as written, as code */
void doc_amount(const Doc *D, Buf *b, const Node *n);             /* 10m plain, else code */
void doc_str(const Doc *D, Buf *b, const Node *n, bool table);    /* a string's text, ${…} as written */
void doc_masked(const Doc *D, Buf *b, const Node *n, bool table); /* literals shown as *** */

/* Blocks, each separated from what came before as Markdown needs. */
void doc_blank(Doc *D);
void doc_heading(Doc *D, int level, const char *prefix, const Node *title);
void doc_heading_s(Doc *D, int level, const char *text);
void doc_para(Doc *D, int indent, const char *s, size_t n);
void doc_para_s(Doc *D, int indent, const char *s);
void doc_item(Doc *D, int indent, const char *text);
void doc_code_block(Doc *D, int indent, const char *lang, const Buf *code);

const Node *doc_find_decl(const Doc *D, NodeKind kind, const char *name);

/* doc_body.c */
void doc_cmd_source(const Doc *D, const Node *cmd, Buf *code);
void doc_body_kids(const Node *const *b, Node *const **kids, size_t *n);
bool doc_is_compound(const Node *s);
bool doc_has_heading(const Node *s);
/* Statements where headings may go: sections and steps (and branches that
 * hold them) become headings at `level`, the rest lists and code. */
void doc_render_block(Doc *D, Node *const *kids, size_t n, int level);

#endif
