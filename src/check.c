/* check.c — the checker: scopes and name resolution, literal checks
 * (durations, regexes, parameter defaults) and structural rules. It reports
 * errors only (warnings are lint's job) and annotates the AST so that the
 * compiler never resolves a name itself. It must not change the tree's shape.
 *
 * Annotations (Node.sym / Node.slot), what the compiler relies on:
 *
 *  Globals. Runbook parameters, in declaration order, are globals 0..P-1
 *  (N_PARAM.sym = SYM_GLOBAL, slot = index); then each N_LET that is a
 *  direct child of the module, in order, is the next global (N_LET.sym =
 *  SYM_GLOBAL). Top-level lets' initializers are compiled into the hidden
 *  init procedure.
 *
 *  Procedures are numbered 0.. in declaration order. A call whose callee is
 *  an N_NAME gets callee.sym = SYM_PROC (slot = number) or SYM_BUILTIN
 *  (slot = BuiltinId); a procedure shadows a builtin of the same name.
 *
 *  Frames. Each procedure and the main body have a frame of local slots,
 *  handed out by a counter and never reused. A procedure's parameters are
 *  slots 0..n-1. Every non-top-level N_LET and every N_FOR variable gets a
 *  fresh slot (the compiler adds its own temporaries after these); an N_FOR
 *  takes three slots in a row, its variable being the last (slot), the two
 *  below it holding the loop's state. Top-level
 *  `on failure`/`on success` blocks belong to main's frame. N_PROCEDURE.slot
 *  and N_MODULE.slot = the number of slots the frame uses.
 *
 *  captures. A frame whose body contains a `=~`/`!~` has one hidden local
 *  `captures`, allocated when first needed; every N_MATCH_RE in that body
 *  has .slot = that slot, and the name `captures` resolves to it
 *  (SYM_LOCAL). In a body without a match, `captures` is an undefined name
 *  (unless a variable of that name is declared).
 *
 *  Init frame. Expressions evaluated by the init procedure — top-level let
 *  initializers, runbook parameter defaults, and the other declaration-level
 *  expressions (defaults words, contact targets, escalation `every`, the
 *  header title) — have no locals of their own, except a captures slot when
 *  one of them contains a match: then N_MODULE.i = 1 and those N_MATCH_RE
 *  nodes have slot 0; otherwise N_MODULE.i = 0.
 *
 *  Extra (informative) annotations: N_ESCALATE.slot = the escalation's
 *  declaration index; each contact N_NAME in an N_ESCALATION has slot = the
 *  contact's declaration index (sym stays SYM_NONE for both).
 *
 * Visibility. Procedure bodies see their parameters and locals, every
 * global and every procedure. The main body sees parameters everywhere and a
 * top-level let only below it; top-level handlers see every global (they are
 * declarations that apply wherever they stand). Init expressions see
 * parameters and the top-level lets above them; a runbook parameter's
 * default sees only builtins and earlier parameters. */
#include "check.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "names.h"
#include "regex.h"
#include "rules.h"

/* Deeper trees are rejected (too-deep), which also keeps the compiler's
 * recursion bounded. */
#define MAX_DEPTH 1000

/* Errors reported before the rest are dropped (with one note), like the
 * front end's FRONT_MAX_ERRORS: a generated or hostile file with a million
 * undefined names must not produce a million diagnostics, or a million
 * "did you mean" searches over every name in scope. */
#define MAX_ERRORS 100

/* --- checker state -------------------------------------------------------- */

typedef enum BindKind { B_LET, B_FOR, B_PARAM } BindKind;

/* A local variable in scope. */
typedef struct Binding {
    const char *name;
    BindKind kind;
    int slot;
    const Node *decl;
    int shadow; /* the binding of the same name this one hides, or -1 */
} Binding;

/* A runbook parameter or top-level let. */
typedef struct Global {
    const char *name;
    bool is_param;
    int index;  /* global index */
    size_t top; /* position among the module's kids */
    const Node *decl;
} Global;

typedef struct Title {
    const char *s;
    size_t len;
    const Node *node;
} Title;

/* The code a frame runs: a procedure, or the module's statements that
 * run in main (or in init). */
typedef enum FrameKind { FRAME_PROC, FRAME_MAIN, FRAME_INIT } FrameKind;

typedef struct Frame {
    FrameKind kind;
    const Node *root; /* the N_PROCEDURE, or the N_MODULE */
    int nslots;
    int captures_slot; /* -1 until first needed */
    int has_match;     /* -1 until asked (see frame_has_match) */
    Title *titles; /* literal step titles seen, for duplicate-step */
    size_t ntitles, captitles;
    size_t *title_slots; /* open addressing over titles: index + 1, 0 = empty */
    size_t ntitle_slots; /* 0 or a power of two, more than twice ntitles */
} Frame;

typedef enum Vis {
    VIS_ALL,          /* every global */
    VIS_ABOVE,        /* parameters, and top-level lets above cur_top */
    VIS_PARAM_DEFAULT /* parameters with index < param_limit */
} Vis;

typedef struct Checker {
    const Source *src;
    Diags *diags;
    size_t errors;
    Node *module;

    Global *globals;
    size_t nglobals, capglobals;
    NameTab global_tab; /* name -> position in globals */
    int nparams;

    Node **procs;
    size_t nprocs, capprocs;
    NameTab proc_tab;
    Node **contacts;
    size_t ncontacts, capcontacts;
    NameTab contact_tab;
    Node **levels;
    size_t nlevels, caplevels;
    NameTab level_tab;
    NameTab import_tab;   /* alias -> index among the import declarations */
    size_t nimport_decls;
    const ImportInfo *imports;
    size_t nimports;

    Binding *binds;
    size_t nbinds, capbinds;
    size_t scope_base; /* first binding of the innermost scope */
    NameTab bind_tab;  /* name -> its innermost binding, -1 for none */

    /* Where we are. */
    Frame *frame;
    Vis vis;
    size_t cur_top;
    int param_limit;
    bool in_proc;
    bool in_param_default;
    int failure_ok; /* > 0 inside an on failure block */
    int depth;
    bool too_deep_reported;
} Checker;

/* --- diagnostics and spans ------------------------------------------------ */

static void cerror(Checker *c, RuleId rule, Span span, const char *fmt, ...) RB_PRINTF(4, 5);

