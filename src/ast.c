/* ast.c — building, freeing and dumping syntax trees. The dump is an
 * S-expression, deterministic and stable: unit and golden tests compare it
 * text for text, so change it only together with them. Nothing here knows
 * about the grammar; the parser (grammar/parser.y) builds the trees. */
#include "ast.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

Node *ast_new(Arena *a, NodeKind kind, Span span)
{
    Node *n = arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->span = span;
    return n;
}

/* The kids array holds 4 entries, then doubles whenever nkids reaches a
 * power of two, so its capacity need not be stored. Code that removes
 * kids only lowers nkids: the array is then larger than that rule says,
 * never smaller. */
void ast_add(Arena *a, Node *parent, Node *kid)
{
    uint32_t n = parent->nkids;
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
        size_t cap = n ? (size_t)n * 2 : 4;
        parent->kids = arena_grow(a, parent->kids, n * sizeof *parent->kids, cap * sizeof *parent->kids);
    }
    parent->kids[parent->nkids++] = kid;
}

void ast_set_str(Arena *a, Node *n, const char *s, size_t len)
{
    n->str = arena_strndup(a, s, len);
    n->len = len;
}

static const char *const kind_names[N__COUNT] = {
    [N_NULL] = "null",         [N_TRUE] = "true",
    [N_FALSE] = "false",       [N_INT] = "int",
    [N_FLOAT] = "float",       [N_DURATION] = "duration",
    [N_STRING] = "string",     [N_INTERP] = "interp",
    [N_LIST] = "list",         [N_MAP] = "map",
    [N_PAIR] = "pair",         [N_NAME] = "name",
    [N_FAILURE] = "failure",   [N_UNARY] = "unary",
    [N_BINARY] = "binary",     [N_AND] = "and",
    [N_OR] = "or",             [N_COALESCE] = "coalesce",
    [N_TERNARY] = "ternary",   [N_MATCH_RE] = "match_re",
    [N_REGEX] = "regex",
    [N_FIELD] = "field",       [N_INDEX] = "index",
    [N_CALL] = "call",         [N_CMD] = "cmd",
    [N_WORD] = "word",         [N_BLOCK] = "block",
    [N_LET] = "let",           [N_SET] = "set",
    [N_LOG] = "log",           [N_EXPECT] = "expect",
    [N_FAIL] = "fail",         [N_ABORT] = "abort",
    [N_RETURN] = "return",     [N_ROLLBACK] = "rollback",
    [N_SECTION] = "section",   [N_STEP] = "step",
    [N_IF] = "if",             [N_MATCH] = "match",
    [N_ARM] = "arm",           [N_FOR] = "for",
    [N_WAIT] = "wait",         [N_WAIT_UNTIL] = "wait_until",
    [N_RETRY] = "retry",       [N_TIMEOUT] = "timeout",
    [N_PARALLEL] = "parallel", [N_CONFIRM] = "confirm",
    [N_ESCALATE] = "escalate", [N_EXPR_STMT] = "expr_stmt",
    [N_DOC] = "doc",           [N_MODULE] = "module",
    [N_IMPORT] = "import",     [N_PARAM] = "param",
    [N_TYPE] = "type",         [N_CONTACT] = "contact",
    [N_ESCALATION] = "escalation", [N_DEFAULTS] = "defaults",
    [N_PROCEDURE] = "procedure", [N_ON_FAILURE] = "on_failure",
    [N_ON_SUCCESS] = "on_success",
};

const char *ast_kind_name(NodeKind k)
{
    if ((unsigned)k < N__COUNT && kind_names[k])
        return kind_names[k];
    return "?";
}

/* --- dump ----------------------------------------------------------------- */

static const char *op_name(int op)
{
    switch (op) {
    case OP_ADD: return "+";
    case OP_SUB: return "-";
    case OP_MUL: return "*";
    case OP_DIV: return "/";
    case OP_MOD: return "%";
    case OP_NEG: return "-";
    case OP_NOT: return "not";
    case OP_EQ: return "==";
    case OP_NE: return "!=";
    case OP_LT: return "<";
    case OP_LE: return "<=";
    case OP_GT: return ">";
    case OP_GE: return ">=";
    case OP_IN: return "in";
    case OP_MATCH: return "=~";
    case OP_NOMATCH: return "!~";
    default: return "?op";
    }
}

