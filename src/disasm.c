/* disasm.c — bc_disasm: the listing of a module, in one stable format that
 * golden tests pin. Operands are printed by their kind from OPCODE_LIST, with
 * the debug names the bytecode keeps, so the listing reads like the source.
 *
 *   ; runbook "Title" (source path.rb)
 *   ; constants:
 *   ;   k0 = "hello"
 *   ; globals:
 *   ;   g0 environment (param "a" | "b" = "a")
 *   ;   g1 ns
 *   ; steps:
 *   ;   s0 step "Deploy" (main, line 12)
 *
 *   procedure main() "Title"  ; 2 locals
 *   0000 [  3] CONST            k0 ; "hello"
 *   0001 [  3] LOG
 *   0002 [  4] JUMP_IF_FALSE    -> 0007
 *
 * Operands, A then B joined by ", ": K as k12, L as `l2 (name)` (just l2
 * for a temporary), G as `g0 (name)`, J as the absolute target `-> 0031`,
 * N and I as numbers, P as the procedure's name, F as the builtin's name,
 * S as s3; EXPECT_CMP's B as the comparison's name (`EQ`, `EQ|msg` when a
 * message is on the stack). The comment after ` ; ` is the constant an
 * instruction names (val_repr; regexes as /pattern/flags), or the title of
 * the step, cut to 60 bytes. No line ends in a space.
 *
 * It prints what it is given and must not crash on a module bc_verify would
 * reject: anything out of range is shown as such. */
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "bytecode.h"
#include "regex.h"

#define COMMENT_MAX 60 /* longer constants are cut in instruction comments */

static void quoted(Buf *b, const char *s)
{
    if (s)
        buf_add_json_string(b, s, strlen(s));
    else
        buf_adds(b, "null");
}

static void const_repr(const BcModule *m, uint32_t k, Buf *b)
{
    if (k >= m->nconsts) {
        buf_adds(b, "(out of range)");
        return;
    }
    Value v = m->consts[k];
    if (v.type == T_REGEX) {
        size_t len;
        const char *pat = regex_pattern(v, &len);
        buf_addc(b, '/');
        buf_add(b, pat, len);
        buf_addc(b, '/');
        buf_adds(b, regex_flags(v));
        return;
    }
    val_repr(v, b);
}

/* Cut a comment at COMMENT_MAX bytes, on a UTF-8 character boundary. */
static void shorten(Buf *b, size_t from)
{
    if (b->len - from <= COMMENT_MAX)
        return;
    size_t cut = from + COMMENT_MAX - 3;
    while (cut > from && ((unsigned char)b->data[cut] & 0xc0) == 0x80)
        cut--;
    b->len = cut;
    b->data[cut] = '\0';
    buf_adds(b, "...");
}

static void print_param_decl(Buf *b, const BcParam *p)
{
    char *type = param_type_describe(&p->type);
    buf_printf(b, "param %s", type);
    free(type);
    if (p->has_default)
        buf_printf(b, " = %s", p->default_text ? p->default_text : "(default)");
}

static void print_header(const BcModule *m, Buf *b)
{
    buf_adds(b, "; runbook ");
    quoted(b, m->title);
    buf_printf(b, " (source %s)\n", m->source_path ? m->source_path : "unknown");

    buf_adds(b, m->nconsts ? "; constants:\n" : "; constants: none\n");
    for (uint32_t i = 0; i < m->nconsts; i++) {
        buf_printf(b, ";   k%u = ", i);
        const_repr(m, i, b);
        buf_addc(b, '\n');
    }

    buf_adds(b, m->nglobals ? "; globals:\n" : "; globals: none\n");
    for (uint32_t i = 0; i < m->nglobals; i++) {
        const BcGlobal *g = &m->globals[i];
        buf_printf(b, ";   g%u %s", i, g->p.name ? g->p.name : "?");
        if (g->is_param) {
            buf_adds(b, " (");
            print_param_decl(b, &g->p);
            buf_addc(b, ')');
        }
        buf_addc(b, '\n');
    }

    buf_adds(b, m->nsteps ? "; steps:\n" : "; steps: none\n");
    for (uint32_t i = 0; i < m->nsteps; i++) {
        const BcStep *s = &m->steps[i];
        buf_printf(b, ";   s%u %s ", i, s->kind == STEP_CHECK ? "check" : "step");
        quoted(b, s->title);
        buf_printf(b, " (%s, line %u)\n",
                   s->proc < m->nprocs ? m->procs[s->proc].name : "?", s->line);
    }
}

