/* test_bytecode.c — the bytecode layer: the opcode table, building a module,
 * the .rbc format (round trip, and rejection of every truncation, every
 * flipped byte and every lying count), the verifier and the disassembler. */
#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "bytecode.h"
#include "regex.h"
#include "unit.h"

/* --- building modules by hand ------------------------------------------- */

static uint32_t cur_line = 1;

static void emit_word(BcProc *p, uint32_t w)
{
    p->code = xrealloc(p->code, (p->ncode + 1) * sizeof *p->code);
    p->lines = xrealloc(p->lines, (p->ncode + 1) * sizeof *p->lines);
    p->code[p->ncode] = w;
    p->lines[p->ncode] = cur_line;
    p->ncode++;
}

static void emit(BcProc *p, Opcode op, int32_t a) { emit_word(p, INSN_MAKE(op, a)); }

static void emit2(BcProc *p, Opcode op, int32_t a, uint32_t b)
{
    emit_word(p, INSN_MAKE(op, a));
    emit_word(p, b);
}

static void set_locals(BcProc *p, uint32_t n, const char *const *names)
{
    p->local_names = xcalloc(n, sizeof(char *));
    p->nlocals = n;
    for (uint32_t i = 0; i < n; i++)
        p->local_names[i] = xstrdup(names[i]);
}

static void set_params(BcProc *p, uint32_t n, const char *const *names)
{
    p->params = xcalloc(n, sizeof *p->params);
    p->nparams = n;
    for (uint32_t i = 0; i < n; i++)
        p->params[i].name = xstrdup(names[i]);
}

static Value regex(const char *pat, const char *flags)
{
    char *err = NULL;
    size_t off = 0;
    Value v = regex_compile(pat, strlen(pat), flags, &err, &off);
    free(err);
    return v;
}

/* A module with a bit of everything the format carries. */
static BcModule *sample_module(void)
{
    BcModule *m = bc_new();
    m->title = xstrdup("Sample");
    m->doc = xstrdup("Prose.");
    m->source_path = xstrdup("sample.rb");
    m->source_hash = 0x1122334455667788ull;

    bc_add_const(m, val_cstring("hello"));           /* k0 */
    bc_add_const(m, val_int(42));                     /* k1 */
    bc_add_const(m, val_float(2.5));                  /* k2 */
    bc_add_const(m, val_duration(5000000000ll));      /* k3 */
    bc_add_const(m, regex("ab+c", "i"));              /* k4 */
    bc_add_const(m, val_cstring("x == 1"));          /* k5 */
    bc_add_const(m, val_cstring("x"));               /* k6 */
    bc_add_const(m, val_cstring("1"));               /* k7 */
    bc_add_const(m, val_cstring("name"));            /* k8 */
    bc_add_const(m, val_cstring("dev"));             /* k9 */

    m->globals = xcalloc(2, sizeof *m->globals);
    m->nglobals = 2;
    BcGlobal *g = &m->globals[0];
    g->is_param = 1;
    g->p.name = xstrdup("environment");
    g->p.type.kind = TY_ENUM;
    g->p.type.nmembers = 2;
    g->p.type.members = xcalloc(2, sizeof(char *));
    g->p.type.members[0] = xstrdup("dev");
    g->p.type.members[1] = xstrdup("prod");
    g->p.has_default = 1;
    g->p.description = xstrdup("Target environment");
    g->p.default_text = xstrdup("\"dev\"");
    m->globals[1].p.name = xstrdup("ns");

    m->steps = xcalloc(1, sizeof *m->steps);
    m->nsteps = 1;
    m->steps[0].title = xstrdup("Greet");
    m->steps[0].kind = STEP_STEP;
    m->steps[0].proc = BC_PROC_MAIN;
    m->steps[0].line = 5;
    m->steps[0].doc = xstrdup("Says hello.");

    uint32_t pm = bc_add_proc(m, "main"), pi = bc_add_proc(m, "<init>");
    uint32_t pg = bc_add_proc(m, "greet");

    BcProc *p = &m->procs[pm];
    p->title = xstrdup("Sample");
    set_locals(p, 2, (const char *[]){"x", ""});
    cur_line = 3;
    emit(p, OPC_CONST, 0);
    emit(p, OPC_LOG, 0);
    cur_line = 4;
    emit(p, OPC_INT, 3);
    emit(p, OPC_SET_LOCAL, 0);
    emit(p, OPC_GET_LOCAL, 0);
    emit2(p, OPC_MATCH_RE, 4, 1);
    emit(p, OPC_JUMP_IF_FALSE, 2);
    emit(p, OPC_CONST, 0);
    emit(p, OPC_LOG, 0);
    cur_line = 5;
    emit(p, OPC_GET_GLOBAL, 0);
    emit(p, OPC_FIELD, 8);
    emit(p, OPC_POP, 0);
    emit(p, OPC_CONST, 0);
    emit(p, OPC_STEP_BEGIN, 0);
    cur_line = 6;
    emit(p, OPC_GET_LOCAL, 0);
    emit(p, OPC_INT, 1);
    emit2(p, OPC_EXPECT_CMP, 5, OPC_EQ);
    emit(p, OPC_STEP_END, 0);
    cur_line = 7;
    emit(p, OPC_GET_LOCAL, 0);
    emit(p, OPC_INT, -2);
    emit2(p, OPC_CALL, (int32_t)pg, 2);
    emit2(p, OPC_CALL_BUILTIN, BI_str, 1);
    emit(p, OPC_RETURN, 0);

    p = &m->procs[pi];
    cur_line = 1;
    emit2(p, OPC_PARAM_DEFAULT, 0, 2);
    emit(p, OPC_CONST, 9);
    emit(p, OPC_SET_GLOBAL, 0);
    emit(p, OPC_PARAM_CHECK, 0);
    cur_line = 2;
    emit(p, OPC_CONST, 1);
    emit(p, OPC_SET_GLOBAL, 1);
    emit(p, OPC_NULL, 0);
    emit(p, OPC_RETURN, 0);

    p = &m->procs[pg];
    p->title = xstrdup("Greet someone");
    p->line = 10;
    set_params(p, 2, (const char *[]){"who", "times"});
    p->params[1].has_default = 1;
    p->params[1].default_text = xstrdup("1");
    p->params[0].type.kind = TY_STRING;
    set_locals(p, 3, (const char *[]){"who", "times", "err"});
    cur_line = 10;
    emit2(p, OPC_ARG_DEFAULT, 1, 2);
    emit(p, OPC_INT, 1);
    emit(p, OPC_SET_LOCAL, 1);
    emit(p, OPC_ARG_CHECK, 0);
    cur_line = 11;
    emit(p, OPC_TRY, 4);
    emit(p, OPC_GET_LOCAL, 0);
    emit(p, OPC_LOG, 0);
    emit(p, OPC_TRY_END, 0);
    emit(p, OPC_JUMP, 4);
    cur_line = 12;
    emit(p, OPC_FAILURE, 0);
    emit(p, OPC_DUP, 0);
    emit(p, OPC_SET_LOCAL, 2);
    emit(p, OPC_RERAISE, 0);
    cur_line = 13;
    emit(p, OPC_NULL, 0);
    emit(p, OPC_RETURN, 0);
    return m;
}

