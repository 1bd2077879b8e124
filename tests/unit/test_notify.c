/* test_notify.c — src/notify.c: webhooks and PagerDuty against a real HTTP
 * server (tests/servers/httpd.py, its /record and /status routes), email
 * through a fake sendmail put first on PATH, and the log line. The server is
 * started here in a scratch directory and stopped at the end (it also exits
 * by itself if this program dies). */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ast.h"
#include "data.h"
#include "http.h"
#include "notify.h"
#include "util.h"
#include "value.h"

#define MS 1000000LL

#include "httpd_fixture.h"

/* --- helpers --------------------------------------------------------------- */

static bool contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

#define CHECK_CONTAINS(hay, needle)                                           \
    do {                                                                      \
        const char *c_hay_ = (hay);                                           \
        if (!contains(c_hay_, (needle)))                                      \
            unit_fail_(__FILE__, __LINE__, "%s does not contain \"%s\": \"%s\"", #hay, \
                       (needle), c_hay_ ? c_hay_ : "(null)");                 \
    } while (0)

static char *scratch_path(const char *name) { return xasprintf("%s/%s", scratch, name); }

/* Forget what the server recorded so far. */
static void records_clear(void)
{
    char *path = scratch_path("requests.jsonl");
    unlink(path);
    free(path);
}

/* The recorded requests, one Value per line, in a list; null if none. */
static Value records_read(void)
{
    char *path = scratch_path("requests.jsonl");
    char *data;
    size_t len;
    int rc = read_whole_file(path, &data, &len);
    free(path);
    if (rc != 0)
        return val_null();
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += data[i] == '\n';
    List *l = list_new(n);
    size_t k = 0;
    for (char *line = data; k < n; k++) {
        char *nl = strchr(line, '\n');
        char *err = NULL;
        if (data_parse_json(line, (size_t)(nl - line), &l->items[k], &err) != 0) {
            free(err);
            l->items[k] = val_null();
        }
        line = nl + 1;
    }
    free(data);
    return val_obj(&l->hdr);
}

static size_t records_count(void)
{
    Value v = records_read();
    size_t n = v.type == T_LIST ? val_list(v)->len : 0;
    val_release(v);
    return n;
}

/* Field lookup through maps: get(v, "payload", "summary", NULL); borrowed. */
static Value get(Value v, ...)
{
    va_list ap;
    va_start(ap, v);
    const char *key;
    while ((key = va_arg(ap, const char *)) != NULL) {
        if (v.type != T_MAP) {
            v = val_absent();
            break;
        }
        v = map_get(val_map(v), key, strlen(key));
    }
    va_end(ap);
    return v;
}

static const char *str_of(Value v) { return v.type == T_STRING ? val_str(v)->data : NULL; }

/* The only recorded request's body, parsed as JSON (new ref); also its
 * Content-Type in *ctype (malloc'd). */
static Value recorded_body(char **ctype)
{
    Value all = records_read();
    Value out = val_null();
    if (all.type == T_LIST && val_list(all)->len == 1) {
        Value req = val_list(all)->items[0];
        if (ctype)
            *ctype = xstrdup(str_of(get(req, "headers", "content-type", NULL)) ?
                                 str_of(get(req, "headers", "content-type", NULL)) : "");
        const char *body = str_of(get(req, "body", NULL));
        char *err = NULL;
        if (body && data_parse_json(body, strlen(body), &out, &err) != 0) {
            free(err);
            out = val_null();
        }
    }
    val_release(all);
    return out;
}

static const Notification note = {
    .level = "P1",
    .level_name = "High",
    .message = "Error rate above 5% after deploying v1.2 \"quoted\"",
    .runbook = "Deploy payments",
    .source = "host-1",
};

/* A URL on which nothing listens (a port that was free a moment ago). */
static char *refused_url(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return NULL;
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
        close(fd);
        return NULL;
    }
    close(fd);
    return xasprintf("http://127.0.0.1:%d/hook", ntohs(sa.sin_port));
}

static void write_script(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    chmod(path, 0755);
}

/* Put DIR first on PATH; returns the old PATH (malloc'd) for path_restore. */
static char *path_prepend(const char *dir)
{
    const char *old = getenv("PATH");
    char *saved = xstrdup(old ? old : "/usr/bin:/bin");
    char *path = xasprintf("%s:%s", dir, saved);
    setenv("PATH", path, 1);
    free(path);
    return saved;
}

