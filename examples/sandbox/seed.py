"""seed.py — the sandbox's world at start, written through the fakes' own
code (tests/fakes/py) in one process, so that the state has exactly the
fakes' layout and nothing goes to the argv log.

    seed.py SANDBOX_HERE REPO_DIR      (FAKE_STATE set; called by start.sh)

The cluster: the blue-green pair and its active service (blue), PostgreSQL,
Redis, a certificate, all rolled out; deployment/financial-planning at
v2.3.0 (revision 1) then v2.4.0 (revision 2, what REPO_DIR's overlays say);
logs, canned answers and the exec handler. AWS: the RDS instances. GitHub:
a CI run on main that passed.
"""
import contextlib
import io
import json
import os
import shutil
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

HERE = os.path.abspath(sys.argv[1])
REPO = os.path.abspath(sys.argv[2])
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "fakes", "py"))
import gh  # noqa: E402
import kubectl  # noqa: E402
from fakelib import tool_dir  # noqa: E402

STATE = os.environ["FAKE_STATE"]


def kube(*args):
    """One kubectl command, handled by the fake's code, quietly."""
    with contextlib.redirect_stdout(io.StringIO()):
        argv = ["-n", "financial-planning-staging"] + list(args)
        kubectl.strip_globals(argv)
        status = kubectl.handle(argv)
    if status:
        sys.exit("seed: kubectl %s failed" % " ".join(args))


def cluster():
    kube("apply", "-f", os.path.join(HERE, "cluster"))
    for d in ["financial-planning-blue", "financial-planning-green", "postgresql", "redis"]:
        kube("rollout", "status", "deployment/" + d)
    overlay = os.path.join(REPO, "k8s", "overlays", "staging")
    with open(os.path.join(overlay, "deployment.yml")) as f:
        current = f.read()
    old = os.path.join(STATE, "v2.3.0.yml")
    with open(old, "w") as f:
        f.write(current.replace("backend:v2.4.0", "backend:v2.3.0"))
    kube("apply", "-f", old)
    kube("rollout", "status", "deployment/financial-planning")
    os.remove(old)
    kube("apply", "-k", overlay)
    kube("rollout", "status", "deployment/financial-planning")

    kdir = tool_dir("kubectl")
    for sub in ["logs", "canned"]:
        os.makedirs(os.path.join(kdir, sub), exist_ok=True)
        for name in os.listdir(os.path.join(HERE, sub)):
            shutil.copy(os.path.join(HERE, sub, name), os.path.join(kdir, sub, name))
    shutil.copy(os.path.join(HERE, "exec-handler"), os.path.join(kdir, "exec-handler"))
    os.chmod(os.path.join(kdir, "exec-handler"), 0o755)
    with open(os.path.join(kdir, "context"), "w") as f:
        f.write("sandbox\n")


def databases():
    rds = tool_dir("aws", "rds")
    for ident in ["financial-planning-prod", "financial-planning-staging", "financial-planning-dev",
                  "financial-planning-replica-east"]:
        region = "us-east-1" if ident.endswith("-east") else "us-west-2"
        db = {
            "DBInstanceIdentifier": ident, "DBInstanceClass": "db.r6g.large", "Engine": "postgres",
            "EngineVersion": "15.4", "DBInstanceStatus": "available",
            "Endpoint": {"Address": "%s.abcdefghijkl.%s.rds.amazonaws.com" % (ident, region), "Port": 5432},
            "MultiAZ": True, "BackupRetentionPeriod": 7, "LatestRestorableTime": "2024-01-01T11:55:00Z",
            "DBInstanceArn": "arn:aws:rds:%s:123456789012:db:%s" % (region, ident),
        }
        if ident.endswith("-replica-east"):
            db["ReadReplicaSourceDBInstanceIdentifier"] = \
                "arn:aws:rds:us-west-2:123456789012:db:financial-planning-prod"
        with open(os.path.join(rds, ident + ".json"), "w") as f:
            json.dump(db, f, indent=2)
            f.write("\n")


def github():
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        gh.handle(["workflow", "run", "ci.yml", "--ref", "main"])
        gh.handle(["run", "watch"])


cluster()
databases()
github()
