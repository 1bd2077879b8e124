/* plan.c — effects that only record. See plan.h.
 *
 * Text output groups actions under the sections and steps they belong to:
 *
 *   -- Manual Deployment
 *   step Deploy application
 *       3  change   kubectl -n fp-staging apply -k k8s/overlays/staging/
 *       ·  undo (on rollback): Deploy application
 *             change   kubectl -n fp-staging rollout undo deployment/fp
 *
 * Numbered actions would happen on a run that goes this way; listed ones
 * (undo blocks, the top-level on-failure handler) only if it comes to that.
 * JSON output carries the same actions, one object each. */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

#include "builtins.h"
#include "command.h"
#include "data.h"

#define PLAN_MAX_OPEN 64 /* nesting tracked for JSON's section and step */

/* A " / "-joined path of what encloses an action, one part per open
 * block (parts beyond PLAN_MAX_OPEN deep are left out). */
typedef struct Path {
    Buf text;
    size_t at[PLAN_MAX_OPEN]; /* text.len before each part was added */
    int n;                    /* open parts */
} Path;

static void path_push(Path *pt, const char *part)
{
    if (pt->n < PLAN_MAX_OPEN) {
        pt->at[pt->n] = pt->text.len;
        if (pt->text.len)
            buf_adds(&pt->text, " / ");
        buf_adds(&pt->text, part);
    }
    pt->n++;
}

static void path_pop(Path *pt)
{
    if (pt->n > 0 && --pt->n < PLAN_MAX_OPEN) {
        pt->text.len = pt->at[pt->n];
        if (pt->text.data)
            pt->text.data[pt->text.len] = '\0';
    }
}

static Value path_value(const Path *pt)
{
    return pt->text.len ? val_string(pt->text.data, pt->text.len) : val_null();
}

typedef struct PlanEffects {
    Effects base;
    PlanOptions opt;
    int depth;      /* indentation: steps, branch arms, listings */
    uint64_t check_bits; /* open steps: bit i set when the i-th is a check */
    int nsteps_open;
    int listing;    /* > 0 inside a listing: actions are not numbered */
    int number;     /* last action number */
    int counts[5];  /* per ActionKind */
    int changes_simulated; /* commands that changed nothing because this is a plan */
    char *sections[PLAN_MAX_OPEN]; /* titles of the open sections, innermost last */
    int nsections;
    char *steps[PLAN_MAX_OPEN]; /* titles of the open steps (NULL: inside a listing) */
    Path branch;    /* "if X: then / if Y: else": the unknown arms around an action */
    Path once;      /* "retry up to 3 times / for each item …": what is shown once around it */
    /* Text format: the headers of unknown branches and of what is shown
     * once are held back until something is printed inside them, so that
     * an `if` whose arms only set variables, or a loop that runs nothing,
     * leaves no trace. */
    struct {
        Buf text;    /* lines not printed yet ("if …", "then:", "else:") */
        bool opened; /* something of the block was printed */
    } held[PLAN_MAX_OPEN];
    int nheld; /* open ones (deeper than PLAN_MAX_OPEN: printed at once) */
    Value *actions;
    size_t nactions, cap;
} PlanEffects;

typedef enum ActionKind { A_CHANGE, A_READ, A_CONFIRM, A_NOTIFY, A_WAIT } ActionKind;
static const char *const kind_names[] = {"change", "read", "confirm", "notify", "wait"};

static void indent(PlanEffects *p)
{
    for (int i = 0; i < p->depth; i++)
        fputs("    ", p->opt.out);
}

/* The innermost title of a stack of open sections or steps. */
static const char *innermost(char *const *v, int n)
{
    for (int i = (n < PLAN_MAX_OPEN ? n : PLAN_MAX_OPEN); i-- > 0;)
        if (v[i])
            return v[i];
    return NULL;
}

/* Print the held headers around what is about to be printed. */
static void show_held(PlanEffects *p)
{
    for (int i = 0; i < p->nheld && i < PLAN_MAX_OPEN; i++) {
        if (p->held[i].text.len)
            fwrite(p->held[i].text.data, 1, p->held[i].text.len, p->opt.out);
        p->held[i].text.len = 0;
        p->held[i].opened = true;
    }
}

static void held_push(PlanEffects *p, bool opened)
{
    if (p->nheld < PLAN_MAX_OPEN) {
        p->held[p->nheld].text.len = 0;
        p->held[p->nheld].opened = opened;
    }
    p->nheld++;
}

