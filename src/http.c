/* http.c — one HTTP request through libcurl, in process (see http.h).
 *
 * Only http and https, for the request and for every redirect; TLS verified
 * unless the caller says insecure; every transfer stops when the run is
 * interrupted. A status >= 400 is a response like any other: deciding what
 * it means is the caller's job. Knows nothing about the runbook language. */
#include "config.h"

#include "http.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* libcurl is loaded when the first request is made, not when runbook
 * starts: its dependencies (TLS, HTTP/2, IDN, …) are some thirty shared
 * libraries, and linking them would cost every run — most of which make no
 * HTTP request — tens of milliseconds of start-up. The functions are the
 * library's own, called through pointers named as libcurl names them. */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <dlfcn.h>

#include "proc.h"

#define CURL_FUNCTIONS(X)                                                                 \
    X(global_init, CURLcode, (long))                                                      \
    X(global_cleanup, void, (void))                                                       \
    X(easy_init, CURL *, (void))                                                          \
    X(easy_cleanup, void, (CURL *))                                                       \
    X(easy_reset, void, (CURL *))                                                         \
    X(easy_perform, CURLcode, (CURL *))                                                   \
    X(easy_setopt, CURLcode, (CURL *, CURLoption, ...))                                   \
    X(easy_getinfo, CURLcode, (CURL *, CURLINFO, ...))                                    \
    X(easy_strerror, const char *, (CURLcode))                                            \
    X(slist_append, struct curl_slist *, (struct curl_slist *, const char *))             \
    X(slist_free_all, void, (struct curl_slist *))

static struct {
#define X(name, ret, args) ret(*name) args;
    CURL_FUNCTIONS(X)
#undef X
} curl_fn;

#define curl_global_init (*curl_fn.global_init)
#define curl_global_cleanup (*curl_fn.global_cleanup)
#define curl_easy_init (*curl_fn.easy_init)
#define curl_easy_cleanup (*curl_fn.easy_cleanup)
#define curl_easy_reset (*curl_fn.easy_reset)
#define curl_easy_perform (*curl_fn.easy_perform)
#undef curl_easy_setopt /* curl.h's own wrappers */
#undef curl_easy_getinfo
#define curl_easy_setopt (*curl_fn.easy_setopt)
#define curl_easy_getinfo (*curl_fn.easy_getinfo)
#define curl_easy_strerror (*curl_fn.easy_strerror)
#define curl_slist_append (*curl_fn.slist_append)
#define curl_slist_free_all (*curl_fn.slist_free_all)

static void *curl_lib;
static char curl_load_error[256];

/* Load libcurl (once). False, with curl_load_error set, when it can't be. */
static bool curl_load(void)
{
    if (curl_lib)
        return true;
    static const char *const names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"};
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !curl_lib; i++)
        curl_lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!curl_lib) {
        snprintf(curl_load_error, sizeof curl_load_error, "cannot load libcurl: %s", dlerror());
        return false;
    }
