/* test_proc.c — src/proc.h: spawning, capture and streaming, stdin, the
 * environment, spawn errors, timeouts that kill the whole process group,
 * interrupts (run in a forked copy of this program, since the interrupted
 * state never resets) and that waiting costs no CPU. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "unit.h"
#include "util.h"

#define MS 1000000LL
#define SEC 1000000000LL

static int run_argv(char *const *argv, ProcResult *res, char **err)
{
    ProcSpec spec = {.argv = argv};
    return proc_run(&spec, res, err);
}

static int run_sh(const char *script, ProcResult *res)
{
    char *argv[] = {"sh", "-c", (char *)script, NULL};
    char *err = NULL;
    int rc = run_argv(argv, res, &err);
    free(err);
    return rc;
}

/* Alive means: exists and is not a zombie. An orphan we killed is reaped by
 * init, or — in a container whose pid 1 reaps nothing — never. */
static bool process_alive(pid_t pid)
{
    if (kill(pid, 0) < 0)
        return errno != ESRCH;
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* after "pid (comm)" */
    return !(p && p[1] == ' ' && (p[2] == 'Z' || p[2] == 'X'));
}

/* SIGKILL is delivered asynchronously: give the kernel a moment. */
static bool dies_soon(pid_t pid)
{
    for (int i = 0; i < 200; i++) {
        if (!process_alive(pid))
            return true;
        struct timespec ts = {0, 10 * MS};
        nanosleep(&ts, NULL);
    }
    return false;
}

static int count_open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n - 1; /* the directory's own fd */
}

static double cpu_seconds(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           ru.ru_stime.tv_usec / 1e6;
}

TEST(echo_is_captured)
{
    char *argv[] = {"echo", "hello", "world", NULL};
    ProcResult res = {0};
    char *err = NULL;
    REQUIRE_EQ_INT(run_argv(argv, &res, &err), 0);
    CHECK(err == NULL);
    CHECK_EQ_STR(res.out.data, "hello world\n");
    CHECK_EQ_STR(res.err.data, "");
    CHECK_EQ_INT(res.exit_status, 0);
    CHECK_EQ_INT(res.term_signal, 0);
    CHECK(!res.timed_out && !res.interrupted && !res.out_truncated && !res.err_truncated);
    CHECK(res.duration_ns > 0 && res.duration_ns < 5 * SEC);
    proc_result_free(&res);
}

TEST(path_with_slash_is_used_as_is)
{
    char *argv[] = {"/bin/sh", "-c", "echo $0", NULL};
    ProcResult res = {0};
    REQUIRE_EQ_INT(run_argv(argv, &res, NULL), 0);
    CHECK_EQ_STR(res.out.data, "/bin/sh\n");
    proc_result_free(&res);
}

TEST(stdout_and_stderr_are_separate)
{
    ProcResult res = {0};
    REQUIRE_EQ_INT(run_sh("echo out; echo err >&2; echo out2", &res), 0);
    CHECK_EQ_STR(res.out.data, "out\nout2\n");
    CHECK_EQ_STR(res.err.data, "err\n");
    proc_result_free(&res);
}

TEST(exit_codes_and_signals)
{
    ProcResult res = {0};
    REQUIRE_EQ_INT(run_sh("exit 3", &res), 0);
    CHECK_EQ_INT(res.exit_status, 3);
    proc_result_free(&res);

    /* A program that exits 127 ran: it is a result, not a spawn error. */
    REQUIRE_EQ_INT(run_sh("exit 127", &res), 0);
    CHECK_EQ_INT(res.exit_status, 127);
    CHECK_EQ_INT(res.term_signal, 0);
    proc_result_free(&res);

    REQUIRE_EQ_INT(run_sh("kill -KILL $$", &res), 0);
    CHECK_EQ_INT(res.exit_status, 128 + SIGKILL);
    CHECK_EQ_INT(res.term_signal, SIGKILL);
    CHECK(!res.timed_out && !res.interrupted);
    proc_result_free(&res);
}

typedef struct Seen {
    int64_t start;
    int64_t first_a; /* when "a" arrived */
    Buf out, err;
    int calls;
} Seen;

static void record(void *ctx, int fd, const char *data, size_t len)
{
    Seen *s = ctx;
    s->calls++;
    Buf *b = fd == 1 ? &s->out : &s->err;
    buf_add(b, data, len);
    if (!s->first_a && memchr(b->data, 'a', b->len))
        s->first_a = clock_monotonic_ns();
}

