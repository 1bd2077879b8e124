/* fuzz_rbc.c — libFuzzer target for the .rbc loader (bc_deserialize), the
 * verifier (bc_verify) and the disassembler (bc_disasm).
 *
 * The image carries an FNV-1a 64 checksum of every byte from offset 16 on
 * (stored at offset 8, see the format comment in src/bytecode.c), so almost
 * every mutation dies at the checksum test. Each input is therefore tried
 * twice: as it is (which keeps the magic, version and checksum tests
 * covered), and, when its checksum is wrong, once more with the checksum
 * field recomputed, which lets mutations reach the parser behind it.
 *
 * For an image the loader accepts:
 *   - writing the module again must give the same bytes (the format
 *     comment promises a one-to-one correspondence); abort if not;
 *   - bc_disasm runs on it whether or not bc_verify accepts it (it must
 *     not crash on a module the verifier would reject);
 *   - bc_verify runs on it; a verified module is not run (the VM has no
 *     instruction budget, so arbitrary code could loop forever), but the
 *     cross-references the VM follows without checking (procedure, global,
 *     contact indices) must be in range; abort if not.
 *
 * Build: ./configure CC=clang --enable-fuzzing && make; run with
 * tests/fuzz/run-fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECKSUM_OFF 8
#define CHECKED_FROM 16

static void bad(const char *what, uint32_t i)
{
    fprintf(stderr, "fuzz_rbc: a verified module has %s (%u)\n", what, i);
    abort();
}

static int proc_or_none(const BcModule *m, uint32_t p) { return p == BC_NONE || p < m->nprocs; }

/* What the VM takes for granted in a module that bc_deserialize and
 * bc_verify accepted. */
static void check_invariants(const BcModule *m)
{
    if (m->nprocs < 2 || strcmp(m->procs[BC_PROC_MAIN].name, "main") != 0 ||
        strcmp(m->procs[BC_PROC_INIT].name, "<init>") != 0)
        bad("no main and <init> first", m->nprocs);
    for (uint32_t i = 0; i < m->nprocs; i++) {
        const BcProc *p = &m->procs[i];
        if (!p->name || !p->ncode || !p->code || !p->lines || p->nparams > p->nlocals ||
            (p->nparams && !p->params) || (p->nlocals && !p->local_names))
            bad("a malformed procedure", i);
    }
    for (uint32_t i = 0; i < m->nsteps; i++)
        if (m->steps[i].proc >= m->nprocs || !proc_or_none(m, m->steps[i].undo_proc))
            bad("a step with a procedure out of range", i);
    for (uint32_t i = 0; i < m->ncontacts; i++)
        if (m->contacts[i].target_global != BC_NONE && m->contacts[i].target_global >= m->nglobals)
            bad("a contact with a global out of range", i);
    for (uint32_t i = 0; i < m->nescalations; i++)
        for (uint32_t j = 0; j < m->escalations[i].ncontacts; j++)
            if (m->escalations[i].contacts[j] >= m->ncontacts)
                bad("an escalation with a contact out of range", i);
    if (!proc_or_none(m, m->on_failure_proc) || !proc_or_none(m, m->on_success_proc) ||
        !proc_or_none(m, m->globals_proc))
        bad("a handler procedure out of range", m->nprocs);
}

static void try_image(const uint8_t *data, size_t size)
{
    char *err = NULL;
    BcModule *m = bc_deserialize(data, size, &err);
    if (!m) {
        if (!err) {
            fprintf(stderr, "fuzz_rbc: bc_deserialize failed without a message\n");
            abort();
        }
        free(err);
        return;
    }
    if (err) {
        fprintf(stderr, "fuzz_rbc: bc_deserialize succeeded but set an error: %s\n", err);
        abort();
    }

    Buf again = {0};
    bc_serialize(m, &again);
    if (again.len != size || memcmp(again.data, data, size) != 0) {
        fprintf(stderr, "fuzz_rbc: load + write changed the image (%zu bytes -> %zu)\n", size,
                again.len);
        abort();
    }
    buf_free(&again);

    char *text = NULL;
    size_t textlen = 0;
    FILE *out = open_memstream(&text, &textlen);
    if (!out)
        abort();
    /* Before bc_verify, which sets max_stack: the listing must cope with a
     * module that has not been (and may never be) verified. */
    bc_disasm(m, out);
    if (bc_verify(m, &err) < 0) {
        if (!err) {
            fprintf(stderr, "fuzz_rbc: bc_verify failed without a message\n");
            abort();
        }
        free(err);
    } else {
        check_invariants(m);
        bc_disasm(m, out);
    }
    fclose(out);
    free(text);
    bc_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    try_image(data, size);

    if (size < CHECKED_FROM)
        return 0;
    uint64_t sum = hash_fnv1a64(data + CHECKED_FROM, size - CHECKED_FROM);
    uint8_t want[8];
    for (int i = 0; i < 8; i++)
        want[i] = (uint8_t)(sum >> (8 * i));
    if (memcmp(data + CHECKSUM_OFF, want, 8) == 0)
        return 0; /* already right: tried above */
    /* A private copy, exactly size bytes, so ASan sees any overread. */
    uint8_t *copy = malloc(size);
    if (!copy)
        abort();
    memcpy(copy, data, size);
    memcpy(copy + CHECKSUM_OFF, want, 8);
    try_image(copy, size);
    free(copy);
    return 0;
}
