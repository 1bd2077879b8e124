/* main.c — the command line: subcommands, their options and help, loading
 * a runbook (source or bytecode) and mapping outcomes to exit codes. The
 * work itself is done by the compiler, the VM and their friends. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "bytecode.h"
#include "compile.h"
#include "config.h"
#include "doc.h"
#include "exec.h"
#include "http.h"
#include "junit.h"
#include "lint.h"
#include "params.h"
#include "plan.h"
#include "proc.h"
#include "report.h"
#include "result.h"
#include "vm.h"

static const char *color_mode = "auto";

static int color_flag(FILE *f)
{
    if (strcmp(color_mode, "always") == 0)
        return 1;
    if (strcmp(color_mode, "never") == 0)
        return 0;
    const char *nc = getenv("NO_COLOR");
    return isatty(fileno(f)) && !(nc && *nc);
}

static void usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "runbook %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'runbook %s --help'.\n", cmd);
}

/* ---- loading ------------------------------------------------------- */

typedef struct Loaded {
    Source *src; /* NULL for bytecode */
    BcModule *m;
} Loaded;

/* Load FILE as source (compile it) or bytecode (verify it). Prints every
 * diagnostic; returns 0, or EXIT_USAGE. */
static int load_runbook(const char *path, Loaded *out)
{
    memset(out, 0, sizeof *out);
    char *data;
    size_t len;
    if (read_whole_file(path, &data, &len) < 0) {
        fprintf(stderr, "runbook: %s: %s\n", path, strerror(errno));
        return EXIT_USAGE;
    }
    /* A .rbc file is bytecode even when too damaged to say so itself. */
    size_t plen = strlen(path);
    bool rbc_name = plen >= 4 && strcmp(path + plen - 4, ".rbc") == 0;
    if (bc_is_bytecode(data, len) || rbc_name) {
        char *err = NULL;
        BcModule *m = bc_deserialize(data, len, &err);
        free(data);
        if (m && bc_verify(m, &err) < 0) {
            bc_free(m);
            m = NULL;
        }
        if (!m) {
            fprintf(stderr, "runbook: %s: invalid bytecode: %s\n", path, err ? err : "unknown error");
            free(err);
            return EXIT_USAGE;
        }
        out->m = m;
        return 0;
    }
    out->src = source_adopt(path, data, len);
    Diags diags = {0};
    out->m = compile_source(out->src, &diags, NULL, NULL);
    diags_sort(&diags);
    diags_print(&diags, stderr, color_flag(stderr));
    size_t errors = diags.errors;
    diags_free(&diags);
    if (!out->m || errors) {
        if (errors)
            fprintf(stderr, "runbook: %s: %zu error%s\n", path, errors, errors == 1 ? "" : "s");
        bc_free(out->m);
        source_free(out->src);
        memset(out, 0, sizeof *out);
        return EXIT_USAGE;
    }
    return 0;
}

static void loaded_free(Loaded *l)
{
    bc_free(l->m);
    source_free(l->src);
}

/* ---- exec ---------------------------------------------------------- */

static int write_junit(const Vm *vm, const BcModule *m, const char *path)
{
    size_t n;
    const VmStepRecord *rec = vm_step_records(vm, &n);
    JunitCase *cases = xcalloc(n ? n : 1, sizeof *cases);
    int64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        cases[i] = (JunitCase){rec[i].kind, rec[i].title, rec[i].duration_ns, rec[i].status,
                               rec[i].message, m->source_path, rec[i].line};
        total += rec[i].duration_ns;
    }
    char *err = NULL;
    int rc = junit_write(path, m->title, cases, n, total, &err);
    if (rc < 0) {
        fprintf(stderr, "runbook exec: --junit %s\n", err);
        free(err);
    }
    free(cases);
    return rc;
}

