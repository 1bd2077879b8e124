/* effects_table.h — what a command does to the world, by its words: the one
 * table that plan mode (--refresh runs read-only commands for real) and lint
 * (mutating-check, destructive-unconfirmed) both read.
 *
 * READ_ONLY(kind, pattern): the command only observes. DESTRUCTIVE(kind,
 * pattern): it deletes or destroys, so it wants a confirm before it.
 * A pattern is the command's verb words after the program and its global
 * flags: "get", "rollout status"; a trailing '*' matches a prefix
 * ("describe-*" for aws operations). For run, the program name is the first
 * word ("terraform destroy"); for http, the method. */
#ifndef RUNBOOK_EFFECTS_TABLE_H
#define RUNBOOK_EFFECTS_TABLE_H

#define READ_ONLY_COMMANDS(X)                                                     \
    X(CMD_KUBECTL, "get")                                                         \
    X(CMD_KUBECTL, "describe")                                                    \
    X(CMD_KUBECTL, "logs")                                                        \
    X(CMD_KUBECTL, "top *")                                                       \
    X(CMD_KUBECTL, "explain")                                                     \
    X(CMD_KUBECTL, "version")                                                     \
    X(CMD_KUBECTL, "api-resources")                                               \
    X(CMD_KUBECTL, "api-versions")                                                \
    X(CMD_KUBECTL, "cluster-info")                                                \
    X(CMD_KUBECTL, "rollout status")                                              \
    X(CMD_KUBECTL, "rollout history")                                             \
    X(CMD_KUBECTL, "auth can-i")                                                  \
    X(CMD_KUBECTL, "wait")                                                        \
    X(CMD_KUBECTL, "diff")                                                        \
    X(CMD_KUBECTL, "events")                                                      \
    X(CMD_KUBECTL, "auth whoami")                                                 \
    X(CMD_KUBECTL, "config view")                                                 \
    X(CMD_KUBECTL, "config current-context")                                      \
    X(CMD_KUBECTL, "config get-contexts")                                         \
    X(CMD_AWS, "* describe-*")                                                    \
    X(CMD_AWS, "* list-*")                                                        \
    X(CMD_AWS, "* get-*")                                                         \
    X(CMD_AWS, "s3 ls")                                                           \
    X(CMD_HTTP, "GET")                                                            \
    X(CMD_HTTP, "HEAD")                                                           \
    X(CMD_HTTP, "OPTIONS")

#define DESTRUCTIVE_COMMANDS(X)                                                   \
    X(CMD_KUBECTL, "delete")                                                      \
    X(CMD_KUBECTL, "drain")                                                       \
    X(CMD_AWS, "* delete-*")                                                      \
    X(CMD_AWS, "* terminate-*")                                                   \
    X(CMD_AWS, "s3 rm")                                                           \
    X(CMD_AWS, "s3 rb")                                                           \
    X(CMD_RUN, "rm -rf")                                                          \
    X(CMD_RUN, "rm -fr")                                                          \
    X(CMD_RUN, "terraform destroy")                                               \
    X(CMD_RUN, "alembic downgrade")                                               \
    X(CMD_HTTP, "DELETE")

#endif
