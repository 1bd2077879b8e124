/* vm.c — the interpreter loop. A stack machine over one contiguous value
 * stack: each frame's locals sit at its base and its operands above them.
 * Failures unwind to the innermost handler installed by TRY (restoring the
 * stack and the step nesting) or end the run. `abort` and usage errors
 * bypass handlers. Dispatch uses computed goto when the compiler has it.
 *
 * The VM never prints directly: people's output goes through report.c. */
#include "vm.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "command.h"
#include "config.h"
#include "proc.h"
#include "regex.h"
#include "result.h"

#define VM_STACK_VALUES (1u << 18) /* 4 MiB of values */
#define VM_MAX_FRAMES 10000

typedef struct Frame {
    const BcProc *proc;
    const uint32_t *ret_ip; /* caller's resume point; NULL for an entry frame */
    Value *base;
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
    Value failure;    /* the failure being raised or handled (a map) */
    char *failure_msg;
    uint32_t failure_line;
};

/* ---- set-up -------------------------------------------------------- */

Vm *vm_new(const BcModule *m, Reporter *rep)
{
    Vm *vm = xcalloc(1, sizeof *vm);
    vm->m = m;
    vm->rep = rep;
    vm->stack = xcalloc(VM_STACK_VALUES, sizeof *vm->stack);
    vm->stack_end = vm->stack + VM_STACK_VALUES;
    vm->frames = xcalloc(VM_MAX_FRAMES, sizeof *vm->frames);
    vm->globals = xcalloc(m->nglobals ? m->nglobals : 1, sizeof *vm->globals);
    for (uint32_t i = 0; i < m->nglobals; i++)
        vm->globals[i] = m->globals[i].is_param ? val_absent() : val_null();
    vm->failure = val_null();
    vm->rng = (uint64_t)clock_monotonic_ns() | 1;
    return vm;
}

void vm_free(Vm *vm)
{
    if (!vm)
        return;
    for (uint32_t i = 0; i < vm->m->nglobals; i++)
        val_release(vm->globals[i]);
    for (uint32_t i = 0; i < vm->nentry_args; i++)
        val_release(vm->entry_args[i]);
    for (uint32_t i = 0; i < vm->nsteps; i++)
        free(vm->steps[i].title);
    val_release(vm->failure);
    free(vm->failure_msg);
    free(vm->entry_args);
    free(vm->globals);
    free(vm->frames);
    free(vm->stack);
    free(vm->handlers);
    free(vm->steps);
    free(vm->deadlines);
    for (uint32_t i = 0; i < vm->nundo; i++) {
        for (uint32_t k = 0; k < vm->undo[i].nargs; k++)
            val_release(vm->undo[i].args[k]);
        free(vm->undo[i].args);
        free(vm->undo[i].title);
    }
    free(vm->undo);
    for (size_t i = 0; i < vm->nrecords; i++) {
        free(vm->records[i].title);
        free(vm->records[i].message);
    }
    free(vm->records);
    free(vm);
}

void vm_set_effects(Vm *vm, Effects *fx, Secrets *secrets, Audit *audit,
                    int64_t command_timeout_ns)
{
    vm->fx = fx;
    vm->secrets = secrets;
    vm->audit = audit;
    vm->command_timeout_ns = command_timeout_ns;
}

/* A secret value's text joins the masking set. */
static void note_secret(Vm *vm, Value v)
{
    if (vm->secrets && v.type == T_STRING && val_str(v)->secret)
        secrets_add(vm->secrets, val_str(v)->data, val_str(v)->len);
}

const VmStepRecord *vm_step_records(const Vm *vm, size_t *n)
{
    *n = vm->nrecords;
    return vm->records;
}

