# shellcheck shell=bash
# lib.sh — start and stop tests/servers/httpd.py from a cli test (bash).
#
#     . "$SRCDIR/tests/servers/lib.sh"
#     httpd_start "$PWD/httpd"          # exports HTTPD_PORT and HTTPD_PID
#     curl "http://127.0.0.1:$HTTPD_PORT/health"
#     httpd_stop                        # optional: also runs on exit
#
# httpd_start DIR creates DIR (port file, requests.jsonl, …), starts the
# server in the background and waits up to 5 s for it to listen; it fails
# (returns 1, with a message) otherwise. It adds httpd_stop to the EXIT trap,
# keeping any EXIT trap already set, so a test that dies still stops the
# server; set your own EXIT trap before httpd_start, not after, or call
# httpd_stop in it. The server also exits by itself when the test's shell
# is gone.

HTTPD_PY=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/httpd.py

httpd_start() {
    local dir=${1:?usage: httpd_start DIR} i
    mkdir -p "$dir" || return 1
    rm -f "$dir/port"
    python3 "$HTTPD_PY" --port-file "$dir/port" --state-dir "$dir" &
    HTTPD_PID=$!
    export HTTPD_PID
    local old
    old=$(trap -p EXIT)
    if [ -n "$old" ]; then
        eval "set -- $old"  # trap -- 'COMMAND' EXIT
        # shellcheck disable=SC2064
        trap "httpd_stop; $3" EXIT
    else
        trap httpd_stop EXIT
    fi
    for ((i = 0; i < 100; i++)); do
        if [ -s "$dir/port" ]; then
            HTTPD_PORT=$(cat "$dir/port")
            export HTTPD_PORT
            return 0
        fi
        if ! kill -0 "$HTTPD_PID" 2>/dev/null; then
            echo "httpd_start: httpd.py exited before listening" >&2
            unset HTTPD_PID
            return 1
        fi
        sleep 0.05
    done
    echo "httpd_start: httpd.py did not listen within 5 s" >&2
    httpd_stop
    return 1
}

httpd_stop() {
    [ -n "${HTTPD_PID:-}" ] || return 0
    kill "$HTTPD_PID" 2>/dev/null
    wait "$HTTPD_PID" 2>/dev/null
    unset HTTPD_PID HTTPD_PORT
    return 0
}
