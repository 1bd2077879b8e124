/* test_http.c — src/http.c against a real HTTP server: tests/servers/httpd.py,
 * started here on a free port of 127.0.0.1 and stopped at the end (the server
 * also exits by itself if this program dies). No mock of libcurl. */
#include "unit.h"

#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "http.h"
#include "proc.h"

#define MS 1000000LL

#include "httpd_fixture.h"

/* --- helpers --------------------------------------------------------------- */

typedef struct Req {
    const char *method;
    const char *path; /* "/…" is appended to base_url; anything else is the URL */
    char *const *headers;
    const char *body;
    size_t body_len;
    int64_t timeout_ns;
    size_t max_body;
} Req;

static int request(Req r, HttpResponse *resp, char **err)
{
    char *url = r.path[0] == '/' ? xasprintf("%s%s", base_url, r.path) : xstrdup(r.path);
    HttpSpec spec = {
        .method = r.method ? r.method : "GET",
        .url = url,
        .headers = r.headers,
        .body = r.body,
        .body_len = r.body && !r.body_len ? strlen(r.body) : r.body_len,
        .timeout_ns = r.timeout_ns ? r.timeout_ns : 10000 * MS,
        .max_body = r.max_body,
    };
    memset(resp, 0, sizeof *resp);
    *err = NULL;
    int rc = http_request(&spec, resp, err);
    free(url);
    return rc;
}

static const char *header(const HttpResponse *resp, const char *name)
{
    for (size_t i = 0; i < resp->nheaders; i++)
        if (strcmp(resp->header_names[i], name) == 0)
            return resp->header_values[i];
    return NULL;
}

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

/* An http_request that must succeed; on failure the test records it. */
#define REQUEST_OK(r, resp)                                                   \
    do {                                                                      \
        char *req_err_ = NULL;                                                \
        int req_rc_ = request((r), (resp), &req_err_);                        \
        if (req_rc_ != 0)                                                     \
            unit_fail_(__FILE__, __LINE__, "request failed: %s",              \
                       req_err_ ? req_err_ : "(no message)");                 \
        free(req_err_);                                                       \
        if (req_rc_ != 0) {                                                   \
            http_response_free(resp);                                         \
            return;                                                           \
        }                                                                     \
    } while (0)

/* --- tests ----------------------------------------------------------------- */

TEST(get_200_with_body)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.path = "/health"}), &resp);
    CHECK_EQ_INT(resp.status, 200);
    CHECK_EQ_STR(resp.body.data, "{\"status\": \"ok\"}\n");
    CHECK(!resp.body_truncated);
    CHECK(resp.duration_ns > 0);
    CHECK_CONTAINS(resp.effective_url, "/health");
    http_response_free(&resp);
}

TEST(head_has_headers_and_no_body)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.method = "HEAD", .path = "/json"}), &resp);
    CHECK_EQ_INT(resp.status, 200);
    CHECK_EQ_INT(resp.body.len, 0);
    CHECK_EQ_STR(resp.body.data, "");
    CHECK_EQ_STR(header(&resp, "content-type"), "application/json");
    CHECK(header(&resp, "content-length") && atoi(header(&resp, "content-length")) > 0);
    http_response_free(&resp);
}

TEST(post_json_body_and_content_type_echoed)
{
    char *hdrs[] = {"Content-Type: application/json", NULL};
    HttpResponse resp;
    REQUEST_OK(((Req){.method = "POST", .path = "/echo?x=1", .headers = hdrs,
                      .body = "{\"replicas\": 3}"}),
               &resp);
    CHECK_EQ_INT(resp.status, 200);
    CHECK_CONTAINS(resp.body.data, "\"method\": \"POST\"");
    CHECK_CONTAINS(resp.body.data, "\"path\": \"/echo\"");
    CHECK_CONTAINS(resp.body.data, "\"query\": {\"x\": \"1\"}");
    CHECK_CONTAINS(resp.body.data, "\"content-type\": \"application/json\"");
    CHECK_CONTAINS(resp.body.data, "\"body\": \"{\\\"replicas\\\": 3}\"");
    CHECK_CONTAINS(resp.body.data, "\"user-agent\": \"runbook/");
    CHECK(!contains(resp.body.data, "\"expect\""));
    http_response_free(&resp);
}

TEST(other_methods_echoed)
{
    const char *methods[] = {"PUT", "DELETE", "PATCH", "OPTIONS", "PURGE"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++) {
        HttpResponse resp;
        bool with_body = i % 2 == 0;
        REQUEST_OK(((Req){.method = methods[i], .path = "/echo",
                          .body = with_body ? "payload" : NULL}),
                   &resp);
        char *want = xasprintf("\"method\": \"%s\"", methods[i]);
        CHECK_CONTAINS(resp.body.data, want);
        free(want);
        CHECK_CONTAINS(resp.body.data, with_body ? "\"body\": \"payload\"" : "\"body\": \"\"");
        http_response_free(&resp);
    }
}

