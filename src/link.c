/* link.c — imports: finding, compiling and linking modules. See link.h.
 *
 * Linking appends a compiled module's constants, globals, procedures,
 * steps, contacts and escalations to the importing module and renumbers
 * the operands of the copied code. Which operands to renumber comes from
 * the opcode table (operand kinds K, G, P, S), so a new instruction needs
 * nothing here unless it indexes a table by a plain immediate (ESCALATE). */
#include "link.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compile.h"
#include "config.h"

#ifndef RUNBOOK_SOURCE_LIBDIR
#define RUNBOOK_SOURCE_LIBDIR ""
#endif
#ifndef RUNBOOK_INSTALLED_LIBDIR
#define RUNBOOK_INSTALLED_LIBDIR ""
#endif

#define MAX_IMPORT_DEPTH 32

/* A found module's path as messages show it: relative to the current
 * directory when it is below it, else absolute and without ../ detours. */
static char *display_path(char *path)
{
    char *real = realpath(path, NULL);
    if (!real)
        return path;
    free(path);
    char cwd[PATH_MAX];
    size_t n;
    if (getcwd(cwd, sizeof cwd) && (n = strlen(cwd)) > 0 && strncmp(real, cwd, n) == 0 && real[n] == '/') {
        char *rel = xstrdup(real + n + 1);
        free(real);
        return rel;
    }
    char *copy = xstrdup(real); /* realpath's memory is malloc's, ours is xmalloc's */
    free(real);
    return copy;
}

static char *try_dir(const char *dir, size_t dirlen, const char *name)
{
    if (dirlen == 0)
        return NULL;
    char *path = xasprintf("%.*s/%s.rb", (int)dirlen, dir, name);
    if (access(path, R_OK) == 0)
        return display_path(path);
    free(path);
    return NULL;
}

char *link_find_import(const char *importing_file, const char *name)
{
    if (name[0] == '/') {
        char *p = xasprintf("%s.rb", name);
        if (access(p, R_OK) == 0)
            return display_path(p);
        free(p);
        return NULL;
    }
    const char *slash = strrchr(importing_file, '/');
    char *found = slash ? try_dir(importing_file, (size_t)(slash - importing_file), name)
                        : try_dir(".", 1, name);
    if (found)
        return found;
    const char *rp = getenv("RUNBOOK_PATH");
    while (rp && *rp) {
        const char *colon = strchr(rp, ':');
        size_t len = colon ? (size_t)(colon - rp) : strlen(rp);
        if ((found = try_dir(rp, len, name)))
            return found;
        rp = colon ? colon + 1 : NULL;
    }
    if ((found = try_dir(RUNBOOK_SOURCE_LIBDIR, strlen(RUNBOOK_SOURCE_LIBDIR), name)))
        return found;
    return try_dir(RUNBOOK_INSTALLED_LIBDIR, strlen(RUNBOOK_INSTALLED_LIBDIR), name);
}

/* The procedures an importer may call: declared ones, not hidden, not
 * themselves imported. */
static void describe_module(const BcModule *lib, ImportInfo *info)
{
    ImportedProc *procs = xcalloc(lib->nprocs ? lib->nprocs : 1, sizeof *procs);
    size_t n = 0;
    for (uint32_t i = 2; i < lib->nprocs; i++) {
        const BcProc *p = &lib->procs[i];
        if (p->name[0] == '<' || p->file)
            continue;
        uint32_t required = 0;
        for (uint32_t k = 0; k < p->nparams; k++)
            if (!p->params[k].has_default)
                required = k + 1;
        procs[n++] = (ImportedProc){p->name, p->nparams, required, i};
    }
    info->procs = procs;
    info->nprocs = n;
}