/* Close the innermost held block; whether any of it was printed. */
static bool held_pop(PlanEffects *p)
{
    if (p->nheld == 0)
        return true;
    p->nheld--;
    return p->nheld >= PLAN_MAX_OPEN || p->held[p->nheld].opened;
}

/* One line of the text format, printed now (after the headers it is in). */
static void line(PlanEffects *p, const char *fmt, const char *text)
{
    if (p->opt.format != PLAN_TEXT)
        return;
    show_held(p);
    indent(p);
    fprintf(p->opt.out, fmt, text);
    fputc('\n', p->opt.out);
}

/* A line of the innermost held block ("if …", "then:", "else:"): printed
 * when something after it inside the block is. */
static void hold(PlanEffects *p, const char *fmt, const char *text)
{
    if (p->opt.format != PLAN_TEXT)
        return;
    if (p->nheld == 0 || p->nheld > PLAN_MAX_OPEN) {
        line(p, fmt, text);
        return;
    }
    Buf *b = &p->held[p->nheld - 1].text;
    for (int i = 0; i < p->depth; i++)
        buf_adds(b, "    ");
    buf_printf(b, fmt, text);
    buf_addc(b, '\n');
}

/* One action: printed (text) or kept (json). */
static void action(PlanEffects *p, ActionKind kind, const char *what, const char *detail)
{
    bool numbered = p->listing == 0;
    if (numbered) {
        p->number++;
        p->counts[kind]++;
    }
    if (p->opt.format == PLAN_TEXT) {
        show_held(p);
        indent(p);
        if (numbered)
            fprintf(p->opt.out, "%4d  %-8s %s", p->number, kind_names[kind], what);
        else
            fprintf(p->opt.out, "   ·  %-8s %s", kind_names[kind], what);
        if (detail)
            fprintf(p->opt.out, "  (%s)", detail);
        fputc('\n', p->opt.out);
        return;
    }
    Map *a = map_new(8);
    map_put_cstr(a, "number", numbered ? val_int(p->number) : val_null());
    map_put_cstr(a, "kind", val_cstring(kind_names[kind]));
    map_put_cstr(a, "action", val_cstring(what));
    if (detail)
        map_put_cstr(a, "detail", val_cstring(detail));
    const char *section = innermost(p->sections, p->nsections);
    const char *step = innermost(p->steps, p->nsteps_open);
    map_put_cstr(a, "section", section ? val_cstring(section) : val_null());
    map_put_cstr(a, "step", step ? val_cstring(step) : val_null());
    map_put_cstr(a, "branch", path_value(&p->branch));
    map_put_cstr(a, "shown_once", path_value(&p->once));
    map_put_cstr(a, "listed", val_bool(!numbered));
    VEC_PUSH(p->actions, p->nactions, p->cap, val_obj(&a->hdr));
}

/* Push a title on one of the stacks above (a NULL title counts too). */
static void open_push(char **v, int *n, const char *title)
{
    if (*n < PLAN_MAX_OPEN)
        v[*n] = title ? xstrdup(title) : NULL;
    (*n)++;
}

static void open_pop(char **v, int *n)
{
    if (*n > 0 && --*n < PLAN_MAX_OPEN) {
        free(v[*n]);
        v[*n] = NULL;
    }
}

/* A loop, wait or retry shown once: what follows is indented under it
 * until PN_ONCE_END, and JSON actions say which ones they are in. */
static void once_open(PlanEffects *p, const char *text)
{
    p->depth++;
    path_push(&p->once, text);
}