static const char exec_help[] =
    "Usage: runbook exec FILE[.rb|.rbc] [PROCEDURE] [OPTIONS]\n"
    "\n"
    "Run a runbook: its main body, or the named procedure.\n"
    "\n"
    "Options:\n"
    "  -p, --param NAME=VALUE   set a parameter (repeatable; wins over --vars)\n"
    "      --vars FILE.yaml     read parameters from a YAML map (repeatable;\n"
    "                           later files win)\n"
    "      --audit-log FILE     append a JSON-lines record of the run to FILE\n"
    "      --command-timeout D  timeout of each command outside a timed step\n"
    "                           (default 30m)\n"
    "  -v, --verbose            also show the output of captured commands\n"
    "      --yes                answer yes to every confirm (and say so)\n"
    "      --notify=log         send notifications to stderr only\n"
    "      --junit FILE.xml     write a JUnit report: one test case per step\n"
    "      --color=WHEN         auto (default), always or never\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 success, 1 the run failed, 2 usage or compile error,\n"
    "3 aborted.\n";

static const char plan_help[] =
    "Usage: runbook plan FILE[.rb|.rbc] [PROCEDURE] [OPTIONS]\n"
    "\n"
    "Show what a run would do, and do nothing: no command runs, no request is\n"
    "sent, nobody is prompted or notified. Every action is numbered and marked\n"
    "change, read, confirm, notify or wait, resolved where it can be; values\n"
    "only a run could tell show as (known after run), and a branch on one shows\n"
    "both arms.\n"
    "\n"
    "Options:\n"
    "  -p, --param NAME=VALUE   set a parameter (repeatable; wins over --vars)\n"
    "      --vars FILE.yaml     read parameters from a YAML map (repeatable)\n"
    "      --refresh            run read-only actions for real (kubectl get,\n"
    "                           aws describe-*, http GET, …) so their values\n"
    "                           are known\n"
    "      --format=FORMAT      text (default) or json\n"
    "      --color=WHEN         auto (default), always or never\n"
    "  -h, --help               show this help\n"
    "\n"
    "Exit status: 0 the plan is complete, 1 the run would fail on the way\n"
    "shown, 3 it would abort there, 2 usage or compile error.\n";

