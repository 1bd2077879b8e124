/* report.h — what people see on the terminal while a runbook runs: the
 * title and parameters, sections, a header per step, output indented under
 * its step, step outcomes with durations, failures and the final summary.
 * Colour only on a TTY and never when NO_COLOR is set. Machine-readable
 * output (audit log, JUnit) is not this module's job. */
#ifndef RUNBOOK_REPORT_H
#define RUNBOOK_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "secrets.h"

typedef struct Reporter {
    const Secrets *secrets; /* masked in everything shown; may be NULL */
    FILE *out;   /* progress and log output */
    FILE *err;   /* failures and warnings */
    bool color;
    bool quiet;  /* plan mode: only the title, parameters and failures */
    bool tty;    /* out is a terminal: spinners */
    int depth;   /* open steps */
    int nsteps, nchecks, nfailed, nhandled; /* a handled failure is not counted as failed */
    bool at_line_start;
} Reporter;

/* color: -1 decide from the terminal and NO_COLOR, 0 never, 1 always. */
void report_init(Reporter *r, FILE *out, FILE *err, int color);

void report_run_start(Reporter *r, const char *title);
void report_param(Reporter *r, const char *name, const char *value);
void report_section(Reporter *r, const char *title);
void report_step_start(Reporter *r, const char *kind, const char *title);
/* status: 0 ok, 1 failed, 2 failed but handled by its on-failure block. */
void report_step_end(Reporter *r, const char *kind, const char *title, int status,
                     int64_t duration_ns);
/* A command about to run, shown as `$ kubectl get pods` (display is
 * already masked). */
void report_command(Reporter *r, const char *display);
/* A line of output under the current step (log, command output). Secrets
 * are masked. */
void report_output(Reporter *r, const char *text, size_t len);
/* A failure: where (file:line), which step, what. */
void report_failure(Reporter *r, const char *file, uint32_t line, const char *step,
                    const char *message);
/* A spinner line while waiting (terminals only; the caller checks tty),
 * and its removal. */
void report_spinner(Reporter *r, int frame, const char *text);
void report_spinner_clear(Reporter *r);

/* exit_code as the run will exit (0, 1, 3). */
void report_run_end(Reporter *r, int exit_code, int64_t duration_ns);

#endif
