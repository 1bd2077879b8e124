#!/usr/bin/env bash
# gen-commands.sh — write the per-command overhead benchmark inputs
# (DESIGN.md: 1,000 `run` steps within 1.2x of a shell script running the
# same 1,000 commands; far below ansible-playbook).
#
#   bench/gen-commands.sh rb [N]       a runbook of N `run /bin/true`
#   bench/gen-commands.sh sh [N]       a shell script running /bin/true N times
#   bench/gen-commands.sh ansible [N]  a playbook of N `command: /bin/true`
#                                      tasks on localhost (connection: local)
#
# N defaults to 1000 (rb, sh) and 20 (ansible). /bin/true is named by path
# everywhere: the shell's builtin `true` would spawn nothing, and a PATH
# search would cost the runbook and the shell different amounts.
set -eu

kind=${1:?usage: gen-commands.sh rb|sh|ansible [N]}
case $kind in
rb)
    n=${2:-1000}
    printf 'runbook "bench: %d commands"\n' "$n"
    i=0
    while [ "$i" -lt "$n" ]; do
        echo 'run /bin/true'
        i=$((i + 1))
    done
    ;;
sh)
    n=${2:-1000}
    printf '#!/bin/sh\n# bench: %d commands, each a separate process\n' "$n"
    i=0
    while [ "$i" -lt "$n" ]; do
        echo '/bin/true'
        i=$((i + 1))
    done
    ;;
ansible)
    n=${2:-20}
    cat <<PLAY
# bench: $n commands through ansible-playbook, for scale
- name: bench $n commands
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
PLAY
    i=1
    while [ "$i" -le "$n" ]; do
        printf '    - name: true %d\n      ansible.builtin.command: /bin/true\n      changed_when: false\n' "$i"
        i=$((i + 1))
    done
    ;;
*)
    echo "gen-commands.sh: unknown kind '$kind' (rb, sh or ansible)" >&2
    exit 2
    ;;
esac
