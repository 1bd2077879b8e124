/* data.c — JSON and YAML in and out. Text is parsed by libyaml's event
 * parser (JSON is read as YAML 1.2) and turned into values here, with
 * scalars typed by the YAML 1.2 core schema. Any input must give a value or
 * an error: nesting depth and alias expansion are bounded, and nothing here
 * recurses on the input. JSON is written by our own small writer, YAML by
 * libyaml's emitter so that quoting is always right. */
#include "data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define DATA_MAX_DEPTH 1000
#define DATA_MAX_ALIAS_NODES 1000000

/* ---- core schema ------------------------------------------------------ */

static bool all_in(const char *s, size_t n, const char *set)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!s[i] || !strchr(set, s[i]))
            return false;
    return true;
}

static bool is_word(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

static bool is_float_text(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    size_t int_digits = 0, frac_digits = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++, int_digits++;
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, frac_digits++;
    }
    if (int_digits == 0 && frac_digits == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        size_t exp_digits = 0;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++, exp_digits++;
        if (!exp_digits)
            return false;
    }
    return i == n;
}

Value data_resolve_plain(const char *s, size_t n)
{
    if (n == 0)
        return val_null();
    if (!strchr("~nNtTfF0123456789+-.", s[0]))
        return val_string(s, n);
    if (is_word(s, n, "~") || is_word(s, n, "null") || is_word(s, n, "Null") ||
        is_word(s, n, "NULL"))
        return val_null();
    if (is_word(s, n, "true") || is_word(s, n, "True") || is_word(s, n, "TRUE"))
        return val_bool(true);
    if (is_word(s, n, "false") || is_word(s, n, "False") || is_word(s, n, "FALSE"))
        return val_bool(false);
    if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o')) {
        bool hex = s[1] == 'x';
        if (all_in(s + 2, n - 2, hex ? "0123456789abcdefABCDEF" : "01234567")) {
            uint64_t u = 0;
            for (size_t i = 2; i < n; i++) {
                unsigned d = s[i] <= '9' ? (unsigned)(s[i] - '0')
                                         : (unsigned)((s[i] | 0x20) - 'a' + 10);
                if (u > (UINT64_C(0x7fffffffffffffff) - d) / (hex ? 16 : 8))
                    return val_string(s, n); /* out of range: keep the text */
                u = u * (hex ? 16 : 8) + d;
            }
            return val_int((int64_t)u);
        }
        return val_string(s, n);
    }
    size_t sign = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (all_in(s + sign, n - sign, "0123456789")) {
        int64_t v = 0;
        bool neg = s[0] == '-', overflow = false;
        for (size_t i = sign; i < n && !overflow; i++) {
            int d = s[i] - '0';
            overflow = neg ? __builtin_mul_overflow(v, 10, &v) || __builtin_sub_overflow(v, d, &v)
                           : __builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v);
        }
        if (!overflow)
            return val_int(v);
        /* too big for an int: a float, as most JSON readers do */
    }
    const char *r = s + sign;
    size_t rn = n - sign;
    if (is_word(r, rn, ".inf") || is_word(r, rn, ".Inf") || is_word(r, rn, ".INF"))
        return val_float(s[0] == '-' ? -INFINITY : INFINITY);
    if (is_word(s, n, ".nan") || is_word(s, n, ".NaN") || is_word(s, n, ".NAN"))
        return val_float(NAN);
    if (is_float_text(s, n)) {
        char *t = xstrndup(s, n);
        double f = strtod(t, NULL);
        free(t);
        return val_float(f);
    }
    return val_string(s, n);
}

/* ---- parsing ---------------------------------------------------------- */

typedef struct Anchor {
    char *name;
    Value v;
    size_t nodes; /* nodes an alias to it expands to */
    bool done;
} Anchor;

typedef struct Frame {
    bool is_map;
    Map *map;
    Value *items;
    size_t n, cap;
    Str *key; /* map: the key waiting for its value */
    bool key_is_merge;
    long anchor; /* index into anchors, or -1 */
    size_t nodes_at_start;
} Frame;

typedef struct Parser {
    Frame *frames;
    size_t depth, frames_cap;
    Anchor *anchors;
    size_t nanchors, anchors_cap;
    size_t nodes, alias_nodes;
    Value root;
    bool have_root;
    char *err;
    size_t err_line, err_col; /* 0-based */
} Parser;

