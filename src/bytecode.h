/* bytecode.h — a compiled module: constant pool, procedures (code, line
 * table, debug names), globals (parameters first), and the step table. The
 * .rbc file format, its loader, the verifier and the disassembler live in
 * bytecode.c, verify.c and disasm.c. A loaded module is only executed after
 * bc_verify accepted it. */
#ifndef RUNBOOK_BYTECODE_H
#define RUNBOOK_BYTECODE_H

#include <stdint.h>
#include <stdio.h>

#include "opcodes.h"
#include "params.h"
#include "value.h"

#define RBC_MAGIC "\x7fRBC"
#define RBC_FORMAT_VERSION 2

/* Fixed procedure indices. */
enum { BC_PROC_MAIN = 0, BC_PROC_INIT = 1 };

typedef struct BcParam {
    char *name;
    ParamType type;     /* kind TY_ANY for an untyped procedure parameter */
    uint8_t has_default;
    char *description;  /* may be NULL */
    char *default_text; /* source text of the default, for `list`; may be NULL */
} BcParam;

typedef struct BcProc {
    char *name;          /* "main", "<init>", or the procedure's name */
    char *title;         /* may be NULL */
    char *file;          /* source file of an imported procedure; NULL: the module's */
    uint32_t line;       /* declaration line */
    uint32_t nparams;
    BcParam *params;     /* locals 0..nparams-1 */
    uint32_t nlocals;    /* including params */
    char **local_names;  /* nlocals entries, debug names ("" for temporaries) */
    uint32_t *code;
    uint32_t ncode;
    uint32_t *lines;     /* ncode entries: source line of each code word */
    uint32_t max_stack;  /* set by bc_verify */
} BcProc;

/* A global: a runbook parameter (is_param) or a top-level `let`. For a
 * `let`, only p.name is used. */
typedef struct BcGlobal {
    BcParam p;
    uint8_t is_param;
} BcGlobal;

#define BC_NONE 0xFFFFFFFFu /* "no procedure/global" in the tables below */

typedef struct BcStep {
    char *title;    /* the title's source text when not a plain literal */
    uint8_t kind;   /* StepKind */
    uint32_t proc;  /* procedure it belongs to */
    uint32_t line;
    char *doc;      /* docstring, may be NULL */
    uint32_t undo_proc; /* its undo block, compiled as a procedure, or BC_NONE */
} BcStep;

/* `contact NAME "Display" CHANNEL TARGET`: the target is computed by
 * <init> into a hidden global. */
typedef struct BcContact {
    char *name;
    char *display;
    uint8_t channel;        /* Channel */
    uint32_t target_global; /* BC_NONE for log */
} BcContact;

/* `escalation LEVEL "Name" [contacts]`: contact indices in order. */
typedef struct BcEscalation {
    char *level;
    char *name;
    uint32_t ncontacts;
    uint32_t *contacts;
} BcEscalation;

typedef struct BcModule {
    char *source_path;
    uint64_t source_hash;
    char *title;
    char *doc;            /* the header's prose, may be NULL */
    Value *consts;        /* T_INT, T_FLOAT, T_DURATION, T_STRING, T_REGEX */
    uint32_t nconsts;
    BcProc *procs;        /* [BC_PROC_MAIN], [BC_PROC_INIT], then procedures */
    uint32_t nprocs;
    BcGlobal *globals;
    uint32_t nglobals;
    BcStep *steps;
    uint32_t nsteps;
    BcContact *contacts;
    uint32_t ncontacts;
    BcEscalation *escalations;
    uint32_t nescalations;
    uint32_t on_failure_proc; /* top-level handlers as procedures, or BC_NONE */
    uint32_t on_success_proc;
    uint32_t globals_proc;    /* top-level lets, for a procedure entry point, or BC_NONE */
} BcModule;

BcModule *bc_new(void);
void bc_free(BcModule *m);

/* Builders used by the compiler. */
uint32_t bc_add_const(BcModule *m, Value v); /* takes v; dedups strings/ints */
/* Append without dedup, so that consecutive calls give consecutive indices
 * (EXPECT_CMP's three source texts). Takes v. */
uint32_t bc_add_const_fresh(BcModule *m, Value v);
uint32_t bc_add_proc(BcModule *m, const char *name);

/* Serialize to the .rbc format (little-endian, sections, checksum). */
void bc_serialize(const BcModule *m, Buf *out);
/* Parse a .rbc image. Returns NULL and sets *err (malloc'd) on any damage:
 * wrong magic, unsupported version, checksum mismatch, truncation, bad
 * lengths, bad regex. The result still has to pass bc_verify. */
BcModule *bc_deserialize(const void *data, size_t len, char **err);
/* True when data starts with RBC_MAGIC. */
int bc_is_bytecode(const void *data, size_t len);

/* Check every procedure: known opcodes, operands in range, jump targets on
 * instruction boundaries, consistent non-negative stack depth on every path,
 * no falling off the end, line table present. Sets max_stack. Returns 0, or
 * -1 with *err = "procedure NAME at 0012: message". */
int bc_verify(BcModule *m, char **err);

/* The listing: `%04u [line] OPNAME operands ; comment`, one stable format. */
void bc_disasm(const BcModule *m, FILE *out);

#endif
