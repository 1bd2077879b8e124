/* compile.c — the bytecode compiler. Walks a checked AST (names already
 * resolved to slots by check.c) and emits one code array per procedure:
 *
 *   procs[0] main     the main body: top-level statements in order
 *   procs[1] <init>   parameter defaults and checks, then top-level lets
 *   procs[2..]        the declared procedures, in order
 *
 * Running the main body is <init> then main; running procedure P is <init>
 * then P. Top-level lets are module globals computed by <init>, so that
 * procedures see them whichever entry point runs.
 *
 * The compiler never decides what a name means and never reports a user
 * error the checker could have found; it only reports constructs that a
 * later milestone implements. */
#include "compile.h"

#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "command.h"
#include "check.h"
#include "frontend.h"
#include "link.h"
#include "regex.h"
#include "sh_quote.h"

typedef struct Compiler {
    BcModule *m;
    const Source *src;
    Diags *diags;
    BcProc *proc;      /* procedure being emitted */
    uint32_t cap;      /* capacity of proc->code / proc->lines */
    uint32_t capsteps; /* capacity of m->steps (only add_step grows it, until linking) */
    uint32_t line;     /* current source line */
    /* Slots of the `failure` values of the handlers we are inside. */
    int failure_slot[64];
    int nfailure;
    bool in_init;
    /* `defaults CMD words…` declarations, per command kind, in order. */
    const Node *defaults[CMD_HTTP + 1][8];
    int ndefaults[CMD_HTTP + 1];
    /* Compiling an undo block as its own procedure: the enclosing frame's
     * slots are renumbered through this map (-1: not used). */
    int32_t *slot_map;
    uint32_t slot_map_len;
    /* Undo blocks waiting to be compiled once every procedure is done. */
    struct PendingUndo *undos;
    uint32_t nundos, undos_cap;
    uint32_t next_proc; /* index the next hidden procedure gets */
    uint32_t contact_global0; /* first hidden global holding contact targets */
    /* Calls to imported procedures, patched once the modules are linked. */
    struct ImportCall {
        uint32_t proc, at;
        int target; /* Node.slot of the callee: import << 16 | procedure */
    } *import_calls;
    size_t nimport_calls, import_calls_cap;
} Compiler;

/* An undo block becomes a procedure whose parameters are the enclosing
 * frame's values it uses, captured when its step completes. */
typedef struct PendingUndo {
    const Node *block;
    uint32_t proc;
    uint32_t step;
    int32_t *map;      /* enclosing slot -> undo slot */
    uint32_t map_len;
    uint32_t ncaptured;
    uint32_t nlocals;
    uint32_t *captured; /* enclosing slots, in parameter order */
} PendingUndo;

/* A local slot as the current procedure numbers it. */
static int32_t lslot(const Compiler *c, int32_t s)
{
    if (!c->slot_map)
        return s;
    return s >= 0 && (uint32_t)s < c->slot_map_len ? c->slot_map[s] : -1;
}

static void compile_stmt(Compiler *c, const Node *n);
static void compile_block(Compiler *c, const Node *n);
static void compile_expr(Compiler *c, const Node *n);

/* ---- emitting ------------------------------------------------------ */

static void emit_word(Compiler *c, uint32_t w)
{
    BcProc *p = c->proc;
    if (p->ncode == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 64;
        p->code = xrealloc(p->code, c->cap * sizeof *p->code);
        p->lines = xrealloc(p->lines, c->cap * sizeof *p->lines);
    }
    p->code[p->ncode] = w;
    p->lines[p->ncode] = c->line;
    p->ncode++;
}

static uint32_t emit(Compiler *c, Opcode op, int32_t a)
{
    uint32_t at = c->proc->ncode;
    emit_word(c, INSN_MAKE(op, a));
    return at;
}

static uint32_t emit2(Compiler *c, Opcode op, int32_t a, uint32_t b)
{
    uint32_t at = emit(c, op, a);
    emit_word(c, b);
    return at;
}

/* Jumps: A is relative to the next instruction. */
static uint32_t emit_jump(Compiler *c, Opcode op)
{
    return emit(c, op, 0);
}

static void patch_jump_to(Compiler *c, uint32_t at, uint32_t target)
{
    uint32_t *code = c->proc->code;
    Opcode op = INSN_OP(code[at]);
    uint32_t next = at + (uint32_t)opcode_width(op);
    int64_t rel = (int64_t)target - (int64_t)next;
    if (opcode_info[op].a == OK_J) {
        if (rel < INSN_A_MIN || rel > INSN_A_MAX) {
            diag_add(c->diags, SEV_ERROR, "too-large", c->src, (Span){c->line, 1, c->line, 1, 0, 0},
                     "procedure %s is too large to compile (a jump spans more than 8M words)", c->proc->name);
            return;
        }
        code[at] = INSN_MAKE(op, (int32_t)rel);
    } else { /* jump in B (PARAM_DEFAULT, ARG_DEFAULT) */
        code[at + 1] = (uint32_t)(int32_t)rel;
    }
}

static void patch_jump(Compiler *c, uint32_t at) { patch_jump_to(c, at, c->proc->ncode); }

static uint32_t const_string(Compiler *c, const char *s, size_t len)
{
    return bc_add_const(c->m, val_string(s, len));
}

static uint32_t new_local(Compiler *c, const char *debug_name)
{
    BcProc *p = c->proc;
    uint32_t slot = p->nlocals++;
    p->local_names = xrealloc(p->local_names, p->nlocals * sizeof *p->local_names);
    p->local_names[slot] = xstrdup(debug_name);
    return slot;
}

/* Locals keep their source names, for the disassembler. */
/* n locals in a row (the state of a wait or a retry); the first's slot. */
static uint32_t new_locals(Compiler *c, const char *const *names, size_t n)
{
    uint32_t first = c->proc->nlocals;
    for (size_t i = 0; i < n; i++)
        new_local(c, names[i]);
    return first;
}

static void set_local_name(Compiler *c, int32_t slot, const char *name)
{
    if (slot < 0 || (uint32_t)slot >= c->proc->nlocals)
        return;
    free(c->proc->local_names[slot]);
    c->proc->local_names[slot] = xstrdup(name);
}

static void set_line(Compiler *c, const Node *n)
{
    if (n && n->span.line)
        c->line = n->span.line;
}

static void not_yet(Compiler *c, const Node *n, const char *what, int issue)
{
    diag_add(c->diags, SEV_ERROR, "unsupported", c->src, n->span,
             "%s is not implemented yet (see issue %d)", what, issue);
}

/* The source text of a node, for messages and the step table. */
static char *node_text(Compiler *c, const Node *n)
{
    if (n->span.end_off > n->span.off && n->span.end_off <= c->src->len)
        return xstrndup(c->src->text + n->span.off, n->span.end_off - n->span.off);
    return xstrdup("?");
}

/* ---- expressions --------------------------------------------------- */

static void emit_int(Compiler *c, int64_t i)
{
    if (i >= INSN_A_MIN && i <= INSN_A_MAX)
        emit(c, OPC_INT, (int32_t)i);
    else
        emit(c, OPC_CONST, (int32_t)bc_add_const(c->m, val_int(i)));
}