static int perr(Parser *P, yaml_mark_t m, const char *fmt, ...) RB_PRINTF(3, 4);
static int perr(Parser *P, yaml_mark_t m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    P->err = xvasprintf(fmt, ap);
    va_end(ap);
    P->err_line = m.line;
    P->err_col = m.column;
    return -1;
}

static void frame_free(Frame *f)
{
    if (f->map)
        val_release(val_obj(&f->map->hdr));
    for (size_t i = 0; i < f->n; i++)
        val_release(f->items[i]);
    free(f->items);
    if (f->key)
        val_release(val_obj(&f->key->hdr));
}

static void parser_free(Parser *P)
{
    for (size_t i = 0; i < P->depth; i++)
        frame_free(&P->frames[i]);
    free(P->frames);
    for (size_t i = 0; i < P->nanchors; i++) {
        free(P->anchors[i].name);
        val_release(P->anchors[i].v);
    }
    free(P->anchors);
    if (P->have_root)
        val_release(P->root);
}

/* A map key in string context: scalars by their text, anything else as
 * JSON. */
static Str *key_of(Value v, const char *raw, size_t rawlen)
{
    Value k;
    if (raw) {
        k = val_string(raw, rawlen);
    } else if (v.type == T_STRING) {
        k = val_retain(v);
    } else {
        Buf b = {0};
        val_to_buf(v, &b, false);
        k = val_string_take(&b, false);
    }
    return val_str(k);
}

/* `<<: *base` (YAML 1.1 merge key, common in vars files): copy the keys of
 * a map, or of each map in a list, that are not set yet. */
static bool merge_into(Map *m, Value v)
{
    if (v.type == T_LIST) {
        List *l = val_list(v);
        for (size_t i = 0; i < l->len; i++)
            if (l->items[i].type != T_MAP)
                return false;
        for (size_t i = 0; i < l->len; i++)
            merge_into(m, l->items[i]);
        return true;
    }
    if (v.type != T_MAP)
        return false;
    Map *src = val_map(v);
    for (size_t i = 0; i < src->len; i++)
        if (map_get(m, src->keys[i]->data, src->keys[i]->len).type == T_ABSENT)
            map_put(m, src->keys[i], val_retain(src->vals[i]));
    return true;
}

/* Hand a finished node (owned) to its parent. raw is the text of a plain
 * or quoted scalar (for keys), NULL otherwise. */
static void attach(Parser *P, Value v, const char *raw, size_t rawlen, bool plain)
{
    if (P->depth == 0) {
        if (P->have_root)
            val_release(P->root);
        P->root = v;
        P->have_root = true;
        return;
    }
    Frame *f = &P->frames[P->depth - 1];
    if (!f->is_map) {
        VEC_PUSH(f->items, f->n, f->cap, v);
        return;
    }
    if (!f->key) {
        f->key = key_of(v, raw, rawlen);
        f->key_is_merge = plain && rawlen == 2 && raw && memcmp(raw, "<<", 2) == 0;
        val_release(v);
        return;
    }
    if (f->key_is_merge && merge_into(f->map, v))
        val_release(v);
    else
        map_put(f->map, f->key, v);
    val_release(val_obj(&f->key->hdr));
    f->key = NULL;
}

static bool tag_is(const yaml_char_t *tag, const char *name)
{
    return tag && strcmp((const char *)tag, name) == 0;
}

static Value scalar_value(const yaml_event_t *ev)
{
    const char *s = (const char *)ev->data.scalar.value;
    size_t n = ev->data.scalar.length;
    const yaml_char_t *tag = ev->data.scalar.tag;
    if (tag_is(tag, "tag:yaml.org,2002:str") || tag_is(tag, "!"))
        return val_string(s, n);
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE && !tag)
        return val_string(s, n);
    return data_resolve_plain(s, n);
}

static int add_anchor(Parser *P, const yaml_char_t *name, Value v, size_t nodes, bool done)
{
    if (P->nanchors == P->anchors_cap) {
        P->anchors_cap = P->anchors_cap ? P->anchors_cap * 2 : 8;
        P->anchors = xrealloc(P->anchors, P->anchors_cap * sizeof *P->anchors);
    }
    Anchor *a = &P->anchors[P->nanchors];
    a->name = xstrdup((const char *)name);
    a->v = v;
    a->nodes = nodes;
    a->done = done;
    return (int)P->nanchors++;
}

