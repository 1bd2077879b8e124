/* cli_lint.c — the `runbook lint` subcommand: options, the files, the
 * output format and the exit status. The findings come from lint.c, their
 * printing from lint_format.c. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytecode.h"
#include "lint.h"
#include "vm.h" /* exit codes */

static const char lint_help[] =
    "Usage: runbook lint FILE... [OPTIONS]\n"
    "       runbook lint --explain [RULE...]\n"
    "\n"
    "Check runbooks without running them. Reports every compile error, and\n"
    "warnings: code that can never run, unused parameters and variables,\n"
    "shadowed names, commands that can change things inside a check,\n"
    "destructive commands with no confirm before them, secrets passed to sh,\n"
    "plain or unverified HTTP, empty steps, retries without a pause, and (when\n"
    "shellcheck is installed) ShellCheck's findings in sh scripts. All files\n"
    "are checked, whatever is found in one of them.\n"
    "\n"
    "A comment line '# lint: ignore RULE[, RULE...]' suppresses those warnings\n"
    "on the next line. Errors cannot be suppressed.\n"
    "\n"
    "Options:\n"
    "  -f, --format=FORMAT  text (default): file:line:col: severity: message\n"
    "                       [rule] with the line and a caret; json; sarif\n"
    "                       (SARIF 2.1.0); github (workflow commands); junit\n"
    "      --strict         warnings fail too (exit 1)\n"
    "      --explain        explain the RULEs named instead of checking files;\n"
    "                       alone, list every rule\n"
    "      --no-shellcheck  do not run shellcheck on sh scripts\n"
    "      --color=WHEN     auto (default), always or never (text format)\n"
    "  -h, --help           show this help\n"
    "\n"
    "Environment: RUNBOOK_SHELLCHECK names the shellcheck program (default:\n"
    "shellcheck on PATH; when there is none, scripts are not checked).\n"
    "\n"
    "Exit status: 0 no errors (with --strict: no warnings either); 1 errors,\n"
    "or warnings with --strict; 2 usage error: an unknown option, format or\n"
    "rule, no FILE, or a FILE that cannot be read or is bytecode (then the\n"
    "other files are still checked and reported).\n";

static void lint_usage(const char *fmt, const char *arg)
{
    fputs("runbook lint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'runbook lint --help'.\n", stderr);
}

static int explain(int argc, char **argv)
{
    if (argc == 0) {
        lint_explain_all(stdout);
        return EXIT_OK;
    }
    for (int i = 0; i < argc; i++) {
        RuleId r;
        if (!lint_rule_lookup(argv[i], &r)) {
            fprintf(stderr, "runbook lint: '%s' is not a rule (see 'runbook lint --explain')\n",
                    argv[i]);
            return EXIT_USAGE;
        }
    }
    for (int i = 0; i < argc; i++) {
        if (i)
            putchar('\n');
        lint_explain(stdout, argv[i]);
    }
    return EXIT_OK;
}

int cmd_lint(int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'},
        {"strict", no_argument, NULL, 'S'},
        {"explain", no_argument, NULL, 'E'},
        {"no-shellcheck", no_argument, NULL, 'N'},
        {"color", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    LintFormat format = LINT_TEXT;
    LintOptions lopt = {true, NULL};
    bool strict = false, want_explain = false;
    const char *color = "auto";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (lint_format_from_name(optarg, &format) < 0) {
                lint_usage("--format: '%s' is not text, json, sarif, github or junit", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'S': strict = true; break;
        case 'E': want_explain = true; break;
        case 'N': lopt.shellcheck = false; break;
        case 'C':
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
                lint_usage("--color: '%s' is not auto, always or never", optarg);
                return EXIT_USAGE;
            }
            color = optarg;
            break;
        case 'h': fputs(lint_help, stdout); return EXIT_OK;
        default: fputs("Try 'runbook lint --help'.\n", stderr); return EXIT_USAGE;
        }
    }
    if (want_explain)
        return explain(argc - optind, argv + optind);
    if (optind >= argc) {
        lint_usage("%s", "missing FILE");
        return EXIT_USAGE;
    }
    const char *bin = getenv("RUNBOOK_SHELLCHECK");
    if (bin && *bin)
        lopt.shellcheck_bin = bin;

    int code = EXIT_OK;
    Linter *L = lint_new(&lopt);
    for (int i = optind; i < argc; i++) {
        char *data;
        size_t len;
        if (read_whole_file(argv[i], &data, &len) < 0) {
            fprintf(stderr, "runbook lint: %s: %s\n", argv[i], strerror(errno));
            code = EXIT_USAGE;
            continue;
        }
        if (bc_is_bytecode(data, len)) {
            fprintf(stderr, "runbook lint: %s: is bytecode; lint reads runbook source\n", argv[i]);
            free(data);
            code = EXIT_USAGE;
            continue;
        }
        lint_add(L, source_adopt(argv[i], data, len));
    }
    lint_finish(L);
    bool use_color = strcmp(color, "always") == 0;
    if (strcmp(color, "auto") == 0) {
        const char *nc = getenv("NO_COLOR");
        use_color = isatty(fileno(stdout)) && !(nc && *nc);
    }
    lint_write(L, format, stdout, use_color);
    size_t errors = 0, warnings = 0;
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        errors += lint_file_at(L, i)->diags.errors;
        warnings += lint_file_at(L, i)->diags.warnings;
    }
    lint_free(L);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "runbook lint: cannot write the report: %s\n", strerror(errno));
        return EXIT_USAGE;
    }
    if (code == EXIT_OK && (errors > 0 || (strict && warnings > 0)))
        code = EXIT_FAILED;
    return code;
}
