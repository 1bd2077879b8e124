/* sh_quote.h — quoting the values of an sh script for the shell context
 * they stand in. */
#ifndef RUNBOOK_SH_QUOTE_H
#define RUNBOOK_SH_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

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

void sh_scan(ShScan *sc, const char *s, size_t n);
/* Append the reference to value n (RUNBOOK_Vn), quoted for where the scan
 * stands: "${RUNBOOK_Vn}" outside quotes, ${RUNBOOK_Vn} inside "...",
 * '"${RUNBOOK_Vn}"' inside '...', ${RUNBOOK_Vn} inside $(( ... )) (a quoted
 * number is a syntax error there; arithmetic never runs a value as a
 * command). */
void sh_ref(Buf *b, const ShScan *sc, uint32_t n);

#endif