static void compile_name_get(Compiler *c, const Node *n)
{
    if (n->sym == SYM_LOCAL)
        emit(c, OPC_GET_LOCAL, lslot(c, n->slot));
    else if (n->sym == SYM_GLOBAL)
        emit(c, OPC_GET_GLOBAL, n->slot);
    else
        diag_add(c->diags, SEV_ERROR, "internal", c->src, n->span, "name '%s' was not resolved", n->str);
}

static void compile_name_set(Compiler *c, const Node *n)
{
    /* `set` changes a variable that outlives the block it is in: plan mode
     * must know (SET_VAR_*); a `let` declares one in its block. */
    bool set = n->kind == N_SET;
    if (n->sym == SYM_LOCAL && !set)
        set_local_name(c, lslot(c, n->slot), n->str);
    if (n->sym == SYM_LOCAL)
        emit(c, set ? OPC_SET_VAR_LOCAL : OPC_SET_LOCAL, lslot(c, n->slot));
    else if (n->sym == SYM_GLOBAL)
        emit(c, set ? OPC_SET_VAR_GLOBAL : OPC_SET_GLOBAL, n->slot);
    else
        diag_add(c->diags, SEV_ERROR, "internal", c->src, n->span, "name '%s' was not resolved", n->str);
}

static const Opcode binop_opcode[] = {
    [OP_ADD] = OPC_ADD, [OP_SUB] = OPC_SUB, [OP_MUL] = OPC_MUL, [OP_DIV] = OPC_DIV,
    [OP_MOD] = OPC_MOD, [OP_EQ] = OPC_EQ, [OP_NE] = OPC_NE, [OP_LT] = OPC_LT,
    [OP_LE] = OPC_LE, [OP_GT] = OPC_GT, [OP_GE] = OPC_GE, [OP_IN] = OPC_IN,
};

static Opcode int_operand_opcode(int op)
{
    switch (op) {
    case OP_ADD: return OPC_ADD_INT;
    case OP_SUB: return OPC_SUB_INT;
    case OP_MUL: return OPC_MUL_INT;
    case OP_MOD: return OPC_MOD_INT;
    case OP_EQ: return OPC_EQ_INT;
    case OP_NE: return OPC_NE_INT;
    case OP_LT: return OPC_LT_INT;
    case OP_LE: return OPC_LE_INT;
    case OP_GT: return OPC_GT_INT;
    case OP_GE: return OPC_GE_INT;
    default: return OPC__COUNT;
    }
}

static bool is_comparison(int op)
{
    return op == OP_EQ || op == OP_NE || op == OP_LT || op == OP_LE || op == OP_GT ||
           op == OP_GE || op == OP_IN;
}

static void compile_string_literal(Compiler *c, const Node *n)
{
    emit(c, OPC_CONST, (int32_t)const_string(c, n->str, n->len));
}

static void compile_interp(Compiler *c, const Node *n)
{
    if (n->nkids == 1 && n->kids[0]->kind == N_STRING) {
        compile_string_literal(c, n->kids[0]);
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        compile_expr(c, n->kids[i]);
    emit(c, OPC_CONCAT, (int32_t)n->nkids);
}

/* `a and b`, `a or b`, `a ?? b`: keep a when it decides, else evaluate b. */
static void compile_short_circuit(Compiler *c, const Node *n, Opcode jump)
{
    compile_expr(c, n->a);
    emit(c, OPC_DUP, 0);
    uint32_t j = emit_jump(c, jump);
    emit(c, OPC_POP, 0);
    compile_expr(c, n->b);
    patch_jump(c, j);
}

static void compile_call(Compiler *c, const Node *n)
{
    const Node *callee = n->a;
    for (size_t i = 0; i < n->nkids; i++)
        compile_expr(c, n->kids[i]);
    set_line(c, n);
    if (callee->sym == SYM_PROC) {
        emit2(c, OPC_CALL, callee->slot + 2, (uint32_t)n->nkids);
    } else if (callee->sym == SYM_IMPORT) {
        struct ImportCall ic = {(uint32_t)(c->proc - c->m->procs), c->proc->ncode, callee->slot};
        VEC_PUSH(c->import_calls, c->nimport_calls, c->import_calls_cap, ic);
        emit2(c, OPC_CALL, 0, (uint32_t)n->nkids);
    }
    else if (callee->sym == SYM_BUILTIN)
        emit2(c, OPC_CALL_BUILTIN, callee->slot, (uint32_t)n->nkids);
    else
        diag_add(c->diags, SEV_ERROR, "internal", c->src, n->span, "call target was not resolved");
}

/* ---- commands ------------------------------------------------------ */

/* A word is one value: a whole-word ${expr} keeps its value (a list then
 * expands to several arguments at run time); anything else is the string
 * its pieces make. */
static void compile_word(Compiler *c, const Node *w)
{
    if ((w->flags & NF_WHOLE_EXPR) && w->nkids == 1) {
        compile_expr(c, w->kids[0]);
        return;
    }
    if (w->nkids == 1 && w->kids[0]->kind == N_STRING) {
        compile_string_literal(c, w->kids[0]);
        return;
    }
    for (size_t i = 0; i < w->nkids; i++)
        compile_expr(c, w->kids[i]);
    emit(c, OPC_CONCAT, (int32_t)w->nkids);
}

/* sh: the script reaches /bin/sh with every ${expr} replaced by a reference
 * to an environment variable holding the value, quoted for where it stands,
 * so a value is always data and never shell syntax. Pushes the template,
 * then the values; returns how many values in all. */
static uint32_t compile_sh_script(Compiler *c, const Node *cmd)
{
    const Node *w = cmd->nkids ? cmd->kids[0] : NULL;
    Buf t = {0};
    ShScan sc = {0};
    uint32_t nvals = 0;
    uint32_t tmpl_at = emit(c, OPC_CONST, 0); /* patched once the template is known */
    for (size_t i = 0; w && i < w->nkids; i++) {
        const Node *p = w->kids[i];
        if (p->kind == N_STRING) {
            buf_add(&t, p->str, p->len);
            sh_scan(&sc, p->str, p->len);
            continue;
        }
        nvals++;
        compile_expr(c, p);
        sh_ref(&t, &sc, nvals);
    }
    uint32_t k = const_string(c, t.data ? t.data : "", t.len);
    c->proc->code[tmpl_at] = INSN_MAKE(OPC_CONST, (int32_t)k);
    buf_free(&t);
    return nvals + 1;
}

static void compile_command(Compiler *c, const Node *n, bool capture)
{
    uint32_t nwords = 0;
    if (n->op == CMD_SH) {
        nwords = compile_sh_script(c, n);
    } else {
        for (int d = 0; d < c->ndefaults[n->op]; d++) {
            const Node *def = c->defaults[n->op][d];
            for (size_t i = 0; i < def->nkids; i++, nwords++)
                compile_word(c, def->kids[i]);
        }
        for (size_t i = 0; i < n->nkids; i++, nwords++)
            compile_word(c, n->kids[i]);
    }
    int flags = (capture ? 1 : 0) | ((n->flags & NF_TRY) ? 2 : 0);
    set_line(c, n);
    emit2(c, OPC_CMD, n->op | flags << 8, nwords);
}

static void compile_expr(Compiler *c, const Node *n)
{
    set_line(c, n);
    switch (n->kind) {
    case N_NULL: emit(c, OPC_NULL, 0); break;
    case N_TRUE: emit(c, OPC_TRUE, 0); break;
    case N_FALSE: emit(c, OPC_FALSE, 0); break;
    case N_INT: emit_int(c, n->i); break;
    case N_FLOAT: emit(c, OPC_CONST, (int32_t)bc_add_const(c->m, val_float(n->f))); break;
    case N_DURATION: emit(c, OPC_CONST, (int32_t)bc_add_const(c->m, val_duration(n->i))); break;
    case N_STRING: compile_string_literal(c, n); break;
    case N_INTERP: compile_interp(c, n); break;
    case N_LIST:
        for (size_t i = 0; i < n->nkids; i++)
            compile_expr(c, n->kids[i]);
        emit(c, OPC_LIST, (int32_t)n->nkids);
        break;
    case N_MAP:
        for (size_t i = 0; i < n->nkids; i++) {
            const Node *pair = n->kids[i];
            emit(c, OPC_CONST, (int32_t)const_string(c, pair->str, pair->len));
            compile_expr(c, pair->a);
        }
        emit(c, OPC_MAP, (int32_t)n->nkids);
        break;
    case N_NAME: compile_name_get(c, n); break;
    case N_FAILURE:
        if (c->nfailure > 0)
            emit(c, OPC_GET_LOCAL, c->failure_slot[c->nfailure - 1]);
        else
            emit(c, OPC_NULL, 0);
        break;
    case N_UNARY:
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, n->op == OP_NEG ? OPC_NEG : OPC_NOT, 0);
        break;
    case N_BINARY: {
        /* x OP small literal: one instruction with the literal inside. */
        Opcode with_int = int_operand_opcode(n->op);
        if (with_int != OPC__COUNT && n->b->kind == N_INT && n->b->i >= INSN_A_MIN && n->b->i <= INSN_A_MAX) {
            compile_expr(c, n->a);
            set_line(c, n);
            emit(c, with_int, (int32_t)n->b->i);
            break;
        }
        compile_expr(c, n->a);
        compile_expr(c, n->b);
        set_line(c, n);
        emit(c, binop_opcode[n->op], 0);
        break;
    }
    case N_AND: compile_short_circuit(c, n, OPC_JUMP_IF_FALSE); break;
    case N_OR: compile_short_circuit(c, n, OPC_JUMP_IF_TRUE); break;
    case N_COALESCE: compile_short_circuit(c, n, OPC_JUMP_IF_NOT_NULL); break;
    case N_TERNARY: {
        compile_expr(c, n->a);
        uint32_t jelse = emit_jump(c, OPC_COND);
        compile_expr(c, n->b);
        uint32_t jend = emit_jump(c, OPC_JUMP);
        patch_jump(c, jelse);
        compile_expr(c, n->c);
        patch_jump(c, jend);
        emit(c, OPC_COND_END, 0);
        break;
    }
    case N_MATCH_RE: {
        compile_expr(c, n->a);
        char *err = NULL;
        size_t off = 0;
        const Node *lit = n->b;
        Value re = regex_compile(lit->str, lit->len, lit->str2 ? lit->str2 : "", &err, &off);
        if (re.type != T_REGEX) { /* the checker reported it */
            free(err);
            emit(c, OPC_POP, 0);
            emit(c, OPC_FALSE, 0);
            break;
        }
        set_line(c, n);
        set_local_name(c, lslot(c, n->slot), "captures");
        emit2(c, OPC_MATCH_RE, (int32_t)bc_add_const(c->m, re), (uint32_t)lslot(c, n->slot));
        if (n->op == OP_NOMATCH)
            emit(c, OPC_NOT, 0);
        break;
    }
    case N_FIELD:
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, OPC_FIELD, (int32_t)const_string(c, n->str, n->len));
        break;
    case N_INDEX:
        compile_expr(c, n->a);
        compile_expr(c, n->b);
        set_line(c, n);
        emit(c, OPC_INDEX, 0);
        break;
    case N_CALL: compile_call(c, n); break;
    case N_CMD: compile_command(c, n, true); break;
    default:
        diag_add(c->diags, SEV_ERROR, "internal", c->src, n->span, "unexpected %s in an expression",
                 ast_kind_name(n->kind));
        emit(c, OPC_NULL, 0);
    }
}

