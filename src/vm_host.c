/* vm_host.c — everything around the interpreter loop: creating a VM,
 * binding parameters, opening and closing steps (with their records and
 * audit events), time limits and sleeping, running commands and sending
 * notifications through the effects interface, and running a whole program
 * (<init>, the entry point, the top-level handlers). */
#include "vm_impl.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "proc.h"
#include "result.h"

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
    free(vm->failure_file);
    free(vm->entry_args);
    free(vm->entry_proc_params);
    free(vm->globals);
    free(vm->frames);
    free(vm->stack);
    free(vm->handlers);
    free(vm->steps);
    free(vm->deadlines);
    free(vm->branches);
    free(vm->loops);
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
void vm_set_plan(Vm *vm, bool plan) { vm->plan = plan; }

void vm_plan_note(Vm *vm, PlanNote kind, const char *text)
{
    if (vm->plan && vm->fx && vm->fx->note)
        vm->fx->note(vm->fx, kind, text ? text : "");
}

void vm_note_secret(Vm *vm, Value v)
{
    if (vm->secrets && v.type == T_STRING && val_str(v)->secret)
        secrets_add(vm->secrets, val_str(v)->data, val_str(v)->len);
}

Value vm_parameter_values(const Vm *vm)
{
    const BcModule *m = vm->m;
    Map *params = map_new(m->nglobals + vm->nentry_args);
    for (uint32_t i = 0; i < m->nglobals; i++)
        if (m->globals[i].is_param)
            map_put_cstr(params, m->globals[i].p.name,
                         vm->globals[i].type == T_ABSENT ? val_null() : val_retain(vm->globals[i]));
    for (uint32_t i = 0; i < vm->nentry_args; i++)
        map_put_cstr(params, vm->entry_proc_params[i],
                     vm->entry_args[i].type == T_ABSENT ? val_null() : val_retain(vm->entry_args[i]));
    return val_obj(&params->hdr);
}

const char *vm_failure_message(const Vm *vm) { return vm->failure_msg; }

const VmStepRecord *vm_step_records(const Vm *vm, size_t *n)
{
    *n = vm->nrecords;
    return vm->records;
}