TEST(output_streams_before_exit)
{
    Seen seen = {.start = clock_monotonic_ns()};
    char *argv[] = {"sh", "-c", "echo a; sleep 0.3; echo b", NULL};
    ProcSpec spec = {.argv = argv, .on_output = record, .ctx = &seen};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK(seen.first_a != 0);
    CHECK(seen.first_a - seen.start < 250 * MS);
    CHECK(res.duration_ns >= 300 * MS);
    CHECK_EQ_STR(seen.out.data, "a\nb\n");
    CHECK_EQ_STR(res.out.data, "a\nb\n");
    CHECK(seen.calls >= 2);
    buf_free(&seen.out);
    buf_free(&seen.err);
    proc_result_free(&res);
}

TEST(stdin_data_is_delivered)
{
    char *argv[] = {"cat", NULL};
    ProcSpec spec = {.argv = argv, .stdin_data = "line 1\nline 2\n", .stdin_len = 14};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK_EQ_STR(res.out.data, "line 1\nline 2\n");
    CHECK_EQ_INT(res.exit_status, 0);
    proc_result_free(&res);
}

TEST(large_stdin_and_stdout_interleave)
{
    /* More than any pipe buffer both ways: needs the poll loop to feed
     * and drain at once, or cat and we would block on each other. */
    size_t n = 3 << 20;
    char *data = xmalloc(n);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 26);
    char *argv[] = {"cat", NULL};
    ProcSpec spec = {.argv = argv, .stdin_data = data, .stdin_len = n};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK_EQ_INT(res.out.len, n);
    if (res.out.len == n)
        CHECK_EQ_MEM(res.out.data, data, n);
    proc_result_free(&res);
    free(data);
}

TEST(stdin_to_a_child_that_does_not_read)
{
    /* EPIPE, not a SIGPIPE that would kill us. */
    size_t n = 1 << 20;
    char *data = xmalloc(n);
    memset(data, 'x', n);
    char *argv[] = {"sh", "-c", "exit 0", NULL};
    ProcSpec spec = {.argv = argv, .stdin_data = data, .stdin_len = n};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK_EQ_INT(res.exit_status, 0);
    proc_result_free(&res);
    free(data);
}

TEST(stdin_defaults_to_dev_null)
{
    char *argv[] = {"cat", NULL};
    ProcResult res = {0};
    REQUIRE_EQ_INT(run_argv(argv, &res, NULL), 0);
    CHECK_EQ_STR(res.out.data, "");
    CHECK_EQ_INT(res.exit_status, 0);
    proc_result_free(&res);
}

TEST(env_add_adds_and_overrides)
{
    setenv("RB_PROC_TEST_OLD", "inherited", 1);
    setenv("RB_PROC_TEST_KEEP", "kept", 1);
    char *env[] = {"RB_PROC_TEST_NEW=new value", "RB_PROC_TEST_OLD=replaced", NULL};
    char *argv[] = {"sh", "-c",
                    "printf '%s|%s|%s\\n' \"$RB_PROC_TEST_NEW\" \"$RB_PROC_TEST_OLD\" "
                    "\"$RB_PROC_TEST_KEEP\"; env | grep -c '^RB_PROC_TEST_OLD='",
                    NULL};
    ProcSpec spec = {.argv = argv, .env_add = env};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK_EQ_STR(res.out.data, "new value|replaced|kept\n1\n");
    proc_result_free(&res);
    unsetenv("RB_PROC_TEST_OLD");
    unsetenv("RB_PROC_TEST_KEEP");
}

TEST(command_not_found_is_an_error)
{
    char *argv[] = {"runbook-no-such-command-xyz", "arg", NULL};
    ProcResult res = {0};
    char *err = NULL;
    CHECK_EQ_INT(run_argv(argv, &res, &err), -1);
    CHECK_EQ_STR(err, "runbook-no-such-command-xyz: command not found");
    free(err);
    proc_result_free(&res);

    char *argv2[] = {"/no/such/dir/prog", NULL};
    err = NULL;
    CHECK_EQ_INT(run_argv(argv2, &res, &err), -1);
    CHECK_EQ_STR(err, "/no/such/dir/prog: No such file or directory");
    free(err);
    proc_result_free(&res);
}

