/* test_junit.c — src/junit.c: the report's structure, counts and times,
 * escaping of markup and of bytes XML cannot carry, and that the file
 * parses (python3's minidom, when python3 is there). */
#include "unit.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "junit.h"
#include "util.h"

static char scratch[4096];

static bool contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

#define CHECK_CONTAINS(hay, needle)                                           \
    do {                                                                      \
        const char *c_hay_ = (hay);                                           \
        if (!contains(c_hay_, (needle)))                                      \
            unit_fail_(__FILE__, __LINE__, "%s does not contain \"%s\": \"%s\"", #hay, \
                       (needle), c_hay_ ? c_hay_ : "(null)");                 \
    } while (0)

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* Write the report to a fresh file; returns its text (malloc'd) or NULL. */
static char *write_report(const char *name, const char *suite, const JunitCase *cases, size_t n,
                          int64_t total_ns, char **path_out)
{
    char *path = xasprintf("%s/%s", scratch, name);
    char *err = NULL;
    int rc = junit_write(path, suite, cases, n, total_ns, &err);
    if (rc != 0) {
        unit_fail_(__FILE__, __LINE__, "junit_write: %s", err ? err : "(no message)");
        free(err);
        free(path);
        return NULL;
    }
    char *data = NULL;
    size_t len;
    if (read_whole_file(path, &data, &len) != 0)
        data = NULL;
    if (path_out)
        *path_out = path;
    else
        free(path);
    return data;
}

/* 1: minidom parsed it; 0: it did not; -1: no python3 here. */
static int parses_as_xml(const char *path)
{
    if (system("python3 -c 'pass' >/dev/null 2>&1") != 0)
        return -1;
    char *cmd = xasprintf("python3 -c 'import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])' "
                          "'%s' >/dev/null 2>&1",
                          path);
    int rc = system(cmd);
    free(cmd);
    return rc == 0;
}

/* Run python3 on the report: prints what the code given prints, with `d`
 * the parsed document. Returns the output (malloc'd), or NULL. */
static char *python_on(const char *path, const char *code)
{
    char *out = xasprintf("%s/py.out", scratch);
    char *script = xasprintf("%s/py.py", scratch);
    FILE *f = fopen(script, "w");
    if (!f) {
        free(out);
        free(script);
        return NULL;
    }
    fprintf(f, "import sys, xml.dom.minidom\nd = xml.dom.minidom.parse(sys.argv[1])\n%s\n", code);
    fclose(f);
    char *cmd = xasprintf("python3 '%s' '%s' > '%s' 2>&1", script, path, out);
    int rc = system(cmd);
    char *data = NULL;
    size_t len;
    if (rc != 0 || read_whole_file(out, &data, &len) != 0)
        data = NULL;
    free(cmd);
    free(script);
    free(out);
    return data;
}

static const JunitCase mixed[] = {
    {.kind = "check", .name = "Cluster reachable", .duration_ns = 123456789, .status = 0},
    {.kind = "step", .name = "Deploy", .duration_ns = 2500000000LL, .status = 1,
     .message = "kubectl exited 1\nError from server (NotFound)", .file = "deploy.rb", .line = 42},
    {.kind = "step", .name = "Smoke test", .duration_ns = 999999, .status = 2,
     .message = "curl timed out", .file = "deploy.rb", .line = 50},
    {.kind = "step", .name = "Notify", .duration_ns = 0, .status = 0},
};

TEST(report_structure_counts_and_times)
{
    char *path = NULL;
    char *xml = write_report("mixed.xml", "Deploy payments", mixed, 4, 3623456789LL, &path);
    REQUIRE(xml != NULL);
    CHECK(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39) == 0);
    CHECK_CONTAINS(xml, "<testsuites tests=\"4\" failures=\"1\" time=\"3.623\">");
    CHECK_CONTAINS(xml, "<testsuite name=\"Deploy payments\" tests=\"4\" failures=\"1\" "
                        "errors=\"0\" skipped=\"0\" time=\"3.623\" timestamp=\"");
    CHECK_CONTAINS(xml, "<testcase classname=\"check\" name=\"Cluster reachable\" "
                        "time=\"0.123\"/>");
    CHECK_CONTAINS(xml, "<testcase classname=\"step\" name=\"Deploy\" time=\"2.500\">\n"
                        "      <failure message=\"kubectl exited 1\" type=\"failure\">"
                        "kubectl exited 1\nError from server (NotFound)\ndeploy.rb:42</failure>\n"
                        "    </testcase>");
    CHECK_CONTAINS(xml, "<testcase classname=\"step\" name=\"Smoke test\" time=\"0.001\">\n"
                        "      <system-out>failed, handled: curl timed out</system-out>\n"
                        "    </testcase>");
    CHECK_CONTAINS(xml, "<testcase classname=\"step\" name=\"Notify\" time=\"0.000\"/>");
    CHECK_EQ_INT(count_of(xml, "<testcase "), 4);
    CHECK_EQ_INT(count_of(xml, "<failure "), 1);
    CHECK(contains(xml, "</testsuite>\n</testsuites>\n"));

    /* timestamp="YYYY-MM-DDTHH:MM:SSZ" */
    const char *ts = strstr(xml, "timestamp=\"");
    REQUIRE(ts != NULL);
    ts += strlen("timestamp=\"");
    const char *shape = "dddd-dd-ddTdd:dd:ddZ\"";
    for (size_t i = 0; shape[i]; i++) {
        if (shape[i] == 'd')
            CHECK(ts[i] >= '0' && ts[i] <= '9');
        else
            CHECK(ts[i] == shape[i]);
        if (unit_state_.failures)
            break;
    }

    int ok = parses_as_xml(path);
    if (ok >= 0)
        CHECK_EQ_INT(ok, 1);
    free(xml);
    free(path);
}

