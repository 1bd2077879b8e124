/* rules.h — the one table of diagnostic rules. Every diagnostic the parser,
 * checker or linter emits names one of these rules by its id string; the
 * linter's `--explain`, its SARIF rule list and `# lint: ignore RULE` all
 * read this table. Include it with RULE(...) defined to generate what you
 * need (an enum, a name table, a documentation listing).
 *
 * RULE(ident, "id-string", severity, "one-line summary", "documentation")
 *
 * The checker (check.c) emits only the SEV_ERROR rules: a runbook that
 * breaks one of them does not compile. Warnings are added here by the
 * linter. */
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
        "expression with `let` variables.")
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