void link_load_imports(const Node *module, const Source *src, Diags *diags, Imports *imp,
                       const char **stack, size_t depth)
{
    size_t n = 0;
    for (size_t i = 0; i < module->nkids; i++)
        n += module->kids[i]->kind == N_IMPORT;
    memset(imp, 0, sizeof *imp);
    if (n == 0)
        return;
    imp->n = n;
    imp->info = xcalloc(n, sizeof *imp->info);
    imp->modules = xcalloc(n, sizeof *imp->modules);
    imp->paths = xcalloc(n, sizeof *imp->paths);
    imp->proc_base = xcalloc(n, sizeof *imp->proc_base);
    imp->init_proc = xcalloc(n, sizeof *imp->init_proc);
    imp->globals_proc = xcalloc(n, sizeof *imp->globals_proc);
    size_t k = 0;
    for (size_t i = 0; i < module->nkids; i++) {
        const Node *d = module->kids[i];
        if (d->kind != N_IMPORT)
            continue;
        ImportInfo *info = &imp->info[k];
        info->alias = d->str2;
        info->path = d->str;
        char *path = link_find_import(src->path, d->str);
        if (!path) {
            diag_add(diags, SEV_ERROR, "import", src, d->span,
                     "cannot find module \"%s\" (looked for %s.rb next to this file, in $RUNBOOK_PATH "
                     "and in the standard library)",
                     d->str, d->str);
            k++;
            continue;
        }
        bool cycle = depth >= MAX_IMPORT_DEPTH;
        for (size_t s = 0; s < depth && !cycle; s++)
            cycle = strcmp(stack[s], path) == 0;
        if (cycle) {
            diag_add(diags, SEV_ERROR, "import", src, d->span, "import cycle: %s imports itself through \"%s\"",
                     path, d->str);
            free(path);
            k++;
            continue;
        }
        char *err = NULL;
        Source *lsrc = source_load(path, &err);
        if (!lsrc) {
            diag_add(diags, SEV_ERROR, "import", src, d->span, "cannot read module: %s", err);
            free(err);
            free(path);
            k++;
            continue;
        }
        diags_keep_source(diags, lsrc); /* its diagnostics outlive this call */
        imp->paths[k] = path;
        size_t before = diags->errors;
        const char **stack2 = xcalloc(depth + 2, sizeof *stack2);
        memcpy(stack2, stack, depth * sizeof *stack);
        stack2[depth] = path;
        BcModule *lib = compile_source_in(lsrc, diags, NULL, NULL, stack2, depth + 1);
        free(stack2);
        if (lib && lib->nglobals) {
            for (uint32_t g = 0; g < lib->nglobals; g++)
                if (lib->globals[g].is_param) {
                    diag_add(diags, SEV_ERROR, "import", src, d->span,
                             "module \"%s\" declares parameters (%s); an imported runbook cannot: pass "
                             "values to its procedures instead",
                             d->str, lib->globals[g].p.name);
                    bc_free(lib);
                    lib = NULL;
                    break;
                }
        }
        if (!lib && diags->errors == before)
            diag_add(diags, SEV_ERROR, "import", src, d->span, "module \"%s\" failed to compile", d->str);
        imp->modules[k] = lib;
        if (lib)
            describe_module(lib, info);
        k++;
    }
}

/* ---- appending ------------------------------------------------------ */

typedef struct Offsets {
    uint32_t k, g, s, e, c;
    uint32_t pbase;   /* lib proc p (>= 2) goes to pbase + p - 2 */
    uint32_t pinit;   /* lib <init> goes here */
} Offsets;

static uint32_t map_proc(const Offsets *o, uint32_t p)
{
    return p == BC_PROC_INIT ? o->pinit : o->pbase + p - 2;
}

static uint32_t remap_operand(OperandKind kind, uint32_t v, const Offsets *o)
{
    switch (kind) {
    case OK_K: return v + o->k;
    case OK_G: return v + o->g;
    case OK_S: return v + o->s;
    case OK_P: return map_proc(o, v);
    default: return v;
    }
}

static void copy_param(BcParam *to, const BcParam *from)
{
    to->name = xstrdup(from->name);
    to->type.kind = from->type.kind;
    to->type.nmembers = from->type.nmembers;
    to->type.members = from->type.nmembers ? xcalloc(from->type.nmembers, sizeof(char *)) : NULL;
    for (size_t i = 0; i < from->type.nmembers; i++)
        to->type.members[i] = xstrdup(from->type.members[i]);
    to->has_default = from->has_default;
    to->description = from->description ? xstrdup(from->description) : NULL;
    to->default_text = from->default_text ? xstrdup(from->default_text) : NULL;
}

