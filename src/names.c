/* names.c — the name table and "did you mean" suggestions. See names.h. */
#include "names.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void nt_free(NameTab *t)
{
    free(t->keys);
    free(t->vals);
    memset(t, 0, sizeof *t);
}

int nt_get(const NameTab *t, const char *name)
{
    if (!t->cap)
        return -1;
    size_t mask = t->cap - 1, i = hash_str32(name, strlen(name)) & mask;
    for (; t->keys[i]; i = (i + 1) & mask)
        if (strcmp(t->keys[i], name) == 0)
            return t->vals[i];
    return -1;
}

/* Inserts unless present; returns the existing value, or -1 if inserted. */
int nt_put(NameTab *t, const char *name, int val)
{
    int old = nt_get(t, name);
    if (old >= 0)
        return old;
    if ((t->n + 1) * 2 > t->cap) {
        size_t ncap = t->cap ? t->cap * 2 : 16;
        const char **keys = xcalloc(ncap, sizeof *keys);
        int *vals = xcalloc(ncap, sizeof *vals);
        for (size_t j = 0; j < t->cap; j++) {
            if (!t->keys[j])
                continue;
            size_t k = hash_str32(t->keys[j], strlen(t->keys[j])) & (ncap - 1);
            while (keys[k])
                k = (k + 1) & (ncap - 1);
            keys[k] = t->keys[j];
            vals[k] = t->vals[j];
        }
        free(t->keys);
        free(t->vals);
        t->keys = keys;
        t->vals = vals;
        t->cap = ncap;
    }
    size_t mask = t->cap - 1, i = hash_str32(name, strlen(name)) & mask;
    while (t->keys[i])
        i = (i + 1) & mask;
    t->keys[i] = name;
    t->vals[i] = val;
    t->n++;
    return -1;
}

/* Sets name's value, inserting it if absent (a value may be -1, which
 * nt_get cannot tell from absent, so nt_put's test is not used). */
void nt_set(NameTab *t, const char *name, int val)
{
    if (t->cap) {
        size_t mask = t->cap - 1, i = hash_str32(name, strlen(name)) & mask;
        for (; t->keys[i]; i = (i + 1) & mask)
            if (strcmp(t->keys[i], name) == 0) {
                t->vals[i] = val;
                return;
            }
    }
    nt_put(t, name, val);
}


/* Edit distance with adjacent transpositions, capped: returns > cap early
 * when the lengths alone exceed it. */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > cap || la > 64 || lb > 64)
        return cap + 1;
    size_t d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    /* Only the band |i - j| <= cap matters (a cell outside it is more than
     * cap); the cells just outside it that the next row reads are set to
     * cap + 1. Linear instead of quadratic in the names' length. */
    for (size_t i = 1; i <= la; i++) {
        size_t lo = i > cap ? i - cap : 1, hi = i + cap < lb ? i + cap : lb;
        if (lo > 1)
            d[i][lo - 1] = cap + 1;
        if (hi < lb)
            d[i][hi + 1] = cap + 1;
        for (size_t j = lo; j <= hi; j++) {
            size_t cost = a[i - 1] != b[j - 1];
            size_t v = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < v)
                v = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < v)
                v = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < v)
                v = d[i - 2][j - 2] + 1;
            d[i][j] = v;
        }
    }
    return d[la][lb];
}

void names_suggest_init(Suggest *s, const char *want)
{
    s->want = want;
    s->best = NULL;
    s->best_d = 3;
}

void names_suggest_try(Suggest *s, const char *cand)
{
    if (!cand || !s->want || strcmp(cand, s->want) == 0)
        return;
    size_t d = edit_distance(s->want, cand, 2);
    /* A one-letter name is not "close" to another one-letter name. */
    if (d <= 2 && d < strlen(s->want) && d < s->best_d) {
        s->best = cand;
        s->best_d = d;
    }
}
