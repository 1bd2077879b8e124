/* verify.c — bc_verify: decides whether a module's code is safe for the VM
 * to run without checks of its own. Every operand is in range for its kind
 * (from OPCODE_LIST), every jump lands on an instruction of the same
 * procedure, and the stack depth at each instruction is the same on every
 * path that reaches it and never goes negative, so the VM can size a frame's
 * stack once (max_stack) and never test for underflow. It does not judge
 * what the code means. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "bytecode.h"

#define MAX_COUNT (1u << 20) /* LIST/MAP/CONCAT/CALL sizes */
#define MAX_DEPTH (1 << 24)

typedef struct Verifier {
    BcModule *m;
    const BcProc *p;
    char *err;
} Verifier;

static int fail_at(Verifier *v, uint32_t pc, const char *fmt, ...) RB_PRINTF(3, 4);
static int fail_at(Verifier *v, uint32_t pc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    v->err = xasprintf("procedure %s at %04u: %s", v->p->name, pc, msg);
    free(msg);
    return -1;
}

static int fail_proc(Verifier *v, const char *fmt, ...) RB_PRINTF(2, 3);
static int fail_proc(Verifier *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = xvasprintf(fmt, ap);
    va_end(ap);
    v->err = xasprintf("procedure %s: %s", v->p->name, msg);
    free(msg);
    return -1;
}

static const char *op_name(Opcode op) { return opcode_info[op].name; }

static int const_is(const BcModule *m, uint32_t k, ValType t)
{
    return k < m->nconsts && m->consts[k].type == t;
}

/* The range check every operand of a kind gets. J operands are checked
 * later, once every instruction start is known. */
static int check_kind(Verifier *v, uint32_t pc, Opcode op, OperandKind kind, uint32_t x,
                      const char *which)
{
    const BcModule *m = v->m;
    switch (kind) {
    case OK_NONE:
        if (x != 0)
            return fail_at(v, pc, "%s has no operand %s but it is %u", op_name(op), which, x);
        return 0;
    case OK_K:
        if (x >= m->nconsts)
            return fail_at(v, pc, "%s: constant k%u out of range (%u constants)", op_name(op),
                           x, m->nconsts);
        return 0;
    case OK_L:
        if (x >= v->p->nlocals)
            return fail_at(v, pc, "%s: local l%u out of range (%u locals)", op_name(op), x,
                           v->p->nlocals);
        return 0;
    case OK_G:
        if (x >= m->nglobals)
            return fail_at(v, pc, "%s: global g%u out of range (%u globals)", op_name(op), x,
                           m->nglobals);
        return 0;
    case OK_N:
        if (x >= MAX_COUNT)
            return fail_at(v, pc, "%s: count %u too large", op_name(op), x);
        return 0;
    case OK_P:
        if (x >= m->nprocs)
            return fail_at(v, pc, "%s: procedure %u out of range (%u procedures)",
                           op_name(op), x, m->nprocs);
        return 0;
    case OK_F:
        if (x >= BI__COUNT)
            return fail_at(v, pc, "%s: unknown builtin %u", op_name(op), x);
        return 0;
    case OK_S:
        if (x >= m->nsteps)
            return fail_at(v, pc, "%s: step s%u out of range (%u steps)", op_name(op), x,
                           m->nsteps);
        return 0;
    case OK_J:
    case OK_I:
        return 0;
    }
    return fail_at(v, pc, "%s: bad operand kind", op_name(op));
}

