/* vm_impl.h — the VM's insides, shared by the interpreter loop (vm.c) and
 * the code around it (vm_host.c: set-up, parameters, steps, time limits,
 * commands and notifications, running a whole program). Not for other
 * modules: they use vm.h. */
#ifndef RUNBOOK_VM_IMPL_H
#define RUNBOOK_VM_IMPL_H

#include "vm.h"

#define VM_STACK_VALUES (1u << 18) /* 4 MiB of values */
#define VM_MAX_FRAMES 10000

typedef struct Frame {
    const BcProc *proc;
    const uint32_t *ret_ip; /* caller's resume point; NULL for an entry frame */
    Value *base;
    bool plan_vague_return; /* plan: a `return` in an arm of an unknown branch was passed */
} Frame;

/* A time limit from a step timeout or a timeout block. `at` is already
 * the minimum with every enclosing limit. */
typedef struct Deadline {
    int64_t at, len;
    uint32_t frame;
} Deadline;

typedef struct Handler {
    uint32_t ndeadlines;    /* time limits in force when installed */
    uint32_t nframes;       /* frames alive when installed */
    Value *sp;              /* stack height to restore */
    const uint32_t *target; /* where the handler code starts */
    uint32_t nsteps;        /* steps open when installed */
    uint32_t nloops;        /* plan loops open when installed */
} Handler;

typedef struct ActiveStep {
    uint32_t index;
    uint32_t frame; /* frame that opened it */
    char *title;
    int64_t start_ns;
    bool failed;
} ActiveStep;

/* A completed step's undo, waiting for a rollback (a saga entry). */
typedef struct UndoRecord {
    uint32_t step;
    char *title; /* the step's title as it ran */
    Value *args;
    uint32_t nargs;
} UndoRecord;

/* Plan mode: an if whose condition is unknown, both arms being shown. */
typedef struct PlanBranch {
    const uint32_t *else_at; /* where the else-arm starts (or the ENDIF) */
    const uint32_t *end_at;  /* the ENDIF, once known */
    bool in_else;
    bool then_ended;         /* the then-arm ended in fail/abort/return */
    uint32_t frame;          /* the frame it is in */
    uint32_t nloops;         /* plan loops open when it began */
} PlanBranch;

/* Plan mode: an open for, wait-until or retry. Vague when its body is shown
 * once for however many passes a run makes (a loop over an unknown list, a
 * wait, a retry): a `set` inside it leaves the variable unknown. */
typedef struct PlanLoop {
    uint32_t frame;
    bool vague;
} PlanLoop;

/* How a run of the loop ended. */
typedef enum Outcome { RUN_RETURNED, RUN_FAILED, RUN_USAGE, RUN_ABORTED } Outcome;

struct Vm {
    const BcModule *m;
    Reporter *rep;
    Value *stack, *stack_end;
    Frame *frames;
    uint32_t nframes;
    Handler *handlers;
    uint32_t nhandlers, handlers_cap;
    ActiveStep *steps;
    uint32_t nsteps, steps_cap;
    Value *globals;
    Value *entry_args; /* bound arguments of the entry procedure */
    const BcProc *entry_proc; /* that procedure (vm_bind_params) */
    const char **entry_proc_params; /* their names */
    uint32_t nentry_args;
    Deadline *deadlines;
    uint32_t ndeadlines, deadlines_cap;
    UndoRecord *undo;
    uint32_t nundo, undo_cap;
    VmStepRecord *records;
    size_t nrecords, records_cap;
    uint64_t rng; /* retry jitter */
    Effects *fx;
    Secrets *secrets;
    Audit *audit;
    int64_t command_timeout_ns;
    bool plan;        /* plan mode: effects are simulated, unknowns flow */
    PlanBranch *branches;
    uint32_t nbranches, branches_cap;
    PlanLoop *loops;
    uint32_t nloops, loops_cap, nvague;
    uint32_t unknown_conds; /* plan: ternaries being evaluated on an unknown condition */
    Value failure;    /* the failure being raised or handled (a map) */
    char *failure_msg;
    char *failure_file; /* the file the failure is in (imports have their own) */
    uint32_t failure_line;
};

/* Plan mode: report structure (no-op unless planning). */
void vm_plan_note(Vm *vm, PlanNote kind, const char *text);
/* Plan mode (vm_plan.c): a loop, wait or retry begins, vague when shown
 * once for any number of passes (noted with note/text); close those above
 * n; where a fail/abort/return (what, with msg) in an unknown arm goes on. */
void vm_plan_loop_begin(Vm *vm, bool vague, PlanNote note, const char *text);
void vm_plan_loops_close(Vm *vm, uint32_t n);
const uint32_t *vm_plan_arm_exit(Vm *vm, const BcProc *P, Value msg, const char *what);

/* Run procedure pi to its end, its frame starting at base (the bottom of
 * the stack, or the current top for a nested run). */
Outcome vm_execute(Vm *vm, uint32_t pi, const Value *args, uint32_t nargs, Value *result,
                   Value *base);
void vm_note_secret(Vm *vm, Value v);
const char *vm_step_kind_name(const BcStep *bs);
void vm_step_close(Vm *vm, int status);
void vm_steps_fail_down_to(Vm *vm, uint32_t keep);
char *vm_deadline_message(const Vm *vm);
int64_t vm_time_left(const Vm *vm);
/* Sleep ns (cut short by a time limit, a failure, or an interruption); on a
 * terminal a spinner shows label. */
Outcome vm_sleep(Vm *vm, int64_t ns, const char *label, char **err);
void vm_escalate(Vm *vm, const BcEscalation *e, Value msgv);
/* *fail_kind: "command", or "timeout" when a time limit stopped it. */
Outcome vm_run_command(Vm *vm, int kind, int flags, const Value *words, uint32_t n, uint32_t line,
                       Value *out, char **err, const char **fail_kind);

#endif