static const char *cmd_name(int op)
{
    switch (op) {
    case CMD_RUN: return "run";
    case CMD_SH: return "sh";
    case CMD_KUBECTL: return "kubectl";
    case CMD_AWS: return "aws";
    case CMD_HTTP: return "http";
    default: return "?cmd";
    }
}

static const char *type_name(int op)
{
    switch (op) {
    case TY_ANY: return "any";
    case TY_STRING: return "string";
    case TY_INT: return "int";
    case TY_FLOAT: return "float";
    case TY_BOOL: return "bool";
    case TY_DURATION: return "duration";
    case TY_LIST: return "list";
    case TY_MAP: return "map";
    case TY_SECRET: return "secret";
    case TY_ENUM: return "enum";
    default: return "?type";
    }
}

static const char *channel_name(int op)
{
    switch (op) {
    case CH_WEBHOOK: return "webhook";
    case CH_PAGERDUTY: return "pagerduty";
    case CH_EMAIL: return "email";
    case CH_LOG: return "log";
    default: return "?channel";
    }
}

static const char *quote_name(int op)
{
    switch (op) {
    case Q_BARE: return "bare";
    case Q_DOUBLE: return "double";
    case Q_SINGLE: return "single";
    case Q_TRIPLE: return "triple";
    default: return "?quote";
    }
}

static void put_quoted(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; s && i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        case '\r': fputs("\\r", out); break;
        default:
            if (c < 0x20 || c == 0x7f)
                fprintf(out, "\\x%02x", c);
            else
                fputc(c, out);
        }
    }
    fputc('"', out);
}

static int is_ident(const char *s, size_t n)
{
    if (!s || n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return 0;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return 0;
    }
    return 1;
}

/* A name: bare when it looks like an identifier, quoted otherwise. */
static void put_name(FILE *out, const char *s, size_t n)
{
    fputc(' ', out);
    if (is_ident(s, n))
        fwrite(s, 1, n, out);
    else
        put_quoted(out, s, n);
}

static size_t slen(const Node *n, const char *s)
{
    if (!s)
        return 0;
    return s == n->str ? n->len : strlen(s);
}

static void put_float(FILE *out, double f)
{
    char buf[64];
    if (f == (double)(long long)f && f > -1e15 && f < 1e15) {
        fprintf(out, "%.1f", f); /* 1500.0: still visibly a float */
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, f);
        if (strtod(buf, NULL) == f)
            break;
    }
    fputs(buf, out);
}

static void dump(const Node *n, FILE *out, int indent);

/* Statements (the kids of blocks, the module and match) and blocks start a
 * new line; everything else stays on its parent's line. */
static int on_own_line(const Node *parent, const Node *kid)
{
    return kid && (parent->kind == N_BLOCK || parent->kind == N_MODULE || parent->kind == N_MATCH ||
                   kid->kind == N_BLOCK || (parent->kind == N_IF && kid->kind == N_IF));
}

static void dump_kid(const Node *parent, const Node *kid, FILE *out, int indent)
{
    if (!kid) {
        fputs(" _", out);
    } else if (on_own_line(parent, kid)) {
        fprintf(out, "\n%*s", (indent + 1) * 2, "");
        dump(kid, out, indent + 1);
    } else {
        fputc(' ', out);
        dump(kid, out, indent);
    }
}

/* a..e up to the last one present; absent ones in between print as `_`. */
static void dump_slots(const Node *n, FILE *out, int indent)
{
    const Node *slots[5] = {n->a, n->b, n->c, n->d, n->e};
    int last = -1;
    for (int i = 0; i < 5; i++)
        if (slots[i])
            last = i;
    for (int i = 0; i <= last; i++)
        dump_kid(n, slots[i], out, indent);
}

static void dump_kids(const Node *n, FILE *out, int indent)
{
    for (size_t i = 0; i < n->nkids; i++)
        dump_kid(n, n->kids[i], out, indent);
}

