/* audit.c — the JSON-lines audit log. Output for machines goes through the
 * one JSON writer (data_write_json); this module only decides what an event
 * holds around the fields its caller gives. */
#include "audit.h"

#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "data.h"

Audit *audit_open(const char *path, const Secrets *secrets, char **err)
{
    FILE *f = fopen(path, "ae");
    if (!f) {
        *err = xasprintf("%s: %s", path, strerror(errno));
        return NULL;
    }
    Audit *a = xcalloc(1, sizeof *a);
    a->f = f;
    a->secrets = secrets;
    return a;
}

void audit_close(Audit *a)
{
    if (!a)
        return;
    fclose(a->f);
    free(a);
}

static void timestamp(char *out, size_t n)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    struct tm tm;
    gmtime_r(&tv.tv_sec, &tm);
    size_t k = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + k, n - k, ".%03ldZ", (long)(tv.tv_usec / 1000));
}

void audit_event(Audit *a, const char *event, Map *fields)
{
    if (!a) {
        val_release(val_obj(&fields->hdr));
        return;
    }
    char ts[40];
    timestamp(ts, sizeof ts);
    Map *m = map_new(fields->len + 2);
    map_put_cstr(m, "time", val_cstring(ts));
    map_put_cstr(m, "event", val_cstring(event));
    for (size_t i = 0; i < fields->len; i++)
        map_put(m, fields->keys[i], val_retain(fields->vals[i]));
    val_release(val_obj(&fields->hdr));
    Value v = val_obj(&m->hdr);
    Buf json = {0};
    data_write_json(v, &json, true);
    val_release(v);
    Buf masked = {0};
    secrets_mask_into(a->secrets, json.data, json.len, &masked);
    buf_addc(&masked, '\n');
    fwrite(masked.data, 1, masked.len, a->f);
    fflush(a->f);
    buf_free(&json);
    buf_free(&masked);
}

const char *audit_user(void)
{
    static char name[256];
    if (name[0])
        return name;
    struct passwd *pw = getpwuid(geteuid());
    const char *u = pw ? pw->pw_name : getenv("USER");
    snprintf(name, sizeof name, "%s", u ? u : "unknown");
    return name;
}

const char *audit_host(void)
{
    static char host[256];
    if (host[0])
        return host;
    if (gethostname(host, sizeof host - 1) < 0)
        snprintf(host, sizeof host, "unknown");
    return host;
}
