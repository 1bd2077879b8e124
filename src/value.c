/* value.c — runtime values (LANGUAGE.md §2): strings, lists, insertion-
 * ordered maps, the operators on them, string context and type names.
 * Everything here is pure: no I/O, no global state except the table of
 * extension types, which is filled once at start-up. */
#include "value.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

static const ObjVtable *ext_types[T_REGEX + 1];

void val_register_type(ValType t, const ObjVtable *vt)
{
    if ((int)t >= T_FIRST_HEAP && (int)t <= T_REGEX)
        ext_types[t] = vt;
}

static const ObjVtable *vtable_of(int t)
{
    return (t >= T_FIRST_HEAP && t <= T_REGEX) ? ext_types[t] : NULL;
}

static void release_str(Str *s)
{
    if (s && --s->hdr.refcount == 0)
        free(s);
}

void obj_free(Obj *o)
{
    switch (o->type) {
    case T_STRING:
        free(o);
        break;
    case T_LIST: {
        List *l = (List *)o;
        for (size_t i = 0; i < l->len; i++)
            val_release(l->items[i]);
        free(l);
        break;
    }
    case T_MAP: {
        Map *m = (Map *)o;
        for (size_t i = 0; i < m->len; i++) {
            release_str(m->keys[i]);
            val_release(m->vals[i]);
        }
        free(m->keys);
        free(m->vals);
        free(m->index);
        free(m);
        break;
    }
    default: {
        const ObjVtable *vt = vtable_of(o->type);
        if (vt && vt->free)
            vt->free(o);
        else
            free(o);
    }
    }
}

/* ---- strings ---------------------------------------------------------- */

static Str *str_alloc(size_t len, bool secret)
{
    Str *s = xmalloc(sizeof(Str) + len + 1);
    s->hdr.refcount = 1;
    s->hdr.type = T_STRING;
    s->secret = secret;
    s->unknown = false;
    s->hash = 0;
    s->len = len;
    s->data[len] = '\0';
    return s;
}

static Value str_value(const char *p, size_t len, bool secret)
{
    Str *s = str_alloc(len, secret);
    if (len)
        memcpy(s->data, p, len);
    return val_obj(&s->hdr);
}

Value val_string(const char *s, size_t len) { return str_value(s, len, false); }
Value val_cstring(const char *s) { return str_value(s, strlen(s), false); }
Value val_secret(const char *s, size_t len) { return str_value(s, len, true); }

Value val_string_take(Buf *b, bool secret)
{
    Value v = str_value(b->data ? b->data : "", b->len, secret);
    buf_free(b);
    return v;
}

static uint32_t str_hash(Str *s)
{
    if (!s->hash)
        s->hash = hash_str32(s->data, s->len);
    return s->hash;
}

/* ---- lists ------------------------------------------------------------ */

List *list_new(size_t len)
{
    List *l = xmalloc(sizeof(List) + len * sizeof(Value));
    l->hdr.refcount = 1;
    l->hdr.type = T_LIST;
    l->len = len;
    for (size_t i = 0; i < len; i++)
        l->items[i] = val_null();
    return l;
}

Value val_list_from(Value *items, size_t n)
{
    List *l = list_new(n);
    for (size_t i = 0; i < n; i++)
        l->items[i] = val_retain(items[i]);
    return val_obj(&l->hdr);
}

/* ---- maps ------------------------------------------------------------- */

/* Small maps are searched linearly; the hash index is built once a map
 * grows past this many entries. */
#define MAP_LINEAR_MAX 8

Map *map_new(size_t cap_hint)
{
    Map *m = xcalloc(1, sizeof *m);
    m->hdr.refcount = 1;
    m->hdr.type = T_MAP;
    if (cap_hint) {
        m->cap = cap_hint;
        m->keys = xmalloc(cap_hint * sizeof *m->keys);
        m->vals = xmalloc(cap_hint * sizeof *m->vals);
    }
    return m;
}

static void map_index_insert(Map *m, size_t pos)
{
    size_t mask = m->index_cap - 1;
    size_t i = str_hash(m->keys[pos]) & mask;
    while (m->index[i])
        i = (i + 1) & mask;
    m->index[i] = (uint32_t)(pos + 1);
}

