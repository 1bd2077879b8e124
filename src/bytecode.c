/* bytecode.c — the opcode table generated from OPCODE_LIST, building a
 * module (constants, procedures), and the .rbc file format: writing it and
 * loading it back. The loader trusts nothing: every read is bounds-checked,
 * every count is checked against the bytes left before anything is
 * allocated, and any damage is an error message, never a crash. It checks
 * structure only; whether the code is safe to run is bc_verify's job.
 *
 * The .rbc format, version 1. All integers little-endian.
 *
 *   offset 0   magic       4 bytes, RBC_MAGIC ("\x7fRBC")
 *   offset 4   version     u32, RBC_FORMAT_VERSION
 *   offset 8   checksum    u64, FNV-1a 64 of every byte from offset 16 on
 *   offset 16  source hash u64
 *   offset 24  module:
 *     str title, str doc, str source_path
 *     u32 nconsts, then per constant: u8 tag, then
 *         1 int, 3 duration  i64
 *         2 float            u64 (the IEEE-754 bits)
 *         4 string           str (never NULL; may hold NUL bytes)
 *         5 regex            str pattern, str flags in canonical order
 *                            (recompiled on load; failing = damage)
 *     u32 nprocs, then per procedure:
 *         str name, str title, str file (NULL unless imported), u32 line,
 *         u32 nparams, param × nparams,
 *         u32 nlocals, str × nlocals (debug names),
 *         u32 ncode, u32 × ncode (code), u32 × ncode (line of each word)
 *     u32 nglobals, then per global: param, u8 is_param
 *     u32 nsteps, then per step: str title, u8 kind, u32 proc, u32 line,
 *         str doc, u32 undo_proc (0xFFFFFFFF: none)
 *     u32 ncontacts, then per contact: str name, str display, u8 channel,
 *         u32 target_global (0xFFFFFFFF: none)
 *     u32 nescalations, then per escalation: str level, str name,
 *         u32 ncontacts, u32 × ncontacts (contact indices)
 *     u32 on_failure_proc, u32 on_success_proc, u32 globals_proc
 *         (0xFFFFFFFF: none)
 *   and nothing after that.
 *
 *   str   = u32 length + that many bytes; length 0xFFFFFFFF is NULL
 *   param = str name, u8 type kind (TypeKind), u32 nmembers,
 *           str × nmembers (enum members), u8 has_default,
 *           str description, str default_text
 *
 * Strings other than constants hold no NUL byte. Names (procedures,
 * parameters, locals, enum members) are never NULL. procs[0] is "main" and
 * procs[1] "<init>". The loader rejects anything else, so a module and its
 * image correspond one to one: loading and writing again gives the same
 * bytes.
 *
 * Any change to this layout bumps RBC_FORMAT_VERSION.
 */
#include "bytecode.h"

#include <stdlib.h>
#include <string.h>

#include "regex.h"

/* --- the opcode table ---------------------------------------------------- */

const OpcodeInfo opcode_info[OPC__COUNT] = {
#define OPCODE_INFO(name, ak, bk, pops, pushes, doc) [OPC_##name] = {#name, ak, bk, doc},
    OPCODE_LIST(OPCODE_INFO)
#undef OPCODE_INFO
};

int opcode_pops(Opcode op, int32_t a, uint32_t b)
{
    (void)a;
    (void)b;
    switch (op) {
#define OPCODE_POPS(name, ak, bk, pops, pushes, doc)                          \
    case OPC_##name:                                                           \
        return (int)(pops);
        OPCODE_LIST(OPCODE_POPS)
#undef OPCODE_POPS
    default:
        return 0;
    }
}

int opcode_pushes(Opcode op, int32_t a, uint32_t b)
{
    (void)a;
    (void)b;
    switch (op) {
#define OPCODE_PUSHES(name, ak, bk, pops, pushes, doc)                        \
    case OPC_##name:                                                           \
        return (int)(pushes);
        OPCODE_LIST(OPCODE_PUSHES)
#undef OPCODE_PUSHES
    default:
        return 0;
    }
}

/* --- building a module --------------------------------------------------- */

/* Room for n elements in p, which has room for *cap (0 when unknown: as
 * bc_deserialize allocates, exactly the count). Doubling, and no realloc
 * while there is room: appending one at a time costs amortised O(1) even
 * where every realloc copies (ASan's does). */
