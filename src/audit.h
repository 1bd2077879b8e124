/* audit.h — the audit log (`--audit-log FILE.jsonl`): one JSON object per
 * line, written and flushed as each event happens, secrets masked. Every
 * event has "time" (RFC 3339 UTC, milliseconds) and "event". */
#ifndef RUNBOOK_AUDIT_H
#define RUNBOOK_AUDIT_H

#include <stdio.h>

#include "secrets.h"
#include "value.h"

typedef struct Audit {
    FILE *f;
    const Secrets *secrets;
} Audit;

/* Open FILE for appending. Returns NULL and sets *err on failure. */
Audit *audit_open(const char *path, const Secrets *secrets, char **err);
void audit_close(Audit *a);

/* Write one event: `fields` (a map; taken) gets "time" and "event" first.
 * A NULL audit is a no-op, so callers need not check. */
void audit_event(Audit *a, const char *event, Map *fields);

/* The operator's user name and the host name, for run_start. */
const char *audit_user(void);
const char *audit_host(void);

#endif
