/* command.c — resolving a command's words into a request. See command.h. */
#include "command.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "builtins.h"
#include "data.h"
#include "effects_table.h"

typedef struct Args {
    char **v;   /* real text, NULL-terminated when done */
    char **shown; /* display text (*** for secrets) */
    size_t n, cap;
} Args;

static void args_push(Args *a, char *real, char *shown)
{
    if (a->n + 2 > a->cap) {
        a->cap = a->cap ? a->cap * 2 : 16;
        a->v = xrealloc(a->v, a->cap * sizeof *a->v);
        a->shown = xrealloc(a->shown, a->cap * sizeof *a->shown);
    }
    a->v[a->n] = real;
    a->shown[a->n] = shown;
    a->n++;
    a->v[a->n] = NULL;
    a->shown[a->n] = NULL;
}

static void args_free_shown(Args *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->shown[i]);
    free(a->shown);
}

/* One value in string context: its real text, and what is shown. */
/* Marks a shown word as not to be quoted: plan mode's unknown values. */
#define SHOWN_AS_IS '\x01'

static void text_of(const CommandContext *ctx, Value v, char **real, char **shown)
{
    Buf b = {0};
    val_to_buf(v, &b, false);
    *real = buf_steal(&b);
    /* Secret first: a word that mixes a secret with a value known only
     * after the run is still masked as a whole. */
    if (val_has_secret(v)) {
        if (!val_has_unknown(v))
            secrets_add(ctx->secrets, *real, strlen(*real));
        *shown = xstrdup("***");
    } else if (val_has_unknown(v)) {
        *shown = xasprintf("%c%s", SHOWN_AS_IS, *real);
    } else {
        *shown = xstrdup(*real);
    }
}

static void push_value(const CommandContext *ctx, Args *a, Value v)
{
    if (v.type == T_LIST) {
        const List *l = val_list(v);
        for (size_t i = 0; i < l->len; i++) {
            char *real, *shown;
            text_of(ctx, l->items[i], &real, &shown);
            args_push(a, real, shown);
        }
        return;
    }
    char *real, *shown;
    text_of(ctx, v, &real, &shown);
    args_push(a, real, shown);
}

/* A shell-readable rendering of argv, for display: words with blanks or
 * shell characters in single quotes. */
static bool plain_word(const char *w, size_t n)
{
    static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,@%+";
    for (size_t i = 0; i < n; i++)
        if (!w[i] || !strchr(ok, w[i]))
            return false;
    return true;
}

/* A word holding plan mode's unknown placeholders needs quotes when the
 * rest of it would: `'image is (known after run)'` is one argument. */
static bool plain_unknown_word(const char *w)
{
    const size_t plen = strlen(VAL_UNKNOWN_TEXT);
    for (const char *p = w; *p;) {
        const char *u = strstr(p, VAL_UNKNOWN_TEXT);
        size_t n = u ? (size_t)(u - p) : strlen(p);
        if (n && !plain_word(p, n))
            return false;
        if (!u)
            break;
        p = u + plen;
    }
    return true;
}

static char *display_line(char **shown)
{
    Buf b = {0};
    for (size_t i = 0; shown[i]; i++) {
        const char *w = shown[i];
        if (i)
            buf_addc(&b, ' ');
        if (w[0] == SHOWN_AS_IS) {
            w++;
            if (*w && plain_unknown_word(w)) {
                buf_adds(&b, w);
                continue;
            }
        }
        bool plain = *w != '\0' && (strcmp(w, "***") == 0 || plain_word(w, strlen(w)));
        if (plain) {
            buf_adds(&b, w);
            continue;
        }
        buf_addc(&b, '\'');
        for (const char *p = w; *p; p++) {
            if (*p == '\'')
                buf_adds(&b, "'\\''");
            else if (*p == '\n') /* one line per command on the terminal */
                buf_adds(&b, "\\n");
            else
                buf_addc(&b, *p);
        }
        buf_addc(&b, '\'');
    }
    return buf_steal(&b);
}

const char *command_word(int kind)
{
    switch (kind) {
    case CMD_RUN: return "run";
    case CMD_SH: return "sh";
    case CMD_KUBECTL: return "kubectl";
    case CMD_AWS: return "aws";
    default: return "http";
    }
}

