/* result.h — the `result` value a command returns (LANGUAGE.md §5): ok,
 * status, stdout, stderr, duration, lines, and json/yaml parsed on first use
 * through libyaml; for http also body and headers. Immutable once built;
 * the parsed caches are filled lazily but never change what a field reads. */
#ifndef RUNBOOK_RESULT_H
#define RUNBOOK_RESULT_H

#include "value.h"

typedef struct Result {
    Obj hdr;
    bool ok;
    bool is_http;
    int64_t status;      /* exit status, or the HTTP status */
    int64_t duration_ns;
    Value out;           /* stdout (the body for http), a string */
    Value err;           /* stderr ("" for http), a string */
    Value headers;       /* http: map of lower-cased names, else null */
    char *label;         /* the command as shown, for error messages */
    char *why;           /* when !ok: "exited with status 1", "returned HTTP 503: …" */
    Value json, yaml;    /* parsed caches, T_ABSENT until first use */
} Result;

/* Build a result. out/err/headers are taken (new references). */
Value result_new(bool ok, bool is_http, int64_t status, int64_t duration_ns, Value out,
                 Value err, Value headers, const char *label);

/* Field access that can fail: `r.json` of output that is not JSON is a
 * failure naming the command and the position. Returns 0 and *out (new
 * ref; null for an unknown field), or -1 and *err. */
int result_field(Value r, const char *name, size_t len, Value *out, char **err);

/* Registers T_RESULT with the value layer. Call once at start-up. */
void result_register(void);

#endif
