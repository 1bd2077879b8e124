/* exec.c — effects that take effect. See exec.h and effect.h. */
#include "exec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "http.h"
#include "proc.h"
#include "result.h"

typedef struct ExecEffects {
    Effects base;
    Reporter *rep;
    const Secrets *secrets;
    Audit *audit;
    ExecOptions opt;
} ExecEffects;

/* Output arrives in chunks; the terminal gets whole lines, indented. */
typedef struct LineSink {
    ExecEffects *x;
    bool show;
    Buf pending[2];
} LineSink;

static void sink_flush_lines(LineSink *s, int which, bool all)
{
    Buf *b = &s->pending[which];
    size_t start = 0;
    for (size_t i = 0; i < b->len; i++) {
        if (b->data[i] == '\n') {
            report_output(s->x->rep, b->data + start, i - start);
            start = i + 1;
        }
    }
    if (all && start < b->len) {
        report_output(s->x->rep, b->data + start, b->len - start);
        start = b->len;
    }
    if (!b->data)
        return;
    memmove(b->data, b->data + start, b->len - start);
    b->len -= start;
    b->data[b->len] = '\0';
}

static void on_output(void *ctx, int fd, const char *data, size_t len)
{
    LineSink *s = ctx;
    if (!s->show)
        return;
    int which = fd == 2 ? 1 : 0;
    buf_add(&s->pending[which], data, len);
    sink_flush_lines(s, which, false);
}

/* Output for the audit log: secrets masked first (so a cut cannot leave
 * the start of one), then bounded without splitting a character, then made
 * valid UTF-8 (the log is JSON). */
static Value bounded_text(const ExecEffects *x, const Buf *b)
{
    size_t limit = x->opt.audit_output_limit ? x->opt.audit_output_limit : 4096;
    char *masked = secrets_mask(x->secrets, b->data ? b->data : "", b->len);
    size_t n = strlen(masked);
    if (n > limit)
        n = utf8_cut(masked, limit);
    Buf out = {0};
    buf_add_utf8_valid(&out, masked, n);
    free(masked);
    return val_string_take(&out, false);
}

static Value masked_arg(const ExecEffects *x, const char *arg)
{
    char *m = secrets_mask(x->secrets, arg, strlen(arg));
    Buf b = {0};
    buf_add_utf8_valid(&b, m, strlen(m));
    free(m);
    return val_string_take(&b, false);
}

static int run_process(ExecEffects *x, const CmdRequest *req, Value *result, char **err)
{
    LineSink sink = {.x = x, .show = !req->capture || x->opt.verbose};
    ProcSpec spec = {
        .argv = req->argv,
        .env_add = req->env_add,
        .timeout_ns = req->timeout_ns,
        .on_output = on_output,
        .ctx = &sink,
    };
    ProcResult pr = {0};
    int rc = proc_run(&spec, &pr, err);
    sink_flush_lines(&sink, 0, true);
    sink_flush_lines(&sink, 1, true);
    buf_free(&sink.pending[0]);
    buf_free(&sink.pending[1]);

    Map *ev = map_new(10);
    map_put_cstr(ev, "command", val_cstring(req->display));
    List *argv = list_new(req->argc);
    for (size_t i = 0; i < req->argc; i++) /* as run, secrets masked */
        argv->items[i] = masked_arg(x, req->argv[i]);
    map_put_cstr(ev, "argv", val_obj(&argv->hdr));
    map_put_cstr(ev, "line", val_int(req->line));
    if (rc < 0) {
        map_put_cstr(ev, "error", val_cstring(*err));
        audit_event(x->audit, "command", ev);
        proc_result_free(&pr);
        return -1;
    }
    map_put_cstr(ev, "status", val_int(pr.exit_status));
    if (pr.timed_out)
        map_put_cstr(ev, "timed_out", val_bool(true));
    if (pr.interrupted)
        map_put_cstr(ev, "interrupted", val_bool(true));
    map_put_cstr(ev, "duration_ms", val_int(pr.duration_ns / 1000000));
    map_put_cstr(ev, "stdout", bounded_text(x, &pr.out));
    map_put_cstr(ev, "stderr", bounded_text(x, &pr.err));
    audit_event(x->audit, "command", ev);

    if (pr.interrupted) {
        *err = xstrdup("interrupted");
        proc_result_free(&pr);
        return -1;
    }
    bool ok = pr.exit_status == 0 && !pr.timed_out && pr.term_signal == 0;
    Value out = val_string(pr.out.data ? pr.out.data : "", pr.out.len);
    Value errv = val_string(pr.err.data ? pr.err.data : "", pr.err.len);
    *result = result_new(ok, false, pr.exit_status, pr.duration_ns, out, errv, val_null(), req->display);
    Result *r = (Result *)result->as.obj;
    if (pr.timed_out) {
        Buf d = {0};
        format_duration_ns(&d, req->timeout_ns);
        r->why = xasprintf("timed out after %s", d.data);
        buf_free(&d);
    } else if (pr.term_signal) {
        r->why = xasprintf("was killed by signal %d", pr.term_signal);
    } else if (!ok) {
        r->why = xasprintf("exited with status %d", pr.exit_status);
    }
    proc_result_free(&pr);
    return 0;
}

