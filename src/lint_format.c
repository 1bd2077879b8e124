/* lint_format.c — printing lint findings: text for people (diag_print's
 * `file:line:col: severity: message [rule]`, the line and a caret), GitHub
 * workflow commands, JSON and SARIF 2.1.0 (both built as values and written
 * by the one JSON writer, data_write_json), and JUnit XML; and the rule
 * documentation of `--explain`, from the rule table in rules.h and the
 * effects table in effects_table.h. Nothing here decides what a finding is. */
#include "lint.h"

#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "config.h"
#include "data.h"
#include "effects_table.h"
#include "junit.h"
#include "value.h"

int lint_format_from_name(const char *name, LintFormat *f)
{
    static const struct {
        const char *name;
        LintFormat f;
    } names[] = {{"text", LINT_TEXT},     {"json", LINT_JSON},   {"sarif", LINT_SARIF},
                 {"github", LINT_GITHUB}, {"junit", LINT_JUNIT}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *f = names[i].f;
            return 0;
        }
    return -1;
}

typedef struct Totals {
    size_t errors, warnings, notes;
} Totals;

static Totals totals(const Linter *L)
{
    Totals t = {0, 0, 0};
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        const Diags *d = &lint_file_at(L, i)->diags;
        for (size_t k = 0; k < d->n; k++) {
            if (d->v[k].sev == SEV_ERROR)
                t.errors++;
            else if (d->v[k].sev == SEV_WARNING)
                t.warnings++;
            else
                t.notes++;
        }
    }
    return t;
}

static const char *rule_of(const Diag *dg) { return dg->rule ? dg->rule : "internal"; }

/* ---- values for the JSON writer ------------------------------------------ */

typedef struct Vals {
    Value *v;
    size_t n, cap;
} Vals;

static void vals_push(Vals *vs, Value v) { VEC_PUSH(vs->v, vs->n, vs->cap, v); }

/* A list value made of the pushed values (moved in). */
static Value vals_list(Vals *vs)
{
    List *l = list_new(vs->n);
    for (size_t i = 0; i < vs->n; i++)
        l->items[i] = vs->v[i];
    free(vs->v);
    memset(vs, 0, sizeof *vs);
    return val_obj(&l->hdr);
}

static void put_str(Map *m, const char *key, const char *s) { map_put_cstr(m, key, val_cstring(s)); }
static void put_int(Map *m, const char *key, int64_t i) { map_put_cstr(m, key, val_int(i)); }
static Value map_value(Map *m) { return val_obj(&m->hdr); }

static Value text_object(const char *key, const char *text)
{
    Map *m = map_new(1);
    put_str(m, key, text);
    return map_value(m);
}

static void write_value(Value v, FILE *out)
{
    Buf b = {0};
    data_write_json(v, &b, true);
    buf_addc(&b, '\n');
    fwrite(b.data, 1, b.len, out);
    buf_free(&b);
    val_release(v);
}

/* ---- text ----------------------------------------------------------------- */

static void write_text(const Linter *L, FILE *out, bool color)
{
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        const Diags *d = &lint_file_at(L, i)->diags;
        for (size_t k = 0; k < d->n; k++)
            diag_print(&d->v[k], out, color);
    }
    Totals t = totals(L);
    if (t.errors + t.warnings + t.notes == 0)
        return;
    fprintf(out, "%zu error%s, %zu warning%s", t.errors, t.errors == 1 ? "" : "s", t.warnings,
            t.warnings == 1 ? "" : "s");
    if (t.notes)
        fprintf(out, ", %zu note%s", t.notes, t.notes == 1 ? "" : "s");
    fprintf(out, " in %zu file%s\n", lint_nfiles(L), lint_nfiles(L) == 1 ? "" : "s");
}

/* ---- GitHub workflow commands ------------------------------------------------ */

/* Escaping of workflow commands: data escapes % CR LF; property values
 * also : and ,. */
static void gh_escape(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': fputs(property ? "%3A" : ":", out); break;
        case ',': fputs(property ? "%2C" : ",", out); break;
        default: fputc(*s, out);
        }
    }
}

static void write_github(const Linter *L, FILE *out)
{
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        const LintFile *f = lint_file_at(L, i);
        for (size_t k = 0; k < f->diags.n; k++) {
            const Diag *dg = &f->diags.v[k];
            const char *cmd = dg->sev == SEV_ERROR ? "error" : dg->sev == SEV_WARNING ? "warning" : "notice";
            fprintf(out, "::%s file=", cmd);
            gh_escape(out, f->src->path, true);
            if (dg->span.line)
                fprintf(out, ",line=%u,col=%u", dg->span.line, dg->span.col ? dg->span.col : 1);
            fputs("::", out);
            gh_escape(out, dg->msg, false);
            fputs(" [", out);
            gh_escape(out, rule_of(dg), false);
            fputs("]\n", out);
        }
    }
}

