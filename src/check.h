/* check.h — the checker: scopes and name resolution, literal and structural
 * rules. It reports findings as diagnostics and annotates the AST (Node.sym,
 * Node.slot) so the compiler never resolves a name itself. The compiler only
 * runs on a module the checker passed without errors. */
#ifndef RUNBOOK_CHECK_H
#define RUNBOOK_CHECK_H

#include "ast.h"
#include "diag.h"

/* Check and annotate the module. Returns the number of errors added. */
size_t check_module(Node *module, const Source *src, Diags *diags);

#endif