int vm_find_proc(const BcModule *m, const char *name)
{
    for (uint32_t i = 2; i < m->nprocs; i++)
        if (strcmp(m->procs[i].name, name) == 0 && name[0] != '<' && !m->procs[i].file)
            return (int)i; /* hidden and imported procedures are not entry points */
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
    vm->entry_proc = proc;
    vm->entry_proc_params = xcalloc(proc->nparams ? proc->nparams : 1, sizeof *vm->entry_proc_params);
    for (uint32_t i = 0; i < proc->nparams; i++)
        vm->entry_proc_params[i] = proc->params[i].name;
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
        vm_note_secret(vm, out);
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

const char *vm_step_kind_name(const BcStep *bs) { return bs->kind == STEP_CHECK ? "check" : "step"; }

void vm_step_close(Vm *vm, int status)
{
    ActiveStep *s = &vm->steps[--vm->nsteps];
    const BcStep *bs = &vm->m->steps[s->index];
    int64_t took = clock_monotonic_ns() - s->start_ns;
    report_step_end(vm->rep, vm_step_kind_name(bs), s->title, status, took);
    if (vm->nrecords == vm->records_cap) {
        vm->records_cap = vm->records_cap ? vm->records_cap * 2 : 16;
        vm->records = xrealloc(vm->records, vm->records_cap * sizeof *vm->records);
    }
    VmStepRecord *rec = &vm->records[vm->nrecords++];
    rec->kind = vm_step_kind_name(bs);
    rec->title = xstrdup(s->title);
    rec->duration_ns = took;
    rec->status = status;
    rec->line = status ? vm->failure_line : bs->line;
    rec->message = status && vm->failure_msg && vm->secrets
                       ? secrets_mask(vm->secrets, vm->failure_msg, strlen(vm->failure_msg))
                       : status && vm->failure_msg ? xstrdup(vm->failure_msg) : NULL;
    if (vm->audit) {
        Map *ev = map_new(4);
        map_put_cstr(ev, "kind", val_cstring(vm_step_kind_name(bs)));
        map_put_cstr(ev, "title", val_cstring(s->title));
        map_put_cstr(ev, "status", val_cstring(status == 0 ? "ok" : status == 2 ? "handled" : "failed"));
        map_put_cstr(ev, "duration_ms", val_int(took / 1000000));
        audit_event(vm->audit, "step_end", ev);
    }
    free(s->title);
}

/* Close steps down to `keep` open ones, all failed. */
void vm_steps_fail_down_to(Vm *vm, uint32_t keep)
{
    while (vm->nsteps > keep)
        vm_step_close(vm, 1);
}

static void report_unhandled(Vm *vm)
{
    Value step = val_field(vm->failure, "step", 4);
    const char *title = step.type == T_STRING ? val_str(step)->data : NULL;
    report_failure(vm->rep, vm->failure_file ? vm->failure_file : vm->m->source_path, vm->failure_line,
                   title, vm->failure_msg);
    val_release(step);
}

/* ---- the loop ------------------------------------------------------ */

/* The message of an expired time limit: the outermost one that expired. */
char *vm_deadline_message(const Vm *vm)
{
    const Deadline *d = &vm->deadlines[vm->ndeadlines - 1];
    for (uint32_t i = 0; i < vm->ndeadlines; i++)
        if (vm->deadlines[i].at == d->at) {
            d = &vm->deadlines[i];
            break;
        }
    Buf b = {0};
    buf_adds(&b, "timed out after ");
    format_duration_ns(&b, d->len);
    return buf_steal(&b);
}

/* Time left before the innermost limit, or INT64_MAX. */
int64_t vm_time_left(const Vm *vm)
{
    if (vm->ndeadlines == 0)
        return INT64_MAX;
    return vm->deadlines[vm->ndeadlines - 1].at - clock_monotonic_ns();
}

/* Sleep ns, cut short by a time limit (a failure) or an interruption. */
Outcome vm_sleep(Vm *vm, int64_t ns, const char *label, char **err)
{
    int64_t left = vm_time_left(vm);
    bool cut = left < ns;
    if (cut)
        ns = left > 0 ? left : 0;
    /* On a terminal a spinner says what we wait for; it wakes a few times a
     * second to redraw, which costs next to nothing. Elsewhere one sleep. */
    if (vm->plan) { /* the plan shows the wait; nobody sleeps */
        if (ns > 0 && vm->fx)
            vm->fx->sleep(vm->fx, ns);
        return RUN_RETURNED;
    }
    bool spin = label && vm->rep->tty && !vm->rep->quiet;
    int64_t end = clock_monotonic_ns() + ns;
    int frame = 0;
    while (ns > 0) {
        int64_t slice = spin && ns > 250000000 ? 250000000 : ns;
        if (spin) {
            Buf t = {0};
            buf_printf(&t, "%s: next in ", label);
            format_duration_ns(&t, (end - clock_monotonic_ns() + 999999999) / 1000000000 * 1000000000);
            report_spinner(vm->rep, frame++, t.data);
            buf_free(&t);
        }
        if (vm->fx && vm->fx->sleep(vm->fx, slice) < 0) {
            if (spin)
                report_spinner_clear(vm->rep);
            *err = xasprintf("interrupted by %s", proc_interrupt_signal() == SIGTERM ? "SIGTERM" : "SIGINT");
            return RUN_ABORTED;
        }
        ns = end - clock_monotonic_ns();
    }
    if (spin)
        report_spinner_clear(vm->rep);
    if (cut) {
        *err = vm_deadline_message(vm);
        return RUN_FAILED;
    }
    return RUN_RETURNED;
}

/* escalate LEVEL MESSAGE: notify the escalation's initial contact now,
 * record it, and carry on; an undeliverable notification is reported and
 * never fails the run. */
void vm_escalate(Vm *vm, const BcEscalation *e, Value msgv)
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
Outcome vm_run_command(Vm *vm, int kind, int flags, const Value *words, uint32_t n,
                       uint32_t line, Value *out, char **err, const char **fail_kind)
{
    bool capture = flags & 1, is_try = flags & 2;
    if (!vm->fx) {
        *err = xstrdup("commands cannot run here (no effects configured)");
        return RUN_FAILED;
    }
    int64_t left = vm_time_left(vm);
    if (left <= 0) {
        *err = vm_deadline_message(vm);
        *fail_kind = "timeout";
        return RUN_FAILED;
    }
    /* The enclosing step's (or block's) limit, else --command-timeout. */
    CommandContext ctx = {vm->secrets, vm->ndeadlines ? left : vm->command_timeout_ns};
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
    } else if (vm->ndeadlines && vm_time_left(vm) <= 0) {
        /* A step timeout or timeout block expired: not a result, even
         * under try. */
        val_release(r);
        free(why);
        char *msg = vm_deadline_message(vm);
        *err = xasprintf("`%s` was stopped: %s", req.display, msg);
        free(msg);
        *fail_kind = "timeout";
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
    } else if (r.type != T_RESULT) {
        *out = r; /* plan mode: a result only a run can tell */
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

int vm_run(Vm *vm, uint32_t entry)
{
    const BcModule *m = vm->m;
    int64_t start = clock_monotonic_ns();
    Value r = val_null();
    Outcome o = vm_execute(vm, BC_PROC_INIT, NULL, 0, &r, vm->stack);
    val_release(r);
    if (o == RUN_USAGE) {
        fprintf(vm->rep->err, "runbook: %s\n", vm->failure_msg);
        return EXIT_USAGE;
    }
    report_run_start(vm->rep, entry >= 2 && m->procs[entry].title ? m->procs[entry].title : m->title);
    for (uint32_t i = 0; i < m->nglobals; i++) {
        if (!m->globals[i].is_param)
            continue;
        Buf b = {0};
        val_to_buf(vm->globals[i], &b, true);
        report_param(vm->rep, m->globals[i].p.name, b.data ? b.data : "");
        buf_free(&b);
    }
    Map *params = val_map(vm_parameter_values(vm));
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
    /* A procedure entry point skips the main body, which computes the
     * top-level lets in place: compute them first. */
    if (o == RUN_RETURNED && entry != BC_PROC_MAIN && m->globals_proc != BC_NONE) {
        r = val_null();
        o = vm_execute(vm, m->globals_proc, NULL, 0, &r, vm->stack);
        val_release(r);
    }
    if (o == RUN_RETURNED) {
        r = val_null();
        o = vm_execute(vm, entry, vm->entry_args, vm->nentry_args, &r, vm->stack);
        val_release(r);
    }
    if (o == RUN_RETURNED && m->on_success_proc != BC_NONE) {
        r = val_null();
        o = vm_execute(vm, m->on_success_proc, NULL, 0, &r, vm->stack);
        val_release(r);
    }
    if (vm->plan && o == RUN_RETURNED && m->on_failure_proc != BC_NONE) {
        /* Plan: what the run would do if it failed, listed. */
        vm_plan_note(vm, PN_LISTING, "on failure (if the run fails)");
        r = val_null();
        Outcome h = vm_execute(vm, m->on_failure_proc, NULL, 0, &r, vm->stack);
        val_release(r);
        vm_plan_note(vm, PN_LISTING_END, NULL);
        if (h == RUN_ABORTED)
            o = h;
    }
    int code = EXIT_OK;
    if (vm->plan && (o == RUN_FAILED || o == RUN_ABORTED))
        vm_plan_note(vm, o == RUN_ABORTED ? PN_ABORTED : PN_FAILED, vm->failure_msg);
    if (o == RUN_FAILED || o == RUN_ABORTED || o == RUN_USAGE) {
        vm_steps_fail_down_to(vm, 0);
        report_unhandled(vm);
        code = o == RUN_FAILED ? EXIT_FAILED : o == RUN_ABORTED ? EXIT_ABORTED : EXIT_USAGE;
    }
    /* The top-level `on failure` runs when the run failed (not when it was
     * aborted); the run still exits 1, or 3 if the handler aborts. */
    if (o == RUN_FAILED && m->on_failure_proc != BC_NONE) {
        report_section(vm->rep, "on failure");
        vm_plan_note(vm, PN_RUN_HANDLER, NULL);
        r = val_null();
        Outcome h = vm_execute(vm, m->on_failure_proc, NULL, 0, &r, vm->stack);
        val_release(r);
        if (h != RUN_RETURNED) {
            vm_steps_fail_down_to(vm, 0);
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

