/* proc.h — running child processes for commands: posix_spawn (no shell),
 * each child in its own process group, stdout and stderr captured and
 * streamed through poll, timeouts that kill the whole group (SIGTERM, then
 * SIGKILL after a grace period), and SIGINT/SIGTERM to runbook interrupting
 * the run. No child process outlives proc_run. Knows nothing about the
 * runbook language. */
#ifndef RUNBOOK_PROC_H
#define RUNBOOK_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Called as output arrives: fd is 1 (stdout) or 2 (stderr); data is not
 * NUL-terminated and may end mid-line. */
typedef void (*ProcOutputFn)(void *ctx, int fd, const char *data, size_t len);

typedef struct ProcSpec {
    char *const *argv;      /* NULL-terminated; argv[0] a path or a name looked up on PATH */
    char *const *env_add;   /* NULL-terminated "NAME=VALUE" added to (or replacing in) the
                             * inherited environment; may be NULL */
    int64_t timeout_ns;     /* 0: no timeout */
    int64_t kill_grace_ns;  /* SIGTERM -> SIGKILL delay; 0 means 5 s */
    const char *stdin_data; /* NULL: stdin is /dev/null */
    size_t stdin_len;
    ProcOutputFn on_output; /* may be NULL */
    void *ctx;
    size_t capture_limit;   /* bytes kept per stream; 0 means 64 MiB. Output beyond it
                             * is still streamed, not kept; *_truncated is set */
} ProcSpec;

typedef struct ProcResult {
    int exit_status;   /* exit code when the child exited, else 128 + signal */
    int term_signal;   /* the signal that ended it, 0 when it exited */
    bool timed_out;    /* killed because timeout_ns passed */
    bool interrupted;  /* killed because runbook got SIGINT/SIGTERM */
    Buf out, err;      /* captured stdout and stderr */
    bool out_truncated, err_truncated;
    int64_t duration_ns;
} ProcResult;

/* Run the command to completion. Returns 0 when the process ran (whatever
 * its exit status: see res), or -1 when it could not be started (*err, e.g.
 * "kubectl: command not found", "./x: Permission denied"). res must be
 * zeroed by the caller and freed with proc_result_free. */
int proc_run(const ProcSpec *spec, ProcResult *res, char **err);
void proc_result_free(ProcResult *res);

/* Install SIGINT/SIGTERM handlers that mark the run interrupted (a
 * self-pipe). Call once at start-up of `exec`. */
void proc_signals_install(void);
/* True once SIGINT or SIGTERM was received. */
bool proc_interrupted(void);
/* The signal received (SIGINT/SIGTERM), or 0. */
int proc_interrupt_signal(void);
/* Sleep for ns without using CPU; returns -1 early when interrupted. */
int proc_sleep(int64_t ns);

#endif