static void *grow_to(void *p, size_t n, size_t elem, size_t *cap)
{
    if (n <= *cap)
        return p;
    size_t c = 8;
    while (c < n)
        c *= 2;
    *cap = c;
    return xrealloc(p, c * elem);
}

/* A module as bc_new allocates it: the public part, then the constant
 * pool's dedup index, which only bc_add_const uses. Modules come from bc_new
 * (or bc_deserialize, which calls it), never from a bare allocation. */
typedef struct ModuleImpl {
    BcModule m; /* first, so a BcModule * is a ModuleImpl * */
    uint32_t *slots;   /* open addressing: constant index + 1, 0 = empty */
    uint32_t nslots;   /* 0 or a power of two, at least twice nindexed */
    uint32_t nindexed; /* consts[0..nindexed) have been entered */
    size_t capconsts, capprocs; /* room in consts and procs, for grow_to */
} ModuleImpl;

BcModule *bc_new(void)
{
    ModuleImpl *impl = xcalloc(1, sizeof *impl);
    impl->m.on_failure_proc = BC_NONE;
    impl->m.on_success_proc = BC_NONE;
    impl->m.globals_proc = BC_NONE;
    return &impl->m;
}

static void free_param_type(ParamType *t)
{
    if (t->members)
        for (size_t i = 0; i < t->nmembers; i++)
            free(t->members[i]);
    free(t->members);
    t->members = NULL;
    t->nmembers = 0;
}

static void free_param(BcParam *p)
{
    free(p->name);
    free_param_type(&p->type);
    free(p->description);
    free(p->default_text);
}

static void free_proc(BcProc *p)
{
    free(p->name);
    free(p->title);
    free(p->file);
    if (p->params)
        for (uint32_t i = 0; i < p->nparams; i++)
            free_param(&p->params[i]);
    free(p->params);
    if (p->local_names)
        for (uint32_t i = 0; i < p->nlocals; i++)
            free(p->local_names[i]);
    free(p->local_names);
    free(p->code);
    free(p->lines);
}

void bc_free(BcModule *m)
{
    if (!m)
        return;
    free(m->source_path);
    free(m->title);
    free(m->doc);
    if (m->consts)
        for (uint32_t i = 0; i < m->nconsts; i++)
            val_release(m->consts[i]);
    free(m->consts);
    if (m->procs)
        for (uint32_t i = 0; i < m->nprocs; i++)
            free_proc(&m->procs[i]);
    free(m->procs);
    if (m->globals)
        for (uint32_t i = 0; i < m->nglobals; i++)
            free_param(&m->globals[i].p);
    free(m->globals);
    if (m->steps)
        for (uint32_t i = 0; i < m->nsteps; i++) {
            free(m->steps[i].title);
            free(m->steps[i].doc);
        }
    free(m->steps);
    for (uint32_t i = 0; m->contacts && i < m->ncontacts; i++) {
        free(m->contacts[i].name);
        free(m->contacts[i].display);
    }
    free(m->contacts);
    for (uint32_t i = 0; m->escalations && i < m->nescalations; i++) {
        free(m->escalations[i].level);
        free(m->escalations[i].name);
        free(m->escalations[i].contacts);
    }
    free(m->escalations);
    ModuleImpl *impl = (ModuleImpl *)m;
    free(impl->slots);
    free(impl);
}

static int same_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* Constants that may share one pool entry: same type and same bytes. */
static int const_same(Value a, Value b)
{
    if (a.type != b.type)
        return 0;
    switch (a.type) {
    case T_INT:
    case T_DURATION:
        return a.as.i == b.as.i;
    case T_FLOAT: {
        uint64_t x, y;
        memcpy(&x, &a.as.f, sizeof x);
        memcpy(&y, &b.as.f, sizeof y);
        return x == y;
    }
    case T_STRING: {
        const Str *s = val_str(a), *t = val_str(b);
        return s->secret == t->secret && same_bytes(s->data, s->len, t->data, t->len);
    }
    case T_REGEX: {
        size_t alen, blen;
        const char *ap = regex_pattern(a, &alen), *bp = regex_pattern(b, &blen);
        return same_bytes(ap, alen, bp, blen) && strcmp(regex_flags(a), regex_flags(b)) == 0;
    }
    default:
        return 0;
    }
}

