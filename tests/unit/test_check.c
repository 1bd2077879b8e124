/* test_check.c — the checker: annotations (globals, locals, procedures,
 * builtins, captures slots) and every error rule, with the rule, position
 * and message expected. Trees are built by hand here so that the checker
 * is tested apart from the parser. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "ast.h"
#include "builtins.h"
#include "check.h"
#include "diag.h"
#include "frontend.h"
#include "rules.h"

/* --- building trees by hand ------------------------------------------------ */

/* Hand-built nodes get a span at (line, col), one byte wide; they carry no
 * source text, so the checker reports at node spans. */
static Node *mk(NodeKind k, int line, int col)
{
    Node *n = calloc(1, sizeof *n);
    n->kind = k;
    n->span.line = n->span.end_line = (uint32_t)line;
    n->span.col = (uint32_t)col;
    n->span.end_col = (uint32_t)col + 1;
    return n;
}

static void put(Node *parent, Node *kid)
{
    /* test trees are small: room for one more kid each time */
    parent->kids = realloc(parent->kids, (parent->nkids + 1) * sizeof *parent->kids);
    parent->kids[parent->nkids++] = kid;
}

static void setstr(Node *n, const char *s)
{
    n->len = strlen(s);
    n->str = malloc(n->len + 1);
    memcpy(n->str, s, n->len + 1);
}

static Node *mks(NodeKind k, int line, int col, const char *s)
{
    Node *n = mk(k, line, col);
    setstr(n, s);
    return n;
}

static void tfree(Node *n)
{
    if (!n)
        return;
    Node *sub[5] = {n->a, n->b, n->c, n->d, n->e};
    for (int i = 0; i < 5; i++)
        tfree(sub[i]);
    for (size_t i = 0; i < n->nkids; i++)
        tfree(n->kids[i]);
    free(n->kids);
    free(n->str);
    free(n->str2);
    free(n);
}


static Node *name(int line, int col, const char *s) { return mks(N_NAME, line, col, s); }
static Node *str(int line, int col, const char *s) { return mks(N_STRING, line, col, s); }
static Node *num(int line, int col, int64_t v)
{
    Node *n = mk(N_INT, line, col);
    n->i = v;
    return n;
}
static Node *flt(int line, int col, double v)
{
    Node *n = mk(N_FLOAT, line, col);
    n->f = v;
    return n;
}
static Node *dur(int line, int col, int64_t seconds)
{
    Node *n = mk(N_DURATION, line, col);
    n->i = seconds * 1000000000LL;
    return n;
}
static Node *bin(int line, int col, int op, Node *a, Node *b)
{
    Node *n = mk(N_BINARY, line, col);
    n->op = op;
    n->a = a;
    n->b = b;
    return n;
}
static Node *field(int line, int col, Node *obj, const char *f)
{
    Node *n = mks(N_FIELD, line, col, f);
    n->a = obj;
    return n;
}
static Node *index_(int line, int col, Node *obj, Node *ix)
{
    Node *n = mk(N_INDEX, line, col);
    n->a = obj;
    n->b = ix;
    return n;
}
static Node *match_re(int line, int col, Node *subject, const char *pattern, const char *flags)
{
    Node *n = mk(N_MATCH_RE, line, col);
    n->op = OP_MATCH;
    n->a = subject;
    n->b = mks(N_REGEX, line, col, pattern);
    n->b->str2 = malloc(strlen(flags) + 1);
    memcpy(n->b->str2, flags, strlen(flags) + 1);
    return n;
}
static Node *call(int line, int col, Node *callee, int nargs, ...)
{
    Node *n = mk(N_CALL, line, col);
    n->a = callee;
    va_list ap;
    va_start(ap, nargs);
    for (int i = 0; i < nargs; i++)
        put(n, va_arg(ap, Node *));
    va_end(ap);
    return n;
}
static Node *call1(int line, const char *fn, Node *arg) { return call(line, 1, name(line, 1, fn), 1, arg); }
static Node *block(int line, int n, ...)
{
    Node *b = mk(N_BLOCK, line, 1);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        put(b, va_arg(ap, Node *));
    va_end(ap);
    return b;
}
static Node *let(int line, int col, const char *nm, Node *v)
{
    Node *n = mks(N_LET, line, col, nm);
    n->a = v;
    return n;
}
static Node *set(int line, int col, const char *nm, Node *v)
{
    Node *n = mks(N_SET, line, col, nm);
    n->a = v;
    return n;
}
static Node *logn(int line, Node *v)
{
    Node *n = mk(N_LOG, line, 1);
    n->a = v;
    return n;
}
static Node *expr_stmt(int line, Node *v)
{
    Node *n = mk(N_EXPR_STMT, line, 1);
    n->a = v;
    return n;
}
static Node *step(int line, Node *title, Node *timeout, Node *body, Node *undo, Node *onfail)
{
    Node *n = mk(N_STEP, line, 1);
    n->a = title;
    n->b = timeout;
    n->c = body;
    n->d = undo;
    n->e = onfail;
    return n;
}
static Node *forn(int line, const char *var, Node *iter, Node *body)
{
    Node *n = mks(N_FOR, line, 1, var);
    n->a = iter;
    n->b = body;
    return n;
}
static Node *ifn(int line, Node *cond, Node *then, Node *els)
{
    Node *n = mk(N_IF, line, 1);
    n->a = cond;
    n->b = then;
    n->c = els;
    return n;
}
static Node *type(int kind) { Node *t = mk(N_TYPE, 0, 0); t->op = kind; return t; }
static Node *enum_type(int n, ...)
{
    Node *t = type(TY_ENUM);
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        put(t, str(0, 0, va_arg(ap, const char *)));
    va_end(ap);
    return t;
}
static Node *param(int line, int col, const char *nm, Node *ty, Node *def)
{
    Node *n = mks(N_PARAM, line, col, nm);
    n->a = ty;
    n->b = def;
    return n;
}
static Node *proc(int line, const char *nm, Node *body, int nparams, ...)
{
    Node *n = mks(N_PROCEDURE, line, 1, nm);
    n->b = body;
    va_list ap;
    va_start(ap, nparams);
    for (int i = 0; i < nparams; i++)
        put(n, va_arg(ap, Node *));
    va_end(ap);
    return n;
}
static Node *module(int n, ...)
{
    Node *m = mks(N_MODULE, 1, 1, "test");
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        put(m, va_arg(ap, Node *));
    va_end(ap);
    return m;
}
static Node *unary_stmt(NodeKind k, int line, Node *a)
{
    Node *n = mk(k, line, 1);
    n->a = a;
    return n;
}