static const char *binary_for(int kind)
{
    const char *var = kind == CMD_KUBECTL ? "RUNBOOK_KUBECTL" : "RUNBOOK_AWS";
    const char *v = getenv(var);
    return v && *v ? v : command_word(kind);
}

static bool has_output_flag(const Args *a)
{
    for (size_t i = 1; i < a->n; i++)
        if (strcmp(a->v[i], "--output") == 0 || strncmp(a->v[i], "--output=", 9) == 0)
            return true;
    return false;
}

static int build_argv(int kind, const Value *words, uint32_t n, const CommandContext *ctx,
                      CmdRequest *req, char **err)
{
    Args a = {0};
    if (kind == CMD_KUBECTL || kind == CMD_AWS)
        args_push(&a, xstrdup(binary_for(kind)), xstrdup(command_word(kind)));
    for (uint32_t i = 0; i < n; i++)
        push_value(ctx, &a, words[i]);
    if (a.n == 0) {
        *err = xstrdup("run: missing the program to run");
        args_free_shown(&a);
        free(a.v);
        return -1;
    }
    if (kind == CMD_AWS && !has_output_flag(&a)) {
        args_push(&a, xstrdup("--output"), xstrdup("--output"));
        args_push(&a, xstrdup("json"), xstrdup("json"));
    }
    req->argv = a.v;
    req->argc = a.n;
    /* Shown as written: `kubectl …`, `aws …`, `run prog …`. */
    char *line = display_line(a.shown);
    req->display = kind == CMD_RUN ? xasprintf("run %s", line) : xstrdup(line);
    free(line);
    args_free_shown(&a);
    return 0;
}

/* How an sh script is shown: a one-line script as it is; a longer one by
 * its first line and how many lines follow. */
static char *sh_display(const char *script)
{
    while (*script == '\n' || *script == ' ' || *script == '\t')
        script++;
    size_t len = strlen(script);
    while (len > 0 && (script[len - 1] == '\n' || script[len - 1] == ' ' || script[len - 1] == '\t'))
        len--;
    const char *nl = memchr(script, '\n', len);
    if (!nl)
        return xasprintf("sh %.*s", (int)len, script);
    size_t lines = 1;
    for (const char *p = nl; p && p < script + len; p = memchr(p + 1, '\n', (size_t)(script + len - p - 1)))
        lines++;
    return xasprintf("sh %.*s … (%zu lines)", (int)(nl - script), script, lines);
}

/* sh: words[0] is the template (the script with ${RUNBOOK_Vn} references
 * the compiler quoted for where they stand), words[1..] the values. */
static int build_sh(const Value *words, uint32_t n, const CommandContext *ctx, CmdRequest *req,
                    char **err)
{
    if (n == 0 || words[0].type != T_STRING) {
        *err = xstrdup("sh: missing script");
        return -1;
    }
    const Str *tmpl = val_str(words[0]);
    req->env_add = xcalloc(n, sizeof *req->env_add);
    char **shown = xcalloc(n, sizeof *shown);
    for (uint32_t i = 1; i < n; i++) {
        char *real;
        text_of(ctx, words[i], &real, &shown[i]);
        req->env_add[i - 1] = xasprintf(SH_VAR_PREFIX "%u=%s", i, real);
        free(real);
    }
    /* The display: the template with each reference replaced by its shown
     * value. */
    Buf d = {0};
    const char *p = tmpl->data, *end = tmpl->data + tmpl->len;
    while (p < end) {
        const char *ref = strstr(p, "${" SH_VAR_PREFIX);
        if (!ref) {
            buf_add(&d, p, (size_t)(end - p));
            break;
        }
        buf_add(&d, p, (size_t)(ref - p));
        char *close;
        unsigned long k = strtoul(ref + 2 + strlen(SH_VAR_PREFIX), &close, 10);
        if (*close == '}' && k >= 1 && k < n) {
            buf_adds(&d, shown[k][0] == SHOWN_AS_IS ? shown[k] + 1 : shown[k]);
            p = close + 1;
        } else {
            buf_add(&d, ref, 2);
            p = ref + 2;
        }
    }
    for (uint32_t i = 1; i < n; i++)
        free(shown[i]);
    free(shown);
    req->display = sh_display(d.data ? d.data : "");
    buf_free(&d);
    req->argv = xcalloc(4, sizeof *req->argv);
    req->argv[0] = xstrdup("/bin/sh");
    req->argv[1] = xstrdup("-c");
    req->argv[2] = xstrndup(tmpl->data, tmpl->len);
    req->argc = 3;
    return 0;
}