/* exec and plan: the same program through different effects. */
static int cmd_run(int argc, char **argv, bool plan)
{
    const char *cmd = plan ? "plan" : "exec";
    static const struct option opts[] = {
        {"param", required_argument, NULL, 'p'},
        {"vars", required_argument, NULL, 'V'},
        {"color", required_argument, NULL, 'C'},
        {"audit-log", required_argument, NULL, 'A'},
        {"command-timeout", required_argument, NULL, 'T'},
        {"verbose", no_argument, NULL, 'v'},
        {"yes", no_argument, NULL, 'y'},
        {"notify", required_argument, NULL, 'N'},
        {"junit", required_argument, NULL, 'J'},
        {"refresh", no_argument, NULL, 'R'},
        {"format", required_argument, NULL, 'F'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    const char *audit_path = NULL, *junit_path = NULL;
    PlanOptions popt = {.format = PLAN_TEXT, .out = stdout};
    bool refresh = false;
    int64_t command_timeout = 30LL * 60 * 1000000000LL;
    ExecOptions xopt = {0};
    ParamSet ps;
    paramset_init(&ps);
    int code = EXIT_USAGE;
    int c;
    char *err = NULL;
    /* Parameters are applied in order: all vars files first, then -p. */
    char **assigns = xcalloc((size_t)argc + 1, sizeof *assigns);
    size_t nassigns = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "p:hv", opts, NULL)) != -1) {
        /* Options of the other command are usage errors. */
        if ((plan && strchr("AvyJNT", c)) || (!plan && strchr("RF", c))) {
            usage_error(cmd, "%s", "that option belongs to the other command (see --help)");
            goto out;
        }
        switch (c) {
        case 'R': refresh = true; break;
        case 'F':
            if (strcmp(optarg, "text") == 0)
                popt.format = PLAN_TEXT;
            else if (strcmp(optarg, "json") == 0)
                popt.format = PLAN_JSON;
            else {
                usage_error(cmd, "--format: '%s' is not text or json", optarg);
                goto out;
            }
            break;
        case 'p': assigns[nassigns++] = optarg; break;
        case 'A': audit_path = optarg; break;
        case 'v': xopt.verbose = true; break;
        case 'y': xopt.yes = true; break;
        case 'J': junit_path = optarg; break;
        case 'N':
            if (strcmp(optarg, "log") != 0) {
                usage_error(cmd, "--notify: '%s' is not a mode (only --notify=log)", optarg);
                goto out;
            }
            xopt.notify_log = true;
            break;
        case 'T':
            if (parse_duration(optarg, strlen(optarg), &command_timeout) < 0 || command_timeout <= 0) {
                usage_error(cmd, "--command-timeout: '%s' is not a duration such as 10m", optarg);
                goto out;
            }
            break;
        case 'V':
            if (paramset_add_vars_file(&ps, optarg, &err) < 0) {
                fprintf(stderr, "runbook %s: %s\n", cmd, err);
                goto out;
            }
            break;
        case 'C': color_mode = optarg; break;
        case 'h': fputs(plan ? plan_help : exec_help, stdout); code = EXIT_OK; goto out;
        default: fprintf(stderr, "Try 'runbook %s --help'.\n", cmd); goto out;
        }
    }
    for (size_t i = 0; i < nassigns; i++)
        if (paramset_add_assignment(&ps, assigns[i], &err) < 0) {
            fprintf(stderr, "runbook %s: -p %s: %s\n", cmd, assigns[i], err);
            goto out;
        }
    if (optind >= argc) {
        usage_error(cmd, "%s", "missing FILE");
        goto out;
    }
    const char *path = argv[optind];
    const char *proc_name = optind + 1 < argc ? argv[optind + 1] : NULL;
    if (optind + 2 < argc) {
        usage_error(cmd, "unexpected argument '%s'", argv[optind + 2]);
        goto out;
    }
    Loaded l;
    if (load_runbook(path, &l) != 0)
        goto out;
    uint32_t entry = BC_PROC_MAIN;
    if (proc_name) {
        int pi = vm_find_proc(l.m, proc_name);
        if (pi < 0) {
            fprintf(stderr, "runbook %s: %s has no procedure '%s' (see 'runbook list %s')\n", cmd,
                    path, proc_name, path);
            loaded_free(&l);
            goto out;
        }
        entry = (uint32_t)pi;
    }
    Secrets secrets = {0};
    Reporter rep;
    report_init(&rep, stdout, stderr, color_flag(stdout));
    rep.secrets = &secrets;
    Audit *audit = NULL;
    if (audit_path && !(audit = audit_open(audit_path, &secrets, &err))) {
        fprintf(stderr, "runbook exec: --audit-log %s\n", err);
        loaded_free(&l);
        goto out;
    }
    proc_signals_install();
    http_global_init();
    Effects *xfx = NULL, *fx;
    if (plan) {
        rep.quiet = true;
        xopt.notify_log = true;
        if (refresh)
            popt.refresh = xfx = exec_effects_new(&rep, &secrets, NULL, &xopt);
        popt.color = rep.color;
        fx = plan_effects_new(&popt);
    } else {
        fx = exec_effects_new(&rep, &secrets, audit, &xopt);
    }
    Vm *vm = vm_new(l.m, &rep);
    vm_set_effects(vm, fx, &secrets, audit, command_timeout);
    vm_set_plan(vm, plan);
    if (vm_bind_params(vm, entry, &ps, &err) < 0) {
        fprintf(stderr, "runbook %s: %s\n", cmd, err);
        code = EXIT_USAGE;
    } else {
        if (plan && popt.format == PLAN_JSON)
            rep.out = fopen("/dev/null", "we");
        code = vm_run(vm, entry);
        if (plan && popt.format == PLAN_JSON && rep.out) {
            fclose(rep.out);
            rep.out = stdout;
        }
        if (plan && code != EXIT_USAGE) {
            Value params = vm_parameter_values(vm);
            plan_finish(fx, l.m->title, l.m->procs[entry].name, params,
                        code == EXIT_OK ? NULL : vm_failure_message(vm), code == EXIT_ABORTED);
            val_release(params);
        }
        if (junit_path && write_junit(vm, l.m, junit_path) < 0 && code == EXIT_OK)
            code = EXIT_FAILED;
    }
    vm_free(vm);
    fx->free(fx);
    if (xfx)
        xfx->free(xfx);
    audit_close(audit);
    http_global_cleanup();
    secrets_free(&secrets);
    loaded_free(&l);
