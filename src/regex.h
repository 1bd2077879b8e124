/* regex.h — regular expressions through PCRE2 (8-bit, JIT when available).
 * Patterns are compiled once (at compile time for checking, at load time for
 * running) and kept as T_REGEX objects. */
#ifndef RUNBOOK_REGEX_H
#define RUNBOOK_REGEX_H

#include "value.h"

/* Compile pattern (len bytes) with flags from "imsx". Returns a T_REGEX
 * value, or T_NULL and sets *err (malloc'd PCRE2 message) and *erroff (byte
 * offset of the error in the pattern). An unknown flag is an error too, with
 * *erroff = len (just past the pattern, where the flags start). Flags are
 * kept in the canonical order "imsx". */
Value regex_compile(const char *pattern, size_t len, const char *flags,
                    char **err, size_t *erroff);

/* Match subject against re. Returns 1 on a match and sets *captures to a
 * map value: keys "0", "1", … for numbered groups (unset groups null) and
 * group names for named groups; 0 when there is no match (*captures =
 * null); -1 on a matching error (e.g. match limit) with *err set. */
int regex_match(Value re, const char *subject, size_t len, Value *captures,
                char **err);

/* The same; secret: the subject is a secret, so every capture is too. */
int regex_match_ex(Value re, const char *subject, size_t len, bool secret,
                   Value *captures, char **err);

/* The pattern text and flags, for the disassembler and the .rbc writer. */
const char *regex_pattern(Value re, size_t *len);
const char *regex_flags(Value re);

#endif