/* The smallest valid module: main and <init> that each return null. */
static BcModule *tiny_module(void)
{
    BcModule *m = bc_new();
    m->title = xstrdup("Tiny");
    m->source_path = xstrdup("tiny.rb");
    for (int i = 0; i < 2; i++) {
        uint32_t index = bc_add_proc(m, i ? "<init>" : "main");
        BcProc *p = &m->procs[index];
        cur_line = 1;
        emit(p, OPC_NULL, 0);
        emit(p, OPC_RETURN, 0);
    }
    return m;
}

/* Replace main's code with the given words (all on line 1). */
static void set_main(BcModule *m, const uint32_t *words, uint32_t n)
{
    BcProc *p = &m->procs[BC_PROC_MAIN];
    free(p->code);
    free(p->lines);
    p->code = NULL;
    p->lines = NULL;
    p->ncode = 0;
    cur_line = 1;
    for (uint32_t i = 0; i < n; i++)
        emit_word(p, words[i]);
}

static char *verify_error(BcModule *m)
{
    char *err = NULL;
    if (bc_verify(m, &err) == 0)
        return xstrdup("(accepted)");
    return err;
}

/* Verify a tiny module whose main is `words`; returns the error text. */
static char *verify_main(const uint32_t *words, uint32_t n)
{
    BcModule *m = tiny_module();
    set_main(m, words, n);
    char *err = verify_error(m);
    bc_free(m);
    return err;
}

#define W(op, a) INSN_MAKE(OPC_##op, a)

static char *disasm_string(const BcModule *m)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    bc_disasm(m, f);
    fclose(f);
    return text;
}

