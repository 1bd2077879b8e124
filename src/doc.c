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
 * `##`, what is inside it one level deeper. */
#include "doc.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef enum { LAST_NONE, LAST_ITEM, LAST_BLOCK } LastKind;

typedef struct Doc {
    const Source *src;
    const Node *module;
    const char *path;
    Buf *out;
    LastKind last;
    int handling; /* > 0 inside an on-failure block: a bare `fail` re-raises */
    char **toc; /* level-2 heading texts, in order */
    size_t ntoc, captoc;
} Doc;

/* ---- source text and inline Markdown -------------------------------- */

static bool node_src(const Doc *D, const Node *n, const char **p, size_t *len)
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
static void add_oneline(Buf *b, const char *s, size_t n, bool table)
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
static void add_code(Buf *b, const char *s, size_t n, bool table)
{
    Buf t = {0};
    add_oneline(&t, s, n, false);
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

static void add_codes(Buf *b, const char *s) { add_code(b, s, strlen(s), false); }

/* An expression as written, in a code span. */
static void add_expr(const Doc *D, Buf *b, const Node *n, bool table)
{
    const char *p;
    size_t len;
    node_src(D, n, &p, &len);
    add_code(b, p, len, table);
}

/* A number or duration literal reads as itself; anything else as code. */
static void add_amount(const Doc *D, Buf *b, const Node *n)
{
    const char *p;
    size_t len;
    node_src(D, n, &p, &len);
    if (n && (n->kind == N_DURATION || n->kind == N_INT || n->kind == N_FLOAT))
        add_oneline(b, p, len, false);
    else
        add_code(b, p, len, false);
}

/* A string as the reader should see it: its text, with each ${…} as
 * written. A non-string expression shows as code. */
static void add_str(const Doc *D, Buf *b, const Node *n, bool table)
{
    if (n && n->kind == N_STRING) {
        add_oneline(b, n->str, n->len, table);
    } else if (n && n->kind == N_INTERP) {
        for (size_t i = 0; i < n->nkids; i++) {
            const Node *k = n->kids[i];
            if (k->kind == N_STRING) {
                add_oneline(b, k->str, k->len, table);
            } else {
                const char *p;
                size_t len;
                node_src(D, k, &p, &len);
                buf_adds(b, "${");
                add_oneline(b, p, len, table);
                buf_adds(b, "}");
            }
        }
    } else {
        add_expr(D, b, n, table);
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
static void add_masked(const Doc *D, Buf *b, const Node *n, bool table)
{
    const char *p;
    size_t len;
    node_src(D, n, &p, &len);
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
    add_code(b, t.data ? t.data : "", t.len, table);
    buf_free(&t);
    free(sl.v);
}

/* ---- blocks: headings, paragraphs, list items, code ------------------- */

static void blank(Doc *D)
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

static void heading(Doc *D, int level, const char *prefix, const Node *title)
{
    Buf t = {0};
    buf_adds(&t, prefix);
    if (title)
        add_str(D, &t, title, false);
    blank(D);
    for (int i = 0; i < (level < 6 ? level : 6); i++)
        buf_addc(D->out, '#');
    buf_printf(D->out, " %s\n", t.data);
    if (level == 2)
        VEC_PUSH(D->toc, D->ntoc, D->captoc, buf_steal(&t));
    buf_free(&t);
    D->last = LAST_BLOCK;
}

static void heading_s(Doc *D, int level, const char *text) { heading(D, level, text, NULL); }

static void para(Doc *D, int indent, const char *s, size_t n)
{
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    while (n && s[0] == '\n')
        s++, n--;
    if (!n)
        return;
    blank(D);
    add_lines(D->out, s, n, indent);
    D->last = LAST_BLOCK;
}

static void para_s(Doc *D, int indent, const char *s) { para(D, indent, s, strlen(s)); }

static void item(Doc *D, int indent, const char *text)
{
    if (D->last != LAST_ITEM)
        blank(D);
    add_indent(D->out, indent);
    buf_printf(D->out, "- %s\n", text);
    D->last = LAST_ITEM;
}

static void code_block(Doc *D, int indent, const char *lang, const Buf *code)
{
    size_t longest = 0, run = 0;
    for (size_t i = 0; i < code->len; i++) {
        run = code->data[i] == '`' ? run + 1 : 0;
        if (run > longest)
            longest = run;
    }
    size_t nfence = longest >= 3 ? longest + 1 : 3;
    blank(D);
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

/* ---- commands ------------------------------------------------------------ */

/* The command a statement runs, if it is one (`let r = CMD` too). */
static const Node *stmt_cmd(const Node *s)
{
    if (s->kind == N_CMD)
        return s;
    if ((s->kind == N_LET || s->kind == N_SET) && s->a && s->a->kind == N_CMD)
        return s->a;
    return NULL;
}

/* What happens to a command's result, as a comment line above it. */
static void cmd_note(const Node *s, const Node *cmd, Buf *code)
{
    if (s != cmd)
        buf_printf(code, "# saved as %s%s\n", s->str, cmd->flags & NF_TRY ? " (allowed to fail)" : "");
    else if (cmd->flags & NF_TRY)
        buf_adds(code, "# allowed to fail\n");
}

/* A command exactly as written (without a leading `try`), its continuation
 * lines re-indented relative to the line it starts on. */
static void cmd_source(const Doc *D, const Node *cmd, Buf *code)
{
    const char *p;
    size_t len;
    node_src(D, cmd, &p, &len);
    if ((cmd->flags & NF_TRY) && len > 3 && strncmp(p, "try", 3) == 0) {
        p += 3, len -= 3;
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
    }
    size_t ls = cmd->span.off, base = 0;
    while (ls > 0 && D->src->text[ls - 1] != '\n')
        ls--;
    while (ls + base < cmd->span.off && (D->src->text[ls + base] == ' ' || D->src->text[ls + base] == '\t'))
        base++;
    for (size_t i = 0; i < len; i++) {
        buf_addc(code, p[i]);
        if (p[i] == '\n')
            for (size_t k = 0; k < base && i + 1 < len && (p[i + 1] == ' ' || p[i + 1] == '\t'); k++)
                i++;
    }
    buf_addc(code, '\n');
}

/* A word as written, without the quotes of a word that is one quoted
 * string ("${api}/health" reads as ${api}/health in a request line). */
static void word_text(const Doc *D, const Node *w, Buf *b)
{
    const char *p;
    size_t len;
    node_src(D, w, &p, &len);
    if (len >= 2 && (p[0] == '"' || p[0] == '\'') && p[len - 1] == p[0] &&
        !(len >= 6 && strncmp(p, "\"\"\"", 3) == 0)) {
        bool inner = false;
        for (size_t i = 1; i + 1 < len; i++) {
            if (p[0] == '"' && p[i] == '\\')
                i++;
            else if (p[i] == p[0] || p[i] == '\n')
                inner = true;
        }
        if (!inner) {
            buf_add(b, p + 1, len - 2);
            return;
        }
    }
    add_oneline(b, p, len, false);
}

static bool word_is(const Doc *D, const Node *w, const char *kw)
{
    const char *p;
    size_t len;
    node_src(D, w, &p, &len);
    return len == strlen(kw) && memcmp(p, kw, len) == 0;
}

/* An http command as a request: `METHOD URL`, header lines, then the body;
 * timeout and insecure as comments. Words it does not recognise stay on
 * the request line as written. */
static void http_request(const Doc *D, const Node *cmd, Buf *code)
{
    Buf line = {0}, headers = {0}, body = {0}, notes = {0};
    for (size_t i = 0; i < cmd->nkids; i++) {
        const Node *w = cmd->kids[i];
        size_t left = cmd->nkids - i - 1;
        if (i >= 2 && word_is(D, w, "header") && left >= 2) {
            word_text(D, cmd->kids[i + 1], &headers);
            buf_adds(&headers, ": ");
            word_text(D, cmd->kids[i + 2], &headers);
            buf_addc(&headers, '\n');
            i += 2;
        } else if (i >= 2 && (word_is(D, w, "json") || word_is(D, w, "body")) && left >= 1) {
            if (word_is(D, w, "json"))
                buf_adds(&headers, "Content-Type: application/json\n");
            word_text(D, cmd->kids[i + 1], &body);
            buf_addc(&body, '\n');
            i += 1;
        } else if (i >= 2 && word_is(D, w, "timeout") && left >= 1) {
            buf_adds(&notes, "# timeout ");
            word_text(D, cmd->kids[i + 1], &notes);
            buf_addc(&notes, '\n');
            i += 1;
        } else if (i >= 2 && word_is(D, w, "insecure")) {
            buf_adds(&notes, "# insecure: TLS certificate not verified\n");
        } else {
            if (line.len)
                buf_addc(&line, ' ');
            word_text(D, w, &line);
        }
    }
    if (notes.len)
        buf_add(code, notes.data, notes.len);
    buf_add(code, line.data ? line.data : "", line.len);
    buf_addc(code, '\n');
    if (headers.len)
        buf_add(code, headers.data, headers.len);
    if (body.len) {
        buf_addc(code, '\n');
        buf_add(code, body.data, body.len);
    }
    buf_free(&line);
    buf_free(&headers);
    buf_free(&body);
    buf_free(&notes);
}

/* ---- statements ---------------------------------------------------------- */

static void render_seq(Doc *D, Node *const *kids, size_t n, int indent, int level);
static void render_block(Doc *D, Node *const *kids, size_t n, int level);

/* The statements of a body: a block's, or a single statement (a match arm). */
static void body_kids(const Node *const *b, Node *const **kids, size_t *n)
{
    if (!*b) {
        *kids = NULL;
        *n = 0;
    } else if ((*b)->kind == N_BLOCK) {
        *kids = (*b)->kids;
        *n = (*b)->nkids;
    } else {
        *kids = (Node *const *)b;
        *n = 1;
    }
}

static bool is_compound(const Node *s)
{
    switch (s->kind) {
    case N_IF: case N_FOR: case N_MATCH: case N_RETRY: case N_TIMEOUT: case N_PARALLEL:
        return true;
    default:
        return false;
    }
}

/* Does s hold a step or a section, which want headings of their own? */
static bool has_heading(const Node *s)
{
    if (!s)
        return false;
    if (s->kind == N_STEP || s->kind == N_SECTION)
        return true;
    if (s->kind != N_BLOCK && s->kind != N_ARM && !is_compound(s))
        return false;
    const Node *sub[] = {s->a, s->b, s->c, s->d};
    for (size_t i = 0; i < 4; i++)
        if (sub[i] && (sub[i]->kind == N_BLOCK || sub[i]->kind == N_IF || s->kind == N_ARM) &&
            has_heading(sub[i]))
            return true;
    for (size_t i = 0; i < s->nkids; i++)
        if (has_heading(s->kids[i]))
            return true;
    return false;
}

/* A compound statement's line ("If `x`:") and its body: a list item with
 * a nested list, or (block) a paragraph followed by headings. */
static void emit_part(Doc *D, Buf *line, const Node *body, int indent, int level, bool block)
{
    Node *const *kids;
    size_t n;
    body_kids(&body, &kids, &n);
    buf_adds(line, n ? ":" : ": nothing.");
    if (block)
        para(D, 0, line->data, line->len);
    else
        item(D, indent, line->data);
    buf_free(line);
    if (block)
        render_block(D, kids, n, level);
    else
        render_seq(D, kids, n, indent + 2, level);
}

static void render_compound(Doc *D, const Node *s, int indent, int level, bool block)
{
    Buf b = {0};
    switch (s->kind) {
    case N_IF: {
        const Node *c = s;
        buf_adds(&b, "If ");
        for (;;) {
            add_expr(D, &b, c->a, false);
            emit_part(D, &b, c->b, indent, level, block);
            if (c->c && c->c->kind == N_IF) {
                c = c->c;
                buf_adds(&b, "Else if ");
                continue;
            }
            if (c->c) {
                buf_adds(&b, "Otherwise");
                emit_part(D, &b, c->c, indent, level, block);
            }
            break;
        }
        break;
    }
    case N_FOR:
        buf_printf(&b, "For each `%s` in ", s->str);
        add_expr(D, &b, s->a, false);
        if (s->c) {
            buf_adds(&b, ", in parallel, at most ");
            add_amount(D, &b, s->c);
            buf_adds(&b, " at a time");
        }
        emit_part(D, &b, s->b, indent, level, block);
        break;
    case N_MATCH:
        buf_adds(&b, "Depending on ");
        add_expr(D, &b, s->a, false);
        buf_addc(&b, ':');
        if (block)
            para(D, 0, b.data, b.len);
        else
            item(D, indent, b.data);
        buf_free(&b);
        for (size_t i = 0; i < s->nkids; i++) {
            const Node *arm = s->kids[i];
            if (arm->flags & NF_DEFAULT)
                buf_adds(&b, "Otherwise");
            buf_adds(&b, arm->flags & NF_DEFAULT ? "" : "When ");
            for (size_t k = 0; k < arm->nkids; k++) {
                if (k)
                    buf_adds(&b, " or ");
                add_expr(D, &b, arm->kids[k], false);
            }
            emit_part(D, &b, arm->a, block ? 0 : indent + 2, level, block);
        }
        break;
    case N_RETRY:
        buf_adds(&b, "Retry up to ");
        add_amount(D, &b, s->a);
        buf_adds(&b, s->a && s->a->kind == N_INT && s->a->i == 1 ? " attempt" : " attempts");
        if (s->b) {
            buf_adds(&b, ", every ");
            add_amount(D, &b, s->b);
        }
        if (s->c) {
            buf_adds(&b, ", backing off ×");
            add_amount(D, &b, s->c);
        }
        if (s->flags & NF_JITTER)
            buf_adds(&b, ", with jitter");
        emit_part(D, &b, s->d, indent, level, block);
        break;
    case N_TIMEOUT:
        buf_adds(&b, "Within ");
        add_amount(D, &b, s->a);
        emit_part(D, &b, s->b, indent, level, block);
        break;
    case N_PARALLEL:
        buf_adds(&b, "In parallel");
        if (s->a) {
            buf_adds(&b, ", at most ");
            add_amount(D, &b, s->a);
            buf_adds(&b, " at a time");
        }
        emit_part(D, &b, s->b, indent, level, block);
        break;
    default:
        break;
    }
    buf_free(&b);
}

static void render_wait_until(Doc *D, const Node *s, int indent, int level)
{
    Buf b = {0};
    buf_adds(&b, "Wait");
    if (s->a) {
        buf_adds(&b, " for ");
        add_str(D, &b, s->a, false);
        buf_addc(&b, ':');
    }
    if (s->b) {
        buf_adds(&b, " up to ");
        add_amount(D, &b, s->b);
        buf_addc(&b, ',');
    }
    buf_adds(&b, " checking every ");
    if (s->c)
        add_amount(D, &b, s->c);
    else
        buf_adds(&b, "5s");
    buf_adds(&b, ", until");
    const Node *cond = s->d;
    if (!cond || cond->kind != N_BLOCK) {
        buf_adds(&b, ": ");
        add_expr(D, &b, cond, false);
        item(D, indent, b.data);
        buf_free(&b);
        return;
    }
    buf_adds(&b, ":");
    item(D, indent, b.data);
    buf_free(&b);
    size_t n = cond->nkids;
    const Node *last = n ? cond->kids[n - 1] : NULL;
    if (last && last->kind == N_EXPR_STMT)
        n--;
    else
        last = NULL;
    render_seq(D, cond->kids, n, indent + 2, level);
    if (last) {
        buf_adds(&b, "Done when ");
        add_expr(D, &b, last->a, false);
        item(D, indent + 2, b.data);
        buf_free(&b);
    }
}

/* The escalation chain a level names, for "Escalate to P1 (High)". */
static const Node *find_decl(const Doc *D, NodeKind kind, const char *name)
{
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *k = D->module->kids[i];
        if (k->kind == kind && k->str && strcmp(k->str, name) == 0)
            return k;
    }
    return NULL;
}

static void render_step_item(Doc *D, const Node *s, int indent, int level);

/* One statement that is not a command, in a list. */
static void render_item(Doc *D, const Node *s, int indent, int level)
{
    Buf b = {0};
    switch (s->kind) {
    case N_DOC:
        para(D, indent, s->str, s->len);
        break;
    case N_CONFIRM:
        buf_adds(&b, "[ ] ");
        add_str(D, &b, s->a, false);
        if (s->b) {
            buf_adds(&b, " (only when ");
            add_expr(D, &b, s->b, false);
            buf_addc(&b, ')');
        }
        item(D, indent, b.data);
        break;
    case N_EXPECT:
        buf_adds(&b, "Expect: ");
        add_expr(D, &b, s->a, false);
        if (s->b) {
            buf_adds(&b, " — otherwise: ");
            add_str(D, &b, s->b, false);
        }
        item(D, indent, b.data);
        break;
    case N_LOG:
        buf_adds(&b, "Log: ");
        add_str(D, &b, s->a, false);
        item(D, indent, b.data);
        break;
    case N_LET: case N_SET:
        buf_printf(&b, "%s `%s` = ", s->kind == N_LET ? "Let" : "Set", s->str);
        add_expr(D, &b, s->a, false);
        item(D, indent, b.data);
        break;
    case N_FAIL: case N_ABORT:
        buf_adds(&b, s->kind == N_FAIL ? "Fail" : "Abort the run");
        if (s->a) {
            buf_adds(&b, ": ");
            add_str(D, &b, s->a, false);
        } else if (s->kind == N_FAIL && D->handling) {
            buf_adds(&b, ": re-raise the failure");
        }
        item(D, indent, b.data);
        break;
    case N_RETURN:
        buf_adds(&b, "Return");
        if (s->a) {
            buf_addc(&b, ' ');
            add_expr(D, &b, s->a, false);
        }
        item(D, indent, b.data);
        break;
    case N_ROLLBACK:
        item(D, indent, "Roll back: run the undo blocks of the steps completed so far, most recent first");
        break;
    case N_ESCALATE: {
        const Node *chain = find_decl(D, N_ESCALATION, s->str);
        buf_printf(&b, "Escalate to %s", s->str);
        if (chain && chain->a) {
            buf_adds(&b, " (");
            add_str(D, &b, chain->a, false);
            buf_addc(&b, ')');
        }
        buf_adds(&b, ": ");
        add_str(D, &b, s->a, false);
        item(D, indent, b.data);
        break;
    }
    case N_WAIT:
        buf_adds(&b, "Wait ");
        add_amount(D, &b, s->a);
        item(D, indent, b.data);
        break;
    case N_WAIT_UNTIL:
        render_wait_until(D, s, indent, level);
        break;
    case N_EXPR_STMT:
        if (s->a && s->a->kind == N_CALL && s->a->a && s->a->a->sym == SYM_PROC) {
            const Node *proc = find_decl(D, N_PROCEDURE, s->a->a->str);
            buf_adds(&b, "Run procedure ");
            add_expr(D, &b, s->a, false);
            if (proc && proc->a) {
                buf_adds(&b, " (");
                add_str(D, &b, proc->a, false);
                buf_addc(&b, ')');
            }
        } else {
            buf_adds(&b, "Evaluate ");
            add_expr(D, &b, s->a, false);
        }
        item(D, indent, b.data);
        break;
    case N_SECTION: {
        Node *const *kids;
        size_t n;
        body_kids((const Node *const *)&s->b, &kids, &n);
        buf_adds(&b, "**");
        add_str(D, &b, s->a, false);
        buf_adds(&b, "**");
        item(D, indent, b.data);
        render_seq(D, kids, n, indent + 2, level + 1);
        break;
    }
    case N_STEP:
        render_step_item(D, s, indent, level);
        break;
    default:
        if (is_compound(s)) {
            render_compound(D, s, indent, level, false);
        } else {
            buf_adds(&b, "Run ");
            add_expr(D, &b, s, false);
            item(D, indent, b.data);
        }
        break;
    }
    buf_free(&b);
}

/* Statements as a list; runs of shell-like commands become one ```sh
 * block, each http command an ```http block. */
static void render_seq(Doc *D, Node *const *kids, size_t n, int indent, int level)
{
    size_t i = 0;
    while (i < n) {
        const Node *s = kids[i];
        const Node *cmd = stmt_cmd(s);
        if (!cmd) {
            render_item(D, s, indent, level);
            i++;
            continue;
        }
        Buf code = {0};
        if (cmd->op == CMD_HTTP) {
            cmd_note(s, cmd, &code);
            http_request(D, cmd, &code);
            code_block(D, indent, "http", &code);
            i++;
        } else {
            for (; i < n && (cmd = stmt_cmd(kids[i])) && cmd->op != CMD_HTTP; i++) {
                cmd_note(kids[i], cmd, &code);
                cmd_source(D, cmd, &code);
            }
            code_block(D, indent, "sh", &code);
        }
        buf_free(&code);
    }
}

/* A step's docstring: the string its body starts with. */
static const Node *step_doc(const Node *s, Node *const **kids, size_t *n)
{
    body_kids((const Node *const *)&s->c, kids, n);
    if (*n && (*kids)[0]->kind == N_DOC) {
        const Node *d = (*kids)[0];
        (*kids)++;
        (*n)--;
        return d;
    }
    return NULL;
}

static void step_timeout(const Doc *D, const Node *s, Buf *b)
{
    buf_adds(b, "Times out after ");
    add_amount(D, b, s->b);
    buf_addc(b, '.');
}

/* A step as a heading: docstring, timeout, body, undo, on failure. */
static void render_step(Doc *D, const Node *s, int level)
{
    heading(D, level, s->op == STEP_CHECK ? "Check: " : "Step: ", s->a);
    Node *const *kids;
    size_t n;
    const Node *doc = step_doc(s, &kids, &n);
    if (doc)
        para(D, 0, doc->str, doc->len);
    if (s->b) {
        Buf b = {0};
        step_timeout(D, s, &b);
        para(D, 0, b.data, b.len);
        buf_free(&b);
    }
    render_block(D, kids, n, level + 1);
    const Node *parts[] = {s->d, s->e};
    const char *names[] = {"**Undo:**", "**On failure:**"};
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        para_s(D, 0, parts[i]->nkids ? names[i] : i ? "**On failure:** nothing (the failure is handled)."
                                                   : "**Undo:** nothing.");
        D->handling += (int)i;
        render_block(D, parts[i]->kids, parts[i]->nkids, level + 1);
        D->handling -= (int)i;
    }
}

/* A step inside a list (under an `if`, say), where headings cannot go. */
static void render_step_item(Doc *D, const Node *s, int indent, int level)
{
    Buf b = {0};
    buf_adds(&b, s->op == STEP_CHECK ? "**Check: " : "**Step: ");
    add_str(D, &b, s->a, false);
    buf_adds(&b, "**");
    if (s->b) {
        buf_addc(&b, ' ');
        step_timeout(D, s, &b);
    }
    item(D, indent, b.data);
    buf_free(&b);
    Node *const *kids;
    size_t n;
    const Node *doc = step_doc(s, &kids, &n);
    if (doc)
        para(D, indent + 2, doc->str, doc->len);
    render_seq(D, kids, n, indent + 2, level + 1);
    const Node *parts[] = {s->d, s->e};
    const char *names[] = {"Undo:", "On failure:"};
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        item(D, indent + 2, parts[i]->nkids ? names[i] : i ? "On failure: nothing." : "Undo: nothing.");
        D->handling += (int)i;
        render_seq(D, parts[i]->kids, parts[i]->nkids, indent + 4, level + 1);
        D->handling -= (int)i;
    }
}

/* Statements where headings may go: sections and steps (and branches that
 * hold them) become headings at `level`, the rest lists. */
static void render_block(Doc *D, Node *const *kids, size_t n, int level)
{
    size_t i = 0;
    while (i < n) {
        const Node *s = kids[i];
        if (s->kind == N_SECTION) {
            Node *const *sk;
            size_t sn;
            heading(D, level, "", s->a);
            body_kids((const Node *const *)&s->b, &sk, &sn);
            render_block(D, sk, sn, level + 1);
            i++;
        } else if (s->kind == N_STEP) {
            render_step(D, s, level);
            i++;
        } else if (is_compound(s) && has_heading(s)) {
            render_compound(D, s, 0, level, true);
            i++;
        } else {
            size_t j = i;
            while (j < n && kids[j]->kind != N_SECTION && kids[j]->kind != N_STEP &&
                   !(is_compound(kids[j]) && has_heading(kids[j])))
                j++;
            render_seq(D, kids + i, j - i, 0, level);
            i = j;
        }
    }
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
            node_src(D, t->kids[i], &p, &len);
            if (i)
                buf_adds(&e, " | ");
            buf_add(&e, p, len);
        }
        add_code(b, e.data ? e.data : "", e.len, true);
        buf_free(&e);
        return;
    }
    int k = t ? t->op : TY_ANY;
    add_codes(b, k >= TY_ANY && k <= TY_ENUM ? type_names[k] : "?");
}

