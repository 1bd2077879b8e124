/* doc.c — the Markdown document of a runbook (`runbook doc`, LANGUAGE.md
 * §10). It reads the checked AST and slices the source for everything a
 * reader should see as written: commands, conditions, defaults and ${…}
 * interpolations. It never evaluates anything, so it cannot leak a secret's
 * value; the only secret text in a source is a literal default of a secret
 * parameter or a literal PagerDuty key, and those print as `***`.
 *
 * Layout: title, header prose, how to run, contents, then reference tables
 * (parameters, variables, command defaults, contacts, escalation matrix),
 * the main body (sections as headings, steps as "Step: …" headings, the
 * rest as lists and code blocks), top-level handlers, and one part per
 * procedure. Headings nest by container: a top-level section or step is
 * `##`, what is inside it one level deeper. Statements are src/doc_body.c. */
#include <stdlib.h>
#include <string.h>

#include "doc_impl.h"

/* ---- source text and inline Markdown -------------------------------- */

bool doc_src(const Doc *D, const Node *n, const char **p, size_t *len)
{
    if (!n || n->span.end_off <= n->span.off || n->span.end_off > D->src->len) {
        *p = "";
        *len = 0;
        return false;
    }
    *p = D->src->text + n->span.off;
    *len = n->span.end_off - n->span.off;
    return true;
}

/* Text on one line: a line break (with a `\` before it, and the blanks
 * after it) becomes one space. In a table cell `|` is escaped. */
void doc_oneline(Buf *b, const char *s, size_t n, bool table)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool brk = c == '\n' || c == '\r' ||
                   (c == '\\' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r'));
        if (brk) {
            while (i + 1 < n && strchr(" \t\r\n\\", s[i + 1]))
                i++;
            if (b->len && b->data[b->len - 1] != ' ')
                buf_addc(b, ' ');
            continue;
        }
        if (table && c == '|')
            buf_addc(b, '\\');
        buf_addc(b, c);
    }
}