static uint64_t const_hash(Value v)
{
    uint64_t h = 0;
    switch (v.type) {
    case T_INT:
    case T_DURATION:
        h = hash_fnv1a64(&v.as.i, sizeof v.as.i);
        break;
    case T_FLOAT:
        h = hash_fnv1a64(&v.as.f, sizeof v.as.f);
        break;
    case T_STRING:
        h = hash_fnv1a64(val_str(v)->data, val_str(v)->len) + val_str(v)->secret;
        break;
    case T_REGEX: {
        size_t len;
        const char *pat = regex_pattern(v, &len), *flags = regex_flags(v);
        h = hash_fnv1a64(pat, len) * 31 + hash_fnv1a64(flags, strlen(flags));
        break;
    }
    default:
        break;
    }
    return (h ^ v.type) * 0x9e3779b97f4a7c15ull;
}

/* The slot holding a constant equal to v, or the empty slot where it would
 * go. */
static uint32_t *index_find(ModuleImpl *impl, Value v)
{
    uint32_t mask = impl->nslots - 1;
    for (uint32_t i = (uint32_t)(const_hash(v) >> 32) & mask;; i = (i + 1) & mask) {
        uint32_t *slot = &impl->slots[i];
        if (*slot == 0 || const_same(impl->m.consts[*slot - 1], v))
            return slot;
    }
}

/* Enter the constants added since the last call, however they were added
 * (bc_add_const_fresh, bc_deserialize). An equal constant already entered
 * keeps its slot, so bc_add_const returns the first of equals. */
static void index_sync(ModuleImpl *impl)
{
    const BcModule *m = &impl->m;
    if ((uint64_t)m->nconsts * 2 > impl->nslots) {
        uint32_t n = impl->nslots ? impl->nslots : 64;
        while ((uint64_t)n < (uint64_t)m->nconsts * 2)
            n *= 2;
        free(impl->slots);
        impl->slots = xcalloc(n, sizeof *impl->slots);
        impl->nslots = n;
        impl->nindexed = 0; /* re-enter everything into the larger table */
    }
    for (; impl->nindexed < m->nconsts; impl->nindexed++) {
        uint32_t *slot = index_find(impl, m->consts[impl->nindexed]);
        if (*slot == 0)
            *slot = impl->nindexed + 1;
    }
}

uint32_t bc_add_const_fresh(BcModule *m, Value v)
{
    switch (v.type) {
    case T_INT: case T_FLOAT: case T_DURATION: case T_STRING: case T_REGEX:
        break;
    default:
        /* The compiler's mistake, not the user's: such a pool could not be
         * written to a .rbc file. */
        fprintf(stderr, "runbook: internal error: constant of type %d\n", (int)v.type);
        abort();
    }
    m->consts = grow_to(m->consts, (size_t)m->nconsts + 1, sizeof *m->consts,
                        &((ModuleImpl *)m)->capconsts);
    m->consts[m->nconsts] = v;
    return m->nconsts++;
}

uint32_t bc_add_const(BcModule *m, Value v)
{
    ModuleImpl *impl = (ModuleImpl *)m;
    index_sync(impl);
    if (impl->nslots) {
        uint32_t *slot = index_find(impl, v);
        if (*slot) {
            val_release(v);
            return *slot - 1;
        }
    }
    return bc_add_const_fresh(m, v);
}

uint32_t bc_add_proc(BcModule *m, const char *name)
{
    m->procs = grow_to(m->procs, (size_t)m->nprocs + 1, sizeof *m->procs,
                       &((ModuleImpl *)m)->capprocs);
    BcProc *p = &m->procs[m->nprocs];
    memset(p, 0, sizeof *p);
    p->name = xstrdup(name);
    return m->nprocs++;
}

int bc_is_bytecode(const void *data, size_t len)
{
    return len >= 4 && memcmp(data, RBC_MAGIC, 4) == 0;
}

/* --- writing ------------------------------------------------------------- */

enum { CT_INT = 1, CT_FLOAT, CT_DURATION, CT_STRING, CT_REGEX };

#define NULL_STR_LEN 0xFFFFFFFFu
#define HEADER_SIZE 24 /* magic, version, checksum, source hash */
#define CHECKSUM_OFF 8

