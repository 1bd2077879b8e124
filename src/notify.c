/* notify.c — delivering one notification to one contact (LANGUAGE.md §8):
 * a webhook POST, a PagerDuty Events API v2 trigger, a mail through
 * `sendmail -t`, or a line on the log. Payloads are Values written by the
 * one JSON writer (data_write_json). Nothing here prints to stdout or
 * stderr on its own, and nothing here fails the run: a delivery that does
 * not work comes back as -1 with a message for the caller to report. */
#include "notify.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ast.h"
#include "data.h"
#include "http.h"
#include "proc.h"
#include "util.h"
#include "value.h"

#define NOTIFY_HTTP_TIMEOUT_NS (10LL * 1000000000LL)
#define NOTIFY_SENDMAIL_TIMEOUT_NS (30LL * 1000000000LL)
#define NOTIFY_RESPONSE_LIMIT ((size_t)64 * 1024)
#define PAGERDUTY_DEFAULT_URL "https://events.pagerduty.com/v2/enqueue"
#define PAGERDUTY_SUMMARY_MAX 1024 /* characters, the Events API v2 limit */
#define EMAIL_SUBJECT_MAX 80       /* characters of the message in the subject */

static const char *nz(const char *s) { return s ? s : ""; }

static void set_err(char **err, char *msg)
{
    if (err)
        *err = msg;
    else
        free(msg);
}

static const char *channel_name(int channel)
{
    switch (channel) {
    case CH_WEBHOOK:
        return "webhook";
    case CH_PAGERDUTY:
        return "pagerduty";
    case CH_EMAIL:
        return "email";
    case CH_LOG:
        return "log";
    default:
        return "unknown";
    }
}

static const char *contact_label(const Contact *c)
{
    if (c->display && *c->display)
        return c->display;
    return nz(c->name);
}

const char *notify_pagerduty_severity(const char *level)
{
    if (!level)
        return "info";
    if (strcasecmp(level, "P0") == 0)
        return "critical";
    if (strcasecmp(level, "P1") == 0)
        return "error";
    if (strcasecmp(level, "P2") == 0)
        return "warning";
    return "info";
}

/* The byte length of the first max_chars characters of s (UTF-8), never
 * cutting a multi-byte sequence in two. */
static size_t utf8_prefix_len(const char *s, size_t max_chars)
{
    size_t i = 0, chars = 0;
    while (s[i] && chars < max_chars) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        chars++;
    }
    return i;
}

/* A URL as it may appear in a message: user:password@ dropped (as http.c
 * does) and the query string, where webhook tokens often live, hidden. */
static char *url_for_message(const char *url)
{
    Buf b = {0};
    const char *p = url;
    const char *scheme = strstr(p, "://");
    if (scheme) {
        buf_add(&b, p, (size_t)(scheme + 3 - p));
        p = scheme + 3;
        size_t auth_len = strcspn(p, "/?#");
        const char *at = NULL;
        for (const char *q = p; q < p + auth_len; q++)
            if (*q == '@')
                at = q;
        if (at)
            p = at + 1;
    }
    size_t keep = strcspn(p, "?#");
    buf_add(&b, p, keep);
    if (p[keep] == '?')
        buf_adds(&b, "?***");
    return buf_steal(&b);
}

/* --- log -------------------------------------------------------------------- */

static void write_log_line(const Contact *c, const Notification *n, FILE *log)
{
    FILE *out = log ? log : stderr;
    fprintf(out, "notify %s (%s) -> %s [%s]: %s\n", nz(n->level), nz(n->level_name),
            contact_label(c), channel_name(c->channel), nz(n->message));
    fflush(out);
}

/* --- HTTP channels ---------------------------------------------------------- */