/* ---- statements ---------------------------------------------------- */

static void compile_expect(Compiler *c, const Node *n)
{
    const Node *cond = n->a;
    bool has_msg = n->b != NULL;
    char *text = node_text(c, cond);
    if (cond->kind == N_BINARY && is_comparison(cond->op)) {
        compile_expr(c, cond->a);
        compile_expr(c, cond->b);
        if (has_msg)
            compile_expr(c, n->b);
        char *ltext = node_text(c, cond->a), *rtext = node_text(c, cond->b);
        uint32_t k = bc_add_const_fresh(c->m, val_cstring(text));
        bc_add_const_fresh(c->m, val_cstring(ltext));
        bc_add_const_fresh(c->m, val_cstring(rtext));
        free(ltext);
        free(rtext);
        set_line(c, n);
        emit2(c, OPC_EXPECT_CMP, (int32_t)k, (uint32_t)binop_opcode[cond->op] | (has_msg ? 1u << 8 : 0));
    } else {
        compile_expr(c, cond);
        if (has_msg)
            compile_expr(c, n->b);
        set_line(c, n);
        emit2(c, OPC_EXPECT, (int32_t)const_string(c, text, strlen(text)), has_msg ? 1 : 0);
    }
    free(text);
}

static uint32_t add_step(Compiler *c, const Node *n)
{
    BcModule *m = c->m;
    if (m->nsteps == c->capsteps) { /* doubling: one step at a time was quadratic */
        c->capsteps = c->capsteps ? c->capsteps * 2 : 16;
        m->steps = xrealloc(m->steps, (size_t)c->capsteps * sizeof *m->steps);
    }
    BcStep *s = &m->steps[m->nsteps];
    memset(s, 0, sizeof *s);
    const Node *title = n->a;
    if (title->kind == N_STRING)
        s->title = xstrndup(title->str, title->len);
    else if (title->kind == N_INTERP && title->nkids == 1 && title->kids[0]->kind == N_STRING)
        s->title = xstrndup(title->kids[0]->str, title->kids[0]->len);
    else
        s->title = node_text(c, title);
    s->kind = (uint8_t)n->op;
    s->undo_proc = BC_NONE;
    s->proc = (uint32_t)(c->proc - m->procs);
    s->line = n->span.line;
    const Node *body = n->c;
    if (body && body->nkids > 0 && body->kids[0]->kind == N_DOC)
        s->doc = xstrdup(body->kids[0]->str ? body->kids[0]->str : "");
    return m->nsteps++;
}

/* A handler body: the failure that entered it is kept in a hidden local so
 * `failure` and a bare `fail` (re-raise) find it. */
static void compile_handler_body(Compiler *c, const Node *body, uint32_t slot)
{
    if (c->nfailure == (int)(sizeof c->failure_slot / sizeof c->failure_slot[0])) {
        diag_add(c->diags, SEV_ERROR, "too-deep", c->src, body->span, "failure handlers nested too deeply");
        return;
    }
    c->failure_slot[c->nfailure++] = (int)slot;
    compile_block(c, body);
    c->nfailure--;
}