/* Runs the checker; returns the diagnostics as "rule L:C message" lines. */
static char *run(Node *m, size_t *nerrors)
{
    Diags d = {0};
    size_t n = check_module(m, NULL, &d);
    if (nerrors)
        *nerrors = n;
    Buf b = {0};
    for (size_t i = 0; i < d.n; i++)
        buf_printf(&b, "%s%s %u:%u %s", i ? "\n" : "", d.v[i].rule, d.v[i].span.line,
                   d.v[i].span.col, d.v[i].msg);
    diags_free(&d);
    return buf_steal(&b);
}

#define EXPECT_DIAGS(m, want)                                                 \
    do {                                                                      \
        char *got_ = run((m), NULL);                                          \
        CHECK_EQ_STR(got_, want);                                             \
        free(got_);                                                           \
        tfree(m);                                                             \
    } while (0)

/* --- annotations ------------------------------------------------------------ */

TEST(globals_params_first_then_top_level_lets)
{
    Node *l1 = let(2, 1, "a", num(2, 9, 1));
    Node *p1 = param(3, 1, "env", type(TY_STRING), NULL);
    Node *l2 = let(4, 1, "b", name(4, 9, "a"));
    Node *p2 = param(5, 1, "n", type(TY_INT), num(5, 20, 3));
    Node *use_env = name(6, 5, "env");
    Node *use_b = name(6, 9, "b");
    Node *m = module(5, l1, p1, l2, p2, logn(6, bin(6, 5, OP_ADD, use_env, use_b)));
    size_t errs;
    char *got = run(m, &errs);
    CHECK_EQ_STR(got, "");
    CHECK_EQ_INT(errs, 0);
    CHECK_EQ_INT(p1->sym, SYM_GLOBAL);
    CHECK_EQ_INT(p1->slot, 0);
    CHECK_EQ_INT(p2->slot, 1);
    CHECK_EQ_INT(l1->sym, SYM_GLOBAL);
    CHECK_EQ_INT(l1->slot, 2);
    CHECK_EQ_INT(l2->slot, 3);
    CHECK_EQ_INT(l2->a->sym, SYM_GLOBAL);
    CHECK_EQ_INT(l2->a->slot, 2);
    CHECK_EQ_INT(use_env->sym, SYM_GLOBAL);
    CHECK_EQ_INT(use_env->slot, 0);
    CHECK_EQ_INT(use_b->slot, 3);
    CHECK_EQ_INT(m->slot, 0);
    CHECK_EQ_INT(m->i, 0);
    free(got);
    tfree(m);
}

TEST(locals_blocks_for_and_procedures)
{
    /* main:  section { let x = 1; for i in [x] { let y = i } ; log x }
     * proc p(a, b = 2) { let z = a + b + g; log z }  g a later global */
    Node *x_use = name(3, 20, "x");
    Node *list = mk(N_LIST, 3, 15);
    put(list, x_use);
    Node *i_use = name(4, 10, "i");
    Node *lety = let(4, 3, "y", i_use);
    Node *f = forn(3, "i", list, block(3, 1, lety));
    Node *letx = let(2, 3, "x", num(2, 11, 1));
    Node *sec = mk(N_SECTION, 1, 1);
    sec->a = str(1, 9, "S");
    Node *x_use2 = name(5, 7, "x");
    sec->b = block(1, 3, letx, f, logn(5, x_use2));

    Node *pa = param(7, 13, "a", NULL, NULL);
    Node *pb = param(7, 16, "b", NULL, num(7, 20, 2));
    Node *g_use = name(8, 20, "g");
    Node *a_use = name(8, 12, "a");
    Node *b_use = name(8, 16, "b");
    Node *letz = let(8, 3, "z", bin(8, 12, OP_ADD, bin(8, 12, OP_ADD, a_use, b_use), g_use));
    Node *z_use = name(9, 7, "z");
    Node *p = proc(7, "p", block(7, 2, letz, logn(9, z_use)), 2, pa, pb);
    Node *g = let(11, 1, "g", num(11, 9, 5));
    Node *m = module(3, sec, p, g);
    char *got = run(m, NULL);
    CHECK_EQ_STR(got, "");
    CHECK_EQ_INT(letx->sym, SYM_LOCAL);
    CHECK_EQ_INT(letx->slot, 0);
    CHECK_EQ_INT(x_use->sym, SYM_LOCAL);
    CHECK_EQ_INT(x_use->slot, 0);
    /* a for loop takes three slots; its variable is the last of them */
    CHECK_EQ_INT(f->sym, SYM_LOCAL);
    CHECK_EQ_INT(f->slot, 3);
    CHECK_EQ_INT(i_use->slot, 3);
    CHECK_EQ_INT(lety->slot, 4);
    CHECK_EQ_INT(x_use2->slot, 0);
    CHECK_EQ_INT(m->slot, 5);
    CHECK_EQ_INT(pa->sym, SYM_LOCAL);
    CHECK_EQ_INT(pa->slot, 0);
    CHECK_EQ_INT(pb->slot, 1);
    CHECK_EQ_INT(a_use->slot, 0);
    CHECK_EQ_INT(b_use->slot, 1);
    CHECK_EQ_INT(letz->slot, 2);
    CHECK_EQ_INT(z_use->slot, 2);
    CHECK_EQ_INT(g_use->sym, SYM_GLOBAL);
    CHECK_EQ_INT(g_use->slot, 0);
    CHECK_EQ_INT(p->slot, 3);
    free(got);
    tfree(m);
}

TEST(calls_procedures_builtins_and_shadowing)
{
    /* procedure len(s) shadows the builtin; lower() is a builtin. */
    Node *plen = proc(1, "len", block(1, 0), 1, param(1, 14, "s", NULL, NULL));
    Node *pq = proc(2, "q", block(2, 0), 0);
    Node *c1 = call1(4, "len", str(4, 9, "x"));
    Node *c2 = call1(5, "lower", str(5, 11, "X"));
    Node *c3 = call(6, 1, name(6, 1, "q"), 0);
    Node *m = module(5, plen, pq, expr_stmt(4, c1), expr_stmt(5, c2), expr_stmt(6, c3));
    char *got = run(m, NULL);
    CHECK_EQ_STR(got, "");
    CHECK_EQ_INT(c1->a->sym, SYM_PROC);
    CHECK_EQ_INT(c1->a->slot, 0);
    CHECK_EQ_INT(c2->a->sym, SYM_BUILTIN);
    CHECK_EQ_INT(c2->a->slot, BI_lower);
    CHECK_EQ_INT(c3->a->sym, SYM_PROC);
    CHECK_EQ_INT(c3->a->slot, 1);
    free(got);
    tfree(m);
}

