/* value.h — the runtime values of LANGUAGE.md §2: tagged 16-byte values,
 * refcounted immutable heap objects. Values never form cycles (they are
 * immutable), so refcounting alone frees everything.
 *
 * Ownership: a function returning Value returns a new reference; a Value
 * stored in a container is owned by it. val_retain/val_release are cheap
 * no-ops for non-heap values. */
#ifndef RUNBOOK_VALUE_H
#define RUNBOOK_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

typedef enum ValType {
    T_NULL = 0,
    T_BOOL,
    T_INT,
    T_FLOAT,
    T_DURATION, /* nanoseconds in .i */
    T_UNKNOWN,  /* plan mode: a value only a run could tell */
    T_ABSENT,   /* internal: a parameter/argument not supplied; never user-visible */
    /* heap types from here on */
    T_STRING, /* also secret strings: Str.secret */
    T_LIST,
    T_MAP,
    T_RESULT, /* what a command returns (§5); defined by the command module */
    T_REGEX,  /* compiled pattern (constants only) */
} ValType;

#define T_FIRST_HEAP T_STRING

typedef struct Obj {
    uint32_t refcount;
    uint8_t type; /* ValType */
} Obj;

typedef struct Value {
    int64_t type; /* ValType; a full word, so that writing a tag and reading the value back do not stall (store forwarding) */
    union {
        bool b;
        int64_t i; /* T_INT, T_DURATION */
        double f;
        Obj *obj;
    } as;
} Value;

typedef struct Str {
    Obj hdr;
    bool secret;   /* prints as *** everywhere */
    bool unknown;  /* plan mode: text built from a value only a run could tell */
    uint32_t hash; /* 0 = not computed yet */
    size_t len;
    char data[]; /* NUL-terminated */
} Str;

typedef struct List {
    Obj hdr;
    size_t len;
    Value items[];
} List;

/* Insertion-ordered map with string keys and an open-addressing index. */
typedef struct Map {
    Obj hdr;
    size_t len, cap;
    Str **keys;
    Value *vals;
    uint32_t *index; /* size index_cap, entries are position+1, 0 empty */
    size_t index_cap;
} Map;

/* Constructors */
static inline Value val_null(void) { Value v; v.type = T_NULL; v.as.i = 0; return v; }
static inline Value val_absent(void) { Value v; v.type = T_ABSENT; v.as.i = 0; return v; }
static inline Value val_unknown(void) { Value v; v.type = T_UNKNOWN; v.as.i = 0; return v; }
static inline Value val_bool(bool b) { Value v; v.type = T_BOOL; v.as.i = 0; v.as.b = b; return v; }
static inline Value val_int(int64_t i) { Value v; v.type = T_INT; v.as.i = i; return v; }
static inline Value val_float(double f) { Value v; v.type = T_FLOAT; v.as.f = f; return v; }
static inline Value val_duration(int64_t ns) { Value v; v.type = T_DURATION; v.as.i = ns; return v; }
static inline Value val_obj(Obj *o) { Value v; v.type = o->type; v.as.obj = o; return v; }

static inline bool val_is_heap(Value v) { return v.type >= T_FIRST_HEAP; }
static inline Str *val_str(Value v) { return (Str *)v.as.obj; }
static inline List *val_list(Value v) { return (List *)v.as.obj; }
static inline Map *val_map(Value v) { return (Map *)v.as.obj; }

void obj_free(Obj *o);
static inline Value val_retain(Value v)
{
    if (val_is_heap(v))
        v.as.obj->refcount++;
    return v;
}
static inline void val_release(Value v)
{
    if (val_is_heap(v) && --v.as.obj->refcount == 0)
        obj_free(v.as.obj);
}

/* Strings */
Value val_string(const char *s, size_t len);     /* copies */
Value val_cstring(const char *s);
Value val_secret(const char *s, size_t len);     /* a secret string */
Value val_string_take(Buf *b, bool secret);      /* takes b's bytes */
static inline bool val_is_secret(Value v) { return v.type == T_STRING && val_str(v)->secret; }

/* Lists: build with list_new(n) then fill items[0..n) with owned values. */
List *list_new(size_t len);
Value val_list_from(Value *items, size_t n); /* retains each item */

