#!/usr/bin/env bash
# flagship-plan.sh — `runbook plan` of every entry point of the flagship
# example (the main body and each procedure `runbook list` shows, with a
# value for each required parameter) runs without side effects, in the
# sandbox: it exits 0 or 1 (never 2, never hangs), prints a plan, and
# afterwards the fakes' argv log is still empty, the API server has
# received no request at all, the repository checkout is unchanged and no
# mail was sent. The JSON plan of the main body parses and lists the
# deployment's change, confirm and notify actions.
. "$SRCDIR/tests/cli/lib/flagship.sh"
sandbox_start
head_before=$(git -C "$FP_REPO_DIR" rev-parse HEAD)

"$RUNBOOK" list "$FLAGSHIP" >list.out 2>&1 || not_ok "runbook list failed: $(cat list.out)"
# Entry points: the lines under "Entry points:" that start with two spaces
# and a name (or "(main)"); their parameters follow, indented by six.
entries=$(awk '/^Entry points:/ { e = 1; next } e && /^  [^ <]/ { print $1 }' list.out)
n=$(printf '%s\n' "$entries" | grep -c .)
if [ "$n" -ge 25 ] && printf '%s\n' "$entries" | grep -qx '(main)'; then
    ok "runbook list shows the main body and $((n - 1)) procedures"
else
    not_ok "runbook list shows $n entry points"
fi

# A value for each required parameter of entry point $1, as -p arguments.
required_params() {
    awk -v ep="$1" '
        /^  [^ ]/ { inside = ($1 == ep); next }
        inside && /^      [a-z_]+: / && /\(required\)/ {
            name = $1; sub(":", "", name)
            type = $2
            v = "x"
            if (type == "int") v = "2"
            else if (type == "duration") v = "1s"
            else if (type ~ /^"/) { v = type; gsub(/"/, "", v) }
            print "-p"; print name "=" v
        }' list.out
}

planned=0
for ep in $entries; do
    args=()
    while IFS= read -r a; do args+=("$a"); done < <(required_params "$ep")
    name=$ep
    [ "$ep" = "(main)" ] && name=
    timeout 30 "$RUNBOOK" plan "$FLAGSHIP" $name -p environment=production -p tag=v9.9.9 \
        "${args[@]}" >plan.out 2>plan.err
    prc=$?
    if { [ "$prc" = 0 ] || [ "$prc" = 1 ]; } && grep -q '^Plan: [0-9]* action' plan.out; then
        planned=$((planned + 1))
    else
        not_ok "plan of $ep ${args[*]}: exit $prc: $(head -c 300 plan.err)"
    fi
done
[ "$planned" = "$n" ] && ok "all $n plans ran to their summary line"

if [ ! -s "$FAKE_STATE/argv.log" ]; then
    ok "the fakes were never called"
else
    not_ok "plans called the fakes: $(head -n 5 "$FAKE_STATE/argv.log")"
fi
if [ ! -e "$SANDBOX_DIR/api/requests.jsonl" ] && [ ! -s "$SANDBOX_DIR/api/access.log" ]; then
    ok "the API server received no request"
else
    not_ok "plans sent requests: $(head -n 5 "$SANDBOX_DIR/api/access.log")"
fi
if [ -z "$(git -C "$FP_REPO_DIR" status --porcelain)" ] &&
    [ "$(git -C "$FP_REPO_DIR" rev-parse HEAD)" = "$head_before" ] &&
    [ "$(git -C "$FP_REPO_DIR" branch --show-current)" = main ]; then
    ok "the repository checkout is untouched"
else
    not_ok "plans changed the repository: $(git -C "$FP_REPO_DIR" status --short)"
fi
if [ ! -e "$FAKE_STATE/mail/outbox" ]; then
    ok "no mail was sent"
else
    not_ok "plans sent mail"
fi

# The main body's plan as JSON.
"$RUNBOOK" plan "$FLAGSHIP" -p environment=production -p tag=v9.9.9 --format json >plan.json 2>plan.err
if "$fake_python" - plan.json <<'PY'; then
import json, sys
plan = json.load(open(sys.argv[1]))
assert "format_version" in plan
acts = plan["actions"]
kinds = {a["kind"] for a in acts}
assert {"change", "read", "confirm", "notify"} <= kinds, kinds
text = [a["action"] for a in acts]
assert any("gh workflow run cd.yml -f environment=production -f image_tag=v9.9.9" in t for t in text), text
assert any("Change approval obtained" in t for t in text), text
PY
    ok "plan --format json of the deployment: changes, reads, confirms (the production checklist) and notifications"
else
    not_ok "plan --format json: $(head -c 300 plan.err)"
fi
[ ! -s "$FAKE_STATE/argv.log" ] || not_ok "the JSON plan called the fakes"
finish
