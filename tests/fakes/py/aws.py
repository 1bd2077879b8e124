"""aws — a fake AWS CLI for runbook's tests and the example sandbox.

Records its argv to $FAKE_STATE/argv.log and answers from $FAKE_STATE/aws/
(layout in tests/fakes/README.md). It insists on an explicit `--output`
(runbook adds `--output json` to every aws call that has none): without one
it fails, so a test notices when runbook stops adding it. `--output json`
prints JSON, `--output text` tab-separated values. Global flags --region,
--profile, --no-cli-pager, --endpoint-url are accepted anywhere. Anything
else is `fake aws: unsupported: …`, exit 1.
"""
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from fakelib import (Fail, main, print_json, read_json, read_text, take_option,  # noqa: E402
                     tool_dir, unsupported, write_json)

TOOL = "aws"
out_format = "json"
region = "us-east-1"


def emit(obj):
    if out_format == "json":
        print_json(obj)
    elif out_format == "text":
        for line in text_lines(obj):
            print(line)
    else:
        raise Fail("fake aws: unsupported: --output %s" % out_format)


def text_lines(obj, label=""):
    """Roughly the CLI's text output: one line per object, scalars by tabs."""
    if isinstance(obj, dict):
        scalars = [str(v) for v in obj.values() if not isinstance(v, (dict, list))]
        lines = [("\t".join([label.upper()] + scalars) if label else "\t".join(scalars))] if scalars else []
        for k, v in obj.items():
            if isinstance(v, (dict, list)):
                lines += text_lines(v, k)
        return lines
    if isinstance(obj, list):
        out = []
        for v in obj:
            out += text_lines(v, label)
        return out
    return [str(obj)]


def value_of(args, name, required=True):
    v = take_option(args, [name])
    if v is None and required:
        raise Fail("aws: error: the following arguments are required: %s\n" % name, 252)
    return v


# --- rds ---------------------------------------------------------------------

def rds_path(ident):
    return os.path.join(tool_dir(TOOL, "rds"), ident + ".json")


def rds_not_found(ident, op):
    return Fail("An error occurred (DBInstanceNotFound) when calling the %s operation: "
                "DBInstance %s not found." % (op, ident), 254)


def rds_load(ident, op):
    db = read_json(rds_path(ident))
    if db is None:
        raise rds_not_found(ident, op)
    return db


def rds_step(ident, db):
    """A describe moves the instance one status on: the next line of
    rds/ID.statuses becomes its status (the file is consumed)."""
    p = os.path.join(tool_dir(TOOL, "rds"), ident + ".statuses")
    lines = [ln.strip() for ln in (read_text(p, "") or "").splitlines() if ln.strip()]
    if lines:
        db["DBInstanceStatus"] = lines[0]
        if len(lines) > 1:
            with open(p, "w") as f:
                f.write("\n".join(lines[1:]) + "\n")
        else:
            os.remove(p)
        write_json(rds_path(ident), db)
    return db


def rds_new(ident, statuses, **extra):
    db = {"DBInstanceIdentifier": ident, "DBInstanceClass": "db.r6g.large", "Engine": "postgres",
          "DBInstanceStatus": statuses[0],
          "Endpoint": {"Address": "%s.fake.%s.rds.amazonaws.com" % (ident, region), "Port": 5432},
          "MultiAZ": True, "DBInstanceArn": "arn:aws:rds:%s:123456789012:db:%s" % (region, ident)}
    db.update(extra)
    write_json(rds_path(ident), db)
    with open(os.path.join(tool_dir(TOOL, "rds"), ident + ".statuses"), "w") as f:
        f.write("\n".join(statuses) + "\n")
    return db