TEST(permission_denied_is_an_error)
{
    char dir[] = "/tmp/rb-proc-XXXXXX";
    REQUIRE(mkdtemp(dir) != NULL);
    char *path = xasprintf("%s/not-executable", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f != NULL);
    fputs("#!/bin/sh\necho hi\n", f);
    fclose(f);
    chmod(path, 0644);
    char *argv[] = {path, NULL};
    ProcResult res = {0};
    char *err = NULL;
    CHECK_EQ_INT(run_argv(argv, &res, &err), -1);
    char *want = xasprintf("%s: Permission denied", path);
    CHECK_EQ_STR(err, want);
    free(want);
    free(err);
    proc_result_free(&res);
    unlink(path);
    rmdir(dir);
    free(path);
}

TEST(capture_limit_truncates_but_streams_everything)
{
    Seen seen = {0};
    char *argv[] = {"sh", "-c", "printf 0123456789abcdefghij; printf XYZ >&2", NULL};
    ProcSpec spec = {.argv = argv, .on_output = record, .ctx = &seen, .capture_limit = 10};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK_EQ_STR(res.out.data, "0123456789");
    CHECK(res.out_truncated);
    CHECK_EQ_STR(res.err.data, "XYZ");
    CHECK(!res.err_truncated);
    CHECK_EQ_STR(seen.out.data, "0123456789abcdefghij");
    CHECK_EQ_STR(seen.err.data, "XYZ");
    buf_free(&seen.out);
    buf_free(&seen.err);
    proc_result_free(&res);
}

TEST(large_output_is_captured)
{
    ProcResult res = {0};
    REQUIRE_EQ_INT(run_sh("head -c 2000000 /dev/zero; head -c 70000 /dev/zero >&2", &res), 0);
    CHECK_EQ_INT(res.out.len, 2000000);
    CHECK_EQ_INT(res.err.len, 70000);
    proc_result_free(&res);
}

TEST(no_descriptor_leaks)
{
    int before = count_open_fds();
    ProcResult res = {0};
    /* The shell sees exactly stdin, stdout and stderr (ls, its child,
     * looks: a glob in the shell itself would show its own directory fd). */
    REQUIRE_EQ_INT(run_sh("ls /proc/$$/fd", &res), 0);
    CHECK_EQ_STR(res.out.data, "0\n1\n2\n");
    proc_result_free(&res);
    char *argv[] = {"runbook-no-such-command-xyz", NULL};
    char *err = NULL;
    CHECK_EQ_INT(run_argv(argv, &res, &err), -1);
    free(err);
    CHECK_EQ_INT(count_open_fds(), before);
}

TEST(timeout_kills_the_group)
{
    char *argv[] = {"sh", "-c", "sleep 30 & echo $!; sleep 30", NULL};
    ProcSpec spec = {.argv = argv, .timeout_ns = 300 * MS, .kill_grace_ns = 300 * MS};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK(res.timed_out);
    CHECK(!res.interrupted);
    CHECK_EQ_INT(res.term_signal, SIGTERM);
    CHECK_EQ_INT(res.exit_status, 128 + SIGTERM);
    CHECK(res.duration_ns >= 300 * MS && res.duration_ns < 1500 * MS);
    pid_t grandchild = (pid_t)atoi(res.out.data);
    REQUIRE(grandchild > 0);
    CHECK(dies_soon(grandchild));
    proc_result_free(&res);
}

TEST(timeout_escalates_to_sigkill_after_grace)
{
    /* Both the shell and its sleep ignore SIGTERM (ignored dispositions are
     * inherited across exec), so only SIGKILL ends them. */
    char *argv[] = {"sh", "-c", "trap '' TERM; sleep 30 & echo $!; sleep 30", NULL};
    ProcSpec spec = {.argv = argv, .timeout_ns = 200 * MS, .kill_grace_ns = 300 * MS};
    ProcResult res = {0};
    REQUIRE_EQ_INT(proc_run(&spec, &res, NULL), 0);
    CHECK(res.timed_out);
    CHECK_EQ_INT(res.term_signal, SIGKILL);
    CHECK_EQ_INT(res.exit_status, 128 + SIGKILL);
    CHECK(res.duration_ns >= 500 * MS && res.duration_ns < 1500 * MS);
    pid_t grandchild = (pid_t)atoi(res.out.data);
    REQUIRE(grandchild > 0);
    CHECK(dies_soon(grandchild));
    proc_result_free(&res);
}