/* A code span holding s as written, with enough backticks around it. */
void doc_code(Buf *b, const char *s, size_t n, bool table)
{
    Buf t = {0};
    doc_oneline(&t, s, n, false);
    size_t run = 0, longest = 0;
    for (size_t i = 0; i < t.len; i++) {
        run = t.data[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    bool pad = t.len && (t.data[0] == '`' || t.data[t.len - 1] == '`');
    for (size_t i = 0; i <= longest; i++)
        buf_addc(b, '`');
    if (pad)
        buf_addc(b, ' ');
    for (size_t i = 0; i < t.len; i++) {
        if (table && t.data[i] == '|')
            buf_addc(b, '\\');
        buf_addc(b, t.data[i]);
    }
    if (pad)
        buf_addc(b, ' ');
    for (size_t i = 0; i <= longest; i++)
        buf_addc(b, '`');
    buf_free(&t);
}

void doc_codes(Buf *b, const char *s) { doc_code(b, s, strlen(s), false); }

/* An expression as written, in a code span. */
void doc_expr(const Doc *D, Buf *b, const Node *n, bool table)
{
    const char *p;
    size_t len;
    doc_src(D, n, &p, &len);
    doc_code(b, p, len, table);
}

/* A number or duration literal reads as itself; anything else as code. */
void doc_amount(const Doc *D, Buf *b, const Node *n)
{
    const char *p;
    size_t len;
    doc_src(D, n, &p, &len);
    if (n && (n->kind == N_DURATION || n->kind == N_INT || n->kind == N_FLOAT))
        doc_oneline(b, p, len, false);
    else
        doc_code(b, p, len, false);
}

/* A string as the reader should see it: its text, with each ${…} as
 * written. A non-string expression shows as code. */
void doc_str(const Doc *D, Buf *b, const Node *n, bool table)
{
    if (n && n->kind == N_STRING) {
        doc_oneline(b, n->str, n->len, table);
    } else if (n && n->kind == N_INTERP) {
        for (size_t i = 0; i < n->nkids; i++) {
            const Node *k = n->kids[i];
            if (k->kind == N_STRING) {
                doc_oneline(b, k->str, k->len, table);
            } else {
                const char *p;
                size_t len;
                doc_src(D, k, &p, &len);
                buf_adds(b, "${");
                doc_oneline(b, p, len, table);
                buf_adds(b, "}");
            }
        }
    } else {
        doc_expr(D, b, n, table);
    }
}

/* ---- secrets -------------------------------------------------------------- */

typedef struct Spans {
    Span *v;
    size_t n, cap;
} Spans;

/* Literals that could carry a secret. The argument of env() names a
 * variable, not a value, so it stays readable. */
static void collect_literals(const Node *n, Spans *sl)
{
    if (!n)
        return;
    switch (n->kind) {
    case N_STRING: case N_INTERP: case N_INT: case N_FLOAT:
        VEC_PUSH(sl->v, sl->n, sl->cap, n->span);
        return;
    case N_CALL:
        if (n->a && n->a->kind == N_NAME && n->a->sym == SYM_BUILTIN && strcmp(n->a->str, "env") == 0) {
            for (size_t i = 0; i < n->nkids; i++)
                if (n->kids[i]->kind != N_STRING)
                    collect_literals(n->kids[i], sl);
            return;
        }
        break;
    default:
        break;
    }
    const Node *sub[] = {n->a, n->b, n->c, n->d, n->e};
    for (size_t i = 0; i < 5; i++)
        collect_literals(sub[i], sl);
    for (size_t i = 0; i < n->nkids; i++)
        collect_literals(n->kids[i], sl);
}

static int span_cmp(const void *x, const void *y)
{
    const Span *a = x, *b = y;
    return a->off < b->off ? -1 : a->off > b->off;
}

/* An expression as written, with every literal in it shown as ***. */
void doc_masked(const Doc *D, Buf *b, const Node *n, bool table)
{
    const char *p;
    size_t len;
    doc_src(D, n, &p, &len);
    Spans sl = {0};
    collect_literals(n, &sl);
    if (sl.n)
        qsort(sl.v, sl.n, sizeof *sl.v, span_cmp);
    Buf t = {0};
    uint32_t at = n->span.off;
    for (size_t i = 0; i < sl.n; i++) {
        if (sl.v[i].off < at || sl.v[i].end_off > n->span.off + len)
            continue;
        buf_add(&t, D->src->text + at, sl.v[i].off - at);
        buf_adds(&t, "***");
        at = sl.v[i].end_off;
    }
    if (at < n->span.off + len)
        buf_add(&t, D->src->text + at, n->span.off + len - at);
    doc_code(b, t.data ? t.data : "", t.len, table);
    buf_free(&t);
    free(sl.v);
}

/* ---- blocks: headings, paragraphs, list items, code ------------------- */

void doc_blank(Doc *D)
{
    Buf *o = D->out;
    if (o->len == 0)
        return;
    if (o->data[o->len - 1] != '\n')
        buf_addc(o, '\n');
    if (o->len < 2 || o->data[o->len - 2] != '\n')
        buf_addc(o, '\n');
}

static void add_indent(Buf *b, int indent)
{
    for (int i = 0; i < indent; i++)
        buf_addc(b, ' ');
}

/* Lines of text at an indentation; blank lines stay empty. */
static void add_lines(Buf *b, const char *s, size_t n, int indent)
{
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t end = e;
        while (end > i && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\r'))
            end--;
        if (end > i) {
            add_indent(b, indent);
            buf_add(b, s + i, end - i);
        }
        buf_addc(b, '\n');
        i = e + 1;
    }
}

void doc_heading(Doc *D, int level, const char *prefix, const Node *title)
{
    Buf t = {0};
    buf_adds(&t, prefix);
    if (title)
        doc_str(D, &t, title, false);
    doc_blank(D);
    for (int i = 0; i < (level < 6 ? level : 6); i++)
        buf_addc(D->out, '#');
    buf_printf(D->out, " %s\n", t.data);
    if (level == 2)
        VEC_PUSH(D->toc, D->ntoc, D->captoc, buf_steal(&t));
    buf_free(&t);
    D->last = LAST_BLOCK;
}

void doc_heading_s(Doc *D, int level, const char *text) { doc_heading(D, level, text, NULL); }

void doc_para(Doc *D, int indent, const char *s, size_t n)
{
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (n && s[0] == '\n')
        s++, n--;
    if (!n)
        return;
    doc_blank(D);
    add_lines(D->out, s, n, indent);
    D->last = LAST_BLOCK;
}

void doc_para_s(Doc *D, int indent, const char *s) { doc_para(D, indent, s, strlen(s)); }

void doc_item(Doc *D, int indent, const char *text)
{
    if (D->last != LAST_ITEM)
        doc_blank(D);
    add_indent(D->out, indent);
    buf_printf(D->out, "- %s\n", text);
    D->last = LAST_ITEM;
}

void doc_code_block(Doc *D, int indent, const char *lang, const Buf *code)
{
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < code->len; i++) {
        run = code->data[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t nfence = longest >= 3 ? longest + 1 : 3;
    doc_blank(D);
    add_indent(D->out, indent);
    for (size_t i = 0; i < nfence; i++)
        buf_addc(D->out, '`');
    buf_printf(D->out, "%s\n", lang);
    add_lines(D->out, code->data ? code->data : "", code->len, indent);
    add_indent(D->out, indent);
    for (size_t i = 0; i < nfence; i++)
        buf_addc(D->out, '`');
    buf_addc(D->out, '\n');
    D->last = LAST_BLOCK;
}

/* A top-level declaration by name: a contact, an escalation chain, a
 * procedure. */
const Node *doc_find_decl(const Doc *D, NodeKind kind, const char *name)
{
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *k = D->module->kids[i];
        if (k->kind == kind && k->str && strcmp(k->str, name) == 0)
            return k;
    }
    return NULL;
}


/* ---- declarations: tables --------------------------------------------- */

static const char *const type_names[] = {
    [TY_ANY] = "any", [TY_STRING] = "string", [TY_INT] = "int", [TY_FLOAT] = "float",
    [TY_BOOL] = "bool", [TY_DURATION] = "duration", [TY_LIST] = "list", [TY_MAP] = "map",
    [TY_SECRET] = "secret", [TY_ENUM] = "enum",
};

static void add_type(const Doc *D, Buf *b, const Node *t)
{
    if (t && t->op == TY_ENUM) {
        Buf e = {0};
        for (size_t i = 0; i < t->nkids; i++) {
            const char *p;
            size_t len;
            doc_src(D, t->kids[i], &p, &len);
            if (i)
                buf_adds(&e, " | ");
            buf_add(&e, p, len);
        }
        doc_code(b, e.data ? e.data : "", e.len, true);
        buf_free(&e);
        return;
    }
    int k = t ? t->op : TY_ANY;
    doc_codes(b, k >= TY_ANY && k <= TY_ENUM ? type_names[k] : "?");
}

static bool is_secret_param(const Node *p) { return p->a && p->a->op == TY_SECRET; }

/* Parameters as a table: name, type, default (as written; a secret's
 * literals masked), and description when with_desc. */
static void param_table(Doc *D, Node *const *ps, size_t n, bool with_desc)
{
    Buf *o = D->out;
    doc_blank(D);
    buf_adds(o, with_desc ? "| Name | Type | Default | Description |\n|---|---|---|---|\n"
                          : "| Name | Type | Default |\n|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const Node *p = ps[i];
        buf_adds(o, "| ");
        doc_codes(o, p->str);
        buf_adds(o, " | ");
        add_type(D, o, p->a);
        buf_adds(o, " | ");
        if (!p->b)
            buf_adds(o, "*required*");
        else if (is_secret_param(p))
            doc_masked(D, o, p->b, true);
        else
            doc_expr(D, o, p->b, true);
        if (with_desc) {
            buf_adds(o, " | ");
            if (p->c)
                doc_str(D, o, p->c, true);
        }
        buf_adds(o, " |\n");
    }
    D->last = LAST_BLOCK;
}

static void add_shell_word(Buf *b, const char *s)
{
    bool plain = *s != '\0';
    for (const char *p = s; *p; p++)
        if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+=:@,", *p))
            plain = false;
    if (plain) {
        buf_adds(b, s);
        return;
    }
    buf_addc(b, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            buf_adds(b, "'\\''");
        else
            buf_addc(b, *p);
    }
    buf_addc(b, '\'');
}

/* How to run the main body or a procedure, with its required parameters:
 * `runbook exec FILE [NAME] -p name=…`. */
static void run_line(Doc *D, const char *proc, Node *const *pparams, size_t npp)
{
    Buf cmd = {0}, line = {0};
    buf_adds(&cmd, "runbook exec ");
    add_shell_word(&cmd, D->path);
    if (proc)
        buf_printf(&cmd, " %s", proc);
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *k = D->module->kids[i];
        if (k->kind == N_PARAM && !k->b)
            buf_printf(&cmd, " -p %s=…", k->str);
    }
    for (size_t i = 0; i < npp; i++)
        if (!pparams[i]->b)
            buf_printf(&cmd, " -p %s=…", pparams[i]->str);
    if (proc) {
        buf_adds(&line, "Procedure ");
        doc_codes(&line, proc);
        buf_adds(&line, ": run it with ");
        doc_code(&line, cmd.data, cmd.len, false);
        buf_adds(&line, ".");
    } else {
        buf_adds(&line, "Run it with ");
        doc_code(&line, cmd.data, cmd.len, false);
        buf_adds(&line, ", or see what it would do with `runbook plan` and the same arguments.");
    }
    doc_para(D, 0, line.data, line.len);
    buf_free(&cmd);
    buf_free(&line);
}

static void render_contacts(Doc *D)
{
    static const char *const chan[] = {
        [CH_WEBHOOK] = "webhook", [CH_PAGERDUTY] = "pagerduty", [CH_EMAIL] = "email", [CH_LOG] = "log"};
    Buf *o = D->out;
    bool any = false;
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *c = D->module->kids[i];
        if (c->kind != N_CONTACT)
            continue;
        if (!any) {
            doc_heading_s(D, 2, "Contacts");
            doc_blank(D);
            buf_adds(o, "| Contact | Name | Channel | Target |\n|---|---|---|---|\n");
            any = true;
        }
        buf_adds(o, "| ");
        doc_codes(o, c->str);
        buf_adds(o, " | ");
        doc_str(D, o, c->a, true);
        buf_printf(o, " | %s | ", c->op >= CH_WEBHOOK && c->op <= CH_LOG ? chan[c->op] : "?");
        const Node *t = c->b;
        if (c->op == CH_LOG || !t)
            buf_adds(o, "standard error");
        else if (c->op == CH_PAGERDUTY)
            doc_masked(D, o, t, true); /* a routing key is a credential */
        else if (t->kind == N_STRING || t->kind == N_INTERP) {
            Buf s = {0};
            doc_str(D, &s, t, false);
            doc_code(o, s.data ? s.data : "", s.len, true);
            buf_free(&s);
        } else
            doc_expr(D, o, t, true);
        buf_adds(o, " |\n");
    }
    D->last = LAST_BLOCK;
}