static void path_restore(char *saved)
{
    setenv("PATH", saved, 1);
    free(saved);
}

/* --- webhook --------------------------------------------------------------- */

TEST(webhook_delivered)
{
    records_clear();
    char *url = xasprintf("%s/record/hook", base_url);
    Contact c = {.name = "devops", .display = "DevOps Team", .channel = CH_WEBHOOK, .target = url};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), 0);
    CHECK_EQ_STR(err, NULL);
    char *ctype = NULL;
    Value body = recorded_body(&ctype);
    REQUIRE(body.type == T_MAP);
    CHECK_EQ_STR(ctype, "application/json");
    CHECK_EQ_STR(str_of(get(body, "text", NULL)), note.message);
    CHECK_EQ_STR(str_of(get(body, "runbook", NULL)), "Deploy payments");
    CHECK_EQ_STR(str_of(get(body, "severity", NULL)), "P1");
    CHECK_EQ_INT(val_map(body)->len, 3);
    val_release(body);
    free(ctype);
    free(err);
    free(url);
}

TEST(webhook_http_500_fails)
{
    char *url = xasprintf("%s/status/500", base_url);
    Contact c = {.name = "devops", .display = "DevOps Team", .channel = CH_WEBHOOK, .target = url};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    char *want = xasprintf("webhook %s: returned HTTP 500", url);
    CHECK_EQ_STR(err, want);
    free(want);
    free(err);
    free(url);
}

TEST(webhook_error_hides_query_and_credentials)
{
    char *url = xasprintf("http://user:pw@%s/status/404?token=s3cr3t", base_url + 7);
    Contact c = {.name = "devops", .display = "DevOps Team", .channel = CH_WEBHOOK, .target = url};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    CHECK_CONTAINS(err, "404");
    CHECK(!contains(err, "s3cr3t"));
    CHECK(!contains(err, "pw"));
    char *want = xasprintf("webhook %s/status/404?***: returned HTTP 404", base_url);
    CHECK_EQ_STR(err, want);
    free(want);
    free(err);
    free(url);
}

TEST(webhook_connection_refused_fails_quickly)
{
    char *url = refused_url();
    REQUIRE(url != NULL);
    Contact c = {.name = "devops", .display = "DevOps Team", .channel = CH_WEBHOOK, .target = url};
    char *err = NULL;
    int64_t t0 = clock_monotonic_ns();
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    int64_t took = clock_monotonic_ns() - t0;
    CHECK(took < 3000 * MS);
    char *prefix = xasprintf("webhook %s: ", url);
    CHECK(err && strncmp(err, prefix, strlen(prefix)) == 0);
    CHECK_CONTAINS(err, "onnect");
    CHECK(!contains(err, "POST")); /* http.c's own prefix is replaced */
    free(prefix);
    free(err);
    free(url);
}

TEST(webhook_without_url_fails)
{
    Contact c = {.name = "devops", .display = "DevOps Team", .channel = CH_WEBHOOK, .target = ""};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    CHECK_EQ_STR(err, "webhook: no URL for DevOps Team");
    free(err);
}

/* --- PagerDuty --------------------------------------------------------------- */

TEST(pagerduty_severity_by_level)
{
    CHECK_EQ_STR(notify_pagerduty_severity("P0"), "critical");
    CHECK_EQ_STR(notify_pagerduty_severity("P1"), "error");
    CHECK_EQ_STR(notify_pagerduty_severity("P2"), "warning");
    CHECK_EQ_STR(notify_pagerduty_severity("P3"), "info");
    CHECK_EQ_STR(notify_pagerduty_severity("SEV1"), "info");
    CHECK_EQ_STR(notify_pagerduty_severity(NULL), "info");
}

