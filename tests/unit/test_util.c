/* test_util.c — the helpers in src/util.h: allocation, Buf, files, hashes,
 * durations. Only behaviour util.h documents is pinned here. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "util.h"

#define NS_PER_S 1000000000LL

TEST(xstrdup_copies)
{
    const char *s = "hello";
    char *d = xstrdup(s);
    REQUIRE(d != NULL);
    CHECK(d != s);
    CHECK_EQ_STR(d, "hello");
    free(d);
}

TEST(xstrndup_copies_n_bytes)
{
    char *d = xstrndup("hello world", 5);
    CHECK_EQ_STR(d, "hello");
    free(d);
}

TEST(xasprintf_formats)
{
    char *s = xasprintf("%s-%d-%03d", "a", 42, 7);
    CHECK_EQ_STR(s, "a-42-007");
    free(s);
    s = xasprintf("%s", "");
    CHECK_EQ_STR(s, "");
    free(s);
}

TEST(xcalloc_zeroes_and_xrealloc_keeps)
{
    int *v = xcalloc(16, sizeof *v);
    int zero = 1;
    for (int i = 0; i < 16; i++)
        zero &= v[i] == 0;
    CHECK(zero);
    for (int i = 0; i < 16; i++)
        v[i] = i;
    v = xrealloc(v, 1024 * sizeof *v);
    CHECK_EQ_INT(v[15], 15);
    free(v);
}

TEST(vec_push_grows)
{
    int *v = NULL;
    size_t len = 0, cap = 0;
    for (int i = 0; i < 1000; i++)
        VEC_PUSH(v, len, cap, i * 2);
    CHECK_EQ_INT(len, 1000);
    CHECK(cap >= len);
    CHECK_EQ_INT(v[0], 0);
    CHECK_EQ_INT(v[999], 1998);
    free(v);
}

TEST(buf_appends_and_stays_terminated)
{
    Buf b = {0};
    buf_adds(&b, "abc");
    buf_addc(&b, '-');
    buf_add(&b, "xyz123", 3);
    buf_printf(&b, "%d:%s", 7, "ok");
    CHECK_EQ_INT(b.len, 11);
    CHECK_EQ_STR(b.data, "abc-xyz7:ok");
    CHECK_EQ_INT(b.data[b.len], '\0');
    buf_free(&b);
    CHECK(b.data == NULL);
    CHECK_EQ_INT(b.len, 0);
}

TEST(buf_grows_past_many_reallocs)
{
    Buf b = {0};
    for (int i = 0; i < 10000; i++)
        buf_addc(&b, (char)('a' + i % 26));
    CHECK_EQ_INT(b.len, 10000);
    CHECK_EQ_INT(b.data[0], 'a');
    CHECK_EQ_INT(b.data[9999], 'a' + 9999 % 26);
    CHECK_EQ_INT(b.data[10000], '\0');
    buf_reserve(&b, 100000);
    CHECK(b.cap >= b.len + 100000);
    buf_free(&b);
}

TEST(buf_keeps_embedded_nul)
{
    Buf b = {0};
    buf_add(&b, "a\0b", 3);
    CHECK_EQ_INT(b.len, 3);
    CHECK_EQ_MEM(b.data, "a\0b", 4);
    buf_free(&b);
}

TEST(buf_steal_returns_data_and_resets)
{
    Buf b = {0};
    buf_adds(&b, "taken");
    char *s = buf_steal(&b);
    CHECK_EQ_STR(s, "taken");
    CHECK(b.data == NULL);
    CHECK_EQ_INT(b.len, 0);
    free(s);

    Buf empty = {0};
    s = buf_steal(&empty);
    CHECK_EQ_STR(s, "");
    free(s);
}

static char *json_of(const char *s, size_t n)
{
    Buf b = {0};
    buf_add_json_string(&b, s, n);
    return buf_steal(&b);
}

TEST(json_string_escapes)
{
    char *j = json_of("plain", 5);
    CHECK_EQ_STR(j, "\"plain\"");
    free(j);
    j = json_of("", 0);
    CHECK_EQ_STR(j, "\"\"");
    free(j);
    j = json_of("a\"b\\c", 5);
    CHECK_EQ_STR(j, "\"a\\\"b\\\\c\"");
    free(j);
    j = json_of("x\ny\tz\r", 6);
    CHECK_EQ_STR(j, "\"x\\ny\\tz\\r\"");
    free(j);
    /* Other control characters become \u00XX (digits only: no case issue). */
    j = json_of("\x01", 1);
    CHECK_EQ_STR(j, "\"\\u0001\"");
    free(j);
    /* n counts bytes: an embedded NUL is escaped, not a terminator. */
    j = json_of("a\0b", 3);
    CHECK_EQ_STR(j, "\"a\\u0000b\"");
    free(j);
    /* UTF-8 passes through unchanged. */
    j = json_of("h\xc3\xa9", 3);
    CHECK_EQ_STR(j, "\"h\xc3\xa9\"");
    free(j);
}