TEST(post_without_body_sends_content_length_0)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.method = "POST", .path = "/echo"}), &resp);
    CHECK_CONTAINS(resp.body.data, "\"method\": \"POST\"");
    CHECK_CONTAINS(resp.body.data, "\"content-length\": \"0\"");
    http_response_free(&resp);
}

TEST(custom_headers_sent)
{
    char *hdrs[] = {"X-Runbook-Step: deploy", "Authorization: Bearer t0k3n",
                    "User-Agent: custom/1", "X-Empty:", NULL};
    HttpResponse resp;
    REQUEST_OK(((Req){.path = "/echo", .headers = hdrs}), &resp);
    CHECK_CONTAINS(resp.body.data, "\"x-runbook-step\": \"deploy\"");
    CHECK_CONTAINS(resp.body.data, "\"authorization\": \"Bearer t0k3n\"");
    CHECK_CONTAINS(resp.body.data, "\"user-agent\": \"custom/1\"");
    CHECK_CONTAINS(resp.body.data, "\"x-empty\": \"\"");
    http_response_free(&resp);
}

TEST(header_with_line_break_refused)
{
    char *hdrs[] = {"X-A: s3cret\r\nX-Injected: 2", NULL};
    HttpResponse resp;
    char *err;
    CHECK_EQ_INT(request((Req){.path = "/echo", .headers = hdrs}, &resp, &err), -1);
    CHECK_CONTAINS(err, "invalid header \"X-A\" (line break in the value)");
    CHECK(!contains(err, "s3cret"));
    free(err);
    http_response_free(&resp);
    char *bad_name[] = {"X A: 1", NULL};
    CHECK_EQ_INT(request((Req){.path = "/echo", .headers = bad_name}, &resp, &err), -1);
    CHECK_CONTAINS(err, "invalid header \"X A\" (the name is not a valid token)");
    free(err);
    http_response_free(&resp);
}

TEST(invalid_method_refused)
{
    HttpResponse resp;
    char *err;
    CHECK_EQ_INT(request((Req){.method = "GET /x HTTP/1.1\r\n", .path = "/echo"}, &resp, &err),
                 -1);
    CHECK_CONTAINS(err, "invalid HTTP method \"GET /x HTTP/1.1??\"");
    free(err);
    http_response_free(&resp);
}

TEST(status_404_and_503_are_responses)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.path = "/status/404"}), &resp);
    CHECK_EQ_INT(resp.status, 404);
    CHECK_EQ_STR(resp.body.data, "status 404");
    http_response_free(&resp);
    REQUEST_OK(((Req){.path = "/status/503"}), &resp);
    CHECK_EQ_INT(resp.status, 503);
    CHECK_EQ_STR(resp.body.data, "status 503");
    http_response_free(&resp);
}

TEST(redirect_followed_to_final_status)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.path = "/redirect?to=/status/418"}), &resp);
    CHECK_EQ_INT(resp.status, 418);
    CHECK_EQ_STR(resp.body.data, "status 418");
    char *want = xasprintf("%s/status/418", base_url);
    CHECK_EQ_STR(resp.effective_url, want);
    free(want);
    /* The headers are the final response's, not the 302's. */
    CHECK(header(&resp, "location") == NULL);
    CHECK_EQ_STR(header(&resp, "content-type"), "text/plain; charset=utf-8");
    http_response_free(&resp);
}

TEST(redirect_keeps_post_and_body)
{
    const int statuses[] = {301, 302, 303, 307, 308};
    for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
        char *path = xasprintf("/redirect?to=/echo&status=%d", statuses[i]);
        HttpResponse resp;
        REQUEST_OK(((Req){.method = "POST", .path = path, .body = "hello"}), &resp);
        free(path);
        CHECK_EQ_INT(resp.status, 200);
        CHECK_CONTAINS(resp.body.data, "\"method\": \"POST\"");
        CHECK_CONTAINS(resp.body.data, "\"body\": \"hello\"");
        http_response_free(&resp);
    }
}

TEST(redirect_loop_is_an_error)
{
    HttpResponse resp;
    char *err;
    CHECK_EQ_INT(request((Req){.path = "/loop"}, &resp, &err), -1);
    CHECK_CONTAINS(err, "redirect");
    free(err);
    http_response_free(&resp);
}

