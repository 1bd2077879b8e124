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
 *     instruction budget, so arbitrary code could loop forever).
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