static int want_text(const CommandContext *ctx, Value v, char **out, char **shown)
{
    (void)ctx;
    if (v.type == T_LIST || v.type == T_MAP)
        return -1;
    text_of(ctx, v, out, shown);
    return 0;
}

/* http METHOD URL [header NAME VALUE] [json VALUE] [body VALUE]
 *                 [timeout DURATION] [insecure] */
static int build_http(const Value *words, uint32_t n, const CommandContext *ctx, CmdRequest *req,
                      char **err)
{
    char *shown = NULL, *url_shown = NULL;
    if (n < 2 || want_text(ctx, words[0], &req->method, &shown) < 0 ||
        want_text(ctx, words[1], &req->url, &url_shown) < 0) {
        free(shown);
        *err = xstrdup("http: expected `http METHOD URL [options]`");
        return -1;
    }
    for (char *m = req->method; *m; m++)
        if (*m >= 'a' && *m <= 'z')
            *m = (char)(*m - 'a' + 'A');
    free(shown);
    Buf display = {0};
    buf_printf(&display, "http %s %s", req->method, url_shown[0] == SHOWN_AS_IS ? url_shown + 1 : url_shown);
    free(url_shown);
    size_t nh = 0;
    req->headers = xcalloc(n + 2, sizeof *req->headers);
    req->timeout_ns = ctx->timeout_ns;
    bool has_content_type = false;
    for (uint32_t i = 2; i < n; i++) {
        char *opt = NULL, *s = NULL;
        if (want_text(ctx, words[i], &opt, &s) < 0) {
            *err = xstrdup("http: expected an option (header, json, body, timeout, insecure), got a list or map");
            goto fail;
        }
        free(s);
        if (strcmp(opt, "insecure") == 0) {
            req->insecure = true;
            buf_adds(&display, " insecure");
        } else if (strcmp(opt, "header") == 0 && i + 2 < n) {
            char *name, *value, *nshown, *vshown;
            if (want_text(ctx, words[i + 1], &name, &nshown) < 0 ||
                want_text(ctx, words[i + 2], &value, &vshown) < 0) {
                *err = xstrdup("http: header NAME VALUE needs two strings");
                free(opt);
                goto fail;
            }
            if (strcasecmp(name, "content-type") == 0)
                has_content_type = true;
            req->headers[nh++] = xasprintf("%s: %s", name, value);
            buf_printf(&display, " header %s %s", nshown[0] == SHOWN_AS_IS ? nshown + 1 : nshown,
                       vshown[0] == SHOWN_AS_IS ? vshown + 1 : vshown);
            free(name), free(value), free(nshown), free(vshown);
            i += 2;
        } else if ((strcmp(opt, "json") == 0 || strcmp(opt, "body") == 0) && i + 1 < n) {
            Value v = words[i + 1];
            Buf body = {0};
            bool json = strcmp(opt, "json") == 0;
            if (json)
                data_write_json(v, &body, false);
            else
                val_to_buf(v, &body, false);
            if (val_has_secret(v))
                secrets_add(ctx->secrets, body.data ? body.data : "", body.len);
            free(req->body);
            req->body_len = body.len;
            req->body = buf_steal(&body);
            if (json && !has_content_type) {
                req->headers[nh++] = xstrdup("Content-Type: application/json");
                has_content_type = true;
            }
            buf_printf(&display, " %s …", opt);
            i += 1;
        } else if (strcmp(opt, "timeout") == 0 && i + 1 < n) {
            int64_t ns;
            const Value tw = words[i + 1];
            if (tw.type == T_STRING && parse_duration(val_str(tw)->data, val_str(tw)->len, &ns) == 0 && ns > 0) {
                if (ns < req->timeout_ns) /* a bare word: `timeout 10s`; never past a step's limit */
                    req->timeout_ns = ns;
                free(opt);
                i += 1;
                continue;
            }
            if (words[i + 1].type != T_DURATION) {
                *err = xasprintf("http: timeout needs a duration such as 10s, got %s",
                                 val_type_name(words[i + 1]));
                free(opt);
                goto fail;
            }
            if (words[i + 1].as.i < req->timeout_ns) /* never past an enclosing limit */
                req->timeout_ns = words[i + 1].as.i;
            i += 1;
        } else {
            *err = xasprintf("http: unknown or incomplete option '%s' (expected header NAME VALUE, json VALUE, "
                             "body VALUE, timeout DURATION or insecure)", opt);
            free(opt);
            goto fail;
        }
        free(opt);
    }
    req->headers[nh] = NULL;
    req->display = buf_steal(&display);
    req->argv = xcalloc(1, sizeof *req->argv);
    return 0;
fail:
    buf_free(&display);
    return -1;
}