static void map_reindex(Map *m)
{
    size_t want = 16;
    while (want < m->cap * 2)
        want *= 2;
    free(m->index);
    m->index = xcalloc(want, sizeof *m->index);
    m->index_cap = want;
    for (size_t i = 0; i < m->len; i++)
        map_index_insert(m, i);
}

static long map_find(const Map *m, const char *key, size_t klen, uint32_t hash)
{
    if (!m->index) {
        for (size_t i = 0; i < m->len; i++) {
            Str *k = m->keys[i];
            if (k->len == klen && memcmp(k->data, key, klen) == 0)
                return (long)i;
        }
        return -1;
    }
    size_t mask = m->index_cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint32_t e = m->index[i];
        if (!e)
            return -1;
        Str *k = m->keys[e - 1];
        if (k->len == klen && (!k->hash || k->hash == hash) &&
            memcmp(k->data, key, klen) == 0)
            return (long)(e - 1);
    }
}

void map_put(Map *m, Str *key, Value v)
{
    uint32_t h = str_hash(key);
    long at = map_find(m, key->data, key->len, h);
    if (at >= 0) {
        val_release(m->vals[at]);
        m->vals[at] = v;
        return;
    }
    if (m->len >= m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 4;
        m->keys = xrealloc(m->keys, cap * sizeof *m->keys);
        m->vals = xrealloc(m->vals, cap * sizeof *m->vals);
        m->cap = cap;
        if (m->index && m->index_cap < cap * 2)
            map_reindex(m);
    }
    key->hdr.refcount++;
    m->keys[m->len] = key;
    m->vals[m->len] = v;
    m->len++;
    if (m->index)
        map_index_insert(m, m->len - 1);
    else if (m->len > MAP_LINEAR_MAX)
        map_reindex(m);
}

void map_put_cstr(Map *m, const char *key, Value v)
{
    Value k = val_cstring(key);
    map_put(m, val_str(k), v);
    val_release(k);
}

Value map_get(const Map *m, const char *key, size_t klen)
{
    long at = map_find(m, key, klen, m->index ? hash_str32(key, klen) : 0);
    return at >= 0 ? m->vals[at] : val_absent();
}

Value map_copy(const Map *m)
{
    Map *c = map_new(m->len ? m->len : 4);
    for (size_t i = 0; i < m->len; i++)
        map_put(c, m->keys[i], val_retain(m->vals[i]));
    return val_obj(&c->hdr);
}

/* ---- operators -------------------------------------------------------- */

static int fail(char **err, const char *fmt, ...) RB_PRINTF(2, 3);
static int fail(char **err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    *err = xvasprintf(fmt, ap);
    va_end(ap);
    return -1;
}

static bool is_num(Value v) { return v.type == T_INT || v.type == T_FLOAT; }
static double num_f(Value v) { return v.type == T_INT ? (double)v.as.i : v.as.f; }

/* Plan mode: an unknown operand makes an unknown result. */
static bool either_unknown(Value a, Value b)
{
    return a.type == T_UNKNOWN || b.type == T_UNKNOWN;
}

/* A float scaled duration, rounded toward zero; -1 when out of range. */
static int duration_from_double(double ns, Value *out)
{
    if (!isfinite(ns) || ns >= 9223372036854775807.0 || ns < -9223372036854775808.0)
        return -1;
    *out = val_duration((int64_t)ns);
    return 0;
}