/* Maps: build with map_new + map_put while the map is still private
 * (refcount 1, not yet shared); after that it is immutable. */
Map *map_new(size_t cap_hint);
void map_put(Map *m, Str *key, Value v); /* takes v; retains key; replaces */
void map_put_cstr(Map *m, const char *key, Value v);
Value map_get(const Map *m, const char *key, size_t klen); /* borrowed; T_ABSENT if missing */
Value map_copy(const Map *m); /* a private copy (refcount 1) */

/* Results of commands (§5) are defined by the command module (issue 3);
 * the VM treats them through this hook so field access works. */
typedef struct ObjVtable {
    void (*free)(Obj *o);
    Value (*field)(Obj *o, const char *name, size_t len); /* new ref; T_ABSENT if none */
    void (*to_string)(Obj *o, Buf *b, bool mask_secrets); /* string context */
    const char *type_name;
    bool (*truthy)(Obj *o); /* optional; NULL means always true */
} ObjVtable;
/* Register the behaviour of an extension type (T_RESULT, T_REGEX). */
void val_register_type(ValType t, const ObjVtable *vt);

/* Operations (pure). Each returns 0 on success and sets *out (new ref), or
 * -1 and sets *err to a malloc'd message like "cannot add string and int".
 * int op int -> int (overflow is an error, / truncates toward zero, % has
 * the sign of the dividend); a float operand makes a float; x / 0 and
 * x % 0 are "division by zero" for ints and floats alike. d+d d-d d%d d*n
 * n*d d/n -> duration, d/d -> float. `+` joins strings (secret if either
 * is), lists, and maps (right wins; left's keys first). An unknown operand
 * gives unknown (plan mode); val_compare and val_in have no unknown result,
 * so the VM decides before calling them. */
int val_add(Value a, Value b, Value *out, char **err);
int val_sub(Value a, Value b, Value *out, char **err);
int val_mul(Value a, Value b, Value *out, char **err);
int val_div(Value a, Value b, Value *out, char **err);
int val_mod(Value a, Value b, Value *out, char **err);
int val_neg(Value a, Value *out, char **err);
/* <, <=, >, >= on numbers (int/float mixed), durations, strings. op is
 * one of '<' 'l' (<=) '>' 'g' (>=). Sets *res. */
int val_compare(Value a, Value b, int op, bool *res, char **err);
bool val_equal(Value a, Value b); /* deep; 1 == 1.0 is true */
/* `x in y`: element of a list, key of a map, substring of a string. */
int val_in(Value needle, Value hay, bool *res, char **err);
bool val_truthy(Value v); /* null/false/0/""/[]/{} are false */
/* A hash consistent with val_equal (1 and 1.0 hash alike; maps ignore
 * key order). */
uint32_t val_hash(Value v);
/* Deep tests: does v hold a secret string / an unknown anywhere? A string
 * built from such a value (str, json, join, interpolation) must be secret. */
/* How plan mode writes a value known only after the run. */
#define VAL_UNKNOWN_TEXT "(known after run)"

bool val_has_secret(Value v);
bool val_has_unknown(Value v);
/* A copy of v with every string in it made secret (new ref). */
Value val_make_secret(Value v);

/* Field access (`.name`): map key, result field; null for anything else
 * missing (§2). Returns new ref. */
Value val_field(Value obj, const char *name, size_t len);
/* Indexing: list[int] (negative from the end), map[string]; out of range
 * or missing -> null; null[anything] -> null; result["field"] as
 * result.field; a wrong index type, or indexing a string/number, is an
 * error. */
int val_index(Value obj, Value idx, Value *out, char **err);

/* String context: how a value is interpolated. Secrets as "***" when
 * mask_secrets, else their text. Lists/maps as JSON. null as "". */
void val_to_buf(Value v, Buf *b, bool mask_secrets);
/* A debug/display representation (strings quoted), as in expect messages
 * and `log` of a list element: "abc" -> "\"abc\"". */
void val_repr(Value v, Buf *b);
const char *val_type_name(Value v); /* "string", "secret", "int", … */
/* A float as the shortest text that reads back the same, always with a
 * '.' or an exponent ("2.0", "0.1", "1e+20"); "inf", "-inf", "nan". */
void val_format_float(double f, Buf *b);

#endif