/* Severity, then the chain in order: initial contact, then escalations. */
static void render_escalations(Doc *D)
{
    Buf *o = D->out;
    size_t width = 1;
    bool any = false, every = false;
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *e = D->module->kids[i];
        if (e->kind != N_ESCALATION)
            continue;
        any = true;
        every |= e->b != NULL;
        if (e->nkids > width)
            width = e->nkids;
    }
    if (!any)
        return;
    doc_heading_s(D, 2, "Escalation matrix");
    doc_blank(D);
    buf_adds(o, "| Severity | Initial contact |");
    for (size_t k = 1; k < width; k++)
        buf_printf(o, " Escalation %zu |", k);
    buf_adds(o, every ? " Next tier after |\n|---|---|" : "\n|---|---|");
    for (size_t k = 1; k < width + every; k++)
        buf_adds(o, "---|");
    buf_addc(o, '\n');
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *e = D->module->kids[i];
        if (e->kind != N_ESCALATION)
            continue;
        buf_printf(o, "| %s (", e->str);
        doc_str(D, o, e->a, true);
        buf_adds(o, ") |");
        for (size_t k = 0; k < width; k++) {
            buf_addc(o, ' ');
            const Node *c = k < e->nkids ? doc_find_decl(D, N_CONTACT, e->kids[k]->str) : NULL;
            if (k >= e->nkids)
                buf_addc(o, '-');
            else if (!c)
                doc_codes(o, e->kids[k]->str);
            else {
                static const char *const chan[] = {"webhook", "PagerDuty", "email", "log"};
                doc_str(D, o, c->a, true);
                buf_printf(o, " (%s)", c->op >= CH_WEBHOOK && c->op <= CH_LOG ? chan[c->op] : "?");
            }
            buf_adds(o, " |");
        }
        if (every) {
            buf_addc(o, ' ');
            if (e->b)
                doc_amount(D, o, e->b);
            else
                buf_adds(o, "15m");
            buf_adds(o, " |");
        }
        buf_addc(o, '\n');
    }
    D->last = LAST_BLOCK;
}

