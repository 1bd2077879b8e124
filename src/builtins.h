/* builtins.h — the built-in functions of LANGUAGE.md §2. One X-macro table
 * is the truth: name, arity, effect class and a one-line doc. The compiler
 * resolves calls through it, the disassembler and lint read names and effect
 * classes from it, and plan mode decides what to simulate from the class. */
#ifndef RUNBOOK_BUILTINS_H
#define RUNBOOK_BUILTINS_H

#include "value.h"

/* Effect classes. Pure functions always run; READ ones observe the world
 * (environment, clock) but change nothing. CHANGE/PROMPT/NOTIFY are for
 * effectful builtins added by later modules. */
typedef enum EffectClass { EFF_PURE, EFF_READ, EFF_CHANGE, EFF_PROMPT, EFF_NOTIFY } EffectClass;

/* X(name, min_args, max_args, effect, doc) */
#define BUILTIN_LIST(X)                                                              \
    X(len, 1, 1, EFF_PURE, "length of a string (characters), list or map")           \
    X(keys, 1, 1, EFF_PURE, "the keys of a map, in insertion order")                 \
    X(values, 1, 1, EFF_PURE, "the values of a map, in insertion order")             \
    X(str, 1, 1, EFF_PURE, "the value in string context")                            \
    X(int, 1, 1, EFF_PURE, "an int from an int, float, bool or numeric string")      \
    X(float, 1, 1, EFF_PURE, "a float from a number or numeric string")              \
    X(bool, 1, 1, EFF_PURE, "truthiness; \"true\"/\"false\" strings parse")          \
    X(lower, 1, 1, EFF_PURE, "lower-case (ASCII)")                                   \
    X(upper, 1, 1, EFF_PURE, "upper-case (ASCII)")                                   \
    X(trim, 1, 1, EFF_PURE, "strip leading and trailing whitespace")                 \
    X(split, 2, 2, EFF_PURE, "split a string at every occurrence of sep")            \
    X(join, 2, 2, EFF_PURE, "join a list's elements (string context) with sep")      \
    X(lines, 1, 1, EFF_PURE, "split at newlines; a final newline adds nothing")      \
    X(contains, 2, 2, EFF_PURE, "substring, list element or map key test")           \
    X(starts_with, 2, 2, EFF_PURE, "string prefix test")                             \
    X(ends_with, 2, 2, EFF_PURE, "string suffix test")                               \
    X(replace, 3, 3, EFF_PURE, "replace every occurrence of old with new")           \
    X(json, 1, 1, EFF_PURE, "encode a value as JSON")                                \
    X(yaml, 1, 1, EFF_PURE, "encode a value as YAML")                                \
    X(parse_json, 1, 1, EFF_PURE, "parse JSON text into a value")                    \
    X(parse_yaml, 1, 1, EFF_PURE, "parse YAML text into a value")                    \
    X(env, 1, 1, EFF_READ, "an environment variable, or null when unset")            \
    X(now, 0, 0, EFF_READ, "the current time as an RFC 3339 UTC string")            \
    X(format_duration, 1, 1, EFF_PURE, "a duration as text, e.g. 1h30m")            \
    X(default, 2, 2, EFF_PURE, "x unless it is null, else fallback")                 \
    X(min, 2, 2, EFF_PURE, "the smaller of two comparable values")                   \
    X(max, 2, 2, EFF_PURE, "the larger of two comparable values")                    \
    X(sort, 1, 1, EFF_PURE, "a sorted copy of a list of comparable values")          \
    X(unique, 1, 1, EFF_PURE, "a list without repeated elements, first kept")      \
    X(range, 1, 2, EFF_PURE, "the ints from start (default 0) up to, not including, stop")

typedef enum BuiltinId {
#define X(name, lo, hi, eff, doc) BI_##name,
    BUILTIN_LIST(X)
#undef X
    BI__COUNT
} BuiltinId;

typedef struct BuiltinInfo {
    const char *name;
    int min_args, max_args;
    EffectClass effect;
    const char *doc;
} BuiltinInfo;

extern const BuiltinInfo builtin_info[BI__COUNT];

/* Look a builtin up by name; -1 if none. */
int builtin_lookup(const char *name);

/* Call builtin `id` with argc args (borrowed). Returns 0 and sets *out (new
 * ref), or -1 and sets *err (malloc'd, e.g. "split: sep must be a string,
 * got int"). A secret argument makes a string result secret. */
int builtin_call(int id, Value *args, int argc, Value *out, char **err);

#endif