int val_add(Value a, Value b, Value *out, char **err)
{
    if (either_unknown(a, b)) {
        *out = val_unknown();
        return 0;
    }
    if (a.type == T_INT && b.type == T_INT) {
        int64_t r;
        if (__builtin_add_overflow(a.as.i, b.as.i, &r))
            return fail(err, "integer overflow");
        *out = val_int(r);
        return 0;
    }
    if (is_num(a) && is_num(b)) {
        *out = val_float(num_f(a) + num_f(b));
        return 0;
    }
    if (a.type == T_DURATION && b.type == T_DURATION) {
        int64_t r;
        if (__builtin_add_overflow(a.as.i, b.as.i, &r))
            return fail(err, "duration overflow");
        *out = val_duration(r);
        return 0;
    }
    if (a.type == T_STRING && b.type == T_STRING) {
        Str *x = val_str(a), *y = val_str(b);
        Str *s = str_alloc(x->len + y->len, x->secret || y->secret);
        s->unknown = x->unknown || y->unknown;
        memcpy(s->data, x->data, x->len);
        memcpy(s->data + x->len, y->data, y->len);
        *out = val_obj(&s->hdr);
        return 0;
    }
    if (a.type == T_LIST && b.type == T_LIST) {
        List *x = val_list(a), *y = val_list(b);
        List *l = list_new(x->len + y->len);
        for (size_t i = 0; i < x->len; i++)
            l->items[i] = val_retain(x->items[i]);
        for (size_t i = 0; i < y->len; i++)
            l->items[x->len + i] = val_retain(y->items[i]);
        *out = val_obj(&l->hdr);
        return 0;
    }
    if (a.type == T_MAP && b.type == T_MAP) {
        Map *y = val_map(b);
        Value c = map_copy(val_map(a));
        for (size_t i = 0; i < y->len; i++)
            map_put(val_map(c), y->keys[i], val_retain(y->vals[i]));
        *out = c;
        return 0;
    }
    return fail(err, "cannot add %s and %s", val_type_name(a), val_type_name(b));
}

int val_sub(Value a, Value b, Value *out, char **err)
{
    if (either_unknown(a, b)) {
        *out = val_unknown();
        return 0;
    }
    if (a.type == T_INT && b.type == T_INT) {
        int64_t r;
        if (__builtin_sub_overflow(a.as.i, b.as.i, &r))
            return fail(err, "integer overflow");
        *out = val_int(r);
        return 0;
    }
    if (is_num(a) && is_num(b)) {
        *out = val_float(num_f(a) - num_f(b));
        return 0;
    }
    if (a.type == T_DURATION && b.type == T_DURATION) {
        int64_t r;
        if (__builtin_sub_overflow(a.as.i, b.as.i, &r))
            return fail(err, "duration overflow");
        *out = val_duration(r);
        return 0;
    }
    return fail(err, "cannot subtract %s from %s", val_type_name(b), val_type_name(a));
}

static int duration_scale(int64_t d, Value n, Value *out, char **err)
{
    if (n.type == T_INT) {
        int64_t r;
        if (__builtin_mul_overflow(d, n.as.i, &r))
            return fail(err, "duration overflow");
        *out = val_duration(r);
        return 0;
    }
    if (duration_from_double((double)d * n.as.f, out) < 0)
        return fail(err, "duration overflow");
    return 0;
}

int val_mul(Value a, Value b, Value *out, char **err)
{
    if (either_unknown(a, b)) {
        *out = val_unknown();
        return 0;
    }
    if (a.type == T_INT && b.type == T_INT) {
        int64_t r;
        if (__builtin_mul_overflow(a.as.i, b.as.i, &r))
            return fail(err, "integer overflow");
        *out = val_int(r);
        return 0;
    }
    if (is_num(a) && is_num(b)) {
        *out = val_float(num_f(a) * num_f(b));
        return 0;
    }
    if (a.type == T_DURATION && is_num(b))
        return duration_scale(a.as.i, b, out, err);
    if (is_num(a) && b.type == T_DURATION)
        return duration_scale(b.as.i, a, out, err);
    return fail(err, "cannot multiply %s by %s", val_type_name(a), val_type_name(b));
}

static bool num_is_zero(Value v)
{
    return v.type == T_INT ? v.as.i == 0 : v.as.f == 0.0;
}

