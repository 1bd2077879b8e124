/* vm.h — the bytecode interpreter. Runs a verified module: <init> (parameter
 * defaults and checks, top-level lets), then the entry point (the main body
 * or a named procedure). Reentrant: all state lives in the Vm. */
#ifndef RUNBOOK_VM_H
#define RUNBOOK_VM_H

#include "audit.h"
#include "bytecode.h"
#include "effect.h"
#include "params.h"
#include "report.h"
#include "secrets.h"

/* Exit codes of LANGUAGE.md §10. */
enum { EXIT_OK = 0, EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_ABORTED = 3 };

typedef struct Vm Vm;

/* The module must have passed bc_verify. The Vm borrows m and rep. */
Vm *vm_new(const BcModule *m, Reporter *rep);
void vm_free(Vm *vm);

/* Where effects go (borrowed): the effects implementation, the secrets
 * registry (secret parameters and secrets passed to commands are added),
 * the audit log (may be NULL) and the default command timeout. Without a
 * call, commands fail ("no effects configured"). */
void vm_set_effects(Vm *vm, Effects *fx, Secrets *secrets, Audit *audit,
                    int64_t command_timeout_ns);

/* Plan mode (runbook plan): the same program, with the effects
 * implementation simulating; unknown values flow through expressions and a
 * branch on one shows both arms. */
void vm_set_plan(Vm *vm, bool plan);

/* Index of procedure NAME (a declared procedure, not main/<init>), or -1. */
int vm_find_proc(const BcModule *m, const char *name);

/* Bind parameter values (from -p and --vars) for a run of entry procedure
 * `entry` (BC_PROC_MAIN or a procedure index): every name must be a runbook
 * parameter or a parameter of the entry procedure; values are coerced to
 * their declared types. On error returns -1 and sets *err (a usage error,
 * exit 2) naming the parameter. */
int vm_bind_params(Vm *vm, uint32_t entry, const ParamSet *ps, char **err);

/* What each step and check did, in the order they ended (for --junit). */
typedef struct VmStepRecord {
    const char *kind; /* "step" or "check" */
    char *title;
    int64_t duration_ns;
    int status;       /* 0 ok, 1 failed, 2 failed but handled */
    char *message;    /* the failure, masked; NULL when ok */
    uint32_t line;
} VmStepRecord;
const VmStepRecord *vm_step_records(const Vm *vm, size_t *n);

/* The run's parameters and the entry procedure's arguments, as bound (a
 * map; new reference). Call after vm_run. */
Value vm_parameter_values(const Vm *vm);
/* The message of the failure that ended the run, or NULL. */
const char *vm_failure_message(const Vm *vm);

/* Run: <init>, then the entry point. Returns an exit code (EXIT_*). */
int vm_run(Vm *vm, uint32_t entry);

#endif
