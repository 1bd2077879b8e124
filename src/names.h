/* names.h — small helpers about names: a name -> index table (open
 * addressing; keys are borrowed, not copied) and "did you mean" suggestions
 * by edit distance. */
#ifndef RUNBOOK_NAMES_H
#define RUNBOOK_NAMES_H

#include <stddef.h>

typedef struct NameTab {
    const char **keys;
    int *vals;
    size_t n, cap;
} NameTab;

void nt_free(NameTab *t);
/* The value of name, or -1. */
int nt_get(const NameTab *t, const char *name);
/* Inserts unless present; returns the existing value, or -1 if inserted. */
int nt_put(NameTab *t, const char *name, int val);
/* Sets name's value, inserting it if absent. */
void nt_set(NameTab *t, const char *name, int val);

/* Collects the closest candidate name for "did you mean". */
typedef struct Suggest {
    const char *want;
    const char *best;
    size_t best_d;
} Suggest;

/* want NULL: no search is made (suggest_try does nothing). */
void names_suggest_init(Suggest *s, const char *want);
/* Consider a candidate: kept when it is the closest yet, within 2 edits. */
void names_suggest_try(Suggest *s, const char *cand);

#endif