TEST(pagerduty_sends_events_v2_trigger)
{
    records_clear();
    char *url = xasprintf("%s/record/v2/enqueue", base_url);
    setenv("RUNBOOK_PAGERDUTY_URL", url, 1);
    Contact c = {.name = "oncall", .display = "On-call Engineer", .channel = CH_PAGERDUTY,
                 .target = "R0UT1NGKEY"};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), 0);
    CHECK_EQ_STR(err, NULL);
    unsetenv("RUNBOOK_PAGERDUTY_URL");
    char *ctype = NULL;
    Value ev = recorded_body(&ctype);
    REQUIRE(ev.type == T_MAP);
    CHECK_EQ_STR(ctype, "application/json");
    CHECK_EQ_STR(str_of(get(ev, "routing_key", NULL)), "R0UT1NGKEY");
    CHECK_EQ_STR(str_of(get(ev, "event_action", NULL)), "trigger");
    CHECK_EQ_STR(str_of(get(ev, "payload", "summary", NULL)), note.message);
    CHECK_EQ_STR(str_of(get(ev, "payload", "severity", NULL)), "error");
    CHECK_EQ_STR(str_of(get(ev, "payload", "source", NULL)), "host-1");
    CHECK_EQ_STR(str_of(get(ev, "payload", "component", NULL)), "Deploy payments");
    CHECK_EQ_STR(str_of(get(ev, "payload", "custom_details", "level", NULL)), "P1");
    CHECK_EQ_STR(str_of(get(ev, "payload", "custom_details", "level_name", NULL)), "High");
    val_release(ev);
    free(ctype);
    free(err);
    free(url);
}

TEST(pagerduty_summary_truncated_to_1024_characters)
{
    records_clear();
    char *url = xasprintf("%s/record", base_url);
    setenv("RUNBOOK_PAGERDUTY_URL", url, 1);
    Buf msg = {0};
    for (int i = 0; i < 1500; i++)
        buf_adds(&msg, "\xC3\xA9"); /* é: two bytes, one character */
    Notification n = note;
    n.message = msg.data;
    n.level = "P0";
    Contact c = {.name = "oncall", .display = "On-call Engineer", .channel = CH_PAGERDUTY,
                 .target = "key"};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &n, 0, stderr, &err), 0);
    unsetenv("RUNBOOK_PAGERDUTY_URL");
    Value ev = recorded_body(NULL);
    Value summary = get(ev, "payload", "summary", NULL);
    CHECK(summary.type == T_STRING);
    if (summary.type == T_STRING) {
        CHECK_EQ_INT(val_str(summary)->len, 2048);
        CHECK_EQ_MEM(val_str(summary)->data, msg.data, 2048);
    }
    CHECK_EQ_STR(str_of(get(ev, "payload", "severity", NULL)), "critical");
    val_release(ev);
    buf_free(&msg);
    free(err);
    free(url);
}

TEST(pagerduty_rejection_fails)
{
    char *url = xasprintf("%s/status/400", base_url);
    setenv("RUNBOOK_PAGERDUTY_URL", url, 1);
    Contact c = {.name = "oncall", .display = "On-call Engineer", .channel = CH_PAGERDUTY,
                 .target = "key"};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    unsetenv("RUNBOOK_PAGERDUTY_URL");
    char *want = xasprintf("pagerduty %s: returned HTTP 400", url);
    CHECK_EQ_STR(err, want);
    CHECK(!contains(err, "key\""));
    free(want);
    free(err);
    free(url);
}

TEST(pagerduty_without_routing_key_fails)
{
    records_clear();
    char *url = xasprintf("%s/record", base_url);
    setenv("RUNBOOK_PAGERDUTY_URL", url, 1);
    Contact c = {.name = "oncall", .display = "On-call Engineer", .channel = CH_PAGERDUTY,
                 .target = ""};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    CHECK_EQ_STR(err, "pagerduty: no routing key for On-call Engineer");
    free(err);
    err = NULL;
    c.target = NULL; /* env("PD_ROUTING_KEY") unset */
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    CHECK_EQ_STR(err, "pagerduty: no routing key for On-call Engineer");
    free(err);
    unsetenv("RUNBOOK_PAGERDUTY_URL");
    CHECK_EQ_INT(records_count(), 0);
    free(url);
}

/* --- email ----------------------------------------------------------------- */

/* A fake sendmail in DIR that keeps its argv (one per line) in DIR/argv
 * and its standard input in DIR/mail, then exits with status. */
static char *fake_sendmail(const char *name, int status)
{
    char *dir = scratch_path(name);
    mkdir(dir, 0755);
    char *script = xasprintf("%s/sendmail", dir);
    char *text = xasprintf("#!/bin/sh\n"
                           "d=$(dirname \"$0\")\n"
                           "printf '%%s\\n' \"$@\" > \"$d/argv\"\n"
                           "cat > \"$d/mail\"\n"
                           "[ %d = 0 ] || echo 'mailbox unavailable' >&2\n"
                           "exit %d\n",
                           status, status);
    write_script(script, text);
    free(text);
    free(script);
    return dir;
}