#define X(name, ret, args)                                                                \
    *(void **)&curl_fn.name = dlsym(curl_lib, "curl_" #name);                             \
    if (!curl_fn.name) {                                                                  \
        snprintf(curl_load_error, sizeof curl_load_error, "libcurl has no curl_%s", #name); \
        dlclose(curl_lib);                                                                \
        curl_lib = NULL;                                                                  \
        return false;                                                                     \
    }
    CURL_FUNCTIONS(X)
#undef X
    return true;
}

#define HTTP_DEFAULT_TIMEOUT_NS (30LL * 1000000000LL)
#define HTTP_CONNECT_TIMEOUT_MS 10000L
#define HTTP_DEFAULT_MAX_BODY ((size_t)64 << 20)
#define HTTP_MAX_REDIRECTS 10L

/* One easy handle, reset before each request, so that connections (and TLS
 * sessions) are reused across requests: a `wait … until` polling the same
 * endpoint every second should not open a new connection each time. runbook
 * makes one request at a time; this is not thread-safe. */
static CURL *shared_handle;
static bool global_ready;

void http_global_init(void)
{
    /* Nothing now: libcurl is loaded and initialised by the first request. */
}

static bool curl_ready(void)
{
    if (!global_ready && curl_load())
        global_ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
    return global_ready;
}

void http_global_cleanup(void)
{
    if (shared_handle) {
        curl_easy_cleanup(shared_handle);
        shared_handle = NULL;
    }
    if (global_ready) {
        curl_global_cleanup();
        global_ready = false;
    }
    if (curl_lib) {
        dlclose(curl_lib);
        curl_lib = NULL;
    }
}

void http_response_free(HttpResponse *resp)
{
    buf_free(&resp->body);
    for (size_t i = 0; i < resp->nheaders; i++) {
        free(resp->header_names[i]);
        free(resp->header_values[i]);
    }
    free(resp->header_names);
    free(resp->header_values);
    free(resp->effective_url);
    memset(resp, 0, sizeof *resp);
}

/* --- callbacks ------------------------------------------------------------ */

typedef struct Transfer {
    HttpResponse *resp;
    size_t max_body;
    size_t header_cap;
} Transfer;

static size_t on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
    Transfer *t = userdata;
    size_t n = size * nmemb;
    size_t room = t->max_body - t->resp->body.len;
    if (n > room) {
        buf_add(&t->resp->body, data, room);
        t->resp->body_truncated = true;
    } else {
        buf_add(&t->resp->body, data, n);
    }
    /* Keep reading (and discarding): the status and headers are still worth
     * having, and the connection stays reusable. */
    return n;
}

static void clear_headers(HttpResponse *resp)
{
    for (size_t i = 0; i < resp->nheaders; i++) {
        free(resp->header_names[i]);
        free(resp->header_values[i]);
    }
    resp->nheaders = 0;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Called once per header line of every response curl sees: redirects, 1xx
 * interim responses and proxy CONNECT replies each bring their own block,
 * starting with a status line, so a status line starts the list afresh and
 * what is left at the end belongs to the final response. */
static size_t on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
    Transfer *t = userdata;
    HttpResponse *resp = t->resp;
    size_t n = size * nmemb;
    size_t len = n;
    while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
        len--;
    if (len == 0)
        return n; /* the blank line ending a block */
    if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) {
        clear_headers(resp);
        return n;
    }
    if ((data[0] == ' ' || data[0] == '\t') && resp->nheaders > 0) {
        /* obs-fold: a continuation of the previous value. */
        size_t a = 0;
        while (a < len && is_space(data[a]))
            a++;
        Buf v = {0};
        buf_adds(&v, resp->header_values[resp->nheaders - 1]);
        buf_addc(&v, ' ');
        buf_add(&v, data + a, len - a);
        free(resp->header_values[resp->nheaders - 1]);
        resp->header_values[resp->nheaders - 1] = buf_steal(&v);
        return n;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return n; /* not a header line; nothing to keep */
    size_t name_len = (size_t)(colon - data);
    while (name_len > 0 && is_space(data[name_len - 1]))
        name_len--;
    size_t v0 = (size_t)(colon - data) + 1, v1 = len;
    while (v0 < v1 && is_space(data[v0]))
        v0++;
    while (v1 > v0 && is_space(data[v1 - 1]))
        v1--;
    if (resp->nheaders == t->header_cap) {
        t->header_cap = t->header_cap ? t->header_cap * 2 : 16;
        resp->header_names = xrealloc(resp->header_names, t->header_cap * sizeof(char *));
        resp->header_values = xrealloc(resp->header_values, t->header_cap * sizeof(char *));
    }
    char *name = xstrndup(data, name_len);
    for (char *p = name; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    resp->header_names[resp->nheaders] = name;
    resp->header_values[resp->nheaders] = xstrndup(data + v0, v1 - v0);
    resp->nheaders++;
    return n;
}

/* curl calls this at least once a second during a transfer (more often
 * while data flows); non-zero aborts it with CURLE_ABORTED_BY_CALLBACK. */
static int on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)userdata, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    return proc_interrupted() ? 1 : 0;
}

/* --- validation and messages ---------------------------------------------- */

/* RFC 9110 token characters: a method or a header name is a token, so it
 * cannot smuggle a space or a line break into the request. */
static bool is_token_n(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!(isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c))))
            return false;
    }
    return true;
}

