/* lint.c — the lint rules over a checked AST, ignore comments, and the
 * Linter that runs a file through parse, check, compile and lint. See
 * lint.h. The rules only read the tree and the checker's annotations
 * (Node.sym/slot); the effects table (effects_table.h, through command.h)
 * says which commands read, change or destroy. */
#include "lint.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtins.h"
#include "bytecode.h"
#include "command.h"
#include "compile.h"

/* The parser and checker bound nesting at 1000; this only keeps lint's own
 * recursion safe on a tree that broke that rule (and was reported). */
#define LINT_MAX_DEPTH 1100

struct Linter {
    LintOptions opt;
    LintFile *files;
    LineIndex *indexes; /* one per file */
    size_t nfiles, cap;
    ShScript *scripts; /* collected for ShellCheck */
    size_t nscripts, capscripts;
    char **ids; /* interned "shellcheck-SCnnnn" rule ids */
    size_t nids;
    bool finished;
};

/* ---- line index ---------------------------------------------------------- */

void line_index_init(LineIndex *li, const Source *src)
{
    size_t n = 1;
    for (const char *p = src->text, *end = src->text + src->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        n++;
    li->src = src;
    li->n = n;
    li->starts = xmalloc(n * sizeof *li->starts);
    li->starts[0] = 0;
    size_t k = 1;
    for (const char *p = src->text, *end = src->text + src->len;
         (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        li->starts[k++] = (uint32_t)(p - src->text) + 1;
}

void line_index_free(LineIndex *li)
{
    free(li->starts);
    li->starts = NULL;
}

/* 0-based line of a byte offset. */
static size_t line_of(const LineIndex *li, size_t off)
{
    size_t lo = 0, hi = li->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (li->starts[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

Span line_index_span(const LineIndex *li, size_t start, size_t end)
{
    size_t len = li->src->len;
    if (start > len)
        start = len;
    if (end > len)
        end = len;
    if (end < start)
        end = start;
    size_t l0 = line_of(li, start), l1 = line_of(li, end);
    Span s;
    s.line = (uint32_t)l0 + 1;
    s.col = (uint32_t)(start - li->starts[l0]) + 1;
    s.end_line = (uint32_t)l1 + 1;
    s.end_col = (uint32_t)(end - li->starts[l1]) + 1;
    s.off = (uint32_t)start;
    s.end_off = (uint32_t)end;
    return s;
}

/* ---- the walk ------------------------------------------------------------ */

typedef struct Bind {
    const char *name;
    const Node *decl;
    const char *what; /* "variable", "loop variable", "parameter" */
} Bind;

typedef struct GlobalDecl {
    const char *name;
    const Node *decl;
    size_t top; /* position among the module's statements */
    bool is_param;
} GlobalDecl;

typedef struct Walk {
    Linter *L;
    size_t file;
    const Source *src;
    const LineIndex *li;
    Diags *d;
    const Node *module;

    GlobalDecl *globals; /* sorted by name */
    size_t nglobals;
    bool *gsecret; /* by global slot: holds a secret */
    size_t ngslots;
    bool *lsecret; /* by local slot of the current frame */
    size_t nlslots;

    Bind *binds;
    size_t nbinds, capbinds;
    size_t frame_base, scope_base;
    bool globals_all; /* every top-level let is visible (procedures, handlers) */
    size_t cur_top;

    int in_check, in_undo, in_step;
    bool step_confirmed, proc_confirmed;
    int depth;
} Walk;

static void warn(Walk *w, RuleId r, Span sp, const char *fmt, ...) RB_PRINTF(4, 5);

static void warn(Walk *w, RuleId r, Span sp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(w->d, rule_severity(r), rule_name(r), w->src, sp, fmt, ap);
    va_end(ap);
}

static const char *nstr(const Node *n) { return n && n->str ? n->str : ""; }

static bool span_ok(const Walk *w, Span s)
{
    return s.line > 0 && s.off <= s.end_off && s.end_off <= w->src->len;
}

static bool ident_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The span of a declared name inside its node's text `[kw] NAME ...`. */
static Span name_span(const Walk *w, const Node *n, const char *kw, const char *name)
{
    if (!span_ok(w, n->span))
        return n->span;
    const char *t = w->src->text;
    size_t i = n->span.off, end = n->span.end_off, nl = strlen(name);
    if (kw) {
        size_t k = strlen(kw);
        if (end - i > k && strncmp(t + i, kw, k) == 0 && !ident_char(t[i + k])) {
            i += k;
            while (i < end && (t[i] == ' ' || t[i] == '\t'))
                i++;
        }
    }
    if (nl && end - i >= nl && strncmp(t + i, name, nl) == 0 &&
        (i + nl >= end || !ident_char(t[i + nl])))
        return line_index_span(w->li, i, i + nl);
    return n->span;
}

/* The first `len` bytes of a node's text, e.g. its keyword. */
static Span head_span(const Walk *w, const Node *n, size_t len)
{
    if (!span_ok(w, n->span) || n->span.end_off - n->span.off < len)
        return n->span;
    return line_index_span(w->li, n->span.off, n->span.off + len);
}

/* ---- scopes and shadowing ------------------------------------------------ */

static size_t scope_push(Walk *w)
{
    size_t saved = w->scope_base;
    w->scope_base = w->nbinds;
    return saved;
}

static void scope_pop(Walk *w, size_t saved)
{
    w->nbinds = w->scope_base;
    w->scope_base = saved;
}

static int global_cmp(const void *pa, const void *pb)
{
    const GlobalDecl *a = pa, *b = pb;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->top < b->top ? -1 : a->top > b->top;
}

static const GlobalDecl *global_find(const Walk *w, const char *name)
{
    size_t lo = 0, hi = w->nglobals;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(w->globals[mid].name, name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->nglobals && strcmp(w->globals[lo].name, name) == 0 ? &w->globals[lo] : NULL;
}

static bool exempt_name(const char *name) { return name[0] == '_'; }

/* Declare a local (let, for variable, procedure parameter) in the innermost
 * scope, warning when it hides an outer variable or a builtin. */
static void declare(Walk *w, const Node *decl, Span sp, const char *name, const char *what)
{
    const Bind *outer = NULL;
    for (size_t i = w->scope_base; i-- > w->frame_base;) {
        if (strcmp(w->binds[i].name, name) == 0) {
            outer = &w->binds[i];
            break;
        }
    }
    const GlobalDecl *g = outer ? NULL : global_find(w, name);
    if (g && !g->is_param && !w->globals_all && g->top >= w->cur_top)
        g = NULL; /* a top-level let below: not visible here */
    if (outer)
        warn(w, R_SHADOWING, sp, "%s '%s' shadows the %s declared at line %u", what, name,
             outer->what, outer->decl->span.line);
    else if (g)
        warn(w, R_SHADOWING, sp, "%s '%s' shadows the runbook %s declared at line %u", what,
             name, g->is_param ? "parameter" : "variable", g->decl->span.line);
    else if (builtin_lookup(name) >= 0)
        warn(w, R_SHADOWING, sp, "%s '%s' shadows the built-in function %s()", what, name, name);
    Bind b = {name, decl, what};
    VEC_PUSH(w->binds, w->nbinds, w->capbinds, b);
}

/* ---- secrets --------------------------------------------------------------- */

/* The first name in e that holds a secret (commands' results do not). */
/* Expressions whose value is never a secret whatever their operands:
 * comparisons and tests, and builtins that return numbers or bools. */
static bool never_secret(const Node *e)
{
    switch (e->kind) {
    case N_CMD: case N_MATCH_RE: case N_AND: case N_OR:
        return true;
    case N_UNARY:
        return e->op == OP_NOT;
    case N_BINARY:
        return e->op >= OP_EQ && e->op <= OP_IN;
    case N_CALL:
        if (e->a && e->a->kind == N_NAME && e->a->sym == SYM_BUILTIN) {
            switch (e->a->slot) {
            case BI_len: case BI_int: case BI_float: case BI_bool: case BI_contains:
            case BI_starts_with: case BI_ends_with: case BI_range: case BI_now:
                return true;
            default:
                return false;
            }
        }
        return false;
    default:
        return false;
    }
}

static const Node *secret_name(const Walk *w, const Node *e, int depth)
{
    if (!e || depth > LINT_MAX_DEPTH || never_secret(e))
        return NULL;
    if (e->kind == N_NAME) {
        if (e->sym == SYM_GLOBAL && e->slot >= 0 && (size_t)e->slot < w->ngslots &&
            w->gsecret[e->slot])
            return e;
        if (e->sym == SYM_LOCAL && e->slot >= 0 && (size_t)e->slot < w->nlslots &&
            w->lsecret[e->slot])
            return e;
        return NULL;
    }
    const Node *sub[5] = {e->a, e->b, e->c, e->d, e->e};
    for (int i = 0; i < 5; i++) {
        const Node *r = secret_name(w, sub[i], depth + 1);
        if (r)
            return r;
    }
    for (size_t i = 0; i < e->nkids; i++) {
        const Node *r = secret_name(w, e->kids[i], depth + 1);
        if (r)
            return r;
    }
    return NULL;
}

static void mark_secret(Walk *w, int sym, int slot)
{
    if (slot < 0)
        return;
    if (sym == SYM_GLOBAL && (size_t)slot < w->ngslots)
        w->gsecret[slot] = true;
    else if (sym == SYM_LOCAL && (size_t)slot < w->nlslots)
        w->lsecret[slot] = true;
}

/* ---- plain http ------------------------------------------------------------ */

static bool host_is_local(const char *h, size_t n)
{
    if ((n == 9 && strncasecmp(h, "localhost", 9) == 0) ||
        (n > 10 && strncasecmp(h + n - 10, ".localhost", 10) == 0) ||
        (n == 5 && memcmp(h, "[::1]", 5) == 0))
        return true;
    if (n >= 4 && memcmp(h, "127.", 4) == 0 && strspn(h, "0123456789.") >= n)
        return true;
    return false;
}

/* Is there a plain-http URL to a remote host at t[i]? *end receives the
 * end of its host. The host must end inside the text unless the text is
 * complete (an interpolation may follow it), and must be written out. */
static bool plain_http_at(const char *t, size_t n, size_t i, bool complete, size_t *end)
{
    if (n - i < 7 || strncasecmp(t + i, "http://", 7) != 0)
        return false;
    size_t a = i + 7, e = a;
    while (e < n && !strchr("/?#\"' \t\n)(;|&<>`", t[e]))
        e++;
    if (e == n && !complete)
        return false;
    const char *at = NULL;
    for (size_t k = a; k < e; k++)
        if (t[k] == '@')
            at = t + k;
    size_t h = at ? (size_t)(at - t) + 1 : a, he = h;
    if (he < e && t[he] == '[') {
        while (he < e && t[he] != ']')
            he++;
        if (he < e)
            he++;
    } else {
        while (he < e && t[he] != ':')
            he++;
    }
    if (he == h)
        return false;
    for (size_t k = h; k < he; k++)
        if (!ident_char(t[k]) && !strchr(".-[]:", t[k]))
            return false; /* interpolated or not a host name */
    if (host_is_local(t + h, he - h))
        return false;
    *end = e;
    return true;
}

static void plain_http_warn(Walk *w, Span sp)
{
    warn(w, R_PLAIN_HTTP, sp, "plain http:// URL: the traffic is not encrypted; use https://");
}

/* A string value: a URL only when it starts with http://. */
static void check_url_value(Walk *w, const Node *s, bool complete)
{
    size_t end;
    if (!s->str || !plain_http_at(s->str, s->len, 0, complete, &end))
        return;
    Span sp = s->span;
    if (span_ok(w, s->span)) {
        /* the piece's text starts after its opening quote, if any */
        size_t off = s->span.off;
        if (off < w->src->len && (w->src->text[off] == '"' || w->src->text[off] == '\''))
            off++;
        sp = line_index_span(w->li, off, off + end < s->span.end_off ? off + end : s->span.end_off);
    }
    plain_http_warn(w, sp);
}

/* Command text: URLs where a word (or an option's value) starts. map gives
 * source offsets; NULL means offsets count from base. */
static void scan_urls(Walk *w, const char *t, size_t n, bool complete, const uint32_t *map,
                      size_t base, size_t limit)
{
    for (size_t i = 0; i + 7 <= n; i++) {
        if ((t[i] != 'h' && t[i] != 'H') ||
            (i > 0 && !strchr(" \t\n\"'=(<>|;&,`", t[i - 1])))
            continue;
        size_t end;
        if (!plain_http_at(t, n, i, complete, &end))
            continue;
        size_t s0 = map ? map[i] : base + i;
        size_t s1 = map ? (end < n ? map[end] : (size_t)map[n - 1] + 1) : base + end;
        if (s1 > limit)
            s1 = limit;
        plain_http_warn(w, line_index_span(w->li, s0, s1 < s0 ? s0 : s1));
        i = end;
    }
}

/* ---- commands ---------------------------------------------------------------- */

#define UNKNOWN_WORD "\x01"

static bool is_unknown(const char *s) { return strcmp(s, UNKNOWN_WORD) == 0; }

/* Global options of kubectl and aws that take the next word as their
 * value (so that the verb is found after them). */
static bool takes_value(const char *a)
{
    static const char *const opts[] = {"-n", "--namespace", "--context", "--kubeconfig",
                                       "--cluster", "--user", "-s", "--server", "--token",
                                       "--as", "--region", "--profile", "--output",
                                       "--query", "--endpoint-url", NULL};
    if (strchr(a, '='))
        return false;
    for (size_t i = 0; opts[i]; i++)
        if (strcmp(a, opts[i]) == 0)
            return true;
    return false;
}

/* The index of kubectl's verb in argv (argv[0] is the program). */
static size_t kubectl_verb(char *const *argv, size_t argc)
{
    for (size_t i = 1; i < argc; i++) {
        if (argv[i][0] != '-')
            return i;
        if (takes_value(argv[i]))
            i++;
    }
    return argc;
}

/* How a command is named in messages: `kubectl delete`, `aws ec2
 * terminate-instances`, `http DELETE`, `rm -rf`. */
static void describe(Buf *b, int kind, char *const *argv, size_t argc)
{
    /* kubectl VERB (two words for rollout/auth/config), aws SERVICE OP,
     * http METHOD, PROGRAM ARG */
    size_t want = 2, got = 0;
    if (kind == CMD_AWS)
        want = 3;
    for (size_t i = 0; i < argc && got < want; i++) {
        const char *a = argv[i];
        if (i > 0 && (kind == CMD_KUBECTL || kind == CMD_AWS) && a[0] == '-') {
            if (takes_value(a))
                i++;
            continue;
        }
        if (got)
            buf_addc(b, ' ');
        if (kind == CMD_HTTP && got == 0)
            buf_adds(b, "http ");
        buf_adds(b, is_unknown(a) ? "${...}" : a);
        got++;
        if (kind == CMD_KUBECTL && got == 2 &&
            (strcmp(a, "rollout") == 0 || strcmp(a, "auth") == 0 || strcmp(a, "config") == 0))
            want = 3;
        if (kind == CMD_HTTP)
            break;
    }
}

static bool program_is(const char *w, const char *name) { return strcmp(w, name) == 0; }

/* Ask the effects table about a command. kind CMD_RUN: argv is the program
 * and its arguments; a `kubectl` or `aws` program counts as that command.
 * For a program lint cannot see into, only a destructive one is a change. */
static void classify(int kind, char **argv, size_t argc, bool *change, bool *destroy, Buf *desc,
                     const char **via)
{
    /* `kubectl exec POD -- PROG ARGS` runs a program like `run` does, in
     * the container: what counts is that program. */
    size_t v = kind == CMD_KUBECTL ? kubectl_verb(argv, argc) : argc;
    if (v < argc && strcmp(argv[v], "exec") == 0) {
        size_t k = v + 1;
        while (k < argc && strcmp(argv[k], "--") != 0)
            k++;
        *change = *destroy = false;
        if (k + 1 < argc) {
            classify(CMD_RUN, argv + k + 1, argc - k - 1, change, destroy, desc, via);
            *via = " (run by kubectl exec)";
        }
        return;
    }
    bool opaque = false;
    if (kind == CMD_RUN) {
        if (argc > 0 && program_is(argv[0], "kubectl"))
            kind = CMD_KUBECTL;
        else if (argc > 0 && program_is(argv[0], "aws"))
            kind = CMD_AWS;
        else
            opaque = true;
    }
    *destroy = argc > 0 && command_is_destructive(kind, argv, argc);
    *change = opaque ? *destroy : argc == 0 || command_effect_class(kind, argv, argc) != EFF_READ;
    describe(desc, kind, argv, argc);
}

static void command_effects(Walk *w, int kind, char **argv, size_t argc, Span sp)
{
    bool change, destroy;
    Buf desc = {0};
    const char *via = "";
    classify(kind, argv, argc, &change, &destroy, &desc, &via);
    const char *d = desc.data ? desc.data : command_word(kind);
    if (w->in_check && change)
        warn(w, R_MUTATING_CHECK, sp,
             "`%s`%s can change things, and this is a check: a check must only read", d, via);
    if (destroy && !w->in_undo && !w->step_confirmed && !w->proc_confirmed)
        warn(w, R_DESTRUCTIVE, sp,
             "`%s`%s is destructive and no `confirm` comes before it in its step or procedure", d,
             via);
    buf_free(&desc);
}

typedef struct ShCtx {
    Walk *w;
    const ShScript *s;
    const Node *cmd;
} ShCtx;

static void on_sh_command(void *ctx, char **words, size_t n, size_t start)
{
    ShCtx *c = ctx;
    if (n == 0 || is_unknown(words[0]))
        return;
    size_t s0 = start < c->s->text.len ? c->s->map[start] : c->cmd->span.off;
    size_t s1 = s0 + strlen(words[0]);
    if (s1 > c->cmd->span.end_off)
        s1 = c->cmd->span.end_off;
    command_effects(c->w, CMD_RUN, words, n, line_index_span(c->w->li, s0, s1 < s0 ? s0 : s1));
}

static void walk_expr(Walk *w, const Node *n);

static void walk_sh(Walk *w, const Node *n)
{
    const Node *word = n->nkids ? n->kids[0] : NULL;
    for (size_t i = 0; word && i < word->nkids; i++) {
        const Node *p = word->kids[i];
        if (!p || p->kind == N_STRING)
            continue;
        walk_expr(w, p);
        const Node *sec = secret_name(w, p, 0);
        if (sec)
            warn(w, R_SECRET_IN_SH, p->span,
                 "the secret '%s' is interpolated into an sh script, which can leak it", nstr(sec));
    }
    ShScript s = {0};
    s.file = w->file;
    sh_script_build(n, w->li, &s);
    scan_urls(w, s.text.data, s.text.len, true, s.map, 0, n->span.end_off);
    ShCtx ctx = {w, &s, n};
    sh_simple_commands(s.text.data, s.text.len, on_sh_command, &ctx);
    if (w->L->opt.shellcheck && s.text.len > 0) {
        Linter *L = w->L;
        VEC_PUSH(L->scripts, L->nscripts, L->capscripts, s);
    } else {
        sh_script_free(&s);
    }
}

static void walk_cmd(Walk *w, const Node *n)
{
    int kind = n->op;
    if (kind == CMD_SH) {
        walk_sh(w, n);
        return;
    }
    /* Literal words as text; a word with an interpolation is unknown. The
     * table wants kubectl and aws with their program first. */
    size_t lead = kind == CMD_KUBECTL || kind == CMD_AWS;
    char **argv = xcalloc(n->nkids + lead + 1, sizeof *argv);
    const Node **wnode = xcalloc(n->nkids + lead + 1, sizeof *wnode);
    size_t argc = 0;
    if (lead)
        argv[argc++] = xstrdup(command_word(kind));
    for (size_t i = 0; i < n->nkids; i++) {
        const Node *word = n->kids[i];
        if (!word)
            continue;
        bool literal = word->kind == N_WORD;
        Buf b = {0};
        for (size_t j = 0; literal && j < word->nkids; j++) {
            const Node *p = word->kids[j];
            if (p->kind != N_STRING)
                literal = false;
            else
                buf_add(&b, p->str, p->len);
        }
        for (size_t j = 0; j < word->nkids; j++) {
            const Node *p = word->kids[j];
            if (p->kind != N_STRING) {
                walk_expr(w, p);
            } else if (j == 0 && span_ok(w, p->span)) {
                size_t off = p->span.off;
                if (off < w->src->len && (w->src->text[off] == '"' || w->src->text[off] == '\''))
                    off++;
                scan_urls(w, p->str, p->len, j + 1 == word->nkids, NULL, off, p->span.end_off);
            }
        }
        if (word->kind != N_WORD)
            walk_expr(w, word);
        wnode[argc] = word;
        if (literal) {
            argv[argc++] = buf_steal(&b);
        } else {
            buf_free(&b);
            argv[argc++] = xstrdup(UNKNOWN_WORD);
        }
    }
    /* http METHOD URL then options: header NAME VALUE, json V, body V,
     * timeout D, insecure. */
    for (size_t i = 2; kind == CMD_HTTP && i < argc;) {
        const char *o = argv[i];
        if (strcmp(o, "header") == 0) {
            i += 3;
        } else if (strcmp(o, "json") == 0 || strcmp(o, "body") == 0 || strcmp(o, "timeout") == 0) {
            i += 2;
        } else {
            if (strcmp(o, "insecure") == 0)
                warn(w, R_INSECURE_HTTP, wnode[i]->span,
                     "`insecure` turns off TLS certificate verification for this request");
            i++;
        }
    }
    command_effects(w, kind, argv, argc, n->span);
    for (size_t i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    free(wnode);
}

/* ---- expressions and statements -------------------------------------------- */

static void walk_stmt(Walk *w, const Node *n);
static void walk_block(Walk *w, const Node *blk);

static void walk_expr(Walk *w, const Node *n)
{
    if (!n || w->depth > LINT_MAX_DEPTH)
        return;
    w->depth++;
    switch (n->kind) {
    case N_STRING:
        check_url_value(w, n, true);
        break;
    case N_INTERP:
        if (n->nkids && n->kids[0] && n->kids[0]->kind == N_STRING)
            check_url_value(w, n->kids[0], n->nkids == 1);
        for (size_t i = 0; i < n->nkids; i++)
            if (n->kids[i] && n->kids[i]->kind != N_STRING)
                walk_expr(w, n->kids[i]);
        break;
    case N_CMD:
        walk_cmd(w, n);
        break;
    default: {
        const Node *sub[5] = {n->a, n->b, n->c, n->d, n->e};
        for (int i = 0; i < 5; i++)
            walk_expr(w, sub[i]);
        for (size_t i = 0; i < n->nkids; i++)
            walk_expr(w, n->kids[i]);
        break;
    }
    }
    w->depth--;
}

/* Does control never get past n? Returns the reason for the message. */
static const char *ends_flow(const Node *n, int depth)
{
    if (!n || depth > LINT_MAX_DEPTH)
        return NULL;
    switch (n->kind) {
    case N_FAIL: return "`fail`";
    case N_ABORT: return "`abort`";
    case N_RETURN: return "`return`";
    case N_BLOCK:
        for (size_t i = 0; i < n->nkids; i++) {
            const char *r = ends_flow(n->kids[i], depth + 1);
            if (r)
                return r;
        }
        return NULL;
    case N_SECTION:
        return ends_flow(n->b, depth + 1);
    case N_IF:
        return n->c && ends_flow(n->b, depth + 1) && ends_flow(n->c, depth + 1)
                   ? "an `if` whose every branch ends the flow"
                   : NULL;
    case N_MATCH: {
        bool any_default = false;
        for (size_t i = 0; i < n->nkids; i++) {
            const Node *arm = n->kids[i];
            if (!arm || arm->kind != N_ARM || !ends_flow(arm->a, depth + 1))
                return NULL;
            any_default |= (arm->flags & NF_DEFAULT) != 0;
        }
        return any_default ? "a `match` whose every arm ends the flow" : NULL;
    }
    default:
        return NULL;
    }
}

static bool block_is_empty(const Node *b)
{
    if (!b)
        return true;
    if (b->kind != N_BLOCK)
        return b->kind == N_DOC;
    for (size_t i = 0; i < b->nkids; i++)
        if (b->kids[i] && b->kids[i]->kind != N_DOC)
            return false;
    return true;
}

static void walk_step(Walk *w, const Node *n)
{
    walk_expr(w, n->a);
    walk_expr(w, n->b);
    const char *what = n->op == STEP_CHECK ? "check" : "step";
    if (block_is_empty(n->c)) {
        Span sp = n->a ? n->a->span : n->span;
        if (n->a && n->a->kind == N_STRING)
            warn(w, R_EMPTY_STEP, sp, "%s \"%s\" has no statements", what, nstr(n->a));
        else
            warn(w, R_EMPTY_STEP, sp, "this %s has no statements", what);
    }
    bool saved_confirmed = w->step_confirmed;
    if (w->in_step == 0)
        w->step_confirmed = false; /* an enclosing step's confirm still counts */
    w->in_step++;
    if (n->op == STEP_CHECK)
        w->in_check++;
    walk_block(w, n->c);
    if (n->op == STEP_CHECK)
        w->in_check--;
    w->in_undo++;
    walk_block(w, n->d);
    w->in_undo--;
    walk_block(w, n->e);
    w->in_step--;
    w->step_confirmed = saved_confirmed;
}

static void walk_stmt(Walk *w, const Node *n)
{
    if (!n || w->depth > LINT_MAX_DEPTH)
        return;
    w->depth++;
    switch (n->kind) {
    case N_BLOCK:
        walk_block(w, n);
        break;
    case N_LET:
        walk_expr(w, n->a);
        if (n->sym == SYM_LOCAL) {
            declare(w, n, name_span(w, n, "let", nstr(n)), nstr(n), "variable");
            if (secret_name(w, n->a, 0))
                mark_secret(w, n->sym, n->slot);
        }
        break;
    case N_SET:
        walk_expr(w, n->a);
        if (secret_name(w, n->a, 0))
            mark_secret(w, n->sym, n->slot);
        break;
    case N_FOR: {
        walk_expr(w, n->a);
        walk_expr(w, n->c);
        size_t saved = scope_push(w);
        declare(w, n, name_span(w, n, "for", nstr(n)), nstr(n), "loop variable");
        if (secret_name(w, n->a, 0))
            mark_secret(w, n->sym, n->slot);
        walk_block(w, n->b);
        scope_pop(w, saved);
        break;
    }
    case N_STEP:
        walk_step(w, n);
        break;
    case N_CONFIRM:
        walk_expr(w, n->a);
        walk_expr(w, n->b);
        if (w->in_step)
            w->step_confirmed = true;
        else
            w->proc_confirmed = true;
        break;
    case N_RETRY:
        if (!n->b)
            warn(w, R_RETRY_NO_EVERY, head_span(w, n, 5),
                 "retry without `every` tries again at once; add e.g. `every 10s`");
        walk_expr(w, n->a);
        walk_expr(w, n->c);
        walk_block(w, n->d);
        break;
    case N_IF:
        walk_expr(w, n->a);
        walk_block(w, n->b);
        if (n->c && n->c->kind == N_IF)
            walk_stmt(w, n->c);
        else
            walk_block(w, n->c);
        break;
    case N_MATCH:
        walk_expr(w, n->a);
        for (size_t i = 0; i < n->nkids; i++) {
            const Node *arm = n->kids[i];
            if (!arm)
                continue;
            if (arm->kind != N_ARM) {
                walk_stmt(w, arm);
                continue;
            }
            for (size_t k = 0; k < arm->nkids; k++)
                walk_expr(w, arm->kids[k]);
            walk_block(w, arm->a);
        }
        break;
    case N_WAIT_UNTIL:
        walk_expr(w, n->a);
        walk_expr(w, n->b);
        walk_expr(w, n->c);
        if (n->d && n->d->kind == N_BLOCK)
            walk_block(w, n->d);
        else
            walk_expr(w, n->d);
        break;
    case N_TIMEOUT: case N_PARALLEL: case N_SECTION:
        walk_expr(w, n->a);
        walk_block(w, n->b);
        break;
    case N_CMD:
        walk_cmd(w, n);
        break;
    case N_DOC: case N_ROLLBACK:
        break;
    case N_IMPORT: case N_PARAM: case N_CONTACT: case N_ESCALATION: case N_DEFAULTS:
    case N_PROCEDURE: case N_ON_FAILURE: case N_ON_SUCCESS: case N_MODULE: case N_TYPE:
        break; /* misplaced declarations are the checker's errors */
    default: {
        const Node *sub[5] = {n->a, n->b, n->c, n->d, n->e};
        for (int i = 0; i < 5; i++)
            walk_expr(w, sub[i]);
        for (size_t i = 0; i < n->nkids; i++)
            walk_expr(w, n->kids[i]);
        break;
    }
    }
    w->depth--;
}

/* Statements in order, with the unreachable rule: the first statement after
 * one that ends the flow is reported (prose does not count). */
static void walk_statements(Walk *w, Node *const *kids, size_t n, bool top)
{
    const char *dead = NULL;
    bool reported = false;
    for (size_t i = 0; i < n; i++) {
        const Node *k = kids[i];
        if (!k)
            continue;
        if (top) {
            switch (k->kind) {
            case N_IMPORT: case N_PARAM: case N_CONTACT: case N_ESCALATION: case N_DEFAULTS:
            case N_PROCEDURE: case N_ON_FAILURE: case N_ON_SUCCESS:
                continue; /* declarations, walked apart */
            case N_LET:
                if (k->sym == SYM_GLOBAL)
                    continue;
                break;
            default:
                break;
            }
            w->cur_top = i;
        }
        if (dead && !reported && k->kind != N_DOC) {
            warn(w, R_UNREACHABLE, k->span, "this statement can never run: it comes after %s",
                 dead);
            reported = true;
        }
        walk_stmt(w, k);
        if (!dead)
            dead = ends_flow(k, 0);
    }
}

static void walk_block(Walk *w, const Node *blk)
{
    if (!blk)
        return;
    size_t saved = scope_push(w);
    if (blk->kind == N_BLOCK)
        walk_statements(w, blk->kids, blk->nkids, false);
    else
        walk_stmt(w, blk);
    scope_pop(w, saved);
}

/* ---- frames ---------------------------------------------------------------- */

typedef struct FrameSave {
    bool *lsecret;
    size_t nlslots, frame_base, scope_base, nbinds;
    bool globals_all, step_confirmed, proc_confirmed;
    int in_step;
} FrameSave;

static void frame_enter(Walk *w, FrameSave *s, size_t nslots, bool globals_all)
{
    *s = (FrameSave){w->lsecret, w->nlslots, w->frame_base, w->scope_base, w->nbinds,
                     w->globals_all, w->step_confirmed, w->proc_confirmed, w->in_step};
    w->lsecret = xcalloc(nslots + 1, sizeof *w->lsecret);
    w->nlslots = nslots;
    w->frame_base = w->scope_base = w->nbinds;
    w->globals_all = globals_all;
    w->step_confirmed = w->proc_confirmed = false;
    w->in_step = 0;
}

static void frame_leave(Walk *w, const FrameSave *s)
{
    free(w->lsecret);
    w->lsecret = s->lsecret;
    w->nlslots = s->nlslots;
    w->frame_base = s->frame_base;
    w->scope_base = s->scope_base;
    w->nbinds = s->nbinds;
    w->globals_all = s->globals_all;
    w->step_confirmed = s->step_confirmed;
    w->proc_confirmed = s->proc_confirmed;
    w->in_step = s->in_step;
}

static bool is_secret_type(const Node *ty)
{
    return ty && ty->kind == N_TYPE && ty->op == TY_SECRET;
}

static void walk_procedure(Walk *w, const Node *p)
{
    FrameSave fs;
    frame_enter(w, &fs, p->slot > 0 ? (size_t)p->slot : 0, true);
    for (size_t i = 0; i < p->nkids; i++) {
        const Node *prm = p->kids[i];
        if (!prm || prm->kind != N_PARAM)
            continue;
        walk_expr(w, prm->b);
        declare(w, prm, name_span(w, prm, NULL, nstr(prm)), nstr(prm), "parameter");
        if (is_secret_type(prm->a))
            mark_secret(w, SYM_LOCAL, prm->slot);
    }
    walk_expr(w, p->a);
    walk_block(w, p->b);
    frame_leave(w, &fs);
}

/* ---- unused parameters and variables ----------------------------------------- */

/* One pass over the tree: which globals and which locals of each frame are
 * read (an N_NAME; `set` does not read), and which local lets there are. */
typedef struct Uses {
    bool *gused;
    size_t ng;
    bool *lused; /* the current frame's, or NULL in declarations' init frame */
    size_t nl;
    const Node **lets;
    size_t nlets, cap;
} Uses;

static void report_unused_locals(Walk *w, Uses *u, size_t first_let, const Node *proc);

static void collect_uses(Walk *w, const Node *n, Uses *u, int depth)
{
    if (!n || depth > LINT_MAX_DEPTH)
        return;
    switch (n->kind) {
    case N_NAME:
        if (n->slot >= 0) {
            if (n->sym == SYM_GLOBAL && (size_t)n->slot < u->ng)
                u->gused[n->slot] = true;
            else if (n->sym == SYM_LOCAL && u->lused && (size_t)n->slot < u->nl)
                u->lused[n->slot] = true;
        }
        return;
    case N_LET:
        if (n->sym == SYM_LOCAL && u->lused)
            VEC_PUSH(u->lets, u->nlets, u->cap, n);
        break;
    case N_PROCEDURE: {
        bool *saved = u->lused;
        size_t saved_nl = u->nl, first = u->nlets;
        u->nl = n->slot > 0 ? (size_t)n->slot : 0;
        u->lused = xcalloc(u->nl + 1, sizeof *u->lused);
        for (size_t i = 0; i < n->nkids; i++)
            collect_uses(w, n->kids[i], u, depth + 1);
        collect_uses(w, n->a, u, depth + 1);
        collect_uses(w, n->b, u, depth + 1);
        report_unused_locals(w, u, first, n);
        free(u->lused);
        u->lused = saved;
        u->nl = saved_nl;
        u->nlets = first;
        return;
    }
    default:
        break;
    }
    const Node *sub[5] = {n->a, n->b, n->c, n->d, n->e};
    for (int i = 0; i < 5; i++)
        collect_uses(w, sub[i], u, depth + 1);
    for (size_t i = 0; i < n->nkids; i++)
        collect_uses(w, n->kids[i], u, depth + 1);
}

/* The lets found since first (and, for a procedure, its parameters) that
 * nothing in their frame reads. */
static void report_unused_locals(Walk *w, Uses *u, size_t first_let, const Node *proc)
{
    for (size_t k = 0; proc && k < proc->nkids; k++) {
        const Node *prm = proc->kids[k];
        if (prm && prm->kind == N_PARAM && prm->slot >= 0 && (size_t)prm->slot < u->nl &&
            !u->lused[prm->slot] && !exempt_name(nstr(prm)))
            warn(w, R_UNUSED_PARAM, name_span(w, prm, NULL, nstr(prm)),
                 "parameter '%s' of procedure '%s' is never read", nstr(prm), nstr(proc));
    }
    for (size_t i = first_let; i < u->nlets; i++) {
        const Node *n = u->lets[i];
        if (n->slot >= 0 && (size_t)n->slot < u->nl && !u->lused[n->slot] && !exempt_name(nstr(n)))
            warn(w, R_UNUSED_VARIABLE, name_span(w, n, "let", nstr(n)),
                 "variable '%s' is never read", nstr(n));
    }
}

static bool init_context(const Node *k)
{
    switch (k->kind) {
    case N_PARAM: case N_CONTACT: case N_ESCALATION: case N_DEFAULTS: case N_IMPORT:
        return true;
    case N_LET:
        return k->sym == SYM_GLOBAL;
    default:
        return false;
    }
}

static void unused_rules(Walk *w)
{
    const Node *m = w->module;
    Uses u = {0};
    u.ng = w->ngslots;
    u.gused = xcalloc(u.ng + 1, sizeof *u.gused);
    bool *main_used = xcalloc((m->slot > 0 ? (size_t)m->slot : 0) + 1, sizeof *main_used);
    collect_uses(w, m->a, &u, 0);
    for (size_t i = 0; i < m->nkids; i++) {
        const Node *k = m->kids[i];
        if (!k)
            continue;
        /* Declarations are evaluated in the init frame: their locals (a
         * `captures`) are not main's. */
        bool init = init_context(k);
        u.lused = init ? NULL : main_used;
        u.nl = init ? 0 : (m->slot > 0 ? (size_t)m->slot : 0);
        collect_uses(w, k, &u, 0);
    }
    u.lused = main_used;
    u.nl = m->slot > 0 ? (size_t)m->slot : 0;
    report_unused_locals(w, &u, 0, NULL);

    /* Runbook parameters and top-level lets. */
    for (size_t i = 0; i < m->nkids; i++) {
        const Node *k = m->kids[i];
        if (!k || k->sym != SYM_GLOBAL || k->slot < 0 || (size_t)k->slot >= w->ngslots ||
            u.gused[k->slot] || exempt_name(nstr(k)))
            continue;
        if (k->kind == N_PARAM)
            warn(w, R_UNUSED_PARAM, name_span(w, k, "param", nstr(k)),
                 "runbook parameter '%s' is never read", nstr(k));
        else if (k->kind == N_LET)
            warn(w, R_UNUSED_VARIABLE, name_span(w, k, "let", nstr(k)),
                 "variable '%s' is never read", nstr(k));
    }
    free(main_used);
    free(u.gused);
    free(u.lets);
}

/* ---- the module ------------------------------------------------------------ */

static void walk_module(Walk *w)
{
    const Node *m = w->module;
    for (size_t i = 0; i < m->nkids; i++) {
        const Node *k = m->kids[i];
        if (!k || k->sym != SYM_GLOBAL || k->slot < 0 || (k->kind != N_PARAM && k->kind != N_LET))
            continue;
        if ((size_t)k->slot + 1 > w->ngslots)
            w->ngslots = (size_t)k->slot + 1;
        GlobalDecl g = {nstr(k), k, i, k->kind == N_PARAM};
        w->globals = xrealloc(w->globals, (w->nglobals + 1) * sizeof *w->globals);
        w->globals[w->nglobals++] = g;
    }
    if (w->nglobals > 1)
        qsort(w->globals, w->nglobals, sizeof *w->globals, global_cmp);
    w->gsecret = xcalloc(w->ngslots + 1, sizeof *w->gsecret);

    unused_rules(w);

    walk_expr(w, m->a);
    FrameSave main_frame;
    frame_enter(w, &main_frame, m->slot > 0 ? (size_t)m->slot : 0, false);
    /* Declarations first: runbook parameters and top-level lets in order (so
     * that every procedure knows which of them hold secrets), then
     * procedures, contacts and handlers, then the main body. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < m->nkids; i++) {
            const Node *k = m->kids[i];
            if (!k)
                continue;
            w->cur_top = i;
            bool global = (k->kind == N_PARAM || k->kind == N_LET) && k->sym == SYM_GLOBAL;
            if (global != (pass == 0))
                continue;
            const char *kw = NULL;
            switch (k->kind) {
            case N_PARAM:
                kw = "param";
                if (is_secret_type(k->a))
                    mark_secret(w, SYM_GLOBAL, k->slot);
                walk_expr(w, k->b);
                break;
            case N_LET:
                kw = "let";
                walk_expr(w, k->a);
                if (secret_name(w, k->a, 0))
                    mark_secret(w, SYM_GLOBAL, k->slot);
                break;
            case N_PROCEDURE:
                kw = "procedure";
                walk_procedure(w, k);
                break;
            case N_CONTACT: case N_ESCALATION:
                walk_expr(w, k->a);
                walk_expr(w, k->b);
                break;
            case N_DEFAULTS:
                for (size_t j = 0; j < k->nkids; j++)
                    walk_expr(w, k->kids[j]);
                break;
            case N_ON_FAILURE: case N_ON_SUCCESS: {
                /* Handlers share main's slots, but see every global and
                 * start with no confirm of their own. */
                bool saved_all = w->globals_all, saved_pc = w->proc_confirmed;
                w->globals_all = true;
                w->proc_confirmed = false;
                walk_block(w, k->a);
                w->globals_all = saved_all;
                w->proc_confirmed = saved_pc;
                break;
            }
            default:
                break;
            }
            if (kw && builtin_lookup(nstr(k)) >= 0)
                warn(w, R_SHADOWING, name_span(w, k, kw, nstr(k)),
                     "%s '%s' shadows the built-in function %s()",
                     k->kind == N_PARAM ? "runbook parameter"
                     : k->kind == N_LET ? "variable"
                                        : "procedure",
                     nstr(k), nstr(k));
        }
    }
    walk_statements(w, m->kids, m->nkids, true);
    frame_leave(w, &main_frame);
}

/* ---- ignore comments ------------------------------------------------------ */

typedef struct Ignore {
    uint32_t line; /* the line it applies to */
    const char *rule;
    size_t len;
} Ignore;

static bool rule_matches(const Ignore *ig, const char *rule)
{
    if (ig->len == 10 && memcmp(ig->rule, "shellcheck", 10) == 0)
        return strncmp(rule, "shellcheck", 10) == 0;
    return strlen(rule) == ig->len && memcmp(rule, ig->rule, ig->len) == 0;
}

/* One `# lint: ...` line: adds its rules to igs (for the line `target`),
 * reporting names that cannot be ignored. */
static void parse_ignore(LintFile *f, const LineIndex *li, const char *t, size_t p, size_t e,
                         uint32_t target, Ignore **igs, size_t *n, size_t *cap)
{
    while (p < e && (t[p] == ' ' || t[p] == '\t'))
        p++;
    if (e - p < 6 || strncmp(t + p, "ignore", 6) != 0 || (e - p > 6 && ident_char(t[p + 6]))) {
        diag_add(&f->diags, SEV_WARNING, rule_name(R_BAD_IGNORE), f->src, line_index_span(li, p, e),
                 "unknown lint directive: write `# lint: ignore RULE`");
        return;
    }
    p += 6;
    /* A free comment may follow " -- ". */
    for (size_t k = p; k + 1 < e; k++)
        if (t[k] == '-' && t[k + 1] == '-' && (k == p || t[k - 1] == ' ' || t[k - 1] == '\t')) {
            e = k;
            break;
        }
    size_t before = *n;
    bool reported = false;
    while (p < e) {
        while (p < e && strchr(" \t,", t[p]))
            p++;
        size_t s = p;
        while (p < e && !strchr(" \t,", t[p]))
            p++;
        if (p == s)
            break;
        char *id = xstrndup(t + s, p - s);
        RuleId r;
        Span sp = line_index_span(li, s, p);
        if (!lint_rule_lookup(id, &r)) {
            diag_add(&f->diags, SEV_WARNING, rule_name(R_BAD_IGNORE), f->src, sp,
                     "'%s' is not a lint rule (see runbook lint --explain)", id);
            reported = true;
        } else if (rule_severity(r) == SEV_ERROR) {
            diag_add(&f->diags, SEV_WARNING, rule_name(R_BAD_IGNORE), f->src, sp,
                     "'%s' is an error: errors cannot be ignored", id);
            reported = true;
        } else {
            Ignore ig = {target, t + s, p - s};
            VEC_PUSH(*igs, *n, *cap, ig);
        }
        free(id);
    }
    if (*n == before && !reported)
        diag_add(&f->diags, SEV_WARNING, rule_name(R_BAD_IGNORE), f->src,
                 line_index_span(li, e, e), "`# lint: ignore` names no rule");
}

static void apply_ignores(LintFile *f, const LineIndex *li)
{
    const char *t = f->src->text;
    Ignore *igs = NULL;
    size_t n = 0, cap = 0;
    size_t pending_from = 0; /* first ignore of the current run of directive lines */
    bool in_run = false;
    for (size_t l = 0; l < li->n; l++) {
        size_t s = li->starts[l];
        size_t e = l + 1 < li->n ? li->starts[l + 1] - 1 : f->src->len;
        size_t p = s;
        while (p < e && (t[p] == ' ' || t[p] == '\t'))
            p++;
        bool directive = false;
        if (p < e && t[p] == '#') {
            size_t q = p + 1;
            while (q < e && (t[q] == ' ' || t[q] == '\t'))
                q++;
            if (e - q >= 5 && strncmp(t + q, "lint:", 5) == 0) {
                directive = true;
                if (!in_run)
                    pending_from = n;
                in_run = true;
                /* target fixed below, once the run of directives ends */
                size_t ee = e;
                if (ee > q && t[ee - 1] == '\r')
                    ee--;
                parse_ignore(f, li, t, q + 5, ee, 0, &igs, &n, &cap);
            }
        }
        if (!directive && in_run) {
            for (size_t k = pending_from; k < n; k++)
                igs[k].line = (uint32_t)l + 1;
            in_run = false;
        }
    }
    if (in_run) /* directives on the last lines: nothing follows them */
        for (size_t k = pending_from; k < n; k++)
            igs[k].line = UINT32_MAX;
    if (n == 0) {
        free(igs);
        return;
    }
    size_t o = 0;
    for (size_t i = 0; i < f->diags.n; i++) {
        Diag *dg = &f->diags.v[i];
        bool drop = false;
        for (size_t k = 0; k < n && !drop && dg->sev != SEV_ERROR && dg->rule; k++)
            drop = igs[k].line == dg->span.line && rule_matches(&igs[k], dg->rule);
        if (drop) {
            if (dg->sev == SEV_WARNING)
                f->diags.warnings--;
            free(dg->msg);
            continue;
        }
        f->diags.v[o++] = *dg;
    }
    f->diags.n = o;
    free(igs);
}

/* ---- the Linter ---------------------------------------------------------- */

bool lint_rule_lookup(const char *id, RuleId *r)
{
    RuleId k = rule_find(id);
    if (k != R__COUNT) {
        *r = k;
        return true;
    }
    if (strncmp(id, "shellcheck-SC", 13) == 0 && id[13] && strspn(id + 13, "0123456789") ==
                                                                 strlen(id + 13)) {
        *r = R_SHELLCHECK;
        return true;
    }
    return false;
}

Linter *lint_new(const LintOptions *opt)
{
    Linter *L = xcalloc(1, sizeof *L);
    L->opt = *opt;
    return L;
}

void lint_add(Linter *L, Source *src)
{
    if (L->nfiles == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 8;
        L->files = xrealloc(L->files, L->cap * sizeof *L->files);
        L->indexes = xrealloc(L->indexes, L->cap * sizeof *L->indexes);
    }
    size_t fi = L->nfiles++;
    LintFile *f = &L->files[fi];
    memset(f, 0, sizeof *f);
    f->src = src;
    line_index_init(&L->indexes[fi], src);

    /* The same pipeline as every other subcommand, so that lint fails
     * whatever `runbook check` fails; the rules then read the checked tree
     * (also when the checker found errors, but not after syntax errors). */
    Arena arena = ARENA_INIT;
    Node *ast = NULL;
    bc_free(compile_source(src, &f->diags, &arena, &ast));
    bool syntax_errors = false;
    for (size_t i = 0; i < f->diags.n; i++)
        syntax_errors |= f->diags.v[i].sev == SEV_ERROR && f->diags.v[i].rule &&
                         strcmp(f->diags.v[i].rule, "syntax") == 0;
    if (ast && ast->kind == N_MODULE && !syntax_errors) {
        Walk w = {0};
        w.L = L;
        w.file = fi;
        w.src = src;
        w.li = &L->indexes[fi];
        w.d = &f->diags;
        w.module = ast;
        walk_module(&w);
        free(w.globals);
        free(w.gsecret);
        free(w.binds);
    }
    arena_release(&arena);
}

void lint_finish(Linter *L)
{
    if (L->finished)
        return;
    L->finished = true;
    shellcheck_scripts(&L->opt, L->scripts, L->nscripts, L->files, L->indexes, &L->ids, &L->nids);
    for (size_t i = 0; i < L->nfiles; i++) {
        apply_ignores(&L->files[i], &L->indexes[i]);
        diags_sort(&L->files[i].diags);
    }
}

size_t lint_nfiles(const Linter *L) { return L->nfiles; }

const LintFile *lint_file_at(const Linter *L, size_t i) { return i < L->nfiles ? &L->files[i] : NULL; }

void lint_free(Linter *L)
{
    if (!L)
        return;
    for (size_t i = 0; i < L->nfiles; i++) {
        diags_free(&L->files[i].diags);
        source_free(L->files[i].src);
        line_index_free(&L->indexes[i]);
    }
    for (size_t i = 0; i < L->nscripts; i++)
        sh_script_free(&L->scripts[i]);
    for (size_t i = 0; i < L->nids; i++)
        free(L->ids[i]);
    free(L->ids);
    free(L->scripts);
    free(L->files);
    free(L->indexes);
    free(L);
}