TEST(captures_slots_per_body)
{
    /* main: let v = "a"; if v =~ /a/ { log captures[0] }
     * proc p() { log captures } -> error: no =~ in p
     * top-level: let t = env("X") =~ /b/ ; let u = captures  -> init slot 0 */
    Node *v = let(2, 3, "v", str(2, 11, "a"));
    Node *re = match_re(3, 6, name(3, 6, "v"), "a", "");
    Node *cap = name(3, 20, "captures");
    Node *sec = mk(N_SECTION, 1, 1);
    sec->a = str(1, 9, "S");
    sec->b = block(1, 2, v, ifn(3, re, block(3, 1, logn(3, index_(3, 20, cap, num(3, 29, 0)))), NULL));
    Node *bad = name(6, 7, "captures");
    Node *p = proc(5, "p", block(5, 1, logn(6, bad)), 0);
    Node *re2 = match_re(8, 9, call1(8, "env", str(8, 13, "X")), "b", "i");
    Node *t = let(8, 1, "t", re2);
    Node *cap2 = name(9, 9, "captures");
    Node *u = let(9, 1, "u", cap2);
    Node *m = module(4, sec, p, t, u);
    char *got = run(m, NULL);
    CHECK_EQ_STR(got, "undefined-name 6:7 undefined name 'captures' (captures is set by a =~ "
                      "match in the same procedure or main body, and there is none)");
    /* main: v = 0, captures allocated at the first =~ = 1 */
    CHECK_EQ_INT(v->slot, 0);
    CHECK_EQ_INT(re->slot, 1);
    CHECK_EQ_INT(cap->sym, SYM_LOCAL);
    CHECK_EQ_INT(cap->slot, 1);
    CHECK_EQ_INT(m->slot, 2);
    CHECK_EQ_INT(p->slot, 0);
    CHECK_EQ_INT(re2->slot, 0);
    CHECK_EQ_INT(cap2->sym, SYM_LOCAL);
    CHECK_EQ_INT(cap2->slot, 0);
    CHECK_EQ_INT(m->i, 1);
    free(got);
    tfree(m);
}

TEST(handlers_share_main_frame_and_see_all_globals)
{
    /* on failure { let e = failure.message; log g }  (g declared below) */
    Node *lete = let(2, 3, "e", field(2, 11, mk(N_FAILURE, 2, 11), "message"));
    Node *g_use = name(3, 7, "g");
    Node *h = mk(N_ON_FAILURE, 1, 1);
    h->a = block(1, 2, lete, logn(3, g_use));
    Node *sec = mk(N_SECTION, 5, 1);
    sec->a = str(5, 9, "S");
    Node *letx = let(6, 3, "x", num(6, 11, 1));
    sec->b = block(5, 1, letx);
    Node *g = let(8, 1, "g", num(8, 9, 1));
    Node *m = module(3, h, sec, g);
    char *got = run(m, NULL);
    CHECK_EQ_STR(got, "");
    CHECK_EQ_INT(lete->slot, 0);
    CHECK_EQ_INT(g_use->sym, SYM_GLOBAL);
    CHECK_EQ_INT(letx->slot, 1);
    CHECK_EQ_INT(m->slot, 2);
    free(got);
    tfree(m);
}

/* --- name rules -------------------------------------------------------------- */

TEST(undefined_name_with_suggestion)
{
    Node *m = module(3, let(1, 1, "ns", str(1, 10, "x")), logn(2, name(2, 5, "nss")),
                     logn(3, name(3, 5, "zz")));
    EXPECT_DIAGS(m, "undefined-name 2:5 undefined name 'nss'; did you mean 'ns'?\n"
                    "undefined-name 3:5 undefined name 'zz'");
}

TEST(main_body_sees_globals_declared_above_only)
{
    Node *m = module(2, logn(1, name(1, 5, "late")), let(2, 1, "late", num(2, 12, 1)));
    EXPECT_DIAGS(m, "undefined-name 1:5 undefined name 'late' (it is declared later, at line 2)");
}

TEST(let_visible_after_its_statement_and_in_its_block_only)
{
    /* { let a = a } ; { let b = 1 } log b  */
    Node *sec1 = mk(N_SECTION, 1, 1);
    sec1->a = str(1, 9, "A");
    sec1->b = block(1, 1, let(2, 3, "a", name(2, 11, "a")));
    Node *sec2 = mk(N_SECTION, 3, 1);
    sec2->a = str(3, 9, "B");
    sec2->b = block(3, 2, let(4, 3, "b", num(4, 11, 1)), mk(N_ROLLBACK, 5, 3));
    Node *m = module(3, sec1, sec2, logn(6, name(6, 5, "b")));
    EXPECT_DIAGS(m, "undefined-name 2:11 undefined name 'a'\n"
                    "undefined-name 6:5 undefined name 'b'");
}

TEST(duplicate_names)
{
    Node *sec = mk(N_SECTION, 1, 1);
    sec->a = str(1, 9, "S");
    sec->b = block(1, 3, let(2, 3, "x", num(2, 11, 1)), let(3, 3, "x", num(3, 11, 2)),
                   block(4, 1, let(5, 5, "x", num(5, 13, 3)))); /* shadowing is fine */
    Node *c1 = mks(N_CONTACT, 7, 1, "ops");
    c1->op = CH_LOG;
    Node *c2 = mks(N_CONTACT, 8, 1, "ops");
    c2->op = CH_LOG;
    Node *e1 = mks(N_ESCALATION, 9, 1, "P1");
    Node *e2 = mks(N_ESCALATION, 10, 1, "P1");
    Node *m = module(10, param(11, 1, "env", type(TY_STRING), NULL),
                     param(12, 1, "env", type(TY_STRING), NULL), let(13, 1, "env", num(13, 11, 1)),
                     sec, c1, c2, e1, e2, proc(14, "p", block(14, 0), 0),
                     proc(15, "p", block(15, 0), 2, param(15, 13, "a", NULL, NULL),
                          param(15, 16, "a", NULL, NULL)));
    EXPECT_DIAGS(m, "duplicate-name 12:1 parameter 'env' is already declared at line 11\n"
                    "duplicate-name 13:1 'env' is already declared as a parameter at line 11\n"
                    "duplicate-name 8:1 contact 'ops' is already declared at line 7\n"
                    "duplicate-name 10:1 escalation level 'P1' is already declared at line 9\n"
                    "duplicate-name 15:1 procedure 'p' is already declared at line 14\n"
                    "duplicate-name 3:3 variable 'x' is already declared in this block (line 2)\n"
                    "duplicate-name 15:16 parameter 'a' is already declared in this procedure "
                    "(line 15)");
}

