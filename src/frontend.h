/* frontend.h — the lexer+parser entry point. Turns one source file into an
 * AST, reporting every syntax error it can find (error recovery) into
 * Diags. Builds the tree and nothing else: no name resolution, no checks
 * beyond syntax and literal decoding (escapes, numbers, durations). */
#ifndef RUNBOOK_FRONTEND_H
#define RUNBOOK_FRONTEND_H

#include "ast.h"
#include "diag.h"

/* Returns an N_MODULE (possibly partial when there were errors) or NULL
 * when nothing could be built; the tree lives in arena (arena_release frees
 * it). Syntax errors have rule "syntax". Never
 * crashes or hangs on any byte sequence, including NUL bytes and invalid
 * UTF-8 (reported as errors). */
Node *parse_source(const Source *src, Diags *diags, Arena *arena);

#endif
