"""cd_pipeline.py — the sandbox's CD workflow: what GitHub Actions would do
after a deployment is triggered.

    cd_pipeline.py workflow run WORKFLOW [-f KEY=VALUE]… [--ref REF]
        (called by bin/gh after the fake gh queued the run)
    cd_pipeline.py push BRANCH SHA
        (called by the sandbox origin's post-receive hook)

Only the cd.yml workflow deploys, and only when its run is to succeed
(SANDBOX_FAIL_WORKFLOW=1: it fails before deploying). It changes the fake cluster's
deployment/financial-planning to the new image, as the workflow's kubectl
would: a new revision, whose rollout then proceeds as the fake kubectl's
rollouts do (and fails when the sandbox was started with
SANDBOX_FAIL_ROLLOUT=1). The image tag is the `image_tag` input, else made
from the ref (hotfix/x -> hotfix-x) or, for a push, `develop-SHA7`. A push
to develop also queues the run the push would trigger, in the fake gh's
state. None of this goes to the argv log: it is not the runbook's doing.
"""
import contextlib
import io
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "fakes", "py"))
import gh  # noqa: E402
import kubectl  # noqa: E402
from fakelib import Fail  # noqa: E402

APP = "financial-planning"
REPO = "ghcr.io/financial-planning/backend"


def deploy(environment, tag, cause):
    kubectl.ns = "financial-planning-" + environment
    dep = kubectl.load("deployment", APP)
    kubectl.set_dep_image(dep, "%s:%s" % (REPO, tag))
    kubectl.new_revision(dep, cause)
    kubectl.save("deployment", dep)


def main(argv):
    if argv[:2] == ["workflow", "run"]:
        fields, rest = gh.parse_fields(argv[2:])
        ref = kubectl.take_option(rest, ["--ref", "-r"]) or "main"
        kubectl.take_option(rest, ["-R", "--repo"])
        if rest != ["cd.yml"]:
            return 0
        if gh.setting("conclusion", "success", "cd.yml") != "success":
            return 0  # the workflow fails before its deploy job
        tag = fields.get("image_tag") or ref.replace("/", "-")
        deploy(fields.get("environment", "staging"), tag, "cd.yml: %s from %s" % (tag, ref))
    elif argv[:1] == ["push"] and len(argv) == 3:
        branch, sha = argv[1], argv[2]
        if branch != "develop":
            return 0
        # GitHub runs cd.yml on a push to develop: queue it, then deploy.
        with contextlib.redirect_stderr(io.StringIO()):  # not gh's message: GitHub's doing
            gh.handle(["workflow", "run", "cd.yml", "--ref", "develop", "-f", "environment=development"])
        deploy("development", "develop-" + sha[:7], "cd.yml: push to develop (%s)" % sha[:7])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Fail as e:
        sys.stderr.write("sandbox CD pipeline: %s\n" % e.message)
        sys.exit(1)