static void put_u8(Buf *b, uint8_t v) { buf_addc(b, (char)v); }

static void put_u32(Buf *b, uint32_t v)
{
    unsigned char bytes[4];
    for (int i = 0; i < 4; i++)
        bytes[i] = (unsigned char)(v >> (8 * i));
    buf_add(b, bytes, 4);
}

static void put_u64(Buf *b, uint64_t v)
{
    unsigned char bytes[8];
    for (int i = 0; i < 8; i++)
        bytes[i] = (unsigned char)(v >> (8 * i));
    buf_add(b, bytes, 8);
}

static void put_bytes(Buf *b, const char *s, size_t n)
{
    if (n >= NULL_STR_LEN) {
        fprintf(stderr, "runbook: internal error: string too long for .rbc\n");
        abort();
    }
    put_u32(b, (uint32_t)n);
    buf_add(b, s, n);
}

static void put_str(Buf *b, const char *s)
{
    if (!s)
        put_u32(b, NULL_STR_LEN);
    else
        put_bytes(b, s, strlen(s));
}

static void put_param(Buf *b, const BcParam *p)
{
    put_str(b, p->name);
    put_u8(b, (uint8_t)p->type.kind);
    put_u32(b, (uint32_t)p->type.nmembers);
    for (size_t i = 0; i < p->type.nmembers; i++)
        put_str(b, p->type.members[i]);
    put_u8(b, p->has_default);
    put_str(b, p->description);
    put_str(b, p->default_text);
}

static void put_const(Buf *b, Value v)
{
    switch (v.type) {
    case T_INT:
        put_u8(b, CT_INT);
        put_u64(b, (uint64_t)v.as.i);
        break;
    case T_DURATION:
        put_u8(b, CT_DURATION);
        put_u64(b, (uint64_t)v.as.i);
        break;
    case T_FLOAT: {
        uint64_t bits;
        memcpy(&bits, &v.as.f, sizeof bits);
        put_u8(b, CT_FLOAT);
        put_u64(b, bits);
        break;
    }
    case T_STRING:
        put_u8(b, CT_STRING);
        put_bytes(b, val_str(v)->data, val_str(v)->len);
        break;
    case T_REGEX: {
        size_t len;
        const char *pat = regex_pattern(v, &len);
        put_u8(b, CT_REGEX);
        put_bytes(b, pat, len);
        put_str(b, regex_flags(v));
        break;
    }
    default:
        fprintf(stderr, "runbook: internal error: constant of type %d\n", (int)v.type);
        abort();
    }
}

void bc_serialize(const BcModule *m, Buf *out)
{
    size_t start = out->len;
    buf_add(out, RBC_MAGIC, 4);
    put_u32(out, RBC_FORMAT_VERSION);
    put_u64(out, 0); /* checksum, patched below */
    put_u64(out, m->source_hash);

    put_str(out, m->title);
    put_str(out, m->doc);
    put_str(out, m->source_path);

    put_u32(out, m->nconsts);
    for (uint32_t i = 0; i < m->nconsts; i++)
        put_const(out, m->consts[i]);

    put_u32(out, m->nprocs);
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const BcProc *p = &m->procs[i];
        put_str(out, p->name);
        put_str(out, p->title);
        put_str(out, p->file);
        put_u32(out, p->line);
        put_u32(out, p->nparams);
        for (uint32_t j = 0; j < p->nparams; j++)
            put_param(out, &p->params[j]);
        put_u32(out, p->nlocals);
        for (uint32_t j = 0; j < p->nlocals; j++)
            put_str(out, p->local_names ? p->local_names[j] : "");
        put_u32(out, p->ncode);
        for (uint32_t j = 0; j < p->ncode; j++)
            put_u32(out, p->code[j]);
        for (uint32_t j = 0; j < p->ncode; j++)
            put_u32(out, p->lines ? p->lines[j] : 0);
    }

    put_u32(out, m->nglobals);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        put_param(out, &m->globals[i].p);
        put_u8(out, m->globals[i].is_param);
    }

    put_u32(out, m->nsteps);
    for (uint32_t i = 0; i < m->nsteps; i++) {
        const BcStep *s = &m->steps[i];
        put_str(out, s->title);
        put_u8(out, s->kind);
        put_u32(out, s->proc);
        put_u32(out, s->line);
        put_str(out, s->doc);
        put_u32(out, s->undo_proc);
    }

    put_u32(out, m->ncontacts);
    for (uint32_t i = 0; i < m->ncontacts; i++) {
        const BcContact *c = &m->contacts[i];
        put_str(out, c->name);
        put_str(out, c->display);
        put_u8(out, c->channel);
        put_u32(out, c->target_global);
    }
    put_u32(out, m->nescalations);
    for (uint32_t i = 0; i < m->nescalations; i++) {
        const BcEscalation *e = &m->escalations[i];
        put_str(out, e->level);
        put_str(out, e->name);
        put_u32(out, e->ncontacts);
        for (uint32_t k = 0; k < e->ncontacts; k++)
            put_u32(out, e->contacts[k]);
    }
    put_u32(out, m->on_failure_proc);
    put_u32(out, m->on_success_proc);
    put_u32(out, m->globals_proc);

    uint64_t sum = hash_fnv1a64(out->data + start + 16, out->len - start - 16);
    for (int i = 0; i < 8; i++)
        out->data[start + CHECKSUM_OFF + i] = (char)(unsigned char)(sum >> (8 * i));
}

