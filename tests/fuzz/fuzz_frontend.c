/* fuzz_frontend.c — libFuzzer target for the whole compile pipeline. The
 * input is a runbook source; it is parsed, checked, compiled and verified
 * (compile_source), its diagnostics are formatted (diag_print, into a
 * memory stream), and a module, when there is one, is written to the .rbc
 * format, loaded back and verified again: the loader and the verifier must
 * accept whatever the compiler writes, and writing the loaded module again
 * must give the same bytes.
 *
 * Crashes, sanitizer reports and leaks are what libFuzzer finds by itself;
 * on top of that this target aborts when a contract between the stages is
 * broken:
 *   - compile_source returned no module but reported no error;
 *   - it returned a module and reported errors;
 *   - a diagnostic has rule "internal" (the compiler's bytecode was
 *     rejected by its own verifier);
 *   - a diagnostic has no rule or no message, or its span lies outside the
 *     source or runs backwards;
 *   - bc_deserialize or bc_verify refuses the compiled module's image, or
 *     the image does not survive load + write unchanged.
 *
 * `import NAME` resolves NAME.rb next to the importing file, on
 * RUNBOOK_PATH and in the runbooks/ library. So that a run does not depend
 * on the files around it, the input is named as a file in a directory that
 * does not exist (relative imports find nothing, even through ..) and
 * RUNBOOK_PATH is unset; the library's modules stay importable, which
 * covers the linker.
 *
 * Build: ./configure CC=clang --enable-fuzzing && make; run with
 * tests/fuzz/run-fuzz.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytecode.h"
#include "compile.h"
#include "diag.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INPUT_PATH "/nonexistent-runbook-fuzz-dir/fuzz.rb"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    unsetenv("RUNBOOK_PATH");
    return 0;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_frontend: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

/* Every diagnostic is well formed: a rule, a message, and a span inside
 * the source whose end is not before its start. */
static void check_diag(const Diag *dg, const Source *src)
{
    if (!dg->rule || !dg->msg)
        die("diagnostic without a rule or a message", dg->msg);
    if (strcmp(dg->rule, "internal") == 0)
        die("internal error", dg->msg);
    if (!dg->src || !dg->span.line)
        return;
    const Span *s = &dg->span;
    if (s->off > src->len || s->end_off > src->len || s->end_off < s->off)
        die("diagnostic span outside the source", dg->msg);
    if (s->end_line < s->line || (s->end_line == s->line && s->end_col < s->col))
        die("diagnostic span runs backwards", dg->msg);
}

/* Write, load, verify and write again. */
static void round_trip(const BcModule *m)
{
    Buf image = {0};
    bc_serialize(m, &image);

    char *err = NULL;
    BcModule *back = bc_deserialize(image.data, image.len, &err);
    if (!back)
        die("bc_deserialize refused the compiler's output", err);
    if (bc_verify(back, &err) < 0)
        die("bc_verify refused the compiler's output after a round trip", err);
    if (back->nprocs != m->nprocs)
        die("procedure count changed in a round trip", NULL);
    for (uint32_t i = 0; i < m->nprocs; i++)
        if (back->procs[i].max_stack != m->procs[i].max_stack)
            die("max_stack changed in a round trip", m->procs[i].name);

    Buf again = {0};
    bc_serialize(back, &again);
    if (again.len != image.len || memcmp(again.data, image.data, image.len) != 0)
        die("load + write did not give the same bytes", NULL);

    buf_free(&again);
    buf_free(&image);
    bc_free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Source *src = source_from_memory(INPUT_PATH, (const char *)data, size);
    Diags diags = {0};
    BcModule *m = compile_source(src, &diags, NULL, NULL);

    if (!m && diags.errors == 0)
        die("compile_source returned no module and no error", NULL);
    if (m && diags.errors != 0)
        die("compile_source returned a module and errors", diags.v[0].msg);

    /* Format the diagnostics as the CLI does (sorted; colour on for odd
     * sizes so both paths of diag_print run). */
    diags_sort(&diags);
    char *text = NULL;
    size_t textlen = 0;
    FILE *out = open_memstream(&text, &textlen);
    if (!out)
        abort();
    for (size_t i = 0; i < diags.n; i++) {
        check_diag(&diags.v[i], src);
        diag_print(&diags.v[i], out, (int)(size & 1));
    }

    if (m) {
        bc_disasm(m, out);
        round_trip(m);
    }
    fclose(out);
    free(text);

    bc_free(m);
    diags_free(&diags);
    source_free(src);
    return 0;
}
