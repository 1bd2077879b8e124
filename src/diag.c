/* diag.c — loading sources and printing diagnostics with a source line and
 * a caret. Collecting and printing only: what counts as an error is decided
 * by the parser, checker and linter. */
#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

Source *source_load(const char *path, char **errmsg)
{
    char *text;
    size_t len;
    if (read_whole_file(path, &text, &len) < 0) {
        *errmsg = xasprintf("%s: %s", path, strerror(errno));
        return NULL;
    }
    return source_adopt(path, text, len);
}

Source *source_adopt(const char *path, char *text, size_t len)
{
    Source *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->text = text;
    s->len = len;
    return s;
}

Source *source_from_memory(const char *path, const char *text, size_t len)
{
    Source *s = xcalloc(1, sizeof *s);
    s->path = xstrdup(path);
    s->text = xstrndup(text, len);
    s->len = len;
    return s;
}

void source_free(Source *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->text);
    free(s);
}

void diag_vadd(Diags *d, Severity sev, const char *rule, const Source *src,
               Span span, const char *fmt, va_list ap)
{
    Diag dg = {sev, rule, src, span, xvasprintf(fmt, ap)};
    VEC_PUSH(d->v, d->n, d->cap, dg);
    if (sev == SEV_ERROR)
        d->errors++;
    else if (sev == SEV_WARNING)
        d->warnings++;
}

void diag_add(Diags *d, Severity sev, const char *rule, const Source *src,
              Span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    diag_vadd(d, sev, rule, src, span, fmt, ap);
    va_end(ap);
}

void diags_keep_source(Diags *d, Source *src) { VEC_PUSH(d->owned, d->nowned, d->capowned, src); }

void diags_free(Diags *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->v[i].msg);
    free(d->v);
    for (size_t i = 0; i < d->nowned; i++)
        source_free(d->owned[i]);
    free(d->owned);
    memset(d, 0, sizeof *d);
}

static int diag_cmp(const void *pa, const void *pb)
{
    const Diag *a = pa, *b = pb;
    const char *fa = a->src ? a->src->path : "", *fb = b->src ? b->src->path : "";
    int c = strcmp(fa, fb);
    if (c)
        return c;
    if (a->span.line != b->span.line)
        return a->span.line < b->span.line ? -1 : 1;
    if (a->span.col != b->span.col)
        return a->span.col < b->span.col ? -1 : 1;
    return a < b ? -1 : a > b;
}

void diags_sort(Diags *d)
{
    /* qsort is not stable; make ties stable by comparing addresses of a
     * copy taken in insertion order. */
    if (d->n > 1)
        qsort(d->v, d->n, sizeof *d->v, diag_cmp);
}

const char *severity_name(Severity s)
{
    switch (s) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    default: return "note";
    }
}

const char *source_line(const Source *s, uint32_t line, size_t *len)
{
    if (!s || line == 0) {
        *len = 0;
        return "";
    }
    const char *p = s->text, *end = s->text + s->len;
    for (uint32_t l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) {
            *len = 0;
            return "";
        }
        p = nl + 1;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
    if (n > 0 && p[n - 1] == '\r')
        n--;
    *len = n;
    return p;
}

Span span_join(Span a, Span b)
{
    Span s = a;
    s.end_line = b.end_line;
    s.end_col = b.end_col;
    s.end_off = b.end_off;
    return s;
}

/* The length of the character at p as it is shown: a valid UTF-8 sequence
 * of printable text (or a tab), else 0 (shown as one '?'). */
static size_t show_unit(const char *p, size_t n)
{
    if (n == 0)
        return 0;
    unsigned c = (unsigned char)p[0];
    if (c == '\t' || (c >= 0x20 && c < 0x7f))
        return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | ((unsigned char)p[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp < 0xA0))
        return 0;
    return len;
}

/* A source line longer than this is shown as a window of about this many
 * bytes around the caret, with "..." where it was cut: a minified or
 * generated file must not turn each diagnostic into megabytes of output. */
#define EXCERPT_MAX 200