static int on_collection_start(Parser *P, const yaml_event_t *ev, bool is_map)
{
    if (P->depth >= DATA_MAX_DEPTH)
        return perr(P, ev->start_mark, "nesting deeper than %d levels", DATA_MAX_DEPTH);
    P->nodes++;
    if (P->depth == P->frames_cap) {
        P->frames_cap = P->frames_cap ? P->frames_cap * 2 : 16;
        P->frames = xrealloc(P->frames, P->frames_cap * sizeof *P->frames);
    }
    Frame *f = &P->frames[P->depth++];
    memset(f, 0, sizeof *f);
    f->is_map = is_map;
    if (is_map)
        f->map = map_new(0);
    f->anchor = -1;
    f->nodes_at_start = P->nodes - 1;
    const yaml_char_t *anchor =
        is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    if (anchor)
        f->anchor = add_anchor(P, anchor, val_null(), 0, false);
    return 0;
}

static void on_collection_end(Parser *P)
{
    Frame f = P->frames[--P->depth];
    Value v;
    if (f.is_map) {
        v = val_obj(&f.map->hdr);
        f.map = NULL;
        if (f.key) /* cannot happen with a well-formed event stream */
            val_release(val_obj(&f.key->hdr));
    } else {
        v = val_list_from(f.items, f.n);
        for (size_t i = 0; i < f.n; i++)
            val_release(f.items[i]);
        free(f.items);
    }
    if (f.anchor >= 0) {
        Anchor *a = &P->anchors[f.anchor];
        a->v = val_retain(v);
        a->nodes = P->nodes - f.nodes_at_start;
        a->done = true;
    }
    attach(P, v, NULL, 0, false);
}

static int on_alias(Parser *P, const yaml_event_t *ev)
{
    const char *name = (const char *)ev->data.alias.anchor;
    for (size_t i = P->nanchors; i-- > 0;) {
        Anchor *a = &P->anchors[i];
        if (strcmp(a->name, name) != 0)
            continue;
        if (!a->done)
            return perr(P, ev->start_mark, "alias *%s refers to a node that contains it", name);
        P->alias_nodes += a->nodes;
        if (P->alias_nodes > DATA_MAX_ALIAS_NODES)
            return perr(P, ev->start_mark,
                        "aliases expand to more than %d nodes", DATA_MAX_ALIAS_NODES);
        P->nodes += a->nodes;
        /* Values are immutable, so an alias shares the anchored value. */
        attach(P, val_retain(a->v), NULL, 0, false);
        return 0;
    }
    return perr(P, ev->start_mark, "undefined alias *%s", name);
}

static void mark_from_offset(const char *text, size_t len, size_t off, size_t *line, size_t *col)
{
    *line = *col = 0;
    for (size_t i = 0; i < off && i < len; i++) {
        if (text[i] == '\n')
            (*line)++, *col = 0;
        else
            (*col)++;
    }
}

static void libyaml_error(Parser *P, yaml_parser_t *yp, const char *text, size_t len)
{
    const char *problem = yp->problem ? yp->problem : "invalid YAML";
    if (yp->error == YAML_READER_ERROR) {
        mark_from_offset(text, len, yp->problem_offset, &P->err_line, &P->err_col);
        P->err = xstrdup(problem);
        return;
    }
    P->err_line = yp->problem_mark.line;
    P->err_col = yp->problem_mark.column;
    if (yp->context)
        P->err = xasprintf("%s %s", problem, yp->context);
    else
        P->err = xstrdup(problem);
}

/* Feed the events of the first document into P. json: the document must
 * be the whole text. */
static int parse_events(Parser *P, const char *text, size_t len, bool json)
{
    yaml_parser_t yp;
    if (!yaml_parser_initialize(&yp)) {
        P->err = xstrdup("out of memory");
        return -1;
    }
    yaml_parser_set_input_string(&yp, (const unsigned char *)text, len);
    int rc = 0;
    bool doc_done = false;
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&yp, &ev)) {
            libyaml_error(P, &yp, text, len);
            if (json && doc_done) {
                free(P->err);
                P->err = xstrdup("unexpected text after the JSON value");
            }
            rc = -1;
            break;
        }
        bool stop = false;
        if (doc_done) {
            /* One event past the document: catches trailing garbage. */
            if (json && ev.type != YAML_STREAM_END_EVENT)
                rc = perr(P, ev.start_mark, "unexpected text after the JSON value");
            yaml_event_delete(&ev);
            break;
        }
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            stop = true;
            break;
        case YAML_DOCUMENT_END_EVENT:
            doc_done = true;
            break;
        case YAML_SCALAR_EVENT: {
            P->nodes++;
            Value v = scalar_value(&ev);
            if (ev.data.scalar.anchor)
                add_anchor(P, ev.data.scalar.anchor, val_retain(v), 1, true);
            attach(P, v, (const char *)ev.data.scalar.value, ev.data.scalar.length,
                   ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            rc = on_collection_start(P, &ev, ev.type == YAML_MAPPING_START_EVENT);
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (P->depth > 0)
                on_collection_end(P);
            break;
        case YAML_ALIAS_EVENT:
            rc = on_alias(P, &ev);
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
        if (rc < 0 || stop)
            break;
    }
    yaml_parser_delete(&yp);
    return rc;
}