static void cerror(Checker *c, RuleId rule, Span span, const char *fmt, ...)
{
    if (c->errors >= MAX_ERRORS) {
        if (c->errors == MAX_ERRORS)
            diag_add(c->diags, SEV_NOTE, rule_name(rule), c->src, span,
                     "too many errors; not reporting any more");
        c->errors++; /* still counted: callers compare c->errors */
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(c->diags, SEV_ERROR, rule_name(rule), c->src, span, fmt, ap);
    va_end(ap);
    c->errors++;
}

static bool span_in_source(const Checker *c, Span s)
{
    return c->src && c->src->text && s.line > 0 && s.off <= s.end_off &&
           s.end_off <= c->src->len;
}

/* The span of bytes [start, end) of the source, positioned by counting from
 * base (which must start at or before start). */
static Span span_at(const Checker *c, Span base, size_t start, size_t end)
{
    if (!span_in_source(c, base) || start < base.off || start > c->src->len)
        return base;
    if (end > c->src->len)
        end = c->src->len;
    if (end < start)
        end = start;
    uint32_t line = base.line, col = base.col;
    const char *t = c->src->text;
    size_t i = base.off;
    for (; i < start; i++) {
        if (t[i] == '\n') {
            line++;
            col = 1;
        } else {
            col++;
        }
    }
    Span s = {line, col, line, col, (uint32_t)start, (uint32_t)start};
    for (; i < end; i++) {
        if (t[i] == '\n') {
            s.end_line++;
            s.end_col = 1;
        } else {
            s.end_col++;
        }
    }
    s.end_off = (uint32_t)end;
    return s;
}

static bool is_ident_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_';
}

/* The span of a declared name inside its node: the node's text is
 * `[kw] NAME ...`. Falls back to the node's span. */
static Span name_span(const Checker *c, const Node *n, const char *kw, const char *name)
{
    if (!name || !span_in_source(c, n->span))
        return n->span;
    const char *t = c->src->text;
    size_t i = n->span.off, end = n->span.end_off;
    if (kw) {
        size_t k = strlen(kw);
        if (end - i > k && strncmp(t + i, kw, k) == 0 && !is_ident_char(t[i + k])) {
            i += k;
            while (i < end && (t[i] == ' ' || t[i] == '\t'))
                i++;
        }
    }
    size_t nl = strlen(name);
    if (nl && end - i >= nl && strncmp(t + i, name, nl) == 0 &&
        (i + nl >= end || !is_ident_char(t[i + nl])))
        return span_at(c, n->span, i, i + nl);
    return n->span;
}

/* Past MAX_ERRORS the error will not be shown: then no search is made
 * (suggest_try does nothing, and the loops over the candidates stop). */
static void suggest_init(const Checker *c, Suggest *s, const char *want)
{
    names_suggest_init(s, c->errors < MAX_ERRORS ? want : NULL);
}

#define suggest_try names_suggest_try

/* --- tree helpers --------------------------------------------------------- */

static const char *nstr(const Node *n) { return n && n->str ? n->str : ""; }

static bool contains_match(const Node *n, int depth)
{
    if (!n || depth > MAX_DEPTH)
        return false;
    if (n->kind == N_MATCH_RE)
        return true;
    const Node *sub[5] = {n->a, n->b, n->c, n->d, n->e};
    for (int i = 0; i < 5; i++)
        if (contains_match(sub[i], depth + 1))
            return true;
    for (size_t i = 0; i < n->nkids; i++)
        if (contains_match(n->kids[i], depth + 1))
            return true;
    return false;
}

/* Which top-level kids run in the init procedure's context. */
static bool init_context(const Node *k)
{
    switch (k->kind) {
    case N_LET: case N_PARAM: case N_DEFAULTS: case N_CONTACT: case N_ESCALATION:
        return true;
    default:
        return false;
    }
}

/* Whether the frame's code holds a =~ or !~ anywhere (which gives it a
 * `captures` local). Only a frame that mentions the name `captures` asks,
 * so most trees are never walked for this. */
static bool frame_has_match(Frame *f)
{
    if (f->has_match >= 0)
        return f->has_match;
    const Node *r = f->root;
    bool found = false;
    if (f->kind == FRAME_PROC) {
        found = contains_match(r, 0);
    } else {
        if (f->kind == FRAME_INIT)
            found = contains_match(r->a, 0);
        for (size_t i = 0; i < r->nkids && !found; i++) {
            const Node *k = r->kids[i];
            if (k && k->kind != N_PROCEDURE && k->kind != N_IMPORT &&
                init_context(k) == (f->kind == FRAME_INIT))
                found = contains_match(k, 0);
        }
    }
    f->has_match = found;
    return found;
}

static const char *declaration_word(NodeKind k)
{
    switch (k) {
    case N_IMPORT: return "an import";
    case N_PARAM: return "a param declaration";
    case N_CONTACT: return "a contact declaration";
    case N_ESCALATION: return "an escalation declaration";
    case N_DEFAULTS: return "a defaults declaration";
    case N_PROCEDURE: return "a procedure declaration";
    case N_ON_FAILURE: return "a run-level on failure handler";
    case N_ON_SUCCESS: return "an on success handler";
    default: return "a declaration";
    }
}

/* The literal under an optional unary minus, or NULL. */
static const Node *literal_of(const Node *n, bool *negated)
{
    *negated = false;
    if (n && n->kind == N_UNARY && n->op == OP_NEG && n->a) {
        *negated = true;
        n = n->a;
        if (n->kind != N_INT && n->kind != N_FLOAT && n->kind != N_DURATION)
            return NULL;
    }
    if (!n)
        return NULL;
    switch (n->kind) {
    case N_NULL: case N_TRUE: case N_FALSE: case N_INT: case N_FLOAT: case N_DURATION:
    case N_STRING: case N_INTERP: case N_LIST: case N_MAP:
        return n;
    default:
        return NULL;
    }
}

static const char *literal_desc(const Node *lit)
{
    switch (lit->kind) {
    case N_NULL: return "null";
    case N_TRUE: case N_FALSE: return "a bool";
    case N_INT: return "an int";
    case N_FLOAT: return "a float";
    case N_DURATION: return "a duration";
    case N_STRING: case N_INTERP: return "a string";
    case N_LIST: return "a list";
    case N_MAP: return "a map";
    default: return "a value";
    }
}

/* --- scopes and frames ---------------------------------------------------- */

static size_t scope_push(Checker *c)
{
    size_t saved = c->scope_base;
    c->scope_base = c->nbinds;
    return saved;
}

static void scope_pop(Checker *c, size_t saved)
{
    for (size_t i = c->nbinds; i-- > c->scope_base;)
        nt_set(&c->bind_tab, c->binds[i].name, c->binds[i].shadow);
    c->nbinds = c->scope_base;
    c->scope_base = saved;
}

