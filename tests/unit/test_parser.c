/* test_parser.c — the front end: lexer and parser (grammar/lexer.l,
 * grammar/parser.y) through parse_source, checked on ast_dump output,
 * spans and syntax diagnostics. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast.h"
#include "frontend.h"
#include "unit.h"
#include "util.h"

/* --- helpers ------------------------------------------------------------- */

/* The dump on one line: newlines and indentation become single spaces. */
static char *dump_compact(const Node *n)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    ast_dump(n, f);
    fclose(f);
    char *o = text;
    for (char *p = text; *p; p++) {
        if (*p == '\n') {
            while (p[1] == ' ')
                p++;
            if (p[1] && o > text)
                *o++ = ' ';
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    return text;
}

typedef struct Parsed {
    Source *src;
    Diags diags;
    Arena arena;
    Node *module;
} Parsed;

static Parsed parse_n(const char *text, size_t len)
{
    Parsed p = {0};
    p.src = source_from_memory("t.rb", text, len);
    p.module = parse_source(p.src, &p.diags, &p.arena);
    return p;
}

static Parsed parse(const char *text) { return parse_n(text, strlen(text)); }

static void parsed_free(Parsed *p)
{
    arena_release(&p->arena);
    diags_free(&p->diags);
    source_free(p->src);
}

/* All diagnostics as "L:C message" joined by " | ". */
static char *errors_text(const Parsed *p)
{
    Buf b = {0};
    for (size_t i = 0; i < p->diags.n; i++) {
        const Diag *d = &p->diags.v[i];
        if (i)
            buf_adds(&b, " | ");
        buf_printf(&b, "%u:%u %s", d->span.line, d->span.col, d->msg);
    }
    return buf_steal(&b);
}

/* Parse `runbook "t"` + body; the dump of the module's statements, or
 * "ERR: …" with the diagnostics when there were any. Results are kept in a
 * small ring so several can appear in one CHECK. */
static char *ring[16];
static int ring_i;
static const char *keep(char *s)
{
    free(ring[ring_i]);
    ring[ring_i] = s;
    ring_i = (ring_i + 1) % 16;
    return s;
}

static const char *body(const char *text)
{
    Buf src = {0};
    buf_adds(&src, "runbook \"t\"\n");
    buf_adds(&src, text);
    Parsed p = parse(src.data);
    buf_free(&src);
    char *out;
    if (p.diags.n) {
        char *e = errors_text(&p);
        out = xasprintf("ERR: %s", e);
        free(e);
    } else {
        char *d = dump_compact(p.module);
        const char *prefix = "(module \"t\"";
        size_t pl = strlen(prefix);
        if (strncmp(d, prefix, pl) == 0) {
            size_t n = strlen(d);
            out = xstrndup(d + pl + (d[pl] == ' '), n - pl - (d[pl] == ' ') - 1);
        } else {
            out = xstrdup(d);
        }
        free(d);
    }
    parsed_free(&p);
    return keep(out);
}

/* Just the diagnostics of a whole file (no header added). */
static const char *errors(const char *text)
{
    Parsed p = parse(text);
    char *e = errors_text(&p);
    parsed_free(&p);
    return keep(e);
}

/* Errors of a body (header added, so lines start at 2). */
static const char *body_errors(const char *text)
{
    Buf src = {0};
    buf_adds(&src, "runbook \"t\"\n");
    buf_adds(&src, text);
    const char *e = errors(src.data);
    buf_free(&src);
    return e;
}

static void free_ring(void)
{
    for (int i = 0; i < 16; i++) {
        free(ring[i]);
        ring[i] = NULL;
    }
}

/* --- the sketch from the language spec --------------------------------- */

static const char sketch[] =
    "# A sketch of part of seeds/deployment-runbook.md written in the runbook\n"
    "runbook \"Deployment Runbook - Financial Planning System\"\n"
    "\"\"\"\n"
    "Step-by-step procedures for deploying the Financial Planning System across\n"
    "environments: normal deployment, emergency procedures, rollback and\n"
    "troubleshooting.\n"
    "\"\"\"\n"
    "\n"
    "param environment: \"development\" | \"staging\" | \"production\" = \"staging\" \\\n"
    "    \"Target environment\"\n"
    "param tag: string \"Image tag to deploy\"\n"
    "\n"
    "let ns  = \"financial-planning-${environment}\"\n"
    "let api = env(\"FP_API_URL\") ?? \"https://api.financial-planning.com\"\n"
    "\n"
    "defaults kubectl -n ${ns}\n"
    "\n"
    "contact oncall      \"On-call Engineer\"    pagerduty env(\"PD_ROUTING_KEY\")\n"
    "contact team_lead   \"Team Lead\"           email \"team-lead@financial-planning.com\"\n"
    "contact cto         \"CTO\"                 log\n"
    "\n"
    "escalation P0 \"Critical\" [oncall, eng_manager, cto]\n"
    "escalation P1 \"High\"     [oncall, team_lead, eng_manager]\n"
    "\n"
    "section \"Pre-Deployment Checklist\" {\n"
    "    confirm \"All CI tests passing\"\n"
    "    if environment == \"production\" {\n"
    "        confirm \"Change approval obtained\"\n"
    "    }\n"
    "}\n"
    "\n"
    "section \"Manual Deployment\" {\n"
    "    step \"Apply database migrations\" timeout 10m {\n"
    "        kubectl apply -f k8s/jobs/migration-job.yml\n"
    "        kubectl wait --for=condition=complete job/migration-job --timeout=300s\n"
    "    }\n"
    "\n"
    "    step \"Deploy application\" timeout 15m {\n"
    "        kubectl apply -k k8s/overlays/${environment}/\n"
    "        kubectl rollout status deployment/financial-planning\n"
    "    } undo {\n"
    "        kubectl rollout undo deployment/financial-planning\n"
    "    }\n"
    "}\n"
    "\n"
    "check \"Basic health check\" {\n"
    "    retry 3 every 10s {\n"
    "        let r = http GET \"${api}/health\"\n"
    "        expect r.status == 200\n"
    "    }\n"
    "}\n"
    "\n"
    "check \"Database connectivity\" {\n"
    "    let r = http GET \"${api}/api/v1/health/db\"\n"
    "    expect r.json.status == \"ok\", \"database health is ${r.json.status}\"\n"
    "}\n"
    "\n"
    "on failure {\n"
    "    escalate P1 \"Deployment of ${tag} to ${environment} failed: ${failure.message}\"\n"
    "    rollback\n"
    "}\n"
    "\n"
    "procedure blue_green_switch() \"Blue-Green Rollback\" {\n"
    "    let current = kubectl get service financial-planning-active \\\n"
    "        -o jsonpath={.spec.selector.color}\n"
    "    let next = \"${current}\" == \"blue\" ? \"green\" : \"blue\"\n"
    "    confirm \"Switch live traffic from ${current} to ${next}?\"\n"
    "    kubectl patch service financial-planning-active \\\n"
    "        -p ${json({spec: {selector: {color: next}}})}\n"
    "}\n"
    "\n"
    "procedure diagnose_slow() \"Troubleshooting: High Response Times\" {\n"
    "    kubectl top pods\n"
    "    let logs = kubectl logs deployment/financial-planning\n"
    "    let slow = []\n"
    "    for line in logs.lines {\n"
    "        if line =~ /slow/i { set slow = slow + [line] }\n"
    "    }\n"
    "    log \"${len(slow)} slow-query lines\"\n"
    "}\n";

TEST(sketch_parses_without_errors)
{
    Parsed p = parse(sketch);
    char *e = errors_text(&p);
    CHECK_EQ_STR(e, "");
    free(e);
    REQUIRE(p.module != NULL);
    CHECK_EQ_INT(p.module->kind, N_MODULE);
    CHECK_EQ_STR(p.module->str, "Deployment Runbook - Financial Planning System");
    REQUIRE(p.module->nkids == 18);
    CHECK_EQ_INT(p.module->kids[0]->kind, N_DOC);
    CHECK_EQ_INT(p.module->kids[5]->kind, N_DEFAULTS);
    CHECK_EQ_INT(p.module->kids[15]->kind, N_ON_FAILURE);
    CHECK_EQ_INT(p.module->kids[16]->kind, N_PROCEDURE);
    parsed_free(&p);
}

/* The spec's own copy, when the tree it lives in is around. */
TEST(shared_sketch_file_parses)
{
    const char *paths[] = {"/work/shared/examples/deploy-sketch.rb", "examples/deploy-sketch.rb"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        char *err = NULL;
        Source *s = source_load(paths[i], &err);
        if (!s) {
            free(err);
            continue;
        }
        Diags d = {0};
        Arena arena = ARENA_INIT;
        Node *m = parse_source(s, &d, &arena);
        CHECK(m != NULL);
        CHECK_EQ_INT(d.n, 0);
        arena_release(&arena);
        diags_free(&d);
        source_free(s);
    }
}

/* --- module and declarations ---------------------------------------------- */

TEST(header_and_docstring)
{
    Parsed p = parse("# comment first\n\nrunbook \"My Title\"\n\"\"\"\n  Prose.\n  More.\n  \"\"\"\n");
    REQUIRE(p.diags.n == 0);
    char *d = dump_compact(p.module);
    CHECK_EQ_STR(d, "(module \"My Title\" (doc \"Prose.\\nMore.\\n\"))");
    free(d);
    REQUIRE(p.module->a != NULL);
    CHECK_EQ_INT(p.module->a->kind, N_STRING);
    parsed_free(&p);
}

TEST(header_required_and_first)
{
    CHECK_EQ_STR(errors(""), "1:1 a runbook must start with a `runbook \"Title\"` header");
    CHECK_EQ_STR(errors("log 1\nrunbook \"x\"\n"),
                 "1:1 a runbook must start with a `runbook \"Title\"` header | "
                 "2:1 the `runbook \"Title\"` header must come first");
    CHECK_EQ_STR(errors("runbook \"x\"\nrunbook \"y\"\n"),
                 "2:1 a runbook has only one `runbook \"Title\"` header");
    CHECK_EQ_STR(errors("runbook \"a ${b}\"\n"), "1:9 the runbook title cannot contain `${…}`");
    CHECK_EQ_STR(errors("runbook 'raw title'"), "");
}

TEST(params)
{
    CHECK_EQ_STR(body("param environment: \"a\" | \"b\" = \"a\" \\\n    \"Target\"\n"),
                 "(param environment (type enum \"a\" \"b\") (string \"a\") (string \"Target\"))");
    CHECK_EQ_STR(body("param tag: string"), "(param tag (type string))");
    CHECK_EQ_STR(body("param t: string \"desc\""), "(param t (type string) _ (string \"desc\"))");
    CHECK_EQ_STR(body("param n: int = 3"), "(param n (type int) (int 3))");
    CHECK_EQ_STR(body("param k: secret = env(\"K\")"),
                 "(param k (type secret) (call (name env) (string \"K\")))");
    CHECK_EQ_STR(body("param a: float\nparam b: bool\nparam c: duration = 5m\nparam d: list\nparam e: map = {}"),
                 "(param a (type float)) (param b (type bool)) (param c (type duration) (duration 300000000000)) "
                 "(param d (type list)) (param e (type map) (map))");
    CHECK_EQ_STR(body("param x: strng"),
                 "ERR: 2:10 unknown type `strng` (types are string, int, float, bool, duration, list, map, "
                 "secret, or an enum such as \"a\" | \"b\")");
    CHECK_EQ_STR(body("param x: \"a${b}\""), "ERR: 2:10 an enum member cannot contain `${…}`");
}

TEST(import_contact_escalation_defaults)
{
    CHECK_EQ_STR(body("import \"std/k8s\" as k8s"), "(import \"std/k8s\" k8s)");
    CHECK_EQ_STR(body("contact oncall \"On-call\" pagerduty env(\"PD\")"),
                 "(contact oncall pagerduty (string \"On-call\") (call (name env) (string \"PD\")))");
    CHECK_EQ_STR(body("contact a \"A\" webhook \"https://h\"\ncontact b \"B\" email \"b@x\"\ncontact c \"C\" log"),
                 "(contact a webhook (string \"A\") (string \"https://h\")) "
                 "(contact b email (string \"B\") (string \"b@x\")) (contact c log (string \"C\"))");
    CHECK_EQ_STR(body("contact a \"A\" sms \"x\""),
                 "ERR: 2:15 unknown contact channel `sms` (channels are webhook, pagerduty, email and log)");
    CHECK_EQ_STR(body("escalation P0 \"Critical\" [a, b,\n  c]"),
                 "(escalation P0 (string \"Critical\") (name a) (name b) (name c))");
    CHECK_EQ_STR(body("escalation P1 \"High\" [a] every 10m"),
                 "(escalation P1 (string \"High\") (duration 600000000000) (name a))");
    CHECK_EQ_STR(body("defaults kubectl -n ${ns} --context prod"),
                 "(defaults kubectl (word (string bare \"-n\")) (word whole (name ns)) "
                 "(word (string bare \"--context\")) (word (string bare \"prod\")))");
    CHECK_EQ_STR(body("defaults sh x"), "ERR: 2:1 `defaults` applies to kubectl and aws only, not to sh");
}

TEST(procedures_and_handlers)
{
    CHECK_EQ_STR(body("procedure p(x, y: int = 2, z: \"a\" | \"b\",) \"Title\" {\n  return x\n}"),
                 "(procedure p (param x) (param y (type int) (int 2)) (param z (type enum \"a\" \"b\")) "
                 "(string \"Title\") (block (return (name x))))");
    CHECK_EQ_STR(body("procedure q() { return }"), "(procedure q _ (block (return)))");
    CHECK_EQ_STR(body("on failure {\n  rollback\n}\non success { log 1 }"),
                 "(on_failure (block (rollback))) (on_success (block (log (int 1))))");
}

TEST(declarations_only_at_top_level)
{
    CHECK_EQ_STR(body_errors("step \"s\" {\n  param p: int\n  import \"x\" as y\n  contact a \"A\" log\n"
                             "  escalation P0 \"C\" []\n  defaults kubectl -n x\n"
                             "  procedure p() {}\n  on success {}\n}\n"),
                 "3:3 `param` is only allowed at the top level of a runbook | "
                 "4:3 `import` is only allowed at the top level of a runbook | "
                 "5:3 `contact` is only allowed at the top level of a runbook | "
                 "6:3 `escalation` is only allowed at the top level of a runbook | "
                 "7:3 `defaults` is only allowed at the top level of a runbook | "
                 "8:3 `procedure` is only allowed at the top level of a runbook | "
                 "9:3 `on success` is only allowed at the top level of a runbook");
    CHECK_EQ_STR(body_errors("if x {\n  on failure { log 1 }\n}\n"),
                 "3:3 `on failure` here must follow a step's closing brace on the same line "
                 "(`} on failure {`); a stand-alone `on failure` is only allowed at the top level");
    CHECK_EQ_STR(body_errors("if x {\n  runbook \"again\"\n}\n"),
                 "3:3 the `runbook \"Title\"` header belongs at the start of the file");
}

/* --- statements ---------------------------------------------------------- */

TEST(simple_statements)
{
    CHECK_EQ_STR(body("let x = 1\nset x = 2; log x"),
                 "(let x (int 1)) (set x (int 2)) (log (name x))");
    CHECK_EQ_STR(body("expect a == 1\nexpect b, \"msg\""),
                 "(expect (binary == (name a) (int 1))) (expect (name b) (string \"msg\"))");
    CHECK_EQ_STR(body("fail\nfail \"x\"\nabort\nabort \"y\"\nreturn\nreturn 1\nrollback"),
                 "(fail) (fail (string \"x\")) (abort) (abort (string \"y\")) (return) (return (int 1)) (rollback)");
    CHECK_EQ_STR(body("confirm \"ok?\"\nconfirm \"Deploy?\" when env == \"prod\""),
                 "(confirm (string \"ok?\")) (confirm (string \"Deploy?\") (binary == (name env) (string \"prod\")))");
    CHECK_EQ_STR(body("escalate P1 \"down: ${x}\""),
                 "(escalate P1 (interp (string \"down: \") (name x)))");
    CHECK_EQ_STR(body("f(1, 2)\nm.f()"),
                 "(expr_stmt (call (name f) (int 1) (int 2))) (expr_stmt (call (field (name m) f)))");
}

TEST(doc_statements)
{
    CHECK_EQ_STR(body("\"prose\"\n'raw prose'"), "(doc \"prose\") (doc \"raw prose\")");
    CHECK_EQ_STR(body("\"Deploys ${tag} now\""), "(doc \"Deploys ${tag} now\")");
    CHECK_EQ_STR(body("step \"s\" {\n  \"\"\"Runs it.\"\"\"\n  log 1\n}"),
                 "(step (string \"s\") _ (block (doc \"Runs it.\") (log (int 1))))");
    CHECK_EQ_STR(body("\"a\" + \"b\""), "(expr_stmt (binary + (string \"a\") (string \"b\")))");
}

TEST(sections_and_steps)
{
    CHECK_EQ_STR(body("section \"S\" {\n  log 1\n}"), "(section (string \"S\") (block (log (int 1))))");
    CHECK_EQ_STR(body("step \"a\" { log 1 }"), "(step (string \"a\") _ (block (log (int 1))))");
    CHECK_EQ_STR(body("check \"c\" timeout 30s { expect true }"),
                 "(check (string \"c\") (duration 30000000000) (block (expect (true))))");
    CHECK_EQ_STR(body("step \"a\" timeout 10m {\n  log 1\n} undo {\n  log 2\n} on failure {\n  log 3\n}"),
                 "(step (string \"a\") (duration 600000000000) (block (log (int 1))) (block (log (int 2))) "
                 "(block (log (int 3))))");
    CHECK_EQ_STR(body("step \"a\" { } on failure { fail }"), "(step (string \"a\") _ (block) _ (block (fail)))");
    CHECK_EQ_STR(body("step \"a ${n}\" { }"), "(step (interp (string \"a \") (name n)) _ (block))");
    CHECK_EQ_STR(body("step \"a\" { } undo { } undo { }"), "ERR: 2:23 `undo` given twice");
}

TEST(continuation_must_share_the_line)
{
    CHECK_EQ_STR(body_errors("if x {\n}\nelse {\n}\n"),
                 "4:1 unexpected `else`: it must follow the `}` of an `if` block, on the same line");
    CHECK_EQ_STR(body_errors("step \"s\" {\n}\nundo {\n}\n"),
                 "4:1 unexpected `undo`: it must follow the `}` of a step, on the same line");
}

TEST(if_else)
{
    CHECK_EQ_STR(body("if a { log 1 }"), "(if (name a) (block (log (int 1))))");
    CHECK_EQ_STR(body("if a {\n  log 1\n} else if b {\n  log 2\n} else {\n  log 3\n}"),
                 "(if (name a) (block (log (int 1))) (if (name b) (block (log (int 2))) (block (log (int 3)))))");
    CHECK_EQ_STR(body("if f(x) { }"), "(if (call (name f) (name x)) (block))");
}

TEST(match_arms)
{
    CHECK_EQ_STR(body("match c { \"blue\" => set n = \"green\"\n"
                      "          \"green\", \"g\" => { set n = \"blue\" }\n"
                      "          1, -2, 1.5, 5s, true, null => log 1\n"
                      "          _ => fail \"unknown ${c}\" }"),
                 "(match (name c) "
                 "(arm (string \"blue\") => (set n (string \"green\"))) "
                 "(arm (string \"green\") (string \"g\") => (block (set n (string \"blue\")))) "
                 "(arm (int 1) (int -2) (float 1.5) (duration 5000000000) (true) (null) => (log (int 1))) "
                 "(arm _ => (fail (interp (string \"unknown \") (name c)))))");
    CHECK_EQ_STR(body("match x {\n}"), "(match (name x))");
    CHECK_EQ_STR(body("match x { y => log 1 }"),
                 "ERR: 2:11 a match pattern must be a literal or `_`, not the name `y`");
    CHECK_EQ_STR(body("match x { \"${y}\" => log 1 }"), "ERR: 2:11 a match pattern cannot contain `${…}`");
    CHECK_EQ_STR(body("match x { 1 => kubectl get pods }"),
                 "(match (name x) (arm (int 1) => (cmd kubectl (word (string bare \"get\")) (word (string bare \"pods\")))))");
}

TEST(loops_waits_retries)
{
    CHECK_EQ_STR(body("for s in [\"a\", \"b\"] { log s }"),
                 "(for s (list (string \"a\") (string \"b\")) (block (log (name s))))");
    CHECK_EQ_STR(body("for s in xs parallel 4 { }"), "(for s (name xs) (block) (int 4))");
    CHECK_EQ_STR(body("for k in {a: 1} { }"), "(for k (map (pair a (int 1))) (block))");
    CHECK_EQ_STR(body("wait 30s"), "(wait (duration 30000000000))");
    CHECK_EQ_STR(body("wait \"done\" timeout 10m every 10s until {\n  let d = f()\n  d == 1\n}"),
                 "(wait_until (string \"done\") (duration 600000000000) (duration 10000000000) "
                 "(block (let d (call (name f))) (expr_stmt (binary == (name d) (int 1)))))");
    CHECK_EQ_STR(body("wait timeout 1m until ready()"),
                 "(wait_until _ (duration 60000000000) _ (call (name ready)))");
    CHECK_EQ_STR(body("wait every 1s timeout 1m until x"),
                 "(wait_until _ (duration 60000000000) (duration 1000000000) (name x))");
    CHECK_EQ_STR(body("wait until { log 1 }"),
                 "ERR: 2:14 the last statement of an `until { … }` block must be the condition to wait for");
    CHECK_EQ_STR(body("wait timeout 1s timeout 2s until x"), "ERR: 2:17 `timeout` given twice");
    CHECK_EQ_STR(body("retry 3 every 10s backoff 2 jitter { f() }"),
                 "(retry jitter (int 3) (duration 10000000000) (int 2) (block (expr_stmt (call (name f)))))");
    CHECK_EQ_STR(body("retry 3 { }"), "(retry (int 3) _ _ (block))");
    CHECK_EQ_STR(body("retry 3 jiter { }"),
                 "ERR: 2:9 unexpected name `jiter` in `retry`; options are every, backoff and jitter");
    CHECK_EQ_STR(body("timeout 5m { log 1 }"), "(timeout (duration 300000000000) (block (log (int 1))))");
    CHECK_EQ_STR(body("parallel { log 1 }\nparallel limit 2 { }"),
                 "(parallel _ (block (log (int 1)))) (parallel (int 2) (block))");
}

/* --- expressions ---------------------------------------------------------- */

TEST(operator_precedence)
{
    CHECK_EQ_STR(body("log a ? b : c ? d : e"),
                 "(log (ternary (name a) (name b) (ternary (name c) (name d) (name e))))");
    CHECK_EQ_STR(body("log a ?? b or c and not d == e + f * -g"),
                 "(log (coalesce (name a) (or (name b) (and (name c) (unary not (binary == (name d) "
                 "(binary + (name e) (binary * (name f) (unary - (name g))))))))))");
    CHECK_EQ_STR(body("log a - b - c / d % e"),
                 "(log (binary - (binary - (name a) (name b)) (binary % (binary / (name c) (name d)) (name e))))");
    CHECK_EQ_STR(body("log x in [1] != false"), "ERR: 2:14 unexpected `!=`: comparisons cannot be chained (use `and`, or parentheses)");
    CHECK_EQ_STR(body("log -a.b[0](1)"),
                 "(log (unary - (call (index (field (name a) b) (int 0)) (int 1))))");
    CHECK_EQ_STR(body("log (a + b) * c"), "(log (binary * (binary + (name a) (name b)) (name c)))");
    CHECK_EQ_STR(body("log a <= b and c >= d and e < f and g > h"),
                 "(log (and (and (and (binary <= (name a) (name b)) (binary >= (name c) (name d))) "
                 "(binary < (name e) (name f))) (binary > (name g) (name h))))");
}

TEST(literals)
{
    CHECK_EQ_STR(body("log [1, 1_000, 0.05, 2.5e3, 1e-2, true, false, null, failure]"),
                 "(log (list (int 1) (int 1000) (float 0.05) (float 2500.0) (float 0.01) (true) (false) (null) "
                 "(failure)))");
    CHECK_EQ_STR(body("log {name: \"x\", \"any key\": 1, if: 2, failure: 3,}"),
                 "(log (map (pair name (string \"x\")) (pair \"any key\" (int 1)) (pair if (int 2)) "
                 "(pair failure (int 3))))");
    CHECK_EQ_STR(body("log failure.step + x.if + x.sh + x.runbook"),
                 "(log (binary + (binary + (binary + (field (failure) step) (field (name x) if)) "
                 "(field (name x) sh)) (field (name x) runbook)))");
    CHECK_EQ_STR(body("log {a: {b: [{c: 1}]}}"), "(log (map (pair a (map (pair b (list (map (pair c (int 1)))))))))");
    CHECK_EQ_STR(body("log {}\nlog []"), "(log (map)) (log (list))");
    CHECK_EQ_STR(body("log {\"a${b}\": 1}"), "ERR: 2:6 a map key cannot contain `${…}`");
}

TEST(newlines_inside_brackets)
{
    CHECK_EQ_STR(body("let l = [\n  1,\n  2,\n]\nlet m = {\n  a: 1,\n  b: f(\n    2,\n    3)\n}\nlog 1 + \\\n  2"),
                 "(let l (list (int 1) (int 2))) (let m (map (pair a (int 1)) (pair b (call (name f) (int 2) "
                 "(int 3))))) (log (binary + (int 1) (int 2)))");
    CHECK_EQ_STR(body("log \"\"\"\n  a ${f(\n    1)} b\n  \"\"\""),
                 "(log (interp (string triple \"a \") (call (name f) (int 1)) (string triple \" b\\n\")))");
}

TEST(brace_block_or_map)
{
    /* after an operand-expecting token a `{` is a map, else a block */
    CHECK_EQ_STR(body("let m = {a: 1}\nlog {a: 1}\nf({a: 1})\nreturn {a: 1}"),
                 "(let m (map (pair a (int 1)))) (log (map (pair a (int 1)))) "
                 "(expr_stmt (call (name f) (map (pair a (int 1))))) (return (map (pair a (int 1))))");
    CHECK_EQ_STR(body("if x == {a: 1} { log 1 }"),
                 "(if (binary == (name x) (map (pair a (int 1)))) (block (log (int 1))))");
    CHECK_EQ_STR(body("wait timeout 1m until { x }"),
                 "(wait_until _ (duration 60000000000) _ (block (expr_stmt (name x))))");
}

TEST(regex_only_after_match_operators)
{
    CHECK_EQ_STR(body("log line =~ /slow\\/query/i"), "(log (match_re =~ (name line) \"slow\\\\/query\" \"i\"))");
    CHECK_EQ_STR(body("log a !~ /x/"), "(log (match_re !~ (name a) \"x\" \"\"))");
    CHECK_EQ_STR(body("log a / b / c"), "(log (binary / (binary / (name a) (name b)) (name c)))");
    CHECK_EQ_STR(body("log a =~ \"x\""), "ERR: 2:10 unexpected string, expected a regex literal /…/");
    CHECK_EQ_STR(body("log a =~ /abc"), "ERR: 2:10 unterminated regex literal: missing closing `/`");
    /* flags are the checker's business (it knows PCRE2's) */
    CHECK_EQ_STR(body("log a =~ /x/gq"), "(log (match_re =~ (name a) \"x\" \"gq\"))");

    Parsed p = parse("runbook \"t\"\nlog a =~ /x+/ms\n");
    REQUIRE(p.diags.n == 0);
    const Node *re = p.module->kids[0]->a;
    REQUIRE(re->kind == N_MATCH_RE);
    REQUIRE(re->b != NULL && re->b->kind == N_REGEX);
    CHECK_EQ_INT(re->b->span.off, 21);
    CHECK_EQ_INT(re->b->span.end_off, 27);
    CHECK_EQ_INT(re->b->span.col, 10);
    CHECK_EQ_INT(re->span.col, 5); /* the whole `a =~ /x+/ms` */
    parsed_free(&p);
}

TEST(durations)
{
    CHECK_EQ_STR(body("log [500ms, 30s, 5m, 1h, 1h30m, 2d, 1.5s, 0s]"),
                 "(log (list (duration 500000000) (duration 30000000000) (duration 300000000000) "
                 "(duration 3600000000000) (duration 5400000000000) (duration 172800000000000) "
                 "(duration 1500000000) (duration 0)))");
    CHECK_EQ_STR(body("log 5min"), "ERR: 2:5 invalid number or duration `5min` (units are ms, s, m, h, d)");
    CHECK_EQ_STR(body("log 30m1h"),
                 "ERR: 2:5 invalid duration `30m1h`: units go from largest to smallest, each at most once, "
                 "and the total must fit in 292 years");
    CHECK_EQ_STR(body("log 999999999d"),
                 "ERR: 2:5 invalid duration `999999999d`: units go from largest to smallest, each at most once, "
                 "and the total must fit in 292 years");
    CHECK_EQ_STR(body("log 1h30"), "ERR: 2:5 invalid number or duration `1h30` (units are ms, s, m, h, d)");
}

TEST(numbers)
{
    CHECK_EQ_STR(body("log 9223372036854775807"), "(log (int 9223372036854775807))");
    CHECK_EQ_STR(body("log 9223372036854775808"),
                 "ERR: 2:5 integer `9223372036854775808` is too large (the limit is 9223372036854775807)");
    CHECK_EQ_STR(body("log 1.5.3"), "ERR: 2:5 invalid number `1.5.3`");
    CHECK_EQ_STR(body("log 1__0"), "ERR: 2:5 invalid number `1__0`");
    CHECK_EQ_STR(body("log 0x10"), "ERR: 2:5 invalid number or duration `0x10` (units are ms, s, m, h, d)");
    CHECK_EQ_STR(body("log 1e999"), "ERR: 2:5 number `1e999` is out of range");
}

/* --- strings -------------------------------------------------------------- */

TEST(string_escapes)
{
    CHECK_EQ_STR(body("log \"a\\nb\\tc\\\\d\\\"e\\$f ${x} \\${y} $z \\u{41}\\u{e9}\\u{1F600}\""),
                 "(log (interp (string \"a\\nb\\tc\\\\d\\\"e$f \") (name x) (string \" ${y} $z Aé😀\")))");
    CHECK_EQ_STR(body("log 'raw \\n ${x}'"), "(log (string single \"raw \\\\n ${x}\"))");
    CHECK_EQ_STR(body("log \"\""), "(log (string \"\"))");
    CHECK_EQ_STR(body("log \"${a}${b}\""), "(log (interp (name a) (name b)))");
    CHECK_EQ_STR(body("log \"x ${\"in ${y} ner\"} z\""),
                 "(log (interp (string \"x \") (interp (string \"in \") (name y) (string \" ner\")) (string \" z\")))");
    CHECK_EQ_STR(body("log \"\\u{0}\""), "(log (string \"\\x00\"))");
}

TEST(string_escape_errors)
{
    CHECK_EQ_STR(body_errors("log \"a\\qb \\u{110000} \\u{D800} \\u{} \\u41\"\n"),
                 "2:7 unknown escape `\\q` (escapes are \\n \\t \\\\ \\\" \\$ \\u{HEX}) | "
                 "2:11 `\\u{110000}` is beyond U+10FFFF, the last Unicode code point | "
                 "2:22 `\\u{D800}` is a surrogate, not a Unicode character | "
                 "2:31 empty `\\u{}` escape: write the code point in hex, e.g. \\u{1F600} | "
                 "2:36 invalid `\\u` escape: write `\\u{HEX}`, e.g. \\u{1F600}");
    CHECK_EQ_STR(body_errors("log \"\\u{FFFFFFFFFFFFFFFFFFFF}\"\n"),
                 "2:6 `\\u{FFFFFFFFFFFFFFFFFFFF}` is beyond U+10FFFF, the last Unicode code point");
}

TEST(unterminated_strings)
{
    CHECK_EQ_STR(body_errors("log \"abc\nlog 1\n"),
                 "2:5 unterminated string: missing closing `\"` before the end of the line");
    CHECK_EQ_STR(body_errors("log 'abc\nlog 1\n"), "2:5 unterminated string: missing closing `'`");
    CHECK_EQ_STR(body_errors("log \"abc ${x\"\nlog 2\n"), "2:10 unterminated `${`: missing `}`");
    CHECK_EQ_STR(body_errors("log \"abc ${x\nlog 2\n"),
                 "2:10 unterminated `${`: missing `}` before the end of the line");
    CHECK_EQ_STR(body_errors("log \"\"\"abc\n  def\n"),
                 "2:5 unterminated string: missing closing `\"\"\"`");
    CHECK_EQ_STR(body_errors("log \"abc"), "2:5 unterminated string: missing closing `\"`");
}

TEST(triple_quoted_dedent)
{
    /* first newline dropped, common indentation removed, closing line blank */
    CHECK_EQ_STR(body("log \"\"\"\n    a\n      b\n\n    c\n    \"\"\""),
                 "(log (string triple \"a\\n  b\\n\\nc\\n\"))");
    /* text on the opening line is kept and does not count */
    CHECK_EQ_STR(body("log \"\"\"first\n    a\n    b\"\"\""), "(log (string triple \"first\\na\\nb\"))");
    CHECK_EQ_STR(body("log \"\"\"one line\"\"\""), "(log (string triple \"one line\"))");
    /* whitespace-only lines do not count and are emptied */
    CHECK_EQ_STR(body("log \"\"\"\n    a\n  \n        \n    b\n\"\"\""),
                 "(log (string triple \"a\\n\\n\\nb\\n\"))");
    /* an escaped tab is content, not indentation */
    CHECK_EQ_STR(body("log \"\"\"\n  \\tx\n  y\n  \"\"\""), "(log (string triple \"\\tx\\ny\\n\"))");
    /* interpolation at the start of a line, and quotes inside */
    CHECK_EQ_STR(body("log \"\"\"\n    ${a} \"q\" \"\"\n      ${b}\n    \"\"\""),
                 "(log (interp (name a) (string triple \" \\\"q\\\" \\\"\\\"\\n  \") (name b) (string triple \"\\n\")))");
    /* tabs and spaces: only the common prefix goes */
    CHECK_EQ_STR(body("log \"\"\"\n\t  a\n\t b\n\"\"\""), "(log (string triple \" a\\nb\\n\"))");
    /* CRLF line ends */
    CHECK_EQ_STR(body("log \"\"\"\r\n    a\r\n    b\r\n    \"\"\""), "(log (string triple \"a\\nb\\n\"))");
    CHECK_EQ_STR(body("log \"\"\"\"\"\""), "(log (string triple \"\"))");
}

/* --- command mode -------------------------------------------------------- */

TEST(command_words)
{
    CHECK_EQ_STR(body("kubectl get pods -n ${ns}"),
                 "(cmd kubectl (word (string bare \"get\")) (word (string bare \"pods\")) (word (string bare \"-n\")) "
                 "(word whole (name ns)))");
    CHECK_EQ_STR(body("run echo a${b}c \"d ${e} f\"g 'h ${i}' \"${j}\" \"\" $HOME a$"),
                 "(cmd run (word (string bare \"echo\")) (word (string bare \"a\") (name b) (string bare \"c\")) "
                 "(word (string \"d \") (name e) (string \" f\") (string bare \"g\")) "
                 "(word (string single \"h ${i}\")) (word (name j)) (word (string \"\")) "
                 "(word (string bare \"$HOME\")) (word (string bare \"a$\")))");
    CHECK_EQ_STR(body("aws s3 cp \"\"\"x\"\"\" --output=json"),
                 "(cmd aws (word (string bare \"s3\")) (word (string bare \"cp\")) (word (string triple \"x\")) "
                 "(word (string bare \"--output=json\")))");
    CHECK_EQ_STR(body("http POST \"${api}/x\" json {a: 1} header X-Y \"z\""),
                 "(cmd http (word (string bare \"POST\")) (word (name api) (string \"/x\")) (word (string bare \"json\")) "
                 "(word (string bare \"{a:\")) (word (string bare \"1}\")) (word (string bare \"header\")) "
                 "(word (string bare \"X-Y\")) (word (string \"z\")))");
    CHECK_EQ_STR(body("run echo \\${lit} a\\b"),
                 "(cmd run (word (string bare \"echo\")) (word (string bare \"${lit}\")) (word (string bare \"a\\\\b\")))");
    CHECK_EQ_STR(body("kubectl"), "(cmd kubectl)");
}

TEST(command_terminators_comments_continuation)
{
    CHECK_EQ_STR(body("run a ; log 1"), "(cmd run (word (string bare \"a\"))) (log (int 1))");
    CHECK_EQ_STR(body("run a; b"), "(cmd run (word (string bare \"a;\")) (word (string bare \"b\")))");
    CHECK_EQ_STR(body("step \"x\" { kubectl get pods }"),
                 "(step (string \"x\") _ (block (cmd kubectl (word (string bare \"get\")) (word (string bare \"pods\")))))");
    CHECK_EQ_STR(body("step \"x\" { run a} }"), "(step (string \"x\") _ (block (cmd run (word (string bare \"a}\")))))");
    CHECK_EQ_STR(body("if x { kubectl get a } else { sh echo }b }"),
                 "(if (name x) (block (cmd kubectl (word (string bare \"get\")) (word (string bare \"a\")))) "
                 "(block (cmd sh (word (string bare \"echo }b\")))))");
    CHECK_EQ_STR(body("wait timeout 1m until { let p = kubectl get pods ; p.ok }"),
                 "(wait_until _ (duration 60000000000) _ (block (let p (cmd kubectl (word (string bare \"get\")) "
                 "(word (string bare \"pods\")))) (expr_stmt (field (name p) ok))))");
    CHECK_EQ_STR(body("run a # comment ; }\nrun b#not-a-comment"),
                 "(cmd run (word (string bare \"a\"))) (cmd run (word (string bare \"b#not-a-comment\")))");
    CHECK_EQ_STR(body("let d = kubectl get deployment/x \\\n    -o json\nlog d"),
                 "(let d (cmd kubectl (word (string bare \"get\")) (word (string bare \"deployment/x\")) "
                 "(word (string bare \"-o\")) (word (string bare \"json\")))) (log (name d))");
    CHECK_EQ_STR(body("run a${x \n"), "ERR: 2:6 unterminated `${`: missing `}` before the end of the line");
}

TEST(command_mode_positions)
{
    CHECK_EQ_STR(body("let r = try http GET \"${u}\"\nset r = aws sts get-caller-identity\ntry run false"),
                 "(let r (cmd http try (word (string bare \"GET\")) (word (name u)))) "
                 "(set r (cmd aws (word (string bare \"sts\")) (word (string bare \"get-caller-identity\")))) "
                 "(cmd run try (word (string bare \"false\")))");
    /* not at a statement start: keywords, not command mode */
    CHECK_EQ_STR(body("log run"), "ERR: 2:5 unexpected `run`, expected an expression");
    CHECK_EQ_STR(body("log x.run + {sh: 1}.sh"),
                 "(log (binary + (field (name x) run) (field (map (pair sh (int 1))) sh)))");

    Parsed p = parse("runbook \"t\"\nlet d = kubectl get pods\n");
    REQUIRE(p.diags.n == 0);
    const Node *cmd = p.module->kids[0]->a;
    REQUIRE(cmd->kind == N_CMD);
    CHECK_EQ_INT(cmd->op, CMD_KUBECTL);
    CHECK_EQ_INT(cmd->span.col, 9);
    CHECK_EQ_INT(cmd->span.end_col, 25);
    parsed_free(&p);
}

TEST(sh_scripts_are_raw_text)
{
    CHECK_EQ_STR(body("sh echo \"hello $USER\" | grep -v 'a;b' > /tmp/x  "),
                 "(cmd sh (word (string bare \"echo \\\"hello $USER\\\" | grep -v 'a;b' > /tmp/x\")))");
    CHECK_EQ_STR(body("sh for f in *; do echo \"$f ${x}\"; done # note"),
                 "(cmd sh (word (string bare \"for f in *; do echo \\\"$f \") (name x) (string bare \"\\\"; done\")))");
    CHECK_EQ_STR(body("sh a ; log 1"), "(cmd sh (word (string bare \"a\"))) (log (int 1))");
    CHECK_EQ_STR(body("sh echo '; } #' \" ; }\""), "(cmd sh (word (string bare \"echo '; } #' \\\" ; }\\\"\")))");
    CHECK_EQ_STR(body("step \"s\" { sh echo hi }"),
                 "(step (string \"s\") _ (block (cmd sh (word (string bare \"echo hi\")))))");
    CHECK_EQ_STR(body("sh echo a \\\n  b \\${HOME} \\$HOME"),
                 "(cmd sh (word (string bare \"echo a \\\\\\n  b ${HOME} \\\\$HOME\")))");
    CHECK_EQ_STR(body("sh ${cmd}"), "(cmd sh (word (name cmd)))");
    CHECK_EQ_STR(body("let out = try sh echo ${x} | wc -l"),
                 "(let out (cmd sh try (word (string bare \"echo \") (name x) (string bare \" | wc -l\"))))");
    CHECK_EQ_STR(body("sh"), "ERR: 2:1 `sh` needs a script");
    CHECK_EQ_STR(body("sh echo 'oops"), "ERR: 2:9 unterminated `'` in sh script");
}

TEST(sh_triple_quoted_script)
{
    CHECK_EQ_STR(body("sh \"\"\"\n    set -e\n      echo ${x}\n    done\n    \"\"\""),
                 "(cmd sh (word (string triple \"set -e\\n  echo \") (name x) (string triple \"\\ndone\\n\")))");
    CHECK_EQ_STR(body("sh \"\"\"a\"\"\" b"),
                 "ERR: 2:12 a `sh` script written as \"\"\"…\"\"\" must be the only thing after `sh`");
}

/* --- errors and recovery -------------------------------------------------- */

TEST(several_errors_one_run)
{
    CHECK_EQ_STR(errors("runbook \"t\"\n"
                        "x = 1\n"
                        "let = 5\n"
                        "log (1 +)\n"
                        "step \"a\" {\n"
                        "  log 1 2\n"
                        "  let y = ]\n"
                        "}\n"
                        "log \"ok\"\n"
                        "if {\n"),
                 "2:3 unexpected `=` (declare with `let NAME = …`, assign with `set NAME = …`) | "
                 "3:5 unexpected `=`, expected a name | "
                 "4:9 unexpected `)`, expected an expression | "
                 "6:9 unexpected number `2`, expected end of line or `}` | "
                 "7:11 unexpected `]`, expected an expression | "
                 "10:4 unexpected `{`, expected an expression");
}

TEST(unclosed_brackets_are_named)
{
    CHECK_EQ_STR(body_errors("step \"x\" {\n  log 1\n"),
                 "3:8 expected `}` to close the block opened at 2:10, found end of file");
    CHECK_EQ_STR(body_errors("log f(1, 2\nlet y = 3\nlog y\n"),
                 "3:1 expected `)` to close the `(` opened at 2:6, found `let`");
    CHECK_EQ_STR(body_errors("let m = {a: 1\n"), "2:14 expected `}` to close the map opened at 2:9, found end of file");
}

TEST(recovery_does_not_lose_blocks)
{
    /* the braces of a discarded statement do not close the enclosing block */
    Parsed p = parse("runbook \"t\"\n"
                     "step \"a\" {\n"
                     "  monitor \"m\" { }\n"
                     "  x = {a: 1}\n"
                     "  log 1\n"
                     "}\n"
                     "log 2\n");
    char *e = errors_text(&p);
    CHECK_EQ_STR(e, "3:3 `monitor` is not supported yet | "
                    "4:5 unexpected `=` (declare with `let NAME = …`, assign with `set NAME = …`)");
    free(e);
    char *d = dump_compact(p.module);
    CHECK_EQ_STR(d, "(module \"t\" (step (string \"a\") _ (block (log (int 1)))) (log (int 2)))");
    free(d);
    parsed_free(&p);

    /* an error in a step's header keeps its body */
    CHECK_EQ_STR(body_errors("step \"a\" timout 5m {\n  log 1\n}\nlog 2\n"),
                 "2:10 unexpected name `timout`, expected `{` or `timeout`");
    CHECK_EQ_STR(body("log \"${ }\" + 1"), "ERR: 2:9 unexpected `}`, expected an expression");
}

TEST(error_spans)
{
    Parsed p = parse("runbook \"t\"\nlet x = \"a\\qb\"\n");
    REQUIRE(p.diags.n == 1);
    const Diag *d = &p.diags.v[0];
    CHECK_EQ_STR(d->rule, "syntax");
    CHECK_EQ_INT(d->sev, SEV_ERROR);
    CHECK_EQ_INT(d->span.line, 2);
    CHECK_EQ_INT(d->span.col, 11);
    CHECK_EQ_INT(d->span.end_col, 13);
    CHECK_EQ_INT(d->span.off, 22);
    CHECK_EQ_INT(d->span.end_off, 24);
    parsed_free(&p);
}

TEST(error_cap)
{
    Buf b = {0};
    buf_adds(&b, "runbook \"t\"\n");
    for (int i = 0; i < 200; i++)
        buf_adds(&b, "= = =\n");
    Parsed p = parse(b.data);
    CHECK_EQ_INT(p.diags.errors, 50);
    CHECK_EQ_INT(p.diags.n, 51);
    CHECK_EQ_STR(p.diags.v[50].msg, "too many syntax errors; stopping here");
    parsed_free(&p);
    buf_free(&b);
}

/* --- spans ------------------------------------------------------------------ */

static char *slice(const Parsed *p, const Node *n)
{
    return xstrndup(p->src->text + n->span.off, n->span.end_off - n->span.off);
}

TEST(expression_spans_are_exact)
{
    Parsed p = parse("runbook \"t\"\nstep \"s\" {\n    expect r.json[\"a\"].b == (1 + f(2)) , \"m ${x}\"\n}\n");
    REQUIRE(p.diags.n == 0);
    const Node *step = p.module->kids[0];
    const Node *ex = step->c->kids[0];
    REQUIRE(ex->kind == N_EXPECT);
    char *s = slice(&p, ex->a);
    CHECK_EQ_STR(s, "r.json[\"a\"].b == (1 + f(2))");
    free(s);
    s = slice(&p, ex->a->a);
    CHECK_EQ_STR(s, "r.json[\"a\"].b");
    free(s);
    s = slice(&p, ex->b);
    CHECK_EQ_STR(s, "\"m ${x}\"");
    free(s);
    s = slice(&p, ex);
    CHECK_EQ_STR(s, "expect r.json[\"a\"].b == (1 + f(2)) , \"m ${x}\"");
    free(s);
    CHECK_EQ_INT(ex->span.line, 3);
    CHECK_EQ_INT(ex->span.col, 5);
    s = slice(&p, step);
    CHECK(s[0] == 's' && s[strlen(s) - 1] == '}');
    free(s);
    CHECK_EQ_INT(step->span.line, 2);
    CHECK_EQ_INT(step->span.end_line, 4);
    s = slice(&p, step->a);
    CHECK_EQ_STR(s, "\"s\"");
    free(s);
    parsed_free(&p);
}

/* --- robustness --------------------------------------------------------------- */

TEST(nul_bytes_and_invalid_utf8)
{
    Parsed p = parse_n("runbook \"t\"\nlog \"a\0b\"\n# \xff\xfe\nlog 1\n", 33);
    char *e = errors_text(&p);
    CHECK_EQ_STR(e, "2:7 NUL byte in source | 3:3 invalid UTF-8 (byte 0xFF)");
    free(e);
    REQUIRE(p.module != NULL);
    CHECK_EQ_INT(p.module->nkids, 2);
    parsed_free(&p);
    CHECK_EQ_STR(body_errors("let \xe2\x82\xac = 1\n"),
                 "2:5 unexpected character `\xe2\x82\xac` | 2:9 unexpected `=`, expected a name");
    CHECK_EQ_STR(errors("\xef\xbb\xbfrunbook \"bom\"\n"), "");
}

static Buf repeat(const char *head, const char *s, int n, const char *tail)
{
    Buf b = {0};
    buf_adds(&b, head);
    for (int i = 0; i < n; i++)
        buf_adds(&b, s);
    buf_adds(&b, tail);
    return b;
}

TEST(deep_nesting_is_refused)
{
    struct {
        const char *head, *unit, *tail;
        int n;
        const char *want; /* prefix of the first message */
    } cases[] = {
        {"runbook \"t\"\nlog ", "(", "1", 1000, "nesting too deep"},
        {"runbook \"t\"\nlog ", "[", "1", 1000, "nesting too deep"},
        {"runbook \"t\"\n", "if x {\n", "", 1000, "nesting too deep"},
        {"runbook \"t\"\nlog ", "\"${", "1", 1000, "nesting too deep"},
        {"runbook \"t\"\nlog 1", " + 1", "", 100000, "expression or `if` chain nested too deeply"},
        {"runbook \"t\"\nlog a", ".b", "", 20000, "expression or `if` chain nested too deeply"},
        {"runbook \"t\"\nlog ", "-", "1", 20000, "program nested too deeply"},
        {"runbook \"t\"\nlog ", "not ", "1", 1000, "expression or `if` chain nested too deeply"},
        {"runbook \"t\"\nif a {\n}", " else if a {\n}", "\n", 5000, "program nested too deeply"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Buf b = repeat(cases[i].head, cases[i].unit, cases[i].n, cases[i].tail);
        Parsed p = parse(b.data);
        CHECK(p.module != NULL);
        CHECK(p.diags.errors >= 1);
        if (p.diags.n)
            CHECK(strncmp(p.diags.v[0].msg, cases[i].want, strlen(cases[i].want)) == 0);
        parsed_free(&p);
        buf_free(&b);
    }
    /* moderately deep is fine */
    Buf b = repeat("runbook \"t\"\nlog ", "(", 150, "1");
    for (int i = 0; i < 150; i++)
        buf_adds(&b, ")");
    Parsed p = parse(b.data);
    CHECK_EQ_INT(p.diags.n, 0);
    parsed_free(&p);
    buf_free(&b);
}

TEST(long_flat_inputs_are_fine)
{
    Buf b = repeat("runbook \"t\"\n", "log 1\n", 20000, "let l = [");
    for (int i = 0; i < 20000; i++)
        buf_adds(&b, "1, ");
    buf_adds(&b, "]\nrun");
    for (int i = 0; i < 20000; i++)
        buf_adds(&b, " w${x}");
    buf_adds(&b, "\nlog \"");
    for (int i = 0; i < 20000; i++)
        buf_adds(&b, "${x}.");
    buf_adds(&b, "\"\n");
    Parsed p = parse(b.data);
    CHECK_EQ_INT(p.diags.n, 0);
    CHECK_EQ_INT(p.module->nkids, 20003);
    parsed_free(&p);
    buf_free(&b);
}

/* Unterminated everything, stray closers, truncations of a real file and
 * random bytes: errors, never a crash or a hang (run under ASan in CI). */
TEST(hostile_inputs_terminate)
{
    const char *inputs[] = {
        "runbook \"t\"\nstep \"a\" { if (x { log [1, {a: \"${b",
        "runbook \"t\"\n}\n)\n]\n}}}",
        "runbook \"t\"\nsh echo \"${",
        "runbook \"t\"\nkubectl \"\"\"${x",
        "runbook \"t\"\nlog x =~",
        "runbook \"t\"\nlog \"\\",
        "runbook \"t\"\nlet x = try",
        "runbook \"t\"\nmatch x { \"a\" =>",
        "runbook \"t\"\nlog \"${\"${\"${",
        "runbook \"t\"\nlog '",
        "runbook",
        "\"\"\"",
        "${}",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        Parsed p = parse(inputs[i]);
        CHECK(p.module != NULL);
        CHECK(p.diags.errors >= 1);
        parsed_free(&p);
    }
    /* every prefix of the sketch */
    size_t n = strlen(sketch);
    for (size_t len = 0; len < n; len += 7) {
        Parsed p = parse_n(sketch, len);
        parsed_free(&p);
    }
    /* random bytes and random mutations, deterministically */
    uint64_t x = 0x9E3779B97F4A7C15u;
    char buf[512];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        if (round % 2) {
            len = sizeof buf - 1;
            memcpy(buf, sketch + (round * 37) % (n - len), len);
            for (int k = 0; k < 8; k++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                buf[x % len] = "{}()[]\"'$#\\\n; =~/"[(x >> 32) % 18];
            }
        } else {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            len = x % (sizeof buf);
            for (size_t k = 0; k < len; k++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                buf[k] = (char)(x >> 24);
            }
        }
        Parsed p = parse_n(buf, len);
        CHECK(p.module != NULL);
        parsed_free(&p);
    }
    free_ring();
}

UNIT_MAIN()
