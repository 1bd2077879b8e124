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

/* sh scripts: the script reaches /bin/sh with every ${expr} replaced by a
 * reference to the environment variable holding its value, quoted for
 * where it stands. The scan follows the shell's quoting through the
 * script's literal text; command substitution ($( ) and ` `) starts a fresh
 * context inside quotes, so the states nest. Lint (lint_sh.c) builds the
 * same text to show ShellCheck what really runs. Start from a zeroed ShScan. */
typedef enum ShState { SH_OUT, SH_SQ, SH_DQ } ShState;

typedef struct ShScan {
    ShState st[32]; /* st[depth] is the current state */
    char close[32]; /* what ends each nested context: ')' or '`' */
    bool arith[32]; /* the context is $(( … )): values go in unquoted */
    int depth;
    char prev;      /* the last character scanned: '#' starts a comment only
                     * at the start of a word */
} ShScan;

void compile_sh_scan(ShScan *sc, const char *s, size_t n);
/* Append the reference to value n (RUNBOOK_Vn), quoted for where the scan
 * stands: "${RUNBOOK_Vn}" outside quotes, ${RUNBOOK_Vn} inside "...",
 * '"${RUNBOOK_Vn}"' inside '...', ${RUNBOOK_Vn} inside $(( ... )) (a quoted
 * number is a syntax error there; arithmetic never runs a value as a
 * command). */
void compile_sh_ref(Buf *b, const ShScan *sc, uint32_t n);

#endif