TEST(duplicate_step_titles_per_body)
{
    Node *interp1 = mk(N_INTERP, 3, 6);
    put(interp1, str(3, 7, "x"));
    Node *interp2 = mk(N_INTERP, 4, 6);
    put(interp2, str(4, 7, "x"));
    Node *chk = step(2, str(2, 7, "Deploy"), NULL, block(2, 0), NULL, NULL);
    chk->op = STEP_CHECK;
    Node *m = module(5, step(1, str(1, 6, "Deploy"), NULL, block(1, 0), NULL, NULL), chk,
                     step(3, interp1, NULL, block(3, 0), NULL, NULL),
                     step(4, interp2, NULL, block(4, 0), NULL, NULL),
                     /* the same title in a procedure is fine */
                     proc(5, "p", block(5, 1, step(6, str(6, 8, "Deploy"), NULL, block(6, 0), NULL, NULL)), 0));
    EXPECT_DIAGS(m, "duplicate-step 2:7 duplicate step title \"Deploy\" (first used at line 1)");
}

TEST(escalations_and_contacts_must_be_declared)
{
    Node *c1 = mks(N_CONTACT, 1, 1, "oncall");
    c1->op = CH_LOG;
    Node *e = mks(N_ESCALATION, 2, 1, "P1");
    put(e, name(2, 20, "oncal"));
    put(e, name(2, 27, "oncall"));
    Node *esc = mks(N_ESCALATE, 3, 1, "P2");
    esc->a = str(3, 13, "help");
    Node *esc_ok = mks(N_ESCALATE, 4, 1, "P1");
    esc_ok->a = str(4, 13, "help");
    Node *m = module(4, c1, e, esc, esc_ok);
    char *got = run(m, NULL);
    CHECK_EQ_STR(got, "undefined-name 2:20 undefined contact 'oncal'; did you mean 'oncall'?\n"
                      "undefined-name 3:1 undefined escalation level 'P2'; did you mean 'P1'?");
    CHECK_EQ_INT(esc_ok->slot, 0);
    CHECK_EQ_INT(e->kids[1]->slot, 0);
    free(got);
    tfree(m);
}

TEST(assign_param_and_set_resolution)
{
    Node *s1 = set(3, 3, "env", str(3, 13, "x"));
    Node *s2 = set(4, 3, "nope", num(4, 14, 1));
    Node *s3 = set(6, 3, "a", num(6, 11, 1));
    Node *letv = let(2, 3, "v", num(2, 11, 0));
    Node *s4 = set(5, 3, "v", num(5, 11, 1));
    Node *sec = mk(N_SECTION, 1, 1);
    sec->a = str(1, 9, "S");
    sec->b = block(1, 4, letv, s1, s2, s4);
    Node *m = module(3, param(1, 1, "env", type(TY_STRING), NULL), sec,
                     proc(6, "p", block(6, 1, s3), 1, param(6, 13, "a", NULL, NULL)));
    char *got = run(m, NULL);
    CHECK_EQ_STR(got, "assign-param 3:3 cannot assign to parameter 'env'\n"
                      "undefined-name 4:3 undefined name 'nope'\n"
                      "assign-param 6:3 cannot assign to parameter 'a'");
    CHECK_EQ_INT(s4->sym, SYM_LOCAL);
    CHECK_EQ_INT(s4->slot, letv->slot);
    free(got);
    tfree(m);
}

/* --- calls ------------------------------------------------------------------- */

TEST(bad_calls)
{
    Node *imp = mk(N_IMPORT, 1, 1);
    setstr(imp, "std/k8s");
    imp->str2 = malloc(4);
    memcpy(imp->str2, "k8s", 4);
    Node *p = proc(2, "deploy", block(2, 0), 2, param(2, 18, "tag", NULL, NULL),
                   param(2, 23, "n", NULL, num(2, 27, 1)));
    Node *m = module(9, imp, p, let(3, 1, "v", num(3, 9, 1)),
                     expr_stmt(4, call(4, 1, name(4, 1, "len"), 2, num(4, 5, 1), num(4, 8, 2))),
                     expr_stmt(5, call(5, 1, name(5, 1, "deploy"), 0)),
                     expr_stmt(6, call(6, 1, name(6, 1, "deploy"), 3, num(6, 8, 1), num(6, 11, 2), num(6, 14, 3))),
                     expr_stmt(7, call(7, 1, name(7, 1, "v"), 0)),
                     expr_stmt(8, call(8, 1, field(8, 1, name(8, 1, "k8s"), "rollout"), 0)),
                     expr_stmt(9, call(9, 1, name(9, 1, "lenn"), 1, num(9, 6, 1))));
    EXPECT_DIAGS(m, "bad-call 4:1 len() takes 1 argument, but 2 were given\n"
                    "bad-call 5:1 call to 'deploy' is missing argument 'tag'\n"
                    "bad-call 6:1 'deploy' takes at most 2 arguments, but 3 were given\n"
                    "bad-call 7:1 'v' is a variable, not a procedure or built-in function\n"
                    "unsupported 8:1 module 'k8s' is not loaded\n"
                    "undefined-name 9:1 undefined procedure or function 'lenn'; did you mean 'len'?");
}

TEST(procedure_used_as_value)
{
    Node *m = module(2, proc(1, "p", block(1, 0), 0), logn(2, name(2, 5, "p")));
    EXPECT_DIAGS(m, "bad-call 2:5 'p' is a procedure: it can only be called, as p(...)");
}

/* --- structure ----------------------------------------------------------------- */

