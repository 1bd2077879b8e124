/* data.h — structured data in and out: JSON and YAML parsed through libyaml
 * (JSON is read as YAML; scalars typed by the YAML 1.2 core schema), JSON
 * and YAML written by one writer each. */
#ifndef RUNBOOK_DATA_H
#define RUNBOOK_DATA_H

#include "value.h"

/* Parse YAML (or JSON) text into a value: mappings -> maps (keys in string
 * context), sequences -> lists, scalars by the core schema (null, bool, int,
 * float, else string; quoted scalars are always strings). Empty document ->
 * null. Only the first document is read. On error returns -1 and sets *err
 * to "line L, column C: problem" (malloc'd). Aliases are resolved with a
 * bound on total expansion (billion-laughs safe). */
int data_parse_yaml(const char *text, size_t len, Value *out, char **err);
/* The same, with the position kept apart: on error *err is the bare problem
 * and *line, *col (1-based) where it is (for "FILE:L:C: problem"). */
int data_parse_yaml_at(const char *text, size_t len, Value *out, char **err, int *line,
                       int *col);
/* Like data_parse_yaml, but requires the text to be JSON-shaped (a flow
 * document); used by parse_json(). */
int data_parse_json(const char *text, size_t len, Value *out, char **err);

/* Type a plain (unquoted) scalar by the YAML 1.2 core schema: "" ~ null
 * Null NULL -> null; true/True/TRUE/false/… -> bool; 12, -3, 0x1f, 0o17 ->
 * int (decimal beyond int64 -> float); 1.5 1e3 .inf -.inf .nan -> float;
 * anything else -> string. New ref. */
Value data_resolve_plain(const char *s, size_t len);

/* Compact JSON (no spaces): {"a":1,"b":[true,null]}. Durations as their
 * text ("1h30m"), secrets as "***" when mask_secrets, else their text.
 * Floats as the shortest text that reads back the same. */
void data_write_json(Value v, Buf *b, bool mask_secrets);
/* Block-style YAML, ending with a newline. */
void data_write_yaml(Value v, Buf *b, bool mask_secrets);

#endif
