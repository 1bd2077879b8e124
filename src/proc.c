/* proc.c — child processes for commands (see proc.h). One child at a time:
 * posix_spawnp into its own process group, a poll loop over its stdout,
 * stderr and stdin pipes, the interrupt self-pipe and (on Linux) a pidfd
 * that becomes readable when the child exits. Whatever happens — normal
 * exit, timeout, interrupt — the whole group gets SIGKILL before the child
 * is reaped, so nothing it started outlives proc_run. Knows nothing about
 * runbooks; the only global state is the signal flag and its self-pipe,
 * which a signal handler cannot do without. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define NS_PER_MS 1000000LL
#define DEFAULT_GRACE_NS (5 * 1000000000LL)
#define DEFAULT_CAPTURE_LIMIT ((size_t)64 << 20)
/* Without a pidfd we cannot sleep until the child exits, so we look every
 * so often: a wake-up costs microseconds, 50 a second is still ~0 CPU. */
#define EXIT_POLL_NS (20 * NS_PER_MS)
/* After the child exits we read what its pipes still hold, but no more
 * than this: a writer that escaped the group must not keep us here. */
#define DRAIN_LIMIT ((size_t)16 << 20)
#define CHUNK 65536

/* --- signals --------------------------------------------------------------- */

static volatile sig_atomic_t g_signal;       /* first SIGINT/SIGTERM, or 0 */
static volatile sig_atomic_t g_signal_count; /* how many arrived */
static int g_sig_pipe[2] = {-1, -1};         /* handler writes, poll reads */
static bool g_installed;

static void on_signal(int sig)
{
    int saved = errno;
    if (!g_signal)
        g_signal = sig;
    g_signal_count++;
    if (g_sig_pipe[1] >= 0) {
        unsigned char b = (unsigned char)sig;
        ssize_t r = write(g_sig_pipe[1], &b, 1); /* full pipe: already awake */
        (void)r;
    }
    errno = saved;
}

/* A descriptor we create must not land on 0, 1 or 2 (possible when runbook
 * was started with one of them closed): it would be mistaken for stdio, or
 * collide with the child's dup2 targets. Returns the fd, or -1 (closed). */
static int fd_above_stdio(int fd)
{
    if (fd < 0 || fd > 2)
        return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int e = errno;
    close(fd);
    errno = e;
    return moved;
}

static int set_nonblocking(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
        return -1;
    return 0;
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd); /* Linux closes even on EINTR: never retry */
        *fd = -1;
    }
}

/* A pipe with both ends close-on-exec and above stdio. */
static int make_pipe(int p[2])
{
    if (pipe2(p, O_CLOEXEC) < 0) {
        p[0] = p[1] = -1;
        return -1;
    }
    p[0] = fd_above_stdio(p[0]);
    p[1] = fd_above_stdio(p[1]);
    if (p[0] < 0 || p[1] < 0) {
        int e = errno;
        close_fd(&p[0]);
        close_fd(&p[1]);
        errno = e;
        return -1;
    }
    return 0;
}

static void drain_sig_pipe(void)
{
    char buf[64];
    if (g_sig_pipe[0] < 0)
        return;
    while (read(g_sig_pipe[0], buf, sizeof buf) > 0)
        ;
}

void proc_signals_install(void)
{
    if (g_installed)
        return;
    g_installed = true;
    /* Without the pipe the handlers still set the flag and interrupt poll
     * (EINTR: no SA_RESTART); only a signal landing just before poll would
     * then wait for the next wake-up. */
    if (make_pipe(g_sig_pipe) == 0 &&
        (set_nonblocking(g_sig_pipe[0]) < 0 || set_nonblocking(g_sig_pipe[1]) < 0)) {
        close_fd(&g_sig_pipe[0]);
        close_fd(&g_sig_pipe[1]);
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sa.sa_flags = 0; /* no SA_RESTART: blocking calls elsewhere see EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* An ignored SIGCHLD (inherited across exec from whoever started us)
     * makes the kernel reap children itself, and we would lose their exit
     * status. */
    struct sigaction old;
    if (sigaction(SIGCHLD, NULL, &old) == 0 && old.sa_handler == SIG_IGN) {
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = SIG_DFL;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGCHLD, &sa, NULL);
    }
}

