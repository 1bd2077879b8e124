/* rules.h — the one table of diagnostic rules. Every diagnostic the parser,
 * checker or linter emits names one of these rules by its id string; the
 * linter's `--explain`, its SARIF rule list and `# lint: ignore RULE` all
 * read this table. Include it with RULE(...) defined to generate what you
 * need (an enum, a name table, a documentation listing).
 *
 * RULE(ident, "id-string", severity, "one-line summary", "documentation")
 *
 * The checker (check.c) emits only the SEV_ERROR rules: a runbook that
 * breaks one of them does not compile. The warnings below them are the
 * linter's (lint.c); ShellCheck's findings are reported under ids
 * "shellcheck-SCnnnn", all documented by the one R_SHELLCHECK entry. */
#ifndef RUNBOOK_RULES_H
#define RUNBOOK_RULES_H

#include <string.h>

#include "diag.h"

/* clang-format off */
#define RULE_LIST(RULE)                                                                \
    RULE(R_SYNTAX, "syntax", SEV_ERROR,                                                \
        "the source does not follow the grammar",                                     \
        "The lexer or parser could not read this part of the file: an unexpected "    \
        "token, an unterminated string, an unknown escape such as \\q, a "            \
        "\\u{...} outside the Unicode range, a statement where a declaration "        \
        "must be (or the reverse). The message says what was expected.")              \
    RULE(R_UNDEFINED_NAME, "undefined-name", SEV_ERROR,                                \
        "a name is used that is not declared where it is used",                       \
        "Every variable must be declared with `let` (or be a parameter, or a `for` "  \
        "variable) before it is used, in the block where it is used or one around "   \
        "it. A `let` is visible from the statement after it to the end of its "       \
        "block. In the main body a top-level `let` is visible below it; procedures "  \
        "see every parameter and top-level `let`. `captures` exists only in a "       \
        "procedure (or the main body) that contains a `=~` match. Calls must name a " \
        "procedure or a built-in function; `escalate` must name a declared "          \
        "`escalation` level, and an escalation may only list declared contacts. "     \
        "When a visible name is close, the message suggests it.")                     \
    RULE(R_DUPLICATE_NAME, "duplicate-name", SEV_ERROR,                                \
        "the same name is declared twice in one scope",                               \
        "Two `let`s of the same name in one block, two parameters of the runbook "    \
        "or of one procedure, two procedures, two contacts, two escalation levels, "  \
        "or a top-level `let` named like a parameter. A `let` in an inner block may " \
        "shadow an outer name; that is not this error.")                              \
    RULE(R_DUPLICATE_STEP, "duplicate-step", SEV_ERROR,                                \
        "two steps or checks share a title in one procedure or main body",            \
        "Step and check titles identify steps in the plan, the journal, the audit "   \
        "log and JUnit output, so a literal title must be unique within its "         \
        "procedure (or the main body, top-level handlers included). Titles built "    \
        "with ${...} interpolation are not compared.")                                \
    RULE(R_BAD_REGEX, "bad-regex", SEV_ERROR,                                          \
        "a regex literal does not compile",                                           \
        "Regex literals are compiled with PCRE2 when the runbook is compiled. The "   \
        "message is PCRE2's and the caret points at the byte where PCRE2 stopped. "   \
        "Flags may only be i, m, s and x.")                                           \
    RULE(R_BAD_DURATION, "bad-duration", SEV_ERROR,                                    \
        "a number or other non-duration is written where a duration is required",     \
        "A step's `timeout`, `wait D`, a wait's `timeout` and `every`, a retry's "    \
        "`every`, a `timeout D { }` block and an escalation's `every` take a "        \
        "duration: a number with a unit, such as 500ms, 30s, 5m, 1h30m or 2d. A "     \
        "bare number is ambiguous (seconds? minutes?) and is rejected.")              \
    RULE(R_WAIT_TIMEOUT, "wait-timeout", SEV_ERROR,                                    \
        "a `wait ... until` has no timeout",                                          \
        "A wait that polls a condition must say how long it may take, e.g. "          \
        "`wait timeout 10m until { ... }`, so that a stuck deployment fails instead " \
        "of hanging forever.")                                                        \
    RULE(R_BAD_RETRY, "bad-retry", SEV_ERROR,                                          \
        "a retry count or backoff factor literal is out of range",                    \
        "`retry N` runs its block up to N times in all, so a literal N must be an "   \
        "integer of at least 1. A literal `backoff F` multiplies the pause after "    \
        "each attempt and must be a number of at least 1.")                           \
    RULE(R_PARAM_TYPE, "param-type", SEV_ERROR,                                        \
        "a parameter's default does not fit its type, or an enum type is malformed",  \
        "A literal default must have the declared type: an int for int, an int or "   \
        "float for float, a string for string, secret and enum types, a duration "    \
        "literal for duration, a list or map literal for list and map, true or "      \
        "false for bool. An enum default must be one of the members. Enum members "   \
        "must be non-empty and distinct.")                                            \
    RULE(R_PARAM_DEFAULT, "param-default", SEV_ERROR,                                  \
        "a runbook parameter's default uses something it cannot",                     \
        "Runbook parameter defaults are computed before anything runs, so they may "  \
        "only use literals, built-in functions such as env(), and parameters "        \
        "declared before them: no commands, no procedure calls, no `let` variables.") \
    RULE(R_BAD_CALL, "bad-call", SEV_ERROR,                                            \
        "a call has the wrong number of arguments or calls something not callable",   \
        "A built-in function takes a fixed number of arguments (the message says "   \
        "how many); a procedure takes at most as many arguments as it has "           \
        "parameters and needs one for every parameter without a default. "            \
        "Only procedures and built-in functions can be called, and they can only be " \
        "called, not used as values.")                                                \
    RULE(R_MISPLACED, "misplaced", SEV_ERROR,                                          \
        "a statement or value is used where it is not allowed",                       \
        "Declarations (param, import, contact, escalation, defaults, procedure, "      \
        "top-level on failure/on success) only at top level; `return` only inside a " \
        "procedure; `failure` only inside an `on failure` block (of a step or the "   \
        "top-level one) and code nested in it.")                                      \
    RULE(R_ASSIGN_PARAM, "assign-param", SEV_ERROR,                                    \
        "`set` assigns to a parameter",                                               \
        "Parameters (of the runbook or of a procedure) are read-only; declare a "     \
        "variable with `let` and change that instead.")                               \
    RULE(R_UNSUPPORTED, "unsupported", SEV_ERROR,                                      \
        "a feature that this version does not implement yet",                         \
        "The syntax is accepted but the feature is not implemented yet, e.g. using "  \
        "a name from an `import`.")                                                   \
    RULE(R_TOO_DEEP, "too-deep", SEV_ERROR,                                            \
        "an expression or block is nested too deeply",                                \
        "Expressions and blocks may nest at most 1000 levels deep. Split the "        \
        "expression with `let` variables.")                                           \
    RULE(R_TOO_LARGE, "too-large", SEV_ERROR,                                          \
        "a procedure is too large to compile",                                        \
        "A jump in the bytecode can span at most 8M instruction words. Split the "    \
        "procedure (or the main body) into smaller procedures.")                      \
    RULE(R_IMPORT, "import", SEV_ERROR,                                                \
        "an imported module cannot be found, read or compiled",                       \
        "`import \"PATH\" as NAME` looks for PATH.rb next to the importing file, in "   \
        "the directories of $RUNBOOK_PATH and in the standard library. The module "   \
        "must compile on its own, must not import itself (directly or through "       \
        "others) and must not declare parameters: pass values to its procedures "     \
        "instead.")                                                                   \
    RULE(R_INTERNAL, "internal", SEV_ERROR,                                            \
        "the compiler met something the checker should have rejected",                \
        "This is a bug in runbook, not in the runbook: please report it together "    \
        "with the file that shows it.")                                               \
    /* --- lint warnings (src/lint.c) --- */                                          \
    RULE(R_UNREACHABLE, "unreachable", SEV_WARNING,                                    \
        "a statement can never run: it comes after `fail`, `abort` or `return`",      \
        "`fail` and `abort` end the step (or the run) and `return` leaves the "       \
        "procedure, so the statements after one of them in the same block never "    \
        "run. Lint also sees through sections, nested blocks, `if`/`else` chains "    \
        "and `match`es all of whose branches end that way. Usually the statements "   \
        "belong before the `fail`, or the `fail` belongs inside an `if`. Reported "   \
        "once per block, at the first statement that cannot run.")                    \
    RULE(R_UNUSED_PARAM, "unused-param", SEV_WARNING,                                  \
        "a parameter is never read",                                                  \
        "A runbook parameter that nothing reads (no statement, procedure, handler, "  \
        "parameter default or declaration) must still be given or defaulted, and "    \
        "it tells the reader that it matters when it does not. The same goes for a "  \
        "procedure parameter that its procedure never reads. Remove it or use it; "   \
        "names that start with `_` are exempt.")                                      \
    RULE(R_UNUSED_VARIABLE, "unused-variable", SEV_WARNING,                            \
        "a `let` variable is never read",                                             \
        "The variable gets a value (from its `let`, perhaps from `set`s) that "       \
        "nothing ever reads. Often it is a leftover, or a typo for another name. "    \
        "When the value is wanted only for its side effect, such as a command run "   \
        "with `let r = try ...` for a result nobody inspects, write the command as "  \
        "a statement, or start the name with `_`, which exempts it.")                 \
    RULE(R_SHADOWING, "shadowing", SEV_WARNING,                                        \
        "a declaration hides an outer variable or a built-in function",               \
        "A `let`, a `for` variable or a procedure parameter named like a variable "   \
        "of an enclosing block, a runbook parameter or a top-level `let` hides the "  \
        "outer one until its block ends, and a later edit easily reads the wrong "    \
        "one. A declaration named like a built-in function (`len`, `env`, ...) "      \
        "reads as that function, and a procedure of that name replaces it in every "  \
        "call. Rename one of the two.")                                               \
    RULE(R_MUTATING_CHECK, "mutating-check", SEV_WARNING,                              \
        "a command inside a `check` can change things",                               \
        "A `check` must only observe: `runbook plan --refresh` runs the commands in " \
        "checks for real, and readers trust a check to be safe to run at any time. "  \
        "A kubectl, aws or http command is read-only only when the effects table "    \
        "(src/effects_table.h, listed below) says so; any other one in a check is "   \
        "reported. What a program run by `run`, an `sh` script or `kubectl exec` "   \
        "does cannot be told in general, so for them lint reports only what the "     \
        "table recognizes: a destructive program, or a kubectl or aws command run "   \
        "through them that is not read-only. Procedures called from a check are not " \
        "followed. Move the command into a `step`.")                                  \
    RULE(R_DESTRUCTIVE, "destructive-unconfirmed", SEV_WARNING,                        \
        "a destructive command has no `confirm` before it",                           \
        "Deleting things (`kubectl delete`, `aws ... delete-*` and `terminate-*`, "   \
        "`rm -rf`, `terraform destroy`, `alembic downgrade`, http DELETE: the "       \
        "effects table's list is below) cannot be undone by running the runbook "     \
        "again. Put a `confirm` before it in the same step, or before the step in "   \
        "its procedure (or main body), so that a person agrees first; unattended "    \
        "runs answer with --yes, which is recorded. A `confirm` in an earlier step "  \
        "does not cover a later one. Commands in `undo` blocks are exempt: they "     \
        "reverse what their step did, and run only on `rollback`. In `sh` scripts "   \
        "each simple command is looked up.")                                          \
    RULE(R_SECRET_IN_SH, "secret-in-sh", SEV_WARNING,                                  \
        "a secret is interpolated into an `sh` script",                               \
        "An `sh` script receives each ${...} value through an environment variable, " \
        "so a value cannot inject shell code; but a shell leaks secrets easily: "     \
        "`set -x` traces them, an `echo` or an error message prints them, every "     \
        "child process inherits them, and a script that transforms one (base64, "     \
        "cut) defeats the output masking, which hides only the exact value. Pass "    \
        "secrets to `run`, `kubectl`, `aws` or `http` (e.g. as a header) instead. "   \
        "Lint follows secrets through `let`, `set` and `for`: a value computed from " \
        "a secret parameter is a secret too.")                                        \
    RULE(R_INSECURE_HTTP, "insecure-http", SEV_WARNING,                                \
        "`http ... insecure` does not verify the server's certificate",               \
        "With `insecure` anyone on the path can impersonate the server and read or "  \
        "change the request, tokens included. Give the server a certificate that "    \
        "verifies, or point SSL_CERT_FILE at the CA that signed it, and drop "        \
        "`insecure`.")                                                                \
    RULE(R_PLAIN_HTTP, "plain-http", SEV_WARNING,                                      \
        "an http:// URL to a host that is not local",                                 \
        "Plain HTTP sends the request and the answer, headers and tokens included, "  \
        "unencrypted and unauthenticated. Use https://. Local hosts (localhost, "     \
        "*.localhost, 127.0.0.0/8 and ::1) are exempt, and so are URLs whose host "   \
        "is interpolated. Lint looks at strings that start with http:// and at "      \
        "http:// URLs in command words and `sh` scripts.")                            \
    RULE(R_EMPTY_STEP, "empty-step", SEV_WARNING,                                      \
        "a step or check has no statements",                                          \
        "An empty step appears in the plan, the audit log and JUnit reports as if "   \
        "it did something. Fill it in or remove it; a docstring alone does not "      \
        "count.")                                                                     \
    RULE(R_RETRY_NO_EVERY, "retry-without-every", SEV_WARNING,                         \
        "a `retry` has no `every`, so it tries again at once",                        \
        "Without `every D` the attempts follow each other with no pause, which "      \
        "rarely gives a failing service time to recover. Add e.g. `every 10s` (and "  \
        "`backoff 2` to wait longer each time).")                                     \
    RULE(R_BAD_IGNORE, "bad-ignore", SEV_WARNING,                                      \
        "a `# lint: ignore` comment names an unknown rule or an error",               \
        "`# lint: ignore RULE` (or `RULE1, RULE2`), alone on its line, suppresses "    \
        "those warnings on the next line; several such lines in a row add up, and "   \
        "text after ` -- ` is a free comment. Errors cannot be suppressed: the "      \
        "runbook would not compile. `runbook lint --explain` lists the rule ids; "    \
        "ShellCheck findings are shellcheck-SCnnnn, or `shellcheck` for all of "      \
        "them.")                                                                      \
    RULE(R_SHELLCHECK, "shellcheck", SEV_WARNING,                                      \
        "ShellCheck found a problem in an `sh` script",                               \
        "When shellcheck is on PATH, every `sh` script is checked with "              \
        "`shellcheck -s sh` (scripts run under /bin/sh). Each ${...} is shown to "    \
        "ShellCheck as the quoted variable reference that runbook really passes, "    \
        "so its findings are about the script as it runs. ShellCheck errors are "     \
        "errors, warnings are warnings, info findings are notes and style findings "  \
        "are left out. The rule id of a finding is shellcheck-SCnnnn, explained at "  \
        "https://www.shellcheck.net/wiki/SCnnnn. Without shellcheck (or with "        \
        "--no-shellcheck) scripts are not checked, and nothing says so.")
