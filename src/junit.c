/* junit.c — the JUnit XML report of a run (`--junit FILE.xml`), in the shape
 * Jenkins, GitLab and GitHub Actions reporters read: one <testsuite> for the
 * runbook, one <testcase> per step and check. Text from the run (titles,
 * failure messages, already masked) is escaped for XML 1.0: markup
 * characters become entities, and bytes XML cannot carry (control
 * characters, invalid UTF-8) become U+FFFD, so the file always parses. The
 * file is written atomically; a reader never sees half a report. */
#include "junit.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util.h"

#define REPLACEMENT_CHAR "\xEF\xBF\xBD" /* U+FFFD */

/* XML 1.0 § 2.2: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD]
 * | [#x10000-#x10FFFF]. */
static bool xml_char_ok(uint32_t cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
           (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* Append n bytes of s escaped for XML text or, with in_attr, for a quoted
 * attribute value (where tab and newlines must be character references or
 * a parser folds them into spaces). */
static void xml_escape(Buf *b, const char *s, size_t n, bool in_attr)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = utf8_decode(p + i, n - i, &cp);
        if (k == 0 || !xml_char_ok(cp)) {
            buf_adds(b, REPLACEMENT_CHAR);
            i += k ? k : 1;
            continue;
        }
        switch (cp) {
        case '&': buf_adds(b, "&amp;"); break;
        case '<': buf_adds(b, "&lt;"); break;
        case '>': buf_adds(b, "&gt;"); break;
        case '"': buf_adds(b, "&quot;"); break;
        case '\'': buf_adds(b, "&apos;"); break;
        case '\r': buf_adds(b, "&#13;"); break; /* a parser turns a raw CR into LF */
        case '\t':
            if (in_attr)
                buf_adds(b, "&#9;");
            else
                buf_addc(b, '\t');
            break;
        case '\n':
            if (in_attr)
                buf_adds(b, "&#10;");
            else
                buf_addc(b, '\n');
            break;
        default: buf_add(b, p + i, k);
        }
        i += k;
    }
}

void junit_xml_escape(Buf *b, const char *s, size_t n, bool in_attr)
{
    xml_escape(b, s, n, in_attr);
}

static void xml_attr(Buf *b, const char *name, const char *value)
{
    buf_printf(b, " %s=\"", name);
    xml_escape(b, value, strlen(value), true);
    buf_addc(b, '"');
}

/* Seconds with milliseconds, rounded: 123456789 ns -> "0.123". */
static void add_seconds(Buf *b, int64_t ns)
{
    if (ns < 0)
        ns = 0;
    int64_t ms = ns / 1000000 + (ns % 1000000 >= 500000);
    buf_printf(b, "%" PRId64 ".%03" PRId64, ms / 1000, ms % 1000);
}

static void add_time_attr(Buf *b, int64_t ns)
{
    buf_adds(b, " time=\"");
    add_seconds(b, ns);
    buf_addc(b, '"');
}

/* When the run started, in UTC: now minus its duration. */
static void add_timestamp_attr(Buf *b, int64_t total_ns)
{
    struct timespec now;
    if (clock_gettime(CLOCK_REALTIME, &now) != 0)
        return;
    time_t start = now.tv_sec - (time_t)((total_ns > 0 ? total_ns : 0) / 1000000000);
    struct tm tm;
    char text[32];
    if (!gmtime_r(&start, &tm) || strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        return;
    buf_printf(b, " timestamp=\"%s\"", text);
}

static void add_case(Buf *b, const JunitCase *c)
{
    buf_adds(b, "    <testcase");
    xml_attr(b, "classname", c->kind ? c->kind : "step");
    xml_attr(b, "name", c->name ? c->name : "");
    add_time_attr(b, c->duration_ns);
    if (c->status == 1) {
        const char *msg = c->message && *c->message ? c->message : "failed";
        size_t first = strcspn(msg, "\r\n");
        buf_adds(b, ">\n      <failure message=\"");
        xml_escape(b, msg, first, true);
        buf_adds(b, "\" type=\"failure\">");
        xml_escape(b, msg, strlen(msg), false);
        if (c->file && *c->file) {
            buf_addc(b, '\n');
            xml_escape(b, c->file, strlen(c->file), false);
            if (c->line)
                buf_printf(b, ":%u", c->line);
        }
        buf_adds(b, "</failure>\n    </testcase>\n");
    } else if (c->status == 2) {
        buf_adds(b, ">\n      <system-out>failed, handled");
        if (c->message && *c->message) {
            buf_adds(b, ": ");
            xml_escape(b, c->message, strlen(c->message), false);
        }
        buf_adds(b, "</system-out>\n    </testcase>\n");
    } else {
        buf_adds(b, "/>\n");
    }
}

int junit_write(const char *path, const char *suite, const JunitCase *cases, size_t n,
                int64_t total_ns, char **err)
{
    size_t failures = 0;
    for (size_t i = 0; i < n; i++)
        failures += cases[i].status == 1;

    Buf b = {0};
    buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    buf_printf(&b, "<testsuites tests=\"%zu\" failures=\"%zu\"", n, failures);
    add_time_attr(&b, total_ns);
    buf_adds(&b, ">\n  <testsuite");
    xml_attr(&b, "name", suite ? suite : "runbook");
    buf_printf(&b, " tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\"", n, failures);
    add_time_attr(&b, total_ns);
    add_timestamp_attr(&b, total_ns);
    buf_adds(&b, ">\n");
    for (size_t i = 0; i < n; i++)
        add_case(&b, &cases[i]);
    buf_adds(&b, "  </testsuite>\n</testsuites>\n");

    int rc = 0;
    if (write_file_atomic(path, b.data, b.len) != 0) {
        int e = errno;
        if (err)
            *err = xasprintf("cannot write JUnit report %s: %s", path, strerror(e));
        rc = -1;
    }
    buf_free(&b);
    return rc;
}