/* Store a fresh checksum, so that a test reaches the parser behind it. */
static void reseal(unsigned char *img, size_t len)
{
    uint64_t sum = hash_fnv1a64(img + 16, len - 16);
    for (int i = 0; i < 8; i++)
        img[8 + i] = (unsigned char)(sum >> (8 * i));
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* Load an image; on success also verify and disassemble it (what the CLI
 * does), which must not crash whatever the loader let through. */
static int load_ok(const unsigned char *img, size_t len, char **err)
{
    BcModule *m = bc_deserialize(img, len, err);
    if (!m)
        return 0;
    char *verr = NULL;
    if (bc_verify(m, &verr) < 0)
        free(verr);
    FILE *devnull = fopen("/dev/null", "w");
    if (devnull) {
        bc_disasm(m, devnull);
        fclose(devnull);
    }
    bc_free(m);
    return 1;
}

/* --- the opcode table --------------------------------------------------- */

TEST(opcode_table_from_x_macro)
{
    CHECK_EQ_STR(opcode_info[OPC_NOP].name, "NOP");
    CHECK_EQ_STR(opcode_info[OPC_NULL].name, "NULL");
    CHECK_EQ_STR(opcode_info[OPC_ARG_CHECK].name, "ARG_CHECK");
    CHECK_EQ_INT(opcode_info[OPC_CONST].a, OK_K);
    CHECK_EQ_INT(opcode_info[OPC_FOR_NEXT].b, OK_L);
    CHECK_EQ_INT(opcode_width(OPC_CALL), 2);
    CHECK_EQ_INT(opcode_width(OPC_ADD), 1);
    for (int op = 0; op < OPC__COUNT; op++) {
        CHECK(opcode_info[op].name != NULL);
        CHECK(opcode_info[op].doc != NULL);
    }
}

TEST(opcode_stack_effects)
{
    CHECK_EQ_INT(opcode_pops(OPC_ADD, 0, 0), 2);
    CHECK_EQ_INT(opcode_pushes(OPC_ADD, 0, 0), 1);
    CHECK_EQ_INT(opcode_pops(OPC_LIST, 5, 0), 5);
    CHECK_EQ_INT(opcode_pops(OPC_MAP, 3, 0), 6);
    CHECK_EQ_INT(opcode_pops(OPC_CALL, 7, 3), 3);
    CHECK_EQ_INT(opcode_pops(OPC_FAIL, 1, 0), 1);
    CHECK_EQ_INT(opcode_pops(OPC_EXPECT, 0, 1), 2);
    CHECK_EQ_INT(opcode_pops(OPC_EXPECT_CMP, 0, OPC_EQ), 2);
    CHECK_EQ_INT(opcode_pops(OPC_EXPECT_CMP, 0, OPC_EQ | 0x100), 3);
    CHECK_EQ_INT(opcode_pushes(OPC_DUP, 0, 0), 2);
}

TEST(insn_encoding)
{
    uint32_t w = INSN_MAKE(OPC_JUMP, -5);
    CHECK_EQ_INT(INSN_OP(w), OPC_JUMP);
    CHECK_EQ_INT(INSN_A(w), -5);
    w = INSN_MAKE(OPC_CONST, INSN_AU_MAX);
    CHECK_EQ_INT(INSN_AU(w), INSN_AU_MAX);
}

/* --- building ----------------------------------------------------------- */

TEST(add_const_dedups)
{
    BcModule *m = bc_new();
    CHECK_EQ_INT(bc_add_const(m, val_cstring("a")), 0);
    CHECK_EQ_INT(bc_add_const(m, val_int(1)), 1);
    CHECK_EQ_INT(bc_add_const(m, val_cstring("a")), 0);
    CHECK_EQ_INT(bc_add_const(m, val_int(1)), 1);
    CHECK_EQ_INT(bc_add_const(m, val_duration(1)), 2); /* not the int 1 */
    CHECK_EQ_INT(bc_add_const(m, val_float(0.0)), 3);
    CHECK_EQ_INT(bc_add_const(m, val_float(-0.0)), 4); /* other bits */
    CHECK_EQ_INT(bc_add_const(m, val_float(0.0)), 3);
    CHECK_EQ_INT(bc_add_const(m, val_string("a\0b", 3)), 5);
    CHECK_EQ_INT(bc_add_const(m, val_string("a\0c", 3)), 6);
    CHECK_EQ_INT(bc_add_const(m, val_string("a\0b", 3)), 5);
    CHECK_EQ_INT(bc_add_const(m, regex("x+", "")), 7);
    CHECK_EQ_INT(bc_add_const(m, regex("x+", "i")), 8);
    CHECK_EQ_INT(bc_add_const(m, regex("x+", "")), 7);
    CHECK_EQ_INT(bc_add_const(m, val_cstring("x+")), 9); /* a string, not the regex */
    CHECK_EQ_INT(m->nconsts, 10);
    CHECK_EQ_INT(bc_add_const_fresh(m, val_cstring("a")), 10); /* no dedup */
    CHECK_EQ_INT(bc_add_const_fresh(m, val_cstring("a")), 11);
    CHECK_EQ_INT(bc_add_const(m, val_cstring("a")), 0);
    CHECK_EQ_INT(m->nconsts, 12);
    for (int i = 0; i < 100; i++)
        bc_add_const(m, val_int(1000 + i));
    CHECK_EQ_INT(m->nconsts, 112);
    CHECK_EQ_INT(bc_add_const(m, val_int(1050)), 62);
    bc_free(m);
}

TEST(add_const_dedups_against_a_loaded_pool)
{
    BcModule *m = tiny_module();
    bc_add_const(m, val_cstring("a"));
    bc_add_const(m, regex("b", "mi"));
    Buf img = {0};
    bc_serialize(m, &img);
    char *err = NULL;
    BcModule *back = bc_deserialize(img.data, img.len, &err);
    REQUIRE(back != NULL);
    CHECK_EQ_INT(bc_add_const(back, regex("b", "im")), 1);
    CHECK_EQ_INT(bc_add_const(back, val_cstring("a")), 0);
    CHECK_EQ_INT(bc_add_const(back, val_cstring("c")), 2);
    CHECK_EQ_INT(back->nconsts, 3);
    bc_free(back);
    buf_free(&img);
    bc_free(m);
}

TEST(add_proc_returns_indices)
{
    BcModule *m = bc_new();
    for (int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof name, "p%d", i);
        CHECK_EQ_INT(bc_add_proc(m, name), i);
    }
    CHECK_EQ_STR(m->procs[13].name, "p13");
    CHECK(m->procs[13].code == NULL);
    bc_free(m);
    bc_free(NULL);
}

/* --- the .rbc format ---------------------------------------------------- */

