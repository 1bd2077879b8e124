/* plan.h — the plan implementation of the effects interface (`runbook
 * plan`): nothing runs, nothing is sent, nobody is prompted or notified.
 * Every action the program reaches is printed, numbered and marked by kind
 * (change, read, confirm, notify, wait), fully resolved where known; a
 * command's result is unknown ("known after run"). With refresh, read-only
 * commands run for real through the exec implementation, so their values
 * are known. The VM runs the same bytecode either way. */
#ifndef RUNBOOK_PLAN_H
#define RUNBOOK_PLAN_H

#include <stdio.h>

#include "effect.h"
#include "report.h"

typedef enum PlanFormat { PLAN_TEXT, PLAN_JSON } PlanFormat;

typedef struct PlanOptions {
    PlanFormat format;
    Effects *refresh; /* exec effects for read-only actions, or NULL */
    FILE *out;
    bool color;
} PlanOptions;

Effects *plan_effects_new(const PlanOptions *opt);
/* Print the summary (text) or the whole document (json). title: the
 * runbook's; entry: the procedure planned; params: a map of parameter
 * values (borrowed); failed: the failure that stopped the plan, or NULL;
 * aborted: it was an `abort` (the run would stop, exit 3). */
void plan_finish(Effects *fx, const char *title, const char *entry, Value params,
                 const char *failed, bool aborted);

#endif
