/* util.h — allocation that never returns NULL, a growable byte buffer, and
 * small helpers shared by every module. Nothing here knows about runbooks. */
#ifndef RUNBOOK_UTIL_H
#define RUNBOOK_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#if defined(__GNUC__)
#define RB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RB_NORETURN __attribute__((noreturn))
#define RB_UNUSED __attribute__((unused))
#else
#define RB_PRINTF(f, a)
#define RB_NORETURN
#define RB_UNUSED
#endif

/* Out of memory is the one failure we do not turn into a diagnostic: the
 * process prints a message and exits 70 (EX_SOFTWARE). */
RB_NORETURN void out_of_memory(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
/* Copies exactly n bytes (which may include NULs) and adds a NUL: unlike
 * strndup it does not stop early, so s must hold n bytes. */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) RB_PRINTF(1, 2);
char *xvasprintf(const char *fmt, va_list ap);

/* Grow a (ptr, len, cap) vector so that one more element fits. */
#define VEC_GROW(ptr, len, cap)                                               \
    do {                                                                      \
        if ((len) >= (cap)) {                                                 \
            (cap) = (cap) ? (cap) * 2 : 8;                                    \
            (ptr) = xrealloc((ptr), (size_t)(cap) * sizeof(*(ptr)));          \
        }                                                                     \
    } while (0)
#define VEC_PUSH(ptr, len, cap, item)                                         \
    do {                                                                      \
        VEC_GROW(ptr, len, cap);                                              \
        (ptr)[(len)++] = (item);                                              \
    } while (0)

/* A growable byte buffer, always NUL-terminated when data is non-NULL. */
typedef struct Buf {
    char *data;
    size_t len, cap;
} Buf;

void buf_reserve(Buf *b, size_t extra);
void buf_add(Buf *b, const void *p, size_t n);
void buf_adds(Buf *b, const char *s);
void buf_addc(Buf *b, char c);
void buf_printf(Buf *b, const char *fmt, ...) RB_PRINTF(2, 3);
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
char *buf_steal(Buf *b); /* returns data ("" if empty), resets b */
void buf_free(Buf *b);
/* Append s as a JSON string literal (with quotes), escaping as RFC 8259. */
void buf_add_json_string(Buf *b, const char *s, size_t n);

/* The length of the valid UTF-8 sequence at s[0..n) and its code point,
 * or 0 when the bytes there are not one (truncated, overlong, surrogate,
 * beyond U+10FFFF). */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* Append s, each byte that is not part of valid UTF-8 replaced by U+FFFD. */
void buf_add_utf8_valid(Buf *b, const char *s, size_t n);
/* The largest length <= n that does not cut a UTF-8 sequence in two. */
size_t utf8_cut(const char *s, size_t n);

/* Read a whole file. Returns 0 and sets *data and *len (NUL-terminated), or -1
 * with errno set. */
int read_whole_file(const char *path, char **data, size_t *len);

/* Write a file atomically: to PATH.tmp.PID, then rename. Never leaves a
 * half-written file at PATH. Returns 0, or -1 with errno set. */
int write_file_atomic(const char *path, const void *data, size_t len);

/* 64-bit FNV-1a. */
uint64_t hash_fnv1a64(const void *p, size_t n);
uint32_t hash_str32(const char *s, size_t n);

/* Monotonic clock in nanoseconds. */
int64_t clock_monotonic_ns(void);

/* Format a duration in nanoseconds as the language writes it: 1h30m, 500ms,
 * 2.5s, 0s. */
void format_duration_ns(Buf *b, int64_t ns);

/* Parse a duration literal ("500ms", "1h30m", "2.5s", "2d"). Returns 0 and
 * sets *ns, or -1 when the text is not a valid duration (or overflows). */
int parse_duration(const char *s, size_t n, int64_t *ns);

#endif