TEST(round_trip)
{
    BcModule *m = sample_module();
    char *err = verify_error(m);
    CHECK_EQ_STR(err, "(accepted)");
    free(err);
    err = NULL;
    Buf img = {0};
    bc_serialize(m, &img);
    CHECK(bc_is_bytecode(img.data, img.len));
    CHECK_EQ_MEM(img.data, RBC_MAGIC, 4);

    BcModule *back = bc_deserialize(img.data, img.len, &err);
    CHECK_EQ_STR(err, NULL);
    REQUIRE(back != NULL);
    CHECK_EQ_STR(back->title, "Sample");
    CHECK_EQ_STR(back->doc, "Prose.");
    CHECK_EQ_STR(back->source_path, "sample.rb");
    CHECK(back->source_hash == 0x1122334455667788ull);
    CHECK_EQ_INT(back->nconsts, m->nconsts);
    CHECK_EQ_INT(back->consts[1].type, T_INT);
    CHECK_EQ_INT(back->consts[1].as.i, 42);
    CHECK_EQ_INT(back->consts[2].type, T_FLOAT);
    CHECK(back->consts[2].as.f == 2.5);
    CHECK_EQ_INT(back->consts[3].type, T_DURATION);
    CHECK_EQ_INT(back->consts[3].as.i, 5000000000ll);
    CHECK_EQ_INT(back->consts[4].type, T_REGEX);
    CHECK_EQ_STR(regex_flags(back->consts[4]), "i");
    CHECK_EQ_INT(back->nprocs, 3);
    CHECK_EQ_STR(back->procs[2].name, "greet");
    CHECK_EQ_STR(back->procs[2].params[1].default_text, "1");
    CHECK_EQ_INT(back->procs[2].params[0].type.kind, TY_STRING);
    CHECK_EQ_INT(back->procs[2].ncode, m->procs[2].ncode);
    CHECK_EQ_MEM(back->procs[0].code, m->procs[0].code, m->procs[0].ncode * 4);
    CHECK_EQ_MEM(back->procs[0].lines, m->procs[0].lines, m->procs[0].ncode * 4);
    CHECK_EQ_STR(back->globals[0].p.type.members[1], "prod");
    CHECK_EQ_STR(back->globals[0].p.description, "Target environment");
    CHECK_EQ_INT(back->globals[1].is_param, 0);
    CHECK_EQ_STR(back->globals[1].p.description, NULL);
    CHECK_EQ_STR(back->steps[0].doc, "Says hello.");
    CHECK_EQ_INT(back->steps[0].line, 5);
    CHECK_EQ_INT(bc_verify(back, &err), 0);
    CHECK_EQ_INT(back->procs[0].max_stack, m->procs[0].max_stack);

    /* Writing the loaded module again gives the same bytes. */
    Buf again = {0};
    bc_serialize(back, &again);
    CHECK_EQ_INT(again.len, img.len);
    if (again.len == img.len)
        CHECK_EQ_MEM(again.data, img.data, img.len);

    char *d1 = disasm_string(m), *d2 = disasm_string(back);
    CHECK_EQ_STR(d1, d2);
    free(d1);
    free(d2);
    buf_free(&again);
    buf_free(&img);
    bc_free(back);
    bc_free(m);
}

TEST(serialize_appends_to_buffer)
{
    BcModule *m = tiny_module();
    Buf img = {0};
    buf_adds(&img, "prefix");
    bc_serialize(m, &img);
    char *err = NULL;
    BcModule *back = bc_deserialize(img.data + 6, img.len - 6, &err);
    CHECK(back != NULL);
    CHECK_EQ_STR(err, NULL);
    bc_free(back);
    buf_free(&img);
    bc_free(m);
}

TEST(every_truncation_is_rejected)
{
    BcModule *m = sample_module();
    Buf img = {0};
    bc_serialize(m, &img);
    for (size_t len = 0; len < img.len; len++) {
        char *err = NULL;
        BcModule *back = bc_deserialize(img.data, len, &err);
        if (back || !err) {
            CHECK(!"a truncated image was accepted");
            bc_free(back);
        }
        free(err);
    }
    char *err = NULL;
    CHECK(bc_deserialize(img.data, 10, &err) == NULL);
    CHECK_EQ_STR(err, "truncated at byte 10");
    free(err);
    CHECK(bc_deserialize(img.data, img.len - 1, &err) == NULL);
    CHECK_EQ_STR(err, "checksum mismatch: the file is damaged");
    free(err);
    buf_free(&img);
    bc_free(m);
}

TEST(every_flipped_byte_is_rejected)
{
    BcModule *m = sample_module();
    Buf img = {0};
    bc_serialize(m, &img);
    unsigned char *copy = xmalloc(img.len);
    static const unsigned char masks[] = {0x01, 0x80, 0xff};
    for (size_t i = 0; i < img.len; i++)
        for (size_t k = 0; k < sizeof masks; k++) {
            memcpy(copy, img.data, img.len);
            copy[i] ^= masks[k];
            char *err = NULL;
            BcModule *back = bc_deserialize(copy, img.len, &err);
            if (back || !err) {
                CHECK(!"a damaged image was accepted");
                bc_free(back);
            }
            free(err);
        }
    free(copy);
    buf_free(&img);
    bc_free(m);
}

