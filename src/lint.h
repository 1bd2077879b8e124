/* lint.h — `runbook lint`: everything that can be said about a runbook
 * without running it. Each file is parsed and checked (the errors are the
 * checker's own), compiled when it checks (so that lint fails whatever
 * `runbook check` fails), and then the lint rules run over the annotated
 * AST: warnings with a rule id from rules.h, a severity and a span. `sh`
 * scripts also go through ShellCheck when it is installed. `# lint: ignore
 * RULE` comments suppress warnings on the next line. Printing is
 * lint_format.c's job; the subcommand (options, exit status) is
 * cli_lint.c's. Lint never changes the tree and never runs the runbook. */
#ifndef RUNBOOK_LINT_H
#define RUNBOOK_LINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ast.h"
#include "diag.h"
#include "rules.h"

typedef struct LintOptions {
    bool shellcheck;            /* check sh scripts with ShellCheck, if it is installed */
    const char *shellcheck_bin; /* the program; NULL means "shellcheck" on PATH */
} LintOptions;

/* One linted file: its source (path as given) and its findings, sorted by
 * position once lint_finish has run. */
typedef struct LintFile {
    Source *src;
    Diags diags;
} LintFile;

typedef struct Linter Linter;

Linter *lint_new(const LintOptions *opt);
/* Lint one source; the linter takes it. */
void lint_add(Linter *L, Source *src);
/* The work done for all files at once (ShellCheck runs once for every
 * script), then ignore comments and sorting. Call once, after the adds. */
void lint_finish(Linter *L);
size_t lint_nfiles(const Linter *L);
const LintFile *lint_file_at(const Linter *L, size_t i);
void lint_free(Linter *L);

/* Is id a rule that diagnostics can carry: a table id, or
 * "shellcheck-SC<digits>" (then *r = R_SHELLCHECK)? */
bool lint_rule_lookup(const char *id, RuleId *r);

/* ---- output formats (lint_format.c) ---- */

typedef enum LintFormat { LINT_TEXT, LINT_JSON, LINT_SARIF, LINT_GITHUB, LINT_JUNIT } LintFormat;

/* 0 and *f, or -1 for an unknown name. */
int lint_format_from_name(const char *name, LintFormat *f);
void lint_write(const Linter *L, LintFormat f, FILE *out, bool color);
/* `--explain RULE`: -1 when there is no such rule. */
int lint_explain(FILE *out, const char *rule);
/* `--explain` alone: every rule, one line each. */
void lint_explain_all(FILE *out);

/* ---- the subcommand (cli_lint.c) ---- */

int cmd_lint(int argc, char **argv);

/* ---- shared by lint.c and lint_sh.c ---- */

/* Line starts of a source, for turning byte offsets into spans. */
typedef struct LineIndex {
    const Source *src;
    uint32_t *starts;
    size_t n;
} LineIndex;

void line_index_init(LineIndex *li, const Source *src);
void line_index_free(LineIndex *li);
/* The span of source bytes [start, end), both clamped into the source. */
Span line_index_span(const LineIndex *li, size_t start, size_t end);

/* An sh script as /bin/sh will see it: the literal text with every ${...}
 * replaced by the quoted variable reference the compiler passes, and for
 * each byte of it the source offset it came from (approximate inside """
 * scripts, whose lines were dedented; never outside the source). */
typedef struct ShScript {
    size_t file;     /* index of the LintFile */
    Buf text;
    uint32_t *map;   /* text.len entries */
    size_t cap;
} ShScript;

void sh_script_build(const Node *cmd, const LineIndex *li, ShScript *s);
void sh_script_free(ShScript *s);

/* Calls fn for each simple command of a shell script (split at ; & | ( )
 * newlines, `...` and $(...); redirections, leading VAR=value words and
 * wrappers such as sudo, env, exec, nohup, time and xargs skipped). words
 * are the command's words with quotes removed; a word with an expansion
 * ($, `) is "\x01". start is the text offset where the command starts. */
typedef void (*ShCommandFn)(void *ctx, char **words, size_t n, size_t start);
void sh_simple_commands(const char *text, size_t len, ShCommandFn fn, void *ctx);

/* Run ShellCheck once over the scripts and add its findings to files[i].
 * diags through each script's map. rule ids are interned in *ids (freed by
 * the caller). Silent when ShellCheck is not installed. */
void shellcheck_scripts(const LintOptions *opt, ShScript *scripts, size_t n, LintFile *files,
                        const LineIndex *indexes, char ***ids, size_t *nids);

#endif
