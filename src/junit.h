/* junit.h — a JUnit XML report of a run (`--junit FILE.xml`): one test
 * case per step and check, with its duration and failure message, in the
 * format CI systems read (Jenkins, GitLab, GitHub Actions reporters). */
#ifndef RUNBOOK_JUNIT_H
#define RUNBOOK_JUNIT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>

#include "util.h"

typedef struct JunitCase {
    const char *kind;     /* "step" or "check": the classname */
    const char *name;     /* the step's title */
    int64_t duration_ns;
    int status;           /* 0 passed, 1 failed, 2 failed but handled (reported as passed with a system-out note) */
    const char *message;  /* failure message (masked), or NULL */
    const char *file;     /* source file and line, for the failure text */
    unsigned line;
} JunitCase;

/* Write the report atomically. suite: the runbook's title. Returns 0, or
 * -1 with *err. */
int junit_write(const char *path, const char *suite, const JunitCase *cases, size_t n,
                int64_t total_ns, char **err);

/* Append n bytes of s escaped for XML 1.0 text or, with in_attr, for a
 * quoted attribute value: markup as entities, bytes XML cannot carry as
 * U+FFFD. For other XML writers (`runbook lint --format junit`). */
void junit_xml_escape(Buf *b, const char *s, size_t n, bool in_attr);

#endif