/* Damage behind a good checksum: the parser itself must hold, with no
 * crash, leak or huge allocation whatever a byte says. */
TEST(resealed_damage_never_crashes)
{
    BcModule *m = sample_module();
    Buf img = {0};
    bc_serialize(m, &img);
    unsigned char *copy = xmalloc(img.len);
    static const unsigned char masks[] = {0x01, 0x02, 0x10, 0x80, 0xff};
    int accepted = 0, rejected = 0;
    for (size_t i = 16; i < img.len; i++)
        for (size_t k = 0; k < sizeof masks; k++) {
            memcpy(copy, img.data, img.len);
            copy[i] ^= masks[k];
            reseal(copy, img.len);
            char *err = NULL;
            if (load_ok(copy, img.len, &err)) {
                accepted++;
                CHECK(err == NULL);
            } else {
                rejected++;
                CHECK(err != NULL);
            }
            free(err);
        }
    /* Every truncation behind a fresh checksum, too. */
    for (size_t len = 16; len < img.len; len++) {
        memcpy(copy, img.data, len);
        reseal(copy, len);
        char *err = NULL;
        CHECK(!load_ok(copy, len, &err));
        CHECK(err != NULL);
        free(err);
    }
    CHECK(rejected > 0);
    CHECK(accepted > 0); /* e.g. a changed line number is still a module */
    free(copy);
    buf_free(&img);
    bc_free(m);
}

TEST(lying_counts_are_rejected_before_allocating)
{
    BcModule *m = tiny_module();
    Buf img = {0};
    bc_serialize(m, &img);
    unsigned char *copy = xmalloc(img.len);
    /* header, "Tiny", NULL doc, "tiny.rb": nconsts follows */
    size_t nconsts_at = 24 + (4 + 4) + 4 + (4 + 7);
    CHECK_EQ_INT(img.data[nconsts_at], 0);
    uint32_t lies[] = {1, 1000, 0x7fffffff, 0xfffffffe, 0xffffffff};
    for (size_t i = 0; i < sizeof lies / sizeof lies[0]; i++) {
        memcpy(copy, img.data, img.len);
        put32(copy + nconsts_at, lies[i]);
        reseal(copy, img.len);
        char *err = NULL;
        CHECK(bc_deserialize(copy, img.len, &err) == NULL);
        CHECK(err != NULL);
        /* 1 reads the procedure count as a constant; the rest are
         * impossible on their face. */
        if (lies[i] > 1)
            CHECK(err && strstr(err, "bad constant count") == err);
        free(err);
    }
    /* nprocs: 1 is not enough */
    memcpy(copy, img.data, img.len);
    put32(copy + nconsts_at + 4, 1);
    reseal(copy, img.len);
    char *err = NULL;
    CHECK(bc_deserialize(copy, img.len, &err) == NULL);
    CHECK(err && strstr(err, "main and <init>") != NULL);
    free(err);
    free(copy);
    buf_free(&img);
    bc_free(m);
}

TEST(bad_header_messages)
{
    BcModule *m = tiny_module();
    Buf img = {0};
    bc_serialize(m, &img);
    char *err = NULL;

    CHECK(bc_deserialize("#!/usr/bin", 10, &err) == NULL);
    CHECK_EQ_STR(err, "not a runbook bytecode file (bad magic number)");
    free(err);
    CHECK(!bc_is_bytecode("\x7fRB", 3));
    CHECK(bc_deserialize("", 0, &err) == NULL);
    free(err);

    img.data[4] = RBC_FORMAT_VERSION + 1;
    CHECK(bc_deserialize(img.data, img.len, &err) == NULL);
    char vmsg[128];
    snprintf(vmsg, sizeof vmsg, "unsupported bytecode format version %d (this runbook reads %d); "
             "recompile the source", RBC_FORMAT_VERSION + 1, RBC_FORMAT_VERSION);
    CHECK_EQ_STR(err, vmsg);
    free(err);
    img.data[4] = RBC_FORMAT_VERSION;

    /* Trailing garbage behind a good checksum. */
    buf_addc(&img, 0);
    reseal((unsigned char *)img.data, img.len);
    CHECK(bc_deserialize(img.data, img.len, &err) == NULL);
    CHECK(err && strstr(err, "garbage") != NULL);
    free(err);

    /* The last byte missing behind a good checksum. */
    img.len -= 2;
    reseal((unsigned char *)img.data, img.len);
    CHECK(bc_deserialize(img.data, img.len, &err) == NULL);
    char *want = xasprintf("truncated at byte %zu", img.len);
    CHECK_EQ_STR(err, want);
    free(want);
    free(err);
    buf_free(&img);
    bc_free(m);
}

TEST(bad_regex_constant_is_damage)
{
    BcModule *m = tiny_module();
    bc_add_const(m, regex("ab", ""));
    Buf img = {0};
    bc_serialize(m, &img);
    /* Turn the pattern "ab" into "a(" behind a good checksum. */
    char *at = memmem(img.data, img.len, "\x02\0\0\0ab", 6);
    REQUIRE(at != NULL);
    at[5] = '(';
    reseal((unsigned char *)img.data, img.len);
    char *err = NULL;
    CHECK(bc_deserialize(img.data, img.len, &err) == NULL);
    CHECK(err && strstr(err, "k0: bad regular expression") != NULL);
    free(err);
    buf_free(&img);
    bc_free(m);
}

