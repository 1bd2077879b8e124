/* doc_body.c — statements in the document of `runbook doc`: steps and
 * checks as headings with their docstring, timeout, undo and on-failure
 * parts; shell-like commands exactly as written in ```sh blocks, http
 * commands as ```http requests; confirms as checklist items; expects,
 * waits, retries, escalations, branches and loops as (nested) lists. */
#include <stdlib.h>
#include <string.h>

#include "doc_impl.h"

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

/* A command (or any node) exactly as written, without a leading `try`, its
 * continuation lines re-indented relative to the line it starts on. */
void doc_cmd_source(const Doc *D, const Node *cmd, Buf *code)
{
    const char *p;
    size_t len;
    doc_src(D, cmd, &p, &len);
    if (cmd->kind == N_CMD && (cmd->flags & NF_TRY) && len > 3 && strncmp(p, "try", 3) == 0) {
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
    doc_src(D, w, &p, &len);
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
    doc_oneline(b, p, len, false);
}

static bool word_is(const Doc *D, const Node *w, const char *kw)
{
    const char *p;
    size_t len;
    doc_src(D, w, &p, &len);
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

/* The statements of a body: a block's, or a single statement (a match arm). */
void doc_body_kids(const Node *const *b, Node *const **kids, size_t *n)
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

bool doc_is_compound(const Node *s)
{
    switch (s->kind) {
    case N_IF: case N_FOR: case N_MATCH: case N_RETRY: case N_TIMEOUT: case N_PARALLEL:
        return true;
    default:
        return false;
    }
}

/* Does s hold a step or a section, which want headings of their own? */
bool doc_has_heading(const Node *s)
{
    if (!s)
        return false;
    if (s->kind == N_STEP || s->kind == N_SECTION)
        return true;
    if (s->kind != N_BLOCK && s->kind != N_ARM && !doc_is_compound(s))
        return false;
    const Node *sub[] = {s->a, s->b, s->c, s->d};
    for (size_t i = 0; i < 4; i++)
        if (sub[i] && (sub[i]->kind == N_BLOCK || sub[i]->kind == N_IF || s->kind == N_ARM) &&
            doc_has_heading(sub[i]))
            return true;
    for (size_t i = 0; i < s->nkids; i++)
        if (doc_has_heading(s->kids[i]))
            return true;
    return false;
}

/* A compound statement's line ("If `x`") and its body: a list item with a
 * nested list, or (block, when the body holds steps or sections) a heading
 * at `level` with the body's headings one level deeper. */
static void emit_part(Doc *D, Buf *line, const Node *body, int indent, int level, bool block)
{
    Node *const *kids;
    size_t n;
    doc_body_kids(&body, &kids, &n);
    if (block) {
        doc_heading_s(D, level, line->data);
        if (!n)
            doc_para_s(D, 0, "Nothing to do.");
        doc_render_block(D, kids, n, level + 1);
    } else {
        buf_adds(line, n ? ":" : ": nothing.");
        doc_item(D, indent, line->data);
        render_seq(D, kids, n, indent + 2, level);
    }
    buf_free(line);
}

static void render_compound(Doc *D, const Node *s, int indent, int level, bool block)
{
    Buf b = {0};
    switch (s->kind) {
    case N_IF: {
        const Node *c = s;
        buf_adds(&b, "If ");
        for (;;) {
            doc_expr(D, &b, c->a, false);
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
        doc_expr(D, &b, s->a, false);
        if (s->c) {
            buf_adds(&b, ", in parallel, at most ");
            doc_amount(D, &b, s->c);
            buf_adds(&b, " at a time");
        }
        emit_part(D, &b, s->b, indent, level, block);
        break;
    case N_MATCH:
        buf_adds(&b, "Depending on ");
        doc_expr(D, &b, s->a, false);
        if (block) {
            doc_heading_s(D, level, b.data);
        } else {
            buf_addc(&b, ':');
            doc_item(D, indent, b.data);
        }
        buf_free(&b);
        for (size_t i = 0; i < s->nkids; i++) {
            const Node *arm = s->kids[i];
            if (arm->flags & NF_DEFAULT)
                buf_adds(&b, "Otherwise");
            buf_adds(&b, arm->flags & NF_DEFAULT ? "" : "When ");
            for (size_t k = 0; k < arm->nkids; k++) {
                if (k)
                    buf_adds(&b, " or ");
                doc_expr(D, &b, arm->kids[k], false);
            }
            emit_part(D, &b, arm->a, block ? 0 : indent + 2, level + block, block);
        }
        break;
    case N_RETRY:
        buf_adds(&b, "Retry up to ");
        doc_amount(D, &b, s->a);
        buf_adds(&b, s->a && s->a->kind == N_INT && s->a->i == 1 ? " attempt" : " attempts");
        if (s->b) {
            buf_adds(&b, ", every ");
            doc_amount(D, &b, s->b);
        }
        if (s->c) {
            buf_adds(&b, ", backing off ×");
            doc_amount(D, &b, s->c);
        }
        if (s->flags & NF_JITTER)
            buf_adds(&b, ", with jitter");
        emit_part(D, &b, s->d, indent, level, block);
        break;
    case N_TIMEOUT:
        buf_adds(&b, "Within ");
        doc_amount(D, &b, s->a);
        emit_part(D, &b, s->b, indent, level, block);
        break;
    case N_PARALLEL:
        buf_adds(&b, "In parallel");
        if (s->a) {
            buf_adds(&b, ", at most ");
            doc_amount(D, &b, s->a);
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
        doc_str(D, &b, s->a, false);
        buf_addc(&b, ':');
    }
    if (s->b) {
        buf_adds(&b, " up to ");
        doc_amount(D, &b, s->b);
        buf_addc(&b, ',');
    }
    buf_adds(&b, " checking every ");
    if (s->c)
        doc_amount(D, &b, s->c);
    else
        buf_adds(&b, "5s");
    buf_adds(&b, ", until");
    const Node *cond = s->d;
    if (!cond || cond->kind != N_BLOCK) {
        buf_adds(&b, ": ");
        doc_expr(D, &b, cond, false);
        doc_item(D, indent, b.data);
        buf_free(&b);
        return;
    }
    buf_adds(&b, ":");
    doc_item(D, indent, b.data);
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
        doc_expr(D, &b, last->a, false);
        doc_item(D, indent + 2, b.data);
        buf_free(&b);
    }
}

static void render_step_item(Doc *D, const Node *s, int indent, int level);

/* One statement that is not a command, in a list. */
static void render_item(Doc *D, const Node *s, int indent, int level)
{
    Buf b = {0};
    switch (s->kind) {
    case N_DOC:
        doc_para(D, indent, s->str, s->len);
        break;
    case N_CONFIRM:
        buf_adds(&b, "[ ] ");
        doc_str(D, &b, s->a, false);
        if (s->b) {
            buf_adds(&b, " (only when ");
            doc_expr(D, &b, s->b, false);
            buf_addc(&b, ')');
        }
        doc_item(D, indent, b.data);
        break;
    case N_EXPECT:
        buf_adds(&b, "Expect: ");
        doc_expr(D, &b, s->a, false);
        if (s->b) {
            buf_adds(&b, " — otherwise: ");
            doc_str(D, &b, s->b, false);
        }
        doc_item(D, indent, b.data);
        break;
    case N_LOG:
        buf_adds(&b, "Log: ");
        doc_str(D, &b, s->a, false);
        doc_item(D, indent, b.data);
        break;
    case N_LET: case N_SET: {
        const char *p;
        size_t len;
        doc_src(D, s->a, &p, &len);
        buf_printf(&b, "%s `%s` = ", s->kind == N_LET ? "Let" : "Set", s->str);
        if (!memchr(p, '\n', len)) {
            doc_expr(D, &b, s->a, false);
            doc_item(D, indent, b.data);
            break;
        }
        /* A value written over several lines reads best as written. */
        Buf code = {0};
        doc_cmd_source(D, s->a, &code);
        b.data[--b.len] = '\0';
        doc_item(D, indent, b.data);
        doc_code_block(D, indent + 2, "", &code);
        buf_free(&code);
        break;
    }
    case N_FAIL: case N_ABORT:
        buf_adds(&b, s->kind == N_FAIL ? "Fail" : "Abort the run");
        if (s->a) {
            buf_adds(&b, ": ");
            doc_str(D, &b, s->a, false);
        } else if (s->kind == N_FAIL && D->handling) {
            buf_adds(&b, ": re-raise the failure");
        }
        doc_item(D, indent, b.data);
        break;
    case N_RETURN:
        buf_adds(&b, "Return");
        if (s->a) {
            buf_addc(&b, ' ');
            doc_expr(D, &b, s->a, false);
        }
        doc_item(D, indent, b.data);
        break;
    case N_ROLLBACK:
        doc_item(D, indent, "Roll back: run the undo blocks of the steps completed so far, most recent first");
        break;
    case N_ESCALATE: {
        const Node *chain = doc_find_decl(D, N_ESCALATION, s->str);
        buf_printf(&b, "Escalate to %s", s->str);
        if (chain && chain->a) {
            buf_adds(&b, " (");
            doc_str(D, &b, chain->a, false);
            buf_addc(&b, ')');
        }
        buf_adds(&b, ": ");
        doc_str(D, &b, s->a, false);
        doc_item(D, indent, b.data);
        break;
    }
    case N_WAIT:
        buf_adds(&b, "Wait ");
        doc_amount(D, &b, s->a);
        doc_item(D, indent, b.data);
        break;
    case N_WAIT_UNTIL:
        render_wait_until(D, s, indent, level);
        break;
    case N_EXPR_STMT:
        if (s->a && s->a->kind == N_CALL && s->a->a && s->a->a->sym == SYM_IMPORT &&
            s->a->a->kind == N_FIELD && s->a->a->a && s->a->a->a->kind == N_NAME) {
            const Node *imp = NULL;
            for (size_t i = 0; i < D->module->nkids && !imp; i++) {
                const Node *k = D->module->kids[i];
                if (k->kind == N_IMPORT && k->str2 && strcmp(k->str2, s->a->a->a->str) == 0)
                    imp = k;
            }
            buf_adds(&b, "Run procedure ");
            doc_expr(D, &b, s->a, false);
            if (imp) {
                buf_adds(&b, " from ");
                doc_codes(&b, imp->str);
            }
        } else if (s->a && s->a->kind == N_CALL && s->a->a && s->a->a->sym == SYM_PROC) {
            const Node *proc = doc_find_decl(D, N_PROCEDURE, s->a->a->str);
            buf_adds(&b, "Run procedure ");
            doc_expr(D, &b, s->a, false);
            if (proc && proc->a) {
                buf_adds(&b, " (");
                doc_str(D, &b, proc->a, false);
                buf_addc(&b, ')');
            }
        } else {
            buf_adds(&b, "Evaluate ");
            doc_expr(D, &b, s->a, false);
        }
        doc_item(D, indent, b.data);
        break;
    case N_SECTION: {
        Node *const *kids;
        size_t n;
        doc_body_kids((const Node *const *)&s->b, &kids, &n);
        buf_adds(&b, "**");
        doc_str(D, &b, s->a, false);
        buf_adds(&b, "**");
        doc_item(D, indent, b.data);
        render_seq(D, kids, n, indent + 2, level + 1);
        break;
    }
    case N_STEP:
        render_step_item(D, s, indent, level);
        break;
    default:
        if (doc_is_compound(s)) {
            render_compound(D, s, indent, level, false);
        } else {
            buf_adds(&b, "Run ");
            doc_expr(D, &b, s, false);
            doc_item(D, indent, b.data);
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
            doc_code_block(D, indent, "http", &code);
            i++;
        } else {
            for (; i < n && (cmd = stmt_cmd(kids[i])) && cmd->op != CMD_HTTP; i++) {
                cmd_note(kids[i], cmd, &code);
                doc_cmd_source(D, cmd, &code);
            }
            doc_code_block(D, indent, "sh", &code);
        }
        buf_free(&code);
    }
}

/* A step's docstring: the string its body starts with. */
static const Node *step_doc(const Node *s, Node *const **kids, size_t *n)
{
    doc_body_kids((const Node *const *)&s->c, kids, n);
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
    doc_amount(D, b, s->b);
    buf_addc(b, '.');
}

/* A step as a heading: docstring, timeout, body, undo, on failure. */
static void render_step(Doc *D, const Node *s, int level)
{
    doc_heading(D, level, s->op == STEP_CHECK ? "Check: " : "Step: ", s->a);
    Node *const *kids;
    size_t n;
    const Node *doc = step_doc(s, &kids, &n);
    if (doc)
        doc_para(D, 0, doc->str, doc->len);
    if (s->b) {
        Buf b = {0};
        step_timeout(D, s, &b);
        doc_para(D, 0, b.data, b.len);
        buf_free(&b);
    }
    doc_render_block(D, kids, n, level + 1);
    const Node *parts[] = {s->d, s->e};
    const char *names[] = {"**Undo:**", "**On failure:**"};
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        doc_para_s(D, 0, parts[i]->nkids ? names[i] : i ? "**On failure:** nothing (the failure is handled)."
                                                   : "**Undo:** nothing.");
        D->handling += (int)i;
        doc_render_block(D, parts[i]->kids, parts[i]->nkids, level + 1);
        D->handling -= (int)i;
    }
}

/* A step inside a list (under an `if`, say), where headings cannot go. */
static void render_step_item(Doc *D, const Node *s, int indent, int level)
{
    Buf b = {0};
    buf_adds(&b, s->op == STEP_CHECK ? "**Check: " : "**Step: ");
    doc_str(D, &b, s->a, false);
    buf_adds(&b, "**");
    if (s->b) {
        buf_addc(&b, ' ');
        step_timeout(D, s, &b);
    }
    doc_item(D, indent, b.data);
    buf_free(&b);
    Node *const *kids;
    size_t n;
    const Node *doc = step_doc(s, &kids, &n);
    if (doc)
        doc_para(D, indent + 2, doc->str, doc->len);
    render_seq(D, kids, n, indent + 2, level + 1);
    const Node *parts[] = {s->d, s->e};
    const char *names[] = {"Undo:", "On failure:"};
    for (size_t i = 0; i < 2; i++) {
        if (!parts[i])
            continue;
        doc_item(D, indent + 2, parts[i]->nkids ? names[i] : i ? "On failure: nothing." : "Undo: nothing.");
        D->handling += (int)i;
        render_seq(D, parts[i]->kids, parts[i]->nkids, indent + 4, level + 1);
        D->handling -= (int)i;
    }
}

/* Statements where headings may go: sections and steps (and branches that
 * hold them) become headings at `level`, the rest lists. */
void doc_render_block(Doc *D, Node *const *kids, size_t n, int level)
{
    size_t i = 0;
    bool after_heading = false;
    while (i < n) {
        const Node *s = kids[i];
        if (s->kind == N_SECTION) {
            Node *const *sk;
            size_t sn;
            doc_heading(D, level, "", s->a);
            doc_body_kids((const Node *const *)&s->b, &sk, &sn);
            doc_render_block(D, sk, sn, level + 1);
            i++;
            after_heading = true;
        } else if (s->kind == N_STEP) {
            render_step(D, s, level);
            i++;
            after_heading = true;
        } else if (doc_is_compound(s) && doc_has_heading(s)) {
            render_compound(D, s, 0, level, true);
            i++;
            after_heading = true;
        } else {
            /* Statements after a step would read as part of it: they get
             * a heading of their own at the step's level. */
            if (after_heading)
                doc_heading_s(D, level, "Then");
            size_t j = i;
            while (j < n && kids[j]->kind != N_SECTION && kids[j]->kind != N_STEP &&
                   !(doc_is_compound(kids[j]) && doc_has_heading(kids[j])))
                j++;
            render_seq(D, kids + i, j - i, 0, level);
            i = j;
        }
    }
}