/* ---- JSON -------------------------------------------------------------------- */

static void write_json(const Linter *L, FILE *out)
{
    Vals ds = {0};
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        const LintFile *f = lint_file_at(L, i);
        for (size_t k = 0; k < f->diags.n; k++) {
            const Diag *dg = &f->diags.v[k];
            Map *m = map_new(8);
            put_str(m, "file", f->src->path);
            if (dg->span.line) {
                put_int(m, "line", dg->span.line);
                put_int(m, "column", dg->span.col);
                put_int(m, "end_line", dg->span.end_line);
                put_int(m, "end_column", dg->span.end_col);
            } else {
                map_put_cstr(m, "line", val_null());
                map_put_cstr(m, "column", val_null());
                map_put_cstr(m, "end_line", val_null());
                map_put_cstr(m, "end_column", val_null());
            }
            put_str(m, "severity", severity_name(dg->sev));
            put_str(m, "rule", rule_of(dg));
            put_str(m, "message", dg->msg);
            vals_push(&ds, map_value(m));
        }
    }
    Totals t = totals(L);
    Map *doc = map_new(6);
    put_int(doc, "format_version", 1);
    put_int(doc, "files", (int64_t)lint_nfiles(L));
    map_put_cstr(doc, "diagnostics", vals_list(&ds));
    put_int(doc, "errors", (int64_t)t.errors);
    put_int(doc, "warnings", (int64_t)t.warnings);
    put_int(doc, "notes", (int64_t)t.notes);
    write_value(map_value(doc), out);
}

/* ---- SARIF 2.1.0 ------------------------------------------------------------- */

#define SARIF_SCHEMA \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

static const char *sarif_level(Severity s)
{
    return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "note";
}

/* A relative path as a URI reference: unreserved bytes and '/' as they
 * are, everything else percent-encoded (':' too, so that "a:b.rb" is not
 * read as a scheme). */
static char *path_uri(const char *path)
{
    Buf b = {0};
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            buf_addc(&b, (char)*p);
        else
            buf_printf(&b, "%%%02X", *p);
    }
    return buf_steal(&b);
}

/* SARIF columns count Unicode code points; ours count bytes. off is the
 * byte offset of the column (col) on its line. */
static int64_t cp_column(const Source *src, uint32_t off, uint32_t col)
{
    if (!col)
        return 1;
    if (off > src->len || col - 1 > off)
        return col;
    int64_t n = 1;
    for (uint32_t i = off - (col - 1); i < off; i++)
        n += ((unsigned char)src->text[i] & 0xC0) != 0x80;
    return n;
}

/* The rules the results name, in order of first appearance: SARIF's
 * rules array, which ruleIndex points into. */
typedef struct UsedRules {
    const Diag **first; /* the first finding of each */
    size_t n, cap;
} UsedRules;

static long used_index(const UsedRules *u, const char *id)
{
    for (size_t i = 0; i < u->n; i++)
        if (strcmp(u->first[i]->rule, id) == 0)
            return (long)i;
    return -1;
}

static Value sarif_rule(const char *id, const char *summary, const char *doc, Severity sev,
                        const char *help)
{
    Map *r = map_new(6);
    put_str(r, "id", id);
    map_put_cstr(r, "shortDescription", text_object("text", summary));
    map_put_cstr(r, "fullDescription", text_object("text", doc));
    map_put_cstr(r, "defaultConfiguration", text_object("level", sarif_level(sev)));
    if (help)
        put_str(r, "helpUri", help);
    return map_value(r);
}