/* --- the verifier ------------------------------------------------------- */

TEST(verify_accepts_and_sets_max_stack)
{
    BcModule *m = sample_module();
    char *err = verify_error(m);
    CHECK_EQ_STR(err, "(accepted)");
    free(err);
    CHECK_EQ_INT(m->procs[0].max_stack, 2);
    CHECK_EQ_INT(m->procs[1].max_stack, 1);
    CHECK_EQ_INT(m->procs[2].max_stack, 2);
    bc_free(m);

    /* A loop: the depth at the loop head is the same both ways. */
    uint32_t loop[] = {
        W(NULL, 0),      W(ITER_INIT, 0), W(SET_LOCAL, 0), W(INT, 0),   W(SET_LOCAL, 1),
        W(FOR_NEXT, 5),  0,               W(GET_LOCAL, 2), W(LOG, 0),   W(NOP, 0),
        W(NOP, 0),       W(JUMP, -7),     W(NULL, 0),      W(RETURN, 0),
    };
    m = tiny_module();
    set_main(m, loop, sizeof loop / sizeof loop[0]);
    static const char *const names[] = {"", "", "item"};
    set_locals(&m->procs[0], 3, names);
    char *e = verify_error(m);
    CHECK_EQ_STR(e, "(accepted)");
    free(e);
    bc_free(m);
}

TEST(verify_rejects_bad_jumps)
{
    uint32_t into_operand[] = {W(JUMP, 1), W(CALL_BUILTIN, BI_now), 0, W(RETURN, 0)};
    char *e = verify_main(into_operand, 4);
    CHECK_EQ_STR(e, "procedure main at 0000: jump target 0002 is not an instruction");
    free(e);
    uint32_t outside[] = {W(NULL, 0), W(JUMP_IF_TRUE, 40), W(NULL, 0), W(RETURN, 0)};
    e = verify_main(outside, 4);
    CHECK_EQ_STR(e, "procedure main at 0001: jump target 0042 is outside the procedure");
    free(e);
    uint32_t backwards[] = {W(JUMP, -2), W(NULL, 0), W(RETURN, 0)};
    e = verify_main(backwards, 3);
    CHECK_EQ_STR(e, "procedure main at 0000: jump target -001 is outside the procedure");
    free(e);
    uint32_t b_jump[] = {W(PARAM_DEFAULT, 0), 5, W(NULL, 0), W(RETURN, 0)};
    BcModule *m = tiny_module();
    set_main(m, b_jump, 4);
    m->globals = xcalloc(1, sizeof *m->globals);
    m->nglobals = 1;
    m->globals[0].p.name = xstrdup("p");
    m->globals[0].is_param = 1;
    e = verify_error(m);
    CHECK_EQ_STR(e, "procedure main at 0000: jump target 0007 is outside the procedure");
    free(e);
    m->globals[0].is_param = 0;
    m->procs[0].code[1] = 0;
    e = verify_error(m);
    CHECK_EQ_STR(e, "procedure main at 0000: PARAM_DEFAULT: g0 is not a parameter");
    free(e);
    bc_free(m);
}

TEST(verify_rejects_bad_stack)
{
    uint32_t underflow[] = {W(POP, 0), W(NULL, 0), W(RETURN, 0)};
    char *e = verify_main(underflow, 3);
    CHECK_EQ_STR(e, "procedure main at 0000: stack underflow: POP pops 1 with 0 on the stack");
    free(e);
    /* One arm pushes, the other does not. */
    uint32_t uneven[] = {W(TRUE, 0), W(JUMP_IF_FALSE, 1), W(NULL, 0), W(NULL, 0), W(RETURN, 0)};
    e = verify_main(uneven, 5);
    CHECK(e && strstr(e, "procedure main at 0003: stack depth") == e);
    free(e);
    /* A loop that grows the stack each time round. */
    uint32_t growing[] = {W(NULL, 0), W(TRUE, 0), W(JUMP_IF_TRUE, -3), W(RETURN, 0)};
    e = verify_main(growing, 4);
    CHECK(e && strstr(e, "stack depth") != NULL);
    free(e);
    uint32_t call_args[] = {W(NULL, 0), W(CALL_BUILTIN, BI_len), 2, W(RETURN, 0)};
    e = verify_main(call_args, 4);
    CHECK_EQ_STR(e, "procedure main at 0001: CALL_BUILTIN: 2 arguments for len");
    free(e);
}

