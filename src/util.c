/* util.c — allocation, byte buffers, files, hashing, clocks and durations.
 * Small general helpers only; nothing here knows about runbooks. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void out_of_memory(void)
{
    static const char msg[] = "runbook: out of memory\n";
    ssize_t r = write(2, msg, sizeof msg - 1);
    (void)r;
    _exit(70);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
    Buf b = {0};
    buf_vprintf(&b, fmt, ap);
    return buf_steal(&b);
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    return s;
}

void buf_reserve(Buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_add(Buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_adds(Buf *b, const char *s) { buf_add(b, s, strlen(s)); }

void buf_addc(Buf *b, char c)
{
    buf_reserve(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        buf_add(b, small, (size_t)n);
        return;
    }
    buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

char *buf_steal(Buf *b)
{
    char *s = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return s;
}

void buf_free(Buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void buf_add_json_string(Buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    buf_addc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': buf_add(b, "\\\"", 2); break;
        case '\\': buf_add(b, "\\\\", 2); break;
        case '\n': buf_add(b, "\\n", 2); break;
        case '\r': buf_add(b, "\\r", 2); break;
        case '\t': buf_add(b, "\\t", 2); break;
        case '\b': buf_add(b, "\\b", 2); break;
        case '\f': buf_add(b, "\\f", 2); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
                buf_add(b, e, 6);
            } else {
                buf_addc(b, (char)c);
            }
        }
    }
    buf_addc(b, '"');
}

size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char c = s[0];
    size_t k;
    uint32_t v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        k = 2, v = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        k = 3, v = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        k = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (k > n)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return k;
}

void buf_add_utf8_valid(Buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, start = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(u + i, n - i, &cp);
        if (k) {
            i += k;
            continue;
        }
        buf_add(b, s + start, i - start);
        buf_adds(b, "\xEF\xBF\xBD");
        start = ++i;
    }
    buf_add(b, s + start, n - start);
}

size_t utf8_cut(const char *s, size_t n)
{
    size_t back = 0;
    /* Step back over at most three continuation bytes to a lead byte. */
    while (back < 3 && back < n && ((unsigned char)s[n - 1 - back] & 0xC0) == 0x80)
        back++;
    if (back < n) {
        unsigned char lead = (unsigned char)s[n - 1 - back];
        size_t need = lead < 0x80 ? 1 : (lead & 0xE0) == 0xC0 ? 2 : (lead & 0xF0) == 0xE0 ? 3 : (lead & 0xF8) == 0xF0 ? 4 : 1;
        if (need > back + 1)
            return n - 1 - back; /* the last sequence is incomplete */
    }
    return n;
}

int read_whole_file(const char *path, char **data, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        errno = EISDIR;
        return -1;
    }
    Buf b = {0};
    /* Room for the whole file and the read that sees its end: no copy. */
    buf_reserve(&b, (st.st_size > 0 ? (size_t)st.st_size : 0) + 4096);
    for (;;) {
        buf_reserve(&b, 4096);
        ssize_t r = read(fd, b.data + b.len, b.cap - b.len - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            buf_free(&b);
            errno = e;
            return -1;
        }
        if (r == 0)
            break;
        b.len += (size_t)r;
    }
    close(fd);
    b.data[b.len] = '\0';
    *len = b.len;
    *data = b.data;
    return 0;
}

int write_file_atomic(const char *path, const void *data, size_t len)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        errno = e;
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) < 0 && errno != EINVAL)
        goto fail;
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto fail;
    free(tmp);
    return 0;
fail:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    errno = e;
    return -1;
}

uint64_t hash_fnv1a64(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 14695981039346656037ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint32_t hash_str32(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h ? h : 1;
}

int64_t clock_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#define NS_MS 1000000LL
#define NS_S (1000 * NS_MS)
#define NS_M (60 * NS_S)
#define NS_H (60 * NS_M)
#define NS_D (24 * NS_H)

/* ".25" for frac = 250 of `digits` decimal places; nothing for 0. Exact:
 * integer arithmetic, trailing zeros trimmed. */
static void add_fraction(Buf *b, uint64_t frac, int digits)
{
    if (frac == 0)
        return;
    char tmp[24];
    snprintf(tmp, sizeof tmp, ".%0*llu", digits, (unsigned long long)frac);
    size_t n = strlen(tmp);
    while (tmp[n - 1] == '0')
        n--;
    buf_add(b, tmp, n);
}

void format_duration_ns(Buf *b, int64_t ns)
{
    if (ns == 0) {
        buf_adds(b, "0s");
        return;
    }
    uint64_t u;
    if (ns < 0) {
        buf_addc(b, '-');
        u = (uint64_t)0 - (uint64_t)ns;
    } else {
        u = (uint64_t)ns;
    }
    if (u < (uint64_t)NS_S) {
        /* Sub-second: milliseconds, with an exact fraction if needed. */
        buf_printf(b, "%llu", (unsigned long long)(u / NS_MS));
        add_fraction(b, u % NS_MS, 6);
        buf_adds(b, "ms");
        return;
    }
    uint64_t d = u / NS_D, h = u % NS_D / NS_H, m = u % NS_H / NS_M;
    uint64_t s = u % NS_M / NS_S, frac = u % NS_S;
    if (d)
        buf_printf(b, "%llud", (unsigned long long)d);
    if (h)
        buf_printf(b, "%lluh", (unsigned long long)h);
    if (m)
        buf_printf(b, "%llum", (unsigned long long)m);
    if (s || frac) {
        buf_printf(b, "%llu", (unsigned long long)s);
        add_fraction(b, frac, 9);
        buf_addc(b, 's');
    }
}

int parse_duration(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    double total = 0;
    int parts = 0;
    int last_rank = 99; /* units must not repeat or grow: 1h30m, not 30m1h */
    if (n == 0)
        return -1;
    while (i < n) {
        size_t start = i;
        while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            i++;
        if (i < n && s[i] == '.') {
            i++;
            while (i < n && s[i] >= '0' && s[i] <= '9')
                i++;
        }
        if (i == start || (s[start] < '0' || s[start] > '9'))
            return -1;
        char num[64];
        size_t k = 0;
        for (size_t j = start; j < i && k < sizeof num - 1; j++)
            if (s[j] != '_')
                num[k++] = s[j];
        num[k] = '\0';
        if (i - start >= sizeof num - 1)
            return -1;
        double v = strtod(num, NULL);
        double unit;
        int rank;
        if (i + 1 < n + 1 && i < n && s[i] == 'm' && i + 1 < n && s[i + 1] == 's') {
            unit = (double)NS_MS;
            rank = 1;
            i += 2;
        } else if (i < n && s[i] == 's') {
            unit = (double)NS_S, rank = 2, i++;
        } else if (i < n && s[i] == 'm') {
            unit = (double)NS_M, rank = 3, i++;
        } else if (i < n && s[i] == 'h') {
            unit = (double)NS_H, rank = 4, i++;
        } else if (i < n && s[i] == 'd') {
            unit = (double)NS_D, rank = 5, i++;
        } else {
            return -1;
        }
        if (rank >= last_rank)
            return -1;
        last_rank = rank;
        total += v * unit;
        parts++;
        if (total > 9.2e18)
            return -1;
    }
    if (!parts)
        return -1;
    *out = (int64_t)(total + 0.5);
    return 0;
}