static int frame_alloc(Frame *f, int n)
{
    int s = f->nslots;
    f->nslots += n;
    return s;
}

static int frame_captures(Frame *f)
{
    if (f->captures_slot < 0)
        f->captures_slot = frame_alloc(f, 1);
    return f->captures_slot;
}

static void frame_free(Frame *f)
{
    free(f->titles);
    f->titles = NULL;
    f->ntitles = f->captitles = 0;
    free(f->title_slots);
    f->title_slots = NULL;
    f->ntitle_slots = 0;
}

/* Declares a local in the innermost scope, reporting a duplicate there. */
static void declare_local(Checker *c, const Node *decl, Span nspan, const char *name,
                          BindKind kind, int slot)
{
    /* Looked up in bind_tab, not by scanning: a block of many lets must
     * not cost quadratic time. */
    int prev = nt_get(&c->bind_tab, name);
    if (prev >= 0 && (size_t)prev >= c->scope_base) {
        const char *what = kind == B_PARAM ? "parameter" : "variable";
        cerror(c, R_DUPLICATE_NAME, nspan, "%s '%s' is already declared in this %s (line %u)",
               what, name, kind == B_PARAM ? "procedure" : "block",
               c->binds[prev].decl->span.line);
        return;
    }
    Binding b = {name, kind, slot, decl, prev};
    VEC_PUSH(c->binds, c->nbinds, c->capbinds, b);
    nt_set(&c->bind_tab, name, (int)(c->nbinds - 1));
}

static bool too_deep(Checker *c, const Node *n)
{
    if (c->depth <= MAX_DEPTH)
        return false;
    if (!c->too_deep_reported) {
        cerror(c, R_TOO_DEEP, n->span, "expression or block nested too deeply (limit %d levels)",
               MAX_DEPTH);
        c->too_deep_reported = true;
    }
    return true;
}

/* --- name resolution ------------------------------------------------------ */

typedef enum Resolve {
    RES_OK,
    RES_UNDEFINED,
    RES_LATER,      /* a global declared below this use */
    RES_NOT_ALLOWED /* a top-level let in a parameter default */
} Resolve;

typedef struct Res {
    int sym;
    int slot;
    bool is_param;
    const Binding *bind;
    const Global *global;
} Res;

static Resolve resolve_var(Checker *c, const char *name, Res *r)
{
    memset(r, 0, sizeof *r);
    int bi = nt_get(&c->bind_tab, name);
    if (bi >= 0) {
        r->sym = SYM_LOCAL;
        r->slot = c->binds[bi].slot;
        r->is_param = c->binds[bi].kind == B_PARAM;
        r->bind = &c->binds[bi];
        return RES_OK;
    }
    if (c->frame && strcmp(name, "captures") == 0 && frame_has_match(c->frame)) {
        r->sym = SYM_LOCAL;
        r->slot = frame_captures(c->frame);
        return RES_OK;
    }
    int gi = nt_get(&c->global_tab, name);
    if (gi < 0)
        return RES_UNDEFINED;
    const Global *g = &c->globals[gi];
    r->global = g;
    r->is_param = g->is_param;
    switch (c->vis) {
    case VIS_ALL:
        break;
    case VIS_ABOVE:
        if (!g->is_param && g->top >= c->cur_top)
            return RES_LATER;
        break;
    case VIS_PARAM_DEFAULT:
        if (!g->is_param)
            return RES_NOT_ALLOWED;
        if (g->index >= c->param_limit)
            return RES_LATER;
        break;
    }
    r->sym = SYM_GLOBAL;
    r->slot = g->index;
    return RES_OK;
}

static void suggest_vars(Checker *c, Suggest *s)
{
    if (!s->want)
        return;
    for (size_t i = c->nbinds; i-- > 0;)
        suggest_try(s, c->binds[i].name);
    if (c->frame && frame_has_match(c->frame))
        suggest_try(s, "captures");
    for (size_t i = 0; i < c->nglobals; i++) {
        const Global *g = &c->globals[i];
        bool vis = c->vis == VIS_ALL ||
                   (c->vis == VIS_ABOVE && (g->is_param || g->top < c->cur_top)) ||
                   (c->vis == VIS_PARAM_DEFAULT && g->is_param && g->index < c->param_limit);
        if (vis)
            suggest_try(s, g->name);
    }
}

static void report_undefined(Checker *c, const char *name, Span span, Resolve how,
                             const Res *r)
{
    if (how == RES_NOT_ALLOWED) {
        cerror(c, R_PARAM_DEFAULT, span,
               "a parameter default can only use builtins and earlier parameters, not the "
               "variable '%s'",
               name);
        return;
    }
    if (how == RES_LATER && c->vis == VIS_PARAM_DEFAULT) {
        cerror(c, R_PARAM_DEFAULT, span,
               "parameter '%s' is declared after this one; a default can only use earlier "
               "parameters",
               name);
        return;
    }
    if (how == RES_LATER) {
        cerror(c, R_UNDEFINED_NAME, span, "undefined name '%s' (it is declared later, at line %u)",
               name, r->global->decl->span.line);
        return;
    }
    if (nt_get(&c->import_tab, name) >= 0) {
        cerror(c, R_BAD_CALL, span, "'%s' is an imported module: call its procedures as %s.NAME(...)",
               name, name);
        return;
    }
    if (strcmp(name, "captures") == 0) {
        cerror(c, R_UNDEFINED_NAME, span,
               "undefined name 'captures' (captures is set by a =~ match in the same "
               "procedure or main body, and there is none)");
        return;
    }
    if (nt_get(&c->proc_tab, name) >= 0 || builtin_lookup(name) >= 0) {
        cerror(c, R_BAD_CALL, span, "'%s' is a %s: it can only be called, as %s(...)", name,
               nt_get(&c->proc_tab, name) >= 0 ? "procedure" : "built-in function", name);
        return;
    }
    Suggest s;
    suggest_init(c, &s, name);
    suggest_vars(c, &s);
    if (s.best)
        cerror(c, R_UNDEFINED_NAME, span, "undefined name '%s'; did you mean '%s'?", name, s.best);
    else
        cerror(c, R_UNDEFINED_NAME, span, "undefined name '%s'", name);
}

static void check_name(Checker *c, Node *n)
{
    Res r;
    Resolve how = resolve_var(c, nstr(n), &r);
    if (how != RES_OK) {
        report_undefined(c, nstr(n), n->span, how, &r);
        return;
    }
    n->sym = r.sym;
    n->slot = r.slot;
}