/* At most size-1 bytes of s[0..n) for a message, control bytes as '?'. */
static void token_for_message(char *out, size_t size, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n && i + 1 < size; i++)
        out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    out[i] = '\0';
}

/* The URL for messages: any user:password@ dropped, so that credentials in
 * a URL do not end up in logs and failure messages. */
static char *url_for_message(const char *url)
{
    const char *sep = strstr(url, "://");
    if (!sep)
        return xstrdup(url);
    const char *host = sep + 3;
    size_t auth_len = strcspn(host, "/?#");
    const char *at = NULL;
    for (const char *p = host; p < host + auth_len; p++)
        if (*p == '@')
            at = p;
    if (!at)
        return xstrdup(url);
    return xasprintf("%.*s%s", (int)(host - url), url, at + 1);
}

static int fail_with(char **err, const char *method, const char *url, const char *fmt, ...)
    RB_PRINTF(4, 5);

static int fail_with(char **err, const char *method, const char *url, const char *fmt, ...)
{
    Buf b = {0};
    char *shown = url_for_message(url);
    if (method)
        buf_printf(&b, "%s ", method);
    buf_printf(&b, "%s: ", shown);
    free(shown);
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (err)
        *err = buf_steal(&b);
    else
        buf_free(&b);
    return -1;
}

/* Header lines as curl wants them. "Name:" with nothing after it would make
 * curl drop the header, so an empty value is sent as curl's "Name;". A line
 * break inside a header would start another header: refused. Messages show
 * the name only, never the value (often a token). */
static int build_headers(const HttpSpec *spec, const char *method, struct curl_slist **out,
                         char **err)
{
    struct curl_slist *list = NULL;
    bool has_expect = false;
    for (char *const *h = spec->headers; h && *h; h++) {
        const char *line = *h;
        const char *colon = strchr(line, ':');
        size_t name_len = colon ? (size_t)(colon - line) : 0;
        char name[64];
        token_for_message(name, sizeof name, line, colon ? name_len : strcspn(line, " \t\r\n"));
        const char *why = NULL;
        if (!colon)
            why = "want \"Name: value\"";
        else if (name_len == 0 || !is_token_n(line, name_len))
            why = "the name is not a valid token";
        else if (strpbrk(colon, "\r\n"))
            why = "line break in the value";
        if (why) {
            curl_slist_free_all(list);
            return fail_with(err, method, spec->url, "invalid header \"%s\" (%s)", name, why);
        }
        if (name_len == 6 && strncasecmp(line, "expect", 6) == 0)
            has_expect = true;
        const char *value = colon + 1;
        while (*value == ' ' || *value == '\t')
            value++;
        struct curl_slist *next;
        if (*value) {
            next = curl_slist_append(list, line);
        } else {
            char *empty = xasprintf("%.*s;", (int)name_len, line);
            next = curl_slist_append(list, empty);
            free(empty);
        }
        if (!next) {
            curl_slist_free_all(list);
            return fail_with(err, method, spec->url, "out of memory building headers");
        }
        list = next;
    }
    /* curl sends "Expect: 100-continue" before larger bodies and then waits
     * up to a second for a server that may never answer it. */
    if (!has_expect && spec->body) {
        struct curl_slist *next = curl_slist_append(list, "Expect:");
        if (!next) {
            curl_slist_free_all(list);
            return fail_with(err, method, spec->url, "out of memory building headers");
        }
        list = next;
    }
    *out = list;
    return 0;
}

/* --- the request ---------------------------------------------------------- */

/* curl_easy_setopt, remembering the first failure: an option we asked for
 * and did not get (the protocol limits, TLS verification) must not be
 * silently skipped. */
#define SETOPT(h, opt, val)                                                   \
    do {                                                                      \
        CURLcode setopt_rc_ = curl_easy_setopt((h), (opt), (val));            \
        if (setopt_rc_ != CURLE_OK && *setup_rc == CURLE_OK)                  \
            *setup_rc = setopt_rc_;                                           \
    } while (0)

static bool carries_body(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
           strcmp(method, "PATCH") == 0;
}

