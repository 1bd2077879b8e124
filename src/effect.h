/* effect.h — the one door through which a run touches the world. Every side
 * effect — spawning a process, an HTTP request, a sleep, the clock (and, in
 * later milestones, notifications and prompts) — goes through an Effects
 * implementation:
 *
 *   exec  (exec.c)  does it for real;
 *   plan  (plan.c)  records and prints it and returns an unknown value.
 *
 * The VM builds a fully resolved request and never knows which one it
 * talks to: that is what keeps `plan` honest. */
#ifndef RUNBOOK_EFFECT_H
#define RUNBOOK_EFFECT_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h" /* CmdKind */
#include "notify.h"
#include "value.h"

/* A command, resolved: what runs, and how to show it. */
typedef struct CmdRequest {
    int kind;              /* CmdKind */
    char **argv;           /* NULL-terminated; for sh: /bin/sh -c SCRIPT */
    size_t argc;
    char **env_add;        /* sh: the interpolated values, NULL-terminated */
    char *display;         /* the command line as shown and logged, secrets masked */
    /* http */
    char *method, *url;
    char **headers;        /* NULL-terminated "Name: value" */
    char *body;
    size_t body_len;
    bool insecure;
    int64_t timeout_ns;    /* 0: none */
    bool capture;          /* bound to a name: silent unless verbose */
    uint32_t line;         /* source line, for the audit log */
} CmdRequest;

/* What a plan shows besides actions: the run's structure. The VM reports
 * these only in plan mode; text is already masked. */
typedef enum PlanNote {
    PN_SECTION,     /* text: title */
    PN_SECTION_END,
    PN_STEP,        /* text: "step TITLE" or "check TITLE", with its timeout */
    PN_STEP_END,
    PN_HANDLER,     /* text: the failure; the step's `on failure` runs now */
    PN_IF_UNKNOWN,  /* text: the condition; both arms follow */
    PN_ELSE,
    PN_END_IF,
    PN_LOOP_UNKNOWN,/* text: the loop; its body is shown once, up to PN_ONCE_END */
    PN_RETRY,       /* text: "retry up to N times, every D, backoff F"; up to PN_ONCE_END */
    PN_WAIT_UNTIL,  /* an action: "waiting for TITLE (up to D, every E)"; its
                     * condition up to PN_ONCE_END */
    PN_ONCE_END,    /* the end of what PN_LOOP_UNKNOWN/RETRY/WAIT_UNTIL began */
    PN_LISTING,     /* text: what follows is listed, not run: "undo …", "on failure" */
    PN_LISTING_END,
    PN_DOC,         /* text: prose */
    PN_FAILED,      /* text: the failure that stopped the plan */
    PN_ABORTED,     /* text: the abort that stopped the plan */
    PN_RUN_HANDLER, /* the run failed: its top-level `on failure` runs now */
    PN_ARM_ENDS,    /* text: "fail here: …", "return here": this arm stops */
    PN_REMARK,      /* text: a remark about what the run would do here */
} PlanNote;

typedef struct Effects Effects;
struct Effects {
    /* Plan mode: structure of the run (may be NULL in exec). */
    void (*note)(Effects *fx, PlanNote kind, const char *text);
    /* Run a command to completion. Returns 0 with *result (a T_RESULT,
     * whatever the exit status), or -1 with *err when it could not run at
     * all (not found, transport error, interrupted). */
    int (*command)(Effects *fx, const CmdRequest *req, Value *result, char **err);
    /* Ask the operator to confirm. 1 yes, 0 no, -1 when nobody can be
     * asked (*err names --yes). */
    int (*confirm)(Effects *fx, const char *text, char **err);
    /* Notify a contact: 0 delivered, -1 not (*err). Never fails the run. */
    int (*notify)(Effects *fx, const Contact *c, const Notification *n, char **err);
    /* Sleep; -1 when the run was interrupted. */
    int (*sleep)(Effects *fx, int64_t ns);
    /* True once the run was interrupted (SIGINT/SIGTERM): run nothing more. */
    bool (*interrupted)(Effects *fx);
    void (*free)(Effects *fx);
};

void cmd_request_free(CmdRequest *req);

#endif