TEST(verify_rejects_bad_operands)
{
    uint32_t bad_const[] = {W(CONST, 3), W(RETURN, 0)};
    char *e = verify_main(bad_const, 2);
    CHECK_EQ_STR(e, "procedure main at 0000: CONST: constant k3 out of range (0 constants)");
    free(e);
    uint32_t bad_local[] = {W(GET_LOCAL, 0), W(RETURN, 0)};
    e = verify_main(bad_local, 2);
    CHECK_EQ_STR(e, "procedure main at 0000: GET_LOCAL: local l0 out of range (0 locals)");
    free(e);
    uint32_t bad_op[] = {OPC__COUNT, W(RETURN, 0)};
    e = verify_main(bad_op, 2);
    char *want = xasprintf("procedure main at 0000: unknown opcode %d", OPC__COUNT);
    CHECK_EQ_STR(e, want);
    free(want);
    free(e);
    uint32_t junk_a[] = {W(NULL, 7), W(RETURN, 0)};
    e = verify_main(junk_a, 2);
    CHECK_EQ_STR(e, "procedure main at 0000: NULL has no operand A but it is 7");
    free(e);
    uint32_t cut[] = {W(NULL, 0), W(CALL, 0)};
    e = verify_main(cut, 2);
    CHECK_EQ_STR(e, "procedure main at 0001: CALL is cut short by the end of the code");
    free(e);
    uint32_t too_many[] = {W(CALL, 1), 1, W(RETURN, 0)};
    e = verify_main(too_many, 3);
    CHECK_EQ_STR(e, "procedure main at 0000: CALL: 1 arguments for <init>, which takes 0");
    free(e);
    uint32_t big_list[] = {W(LIST, 1 << 20), W(RETURN, 0)};
    e = verify_main(big_list, 2);
    CHECK_EQ_STR(e, "procedure main at 0000: LIST: count 1048576 too large");
    free(e);
    uint32_t bad_step[] = {W(STEP_END, 0), W(NULL, 0), W(RETURN, 0)};
    e = verify_main(bad_step, 3);
    CHECK_EQ_STR(e, "procedure main at 0000: STEP_END: step s0 out of range (0 steps)");
    free(e);

    /* Constants of the wrong type for the instruction. */
    BcModule *m = tiny_module();
    bc_add_const(m, val_int(1));
    bc_add_const(m, val_cstring("s"));
    uint32_t field_int[] = {W(NULL, 0), W(FIELD, 0), W(RETURN, 0)};
    set_main(m, field_int, 3);
    e = verify_error(m);
    CHECK_EQ_STR(e, "procedure main at 0001: FIELD: constant k0 is not a string");
    free(e);
    uint32_t match_str[] = {W(NULL, 0), W(MATCH_RE, 1), 0, W(RETURN, 0)};
    set_main(m, match_str, 4);
    set_locals(&m->procs[0], 1, (const char *[]){"captures"});
    e = verify_error(m);
    CHECK_EQ_STR(e, "procedure main at 0001: MATCH_RE: constant k1 is not a regex");
    free(e);
    uint32_t cmp_range[] = {W(NULL, 0), W(NULL, 0), W(EXPECT_CMP, 1), OPC_EQ, W(NULL, 0),
                            W(RETURN, 0)};
    set_main(m, cmp_range, 6);
    e = verify_error(m);
    CHECK_EQ_STR(e, "procedure main at 0002: EXPECT_CMP: constants k1..k3 out of range "
                    "(2 constants)");
    free(e);
    bc_add_const(m, val_cstring("t"));
    bc_add_const(m, val_cstring("u"));
    m->procs[0].code[3] = OPC_ADD;
    e = verify_error(m);
    char cmp_want[96];
    snprintf(cmp_want, sizeof cmp_want, "procedure main at 0002: EXPECT_CMP: bad comparison operand %d",
             OPC_ADD);
    CHECK_EQ_STR(e, cmp_want);
    free(e);
    m->procs[0].code[3] = OPC_IN | 0x100;
    e = verify_error(m);
    CHECK(e && strstr(e, "stack underflow: EXPECT_CMP pops 3 with 2") != NULL);
    free(e);
    m->procs[0].code[3] = OPC_IN;
    e = verify_error(m);
    CHECK_EQ_STR(e, "(accepted)");
    free(e);
    bc_free(m);
}

TEST(verify_rejects_falling_off_the_end)
{
    uint32_t no_return[] = {W(NULL, 0), W(POP, 0)};
    char *e = verify_main(no_return, 2);
    CHECK_EQ_STR(e, "procedure main at 0001: POP falls off the end of the code");
    free(e);
    uint32_t cond_last[] = {W(TRUE, 0), W(JUMP_IF_TRUE, -2)};
    e = verify_main(cond_last, 2);
    CHECK_EQ_STR(e, "procedure main at 0001: JUMP_IF_TRUE falls off the end of the code");
    free(e);
    e = verify_main(NULL, 0);
    CHECK_EQ_STR(e, "procedure main: no code");
    free(e);

    BcModule *m = tiny_module();
    free(m->procs[1].lines);
    m->procs[1].lines = NULL;
    e = verify_error(m);
    CHECK_EQ_STR(e, "procedure <init>: no line table");
    free(e);
    bc_free(m);

    /* Dead code after a return is fine; it is never reached. */
    uint32_t dead[] = {W(NULL, 0), W(RETURN, 0), W(POP, 0)};
    e = verify_main(dead, 3);
    CHECK_EQ_STR(e, "(accepted)");
    free(e);
}

TEST(verify_needs_main_and_init)
{
    BcModule *m = bc_new();
    bc_add_proc(m, "main");
    char *err = NULL;
    CHECK_EQ_INT(bc_verify(m, &err), -1);
    CHECK_EQ_STR(err, "the module must start with procedures main and <init>");
    free(err);
    bc_free(m);
}

/* --- the disassembler --------------------------------------------------- */