TEST(response_headers_parsed)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.path = "/response-headers?X-Trace-Id=%20%20abc%20%20&X-Two=2"}), &resp);
    CHECK_EQ_INT(resp.status, 200);
    CHECK_EQ_STR(header(&resp, "x-trace-id"), "abc");
    CHECK_EQ_STR(header(&resp, "x-two"), "2");
    CHECK_EQ_STR(header(&resp, "content-type"), "text/plain; charset=utf-8");
    CHECK(header(&resp, "X-Two") == NULL); /* names are lower-cased */
    http_response_free(&resp);
    REQUEST_OK(((Req){.path = "/json"}), &resp);
    CHECK_EQ_STR(header(&resp, "content-type"), "application/json");
    CHECK_CONTAINS(resp.body.data, "\"service\": \"payments\"");
    http_response_free(&resp);
}

TEST(timeout_is_an_error)
{
    HttpResponse resp;
    char *err;
    int64_t start = clock_monotonic_ns();
    CHECK_EQ_INT(request((Req){.path = "/slow?ms=3000", .timeout_ns = 500 * MS}, &resp, &err),
                 -1);
    int64_t took = clock_monotonic_ns() - start;
    CHECK_CONTAINS(err, "timed out after 500ms");
    CHECK_CONTAINS(err, "GET http://127.0.0.1:");
    CHECK(took < 2000 * MS);
    free(err);
    http_response_free(&resp);
}

TEST(connection_refused_is_an_error)
{
    /* A port that was free a moment ago: nothing listens there. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof sa;
    REQUIRE(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0);
    REQUIRE(getsockname(fd, (struct sockaddr *)&sa, &len) == 0);
    close(fd);
    char *url = xasprintf("http://127.0.0.1:%d/x", ntohs(sa.sin_port));
    HttpResponse resp;
    char *err;
    CHECK_EQ_INT(request((Req){.path = url}, &resp, &err), -1);
    char *want = xasprintf("GET %s: Couldn't connect to server (Failed to connect to 127.0.0.1 "
                           "port %d)", url, ntohs(sa.sin_port));
    CHECK_EQ_STR(err, want);
    free(want);
    free(url);
    free(err);
    http_response_free(&resp);
}

TEST(max_body_truncates)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.path = "/bytes?n=100000", .max_body = 1000}), &resp);
    CHECK_EQ_INT(resp.status, 200);
    CHECK_EQ_INT(resp.body.len, 1000);
    CHECK(resp.body_truncated);
    CHECK_EQ_MEM(resp.body.data, "0123456789", 10);
    CHECK_EQ_INT(resp.body.data[1000], '\0');
    http_response_free(&resp);
    REQUEST_OK(((Req){.path = "/bytes?n=1000", .max_body = 1000}), &resp);
    CHECK_EQ_INT(resp.body.len, 1000);
    CHECK(!resp.body_truncated);
    http_response_free(&resp);
}

TEST(binary_body_round_trip)
{
    char data[4096];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (char)(i * 7 % 256);
    data[0] = '\0';
    data[100] = '\0';
    char *hdrs[] = {"Content-Type: application/octet-stream", NULL};
    HttpResponse resp;
    REQUEST_OK(((Req){.method = "PUT", .path = "/mirror", .headers = hdrs, .body = data,
                      .body_len = sizeof data}),
               &resp);
    CHECK_EQ_INT(resp.status, 200);
    REQUIRE_EQ_INT(resp.body.len, sizeof data);
    CHECK_EQ_MEM(resp.body.data, data, sizeof data);
    CHECK_EQ_STR(header(&resp, "content-type"), "application/octet-stream");
    http_response_free(&resp);
}

TEST(https_to_plain_port_fails)
{
    char *url = xasprintf("https%s/health", base_url + strlen("http"));
    HttpResponse resp;
    char *err;
    CHECK_EQ_INT(request((Req){.path = url}, &resp, &err), -1);
    CHECK_CONTAINS(err, url);
    CHECK(err && strlen(err) > strlen(url) + 8);
    free(url);
    free(err);
    http_response_free(&resp);
}

TEST(only_http_and_https)
{
    HttpResponse resp;
    char *err;
    CHECK_EQ_INT(request((Req){.path = "file:///etc/passwd"}, &resp, &err), -1);
    CHECK_CONTAINS(err, "file:///etc/passwd");
    CHECK_CONTAINS(err, "not supported");
    CHECK_EQ_INT(resp.body.len, 0);
    free(err);
    http_response_free(&resp);
    /* Nor through a redirect. */
    CHECK_EQ_INT(request((Req){.path = "/redirect?to=file:///etc/passwd"}, &resp, &err), -1);
    CHECK(err != NULL);
    CHECK(!contains(resp.body.data, "root:"));
    free(err);
    http_response_free(&resp);
    CHECK_EQ_INT(request((Req){.path = "127.0.0.1/x"}, &resp, &err), -1);
    CHECK_CONTAINS(err, "no scheme");
    free(err);
    http_response_free(&resp);
}