static char *read_text(const char *dir, const char *name)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    free(path);
    if (!f)
        return NULL;
    Buf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(&b, chunk, n);
    fclose(f);
    return buf_steal(&b);
}

TEST(email_through_sendmail)
{
    char *dir = fake_sendmail("mail-ok", 0);
    char *saved = path_prepend(dir);
    Contact c = {.name = "team_lead", .display = "Team Lead", .channel = CH_EMAIL,
                 .target = "team-lead@example.com"};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), 0);
    CHECK_EQ_STR(err, NULL);
    path_restore(saved);
    char *argv = read_text(dir, "argv");
    char *mail = read_text(dir, "mail");
    CHECK_EQ_STR(argv, "-t\n");
    CHECK_EQ_STR(mail, "To: team-lead@example.com\n"
                       "Subject: [runbook] P1 High: Error rate above 5% after deploying v1.2 "
                       "\"quoted\"\n"
                       "Content-Type: text/plain; charset=utf-8\n"
                       "\n"
                       "Error rate above 5% after deploying v1.2 \"quoted\"\n"
                       "\n"
                       "-- sent by runbook (Deploy payments)\n");
    free(argv);
    free(mail);
    free(err);
    free(dir);
}

TEST(email_subject_is_one_short_line)
{
    char *dir = fake_sendmail("mail-inject", 0);
    char *saved = path_prepend(dir);
    Buf msg = {0};
    buf_adds(&msg, "first line\nBcc: victim@example.com\n");
    for (int i = 0; i < 100; i++)
        buf_adds(&msg, "\xE2\x82\xAC"); /* € */
    Notification n = note;
    n.message = msg.data;
    Contact c = {.name = "lead", .display = "Team Lead", .channel = CH_EMAIL,
                 .target = "lead@example.com\r\nBcc: evil@example.com"};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &n, 0, stderr, &err), 0);
    path_restore(saved);
    char *mail = read_text(dir, "mail");
    REQUIRE(mail != NULL);
    const char *blank = strstr(mail, "\n\n");
    if (!blank)
        free(mail);
    REQUIRE(blank != NULL);
    char *headers = xstrndup(mail, (size_t)(blank - mail));
    CHECK(!contains(headers, "\nBcc:"));
    CHECK(!contains(headers, "\r"));
    const char *to = "To: lead@example.comBcc: evil@example.com\n";
    CHECK(strncmp(headers, to, strlen(to)) == 0);
    /* 80 characters of the message: "first line Bcc: victim@example.com " is
     * 35, then 45 euro signs, none cut in half. */
    Buf want = {0};
    buf_adds(&want, "\nSubject: [runbook] P1 High: first line Bcc: victim@example.com ");
    for (int i = 0; i < 45; i++)
        buf_adds(&want, "\xE2\x82\xAC");
    buf_adds(&want, "\nContent-Type:");
    CHECK_CONTAINS(mail, want.data);
    free(headers);
    /* The body keeps the message as it is. */
    CHECK_CONTAINS(blank + 2, msg.data);
    buf_free(&want);
    buf_free(&msg);
    free(mail);
    free(err);
    free(dir);
}

TEST(email_sendmail_failure_reports_status)
{
    char *dir = fake_sendmail("mail-fail", 75);
    char *saved = path_prepend(dir);
    Contact c = {.name = "lead", .display = "Team Lead", .channel = CH_EMAIL,
                 .target = "lead@example.com"};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    path_restore(saved);
    CHECK_CONTAINS(err, "email to lead@example.com: ");
    CHECK_CONTAINS(err, "exited with status 75: mailbox unavailable");
    free(err);
    free(dir);
}

TEST(email_without_sendmail_fails)
{
    if (access("/usr/sbin/sendmail", X_OK) == 0 || access("/usr/lib/sendmail", X_OK) == 0) {
        /* A real sendmail on this machine would be found (and used). */
        return;
    }
    char *dir = scratch_path("empty-bin");
    mkdir(dir, 0755);
    const char *old = getenv("PATH");
    char *saved = xstrdup(old ? old : "/usr/bin:/bin");
    setenv("PATH", dir, 1);
    Contact c = {.name = "lead", .display = "Team Lead", .channel = CH_EMAIL,
                 .target = "lead@example.com"};
    char *err = NULL;
    CHECK_EQ_INT(notify_send(&c, &note, 0, stderr, &err), -1);
    path_restore(saved);
    CHECK_EQ_STR(err, "sendmail not found: email to lead@example.com not sent");
    free(err);
    free(dir);
}

