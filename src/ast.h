/* ast.h — the syntax tree the parser builds and the checker, compiler,
 * linter and doc renderer read. One node shape for every kind; the table
 * below says which fields each kind uses. A tree lives in one Arena (its
 * nodes, strings and child arrays): it is freed with the arena, all at
 * once, and no part of it may be passed to free(). */
#ifndef RUNBOOK_AST_H
#define RUNBOOK_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"

/* Binary/unary operators (Node.op for N_UNARY/N_BINARY/N_MATCH_RE). */
typedef enum AstOp {
    OP_NONE = 0,
    OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_NEG, OP_NOT,
    OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_IN,
    OP_MATCH, OP_NOMATCH, /* =~ and !~ */
} AstOp;

/* Command words (Node.op for N_CMD and N_DEFAULTS). */
typedef enum CmdKind { CMD_RUN, CMD_SH, CMD_KUBECTL, CMD_AWS, CMD_HTTP } CmdKind;

/* Parameter types (Node.op for N_TYPE). */
typedef enum TypeKind {
    TY_ANY = 0, /* procedure parameter with no type */
    TY_STRING, TY_INT, TY_FLOAT, TY_BOOL, TY_DURATION, TY_LIST, TY_MAP,
    TY_SECRET, TY_ENUM,
} TypeKind;

/* Contact channels (Node.op for N_CONTACT). */
typedef enum Channel { CH_WEBHOOK, CH_PAGERDUTY, CH_EMAIL, CH_LOG } Channel;

/* Step kinds (Node.op for N_STEP). */
typedef enum StepKind { STEP_STEP, STEP_CHECK } StepKind;

/* Quoting of a text piece inside a command word (Node.op of an N_STRING
 * that is a piece of an N_WORD). */
typedef enum Quote { Q_BARE, Q_DOUBLE, Q_SINGLE, Q_TRIPLE } Quote;

/*
 * Node kinds and the fields they use. Unlisted fields are 0/NULL.
 *
 * Expressions
 *   N_NULL, N_TRUE, N_FALSE
 *   N_INT        i
 *   N_FLOAT      f
 *   N_DURATION   i = nanoseconds
 *   N_STRING     str,len = the decoded bytes (escapes resolved). op = Quote
 *                when the node is a piece of a command word, else Q_DOUBLE
 *                (Q_SINGLE for '…', Q_TRIPLE for """…""" after dedent).
 *   N_INTERP     kids = pieces, each N_STRING or an expression, in order
 *                ("a ${b} c" -> [N_STRING "a ", b, N_STRING " c"]).
 *   N_LIST       kids = elements
 *   N_MAP        kids = N_PAIR
 *   N_PAIR       str = key, a = value
 *   N_NAME       str = identifier
 *   N_FAILURE    the keyword `failure` used as a value
 *   N_UNARY      op (OP_NEG, OP_NOT), a
 *   N_BINARY     op (arithmetic, comparison, OP_IN), a, b
 *   N_AND, N_OR, N_COALESCE   a, b
 *   N_TERNARY    a ? b : c
 *   N_MATCH_RE   op (OP_MATCH, OP_NOMATCH), a = subject, b = N_REGEX
 *   N_REGEX      a regex literal: str = pattern (the text between the
 *                slashes, "\/" kept as written), str2 = flags ("i", "ms",
 *                … possibly ""); span = the literal's, for error positions
 *   N_FIELD      a = object, str = field name
 *   N_INDEX      a = object, b = index
 *   N_CALL       a = callee (N_NAME, or N_FIELD on an import alias),
 *                kids = arguments
 *   N_CMD        op = CmdKind, kids = N_WORD, one per word after the
 *                command word (for sh, see below). span covers the line.
 *                flags & NF_TRY when written after `try`.
 *                For CMD_SH: kids holds ONE N_WORD whose pieces are the
 *                raw shell text of the script (N_STRING with op Q_BARE,
 *                exactly as written in the source, shell quotes and
 *                backslashes kept) and interpolations (expressions). When
 *                the script is written as a single """…""" word, the
 *                pieces are that string's dedented content (op Q_TRIPLE).
 *   N_WORD       kids = pieces (N_STRING with op = Quote, or expression
 *                for a ${…} piece). flags & NF_WHOLE_EXPR when the word is
 *                exactly one ${…} piece (a list value then expands to one
 *                argument per element).
 *
 * Statements
 *   N_BLOCK      kids = statements
 *   N_LET        str = name, a = value (expression or N_CMD)
 *   N_SET        str = name, a = value
 *   N_LOG        a
 *   N_EXPECT     a = condition, b = message or NULL
 *   N_FAIL       a = message or NULL
 *   N_ABORT      a = message or NULL
 *   N_RETURN     a = value or NULL
 *   N_ROLLBACK
 *   N_SECTION    a = title (N_STRING/N_INTERP), b = N_BLOCK
 *   N_STEP       op = StepKind, a = title, b = timeout or NULL,
 *                c = body N_BLOCK, d = undo N_BLOCK or NULL,
 *                e = on-failure N_BLOCK or NULL
 *   N_IF         a = condition, b = then N_BLOCK, c = else (N_IF, N_BLOCK
 *                or NULL)
 *   N_MATCH      a = subject, kids = N_ARM
 *   N_ARM        kids = patterns (literals); flags & NF_DEFAULT for `_`;
 *                a = body (N_BLOCK, or a single statement)
 *   N_FOR        str = variable, a = iterable, b = body, c = parallel
 *                limit or NULL
 *   N_WAIT       a = duration (a plain `wait D`)
 *   N_WAIT_UNTIL a = title or NULL, b = timeout or NULL, c = every or
 *                NULL, d = condition: an expression, or an N_BLOCK whose
 *                last statement is N_EXPR_STMT (the condition)
 *   N_RETRY      a = count, b = every or NULL, c = backoff or NULL,
 *                d = body, flags & NF_JITTER
 *   N_TIMEOUT    a = duration, b = body
 *   N_PARALLEL   a = limit or NULL, b = body
 *   N_CONFIRM    a = text, b = `when` condition or NULL
 *   N_ESCALATE   str = level, a = message
 *   N_EXPR_STMT  a = expression (a call, or the condition of an until
 *                block)
 *   N_DOC        str = prose: a statement that is only a string literal
 *                (N_STRING/N_INTERP); a = that literal
 *
 * Declarations (only at top level; the parser reports them elsewhere)
 *   N_MODULE     str = runbook title, a = title literal node,
 *                kids = top-level statements and declarations in order
 *   N_IMPORT     str = path, str2 = alias
 *   N_PARAM      str = name, a = N_TYPE, b = default or NULL,
 *                c = description (N_STRING) or NULL. Also used for
 *                procedure parameters (a may be NULL for untyped).
 *   N_TYPE       op = TypeKind; for TY_ENUM kids = N_STRING members
 *   N_CONTACT    str = name, a = display name, op = Channel,
 *                b = target expression (NULL for log)
 *   N_ESCALATION str = level, a = display name, kids = N_NAME contacts,
 *                b = every-duration or NULL
 *   N_DEFAULTS   op = CmdKind, kids = N_WORD
 *   N_PROCEDURE  str = name, kids = N_PARAM, a = title or NULL,
 *                b = body N_BLOCK
 *   N_ON_FAILURE a = body (top level)
 *   N_ON_SUCCESS a = body (top level)
 */