int val_div(Value a, Value b, Value *out, char **err)
{
    if (either_unknown(a, b)) {
        *out = val_unknown();
        return 0;
    }
    if (is_num(a) && is_num(b)) {
        if (num_is_zero(b))
            return fail(err, "division by zero");
        if (a.type == T_INT && b.type == T_INT) {
            if (a.as.i == INT64_MIN && b.as.i == -1)
                return fail(err, "integer overflow");
            *out = val_int(a.as.i / b.as.i);
        } else {
            *out = val_float(num_f(a) / num_f(b));
        }
        return 0;
    }
    if (a.type == T_DURATION && is_num(b)) {
        if (num_is_zero(b))
            return fail(err, "division by zero");
        if (b.type == T_INT) {
            if (a.as.i == INT64_MIN && b.as.i == -1)
                return fail(err, "duration overflow");
            *out = val_duration(a.as.i / b.as.i);
            return 0;
        }
        if (duration_from_double((double)a.as.i / b.as.f, out) < 0)
            return fail(err, "duration overflow");
        return 0;
    }
    if (a.type == T_DURATION && b.type == T_DURATION) {
        if (b.as.i == 0)
            return fail(err, "division by zero");
        *out = val_float((double)a.as.i / (double)b.as.i);
        return 0;
    }
    return fail(err, "cannot divide %s by %s", val_type_name(a), val_type_name(b));
}

int val_mod(Value a, Value b, Value *out, char **err)
{
    if (either_unknown(a, b)) {
        *out = val_unknown();
        return 0;
    }
    if (is_num(a) && is_num(b)) {
        if (num_is_zero(b))
            return fail(err, "division by zero");
        if (a.type == T_INT && b.type == T_INT)
            *out = val_int(b.as.i == -1 ? 0 : a.as.i % b.as.i);
        else
            *out = val_float(fmod(num_f(a), num_f(b)));
        return 0;
    }
    if (a.type == T_DURATION && b.type == T_DURATION) {
        if (b.as.i == 0)
            return fail(err, "division by zero");
        *out = val_duration(b.as.i == -1 ? 0 : a.as.i % b.as.i);
        return 0;
    }
    return fail(err, "cannot take the remainder of %s by %s", val_type_name(a),
                val_type_name(b));
}

int val_neg(Value a, Value *out, char **err)
{
    switch (a.type) {
    case T_UNKNOWN:
        *out = a;
        return 0;
    case T_INT:
        if (a.as.i == INT64_MIN)
            return fail(err, "integer overflow");
        *out = val_int(-a.as.i);
        return 0;
    case T_FLOAT:
        *out = val_float(-a.as.f);
        return 0;
    case T_DURATION:
        if (a.as.i == INT64_MIN)
            return fail(err, "duration overflow");
        *out = val_duration(-a.as.i);
        return 0;
    default:
        return fail(err, "cannot negate %s", val_type_name(a));
    }
}

/* -1, 0, 1, or 2 when unordered (NaN). Exact for every int64 and double. */
static int cmp_int_float(int64_t i, double f)
{
    if (isnan(f))
        return 2;
    if (f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    double t = trunc(f);
    int64_t ti = (int64_t)t;
    if (i != ti)
        return i < ti ? -1 : 1;
    if (f > t)
        return -1;
    if (f < t)
        return 1;
    return 0;
}

static int cmp_numbers(Value a, Value b)
{
    if (a.type == T_INT && b.type == T_INT)
        return a.as.i < b.as.i ? -1 : a.as.i > b.as.i;
    if (a.type == T_INT)
        return cmp_int_float(a.as.i, b.as.f);
    if (b.type == T_INT) {
        int c = cmp_int_float(b.as.i, a.as.f);
        return c == 2 ? 2 : -c;
    }
    if (isnan(a.as.f) || isnan(b.as.f))
        return 2;
    return a.as.f < b.as.f ? -1 : a.as.f > b.as.f;
}

static int cmp_strings(const Str *x, const Str *y)
{
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->data, y->data, n) : 0;
    if (c)
        return c < 0 ? -1 : 1;
    return x->len < y->len ? -1 : x->len > y->len;
}

int val_compare(Value a, Value b, int op, bool *res, char **err)
{
    int c;
    if (is_num(a) && is_num(b))
        c = cmp_numbers(a, b);
    else if (a.type == T_DURATION && b.type == T_DURATION)
        c = a.as.i < b.as.i ? -1 : a.as.i > b.as.i;
    else if (a.type == T_STRING && b.type == T_STRING)
        c = cmp_strings(val_str(a), val_str(b));
    else
        return fail(err, "cannot compare %s and %s", val_type_name(a), val_type_name(b));
    if (c == 2) { /* NaN: every ordering is false */
        *res = false;
        return 0;
    }
    switch (op) {
    case '<': *res = c < 0; break;
    case 'l': *res = c <= 0; break;
    case '>': *res = c > 0; break;
    case 'g': *res = c >= 0; break;
    default: return fail(err, "internal error: bad comparison operator %d", op);
    }
    return 0;
}