/* --- log ------------------------------------------------------------------- */

static char *log_of(const Contact *c, const Notification *n, int log_only, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    char *err = NULL;
    *rc = notify_send(c, n, log_only, f, &err);
    fclose(f);
    free(err);
    return text;
}

TEST(log_only_writes_the_line_and_sends_nothing)
{
    records_clear();
    char *url = xasprintf("%s/record", base_url);
    setenv("RUNBOOK_PAGERDUTY_URL", url, 1);
    char *dir = fake_sendmail("mail-log-only", 0);
    char *saved = path_prepend(dir);
    Contact cs[] = {
        {.name = "oncall", .display = "On-call Engineer", .channel = CH_PAGERDUTY, .target = "k"},
        {.name = "devops", .display = "DevOps Team", .channel = CH_WEBHOOK, .target = url},
        {.name = "lead", .display = "Team Lead", .channel = CH_EMAIL, .target = "a@b.c"},
    };
    const char *want[] = {
        "notify P1 (High) -> On-call Engineer [pagerduty]: " /* … */,
        "notify P1 (High) -> DevOps Team [webhook]: ",
        "notify P1 (High) -> Team Lead [email]: ",
    };
    for (size_t i = 0; i < 3; i++) {
        int rc = -1;
        char *text = log_of(&cs[i], &note, 1, &rc);
        CHECK_EQ_INT(rc, 0);
        char *line = xasprintf("%s%s\n", want[i], note.message);
        CHECK_EQ_STR(text, line);
        free(line);
        free(text);
    }
    path_restore(saved);
    unsetenv("RUNBOOK_PAGERDUTY_URL");
    CHECK_EQ_INT(records_count(), 0);
    char *mail = read_text(dir, "mail");
    CHECK_EQ_STR(mail, NULL);
    free(mail);
    free(dir);
    free(url);
}

TEST(log_channel_writes_the_line)
{
    Contact c = {.name = "ops", .display = "Ops Channel", .channel = CH_LOG, .target = NULL};
    int rc = -1;
    char *text = log_of(&c, &note, 0, &rc);
    CHECK_EQ_INT(rc, 0);
    CHECK_EQ_STR(text, "notify P1 (High) -> Ops Channel [log]: Error rate above 5% after "
                       "deploying v1.2 \"quoted\"\n");
    free(text);
}

/* --- quiet ----------------------------------------------------------------- */

TEST(failed_deliveries_print_nothing)
{
    fflush(stdout);
    fflush(stderr);
    char *path = scratch_path("quiet.out");
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    REQUIRE(fd >= 0);
    int saved_out = dup(1), saved_err = dup(2);
    dup2(fd, 1);
    dup2(fd, 2);
    close(fd);

    char *url = xasprintf("%s/status/503", base_url);
    char *refused = refused_url();
    char *dir = fake_sendmail("mail-quiet", 1);
    char *saved = path_prepend(dir);
    Contact cs[] = {
        {.name = "a", .display = "A", .channel = CH_WEBHOOK, .target = url},
        {.name = "b", .display = "B", .channel = CH_WEBHOOK, .target = refused},
        {.name = "c", .display = "C", .channel = CH_PAGERDUTY, .target = ""},
        {.name = "d", .display = "D", .channel = CH_EMAIL, .target = "d@example.com"},
    };
    int failed = 0;
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++) {
        char *err = NULL;
        failed += notify_send(&cs[i], &note, 0, stderr, &err) == -1;
        free(err);
    }
    path_restore(saved);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, 1);
    dup2(saved_err, 2);
    close(saved_out);
    close(saved_err);

    CHECK_EQ_INT(failed, 4);
    char *data = NULL;
    size_t len = 0;
    CHECK(read_whole_file(path, &data, &len) == 0);
    CHECK_EQ_STR(data, "");
    free(data);
    free(dir);
    free(refused);
    free(url);
    free(path);
}

int main(int argc, char **argv)
{
    /* A proxy from the environment must not stand between us and 127.0.0.1. */
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    unsetenv("RUNBOOK_PAGERDUTY_URL");
    http_global_init();
    if (server_start("test_notify") < 0) {
        server_stop();
        printf("not ok - server_start: tests/servers/httpd.py did not start\n");
        return 1;
    }
    int rc = unit_main_(argc, argv);
    server_stop();
    http_global_cleanup();
    return rc;
}