static void write_sarif(const Linter *L, FILE *out)
{
    UsedRules used = {0};
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        const Diags *d = &lint_file_at(L, i)->diags;
        for (size_t k = 0; k < d->n; k++)
            if (d->v[k].rule && used_index(&used, d->v[k].rule) < 0)
                VEC_PUSH(used.first, used.n, used.cap, &d->v[k]);
    }
    Vals rules = {0};
    for (size_t i = 0; i < used.n; i++) {
        const Diag *dg = used.first[i];
        RuleId r = rule_find(dg->rule);
        if (r != R__COUNT) {
            vals_push(&rules, sarif_rule(dg->rule, rule_summary(r), rule_doc(r), rule_severity(r), NULL));
            continue;
        }
        if (strncmp(dg->rule, "shellcheck-", 11) != 0) {
            /* a rule id missing from rules.h: named, not documented */
            vals_push(&rules, sarif_rule(dg->rule, dg->rule, dg->rule, dg->sev, NULL));
            continue;
        }
        const char *code = dg->rule + 11;
        char *summary = xasprintf("ShellCheck %s: %s", code, dg->msg);
        char *help = xasprintf("https://www.shellcheck.net/wiki/%s", code);
        vals_push(&rules, sarif_rule(dg->rule, summary, rule_doc(R_SHELLCHECK), dg->sev, help));
        free(summary);
        free(help);
    }

    Vals artifacts = {0}, results = {0};
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        const LintFile *f = lint_file_at(L, i);
        char *uri = path_uri(f->src->path);
        Map *loc = map_new(1);
        put_str(loc, "uri", uri);
        Map *art = map_new(1);
        map_put_cstr(art, "location", map_value(loc));
        vals_push(&artifacts, map_value(art));
        for (size_t k = 0; k < f->diags.n; k++) {
            const Diag *dg = &f->diags.v[k];
            Map *res = map_new(5);
            put_str(res, "ruleId", rule_of(dg));
            long idx = dg->rule ? used_index(&used, dg->rule) : -1;
            if (idx >= 0)
                put_int(res, "ruleIndex", idx);
            put_str(res, "level", sarif_level(dg->sev));
            map_put_cstr(res, "message", text_object("text", dg->msg));
            Map *al = map_new(2);
            put_str(al, "uri", uri);
            put_int(al, "index", (int64_t)i);
            Map *phys = map_new(2);
            map_put_cstr(phys, "artifactLocation", map_value(al));
            if (dg->span.line) {
                Map *reg = map_new(4);
                const Span *s = &dg->span;
                uint32_t end_line = s->end_line >= s->line ? s->end_line : s->line;
                int64_t sc = cp_column(f->src, s->off, s->col);
                int64_t ec = cp_column(f->src, s->end_off, s->end_col);
                if (end_line == s->line && ec <= sc)
                    ec = sc + 1;
                put_int(reg, "startLine", s->line);
                put_int(reg, "startColumn", sc);
                put_int(reg, "endLine", end_line);
                put_int(reg, "endColumn", ec);
                map_put_cstr(phys, "region", map_value(reg));
            }
            Map *l = map_new(1);
            map_put_cstr(l, "physicalLocation", map_value(phys));
            Vals locs = {0};
            vals_push(&locs, map_value(l));
            map_put_cstr(res, "locations", vals_list(&locs));
            vals_push(&results, map_value(res));
        }
        free(uri);
    }
    free(used.first);

    Map *driver = map_new(4);
    put_str(driver, "name", "runbook");
    put_str(driver, "version", PACKAGE_VERSION);
    if (PACKAGE_URL[0])
        put_str(driver, "informationUri", PACKAGE_URL);
    map_put_cstr(driver, "rules", vals_list(&rules));
    Map *tool = map_new(1);
    map_put_cstr(tool, "driver", map_value(driver));
    Map *run = map_new(4);
    map_put_cstr(run, "tool", map_value(tool));
    map_put_cstr(run, "artifacts", vals_list(&artifacts));
    map_put_cstr(run, "results", vals_list(&results));
    put_str(run, "columnKind", "unicodeCodePoints");
    Vals runs = {0};
    vals_push(&runs, map_value(run));
    Map *doc = map_new(3);
    put_str(doc, "$schema", SARIF_SCHEMA);
    put_str(doc, "version", "2.1.0");
    map_put_cstr(doc, "runs", vals_list(&runs));
    write_value(map_value(doc), out);
}

/* ---- JUnit XML ------------------------------------------------------------------ */

static void xml_text(Buf *b, const char *s, bool attr) { junit_xml_escape(b, s, strlen(s), attr); }

