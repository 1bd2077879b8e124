"""gh — a fake GitHub CLI for runbook's tests and the example sandbox.

Records its argv to $FAKE_STATE/argv.log and keeps workflow runs in
$FAKE_STATE/gh/runs.json (layout in tests/fakes/README.md). `workflow run`
queues a run; each `run list` for its workflow moves it on, and it completes
on the Nth list (N from gh/complete-after, default 3) with the conclusion in
gh/conclusion (default success). `run watch` waits it out at once. Anything
else is `fake gh: unsupported: …`, exit 1.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from fakelib import (Fail, main, read_json, read_text, take_option, tool_dir,  # noqa: E402
                     unsupported, write_json)

TOOL = "gh"


def runs_path():
    return os.path.join(tool_dir(TOOL), "runs.json")


def setting(name, default, workflow=None):
    """gh/NAME, overridden per workflow by gh/workflows/WORKFLOW.NAME."""
    if workflow:
        v = read_text(os.path.join(tool_dir(TOOL), "workflows", workflow + "." + name))
        if v is not None:
            return v.strip()
    v = read_text(os.path.join(tool_dir(TOOL), name))
    return v.strip() if v is not None else default


def finish(run):
    run["status"] = "completed"
    run["conclusion"] = setting("conclusion", "success", run["workflowName"])


def advance(run):
    if run["status"] == "completed":
        return
    run["polls"] += 1
    if run["polls"] >= int(setting("complete-after", "3", run["workflowName"])):
        finish(run)
    else:
        run["status"] = "in_progress"


def parse_fields(argv):
    """All -f/-F k=v pairs in order (take_option would keep the last one)."""
    fields, rest, i = {}, [], 0
    while i < len(argv):
        a = argv[i]
        if a in ("-f", "-F", "--raw-field", "--field") and i + 1 < len(argv):
            k, _, v = argv[i + 1].partition("=")
            fields[k] = v
            i += 2
            continue
        for p in ("--raw-field=", "--field="):
            if a.startswith(p):
                k, _, v = a[len(p):].partition("=")
                fields[k] = v
                break
        else:
            rest.append(a)
        i += 1
    return fields, rest


def select(run, fields):
    if not fields:
        return run
    return {k: run.get(k) for k in fields.split(",")}


def handle(args):
    take_option(args, ["-R", "--repo"])
    if args[:2] == ["workflow", "run"]:
        fields, rest = parse_fields(args[2:])
        ref = take_option(rest, ["--ref", "-r"]) or "main"
        if len(rest) != 1:
            unsupported(TOOL, args)
        wf = rest[0]
        runs = read_json(runs_path(), [])
        run_id = max([r["databaseId"] for r in runs] + [1000]) + 1
        runs.insert(0, {"databaseId": run_id, "workflowName": wf, "headBranch": ref, "event": "workflow_dispatch",
                        "status": "queued", "conclusion": "", "inputs": fields, "polls": 0,
                        "url": "https://github.com/fake/repo/actions/runs/%d" % run_id})
        write_json(runs_path(), runs)
        sys.stderr.write("Created workflow_dispatch event for %s at %s\n" % (wf, ref))
        return 0
    if args[:2] == ["run", "list"]:
        rest = args[2:]
        wf = take_option(rest, ["--workflow", "-w"])
        fields = take_option(rest, ["--json"])
        limit = int(take_option(rest, ["--limit", "-L"]) or 20)
        take_option(rest, ["--branch", "-b", "--event", "-e", "--status", "-s"])
        if rest:
            unsupported(TOOL, args)
        runs = read_json(runs_path(), [])
        mine = [r for r in runs if wf is None or r["workflowName"] == wf]
        for r in mine:
            advance(r)
        write_json(runs_path(), runs)
        mine = mine[:limit]
        if fields is not None:
            sys.stdout.write(json.dumps([select(r, fields) for r in mine]) + "\n")
        else:
            for r in mine:
                print("\t".join([r["status"], r["conclusion"], r["workflowName"], r["headBranch"],
                                 r["event"], str(r["databaseId"])]))
        return 0
    if args[:2] in (["run", "watch"], ["run", "view"]):
        rest = args[2:]
        exit_status = take_option(rest, ["--exit-status"], False)
        fields = take_option(rest, ["--json"])
        take_option(rest, ["--interval", "-i"])
        runs = read_json(runs_path(), [])
        if not runs:
            raise Fail("found no runs")
        if rest:
            run = next((r for r in runs if str(r["databaseId"]) == rest[0]), None)
            if run is None:
                raise Fail("could not find any workflow run with ID %s" % rest[0])
        else:
            run = runs[0]
        if args[1] == "watch":
            finish(run)
            write_json(runs_path(), runs)
            print("Run %s (%d) completed with '%s'" % (run["workflowName"], run["databaseId"], run["conclusion"]))
        elif fields is not None:
            sys.stdout.write(json.dumps(select(run, fields)) + "\n")
        else:
            print("%s %s (%d): %s %s" % (run["workflowName"], run["headBranch"], run["databaseId"],
                                         run["status"], run["conclusion"]))
        if exit_status and run["status"] == "completed" and run["conclusion"] != "success":
            return 1
        return 0
    unsupported(TOOL, args)


if __name__ == "__main__":
    main(TOOL, handle)