int data_parse_yaml_at(const char *text, size_t len, Value *out, char **err, int *line,
                       int *col)
{
    Parser P;
    memset(&P, 0, sizeof P);
    if (parse_events(&P, text, len, false) < 0) {
        *err = P.err;
        *line = (int)P.err_line + 1;
        *col = (int)P.err_col + 1;
        parser_free(&P);
        return -1;
    }
    *out = P.have_root ? P.root : val_null();
    P.have_root = false;
    parser_free(&P);
    return 0;
}

int data_parse_yaml(const char *text, size_t len, Value *out, char **err)
{
    int line, col;
    char *e;
    if (data_parse_yaml_at(text, len, out, &e, &line, &col) < 0) {
        *err = xasprintf("line %d, column %d: %s", line, col, e);
        free(e);
        return -1;
    }
    return 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static long hex4(const char *p, size_t avail)
{
    if (avail < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int d = hexval(p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Valid JSON that YAML refuses, rewritten inside strings before libyaml
 * sees it: surrogate-pair escapes ("\ud83d\ude00", how JSON writes
 * characters outside the BMP) become "\U0001f600", lone surrogates U+FFFD;
 * raw DEL, C1 controls, U+FEFF and U+FFFE/U+FFFF (not printable in YAML)
 * become \u escapes. Returns NULL when nothing needs rewriting. */
static char *json_prepare(const char *t, size_t n, size_t *outn)
{
    Buf b = {0};
    bool in_str = false, changed = false;
    size_t copied = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (!in_str) {
            if (c == '"')
                in_str = true;
            continue;
        }
        if (c == '"') {
            in_str = false;
            continue;
        }
        size_t used = 0;
        char esc[16];
        if (c == 0x7f) {
            snprintf(esc, sizeof esc, "\\u007f");
            used = 1;
        } else if (c == 0xC2 && i + 1 < n && (unsigned char)t[i + 1] >= 0x80 &&
                   (unsigned char)t[i + 1] <= 0x9f) {
            snprintf(esc, sizeof esc, "\\u00%02x", (unsigned char)t[i + 1]);
            used = 2;
        } else if (c == 0xEF && i + 2 < n &&
                   (((unsigned char)t[i + 1] == 0xBB && (unsigned char)t[i + 2] == 0xBF) ||
                    ((unsigned char)t[i + 1] == 0xBF && ((unsigned char)t[i + 2] & 0xFE) == 0xBE))) {
            unsigned cp = (unsigned char)t[i + 1] == 0xBB ? 0xFEFF : 0xFFFE + ((unsigned char)t[i + 2] & 1);
            snprintf(esc, sizeof esc, "\\u%04X", cp);
            used = 3;
        } else if (c == '\\' && i + 1 < n) {
            long hi = t[i + 1] == 'u' ? hex4(t + i + 2, n - i - 2) : -1;
            if (hi < 0xD800 || hi > 0xDFFF) {
                i++; /* an ordinary escape: skip the escaped character */
                continue;
            }
            long lo = (hi <= 0xDBFF && i + 12 <= n && t[i + 6] == '\\' && t[i + 7] == 'u')
                          ? hex4(t + i + 8, n - i - 8)
                          : -1;
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                long cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                snprintf(esc, sizeof esc, "\\U%08lx", cp);
                used = 12;
            } else {
                snprintf(esc, sizeof esc, "\\uFFFD");
                used = 6;
            }
        }
        if (!used)
            continue;
        buf_add(&b, t + copied, i - copied);
        buf_adds(&b, esc);
        i += used - 1;
        copied = i + 1;
        changed = true;
    }
    if (!changed) {
        buf_free(&b);
        return NULL;
    }
    buf_add(&b, t + copied, n - copied);
    *outn = b.len;
    return buf_steal(&b);
}

/* Does the text start like a JSON value? A sanity check only: libyaml
 * does the parsing. */
static bool json_start(const char *s, size_t n)
{
    if (n == 0)
        return false;
    if (s[0] == '{' || s[0] == '[' || s[0] == '"' || (s[0] >= '0' && s[0] <= '9'))
        return true;
    if (s[0] == '-')
        return n > 1 && s[1] >= '0' && s[1] <= '9';
    return (n >= 4 && (memcmp(s, "true", 4) == 0 || memcmp(s, "null", 4) == 0)) ||
           (n >= 5 && memcmp(s, "false", 5) == 0);
}

int data_parse_json(const char *text, size_t len, Value *out, char **err)
{
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    if (!json_start(text + i, len - i)) {
        size_t line, col;
        mark_from_offset(text, len, i, &line, &col);
        *err = xasprintf("line %zu, column %zu: %s", line + 1, col + 1,
                         i == len ? "expected a JSON value, got nothing"
                                  : "expected a JSON value");
        return -1;
    }
    size_t fixed_len = 0;
    char *fixed = json_prepare(text, len, &fixed_len);
    Parser P;
    memset(&P, 0, sizeof P);
    int rc = parse_events(&P, fixed ? fixed : text, fixed ? fixed_len : len, true);
    free(fixed);
    if (rc < 0) {
        *err = xasprintf("line %zu, column %zu: %s", P.err_line + 1, P.err_col + 1, P.err);
        free(P.err);
        parser_free(&P);
        return -1;
    }
    *out = P.have_root ? P.root : val_null();
    P.have_root = false;
    parser_free(&P);
    return 0;
}

/* ---- JSON writer ------------------------------------------------------ */

static void json_string_of(Value v, Buf *b, bool mask)
{
    Buf t = {0};
    val_to_buf(v, &t, mask);
    buf_add_json_string(b, t.data ? t.data : "", t.len);
    buf_free(&t);
}

void data_write_json(Value v, Buf *b, bool mask_secrets)
{
    switch (v.type) {
    case T_NULL:
    case T_ABSENT:
        buf_adds(b, "null");
        break;
    case T_BOOL:
    case T_INT:
        val_to_buf(v, b, mask_secrets);
        break;
    case T_FLOAT:
        if (isfinite(v.as.f))
            val_format_float(v.as.f, b);
        else
            buf_adds(b, "null"); /* JSON has no inf/nan */
        break;
    case T_STRING: {
        Str *s = val_str(v);
        if (s->secret && mask_secrets)
            buf_adds(b, "\"***\"");
        else
            buf_add_json_string(b, s->data, s->len);
        break;
    }
    case T_LIST: {
        List *l = val_list(v);
        buf_addc(b, '[');
        for (size_t i = 0; i < l->len; i++) {
            if (i)
                buf_addc(b, ',');
            data_write_json(l->items[i], b, mask_secrets);
        }
        buf_addc(b, ']');
        break;
    }
    case T_MAP: {
        Map *m = val_map(v);
        buf_addc(b, '{');
        for (size_t i = 0; i < m->len; i++) {
            if (i)
                buf_addc(b, ',');
            data_write_json(val_obj(&m->keys[i]->hdr), b, mask_secrets);
            buf_addc(b, ':');
            data_write_json(m->vals[i], b, mask_secrets);
        }
        buf_addc(b, '}');
        break;
    }
    default: /* durations, unknown, results, regexes: their text */
        json_string_of(v, b, mask_secrets);
    }
}

/* ---- YAML writer ------------------------------------------------------ */

static int yaml_to_buf(void *data, unsigned char *buffer, size_t size)
{
    buf_add(data, buffer, size);
    return 1;
}

/* libyaml refuses invalid UTF-8; replace each bad byte with U+FFFD. */
static const char *valid_utf8(const char *s, size_t n, Buf *tmp, size_t *outn)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp;
    size_t i = 0, k;
    while (i < n && (k = utf8_decode(u + i, n - i, &cp)) > 0)
        i += k;
    *outn = n;
    if (i == n)
        return s;
    buf_add_utf8_valid(tmp, s, n);
    *outn = tmp->len;
    return tmp->data;
}

static bool yaml11_special(const char *s, size_t n)
{
    static const char *const words[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
                                        "NO", "on", "On", "ON", "off", "Off", "OFF", "="};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (is_word(s, n, words[i]))
            return true;
    return false;
}

static int emit_scalar(yaml_emitter_t *e, const char *s, size_t n, bool is_string)
{
    Buf tmp = {0};
    size_t vn;
    const char *vs = valid_utf8(s, n, &tmp, &vn);
    yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;
    int plain_ok = 1;
    if (is_string) {
        Value r = data_resolve_plain(vs, vn);
        bool quote = r.type != T_STRING || yaml11_special(vs, vn);
        val_release(r);
        if (quote) {
            style = YAML_SINGLE_QUOTED_SCALAR_STYLE;
            plain_ok = 0;
        } else if (memchr(vs, '\n', vn)) {
            style = YAML_LITERAL_SCALAR_STYLE;
        } else {
            style = YAML_ANY_SCALAR_STYLE;
        }
    }
    yaml_event_t ev;
    int ok = yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)vs, (int)vn, plain_ok,
                                          1, style) &&
             yaml_emitter_emit(e, &ev);
    buf_free(&tmp);
    return ok;
}