static int run_http(ExecEffects *x, const CmdRequest *req, Value *result, char **err)
{
    HttpSpec spec = {
        .method = req->method,
        .url = req->url,
        .headers = req->headers,
        .body = req->body,
        .body_len = req->body_len,
        .timeout_ns = req->timeout_ns,
        .insecure = req->insecure,
    };
    HttpResponse resp = {0};
    int rc = http_request(&spec, &resp, err);
    Map *ev = map_new(8);
    map_put_cstr(ev, "method", val_cstring(req->method));
    map_put_cstr(ev, "url", val_cstring(req->url));
    map_put_cstr(ev, "line", val_int(req->line));
    if (rc < 0) {
        map_put_cstr(ev, "error", val_cstring(*err));
        audit_event(x->audit, "http", ev);
        http_response_free(&resp);
        return -1;
    }
    map_put_cstr(ev, "status", val_int(resp.status));
    map_put_cstr(ev, "duration_ms", val_int(resp.duration_ns / 1000000));
    audit_event(x->audit, "http", ev);
    if (!req->capture || x->opt.verbose) {
        Buf line = {0};
        buf_printf(&line, "HTTP %ld, %zu bytes", resp.status, resp.body.len);
        report_output(x->rep, line.data, line.len);
        buf_free(&line);
    }

    Map *headers = map_new(resp.nheaders);
    for (size_t i = 0; i < resp.nheaders; i++)
        map_put_cstr(headers, resp.header_names[i], val_cstring(resp.header_values[i]));
    bool ok = resp.status < 400;
    Value body = val_string(resp.body.data ? resp.body.data : "", resp.body.len);
    *result = result_new(ok, true, resp.status, resp.duration_ns, body, val_cstring(""),
                         val_obj(&headers->hdr), req->display);
    if (!ok) {
        Result *r = (Result *)result->as.obj;
        size_t n = resp.body.len < 200 ? resp.body.len : 200;
        Buf start = {0};
        for (size_t i = 0; i < n; i++) {
            char ch = resp.body.data[i];
            buf_addc(&start, ch == '\n' || ch == '\r' || ch == '\t' ? ' ' : ch);
        }
        while (start.len > 0 && start.data[start.len - 1] == ' ') /* newlines became blanks */
            start.data[--start.len] = '\0';
        r->why = xasprintf("returned HTTP %ld%s%s%s", resp.status, start.len ? ": " : "",
                           start.data ? start.data : "", resp.body.len > n ? "…" : "");
        buf_free(&start);
    }
    http_response_free(&resp);
    return 0;
}

static int exec_command(Effects *fx, const CmdRequest *req, Value *result, char **err)
{
    ExecEffects *x = (ExecEffects *)fx;
    if (proc_interrupted()) {
        *err = xstrdup("interrupted");
        return -1;
    }
    if (!req->capture || x->opt.verbose)
        report_command(x->rep, req->display);
    if (req->kind == CMD_HTTP)
        return run_http(x, req, result, err);
    return run_process(x, req, result, err);
}

static void audit_confirm(ExecEffects *x, const char *text, const char *answer, const char *by)
{
    Map *ev = map_new(4);
    map_put_cstr(ev, "text", val_cstring(text));
    map_put_cstr(ev, "answer", val_cstring(answer));
    map_put_cstr(ev, "by", val_cstring(by));
    map_put_cstr(ev, "user", val_cstring(audit_user()));
    audit_event(x->audit, "confirm", ev);
}

