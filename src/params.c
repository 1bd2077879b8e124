/* params.c — parameter types and values: `-p name=value` text and
 * `--vars FILE.yaml` values coerced to the declared types before anything
 * runs. Messages describe the value; the caller adds the parameter name. */
#include "params.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

static const char *kind_name(int kind)
{
    switch (kind) {
    case TY_ANY: return "any";
    case TY_STRING: return "string";
    case TY_INT: return "int";
    case TY_FLOAT: return "float";
    case TY_BOOL: return "bool";
    case TY_DURATION: return "duration";
    case TY_LIST: return "list";
    case TY_MAP: return "map";
    case TY_SECRET: return "secret";
    case TY_ENUM: return "enum";
    default: return "?";
    }
}

char *param_type_describe(const ParamType *t)
{
    if (t->kind != TY_ENUM)
        return xstrdup(kind_name(t->kind));
    Buf b = {0};
    for (size_t i = 0; i < t->nmembers; i++) {
        if (i)
            buf_adds(&b, " | ");
        buf_add_json_string(&b, t->members[i], strlen(t->members[i]));
    }
    return buf_steal(&b);
}

void param_type_free(ParamType *t)
{
    for (size_t i = 0; i < t->nmembers; i++)
        free(t->members[i]);
    free(t->members);
    t->members = NULL;
    t->nmembers = 0;
}

/* The value as an error message shows it: quoted, masked, cut short. */
static char *shown(Value v)
{
    Buf b = {0};
    val_repr(v, &b);
    if (b.len > 60) {
        b.len = 57;
        while (b.len && ((unsigned char)b.data[b.len] & 0xC0) == 0x80)
            b.len--;
        b.data[b.len] = '\0';
        buf_adds(&b, "...");
    }
    return buf_steal(&b);
}

static int mismatch(const ParamType *t, Value in, char **err, const char *hint)
{
    char *want = param_type_describe(t);
    char *got = shown(in);
    *err = xasprintf("expected %s, got %s%s", want, got, hint ? hint : "");
    free(want);
    free(got);
    return -1;
}

static bool is_scalar(Value v)
{
    return v.type == T_INT || v.type == T_FLOAT || v.type == T_BOOL || v.type == T_DURATION;
}

/* The text of a string or scalar (YAML `tag: 123` is "123"). */
static Value as_text(Value in)
{
    if (in.type == T_STRING)
        return val_retain(in);
    Buf b = {0};
    val_to_buf(in, &b, false);
    return val_string_take(&b, false);
}

/* Type a string by the YAML core schema, surrounding blanks ignored. */
static Value resolve_text(Value in)
{
    const char *s = val_str(in)->data;
    size_t n = val_str(in)->len;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0) /* "" is no number, not null */
        return val_string("", 0);
    return data_resolve_plain(s, n);
}