bool proc_interrupted(void)
{
    return g_signal != 0;
}

int proc_interrupt_signal(void)
{
    return g_signal;
}

static int poll_ms(int64_t ns)
{
    if (ns <= 0)
        return 0;
    int64_t ms = (ns + NS_PER_MS - 1) / NS_PER_MS; /* round up: never spin */
    return ms > INT_MAX ? INT_MAX : (int)ms;
}

int proc_sleep(int64_t ns)
{
    int64_t start = clock_monotonic_ns();
    for (;;) {
        if (g_signal)
            return -1;
        int64_t elapsed = clock_monotonic_ns() - start;
        if (elapsed >= ns)
            return 0;
        struct pollfd p = {.fd = g_sig_pipe[0], .events = POLLIN};
        int n = poll(&p, g_sig_pipe[0] >= 0 ? 1 : 0, poll_ms(ns - elapsed));
        if (n > 0) {
            drain_sig_pipe();
        } else if (n < 0 && errno != EINTR) {
            /* poll itself failed (ENOMEM): sleep a little instead of
             * spinning; a signal still cuts the sleep short. */
            struct timespec ts = {0, 10 * NS_PER_MS};
            nanosleep(&ts, NULL);
        }
    }
}

/* --- spawning -------------------------------------------------------------- */

static size_t env_name_len(const char *entry)
{
    const char *eq = strchr(entry, '=');
    return eq ? (size_t)(eq - entry) : strlen(entry);
}

static bool env_same_name(const char *a, const char *b)
{
    size_t n = env_name_len(a);
    return n == env_name_len(b) && memcmp(a, b, n) == 0;
}

/* environ plus env_add, where an added NAME replaces an inherited one (and
 * a later added NAME an earlier one). The strings are borrowed. */
static char **build_env(char *const *env_add)
{
    size_t ninh = 0, nadd = 0;
    while (environ && environ[ninh])
        ninh++;
    while (env_add && env_add[nadd])
        nadd++;
    char **env = xmalloc((ninh + nadd + 1) * sizeof *env);
    size_t n = 0;
    for (size_t i = 0; i < ninh; i++) {
        bool replaced = false;
        for (size_t j = 0; j < nadd && !replaced; j++)
            replaced = env_same_name(environ[i], env_add[j]);
        if (!replaced)
            env[n++] = environ[i];
    }
    for (size_t j = 0; j < nadd; j++) {
        bool later = false;
        for (size_t k = j + 1; k < nadd && !later; k++)
            later = env_same_name(env_add[j], env_add[k]);
        if (!later)
            env[n++] = env_add[j];
    }
    env[n] = NULL;
    return env;
}

/* Starts the child with in_r (or /dev/null when -1), out_w and err_w as its
 * stdio. Returns 0, or an errno value. glibc and musl report a failed exec
 * (ENOENT, EACCES, ENOEXEC) through this return value, never as the child's
 * exit status 127, so a program that really exits 127 is a normal result. */
static int spawn_child(const ProcSpec *spec, int in_r, int out_w, int err_w, pid_t *pid)
{
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&fa);
    if (rc)
        return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc) {
        posix_spawn_file_actions_destroy(&fa);
        return rc;
    }
    /* dup2 onto 0/1/2 clears close-on-exec on the copy; our originals are
     * all above 2 and close-on-exec, so the child keeps only its stdio. */
    if (in_r >= 0)
        rc = posix_spawn_file_actions_adddup2(&fa, in_r, 0);
    else
        rc = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, out_w, 1);
    if (!rc)
        rc = posix_spawn_file_actions_adddup2(&fa, err_w, 2);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    /* Descriptors runbook itself inherited without close-on-exec (a CI
     * runner's pipes, say) are not the child's business either. */
    if (!rc)
        rc = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif

    /* Its own process group (pgid = pid), so it and everything it starts can
     * be signalled at once, and the terminal's Ctrl-C reaches only us. A
     * clean signal state: our mask and our ignored signals must not leak. */
    sigset_t empty, defaults;
    sigemptyset(&empty);
    sigemptyset(&defaults);
    static const int reset[] = {SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGALRM,
                                SIGCHLD, SIGUSR1, SIGUSR2, SIGTSTP, SIGTTIN, SIGTTOU};
    for (size_t i = 0; i < sizeof reset / sizeof reset[0]; i++)
        sigaddset(&defaults, reset[i]);
    if (!rc)
        rc = posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                                 POSIX_SPAWN_SETSIGDEF);
    if (!rc)
        rc = posix_spawnattr_setpgroup(&attr, 0);
    if (!rc)
        rc = posix_spawnattr_setsigmask(&attr, &empty);
    if (!rc)
        rc = posix_spawnattr_setsigdefault(&attr, &defaults);

    if (!rc) {
        char **env = build_env(spec->env_add);
        /* PATH lookup (for names without '/') uses our PATH, not env_add's. */
        rc = posix_spawnp(pid, spec->argv[0], &fa, &attr, spec->argv, env);
        free(env);
    }
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&fa);
    if (!rc) {
        /* The child already did this before exec; repeating it here closes
         * the window on implementations that return before the child runs
         * (as shells do). EACCES (it has exec'd) and ESRCH are fine. */
        setpgid(*pid, *pid);
    }
    return rc;
}

