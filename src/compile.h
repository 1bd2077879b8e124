/* compile.h — AST to bytecode for one module, and the whole pipeline from a
 * source file (parse, check, compile) used by every subcommand. */
#ifndef RUNBOOK_COMPILE_H
#define RUNBOOK_COMPILE_H

#include "ast.h"
#include "bytecode.h"
#include "diag.h"

/* Compile a module the checker accepted (annotations filled in). Constructs
 * that a later milestone implements are reported as errors. Returns NULL
 * when diagnostics were added. */
BcModule *compile_module(const Node *module, const Source *src, Diags *diags);

/* Parse, check and compile src. Returns NULL when there were errors (all
 * in diags). When ast_arena is given, the AST is built in it and kept
 * (*ast_out points to it, NULL when nothing could be parsed; the caller
 * releases the arena); otherwise it is freed before returning. */
BcModule *compile_source(const Source *src, Diags *diags, Arena *ast_arena, Node **ast_out);
/* The same, as an import of the files on stack (depth of them), for cycle
 * detection. */
BcModule *compile_source_in(const Source *src, Diags *diags, Arena *ast_arena, Node **ast_out,
                            const char **stack, size_t depth);

#endif