static void set_options(CURL *h, const HttpSpec *spec, const char *method,
                        struct curl_slist *headers, long timeout_ms, long connect_ms,
                        Transfer *t, char *errbuf, CURLcode *setup_rc)
{
    SETOPT(h, CURLOPT_URL, spec->url);
    SETOPT(h, CURLOPT_ERRORBUFFER, errbuf);
    SETOPT(h, CURLOPT_NOSIGNAL, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500 /* 7.85.0 */
    SETOPT(h, CURLOPT_PROTOCOLS_STR, "http,https");
    SETOPT(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    SETOPT(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    SETOPT(h, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    SETOPT(h, CURLOPT_USERAGENT, "runbook/" PACKAGE_VERSION);
    SETOPT(h, CURLOPT_TIMEOUT_MS, timeout_ms);
    SETOPT(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
    SETOPT(h, CURLOPT_SSL_VERIFYPEER, spec->insecure ? 0L : 1L);
    SETOPT(h, CURLOPT_SSL_VERIFYHOST, spec->insecure ? 0L : 2L);

    /* Redirects: followed, at most 10, and the method is kept on every one
     * of them, as `curl -X METHOD -L` does: a custom method is sent again as
     * it is, and POSTREDIR keeps a POST (with its body) a POST on 301, 302
     * and 303, where libcurl's own default would turn it into a GET. A
     * runbook that says POST means POST. */
    SETOPT(h, CURLOPT_FOLLOWLOCATION, 1L);
    SETOPT(h, CURLOPT_MAXREDIRS, HTTP_MAX_REDIRECTS);
    SETOPT(h, CURLOPT_POSTREDIR, (long)CURL_REDIR_POST_ALL);

    /* The method. HEAD is NOBODY (curl then reads no body back) and sends
     * no body. A body goes through POSTFIELDS (binary-safe with its size),
     * which makes the request a POST that CUSTOMREQUEST renames to any other
     * method; POST, PUT and PATCH without a body send an empty one, so that
     * the server sees Content-Length: 0. Anything else without a body is a
     * GET renamed by CUSTOMREQUEST. */
    if (strcmp(method, "HEAD") == 0) {
        SETOPT(h, CURLOPT_NOBODY, 1L);
    } else if (spec->body || carries_body(method)) {
        SETOPT(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(spec->body ? spec->body_len : 0));
        SETOPT(h, CURLOPT_POSTFIELDS, spec->body ? spec->body : "");
        if (strcmp(method, "POST") != 0)
            SETOPT(h, CURLOPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "GET") != 0) {
        SETOPT(h, CURLOPT_CUSTOMREQUEST, method);
    }
    if (headers)
        SETOPT(h, CURLOPT_HTTPHEADER, headers);

    SETOPT(h, CURLOPT_WRITEFUNCTION, on_body);
    SETOPT(h, CURLOPT_WRITEDATA, t);
    SETOPT(h, CURLOPT_HEADERFUNCTION, on_header);
    SETOPT(h, CURLOPT_HEADERDATA, t);
    SETOPT(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    SETOPT(h, CURLOPT_XFERINFODATA, NULL);
    SETOPT(h, CURLOPT_NOPROGRESS, 0L);
}

/* curl's own message, made fit to follow its error text: without what
 * repeats that text ("Failed to connect to h port 1 after 3 ms: Couldn't
 * connect to server") and without the elapsed time, which differs from run
 * to run and would make failure messages impossible to pin in tests. */
static char *tidy_detail(const char *errbuf, const char *what)
{
    Buf b = {0};
    for (const char *p = errbuf; *p;) {
        if (strncmp(p, " after ", 7) == 0 && isdigit((unsigned char)p[7])) {
            const char *q = p + 7;
            while (isdigit((unsigned char)*q))
                q++;
            if (strncmp(q, " ms", 3) == 0 && (q[3] == ':' || q[3] == '\0' || q[3] == ' ')) {
                p = q + 3;
                continue;
            }
        }
        buf_addc(&b, *p++);
    }
    char *s = buf_steal(&b);
    size_t n = strlen(s), wn = strlen(what);
    while (n > 0 && is_space(s[n - 1]))
        s[--n] = '\0';
    if (n >= wn + 2 && strcmp(s + n - wn, what) == 0 && memcmp(s + n - wn - 2, ": ", 2) == 0)
        s[n - wn - 2] = '\0';
    else if (strcmp(s, what) == 0)
        s[0] = '\0';
    return s;
}

/* The message for a failed transfer. */
static int transfer_error(CURLcode res, const char *errbuf, const char *method,
                          const char *url, int64_t elapsed_ns, int64_t timeout_ns,
                          long connect_ms, char **err)
{
    if (res == CURLE_ABORTED_BY_CALLBACK)
        return fail_with(err, method, url, "interrupted");
    if (res == CURLE_OPERATION_TIMEDOUT) {
        /* The connect timeout (at most 10 s) can fire before the total. */
        int64_t connect_ns = (int64_t)connect_ms * 1000000;
        bool connecting = connect_ns < timeout_ns && elapsed_ns < timeout_ns;
        Buf d = {0};
        format_duration_ns(&d, connecting ? connect_ns : timeout_ns);
        int rc = fail_with(err, method, url, "%s after %s",
                           connecting ? "connection timed out" : "timed out", d.data);
        buf_free(&d);
        return rc;
    }
    const char *what = curl_easy_strerror(res);
    char *detail = tidy_detail(errbuf, what);
    int rc = *detail ? fail_with(err, method, url, "%s (%s)", what, detail)
                     : fail_with(err, method, url, "%s", what);
    free(detail);
    return rc;
}

int http_request(const HttpSpec *spec, HttpResponse *resp, char **err)
{
    const char *method = spec->method && *spec->method ? spec->method : "GET";
    const char *url = spec->url ? spec->url : "";
    if (err)
        *err = NULL;

    if (!is_token_n(method, strlen(method))) {
        char shown[64];
        token_for_message(shown, sizeof shown, method, strlen(method));
        return fail_with(err, NULL, url, "invalid HTTP method \"%s\"", shown);
    }
    if (!*url)
        return fail_with(err, method, url, "empty URL");
    if (!strstr(url, "://"))
        return fail_with(err, method, url, "URL has no scheme (want http:// or https://)");
    if (proc_interrupted())
        return fail_with(err, method, url, "interrupted");

    if (!curl_ready())
        return fail_with(err, method, url, "%s", curl_load_error[0] ? curl_load_error : "cannot initialise libcurl");
    if (!shared_handle && !(shared_handle = curl_easy_init()))
        return fail_with(err, method, url, "cannot initialise libcurl");
    CURL *h = shared_handle;
    curl_easy_reset(h);

    struct curl_slist *headers = NULL;
    if (build_headers(spec, method, &headers, err) < 0)
        return -1;

    int64_t timeout_ns = spec->timeout_ns > 0 ? spec->timeout_ns : HTTP_DEFAULT_TIMEOUT_NS;
    long timeout_ms = (long)(timeout_ns / 1000000 + (timeout_ns % 1000000 != 0));
    long connect_ms = timeout_ms < HTTP_CONNECT_TIMEOUT_MS ? timeout_ms : HTTP_CONNECT_TIMEOUT_MS;

    Transfer t = {.resp = resp,
                  .max_body = spec->max_body ? spec->max_body : HTTP_DEFAULT_MAX_BODY};
    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    CURLcode setup_rc = CURLE_OK;
    set_options(h, spec, method, headers, timeout_ms, connect_ms, &t, errbuf, &setup_rc);

    int rc;
    if (setup_rc != CURLE_OK) {
        rc = fail_with(err, method, url, "cannot set up the request: %s",
                       curl_easy_strerror(setup_rc));
    } else {
        int64_t start = clock_monotonic_ns();
        CURLcode res = curl_easy_perform(h);
        resp->duration_ns = clock_monotonic_ns() - start;

        char *eff = NULL;
        if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
            resp->effective_url = xstrdup(eff);
        long status = 0;
        if (curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK)
            resp->status = status;
        if (!resp->body.data)
            buf_add(&resp->body, "", 0); /* a body is a string, even when empty */

        rc = res == CURLE_OK ? 0
                             : transfer_error(res, errbuf, method, url, resp->duration_ns,
                                              timeout_ns, connect_ms, err);
    }

    /* Leave no pointer into this call's stack or the caller's spec in the
     * shared handle; its connection cache survives the reset. */
    curl_easy_reset(h);
    curl_slist_free_all(headers);
    return rc;
}
