/* notify.h — delivering a notification to a contact (LANGUAGE.md §8):
 * webhook (a JSON POST), PagerDuty (Events API v2 `trigger`), email
 * (through `sendmail -t` when it exists), or log (standard error). A
 * notification that cannot be delivered is reported by the caller and never
 * fails the run. Knows nothing about the VM. */
#ifndef RUNBOOK_NOTIFY_H
#define RUNBOOK_NOTIFY_H

#include <stdio.h>

/* Channel values match the AST's Channel enum (CH_WEBHOOK, CH_PAGERDUTY,
 * CH_EMAIL, CH_LOG). */
typedef struct Contact {
    const char *name;     /* the declared name, e.g. "oncall" */
    const char *display;  /* "On-call Engineer" */
    int channel;
    const char *target;   /* URL, routing key or address (NULL for log) */
} Contact;

typedef struct Notification {
    const char *level;      /* "P1" */
    const char *level_name; /* "High" */
    const char *message;    /* already masked */
    const char *runbook;    /* the runbook's title */
    const char *source;     /* host name, for PagerDuty's payload.source */
} Notification;

/* Deliver. Returns 0, or -1 with *err ("webhook https://…: returned HTTP
 * 500", "sendmail not found: email to x@y not sent"). With log_only, every
 * channel just writes one line to `log` (--notify=log and plan mode). The
 * log line: `notify P1 (High) -> On-call Engineer [pagerduty]: message`. */
int notify_send(const Contact *c, const Notification *n, int log_only, FILE *log, char **err);

/* PagerDuty severity for an escalation level: P0 critical, P1 error,
 * P2 warning, anything else info. */
const char *notify_pagerduty_severity(const char *level);

#endif