static int emit_value(yaml_emitter_t *e, Value v, bool mask)
{
    yaml_event_t ev;
    switch (v.type) {
    case T_NULL:
    case T_ABSENT:
        return emit_scalar(e, "null", 4, false);
    case T_BOOL:
    case T_INT: {
        Buf t = {0};
        val_to_buf(v, &t, mask);
        int ok = emit_scalar(e, t.data, t.len, false);
        buf_free(&t);
        return ok;
    }
    case T_FLOAT: {
        double f = v.as.f;
        if (isnan(f))
            return emit_scalar(e, ".nan", 4, false);
        if (isinf(f))
            return f < 0 ? emit_scalar(e, "-.inf", 5, false) : emit_scalar(e, ".inf", 4, false);
        Buf t = {0};
        val_format_float(f, &t);
        int ok = emit_scalar(e, t.data, t.len, false);
        buf_free(&t);
        return ok;
    }
    case T_LIST: {
        List *l = val_list(v);
        if (!yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE) ||
            !yaml_emitter_emit(e, &ev))
            return 0;
        for (size_t i = 0; i < l->len; i++)
            if (!emit_value(e, l->items[i], mask))
                return 0;
        return yaml_sequence_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
    }
    case T_MAP: {
        Map *m = val_map(v);
        if (!yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE) ||
            !yaml_emitter_emit(e, &ev))
            return 0;
        for (size_t i = 0; i < m->len; i++)
            if (!emit_value(e, val_obj(&m->keys[i]->hdr), mask) ||
                !emit_value(e, m->vals[i], mask))
                return 0;
        return yaml_mapping_end_event_initialize(&ev) && yaml_emitter_emit(e, &ev);
    }
    default: { /* strings, secrets, durations, unknown, results: their text */
        Buf t = {0};
        val_to_buf(v, &t, mask);
        int ok = emit_scalar(e, t.data ? t.data : "", t.len, true);
        buf_free(&t);
        return ok;
    }
    }
}

void data_write_yaml(Value v, Buf *b, bool mask_secrets)
{
    yaml_emitter_t e;
    yaml_event_t ev;
    Buf out = {0};
    if (!yaml_emitter_initialize(&e))
        goto fallback;
    yaml_emitter_set_output(&e, yaml_to_buf, &out);
    yaml_emitter_set_unicode(&e, 1);
    yaml_emitter_set_width(&e, -1);
    int ok = yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) &&
             yaml_emitter_emit(&e, &ev) &&
             yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1) &&
             yaml_emitter_emit(&e, &ev) && emit_value(&e, v, mask_secrets) &&
             yaml_document_end_event_initialize(&ev, 1) && yaml_emitter_emit(&e, &ev) &&
             yaml_stream_end_event_initialize(&ev) && yaml_emitter_emit(&e, &ev);
    yaml_emitter_delete(&e);
    if (ok) {
        buf_add(b, out.data ? out.data : "", out.len);
        buf_free(&out);
        return;
    }
fallback:
    /* Cannot happen with valid UTF-8 input; JSON is YAML, so still right. */
    buf_free(&out);
    data_write_json(v, b, mask_secrets);
    buf_addc(b, '\n');
}
