/* params.h — runbook and procedure parameters: their declared types, and
 * turning `-p name=value` text and `--vars FILE.yaml` values into typed
 * values. Everything is validated before anything runs; a bad parameter is a
 * usage error (exit 2) that names it. */
#ifndef RUNBOOK_PARAMS_H
#define RUNBOOK_PARAMS_H

#include "ast.h" /* TypeKind */
#include "value.h"

typedef struct ParamType {
    int kind; /* TypeKind */
    size_t nmembers;
    char **members; /* TY_ENUM: allowed strings */
} ParamType;

/* Coerce a value (from a vars file, a default, or a -p text parsed as a
 * string) to the declared type. Rules:
 *  - string: strings as is; ints/floats/bools from a vars file become their
 *    text (YAML `tag: 123` is the string "123");
 *  - int/float/bool/duration: from the value of that type, or from a string
 *    that parses as one ("3", "2.5", "true"/"false", "5m"); int accepted
 *    for float;
 *  - list/map: from a list/map, or from a string holding YAML/JSON of one
 *    ("[a, b]", "{k: v}");
 *  - secret: any string, made secret;
 *  - enum: a string equal to one member;
 *  - any (TY_ANY): as given.
 * Returns 0 and sets *out (new ref), or -1 with *err like
 * "expected int, got \"abc\"" or "must be one of \"a\", \"b\"; got \"c\"". */
int param_coerce(const ParamType *t, Value in, Value *out, char **err);

/* "string", "int", …, or "\"a\" | \"b\"" for enums; malloc'd. */
char *param_type_describe(const ParamType *t);

/* A parameter source: -p pairs and vars files merged, later wins. */
typedef struct ParamSet {
    Map *values; /* name -> value (strings from -p, typed from YAML) */
} ParamSet;

void paramset_init(ParamSet *ps);
void paramset_free(ParamSet *ps);
/* "name=value" from -p; the value is kept as a string. -1 + *err when the
 * text has no '=' or the name is not an identifier. */
int paramset_add_assignment(ParamSet *ps, const char *text, char **err);
/* Merge a YAML file whose top level must be a map of name: value. Errors
 * name the file and the position (from libyaml). */
int paramset_add_vars_file(ParamSet *ps, const char *path, char **err);

void param_type_free(ParamType *t);

#endif
