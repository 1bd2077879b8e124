/* builtins.c — the built-in functions of LANGUAGE.md §2. The table in
 * builtins.h is the truth; this file has one function per entry. Builtins
 * never print, and a string made from a secret is a secret. In plan mode an
 * unknown argument makes an unknown result. */
#include "builtins.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "data.h"

const BuiltinInfo builtin_info[BI__COUNT] = {
#define X(name, lo, hi, eff, doc) {#name, lo, hi, eff, doc},
    BUILTIN_LIST(X)
#undef X
};

int builtin_lookup(const char *name)
{
    for (int i = 0; i < BI__COUNT; i++) /* the checker asks for every let name */
        if (builtin_info[i].name[0] == name[0] && strcmp(builtin_info[i].name, name) == 0)
            return i;
    return -1;
}

typedef struct Call {
    const char *name;
    Value *args;
    int argc;
    Value *out;
    char **err;
} Call;

static int fail(Call *c, const char *fmt, ...) RB_PRINTF(2, 3);
static int fail(Call *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = xvasprintf(fmt, ap);
    va_end(ap);
    *c->err = xasprintf("%s: %s", c->name, m);
    free(m);
    return -1;
}

/* Adopt an error from a value operation, prefixed with the function. */
static int fail_with(Call *c, char *e)
{
    *c->err = xasprintf("%s: %s", c->name, e);
    free(e);
    return -1;
}

static int ok(Call *c, Value v)
{
    *c->out = v;
    return 0;
}

/* Check argument i's type: "expected a string, got int" for the main
 * argument (what == NULL), "sep must be a string, got int" for others. */
static int want(Call *c, int i, int type, const char *what)
{
    if (c->args[i].type == type)
        return 0;
    const char *tn = type == T_STRING ? "string"
                     : type == T_LIST ? "list"
                     : type == T_MAP ? "map"
                     : type == T_DURATION ? "duration"
                                          : "value";
    if (!what)
        return fail(c, "expected a %s, got %s", tn, val_type_name(c->args[i]));
    return fail(c, "%s must be a %s, got %s", what, tn, val_type_name(c->args[i]));
}

static Str *S(Call *c, int i) { return val_str(c->args[i]); }

/* Is any argument a secret (deeply)? Then a string result is secret. */
static bool any_secret(Call *c)
{
    for (int i = 0; i < c->argc; i++)
        if (val_has_secret(c->args[i]))
            return true;
    return false;
}

static Value make_str(Call *c, const char *s, size_t n)
{
    return any_secret(c) ? val_secret(s, n) : val_string(s, n);
}

static Value take_str(Call *c, Buf *b) { return val_string_take(b, any_secret(c)); }

/* ---- the functions ---------------------------------------------------- */