TEST(misplaced)
{
    Node *sec = mk(N_SECTION, 1, 1);
    sec->a = str(1, 9, "S");
    Node *inner = mks(N_CONTACT, 3, 3, "x");
    inner->op = CH_LOG;
    sec->b = block(1, 3, unary_stmt(N_RETURN, 2, num(2, 10, 1)), inner,
                   logn(4, mk(N_FAILURE, 4, 7)));
    /* failure is fine in a step's on failure and nested code; return is
     * fine in a procedure */
    Node *st = step(6, str(6, 6, "s"), NULL, block(6, 0), NULL,
                    block(7, 1, ifn(7, name(7, 4, "ok"), block(7, 1, logn(8, field(8, 7, mk(N_FAILURE, 8, 7), "step"))), NULL)));
    Node *p = proc(10, "p", block(10, 2, unary_stmt(N_RETURN, 11, NULL), logn(12, mk(N_FAILURE, 12, 7))), 0);
    Node *onsucc = mk(N_ON_SUCCESS, 13, 1);
    onsucc->a = block(13, 1, logn(14, mk(N_FAILURE, 14, 7)));
    Node *m = module(5, sec, param(5, 1, "ok", type(TY_BOOL), NULL), st, p, onsucc);
    EXPECT_DIAGS(m, "misplaced 2:1 'return' is only allowed inside a procedure\n"
                    "misplaced 3:3 a contact declaration is only allowed at the top level\n"
                    "misplaced 4:7 'failure' is only available inside an on failure block\n"
                    "misplaced 12:7 'failure' is only available inside an on failure block\n"
                    "misplaced 14:7 'failure' is only available inside an on failure block");
}

/* --- literals ------------------------------------------------------------------ */

TEST(durations_required)
{
    Node *w = mk(N_WAIT, 1, 1);
    w->a = num(1, 6, 30);
    Node *wu = mk(N_WAIT_UNTIL, 2, 1);
    wu->b = flt(2, 14, 1.5);
    wu->c = str(2, 24, "5s");
    wu->d = mk(N_TRUE, 2, 33);
    Node *wu2 = mk(N_WAIT_UNTIL, 3, 1); /* no timeout */
    wu2->d = block(3, 1, expr_stmt(3, mk(N_TRUE, 3, 20)));
    Node *r = mk(N_RETRY, 4, 1);
    r->a = num(4, 7, 3);
    r->b = num(4, 15, 10);
    r->d = block(4, 0);
    Node *t = mk(N_TIMEOUT, 5, 1);
    t->a = num(5, 9, 60);
    t->b = block(5, 0);
    Node *st = step(6, str(6, 6, "s"), num(6, 18, 10), block(6, 0), NULL, NULL);
    Node *ok = mk(N_WAIT, 7, 1);
    ok->a = dur(7, 6, 30);
    Node *m = module(7, w, wu, wu2, r, t, st, ok);
    EXPECT_DIAGS(m, "bad-duration 1:6 a duration needs a unit, e.g. 30s\n"
                    "bad-duration 2:14 a duration needs a unit, e.g. 30s\n"
                    "bad-duration 2:24 expected a duration such as 30s, got a string\n"
                    "wait-timeout 3:1 a wait needs a timeout, e.g. wait timeout 5m until ...\n"
                    "bad-duration 4:15 a duration needs a unit, e.g. 30s\n"
                    "bad-duration 5:9 a duration needs a unit, e.g. 30s\n"
                    "bad-duration 6:18 a duration needs a unit, e.g. 30s");
}

TEST(retry_counts_and_backoff)
{
    Node *r1 = mk(N_RETRY, 1, 1);
    r1->a = num(1, 7, 0);
    r1->c = flt(1, 17, 0.5);
    r1->d = block(1, 0);
    Node *r2 = mk(N_RETRY, 2, 1);
    r2->a = flt(2, 7, 2.5);
    r2->c = dur(2, 19, 2);
    r2->d = block(2, 0);
    Node *r3 = mk(N_RETRY, 3, 1);
    r3->a = num(3, 7, 3);
    r3->c = num(3, 17, 2);
    r3->d = block(3, 0);
    Node *m = module(3, r1, r2, r3);
    EXPECT_DIAGS(m, "bad-retry 1:7 a retry count must be at least 1\n"
                    "bad-retry 1:17 backoff must be at least 1\n"
                    "bad-retry 2:7 a retry count must be an int, e.g. retry 3\n"
                    "bad-retry 2:19 backoff must be a number, e.g. backoff 2");
}

TEST(bad_regex_points_into_the_pattern)
{
    /* Source text, so that the span can point at the failing byte. */
    const char *text = "runbook \"t\"\nlet ok = \"a\" =~ /ab(c/i\n";
    Source *src = source_from_memory("t.rb", text, strlen(text));
    Node *re = match_re(2, 10, str(2, 10, "a"), "ab(c", "i");
    /* the regex literal /ab(c/i is at offset 28, line 2 col 17 */
    re->b->span = (Span){2, 17, 2, 24, 28, 35};
    Node *re2 = match_re(3, 10, str(3, 10, "a"), "x", "g");
    re2->b->span = (Span){0};
    Node *m = module(2, let(2, 1, "ok", re), let(3, 1, "ok2", re2));
    Diags d = {0};
    check_module(m, src, &d);
    REQUIRE_EQ_INT(d.n, 2);
    CHECK_EQ_STR(d.v[0].rule, "bad-regex");
    CHECK_EQ_INT(d.v[0].span.line, 2);
    CHECK_EQ_INT(d.v[0].span.col, 22); /* the closing slash: offset 4 */
    CHECK(strstr(d.v[0].msg, "invalid regex: missing closing parenthesis") != NULL);
    CHECK_EQ_STR(d.v[1].rule, "bad-regex");
    CHECK_EQ_STR(d.v[1].msg, "unknown regex flag 'g' (flags are i, m, s and x)");
    diags_free(&d);
    source_free(src);
    tfree(m);
}

/* --- parameters ---------------------------------------------------------------- */

TEST(param_defaults_fit_their_types)
{
    Node *m = module(9, param(1, 1, "a", type(TY_INT), str(1, 16, "3")),
                     param(2, 1, "b", type(TY_FLOAT), num(2, 18, 3)),
                     param(3, 1, "c", enum_type(3, "development", "staging", "production"),
                           str(3, 30, "prod")),
                     param(4, 1, "d", type(TY_DURATION), num(4, 20, 5)),
                     param(5, 1, "e", type(TY_BOOL), mk(N_TRUE, 5, 16)),
                     param(6, 1, "f", type(TY_LIST), mk(N_MAP, 6, 16)),
                     param(7, 1, "g", enum_type(3, "a", "", "a"), str(7, 30, "a")),
                     param(8, 1, "h", type(TY_SECRET), call1(8, "env", str(8, 20, "H"))),
                     param(9, 1, "i", type(TY_INT), mk(N_NULL, 9, 16)));
    EXPECT_DIAGS(m, "param-type 1:16 the default of 'a' must be an int, not a string\n"
                    "param-type 3:30 \"prod\" is not one of \"development\", \"staging\", "
                    "\"production\"\n"
                    "param-type 4:20 the default of 'd' must be a duration such as 30s, not an "
                    "int\n"
                    "param-type 6:16 the default of 'f' must be a list, not a map\n"
                    "param-type 0:0 an enum member cannot be empty\n"
                    "param-type 0:0 enum member \"a\" is listed twice\n"
                    "param-type 9:16 the default of 'i' must be an int, not null");
}