/* A step's body, bounded by its timeout when it has one. */
static void compile_step_body(Compiler *c, const Node *n)
{
    if (n->b) {
        compile_expr(c, n->b);
        set_line(c, n);
        emit(c, OPC_DEADLINE, 0);
    }
    compile_block(c, n->c);
    if (n->b)
        emit(c, OPC_DEADLINE_END, 0);
}

/* Slots an undo block declares (lets, loops, match captures) and slots it
 * uses from the enclosing frame. */
static void undo_scan(const Node *n, uint8_t *declared, uint8_t *used, uint32_t len)
{
    if (!n)
        return;
    if (n->kind == N_PROCEDURE)
        return;
#define MARK(set, s) do { if ((s) >= 0 && (uint32_t)(s) < len) (set)[s] = 1; } while (0)
    if ((n->kind == N_LET || n->kind == N_FOR) && n->sym == SYM_LOCAL) {
        MARK(declared, n->slot);
        if (n->kind == N_FOR) {
            MARK(declared, n->slot - 1);
            MARK(declared, n->slot - 2);
        }
    }
    if (n->kind == N_MATCH_RE)
        MARK(declared, n->slot);
    if ((n->kind == N_NAME || n->kind == N_SET) && n->sym == SYM_LOCAL)
        MARK(used, n->slot);
#undef MARK
    const Node *ch[] = {n->a, n->b, n->c, n->d, n->e};
    for (size_t i = 0; i < 5; i++)
        undo_scan(ch[i], declared, used, len);
    for (size_t i = 0; i < n->nkids; i++)
        undo_scan(n->kids[i], declared, used, len);
}

static PendingUndo *plan_undo(Compiler *c, const Node *block, uint32_t step)
{
    uint32_t len = c->proc->nlocals;
    uint8_t *declared = xcalloc(len ? len : 1, 1), *used = xcalloc(len ? len : 1, 1);
    undo_scan(block, declared, used, len);
    VEC_GROW(c->undos, c->nundos, c->undos_cap);
    PendingUndo *u = &c->undos[c->nundos++];
    memset(u, 0, sizeof *u);
    u->block = block;
    u->step = step;
    u->proc = c->next_proc++;
    u->map_len = len;
    u->map = xmalloc((len ? len : 1) * sizeof *u->map);
    u->captured = xmalloc((len ? len : 1) * sizeof *u->captured);
    for (uint32_t i = 0; i < len; i++)
        u->map[i] = -1;
    uint32_t next = 0;
    for (uint32_t i = 0; i < len; i++)
        if (used[i] && !declared[i]) {
            u->captured[u->ncaptured++] = i;
            u->map[i] = (int32_t)next++;
        }
    for (uint32_t i = 0; i < len; i++) /* in order, so loop slots stay consecutive */
        if (declared[i])
            u->map[i] = (int32_t)next++;
    u->nlocals = next;
    free(declared);
    free(used);
    return u;
}

/* A step's body, bounded by its timeout when it has one. */
static void compile_step(Compiler *c, const Node *n)
{
    uint32_t s = add_step(c, n);
    PendingUndo *undo = n->d ? plan_undo(c, n->d, s) : NULL;
    uint32_t undo_proc = undo ? undo->proc : BC_NONE, ncaptured = undo ? undo->ncaptured : 0;
    uint32_t *captured = NULL;
    if (undo) {
        c->m->steps[s].undo_proc = undo_proc;
        captured = xmalloc((ncaptured ? ncaptured : 1) * sizeof *captured);
        memcpy(captured, undo->captured, ncaptured * sizeof *captured);
    }
    compile_expr(c, n->a);
    set_line(c, n);
    emit(c, OPC_STEP_BEGIN, (int32_t)s);
    uint32_t try_at = 0, slot = 0;
    if (n->e) {
        slot = new_local(c, "failure");
        try_at = emit_jump(c, OPC_TRY);
    }
    compile_step_body(c, n);
    if (n->e)
        emit(c, OPC_TRY_END, 0);
    if (undo) {
        /* Completed: remember the undo with the values it uses. */
        for (uint32_t i = 0; i < ncaptured; i++)
            emit(c, OPC_GET_LOCAL, lslot(c, (int32_t)captured[i]));
        emit2(c, OPC_UNDO_PUSH, (int32_t)s, ncaptured);
    }
    free(captured);
    if (n->e) {
        uint32_t jend = emit_jump(c, OPC_JUMP);
        patch_jump(c, try_at);
        set_line(c, n->e);
        emit(c, OPC_STEP_FAILED, 0);
        emit(c, OPC_FAILURE, 0);
        emit(c, OPC_SET_LOCAL, (int32_t)slot);
        compile_handler_body(c, n->e, slot);
        patch_jump(c, jend);
    }
    emit(c, OPC_STEP_END, (int32_t)s);
}

static void compile_rollback(Compiler *c)
{
    uint32_t loop = c->proc->ncode;
    uint32_t next = emit_jump(c, OPC_ROLLBACK_NEXT);
    emit(c, OPC_POP, 0);
    uint32_t back = emit_jump(c, OPC_JUMP);
    patch_jump_to(c, back, loop);
    patch_jump(c, next);
    emit(c, OPC_POP, 0);
}

/* A statement-level if: BRANCH/ELSE/ENDIF rather than plain jumps, so that
 * plan mode can show both arms of a branch on an unknown value. */
static void compile_if(Compiler *c, const Node *n)
{
    compile_expr(c, n->a);
    set_line(c, n);
    char *text = node_text(c, n->a);
    uint32_t jelse = emit2(c, OPC_BRANCH, 0, const_string(c, text, strlen(text)));
    free(text);
    compile_block(c, n->b);
    if (!n->c) {
        patch_jump(c, jelse);
        emit(c, OPC_ENDIF, 0);
        return;
    }
    uint32_t jend = emit_jump(c, OPC_ELSE);
    patch_jump(c, jelse);
    if (n->c->kind == N_IF)
        compile_if(c, n->c);
    else
        compile_block(c, n->c);
    patch_jump(c, jend);
    emit(c, OPC_ENDIF, 0);
}

/* A match is an if/else-if chain over its arms (BRANCH/ELSE/ENDIF, as
 * compile_if), so that plan mode shows every arm of a match on an unknown
 * value, each under the comparison that picks it. */