/* Top-level lets (computed before anything runs), imports and command
 * defaults: what a reader needs to read the commands below. */
static void render_settings(Doc *D)
{
    static const char *const cmdw[] = {"run", "sh", "kubectl", "aws", "http"};
    Buf *o = D->out;
    bool lets = false, imports = false, defaults = false;
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *k = D->module->kids[i];
        if (k->kind == N_LET) {
            if (!lets) {
                doc_heading_s(D, 2, "Variables");
                doc_blank(D);
                buf_adds(o, "| Name | Value |\n|---|---|\n");
                lets = true;
            }
            buf_adds(o, "| ");
            doc_codes(o, k->str);
            buf_adds(o, " | ");
            if (k->a && k->a->kind == N_CMD) {
                Buf c = {0};
                doc_cmd_source(D, k->a, &c);
                doc_code(o, c.data, c.len ? c.len - 1 : 0, true);
                buf_free(&c);
            } else {
                doc_expr(D, o, k->a, true);
            }
            buf_adds(o, " |\n");
            D->last = LAST_BLOCK;
        }
    }
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *k = D->module->kids[i];
        if (k->kind != N_IMPORT)
            continue;
        if (!imports)
            doc_heading_s(D, 2, "Imports");
        imports = true;
        Buf b = {0};
        buf_adds(&b, "Module ");
        doc_codes(&b, k->str);
        buf_adds(&b, " as ");
        doc_codes(&b, k->str2);
        doc_item(D, 0, b.data);
        buf_free(&b);
    }
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *k = D->module->kids[i];
        if (k->kind != N_DEFAULTS || !k->nkids || k->op < CMD_RUN || k->op > CMD_HTTP)
            continue;
        if (!defaults)
            doc_heading_s(D, 2, "Command defaults");
        defaults = true;
        Buf b = {0};
        buf_printf(&b, "Every `%s` command also gets ", cmdw[k->op]);
        const Node *first = k->kids[0], *last = k->kids[k->nkids - 1];
        if (last->span.end_off > first->span.off && last->span.end_off <= D->src->len)
            doc_code(&b, D->src->text + first->span.off, last->span.end_off - first->span.off, false);
        doc_item(D, 0, b.data);
        buf_free(&b);
    }
}