TEST(param_defaults_use_only_builtins_and_earlier_params)
{
    Node *cmd = mk(N_CMD, 4, 20);
    cmd->op = CMD_SH;
    Node *m = module(6, param(1, 1, "a", type(TY_STRING), name(1, 19, "b")),
                     param(2, 1, "b", type(TY_STRING), call1(2, "env", str(2, 23, "B"))),
                     let(3, 1, "v", str(3, 9, "x")),
                     param(4, 1, "c", type(TY_STRING), cmd),
                     param(5, 1, "d", type(TY_STRING), bin(5, 19, OP_ADD, name(5, 19, "b"), name(5, 23, "v"))),
                     proc(6, "q", block(6, 0), 0));
    Node *e = param(7, 1, "e", type(TY_STRING), call(7, 19, name(7, 19, "q"), 0));
    put(m, e);
    EXPECT_DIAGS(m, "param-default 1:19 parameter 'b' is declared after this one; a default can "
                    "only use earlier parameters\n"
                    "param-default 4:20 a parameter default cannot run a command\n"
                    "param-default 5:23 a parameter default can only use builtins and earlier "
                    "parameters, not the variable 'v'\n"
                    "param-default 7:19 a parameter default cannot call procedure 'q' (only "
                    "builtins)");
}

TEST(too_deep_is_an_error_not_a_crash)
{
    Node *e = num(1, 5, 0);
    for (int i = 0; i < 5000; i++)
        e = bin(1, 5, OP_ADD, e, num(1, 5, 1));
    Node *m = module(1, logn(1, e));
    size_t errs;
    char *got = run(m, &errs);
    CHECK_EQ_INT(errs, 1);
    CHECK(strstr(got, "too-deep") == got);
    free(got);
    /* tfree recursion is as deep as the tree: unlink iteratively */
    Node *n = m->kids[0]->a;
    m->kids[0]->a = NULL;
    while (n) {
        Node *next = n->a;
        n->a = NULL;
        tfree(n);
        n = next;
    }
    tfree(m);
}

/* --- through the parser ------------------------------------------------------ */

/* Where lint() leaves the trees it hands out; a test releases it. */
static Arena trees = ARENA_INIT;

/* Parses and checks text; returns "L:C rule: message" lines, sorted. */
static char *lint(const char *text, Node **out)
{
    Source *src = source_from_memory("t.rb", text, strlen(text));
    Diags d = {0};
    Node *m = parse_source(src, &d, &trees);
    if (m)
        check_module(m, src, &d);
    diags_sort(&d);
    Buf b = {0};
    for (size_t i = 0; i < d.n; i++)
        buf_printf(&b, "%s%u:%u %s: %s", i ? "\n" : "", d.v[i].span.line, d.v[i].span.col,
                   d.v[i].rule, d.v[i].msg);
    diags_free(&d);
    source_free(src);
    if (out)
        *out = m;
    else
        arena_release(&trees);
    return buf_steal(&b);
}

#define EXPECT_LINT(text, want)                                               \
    do {                                                                      \
        char *got_ = lint(text, NULL);                                        \
        CHECK_EQ_STR(got_, want);                                             \
        free(got_);                                                           \
    } while (0)

/* The nth (0-based) node of a kind, with name s if s is not NULL, in
 * depth-first order (fields a..e, then kids). */
static Node *find_(Node *n, NodeKind k, const char *s, int *nth)
{
    if (!n)
        return NULL;
    if (n->kind == k && (!s || (n->str && strcmp(n->str, s) == 0)) && (*nth)-- == 0)
        return n;
    Node *sub[5] = {n->a, n->b, n->c, n->d, n->e};
    for (int i = 0; i < 5; i++) {
        Node *r = find_(sub[i], k, s, nth);
        if (r)
            return r;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        Node *r = find_(n->kids[i], k, s, nth);
        if (r)
            return r;
    }
    return NULL;
}

static Node *find(Node *n, NodeKind k, const char *s, int nth) { return find_(n, k, s, &nth); }

