/* doc.h — `runbook doc`: a runbook rendered as a Markdown document, read
 * from the checked AST and the exact source text (commands, conditions and
 * defaults appear as written). Nothing secret is ever printed: a secret
 * parameter's literal default and a PagerDuty key show as `***`. */
#ifndef RUNBOOK_DOC_H
#define RUNBOOK_DOC_H

#include "ast.h"
#include "diag.h"
#include "util.h"

/* Append the document of module (which the checker accepted: names are
 * resolved) to out. path is how to name the file in the "how to run"
 * lines (`runbook exec PATH …`). Deterministic: same input, same bytes. */
void doc_render(const Node *module, const Source *src, const char *path, Buf *out);

/* The `runbook doc` subcommand (src/cli_doc.c). */
int cmd_doc(int argc, char **argv);

#endif