static char *temp_dir(void)
{
    const char *base = getenv("TMPDIR");
    char *path = xasprintf("%s/rb-unit-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(path)) {
        free(path);
        return NULL;
    }
    return path;
}

TEST(write_then_read_file)
{
    char *dir = temp_dir();
    REQUIRE(dir != NULL);
    char *path = xasprintf("%s/f.txt", dir);
    const char text[] = "line one\nline two\n";
    CHECK_EQ_INT(write_file_atomic(path, text, sizeof text - 1), 0);

    char *data = NULL;
    size_t len = 0;
    CHECK_EQ_INT(read_whole_file(path, &data, &len), 0);
    CHECK_EQ_INT(len, sizeof text - 1);
    CHECK_EQ_STR(data, text);
    free(data);

    /* Overwriting replaces the whole content. */
    CHECK_EQ_INT(write_file_atomic(path, "x", 1), 0);
    data = NULL;
    CHECK_EQ_INT(read_whole_file(path, &data, &len), 0);
    CHECK_EQ_INT(len, 1);
    CHECK_EQ_STR(data, "x");
    free(data);

    /* No temporary file is left behind. */
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    CHECK(access(tmp, F_OK) != 0);
    free(tmp);

    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

TEST(read_empty_file)
{
    char *dir = temp_dir();
    REQUIRE(dir != NULL);
    char *path = xasprintf("%s/empty", dir);
    CHECK_EQ_INT(write_file_atomic(path, "", 0), 0);
    char *data = NULL;
    size_t len = 99;
    CHECK_EQ_INT(read_whole_file(path, &data, &len), 0);
    CHECK_EQ_INT(len, 0);
    REQUIRE(data != NULL);
    CHECK_EQ_INT(data[0], '\0');
    free(data);
    unlink(path);
    rmdir(dir);
    free(path);
    free(dir);
}

TEST(read_missing_file_sets_errno)
{
    char *data = NULL;
    size_t len = 0;
    errno = 0;
    CHECK_EQ_INT(read_whole_file("/nonexistent/runbook/unit/file", &data, &len), -1);
    CHECK_EQ_INT(errno, ENOENT);
}

TEST(write_into_missing_dir_fails)
{
    errno = 0;
    CHECK_EQ_INT(write_file_atomic("/nonexistent/runbook/unit/file", "x", 1), -1);
    CHECK(errno != 0);
}

TEST(fnv1a64_known_values)
{
    /* Reference values of 64-bit FNV-1a. */
    CHECK(hash_fnv1a64("", 0) == 0xcbf29ce484222325ULL);
    CHECK(hash_fnv1a64("a", 1) == 0xaf63dc4c8601ec8cULL);
    CHECK(hash_fnv1a64("foobar", 6) == 0x85944171f73967e8ULL);
}

TEST(hash_str32_is_deterministic)
{
    CHECK(hash_str32("deploy", 6) == hash_str32("deploy", 6));
    CHECK(hash_str32("deploy", 6) != hash_str32("rollback", 8));
    /* Only n bytes count. */
    CHECK(hash_str32("abcdef", 3) == hash_str32("abc", 3));
}

TEST(monotonic_clock_moves_forward)
{
    int64_t a = clock_monotonic_ns();
    usleep(2000);
    int64_t b = clock_monotonic_ns();
    CHECK(a > 0);
    CHECK(b - a >= 1000000); /* at least 1ms of the 2ms slept */
}

static char *fmt_dur(int64_t ns)
{
    Buf b = {0};
    format_duration_ns(&b, ns);
    return buf_steal(&b);
}

TEST(format_duration_documented_examples)
{
    char *s;
    s = fmt_dur(5400 * NS_PER_S);
    CHECK_EQ_STR(s, "1h30m");
    free(s);
    s = fmt_dur(500 * 1000000LL);
    CHECK_EQ_STR(s, "500ms");
    free(s);
    s = fmt_dur(2500 * 1000000LL);
    CHECK_EQ_STR(s, "2.5s");
    free(s);
    s = fmt_dur(0);
    CHECK_EQ_STR(s, "0s");
    free(s);
}

TEST(format_duration_fractions_are_exact)
{
    static const struct {
        int64_t ns;
        const char *text;
    } cases[] = {
        {1, "0.000001ms"},
        {333333333, "333.333333ms"},
        {999999999, "999.999999ms"},
        {3333333333LL, "3.333333333s"},
        {119999900000LL, "1m59.9999s"},
        {-1500000000LL, "-1.5s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = fmt_dur(cases[i].ns);
        CHECK_EQ_STR(s, cases[i].text);
        free(s);
    }
}

TEST(format_duration_appends)
{
    Buf b = {0};
    buf_adds(&b, "took ");
    format_duration_ns(&b, 500 * 1000000LL);
    CHECK_EQ_STR(b.data, "took 500ms");
    buf_free(&b);
}

static int64_t dur(const char *s)
{
    int64_t ns = -12345;
    if (parse_duration(s, strlen(s), &ns) != 0)
        return -1;
    return ns;
}

TEST(parse_duration_documented_examples)
{
    CHECK_EQ_INT(dur("500ms"), 500 * 1000000LL);
    CHECK_EQ_INT(dur("1h30m"), 5400 * NS_PER_S);
    CHECK_EQ_INT(dur("2.5s"), 2500 * 1000000LL);
    CHECK_EQ_INT(dur("2d"), 2 * 86400 * NS_PER_S);
    CHECK_EQ_INT(dur("0s"), 0);
    CHECK_EQ_INT(dur("45s"), 45 * NS_PER_S);
    CHECK_EQ_INT(dur("10m"), 600 * NS_PER_S);
}

TEST(parse_duration_uses_only_n_bytes)
{
    int64_t ns = 0;
    CHECK_EQ_INT(parse_duration("5s and more", 2, &ns), 0);
    CHECK_EQ_INT(ns, 5 * NS_PER_S);
}

TEST(parse_duration_rejects_garbage)
{
    CHECK_EQ_INT(dur(""), -1);
    CHECK_EQ_INT(dur("5"), -1);
    CHECK_EQ_INT(dur("ms"), -1);
    CHECK_EQ_INT(dur("5x"), -1);
    CHECK_EQ_INT(dur("s5"), -1);
}

TEST(parse_duration_rejects_overflow)
{
    CHECK_EQ_INT(dur("99999999999999999999s"), -1);
    CHECK_EQ_INT(dur("9999999999999h"), -1);
}

TEST(duration_round_trips)
{
    static const char *const cases[] = {"1h30m", "500ms", "2.5s", "0s", "45s"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t ns = dur(cases[i]);
        char *s = fmt_dur(ns);
        CHECK_EQ_STR(s, cases[i]);
        free(s);
    }
}

UNIT_MAIN()