static void compile_match(Compiler *c, const Node *n)
{
    uint32_t subject = new_local(c, "match");
    compile_expr(c, n->a);
    emit(c, OPC_SET_LOCAL, (int32_t)subject);
    char *what = node_text(c, n->a);
    const Node *deflt = NULL;
    size_t narms = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->flags & NF_DEFAULT)
            deflt = n->kids[i];
        else
            narms++;
    }
    uint32_t *ends = xmalloc((narms + 1) * sizeof *ends); /* each arm's ELSE, or its BRANCH */
    size_t k = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const Node *arm = n->kids[i];
        if (arm->flags & NF_DEFAULT)
            continue;
        /* subject == p1 or subject == p2 …, short-circuit as `or` */
        Buf text = {0};
        uint32_t *hits = xmalloc((arm->nkids + 1) * sizeof *hits);
        for (size_t j = 0; j < arm->nkids; j++) {
            char *pat = node_text(c, arm->kids[j]);
            buf_printf(&text, "%s%s == %s", j ? " or " : "", what, pat);
            free(pat);
            set_line(c, arm->kids[j]);
            emit(c, OPC_GET_LOCAL, (int32_t)subject);
            compile_expr(c, arm->kids[j]);
            emit(c, OPC_EQ, 0);
            if (j + 1 < arm->nkids) {
                emit(c, OPC_DUP, 0);
                hits[j] = emit_jump(c, OPC_JUMP_IF_TRUE);
                emit(c, OPC_POP, 0);
            }
        }
        for (size_t j = 0; j + 1 < arm->nkids; j++)
            patch_jump(c, hits[j]);
        free(hits);
        set_line(c, arm);
        uint32_t jnext = emit2(c, OPC_BRANCH, 0, const_string(c, text.data ? text.data : "", text.len));
        buf_free(&text);
        compile_stmt(c, arm->a);
        bool last = ++k == narms;
        if (last && !deflt) {
            ends[k - 1] = jnext; /* no else-arm: the BRANCH jumps to its ENDIF */
        } else {
            ends[k - 1] = emit_jump(c, OPC_ELSE);
            patch_jump(c, jnext);
        }
    }
    if (deflt)
        compile_stmt(c, deflt->a);
    while (k-- > 0) {
        patch_jump(c, ends[k]);
        emit(c, OPC_ENDIF, 0);
    }
    free(ends);
    free(what);
}

/* `for x in range(…)`: a counting loop, without building the list. */
static bool is_range_call(const Node *e)
{
    return e->kind == N_CALL && e->a->kind == N_NAME && e->a->sym == SYM_BUILTIN &&
           e->a->slot == BI_range;
}

/* Loops test at the bottom: one instruction per iteration besides the body.
 * The checker put two hidden slots right below the loop variable, so the
 * loop instruction writes the variable directly (locals v-2, v-1, v). */
static void compile_for(Compiler *c, const Node *n)
{
    if (n->c) {
        not_yet(c, n->c, "a parallel loop", 7);
        return;
    }
    int32_t state = lslot(c, n->slot - 2);
    set_local_name(c, state, "for.state");
    set_local_name(c, lslot(c, n->slot - 1), "for.end");
    if (n->sym == SYM_LOCAL)
        set_local_name(c, lslot(c, n->slot), n->str);
    Opcode next_op;
    if (is_range_call(n->a)) {
        const Node *call = n->a;
        if (call->nkids == 2) {
            compile_expr(c, call->kids[0]);
            compile_expr(c, call->kids[1]);
        } else {
            emit(c, OPC_INT, 0);
            compile_expr(c, call->kids[0]);
        }
        set_line(c, n);
        emit(c, OPC_RANGE_INIT, state);
        next_op = OPC_RANGE_NEXT;
    } else {
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, OPC_ITER_INIT, 0);
        emit(c, OPC_SET_LOCAL, state);
        emit(c, OPC_INT, 0);
        emit(c, OPC_SET_LOCAL, state + 1);
        next_op = OPC_FOR_NEXT;
    }
    uint32_t jtest = emit_jump(c, OPC_JUMP);
    uint32_t body = c->proc->ncode;
    compile_block(c, n->b);
    set_line(c, n);
    patch_jump(c, jtest);
    uint32_t at = emit2(c, next_op, 0, (uint32_t)state);
    patch_jump_to(c, at, body);
    emit(c, OPC_LOOP_END, 0);
}

static void compile_optional(Compiler *c, const Node *n)
{
    if (n)
        compile_expr(c, n);
    else
        emit(c, OPC_NULL, 0);
}

/* wait [TITLE] timeout D every E until COND: poll under a handler, so that
 * a failing command in the condition counts as false (its error is kept
 * for the timeout message, as is the last value). */
static void compile_wait_until(Compiler *c, const Node *n)
{
    static const char *const names[] = {"wait.deadline", "wait.every", "wait.title", "wait.last",
                                        "wait.error"};
    uint32_t state = new_locals(c, names, 5);
    compile_optional(c, n->a);
    compile_optional(c, n->b);
    compile_optional(c, n->c);
    set_line(c, n);
    emit(c, OPC_WAIT_INIT, (int32_t)state);
    uint32_t loop = c->proc->ncode;
    uint32_t try_at = emit_jump(c, OPC_TRY);
    const Node *cond = n->d;
    if (cond->kind == N_BLOCK) {
        for (size_t i = 0; i + 1 < cond->nkids; i++)
            compile_stmt(c, cond->kids[i]);
        const Node *last = cond->nkids ? cond->kids[cond->nkids - 1] : NULL;
        if (last && last->kind == N_EXPR_STMT)
            compile_expr(c, last->a);
        else
            emit(c, OPC_FALSE, 0); /* the parser requires a condition last */
    } else {
        compile_expr(c, cond);
    }
    set_line(c, n);
    emit(c, OPC_DUP, 0);
    emit(c, OPC_SET_LOCAL, (int32_t)state + 3);
    emit(c, OPC_NULL, 0);
    emit(c, OPC_SET_LOCAL, (int32_t)state + 4);
    emit(c, OPC_TRY_END, 0);
    uint32_t jdone = emit_jump(c, OPC_JUMP_IF_TRUE);
    uint32_t jpoll = emit_jump(c, OPC_JUMP);
    patch_jump(c, try_at);
    emit(c, OPC_FAILURE, 0);
    emit(c, OPC_SET_LOCAL, (int32_t)state + 4);
    patch_jump(c, jpoll);
    uint32_t poll = emit2(c, OPC_WAIT_POLL, 0, state);
    patch_jump_to(c, poll, loop);
    patch_jump(c, jdone);
    emit(c, OPC_DEADLINE_END, 0); /* WAIT_INIT's time limit */
    emit(c, OPC_LOOP_END, 0);
}

/* retry N every D backoff F jitter { body } */
static void compile_retry(Compiler *c, const Node *n)
{
    static const char *const names[] = {"retry.attempt", "retry.count", "retry.delay", "retry.backoff",
                                        "retry.jitter"};
    uint32_t state = new_locals(c, names, 5);
    compile_expr(c, n->a);
    compile_optional(c, n->b);
    compile_optional(c, n->c);
    set_line(c, n);
    emit2(c, OPC_RETRY_INIT, (int32_t)state, (n->flags & NF_JITTER) ? 1 : 0);
    uint32_t loop = c->proc->ncode;
    uint32_t try_at = emit_jump(c, OPC_TRY);
    compile_block(c, n->d);
    emit(c, OPC_TRY_END, 0);
    uint32_t jdone = emit_jump(c, OPC_JUMP);
    patch_jump(c, try_at);
    set_line(c, n);
    emit(c, OPC_FAILURE, 0);
    uint32_t next = emit2(c, OPC_RETRY_NEXT, 0, state);
    patch_jump_to(c, next, loop);
    patch_jump(c, jdone);
    emit(c, OPC_LOOP_END, 0);
}