int command_build(int kind, const Value *words, uint32_t n, const CommandContext *ctx,
                  CmdRequest *req, char **err)
{
    memset(req, 0, sizeof *req);
    req->kind = kind;
    req->timeout_ns = ctx->timeout_ns;
    int rc;
    switch (kind) {
    case CMD_SH: rc = build_sh(words, n, ctx, req, err); break;
    case CMD_HTTP: rc = build_http(words, n, ctx, req, err); break;
    default: rc = build_argv(kind, words, n, ctx, req, err); break;
    }
    if (rc < 0)
        cmd_request_free(req);
    return rc;
}

/* ---- what a command does ------------------------------------------- */

/* Global flags that take the next word as their value, so that the verb is
 * found after them: `kubectl -n ns get pods`, `aws --region x ec2 …`. */
static bool flag_takes_value(int kind, const char *w)
{
    static const char *const kubectl[] = {"-n", "--namespace", "--context", "--kubeconfig", "--cluster",
                                          "--user", "-s", "--server", "--as", "--token", NULL};
    static const char *const aws[] = {"--region", "--profile", "--output", "--query", "--endpoint-url",
                                      "--cli-read-timeout", "--cli-connect-timeout", NULL};
    const char *const *list = kind == CMD_KUBECTL ? kubectl : kind == CMD_AWS ? aws : NULL;
    for (size_t i = 0; list && list[i]; i++)
        if (strcmp(w, list[i]) == 0)
            return true;
    return false;
}

/* The verb words: after the program (not for http) and global flags. */
static size_t verb_words(int kind, char *const *words, size_t n, const char **out, size_t max)
{
    size_t k = 0, i = kind == CMD_HTTP ? 0 : 1;
    if (kind == CMD_RUN)
        i = 0; /* the program is part of the pattern: "terraform destroy" */
    for (; i < n && k < max; i++) {
        const char *w = words[i];
        if (kind != CMD_HTTP && kind != CMD_RUN && w[0] == '-') {
            if (!strchr(w, '=') && flag_takes_value(kind, w))
                i++;
            continue;
        }
        if (kind == CMD_RUN && k > 0 && w[0] == '-' && strcmp(w, "-rf") && strcmp(w, "-fr"))
            continue;
        out[k++] = w;
    }
    return k;
}

/* Does a pattern ("rollout status", "* describe-*") match the verbs? */
static bool pattern_matches(const char *pattern, const char **verbs, size_t nverbs)
{
    size_t k = 0;
    const char *p = pattern;
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (k >= nverbs)
            return false;
        const char *w = verbs[k++];
        if (len == 1 && p[0] == '*') {
            /* any one word */
        } else if (p[len - 1] == '*') {
            if (strncasecmp(w, p, len - 1) != 0)
                return false;
        } else if (strlen(w) != len || strncasecmp(w, p, len) != 0) {
            return false;
        }
        p += len;
        while (*p == ' ')
            p++;
    }
    return true;
}

int command_effect_class(int kind, char *const *words, size_t n)
{
    const char *verbs[4];
    size_t nv = verb_words(kind, words, n, verbs, 4);
#define X(k, pat)                                                                 \
    if (kind == (k) && pattern_matches(pat, verbs, nv))                            \
        return EFF_READ;
    READ_ONLY_COMMANDS(X)
#undef X
    return EFF_CHANGE;
}

bool command_is_destructive(int kind, char *const *words, size_t n)
{
    const char *verbs[4];
    size_t nv = verb_words(kind, words, n, verbs, 4);
#define X(k, pat)                                                                 \
    if (kind == (k) && pattern_matches(pat, verbs, nv))                            \
        return true;
    DESTRUCTIVE_COMMANDS(X)
#undef X
    return false;
}