out:
    free(err);
    free(assigns);
    paramset_free(&ps);
    return code;
}

static int cmd_exec(int argc, char **argv) { return cmd_run(argc, argv, false); }
static int cmd_plan(int argc, char **argv) { return cmd_run(argc, argv, true); }

/* ---- check, compile, disasm, list ---------------------------------- */

static const char check_help[] =
    "Usage: runbook check FILE...\n"
    "\n"
    "Parse, check and compile each runbook without running it. Prints every\n"
    "error as file:line:col: error: message [rule], with the source line.\n"
    "Exit status: 0 when all compile, 2 otherwise.\n";

static int simple_opts(int argc, char **argv, const char *help, const char *cmd, const char **out_path)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"output", required_argument, NULL, 'o'},
        {"color", required_argument, NULL, 'C'},
        {0, 0, 0, 0},
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(help, stdout); return -1;
        case 'o':
            if (!out_path) {
                usage_error(cmd, "%s", "-o is not an option of this command");
                return -2;
            }
            *out_path = optarg;
            break;
        case 'C': color_mode = optarg; break;
        default: fprintf(stderr, "Try 'runbook %s --help'.\n", cmd); return -2;
        }
    }
    return 0;
}

static int cmd_check(int argc, char **argv)
{
    int r = simple_opts(argc, argv, check_help, "check", NULL);
    if (r < 0)
        return r == -1 ? EXIT_OK : EXIT_USAGE;
    if (optind >= argc) {
        usage_error("check", "%s", "missing FILE");
        return EXIT_USAGE;
    }
    int code = EXIT_OK;
    for (int i = optind; i < argc; i++) {
        Loaded l;
        if (load_runbook(argv[i], &l) != 0)
            code = EXIT_USAGE;
        else
            loaded_free(&l);
    }
    return code;
}

static const char compile_help[] =
    "Usage: runbook compile FILE.rb -o FILE.rbc\n"
    "\n"
    "Compile a runbook to a bytecode file that `runbook exec` runs without the\n"
    "source. The file carries a format version and a checksum; a damaged file\n"
    "is refused. The output is written atomically.\n";

static int cmd_compile(int argc, char **argv)
{
    const char *outpath = NULL;
    int r = simple_opts(argc, argv, compile_help, "compile", &outpath);
    if (r < 0)
        return r == -1 ? EXIT_OK : EXIT_USAGE;
    if (optind != argc - 1) {
        usage_error("compile", "%s", optind >= argc ? "missing FILE" : "expected exactly one FILE");
        return EXIT_USAGE;
    }
    if (!outpath) {
        usage_error("compile", "%s", "missing -o FILE.rbc");
        return EXIT_USAGE;
    }
    Loaded l;
    if (load_runbook(argv[optind], &l) != 0)
        return EXIT_USAGE;
    Buf b = {0};
    bc_serialize(l.m, &b);
    int code = EXIT_OK;
    if (write_file_atomic(outpath, b.data, b.len) < 0) {
        fprintf(stderr, "runbook compile: %s: %s\n", outpath, strerror(errno));
        code = EXIT_USAGE;
    }
    buf_free(&b);
    loaded_free(&l);
    return code;
}

static const char disasm_help[] =
    "Usage: runbook disasm FILE[.rb|.rbc]\n"
    "\n"
    "Print the bytecode listing of a runbook: constants, globals, and each\n"
    "procedure's instructions as `%04u [line] OPNAME operands ; comment`.\n";

static int cmd_disasm(int argc, char **argv)
{
    int r = simple_opts(argc, argv, disasm_help, "disasm", NULL);
    if (r < 0)
        return r == -1 ? EXIT_OK : EXIT_USAGE;
    if (optind != argc - 1) {
        usage_error("disasm", "%s", optind >= argc ? "missing FILE" : "expected exactly one FILE");
        return EXIT_USAGE;
    }
    Loaded l;
    if (load_runbook(argv[optind], &l) != 0)
        return EXIT_USAGE;
    bc_disasm(l.m, stdout);
    loaded_free(&l);
    return EXIT_OK;
}