static void compile_block(Compiler *c, const Node *n)
{
    if (!n)
        return;
    if (n->kind != N_BLOCK) {
        compile_stmt(c, n);
        return;
    }
    for (size_t i = 0; i < n->nkids; i++)
        compile_stmt(c, n->kids[i]);
}

static void compile_message_op(Compiler *c, const Node *n, Opcode op)
{
    if (n->a)
        compile_expr(c, n->a);
    set_line(c, n);
    emit(c, op, n->a ? 1 : 0);
}

static void compile_stmt(Compiler *c, const Node *n)
{
    set_line(c, n);
    switch (n->kind) {
    case N_BLOCK: compile_block(c, n); break;
    case N_LET:
    case N_SET:
        if (n->kind == N_SET && n->a->kind == N_BINARY && n->a->op == OP_ADD && n->a->a->kind == N_NAME &&
            n->a->a->sym == n->sym && n->a->a->slot == n->slot && (n->sym == SYM_LOCAL || n->sym == SYM_GLOBAL)) {
            /* set x = x + y: one instruction adds in place */
            compile_expr(c, n->a->b);
            set_line(c, n);
            if (n->sym == SYM_LOCAL)
                emit(c, OPC_ADD_TO_LOCAL, lslot(c, n->slot));
            else
                emit(c, OPC_ADD_TO_GLOBAL, n->slot);
            break;
        }
        compile_expr(c, n->a);
        set_line(c, n);
        compile_name_set(c, n);
        break;
    case N_LOG:
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, OPC_LOG, 0);
        break;
    case N_EXPECT: compile_expect(c, n); break;
    case N_FAIL:
        if (!n->a && c->nfailure > 0) { /* bare fail in a handler: re-raise */
            emit(c, OPC_GET_LOCAL, c->failure_slot[c->nfailure - 1]);
            emit(c, OPC_RERAISE, 0);
        } else {
            compile_message_op(c, n, OPC_FAIL);
        }
        break;
    case N_ABORT: compile_message_op(c, n, OPC_ABORT); break;
    case N_RETURN:
        if (n->a)
            compile_expr(c, n->a);
        else
            emit(c, OPC_NULL, 0);
        set_line(c, n);
        emit(c, OPC_RETURN, 0);
        break;
    case N_SECTION: {
        compile_expr(c, n->a);
        char *title = n->a->kind == N_STRING ? xstrndup(n->a->str, n->a->len) : node_text(c, n->a);
        set_line(c, n);
        emit(c, OPC_SECTION, (int32_t)const_string(c, title, strlen(title)));
        free(title);
        compile_block(c, n->b);
        emit(c, OPC_SECTION_END, 0);
        break;
    }
    case N_STEP: compile_step(c, n); break;
    case N_IF: compile_if(c, n); break;
    case N_MATCH: compile_match(c, n); break;
    case N_FOR: compile_for(c, n); break;
    case N_DOC:
        emit(c, OPC_DOC, (int32_t)const_string(c, n->str ? n->str : "", n->str ? strlen(n->str) : 0));
        break;
    case N_EXPR_STMT:
        compile_expr(c, n->a);
        emit(c, OPC_POP, 0);
        break;
    case N_CMD:
        compile_command(c, n, false);
        emit(c, OPC_POP, 0);
        break;
    case N_ROLLBACK: compile_rollback(c); break;
    case N_WAIT:
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, OPC_WAIT, 0);
        break;
    case N_WAIT_UNTIL: compile_wait_until(c, n); break;
    case N_RETRY: compile_retry(c, n); break;
    case N_TIMEOUT:
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, OPC_DEADLINE, 0);
        compile_block(c, n->b);
        emit(c, OPC_DEADLINE_END, 0);
        break;
    case N_PARALLEL: not_yet(c, n, "parallel", 7); break;
    case N_CONFIRM: {
        /* `confirm T when C` is `if C { confirm T }`: a plan shows the
         * prompt under its condition when that is known only after the run. */
        uint32_t skip = 0;
        if (n->b) {
            compile_expr(c, n->b);
            set_line(c, n);
            char *text = node_text(c, n->b);
            skip = emit2(c, OPC_BRANCH, 0, const_string(c, text, strlen(text)));
            free(text);
        }
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, OPC_CONFIRM, 0);
        if (n->b) {
            patch_jump(c, skip);
            emit(c, OPC_ENDIF, 0);
        }
        break;
    }
    case N_ESCALATE:
        compile_expr(c, n->a);
        set_line(c, n);
        emit(c, OPC_ESCALATE, n->slot);
        break;
    /* Declarations compiled elsewhere, or inert until what uses them runs. */
    case N_PARAM: case N_PROCEDURE: case N_CONTACT: case N_ESCALATION: case N_DEFAULTS:
    case N_ON_FAILURE: case N_ON_SUCCESS: case N_IMPORT:
        break;
    default:
        diag_add(c->diags, SEV_ERROR, "internal", c->src, n->span, "unexpected %s as a statement",
                 ast_kind_name(n->kind));
    }
}

/* ---- declarations -------------------------------------------------- */

static void param_type_from(ParamType *t, const Node *ty)
{
    memset(t, 0, sizeof *t);
    if (!ty) {
        t->kind = TY_ANY;
        return;
    }
    t->kind = ty->op;
    if (ty->op == TY_ENUM) {
        t->nmembers = ty->nkids;
        t->members = xcalloc(ty->nkids ? ty->nkids : 1, sizeof *t->members);
        for (size_t i = 0; i < ty->nkids; i++)
            t->members[i] = xstrndup(ty->kids[i]->str, ty->kids[i]->len);
    }
}

static void param_from(Compiler *c, BcParam *p, const Node *n)
{
    memset(p, 0, sizeof *p);
    p->name = xstrdup(n->str);
    param_type_from(&p->type, n->a);
    p->has_default = n->b != NULL;
    if (n->b)
        p->default_text = node_text(c, n->b);
    if (n->c && n->c->kind == N_STRING)
        p->description = xstrndup(n->c->str, n->c->len);
}

static void begin_proc(Compiler *c, uint32_t index, uint32_t nlocals)
{
    c->proc = &c->m->procs[index];
    c->cap = 0;
    c->nfailure = 0;
    BcProc *p = c->proc;
    p->nlocals = nlocals;
    p->local_names = xcalloc(nlocals ? nlocals : 1, sizeof *p->local_names);
    for (uint32_t i = 0; i < nlocals; i++)
        p->local_names[i] = xstrdup(i < p->nparams ? p->params[i].name : "");
}

static void end_proc(Compiler *c)
{
    emit(c, OPC_NULL, 0);
    emit(c, OPC_RETURN, 0);
}

static void compile_init(Compiler *c, const Node *module)
{
    BcModule *m = c->m;
    begin_proc(c, BC_PROC_INIT, (uint32_t)module->i);
    c->in_init = true;
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *n = module->kids[i];
        if (n->kind != N_PARAM)
            continue;
        set_line(c, n);
        if (n->b) {
            uint32_t j = emit2(c, OPC_PARAM_DEFAULT, n->slot, 0);
            compile_expr(c, n->b);
            set_line(c, n);
            emit(c, OPC_SET_GLOBAL, n->slot);
            patch_jump(c, j);
        } else {
            emit(c, OPC_PARAM_REQUIRED, n->slot);
        }
        emit(c, OPC_PARAM_CHECK, n->slot);
    }
    if (module->i) /* its only possible local: a captures slot */
        set_local_name(c, 0, "captures");
    end_proc(c);
    c->in_init = false;
    (void)m;
}