static void write_junit(const Linter *L, FILE *out)
{
    size_t tests = 0, failures = 0;
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        size_t n = 0;
        const Diags *d = &lint_file_at(L, i)->diags;
        for (size_t k = 0; k < d->n; k++)
            n += d->v[k].sev != SEV_NOTE;
        tests += n ? n : 1;
        failures += n;
    }
    Buf b = {0};
    buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf_printf(&b, "<testsuites name=\"runbook lint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n",
               tests, failures);
    for (size_t i = 0; i < lint_nfiles(L); i++) {
        const LintFile *f = lint_file_at(L, i);
        const char *path = f->src->path;
        size_t n = 0;
        for (size_t k = 0; k < f->diags.n; k++)
            n += f->diags.v[k].sev != SEV_NOTE;
        buf_adds(&b, "  <testsuite name=\"");
        xml_text(&b, path, true);
        buf_printf(&b, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", n ? n : 1, n);
        if (n == 0) {
            buf_adds(&b, "    <testcase classname=\"");
            xml_text(&b, path, true);
            buf_adds(&b, "\" name=\"lint\"/>\n");
        }
        for (size_t k = 0; k < f->diags.n; k++) {
            const Diag *dg = &f->diags.v[k];
            if (dg->sev == SEV_NOTE)
                continue;
            char *name = dg->span.line ? xasprintf("%s at %u:%u", rule_of(dg), dg->span.line, dg->span.col)
                                       : xstrdup(rule_of(dg));
            char *text = dg->span.line ? xasprintf("%s:%u:%u: %s: %s [%s]", path, dg->span.line,
                                                   dg->span.col, severity_name(dg->sev), dg->msg,
                                                   rule_of(dg))
                                       : xasprintf("%s: %s: %s [%s]", path, severity_name(dg->sev),
                                                   dg->msg, rule_of(dg));
            buf_adds(&b, "    <testcase classname=\"");
            xml_text(&b, path, true);
            buf_adds(&b, "\" name=\"");
            xml_text(&b, name, true);
            buf_adds(&b, "\">\n      <failure type=\"");
            buf_adds(&b, severity_name(dg->sev));
            buf_adds(&b, "\" message=\"");
            xml_text(&b, dg->msg, true);
            buf_adds(&b, "\">");
            xml_text(&b, text, false);
            buf_adds(&b, "</failure>\n    </testcase>\n");
            free(name);
            free(text);
        }
        buf_adds(&b, "  </testsuite>\n");
    }
    buf_adds(&b, "</testsuites>\n");
    fwrite(b.data, 1, b.len, out);
    buf_free(&b);
}

void lint_write(const Linter *L, LintFormat f, FILE *out, bool color)
{
    switch (f) {
    case LINT_TEXT: write_text(L, out, color); break;
    case LINT_GITHUB: write_github(L, out); break;
    case LINT_JSON: write_json(L, out); break;
    case LINT_SARIF: write_sarif(L, out); break;
    case LINT_JUNIT: write_junit(L, out); break;
    }
}

/* ---- --explain ------------------------------------------------------------------ */

/* Print text wrapped to width columns, each line indented. */
static void wrap(FILE *out, const char *text, int indent, int width)
{
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        int col = indent;
        fprintf(out, "%*s", indent, "");
        bool first = true;
        while (*p) {
            size_t wl = strcspn(p, " ");
            if (!first && col + 1 + (int)wl > width)
                break;
            if (!first) {
                fputc(' ', out);
                col++;
            }
            fwrite(p, 1, wl, out);
            col += (int)wl;
            p += wl;
            first = false;
            while (*p == ' ')
                p++;
        }
        fputc('\n', out);
    }
}

/* The patterns of one list of effects_table.h, as "kubectl get, ...". */
static void table_list(Buf *b, bool destructive)
{
#define X(kind, pattern)                                                           \
    do {                                                                           \
        if (b->len)                                                                \
            buf_adds(b, ", ");                                                     \
        if ((kind) != CMD_RUN)                                                     \
            buf_printf(b, "%s ", command_word(kind));                              \
        buf_adds(b, pattern);                                                      \
    } while (0);
    if (destructive) {
        DESTRUCTIVE_COMMANDS(X)
    } else {
        READ_ONLY_COMMANDS(X)
    }
#undef X
    buf_addc(b, '.');
}

int lint_explain(FILE *out, const char *rule)
{
    RuleId r;
    if (!lint_rule_lookup(rule, &r))
        return -1;
    fprintf(out, "%s (%s)\n", rule, severity_name(rule_severity(r)));
    wrap(out, rule_summary(r), 2, 78);
    fputc('\n', out);
    wrap(out, rule_doc(r), 2, 78);
    if (r == R_SHELLCHECK && strcmp(rule, "shellcheck") != 0) {
        fputc('\n', out);
        fprintf(out, "  See https://www.shellcheck.net/wiki/%s\n", rule + 11);
    }
    if (r == R_MUTATING_CHECK || r == R_DESTRUCTIVE) {
        bool destructive = r == R_DESTRUCTIVE;
        Buf list = {0};
        table_list(&list, destructive);
        char *text = xasprintf("%s (src/effects_table.h): %s",
                               destructive ? "Destructive commands" : "Read-only commands", list.data);
        fputc('\n', out);
        wrap(out, text, 2, 78);
        free(text);
        buf_free(&list);
    }
    return 0;
}

void lint_explain_all(FILE *out)
{
    fputs("Rules of runbook lint ('runbook lint --explain RULE' tells more):\n\n", out);
    for (int r = 0; r < R__COUNT; r++)
        fprintf(out, "  %-24s %-8s %s\n", rule_name((RuleId)r), severity_name(rule_severity((RuleId)r)),
                rule_summary((RuleId)r));
    fputs("\nShellCheck's findings are reported as shellcheck-SCnnnn (see 'shellcheck').\n", out);
}