int param_coerce(const ParamType *t, Value in, Value *out, char **err)
{
    switch (t->kind) {
    case TY_ANY:
        *out = val_retain(in);
        return 0;
    case TY_STRING:
        if (in.type != T_STRING && !is_scalar(in))
            return mismatch(t, in, err, NULL);
        *out = as_text(in);
        return 0;
    case TY_SECRET:
        if (in.type != T_STRING && !is_scalar(in))
            return mismatch(t, in, err, NULL);
        {
            Value s = as_text(in);
            *out = val_make_secret(s);
            val_release(s);
        }
        return 0;
    case TY_INT:
    case TY_FLOAT:
    case TY_BOOL: {
        Value v = in.type == T_STRING ? resolve_text(in) : val_retain(in);
        int want = t->kind == TY_INT ? T_INT : t->kind == TY_FLOAT ? T_FLOAT : T_BOOL;
        if (v.type == T_INT && want == T_FLOAT)
            v = val_float((double)v.as.i);
        if (v.type != want) {
            val_release(v);
            return mismatch(t, in, err, NULL);
        }
        *out = v;
        return 0;
    }
    case TY_DURATION: {
        int64_t ns;
        if (in.type == T_DURATION) {
            *out = in;
            return 0;
        }
        if (in.type == T_STRING && parse_duration(val_str(in)->data, val_str(in)->len, &ns) == 0) {
            *out = val_duration(ns);
            return 0;
        }
        if (in.type == T_STRING) { /* "30" from -p: a number without a unit */
            Value r = resolve_text(in);
            bool num = r.type == T_INT || r.type == T_FLOAT;
            val_release(r);
            if (num)
                return mismatch(t, in, err, " (a duration needs a unit, e.g. 30s or 5m)");
        }
        if (in.type == T_INT || in.type == T_FLOAT)
            return mismatch(t, in, err, " (a duration needs a unit, e.g. 30s or 5m)");
        return mismatch(t, in, err, NULL);
    }
    case TY_LIST:
    case TY_MAP: {
        int want = t->kind == TY_LIST ? T_LIST : T_MAP;
        if (in.type == want) {
            *out = val_retain(in);
            return 0;
        }
        if (in.type == T_STRING) {
            Value v;
            char *e = NULL;
            if (data_parse_yaml(val_str(in)->data, val_str(in)->len, &v, &e) == 0) {
                if (v.type == want) {
                    if (val_is_secret(in)) {
                        *out = val_make_secret(v);
                        val_release(v);
                    } else {
                        *out = v;
                    }
                    return 0;
                }
                val_release(v);
            }
            free(e);
        }
        return mismatch(t, in, err, NULL);
    }
    case TY_ENUM:
        if (in.type == T_STRING || is_scalar(in)) {
            Value s = as_text(in);
            for (size_t i = 0; i < t->nmembers; i++)
                if (strlen(t->members[i]) == val_str(s)->len &&
                    memcmp(t->members[i], val_str(s)->data, val_str(s)->len) == 0) {
                    *out = s;
                    return 0;
                }
            val_release(s);
        }
        {
            Buf b = {0};
            buf_adds(&b, "must be one of ");
            for (size_t i = 0; i < t->nmembers; i++) {
                if (i)
                    buf_adds(&b, ", ");
                buf_add_json_string(&b, t->members[i], strlen(t->members[i]));
            }
            char *got = shown(in);
            buf_printf(&b, "; got %s", got);
            free(got);
            *err = buf_steal(&b);
        }
        return -1;
    default:
        *err = xasprintf("internal error: unknown parameter type %d", t->kind);
        return -1;
    }
}

void paramset_init(ParamSet *ps) { ps->values = map_new(8); }

void paramset_free(ParamSet *ps)
{
    if (ps->values)
        val_release(val_obj(&ps->values->hdr));
    ps->values = NULL;
}

static bool is_identifier(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return false;
    }
    return true;
}

int paramset_add_assignment(ParamSet *ps, const char *text, char **err)
{
    const char *eq = strchr(text, '=');
    if (!eq) {
        Value t = val_cstring(text);
        char *got = shown(t);
        val_release(t);
        *err = xasprintf("expected NAME=VALUE, got %s", got);
        free(got);
        return -1;
    }
    size_t n = (size_t)(eq - text);
    if (!is_identifier(text, n)) {
        Value t = val_string(text, n);
        char *got = shown(t);
        val_release(t);
        *err = xasprintf("%s is not a parameter name", got);
        free(got);
        return -1;
    }
    Value key = val_string(text, n);
    map_put(ps->values, val_str(key), val_cstring(eq + 1));
    val_release(key);
    return 0;
}

int paramset_add_vars_file(ParamSet *ps, const char *path, char **err)
{
    char *text;
    size_t len;
    if (read_whole_file(path, &text, &len) < 0) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        return -1;
    }
    Value v;
    char *e;
    int line, col;
    int rc = data_parse_yaml_at(text, len, &v, &e, &line, &col);
    free(text);
    if (rc < 0) {
        *err = xasprintf("%s:%d:%d: %s", path, line, col, e);
        free(e);
        return -1;
    }
    if (v.type == T_NULL) /* an empty file (or only comments) sets nothing */
        return 0;
    if (v.type != T_MAP) {
        val_release(v);
        *err = xasprintf("%s: expected a map of parameter names to values at the top level",
                         path);
        return -1;
    }
    Map *m = val_map(v);
    for (size_t i = 0; i < m->len; i++)
        map_put(ps->values, m->keys[i], val_retain(m->vals[i]));
    val_release(v);
    return 0;
}