bool val_equal(Value a, Value b)
{
    if (is_num(a) && is_num(b))
        return cmp_numbers(a, b) == 0;
    if (a.type != b.type)
        return false;
    switch (a.type) {
    case T_NULL:
    case T_ABSENT:
        return true;
    case T_UNKNOWN:
        return false;
    case T_BOOL:
        return a.as.b == b.as.b;
    case T_DURATION:
        return a.as.i == b.as.i;
    case T_STRING: {
        Str *x = val_str(a), *y = val_str(b);
        return x == y || (x->len == y->len && memcmp(x->data, y->data, x->len) == 0);
    }
    case T_LIST: {
        List *x = val_list(a), *y = val_list(b);
        if (x == y)
            return true;
        if (x->len != y->len)
            return false;
        for (size_t i = 0; i < x->len; i++)
            if (!val_equal(x->items[i], y->items[i]))
                return false;
        return true;
    }
    case T_MAP: {
        Map *x = val_map(a), *y = val_map(b);
        if (x == y)
            return true;
        if (x->len != y->len)
            return false;
        for (size_t i = 0; i < x->len; i++) {
            Value w = map_get(y, x->keys[i]->data, x->keys[i]->len);
            if (w.type == T_ABSENT || !val_equal(x->vals[i], w))
                return false;
        }
        return true;
    }
    default:
        return a.as.obj == b.as.obj;
    }
}

static uint32_t mix32(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x7feb352dU;
    h ^= h >> 15;
    h *= 0x846ca68bU;
    h ^= h >> 16;
    return h;
}

uint32_t val_hash(Value v)
{
    switch (v.type) {
    case T_INT:
        return mix32((uint32_t)v.as.i ^ (uint32_t)((uint64_t)v.as.i >> 32));
    case T_FLOAT: {
        double f = v.as.f;
        if (f == trunc(f) && f >= -9223372036854775808.0 && f < 9223372036854775808.0)
            return val_hash(val_int((int64_t)f)); /* 1.0 hashes as 1 */
        uint64_t u;
        memcpy(&u, &f, sizeof u);
        return mix32((uint32_t)u ^ (uint32_t)(u >> 32));
    }
    case T_BOOL:
        return v.as.b ? 0x51ed27u : 0x2f0b3cu;
    case T_DURATION:
        return mix32((uint32_t)v.as.i ^ (uint32_t)((uint64_t)v.as.i >> 32) ^ 0xd0d0u);
    case T_STRING:
        return str_hash(val_str(v));
    case T_LIST: {
        List *l = val_list(v);
        uint32_t h = 0x1157u;
        for (size_t i = 0; i < l->len; i++)
            h = mix32(h * 31u + val_hash(l->items[i]));
        return h;
    }
    case T_MAP: {
        Map *m = val_map(v);
        uint32_t h = 0x3a9u; /* order-insensitive, as val_equal is */
        for (size_t i = 0; i < m->len; i++)
            h += mix32(str_hash(m->keys[i]) ^ (val_hash(m->vals[i]) * 0x9e3779b1u));
        return h;
    }
    default:
        return val_is_heap(v) ? mix32((uint32_t)(uintptr_t)v.as.obj) : (uint32_t)v.type;
    }
}

static bool bytes_contain(const char *h, size_t hn, const char *n, size_t nn)
{
    if (nn == 0)
        return true;
    if (nn > hn)
        return false;
    const char *end = h + (hn - nn) + 1;
    for (const char *p = h; p < end;) {
        p = memchr(p, n[0], (size_t)(end - p));
        if (!p)
            return false;
        if (memcmp(p, n, nn) == 0)
            return true;
        p++;
    }
    return false;
}

