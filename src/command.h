/* command.h — turning a command's evaluated words into a resolved request
 * (LANGUAGE.md §5): one argument per word, a list word expands to one
 * argument per element, nothing is split or globbed; kubectl and aws
 * binaries from $RUNBOOK_KUBECTL / $RUNBOOK_AWS; aws gets --output json
 * unless an --output is given; sh gets its values through the environment;
 * http words parsed into method, URL and options. Secrets passed to a
 * command are registered so that its output is masked, and the displayed
 * command line shows *** for them. */
#ifndef RUNBOOK_COMMAND_H
#define RUNBOOK_COMMAND_H

#include "effect.h"
#include "secrets.h"

/* Names of the environment variables through which sh receives the
 * interpolated values: RUNBOOK_V1, RUNBOOK_V2, … */
#define SH_VAR_PREFIX "RUNBOOK_V"

typedef struct CommandContext {
    Secrets *secrets;
    int64_t timeout_ns;
} CommandContext;

/* words: n values (for sh: the script template first, then the values).
 * Fills req (caller frees with cmd_request_free). Returns -1 and *err on a
 * malformed command (e.g. "http: unknown option 'x'"). */
int command_build(int kind, const Value *words, uint32_t n, const CommandContext *ctx,
                  CmdRequest *req, char **err);

/* What a command does, from its words (the argv as built, program first;
 * for http the method first): EFF_READ when effects_table.h lists it as
 * read-only, else EFF_CHANGE. sh and unlisted run commands are EFF_CHANGE:
 * nobody can tell what a script does. */
int command_effect_class(int kind, char *const *words, size_t n);
/* True when effects_table.h lists the command as destructive. */
bool command_is_destructive(int kind, char *const *words, size_t n);

/* The name a command kind is written with: "run", "sh", "kubectl", … */
const char *command_word(int kind);

#endif
