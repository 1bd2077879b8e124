/* exec.h — the real implementation of the effects interface: commands run
 * (proc.c), requests are sent (http.c), sleeps sleep. Output of commands
 * run as statements streams to the terminal under the current step; each
 * command goes to the audit log. */
#ifndef RUNBOOK_EXEC_H
#define RUNBOOK_EXEC_H

#include "audit.h"
#include "effect.h"
#include "report.h"

typedef struct ExecOptions {
    bool verbose;          /* show the output of captured commands too */
    bool yes;              /* --yes: answer yes to every confirm, and say so */
    bool notify_log;       /* --notify=log: notifications go to stderr only */
    size_t audit_output_limit; /* bytes of output kept per stream in the audit log */
} ExecOptions;

Effects *exec_effects_new(Reporter *rep, const Secrets *secrets, Audit *audit,
                          const ExecOptions *opt);

#endif
