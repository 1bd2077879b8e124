/* diag.h — source files, spans and diagnostics. Every compile-time finding
 * (syntax error, checker error, lint warning) is a Diag with a rule id, a
 * severity and a span; printing them is the only thing this module does. */
#ifndef RUNBOOK_DIAG_H
#define RUNBOOK_DIAG_H

#include <stdint.h>
#include <stdio.h>

#include "util.h"

/* A loaded source file. text is NUL-terminated; len excludes the NUL. */
typedef struct Source {
    char *path;
    char *text;
    size_t len;
} Source;

/* A region of a source. Lines and columns are 1-based; columns count bytes.
 * end_line/end_col is the position just past the last byte (exclusive), and
 * off/end_off are byte offsets into Source.text, end exclusive. */
typedef struct Span {
    uint32_t line, col;
    uint32_t end_line, end_col;
    uint32_t off, end_off;
} Span;

typedef enum Severity { SEV_ERROR, SEV_WARNING, SEV_NOTE } Severity;

typedef struct Diag {
    Severity sev;
    const char *rule; /* static string, e.g. "syntax", "undefined-name" */
    const Source *src;
    Span span;
    char *msg;
} Diag;

typedef struct Diags {
    Diag *v;
    size_t n, cap;
    size_t errors, warnings;
    Source **owned; /* sources the diagnostics point into, freed with them */
    size_t nowned, capowned;
} Diags;

Source *source_load(const char *path, char **errmsg); /* NULL + *errmsg on error */
Source *source_from_memory(const char *path, const char *text, size_t len);
/* Takes text (malloc'd, NUL-terminated, as read_whole_file returns it)
 * without copying it; source_free frees it. */
Source *source_adopt(const char *path, char *text, size_t len);
void source_free(Source *s);

void diag_add(Diags *d, Severity sev, const char *rule, const Source *src,
              Span span, const char *fmt, ...) RB_PRINTF(6, 7);
void diag_vadd(Diags *d, Severity sev, const char *rule, const Source *src,
               Span span, const char *fmt, va_list ap);
void diags_free(Diags *d);
/* Keep src alive as long as d (and free it with d). */
void diags_keep_source(Diags *d, Source *src);
/* Sort by (path, offset) keeping insertion order for ties. */
void diags_sort(Diags *d);

/* Text format:
 *   file:line:col: error: message [rule]
 *       let x = foo
 *               ^~~
 * The caret covers the span on its first line. */
void diag_print(const Diag *dg, FILE *out, int color);
void diags_print(const Diags *d, FILE *out, int color);

/* The text of the source line `line` (1-based), without its newline. */
const char *source_line(const Source *s, uint32_t line, size_t *len);

/* Make a span covering a..b. */
Span span_join(Span a, Span b);

const char *severity_name(Severity s);

#endif