static void print_operand(const BcModule *m, const BcProc *p, uint32_t pc, uint32_t width,
                          OperandKind kind, int32_t sx, uint32_t x, Buf *b)
{
    switch (kind) {
    case OK_NONE:
        break;
    case OK_K:
        buf_printf(b, "k%u", x);
        break;
    case OK_L:
        buf_printf(b, "l%u", x);
        if (x < p->nlocals && p->local_names && p->local_names[x] && p->local_names[x][0])
            buf_printf(b, " (%s)", p->local_names[x]);
        break;
    case OK_G:
        buf_printf(b, "g%u", x);
        if (x < m->nglobals && m->globals[x].p.name)
            buf_printf(b, " (%s)", m->globals[x].p.name);
        break;
    case OK_J:
        buf_printf(b, "-> %04lld", (long long)pc + width + sx);
        break;
    case OK_N:
        buf_printf(b, "%u", x);
        break;
    case OK_I:
        buf_printf(b, "%d", sx);
        break;
    case OK_P:
        if (x < m->nprocs)
            buf_adds(b, m->procs[x].name);
        else
            buf_printf(b, "proc%u (out of range)", x);
        break;
    case OK_F:
        if (x < BI__COUNT)
            buf_adds(b, builtin_info[x].name);
        else
            buf_printf(b, "builtin%u (out of range)", x);
        break;
    case OK_S:
        buf_printf(b, "s%u", x);
        break;
    }
}

/* EXPECT_CMP's B: the comparison's opcode name, "|msg" when a message is
 * on the stack. */
static void print_cmp(uint32_t bword, Buf *b)
{
    uint32_t cmp = bword & 0xff;
    if (cmp < OPC__COUNT && (bword >> 9) == 0)
        buf_printf(b, "%s%s", opcode_info[cmp].name, bword & 0x100 ? "|msg" : "");
    else
        buf_printf(b, "%u", bword);
}

static uint32_t print_insn(const BcModule *m, const BcProc *p, uint32_t pc, Buf *b)
{
    uint32_t word = p->code[pc];
    uint32_t line = p->lines ? p->lines[pc] : 0;
    buf_printf(b, "%04u [%3u] ", pc, line);
    if ((word & 0xff) >= OPC__COUNT) {
        buf_printf(b, "??? 0x%08x\n", word);
        return 1;
    }
    Opcode op = INSN_OP(word);
    const OpcodeInfo *info = &opcode_info[op];
    uint32_t width = (uint32_t)opcode_width(op);
    if (width > p->ncode - pc) {
        buf_printf(b, "%s (cut short)\n", info->name);
        return p->ncode - pc;
    }
    uint32_t bword = width == 2 ? p->code[pc + 1] : 0;

    if (info->a == OK_NONE && info->b == OK_NONE) {
        buf_adds(b, info->name);
    } else {
        buf_printf(b, "%-16s ", info->name);
        print_operand(m, p, pc, width, info->a, INSN_A(word), INSN_AU(word), b);
        if (info->b != OK_NONE) {
            if (info->a != OK_NONE)
                buf_adds(b, ", ");
            if (op == OPC_EXPECT_CMP)
                print_cmp(bword, b);
            else
                print_operand(m, p, pc, width, info->b, (int32_t)bword, bword, b);
        }
    }

    /* The comment: the constant an instruction names, or the step title. */
    if (info->a == OK_K) {
        buf_adds(b, " ; ");
        size_t from = b->len;
        const_repr(m, INSN_AU(word), b);
        shorten(b, from);
    } else if (info->a == OK_S && INSN_AU(word) < m->nsteps) {
        buf_adds(b, " ; ");
        size_t from = b->len;
        quoted(b, m->steps[INSN_AU(word)].title);
        shorten(b, from);
    }
    buf_addc(b, '\n');
    return width;
}

static void print_proc(const BcModule *m, const BcProc *p, Buf *b)
{
    buf_printf(b, "\nprocedure %s(", p->name);
    for (uint32_t i = 0; i < p->nparams; i++)
        buf_printf(b, "%s%s", i ? ", " : "", p->params ? p->params[i].name : "?");
    buf_addc(b, ')');
    if (p->title) {
        buf_addc(b, ' ');
        quoted(b, p->title);
    }
    buf_printf(b, "  ; %u local%s\n", p->nlocals, p->nlocals == 1 ? "" : "s");
    for (uint32_t pc = 0; pc < p->ncode;)
        pc += print_insn(m, p, pc, b);
}

void bc_disasm(const BcModule *m, FILE *out)
{
    Buf b = {0};
    print_header(m, &b);
    for (uint32_t i = 0; i < m->nprocs; i++)
        print_proc(m, &m->procs[i], &b);
    fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}