/* POST body as JSON to url. what names the channel in messages. */
static int post_json(const char *what, const char *url, const Buf *body, char **err)
{
    char *headers[] = {"Content-Type: application/json", "Accept: application/json", NULL};
    HttpSpec spec = {
        .method = "POST",
        .url = url,
        .headers = headers,
        .body = body->data ? body->data : "",
        .body_len = body->len,
        .timeout_ns = NOTIFY_HTTP_TIMEOUT_NS,
        .max_body = NOTIFY_RESPONSE_LIMIT,
    };
    HttpResponse resp = {0};
    char *herr = NULL;
    int rc = http_request(&spec, &resp, &herr);
    char *shown = url_for_message(url);
    if (rc < 0) {
        /* http.c says "POST URL: reason"; we name the channel and a URL
         * with its query hidden instead. */
        const char *reason = herr ? herr : "request failed";
        if (strncmp(reason, "POST ", 5) == 0 && strstr(reason, ": "))
            reason = strstr(reason, ": ") + 2;
        set_err(err, xasprintf("%s %s: %s", what, shown, reason));
        rc = -1;
    } else if (resp.status < 200 || resp.status >= 300) {
        /* Redirects were followed: anything but 2xx was not delivered. */
        set_err(err, xasprintf("%s %s: returned HTTP %ld", what, shown, resp.status));
        rc = -1;
    }
    free(shown);
    free(herr);
    http_response_free(&resp);
    return rc;
}

static Value map_value(Map *m) { return val_obj(&m->hdr); }

static int send_webhook(const Contact *c, const Notification *n, char **err)
{
    if (!c->target || !*c->target) {
        set_err(err, xasprintf("webhook: no URL for %s", contact_label(c)));
        return -1;
    }
    Map *m = map_new(3);
    map_put_cstr(m, "text", val_cstring(nz(n->message)));
    map_put_cstr(m, "runbook", val_cstring(nz(n->runbook)));
    map_put_cstr(m, "severity", val_cstring(nz(n->level)));
    Value payload = map_value(m);
    Buf body = {0};
    data_write_json(payload, &body, false);
    val_release(payload);
    int rc = post_json("webhook", c->target, &body, err);
    buf_free(&body);
    return rc;
}

static int send_pagerduty(const Contact *c, const Notification *n, char **err)
{
    if (!c->target || !*c->target) {
        set_err(err, xasprintf("pagerduty: no routing key for %s", contact_label(c)));
        return -1;
    }
    const char *url = getenv("RUNBOOK_PAGERDUTY_URL");
    if (!url || !*url)
        url = PAGERDUTY_DEFAULT_URL;

    const char *msg = nz(n->message);
    Map *details = map_new(2);
    map_put_cstr(details, "level", val_cstring(nz(n->level)));
    map_put_cstr(details, "level_name", val_cstring(nz(n->level_name)));

    Map *payload = map_new(5);
    map_put_cstr(payload, "summary", val_string(msg, utf8_prefix_len(msg, PAGERDUTY_SUMMARY_MAX)));
    map_put_cstr(payload, "severity", val_cstring(notify_pagerduty_severity(n->level)));
    /* The API requires a non-empty source. */
    map_put_cstr(payload, "source", val_cstring(n->source && *n->source ? n->source : "runbook"));
    map_put_cstr(payload, "component", val_cstring(nz(n->runbook)));
    map_put_cstr(payload, "custom_details", map_value(details));

    Map *event = map_new(3);
    map_put_cstr(event, "routing_key", val_cstring(c->target));
    map_put_cstr(event, "event_action", val_cstring("trigger"));
    map_put_cstr(event, "payload", map_value(payload));

    Value v = map_value(event);
    Buf body = {0};
    data_write_json(v, &body, false);
    val_release(v);
    int rc = post_json("pagerduty", url, &body, err);
    buf_free(&body);
    return rc;
}

/* --- email ------------------------------------------------------------------ */