/* A global's declaration: a top-level let, or a contact's target (a hidden
 * global). *contact_global counts the contact targets seen. */
static bool compile_global_decl(Compiler *c, const Node *n, uint32_t *contact_global)
{
    if (n->kind == N_LET) {
        compile_stmt(c, n);
        return true;
    }
    if (n->kind == N_CONTACT && n->b) {
        compile_expr(c, n->b);
        set_line(c, n);
        emit(c, OPC_SET_GLOBAL, (int32_t)(*contact_global)++);
        return true;
    }
    return false;
}

/* <globals>: the top-level lets and contact targets, in order, for a run
 * whose entry point is a procedure (the main body computes them in place). */
static void compile_globals_proc(Compiler *c, const Node *module)
{
    begin_proc(c, c->m->globals_proc, (uint32_t)module->i);
    uint32_t contact_global = c->contact_global0;
    for (size_t i = 0; i < module->nkids; i++)
        compile_global_decl(c, module->kids[i], &contact_global);
    if (module->i)
        set_local_name(c, 0, "captures");
    end_proc(c);
}

/* Contacts and escalations become tables; a contact's target is a hidden
 * global that <init> computes. */
static void compile_people(Compiler *c, const Node *module)
{
    BcModule *m = c->m;
    uint32_t ncontacts = 0, nesc = 0;
    for (size_t i = 0; i < module->nkids; i++) {
        ncontacts += module->kids[i]->kind == N_CONTACT;
        nesc += module->kids[i]->kind == N_ESCALATION;
    }
    m->contacts = xcalloc(ncontacts ? ncontacts : 1, sizeof *m->contacts);
    m->escalations = xcalloc(nesc ? nesc : 1, sizeof *m->escalations);
    uint32_t g = c->contact_global0;
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *n = module->kids[i];
        if (n->kind == N_CONTACT) {
            BcContact *ct = &m->contacts[m->ncontacts++];
            ct->name = xstrdup(n->str);
            ct->display = n->a && n->a->kind == N_STRING ? xstrndup(n->a->str, n->a->len) : xstrdup(n->str);
            ct->channel = (uint8_t)n->op;
            ct->target_global = n->b ? g++ : BC_NONE;
        } else if (n->kind == N_ESCALATION) {
            BcEscalation *e = &m->escalations[m->nescalations++];
            e->level = xstrdup(n->str);
            e->name = n->a && n->a->kind == N_STRING ? xstrndup(n->a->str, n->a->len) : xstrdup(n->str);
            e->contacts = xcalloc(n->nkids ? n->nkids : 1, sizeof *e->contacts);
            for (size_t k = 0; k < n->nkids; k++)
                if (n->kids[k]->slot >= 0 && (uint32_t)n->kids[k]->slot < ncontacts)
                    e->contacts[e->ncontacts++] = (uint32_t)n->kids[k]->slot;
        }
    }
}

/* Top-level `on failure` / `on success` blocks (all of them, in order) as
 * one procedure each, sharing main's slot numbering. */
static void compile_top_handler(Compiler *c, const Node *module, NodeKind kind, uint32_t index)
{
    BcProc *p = &c->m->procs[index];
    p->line = 0;
    begin_proc(c, index, (uint32_t)module->slot);
    uint32_t slot = 0;
    if (kind == N_ON_FAILURE) {
        slot = new_local(c, "failure");
        emit(c, OPC_FAILURE, 0);
        emit(c, OPC_SET_LOCAL, (int32_t)slot);
    }
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *n = module->kids[i];
        if (n->kind != kind)
            continue;
        if (!p->line)
            p->line = n->span.line;
        if (kind == N_ON_FAILURE)
            compile_handler_body(c, n->a, slot);
        else
            compile_block(c, n->a);
    }
    end_proc(c);
}

static void compile_undo(Compiler *c, PendingUndo *u)
{
    BcProc *p = &c->m->procs[u->proc];
    p->line = u->block->span.line;
    p->title = xasprintf("undo: %s", c->m->steps[u->step].title);
    p->nparams = u->ncaptured;
    p->params = xcalloc(u->ncaptured ? u->ncaptured : 1, sizeof *p->params);
    for (uint32_t i = 0; i < u->ncaptured; i++)
        p->params[i].name = xasprintf("captured%u", i);
    c->slot_map = u->map;
    c->slot_map_len = u->map_len;
    begin_proc(c, u->proc, u->nlocals);
    compile_block(c, u->block);
    end_proc(c);
    c->slot_map = NULL;
    c->slot_map_len = 0;
}

static void compile_main(Compiler *c, const Node *module)
{
    begin_proc(c, BC_PROC_MAIN, (uint32_t)module->slot);
    /* Global declarations' expressions were checked in the init frame,
     * whose only slot is a captures slot: give it a slot of main's. */
    int32_t init_map[1] = {module->i ? (int32_t)new_local(c, "captures") : -1};
    uint32_t contact_global = c->contact_global0;
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *n = module->kids[i];
        if (n->kind == N_LET || n->kind == N_CONTACT) {
            c->slot_map = init_map;
            c->slot_map_len = 1;
            compile_global_decl(c, n, &contact_global);
            c->slot_map = NULL;
            c->slot_map_len = 0;
            continue;
        }
        compile_stmt(c, n);
    }
    end_proc(c);
}

static void compile_procedure(Compiler *c, uint32_t index, const Node *n)
{
    BcProc *p = &c->m->procs[index];
    p->title = n->a && n->a->kind == N_STRING ? xstrndup(n->a->str, n->a->len) : NULL;
    p->line = n->span.line;
    p->nparams = (uint32_t)n->nkids;
    p->params = xcalloc(n->nkids ? n->nkids : 1, sizeof *p->params);
    for (size_t i = 0; i < n->nkids; i++)
        param_from(c, &p->params[i], n->kids[i]);
    begin_proc(c, index, (uint32_t)n->slot);
    for (size_t i = 0; i < n->nkids; i++) {
        const Node *prm = n->kids[i];
        set_line(c, prm);
        if (prm->b) {
            uint32_t j = emit2(c, OPC_ARG_DEFAULT, (int32_t)i, 0);
            compile_expr(c, prm->b);
            emit(c, OPC_SET_LOCAL, (int32_t)i);
            patch_jump(c, j);
        }
        /* A parameter without a default needs no check: the checker makes
         * every call pass it, and `exec` binds it or stops with exit 2. */
        if (prm->a)
            emit(c, OPC_ARG_CHECK, (int32_t)i);
    }
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->b) { /* some default was computed: record it when entered from the CLI */
            emit(c, OPC_ARGS_READY, 0);
            break;
        }
    }
    compile_block(c, n->b);
    end_proc(c);
}