/* What particular opcodes require beyond their operands' kinds. */
static int check_specific(Verifier *v, uint32_t pc, Opcode op, uint32_t a, uint32_t b)
{
    const BcModule *m = v->m;
    const BcProc *p = v->p;
    switch (op) {
    case OPC_FIELD:
    case OPC_EXPECT:
    case OPC_DOC:
    case OPC_SECTION:
        if (!const_is(m, a, T_STRING))
            return fail_at(v, pc, "%s: constant k%u is not a string", op_name(op), a);
        if (op == OPC_EXPECT && b > 1)
            return fail_at(v, pc, "EXPECT: bad flags %u", b);
        return 0;
    case OPC_MATCH_RE:
        if (!const_is(m, a, T_REGEX))
            return fail_at(v, pc, "MATCH_RE: constant k%u is not a regex", a);
        return 0;
    case OPC_EXPECT_CMP: {
        if ((uint64_t)a + 2 >= m->nconsts)
            return fail_at(v, pc, "EXPECT_CMP: constants k%u..k%u out of range (%u constants)",
                           a, a + 2, m->nconsts);
        for (uint32_t k = a; k <= a + 2; k++)
            if (!const_is(m, k, T_STRING))
                return fail_at(v, pc, "EXPECT_CMP: constant k%u is not a string", k);
        uint32_t cmp = b & 0xff;
        if ((cmp != OPC_EQ && cmp != OPC_NE && cmp != OPC_LT && cmp != OPC_LE && cmp != OPC_GT &&
             cmp != OPC_GE && cmp != OPC_IN) ||
            (b >> 9) != 0)
            return fail_at(v, pc, "EXPECT_CMP: bad comparison operand %u", b);
        return 0;
    }
    case OPC_ESCALATE:
        if (a >= m->nescalations)
            return fail_at(v, pc, "ESCALATE: escalation %u of %u", a, m->nescalations);
        return 0;
    case OPC_UNDO_PUSH: {
        uint32_t up = m->steps[a].undo_proc;
        if (up == BC_NONE || m->procs[up].nparams != b)
            return fail_at(v, pc, "UNDO_PUSH: step s%u has no undo taking %u values", a, b);
        return 0;
    }
    case OPC_BRANCH:
        if (m->consts[b].type != T_STRING)
            return fail_at(v, pc, "BRANCH: k%u is not a string", b);
        return 0;
    case OPC_CMD:
        if ((a & 0xff) > CMD_HTTP || (a >> 8) > 3)
            return fail_at(v, pc, "CMD: bad kind or flags %u", a);
        return 0;
    case OPC_FAIL:
    case OPC_ABORT:
        if (a > 1)
            return fail_at(v, pc, "%s: bad flag %u", op_name(op), a);
        return 0;
    case OPC_FOR_NEXT:
    case OPC_RANGE_NEXT:
        if ((uint64_t)b + 2 >= p->nlocals)
            return fail_at(v, pc, "%s: locals l%u..l%u out of range (%u locals)", op_name(op), b,
                           b + 2, p->nlocals);
        return 0;
    case OPC_WAIT_INIT:
        if ((uint64_t)a + 4 >= p->nlocals)
            return fail_at(v, pc, "WAIT_INIT: locals out of range");
        return 0;
    case OPC_WAIT_POLL:
        if ((uint64_t)b + 4 >= p->nlocals)
            return fail_at(v, pc, "WAIT_POLL: locals out of range");
        return 0;
    case OPC_RETRY_INIT:
        if ((uint64_t)a + 4 >= p->nlocals || b > 1)
            return fail_at(v, pc, "RETRY_INIT: bad operands");
        return 0;
    case OPC_RETRY_NEXT:
        if ((uint64_t)b + 4 >= p->nlocals)
            return fail_at(v, pc, "RETRY_NEXT: locals out of range");
        return 0;
    case OPC_RANGE_INIT:
        if ((uint64_t)a + 1 >= p->nlocals)
            return fail_at(v, pc, "RANGE_INIT: locals l%u..l%u out of range (%u locals)", a,
                           a + 1, p->nlocals);
        return 0;
    case OPC_ARG_DEFAULT:
    case OPC_ARG_CHECK:
        if (a >= p->nparams)
            return fail_at(v, pc, "%s: l%u is not a parameter (%u parameters)", op_name(op),
                           a, p->nparams);
        return 0;
    case OPC_PARAM_DEFAULT:
    case OPC_PARAM_REQUIRED:
    case OPC_PARAM_CHECK:
        if (!m->globals[a].is_param)
            return fail_at(v, pc, "%s: g%u is not a parameter", op_name(op), a);
        return 0;
    case OPC_CALL:
        if (b > m->procs[a].nparams)
            return fail_at(v, pc, "CALL: %u arguments for %s, which takes %u", b,
                           m->procs[a].name, m->procs[a].nparams);
        return 0;
    case OPC_CALL_BUILTIN: {
        const BuiltinInfo *bi = &builtin_info[a];
        if ((int)b < bi->min_args || (int)b > bi->max_args)
            return fail_at(v, pc, "CALL_BUILTIN: %u arguments for %s", b, bi->name);
        return 0;
    }
    default:
        return 0;
    }
}