/* A copy of shared/examples/deploy-sketch.rb. */
static const char sketch[] =
    "# A sketch of part of seeds/deployment-runbook.md written in the runbook\n"
    "# language (LANGUAGE.md). It shows the intended style; the project's flagship\n"
    "# example covers the whole seed document and runs against the sandbox.\n"
    "\n"
    "runbook \"Deployment Runbook - Financial Planning System\"\n"
    "\"\"\"\n"
    "Step-by-step procedures for deploying the Financial Planning System across\n"
    "environments: normal deployment, emergency procedures, rollback and\n"
    "troubleshooting.\n"
    "\"\"\"\n"
    "\n"
    "param environment: \"development\" | \"staging\" | \"production\" = \"staging\" \\\n"
    "    \"Target environment\"\n"
    "param tag: string \"Image tag to deploy\"\n"
    "\n"
    "let ns  = \"financial-planning-${environment}\"\n"
    "let api = env(\"FP_API_URL\") ?? \"https://api.financial-planning.com\"\n"
    "\n"
    "defaults kubectl -n ${ns}\n"
    "\n"
    "contact oncall      \"On-call Engineer\"    pagerduty env(\"PD_ROUTING_KEY\")\n"
    "contact team_lead   \"Team Lead\"           email \"team-lead@financial-planning.com\"\n"
    "contact eng_manager \"Engineering Manager\" email \"eng-manager@financial-planning.com\"\n"
    "contact cto         \"CTO\"                 log\n"
    "\n"
    "escalation P0 \"Critical\" [oncall, eng_manager, cto]\n"
    "escalation P1 \"High\"     [oncall, team_lead, eng_manager]\n"
    "\n"
    "section \"Pre-Deployment Checklist\" {\n"
    "    confirm \"All CI tests passing\"\n"
    "    confirm \"Database migrations tested and verified\"\n"
    "    confirm \"Rollback plan prepared\"\n"
    "    if environment == \"production\" {\n"
    "        confirm \"Change approval obtained\"\n"
    "        confirm \"On-call team notified\"\n"
    "    }\n"
    "}\n"
    "\n"
    "section \"Manual Deployment\" {\n"
    "    step \"Apply database migrations\" timeout 10m {\n"
    "        kubectl apply -f k8s/jobs/migration-job.yml\n"
    "        kubectl wait --for=condition=complete job/migration-job --timeout=300s\n"
    "    }\n"
    "\n"
    "    step \"Deploy application\" timeout 15m {\n"
    "        kubectl apply -k k8s/overlays/${environment}/\n"
    "        kubectl rollout status deployment/financial-planning\n"
    "    } undo {\n"
    "        kubectl rollout undo deployment/financial-planning\n"
    "        kubectl rollout status deployment/financial-planning\n"
    "    }\n"
    "}\n"
    "\n"
    "check \"Basic health check\" {\n"
    "    retry 3 every 10s {\n"
    "        let r = http GET \"${api}/health\"\n"
    "        expect r.status == 200\n"
    "    }\n"
    "}\n"
    "\n"
    "check \"Database connectivity\" {\n"
    "    let r = http GET \"${api}/api/v1/health/db\"\n"
    "    expect r.json.status == \"ok\", \"database health is ${r.json.status}\"\n"
    "}\n"
    "\n"
    "on failure {\n"
    "    escalate P1 \"Deployment of ${tag} to ${environment} failed: ${failure.message}\"\n"
    "    rollback\n"
    "}\n"
    "\n"
    "procedure blue_green_switch() \"Blue-Green Rollback\" {\n"
    "    let current = kubectl get service financial-planning-active \\\n"
    "        -o jsonpath={.spec.selector.color}\n"
    "    let next = \"${current}\" == \"blue\" ? \"green\" : \"blue\"\n"
    "    confirm \"Switch live traffic from ${current} to ${next}?\"\n"
    "    kubectl patch service financial-planning-active \\\n"
    "        -p ${json({spec: {selector: {color: next}}})}\n"
    "}\n"
    "\n"
    "procedure diagnose_slow() \"Troubleshooting: High Response Times\" {\n"
    "    kubectl top pods\n"
    "    kubectl get hpa\n"
    "    let logs = kubectl logs deployment/financial-planning\n"
    "    let slow = []\n"
    "    for line in logs.lines {\n"
    "        if line =~ /slow/i { set slow = slow + [line] }\n"
    "    }\n"
    "    log \"${len(slow)} slow-query lines\"\n"
    "}\n";

TEST(parsed_deploy_sketch_is_clean_and_annotated)
{
    Node *m = NULL;
    char *got = lint(sketch, &m);
    CHECK_EQ_STR(got, "");
    free(got);
    REQUIRE(m != NULL);
    CHECK_EQ_INT(find(m, N_PARAM, "environment", 0)->slot, 0);
    CHECK_EQ_INT(find(m, N_PARAM, "tag", 0)->slot, 1);
    CHECK_EQ_INT(find(m, N_LET, "ns", 0)->sym, SYM_GLOBAL);
    CHECK_EQ_INT(find(m, N_LET, "ns", 0)->slot, 2);
    CHECK_EQ_INT(find(m, N_LET, "api", 0)->slot, 3);
    /* main: the two `let r` of the checks */
    CHECK_EQ_INT(find(m, N_LET, "r", 0)->slot, 0);
    CHECK_EQ_INT(find(m, N_LET, "r", 1)->slot, 1);
    CHECK_EQ_INT(m->slot, 2);
    CHECK_EQ_INT(m->i, 0);
    Node *env = find(m, N_NAME, "env", 0);
    CHECK_EQ_INT(env->sym, SYM_BUILTIN);
    CHECK_EQ_INT(env->slot, BI_env);
    Node *bg = find(m, N_PROCEDURE, "blue_green_switch", 0);
    CHECK_EQ_INT(bg->slot, 2);
    CHECK_EQ_INT(find(bg, N_NAME, "next", 0)->slot, 1);
    /* diagnose_slow: logs 0, slow 1, loop state 2-3, line 4, captures 5 */
    Node *ds = find(m, N_PROCEDURE, "diagnose_slow", 0);
    CHECK_EQ_INT(find(ds, N_FOR, "line", 0)->slot, 4);
    CHECK_EQ_INT(find(ds, N_MATCH_RE, NULL, 0)->slot, 5);
    CHECK_EQ_INT(find(ds, N_SET, "slow", 0)->slot, 1);
    CHECK_EQ_INT(ds->slot, 6);
    arena_release(&trees);
}

TEST(parsed_annotations_calls_and_captures)
{
    Node *m = NULL;
    char *got = lint("runbook \"t\"\n"
                     "param p: int = 1\n"
                     "let g = env(\"X\") =~ /(a)/ ? captures[1] : \"\"\n"
                     "procedure twice(x, y = 2) {\n"
                     "    let r = x * y\n"
                     "    return r\n"
                     "}\n"
                     "section \"S\" {\n"
                     "    let v = twice(p)\n"
                     "    if \"${v}\" =~ /2/ { log captures[0] }\n"
                     "}\n",
                     &m);
    CHECK_EQ_STR(got, "");
    free(got);
    REQUIRE(m != NULL);
    CHECK_EQ_INT(find(m, N_LET, "g", 0)->slot, 1);
    CHECK_EQ_INT(find(m, N_MATCH_RE, NULL, 0)->slot, 0); /* init's captures */
    CHECK_EQ_INT(find(m, N_NAME, "captures", 0)->slot, 0);
    CHECK_EQ_INT(m->i, 1);
    Node *tw = find(m, N_PROCEDURE, "twice", 0);
    CHECK_EQ_INT(tw->slot, 3);
    CHECK_EQ_INT(find(tw, N_NAME, "y", 0)->slot, 1);
    Node *callee = find(m, N_NAME, "twice", 0);
    CHECK_EQ_INT(callee->sym, SYM_PROC);
    CHECK_EQ_INT(callee->slot, 0);
    CHECK_EQ_INT(find(m, N_LET, "v", 0)->slot, 0);
    CHECK_EQ_INT(find(m, N_MATCH_RE, NULL, 1)->slot, 1); /* main's captures */
    CHECK_EQ_INT(find(m, N_NAME, "captures", 1)->slot, 1);
    CHECK_EQ_INT(m->slot, 2);
    arena_release(&trees);
}

