/* vm.c — the interpreter loop. A stack machine over one contiguous value
 * stack: each frame's locals sit at its base and its operands above them.
 * Failures unwind to the innermost handler installed by TRY (restoring the
 * stack and the step nesting) or end the run. `abort` and usage errors
 * bypass handlers. Dispatch uses computed goto when the compiler has it.
 *
 * The VM never prints directly: people's output goes through report.c. */
#include "vm_impl.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "config.h"
#include "regex.h"
#include "result.h"

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
    free(vm->failure_file);
    vm->failure_file = xstrdup(p->file ? p->file : vm->m->source_path);
    Map *f = map_new(5);
    const char *step = current_step_title(vm);
    map_put_cstr(f, "step", step ? val_cstring(step) : val_null());
    map_put_cstr(f, "message", val_cstring(msg));
    map_put_cstr(f, "line", val_int(vm->failure_line));
    map_put_cstr(f, "kind", val_cstring(kind));
    map_put_cstr(f, "file", val_cstring(vm->failure_file));
    vm->failure = val_obj(&f->hdr);
}

/* Adopt a failure value re-raised by RERAISE. */
static void adopt_failure(Vm *vm, Value f)
{
    Value msg = val_field(f, "message", 7);
    Value line = val_field(f, "line", 4);
    Value file = val_field(f, "file", 4);
    Buf b = {0};
    val_to_buf(msg, &b, false);
    free(vm->failure_msg);
    vm->failure_msg = buf_steal(&b);
    if (file.type == T_STRING) {
        free(vm->failure_file);
        vm->failure_file = xstrdup(val_str(file)->data);
    }
    val_release(file);
    vm->failure_line = line.type == T_INT ? (uint32_t)line.as.i : 0;
    val_release(msg);
    val_release(line);
    val_release(vm->failure);
    vm->failure = f;
}

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

/* Plan mode: does this operand make the result unknown? */
static inline bool plan_unknown(const Vm *vm, Value a, Value b)
{
    return vm->plan && (val_has_unknown(a) || val_has_unknown(b));
}

/* A time limit of len from now, within every enclosing one. */
static void push_deadline(Vm *vm, int64_t len)
{
    if (vm->ndeadlines == vm->deadlines_cap) {
        vm->deadlines_cap = vm->deadlines_cap ? vm->deadlines_cap * 2 : 8;
        vm->deadlines = xrealloc(vm->deadlines, vm->deadlines_cap * sizeof *vm->deadlines);
    }
    int64_t at = clock_monotonic_ns() + len;
    if (vm->ndeadlines && vm->deadlines[vm->ndeadlines - 1].at < at)
        at = vm->deadlines[vm->ndeadlines - 1].at;
    vm->deadlines[vm->ndeadlines++] = (Deadline){at, len, vm->nframes - 1};
}