/* Pass 1: decode every instruction, mark where they start, check operands. */
static int check_instructions(Verifier *v, uint8_t *is_start)
{
    const BcProc *p = v->p;
    for (uint32_t pc = 0; pc < p->ncode;) {
        uint32_t word = p->code[pc];
        if ((word & 0xff) >= OPC__COUNT)
            return fail_at(v, pc, "unknown opcode %u", word & 0xff);
        Opcode op = INSN_OP(word);
        uint32_t width = (uint32_t)opcode_width(op);
        if (width > p->ncode - pc)
            return fail_at(v, pc, "%s is cut short by the end of the code", op_name(op));
        is_start[pc] = 1;
        uint32_t a = INSN_AU(word), b = width == 2 ? p->code[pc + 1] : 0;
        if (check_kind(v, pc, op, opcode_info[op].a, a, "A") < 0)
            return -1;
        if (width == 2 && check_kind(v, pc, op, opcode_info[op].b, b, "B") < 0)
            return -1;
        if (check_specific(v, pc, op, a, b) < 0)
            return -1;
        pc += width;
    }
    return 0;
}

/* The jump target of the instruction at pc, if it has a J operand. */
static int jump_target(const BcProc *p, uint32_t pc, int64_t *target)
{
    Opcode op = INSN_OP(p->code[pc]);
    int64_t next = (int64_t)pc + opcode_width(op);
    if (opcode_info[op].a == OK_J) {
        *target = next + INSN_A(p->code[pc]);
        return 1;
    }
    if (opcode_info[op].b == OK_J) {
        *target = next + (int32_t)p->code[pc + 1];
        return 1;
    }
    return 0;
}

/* Pass 2: every jump lands on an instruction start. */
static int check_jumps(Verifier *v, const uint8_t *is_start)
{
    const BcProc *p = v->p;
    for (uint32_t pc = 0; pc < p->ncode; pc++) {
        int64_t t;
        if (!is_start[pc] || !jump_target(p, pc, &t))
            continue;
        if (t < 0 || t >= p->ncode)
            return fail_at(v, pc, "jump target %04lld is outside the procedure", (long long)t);
        if (!is_start[t])
            return fail_at(v, pc, "jump target %04lld is not an instruction", (long long)t);
    }
    return 0;
}

/* Record that pc is reached with depth d; queue it the first time. */
static int reach(Verifier *v, int32_t *depth, uint32_t *work, uint32_t *nwork, uint32_t from,
                 uint32_t pc, int32_t d)
{
    if (depth[pc] < 0) {
        depth[pc] = d;
        work[(*nwork)++] = pc;
        return 0;
    }
    if (depth[pc] != d)
        return fail_at(v, pc, "stack depth %d here from %04u but %d from another path", d, from,
                       depth[pc]);
    return 0;
}

/* Pass 3: abstract interpretation of the stack depth over the control flow
 * graph. Each instruction is queued once (when first reached), so the work
 * list never holds more than ncode entries. */