static void plan_note(Effects *fx, PlanNote kind, const char *text)
{
    PlanEffects *p = (PlanEffects *)fx;
    switch (kind) {
    case PN_SECTION:
        if (p->opt.format == PLAN_TEXT && p->depth == 0) {
            show_held(p);
            fputc('\n', p->opt.out);
        }
        line(p, "-- %s", text);
        open_push(p->sections, &p->nsections, p->listing ? NULL : text);
        break;
    case PN_SECTION_END:
        open_pop(p->sections, &p->nsections);
        break;
    case PN_STEP:
        line(p, "%s", text);
        if (p->nsteps_open < 64 && strncmp(text, "check ", 6) == 0)
            p->check_bits |= 1ULL << p->nsteps_open;
        const char *title = strchr(text, ' '); /* after "step " / "check " */
        open_push(p->steps, &p->nsteps_open, p->listing ? NULL : title ? title + 1 : text);
        p->depth++;
        break;
    case PN_STEP_END:
        if (p->nsteps_open > 0 && p->nsteps_open <= 64)
            p->check_bits &= ~(1ULL << (p->nsteps_open - 1));
        open_pop(p->steps, &p->nsteps_open);
        if (p->depth > 0)
            p->depth--;
        break;
    case PN_RUN_HANDLER:
        /* Every step and section the failure left is over. */
        while (p->nsteps_open > 0)
            open_pop(p->steps, &p->nsteps_open);
        while (p->nsections > 0)
            open_pop(p->sections, &p->nsections);
        p->check_bits = 0;
        p->depth = 0;
        p->nheld = 0;
        if (p->opt.format == PLAN_TEXT)
            fputc('\n', p->opt.out);
        line(p, "%s", "-- on failure");
        open_push(p->sections, &p->nsections, "on failure");
        break;
    case PN_IF_UNKNOWN:
        held_push(p, false);
        hold(p, "if %s  -- known after run: both branches shown", text);
        hold(p, "%s", "then:");
        p->depth++;
        char *part = xasprintf("if %s: then", text);
        path_push(&p->branch, part);
        free(part);
        break;
    case PN_ELSE:
        if (p->depth > 0)
            p->depth--;
        hold(p, "%s", "else:");
        p->depth++;
        Buf *bt = &p->branch.text; /* "…: then" becomes "…: else" */
        if (p->branch.n <= PLAN_MAX_OPEN && bt->len >= 4 && memcmp(bt->data + bt->len - 4, "then", 4) == 0)
            memcpy(bt->data + bt->len - 4, "else", 4);
        break;
    case PN_END_IF:
        if (p->depth > 0)
            p->depth--;
        if (held_pop(p))
            line(p, "%s", "end if");
        path_pop(&p->branch);
        break;
    case PN_LOOP_UNKNOWN:
        held_push(p, false);
        hold(p, "%s (shown once):", text);
        once_open(p, text);
        break;
    case PN_RETRY:
        held_push(p, false);
        hold(p, "%s:", text);
        once_open(p, text);
        break;
    case PN_WAIT_UNTIL:
        action(p, A_WAIT, text, NULL);
        held_push(p, true);
        once_open(p, text);
        break;
    case PN_ONCE_END:
        held_pop(p);
        if (p->depth > 0)
            p->depth--;
        path_pop(&p->once);
        break;
    case PN_LISTING:
        line(p, "   ·  %s", text);
        p->listing++;
        p->depth++;
        break;
    case PN_LISTING_END:
        if (p->listing > 0)
            p->listing--;
        if (p->depth > 0)
            p->depth--;
        break;
    case PN_HANDLER:
        line(p, "the step fails here: %s", text);
        line(p, "%s", "on failure:");
        break;
    case PN_ARM_ENDS:
    case PN_REMARK:
        line(p, "%s", text);
        break;
    case PN_DOC: break; /* prose is for `runbook doc`; the plan stays terse */
    case PN_FAILED: /* where: here; what: in the summary too */
        line(p, "the run fails here: %s", text);
        break;
    case PN_ABORTED:
        line(p, "the run aborts here: %s", text);
        break;
    }
}

static int plan_command(Effects *fx, const CmdRequest *req, Value *result, char **err)
{
    PlanEffects *p = (PlanEffects *)fx;
    char *http_words[2] = {req->method, NULL};
    int eff = req->kind == CMD_HTTP ? command_effect_class(req->kind, http_words, 1)
                                    : command_effect_class(req->kind, req->argv, req->argc);
    /* --refresh runs read-only commands, and every command inside a check
     * (a check must not change anything: LANGUAGE.md §4). */
    bool in_check = p->check_bits != 0;
    bool read_only = eff == EFF_READ;
    bool refreshed = (read_only || in_check) && p->opt.refresh && p->listing == 0;
    /* A read after a simulated change sees the state as it is now, which
     * the run would not: say so rather than pass it off as the future. */
    const char *detail = !refreshed ? NULL
                         : p->changes_simulated ? "refreshed: ran for real, without the simulated changes above"
                                                : "refreshed: ran for real";
    action(p, read_only ? A_READ : A_CHANGE, req->display, detail);
    if (refreshed)
        return p->opt.refresh->command(p->opt.refresh, req, result, err);
    if (p->listing == 0)
        p->changes_simulated++;
    *result = val_unknown();
    return 0;
}