TEST(report_read_back_by_an_xml_parser)
{
    char *path = NULL;
    char *xml = write_report("readback.xml", "Deploy payments", mixed, 4, 3623456789LL, &path);
    REQUIRE(xml != NULL);
    if (parses_as_xml(path) < 0) {
        free(xml);
        free(path);
        return; /* no python3 */
    }
    char *out = python_on(path,
                          "s = d.getElementsByTagName('testsuite')[0]\n"
                          "print(s.getAttribute('name'), s.getAttribute('tests'),"
                          " s.getAttribute('failures'), s.getAttribute('time'))\n"
                          "for c in d.getElementsByTagName('testcase'):\n"
                          "    f = c.getElementsByTagName('failure')\n"
                          "    o = c.getElementsByTagName('system-out')\n"
                          "    print(repr(c.getAttribute('classname')), repr(c.getAttribute('name')),"
                          " c.getAttribute('time'),"
                          " repr(f[0].getAttribute('message')) if f else '-',"
                          " repr(f[0].firstChild.data) if f else '-',"
                          " repr(o[0].firstChild.data) if o else '-')");
    CHECK_EQ_STR(out, "Deploy payments 4 1 3.623\n"
                      "'check' 'Cluster reachable' 0.123 - - -\n"
                      "'step' 'Deploy' 2.500 'kubectl exited 1' "
                      "'kubectl exited 1\\nError from server (NotFound)\\ndeploy.rb:42' -\n"
                      "'step' 'Smoke test' 0.001 - - 'failed, handled: curl timed out'\n"
                      "'step' 'Notify' 0.000 - - -\n");
    free(out);
    free(xml);
    free(path);
}

