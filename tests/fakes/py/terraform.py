"""terraform — a fake Terraform for the example sandbox.

Records its argv to $FAKE_STATE/argv.log. `init`, `plan [-out=F]`,
`apply [F | -auto-approve]`, `destroy -auto-approve`, `output -json`; the
plan's counts come from $FAKE_STATE/terraform/plan ("ADD CHANGE DESTROY",
default "0 1 0"), outputs from terraform/outputs.json, and a file
terraform/apply.fail makes apply fail with its content. Anything else is
`fake terraform: unsupported: …`, exit 1.
"""
import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from fakelib import Fail, main, read_json, read_text, state_root, tool_dir, unsupported  # noqa: E402

TOOL = "terraform"


def counts():
    parts = (read_text(os.path.join(tool_dir(TOOL), "plan"), "0 1 0") or "0 1 0").split()
    return [int(p) for p in (parts + ["0", "0", "0"])[:3]]


def handle(args):
    # State stays where it was, whatever -chdir does.
    os.environ["FAKE_STATE"] = os.path.abspath(state_root())
    for a in args:
        if a.startswith("-chdir="):
            # As terraform does: plan files and the rest are relative to DIR.
            try:
                os.chdir(a[len("-chdir="):])
            except OSError as e:
                raise Fail("Error: Invalid -chdir option: %s" % e)
    args = [a for a in args if not a.startswith("-chdir=") and a not in ("-no-color", "-input=false")]
    if not args:
        unsupported(TOOL, args)
    cmd, rest = args[0], args[1:]
    add, change, destroy = counts()
    if cmd == "init":
        print("Terraform has been successfully initialized!")
    elif cmd == "plan":
        for a in rest:
            if a.startswith("-out="):
                with open(a[5:], "w") as f:
                    f.write("fake terraform plan\n")
        print("Plan: %d to add, %d to change, %d to destroy." % (add, change, destroy))
    elif cmd == "apply":
        fail = read_text(os.path.join(tool_dir(TOOL), "apply.fail"))
        if fail is not None:
            raise Fail("Error: " + (fail.strip() or "apply failed"))
        plan = [a for a in rest if not a.startswith("-")]
        if plan and not os.path.exists(plan[0]):
            raise Fail("Error: Failed to load \"%s\" as a plan file" % plan[0])
        if not plan and "-auto-approve" not in rest:
            raise Fail("Error: No plan file given and -auto-approve not set (the fake never prompts)")
        print("Apply complete! Resources: %d added, %d changed, %d destroyed." % (add, change, destroy))
    elif cmd == "destroy" and "-auto-approve" in rest:
        print("Destroy complete! Resources: %d destroyed." % (add + change + destroy))
    elif cmd == "output" and rest == ["-json"]:
        print(json.dumps(read_json(os.path.join(tool_dir(TOOL), "outputs.json"), {}), indent=2))
    else:
        unsupported(TOOL, args)
    return 0


if __name__ == "__main__":
    main(TOOL, handle)