static bool is_secret_param(const Node *p) { return p->a && p->a->op == TY_SECRET; }

/* Parameters as a table: name, type, default (as written; a secret's
 * literals masked), and description when with_desc. */
static void param_table(Doc *D, Node *const *ps, size_t n, bool with_desc)
{
    Buf *o = D->out;
    blank(D);
    buf_adds(o, with_desc ? "| Name | Type | Default | Description |\n|---|---|---|---|\n"
                          : "| Name | Type | Default |\n|---|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const Node *p = ps[i];
        buf_adds(o, "| ");
        add_codes(o, p->str);
        buf_adds(o, " | ");
        add_type(D, o, p->a);
        buf_adds(o, " | ");
        if (!p->b)
            buf_adds(o, "*required*");
        else if (is_secret_param(p))
            add_masked(D, o, p->b, true);
        else
            add_expr(D, o, p->b, true);
        if (with_desc) {
            buf_adds(o, " | ");
            if (p->c)
                add_str(D, o, p->c, true);
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
        add_codes(&line, proc);
        buf_adds(&line, ": run it with ");
        add_code(&line, cmd.data, cmd.len, false);
        buf_adds(&line, ".");
    } else {
        buf_adds(&line, "Run it with ");
        add_code(&line, cmd.data, cmd.len, false);
        buf_adds(&line, ", or see what it would do with `runbook plan` and the same arguments.");
    }
    para(D, 0, line.data, line.len);
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
            heading_s(D, 2, "Contacts");
            blank(D);
            buf_adds(o, "| Contact | Name | Channel | Target |\n|---|---|---|---|\n");
            any = true;
        }
        buf_adds(o, "| ");
        add_codes(o, c->str);
        buf_adds(o, " | ");
        add_str(D, o, c->a, true);
        buf_printf(o, " | %s | ", c->op >= CH_WEBHOOK && c->op <= CH_LOG ? chan[c->op] : "?");
        const Node *t = c->b;
        if (c->op == CH_LOG || !t)
            buf_adds(o, "standard error");
        else if (c->op == CH_PAGERDUTY)
            add_masked(D, o, t, true); /* a routing key is a credential */
        else if (t->kind == N_STRING || t->kind == N_INTERP) {
            Buf s = {0};
            add_str(D, &s, t, false);
            add_code(o, s.data ? s.data : "", s.len, true);
            buf_free(&s);
        } else
            add_expr(D, o, t, true);
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
    heading_s(D, 2, "Escalation matrix");
    blank(D);
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
        add_str(D, o, e->a, true);
        buf_adds(o, ") |");
        for (size_t k = 0; k < width; k++) {
            buf_addc(o, ' ');
            const Node *c = k < e->nkids ? find_decl(D, N_CONTACT, e->kids[k]->str) : NULL;
            if (k >= e->nkids)
                buf_addc(o, '-');
            else if (!c)
                add_codes(o, e->kids[k]->str);
            else {
                static const char *const chan[] = {"webhook", "PagerDuty", "email", "log"};
                add_str(D, o, c->a, true);
                buf_printf(o, " (%s)", c->op >= CH_WEBHOOK && c->op <= CH_LOG ? chan[c->op] : "?");
            }
            buf_adds(o, " |");
        }
        if (every) {
            buf_addc(o, ' ');
            if (e->b)
                add_amount(D, o, e->b);
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
                heading_s(D, 2, "Variables");
                blank(D);
                buf_adds(o, "| Name | Value |\n|---|---|\n");
                lets = true;
            }
            buf_adds(o, "| ");
            add_codes(o, k->str);
            buf_adds(o, " | ");
            if (k->a && k->a->kind == N_CMD) {
                Buf c = {0};
                cmd_source(D, k->a, &c);
                add_code(o, c.data, c.len ? c.len - 1 : 0, true);
                buf_free(&c);
            } else {
                add_expr(D, o, k->a, true);
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
            heading_s(D, 2, "Imports");
        imports = true;
        Buf b = {0};
        buf_adds(&b, "Module ");
        add_codes(&b, k->str);
        buf_adds(&b, " as ");
        add_codes(&b, k->str2);
        item(D, 0, b.data);
        buf_free(&b);
    }
    for (size_t i = 0; i < D->module->nkids; i++) {
        const Node *k = D->module->kids[i];
        if (k->kind != N_DEFAULTS || !k->nkids || k->op < CMD_RUN || k->op > CMD_HTTP)
            continue;
        if (!defaults)
            heading_s(D, 2, "Command defaults");
        defaults = true;
        Buf b = {0};
        buf_printf(&b, "Every `%s` command also gets ", cmdw[k->op]);
        const Node *first = k->kids[0], *last = k->kids[k->nkids - 1];
        if (last->span.end_off > first->span.off && last->span.end_off <= D->src->len)
            add_code(&b, D->src->text + first->span.off, last->span.end_off - first->span.off, false);
        item(D, 0, b.data);
        buf_free(&b);
    }
}