/* clang-format on */

typedef enum RuleId {
#define RULE_ENUM_(ident, id, sev, summary, doc) ident,
    RULE_LIST(RULE_ENUM_)
#undef RULE_ENUM_
    R__COUNT
} RuleId;

/* The id string of a rule, e.g. "undefined-name". */
static inline const char *rule_name(RuleId r)
{
    switch (r) {
#define RULE_NAME_(ident, id, sev, summary, doc) case ident: return id;
        RULE_LIST(RULE_NAME_)
#undef RULE_NAME_
    default: return "?";
    }
}

/* The one-line summary and the documentation paragraph of a rule. */
static inline const char *rule_summary(RuleId r)
{
    switch (r) {
#define RULE_SUMMARY_(ident, id, sev, summary, doc) case ident: return summary;
        RULE_LIST(RULE_SUMMARY_)
#undef RULE_SUMMARY_
    default: return "";
    }
}

static inline const char *rule_doc(RuleId r)
{
    switch (r) {
#define RULE_DOC_(ident, id, sev, summary, doc) case ident: return doc;
        RULE_LIST(RULE_DOC_)
#undef RULE_DOC_
    default: return "";
    }
}

static inline Severity rule_severity(RuleId r)
{
    switch (r) {
#define RULE_SEV_(ident, id, sev, summary, doc) case ident: return sev;
        RULE_LIST(RULE_SEV_)
#undef RULE_SEV_
    default: return SEV_ERROR;
    }
}

/* Find a rule by its id string; R__COUNT when there is none. */
static inline RuleId rule_find(const char *name)
{
#define RULE_FIND_(ident, id, sev, summary, doc) if (strcmp(name, id) == 0) return ident;
    RULE_LIST(RULE_FIND_)
#undef RULE_FIND_
    return R__COUNT;
}

#endif