TEST(escaping_markup_and_bad_bytes)
{
    JunitCase cases[] = {
        {.kind = "step", .name = "a<b> & \"c\" 'd'", .duration_ns = 1000000, .status = 1,
         .message = "x < y && z > \"w\" 'v'\r\ttab\x01\x1b[31mred\x7f caf\xC3\xA9 \xE2\x82\xAC "
                    "bad\xFF\xC3 end ]]> \xED\xA0\x80 \xEF\xBF\xBE",
         .file = "a&b.rb", .line = 7},
        {.kind = "step", .name = "tab\tnew\nline", .duration_ns = 0, .status = 2,
         .message = "<handled> & \x02"},
    };
    char *path = NULL;
    char *xml = write_report("escape.xml", "Suite <&> \"'", cases, 2, 1000000, &path);
    REQUIRE(xml != NULL);
    CHECK_CONTAINS(xml, "<testsuite name=\"Suite &lt;&amp;&gt; &quot;&apos;\"");
    CHECK_CONTAINS(xml, "name=\"a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;\"");
    /* In an attribute, the first line only; CR is a character reference. */
    CHECK_CONTAINS(xml, "<failure message=\"x &lt; y &amp;&amp; z &gt; &quot;w&quot; "
                        "&apos;v&apos;\" type=\"failure\">");
    /* Control bytes, invalid UTF-8, surrogates and U+FFFE become U+FFFD;
     * tab, DEL and valid UTF-8 stay. */
    CHECK_CONTAINS(xml, ">x &lt; y &amp;&amp; z &gt; &quot;w&quot; &apos;v&apos;&#13;\ttab"
                        "\xEF\xBF\xBD\xEF\xBF\xBD[31mred\x7f caf\xC3\xA9 \xE2\x82\xAC "
                        "bad\xEF\xBF\xBD\xEF\xBF\xBD end ]]&gt; "
                        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\n"
                        "a&amp;b.rb:7</failure>");
    CHECK_CONTAINS(xml, "name=\"tab&#9;new&#10;line\"");
    CHECK_CONTAINS(xml, "<system-out>failed, handled: &lt;handled&gt; &amp; \xEF\xBF\xBD"
                        "</system-out>");
    CHECK(!contains(xml, "\x01"));
    CHECK(!contains(xml, "\x1b"));
    CHECK(!contains(xml, "\xFF"));
    int ok = parses_as_xml(path);
    if (ok >= 0)
        CHECK_EQ_INT(ok, 1);
    if (ok == 1) {
        char *out = python_on(path, "c = d.getElementsByTagName('testcase')\n"
                                    "print(repr(c[0].getAttribute('name')))\n"
                                    "print(repr(c[1].getAttribute('name')))");
        CHECK_EQ_STR(out, "'a<b> & \"c\" \\'d\\''\n'tab\\tnew\\nline'\n");
        free(out);
    }
    free(xml);
    free(path);
}

TEST(failure_without_message_or_location)
{
    JunitCase cases[] = {
        {.kind = "step", .name = "S", .duration_ns = 1500000, .status = 1},
        {.kind = "step", .name = "T", .duration_ns = 1499999, .status = 2},
    };
    char *xml = write_report("bare.xml", "R", cases, 2, 0, NULL);
    REQUIRE(xml != NULL);
    CHECK_CONTAINS(xml, "name=\"S\" time=\"0.002\">\n"
                        "      <failure message=\"failed\" type=\"failure\">failed</failure>");
    CHECK_CONTAINS(xml, "name=\"T\" time=\"0.001\">\n"
                        "      <system-out>failed, handled</system-out>");
    CHECK_CONTAINS(xml, "<testsuites tests=\"2\" failures=\"1\" time=\"0.000\">");
    free(xml);
}

TEST(empty_report)
{
    char *path = NULL;
    char *xml = write_report("empty.xml", "Nothing", NULL, 0, 0, &path);
    REQUIRE(xml != NULL);
    CHECK_CONTAINS(xml, "<testsuites tests=\"0\" failures=\"0\" time=\"0.000\">");
    CHECK_CONTAINS(xml, "tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\"");
    int ok = parses_as_xml(path);
    if (ok >= 0)
        CHECK_EQ_INT(ok, 1);
    free(xml);
    free(path);
}

TEST(unwritable_path_is_an_error)
{
    char *path = xasprintf("%s/no/such/dir/report.xml", scratch);
    char *err = NULL;
    CHECK_EQ_INT(junit_write(path, "S", mixed, 4, 0, &err), -1);
    CHECK_CONTAINS(err, path);
    CHECK_CONTAINS(err, "No such file or directory");
    free(err);
    free(path);
}

TEST(rewrite_replaces_the_file)
{
    char *path = NULL;
    char *first = write_report("again.xml", "First", mixed, 4, 0, &path);
    char *second = write_report("again.xml", "Second", mixed, 1, 0, NULL);
    REQUIRE(first && second);
    CHECK(!contains(second, "First"));
    CHECK_CONTAINS(second, "name=\"Second\" tests=\"1\"");
    /* No temporary file is left behind. */
    char *cmd = xasprintf("test \"$(ls '%s' | grep -c tmp)\" = 0", scratch);
    CHECK_EQ_INT(system(cmd), 0);
    free(cmd);
    free(first);
    free(second);
    free(path);
}

int main(int argc, char **argv)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/test_junit.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        printf("not ok - scratch: mkdtemp %s: %s\n", scratch, strerror(errno));
        return 1;
    }
    int rc = unit_main_(argc, argv);
    char *cmd = xasprintf("rm -rf '%s'", scratch);
    if (system(cmd) != 0)
        fprintf(stderr, "test_junit: could not remove %s\n", scratch);
    free(cmd);
    return rc;
}