/* ---- the document -------------------------------------------------------- */

static bool is_declaration(const Node *k)
{
    switch (k->kind) {
    case N_IMPORT: case N_PARAM: case N_CONTACT: case N_ESCALATION: case N_DEFAULTS:
    case N_PROCEDURE: case N_ON_FAILURE: case N_ON_SUCCESS: case N_LET:
        return true;
    default:
        return false;
    }
}

static void render_procedure(Doc *D, const Node *p)
{
    if (p->a) {
        heading(D, 2, "Procedure: ", p->a);
    } else {
        char *t = xasprintf("Procedure: %s", p->str);
        heading_s(D, 2, t);
        free(t);
    }
    Node *const *kids;
    size_t n;
    body_kids((const Node *const *)&p->b, &kids, &n);
    if (n && kids[0]->kind == N_DOC) {
        para(D, 0, kids[0]->str, kids[0]->len);
        kids++, n--;
    }
    run_line(D, p->str, p->kids, p->nkids);
    if (p->nkids) {
        para_s(D, 0, "Parameters:");
        param_table(D, p->kids, p->nkids, false);
    }
    render_block(D, kids, n, 3);
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
        para(&D, 0, intro[i]->str, intro[i]->len);
    if (nmain)
        run_line(&D, NULL, NULL, 0);
    size_t head_len = body.len;
    D.last = LAST_BLOCK;
    if (nparams) {
        heading_s(&D, 2, "Parameters");
        param_table(&D, params, nparams, true);
    }
    render_settings(&D);
    render_contacts(&D);
    render_escalations(&D);
    if (nmain) {
        const Node *first = main[0];
        if (first->kind != N_SECTION && first->kind != N_STEP && !(is_compound(first) && has_heading(first)))
            heading_s(&D, 2, "Main procedure");
        render_block(&D, main, nmain, 2);
    }
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *k = module->kids[i];
        if (k->kind != N_ON_FAILURE && k->kind != N_ON_SUCCESS)
            continue;
        bool fail = k->kind == N_ON_FAILURE;
        heading_s(&D, 2, fail ? "On failure" : "On success");
        para_s(&D, 0, fail ? "Runs when the run fails, after the failed step's own handler; the run still "
                             "counts as failed."
                           : "Runs when the main body has finished successfully.");
        Node *const *kids;
        size_t n;
        body_kids((const Node *const *)&k->a, &kids, &n);
        D.handling += fail;
        render_block(&D, kids, n, 3);
        D.handling -= fail;
    }
    for (size_t i = 0; i < module->nkids; i++)
        if (module->kids[i]->kind == N_PROCEDURE)
            render_procedure(&D, module->kids[i]);

    /* Assemble: title, intro and run line, contents, the rest. */
    const char *title = module->str ? module->str : "Runbook";
    Buf t = {0};
    add_oneline(&t, title, strlen(title), false);
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
    if (out->len && out->data[out->len - 1] != '\n')
        buf_addc(out, '\n');

    buf_free(&t);
    buf_free(&body);
    for (size_t i = 0; i < D.ntoc; i++)
        free(D.toc[i]);
    free(D.toc);
    free(main);
    free(intro);
    free(params);
}