/* "A terminal" is standard input being a TTY (LANGUAGE.md §8). The prompt
 * goes to standard error so that it shows even when stdout is piped. */
static int exec_confirm(Effects *fx, const char *text, char **err)
{
    ExecEffects *x = (ExecEffects *)fx;
    if (x->opt.yes) {
        Buf b = {0};
        buf_printf(&b, "confirm: %s -> yes (--yes)", text);
        report_output(x->rep, b.data, b.len);
        buf_free(&b);
        audit_confirm(x, text, "yes", "--yes");
        return 1;
    }
    if (!isatty(STDIN_FILENO)) {
        *err = xasprintf("confirm \"%s\": no terminal to ask on; run with --yes to answer yes to every "
                         "confirm", text);
        audit_confirm(x, text, "none", "no terminal");
        return -1;
    }
    fflush(stdout);
    fprintf(stderr, "? %s [y/N] ", text);
    fflush(stderr);
    char line[256];
    bool yes = false;
    if (fgets(line, sizeof line, stdin)) {
        /* Exactly y or yes (any case, blanks around): anything else is no. */
        char *p = line, *e = line + strlen(line);
        while (*p == ' ' || *p == '\t')
            p++;
        while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
            e--;
        size_t n = (size_t)(e - p);
        yes = (n == 1 && strncasecmp(p, "y", 1) == 0) || (n == 3 && strncasecmp(p, "yes", 3) == 0);
    } else {
        fputc('\n', stderr);
    }
    if (proc_interrupted())
        return 0;
    Buf b = {0};
    buf_printf(&b, "confirm: %s -> %s (%s)", text, yes ? "yes" : "no", audit_user());
    report_output(x->rep, b.data, b.len);
    buf_free(&b);
    audit_confirm(x, text, yes ? "yes" : "no", audit_user());
    return yes ? 1 : 0;
}

static const char *channel_name(int ch)
{
    switch (ch) {
    case CH_WEBHOOK: return "webhook";
    case CH_PAGERDUTY: return "pagerduty";
    case CH_EMAIL: return "email";
    default: return "log";
    }
}

static int exec_notify(Effects *fx, const Contact *c, const Notification *n, char **err)
{
    ExecEffects *x = (ExecEffects *)fx;
    fflush(stdout);
    int rc = notify_send(c, n, x->opt.notify_log, stderr, err);
    Map *ev = map_new(6);
    map_put_cstr(ev, "level", val_cstring(n->level));
    map_put_cstr(ev, "contact", val_cstring(c->name));
    map_put_cstr(ev, "channel", val_cstring(x->opt.notify_log ? "log" : channel_name(c->channel)));
    map_put_cstr(ev, "message", val_cstring(n->message));
    map_put_cstr(ev, "delivered", val_bool(rc == 0));
    if (rc < 0)
        map_put_cstr(ev, "error", val_cstring(*err));
    audit_event(x->audit, "notify", ev);
    return rc;
}

static int exec_sleep(Effects *fx, int64_t ns)
{
    (void)fx;
    return proc_sleep(ns);
}

static bool exec_interrupted(Effects *fx)
{
    (void)fx;
    return proc_interrupted();
}

static void exec_free(Effects *fx) { free(fx); }

Effects *exec_effects_new(Reporter *rep, const Secrets *secrets, Audit *audit,
                          const ExecOptions *opt)
{
    ExecEffects *x = xcalloc(1, sizeof *x);
    x->base.command = exec_command;
    x->base.sleep = exec_sleep;
    x->base.confirm = exec_confirm;
    x->base.notify = exec_notify;
    x->base.interrupted = exec_interrupted;
    x->base.free = exec_free;
    x->rep = rep;
    x->secrets = secrets;
    x->audit = audit;
    if (opt)
        x->opt = *opt;
    return &x->base;
}

void cmd_request_free(CmdRequest *req)
{
    if (req->argv)
        for (size_t i = 0; req->argv[i]; i++)
            free(req->argv[i]);
    free(req->argv);
    if (req->env_add)
        for (size_t i = 0; req->env_add[i]; i++)
            free(req->env_add[i]);
    free(req->env_add);
    if (req->headers)
        for (size_t i = 0; req->headers[i]; i++)
            free(req->headers[i]);
    free(req->headers);
    free(req->display);
    free(req->method);
    free(req->url);
    free(req->body);
    memset(req, 0, sizeof *req);
}