/* ---- the document -------------------------------------------------------- */

static bool is_declaration(const Node *k)
{
    switch (k->kind) {
    case N_IMPORT: case N_PARAM: case N_CONTACT: case N_ESCALATION: case N_DEFAULTS:
    case N_PROCEDURE: case N_ON_FAILURE: case N_ON_SUCCESS:
        return true;
    case N_LET: /* computed in place; only a command is worth showing there */
        return !(k->a && k->a->kind == N_CMD);
    default:
        return false;
    }
}

static void render_procedure(Doc *D, const Node *p)
{
    if (p->a) {
        doc_heading(D, 2, "Procedure: ", p->a);
    } else {
        char *t = xasprintf("Procedure: %s", p->str);
        doc_heading_s(D, 2, t);
        free(t);
    }
    Node *const *kids;
    size_t n;
    doc_body_kids((const Node *const *)&p->b, &kids, &n);
    if (n && kids[0]->kind == N_DOC) {
        doc_para(D, 0, kids[0]->str, kids[0]->len);
        kids++, n--;
    }
    run_line(D, p->str, p->kids, p->nkids);
    if (p->nkids) {
        doc_para_s(D, 0, "Parameters:");
        param_table(D, p->kids, p->nkids, false);
    }
    doc_render_block(D, kids, n, 3);
}

/* GitHub's heading anchors: lower case, punctuation dropped, spaces to
 * dashes, -1, -2 … on repeats. */
static char *slug(const char *text, char ***seen, size_t *nseen, size_t *capseen)
{
    Buf b = {0};
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c >= 'A' && c <= 'Z')
            buf_addc(&b, (char)(c - 'A' + 'a'));
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c >= 0x80)
            buf_addc(&b, (char)c);
        else if (c == ' ')
            buf_addc(&b, '-');
    }
    char *base = buf_steal(&b);
    char *s = xstrdup(base);
    for (size_t k = 1;; k++) {
        bool dup = false;
        for (size_t i = 0; i < *nseen && !dup; i++)
            dup = strcmp((*seen)[i], s) == 0;
        if (!dup)
            break;
        free(s);
        s = xasprintf("%s-%zu", base, k);
    }
    free(base);
    VEC_PUSH(*seen, *nseen, *capseen, s);
    return s;
}