static int check_stack(Verifier *v, BcProc *p)
{
    int32_t *depth = xmalloc((size_t)p->ncode * sizeof *depth);
    uint32_t *work = xmalloc((size_t)p->ncode * sizeof *work);
    uint32_t nwork = 0;
    int32_t max = 0;
    int rc = 0;

    for (uint32_t i = 0; i < p->ncode; i++)
        depth[i] = -1;
    depth[0] = 0;
    work[nwork++] = 0;

    while (nwork > 0 && rc == 0) {
        uint32_t pc = work[--nwork];
        int32_t d = depth[pc];
        uint32_t word = p->code[pc];
        Opcode op = INSN_OP(word);
        uint32_t width = (uint32_t)opcode_width(op);
        uint32_t b = width == 2 ? p->code[pc + 1] : 0;
        int pops = opcode_pops(op, INSN_A(word), b);
        int pushes = opcode_pushes(op, INSN_A(word), b);
        if (pops > d) {
            rc = fail_at(v, pc, "stack underflow: %s pops %d with %d on the stack",
                         op_name(op), pops, d);
            break;
        }
        int32_t nd = d - pops + pushes;
        if (nd > MAX_DEPTH) {
            rc = fail_at(v, pc, "stack too deep (%d)", nd);
            break;
        }
        if (nd > max)
            max = nd;

        int64_t target;
        int has_target = jump_target(p, pc, &target);
        int falls_through = 1;
        switch (op) {
        case OPC_JUMP:
        case OPC_RETURN:
        case OPC_RERAISE:
        case OPC_FAIL:
        case OPC_ABORT:
            falls_through = 0;
            break;
        default:
            break;
        }
        if (has_target)
            /* For TRY, the handler starts with the stack as it was at TRY
             * (TRY itself pops and pushes nothing, so d == nd). */
            rc = reach(v, depth, work, &nwork, pc, (uint32_t)target, op == OPC_TRY ? d : nd);
        if (rc == 0 && falls_through) {
            if (width >= p->ncode - pc)
                rc = fail_at(v, pc, "%s falls off the end of the code", op_name(op));
            else
                rc = reach(v, depth, work, &nwork, pc, pc + width, nd);
        }
    }
    if (rc == 0)
        p->max_stack = (uint32_t)max;
    free(depth);
    free(work);
    return rc;
}

static int verify_proc(Verifier *v, BcProc *p)
{
    v->p = p;
    if (p->ncode == 0 || !p->code)
        return fail_proc(v, "no code");
    if (!p->lines)
        return fail_proc(v, "no line table");
    if (p->nparams > p->nlocals)
        return fail_proc(v, "%u parameters but only %u locals", p->nparams, p->nlocals);
    if ((p->nparams && !p->params) || (p->nlocals && !p->local_names))
        return fail_proc(v, "parameter or local names missing");

    uint8_t *is_start = xcalloc(p->ncode, 1);
    int rc = check_instructions(v, is_start);
    if (rc == 0)
        rc = check_jumps(v, is_start);
    if (rc == 0)
        rc = check_stack(v, p);
    free(is_start);
    return rc;
}

int bc_verify(BcModule *m, char **err)
{
    Verifier v = {m, NULL, NULL};
    *err = NULL;
    if (m->nprocs < 2 || strcmp(m->procs[BC_PROC_MAIN].name, "main") != 0 ||
        strcmp(m->procs[BC_PROC_INIT].name, "<init>") != 0) {
        *err = xstrdup("the module must start with procedures main and <init>");
        return -1;
    }
    for (uint32_t i = 0; i < m->nconsts; i++) {
        switch (m->consts[i].type) {
        case T_INT: case T_FLOAT: case T_DURATION: case T_STRING: case T_REGEX:
            break;
        default:
            *err = xasprintf("constant k%u has a type constants cannot have", i);
            return -1;
        }
    }
    for (uint32_t i = 0; i < m->nsteps; i++)
        if (m->steps[i].proc >= m->nprocs || m->steps[i].kind > STEP_CHECK) {
            *err = xasprintf("step s%u is malformed", i);
            return -1;
        }
    for (uint32_t i = 0; i < m->nprocs; i++)
        if (verify_proc(&v, &m->procs[i]) < 0) {
            *err = v.err;
            return -1;
        }
    return 0;
}
