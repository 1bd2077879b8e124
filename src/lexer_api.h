/* lexer_api.h — what the scanner (grammar/lexer.l) and the parser
 * (grammar/parser.y) share: the front-end context, the location type and
 * the scanner's entry points. Hand-written so that nothing depends on
 * flex's generated header. Only the front end includes this; everyone else
 * uses frontend.h. */
#ifndef RUNBOOK_LEXER_API_H
#define RUNBOOK_LEXER_API_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"
#include "util.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

/* Limits that keep hostile input from costing more than it should. */
#define FRONT_MAX_ERRORS 50   /* syntax errors reported before giving up */
#define FRONT_MAX_NESTING 200 /* open ( [ { ${ and strings at once */
#define FRONT_MAX_DEPTH 400   /* operator/if-else nesting within a tree */

/* The parser's location type: a span plus how deeply nested the construct
 * is (see YYLLOC_DEFAULT in parser.y). */
typedef struct Loc {
    Span span;
    int depth;
} Loc;

/* What is open at a point of the scan, innermost last. */
typedef enum OpenKind {
    OPEN_PAREN,
    OPEN_BRACKET,
    OPEN_MAP,    /* { k: v } */
    OPEN_BLOCK,  /* { statements } */
    OPEN_INTERP, /* ${ … } */
    OPEN_DQ,     /* "…" */
    OPEN_TQ,     /* """…""" */
} OpenKind;

typedef struct Open {
    OpenKind kind;
    bool multiline; /* OPEN_INTERP: inside """…""", so newlines are allowed */
    bool discarded; /* the parser threw the opener away in error recovery:
                     * its closer is not sent either */
    int id;         /* sent with `{` and `${` tokens, see front_discard_open */
    uint32_t off;   /* where the opener starts */
    uint32_t len;   /* the opener's length in bytes */
} Open;

/* A token the scanner has produced but not yet handed to the parser. */
typedef struct QTok {
    int kind;
    Node *node;
    int id; /* for `{` and `${`: the Open's id */
    uint32_t off, end;
} QTok;

#define FRONT_QUEUE 8

typedef struct Front {
    const Source *src;
    Diags *diags;
    Arena *arena; /* where the tree's nodes and strings go */
    char *scanbuf; /* private copy of the text for flex, two NULs at the end */
    size_t len;
    uint32_t *lines; /* byte offset where each line starts */
    size_t nlines;
    size_t line_hint; /* index of the line found last (a cache) */
    yyscan_t scanner;

    Open *opens;
    size_t nopens, capopens;
    int next_open_id;
    int state_depth; /* start conditions pushed on flex's stack */

    QTok queue[FRONT_QUEUE];
    unsigned qhead, qlen;
    int prev[3];   /* kinds of the last three tokens handed to the parser */
    int last_kind; /* kind of the last token queued */
    int first_kind;

    /* Text of a string, bare word or sh script being accumulated. */
    Buf text;
    uint32_t text_off, text_end;
    bool have_text;
    bool tq_bol; /* in """…""", at the start of a source line */

    /* sh script state: shell quote open (0, '\'' or '"'), where it opened,
     * whether the next character starts a shell word, whether the script's
     * WORD_BEGIN was sent. */
    char sh_quote;
    uint32_t sh_quote_off;
    bool sh_wordstart, sh_word;

    uint32_t suppress_nl_off; /* a newline whose "unterminated string" is already reported */
    int eof_stage;
    bool eof_silent; /* the scanner reported why the input ended early */

    int nerrors;
    bool stop;           /* too many errors or too deep: feed end of file */
    bool depth_reported;
    bool header_seen, header_complained;
    Node *module;
} Front;

/* Set up / tear down the scanner over src. */
void front_init(Front *f, const Source *src, Diags *diags, Arena *arena);
void front_destroy(Front *f);

/* The span of bytes [off, end). */
Span front_span(const Front *f, uint32_t off, uint32_t end);

/* Report a syntax error (rule "syntax"); stops the front end after
 * FRONT_MAX_ERRORS. */
void front_error(Front *f, Span span, const char *fmt, ...) RB_PRINTF(3, 4);

/* The innermost open bracket, brace or block (not strings), or NULL. */
const Open *front_innermost_bracket(const Front *f);

/* After a syntax error at a statement keyword: forget ( [ and map braces
 * that were evidently never closed, so that newlines end statements again
 * and the parser can resynchronise. */
void front_forget_brackets(Front *f);

/* The parser discarded (or popped) the `{`, map `{` or `${` with this id
 * during error recovery: drop its closer too, so that it cannot end the
 * block the parser is recovering in. */
void front_discard_open(Front *f, int id);

#endif