static void dump(const Node *n, FILE *out, int indent)
{
    if (!n) {
        fputs("_", out);
        return;
    }
    if (n->kind == N_STEP && n->op == STEP_CHECK)
        fputs("(check", out);
    else
        fprintf(out, "(%s", ast_kind_name(n->kind));

    switch (n->kind) {
    case N_INT:
    case N_DURATION:
        fprintf(out, " %lld", (long long)n->i);
        break;
    case N_FLOAT:
        fputc(' ', out);
        put_float(out, n->f);
        break;
    case N_STRING:
        if (n->op != Q_DOUBLE)
            fprintf(out, " %s", quote_name(n->op));
        fputc(' ', out);
        put_quoted(out, n->str, n->len);
        break;
    case N_UNARY:
    case N_BINARY:
        fprintf(out, " %s", op_name(n->op));
        break;
    case N_MATCH_RE:
        fprintf(out, " %s", op_name(n->op));
        dump_kid(n, n->a, out, indent);
        if (n->b && n->b->kind == N_REGEX) { /* inline: (match_re =~ SUBJECT "pat" "flags") */
            fputc(' ', out);
            put_quoted(out, n->b->str, n->b->len);
            fputc(' ', out);
            put_quoted(out, n->b->str2, slen(n->b, n->b->str2));
        } else {
            dump_kid(n, n->b, out, indent);
        }
        fputc(')', out);
        return;
    case N_REGEX:
        fputc(' ', out);
        put_quoted(out, n->str, n->len);
        fputc(' ', out);
        put_quoted(out, n->str2, slen(n, n->str2));
        break;
    case N_FIELD:
        dump_kid(n, n->a, out, indent);
        put_name(out, n->str, n->len);
        fputc(')', out);
        return;
    case N_CMD:
    case N_DEFAULTS:
        fprintf(out, " %s", cmd_name(n->op));
        if (n->flags & NF_TRY)
            fputs(" try", out);
        break;
    case N_WORD:
        if (n->flags & NF_WHOLE_EXPR)
            fputs(" whole", out);
        break;
    case N_TYPE:
        fprintf(out, " %s", type_name(n->op));
        for (size_t i = 0; i < n->nkids; i++) {
            const Node *m = n->kids[i];
            fputc(' ', out);
            if (m && m->kind == N_STRING)
                put_quoted(out, m->str, m->len);
            else
                dump(m, out, indent);
        }
        fputc(')', out);
        return;
    case N_MODULE:
        fputc(' ', out);
        put_quoted(out, n->str, n->len);
        dump_kids(n, out, indent);
        fputc(')', out);
        return;
    case N_DOC:
        fputc(' ', out);
        put_quoted(out, n->str, n->len);
        fputc(')', out);
        return;
    case N_IMPORT:
        fputc(' ', out);
        put_quoted(out, n->str, n->len);
        put_name(out, n->str2, slen(n, n->str2));
        break;
    case N_CONTACT:
        put_name(out, n->str, n->len);
        fprintf(out, " %s", channel_name(n->op));
        break;
    case N_ARM:
        if (n->flags & NF_DEFAULT)
            fputs(" _", out);
        dump_kids(n, out, indent);
        fputs(" =>", out);
        dump_kid(n, n->a, out, indent);
        fputc(')', out);
        return;
    case N_RETRY:
        if (n->flags & NF_JITTER)
            fputs(" jitter", out);
        break;
    case N_NAME:
    case N_LET:
    case N_SET:
    case N_FOR:
    case N_PARAM:
    case N_PROCEDURE:
    case N_ESCALATE:
    case N_ESCALATION:
    case N_PAIR:
        put_name(out, n->str, n->len);
        break;
    default:
        break;
    }
    if (n->kind == N_PROCEDURE) { /* parameters before title and body */
        dump_kids(n, out, indent);
        dump_slots(n, out, indent);
    } else {
        dump_slots(n, out, indent);
        dump_kids(n, out, indent);
    }
    fputc(')', out);
}

void ast_dump(const Node *n, FILE *out)
{
    dump(n, out, 0);
    fputc('\n', out);
}
