/* regex.c — `=~` patterns through PCRE2 (UTF mode, JIT when the platform
 * has it). A compiled pattern is an immutable T_REGEX object; matching
 * allocates its own match data, so one pattern can be shared freely.
 * Match and depth limits keep a catastrophic pattern from hanging a run. */
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include "regex.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#define REGEX_MATCH_LIMIT 10000000
#define REGEX_DEPTH_LIMIT 100000

typedef struct Regex {
    Obj hdr;
    pcre2_code *code;
    pcre2_match_context *mctx;
    char *pattern;
    size_t len;
    char flags[5];
    bool jit;
    uint32_t ngroups;
    /* names[i] is the name of group i, or NULL */
    char **names;
} Regex;

static void regex_free(Obj *o)
{
    Regex *r = (Regex *)o;
    pcre2_code_free(r->code);
    pcre2_match_context_free(r->mctx);
    if (r->names)
        for (uint32_t i = 0; i <= r->ngroups; i++)
            free(r->names[i]);
    free(r->names);
    free(r->pattern);
    free(r);
}

static void regex_to_string(Obj *o, Buf *b, bool mask)
{
    (void)mask;
    Regex *r = (Regex *)o;
    buf_addc(b, '/');
    buf_add(b, r->pattern, r->len);
    buf_addc(b, '/');
    buf_adds(b, r->flags);
}

static Value regex_field(Obj *o, const char *name, size_t len)
{
    (void)o, (void)name, (void)len;
    return val_absent();
}

static const ObjVtable regex_vtable = {
    .free = regex_free,
    .field = regex_field,
    .to_string = regex_to_string,
    .type_name = "regex",
    .truthy = NULL,
};

static char *pcre2_message(int code)
{
    PCRE2_UCHAR msg[256];
    if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
        return xasprintf("PCRE2 error %d", code);
    return xstrdup((const char *)msg);
}

Value regex_compile(const char *pattern, size_t len, const char *flags, char **err,
                    size_t *erroff)
{
    val_register_type(T_REGEX, &regex_vtable);
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
    bool seen[4] = {false, false, false, false};
    for (const char *f = flags ? flags : ""; *f; f++) {
        const char *at = strchr("imsx", *f);
        if (!at || !*f) {
            *err = xasprintf("unknown regex flag '%c' (flags are i, m, s, x)", *f);
            *erroff = len;
            return val_null();
        }
        seen[at - "imsx"] = true;
    }
    if (seen[0])
        opts |= PCRE2_CASELESS;
    if (seen[1])
        opts |= PCRE2_MULTILINE;
    if (seen[2])
        opts |= PCRE2_DOTALL;
    if (seen[3])
        opts |= PCRE2_EXTENDED;

    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, len, opts, &code, &off, NULL);
    if (!re) {
        *err = pcre2_message(code);
        *erroff = off;
        return val_null();
    }
    Regex *r = xcalloc(1, sizeof *r);
    r->hdr.refcount = 1;
    r->hdr.type = T_REGEX;
    r->code = re;
    r->pattern = xstrndup(pattern, len);
    r->len = len;
    size_t k = 0;
    for (int i = 0; i < 4; i++)
        if (seen[i])
            r->flags[k++] = "imsx"[i];
    r->flags[k] = '\0';
    r->jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0; /* optional */
    r->mctx = pcre2_match_context_create(NULL);
    if (!r->mctx) {
        regex_free(&r->hdr);
        *err = xstrdup("out of memory");
        *erroff = 0;
        return val_null();
    }
    pcre2_set_match_limit(r->mctx, REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(r->mctx, REGEX_DEPTH_LIMIT);

    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &r->ngroups);
    uint32_t namecount = 0, entry = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(re, PCRE2_INFO_NAMECOUNT, &namecount);
    if (namecount) {
        pcre2_pattern_info(re, PCRE2_INFO_NAMEENTRYSIZE, &entry);
        pcre2_pattern_info(re, PCRE2_INFO_NAMETABLE, &table);
        r->names = xcalloc(r->ngroups + 1, sizeof *r->names);
        for (uint32_t i = 0; i < namecount; i++) {
            PCRE2_SPTR e = table + (size_t)i * entry;
            uint32_t group = ((uint32_t)e[0] << 8) | e[1];
            if (group <= r->ngroups && !r->names[group])
                r->names[group] = xstrdup((const char *)e + 2);
        }
    }
    return val_obj(&r->hdr);
}

int regex_match_ex(Value re, const char *subject, size_t len, bool secret, Value *captures,
                   char **err)
{
    *captures = val_null();
    if (re.type != T_REGEX) {
        *err = xstrdup("internal error: not a regex");
        return -1;
    }
    Regex *r = (Regex *)re.as.obj;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(r->code, NULL);
    if (!md) {
        *err = xstrdup("out of memory");
        return -1;
    }
    int rc = pcre2_match(r->code, (PCRE2_SPTR)subject, len, 0, 0, md, r->mctx);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT) /* the interpreter has more room */
        rc = pcre2_match(r->code, (PCRE2_SPTR)subject, len, 0, PCRE2_NO_JIT, md, r->mctx);
    if (rc == PCRE2_ERROR_NOMATCH) {
        pcre2_match_data_free(md);
        return 0;
    }
    if (rc < 0) {
        char *m = pcre2_message(rc);
        *err = xasprintf("regex match failed: %s", m);
        free(m);
        pcre2_match_data_free(md);
        return -1;
    }
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t npairs = pcre2_get_ovector_count(md);
    Map *m = map_new(r->ngroups + 1);
    List *groups = list_new(r->ngroups + 1);
    for (uint32_t g = 0; g <= r->ngroups; g++) {
        if (g < npairs && ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] >= ov[2 * g]) {
            const char *p = subject + ov[2 * g];
            size_t n = ov[2 * g + 1] - ov[2 * g];
            groups->items[g] = secret ? val_secret(p, n) : val_string(p, n);
        }
        char key[16];
        snprintf(key, sizeof key, "%u", (unsigned)g);
        map_put_cstr(m, key, val_retain(groups->items[g]));
    }
    /* Named groups after the numbers; with (?J) duplicate names the group
     * that matched wins. */
    for (uint32_t g = 1; r->names && g <= r->ngroups; g++) {
        if (!r->names[g])
            continue;
        Value old = map_get(m, r->names[g], strlen(r->names[g]));
        if (old.type == T_ABSENT || groups->items[g].type != T_NULL)
            map_put_cstr(m, r->names[g], val_retain(groups->items[g]));
    }
    val_release(val_obj(&groups->hdr));
    pcre2_match_data_free(md);
    *captures = val_obj(&m->hdr);
    return 1;
}

int regex_match(Value re, const char *subject, size_t len, Value *captures, char **err)
{
    return regex_match_ex(re, subject, len, false, captures, err);
}

const char *regex_pattern(Value re, size_t *len)
{
    Regex *r = (Regex *)re.as.obj;
    *len = r->len;
    return r->pattern;
}

const char *regex_flags(Value re) { return ((Regex *)re.as.obj)->flags; }