typedef enum NodeKind {
    N_NULL, N_TRUE, N_FALSE, N_INT, N_FLOAT, N_DURATION, N_STRING, N_INTERP,
    N_LIST, N_MAP, N_PAIR, N_NAME, N_FAILURE, N_UNARY, N_BINARY, N_AND, N_OR,
    N_COALESCE, N_TERNARY, N_MATCH_RE, N_REGEX, N_FIELD, N_INDEX, N_CALL, N_CMD,
    N_WORD,
    N_BLOCK, N_LET, N_SET, N_LOG, N_EXPECT, N_FAIL, N_ABORT, N_RETURN,
    N_ROLLBACK, N_SECTION, N_STEP, N_IF, N_MATCH, N_ARM, N_FOR, N_WAIT,
    N_WAIT_UNTIL, N_RETRY, N_TIMEOUT, N_PARALLEL, N_CONFIRM, N_ESCALATE,
    N_EXPR_STMT, N_DOC,
    N_MODULE, N_IMPORT, N_PARAM, N_TYPE, N_CONTACT, N_ESCALATION, N_DEFAULTS,
    N_PROCEDURE, N_ON_FAILURE, N_ON_SUCCESS,
    N__COUNT
} NodeKind;

/* Node.flags */
enum {
    NF_TRY = 1 << 0,
    NF_WHOLE_EXPR = 1 << 1,
    NF_DEFAULT = 1 << 2,
    NF_JITTER = 1 << 3,
};

/* A 10,000-line runbook has some 50,000 nodes: the layout is kept tight
 * (no kind uses both i and f; the kids array's capacity follows from
 * nkids, see ast_add). */
typedef struct Node Node;
struct Node {
    NodeKind kind;
    int op;
    int flags;
    /* Filled by the checker (check.c), read by the compiler: */
    int sym;  /* SymKind for N_NAME, N_LET, N_SET, N_FOR, N_CALL callee */
    int slot; /* local slot, global index, procedure number or BuiltinId;
               * for N_PROCEDURE/N_MODULE: number of locals the checker
               * allocated; for N_MATCH_RE: the captures slot */
    uint32_t nkids;
    Span span;
    char *str; /* NUL-terminated; len is its length (may embed NUL) */
    char *str2;
    size_t len;
    union {
        int64_t i;
        double f;
    };
    Node *a, *b, *c, *d, *e;
    Node **kids;
};

/* What a name resolves to (Node.sym). */
typedef enum SymKind {
    SYM_NONE = 0,
    SYM_LOCAL,   /* slot = local slot in the enclosing procedure/main */
    SYM_GLOBAL,  /* slot = global index (parameters first, then top-level lets) */
    SYM_PROC,    /* slot = index among the module's procedures, in order */
    SYM_BUILTIN, /* slot = BuiltinId */
    SYM_IMPORT,  /* a procedure of an imported module (`k8s.apply`):
                  * slot = import index << 16 | procedure index in it */
} SymKind;

Node *ast_new(Arena *a, NodeKind kind, Span span);
void ast_add(Arena *a, Node *parent, Node *kid); /* appends to kids */
void ast_set_str(Arena *a, Node *n, const char *s, size_t len); /* copies */
const char *ast_kind_name(NodeKind k);
/* An S-expression dump, for tests and debugging (`runbook parse --ast`). */
void ast_dump(const Node *n, FILE *out);

#endif