/* --- expressions ---------------------------------------------------------- */

static void check_expr(Checker *c, Node *n);
static void check_import_call(Checker *c, Node *n, Node *callee, int imp);
static void check_stmt(Checker *c, Node *n);
static void check_block(Checker *c, Node *blk);

static void check_kids(Checker *c, Node *n)
{
    for (size_t i = 0; i < n->nkids; i++)
        check_expr(c, n->kids[i]);
}

/* r: an N_REGEX literal. */
static void check_regex(Checker *c, const Node *r)
{
    const char *flags = r->str2 ? r->str2 : "";
    size_t flen = strlen(flags);
    bool bad_flag = false;
    for (size_t i = 0; i < flen; i++) {
        if (!strchr("imsx", flags[i])) {
            Span sp = r->span;
            if (span_in_source(c, r->span) && r->span.end_off >= flen)
                sp = span_at(c, r->span, r->span.end_off - flen + i, r->span.end_off - flen + i + 1);
            cerror(c, R_BAD_REGEX, sp, "unknown regex flag '%c' (flags are i, m, s and x)",
                   flags[i]);
            bad_flag = true;
        }
    }
    if (bad_flag)
        return;
    char *msg = NULL;
    size_t eoff = 0;
    Value re = regex_compile(r->str ? r->str : "", r->str ? r->len : 0, flags, &msg, &eoff);
    if (re.type != T_NULL) {
        val_release(re);
        free(msg);
        return;
    }
    Span sp = r->span;
    if (span_in_source(c, r->span)) {
        /* The pattern starts after the opening slash; an offset at its end
         * points at the closing slash. */
        size_t at = (size_t)r->span.off + 1 + (eoff > r->len ? r->len : eoff);
        sp = span_at(c, r->span, at, at + 1);
    }
    cerror(c, R_BAD_REGEX, sp, "invalid regex: %s (at offset %zu of the pattern)",
           msg ? msg : "cannot compile", eoff);
    free(msg);
}

static void check_builtin_arity(Checker *c, Node *call, int id)
{
    const BuiltinInfo *bi = &builtin_info[id];
    int n = (int)call->nkids;
    if (n >= bi->min_args && n <= bi->max_args)
        return;
    if (bi->min_args == bi->max_args)
        cerror(c, R_BAD_CALL, call->span, "%s() takes %d argument%s, but %d %s given", bi->name,
               bi->min_args, bi->min_args == 1 ? "" : "s", n, n == 1 ? "was" : "were");
    else
        cerror(c, R_BAD_CALL, call->span, "%s() takes %d to %d arguments, but %d %s given",
               bi->name, bi->min_args, bi->max_args, n, n == 1 ? "was" : "were");
}

static void check_proc_arity(Checker *c, Node *call, const Node *proc)
{
    size_t n = call->nkids, np = proc->nkids;
    if (n > np) {
        cerror(c, R_BAD_CALL, call->span, "'%s' takes at most %zu argument%s, but %zu were given",
               nstr(proc), np, np == 1 ? "" : "s", n);
        return;
    }
    Buf missing = {0};
    size_t nmissing = 0;
    for (size_t i = n; i < np; i++) {
        const Node *p = proc->kids[i];
        if (p && p->kind == N_PARAM && !p->b) {
            buf_printf(&missing, "%s'%s'", nmissing ? ", " : "", nstr(p));
            nmissing++;
        }
    }
    if (nmissing)
        cerror(c, R_BAD_CALL, call->span, "call to '%s' is missing %s %s", nstr(proc),
               nmissing == 1 ? "argument" : "arguments", missing.data);
    buf_free(&missing);
}

static void check_callee(Checker *c, Node *n)
{
    Node *callee = n->a;
    if (!callee)
        return;
    if (callee->kind == N_NAME) {
        const char *name = nstr(callee);
        int pi = nt_get(&c->proc_tab, name);
        if (pi >= 0) {
            if (c->in_param_default) {
                cerror(c, R_PARAM_DEFAULT, callee->span,
                       "a parameter default cannot call procedure '%s' (only builtins)", name);
                return;
            }
            callee->sym = SYM_PROC;
            callee->slot = pi;
            check_proc_arity(c, n, c->procs[pi]);
            return;
        }
        int bi = builtin_lookup(name);
        if (bi >= 0) {
            callee->sym = SYM_BUILTIN;
            callee->slot = bi;
            check_builtin_arity(c, n, bi);
            return;
        }
        Res r;
        Resolve how = resolve_var(c, name, &r);
        if (how == RES_OK) {
            callee->sym = r.sym;
            callee->slot = r.slot;
            cerror(c, R_BAD_CALL, callee->span,
                   "'%s' is a variable, not a procedure or built-in function", name);
            return;
        }
        if (nt_get(&c->import_tab, name) >= 0) {
            cerror(c, R_BAD_CALL, callee->span, "'%s' is an imported module: call its procedures as %s.NAME(...)",
                   name, name);
            return;
        }
        Suggest s;
        suggest_init(c, &s, name);
        for (size_t i = 0; s.want && i < c->nprocs; i++)
            suggest_try(&s, nstr(c->procs[i]));
        for (int i = 0; i < BI__COUNT; i++)
            suggest_try(&s, builtin_info[i].name);
        if (s.best)
            cerror(c, R_UNDEFINED_NAME, callee->span,
                   "undefined procedure or function '%s'; did you mean '%s'?", name, s.best);
        else
            cerror(c, R_UNDEFINED_NAME, callee->span, "undefined procedure or function '%s'",
                   name);
        return;
    }
    if (callee->kind == N_FIELD && callee->a && callee->a->kind == N_NAME) {
        Res r;
        const char *obj = nstr(callee->a);
        int imp = nt_get(&c->import_tab, obj);
        if (resolve_var(c, obj, &r) != RES_OK && imp >= 0) {
            check_import_call(c, n, callee, imp);
            return;
        }
    }
    size_t before = c->errors;
    check_expr(c, callee);
    if (c->errors == before)
        cerror(c, R_BAD_CALL, callee->span,
               "only procedures and built-in functions can be called");
}

