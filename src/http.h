/* http.h — one HTTP request through libcurl, in process: method, URL,
 * headers, body, timeout, redirects followed, TLS verified unless insecure.
 * Knows nothing about the runbook language. */
#ifndef RUNBOOK_HTTP_H
#define RUNBOOK_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef struct HttpSpec {
    const char *method;          /* "GET", "POST", … (any token) */
    const char *url;
    char *const *headers;        /* NULL-terminated "Name: value" lines, or NULL */
    const char *body;            /* NULL: no body */
    size_t body_len;
    int64_t timeout_ns;          /* whole request; 0 means 30 s */
    bool insecure;               /* skip TLS verification */
    size_t max_body;             /* bytes kept of the response body; 0 means 64 MiB */
} HttpSpec;

typedef struct HttpResponse {
    long status;                 /* final status after redirects */
    Buf body;
    bool body_truncated;
    char **header_names;         /* final response's headers, names lower-cased, in order */
    char **header_values;
    size_t nheaders;
    char *effective_url;         /* after redirects */
    int64_t duration_ns;
} HttpResponse;

/* Call once before any request (curl_global_init). */
void http_global_init(void);
void http_global_cleanup(void);

/* Perform the request. Returns 0 when an HTTP response arrived (any status:
 * the caller decides what >= 400 means), -1 on a transport error with *err
 * set (e.g. "connection refused (127.0.0.1:8080)", "timed out after 5s",
 * "SSL certificate problem: …", "interrupted"). resp must be zeroed by the
 * caller and freed with http_response_free. Stops early when the run is
 * interrupted (proc_interrupted()). */
int http_request(const HttpSpec *spec, HttpResponse *resp, char **err);
void http_response_free(HttpResponse *resp);

#endif