TEST(parsed_name_rules)
{
    EXPECT_LINT("runbook \"t\"\n"
                "let ns = \"a\"\n"
                "log nss\n"
                "log late\n"
                "let late = 1\n"
                "section \"S\" {\n"
                "    let x = 1\n"
                "    let x = 2\n"
                "    set ns = x\n"
                "}\n"
                "log x\n",
                "3:5 undefined-name: undefined name 'nss'; did you mean 'ns'?\n"
                "4:5 undefined-name: undefined name 'late' (it is declared later, at line 5)\n"
                "8:9 duplicate-name: variable 'x' is already declared in this block (line 7)\n"
                "11:5 undefined-name: undefined name 'x'");
}

TEST(parsed_duplicates_and_declarations)
{
    EXPECT_LINT("runbook \"t\"\n"
                "param env: string\n"
                "param env: int\n"
                "contact ops \"Ops\" log\n"
                "contact ops \"Ops 2\" log\n"
                "escalation P1 \"High\" [ops, opz]\n"
                "escalation P1 \"Again\" [ops]\n"
                "procedure p(a, a) { }\n"
                "procedure p() { }\n"
                "step \"Deploy\" { escalate P2 \"help\" }\n"
                "check \"Deploy\" { }\n",
                "3:7 duplicate-name: parameter 'env' is already declared at line 2\n"
                "5:9 duplicate-name: contact 'ops' is already declared at line 4\n"
                "6:28 undefined-name: undefined contact 'opz'; did you mean 'ops'?\n"
                "7:12 duplicate-name: escalation level 'P1' is already declared at line 6\n"
                "8:16 duplicate-name: parameter 'a' is already declared in this procedure (line 8)\n"
                "9:11 duplicate-name: procedure 'p' is already declared at line 8\n"
                "10:26 undefined-name: undefined escalation level 'P2'; did you mean 'P1'?\n"
                "11:7 duplicate-step: duplicate step title \"Deploy\" (first used at line 10)");
}

TEST(parsed_literal_rules)
{
    EXPECT_LINT("runbook \"t\"\n"
                "step \"A\" timeout 10 {\n"
                "    wait 30\n"
                "    wait \"w\" until { true }\n"
                "    wait timeout 1m every 5 until true\n"
                "    retry 0 every 5 backoff 0.5 { log 1 }\n"
                "    timeout 30 { log 1 }\n"
                "    let r = \"x\" =~ /a(b/\n"
                "    let s = \"x\" =~ /a/q\n"
                "}\n",
                "2:18 bad-duration: a duration needs a unit, e.g. 30s\n"
                "3:10 bad-duration: a duration needs a unit, e.g. 30s\n"
                "4:5 wait-timeout: a wait needs a timeout, e.g. wait timeout 5m until ...\n"
                "5:27 bad-duration: a duration needs a unit, e.g. 30s\n"
                "6:11 bad-retry: a retry count must be at least 1\n"
                "6:19 bad-duration: a duration needs a unit, e.g. 30s\n"
                "6:29 bad-retry: backoff must be at least 1\n"
                "7:13 bad-duration: a duration needs a unit, e.g. 30s\n"
                "8:24 bad-regex: invalid regex: missing closing parenthesis (at offset 3 of the "
                "pattern)\n"
                "9:23 bad-regex: unknown regex flag 'q' (flags are i, m, s and x)");
}

TEST(parsed_param_rules)
{
    EXPECT_LINT("runbook \"t\"\n"
                "param environment: \"development\" | \"staging\" | \"production\" = \"prod\"\n"
                "param replicas: int = \"3\"\n"
                "param a: string = b\n"
                "param b: string = env(\"B\")\n"
                "let v = \"x\"\n"
                "param c: string = lower(b) + v\n"
                "param e: \"x\" | \"\" | \"x\"\n"
                "param f: float = 1\n"
                "param g: duration = 5m\n",
                "2:63 param-type: \"prod\" is not one of \"development\", \"staging\", "
                "\"production\"\n"
                "3:23 param-type: the default of 'replicas' must be an int, not a string\n"
                "4:19 param-default: parameter 'b' is declared after this one; a default can "
                "only use earlier parameters\n"
                "7:30 param-default: a parameter default can only use builtins and earlier "
                "parameters, not the variable 'v'\n"
                "8:16 param-type: an enum member cannot be empty\n"
                "8:21 param-type: enum member \"x\" is listed twice");
}

TEST(parsed_structure_and_call_rules)
{
    EXPECT_LINT("runbook \"t\"\n"
                "import \"std/k8s\" as k8s\n"
                "param tag: string\n"
                "procedure p(a, b = 2) {\n"
                "    log captures\n"
                "    set a = 1\n"
                "    return a\n"
                "}\n"
                "step \"A\" {\n"
                "    set tag = \"x\"\n"
                "    log failure.message\n"
                "    p()\n"
                "    p(1, 2, 3)\n"
                "    len(1, 2)\n"
                "    lenn(1)\n"
                "    k8s.rollout(\"x\")\n"
                "} on failure {\n"
                "    log failure.message\n"
                "}\n"
                "if true { return }\n",
                "5:9 undefined-name: undefined name 'captures' (captures is set by a =~ match "
                "in the same procedure or main body, and there is none)\n"
                "6:9 assign-param: cannot assign to parameter 'a'\n"
                "10:9 assign-param: cannot assign to parameter 'tag'\n"
                "11:9 misplaced: 'failure' is only available inside an on failure block\n"
                "12:5 bad-call: call to 'p' is missing argument 'a'\n"
                "13:5 bad-call: 'p' takes at most 2 arguments, but 3 were given\n"
                "14:5 bad-call: len() takes 1 argument, but 2 were given\n"
                "15:5 undefined-name: undefined procedure or function 'lenn'; did you mean "
                "'len'?\n"
                "16:5 unsupported: module 'k8s' is not loaded\n"
                "20:11 misplaced: 'return' is only allowed inside a procedure");
}

TEST(rules_table)
{
    CHECK_EQ_STR(rule_name(R_UNDEFINED_NAME), "undefined-name");
    CHECK_EQ_INT(rule_find("bad-regex"), R_BAD_REGEX);
    CHECK_EQ_INT(rule_find("no-such-rule"), R__COUNT);
    CHECK_EQ_INT(rule_severity(R_WAIT_TIMEOUT), SEV_ERROR);
}

UNIT_MAIN()
