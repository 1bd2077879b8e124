/* secrets.h — the texts of the run's secrets, so that whatever is shown or
 * logged (terminal, error messages, audit log) shows *** in their place:
 * LANGUAGE.md §9. A secret enters the set when a secret parameter is bound
 * and when a secret value is passed to a command. */
#ifndef RUNBOOK_SECRETS_H
#define RUNBOOK_SECRETS_H

#include <stddef.h>

#include "util.h"

/* Secrets shorter than this are not searched for in output (masking every
 * "a" would make output unreadable); they are still never printed as
 * values, since a secret value always prints as ***. */
#define SECRET_MIN_MASK_LEN 3

typedef struct Secrets {
    char **text;
    size_t *len;
    size_t n, cap;
} Secrets;

void secrets_add(Secrets *s, const char *text, size_t len); /* copies; ignores repeats */
/* Append text to out with every occurrence of a secret replaced by ***.
 * Longer secrets are replaced first, so one that contains another is
 * masked whole. */
void secrets_mask_into(const Secrets *s, const char *text, size_t len, Buf *out);
/* A masked, malloc'd copy. */
char *secrets_mask(const Secrets *s, const char *text, size_t len);
void secrets_free(Secrets *s);

#endif