TEST(credentials_not_in_messages)
{
    HttpResponse resp;
    char *err;
    CHECK_EQ_INT(request((Req){.path = "http://user:s3cret@127.0.0.1:1/x"}, &resp, &err), -1);
    CHECK(err && !contains(err, "s3cret"));
    CHECK_CONTAINS(err, "GET http://127.0.0.1:1/x: ");
    free(err);
    http_response_free(&resp);
}

TEST(connection_reused)
{
    HttpResponse resp;
    REQUEST_OK(((Req){.path = "/conn"}), &resp);
    char *first = xstrdup(resp.body.data);
    http_response_free(&resp);
    for (int i = 0; i < 2; i++) {
        REQUEST_OK(((Req){.path = "/conn"}), &resp);
        CHECK_EQ_STR(resp.body.data, first); /* the same client port */
        http_response_free(&resp);
    }
    free(first);
}

TEST(large_body_sent_without_expect)
{
    size_t n = 3u << 20;
    char *big = xmalloc(n);
    memset(big, 'x', n);
    HttpResponse resp;
    int64_t start = clock_monotonic_ns();
    char *err;
    int rc = request((Req){.method = "POST", .path = "/echo", .body = big, .body_len = n},
                     &resp, &err);
    free(big);
    CHECK_EQ_INT(rc, 0);
    CHECK(clock_monotonic_ns() - start < 5000 * MS);
    CHECK_EQ_INT(resp.status, 200);
    CHECK_CONTAINS(resp.body.data, "\"content-length\": \"3145728\"");
    CHECK(!contains(resp.body.data, "\"expect\""));
    free(err);
    http_response_free(&resp);
}

TEST(server_flaky_and_record_routes)
{
    HttpResponse resp;
    long want[] = {503, 503, 200};
    for (int i = 0; i < 3; i++) {
        REQUEST_OK(((Req){.path = "/flaky?name=t&fail=2"}), &resp);
        CHECK_EQ_INT(resp.status, want[i]);
        http_response_free(&resp);
    }
    char *hdrs[] = {"Content-Type: application/json", NULL};
    REQUEST_OK(((Req){.method = "POST", .path = "/record/hook", .headers = hdrs,
                      .body = "{\"text\": \"deployed\"}"}),
               &resp);
    CHECK_EQ_INT(resp.status, 202);
    http_response_free(&resp);
    char *path = xasprintf("%s/requests.jsonl", scratch);
    char *data = NULL;
    size_t len;
    CHECK_EQ_INT(read_whole_file(path, &data, &len), 0);
    CHECK_CONTAINS(data, "\"path\": \"/record/hook\"");
    CHECK_CONTAINS(data, "\"body\": \"{\\\"text\\\": \\\"deployed\\\"}\"");
    free(data);
    free(path);
}

/* Last: once interrupted, the process stays interrupted. */
TEST(interrupt_stops_a_transfer)
{
    proc_signals_install();
    pid_t parent = getpid();
    pid_t killer = fork();
    REQUIRE(killer >= 0);
    if (killer == 0) {
        usleep(300 * 1000);
        kill(parent, SIGINT);
        _exit(0);
    }
    HttpResponse resp;
    char *err;
    int64_t start = clock_monotonic_ns();
    CHECK_EQ_INT(request((Req){.path = "/slow?ms=5000"}, &resp, &err), -1);
    int64_t took = clock_monotonic_ns() - start;
    while (waitpid(killer, NULL, 0) < 0 && errno == EINTR) {
    }
    CHECK_CONTAINS(err, "interrupted");
    CHECK(took < 2500 * MS);
    free(err);
    http_response_free(&resp);
    /* And no new request starts. */
    CHECK_EQ_INT(request((Req){.path = "/health"}, &resp, &err), -1);
    CHECK_CONTAINS(err, "interrupted");
    free(err);
    http_response_free(&resp);
}

int main(int argc, char **argv)
{
    /* A proxy from the environment must not stand between us and 127.0.0.1. */
    setenv("no_proxy", "127.0.0.1,localhost", 1);
    setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    http_global_init();
    if (server_start("test_http") < 0) {
        server_stop();
        printf("not ok - server_start: tests/servers/httpd.py did not start\n");
        return 1;
    }
    int rc = unit_main_(argc, argv);
    server_stop();
    http_global_cleanup();
    return rc;
}