/* alias.proc(args): a procedure of an imported module. */
static void check_import_call(Checker *c, Node *n, Node *callee, int imp)
{
    const ImportInfo *info = (size_t)imp < c->nimports ? &c->imports[imp] : NULL;
    if (!info || !info->procs) {
        if (!info)
            cerror(c, R_UNSUPPORTED, callee->span, "module '%s' is not loaded", nstr(callee->a));
        return; /* failed to load: already reported at the import */
    }
    const char *name = nstr(callee);
    for (size_t i = 0; i < info->nprocs; i++) {
        const ImportedProc *p = &info->procs[i];
        if (strcmp(p->name, name) != 0)
            continue;
        if (n->nkids > p->nparams)
            cerror(c, R_BAD_CALL, callee->span, "%s.%s takes at most %u argument%s, got %u",
                   nstr(callee->a), name, p->nparams, p->nparams == 1 ? "" : "s", n->nkids);
        else if (n->nkids < p->nrequired)
            cerror(c, R_BAD_CALL, callee->span, "%s.%s needs at least %u argument%s, got %u",
                   nstr(callee->a), name, p->nrequired, p->nrequired == 1 ? "" : "s", n->nkids);
        callee->sym = SYM_IMPORT;
        callee->slot = imp << 16 | (int)i;
        check_kids(c, n);
        return;
    }
    Suggest sg;
    suggest_init(c, &sg, name);
    for (size_t i = 0; sg.want && i < info->nprocs; i++)
        suggest_try(&sg, info->procs[i].name);
    if (sg.best)
        cerror(c, R_UNDEFINED_NAME, callee->span, "module '%s' (%s) has no procedure '%s'; did you mean '%s'?",
               nstr(callee->a), info->path, name, sg.best);
    else
        cerror(c, R_UNDEFINED_NAME, callee->span, "module '%s' (%s) has no procedure '%s'",
               nstr(callee->a), info->path, name);
    check_kids(c, n);
}

static void check_call(Checker *c, Node *n)
{
    check_callee(c, n);
    check_kids(c, n);
}

static void check_words(Checker *c, Node *cmd)
{
    for (size_t i = 0; i < cmd->nkids; i++) {
        Node *w = cmd->kids[i];
        if (!w)
            continue;
        if (w->kind == N_WORD) {
            for (size_t j = 0; j < w->nkids; j++)
                if (w->kids[j] && w->kids[j]->kind != N_STRING)
                    check_expr(c, w->kids[j]);
        } else {
            check_expr(c, w);
        }
    }
}

static void check_expr(Checker *c, Node *n)
{
    if (!n)
        return;
    c->depth++;
    if (too_deep(c, n)) {
        c->depth--;
        return;
    }
    switch (n->kind) {
    case N_NULL: case N_TRUE: case N_FALSE: case N_INT: case N_FLOAT: case N_DURATION:
    case N_STRING:
        break;
    case N_INTERP: case N_LIST:
        check_kids(c, n);
        break;
    case N_MAP:
        check_kids(c, n);
        break;
    case N_PAIR:
        check_expr(c, n->a);
        break;
    case N_NAME:
        check_name(c, n);
        break;
    case N_FAILURE:
        if (!c->failure_ok)
            cerror(c, R_MISPLACED, n->span,
                   "'failure' is only available inside an on failure block");
        break;
    case N_UNARY:
        check_expr(c, n->a);
        break;
    case N_BINARY: case N_AND: case N_OR: case N_COALESCE: case N_INDEX:
        check_expr(c, n->a);
        check_expr(c, n->b);
        break;
    case N_TERNARY:
        check_expr(c, n->a);
        check_expr(c, n->b);
        check_expr(c, n->c);
        break;
    case N_MATCH_RE:
        check_expr(c, n->a);
        if (c->frame)
            n->slot = frame_captures(c->frame);
        if (n->b)
            check_regex(c, n->b);
        break;
    case N_FIELD:
        check_expr(c, n->a);
        break;
    case N_CALL:
        check_call(c, n);
        break;
    case N_CMD:
        if (c->in_param_default)
            cerror(c, R_PARAM_DEFAULT, n->span, "a parameter default cannot run a command");
        check_words(c, n);
        break;
    case N_WORD:
        check_words(c, n);
        break;
    default:
        /* A statement where an expression belongs: the parser does not
         * build this; check it as a statement rather than skip it. */
        check_stmt(c, n);
        break;
    }
    c->depth--;
}

/* --- literal rules -------------------------------------------------------- */

static void check_duration(Checker *c, Node *d)
{
    if (!d)
        return;
    bool neg;
    const Node *lit = literal_of(d, &neg);
    if (lit) {
        if (lit->kind == N_INT || lit->kind == N_FLOAT)
            cerror(c, R_BAD_DURATION, d->span, "a duration needs a unit, e.g. 30s");
        else if (lit->kind != N_DURATION)
            cerror(c, R_BAD_DURATION, d->span, "expected a duration such as 30s, got %s",
                   literal_desc(lit));
    }
    check_expr(c, d);
}

static void check_retry_numbers(Checker *c, Node *n)
{
    bool neg;
    const Node *lit = literal_of(n->a, &neg);
    if (lit) {
        if (lit->kind != N_INT)
            cerror(c, R_BAD_RETRY, n->a->span, "a retry count must be an int, e.g. retry 3");
        else if (neg || lit->i < 1)
            cerror(c, R_BAD_RETRY, n->a->span, "a retry count must be at least 1");
    }
    lit = literal_of(n->c, &neg);
    if (lit) {
        if (lit->kind != N_INT && lit->kind != N_FLOAT)
            cerror(c, R_BAD_RETRY, n->c->span, "backoff must be a number, e.g. backoff 2");
        else if (neg || (lit->kind == N_INT ? lit->i < 1 : !(lit->f >= 1.0)))
            cerror(c, R_BAD_RETRY, n->c->span, "backoff must be at least 1");
    }
}

