/* vm_plan.c — what the VM keeps track of only in plan mode: the arms of
 * branches on unknown values and the loops, waits and retries shown once,
 * and where a `fail`, `abort` or `return` in such an arm lets the plan go
 * on. The interpreter loop (vm.c) calls these; nothing here runs code. */
#include "vm_impl.h"

/* Plan mode: a for, wait-until or retry begins (see PlanLoop); a vague
 * one notes what it shows once, and its end closes that. */
void vm_plan_loop_begin(Vm *vm, bool vague, PlanNote note, const char *text)
{
    if (vm->nloops == vm->loops_cap) {
        vm->loops_cap = vm->loops_cap ? vm->loops_cap * 2 : 8;
        vm->loops = xrealloc(vm->loops, vm->loops_cap * sizeof *vm->loops);
    }
    vm->loops[vm->nloops++] = (PlanLoop){vm->nframes, vague};
    if (vague) {
        vm->nvague++;
        vm_plan_note(vm, note, text);
    }
}

/* Close the loops above n (the innermost first). */
void vm_plan_loops_close(Vm *vm, uint32_t n)
{
    while (vm->nloops > n) {
        if (vm->loops[--vm->nloops].vague) {
            vm->nvague--;
            vm_plan_note(vm, PN_ONCE_END, NULL);
        }
    }
}

/* Plan mode: `fail`, `abort` or `return` in one arm of a branch on an
 * unknown value ends that arm only: note it and go on with the other arm
 * (or after the if). When the other arm ended too, the whole if ends, and
 * with it the arm of an enclosing branch it stands in, and so on out.
 * Returns where to go on, or NULL when the statement takes effect for real:
 * it is in no such arm, every path reaches it, or the code is not shaped
 * as the compiler makes it. */
const uint32_t *vm_plan_arm_exit(Vm *vm, const BcProc *P, Value msg, const char *what)
{
    const uint32_t *code = P->code, *end = P->code + P->ncode, *go_on = NULL;
    uint32_t n = vm->nbranches;
    bool to_else = false;
    for (; n > 0; n--) {
        const PlanBranch *br = &vm->branches[n - 1];
        if (br->frame != vm->nframes || br->else_at <= code || br->else_at >= end)
            return NULL;
        if (!br->in_else) {
            to_else = INSN_OP(*br->else_at) != OPC_ENDIF && INSN_OP(br->else_at[-1]) == OPC_ELSE;
            go_on = br->else_at;
            break;
        }
        if (!br->then_ended) {
            go_on = br->end_at && br->end_at > code && br->end_at < end ? br->end_at : NULL;
            break;
        }
        /* both arms end: so does the if */
    }
    if (!go_on)
        return NULL;
    Buf t = {0};
    buf_printf(&t, "%s here", what);
    if (msg.type != T_NULL) {
        buf_adds(&t, ": ");
        val_to_buf(msg, &t, true);
    }
    vm_plan_note(vm, PN_ARM_ENDS, t.data);
    buf_free(&t);
    vm_plan_loops_close(vm, vm->branches[n - 1].nloops);
    while (vm->nbranches > n) {
        vm->nbranches--;
        vm_plan_note(vm, PN_END_IF, NULL);
    }
    if (to_else) {
        /* Into the else-arm; the ELSE before it says where the if ends. */
        PlanBranch *br = &vm->branches[n - 1];
        br->in_else = true;
        br->then_ended = true;
        br->end_at = br->else_at + INSN_A(br->else_at[-1]);
        vm_plan_note(vm, PN_ELSE, NULL);
    }
    return go_on;
}