/* --- reading ------------------------------------------------------------- */

/* The smallest encoding of each repeated element, used to reject a count
 * before allocating for it. */
enum {
    MIN_STR = 4,
    MIN_CONST = 1 + 4, /* a tag and a string's length */
    MIN_PARAM = 4 + 1 + 4 + 1 + 4 + 4,
    MIN_PROC = 4 + 4 + 4 + 4 + 4 + 4 + 4,
    MIN_CODE_WORD = 4 + 4,
    MIN_GLOBAL = MIN_PARAM + 1,
    MIN_STEP = 4 + 1 + 4 + 4 + 4 + 4,
    MIN_CONTACT = 4 + 4 + 1 + 4,
    MIN_ESCALATION = 4 + 4 + 4,
};

typedef struct Reader {
    const unsigned char *p;
    size_t len, pos;
    char *err; /* the first error; later reads fail quietly */
} Reader;

static int rd_fail(Reader *r, const char *fmt, ...) RB_PRINTF(2, 3);
static int rd_fail(Reader *r, const char *fmt, ...)
{
    if (!r->err) {
        va_list ap;
        va_start(ap, fmt);
        r->err = xvasprintf(fmt, ap);
        va_end(ap);
    }
    return 0;
}

static int rd_need(Reader *r, size_t n)
{
    if (r->err)
        return 0;
    if (r->len - r->pos < n)
        return rd_fail(r, "truncated at byte %zu", r->len);
    return 1;
}

static int rd_u8(Reader *r, uint8_t *v)
{
    if (!rd_need(r, 1))
        return 0;
    *v = r->p[r->pos++];
    return 1;
}

static int rd_u32(Reader *r, uint32_t *v)
{
    if (!rd_need(r, 4))
        return 0;
    uint32_t x = 0;
    for (int i = 0; i < 4; i++)
        x |= (uint32_t)r->p[r->pos + i] << (8 * i);
    r->pos += 4;
    *v = x;
    return 1;
}

static int rd_u64(Reader *r, uint64_t *v)
{
    if (!rd_need(r, 8))
        return 0;
    uint64_t x = 0;
    for (int i = 0; i < 8; i++)
        x |= (uint64_t)r->p[r->pos + i] << (8 * i);
    r->pos += 8;
    *v = x;
    return 1;
}

/* A count of elements that take at least min_size bytes each. */
static int rd_count(Reader *r, uint32_t *n, size_t min_size, const char *what)
{
    size_t at = r->pos;
    if (!rd_u32(r, n))
        return 0;
    if ((uint64_t)*n * min_size > r->len - r->pos)
        return rd_fail(r, "bad %s count %u at byte %zu (only %zu bytes follow)",
                       what, *n, at, r->len - r->pos);
    return 1;
}

