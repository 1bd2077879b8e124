/* lint_sh.c — what lint knows about `sh` scripts: the script text as
 * /bin/sh will see it (mapped back to the runbook's source, byte by byte),
 * its simple commands (so the effects table can be asked about each one),
 * and ShellCheck, run once over every script of every file, its findings
 * placed at the runbook line and column they belong to. ShellCheck is
 * optional: when it is not installed nothing is reported and nothing
 * breaks. This file only reads scripts; it never runs one. */
#include "lint.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data.h"
#include "proc.h"
#include "sh_quote.h"
#include "value.h"

/* ---- the script as /bin/sh sees it ------------------------------------ */

static void script_add(ShScript *s, const char *p, size_t n, size_t src_off)
{
    buf_add(&s->text, p, n);
    if (s->text.len > s->cap) {
        s->cap = s->text.len * 2;
        s->map = xrealloc(s->map, s->cap * sizeof *s->map);
    }
    for (size_t i = s->text.len - n; i < s->text.len; i++)
        s->map[i] = (uint32_t)src_off;
}

static size_t clampz(size_t v, size_t lo, size_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static size_t count_blanks(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A text piece of the script: bare pieces are the source bytes as written,
 * so byte i is at span.off + i. A """ piece was dedented: its line k is
 * source line span.line + k less the indentation that was removed. */
static void add_text_piece(ShScript *s, const Node *p, const LineIndex *li)
{
    const Source *src = li->src;
    size_t lo = p->span.off <= src->len ? p->span.off : src->len;
    size_t hi = clampz(p->span.end_off, lo, src->len);
    size_t at = s->text.len;
    script_add(s, p->str, p->len, lo);
    if (p->op != Q_TRIPLE) {
        for (size_t i = 0; i < p->len; i++)
            s->map[at + i] = (uint32_t)clampz(lo + i, lo, hi);
        return;
    }
    for (size_t i = 0, k = 0; i < p->len; k++) {
        const char *nl = memchr(p->str + i, '\n', p->len - i);
        size_t j = nl ? (size_t)(nl - p->str) : p->len;
        size_t sl = lo;
        if (k > 0) {
            size_t line = (size_t)p->span.line + k;
            sl = line >= 1 && line <= li->n ? li->starts[line - 1] : hi;
            sl = clampz(sl, lo, hi);
        }
        size_t tb = count_blanks(p->str + i, j - i);
        size_t sb = count_blanks(src->text + sl, hi - sl);
        size_t removed = sb > tb ? sb - tb : 0;
        for (size_t x = i; x <= j && x < p->len; x++)
            s->map[at + x] = (uint32_t)clampz(sl + removed + (x - i), lo, hi);
        i = j + 1;
    }
}

void sh_script_build(const Node *cmd, const LineIndex *li, ShScript *s)
{
    const Node *w = cmd->nkids ? cmd->kids[0] : NULL;
    const Source *src = li->src;
    ShScan sc = {0};
    uint32_t nvals = 0;
    for (size_t i = 0; w && i < w->nkids; i++) {
        const Node *p = w->kids[i];
        if (!p)
            continue;
        if (p->kind == N_STRING) {
            add_text_piece(s, p, li);
            sh_scan(&sc, p->str, p->len);
            continue;
        }
        nvals++;
        /* Point at the `${` of the interpolation. */
        size_t at = p->span.off <= src->len ? p->span.off : cmd->span.off;
        if (at >= 2 && at <= src->len && memcmp(src->text + at - 2, "${", 2) == 0)
            at -= 2;
        /* The very reference the compiled program passes. */
        Buf ref = {0};
        sh_ref(&ref, &sc, nvals);
        script_add(s, ref.data, ref.len, clampz(at, 0, src->len));
        buf_free(&ref);
    }
    if (!s->text.data)
        buf_adds(&s->text, "");
}

void sh_script_free(ShScript *s)
{
    buf_free(&s->text);
    free(s->map);
    s->map = NULL;
    s->cap = 0;
}

/* ---- simple commands ---------------------------------------------------- */

#define UNKNOWN_WORD "\x01"

typedef struct Tok {
    ShCommandFn fn;
    void *ctx;
    char **words;
    size_t n, cap;
    Buf cur;
    bool have, literal;
    bool skip_word;   /* the next word is a redirection's target */
    size_t start;     /* where the current command starts */
    bool started;
    char *heredoc;    /* delimiter of a pending here-document */
    bool heredoc_tabs;
} Tok;

static void tok_word(Tok *t)
{
    if (!t->have)
        return;
    char *w;
    if (t->literal) {
        w = buf_steal(&t->cur);
    } else {
        buf_free(&t->cur);
        w = xstrdup(UNKNOWN_WORD);
    }
    if (t->skip_word) {
        free(w);
        t->skip_word = false;
    } else {
        VEC_PUSH(t->words, t->n, t->cap, w);
    }
    t->have = false;
    t->literal = true;
}

static bool is_assignment(const char *w)
{
    if (!((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || *w == '_'))
        return false;
    while ((*w >= 'A' && *w <= 'Z') || (*w >= 'a' && *w <= 'z') || (*w >= '0' && *w <= '9') ||
           *w == '_')
        w++;
    return *w == '=';
}

static bool word_in(const char *w, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return true;
    return false;
}

/* Words before the program: shell keywords, and wrappers that run the rest
 * of the line as a command (with their own options, some taking a value). */
static size_t skip_prefix(char **w, size_t n)
{
    static const char *const keywords[] = {"!", "if", "then", "else", "elif", "do", "while",
                                           "until", "{", "}", "time", "exec", "command",
                                           "nohup", "builtin", NULL};
    static const char *const wrappers[] = {"sudo", "doas", "env", "nice", "xargs", "timeout", NULL};
    static const char *const valued[] = {"-u", "-g", "-U", "-C", "-h", "-p", "-n", "-I", "-P",
                                         "-L", "-d", "-s", "-E", "-k", "--signal", NULL};
    size_t i = 0;
    while (i < n) {
        if (is_assignment(w[i]) || word_in(w[i], keywords)) {
            i++;
            continue;
        }
        if (!word_in(w[i], wrappers))
            break;
        bool timeout = strcmp(w[i], "timeout") == 0;
        i++;
        while (i < n && w[i][0] == '-') {
            if (word_in(w[i], valued))
                i++;
            i++;
        }
        if (timeout && i < n)
            i++; /* the duration */
    }
    return i;
}

static void tok_command(Tok *t)
{
    tok_word(t);
    size_t i = skip_prefix(t->words, t->n);
    if (i < t->n) {
        /* Programs are looked up by name: /usr/bin/rm is rm. */
        char *slash = strrchr(t->words[i], '/');
        if (slash && slash[1]) {
            char *base = xstrdup(slash + 1);
            free(t->words[i]);
            t->words[i] = base;
        }
        t->fn(t->ctx, t->words + i, t->n - i, t->start);
    }
    for (size_t k = 0; k < t->n; k++)
        free(t->words[k]);
    t->n = 0;
    t->started = false;
    t->skip_word = false;
}

/* A word (and the command) starts or goes on at text[at]. */
static void tok_mark(Tok *t, size_t at)
{
    if (!t->started) {
        t->started = true;
        t->start = at;
    }
    if (!t->have)
        buf_adds(&t->cur, ""); /* a quoted "" is a word too */
    t->have = true;
}

static void tok_char(Tok *t, char c, size_t at)
{
    tok_mark(t, at);
    buf_addc(&t->cur, c);
}

/* Skip the lines of a here-document that starts after the newline at
 * text[i]; returns the offset of the newline that ends its delimiter line. */
static size_t skip_heredoc(Tok *t, const char *text, size_t len, size_t i)
{
    size_t dl = strlen(t->heredoc);
    size_t p = i + 1;
    while (p < len) {
        const char *nl = memchr(text + p, '\n', len - p);
        size_t e = nl ? (size_t)(nl - text) : len;
        size_t s = p;
        if (t->heredoc_tabs)
            while (s < e && text[s] == '\t')
                s++;
        if (e - s == dl && memcmp(text + s, t->heredoc, dl) == 0) {
            p = e;
            break;
        }
        p = e + 1;
    }
    free(t->heredoc);
    t->heredoc = NULL;
    return p < len ? p : len;
}

/* A redirection operator at text[i] ('<' or '>'); returns the offset after
 * it. The fd number before it is not a word; the target after it is not. */
static size_t tok_redirect(Tok *t, const char *text, size_t len, size_t i)
{
    if (t->have && t->literal && t->cur.len > 0 &&
        strspn(t->cur.data, "0123456789") == t->cur.len) {
        buf_free(&t->cur);
        t->have = false;
    }
    tok_word(t);
    bool heredoc = i + 1 < len && text[i] == '<' && text[i + 1] == '<' &&
                   !(i + 2 < len && text[i + 2] == '<');
    if (heredoc) {
        i += 2;
        bool tabs = i < len && text[i] == '-';
        if (tabs)
            i++;
        while (i < len && (text[i] == ' ' || text[i] == '\t'))
            i++;
        Buf d = {0};
        while (i < len && !strchr(" \t\n;&|()<>", text[i])) {
            if (text[i] != '\'' && text[i] != '"' && text[i] != '\\')
                buf_addc(&d, text[i]);
            i++;
        }
        free(t->heredoc);
        t->heredoc = buf_steal(&d);
        t->heredoc_tabs = tabs;
        return i;
    }
    while (i < len && strchr("<>&|", text[i]))
        i++;
    if (i < len && text[i - 1] == '&' && (text[i] == '-' || (text[i] >= '0' && text[i] <= '9'))) {
        while (i < len && (text[i] == '-' || (text[i] >= '0' && text[i] <= '9')))
            i++; /* 2>&1, >&- */
        return i;
    }
    t->skip_word = true;
    return i;
}

void sh_simple_commands(const char *text, size_t len, ShCommandFn fn, void *ctx)
{
    Tok t = {0};
    t.fn = fn;
    t.ctx = ctx;
    t.literal = true;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c == '\\') {
            if (i + 1 < len && text[i + 1] == '\n') {
                i++;
                continue;
            }
            if (i + 1 < len) {
                i++;
                tok_char(&t, text[i], i);
            }
            continue;
        }
        if (c == '\'') {
            tok_mark(&t, i);
            for (i++; i < len && text[i] != '\''; i++)
                buf_addc(&t.cur, text[i]);
            continue;
        }
        if (c == '"') {
            tok_mark(&t, i);
            for (i++; i < len && text[i] != '"'; i++) {
                if (text[i] == '\\' && i + 1 < len)
                    i++;
                else if (text[i] == '$' || text[i] == '`')
                    t.literal = false;
                buf_addc(&t.cur, text[i]);
            }
            continue;
        }
        if (c == '$' && i + 1 < len && text[i + 1] == '(' && !(i + 2 < len && text[i + 2] == '(')) {
            /* $( starts a command of its own; the word it stands in is unknown */
            t.literal = false;
            t.have = true;
            tok_word(&t);
            tok_command(&t);
            i++;
            continue;
        }
        if (c == '$') {
            tok_char(&t, c, i);
            t.literal = false;
            continue;
        }
        if (c == '#' && !t.have) {
            while (i + 1 < len && text[i + 1] != '\n')
                i++;
            continue;
        }
        if (c == '<' || c == '>') {
            i = tok_redirect(&t, text, len, i) - 1;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r') {
            tok_word(&t);
            continue;
        }
        if (strchr("\n;&|()`", c)) {
            tok_command(&t);
            if (c == '\n' && t.heredoc)
                i = skip_heredoc(&t, text, len, i);
            continue;
        }
        tok_char(&t, c, i);
    }
    tok_command(&t);
    free(t.words);
    buf_free(&t.cur);
    free(t.heredoc);
}

/* ---- ShellCheck --------------------------------------------------------- */

/* Text offset of ShellCheck's (line, column): columns count characters,
 * a tab being one (json1). Clamped to the text. */
static size_t text_offset(const Buf *t, long line, long col)
{
    size_t off = 0;
    for (long l = 1; l < line && off < t->len; l++) {
        const char *nl = memchr(t->data + off, '\n', t->len - off);
        if (!nl)
            return t->len;
        off = (size_t)(nl - t->data) + 1;
    }
    for (long c = 1; c < col && off < t->len && t->data[off] != '\n'; c++) {
        off++;
        while (off < t->len && ((unsigned char)t->data[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

static size_t source_offset(const ShScript *s, size_t text_off)
{
    if (s->text.len == 0)
        return 0;
    if (text_off < s->text.len)
        return s->map[text_off];
    return (size_t)s->map[s->text.len - 1] + 1;
}

static long int_field(const Map *m, const char *key)
{
    Value v = map_get(m, key, strlen(key));
    return v.type == T_INT ? (long)v.as.i : 0;
}

static const char *str_field(const Map *m, const char *key)
{
    Value v = map_get(m, key, strlen(key));
    return v.type == T_STRING ? val_str(v)->data : NULL;
}

static const char *intern_id(char ***ids, size_t *nids, long code)
{
    char want[32];
    snprintf(want, sizeof want, "shellcheck-SC%ld", code);
    for (size_t i = 0; i < *nids; i++)
        if (strcmp((*ids)[i], want) == 0)
            return (*ids)[i];
    *ids = xrealloc(*ids, (*nids + 1) * sizeof **ids);
    (*ids)[*nids] = xstrdup(want);
    return (*ids)[(*nids)++];
}

static void add_comment(const Map *c, ShScript *scripts, size_t first, size_t count,
                        LintFile *files, const LineIndex *indexes, char ***ids, size_t *nids)
{
    const char *file = str_field(c, "file");
    const char *level = str_field(c, "level");
    const char *msg = str_field(c, "message");
    if (!file || !level || !msg)
        return;
    const char *slash = strrchr(file, '/');
    char *end;
    unsigned long k = strtoul(slash ? slash + 1 : file, &end, 10);
    if (strcmp(end, ".sh") != 0 || k <= first || k > first + count)
        return;
    Severity sev;
    if (strcmp(level, "error") == 0)
        sev = SEV_ERROR;
    else if (strcmp(level, "warning") == 0)
        sev = SEV_WARNING;
    else if (strcmp(level, "info") == 0)
        sev = SEV_NOTE;
    else
        return; /* style */
    ShScript *s = &scripts[k - 1];
    size_t a = text_offset(&s->text, int_field(c, "line"), int_field(c, "column"));
    size_t b = text_offset(&s->text, int_field(c, "endLine"), int_field(c, "endColumn"));
    size_t sa = source_offset(s, a), sb = b > a ? source_offset(s, b) : sa;
    if (sb < sa)
        sb = sa;
    LintFile *f = &files[s->file];
    Span sp = line_index_span(&indexes[s->file], sa, sb);
    diag_add(&f->diags, sev, intern_id(ids, nids, int_field(c, "code")), f->src, sp, "%s", msg);
}

/* One ShellCheck run over scripts[first .. first+count), already written
 * to dir/N.sh (N counting from 1 over all scripts). */
static void shellcheck_batch(const LintOptions *opt, const char *dir, ShScript *scripts,
                             size_t first, size_t count, LintFile *files,
                             const LineIndex *indexes, char ***ids, size_t *nids)
{
    const char *bin = opt->shellcheck_bin ? opt->shellcheck_bin : "shellcheck";
    char **argv = xcalloc(count + 10, sizeof *argv);
    size_t a = 0;
    argv[a++] = (char *)bin;
    argv[a++] = (char *)"--format=json1";
    argv[a++] = (char *)"--shell=sh";
    argv[a++] = (char *)"--severity=info";
    argv[a++] = (char *)"--norc";
    for (size_t i = 0; i < count; i++)
        argv[a++] = xasprintf("%s/%zu.sh", dir, first + i + 1);
    ProcSpec spec = {0};
    spec.argv = argv;
    spec.timeout_ns = 120LL * 1000000000LL;
    ProcResult res = {0};
    char *err = NULL;
    if (proc_run(&spec, &res, &err) == 0) {
        Value v = val_null();
        char *perr = NULL;
        if ((res.exit_status == 0 || res.exit_status == 1) && res.out.len > 0 &&
            data_parse_json(res.out.data, res.out.len, &v, &perr) == 0 && v.type == T_MAP) {
            Value cs = map_get(val_map(v), "comments", 8);
            if (cs.type == T_LIST)
                for (size_t i = 0; i < val_list(cs)->len; i++)
                    if (val_list(cs)->items[i].type == T_MAP)
                        add_comment(val_map(val_list(cs)->items[i]), scripts, first, count,
                                    files, indexes, ids, nids);
        } else if (res.exit_status != 0) {
            /* ShellCheck is there but failed: say so once, as a note. */
            const char *e = res.err.data ? res.err.data : "";
            size_t el = strcspn(e, "\n");
            LintFile *f = &files[scripts[first].file];
            diag_add(&f->diags, SEV_NOTE, "shellcheck", f->src, (Span){0},
                     "shellcheck could not check the sh scripts (exit status %d%s%.*s)",
                     res.exit_status, el ? ": " : "", (int)el, e);
        }
        val_release(v);
        free(perr);
    }
    /* Not installed (or not runnable): lint goes on without it, silently. */
    free(err);
    proc_result_free(&res);
    for (size_t i = 5; i < a; i++)
        free(argv[i]);
    free(argv);
}

void shellcheck_scripts(const LintOptions *opt, ShScript *scripts, size_t n, LintFile *files,
                        const LineIndex *indexes, char ***ids, size_t *nids)
{
    if (!opt->shellcheck || n == 0)
        return;
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/runbook-lint.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        LintFile *f = &files[scripts[0].file];
        diag_add(&f->diags, SEV_NOTE, "shellcheck", f->src, (Span){0},
                 "shellcheck was not run: cannot create a directory in %s: %s",
                 tmp && *tmp ? tmp : "/tmp", strerror(errno));
        free(dir);
        return;
    }
    size_t written = 0;
    for (; written < n; written++) {
        char *path = xasprintf("%s/%zu.sh", dir, written + 1);
        int rc = write_file_atomic(path, scripts[written].text.data, scripts[written].text.len);
        free(path);
        if (rc < 0)
            break;
    }
    /* Many scripts go in a few runs: one process per script would cost
     * ShellCheck's start-up time (tens of ms) each. */
    const size_t per_run = 200;
    for (size_t first = 0; first < written; first += per_run) {
        size_t count = written - first < per_run ? written - first : per_run;
        shellcheck_batch(opt, dir, scripts, first, count, files, indexes, ids, nids);
    }
    for (size_t i = 0; i < written; i++) {
        char *path = xasprintf("%s/%zu.sh", dir, i + 1);
        unlink(path);
        free(path);
    }
    rmdir(dir);
    free(dir);
}