static void add_toc(Doc *D, Buf *out, const char *title)
{
    char **seen = NULL;
    size_t nseen = 0, capseen = 0;
    slug(title, &seen, &nseen, &capseen);
    slug("Contents", &seen, &nseen, &capseen);
    buf_adds(out, "## Contents\n\n");
    for (size_t i = 0; i < D->ntoc; i++) {
        const char *s = slug(D->toc[i], &seen, &nseen, &capseen);
        buf_adds(out, "- [");
        for (const char *p = D->toc[i]; *p; p++) {
            if (strchr("[]\\", *p))
                buf_addc(out, '\\');
            buf_addc(out, *p);
        }
        buf_printf(out, "](#%s)\n", s);
    }
    buf_addc(out, '\n');
    for (size_t i = 0; i < nseen; i++)
        free(seen[i]);
    free(seen);
}

void doc_render(const Node *module, const Source *src, const char *path, Buf *out)
{
    Doc D = {.src = src, .module = module, .path = path};
    Buf body = {0};
    D.out = &body;

    /* Main body: the statements that are not declarations; the prose
     * before the first of them (the header's docstring) introduces the
     * document. */
    Node **main = xcalloc(module->nkids + 1, sizeof *main);
    Node **intro = xcalloc(module->nkids + 1, sizeof *intro);
    size_t nmain = 0, nintro = 0;
    for (size_t i = 0; i < module->nkids; i++) {
        Node *k = module->kids[i];
        if (is_declaration(k))
            continue;
        if (nmain == 0 && k->kind == N_DOC)
            intro[nintro++] = k;
        else
            main[nmain++] = k;
    }
    Node **params = xcalloc(module->nkids + 1, sizeof *params);
    size_t nparams = 0;
    for (size_t i = 0; i < module->nkids; i++)
        if (module->kids[i]->kind == N_PARAM)
            params[nparams++] = module->kids[i];

    for (size_t i = 0; i < nintro; i++)
        doc_para(&D, 0, intro[i]->str, intro[i]->len);
    if (nmain)
        run_line(&D, NULL, NULL, 0);
    size_t head_len = body.len;
    D.last = LAST_BLOCK;
    if (nparams) {
        doc_heading_s(&D, 2, "Parameters");
        param_table(&D, params, nparams, true);
    }
    render_settings(&D);
    render_contacts(&D);
    render_escalations(&D);
    if (nmain) {
        const Node *first = main[0];
        if (first->kind != N_SECTION && first->kind != N_STEP && !(doc_is_compound(first) && doc_has_heading(first)))
            doc_heading_s(&D, 2, "Main procedure");
        doc_render_block(&D, main, nmain, 2);
    }
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *k = module->kids[i];
        if (k->kind != N_ON_FAILURE && k->kind != N_ON_SUCCESS)
            continue;
        bool fail = k->kind == N_ON_FAILURE;
        doc_heading_s(&D, 2, fail ? "On failure" : "On success");
        doc_para_s(&D, 0, fail ? "Runs when the run fails, after the failed step's own handler; the run still "
                             "counts as failed."
                           : "Runs when the main body has finished successfully.");
        Node *const *kids;
        size_t n;
        doc_body_kids((const Node *const *)&k->a, &kids, &n);
        D.handling += fail;
        doc_render_block(&D, kids, n, 3);
        D.handling -= fail;
    }
    for (size_t i = 0; i < module->nkids; i++)
        if (module->kids[i]->kind == N_PROCEDURE)
            render_procedure(&D, module->kids[i]);

    /* Assemble: title, intro and run line, contents, the rest. */
    const char *title = module->str ? module->str : "Runbook";
    Buf t = {0};
    doc_oneline(&t, title, strlen(title), false);
    buf_printf(out, "# %s\n\n", t.data ? t.data : "");
    buf_add(out, body.data ? body.data : "", head_len);
    if (head_len)
        buf_addc(out, '\n');
    if (D.ntoc >= 2)
        add_toc(&D, out, t.data ? t.data : "");
    size_t rest = body.len - head_len;
    const char *r = body.data ? body.data + head_len : "";
    while (rest && *r == '\n')
        r++, rest--;
    buf_add(out, r, rest);
    while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
        out->data[--out->len] = '\0';

    buf_free(&t);
    buf_free(&body);
    for (size_t i = 0; i < D.ntoc; i++)
        free(D.toc[i]);
    free(D.toc);
    free(main);
    free(intro);
    free(params);
}