static void compile_globals(Compiler *c, const Node *module)
{
    BcModule *m = c->m;
    uint32_t n = 0;
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *k = module->kids[i];
        if ((k->kind == N_PARAM || k->kind == N_LET) && k->sym == SYM_GLOBAL && (uint32_t)k->slot + 1 > n)
            n = (uint32_t)k->slot + 1;
    }
    c->contact_global0 = n;
    for (size_t i = 0; i < module->nkids; i++)
        if (module->kids[i]->kind == N_CONTACT && module->kids[i]->b)
            n++;
    m->nglobals = n;
    m->globals = xcalloc(n ? n : 1, sizeof *m->globals);
    for (size_t i = 0, g = c->contact_global0; i < module->nkids; i++)
        if (module->kids[i]->kind == N_CONTACT && module->kids[i]->b)
            m->globals[g++].p.name = xasprintf("<contact %s>", module->kids[i]->str);
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *k = module->kids[i];
        if (k->sym != SYM_GLOBAL)
            continue;
        BcGlobal *g = &m->globals[k->slot];
        if (k->kind == N_PARAM) {
            param_from(c, &g->p, k);
            g->is_param = 1;
        } else if (k->kind == N_LET) {
            g->p.name = xstrdup(k->str);
        }
    }
}

static BcModule *compile_linked(const Node *module, const Source *src, Diags *diags, Imports *imp);

BcModule *compile_module(const Node *module, const Source *src, Diags *diags)
{
    Imports none = {0};
    return compile_linked(module, src, diags, &none);
}

static BcModule *compile_linked(const Node *module, const Source *src, Diags *diags, Imports *imp)
{
    size_t errors_before = diags->errors;
    Compiler c = {0};
    c.m = bc_new();
    c.src = src;
    c.diags = diags;
    c.line = 1;
    BcModule *m = c.m;
    m->source_path = xstrdup(src->path);
    m->source_hash = hash_fnv1a64(src->text, src->len);
    m->title = xstrdup(module->str ? module->str : "");
    if (module->nkids > 0 && module->kids[0]->kind == N_DOC && module->kids[0]->str)
        m->doc = xstrdup(module->kids[0]->str);

    bc_add_proc(m, "main");
    bc_add_proc(m, "<init>");
    m->procs[BC_PROC_MAIN].line = module->span.line;
    m->procs[BC_PROC_MAIN].title = xstrdup(m->title);
    size_t nproc = 0;
    bool has_on_failure = false, has_on_success = false;
    for (size_t i = 0; i < module->nkids; i++) {
        if (module->kids[i]->kind == N_PROCEDURE)
            bc_add_proc(m, module->kids[i]->str), nproc++;
        has_on_failure |= module->kids[i]->kind == N_ON_FAILURE;
        has_on_success |= module->kids[i]->kind == N_ON_SUCCESS;
    }
    /* Hidden procedures come after the declared ones: the top-level
     * handlers, then one per undo block, numbered as they are found. */
    c.next_proc = (uint32_t)(2 + nproc);
    if (has_on_failure)
        m->on_failure_proc = c.next_proc++;
    if (has_on_success)
        m->on_success_proc = c.next_proc++;
    bool has_globals = false;
    for (size_t i = 0; i < module->nkids; i++)
        has_globals |= module->kids[i]->kind == N_LET || (module->kids[i]->kind == N_CONTACT && module->kids[i]->b);
    if (has_globals)
        m->globals_proc = c.next_proc++;

    for (size_t i = 0; i < module->nkids; i++) {
        const Node *d = module->kids[i];
        if (d->kind != N_DEFAULTS || d->op < 0 || d->op > CMD_HTTP)
            continue;
        if (d->op != CMD_KUBECTL && d->op != CMD_AWS) {
            diag_add(diags, SEV_ERROR, "unsupported", src, d->span,
                     "defaults apply to kubectl and aws only");
            continue;
        }
        if (c.ndefaults[d->op] == (int)(sizeof c.defaults[0] / sizeof c.defaults[0][0])) {
            diag_add(diags, SEV_ERROR, "unsupported", src, d->span, "too many defaults for %s",
                     command_word(d->op));
            continue;
        }
        c.defaults[d->op][c.ndefaults[d->op]++] = d;
    }
    compile_globals(&c, module);
    compile_people(&c, module);
    compile_init(&c, module);
    compile_main(&c, module);
    uint32_t index = 2;
    for (size_t i = 0; i < module->nkids; i++)
        if (module->kids[i]->kind == N_PROCEDURE)
            compile_procedure(&c, index++, module->kids[i]);
    if (has_on_failure) {
        bc_add_proc(m, "<on failure>");
        compile_top_handler(&c, module, N_ON_FAILURE, m->on_failure_proc);
    }
    if (has_on_success) {
        bc_add_proc(m, "<on success>");
        compile_top_handler(&c, module, N_ON_SUCCESS, m->on_success_proc);
    }
    if (has_globals) {
        bc_add_proc(m, "<globals>");
        compile_globals_proc(&c, module);
    }
    /* Undo blocks, including those found while compiling undo blocks. */
    for (uint32_t i = 0; i < c.nundos; i++) {
        char name[32];
        snprintf(name, sizeof name, "<undo %u>", c.undos[i].step);
        bc_add_proc(m, name);
        PendingUndo u = c.undos[i]; /* compiling it may plan more (and move the array) */
        compile_undo(&c, &u);
    }
    for (uint32_t i = 0; i < c.nundos; i++) {
        free(c.undos[i].map);
        free(c.undos[i].captured);
    }
    free(c.undos);

    if (diags->errors > errors_before) {
        free(c.import_calls);
        bc_free(m);
        return NULL;
    }
    /* Link the imported modules and point the calls at their procedures. */
    link_append(m, imp);
    for (size_t i = 0; i < c.nimport_calls; i++) {
        const struct ImportCall *ic = &c.import_calls[i];
        size_t k = (size_t)(ic->target >> 16), p = (size_t)(ic->target & 0xffff);
        uint32_t index = imp->proc_base[k] + imp->info[k].procs[p].index - 2;
        m->procs[ic->proc].code[ic->at] = INSN_MAKE(OPC_CALL, (int32_t)index);
    }
    free(c.import_calls);
    char *err = NULL;
    if (bc_verify(m, &err) < 0) {
        diag_add(diags, SEV_ERROR, "internal", src, module->span,
                 "the compiler produced invalid bytecode: %s", err);
        free(err);
        bc_free(m);
        return NULL;
    }
    return m;
}

BcModule *compile_source(const Source *src, Diags *diags, Arena *ast_arena, Node **ast_out)
{
    const char *stack[1] = {src->path};
    return compile_source_in(src, diags, ast_arena, ast_out, stack, 1);
}

BcModule *compile_source_in(const Source *src, Diags *diags, Arena *ast_arena, Node **ast_out,
                            const char **stack, size_t depth)
{
    size_t before = diags->errors; /* errors of other files don't count */
    Arena own = ARENA_INIT;
    Node *ast = parse_source(src, diags, ast_arena ? ast_arena : &own);
    BcModule *m = NULL;
    if (ast && diags->errors == before) {
        Imports imp;
        link_load_imports(ast, src, diags, &imp, stack, depth);
        check_module_with(ast, src, diags, imp.info, imp.n);
        if (diags->errors == before)
            m = compile_linked(ast, src, diags, &imp);
        imports_free(&imp);
    }
    if (ast_out)
        *ast_out = ast;
    arena_release(&own);
    return m;
}