/* Is an undo block running (anywhere down the call stack)? */
static bool in_undo(const Vm *vm)
{
    for (uint32_t i = vm->nframes; i-- > 0;)
        if (strstr(vm->frames[i].proc->name, "<undo "))
            return true;
    return false;
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
    bool secret = false, unknown = false;
    for (uint32_t i = 0; i < n; i++) {
        if (val_has_secret(vals[i]))
            secret = true;
        if (val_has_unknown(vals[i]))
            unknown = true;
        val_to_buf(vals[i], &b, false);
    }
    *out = val_string_take(&b, secret);
    if (unknown) /* plan mode: text that only a run could tell */
        val_str(*out)->unknown = true;
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

static uint64_t next_random(Vm *vm)
{
    /* xorshift64*: jitter needs spread, not cryptography. */
    vm->rng ^= vm->rng >> 12;
    vm->rng ^= vm->rng << 25;
    vm->rng ^= vm->rng >> 27;
    return vm->rng * 2685821657736338717ULL;
}

/* Run procedure `pi` with nargs arguments (borrowed) until it returns.
 * On RUN_RETURNED *result holds the return value. */
/* Threaded dispatch wants one indirect jump per instruction; GCC's global
 * CSE would merge them into one shared (and badly predicted) jump. */
#if HAVE_COMPUTED_GOTO && defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-gcse")))
#endif
Outcome vm_execute(Vm *vm, uint32_t pi, const Value *args, uint32_t nargs, Value *result,
                   Value *base)
{
    const BcModule *m = vm->m;
    const Value *K = m->consts;
    Value *sp = base;
    uint32_t entry_frames = vm->nframes;
    uint32_t entry_handlers = vm->nhandlers;
    uint32_t entry_deadlines = vm->ndeadlines, entry_branches = vm->nbranches, entry_loops = vm->nloops;
    const BcProc *P = &m->procs[pi];
    Frame *F = &vm->frames[vm->nframes++];
    F->proc = P;
    F->ret_ip = NULL;
    F->base = sp;
    F->plan_vague_return = false;
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
/* Call `callee` with its nargs arguments on top of the stack: they become
 * its first locals; missing parameters are absent, other locals null. */
#define ENTER_FRAME(callee, nargs)                                                     \
    do {                                                                               \
        Value *base_ = sp - (nargs);                                                   \
        for (uint32_t i_ = (nargs); i_ < (callee)->nlocals; i_++)                      \
            base_[i_] = i_ < (callee)->nparams ? val_absent() : val_null();            \
        F = &vm->frames[vm->nframes++];                                                \
        F->proc = (callee);                                                            \
        F->ret_ip = ip;                                                                \
        F->base = base_;                                                               \
        F->plan_vague_return = false;                                                  \
        P = (callee);                                                                  \
        L = base_;                                                                     \
        sp = base_ + (callee)->nlocals;                                                \
        ip = P->code;                                                                  \
    } while (0)

#if HAVE_COMPUTED_GOTO
    static void *const labels[OPC__COUNT] = {
#define OPCODE_LABEL(name, ak, bk, pops, pushes, doc) &&L_##name,
        OPCODE_LIST(OPCODE_LABEL)
#undef OPCODE_LABEL
    };
#define CASE(name) L_##name:
#define NEXT do { pc = ip; w = *ip++; goto *labels[INSN_OP(w)]; } while (0)
/* Continue as another instruction (the general form of a specialised one). */
#define GOTO_OP(name) do { w = INSN_MAKE(OPC_##name, 0); goto L_##name; } while (0)
    NEXT;
#else
#define CASE(name) case OPC_##name:
#define NEXT continue
#define GOTO_OP(name) do { w = INSN_MAKE(OPC_##name, 0); goto reswitch; } while (0)
    for (;;) {
        pc = ip;
        w = *ip++;
    reswitch:
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
    CASE(SET_VAR_LOCAL) {
        Value v = POP();
        if (vm->nbranches | vm->nvague) { /* plan: set in an arm of an unknown branch, or in a loop shown once */
            val_release(v);
            v = val_unknown();
        }
        val_release(L[A_U]);
        L[A_U] = v;
    }
    NEXT;
    /* A global is never absent when read: <init> sets every parameter
     * before any code can read it (the checker orders defaults). */
    CASE(GET_GLOBAL) PUSH(val_retain(vm->globals[A_U])); NEXT;
    CASE(SET_GLOBAL) { Value v = POP(); val_release(vm->globals[A_U]); vm->globals[A_U] = v; } NEXT;
#define ADD_TO(name, target)                                                           \
    CASE(name) {                                                                       \
        Value *t = &(target), y = sp[-1], r;                                           \
        int64_t z;                                                                     \
        if (t->type == T_INT && y.type == T_INT && !__builtin_add_overflow(t->as.i, y.as.i, &z) && \
            !(vm->nbranches | vm->nvague)) {                                           \
            t->as.i = z;                                                               \
            sp--;                                                                      \
            NEXT;                                                                      \
        }                                                                              \
        if (val_add(*t, y, &r, &err) < 0)                                              \
            RAISE("type");                                                             \
        if (vm->nbranches | vm->nvague) { /* plan: as SET_VAR_* */                     \
            val_release(r);                                                            \
            r = val_unknown();                                                         \
        }                                                                              \
        val_release(y);                                                                \
        sp--;                                                                          \
        val_release(*t);                                                               \
        *t = r;                                                                        \
    }                                                                                  \
    NEXT;
    ADD_TO(ADD_TO_LOCAL, L[A_U])
    ADD_TO(ADD_TO_GLOBAL, vm->globals[A_U])
#undef ADD_TO
    CASE(SET_VAR_GLOBAL) {
        Value v = POP();
        if (vm->nbranches | vm->nvague) {
            val_release(v);
            v = val_unknown();
        }
        val_release(vm->globals[A_U]);
        vm->globals[A_U] = v;
    }
    NEXT;

/* x OP small-int literal: the int case inline, anything else through the
 * general instruction with the literal pushed. */
#define ARITH_INT(name, general, fast)                                                 \
    CASE(name) {                                                                       \
        Value x = TOP;                                                                 \
        int64_t k = A_S, z;                                                            \
        if (x.type == T_INT && fast) {                                                 \
            TOP = val_int(z);                                                          \
            NEXT;                                                                      \
        }                                                                              \
        PUSH(val_int(k));                                                              \
        GOTO_OP(general);                                                              \
    }
    ARITH_INT(ADD_INT, ADD, !__builtin_add_overflow(x.as.i, k, &z))
    ARITH_INT(SUB_INT, SUB, !__builtin_sub_overflow(x.as.i, k, &z))
    ARITH_INT(MUL_INT, MUL, !__builtin_mul_overflow(x.as.i, k, &z))
    ARITH_INT(MOD_INT, MOD, (k != 0 && k != -1 && (z = x.as.i % k, true)))
#undef ARITH_INT
#define COMPARE_INT(name, general, cop)                                                \
    CASE(name) {                                                                       \
        Value x = TOP;                                                                 \
        int64_t k = A_S;                                                               \
        if (x.type == T_INT) {                                                         \
            TOP = val_bool(x.as.i cop k);                                              \
            NEXT;                                                                      \
        }                                                                              \
        PUSH(val_int(k));                                                              \
        GOTO_OP(general);                                                              \
    }
    COMPARE_INT(EQ_INT, EQ, ==)
    COMPARE_INT(NE_INT, NE, !=)
    COMPARE_INT(LT_INT, LT, <)
    COMPARE_INT(LE_INT, LE, <=)
    COMPARE_INT(GT_INT, GT, >)
    COMPARE_INT(GE_INT, GE, >=)
#undef COMPARE_INT

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
    CASE(NOT) {
        Value x = TOP;
        bool unknown = plan_unknown(vm, x, x);
        bool t = truthy_fast(x);
        val_release(x);
        TOP = unknown ? val_unknown() : val_bool(!t);
    }
    NEXT;
    CASE(EQ) CASE(NE) {
        Value y = sp[-1], x = sp[-2];
        bool eq = (x.type == T_INT && y.type == T_INT) ? x.as.i == y.as.i : val_equal(x, y);
        bool unknown = plan_unknown(vm, x, y);
        val_release(x);
        val_release(y);
        sp[-2] = unknown ? val_unknown() : val_bool(INSN_OP(w) == OPC_EQ ? eq : !eq);
        sp--;
    }
    NEXT;

#define COMPARE(name, cop, code)                                                       \
    CASE(name) {                                                                       \
        Value y = sp[-1], x = sp[-2];                                                  \
        bool res;                                                                      \
        if (x.type == T_INT && y.type == T_INT) {                                      \
            res = x.as.i cop y.as.i;                                                   \
        } else if (plan_unknown(vm, x, y)) {                                           \
            val_release(x);                                                            \
            val_release(y);                                                            \
            sp[-2] = val_unknown();                                                    \
            sp--;                                                                      \
            NEXT;                                                                      \
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
        if (plan_unknown(vm, x, y)) {
            val_release(x);
            val_release(y);
            sp[-2] = val_unknown();
            sp--;
            NEXT;
        }
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
        if (plan_unknown(vm, s, s)) {
            val_release(L[b]);
            L[b] = val_unknown();
            val_release(s);
            TOP = val_unknown();
            NEXT;
        }
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
    /* In plan mode an unknown condition takes the jump: `a and b`, `a or b`
     * and `a ?? b` then keep the unknown. */
    CASE(JUMP_IF_FALSE) {
        Value v = POP();
        if (!truthy_fast(v) || plan_unknown(vm, v, v))
            ip += A_S;
        val_release(v);
    }
    NEXT;
    CASE(JUMP_IF_TRUE) {
        Value v = POP();
        if (truthy_fast(v) || plan_unknown(vm, v, v))
            ip += A_S;
        val_release(v);
    }
    NEXT;
    CASE(BRANCH) {
        FETCH_B();
        Value v = POP();
        if (plan_unknown(vm, v, v)) {
            /* Plan: show both arms; assignments in them become unknown. */
            if (vm->nbranches == vm->branches_cap) {
                vm->branches_cap = vm->branches_cap ? vm->branches_cap * 2 : 8;
                vm->branches = xrealloc(vm->branches, vm->branches_cap * sizeof *vm->branches);
            }
            vm->branches[vm->nbranches++] = (PlanBranch){.else_at = ip + A_S, .frame = vm->nframes, .nloops = vm->nloops};
            vm_plan_note(vm, PN_IF_UNKNOWN, val_str(K[b])->data);
        } else if (!truthy_fast(v)) {
            ip += A_S;
        }
        val_release(v);
    }
    NEXT;
    CASE(ELSE) {
        PlanBranch *br = vm->nbranches ? &vm->branches[vm->nbranches - 1] : NULL;
        if (br && !br->in_else && br->else_at == ip) {
            br->in_else = true; /* fall into the else-arm too */
            br->end_at = ip + A_S;
            vm_plan_note(vm, PN_ELSE, NULL);
        } else {
            ip += A_S;
        }
    }
    NEXT;
    CASE(COND) {
        Value v = POP();
        if (plan_unknown(vm, v, v)) {
            vm->unknown_conds++; /* the else-arm stands for both: unknown */
            ip += A_S;
        } else if (!truthy_fast(v)) {
            ip += A_S;
        }
        val_release(v);
    }
    NEXT;
    CASE(COND_END) {
        if (vm->unknown_conds) {
            vm->unknown_conds--;
            val_release(TOP);
            TOP = val_unknown();
        }
    }
    NEXT;
    CASE(ENDIF) {
        PlanBranch *br = vm->nbranches ? &vm->branches[vm->nbranches - 1] : NULL;
        if (br && ((!br->in_else && br->else_at == pc) || (br->in_else && br->end_at == pc))) {
            vm->nbranches--;
            vm_plan_note(vm, PN_END_IF, NULL);
        }
    }
    NEXT;
    CASE(ARGS_READY) {
        /* The entry procedure (the one the command line names): its
         * arguments as bound, with the defaults the call left out. */
        if (!F->ret_ip && P == vm->entry_proc && P->nparams == vm->nentry_args) {
            for (uint32_t i = 0; i < P->nparams; i++) {
                if (vm->entry_args[i].type == T_ABSENT) {
                    val_release(vm->entry_args[i]);
                    vm->entry_args[i] = val_retain(L[i]);
                }
            }
        }
    }
    NEXT;
    CASE(LOOP_END) {
        if (vm->nloops && vm->loops[vm->nloops - 1].frame == vm->nframes)
            vm_plan_loops_close(vm, vm->nloops - 1);
    }
    NEXT;
    CASE(JUMP_IF_NOT_NULL) { Value v = POP(); if (v.type != T_NULL) ip += A_S; val_release(v); } NEXT;
    CASE(ITER_INIT) {
        Value v = TOP;
        if (plan_unknown(vm, v, v) && v.type != T_LIST) {
            vm_plan_loop_begin(vm, true, PN_LOOP_UNKNOWN, "for each item of a list known after the run");
            List *one = list_new(1);
            one->items[0] = val_unknown();
            val_release(v);
            TOP = val_obj(&one->hdr);
            NEXT;
        }
        Value r = iterable_of(v, &err);
        if (err)
            RAISE("type");
        val_release(v);
        TOP = r;
        if (vm->plan)
            vm_plan_loop_begin(vm, false, PN_LOOP_UNKNOWN, NULL);
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
        if (plan_unknown(vm, start, stop)) {
            /* Plan: one pass with an unknown counter. */
            vm_plan_loop_begin(vm, true, PN_LOOP_UNKNOWN, "for each number of a range known after the run");
            val_release(start);
            val_release(stop);
            sp -= 2;
            val_release(L[A_U]);
            val_release(L[A_U + 1]);
            L[A_U] = val_unknown();
            L[A_U + 1] = val_int(1);
            NEXT;
        }
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
        if (vm->plan)
            vm_plan_loop_begin(vm, false, PN_LOOP_UNKNOWN, NULL);
    }
    NEXT;
    CASE(RANGE_NEXT) {
        FETCH_B();
        Value *st = &L[b];
        if (st[0].type == T_UNKNOWN) { /* plan: the one pass of an unknown range */
            st[0] = val_int(1);
            val_release(st[2]);
            st[2] = val_unknown();
            ip += A_S;
            NEXT;
        }
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
        ENTER_FRAME(callee, b);
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
        if (vm->nbranches) {
            const uint32_t *go_on = vm_plan_arm_exit(vm, P, val_null(), "return");
            if (go_on) {
                val_release(POP());
                F->plan_vague_return = true;
                ip = go_on;
                NEXT;
            }
        }
        Value r = POP();
        if (F->plan_vague_return) { /* some paths returned something else earlier */
            val_release(r);
            r = val_unknown();
        }
        /* A return from inside steps or handlers leaves them: the steps
         * completed, the handlers no longer apply. */
        while (vm->nsteps > 0 && vm->steps[vm->nsteps - 1].frame >= vm->nframes - 1)
            vm_step_close(vm, vm->steps[vm->nsteps - 1].failed ? 2 : 0);
        while (vm->nhandlers > entry_handlers && vm->handlers[vm->nhandlers - 1].nframes >= vm->nframes)
            vm->nhandlers--;
        while (vm->ndeadlines > 0 && vm->deadlines[vm->ndeadlines - 1].frame >= vm->nframes - 1)
            vm->ndeadlines--;
        while (vm->nbranches > 0 && vm->branches[vm->nbranches - 1].frame >= vm->nframes)
            vm->nbranches--;
        while (vm->nloops > 0 && vm->loops[vm->nloops - 1].frame >= vm->nframes)
            vm_plan_loops_close(vm, vm->nloops - 1);
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
    CASE(DOC) vm_plan_note(vm, PN_DOC, val_str(K[A_U])->data); NEXT;
    CASE(CMD) {
        FETCH_B();
        Value r;
        const char *kind = "command";
        Outcome o = vm_run_command(vm, A_U & 0xff, A_U >> 8, sp - b, b, line_of(P, pc), &r, &err, &kind);
        if (o == RUN_ABORTED) {
            set_failure(vm, P, pc, "interrupted", err);
            err = NULL;
            out = RUN_ABORTED;
            goto unwind_all;
        }
        if (o != RUN_RETURNED)
            RAISE(kind);
        release_range(sp - b, sp);
        sp -= b;
        PUSH(r);
    }
    NEXT;
    CASE(FAIL) {
        const uint32_t *go_on = vm_plan_arm_exit(vm, P, A_U ? sp[-1] : val_null(), "fail");
        if (go_on) {
            release_range(sp - A_U, sp);
            sp -= A_U;
            ip = go_on;
            NEXT;
        }
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
        const uint32_t *go_on = vm_plan_arm_exit(vm, P, A_U ? sp[-1] : val_null(), "abort");
        if (go_on) {
            release_range(sp - A_U, sp);
            sp -= A_U;
            ip = go_on;
            NEXT;
        }
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
        if (!truthy_fast(cond) && !plan_unknown(vm, cond, cond)) {
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
        if (plan_unknown(vm, x, y)) { /* plan: only a run can tell */
            val_release(msg), val_release(x), val_release(y);
            NEXT;
        }
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
        format_duration_ns(&t, d.as.i);
        report_output(vm->rep, t.data, t.len);
        buf_free(&t);
        Outcome o = vm_sleep(vm, d.as.i, "waiting", &err);
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
        push_deadline(vm, d.as.i);
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
        push_deadline(vm, limit.as.i); /* a poll still running at the timeout is stopped too */
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
        format_duration_ns(&t, limit.as.i);
        buf_adds(&t, ", every ");
        format_duration_ns(&t, st[1].as.i);
        buf_adds(&t, ")");
        report_output(vm->rep, t.data, t.len);
        if (vm->plan)
            vm_plan_loop_begin(vm, true, PN_WAIT_UNTIL, t.data);
        buf_free(&t);
        val_release(st[3]);
        st[3] = val_absent(); /* no value yet */
    }
    NEXT;
    CASE(WAIT_POLL) {
        FETCH_B();
        Value *st = &L[b];
        if (vm->plan) {
            /* Shown once, with its bounds: go on as if it held. Here the
             * condition was false (or failed) on what the plan knows. */
            vm_plan_note(vm, PN_REMARK, st[4].type == T_MAP
                                            ? "the condition fails now: the run would poll until it holds or the wait times out"
                                            : "the condition is false now: the run would poll until it holds or the wait times out");
            NEXT;
        }
        if (st[0].type != T_INT || st[1].type != T_DURATION) {
            err = xstrdup("corrupt wait state");
            RAISE("internal");
        }
        int64_t now = clock_monotonic_ns();
        if (now >= st[0].as.i) {
        wait_timed_out:;
            Buf m = {0};
            buf_adds(&m, "wait");
            if (st[2].type != T_NULL) {
                buf_adds(&m, " for \"");
                val_to_buf(st[2], &m, true);
                buf_addc(&m, '"');
            }
            buf_adds(&m, " timed out");
            /* The last error, unless it is only the timeout stopping a poll
             * after earlier ones gave a value. */
            Value ekind = st[4].type == T_MAP ? val_field(st[4], "kind", 4) : val_null();
            bool stopped = ekind.type == T_STRING && strcmp(val_str(ekind)->data, "timeout") == 0;
            val_release(ekind);
            if (st[4].type == T_MAP && !(stopped && st[3].type != T_ABSENT)) {
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
        Buf label = {0};
        buf_adds(&label, "waiting");
        if (st[2].type != T_NULL) {
            buf_adds(&label, " for \"");
            val_to_buf(st[2], &label, true);
            buf_addc(&label, '"');
        }
        Outcome o = vm_sleep(vm, pause, label.data, &err);
        buf_free(&label);
        if (o == RUN_ABORTED) {
            set_failure(vm, P, pc, "interrupted", err);
            out = RUN_ABORTED;
            goto unwind_all;
        }
        if (o != RUN_RETURNED && clock_monotonic_ns() >= st[0].as.i) {
            free(err); /* the wait's own limit: say so its way */
            err = NULL;
            goto wait_timed_out;
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
        if (vm->plan) {
            Buf t = {0};
            buf_printf(&t, "retry up to %lld times", (long long)count.as.i);
            if (st[2].as.i > 0) {
                buf_adds(&t, ", every ");
                format_duration_ns(&t, st[2].as.i);
            }
            if (f > 1.0)
                buf_printf(&t, ", backoff %g", f);
            if (b == 1)
                buf_adds(&t, ", with jitter");
            vm_plan_loop_begin(vm, true, PN_RETRY, t.data);
            buf_free(&t);
        }
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
        if (vm->plan) /* plan: the body is shown once */
            attempt = count;
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
            pause = (int64_t)((double)pause * (0.5 + r)) / 1000000 * 1000000; /* whole ms */
        }
        buf_printf(&m, "attempt %lld of %lld failed: ", (long long)attempt, (long long)count);
        val_to_buf(msg, &m, true);
        val_release(msg);
        val_release(f);
        if (pause > 0) {
            buf_adds(&m, "; retrying in ");
            format_duration_ns(&m, pause);
        } else {
            buf_adds(&m, "; retrying");
        }
        report_output(vm->rep, m.data, m.len);
        buf_free(&m);
        Outcome o = vm_sleep(vm, pause, "retrying", &err);
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
        vm_escalate(vm, &m->escalations[A_U], msgv);
        val_release(msgv);
    }
    NEXT;
    CASE(UNDO_PUSH) {
        FETCH_B();
        if (in_undo(vm)) { /* a step inside an undo block: not undone itself */
            release_range(sp - b, sp);
            sp -= b;
            NEXT;
        }
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
        if (vm->plan) {
            /* List what the undo would do, resolved, without running it. */
            Buf t = {0};
            buf_printf(&t, "undo (on rollback): %s", u->title);
            vm_plan_note(vm, PN_LISTING, t.data);
            buf_free(&t);
            Value r = val_null();
            Outcome lo = vm_execute(vm, m->steps[A_U].undo_proc, u->args, b, &r, sp);
            val_release(r);
            vm_plan_note(vm, PN_LISTING_END, NULL);
            if (lo == RUN_ABORTED) {
                out = RUN_ABORTED;
                goto unwind_all;
            }
        }
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
        memcpy(sp, u.args, u.nargs * sizeof *sp);
        sp += u.nargs;
        free(u.args);
        ENTER_FRAME(callee, u.nargs);
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
        report_step_start(vm->rep, vm_step_kind_name(&m->steps[A_U]), s->title);
        if (vm->plan) {
            Buf t = {0};
            buf_printf(&t, "%s %s", vm_step_kind_name(&m->steps[A_U]), s->title);
            vm_plan_note(vm, PN_STEP, t.data);
            buf_free(&t);
        }
        if (vm->audit) {
            Map *ev = map_new(3);
            map_put_cstr(ev, "kind", val_cstring(vm_step_kind_name(&m->steps[A_U])));
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
            buf_printf(&note, "! %s:%u: %s", vm->failure_file ? vm->failure_file : m->source_path,
                       vm->failure_line, vm->failure_msg);
            report_output(vm->rep, note.data, note.len);
            buf_free(&note);
            vm_plan_note(vm, PN_HANDLER, vm->failure_msg);
        }
    }
    NEXT;
    CASE(STEP_END) {
        if (vm->nsteps == 0) { /* only a forged .rbc gets here */
            err = xstrdup("STEP_END without a step");
            RAISE("internal");
        }
        vm_step_close(vm, vm->steps[vm->nsteps - 1].failed ? 2 : 0);
        vm_plan_note(vm, PN_STEP_END, NULL);
    }
    NEXT;
    CASE(SECTION) {
        Value t = POP();
        Buf title = {0};
        val_to_buf(t, &title, true);
        val_release(t);
        report_section(vm->rep, title.data ? title.data : "");
        vm_plan_note(vm, PN_SECTION, title.data ? title.data : "");
        buf_free(&title);
    }
    NEXT;
    CASE(SECTION_END) vm_plan_note(vm, PN_SECTION_END, NULL); NEXT;
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
        h->nloops = vm->nloops;
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
    CASE(FAILURE) {
        /* Plan: a handler listed without a failure gets an unknown one. */
        if (vm->plan && vm->failure.type == T_NULL)
            PUSH(val_unknown());
        else
            PUSH(val_retain(vm->failure));
    }
    NEXT;
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
        vm_note_secret(vm, r);
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
        if (type_already_fits(P->params[A_U].type.kind, v) || plan_unknown(vm, v, v))
            NEXT;
        char *why = NULL;
        if (param_coerce(&P->params[A_U].type, v, &r, &why) < 0) {
            err = xasprintf("argument '%s' of %s: %s", P->params[A_U].name, P->name, why);
            free(why);
            /* The mistake is at the call: report the caller's line. */
            if (F->ret_ip && vm->nframes >= 2) {
                const Frame *caller = &vm->frames[vm->nframes - 2];
                set_failure(vm, caller->proc, F->ret_ip - 2, "type", err);
                err = NULL;
                goto unwind;
            }
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
        vm_steps_fail_down_to(vm, h->nsteps);
        vm->ndeadlines = h->ndeadlines;
        vm_plan_loops_close(vm, h->nloops);
        NEXT;
    }
    out = RUN_FAILED;
unwind_all:
    vm->ndeadlines = entry_deadlines;
    vm->nbranches = entry_branches;
    vm_plan_loops_close(vm, entry_loops);
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