/* A string's bytes: *s points into the image. *s = NULL for a NULL string. */
static int rd_bytes(Reader *r, const char **s, size_t *n)
{
    uint32_t len;
    if (!rd_u32(r, &len))
        return 0;
    if (len == NULL_STR_LEN) {
        *s = NULL;
        *n = 0;
        return 1;
    }
    if (!rd_need(r, len))
        return 0;
    *s = (const char *)r->p + r->pos;
    *n = len;
    r->pos += len;
    return 1;
}

/* A string that may be NULL, as a malloc'd C string. A NUL inside would cut
 * it short, so it is damage (only constants may hold NUL bytes). */
static int rd_str(Reader *r, char **out)
{
    const char *s;
    size_t n, at = r->pos;
    if (!rd_bytes(r, &s, &n))
        return 0;
    if (s && memchr(s, '\0', n))
        return rd_fail(r, "NUL byte inside the string at byte %zu", at);
    *out = s ? xstrndup(s, n) : NULL;
    return 1;
}

/* A string that must be present. */
static int rd_str_req(Reader *r, char **out, const char *what)
{
    size_t at = r->pos;
    if (!rd_str(r, out))
        return 0;
    if (!*out)
        return rd_fail(r, "missing %s at byte %zu", what, at);
    return 1;
}

static int rd_param(Reader *r, BcParam *p)
{
    uint8_t kind;
    uint32_t n;
    if (!rd_str_req(r, &p->name, "parameter name"))
        return 0;
    size_t at = r->pos;
    if (!rd_u8(r, &kind))
        return 0;
    if (kind > TY_ENUM)
        return rd_fail(r, "bad parameter type %u at byte %zu", kind, at);
    p->type.kind = kind;
    at = r->pos;
    if (!rd_count(r, &n, MIN_STR, "enum member"))
        return 0;
    if ((kind == TY_ENUM) != (n > 0))
        return rd_fail(r, "bad enum member count %u at byte %zu", n, at);
    if (n) {
        p->type.members = xcalloc(n, sizeof(char *));
        p->type.nmembers = n;
    }
    for (uint32_t i = 0; i < n; i++)
        if (!rd_str_req(r, &p->type.members[i], "enum member"))
            return 0;
    at = r->pos;
    if (!rd_u8(r, &p->has_default))
        return 0;
    if (p->has_default > 1)
        return rd_fail(r, "bad flag %u at byte %zu", p->has_default, at);
    return rd_str(r, &p->description) && rd_str(r, &p->default_text);
}

static int rd_const(Reader *r, Value *v, uint32_t index)
{
    uint8_t tag;
    uint64_t x;
    const char *s;
    size_t n;
    size_t at = r->pos;
    if (!rd_u8(r, &tag))
        return 0;
    switch (tag) {
    case CT_INT:
    case CT_DURATION:
        if (!rd_u64(r, &x))
            return 0;
        *v = tag == CT_INT ? val_int((int64_t)x) : val_duration((int64_t)x);
        return 1;
    case CT_FLOAT: {
        double f;
        if (!rd_u64(r, &x))
            return 0;
        memcpy(&f, &x, sizeof f);
        *v = val_float(f);
        return 1;
    }
    case CT_STRING:
        if (!rd_bytes(r, &s, &n))
            return 0;
        if (!s)
            return rd_fail(r, "missing string for constant k%u at byte %zu", index, at);
        *v = val_string(s, n);
        return 1;
    case CT_REGEX: {
        char *fl = NULL, *err = NULL;
        if (!rd_bytes(r, &s, &n) || !rd_str(r, &fl))
            return 0;
        if (!s || !fl) {
            free(fl);
            return rd_fail(r, "missing regex for constant k%u at byte %zu", index, at);
        }
        size_t erroff = 0;
        *v = regex_compile(s, n, fl, &err, &erroff);
        if (v->type != T_REGEX) {
            rd_fail(r, "constant k%u: bad regular expression: %s", index,
                    err ? err : "unknown error");
            free(err);
            free(fl);
            *v = val_null();
            return 0;
        }
        /* The writer stores flags as regex_flags gives them (canonical), so
         * anything else did not come from it. */
        int canonical = strcmp(regex_flags(*v), fl) == 0;
        free(fl);
        if (!canonical)
            return rd_fail(r, "constant k%u: bad regular expression flags", index);
        return 1;
    }
    default:
        return rd_fail(r, "bad constant tag %u at byte %zu", tag, at);
    }
}