static bool is_executable_file(const char *path)
{
    struct stat st;
    return access(path, X_OK) == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* sendmail: PATH first (so that it can be overridden), then the places
 * where it traditionally lives. Returns a malloc'd path or NULL. */
static char *find_sendmail(void)
{
    const char *path = getenv("PATH");
    if (path) {
        const char *p = path;
        for (;;) {
            size_t len = strcspn(p, ":");
            if (len > 0) {
                char *cand = xasprintf("%.*s/sendmail", (int)len, p);
                if (is_executable_file(cand))
                    return cand;
                free(cand);
            }
            if (!p[len])
                break;
            p += len + 1;
        }
    }
    static const char *const fallbacks[] = {"/usr/sbin/sendmail", "/usr/lib/sendmail"};
    for (size_t i = 0; i < sizeof fallbacks / sizeof fallbacks[0]; i++)
        if (is_executable_file(fallbacks[i]))
            return xstrdup(fallbacks[i]);
    return NULL;
}

/* Append s with CR and LF turned into spaces: a header must stay one line,
 * or the text could add headers (and recipients) of its own. */
static void add_header_text(Buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        buf_addc(b, s[i] == '\r' || s[i] == '\n' ? ' ' : s[i]);
}

static int send_email(const Contact *c, const Notification *n, char **err)
{
    /* An address cannot hold CR or LF; drop them. */
    Buf addr = {0};
    for (const char *p = nz(c->target); *p; p++)
        if (*p != '\r' && *p != '\n')
            buf_addc(&addr, *p);
    char *to = buf_steal(&addr);
    if (!*to) {
        free(to);
        set_err(err, xasprintf("email: no address for %s", contact_label(c)));
        return -1;
    }
    char *sendmail = find_sendmail();
    if (!sendmail) {
        set_err(err, xasprintf("sendmail not found: email to %s not sent", to));
        free(to);
        return -1;
    }

    const char *msg = nz(n->message);
    Buf mail = {0};
    buf_adds(&mail, "To: ");
    buf_adds(&mail, to);
    buf_adds(&mail, "\nSubject: [runbook] ");
    add_header_text(&mail, nz(n->level), strlen(nz(n->level)));
    buf_addc(&mail, ' ');
    add_header_text(&mail, nz(n->level_name), strlen(nz(n->level_name)));
    buf_adds(&mail, ": ");
    add_header_text(&mail, msg, utf8_prefix_len(msg, EMAIL_SUBJECT_MAX));
    buf_adds(&mail, "\nContent-Type: text/plain; charset=utf-8\n\n");
    buf_adds(&mail, msg);
    buf_adds(&mail, "\n\n-- sent by runbook (");
    buf_adds(&mail, nz(n->runbook));
    buf_adds(&mail, ")\n");

    char *argv[] = {sendmail, "-t", NULL};
    ProcSpec spec = {
        .argv = argv,
        .timeout_ns = NOTIFY_SENDMAIL_TIMEOUT_NS,
        .stdin_data = mail.data,
        .stdin_len = mail.len,
        .capture_limit = 4096,
    };
    ProcResult res = {0};
    char *perr = NULL;
    int rc = proc_run(&spec, &res, &perr);
    if (rc < 0) {
        set_err(err, xasprintf("email to %s: %s", to, perr ? perr : "cannot run sendmail"));
    } else if (res.timed_out) {
        set_err(err, xasprintf("email to %s: %s timed out after 30s", to, sendmail));
        rc = -1;
    } else if (res.interrupted) {
        set_err(err, xasprintf("email to %s: interrupted", to));
        rc = -1;
    } else if (res.exit_status != 0) {
        /* The first line of what sendmail said, if anything: it is about
         * the mail, not the message, so it holds no secret of ours. */
        const char *said = res.err.len ? res.err.data : res.out.len ? res.out.data : "";
        size_t said_len = strcspn(said, "\r\n");
        if (said_len > 200)
            said_len = 200;
        if (said_len)
            set_err(err, xasprintf("email to %s: %s exited with status %d: %.*s", to, sendmail,
                                   res.exit_status, (int)said_len, said));
        else
            set_err(err, xasprintf("email to %s: %s exited with status %d", to, sendmail,
                                   res.exit_status));
        rc = -1;
    }
    free(perr);
    proc_result_free(&res);
    buf_free(&mail);
    free(sendmail);
    free(to);
    return rc;
}

/* --- entry point ------------------------------------------------------------ */

int notify_send(const Contact *c, const Notification *n, int log_only, FILE *log, char **err)
{
    if (log_only || c->channel == CH_LOG) {
        write_log_line(c, n, log);
        return 0;
    }
    switch (c->channel) {
    case CH_WEBHOOK:
        return send_webhook(c, n, err);
    case CH_PAGERDUTY:
        return send_pagerduty(c, n, err);
    case CH_EMAIL:
        return send_email(c, n, err);
    default:
        set_err(err, xasprintf("%s: unknown notification channel %d", contact_label(c),
                               c->channel));
        return -1;
    }
}