TEST(background_child_holding_stdout_does_not_hang)
{
    /* The shell exits at once; its orphan still holds the stdout pipe. */
    ProcResult res = {0};
    REQUIRE_EQ_INT(run_sh("sleep 30 & echo $!; echo done >&2", &res), 0);
    CHECK_EQ_INT(res.exit_status, 0);
    CHECK(!res.timed_out);
    CHECK(res.duration_ns < 2 * SEC);
    CHECK_EQ_STR(res.err.data, "done\n");
    pid_t grandchild = (pid_t)atoi(res.out.data);
    REQUIRE(grandchild > 0);
    CHECK(dies_soon(grandchild));
    proc_result_free(&res);
}

TEST(waiting_costs_no_cpu)
{
    char *argv[] = {"sleep", "2", NULL};
    double before = cpu_seconds();
    ProcResult res = {0};
    REQUIRE_EQ_INT(run_argv(argv, &res, NULL), 0);
    double used = cpu_seconds() - before;
    CHECK(res.duration_ns >= 2 * SEC);
    CHECK(used < 0.050);
    proc_result_free(&res);
}

TEST(proc_sleep_sleeps)
{
    int64_t t0 = clock_monotonic_ns();
    CHECK_EQ_INT(proc_sleep(100 * MS), 0);
    int64_t took = clock_monotonic_ns() - t0;
    CHECK(took >= 100 * MS && took < 1 * SEC);
    CHECK(!proc_interrupted());
}

/* Interrupts leave the process interrupted for good, so each such test runs
 * in a fork of this program, which reports the first failed expectation as
 * its exit status (0: all held). */
static int in_fork(int (*fn)(void))
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        alarm(20); /* never hang the suite */
        _exit(fn());
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return -2;
    if (WIFSIGNALED(status))
        return 1000 + WTERMSIG(status);
    return WEXITSTATUS(status);
}

static int sigterm_interrupts_child(void)
{
    proc_signals_install();
    /* The shell is our child, so $PPID is us. */
    char *argv[] = {"sh", "-c", "sleep 30 & echo $!; kill -TERM $PPID; sleep 30", NULL};
    ProcSpec spec = {.argv = argv, .kill_grace_ns = 300 * MS};
    ProcResult res = {0};
    if (proc_run(&spec, &res, NULL) != 0)
        return 1;
    if (!res.interrupted || res.timed_out)
        return 2;
    if (!proc_interrupted() || proc_interrupt_signal() != SIGTERM)
        return 3;
    if (res.duration_ns > 2 * SEC)
        return 4;
    pid_t grandchild = (pid_t)atoi(res.out.data ? res.out.data : "0");
    if (grandchild <= 0 || !dies_soon(grandchild))
        return 5;
    if (res.exit_status < 128)
        return 6;
    proc_result_free(&res);

    /* Interrupted for good: nothing more starts, sleeps end at once. */
    char *argv2[] = {"sh", "-c", "echo ran", NULL};
    ProcSpec spec2 = {.argv = argv2};
    if (proc_run(&spec2, &res, NULL) != 0 || !res.interrupted || res.out.len != 0)
        return 7;
    proc_result_free(&res);
    int64_t t0 = clock_monotonic_ns();
    if (proc_sleep(5 * SEC) != -1 || clock_monotonic_ns() - t0 > 100 * MS)
        return 8;
    return 0;
}

TEST(sigterm_interrupts_the_running_child)
{
    CHECK_EQ_INT(in_fork(sigterm_interrupts_child), 0);
}

static int sigint_interrupts_sleep(void)
{
    proc_signals_install();
    pid_t me = getpid();
    pid_t helper = fork();
    if (helper < 0)
        return 1;
    if (helper == 0) {
        struct timespec ts = {0, 200 * MS};
        nanosleep(&ts, NULL);
        kill(me, SIGINT);
        _exit(0);
    }
    int64_t t0 = clock_monotonic_ns();
    int rc = proc_sleep(5 * SEC);
    int64_t took = clock_monotonic_ns() - t0;
    waitpid(helper, NULL, 0);
    if (rc != -1)
        return 2;
    if (took < 150 * MS || took > 2 * SEC)
        return 3;
    if (!proc_interrupted() || proc_interrupt_signal() != SIGINT)
        return 4;
    return 0;
}

TEST(sigint_interrupts_proc_sleep)
{
    CHECK_EQ_INT(in_fork(sigint_interrupts_sleep), 0);
}

UNIT_MAIN()