TEST(disasm_format)
{
    BcModule *m = sample_module();
    char *text = disasm_string(m);
    CHECK_EQ_STR(text,
        "; runbook \"Sample\" (source sample.rb)\n"
        "; constants:\n"
        ";   k0 = \"hello\"\n"
        ";   k1 = 42\n"
        ";   k2 = 2.5\n"
        ";   k3 = 5s\n"
        ";   k4 = /ab+c/i\n"
        ";   k5 = \"x == 1\"\n"
        ";   k6 = \"x\"\n"
        ";   k7 = \"1\"\n"
        ";   k8 = \"name\"\n"
        ";   k9 = \"dev\"\n"
        "; globals:\n"
        ";   g0 environment (param \"dev\" | \"prod\" = \"dev\")\n"
        ";   g1 ns\n"
        "; steps:\n"
        ";   s0 step \"Greet\" (main, line 5)\n"
        "\n"
        "procedure main() \"Sample\"  ; 2 locals\n"
        "0000 [  3] CONST            k0 ; \"hello\"\n"
        "0001 [  3] LOG\n"
        "0002 [  4] INT              3\n"
        "0003 [  4] SET_LOCAL        l0 (x)\n"
        "0004 [  4] GET_LOCAL        l0 (x)\n"
        "0005 [  4] MATCH_RE         k4, l1 ; /ab+c/i\n"
        "0007 [  4] JUMP_IF_FALSE    -> 0010\n"
        "0008 [  4] CONST            k0 ; \"hello\"\n"
        "0009 [  4] LOG\n"
        "0010 [  5] GET_GLOBAL       g0 (environment)\n"
        "0011 [  5] FIELD            k8 ; \"name\"\n"
        "0012 [  5] POP\n"
        "0013 [  5] CONST            k0 ; \"hello\"\n"
        "0014 [  5] STEP_BEGIN       s0 ; \"Greet\"\n"
        "0015 [  6] GET_LOCAL        l0 (x)\n"
        "0016 [  6] INT              1\n"
        "0017 [  6] EXPECT_CMP       k5, EQ ; \"x == 1\"\n"
        "0019 [  6] STEP_END         s0 ; \"Greet\"\n"
        "0020 [  7] GET_LOCAL        l0 (x)\n"
        "0021 [  7] INT              -2\n"
        "0022 [  7] CALL             greet, 2\n"
        "0024 [  7] CALL_BUILTIN     str, 1\n"
        "0026 [  7] RETURN\n"
        "\n"
        "procedure <init>()  ; 0 locals\n"
        "0000 [  1] PARAM_DEFAULT    g0 (environment), -> 0004\n"
        "0002 [  1] CONST            k9 ; \"dev\"\n"
        "0003 [  1] SET_GLOBAL       g0 (environment)\n"
        "0004 [  1] PARAM_CHECK      g0 (environment)\n"
        "0005 [  2] CONST            k1 ; 42\n"
        "0006 [  2] SET_GLOBAL       g1 (ns)\n"
        "0007 [  2] NULL\n"
        "0008 [  2] RETURN\n"
        "\n"
        "procedure greet(who, times) \"Greet someone\"  ; 3 locals\n"
        "0000 [ 10] ARG_DEFAULT      l1 (times), -> 0004\n"
        "0002 [ 10] INT              1\n"
        "0003 [ 10] SET_LOCAL        l1 (times)\n"
        "0004 [ 10] ARG_CHECK        l0 (who)\n"
        "0005 [ 11] TRY              -> 0010\n"
        "0006 [ 11] GET_LOCAL        l0 (who)\n"
        "0007 [ 11] LOG\n"
        "0008 [ 11] TRY_END\n"
        "0009 [ 11] JUMP             -> 0014\n"
        "0010 [ 12] FAILURE\n"
        "0011 [ 12] DUP\n"
        "0012 [ 12] SET_LOCAL        l2 (err)\n"
        "0013 [ 12] RERAISE\n"
        "0014 [ 13] NULL\n"
        "0015 [ 13] RETURN\n");
    free(text);
    bc_free(m);
}

TEST(disasm_survives_bad_code)
{
    BcModule *m = tiny_module();
    bc_add_const(m, val_cstring("a long constant that goes on and on and on, well past the "
                                "sixty bytes an instruction comment shows"));
    uint32_t bad[] = {W(CONST, 0), OPC__COUNT + 3, W(CONST, 9), W(JUMP, -100), W(CALL, 0)};
    set_main(m, bad, 5);
    char *text = disasm_string(m);
    CHECK(strstr(text, "0000 [  1] CONST            k0 ; \"a long constant that goes on and "
                       "on and on, well past th...\n") != NULL);
    char *want = xasprintf("0001 [  1] ??? 0x%08x\n", OPC__COUNT + 3);
    CHECK(strstr(text, want) != NULL);
    free(want);
    CHECK(strstr(text, "0002 [  1] CONST            k9 ; (out of range)\n") != NULL);
    CHECK(strstr(text, "0003 [  1] JUMP             -> -096\n") != NULL);
    CHECK(strstr(text, "0004 [  1] CALL (cut short)\n") != NULL);
    free(text);
    bc_free(m);
}

UNIT_MAIN()