static size_t utf8_count(const char *s, size_t n)
{
    /* Code points: every byte that is not a continuation byte starts one,
     * so an invalid byte counts as one character. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static int bi_len(Call *c)
{
    Value v = c->args[0];
    switch (v.type) {
    case T_STRING: return ok(c, val_int((int64_t)utf8_count(val_str(v)->data, val_str(v)->len)));
    case T_LIST: return ok(c, val_int((int64_t)val_list(v)->len));
    case T_MAP: return ok(c, val_int((int64_t)val_map(v)->len));
    default: return fail(c, "expected a string, list or map, got %s", val_type_name(v));
    }
}

static int bi_keys(Call *c)
{
    if (want(c, 0, T_MAP, NULL))
        return -1;
    Map *m = val_map(c->args[0]);
    List *l = list_new(m->len);
    for (size_t i = 0; i < m->len; i++)
        l->items[i] = val_retain(val_obj(&m->keys[i]->hdr));
    return ok(c, val_obj(&l->hdr));
}

static int bi_values(Call *c)
{
    if (want(c, 0, T_MAP, NULL))
        return -1;
    Map *m = val_map(c->args[0]);
    return ok(c, val_list_from(m->vals, m->len));
}

static int bi_str(Call *c)
{
    if (c->args[0].type == T_STRING)
        return ok(c, val_retain(c->args[0]));
    Buf b = {0};
    val_to_buf(c->args[0], &b, false);
    return ok(c, take_str(c, &b));
}

static bool is_space(char ch) { return ch == ' ' || (ch >= '\t' && ch <= '\r'); }

static void trim_span(const char **s, size_t *n)
{
    while (*n && is_space(**s))
        (*s)++, (*n)--;
    while (*n && is_space((*s)[*n - 1]))
        (*n)--;
}

/* Show an argument in an error message: quoted, masked, cut short. */
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

static int parse_int_text(const char *s, size_t n, int64_t *out)
{
    trim_span(&s, &n);
    Value v = data_resolve_plain(s, n);
    int rc = v.type == T_INT ? 0 : -1;
    if (!rc)
        *out = v.as.i;
    val_release(v);
    return rc;
}

static int parse_float_text(const char *s, size_t n, double *out)
{
    trim_span(&s, &n);
    Value v = data_resolve_plain(s, n);
    int rc = 0;
    if (v.type == T_INT)
        *out = (double)v.as.i;
    else if (v.type == T_FLOAT)
        *out = v.as.f;
    else
        rc = -1;
    val_release(v);
    return rc;
}

static int bi_int(Call *c)
{
    Value v = c->args[0];
    switch (v.type) {
    case T_INT: return ok(c, v);
    case T_BOOL: return ok(c, val_int(v.as.b));
    case T_FLOAT:
        if (!isfinite(v.as.f) || v.as.f >= 9223372036854775808.0 ||
            v.as.f < -9223372036854775808.0) {
            Buf b = {0};
            val_format_float(v.as.f, &b);
            int rc = fail(c, "%s is out of the int range", b.data);
            buf_free(&b);
            return rc;
        }
        return ok(c, val_int((int64_t)v.as.f));
    case T_STRING: {
        int64_t i;
        if (parse_int_text(S(c, 0)->data, S(c, 0)->len, &i) == 0)
            return ok(c, val_int(i));
        char *t = shown(v);
        int rc = fail(c, "cannot convert %s to int", t);
        free(t);
        return rc;
    }
    default: return fail(c, "cannot convert %s to int", val_type_name(v));
    }
}

static int bi_float(Call *c)
{
    Value v = c->args[0];
    switch (v.type) {
    case T_FLOAT: return ok(c, v);
    case T_INT: return ok(c, val_float((double)v.as.i));
    case T_STRING: {
        double f;
        if (parse_float_text(S(c, 0)->data, S(c, 0)->len, &f) == 0)
            return ok(c, val_float(f));
        char *t = shown(v);
        int rc = fail(c, "cannot convert %s to float", t);
        free(t);
        return rc;
    }
    default: return fail(c, "cannot convert %s to float", val_type_name(v));
    }
}

static int bi_bool(Call *c)
{
    Value v = c->args[0];
    if (v.type == T_STRING) {
        Str *s = val_str(v);
        if (s->len == 4 && memcmp(s->data, "true", 4) == 0)
            return ok(c, val_bool(true));
        if (s->len == 5 && memcmp(s->data, "false", 5) == 0)
            return ok(c, val_bool(false));
    }
    return ok(c, val_bool(val_truthy(v)));
}

static int map_ascii(Call *c, int (*f)(int))
{
    if (want(c, 0, T_STRING, NULL))
        return -1;
    Str *s = S(c, 0);
    Buf b = {0};
    buf_reserve(&b, s->len);
    for (size_t i = 0; i < s->len; i++) {
        unsigned char ch = (unsigned char)s->data[i];
        buf_addc(&b, ch < 0x80 ? (char)f(ch) : (char)ch);
    }
    return ok(c, take_str(c, &b));
}

static int bi_lower(Call *c) { return map_ascii(c, tolower); }
static int bi_upper(Call *c) { return map_ascii(c, toupper); }

static int bi_trim(Call *c)
{
    if (want(c, 0, T_STRING, NULL))
        return -1;
    const char *s = S(c, 0)->data;
    size_t n = S(c, 0)->len;
    trim_span(&s, &n);
    return ok(c, make_str(c, s, n));
}

static const char *find_bytes(const char *h, size_t hn, const char *n, size_t nn)
{
    if (nn > hn)
        return NULL;
    const char *end = h + (hn - nn) + 1;
    for (const char *p = h; p < end;) {
        p = memchr(p, n[0], (size_t)(end - p));
        if (!p)
            return NULL;
        if (memcmp(p, n, nn) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* Pieces of a growing list. */
typedef struct Pieces {
    Value *v;
    size_t n, cap;
} Pieces;

static Value pieces_list(Pieces *p)
{
    List *l = list_new(p->n);
    for (size_t i = 0; i < p->n; i++)
        l->items[i] = p->v[i];
    free(p->v);
    return val_obj(&l->hdr);
}

static int bi_split(Call *c)
{
    if (want(c, 0, T_STRING, NULL) || want(c, 1, T_STRING, "sep"))
        return -1;
    Str *s = S(c, 0), *sep = S(c, 1);
    if (sep->len == 0)
        return fail(c, "sep must not be empty");
    bool secret = s->secret;
    Pieces p = {0};
    const char *at = s->data, *end = s->data + s->len;
    for (;;) {
        const char *hit = find_bytes(at, (size_t)(end - at), sep->data, sep->len);
        const char *stop = hit ? hit : end;
        Value piece = secret ? val_secret(at, (size_t)(stop - at))
                             : val_string(at, (size_t)(stop - at));
        VEC_PUSH(p.v, p.n, p.cap, piece);
        if (!hit)
            break;
        at = hit + sep->len;
    }
    return ok(c, pieces_list(&p));
}

static int bi_join(Call *c)
{
    if (want(c, 0, T_LIST, NULL) || want(c, 1, T_STRING, "sep"))
        return -1;
    List *l = val_list(c->args[0]);
    Str *sep = S(c, 1);
    Buf b = {0};
    for (size_t i = 0; i < l->len; i++) {
        if (i)
            buf_add(&b, sep->data, sep->len);
        val_to_buf(l->items[i], &b, false);
    }
    return ok(c, take_str(c, &b));
}

static int bi_lines(Call *c)
{
    if (want(c, 0, T_STRING, NULL))
        return -1;
    Str *s = S(c, 0);
    Pieces p = {0};
    const char *at = s->data, *end = s->data + s->len;
    while (at < end) {
        const char *nl = memchr(at, '\n', (size_t)(end - at));
        const char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - at);
        if (n && at[n - 1] == '\r')
            n--;
        Value line = s->secret ? val_secret(at, n) : val_string(at, n);
        VEC_PUSH(p.v, p.n, p.cap, line);
        at = nl ? nl + 1 : end;
    }
    return ok(c, pieces_list(&p));
}

static int bi_contains(Call *c)
{
    bool r;
    char *e;
    if (val_in(c->args[1], c->args[0], &r, &e) < 0)
        return fail_with(c, e);
    return ok(c, val_bool(r));
}

static int bi_starts_with(Call *c)
{
    if (want(c, 0, T_STRING, NULL) || want(c, 1, T_STRING, "the prefix"))
        return -1;
    Str *s = S(c, 0), *p = S(c, 1);
    return ok(c, val_bool(p->len <= s->len && memcmp(s->data, p->data, p->len) == 0));
}

static int bi_ends_with(Call *c)
{
    if (want(c, 0, T_STRING, NULL) || want(c, 1, T_STRING, "the suffix"))
        return -1;
    Str *s = S(c, 0), *p = S(c, 1);
    return ok(c, val_bool(p->len <= s->len &&
                          memcmp(s->data + s->len - p->len, p->data, p->len) == 0));
}

static int bi_replace(Call *c)
{
    if (want(c, 0, T_STRING, NULL) || want(c, 1, T_STRING, "old") ||
        want(c, 2, T_STRING, "new"))
        return -1;
    Str *s = S(c, 0), *old = S(c, 1), *rep = S(c, 2);
    if (old->len == 0)
        return fail(c, "old must not be empty");
    Buf b = {0};
    const char *at = s->data, *end = s->data + s->len;
    for (;;) {
        const char *hit = find_bytes(at, (size_t)(end - at), old->data, old->len);
        if (!hit)
            break;
        buf_add(&b, at, (size_t)(hit - at));
        buf_add(&b, rep->data, rep->len);
        at = hit + old->len;
    }
    buf_add(&b, at, (size_t)(end - at));
    return ok(c, take_str(c, &b));
}

static int bi_json(Call *c)
{
    Buf b = {0};
    data_write_json(c->args[0], &b, false);
    return ok(c, take_str(c, &b));
}

static int bi_yaml(Call *c)
{
    Buf b = {0};
    data_write_yaml(c->args[0], &b, false);
    return ok(c, take_str(c, &b));
}

static int parse_with(Call *c, int (*parse)(const char *, size_t, Value *, char **))
{
    if (want(c, 0, T_STRING, NULL))
        return -1;
    Value v;
    char *e;
    if (parse(S(c, 0)->data, S(c, 0)->len, &v, &e) < 0)
        return fail_with(c, e);
    if (S(c, 0)->secret) { /* data read from a secret stays secret */
        Value s = val_make_secret(v);
        val_release(v);
        v = s;
    }
    return ok(c, v);
}

static int bi_parse_json(Call *c) { return parse_with(c, data_parse_json); }
static int bi_parse_yaml(Call *c) { return parse_with(c, data_parse_yaml); }

static int bi_env(Call *c)
{
    if (want(c, 0, T_STRING, NULL))
        return -1;
    Str *s = S(c, 0);
    if (memchr(s->data, '\0', s->len))
        return ok(c, val_null());
    const char *v = getenv(s->data);
    return ok(c, v ? val_cstring(v) : val_null());
}

static int bi_now(Call *c)
{
    struct timespec ts;
    struct tm tm;
    char text[64];
    if (clock_gettime(CLOCK_REALTIME, &ts) < 0 || !gmtime_r(&ts.tv_sec, &tm) ||
        strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return fail(c, "cannot read the clock");
    return ok(c, val_cstring(text));
}

static int bi_format_duration(Call *c)
{
    if (want(c, 0, T_DURATION, NULL))
        return -1;
    Buf b = {0};
    format_duration_ns(&b, c->args[0].as.i);
    return ok(c, val_string_take(&b, false));
}

static int bi_default(Call *c)
{
    Value x = c->args[0];
    return ok(c, val_retain(x.type == T_NULL || x.type == T_ABSENT ? c->args[1] : x));
}

static int pick(Call *c, bool want_max)
{
    /* The second wins only when strictly better: on a tie (or NaN) the
     * first argument wins. Compared in argument order, so that an error
     * names the types as they were written. */
    bool second;
    char *e;
    if (val_compare(c->args[0], c->args[1], want_max ? '<' : '>', &second, &e) < 0)
        return fail_with(c, e);
    return ok(c, val_retain(c->args[second ? 1 : 0]));
}

static int bi_min(Call *c) { return pick(c, false); }
static int bi_max(Call *c) { return pick(c, true); }

/* Stable merge sort with val_compare; every element was checked to be of
 * one comparable kind first, so comparisons cannot fail. */
static void merge_sort(Value *v, Value *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(v, tmp, h);
    merge_sort(v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        bool lt = false;
        char *e = NULL;
        if (val_compare(v[j], v[i], '<', &lt, &e) < 0)
            free(e);
        tmp[k++] = lt ? v[j++] : v[i++];
    }
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

static int sort_kind(Value v)
{
    switch (v.type) {
    case T_INT:
    case T_FLOAT: return 1;
    case T_DURATION: return 2;
    case T_STRING: return 3;
    default: return 0;
    }
}

static int bi_sort(Call *c)
{
    if (want(c, 0, T_LIST, NULL))
        return -1;
    List *l = val_list(c->args[0]);
    for (size_t i = 0; i < l->len; i++) {
        int k = sort_kind(l->items[i]);
        if (!k)
            return fail(c, "cannot sort a list holding %s", val_type_name(l->items[i]));
        if (i && k != sort_kind(l->items[0]))
            return fail(c, "cannot compare %s and %s", val_type_name(l->items[0]),
                        val_type_name(l->items[i]));
    }
    Value r = val_list_from(l->items, l->len);
    Value *tmp = xmalloc((l->len ? l->len : 1) * sizeof *tmp);
    merge_sort(val_list(r)->items, tmp, l->len);
    free(tmp);
    return ok(c, r);
}

static int bi_unique(Call *c)
{
    if (want(c, 0, T_LIST, NULL))
        return -1;
    List *l = val_list(c->args[0]);
    size_t cap = 16;
    while (cap < l->len * 2)
        cap *= 2;
    size_t *slots = xcalloc(cap, sizeof *slots); /* index + 1 into out */
    Pieces p = {0};
    for (size_t i = 0; i < l->len; i++) {
        Value v = l->items[i];
        size_t s = val_hash(v) & (cap - 1);
        bool seen = false;
        for (; slots[s]; s = (s + 1) & (cap - 1))
            if (val_equal(p.v[slots[s] - 1], v)) {
                seen = true;
                break;
            }
        if (seen)
            continue;
        VEC_PUSH(p.v, p.n, p.cap, val_retain(v));
        slots[s] = p.n;
    }
    free(slots);
    return ok(c, pieces_list(&p));
}

/* A list of ints. `for x in range(…)` never builds it: the compiler turns
 * that loop into a counting loop; a list that size anywhere else is capped. */
#define RANGE_MAX_LIST 10000000

static int bi_range(Call *c)
{
    for (int i = 0; i < c->argc; i++)
        if (c->args[i].type != T_INT)
            return fail(c, "%s must be an int, got %s", i + 1 < c->argc ? "start" : "stop",
                        val_type_name(c->args[i]));
    int64_t start = c->argc == 2 ? c->args[0].as.i : 0;
    int64_t stop = c->args[c->argc - 1].as.i;
    if (stop <= start)
        return ok(c, val_obj(&list_new(0)->hdr));
    if ((uint64_t)stop - (uint64_t)start > RANGE_MAX_LIST)
        return fail(c, "a list of %llu ints is too large (at most %d); loop with `for x in range(...)` instead",
                    (unsigned long long)((uint64_t)stop - (uint64_t)start), RANGE_MAX_LIST);
    List *l = list_new((size_t)(stop - start));
    for (int64_t i = start; i < stop; i++)
        l->items[i - start] = val_int(i);
    return ok(c, val_obj(&l->hdr));
}

/* ---- dispatch --------------------------------------------------------- */

typedef int (*BuiltinFn)(Call *c);

static const BuiltinFn builtin_fns[BI__COUNT] = {
#define X(name, lo, hi, eff, doc) bi_##name,
    BUILTIN_LIST(X)
#undef X
};

int builtin_call(int id, Value *args, int argc, Value *out, char **err)
{
    if (id < 0 || id >= BI__COUNT) {
        *err = xasprintf("internal error: no builtin %d", id);
        return -1;
    }
    const BuiltinInfo *bi = &builtin_info[id];
    Call c = {bi->name, args, argc, out, err};
    if (argc < bi->min_args || argc > bi->max_args) {
        if (bi->min_args == bi->max_args)
            return fail(&c, "expected %d argument%s, got %d", bi->min_args,
                        bi->min_args == 1 ? "" : "s", argc);
        return fail(&c, "expected %d to %d arguments, got %d", bi->min_args, bi->max_args,
                    argc);
    }
    /* Plan mode: what an unknown would give is unknown too. Functions that
     * walk a whole value anyway look inside it; the others (len, keys, …)
     * stay O(1) and look only at the arguments themselves. */
    bool deep = id == BI_str || id == BI_json || id == BI_yaml || id == BI_join ||
                id == BI_contains || id == BI_sort || id == BI_unique;
    for (int i = 0; i < argc; i++)
        if (deep ? val_has_unknown(args[i]) : args[i].type == T_UNKNOWN) {
            *out = val_unknown();
            return 0;
        }
    return builtin_fns[id](&c);
}