static int plan_confirm(Effects *fx, const char *text, char **err)
{
    (void)err;
    action((PlanEffects *)fx, A_CONFIRM, text, NULL);
    return 1;
}

static int plan_notify(Effects *fx, const Contact *c, const Notification *n, char **err)
{
    (void)err;
    static const char *const channels[] = {"webhook", "pagerduty", "email", "log"};
    Buf b = {0};
    buf_printf(&b, "%s (%s) -> %s [%s]: %s", n->level, n->level_name, c->display,
               c->channel >= 0 && c->channel <= 3 ? channels[c->channel] : "?", n->message);
    action((PlanEffects *)fx, A_NOTIFY, b.data, NULL);
    buf_free(&b);
    return 0;
}

static int plan_sleep(Effects *fx, int64_t ns)
{
    Buf b = {0};
    buf_adds(&b, "wait ");
    format_duration_ns(&b, ns);
    action((PlanEffects *)fx, A_WAIT, b.data, NULL);
    buf_free(&b);
    return 0;
}

static bool plan_interrupted(Effects *fx)
{
    PlanEffects *p = (PlanEffects *)fx;
    return p->opt.refresh ? p->opt.refresh->interrupted(p->opt.refresh) : false;
}

static void plan_free(Effects *fx)
{
    PlanEffects *p = (PlanEffects *)fx;
    for (size_t i = 0; i < p->nactions; i++)
        val_release(p->actions[i]);
    free(p->actions);
    while (p->nsteps_open > 0)
        open_pop(p->steps, &p->nsteps_open);
    while (p->nsections > 0)
        open_pop(p->sections, &p->nsections);
    buf_free(&p->branch.text);
    buf_free(&p->once.text);
    for (int i = 0; i < PLAN_MAX_OPEN; i++)
        buf_free(&p->held[i].text);
    free(p);
}

Effects *plan_effects_new(const PlanOptions *opt)
{
    PlanEffects *p = xcalloc(1, sizeof *p);
    p->base.note = plan_note;
    p->base.command = plan_command;
    p->base.confirm = plan_confirm;
    p->base.notify = plan_notify;
    p->base.sleep = plan_sleep;
    p->base.interrupted = plan_interrupted;
    p->base.free = plan_free;
    p->opt = *opt;
    return &p->base;
}

void plan_finish(Effects *fx, const char *title, const char *entry, Value params, const char *failed,
                 bool aborted)
{
    PlanEffects *p = (PlanEffects *)fx;
    if (p->opt.format == PLAN_TEXT) {
        fputc('\n', p->opt.out);
        if (failed)
            fprintf(p->opt.out, "The run would %s: %s\n", aborted ? "abort" : "fail", failed);
        fprintf(p->opt.out, "Plan: %d action%s (%d change, %d read, %d confirm, %d notify, %d wait). "
                            "Nothing was run.\n",
                p->number, p->number == 1 ? "" : "s", p->counts[A_CHANGE], p->counts[A_READ],
                p->counts[A_CONFIRM], p->counts[A_NOTIFY], p->counts[A_WAIT]);
        fflush(p->opt.out);
        return;
    }
    Map *doc = map_new(8);
    map_put_cstr(doc, "format_version", val_int(1));
    map_put_cstr(doc, "runbook", val_cstring(title));
    map_put_cstr(doc, "entry", val_cstring(entry));
    map_put_cstr(doc, "parameters", val_retain(params));
    List *l = list_new(p->nactions);
    for (size_t i = 0; i < p->nactions; i++)
        l->items[i] = val_retain(p->actions[i]);
    map_put_cstr(doc, "actions", val_obj(&l->hdr));
    Map *sum = map_new(6);
    map_put_cstr(sum, "actions", val_int(p->number));
    for (int k = 0; k < 5; k++)
        map_put_cstr(sum, kind_names[k], val_int(p->counts[k]));
    map_put_cstr(doc, "summary", val_obj(&sum->hdr));
    map_put_cstr(doc, "fails", failed ? val_cstring(failed) : val_null());
    map_put_cstr(doc, "aborts", val_bool(failed && aborted));
    Value v = val_obj(&doc->hdr);
    Buf out = {0};
    data_write_json(v, &out, true);
    val_release(v);
    fwrite(out.data, 1, out.len, p->opt.out);
    fputc('\n', p->opt.out);
    fflush(p->opt.out);
    buf_free(&out);
}