/* Enum members, and whether a literal default fits the declared type. */
static void check_param_type(Checker *c, Node *p)
{
    const Node *ty = p->a;
    if (ty && ty->kind == N_TYPE && ty->op == TY_ENUM) {
        for (size_t i = 0; i < ty->nkids; i++) {
            const Node *m = ty->kids[i];
            if (!m || m->kind != N_STRING)
                continue;
            if (m->len == 0) {
                cerror(c, R_PARAM_TYPE, m->span, "an enum member cannot be empty");
                continue;
            }
            for (size_t j = 0; j < i; j++) {
                const Node *o = ty->kids[j];
                if (o && o->kind == N_STRING && o->len == m->len &&
                    memcmp(o->str, m->str, m->len) == 0) {
                    cerror(c, R_PARAM_TYPE, m->span, "enum member \"%s\" is listed twice",
                           nstr(m));
                    break;
                }
            }
        }
    }
    bool neg;
    const Node *lit = literal_of(p->b, &neg);
    if (!lit || !ty || ty->kind != N_TYPE)
        return;
    NodeKind k = lit->kind;
    bool ok = true;
    const char *want = NULL;
    switch ((TypeKind)ty->op) {
    case TY_ANY: break;
    case TY_INT: ok = k == N_INT; want = "an int"; break;
    case TY_FLOAT: ok = k == N_INT || k == N_FLOAT; want = "a number"; break;
    case TY_BOOL: ok = k == N_TRUE || k == N_FALSE; want = "true or false"; break;
    case TY_DURATION: ok = k == N_DURATION; want = "a duration such as 30s"; break;
    case TY_LIST: ok = k == N_LIST; want = "a list"; break;
    case TY_MAP: ok = k == N_MAP; want = "a map"; break;
    case TY_STRING: case TY_SECRET: case TY_ENUM:
        ok = k == N_STRING || k == N_INTERP;
        want = "a string";
        break;
    }
    if (!ok) {
        cerror(c, R_PARAM_TYPE, p->b->span, "the default of '%s' must be %s, not %s", nstr(p),
               want, literal_desc(lit));
        return;
    }
    if (ty->op == TY_ENUM && k == N_STRING) {
        for (size_t i = 0; i < ty->nkids; i++) {
            const Node *m = ty->kids[i];
            if (m && m->kind == N_STRING && m->len == lit->len &&
                memcmp(m->str, lit->str, lit->len) == 0)
                return;
        }
        Buf b = {0};
        for (size_t i = 0; i < ty->nkids; i++)
            if (ty->kids[i])
                buf_printf(&b, "%s\"%s\"", i ? ", " : "", nstr(ty->kids[i]));
        cerror(c, R_PARAM_TYPE, p->b->span, "\"%s\" is not one of %s", nstr(lit),
               b.data ? b.data : "");
        buf_free(&b);
    }
}

/* --- statements ----------------------------------------------------------- */

static void check_step_title(Checker *c, const Node *title)
{
    if (!title || title->kind != N_STRING || !c->frame)
        return;
    Frame *f = c->frame;
    const char *s = title->str ? title->str : "";
    size_t len = title->str ? title->len : 0;
    /* A hash index over the titles, so that many steps cost linear time. */
    if ((f->ntitles + 1) * 2 >= f->ntitle_slots) {
        size_t n = f->ntitle_slots ? f->ntitle_slots * 2 : 32;
        free(f->title_slots);
        f->title_slots = xcalloc(n, sizeof *f->title_slots);
        f->ntitle_slots = n;
        for (size_t i = 0; i < f->ntitles; i++) {
            size_t k = hash_str32(f->titles[i].s, f->titles[i].len) & (n - 1);
            while (f->title_slots[k])
                k = (k + 1) & (n - 1);
            f->title_slots[k] = i + 1;
        }
    }
    size_t mask = f->ntitle_slots - 1, k = hash_str32(s, len) & mask;
    for (; f->title_slots[k]; k = (k + 1) & mask) {
        const Title *t = &f->titles[f->title_slots[k] - 1];
        if (t->len == len && memcmp(t->s, s, len) == 0) {
            cerror(c, R_DUPLICATE_STEP, title->span,
                   "duplicate step title \"%s\" (first used at line %u)", s,
                   t->node->span.line);
            return;
        }
    }
    Title t = {s, len, title};
    VEC_PUSH(f->titles, f->ntitles, f->captitles, t);
    f->title_slots[k] = f->ntitles;
}

static void check_set(Checker *c, Node *n)
{
    const char *name = nstr(n);
    Span sp = name_span(c, n, "set", name);
    Res r;
    Resolve how = resolve_var(c, name, &r);
    if (how != RES_OK) {
        report_undefined(c, name, sp, how, &r);
    } else {
        n->sym = r.sym;
        n->slot = r.slot;
        if (r.is_param)
            cerror(c, R_ASSIGN_PARAM, sp, "cannot assign to parameter '%s'", name);
    }
    check_expr(c, n->a);
}

static void check_let(Checker *c, Node *n)
{
    check_expr(c, n->a);
    if (!c->frame)
        return;
    int slot = frame_alloc(c->frame, 1);
    n->sym = SYM_LOCAL;
    n->slot = slot;
    declare_local(c, n, name_span(c, n, "let", nstr(n)), nstr(n), B_LET, slot);
}

static void check_for(Checker *c, Node *n)
{
    check_expr(c, n->a);
    check_expr(c, n->c);
    size_t saved = scope_push(c);
    if (c->frame) {
        /* Three slots in a row: the loop's state (two hidden slots, which
         * the compiler's loop instructions use) right below the variable. */
        n->sym = SYM_LOCAL;
        n->slot = frame_alloc(c->frame, 3) + 2;
        declare_local(c, n, name_span(c, n, "for", nstr(n)), nstr(n), B_FOR, n->slot);
    }
    check_block(c, n->b);
    scope_pop(c, saved);
}

static void check_until(Checker *c, Node *cond)
{
    if (!cond)
        return;
    if (cond->kind != N_BLOCK) {
        check_expr(c, cond);
        return;
    }
    /* The parser reports an until block that does not end with its
     * condition. */
    check_block(c, cond);
}

static void check_escalate(Checker *c, Node *n)
{
    const char *level = nstr(n);
    int li = nt_get(&c->level_tab, level);
    if (li >= 0) {
        n->slot = li;
    } else {
        Suggest s;
        suggest_init(c, &s, level);
        for (size_t i = 0; s.want && i < c->nlevels; i++)
            suggest_try(&s, nstr(c->levels[i]));
        Span sp = name_span(c, n, "escalate", level);
        if (s.best)
            cerror(c, R_UNDEFINED_NAME, sp,
                   "undefined escalation level '%s'; did you mean '%s'?", level, s.best);
        else
            cerror(c, R_UNDEFINED_NAME, sp, "undefined escalation level '%s'", level);
    }
    check_expr(c, n->a);
}

/* The body of a match arm: a block, or one statement with its own scope. */
static void check_arm_body(Checker *c, Node *body)
{
    if (!body)
        return;
    if (body->kind == N_BLOCK) {
        check_block(c, body);
        return;
    }
    size_t saved = scope_push(c);
    check_stmt(c, body);
    scope_pop(c, saved);
}