void diag_print(const Diag *dg, FILE *out, int color)
{
    const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
    const char *sevc = "";
    if (color)
        sevc = dg->sev == SEV_ERROR ? "\033[1;31m" : dg->sev == SEV_WARNING ? "\033[1;35m" : "\033[1;36m";
    /* Built in memory and written at once: stderr is unbuffered, and a
     * write per byte of a long line costs seconds. */
    Buf b = {0};
    if (dg->src && dg->span.line)
        buf_printf(&b, "%s%s:%u:%u:%s ", bold, dg->src->path, dg->span.line, dg->span.col, reset);
    else if (dg->src)
        buf_printf(&b, "%s%s:%s ", bold, dg->src->path, reset);
    buf_printf(&b, "%s%s:%s %s", sevc, severity_name(dg->sev), reset, dg->msg);
    if (dg->rule)
        buf_printf(&b, " [%s]", dg->rule);
    buf_addc(&b, '\n');
    if (!dg->src || !dg->span.line)
        goto done;
    size_t n;
    const char *line = source_line(dg->src, dg->span.line, &n);
    if (n == 0 && dg->span.col <= 1)
        goto done;
    uint32_t col = dg->span.col ? dg->span.col : 1;
    /* The bytes [from, to) of the line are shown: all of it, or a window
     * holding the caret, cut next to character boundaries. */
    size_t from = 0, to = n;
    if (n > EXCERPT_MAX) {
        size_t caret = (size_t)col - 1;
        if (caret > EXCERPT_MAX / 4)
            from = caret - EXCERPT_MAX / 4;
        if (from > n - EXCERPT_MAX)
            from = n - EXCERPT_MAX;
        to = from + EXCERPT_MAX;
        for (int k = 0; k < 3 && from > 0 && ((unsigned char)line[from] & 0xC0) == 0x80; k++)
            from--;
        for (int k = 0; k < 3 && to < n && ((unsigned char)line[to] & 0xC0) == 0x80; k++)
            to--;
    }
    /* Show the line with tabs kept so the caret lines up. Control bytes,
     * DEL and bytes that are not UTF-8 are shown as '?' so a binary file
     * cannot garble the terminal. Columns are bytes; the caret is placed by
     * characters, so that it lines up under the text a terminal shows. */
    buf_adds(&b, from > 0 ? "    ..." : "    ");
    size_t i = from;
    while (i < to) {
        size_t l = show_unit(line + i, n - i);
        if (l == 0) {
            buf_addc(&b, '?');
            i++;
        } else {
            buf_add(&b, line + i, l);
            i += l;
        }
    }
    to = i; /* a character may run past the window's end */
    buf_adds(&b, to < n ? "...\n    " : "\n    ");
    if (from > 0)
        buf_adds(&b, "   ");
    size_t at = from; /* byte offset in line */
    while (at + 1 < col) {
        size_t l = show_unit(line + at, at < n ? n - at : 0);
        buf_addc(&b, at < n && line[at] == '\t' ? '\t' : ' ');
        at += l ? l : 1;
    }
    uint32_t width = 1;
    size_t end = at; /* the span's end on this line, in bytes */
    if (dg->span.end_line == dg->span.line && dg->span.end_col > col)
        end = dg->span.end_col - 1;
    else if (dg->span.end_line > dg->span.line && n + 1 > col)
        end = n;
    if (to < n && end > to)
        end = to; /* the ~ stop where the shown text does */
    for (size_t j = at, w = 0; j < end; w++) {
        size_t l = j < n ? show_unit(line + j, n - j) : 1;
        j += l ? l : 1;
        width = (uint32_t)(w + 1);
    }
    buf_printf(&b, "%s^", sevc);
    for (uint32_t j = 1; j < width; j++)
        buf_addc(&b, '~');
    buf_printf(&b, "%s\n", reset);
done:
    fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}

void diags_print(const Diags *d, FILE *out, int color)
{
    for (size_t i = 0; i < d->n; i++)
        diag_print(&d->v[i], out, color);
}