static int rd_proc(Reader *r, BcProc *p)
{
    uint32_t n;
    if (!rd_str_req(r, &p->name, "procedure name") || !rd_str(r, &p->title) || !rd_str(r, &p->file) ||
        !rd_u32(r, &p->line))
        return 0;

    if (!rd_count(r, &n, MIN_PARAM, "parameter"))
        return 0;
    if (n) {
        p->params = xcalloc(n, sizeof *p->params);
        p->nparams = n;
    }
    for (uint32_t i = 0; i < n; i++)
        if (!rd_param(r, &p->params[i]))
            return 0;

    size_t at = r->pos;
    if (!rd_count(r, &n, MIN_STR, "local"))
        return 0;
    if (n < p->nparams)
        return rd_fail(r, "procedure %s has %u locals but %u parameters (byte %zu)",
                       p->name, n, p->nparams, at);
    if (n) {
        p->local_names = xcalloc(n, sizeof(char *));
        p->nlocals = n;
    }
    for (uint32_t i = 0; i < n; i++)
        if (!rd_str_req(r, &p->local_names[i], "local name"))
            return 0;

    if (!rd_count(r, &n, MIN_CODE_WORD, "code word"))
        return 0;
    if (n) {
        p->code = xmalloc((size_t)n * sizeof(uint32_t));
        p->lines = xmalloc((size_t)n * sizeof(uint32_t));
        p->ncode = n;
    }
    for (uint32_t i = 0; i < n; i++)
        rd_u32(r, &p->code[i]);
    for (uint32_t i = 0; i < n; i++)
        rd_u32(r, &p->lines[i]);
    return !r->err;
}

