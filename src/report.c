/* report.c — terminal output for people. See report.h. */
#include "report.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_RESET "\033[0m"

void report_init(Reporter *r, FILE *out, FILE *err, int color)
{
    memset(r, 0, sizeof *r);
    r->out = out;
    r->err = err;
    if (color < 0) {
        const char *nc = getenv("NO_COLOR");
        color = isatty(fileno(out)) && !(nc && *nc);
    }
    r->color = color != 0;
    r->tty = isatty(fileno(out));
    r->at_line_start = true;
}

static const char *c(const Reporter *r, const char *code) { return r->color ? code : ""; }

static void indent(Reporter *r)
{
    for (int i = 0; i < r->depth; i++)
        fputs("    ", r->out);
}

void report_run_start(Reporter *r, const char *title)
{
    fprintf(r->out, "%s== %s%s\n", c(r, C_BOLD), title, c(r, C_RESET));
}

void report_param(Reporter *r, const char *name, const char *value)
{
    fprintf(r->out, "   %s%s = %s%s\n", c(r, C_DIM), name, value, c(r, C_RESET));
}

void report_section(Reporter *r, const char *title)
{
    if (r->quiet)
        return;
    indent(r);
    fprintf(r->out, "%s-- %s%s\n", c(r, C_BOLD), title, c(r, C_RESET));
}

void report_step_start(Reporter *r, const char *kind, const char *title)
{
    if (r->quiet)
        return;
    indent(r);
    fprintf(r->out, "%s[%s]%s %s\n", c(r, C_CYAN), kind, c(r, C_RESET), title);
    fflush(r->out);
    r->depth++;
    if (strcmp(kind, "check") == 0)
        r->nchecks++;
    else
        r->nsteps++;
}

void report_step_end(Reporter *r, const char *kind, const char *title, int status,
                     int64_t duration_ns)
{
    if (r->quiet)
        return;
    (void)kind;
    (void)title;
    Buf d = {0};
    format_duration_ns(&d, duration_ns - duration_ns % 1000000);
    indent(r);
    if (status == 0)
        fprintf(r->out, "%sok%s (%s)\n", c(r, C_GREEN), c(r, C_RESET), d.data);
    else if (status == 2)
        fprintf(r->out, "%sfailed, handled%s (%s)\n", c(r, C_YELLOW), c(r, C_RESET), d.data);
    else
        fprintf(r->out, "%sFAILED%s (%s)\n", c(r, C_RED), c(r, C_RESET), d.data);
    fflush(r->out);
    buf_free(&d);
    if (r->depth > 0)
        r->depth--;
    if (status == 2)
        r->nhandled++;
    else if (status != 0)
        r->nfailed++;
}

void report_command(Reporter *r, const char *display)
{
    if (r->quiet)
        return;
    indent(r);
    fprintf(r->out, "%s$ %s%s\n", c(r, C_DIM), display, c(r, C_RESET));
    fflush(r->out);
}

void report_output(Reporter *r, const char *text, size_t len)
{
    if (r->quiet)
        return;
    Buf masked = {0};
    if (r->secrets && r->secrets->n) {
        secrets_mask_into(r->secrets, text, len, &masked);
        text = masked.data;
        len = masked.len;
    }
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        indent(r);
        fwrite(p, 1, n, r->out);
        fputc('\n', r->out);
        p += n + (nl ? 1 : 0);
    }
    if (len == 0) {
        indent(r);
        fputc('\n', r->out);
    }
    fflush(r->out);
    buf_free(&masked);
}

void report_failure(Reporter *r, const char *file, uint32_t line, const char *step,
                    const char *message)
{
    fflush(r->out);
    fprintf(r->err, "%serror:%s %s:%u: ", r->color ? C_RED C_BOLD : "", c(r, C_RESET), file, line);
    if (step)
        fprintf(r->err, "in step \"%s\": ", step);
    char *masked = secrets_mask(r->secrets, message, strlen(message));
    fprintf(r->err, "%s\n", masked);
    free(masked);
    fflush(r->err);
}

void report_spinner(Reporter *r, int frame, const char *text)
{
    static const char *const frames[] = {"|", "/", "-", "\\"};
    fputs("\r\033[K", r->out);
    indent(r);
    fprintf(r->out, "%s%s %s%s", c(r, C_CYAN), frames[frame & 3], text, c(r, C_RESET));
    fflush(r->out);
}

void report_spinner_clear(Reporter *r)
{
    fputs("\r\033[K", r->out);
    fflush(r->out);
}

void report_run_end(Reporter *r, int exit_code, int64_t duration_ns)
{
    if (r->quiet)
        return;
    Buf d = {0};
    format_duration_ns(&d, duration_ns - duration_ns % 1000000);
    const char *what = exit_code == 0 ? "succeeded" : exit_code == 3 ? "ABORTED" : "FAILED";
    const char *col = exit_code == 0 ? C_GREEN : C_RED;
    char handled[32] = "";
    if (r->nhandled)
        snprintf(handled, sizeof handled, ", %d handled", r->nhandled);
    fprintf(r->out, "%s== run %s%s: %d step%s, %d check%s, %d failed%s (%s)\n", c(r, col), what,
            c(r, C_RESET), r->nsteps, r->nsteps == 1 ? "" : "s", r->nchecks,
            r->nchecks == 1 ? "" : "s", r->nfailed, handled, d.data);
    fflush(r->out);
    buf_free(&d);
}