static char *spawn_error(const char *name, int e)
{
    if (e == ENOENT && (!*name || !strchr(name, '/')))
        return xasprintf("%s: command not found", name);
    return xasprintf("%s: %s", name, strerror(e));
}

/* A pidfd becomes readable when the process exits, so poll can sleep until
 * then. -1 where the kernel has none (then we look every EXIT_POLL_NS). */
static int open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
    long fd = syscall(SYS_pidfd_open, (long)pid, 0L);
    if (fd >= 0)
        return fd_above_stdio((int)fd);
#else
    (void)pid;
#endif
    return -1;
}

/* Signal the child's whole group. ESRCH (nobody left) is the normal case
 * after a clean exit; EPERM (a member changed credentials) we cannot help. */
static void signal_group(pid_t pgid, int sig)
{
    kill(-pgid, sig);
}

/* True once the child has exited, without reaping it: the zombie keeps its
 * pid — and so the group id — from being reused while we kill the group. */
static bool child_exited(pid_t pid, bool *lost)
{
    for (;;) {
        siginfo_t si;
        memset(&si, 0, sizeof si);
        if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0)
            return si.si_pid != 0;
        if (errno == EINTR)
            continue;
        *lost = true; /* ECHILD: someone else reaped it */
        return true;
    }
}

/* --- output ---------------------------------------------------------------- */

typedef struct Stream {
    int fd;   /* our read end; -1 at EOF */
    int which; /* 1 or 2 */
    Buf *buf;
    bool *truncated;
} Stream;

static void stream_deliver(const ProcSpec *spec, Stream *s, size_t limit, const char *data,
                           size_t n)
{
    if (spec->on_output)
        spec->on_output(spec->ctx, s->which, data, n);
    size_t room = s->buf->len < limit ? limit - s->buf->len : 0;
    size_t keep = n < room ? n : room;
    if (keep)
        buf_add(s->buf, data, keep);
    if (keep < n)
        *s->truncated = true;
}

/* One read. Returns the bytes read, 0 when the stream is finished (EOF or
 * an error: it is closed), -1 when nothing is there now. */