static void check_stmt(Checker *c, Node *n)
{
    if (!n)
        return;
    c->depth++;
    if (too_deep(c, n)) {
        c->depth--;
        return;
    }
    switch (n->kind) {
    case N_BLOCK:
        check_block(c, n);
        break;
    case N_LET:
        check_let(c, n);
        break;
    case N_SET:
        check_set(c, n);
        break;
    case N_LOG: case N_FAIL: case N_ABORT: case N_EXPR_STMT: case N_DOC:
        check_expr(c, n->a);
        break;
    case N_EXPECT: case N_CONFIRM:
        check_expr(c, n->a);
        check_expr(c, n->b);
        break;
    case N_RETURN:
        if (!c->in_proc)
            cerror(c, R_MISPLACED, n->span, "'return' is only allowed inside a procedure");
        check_expr(c, n->a);
        break;
    case N_ROLLBACK:
        break;
    case N_SECTION:
        check_expr(c, n->a);
        check_block(c, n->b);
        break;
    case N_STEP:
        check_expr(c, n->a);
        check_step_title(c, n->a);
        check_duration(c, n->b);
        check_block(c, n->c);
        check_block(c, n->d);
        if (n->e) {
            c->failure_ok++;
            check_block(c, n->e);
            c->failure_ok--;
        }
        break;
    case N_IF:
        check_expr(c, n->a);
        check_block(c, n->b);
        if (n->c && n->c->kind == N_IF)
            check_stmt(c, n->c);
        else
            check_block(c, n->c);
        break;
    case N_MATCH:
        check_expr(c, n->a);
        for (size_t i = 0; i < n->nkids; i++) {
            Node *arm = n->kids[i];
            if (!arm)
                continue;
            if (arm->kind != N_ARM) {
                check_stmt(c, arm);
                continue;
            }
            check_kids(c, arm);
            check_arm_body(c, arm->a);
        }
        break;
    case N_ARM:
        check_kids(c, n);
        check_arm_body(c, n->a);
        break;
    case N_FOR:
        check_for(c, n);
        break;
    case N_WAIT:
        check_duration(c, n->a);
        break;
    case N_WAIT_UNTIL:
        check_expr(c, n->a);
        if (!n->b) {
            Span sp = n->span;
            if (span_in_source(c, sp) && sp.end_off - sp.off >= 4 &&
                strncmp(c->src->text + sp.off, "wait", 4) == 0)
                sp = span_at(c, sp, sp.off, sp.off + 4);
            cerror(c, R_WAIT_TIMEOUT, sp, "a wait needs a timeout, e.g. wait timeout 5m until ...");
        }
        check_duration(c, n->b);
        check_duration(c, n->c);
        check_until(c, n->d);
        break;
    case N_RETRY:
        check_retry_numbers(c, n);
        check_expr(c, n->a);
        check_duration(c, n->b);
        check_expr(c, n->c);
        check_block(c, n->d);
        break;
    case N_TIMEOUT:
        check_duration(c, n->a);
        check_block(c, n->b);
        break;
    case N_PARALLEL:
        check_expr(c, n->a);
        check_block(c, n->b);
        break;
    case N_ESCALATE:
        check_escalate(c, n);
        break;
    case N_CMD:
        check_expr(c, n);
        break;
    case N_IMPORT: case N_PARAM: case N_CONTACT: case N_ESCALATION: case N_DEFAULTS:
    case N_PROCEDURE: case N_ON_FAILURE: case N_ON_SUCCESS:
        cerror(c, R_MISPLACED, n->span, "%s is only allowed at the top level",
               declaration_word(n->kind));
        break;
    case N_MODULE: case N_TYPE:
        break;
    default:
        /* An expression standing as a statement. */
        check_expr(c, n);
        break;
    }
    c->depth--;
}

static void check_block(Checker *c, Node *blk)
{
    if (!blk)
        return;
    if (blk->kind != N_BLOCK) {
        size_t saved = scope_push(c);
        check_stmt(c, blk);
        scope_pop(c, saved);
        return;
    }
    size_t saved = scope_push(c);
    for (size_t i = 0; i < blk->nkids; i++)
        check_stmt(c, blk->kids[i]);
    scope_pop(c, saved);
}

/* --- declarations --------------------------------------------------------- */

static void check_procedure(Checker *c, Node *p)
{
    Frame f = {.kind = FRAME_PROC, .root = p, .captures_slot = -1, .has_match = -1};
    Frame *saved_frame = c->frame;
    Vis saved_vis = c->vis;
    c->frame = &f;
    c->vis = VIS_ALL;
    c->in_proc = true;
    size_t saved = scope_push(c);

    /* Parameters are slots 0..n-1 before anything else gets a slot. */
    for (size_t i = 0; i < p->nkids; i++) {
        Node *prm = p->kids[i];
        if (prm && prm->kind == N_PARAM) {
            prm->sym = SYM_LOCAL;
            prm->slot = frame_alloc(&f, 1);
        }
    }
    /* A parameter's default sees the parameters before it. */
    for (size_t i = 0; i < p->nkids; i++) {
        Node *prm = p->kids[i];
        if (!prm)
            continue;
        if (prm->kind != N_PARAM) {
            check_stmt(c, prm);
            continue;
        }
        check_param_type(c, prm);
        check_expr(c, prm->b);
        declare_local(c, prm, name_span(c, prm, NULL, nstr(prm)), nstr(prm), B_PARAM,
                      prm->slot);
    }
    check_expr(c, p->a);
    check_block(c, p->b);

    scope_pop(c, saved);
    p->slot = f.nslots;
    frame_free(&f);
    c->frame = saved_frame;
    c->vis = saved_vis;
    c->in_proc = false;
}

static void check_escalation(Checker *c, Node *e)
{
    check_expr(c, e->a);
    for (size_t i = 0; i < e->nkids; i++) {
        Node *k = e->kids[i];
        if (!k)
            continue;
        if (k->kind != N_NAME) {
            check_expr(c, k);
            continue;
        }
        int ci = nt_get(&c->contact_tab, nstr(k));
        if (ci >= 0) {
            k->slot = ci;
            continue;
        }
        Suggest s;
        suggest_init(c, &s, nstr(k));
        for (size_t j = 0; s.want && j < c->ncontacts; j++)
            suggest_try(&s, nstr(c->contacts[j]));
        if (s.best)
            cerror(c, R_UNDEFINED_NAME, k->span, "undefined contact '%s'; did you mean '%s'?",
                   nstr(k), s.best);
        else
            cerror(c, R_UNDEFINED_NAME, k->span, "undefined contact '%s'", nstr(k));
    }
    check_duration(c, e->b);
}

