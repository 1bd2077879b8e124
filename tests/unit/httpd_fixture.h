/* httpd_fixture.h — starting and stopping tests/servers/httpd.py from a
 * unit test: a fresh state directory (mkdtemp), a free port on 127.0.0.1
 * read from the server's port file, and base_url for requests. Included by
 * the unit tests that talk to a real HTTP server; everything is static. */
#ifndef RUNBOOK_TEST_HTTPD_FIXTURE_H
#define RUNBOOK_TEST_HTTPD_FIXTURE_H

#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static pid_t server_pid = -1;
static char scratch[4096]; /* the server's state directory (mkdtemp) */
static char base_url[64];

/* --- the server ------------------------------------------------------------ */

/* tests/servers/httpd.py: from SRCDIR (set by tests/run-tests.sh), else
 * beside this program's build directory, else from this file's path. */
static char *find_server_script(void)
{
    const char *srcdir = getenv("SRCDIR");
    if (srcdir && *srcdir)
        return xasprintf("%s/tests/servers/httpd.py", srcdir);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char *path = xasprintf("%s/../servers/httpd.py", exe);
            if (access(path, R_OK) == 0)
                return path;
            free(path);
        }
    }
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    return xasprintf("%.*s/../servers/httpd.py", slash ? (int)(slash - file) : 1,
                     slash ? file : ".");
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void server_stop(void)
{
    if (server_pid > 0) {
        kill(server_pid, SIGTERM);
        while (waitpid(server_pid, NULL, 0) < 0 && errno == EINTR) {
        }
        server_pid = -1;
    }
    if (scratch[0]) {
        nftw(scratch, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
        scratch[0] = '\0';
    }
}

static int server_start(const char *who)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", who);
    if (!mkdtemp(scratch)) {
        fprintf(stderr, "%s: mkdtemp %s: %s\n", who, scratch, strerror(errno));
        scratch[0] = '\0';
        return -1;
    }
    char *script = find_server_script();
    char *port_file = xasprintf("%s/port", scratch);
    fflush(NULL);
    server_pid = fork();
    if (server_pid < 0) {
        fprintf(stderr, "%s: fork: %s\n", who, strerror(errno));
        free(script);
        free(port_file);
        return -1;
    }
    if (server_pid == 0) {
        execlp("python3", "python3", script, "--port-file", port_file, "--state-dir", scratch,
               (char *)NULL);
        fprintf(stderr, "%s: cannot run python3 %s: %s\n", who, script, strerror(errno));
        _exit(127);
    }
    free(script);
    int port = 0;
    for (int i = 0; i < 300 && port == 0; i++) {
        char *data;
        size_t len;
        if (read_whole_file(port_file, &data, &len) == 0) {
            port = atoi(data);
            free(data);
            break;
        }
        if (waitpid(server_pid, NULL, WNOHANG) == server_pid) {
            server_pid = -1;
            break;
        }
        usleep(50 * 1000);
    }
    free(port_file);
    if (port <= 0) {
        fprintf(stderr, "%s: httpd.py did not start\n", who);
        return -1;
    }
    snprintf(base_url, sizeof base_url, "http://127.0.0.1:%d", port);
    return 0;
}

#endif