int vm_find_proc(const BcModule *m, const char *name)
{
    for (uint32_t i = 2; i < m->nprocs; i++)
        if (strcmp(m->procs[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int find_global_param(const BcModule *m, const char *name)
{
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (m->globals[i].is_param && strcmp(m->globals[i].p.name, name) == 0)
            return (int)i;
    return -1;
}

int vm_bind_params(Vm *vm, uint32_t entry, const ParamSet *ps, char **err)
{
    const BcModule *m = vm->m;
    const BcProc *proc = &m->procs[entry];
    vm->nentry_args = proc->nparams;
    vm->entry_args = xcalloc(proc->nparams ? proc->nparams : 1, sizeof *vm->entry_args);
    for (uint32_t i = 0; i < proc->nparams; i++)
        vm->entry_args[i] = val_absent();
    const Map *vals = ps->values;
    for (size_t k = 0; vals && k < vals->len; k++) {
        const char *name = vals->keys[k]->data;
        Value v = vals->vals[k];
        const ParamType *type = NULL;
        Value *dest = NULL;
        int g = find_global_param(m, name);
        if (g >= 0) {
            type = &m->globals[g].p.type;
            dest = &vm->globals[g];
        } else {
            for (uint32_t i = 0; i < proc->nparams; i++)
                if (strcmp(proc->params[i].name, name) == 0) {
                    type = &proc->params[i].type;
                    dest = &vm->entry_args[i];
                }
        }
        if (!dest) {
            *err = xasprintf("unknown parameter '%s'%s%s", name, entry >= 2 ? " for procedure " : "",
                             entry >= 2 ? proc->name : "");
            return -1;
        }
        Value out;
        char *why = NULL;
        if (param_coerce(type, v, &out, &why) < 0) {
            *err = xasprintf("parameter '%s': %s", name, why);
            free(why);
            return -1;
        }
        note_secret(vm, out);
        val_release(*dest);
        *dest = out;
    }
    for (uint32_t i = 0; i < proc->nparams; i++)
        if (vm->entry_args[i].type == T_ABSENT && !proc->params[i].has_default) {
            char *ty = param_type_describe(&proc->params[i].type);
            *err = xasprintf("missing required parameter '%s' (%s) of procedure %s: pass -p %s=VALUE",
                             proc->params[i].name, ty, proc->name, proc->params[i].name);
            free(ty);
            return -1;
        }
    return 0;
}

/* ---- failures ------------------------------------------------------ */

static const char *current_step_title(const Vm *vm)
{
    return vm->nsteps ? vm->steps[vm->nsteps - 1].title : NULL;
}

static uint32_t line_of(const BcProc *p, const uint32_t *pc)
{
    ptrdiff_t at = pc - p->code;
    if (at < 0 || (uint32_t)at >= p->ncode)
        return 0;
    return p->lines[at];
}

/* Record a failure raised at pc (message taken over). */
static void set_failure(Vm *vm, const BcProc *p, const uint32_t *pc, const char *kind, char *msg)
{
    val_release(vm->failure);
    free(vm->failure_msg);
    vm->failure_msg = msg;
    vm->failure_line = line_of(p, pc);
    Map *f = map_new(4);
    const char *step = current_step_title(vm);
    map_put_cstr(f, "step", step ? val_cstring(step) : val_null());
    map_put_cstr(f, "message", val_cstring(msg));
    map_put_cstr(f, "line", val_int(vm->failure_line));
    map_put_cstr(f, "kind", val_cstring(kind));
    vm->failure = val_obj(&f->hdr);
}

/* Adopt a failure value re-raised by RERAISE. */
static void adopt_failure(Vm *vm, Value f)
{
    Value msg = val_field(f, "message", 7);
    Value line = val_field(f, "line", 4);
    Buf b = {0};
    val_to_buf(msg, &b, false);
    free(vm->failure_msg);
    vm->failure_msg = buf_steal(&b);
    vm->failure_line = line.type == T_INT ? (uint32_t)line.as.i : 0;
    val_release(msg);
    val_release(line);
    val_release(vm->failure);
    vm->failure = f;
}

static const char *step_kind_name(const BcStep *bs) { return bs->kind == STEP_CHECK ? "check" : "step"; }

static void step_close(Vm *vm, int status)
{
    ActiveStep *s = &vm->steps[--vm->nsteps];
    const BcStep *bs = &vm->m->steps[s->index];
    int64_t took = clock_monotonic_ns() - s->start_ns;
    report_step_end(vm->rep, step_kind_name(bs), s->title, status, took);
    if (vm->nrecords == vm->records_cap) {
        vm->records_cap = vm->records_cap ? vm->records_cap * 2 : 16;
        vm->records = xrealloc(vm->records, vm->records_cap * sizeof *vm->records);
    }
    VmStepRecord *rec = &vm->records[vm->nrecords++];
    rec->kind = step_kind_name(bs);
    rec->title = xstrdup(s->title);
    rec->duration_ns = took;
    rec->status = status;
    rec->line = status ? vm->failure_line : bs->line;
    rec->message = status && vm->failure_msg && vm->secrets
                       ? secrets_mask(vm->secrets, vm->failure_msg, strlen(vm->failure_msg))
                       : status && vm->failure_msg ? xstrdup(vm->failure_msg) : NULL;
    if (vm->audit) {
        Map *ev = map_new(4);
        map_put_cstr(ev, "kind", val_cstring(step_kind_name(bs)));
        map_put_cstr(ev, "title", val_cstring(s->title));
        map_put_cstr(ev, "status", val_cstring(status == 0 ? "ok" : status == 2 ? "handled" : "failed"));
        map_put_cstr(ev, "duration_ms", val_int(took / 1000000));
        audit_event(vm->audit, "step_end", ev);
    }
    free(s->title);
}

/* Close steps down to `keep` open ones, all failed. */
static void steps_fail_down_to(Vm *vm, uint32_t keep)
{
    while (vm->nsteps > keep)
        step_close(vm, 1);
}

static void report_unhandled(Vm *vm)
{
    Value step = val_field(vm->failure, "step", 4);
    const char *title = step.type == T_STRING ? val_str(step)->data : NULL;
    report_failure(vm->rep, vm->m->source_path, vm->failure_line, title, vm->failure_msg);
    val_release(step);
}

/* ---- the loop ------------------------------------------------------ */

static void release_range(Value *from, Value *to)
{
    for (Value *v = from; v < to; v++)
        val_release(*v);
}

/* The common case of a typed argument: already of its type, nothing to
 * coerce. Everything else goes through param_coerce. */
static inline bool type_already_fits(int kind, Value v)
{
    switch (kind) {
    case TY_ANY: return true;
    case TY_INT: return v.type == T_INT;
    case TY_FLOAT: return v.type == T_FLOAT;
    case TY_BOOL: return v.type == T_BOOL;
    case TY_DURATION: return v.type == T_DURATION;
    case TY_LIST: return v.type == T_LIST;
    case TY_MAP: return v.type == T_MAP;
    case TY_STRING: return v.type == T_STRING && !val_str(v)->secret;
    case TY_SECRET: return v.type == T_STRING && val_str(v)->secret;
    default: return false;
    }
}

static bool truthy_fast(Value v)
{
    if (v.type == T_BOOL)
        return v.as.b;
    return val_truthy(v);
}

static int expect_cmp(Value a, Value b, Opcode op, bool *res, char **err)
{
    switch (op) {
    case OPC_EQ: *res = val_equal(a, b); return 0;
    case OPC_NE: *res = !val_equal(a, b); return 0;
    case OPC_LT: return val_compare(a, b, '<', res, err);
    case OPC_LE: return val_compare(a, b, 'l', res, err);
    case OPC_GT: return val_compare(a, b, '>', res, err);
    case OPC_GE: return val_compare(a, b, 'g', res, err);
    case OPC_IN: return val_in(a, b, res, err);
    default: *err = xstrdup("bad comparison"); return -1;
    }
}

/* "expect COND — x was 1, y was 2": show each operand whose value is not
 * obvious from its source text. */
static char *expect_message(Value msg, const char *cond, const char *ltext, Value l,
                            const char *rtext, Value r, bool cmp)
{
    Buf b = {0};
    if (msg.type != T_NULL && msg.type != T_ABSENT) {
        val_to_buf(msg, &b, true);
        buf_adds(&b, " (");
    }
    buf_printf(&b, "expect %s", cond);
    if (cmp) {
        const char *texts[2] = {ltext, rtext};
        Value vals[2] = {l, r};
        int shown = 0;
        for (int i = 0; i < 2; i++) {
            Buf rep = {0};
            val_repr(vals[i], &rep);
            if (strcmp(rep.data, texts[i]) != 0) {
                buf_adds(&b, shown ? ", " : " \xe2\x80\x94 ");
                buf_printf(&b, "%s was %s", texts[i], rep.data);
                shown++;
            }
            buf_free(&rep);
        }
    } else {
        Buf rep = {0};
        val_repr(l, &rep);
        buf_printf(&b, " \xe2\x80\x94 was %s", rep.data);
        buf_free(&rep);
    }
    if (msg.type != T_NULL && msg.type != T_ABSENT)
        buf_addc(&b, ')');
    return buf_steal(&b);
}

static void concat_values(Value *vals, uint32_t n, Value *out)
{
    Buf b = {0};
    bool secret = false;
    for (uint32_t i = 0; i < n; i++) {
        if (val_has_secret(vals[i]))
            secret = true;
        val_to_buf(vals[i], &b, false);
    }
    *out = val_string_take(&b, secret);
}

static Value iterable_of(Value v, char **err)
{
    switch (v.type) {
    case T_LIST: return val_retain(v);
    case T_NULL: return val_obj(&list_new(0)->hdr);
    case T_MAP: {
        const Map *m = val_map(v);
        List *l = list_new(m->len);
        for (size_t i = 0; i < m->len; i++) {
            m->keys[i]->hdr.refcount++;
            l->items[i] = val_obj(&m->keys[i]->hdr);
        }
        return val_obj(&l->hdr);
    }
    default:
        *err = xasprintf("cannot iterate over %s", val_type_name(v));
        return val_null();
    }
}

/* ---- time ------------------------------------------------------------ */

static void duration_text(Buf *b, int64_t ns) { format_duration_ns(b, ns); }

/* The message of an expired time limit: the outermost one that expired. */
static char *deadline_message(const Vm *vm)
{
    const Deadline *d = &vm->deadlines[vm->ndeadlines - 1];
    for (uint32_t i = 0; i < vm->ndeadlines; i++)
        if (vm->deadlines[i].at == d->at) {
            d = &vm->deadlines[i];
            break;
        }
    Buf b = {0};
    buf_adds(&b, "timed out after ");
    duration_text(&b, d->len);
    return buf_steal(&b);
}

/* Time left before the innermost limit, or INT64_MAX. */
static int64_t time_left(const Vm *vm)
{
    if (vm->ndeadlines == 0)
        return INT64_MAX;
    return vm->deadlines[vm->ndeadlines - 1].at - clock_monotonic_ns();
}

/* Sleep ns, cut short by a time limit (a failure) or an interruption. */
static Outcome vm_sleep(Vm *vm, int64_t ns, char **err)
{
    int64_t left = time_left(vm);
    bool cut = left < ns;
    if (cut)
        ns = left > 0 ? left : 0;
    if (ns > 0 && vm->fx && vm->fx->sleep(vm->fx, ns) < 0) {
        *err = xasprintf("interrupted by %s", proc_interrupt_signal() == SIGTERM ? "SIGTERM" : "SIGINT");
        return RUN_ABORTED;
    }
    if (cut) {
        *err = deadline_message(vm);
        return RUN_FAILED;
    }
    return RUN_RETURNED;
}

static uint64_t next_random(Vm *vm)
{
    /* xorshift64*: jitter needs spread, not cryptography. */
    vm->rng ^= vm->rng >> 12;
    vm->rng ^= vm->rng << 25;
    vm->rng ^= vm->rng >> 27;
    return vm->rng * 2685821657736338717ULL;
}

/* escalate LEVEL MESSAGE: notify the escalation's initial contact now,
 * record it, and carry on; an undeliverable notification is reported and
 * never fails the run. */
static void escalate(Vm *vm, const BcEscalation *e, Value msgv)
{
    Buf msg = {0};
    val_to_buf(msgv, &msg, true);
    char *masked = secrets_mask(vm->secrets, msg.data ? msg.data : "", msg.len);
    buf_free(&msg);
    if (e->ncontacts == 0) {
        Buf b = {0};
        buf_printf(&b, "escalation %s has no contacts: not notified: %s", e->level, masked);
        report_output(vm->rep, b.data, b.len);
        buf_free(&b);
        free(masked);
        return;
    }
    const BcContact *bc = &vm->m->contacts[e->contacts[0]];
    Buf target = {0};
    bool have_target = false;
    if (bc->target_global != BC_NONE) {
        Value tv = vm->globals[bc->target_global];
        if (tv.type != T_NULL && tv.type != T_ABSENT) {
            val_to_buf(tv, &target, false);
            have_target = true;
        }
    }
    Contact c = {bc->name, bc->display, bc->channel, have_target ? (target.data ? target.data : "") : NULL};
    Notification n = {e->level, e->name, masked, vm->m->title, audit_host()};
    Buf line = {0};
    buf_printf(&line, "escalate %s (%s) -> %s: %s", e->level, e->name, bc->display, masked);
    report_output(vm->rep, line.data, line.len);
    buf_free(&line);
    char *why = NULL;
    if (!vm->fx || vm->fx->notify(vm->fx, &c, &n, &why) < 0) {
        fflush(vm->rep->out);
        fprintf(vm->rep->err, "runbook: warning: notification to %s not delivered: %s\n", bc->display,
                why ? why : "no effects configured");
        fflush(vm->rep->err);
    }
    free(why);
    buf_free(&target);
    free(masked);
}

/* The last lines of a command's stderr, for the failure message of a
 * command whose output was not shown. */
static void stderr_tail(const Result *r, Buf *b)
{
    const Str *e = val_str(r->err);
    size_t n = e->len;
    while (n > 0 && (e->data[n - 1] == '\n' || e->data[n - 1] == '\r'))
        n--;
    if (n == 0)
        return;
    size_t start = n, lines = 0;
    while (start > 0 && lines < 3) {
        start--;
        if (e->data[start] == '\n' && ++lines == 3) {
            start++;
            break;
        }
    }
    if (n - start > 400)
        start = n - 400;
    buf_adds(b, ": ");
    for (size_t i = start; i < n; i++)
        buf_addc(b, e->data[i] == '\n' ? ' ' : e->data[i]);
}

/* CMD: resolve the words, run through the effects, and decide whether it
 * failed. RUN_RETURNED with *out, RUN_FAILED with *err, or RUN_ABORTED when
 * the run was interrupted. */
static Outcome run_command(Vm *vm, int kind, int flags, const Value *words, uint32_t n,
                           uint32_t line, Value *out, char **err)
{
    bool capture = flags & 1, is_try = flags & 2;
    if (!vm->fx) {
        *err = xstrdup("commands cannot run here (no effects configured)");
        return RUN_FAILED;
    }
    int64_t left = time_left(vm);
    if (left <= 0) {
        *err = deadline_message(vm);
        return RUN_FAILED;
    }
    CommandContext ctx = {vm->secrets, left < vm->command_timeout_ns ? left : vm->command_timeout_ns};
    CmdRequest req;
    if (command_build(kind, words, n, &ctx, &req, err) < 0)
        return RUN_FAILED;
    req.capture = capture;
    req.line = line;
    Value r = val_null();
    char *why = NULL;
    int rc = vm->fx->command(vm->fx, &req, &r, &why);
    Outcome o = RUN_RETURNED;
    if (vm->fx->interrupted(vm->fx)) {
        val_release(r);
        free(why);
        *err = xasprintf("interrupted by %s while running `%s`",
                         proc_interrupt_signal() == SIGTERM ? "SIGTERM" : "SIGINT", req.display);
        o = RUN_ABORTED;
    } else if (vm->ndeadlines && time_left(vm) <= 0) {
        /* A step timeout or timeout block expired: not a result, even
         * under try. */
        val_release(r);
        free(why);
        char *msg = deadline_message(vm);
        *err = xasprintf("`%s` was stopped: %s", req.display, msg);
        free(msg);
        o = RUN_FAILED;
    } else if (rc < 0) {
        if (is_try) {
            /* A command that could not run is a failed result under try. */
            *out = result_new(false, kind == CMD_HTTP, kind == CMD_HTTP ? 0 : 127, 0, val_cstring(""),
                              val_cstring(why), val_null(), req.display);
            ((Result *)out->as.obj)->why = xstrdup(why);
        } else {
            *err = xasprintf("`%s` failed: %s", req.display, why);
            o = RUN_FAILED;
        }
        free(why);
    } else {
        const Result *res = (const Result *)r.as.obj;
        if (!res->ok && !is_try) {
            Buf m = {0};
            buf_printf(&m, "`%s` %s", req.display, res->why ? res->why : "failed");
            if (capture && !res->is_http)
                stderr_tail(res, &m);
            *err = buf_steal(&m);
            val_release(r);
            o = RUN_FAILED;
        } else {
            *out = r;
        }
    }
    cmd_request_free(&req);
    return o;
}

/* Run procedure `pi` with nargs arguments (borrowed) until it returns.
 * On RUN_RETURNED *result holds the return value. */
static Outcome execute(Vm *vm, uint32_t pi, const Value *args, uint32_t nargs, Value *result)
{
    const BcModule *m = vm->m;
    const Value *K = m->consts;
    Value *sp = vm->stack;
    uint32_t entry_frames = vm->nframes;
    uint32_t entry_handlers = vm->nhandlers;
    const BcProc *P = &m->procs[pi];
    Frame *F = &vm->frames[vm->nframes++];
    F->proc = P;
    F->ret_ip = NULL;
    F->base = sp;
    for (uint32_t i = 0; i < P->nlocals; i++)
        sp[i] = i < nargs ? val_retain(args[i]) : i < P->nparams ? val_absent() : val_null();
    sp += P->nlocals;
    Value *L = F->base;
    const uint32_t *ip = P->code, *pc = ip;
    uint32_t w, b;
    char *err = NULL;
    const char *fail_kind = "runtime";
    Outcome out = RUN_RETURNED;

#define PUSH(v) (*sp++ = (v))
#define POP() (*--sp)
#define TOP (sp[-1])
#define A_S INSN_A(w)
#define A_U INSN_AU(w)
#define FETCH_B() (b = *ip++)
#define RAISE(kind) do { fail_kind = (kind); goto raise; } while (0)

#if HAVE_COMPUTED_GOTO
    static void *const labels[OPC__COUNT] = {
#define OPCODE_LABEL(name, ak, bk, pops, pushes, doc) &&L_##name,
        OPCODE_LIST(OPCODE_LABEL)
#undef OPCODE_LABEL
    };
#define CASE(name) L_##name:
#define NEXT do { pc = ip; w = *ip++; goto *labels[INSN_OP(w)]; } while (0)
    NEXT;
#else
#define CASE(name) case OPC_##name:
#define NEXT continue
    for (;;) {
        pc = ip;
        w = *ip++;
        switch (INSN_OP(w)) {
#endif

    CASE(NOP) NEXT;
    CASE(CONST) PUSH(val_retain(K[A_U])); NEXT;
    CASE(NULL) PUSH(val_null()); NEXT;
    CASE(TRUE) PUSH(val_bool(true)); NEXT;
    CASE(FALSE) PUSH(val_bool(false)); NEXT;
    CASE(INT) PUSH(val_int(A_S)); NEXT;
    CASE(POP) val_release(POP()); NEXT;
    CASE(DUP) { Value v = TOP; PUSH(val_retain(v)); } NEXT;
    CASE(GET_LOCAL) PUSH(val_retain(L[A_U])); NEXT;
    CASE(SET_LOCAL) { Value v = POP(); val_release(L[A_U]); L[A_U] = v; } NEXT;
    CASE(GET_GLOBAL) { Value v = vm->globals[A_U]; PUSH(v.type == T_ABSENT ? val_null() : val_retain(v)); } NEXT;
    CASE(SET_GLOBAL) { Value v = POP(); val_release(vm->globals[A_U]); vm->globals[A_U] = v; } NEXT;

#define ARITH(name, fast_op, slow)                                                     \
    CASE(name) {                                                                       \
        Value y = sp[-1], x = sp[-2], r;                                               \
        if (x.type == T_INT && y.type == T_INT) {                                      \
            int64_t z;                                                                 \
            if (!fast_op(x.as.i, y.as.i, &z)) {                                        \
                sp[-2] = val_int(z);                                                   \
                sp--;                                                                  \
                NEXT;                                                                  \
            }                                                                          \
        }                                                                              \
        if (slow(x, y, &r, &err) < 0)                                                  \
            RAISE("type");                                                             \
        val_release(x);                                                                \
        val_release(y);                                                                \
        sp[-2] = r;                                                                    \
        sp--;                                                                          \
    }                                                                                  \
    NEXT;
    ARITH(ADD, __builtin_add_overflow, val_add)
    ARITH(SUB, __builtin_sub_overflow, val_sub)
    ARITH(MUL, __builtin_mul_overflow, val_mul)
#undef ARITH
/* Integer / and % truncate toward zero (as C does); the slow path reports
 * division by zero and the one overflowing case. */
#define INT_DIVISION(name, cop, slow)                                                  \
    CASE(name) {                                                                       \
        Value y = sp[-1], x = sp[-2], r;                                               \
        if (x.type == T_INT && y.type == T_INT && y.as.i != 0 &&                       \
            !(y.as.i == -1 && x.as.i == INT64_MIN)) {                                  \
            sp[-2] = val_int(x.as.i cop y.as.i);                                       \
            sp--;                                                                      \
            NEXT;                                                                      \
        }                                                                              \
        if (slow(x, y, &r, &err) < 0)                                                  \
            RAISE("type");                                                             \
        val_release(x);                                                                \
        val_release(y);                                                                \
        sp[-2] = r;                                                                    \
        sp--;                                                                          \
    }                                                                                  \
    NEXT;
    INT_DIVISION(DIV, /, val_div)
    INT_DIVISION(MOD, %, val_mod)
#undef INT_DIVISION
    CASE(NEG) {
        Value x = TOP, r;
        if (val_neg(x, &r, &err) < 0)
            RAISE("type");
        val_release(x);
        TOP = r;
    }
    NEXT;
    CASE(NOT) { Value x = TOP; bool t = truthy_fast(x); val_release(x); TOP = val_bool(!t); } NEXT;
    CASE(EQ) CASE(NE) {
        Value y = sp[-1], x = sp[-2];
        bool eq = (x.type == T_INT && y.type == T_INT) ? x.as.i == y.as.i : val_equal(x, y);
        val_release(x);
        val_release(y);
        sp[-2] = val_bool(INSN_OP(w) == OPC_EQ ? eq : !eq);
        sp--;
    }
    NEXT;

#define COMPARE(name, cop, code)                                                       \
    CASE(name) {                                                                       \
        Value y = sp[-1], x = sp[-2];                                                  \
        bool res;                                                                      \
        if (x.type == T_INT && y.type == T_INT) {                                      \
            res = x.as.i cop y.as.i;                                                   \
        } else {                                                                       \
            if (val_compare(x, y, code, &res, &err) < 0)                               \
                RAISE("type");                                                         \
            val_release(x);                                                            \
            val_release(y);                                                            \
        }                                                                              \
        sp[-2] = val_bool(res);                                                        \
        sp--;                                                                          \
    }                                                                                  \
    NEXT;
    COMPARE(LT, <, '<')
    COMPARE(LE, <=, 'l')
    COMPARE(GT, >, '>')
    COMPARE(GE, >=, 'g')
#undef COMPARE
    CASE(IN) {
        Value y = sp[-1], x = sp[-2];
        bool res;
        if (val_in(x, y, &res, &err) < 0)
            RAISE("type");
        val_release(x);
        val_release(y);
        sp[-2] = val_bool(res);
        sp--;
    }
    NEXT;
    CASE(MATCH_RE) {
        FETCH_B();
        Value s = TOP, caps = val_null();
        int r = 0;
        if (s.type == T_STRING) {
            r = regex_match_ex(K[A_U], val_str(s)->data, val_str(s)->len, val_str(s)->secret, &caps, &err);
            if (r < 0)
                RAISE("regex");
        } else if (s.type != T_NULL) {
            err = xasprintf("=~ needs a string on its left, got %s", val_type_name(s));
            RAISE("type");
        }
        val_release(L[b]);
        L[b] = caps;
        val_release(s);
        TOP = val_bool(r == 1);
    }
    NEXT;
    CASE(FIELD) {
        Value o = TOP;
        const Str *name = val_str(K[A_U]);
        Value r;
        if (o.type == T_RESULT) {
            if (result_field(o, name->data, name->len, &r, &err) < 0)
                RAISE("data");
        } else {
            r = val_field(o, name->data, name->len);
        }
        if (r.type == T_ABSENT)
            r = val_null();
        val_release(o);
        TOP = r;
    }
    NEXT;
    CASE(INDEX) {
        Value i = sp[-1], o = sp[-2], r;
        if (val_index(o, i, &r, &err) < 0)
            RAISE("type");
        val_release(o);
        val_release(i);
        sp[-2] = r;
        sp--;
    }
    NEXT;
    CASE(LIST) {
        uint32_t n = A_U;
        List *l = list_new(n);
        memcpy(l->items, sp - n, n * sizeof *sp);
        sp -= n;
        PUSH(val_obj(&l->hdr));
    }
    NEXT;
    CASE(MAP) {
        uint32_t n = A_U;
        Map *mp = map_new(n);
        Value *kv = sp - 2 * n;
        for (uint32_t i = 0; i < n; i++) {
            map_put(mp, val_str(kv[2 * i]), kv[2 * i + 1]);
            val_release(kv[2 * i]);
        }
        sp = kv;
        PUSH(val_obj(&mp->hdr));
    }
    NEXT;
    CASE(CONCAT) {
        uint32_t n = A_U;
        Value r;
        concat_values(sp - n, n, &r);
        release_range(sp - n, sp);
        sp -= n;
        PUSH(r);
    }
    NEXT;
    CASE(JUMP) ip += A_S; NEXT;
    CASE(JUMP_IF_FALSE) { Value v = POP(); if (!truthy_fast(v)) ip += A_S; val_release(v); } NEXT;
    CASE(JUMP_IF_TRUE) { Value v = POP(); if (truthy_fast(v)) ip += A_S; val_release(v); } NEXT;
    CASE(JUMP_IF_NOT_NULL) { Value v = POP(); if (v.type != T_NULL) ip += A_S; val_release(v); } NEXT;
    CASE(ITER_INIT) {
        Value v = TOP;
        Value r = iterable_of(v, &err);
        if (err)
            RAISE("type");
        val_release(v);
        TOP = r;
    }
    NEXT;
    CASE(FOR_NEXT) {
        FETCH_B();
        Value lv = L[b], iv = L[b + 1];
        if (lv.type != T_LIST || iv.type != T_INT) { /* only a forged .rbc gets here */
            err = xstrdup("corrupt loop state");
            RAISE("internal");
        }
        const List *l = val_list(lv);
        int64_t i = iv.as.i;
        if (i < (int64_t)l->len) {
            val_release(L[b + 2]);
            L[b + 2] = val_retain(l->items[i]);
            L[b + 1].as.i = i + 1;
            ip += A_S;
        }
    }
    NEXT;
    CASE(RANGE_INIT) {
        Value stop = sp[-1], start = sp[-2];
        if (start.type != T_INT || stop.type != T_INT) {
            err = xasprintf("range: %s must be an int, got %s", start.type != T_INT ? "start" : "stop",
                            val_type_name(start.type != T_INT ? start : stop));
            RAISE("type");
        }
        sp -= 2;
        val_release(L[A_U]);
        val_release(L[A_U + 1]);
        L[A_U] = start;
        L[A_U + 1] = stop;
    }
    NEXT;
    CASE(RANGE_NEXT) {
        FETCH_B();
        Value *st = &L[b];
        if (st[0].type != T_INT || st[1].type != T_INT) {
            err = xstrdup("corrupt loop state");
            RAISE("internal");
        }
        if (st[0].as.i < st[1].as.i) {
            val_release(st[2]);
            st[2] = val_int(st[0].as.i++);
            ip += A_S;
        }
    }
    NEXT;
    CASE(CALL) {
        FETCH_B();
        const BcProc *callee = &m->procs[A_U];
        if (vm->nframes >= VM_MAX_FRAMES || sp + callee->nlocals + callee->max_stack >= vm->stack_end) {
            err = xasprintf("call depth exceeded calling %s (runaway recursion?)", callee->name);
            RAISE("runtime");
        }
        Value *base = sp - b;
        for (uint32_t i = b; i < callee->nlocals; i++)
            base[i] = i < callee->nparams ? val_absent() : val_null();
        F = &vm->frames[vm->nframes++];
        F->proc = callee;
        F->ret_ip = ip;
        F->base = base;
        P = callee;
        L = base;
        sp = base + callee->nlocals;
        ip = P->code;
    }
    NEXT;
    CASE(CALL_BUILTIN) {
        FETCH_B();
        Value r;
        if (builtin_call((int)A_U, sp - b, (int)b, &r, &err) < 0)
            RAISE("type");
        release_range(sp - b, sp);
        sp -= b;
        PUSH(r);
    }
    NEXT;
    CASE(RETURN) {
        Value r = POP();
        /* A return from inside steps or handlers leaves them: the steps
         * completed, the handlers no longer apply. */
        while (vm->nsteps > 0 && vm->steps[vm->nsteps - 1].frame >= vm->nframes - 1)
            step_close(vm, vm->steps[vm->nsteps - 1].failed ? 2 : 0);
        while (vm->nhandlers > entry_handlers && vm->handlers[vm->nhandlers - 1].nframes >= vm->nframes)
            vm->nhandlers--;
        while (vm->ndeadlines > 0 && vm->deadlines[vm->ndeadlines - 1].frame >= vm->nframes - 1)
            vm->ndeadlines--;
        release_range(F->base, sp);
        sp = F->base;
        const uint32_t *ret = F->ret_ip;
        vm->nframes--;
        if (!ret) {
            *result = r;
            goto done;
        }
        F = &vm->frames[vm->nframes - 1];
        P = F->proc;
        L = F->base;
        ip = ret;
        PUSH(r);
    }
    NEXT;
    CASE(LOG) {
        Value v = POP();
        Buf out = {0};
        val_to_buf(v, &out, true);
        report_output(vm->rep, out.data ? out.data : "", out.len);
        buf_free(&out);
        val_release(v);
    }
    NEXT;
    CASE(DOC) NEXT;
    CASE(CMD) {
        FETCH_B();
        Value r;
        Outcome o = run_command(vm, A_U & 0xff, A_U >> 8, sp - b, b, line_of(P, pc), &r, &err);
        if (o == RUN_ABORTED) {
            set_failure(vm, P, pc, "interrupted", err);
            err = NULL;
            out = RUN_ABORTED;
            goto unwind_all;
        }
        if (o != RUN_RETURNED)
            RAISE("command");
        release_range(sp - b, sp);
        sp -= b;
        PUSH(r);
    }
    NEXT;
    CASE(FAIL) {
        if (A_U) {
            Value v = POP();
            Buf msg = {0};
            val_to_buf(v, &msg, true);
            val_release(v);
            err = buf_steal(&msg);
        } else {
            err = xstrdup("failed");
        }
        RAISE("fail");
    }
    CASE(ABORT) {
        char *msg;
        if (A_U) {
            Value v = POP();
            Buf mb = {0};
            val_to_buf(v, &mb, true);
            val_release(v);
            msg = buf_steal(&mb);
        } else {
            msg = xstrdup("aborted");
        }
        set_failure(vm, P, pc, "abort", msg);
        out = RUN_ABORTED;
        goto unwind_all;
    }
    CASE(EXPECT) {
        FETCH_B();
        Value msg = (b & 1) ? POP() : val_null();
        Value cond = POP();
        if (!truthy_fast(cond)) {
            err = expect_message(msg, val_str(K[A_U])->data, NULL, cond, NULL, val_null(), false);
            val_release(msg);
            val_release(cond);
            RAISE("expect");
        }
        val_release(msg);
        val_release(cond);
    }
    NEXT;
    CASE(EXPECT_CMP) {
        FETCH_B();
        Value msg = ((b >> 8) & 1) ? POP() : val_null();
        Value y = POP(), x = POP();
        bool ok = false;
        if (expect_cmp(x, y, (Opcode)(b & 0xff), &ok, &err) < 0) {
            val_release(msg), val_release(x), val_release(y);
            RAISE("type");
        }
        if (!ok)
            err = expect_message(msg, val_str(K[A_U])->data, val_str(K[A_U + 1])->data, x,
                                 val_str(K[A_U + 2])->data, y, true);
        val_release(msg), val_release(x), val_release(y);
        if (!ok)
            RAISE("expect");
    }
    NEXT;
    CASE(WAIT) {
        Value d = TOP;
        if (d.type != T_DURATION) {
            err = xasprintf("wait needs a duration such as 30s, got %s", val_type_name(d));
            RAISE("type");
        }
        sp--;
        Buf t = {0};
        buf_adds(&t, "waiting ");
        duration_text(&t, d.as.i);
        report_output(vm->rep, t.data, t.len);
        buf_free(&t);
        Outcome o = vm_sleep(vm, d.as.i, &err);
        if (o == RUN_ABORTED) {
            set_failure(vm, P, pc, "interrupted", err);
            out = RUN_ABORTED;
            goto unwind_all;
        }
        if (o != RUN_RETURNED)
            RAISE("timeout");
    }
    NEXT;
    CASE(DEADLINE) {
        Value d = TOP;
        if (d.type != T_DURATION || d.as.i <= 0) {
            err = xasprintf("a timeout needs a positive duration such as 5m, got %s", val_type_name(d));
            RAISE("type");
        }
        sp--;
        if (vm->ndeadlines == vm->deadlines_cap) {
            vm->deadlines_cap = vm->deadlines_cap ? vm->deadlines_cap * 2 : 8;
            vm->deadlines = xrealloc(vm->deadlines, vm->deadlines_cap * sizeof *vm->deadlines);
        }
        int64_t at = clock_monotonic_ns() + d.as.i;
        if (vm->ndeadlines && vm->deadlines[vm->ndeadlines - 1].at < at)
            at = vm->deadlines[vm->ndeadlines - 1].at;
        vm->deadlines[vm->ndeadlines++] = (Deadline){at, d.as.i, vm->nframes - 1};
    }
    NEXT;
    CASE(DEADLINE_END) {
        if (vm->ndeadlines == 0) {
            err = xstrdup("DEADLINE_END without a deadline");
            RAISE("internal");
        }
        vm->ndeadlines--;
    }
    NEXT;
    CASE(WAIT_INIT) {
        Value every = sp[-1], limit = sp[-2], title = sp[-3];
        if (limit.type != T_DURATION || limit.as.i <= 0) {
            err = xasprintf("wait: timeout needs a positive duration, got %s", val_type_name(limit));
            RAISE("type");
        }
        if (every.type != T_NULL && (every.type != T_DURATION || every.as.i <= 0)) {
            err = xasprintf("wait: every needs a positive duration, got %s", val_type_name(every));
            RAISE("type");
        }
        Value *st = &L[A_U];
        for (int i = 0; i < 5; i++)
            val_release(st[i]);
        st[0] = val_int(clock_monotonic_ns() + limit.as.i);
        st[1] = val_duration(every.type == T_NULL ? 5000000000LL : every.as.i);
        st[2] = title; /* taken */
        st[3] = val_null();
        st[4] = val_null();
        sp -= 3;
        Buf t = {0};
        buf_adds(&t, "waiting");
        if (title.type != T_NULL) {
            buf_adds(&t, " for \"");
            val_to_buf(title, &t, true);
            buf_addc(&t, '"');
        }
        buf_adds(&t, " (up to ");
        duration_text(&t, limit.as.i);
        buf_adds(&t, ", every ");
        duration_text(&t, st[1].as.i);
        buf_adds(&t, ")");
        report_output(vm->rep, t.data, t.len);
        buf_free(&t);
        /* Remember the limit itself for the message. */
        val_release(st[3]);
        st[3] = val_duration(limit.as.i);
    }
    NEXT;
    CASE(WAIT_POLL) {
        FETCH_B();
        Value *st = &L[b];
        if (st[0].type != T_INT || st[1].type != T_DURATION) {
            err = xstrdup("corrupt wait state");
            RAISE("internal");
        }
        int64_t now = clock_monotonic_ns();
        if (now >= st[0].as.i) {
            Buf m = {0};
            buf_adds(&m, "wait");
            if (st[2].type != T_NULL) {
                buf_adds(&m, " for \"");
                val_to_buf(st[2], &m, true);
                buf_addc(&m, '"');
            }
            buf_adds(&m, " timed out");
            if (st[4].type == T_MAP) {
                Value msg = val_field(st[4], "message", 7);
                buf_adds(&m, "; last error: ");
                val_to_buf(msg, &m, true);
                val_release(msg);
            } else {
                buf_adds(&m, "; last value: ");
                val_repr(st[3], &m);
            }
            err = buf_steal(&m);
            RAISE("timeout");
        }
        int64_t pause = st[1].as.i;
        if (pause > st[0].as.i - now)
            pause = st[0].as.i - now;
        Outcome o = vm_sleep(vm, pause, &err);
        if (o == RUN_ABORTED) {
            set_failure(vm, P, pc, "interrupted", err);
            out = RUN_ABORTED;
            goto unwind_all;
        }
        if (o != RUN_RETURNED)
            RAISE("timeout");
        ip += A_S;
    }
    NEXT;
    CASE(RETRY_INIT) {
        FETCH_B();
        Value backoff = sp[-1], every = sp[-2], count = sp[-3];
        if (count.type != T_INT || count.as.i < 1) {
            err = xasprintf("retry needs a count of at least 1, got %s", val_type_name(count));
            RAISE("type");
        }
        if (every.type != T_NULL && every.type != T_DURATION) {
            err = xasprintf("retry: every needs a duration, got %s", val_type_name(every));
            RAISE("type");
        }
        double f = backoff.type == T_INT ? (double)backoff.as.i : backoff.type == T_FLOAT ? backoff.as.f : 1.0;
        if ((backoff.type != T_NULL && backoff.type != T_INT && backoff.type != T_FLOAT) || !(f >= 1.0)) {
            err = xstrdup("retry: backoff needs a number of at least 1");
            RAISE("type");
        }
        Value *st = &L[A_U];
        for (int i = 0; i < 5; i++)
            val_release(st[i]);
        st[0] = val_int(1);
        st[1] = count;
        st[2] = val_duration(every.type == T_DURATION ? every.as.i : 0);
        st[3] = val_float(f);
        st[4] = val_bool(b == 1);
        sp -= 3;
    }
    NEXT;
    CASE(RETRY_NEXT) {
        FETCH_B();
        Value f = POP();
        Value *st = &L[b];
        if (st[0].type != T_INT || st[1].type != T_INT || st[2].type != T_DURATION || st[3].type != T_FLOAT) {
            val_release(f);
            err = xstrdup("corrupt retry state");
            RAISE("internal");
        }
        int64_t attempt = st[0].as.i, count = st[1].as.i;
        Value msg = val_field(f, "message", 7);
        Buf m = {0};
        if (attempt >= count) {
            buf_printf(&m, "attempt %lld of %lld failed: ", (long long)attempt, (long long)count);
            val_to_buf(msg, &m, false);
            val_release(msg);
            /* The last failure is the block's, its message saying which
             * attempt it was. */
            Value nf = f.type == T_MAP ? map_copy(val_map(f)) : val_obj(&map_new(1)->hdr);
            val_release(f);
            map_put_cstr(val_map(nf), "message", val_string_take(&m, false));
            adopt_failure(vm, nf);
            goto unwind;
        }
        int64_t pause = st[2].as.i;
        if (st[4].as.b && pause > 0) {
            double r = (double)(next_random(vm) >> 11) / (double)(1ULL << 53); /* [0, 1) */
            pause = (int64_t)((double)pause * (0.5 + r));
        }
        buf_printf(&m, "attempt %lld of %lld failed: ", (long long)attempt, (long long)count);
        val_to_buf(msg, &m, true);
        val_release(msg);
        val_release(f);
        if (pause > 0) {
            buf_adds(&m, "; retrying in ");
            duration_text(&m, pause);
        } else {
            buf_adds(&m, "; retrying");
        }
        report_output(vm->rep, m.data, m.len);
        buf_free(&m);
        Outcome o = vm_sleep(vm, pause, &err);
        if (o == RUN_ABORTED) {
            set_failure(vm, P, pc, "interrupted", err);
            out = RUN_ABORTED;
            goto unwind_all;
        }
        if (o != RUN_RETURNED)
            RAISE("timeout");
        st[0].as.i = attempt + 1;
        double next = (double)st[2].as.i * st[3].as.f;
        st[2].as.i = next > 9.0e18 ? INT64_MAX : (int64_t)next;
        ip += A_S;
    }
    NEXT;
    CASE(CONFIRM) {
        Value t = TOP;
        Buf text = {0};
        val_to_buf(t, &text, true);
        char *why = NULL;
        int rc = vm->fx ? vm->fx->confirm(vm->fx, text.data ? text.data : "", &why) : -1;
        if (!vm->fx)
            why = xstrdup("confirm cannot ask here (no effects configured)");
        if (vm->fx && vm->fx->interrupted(vm->fx)) {
            free(why);
            buf_free(&text);
            set_failure(vm, P, pc, "interrupted", xstrdup("interrupted while waiting for a confirmation"));
            out = RUN_ABORTED;
            goto unwind_all;
        }
        if (rc < 0) {
            buf_free(&text);
            err = why;
            RAISE("confirm");
        }
        if (rc == 0) {
            set_failure(vm, P, pc, "declined", xasprintf("declined: %s", text.data ? text.data : ""));
            buf_free(&text);
            out = RUN_ABORTED;
            goto unwind_all;
        }
        buf_free(&text);
        val_release(t);
        sp--;
    }
    NEXT;
    CASE(ESCALATE) {
        Value msgv = POP();
        escalate(vm, &m->escalations[A_U], msgv);
        val_release(msgv);
    }
    NEXT;
    CASE(UNDO_PUSH) {
        FETCH_B();
        if (vm->nundo == vm->undo_cap) {
            vm->undo_cap = vm->undo_cap ? vm->undo_cap * 2 : 8;
            vm->undo = xrealloc(vm->undo, vm->undo_cap * sizeof *vm->undo);
        }
        UndoRecord *u = &vm->undo[vm->nundo++];
        u->step = A_U;
        u->title = xstrdup(vm->nsteps ? vm->steps[vm->nsteps - 1].title : m->steps[A_U].title);
        u->nargs = b;
        u->args = xmalloc((b ? b : 1) * sizeof *u->args);
        memcpy(u->args, sp - b, b * sizeof *sp);
        sp -= b;
    }
    NEXT;
    CASE(ROLLBACK_NEXT) {
        if (vm->nundo == 0) {
            PUSH(val_null());
            ip += A_S;
            NEXT;
        }
        UndoRecord u = vm->undo[--vm->nundo];
        const BcProc *callee = &m->procs[m->steps[u.step].undo_proc];
        if (vm->nframes >= VM_MAX_FRAMES || sp + callee->nlocals + callee->max_stack >= vm->stack_end) {
            for (uint32_t k = 0; k < u.nargs; k++)
                val_release(u.args[k]);
            free(u.args);
            free(u.title);
            err = xstrdup("call depth exceeded running an undo block");
            RAISE("runtime");
        }
        Buf t = {0};
        buf_printf(&t, "undo: %s", u.title);
        report_section(vm->rep, t.data);
        buf_free(&t);
        free(u.title);
        Value *base = sp;
        memcpy(base, u.args, u.nargs * sizeof *sp);
        free(u.args);
        for (uint32_t i = u.nargs; i < callee->nlocals; i++)
            base[i] = val_null();
        F = &vm->frames[vm->nframes++];
        F->proc = callee;
        F->ret_ip = ip;
        F->base = base;
        P = callee;
        L = base;
        sp = base + callee->nlocals;
        ip = P->code;
    }
    NEXT;
    CASE(STEP_BEGIN) {
        Value t = POP();
        Buf title = {0};
        val_to_buf(t, &title, true);
        val_release(t);
        if (vm->nsteps == vm->steps_cap) {
            vm->steps_cap = vm->steps_cap ? vm->steps_cap * 2 : 16;
            vm->steps = xrealloc(vm->steps, vm->steps_cap * sizeof *vm->steps);
        }
        ActiveStep *s = &vm->steps[vm->nsteps++];
        s->index = A_U;
        s->frame = vm->nframes - 1;
        s->title = buf_steal(&title);
        s->failed = false;
        report_step_start(vm->rep, step_kind_name(&m->steps[A_U]), s->title);
        if (vm->audit) {
            Map *ev = map_new(3);
            map_put_cstr(ev, "kind", val_cstring(step_kind_name(&m->steps[A_U])));
            map_put_cstr(ev, "title", val_cstring(s->title));
            map_put_cstr(ev, "line", val_int(m->steps[A_U].line));
            audit_event(vm->audit, "step_start", ev);
        }
        s->start_ns = clock_monotonic_ns();
    }
    NEXT;
    CASE(STEP_FAILED) {
        if (vm->nsteps > 0) {
            vm->steps[vm->nsteps - 1].failed = true;
            Buf note = {0};
            buf_printf(&note, "! %s:%u: %s", m->source_path, vm->failure_line, vm->failure_msg);
            report_output(vm->rep, note.data, note.len);
            buf_free(&note);
        }
    }
    NEXT;
    CASE(STEP_END) {
        if (vm->nsteps == 0) { /* only a forged .rbc gets here */
            err = xstrdup("STEP_END without a step");
            RAISE("internal");
        }
        step_close(vm, vm->steps[vm->nsteps - 1].failed ? 2 : 0);
    }
    NEXT;
    CASE(SECTION) {
        Value t = POP();
        Buf title = {0};
        val_to_buf(t, &title, true);
        val_release(t);
        report_section(vm->rep, title.data ? title.data : "");
        buf_free(&title);
    }
    NEXT;
    CASE(SECTION_END) NEXT;
    CASE(TRY) {
        if (vm->nhandlers == vm->handlers_cap) {
            vm->handlers_cap = vm->handlers_cap ? vm->handlers_cap * 2 : 16;
            vm->handlers = xrealloc(vm->handlers, vm->handlers_cap * sizeof *vm->handlers);
        }
        Handler *h = &vm->handlers[vm->nhandlers++];
        h->nframes = vm->nframes;
        h->sp = sp;
        h->target = ip + A_S;
        h->nsteps = vm->nsteps;
        h->ndeadlines = vm->ndeadlines;
    }
    NEXT;
    CASE(TRY_END) {
        if (vm->nhandlers == entry_handlers) {
            err = xstrdup("TRY_END without a handler");
            RAISE("internal");
        }
        vm->nhandlers--;
    }
    NEXT;
    CASE(FAILURE) PUSH(val_retain(vm->failure)); NEXT;
    CASE(RERAISE) {
        Value f = POP();
        adopt_failure(vm, f);
        goto unwind;
    }
    CASE(PARAM_DEFAULT) {
        FETCH_B();
        if (vm->globals[A_U].type != T_ABSENT)
            ip += (int32_t)b;
    }
    NEXT;
    CASE(PARAM_REQUIRED) {
        if (vm->globals[A_U].type == T_ABSENT) {
            const BcParam *p = &m->globals[A_U].p;
            char *ty = param_type_describe(&p->type);
            err = xasprintf("missing required parameter '%s' (%s): pass -p %s=VALUE", p->name, ty, p->name);
            free(ty);
            set_failure(vm, P, pc, "usage", err);
            err = NULL;
            out = RUN_USAGE;
            goto unwind_all;
        }
    }
    NEXT;
    CASE(PARAM_CHECK) {
        const BcParam *p = &m->globals[A_U].p;
        Value v = vm->globals[A_U], r;
        char *why = NULL;
        if (param_coerce(&p->type, v, &r, &why) < 0) {
            set_failure(vm, P, pc, "usage", xasprintf("parameter '%s': %s", p->name, why));
            free(why);
            out = RUN_USAGE;
            goto unwind_all;
        }
        note_secret(vm, r);
        val_release(v);
        vm->globals[A_U] = r;
    }
    NEXT;
    CASE(ARG_DEFAULT) {
        FETCH_B();
        if (L[A_U].type != T_ABSENT)
            ip += (int32_t)b;
    }
    NEXT;
    CASE(ARG_CHECK) {
        Value v = L[A_U], r;
        if (type_already_fits(P->params[A_U].type.kind, v))
            NEXT;
        char *why = NULL;
        if (param_coerce(&P->params[A_U].type, v, &r, &why) < 0) {
            err = xasprintf("argument '%s' of %s: %s", P->params[A_U].name, P->name, why);
            free(why);
            RAISE("type");
        }
        val_release(v);
        L[A_U] = r;
    }
    NEXT;

#if !HAVE_COMPUTED_GOTO
        default:
            err = xstrdup("invalid opcode");
            RAISE("internal");
        }
    }
#endif

raise:
    set_failure(vm, P, pc, fail_kind, err);
    err = NULL;
unwind:
    if (vm->nhandlers > entry_handlers) {
        Handler *h = &vm->handlers[--vm->nhandlers];
        release_range(h->sp, sp);
        sp = h->sp;
        vm->nframes = h->nframes;
        F = &vm->frames[vm->nframes - 1];
        P = F->proc;
        L = F->base;
        ip = h->target;
        steps_fail_down_to(vm, h->nsteps);
        vm->ndeadlines = h->ndeadlines;
        NEXT;
    }
    out = RUN_FAILED;
unwind_all:
    vm->ndeadlines = 0;
    release_range(vm->frames[entry_frames].base, sp);
    vm->nframes = entry_frames;
    vm->nhandlers = entry_handlers;
    return out;
done:
    vm->nhandlers = entry_handlers;
    return RUN_RETURNED;
#undef PUSH
#undef POP
#undef TOP
#undef CASE
#undef NEXT
}

int vm_run(Vm *vm, uint32_t entry)
{
    const BcModule *m = vm->m;
    int64_t start = clock_monotonic_ns();
    Value r = val_null();
    Outcome o = execute(vm, BC_PROC_INIT, NULL, 0, &r);
    val_release(r);
    if (o == RUN_USAGE) {
        fprintf(vm->rep->err, "runbook: %s\n", vm->failure_msg);
        return EXIT_USAGE;
    }
    report_run_start(vm->rep, entry >= 2 && m->procs[entry].title ? m->procs[entry].title : m->title);
    Map *params = map_new(m->nglobals);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        if (!m->globals[i].is_param)
            continue;
        Buf b = {0};
        val_to_buf(vm->globals[i], &b, true);
        report_param(vm->rep, m->globals[i].p.name, b.data ? b.data : "");
        buf_free(&b);
        map_put_cstr(params, m->globals[i].p.name, val_retain(vm->globals[i]));
    }
    for (uint32_t i = 0; i < vm->nentry_args; i++)
        map_put_cstr(params, m->procs[entry].params[i].name,
                     vm->entry_args[i].type == T_ABSENT ? val_null() : val_retain(vm->entry_args[i]));
    if (vm->audit) {
        Map *ev = map_new(6);
        map_put_cstr(ev, "runbook", val_cstring(m->source_path));
        map_put_cstr(ev, "title", val_cstring(m->title));
        map_put_cstr(ev, "entry", val_cstring(m->procs[entry].name));
        map_put_cstr(ev, "parameters", val_obj(&params->hdr));
        map_put_cstr(ev, "user", val_cstring(audit_user()));
        map_put_cstr(ev, "host", val_cstring(audit_host()));
        audit_event(vm->audit, "run_start", ev);
    } else {
        val_release(val_obj(&params->hdr));
    }
    if (o == RUN_RETURNED) {
        r = val_null();
        o = execute(vm, entry, vm->entry_args, vm->nentry_args, &r);
        val_release(r);
    }
    if (o == RUN_RETURNED && m->on_success_proc != BC_NONE) {
        r = val_null();
        o = execute(vm, m->on_success_proc, NULL, 0, &r);
        val_release(r);
    }
    int code = EXIT_OK;
    if (o == RUN_FAILED || o == RUN_ABORTED || o == RUN_USAGE) {
        steps_fail_down_to(vm, 0);
        report_unhandled(vm);
        code = o == RUN_FAILED ? EXIT_FAILED : o == RUN_ABORTED ? EXIT_ABORTED : EXIT_USAGE;
    }
    /* The top-level `on failure` runs when the run failed (not when it was
     * aborted); the run still exits 1, or 3 if the handler aborts. */
    if (o == RUN_FAILED && m->on_failure_proc != BC_NONE) {
        report_section(vm->rep, "on failure");
        r = val_null();
        Outcome h = execute(vm, m->on_failure_proc, NULL, 0, &r);
        val_release(r);
        if (h != RUN_RETURNED) {
            steps_fail_down_to(vm, 0);
            report_unhandled(vm);
            if (h == RUN_ABORTED)
                code = EXIT_ABORTED;
        }
    }
    int64_t took = clock_monotonic_ns() - start;
    report_run_end(vm->rep, code, took);
    if (vm->audit) {
        Map *ev = map_new(4);
        map_put_cstr(ev, "status", val_cstring(code == EXIT_OK ? "succeeded" : code == EXIT_ABORTED ? "aborted" : "failed"));
        map_put_cstr(ev, "exit_code", val_int(code));
        if (code != EXIT_OK && vm->failure_msg)
            map_put_cstr(ev, "message", val_cstring(vm->failure_msg));
        map_put_cstr(ev, "duration_ms", val_int(took / 1000000));
        audit_event(vm->audit, "run_end", ev);
    }
    return code;
}