int val_in(Value needle, Value hay, bool *res, char **err)
{
    if (hay.type == T_LIST) {
        List *l = val_list(hay);
        *res = false;
        for (size_t i = 0; i < l->len && !*res; i++)
            *res = val_equal(needle, l->items[i]);
        return 0;
    }
    if (hay.type == T_MAP && needle.type == T_STRING) {
        Str *k = val_str(needle);
        *res = map_get(val_map(hay), k->data, k->len).type != T_ABSENT;
        return 0;
    }
    if (hay.type == T_STRING && needle.type == T_STRING) {
        Str *h = val_str(hay), *n = val_str(needle);
        *res = bytes_contain(h->data, h->len, n->data, n->len);
        return 0;
    }
    return fail(err, "cannot look for %s in %s", val_type_name(needle), val_type_name(hay));
}

bool val_truthy(Value v)
{
    switch (v.type) {
    case T_NULL:
    case T_ABSENT:
        return false;
    case T_BOOL:
        return v.as.b;
    case T_INT:
    case T_DURATION:
        return v.as.i != 0;
    case T_FLOAT:
        return v.as.f != 0.0;
    case T_UNKNOWN:
        return true;
    case T_STRING:
        return val_str(v)->len != 0;
    case T_LIST:
        return val_list(v)->len != 0;
    case T_MAP:
        return val_map(v)->len != 0;
    default: {
        const ObjVtable *vt = vtable_of(v.type);
        return vt && vt->truthy ? vt->truthy(v.as.obj) : true;
    }
    }
}

bool val_has_secret(Value v)
{
    switch (v.type) {
    case T_STRING:
        return val_str(v)->secret;
    case T_LIST: {
        List *l = val_list(v);
        for (size_t i = 0; i < l->len; i++)
            if (val_has_secret(l->items[i]))
                return true;
        return false;
    }
    case T_MAP: {
        Map *m = val_map(v);
        for (size_t i = 0; i < m->len; i++)
            if (m->keys[i]->secret || val_has_secret(m->vals[i]))
                return true;
        return false;
    }
    default:
        return false;
    }
}

bool val_has_unknown(Value v)
{
    switch (v.type) {
    case T_UNKNOWN:
        return true;
    case T_STRING:
        return val_str(v)->unknown;
    case T_LIST: {
        List *l = val_list(v);
        for (size_t i = 0; i < l->len; i++)
            if (val_has_unknown(l->items[i]))
                return true;
        return false;
    }
    case T_MAP: {
        Map *m = val_map(v);
        for (size_t i = 0; i < m->len; i++)
            if (val_has_unknown(m->vals[i]))
                return true;
        return false;
    }
    default:
        return false;
    }
}

Value val_make_secret(Value v)
{
    switch (v.type) {
    case T_STRING: {
        Str *s = val_str(v);
        if (s->secret)
            return val_retain(v);
        return val_secret(s->data, s->len);
    }
    case T_LIST: {
        List *l = val_list(v);
        List *c = list_new(l->len);
        for (size_t i = 0; i < l->len; i++)
            c->items[i] = val_make_secret(l->items[i]);
        return val_obj(&c->hdr);
    }
    case T_MAP: {
        Map *m = val_map(v);
        Map *c = map_new(m->len ? m->len : 4);
        for (size_t i = 0; i < m->len; i++)
            map_put(c, m->keys[i], val_make_secret(m->vals[i]));
        return val_obj(&c->hdr);
    }
    default:
        return val_retain(v);
    }
}

/* ---- access ----------------------------------------------------------- */

Value val_field(Value obj, const char *name, size_t len)
{
    switch (obj.type) {
    case T_MAP: {
        Value v = map_get(val_map(obj), name, len);
        return v.type == T_ABSENT ? val_null() : val_retain(v);
    }
    case T_UNKNOWN:
        return val_unknown();
    default: {
        const ObjVtable *vt = val_is_heap(obj) ? vtable_of(obj.type) : NULL;
        if (vt && vt->field) {
            Value v = vt->field(obj.as.obj, name, len);
            return v.type == T_ABSENT ? val_null() : v;
        }
        return val_null();
    }
    }
}