/* Pass 1: globals, procedures, contacts, escalation levels, imports. */
static void collect(Checker *c)
{
    Node *m = c->module;
    /* Parameters first: they are globals 0..P-1 whatever stands between. */
    for (size_t i = 0; i < m->nkids; i++) {
        Node *k = m->kids[i];
        if (!k || k->kind != N_PARAM)
            continue;
        k->sym = SYM_GLOBAL;
        k->slot = c->nparams++;
        Global g = {nstr(k), true, k->slot, i, k};
        int dup = nt_put(&c->global_tab, g.name, (int)c->nglobals);
        if (dup >= 0) {
            cerror(c, R_DUPLICATE_NAME, name_span(c, k, "param", g.name),
                   "parameter '%s' is already declared at line %u", g.name,
                   c->globals[dup].decl->span.line);
            continue;
        }
        VEC_PUSH(c->globals, c->nglobals, c->capglobals, g);
    }
    int next = c->nparams;
    for (size_t i = 0; i < m->nkids; i++) {
        Node *k = m->kids[i];
        if (!k)
            continue;
        switch (k->kind) {
        case N_LET: {
            k->sym = SYM_GLOBAL;
            k->slot = next++;
            Global g = {nstr(k), false, k->slot, i, k};
            int dup = nt_put(&c->global_tab, g.name, (int)c->nglobals);
            if (dup >= 0) {
                const Global *o = &c->globals[dup];
                cerror(c, R_DUPLICATE_NAME, name_span(c, k, "let", g.name),
                       "'%s' is already declared as a %s at line %u", g.name,
                       o->is_param ? "parameter" : "top-level variable", o->decl->span.line);
                break;
            }
            VEC_PUSH(c->globals, c->nglobals, c->capglobals, g);
            break;
        }
        case N_PROCEDURE: {
            int dup = nt_put(&c->proc_tab, nstr(k), (int)c->nprocs);
            if (dup >= 0)
                cerror(c, R_DUPLICATE_NAME, name_span(c, k, "procedure", nstr(k)),
                       "procedure '%s' is already declared at line %u", nstr(k),
                       c->procs[dup]->span.line);
            /* Numbered in declaration order, duplicates included. */
            VEC_PUSH(c->procs, c->nprocs, c->capprocs, k);
            break;
        }
        case N_CONTACT: {
            int dup = nt_put(&c->contact_tab, nstr(k), (int)c->ncontacts);
            if (dup >= 0)
                cerror(c, R_DUPLICATE_NAME, name_span(c, k, "contact", nstr(k)),
                       "contact '%s' is already declared at line %u", nstr(k),
                       c->contacts[dup]->span.line);
            VEC_PUSH(c->contacts, c->ncontacts, c->capcontacts, k);
            break;
        }
        case N_ESCALATION: {
            int dup = nt_put(&c->level_tab, nstr(k), (int)c->nlevels);
            if (dup >= 0)
                cerror(c, R_DUPLICATE_NAME, name_span(c, k, "escalation", nstr(k)),
                       "escalation level '%s' is already declared at line %u", nstr(k),
                       c->levels[dup]->span.line);
            VEC_PUSH(c->levels, c->nlevels, c->caplevels, k);
            break;
        }
        case N_IMPORT:
            if (k->str2) {
                int dup = nt_put(&c->import_tab, k->str2, (int)c->nimport_decls);
                if (dup >= 0)
                    cerror(c, R_DUPLICATE_NAME, k->span, "import alias '%s' is already used", k->str2);
            }
            c->nimport_decls++;
            break;
        default:
            break;
        }
    }
}

size_t check_module(Node *m, const Source *src, Diags *diags)
{
    return check_module_with(m, src, diags, NULL, 0);
}

size_t check_module_with(Node *m, const Source *src, Diags *diags, const ImportInfo *imports,
                         size_t nimports)
{
    if (!m || m->kind != N_MODULE)
        return 0;
    Checker c = {0};
    c.src = src;
    c.diags = diags;
    c.module = m;
    c.imports = imports;
    c.nimports = nimports;
    collect(&c);

    Frame init = {.kind = FRAME_INIT, .root = m, .captures_slot = -1, .has_match = -1};
    Frame main = {.kind = FRAME_MAIN, .root = m, .captures_slot = -1, .has_match = -1};

    /* The header's title may interpolate parameters. */
    c.frame = &init;
    c.vis = VIS_ABOVE;
    c.cur_top = 0;
    check_expr(&c, m->a);

    for (size_t i = 0; i < m->nkids; i++) {
        Node *k = m->kids[i];
        if (!k)
            continue;
        c.cur_top = i;
        c.vis = VIS_ABOVE;
        c.frame = init_context(k) ? &init : &main;
        c.failure_ok = 0;
        c.in_proc = false;
        c.in_param_default = false;
        switch (k->kind) {
        case N_PARAM:
            check_param_type(&c, k);
            c.vis = VIS_PARAM_DEFAULT;
            c.param_limit = k->slot;
            c.in_param_default = true;
            check_expr(&c, k->b);
            c.in_param_default = false;
            check_expr(&c, k->c);
            break;
        case N_LET:
            /* The initializer runs in init; the global is visible to the
             * main body from the next statement on. */
            check_expr(&c, k->a);
            break;
        case N_DEFAULTS:
            check_words(&c, k);
            break;
        case N_CONTACT:
            check_expr(&c, k->a);
            check_expr(&c, k->b);
            break;
        case N_ESCALATION:
            check_escalation(&c, k);
            break;
        case N_IMPORT:
            break;
        case N_PROCEDURE:
            check_procedure(&c, k);
            break;
        case N_ON_FAILURE: case N_ON_SUCCESS:
            c.vis = VIS_ALL;
            c.failure_ok = k->kind == N_ON_FAILURE;
            check_block(&c, k->a);
            break;
        default:
            check_stmt(&c, k);
            break;
        }
    }

    m->slot = main.nslots;
    m->i = init.nslots; /* 0, or 1 for the captures slot */

    frame_free(&init);
    frame_free(&main);
    free(c.globals);
    free(c.procs);
    free(c.contacts);
    free(c.levels);
    free(c.binds);
    nt_free(&c.bind_tab);
    nt_free(&c.global_tab);
    nt_free(&c.proc_tab);
    nt_free(&c.contact_tab);
    nt_free(&c.level_tab);
    nt_free(&c.import_tab);
    return c.errors;
}
