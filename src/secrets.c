/* secrets.c — masking secret texts in output. See secrets.h. */
#include "secrets.h"

#include <stdlib.h>
#include <string.h>

void secrets_add(Secrets *s, const char *text, size_t len)
{
    if (len < SECRET_MIN_MASK_LEN)
        return;
    for (size_t i = 0; i < s->n; i++)
        if (s->len[i] == len && memcmp(s->text[i], text, len) == 0)
            return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->text = xrealloc(s->text, s->cap * sizeof *s->text);
        s->len = xrealloc(s->len, s->cap * sizeof *s->len);
    }
    /* Keep the list sorted longest first, so that a longer secret wins
     * over one it contains. */
    size_t at = s->n;
    while (at > 0 && s->len[at - 1] < len) {
        s->text[at] = s->text[at - 1];
        s->len[at] = s->len[at - 1];
        at--;
    }
    s->text[at] = xstrndup(text, len);
    s->len[at] = len;
    s->n++;
}

void secrets_mask_into(const Secrets *s, const char *text, size_t len, Buf *out)
{
    if (!s || s->n == 0) {
        buf_add(out, text, len);
        return;
    }
    size_t i = 0, copied = 0;
    while (i < len) {
        size_t hit = 0;
        for (size_t k = 0; k < s->n; k++) {
            if (s->len[k] <= len - i && text[i] == s->text[k][0] &&
                memcmp(text + i, s->text[k], s->len[k]) == 0) {
                hit = s->len[k];
                break;
            }
        }
        if (hit) {
            buf_add(out, text + copied, i - copied);
            buf_adds(out, "***");
            i += hit;
            copied = i;
        } else {
            i++;
        }
    }
    buf_add(out, text + copied, len - copied);
}

char *secrets_mask(const Secrets *s, const char *text, size_t len)
{
    Buf b = {0};
    secrets_mask_into(s, text, len, &b);
    return buf_steal(&b);
}

void secrets_free(Secrets *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->text[i]);
    free(s->text);
    free(s->len);
    s->text = NULL;
    s->len = NULL;
    s->n = s->cap = 0;
}
