/* link.h — imports (`import "std/k8s" as k8s`): finding the imported file,
 * compiling it, and linking its bytecode into the importing module, so that
 * `k8s.apply(…)` calls one of its procedures. An imported runbook may
 * declare procedures, lets, contacts and escalations, not parameters; its
 * main body is not run. Each file is linked once per compilation; an import
 * cycle is an error. */
#ifndef RUNBOOK_LINK_H
#define RUNBOOK_LINK_H

#include "bytecode.h"
#include "check.h"
#include "diag.h"

/* Where `import "NAME"` looks for NAME.rb, in order: the importing file's
 * directory, each directory of $RUNBOOK_PATH (colon-separated), the
 * standard library of the source tree this runbook was built from, and
 * the installed one (PKGDATADIR/runbooks). */
char *link_find_import(const char *importing_file, const char *name);

/* One compilation's imports. */
typedef struct Imports {
    size_t n;
    ImportInfo *info;       /* for the checker, one per import declaration */
    BcModule **modules;     /* compiled, NULL when loading failed */
    char **paths;           /* resolved file paths */
    uint32_t *proc_base;    /* after linking: index of the module's first procedure */
    uint32_t *init_proc;    /* after linking: index of the module's <init> */
    uint32_t *globals_proc; /* after linking: its <globals>, or BC_NONE */
} Imports;

/* Load and compile the modules that `module` imports (diagnostics into
 * diags). stack: files being compiled, for cycle detection. */
void link_load_imports(const Node *module, const Source *src, Diags *diags, Imports *imp,
                       const char **stack, size_t depth);

/* Append every loaded module to m and make m's <init> run their <init>s
 * first. Sets proc_base/init_proc. */
void link_append(BcModule *m, Imports *imp);

void imports_free(Imports *imp);

#endif