static int rd_module(Reader *r, BcModule *m)
{
    uint32_t n;
    if (!rd_u64(r, &m->source_hash) || !rd_str(r, &m->title) || !rd_str(r, &m->doc) ||
        !rd_str(r, &m->source_path))
        return 0;

    if (!rd_count(r, &n, MIN_CONST, "constant"))
        return 0;
    if (n) {
        m->consts = xcalloc(n, sizeof *m->consts); /* T_NULL: safe to release */
        m->nconsts = n;
    }
    for (uint32_t i = 0; i < n; i++)
        if (!rd_const(r, &m->consts[i], i))
            return 0;

    size_t at = r->pos;
    if (!rd_count(r, &n, MIN_PROC, "procedure"))
        return 0;
    if (n < 2)
        return rd_fail(r, "bad procedure count %u at byte %zu (main and <init> are required)",
                       n, at);
    m->procs = xcalloc(n, sizeof *m->procs);
    m->nprocs = n;
    for (uint32_t i = 0; i < n; i++)
        if (!rd_proc(r, &m->procs[i]))
            return 0;
    if (strcmp(m->procs[BC_PROC_MAIN].name, "main") != 0 ||
        strcmp(m->procs[BC_PROC_INIT].name, "<init>") != 0)
        return rd_fail(r, "the first procedures must be main and <init>, not %s and %s",
                       m->procs[0].name, m->procs[1].name);

    if (!rd_count(r, &n, MIN_GLOBAL, "global"))
        return 0;
    if (n) {
        m->globals = xcalloc(n, sizeof *m->globals);
        m->nglobals = n;
    }
    for (uint32_t i = 0; i < n; i++) {
        BcGlobal *g = &m->globals[i];
        if (!rd_param(r, &g->p))
            return 0;
        at = r->pos;
        if (!rd_u8(r, &g->is_param))
            return 0;
        if (g->is_param > 1)
            return rd_fail(r, "bad flag %u at byte %zu", g->is_param, at);
    }

    if (!rd_count(r, &n, MIN_STEP, "step"))
        return 0;
    if (n) {
        m->steps = xcalloc(n, sizeof *m->steps);
        m->nsteps = n;
    }
    for (uint32_t i = 0; i < n; i++) {
        BcStep *s = &m->steps[i];
        if (!rd_str(r, &s->title))
            return 0;
        at = r->pos;
        if (!rd_u8(r, &s->kind))
            return 0;
        if (s->kind > STEP_CHECK)
            return rd_fail(r, "bad step kind %u at byte %zu", s->kind, at);
        at = r->pos;
        if (!rd_u32(r, &s->proc) || !rd_u32(r, &s->line) || !rd_str(r, &s->doc))
            return 0;
        if (s->proc >= m->nprocs)
            return rd_fail(r, "step s%u belongs to procedure %u of %u (byte %zu)", i,
                           s->proc, m->nprocs, at);
        at = r->pos;
        if (!rd_u32(r, &s->undo_proc))
            return 0;
        if (s->undo_proc != BC_NONE && s->undo_proc >= m->nprocs)
            return rd_fail(r, "step s%u has undo procedure %u of %u (byte %zu)", i, s->undo_proc,
                           m->nprocs, at);
    }

    if (!rd_count(r, &n, MIN_CONTACT, "contact"))
        return 0;
    if (n) {
        m->contacts = xcalloc(n, sizeof *m->contacts);
        m->ncontacts = n;
    }
    for (uint32_t i = 0; i < n; i++) {
        BcContact *c = &m->contacts[i];
        if (!rd_str_req(r, &c->name, "contact name") || !rd_str_req(r, &c->display, "contact display name"))
            return 0;
        at = r->pos;
        if (!rd_u8(r, &c->channel) || !rd_u32(r, &c->target_global))
            return 0;
        if (c->channel > CH_LOG || (c->target_global != BC_NONE && c->target_global >= m->nglobals))
            return rd_fail(r, "bad contact c%u at byte %zu", i, at);
    }
    if (!rd_count(r, &n, MIN_ESCALATION, "escalation"))
        return 0;
    if (n) {
        m->escalations = xcalloc(n, sizeof *m->escalations);
        m->nescalations = n;
    }
    for (uint32_t i = 0; i < n; i++) {
        BcEscalation *e = &m->escalations[i];
        uint32_t k;
        if (!rd_str_req(r, &e->level, "escalation level") || !rd_str_req(r, &e->name, "escalation name") ||
            !rd_count(r, &k, 4, "escalation contact"))
            return 0;
        e->contacts = xcalloc(k ? k : 1, sizeof *e->contacts);
        e->ncontacts = k;
        for (uint32_t j = 0; j < k; j++) {
            at = r->pos;
            if (!rd_u32(r, &e->contacts[j]))
                return 0;
            if (e->contacts[j] >= m->ncontacts)
                return rd_fail(r, "escalation %s names contact %u of %u (byte %zu)", e->level,
                               e->contacts[j], m->ncontacts, at);
        }
    }
    at = r->pos;
    if (!rd_u32(r, &m->on_failure_proc) || !rd_u32(r, &m->on_success_proc) ||
        !rd_u32(r, &m->globals_proc))
        return 0;
    if ((m->on_failure_proc != BC_NONE && m->on_failure_proc >= m->nprocs) ||
        (m->on_success_proc != BC_NONE && m->on_success_proc >= m->nprocs) ||
        (m->globals_proc != BC_NONE && m->globals_proc >= m->nprocs))
        return rd_fail(r, "bad top-level handler procedure at byte %zu", at);

    if (r->pos != r->len)
        return rd_fail(r, "%zu bytes of garbage after the module at byte %zu",
                       r->len - r->pos, r->pos);
    return 1;
}

BcModule *bc_deserialize(const void *data, size_t len, char **err)
{
    Reader r = {data, len, 0, NULL};
    uint32_t version;
    uint64_t sum;

    *err = NULL;
    if (!bc_is_bytecode(data, len)) {
        *err = xstrdup("not a runbook bytecode file (bad magic number)");
        return NULL;
    }
    r.pos = 4;
    if (!rd_u32(&r, &version)) {
        *err = r.err;
        return NULL;
    }
    if (version != RBC_FORMAT_VERSION) {
        *err = xasprintf("unsupported bytecode format version %u (this runbook reads %d); "
                         "recompile the source",
                         version, RBC_FORMAT_VERSION);
        return NULL;
    }
    if (!rd_u64(&r, &sum)) {
        *err = r.err;
        return NULL;
    }
    if (sum != hash_fnv1a64(r.p + r.pos, len - r.pos)) {
        *err = xstrdup("checksum mismatch: the file is damaged");
        return NULL;
    }

    BcModule *m = bc_new();
    if (!rd_module(&r, m)) {
        bc_free(m);
        *err = r.err;
        return NULL;
    }
    return m;
}
