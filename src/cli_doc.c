/* cli_doc.c — the `runbook doc` subcommand: compile a runbook as `runbook
 * check` does (imports included), then print its Markdown document
 * (src/doc.c) from the checked AST. A runbook that does not compile is not
 * documented: its diagnostics go to stderr and the exit status is 2.
 * Bytecode has no prose or source text to show, so .rbc files are refused. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytecode.h"
#include "compile.h"
#include "doc.h"
#include "vm.h"

static const char doc_help[] =
    "Usage: runbook doc FILE.rb [-o FILE.md]\n"
    "\n"
    "Print a runbook as a Markdown document: its title and prose, parameters,\n"
    "contacts and escalation matrix, then every section, step and check with\n"
    "its commands as written, confirms as checklists, and one part per\n"
    "procedure with how to run it. Secret values never appear.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE.md  write the document to FILE.md (atomically)\n"
    "      --color=WHEN      colour diagnostics: auto (default), always, never\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 success, 2 usage or compile error.\n";

static int doc_color(const char *mode)
{
    if (strcmp(mode, "always") == 0)
        return 1;
    if (strcmp(mode, "never") == 0)
        return 0;
    const char *nc = getenv("NO_COLOR");
    return isatty(STDERR_FILENO) && !(nc && *nc);
}

int cmd_doc(int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"output", required_argument, NULL, 'o'},
        {"color", required_argument, NULL, 'C'},
        {0, 0, 0, 0},
    };
    const char *outpath = NULL, *color = "auto";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(doc_help, stdout); return EXIT_OK;
        case 'o': outpath = optarg; break;
        case 'C': color = optarg; break;
        default: fputs("Try 'runbook doc --help'.\n", stderr); return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "runbook doc: %s\nTry 'runbook doc --help'.\n",
                optind >= argc ? "missing FILE" : "expected exactly one FILE");
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    char *data;
    size_t len;
    if (read_whole_file(path, &data, &len) < 0) {
        fprintf(stderr, "runbook: %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    size_t plen = strlen(path);
    if (bc_is_bytecode(data, len) || (plen >= 4 && strcmp(path + plen - 4, ".rbc") == 0)) {
        fprintf(stderr, "runbook doc: %s is bytecode; document the .rb source instead\n", path);
        free(data);
        return EXIT_USAGE;
    }
    Source *src = source_adopt(path, data, len);
    Diags diags = {0};
    Arena arena = ARENA_INIT;
    Node *ast = NULL;
    bc_free(compile_source(src, &diags, &arena, &ast));
    diags_sort(&diags);
    diags_print(&diags, stderr, doc_color(color));
    int code = EXIT_OK;
    if (!ast || diags.errors) {
        if (diags.errors)
            fprintf(stderr, "runbook: %s: %zu error%s\n", path, diags.errors, diags.errors == 1 ? "" : "s");
        code = EXIT_USAGE;
    } else {
        Buf out = {0};
        doc_render(ast, src, path, &out);
        if (outpath) {
            if (write_file_atomic(outpath, out.data, out.len) < 0) {
                fprintf(stderr, "runbook doc: %s: %s\n", outpath, strerror(errno));
                code = EXIT_USAGE;
            }
        } else if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
            fprintf(stderr, "runbook doc: writing the document: %s\n", strerror(errno));
            code = EXIT_USAGE;
        }
        buf_free(&out);
    }
    diags_free(&diags);
    arena_release(&arena);
    source_free(src);
    return code;
}