int val_index(Value obj, Value idx, Value *out, char **err)
{
    if (obj.type == T_UNKNOWN || idx.type == T_UNKNOWN) {
        *out = val_unknown();
        return 0;
    }
    switch (obj.type) {
    case T_NULL:
    case T_ABSENT:
        *out = val_null();
        return 0;
    case T_LIST: {
        if (idx.type != T_INT)
            return fail(err, "a list index must be an int, got %s", val_type_name(idx));
        List *l = val_list(obj);
        int64_t i = idx.as.i;
        if (i < 0)
            i += (int64_t)l->len;
        *out = (i < 0 || (uint64_t)i >= l->len) ? val_null() : val_retain(l->items[i]);
        return 0;
    }
    case T_MAP:
        if (idx.type == T_INT) { /* keys are strings: m[1] is m["1"] (captures[1]) */
            char key[24];
            int n = snprintf(key, sizeof key, "%lld", (long long)idx.as.i);
            *out = val_field(obj, key, (size_t)n);
            return 0;
        }
        if (idx.type != T_STRING)
            return fail(err, "a map key must be a string, got %s", val_type_name(idx));
        *out = val_field(obj, val_str(idx)->data, val_str(idx)->len);
        return 0;
    default:
        if (val_is_heap(obj) && obj.type != T_STRING && idx.type == T_STRING &&
            vtable_of(obj.type)) {
            *out = val_field(obj, val_str(idx)->data, val_str(idx)->len);
            return 0;
        }
        return fail(err, "cannot index %s", val_type_name(obj));
    }
}

/* ---- text ------------------------------------------------------------- */

void val_format_float(double f, Buf *b)
{
    if (isnan(f)) {
        buf_adds(b, "nan");
        return;
    }
    if (isinf(f)) {
        buf_adds(b, f < 0 ? "-inf" : "inf");
        return;
    }
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, f);
        if (strtod(tmp, NULL) == f)
            break;
    }
    buf_adds(b, tmp);
    /* Keep a float looking like one, so it reads back as a float. */
    if (!strpbrk(tmp, ".e"))
        buf_adds(b, ".0");
}

void val_to_buf(Value v, Buf *b, bool mask_secrets)
{
    switch (v.type) {
    case T_NULL:
    case T_ABSENT:
        break;
    case T_BOOL:
        buf_adds(b, v.as.b ? "true" : "false");
        break;
    case T_INT:
        buf_printf(b, "%lld", (long long)v.as.i);
        break;
    case T_FLOAT:
        val_format_float(v.as.f, b);
        break;
    case T_DURATION:
        format_duration_ns(b, v.as.i);
        break;
    case T_UNKNOWN:
        buf_adds(b, VAL_UNKNOWN_TEXT);
        break;
    case T_STRING: {
        Str *s = val_str(v);
        if (s->secret && mask_secrets)
            buf_adds(b, "***");
        else
            buf_add(b, s->data, s->len);
        break;
    }
    case T_LIST:
    case T_MAP:
        data_write_json(v, b, mask_secrets);
        break;
    default: {
        const ObjVtable *vt = vtable_of(v.type);
        if (vt && vt->to_string)
            vt->to_string(v.as.obj, b, mask_secrets);
        else
            buf_printf(b, "<%s>", val_type_name(v));
    }
    }
}

void val_repr(Value v, Buf *b)
{
    switch (v.type) {
    case T_NULL:
    case T_ABSENT:
        buf_adds(b, "null");
        break;
    case T_STRING:
        if (val_str(v)->secret)
            buf_adds(b, "***");
        else
            buf_add_json_string(b, val_str(v)->data, val_str(v)->len);
        break;
    default:
        val_to_buf(v, b, true);
    }
}

const char *val_type_name(Value v)
{
    switch (v.type) {
    case T_NULL: return "null";
    case T_BOOL: return "bool";
    case T_INT: return "int";
    case T_FLOAT: return "float";
    case T_DURATION: return "duration";
    case T_UNKNOWN: return "unknown";
    case T_ABSENT: return "absent";
    case T_STRING: return val_str(v)->secret ? "secret" : "string";
    case T_LIST: return "list";
    case T_MAP: return "map";
    default: {
        const ObjVtable *vt = vtable_of(v.type);
        if (vt && vt->type_name)
            return vt->type_name;
        return v.type == T_RESULT ? "result" : v.type == T_REGEX ? "regex" : "value";
    }
    }
}