static ssize_t stream_read(const ProcSpec *spec, Stream *s, size_t limit, char *chunk)
{
    for (;;) {
        ssize_t n = read(s->fd, chunk, CHUNK);
        if (n > 0) {
            stream_deliver(spec, s, limit, chunk, (size_t)n);
            return n;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return -1;
        close_fd(&s->fd);
        return 0;
    }
}

/* --- the run --------------------------------------------------------------- */

void proc_result_free(ProcResult *res)
{
    buf_free(&res->out);
    buf_free(&res->err);
    memset(res, 0, sizeof *res);
}

static void finish_bufs(ProcResult *res)
{
    /* Callers may treat out/err as strings: never leave data NULL. */
    if (!res->out.data)
        buf_add(&res->out, "", 0);
    if (!res->err.data)
        buf_add(&res->err, "", 0);
}

int proc_run(const ProcSpec *spec, ProcResult *res, char **err)
{
    if (!spec->argv || !spec->argv[0]) {
        if (err)
            *err = xstrdup("empty command");
        return -1;
    }
    int64_t start = clock_monotonic_ns();
    if (g_signal) {
        /* Interrupted before it could start: start nothing. */
        res->interrupted = true;
        res->exit_status = 128 + g_signal;
        finish_bufs(res);
        return 0;
    }
    const size_t limit = spec->capture_limit ? spec->capture_limit : DEFAULT_CAPTURE_LIMIT;
    const int64_t grace = spec->kill_grace_ns > 0 ? spec->kill_grace_ns : DEFAULT_GRACE_NS;

    int out_p[2] = {-1, -1}, err_p[2] = {-1, -1}, in_p[2] = {-1, -1};
    if (make_pipe(out_p) < 0 || make_pipe(err_p) < 0 ||
        (spec->stdin_data && make_pipe(in_p) < 0) || set_nonblocking(out_p[0]) < 0 ||
        set_nonblocking(err_p[0]) < 0 || (spec->stdin_data && set_nonblocking(in_p[1]) < 0)) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            close_fd(&out_p[i]);
            close_fd(&err_p[i]);
            close_fd(&in_p[i]);
        }
        if (err)
            *err = xasprintf("%s: cannot create pipe: %s", spec->argv[0], strerror(e));
        return -1;
    }

    /* Writing to a child that stopped reading raises SIGPIPE in us: block it
     * while we feed stdin (the child's mask is reset by the spawn), and
     * discard one it left pending. */
    sigset_t pipe_set, saved_mask;
    bool pipe_blocked = false, pipe_was_pending = false;
    if (spec->stdin_data) {
        sigemptyset(&pipe_set);
        sigaddset(&pipe_set, SIGPIPE);
        if (pthread_sigmask(SIG_BLOCK, &pipe_set, &saved_mask) == 0) {
            sigset_t pend;
            pipe_blocked = true;
            pipe_was_pending = sigpending(&pend) == 0 && sigismember(&pend, SIGPIPE);
        }
    }

    pid_t pid = -1;
    int rc = spawn_child(spec, in_p[0], out_p[1], err_p[1], &pid);
    close_fd(&in_p[0]);
    close_fd(&out_p[1]);
    close_fd(&err_p[1]);

    if (rc) {
        close_fd(&in_p[1]);
        close_fd(&out_p[0]);
        close_fd(&err_p[0]);
        if (pipe_blocked)
            pthread_sigmask(SIG_SETMASK, &saved_mask, NULL);
        if (err)
            *err = spawn_error(spec->argv[0], rc);
        return -1;
    }

    Stream streams[2] = {
        {out_p[0], 1, &res->out, &res->out_truncated},
        {err_p[0], 2, &res->err, &res->err_truncated},
    };
    int in_fd = in_p[1];
    size_t in_off = 0;
    if (in_fd >= 0 && spec->stdin_len == 0)
        close_fd(&in_fd);
    int pidfd = open_pidfd(pid);
    char *chunk = xmalloc(CHUNK);

    bool lost = false, term_sent = false, kill_sent = false;
    int64_t term_at = 0;
    sig_atomic_t sigs_seen = 0;
    for (;;) {
        if (child_exited(pid, &lost))
            break;
        int64_t now = clock_monotonic_ns();
        sig_atomic_t sigs = g_signal_count;
        if (sigs != sigs_seen) {
            /* Interrupted: TERM the group; a second signal means now. */
            sigs_seen = sigs;
            res->interrupted = true;
            if (!term_sent) {
                signal_group(pid, SIGTERM);
                term_sent = true;
                term_at = now;
            } else if (!kill_sent) {
                signal_group(pid, SIGKILL);
                kill_sent = true;
            }
        }
        if (spec->timeout_ns > 0 && !term_sent && now - start >= spec->timeout_ns) {
            res->timed_out = true;
            signal_group(pid, SIGTERM);
            term_sent = true;
            term_at = now;
        }
        if (term_sent && !kill_sent && now - term_at >= grace) {
            signal_group(pid, SIGKILL);
            kill_sent = true;
        }

        int64_t wait_ns = INT64_MAX;
        if (spec->timeout_ns > 0 && !term_sent)
            wait_ns = spec->timeout_ns - (now - start);
        if (term_sent && !kill_sent && grace - (now - term_at) < wait_ns)
            wait_ns = grace - (now - term_at);
        if (pidfd < 0 && EXIT_POLL_NS < wait_ns)
            wait_ns = EXIT_POLL_NS;

        struct pollfd pfd[5];
        int np = 0, ix_out = -1, ix_err = -1, ix_in = -1, ix_sig = -1;
        if (streams[0].fd >= 0)
            pfd[ix_out = np++] = (struct pollfd){.fd = streams[0].fd, .events = POLLIN};
        if (streams[1].fd >= 0)
            pfd[ix_err = np++] = (struct pollfd){.fd = streams[1].fd, .events = POLLIN};
        if (in_fd >= 0)
            pfd[ix_in = np++] = (struct pollfd){.fd = in_fd, .events = POLLOUT};
        if (g_sig_pipe[0] >= 0)
            pfd[ix_sig = np++] = (struct pollfd){.fd = g_sig_pipe[0], .events = POLLIN};
        if (pidfd >= 0)
            pfd[np++] = (struct pollfd){.fd = pidfd, .events = POLLIN};

        int n = poll(pfd, (nfds_t)np, wait_ns == INT64_MAX ? -1 : poll_ms(wait_ns));
        if (n < 0) {
            if (errno != EINTR) {
                /* Only ENOMEM is possible here: back off, don't spin. */
                struct timespec ts = {0, 10 * NS_PER_MS};
                nanosleep(&ts, NULL);
            }
            continue;
        }
        if (ix_sig >= 0 && pfd[ix_sig].revents)
            drain_sig_pipe();
        if (ix_out >= 0 && pfd[ix_out].revents)
            stream_read(spec, &streams[0], limit, chunk);
        if (ix_err >= 0 && pfd[ix_err].revents)
            stream_read(spec, &streams[1], limit, chunk);
        if (ix_in >= 0 && pfd[ix_in].revents) {
            size_t left = spec->stdin_len - in_off;
            ssize_t w = write(in_fd, spec->stdin_data + in_off, left < CHUNK ? left : CHUNK);
            if (w > 0) {
                in_off += (size_t)w;
                if (in_off == spec->stdin_len)
                    close_fd(&in_fd); /* EOF for the child */
            } else if (w < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
                close_fd(&in_fd); /* EPIPE: it stopped reading */
            }
        }
    }

    /* The child has exited (still a zombie, so its group id is ours): kill
     * whatever it left behind in its group — daemons, `cmd &` — then take
     * what the pipes hold. Something outside the group could keep a pipe
     * open forever, so we read what is there and stop, not wait for EOF. */
    signal_group(pid, SIGKILL);
    close_fd(&in_fd);
    for (int i = 0; i < 2; i++) {
        size_t got = 0;
        ssize_t n;
        while (streams[i].fd >= 0 && got < DRAIN_LIMIT &&
               (n = stream_read(spec, &streams[i], limit, chunk)) > 0)
            got += (size_t)n;
        close_fd(&streams[i].fd);
    }
    free(chunk);
    close_fd(&pidfd);

    int status = 0;
    if (!lost) {
        while (waitpid(pid, &status, 0) < 0) {
            if (errno != EINTR) {
                lost = true;
                break;
            }
        }
    }
    res->duration_ns = clock_monotonic_ns() - start;
    if (lost) {
        res->exit_status = 255; /* reaped behind our back: status unknown */
    } else if (WIFSIGNALED(status)) {
        res->term_signal = WTERMSIG(status);
        res->exit_status = 128 + res->term_signal;
    } else {
        res->exit_status = WEXITSTATUS(status);
    }

    if (pipe_blocked) {
        sigset_t pend;
        if (!pipe_was_pending && sigpending(&pend) == 0 && sigismember(&pend, SIGPIPE)) {
            struct timespec zero = {0, 0};
            while (sigtimedwait(&pipe_set, NULL, &zero) < 0 && errno == EINTR)
                ;
        }
        pthread_sigmask(SIG_SETMASK, &saved_mask, NULL);
    }
    finish_bufs(res);
    return 0;
}
