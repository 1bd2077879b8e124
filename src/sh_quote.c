/* sh_quote.c — where a ${expr} stands in an sh script's text, and the
 * reference to its value quoted for that place. See sh_quote.h. Text only:
 * the compiler (compile.c) and lint (lint_sh.c) use it; it runs nothing. */
#include "sh_quote.h"

#include "command.h"

void sh_scan(ShScan *sc, const char *s, size_t n)
{
    for (size_t i = 0; i < n; sc->prev = s[i < n ? i : n - 1], i++) {
        char ch = s[i];
        ShState *st = &sc->st[sc->depth];
        if (*st == SH_SQ) {
            if (ch == '\'')
                *st = SH_OUT;
            continue;
        }
        if (*st == SH_OUT && ch == '#' && !sc->arith[sc->depth] &&
            (sc->prev == 0 || sc->prev == ' ' || sc->prev == '\t' || sc->prev == '\n' || sc->prev == ';')) {
            while (i + 1 < n && s[i + 1] != '\n') /* a comment: quotes in it mean nothing */
                i++;
            continue;
        }
        if (ch == '\\') {
            i++;
            continue;
        }
        if (sc->depth > 0 && *st == SH_OUT && ch == sc->close[sc->depth]) {
            sc->depth--;
            continue;
        }
        bool opens = (ch == '$' && i + 1 < n && s[i + 1] == '(') || ch == '`';
        if (opens && sc->depth < 31) {
            bool arith = ch == '$' && i + 2 < n && s[i + 2] == '(';
            sc->depth++;
            sc->st[sc->depth] = SH_OUT;
            sc->close[sc->depth] = ch == '`' ? '`' : ')';
            sc->arith[sc->depth] = arith;
            if (ch == '$')
                i += arith ? 2 : 1;
            continue;
        }
        if (sc->arith[sc->depth] && ch == ')' && i + 1 < n && s[i + 1] == ')') {
            sc->depth--; /* the end of $(( … )) */
            i++;
            continue;
        }
        if (*st == SH_OUT && ch == '\'')
            *st = SH_SQ;
        else if (*st == SH_OUT && ch == '"')
            *st = SH_DQ;
        else if (*st == SH_DQ && ch == '"')
            *st = SH_OUT;
    }
}

void sh_ref(Buf *b, const ShScan *sc, uint32_t n)
{
    if (sc->arith[sc->depth]) {
        buf_printf(b, "${" SH_VAR_PREFIX "%u}", n);
        return;
    }
    switch (sc->st[sc->depth]) {
    case SH_OUT: buf_printf(b, "\"${" SH_VAR_PREFIX "%u}\"", n); break;
    case SH_DQ: buf_printf(b, "${" SH_VAR_PREFIX "%u}", n); break;
    case SH_SQ: buf_printf(b, "'\"${" SH_VAR_PREFIX "%u}\"'", n); break;
    }
}
