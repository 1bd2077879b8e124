/* check.h — the checker: scopes and name resolution, literal and structural
 * rules. It reports findings as diagnostics and annotates the AST (Node.sym,
 * Node.slot) so the compiler never resolves a name itself. The compiler only
 * runs on a module the checker passed without errors. */
#ifndef RUNBOOK_CHECK_H
#define RUNBOOK_CHECK_H

#include "ast.h"
#include "diag.h"

/* What the checker needs to know of an imported module: its procedures,
 * in order, with their arity. */
typedef struct ImportedProc {
    const char *name;
    uint32_t nparams, nrequired;
    uint32_t index; /* the procedure's index in its module */
} ImportedProc;

typedef struct ImportInfo {
    const char *alias;
    const char *path;  /* as written in the import */
    const ImportedProc *procs;
    size_t nprocs;
} ImportInfo;

/* Check and annotate the module. Returns the number of errors added. */
size_t check_module(Node *module, const Source *src, Diags *diags);
/* The same, for a module with imports: imports[i] is the module of the
 * i-th import declaration, in order (NULL entries: failed to load, already
 * reported; calls through them are not reported again). */
size_t check_module_with(Node *module, const Source *src, Diags *diags,
                         const ImportInfo *imports, size_t nimports);

#endif