static const char list_help[] =
    "Usage: runbook list FILE[.rb|.rbc]\n"
    "\n"
    "List the entry points of a runbook (the main body and every procedure)\n"
    "with their titles and parameters.\n";

static void print_param(const BcParam *p)
{
    char *ty = param_type_describe(&p->type);
    printf("      %s: %s", p->name, ty);
    /* A secret's literal default is a secret too (LANGUAGE.md §9); a
     * computed one such as env("TOKEN") is shown. */
    bool secret_literal = p->type.kind == TY_SECRET && p->default_text &&
                          (p->default_text[0] == '"' || p->default_text[0] == '\'');
    if (p->has_default)
        printf(" = %s", secret_literal ? "***" : p->default_text ? p->default_text : "(default)");
    else
        printf(" (required)");
    if (p->description)
        printf("  -- %s", p->description);
    putchar('\n');
    free(ty);
}

static int cmd_list(int argc, char **argv)
{
    int r = simple_opts(argc, argv, list_help, "list", NULL);
    if (r < 0)
        return r == -1 ? EXIT_OK : EXIT_USAGE;
    if (optind != argc - 1) {
        usage_error("list", "%s", optind >= argc ? "missing FILE" : "expected exactly one FILE");
        return EXIT_USAGE;
    }
    Loaded l;
    if (load_runbook(argv[optind], &l) != 0)
        return EXIT_USAGE;
    const BcModule *m = l.m;
    printf("%s\n", m->title);
    bool any = false;
    for (uint32_t i = 0; i < m->nglobals; i++)
        any |= m->globals[i].is_param;
    if (any) {
        printf("\nParameters:\n");
        for (uint32_t i = 0; i < m->nglobals; i++)
            if (m->globals[i].is_param)
                print_param(&m->globals[i].p);
    }
    printf("\nEntry points:\n");
    printf("  (main)  %s\n", m->title);
    for (uint32_t i = 2; i < m->nprocs; i++) {
        const BcProc *p = &m->procs[i];
        if (p->file || p->name[0] == '<') /* imported or hidden */
            continue;
        printf("  %s", p->name);
        if (p->title)
            printf("  %s", p->title);
        putchar('\n');
        for (uint32_t k = 0; k < p->nparams; k++)
            print_param(&p->params[k]);
    }
    loaded_free(&l);
    return EXIT_OK;
}

/* ---- dispatch ------------------------------------------------------ */

static const char main_help[] =
    "Usage: runbook COMMAND [ARGS]\n"
    "\n"
    "Runbooks as programs: deployment, rollback and incident procedures\n"
    "written in a small declarative language, compiled and run.\n"
    "\n"
    "Commands:\n"
    "  exec      run a runbook (or one of its procedures)\n"
    "  plan      show what a run would do, doing nothing\n"
    "  check     compile a runbook and report errors, without running it\n"
    "  compile   compile a runbook to a .rbc bytecode file\n"
    "  disasm    print a runbook's bytecode listing\n"
    "  list      list entry points and parameters\n"
    "  doc       print a runbook as a Markdown document\n"
    "  lint      report errors and warnings (text, json, sarif, github, junit)\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help ('runbook COMMAND --help' for a command)\n"
    "  -V, --version  show the version\n"
    "\n"
    "Exit status: 0 success, 1 the run failed, 2 usage or compile error,\n"
    "3 aborted.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_help, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    result_register();
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_help, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("runbook %s\n", PACKAGE_VERSION);
        return EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {
        {"exec", cmd_exec}, {"plan", cmd_plan}, {"check", cmd_check}, {"compile", cmd_compile},
        {"disasm", cmd_disasm}, {"list", cmd_list}, {"lint", cmd_lint},
        {"doc", cmd_doc},
    };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (strcmp(cmd, cmds[i].name) == 0) {
            /* getopt names the program by argv[0]: "runbook exec: ...". */
            static char prog[64];
            snprintf(prog, sizeof prog, "runbook %s", cmd);
            argv[1] = prog;
            return cmds[i].fn(argc - 1, argv + 1);
        }
    fprintf(stderr, "runbook: unknown command '%s'\nTry 'runbook --help'.\n", cmd);
    return EXIT_USAGE;
}