static void copy_proc(BcProc *to, const BcProc *from, const Offsets *o, const char *alias,
                      const char *file)
{
    memset(to, 0, sizeof *to);
    /* Named as the importer calls it, so listings and messages read well. */
    to->name = xasprintf("%s.%s", alias, from->name);
    to->title = from->title ? xstrdup(from->title) : NULL;
    to->file = xstrdup(from->file ? from->file : file);
    to->line = from->line;
    to->nparams = from->nparams;
    to->params = xcalloc(from->nparams ? from->nparams : 1, sizeof *to->params);
    for (uint32_t i = 0; i < from->nparams; i++)
        copy_param(&to->params[i], &from->params[i]);
    to->nlocals = from->nlocals;
    to->local_names = xcalloc(from->nlocals ? from->nlocals : 1, sizeof *to->local_names);
    for (uint32_t i = 0; i < from->nlocals; i++)
        to->local_names[i] = xstrdup(from->local_names ? from->local_names[i] : "");
    to->ncode = from->ncode;
    to->code = xmalloc((from->ncode ? from->ncode : 1) * sizeof *to->code);
    to->lines = xmalloc((from->ncode ? from->ncode : 1) * sizeof *to->lines);
    memcpy(to->lines, from->lines, from->ncode * sizeof *to->lines);
    for (uint32_t pc = 0; pc < from->ncode;) {
        uint32_t w = from->code[pc];
        Opcode op = INSN_OP(w);
        int width = opcode_width(op);
        if (op == OPC_ESCALATE) /* an immediate that indexes the escalations */
            to->code[pc] = INSN_MAKE(op, INSN_AU(w) + o->e);
        else if (opcode_info[op].a == OK_J || opcode_info[op].a == OK_I)
            to->code[pc] = w;
        else
            to->code[pc] = INSN_MAKE(op, remap_operand(opcode_info[op].a, INSN_AU(w), o));
        if (width == 2 && pc + 1 < from->ncode)
            to->code[pc + 1] = remap_operand(opcode_info[op].b, from->code[pc + 1], o);
        pc += (uint32_t)width;
    }
}

/* Run `init` before everything else in m's <init>: prepend CALL; POP.
 * Jumps are relative, so shifting the whole code keeps them right. */
static void prepend_init_call(BcModule *m, uint32_t init)
{
    BcProc *p = &m->procs[BC_PROC_INIT];
    uint32_t add = 3;
    p->code = xrealloc(p->code, (p->ncode + add) * sizeof *p->code);
    p->lines = xrealloc(p->lines, (p->ncode + add) * sizeof *p->lines);
    memmove(p->code + add, p->code, p->ncode * sizeof *p->code);
    memmove(p->lines + add, p->lines, p->ncode * sizeof *p->lines);
    p->code[0] = INSN_MAKE(OPC_CALL, init);
    p->code[1] = 0;
    p->code[2] = INSN_MAKE(OPC_POP, 0);
    p->lines[0] = p->lines[1] = p->lines[2] = p->line;
    p->ncode += add;
}

