/* unit.h — a tiny unit test harness, header only.
 *
 *     #include "unit.h"
 *     TEST(buf_grows) {
 *         Buf b = {0};
 *         buf_adds(&b, "abc");
 *         CHECK_EQ_INT(b.len, 3);
 *         CHECK_EQ_STR(b.data, "abc");
 *         buf_free(&b);
 *     }
 *     UNIT_MAIN()
 *
 * TEST bodies register themselves (a GCC/Clang constructor) and run in the
 * order they appear in the file. Each test prints exactly one line,
 * `ok - NAME` or `not ok - NAME: FILE:LINE: DETAIL` (the first failed check;
 * later ones in the same test are counted as "(+N more)"), which
 * tests/run-tests.sh counts. The program exits 1 if any test failed.
 *
 * CHECK* record a failure and carry on; REQUIRE* also return from the test
 * (use them where carrying on would crash, e.g. before dereferencing).
 * A test that crashes takes the program down: the driver reports the exit. */
#ifndef RUNBOOK_UNIT_H
#define RUNBOOK_UNIT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct UnitTest {
    const char *name;
    void (*fn)(void);
    int line;
} UnitTest;

typedef struct UnitState {
    UnitTest tests[512];
    int ntests;
    int failures;     /* failed checks in the current test */
    char first[1024]; /* the first failure of the current test */
} UnitState;

static UnitState unit_state_;

static void unit_register_(const char *name, void (*fn)(void), int line)
{
    if (unit_state_.ntests == (int)(sizeof unit_state_.tests / sizeof unit_state_.tests[0])) {
        fprintf(stderr, "unit.h: too many tests in one file\n");
        exit(2);
    }
    unit_state_.tests[unit_state_.ntests++] = (UnitTest){name, fn, line};
}

#if defined(__GNUC__)
#define UNIT_PRINTF_(f, a) __attribute__((format(printf, f, a)))
#else
#define UNIT_PRINTF_(f, a)
#endif

static void unit_fail_(const char *file, int line, const char *fmt, ...) UNIT_PRINTF_(3, 4);

static void unit_fail_(const char *file, int line, const char *fmt, ...)
{
    if (unit_state_.failures++ == 0) {
        int n = snprintf(unit_state_.first, sizeof unit_state_.first, "%s:%d: ", file, line);
        va_list ap;
        va_start(ap, fmt);
        if (n >= 0 && (size_t)n < sizeof unit_state_.first)
            vsnprintf(unit_state_.first + n, sizeof unit_state_.first - (size_t)n, fmt, ap);
        va_end(ap);
        /* Keep the report on one line. */
        for (char *p = unit_state_.first; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
    }
}

#define TEST(name)                                                            \
    static void unit_test_##name(void);                                       \
    __attribute__((constructor)) static void unit_reg_##name(void)            \
    {                                                                         \
        unit_register_(#name, unit_test_##name, __LINE__);                    \
    }                                                                         \
    static void unit_test_##name(void)

#define CHECK(cond)                                                           \
    do {                                                                      \
        if (!(cond))                                                          \
            unit_fail_(__FILE__, __LINE__, "CHECK(%s) failed", #cond);        \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                    \
    do {                                                                      \
        long long unit_a_ = (long long)(a), unit_b_ = (long long)(b);         \
        if (unit_a_ != unit_b_)                                               \
            unit_fail_(__FILE__, __LINE__, "%s == %s: got %lld, want %lld",   \
                       #a, #b, unit_a_, unit_b_);                             \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                    \
    do {                                                                      \
        const char *unit_a_ = (a), *unit_b_ = (b);                            \
        if (!unit_a_ || !unit_b_ ? unit_a_ != unit_b_                         \
                                 : strcmp(unit_a_, unit_b_) != 0)             \
            unit_fail_(__FILE__, __LINE__, "%s == %s: got \"%s\", want \"%s\"", \
                       #a, #b, unit_a_ ? unit_a_ : "(null)",                  \
                       unit_b_ ? unit_b_ : "(null)");                         \
    } while (0)

/* Compare n bytes (strings with embedded NULs, binary buffers). */
#define CHECK_EQ_MEM(a, b, n)                                                 \
    do {                                                                      \
        size_t unit_n_ = (n);                                                 \
        if (memcmp((a), (b), unit_n_) != 0)                                   \
            unit_fail_(__FILE__, __LINE__, "%s == %s: %zu bytes differ",      \
                       #a, #b, unit_n_);                                      \
    } while (0)

#define UNIT_RETURN_IF_FAILED_()                                              \
    do {                                                                      \
        if (unit_state_.failures)                                             \
            return;                                                           \
    } while (0)
#define REQUIRE(cond)                                                         \
    do {                                                                      \
        CHECK(cond);                                                          \
        UNIT_RETURN_IF_FAILED_();                                             \
    } while (0)
#define REQUIRE_EQ_INT(a, b)                                                  \
    do {                                                                      \
        CHECK_EQ_INT(a, b);                                                   \
        UNIT_RETURN_IF_FAILED_();                                             \
    } while (0)

static int unit_by_line_(const void *a, const void *b)
{
    return ((const UnitTest *)a)->line - ((const UnitTest *)b)->line;
}

/* Runs every test, or only those named on the command line. */
static int unit_main_(int argc, char **argv)
{
    int failed = 0;
    qsort(unit_state_.tests, (size_t)unit_state_.ntests, sizeof(UnitTest), unit_by_line_);
    for (int i = 0; i < unit_state_.ntests; i++) {
        const UnitTest *t = &unit_state_.tests[i];
        if (argc > 1) {
            int wanted = 0;
            for (int j = 1; j < argc; j++)
                wanted |= strcmp(argv[j], t->name) == 0;
            if (!wanted)
                continue;
        }
        unit_state_.failures = 0;
        unit_state_.first[0] = '\0';
        t->fn();
        fflush(stderr);
        if (unit_state_.failures == 0) {
            printf("ok - %s\n", t->name);
        } else {
            failed++;
            if (unit_state_.failures > 1)
                printf("not ok - %s: %s (+%d more)\n", t->name, unit_state_.first,
                       unit_state_.failures - 1);
            else
                printf("not ok - %s: %s\n", t->name, unit_state_.first);
        }
        fflush(stdout);
    }
    return failed ? 1 : 0;
}

#define UNIT_MAIN()                                                           \
    int main(int argc, char **argv) { return unit_main_(argc, argv); }

#endif