def cmd_rds(args):
    if not args:
        unsupported(TOOL, ["rds"])
    op, rest = args[0], args[1:]
    if op == "describe-db-instances":
        ident = take_option(rest, ["--db-instance-identifier"])
        if rest:
            unsupported(TOOL, ["rds", op] + rest)
        if ident:
            dbs = [rds_step(ident, rds_load(ident, "DescribeDBInstances"))]
        else:
            d = tool_dir(TOOL, "rds")
            dbs = [rds_step(f[:-5], read_json(os.path.join(d, f)))
                   for f in sorted(os.listdir(d)) if f.endswith(".json")]
        emit({"DBInstances": dbs})
    elif op == "restore-db-instance-to-point-in-time":
        source = value_of(rest, "--source-db-instance-identifier")
        target = value_of(rest, "--target-db-instance-identifier")
        when = take_option(rest, ["--restore-time"])
        take_option(rest, ["--use-latest-restorable-time"], False)
        take_option(rest, ["--db-instance-class", "--db-subnet-group-name"])
        if rest:
            unsupported(TOOL, ["rds", op] + rest)
        rds_load(source, "RestoreDBInstanceToPointInTime")
        if os.path.exists(rds_path(target)):
            raise Fail("An error occurred (DBInstanceAlreadyExists) when calling the "
                       "RestoreDBInstanceToPointInTime operation: DB Instance already exists", 254)
        db = rds_new(target, ["creating", "backing-up", "available"], RestoredFrom=source,
                     RestoreTime=when or "latest")
        emit({"DBInstance": db})
    elif op == "promote-read-replica":
        ident = value_of(rest, "--db-instance-identifier")
        take_option(rest, ["--backup-retention-period"])
        db = rds_load(ident, "PromoteReadReplica")
        db["DBInstanceStatus"] = "modifying"
        db.pop("ReadReplicaSourceDBInstanceIdentifier", None)
        write_json(rds_path(ident), db)
        with open(os.path.join(tool_dir(TOOL, "rds"), ident + ".statuses"), "w") as f:
            f.write("modifying\navailable\n")
        emit({"DBInstance": db})
    else:
        unsupported(TOOL, ["rds"] + args)
    return 0


# --- sts, s3 -------------------------------------------------------------------

def cmd_sts(args):
    if args != ["get-caller-identity"]:
        unsupported(TOOL, ["sts"] + args)
    ident = read_json(os.path.join(tool_dir(TOOL), "identity.json"))
    if ident is None:
        ident = {"UserId": "AIDAFAKEFAKEFAKEFAKE", "Account": "123456789012",
                 "Arn": "arn:aws:iam::123456789012:user/fake-operator"}
    emit(ident)
    return 0


def cmd_s3(args):
    # `aws s3 …` prints text whatever --output says, as the real one does.
    take_option(args, ["--recursive", "--human-readable", "--summarize"], False)
    if not args or args[0] != "ls" or len(args) > 2:
        unsupported(TOOL, ["s3"] + args)
    root = tool_dir(TOOL, "s3")
    if len(args) == 1:
        for b in sorted(os.listdir(root)):
            if os.path.isdir(os.path.join(root, b)):
                print("2024-01-01 00:00:00 %s" % b)
        return 0
    url = args[1]
    if not url.startswith("s3://"):
        raise Fail("Parameter validation failed:\nInvalid bucket name \"%s\"" % url, 255)
    bucket, _, prefix = url[5:].partition("/")
    bdir = os.path.join(root, bucket)
    if not os.path.isdir(bdir):
        raise Fail("An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: "
                   "The specified bucket does not exist", 254)
    d = os.path.join(bdir, prefix.rstrip("/")) if prefix else bdir
    if not os.path.isdir(d):
        return 1  # the real CLI: nothing printed, exit 1
    for f in sorted(os.listdir(d)):
        p = os.path.join(d, f)
        if os.path.isdir(p):
            print("                           PRE %s/" % f)
        else:
            print("2024-01-01 00:00:00 %10d %s" % (os.path.getsize(p), f))
    return 0


def handle(args):
    global out_format, region
    fmt = take_option(args, ["--output"])
    region = take_option(args, ["--region"]) or os.environ.get("AWS_REGION") or "us-east-1"
    take_option(args, ["--profile", "--endpoint-url"])
    take_option(args, ["--no-cli-pager", "--no-paginate"], False)
    if fmt is None:
        raise Fail("fake aws: no --output given (runbook adds --output json to aws commands)", 252)
    out_format = fmt
    if not args:
        raise Fail("usage: aws [options] <command> <subcommand> [parameters]", 252)
    svc, rest = args[0], args[1:]
    if svc == "rds":
        return cmd_rds(rest)
    if svc == "sts":
        return cmd_sts(rest)
    if svc == "s3":
        return cmd_s3(rest)
    unsupported(TOOL, args)


if __name__ == "__main__":
    main(TOOL, handle)