static uint32_t append_module(BcModule *m, const BcModule *lib, const char *alias, const char *file,
                              uint32_t *init_out, uint32_t *globals_out)
{
    Offsets o = {m->nconsts, m->nglobals, m->nsteps, m->nescalations, m->ncontacts, m->nprocs, 0};
    uint32_t nlib = lib->nprocs - 2; /* its procedures, then its <init> */
    o.pinit = m->nprocs + nlib;

    for (uint32_t i = 0; i < lib->nconsts; i++)
        bc_add_const_fresh(m, val_retain(lib->consts[i]));

    m->globals = xrealloc(m->globals, (m->nglobals + lib->nglobals + 1) * sizeof *m->globals);
    for (uint32_t i = 0; i < lib->nglobals; i++) {
        BcGlobal *g = &m->globals[m->nglobals++];
        memset(g, 0, sizeof *g);
        copy_param(&g->p, &lib->globals[i].p);
        free(g->p.name);
        g->p.name = xasprintf("%s.%s", alias, lib->globals[i].p.name);
        g->is_param = 0;
    }

    for (uint32_t i = 2; i < lib->nprocs; i++) {
        uint32_t at = bc_add_proc(m, lib->procs[i].name);
        free(m->procs[at].name);
        copy_proc(&m->procs[at], &lib->procs[i], &o, alias, file);
    }
    uint32_t at = bc_add_proc(m, "<init>");
    free(m->procs[at].name);
    copy_proc(&m->procs[at], &lib->procs[BC_PROC_INIT], &o, alias, file);
    free(m->procs[at].name);
    m->procs[at].name = xasprintf("<init %s>", alias);

    m->steps = xrealloc(m->steps, (m->nsteps + lib->nsteps + 1) * sizeof *m->steps);
    for (uint32_t i = 0; i < lib->nsteps; i++) {
        const BcStep *s = &lib->steps[i];
        BcStep *t = &m->steps[m->nsteps++];
        t->title = s->title ? xstrdup(s->title) : NULL;
        t->kind = s->kind;
        t->proc = map_proc(&o, s->proc);
        t->line = s->line;
        t->doc = s->doc ? xstrdup(s->doc) : NULL;
        t->undo_proc = s->undo_proc == BC_NONE ? BC_NONE : map_proc(&o, s->undo_proc);
    }
    m->contacts = xrealloc(m->contacts, (m->ncontacts + lib->ncontacts + 1) * sizeof *m->contacts);
    for (uint32_t i = 0; i < lib->ncontacts; i++) {
        const BcContact *c = &lib->contacts[i];
        m->contacts[m->ncontacts++] = (BcContact){
            xasprintf("%s.%s", alias, c->name), xstrdup(c->display), c->channel,
            c->target_global == BC_NONE ? BC_NONE : c->target_global + o.g};
    }
    m->escalations = xrealloc(m->escalations, (m->nescalations + lib->nescalations + 1) * sizeof *m->escalations);
    for (uint32_t i = 0; i < lib->nescalations; i++) {
        const BcEscalation *e = &lib->escalations[i];
        BcEscalation *t = &m->escalations[m->nescalations++];
        t->level = xstrdup(e->level);
        t->name = xstrdup(e->name);
        t->ncontacts = e->ncontacts;
        t->contacts = xcalloc(e->ncontacts ? e->ncontacts : 1, sizeof *t->contacts);
        for (uint32_t k = 0; k < e->ncontacts; k++)
            t->contacts[k] = e->contacts[k] + o.c;
    }
    *init_out = o.pinit;
    *globals_out = lib->globals_proc == BC_NONE ? BC_NONE : map_proc(&o, lib->globals_proc);
    return o.pbase;
}

void link_append(BcModule *m, Imports *imp)
{
    /* Prepend in reverse so the modules' inits run in import order. */
    for (size_t k = 0; k < imp->n; k++) {
        if (!imp->modules[k])
            continue;
        size_t same = k;
        for (size_t j = 0; j < k; j++)
            if (imp->modules[j] && strcmp(imp->paths[j], imp->paths[k]) == 0)
                same = j;
        if (same != k) { /* the same file under another alias: linked once */
            imp->proc_base[k] = imp->proc_base[same];
            imp->init_proc[k] = imp->init_proc[same];
            imp->globals_proc[k] = imp->globals_proc[same];
            continue;
        }
        imp->proc_base[k] = append_module(m, imp->modules[k], imp->info[k].alias, imp->paths[k],
                                          &imp->init_proc[k], &imp->globals_proc[k]);
    }
    for (size_t k = imp->n; k-- > 0;) {
        bool first = imp->modules[k] != NULL;
        for (size_t j = 0; j < k && first; j++)
            if (imp->modules[j] && strcmp(imp->paths[j], imp->paths[k]) == 0)
                first = false;
        if (first && imp->globals_proc[k] != BC_NONE) /* runs after the init below */
            prepend_init_call(m, imp->globals_proc[k]);
        if (first)
            prepend_init_call(m, imp->init_proc[k]);
    }
}

void imports_free(Imports *imp)
{
    for (size_t k = 0; k < imp->n; k++) {
        bc_free(imp->modules[k]);
        free(imp->paths[k]);
        free((void *)imp->info[k].procs);
    }
    free(imp->info);
    free(imp->modules);
    free(imp->paths);
    free(imp->proc_base);
    free(imp->init_proc);
    free(imp->globals_proc);
    memset(imp, 0, sizeof *imp);
}
