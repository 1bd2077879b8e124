/* result.c — command results. See result.h. */
#include "result.h"

#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "data.h"

static void result_free(Obj *o)
{
    Result *r = (Result *)o;
    val_release(r->out);
    val_release(r->err);
    val_release(r->headers);
    val_release(r->json);
    val_release(r->yaml);
    free(r->label);
    free(r->why);
    free(r);
}

/* String context: stdout without its final newline (one \n or \r\n). */
static void result_to_string(Obj *o, Buf *b, bool mask_secrets)
{
    Result *r = (Result *)o;
    const Str *s = val_str(r->out);
    size_t n = s->len;
    if (n > 0 && s->data[n - 1] == '\n') {
        n--;
        if (n > 0 && s->data[n - 1] == '\r')
            n--;
    }
    if (mask_secrets && s->secret)
        buf_adds(b, "***");
    else
        buf_add(b, s->data, n);
}

static bool result_truthy(Obj *o) { return ((Result *)o)->ok; }

static int parse_cached(Result *r, Value *cache, bool json, Value *out, char **err)
{
    if (cache->type == T_ABSENT) {
        const Str *s = val_str(r->out);
        char *why = NULL;
        Value v;
        int rc = json ? data_parse_json(s->data, s->len, &v, &why)
                      : data_parse_yaml(s->data, s->len, &v, &why);
        if (rc < 0) {
            *err = xasprintf("output of `%s` is not valid %s: %s", r->label, json ? "JSON" : "YAML", why);
            free(why);
            return -1;
        }
        *cache = v;
    }
    *out = val_retain(*cache);
    return 0;
}

static bool is(const char *name, size_t len, const char *want)
{
    return strlen(want) == len && memcmp(name, want, len) == 0;
}

int result_field(Value rv, const char *name, size_t len, Value *out, char **err)
{
    Result *r = (Result *)rv.as.obj;
    if (is(name, len, "ok"))
        *out = val_bool(r->ok);
    else if (is(name, len, "status"))
        *out = val_int(r->status);
    else if (is(name, len, "stdout") || (r->is_http && is(name, len, "body")))
        *out = val_retain(r->out);
    else if (is(name, len, "stderr"))
        *out = val_retain(r->err);
    else if (is(name, len, "duration"))
        *out = val_duration(r->duration_ns);
    else if (is(name, len, "headers"))
        *out = val_retain(r->headers);
    else if (is(name, len, "lines"))
        return builtin_call(BI_lines, &r->out, 1, out, err);
    else if (is(name, len, "json"))
        return parse_cached(r, &r->json, true, out, err);
    else if (is(name, len, "yaml"))
        return parse_cached(r, &r->yaml, false, out, err);
    else
        *out = val_null();
    return 0;
}

/* The vtable's field cannot fail: a parse error reads as null there. The
 * VM uses result_field so that the error is reported. */
static Value result_field_quiet(Obj *o, const char *name, size_t len)
{
    Value v = val_obj(o), out;
    char *err = NULL;
    if (result_field(v, name, len, &out, &err) < 0) {
        free(err);
        return val_null();
    }
    return out;
}

static const ObjVtable result_vtable = {
    .free = result_free,
    .field = result_field_quiet,
    .to_string = result_to_string,
    .type_name = "result",
    .truthy = result_truthy,
};

void result_register(void) { val_register_type(T_RESULT, &result_vtable); }

Value result_new(bool ok, bool is_http, int64_t status, int64_t duration_ns, Value out,
                 Value err, Value headers, const char *label)
{
    Result *r = xcalloc(1, sizeof *r);
    r->hdr.refcount = 1;
    r->hdr.type = T_RESULT;
    r->ok = ok;
    r->is_http = is_http;
    r->status = status;
    r->duration_ns = duration_ns;
    r->out = out;
    r->err = err;
    r->headers = headers;
    r->label = xstrdup(label ? label : "command");
    r->json = val_absent();
    r->yaml = val_absent();
    return val_obj(&r->hdr);
}
