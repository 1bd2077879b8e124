"""kubectl — a fake for runbook's tests and the example sandbox.

Records its argv to $FAKE_STATE/argv.log and answers from
$FAKE_STATE/kubectl/ (layout in tests/fakes/README.md). Deployments roll
out one replica per `get`, so a poll loop sees the rollout finish on the
third poll of a 3-replica deployment; `NAME.fail` files make a rollout or a
job fail. Global flags (-n/--namespace, --context, --kubeconfig,
--request-timeout) are accepted anywhere. Anything else is
`fake kubectl: unsupported: …`, exit 1.
"""
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from fakelib import (Fail, jsonpath, main, merge_patch, print_json, read_json,  # noqa: E402
                     read_text, take_option, tool_dir, unsupported, write_json)

TOOL = "kubectl"

# canonical kind -> (state dir, Kind, name in messages)
KINDS = {
    "deployment": ("deployments", "Deployment", "deployment.apps"),
    "service": ("services", "Service", "service"),
    "job": ("jobs", "Job", "job.batch"),
    "pod": ("pods", "Pod", "pod"),
    "hpa": ("hpa", "HorizontalPodAutoscaler", "horizontalpodautoscaler.autoscaling"),
    "node": ("nodes", "Node", "node"),
}
ALIASES = {
    "deploy": "deployment", "deployments": "deployment", "deployment.apps": "deployment",
    "deployments.apps": "deployment",
    "svc": "service", "services": "service",
    "jobs": "job", "job.batch": "job", "jobs.batch": "job",
    "po": "pod", "pods": "pod",
    "horizontalpodautoscaler": "hpa", "horizontalpodautoscalers": "hpa",
    "horizontalpodautoscaler.autoscaling": "hpa",
    "no": "node", "nodes": "node",
}

ns = "default"


def canon_kind(word):
    k = word.lower()
    k = ALIASES.get(k, k)
    if k in KINDS:
        return k
    # Any other kind is kept generically, under objects/KIND/.
    return k[:-1] if k.endswith("s") and not k.endswith("ss") else k


def kind_dir(kind):
    if kind in KINDS:
        return tool_dir(TOOL, KINDS[kind][0])
    return tool_dir(TOOL, "objects", kind)


def kind_label(kind):
    return KINDS[kind][2] if kind in KINDS else kind


def obj_path(kind, name):
    return os.path.join(kind_dir(kind), name + ".json")


def not_found(kind, name):
    plural = KINDS[kind][0] if kind in KINDS else kind + "s"
    group = kind_label(kind).partition(".")[2]
    what = plural + ("." + group if group else "")
    return Fail('Error from server (NotFound): %s "%s" not found' % (what, name))


def parse_refs(words):
    """`KIND/NAME…` or `KIND [NAME…]` -> (kind, [names])."""
    if not words:
        raise Fail("error: you must specify the type of resource to get")
    if "/" in words[0]:
        kind = None
        names = []
        for w in words:
            k, _, n = w.partition("/")
            kind = canon_kind(k)
            names.append(n)
        return kind, names
    return canon_kind(words[0]), words[1:]


def load(kind, name):
    obj = read_json(obj_path(kind, name))
    if obj is None:
        raise not_found(kind, name)
    return obj


def save(kind, obj):
    write_json(obj_path(kind, obj["metadata"]["name"]), obj)


def all_of(kind):
    d = kind_dir(kind)
    out = []
    for f in sorted(os.listdir(d)):
        if f.endswith(".json") and not f.endswith(".history.json"):
            o = read_json(os.path.join(d, f))
            if o is not None:
                out.append(o)
    return out


# --- deployments --------------------------------------------------------

def dep_image(dep):
    try:
        return dep["spec"]["template"]["spec"]["containers"][0].get("image", "")
    except (KeyError, IndexError, TypeError):
        return ""


def dep_set_status(dep, updated):
    want = int(dep.get("spec", {}).get("replicas", 1))
    updated = max(0, min(updated, want))
    st = dep.setdefault("status", {})
    st.update({"replicas": want, "updatedReplicas": updated, "readyReplicas": updated,
               "availableReplicas": updated})
    st["observedGeneration"] = dep["metadata"].get("generation", 1)


def dep_advance(dep):
    """One step of the rollout: one more replica updated, until all are."""
    st = dep.get("status", {})
    dep_set_status(dep, int(st.get("updatedReplicas", 0)) + 1)
    save("deployment", dep)


def history_path(name):
    return os.path.join(kind_dir("deployment"), name + ".history.json")


def new_revision(dep, cause=None):
    """Records the deployment's current template as a new revision and
    starts a rollout (no replica updated yet)."""
    name = dep["metadata"]["name"]
    hist = read_json(history_path(name), [])
    rev = max([h["revision"] for h in hist] + [0]) + 1
    if cause is None:
        cause = dep["metadata"].get("annotations", {}).get("kubernetes.io/change-cause", "<none>")
    hist.append({"revision": rev, "image": dep_image(dep), "change-cause": cause})
    write_json(history_path(name), hist)
    md = dep["metadata"]
    md.setdefault("annotations", {})["deployment.kubernetes.io/revision"] = str(rev)
    md["generation"] = int(md.get("generation", 0)) + 1
    dep_set_status(dep, 0)
    # NAME.fail-next: this new revision is the one whose rollout fails.
    nxt = os.path.join(kind_dir("deployment"), name + ".fail-next")
    if os.path.exists(nxt):
        msg = read_text(nxt, "").strip()
        os.remove(nxt)
        with open(os.path.join(kind_dir("deployment"), name + ".fail-revision"), "w") as f:
            f.write("%d\n%s\n" % (rev, msg) if msg else "%d\n" % rev)


def rollout_failure(dep):
    """The message with which this deployment's rollout fails, or None:
    NAME.fail fails every rollout; NAME.fail-revision (first line: a
    revision number, then an optional message) fails that revision only."""
    name = dep["metadata"]["name"]
    fail = os.path.join(kind_dir("deployment"), name + ".fail")
    default = 'deployment "%s" exceeded its progress deadline' % name
    if os.path.exists(fail):
        return read_text(fail, "").strip() or default
    text = read_text(os.path.join(kind_dir("deployment"), name + ".fail-revision"))
    if text is not None:
        lines = text.strip().split("\n", 1)
        rev = dep["metadata"].get("annotations", {}).get("deployment.kubernetes.io/revision")
        if lines[0].strip() == str(rev):
            return (lines[1].strip() if len(lines) > 1 else "") or default
    return None


def set_dep_image(dep, image, container=None):
    for c in dep["spec"]["template"]["spec"]["containers"]:
        if container in (None, "*") or c.get("name") == container:
            c["image"] = image


def deployment_from(obj):
    """A stored deployment from a manifest, with the defaults filled in."""
    name = obj["metadata"]["name"]
    obj["metadata"].setdefault("namespace", ns)
    spec = obj.setdefault("spec", {})
    spec.setdefault("replicas", 1)
    spec.setdefault("selector", {"matchLabels": {"app": name}})
    tmpl = spec.setdefault("template", {})
    tmpl.setdefault("metadata", {"labels": dict(spec["selector"].get("matchLabels", {}))})
    tmpl.setdefault("spec", {}).setdefault("containers", [{"name": name, "image": "%s:latest" % name}])
    return obj


# --- manifests: a small YAML subset, enough for Kubernetes manifests --------

def yaml_scalar(s):
    s = s.strip()
    if s in ("", "~", "null"):
        return None if s else ""
    if s in ("true", "True"):
        return True
    if s in ("false", "False"):
        return False
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        return s[1:-1]
    if s[0] in "[{":
        try:
            import json
            return json.loads(s)
        except ValueError:
            if s in ("[]", "{}"):
                return [] if s == "[]" else {}
            return s
    if re.fullmatch(r"-?\d+", s):
        return int(s)
    return s


def strip_comment(line):
    out, q = [], None
    for i, c in enumerate(line):
        if q:
            if c == q:
                q = None
        elif c in "'\"":
            q = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            break
        out.append(c)
    return "".join(out).rstrip()


def yaml_block(lines, i, indent):
    """Parses the block starting at lines[i] whose items are at `indent`."""
    if i >= len(lines):
        return None, i
    if lines[i][1].startswith("- ") or lines[i][1] == "-":
        out = []
        while i < len(lines) and lines[i][0] == indent and (lines[i][1].startswith("- ") or lines[i][1] == "-"):
            rest = lines[i][1][2:] if lines[i][1] != "-" else ""
            if not rest:
                v, i = yaml_block(lines, i + 1, lines[i + 1][0] if i + 1 < len(lines) else indent + 2)
                out.append(v)
                continue
            if re.match(r"^[^'\"\[{][^:]*:( |$)", rest):
                # "- key: value" starts a map whose keys sit at indent + 2
                sub = [(indent + 2, rest)]
                j = i + 1
                while j < len(lines) and lines[j][0] > indent:
                    sub.append(lines[j])
                    j += 1
                v, _ = yaml_block(sub, 0, indent + 2)
                out.append(v)
                i = j
            else:
                out.append(yaml_scalar(rest))
                i += 1
        return out, i
    out = {}
    while i < len(lines) and lines[i][0] == indent and not lines[i][1].startswith("- "):
        key, _, rest = lines[i][1].partition(":")
        key = yaml_scalar(key)
        rest = rest.strip()
        i += 1
        if rest in ("|", ">", "|-", ">-"):
            text = []
            while i < len(lines) and lines[i][0] > indent:
                text.append(lines[i][1])
                i += 1
            out[key] = "\n".join(text) + ("\n" if not rest.endswith("-") else "")
        elif rest:
            out[key] = yaml_scalar(rest)
        elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent and lines[i][1].startswith("- "))):
            out[key], i = yaml_block(lines, i, lines[i][0])
        else:
            out[key] = None
    return out, i


def parse_manifests(text):
    import json
    if text.lstrip().startswith("{"):
        obj = json.loads(text)
        return obj.get("items", [obj]) if obj.get("kind", "").endswith("List") else [obj]
    docs, cur = [], []
    for raw in text.split("\n") + ["---"]:
        if raw.rstrip() == "---" or raw.startswith("--- "):
            lines = []
            for ln in cur:
                s = strip_comment(ln)
                if s.strip():
                    lines.append((len(s) - len(s.lstrip(" ")), s.strip()))
            if lines:
                obj, _ = yaml_block(lines, 0, lines[0][0])
                if isinstance(obj, dict) and obj.get("kind"):
                    docs.append(obj)
            cur = []
        else:
            cur.append(raw)
    return docs


def manifest_files(path, kustomize):
    if kustomize:
        if not os.path.isdir(path):
            raise Fail('error: must build at directory: not a valid directory: evalsymlink failure on \'%s\'' % path)
        kfile = next((os.path.join(path, k) for k in ("kustomization.yaml", "kustomization.yml", "Kustomization")
                      if os.path.exists(os.path.join(path, k))), None)
        if kfile is None:
            raise Fail("error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or "
                       "'Kustomization' in directory '%s'" % os.path.abspath(path))
        k = parse_manifests("kind: Kustomization\n" + read_text(kfile, ""))
        files = []
        for r in (k[0].get("resources") or []) if k else []:
            p = os.path.join(path, str(r))
            files += manifest_files(p, True) if os.path.isdir(p) else [p]
        return files
    if os.path.isdir(path):
        return [os.path.join(path, f) for f in sorted(os.listdir(path))
                if f.endswith((".yaml", ".yml", ".json"))]
    if not os.path.exists(path):
        raise Fail('error: the path "%s" does not exist' % path)
    return [path]


def objects_from(args):
    """The objects of -f FILE|DIR (repeatable) or -k DIR."""
    files, kustomize = [], False
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-f", "--filename", "-k", "--kustomize") and i + 1 < len(args):
            kustomize = kustomize or a in ("-k", "--kustomize")
            files += manifest_files(args[i + 1], a in ("-k", "--kustomize"))
            i += 2
            continue
        m = re.match(r"^(--filename|--kustomize|-f|-k)=?(.+)$", a)
        if m:
            k = m.group(1) in ("-k", "--kustomize")
            files += manifest_files(m.group(2), k)
        i += 1
    if not files:
        raise Fail("error: must specify one of -f and -k")
    objs = []
    for f in files:
        text = read_text(f)
        if text is None:
            raise Fail('error: the path "%s" does not exist' % f)
        objs += parse_manifests(text)
    if not objs:
        raise Fail("error: no objects passed to apply")
    return objs


# --- commands -------------------------------------------------------------

def cmd_apply(args):
    for obj in objects_from(args):
        kind = canon_kind(obj["kind"])
        md = obj.setdefault("metadata", {})
        name = md.get("name")
        if not name:
            raise Fail("error: error validating data: metadata.name is required")
        md.setdefault("namespace", ns)
        old = read_json(obj_path(kind, name))
        if kind == "deployment":
            obj = deployment_from(obj)
            if old is None or dep_image(old) != dep_image(obj) or old.get("spec") != obj.get("spec"):
                if old is not None:
                    obj["metadata"]["generation"] = old["metadata"].get("generation", 1)
                new_revision(obj)
            else:
                obj = old
        elif kind == "job":
            obj["status"] = {"active": 1}
        save(kind, obj)
        print("%s/%s %s" % (kind_label(kind), name, "created" if old is None else "configured"))
    return 0


def cmd_delete(args):
    ignore = take_option(args, ["--ignore-not-found"], False)
    take_option(args, ["--wait", "--grace-period", "--cascade", "--timeout"])
    if any(a in ("-f", "--filename", "-k") or a.startswith(("-f=", "--filename=")) for a in args):
        targets = [(canon_kind(o["kind"]), o["metadata"]["name"]) for o in objects_from(args)]
    else:
        kind, names = parse_refs([a for a in args if not a.startswith("-")])
        targets = [(kind, n) for n in names]
    for kind, name in targets:
        p = obj_path(kind, name)
        if not os.path.exists(p):
            if ignore:
                continue
            raise not_found(kind, name)
        os.remove(p)
        print('%s "%s" deleted' % (kind_label(kind), name))
    return 0


def synth_pods():
    pods = []
    for dep in all_of("deployment"):
        name = dep["metadata"]["name"]
        labels = dict(dep["spec"].get("template", {}).get("metadata", {}).get("labels") or {"app": name})
        ready = int(dep.get("status", {}).get("readyReplicas", 0))
        image = dep_image(dep)
        for i in range(int(dep["spec"].get("replicas", 1))):
            ok = i < ready
            pods.append({
                "apiVersion": "v1", "kind": "Pod",
                "metadata": {"name": "%s-5d8f7c9b6-%s" % (name, "abcdefghijklmnop"[i % 16] * 5),
                             "namespace": dep["metadata"].get("namespace", ns), "labels": labels},
                "spec": {"containers": [{"name": name, "image": image}]},
                "status": {"phase": "Running" if ok else "Pending",
                           "containerStatuses": [{"name": name, "image": image, "ready": ok,
                                                  "restartCount": 0}]},
            })
    return pods


def pods():
    fixed = read_json(os.path.join(tool_dir(TOOL), "pods.json"))
    if fixed is not None:
        return fixed.get("items", []) if isinstance(fixed, dict) else fixed
    return all_of("pod") or synth_pods()


def synth_hpas():
    out = []
    for dep in all_of("deployment"):
        name = dep["metadata"]["name"]
        out.append({"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
                    "metadata": {"name": name, "namespace": dep["metadata"].get("namespace", ns)},
                    "spec": {"minReplicas": 2, "maxReplicas": 10,
                             "scaleTargetRef": {"kind": "Deployment", "name": name}},
                    "status": {"currentReplicas": dep["spec"].get("replicas", 1),
                               "desiredReplicas": dep["spec"].get("replicas", 1),
                               "currentCPUUtilizationPercentage": 42}})
    return out


def synth_nodes():
    return [{"apiVersion": "v1", "kind": "Node", "metadata": {"name": "fake-node-1"},
             "status": {"conditions": [{"type": "Ready", "status": "True"}],
                        "nodeInfo": {"kubeletVersion": "v1.29.0"}}}]


def match_labels(obj, selector):
    if not selector:
        return True
    labels = obj.get("metadata", {}).get("labels") or {}
    for term in selector.split(","):
        k, eq, v = term.partition("=")
        if eq and labels.get(k.rstrip("!")) != v:
            return False
        if not eq and k not in labels:
            return False
    return True


def table(kind, objs):
    if kind == "deployment":
        rows = [["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]]
        for d in objs:
            st = d.get("status", {})
            rows.append([d["metadata"]["name"], "%s/%s" % (st.get("readyReplicas", 0), d["spec"].get("replicas", 1)),
                         str(st.get("updatedReplicas", 0)), str(st.get("availableReplicas", 0)), "1d"])
    elif kind == "pod":
        rows = [["NAME", "READY", "STATUS", "RESTARTS", "AGE"]]
        for p in objs:
            cs = p.get("status", {}).get("containerStatuses", [])
            rows.append([p["metadata"]["name"], "%d/%d" % (sum(1 for c in cs if c.get("ready")), len(cs)),
                         p.get("status", {}).get("phase", "Unknown"),
                         str(sum(c.get("restartCount", 0) for c in cs)), "5m"])
    elif kind == "service":
        rows = [["NAME", "TYPE", "CLUSTER-IP", "SELECTOR", "AGE"]]
        for s in objs:
            sel = ",".join("%s=%s" % kv for kv in (s.get("spec", {}).get("selector") or {}).items())
            rows.append([s["metadata"]["name"], s.get("spec", {}).get("type", "ClusterIP"), "10.0.0.10",
                         sel or "<none>", "1d"])
    elif kind == "hpa":
        rows = [["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"]]
        for h in objs:
            sp, st = h.get("spec", {}), h.get("status", {})
            rows.append([h["metadata"]["name"], "Deployment/%s" % sp.get("scaleTargetRef", {}).get("name", ""),
                         "%s%%/70%%" % st.get("currentCPUUtilizationPercentage", 0), str(sp.get("minReplicas", 1)),
                         str(sp.get("maxReplicas", 1)), str(st.get("currentReplicas", 0)), "1d"])
    elif kind == "node":
        rows = [["NAME", "STATUS", "ROLES", "AGE", "VERSION"]]
        for n in objs:
            rows.append([n["metadata"]["name"], "Ready", "<none>", "10d",
                         n.get("status", {}).get("nodeInfo", {}).get("kubeletVersion", "v1.29.0")])
    elif kind == "job":
        rows = [["NAME", "COMPLETIONS", "DURATION", "AGE"]]
        for j in objs:
            rows.append([j["metadata"]["name"], "%d/1" % j.get("status", {}).get("succeeded", 0), "10s", "1m"])
    else:
        rows = [["NAME", "AGE"]] + [[o["metadata"]["name"], "1d"] for o in objs]
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for r in rows:
        print("   ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())


def output(kind, objs, single, fmt):
    if fmt in ("json", "yaml"):  # JSON is YAML: one printer for both
        if single:
            print_json(objs[0])
        else:
            print_json({"apiVersion": "v1", "kind": "List", "items": objs, "metadata": {"resourceVersion": ""}})
    elif fmt.startswith("jsonpath="):
        expr = fmt[len("jsonpath="):]
        if len(expr) >= 2 and expr[0] == expr[-1] and expr[0] in "'\"":
            expr = expr[1:-1]
        sys.stdout.write(jsonpath(objs[0] if single else {"items": objs}, expr))
    elif fmt == "name":
        for o in objs:
            print("%s/%s" % (kind_label(kind), o["metadata"]["name"]))
    elif fmt in ("", "wide"):
        table(kind, objs)
    else:
        raise Fail("error: unable to match a printer suitable for the output format \"%s\"" % fmt)


def cmd_get(args):
    fmt = take_option(args, ["-o", "--output"]) or ""
    sel = take_option(args, ["-l", "--selector"])
    take_option(args, ["-w", "--watch", "-A", "--all-namespaces", "--show-labels"], False)
    kind, names = parse_refs(args)
    if kind == "deployment" and names:
        objs = [load("deployment", n) for n in names]
        for d in objs:
            dep_advance(d)
    elif kind == "pod":
        everything = pods()
        objs = [p for p in everything if p["metadata"]["name"] in names] if names else everything
        if names and not objs:
            raise not_found(kind, names[0])
    elif names:
        if kind == "hpa" and not os.path.exists(obj_path(kind, names[0])):
            objs = [h for h in synth_hpas() if h["metadata"]["name"] in names]
            if not objs:
                raise not_found(kind, names[0])
        else:
            objs = [load(kind, n) for n in names]
    else:
        objs = all_of(kind)
        if not objs and kind == "hpa":
            objs = synth_hpas()
        if not objs and kind == "node":
            objs = synth_nodes()
    objs = [o for o in objs if match_labels(o, sel)]
    if not objs and not names:
        if fmt in ("json", "yaml"):
            output(kind, [], False, fmt)
        else:
            sys.stderr.write("No resources found in %s namespace.\n" % ns)
        return 0
    output(kind, objs, bool(names) and len(names) == 1, fmt)
    return 0


def cmd_rollout(args):
    take_option(args, ["--timeout", "-w", "--watch"])
    to_rev = take_option(args, ["--to-revision"])
    rev_opt = take_option(args, ["--revision"])
    if not args:
        unsupported(TOOL, ["rollout"])
    sub, refs = args[0], args[1:]
    kind, names = parse_refs(refs)
    if kind != "deployment" or len(names) != 1:
        unsupported(TOOL, ["rollout"] + args)
    name = names[0]
    dep = load("deployment", name)
    if sub == "status":
        failure = rollout_failure(dep)
        st = dep.get("status", {})
        want = int(dep["spec"].get("replicas", 1))
        for u in range(int(st.get("updatedReplicas", 0)), want):
            print('Waiting for deployment "%s" rollout to finish: %d of %d updated replicas are available...'
                  % (name, u, want))
            sys.stdout.flush()
            if failure:
                break
        if failure:
            raise Fail("error: " + failure if not failure.startswith("error") else failure)
        dep_set_status(dep, want)
        save("deployment", dep)
        print('deployment "%s" successfully rolled out' % name)
    elif sub == "history":
        hist = read_json(history_path(name), [])
        if rev_opt:
            h = next((h for h in hist if str(h["revision"]) == rev_opt), None)
            if h is None:
                raise Fail("error: unable to find the specified revision")
            print('deployment.apps/%s with revision #%s' % (name, rev_opt))
            print("Pod Template:\n  Containers:\n   %s:\n    Image:\t%s" % (name, h["image"]))
            return 0
        print("deployment.apps/%s " % name)
        print("REVISION  CHANGE-CAUSE")
        for h in hist:
            print("%-9s %s" % (h["revision"], h["change-cause"]))
        print()
    elif sub == "undo":
        hist = read_json(history_path(name), [])
        if to_rev not in (None, "0"):
            target = next((h for h in hist if str(h["revision"]) == to_rev), None)
            if target is None:
                raise Fail("error: unable to find specified revision %s in history" % to_rev)
        elif len(hist) < 2:
            raise Fail('error: no rollout history found for deployment "%s"' % name)
        else:
            target = hist[-2]
        # As kubectl does: the target revision becomes the newest one.
        write_json(history_path(name), [h for h in hist if h is not target])
        set_dep_image(dep, target["image"])
        new_revision(dep, target["change-cause"])
        save("deployment", dep)
        print("deployment.apps/%s rolled back" % name)
    elif sub == "restart":
        dep["spec"]["template"].setdefault("metadata", {}).setdefault("annotations", {})[
            "kubectl.kubernetes.io/restartedAt"] = "now"
        new_revision(dep)
        save("deployment", dep)
        print("deployment.apps/%s restarted" % name)
    else:
        unsupported(TOOL, ["rollout"] + args)
    return 0


def cmd_patch(args):
    patch = take_option(args, ["-p", "--patch"])
    ptype = take_option(args, ["--type"]) or "strategic"
    if patch is None or ptype == "json":
        unsupported(TOOL, ["patch"] + args)
    kind, names = parse_refs(args)
    if len(names) != 1:
        unsupported(TOOL, ["patch"] + args)
    import json
    try:
        p = json.loads(patch)
    except ValueError as e:
        raise Fail("error: unable to parse \"%s\": %s" % (patch, e))
    obj = load(kind, names[0])
    old_image = dep_image(obj) if kind == "deployment" else None
    obj = merge_patch(obj, p)
    if kind == "deployment" and dep_image(obj) != old_image:
        new_revision(obj)
    save(kind, obj)
    print("%s/%s patched" % (kind_label(kind), names[0]))
    return 0


def cmd_wait(args):
    cond = take_option(args, ["--for"])
    take_option(args, ["--timeout"])
    if not cond:
        raise Fail("error: --for must be specified")
    kind, names = parse_refs(args)
    for name in names:
        obj = load(kind, name)
        fail = os.path.join(kind_dir(kind), name + ".fail")
        if os.path.exists(fail):
            msg = read_text(fail, "").strip()
            raise Fail(msg or "error: timed out waiting for the condition on %s/%s" % (KINDS.get(kind, (kind,))[0], name))
        if kind == "job":
            obj["status"] = {"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]}
            save(kind, obj)
        print("%s/%s condition met" % (kind_label(kind), name))
    return 0


def cmd_scale(args):
    n = take_option(args, ["--replicas"])
    kind, names = parse_refs(args)
    if kind != "deployment" or n is None:
        unsupported(TOOL, ["scale"] + args)
    for name in names:
        dep = load(kind, name)
        dep["spec"]["replicas"] = int(n)
        dep_set_status(dep, min(int(n), int(dep.get("status", {}).get("updatedReplicas", 0))))
        save(kind, dep)
        print("deployment.apps/%s scaled" % name)
    return 0


def cmd_set(args):
    if len(args) < 3 or args[0] != "image":
        unsupported(TOOL, ["set"] + args)
    kind, names = parse_refs([args[1]])
    dep = load(kind, names[0])
    for pair in args[2:]:
        c, _, img = pair.partition("=")
        set_dep_image(dep, img, c)
    new_revision(dep)
    save(kind, dep)
    print("deployment.apps/%s image updated" % names[0])
    return 0


def cmd_logs(args):
    take_option(args, ["--tail", "-c", "--container", "--since", "--since-time"])
    take_option(args, ["-f", "--follow", "-p", "--previous", "--timestamps", "--all-containers"], False)
    if len(args) != 1:
        unsupported(TOOL, ["logs"] + args)
    kind, _, name = args[0].rpartition("/")
    text = read_text(os.path.join(tool_dir(TOOL, "logs"), name + ".log"))
    if text is None:
        # No log file: empty logs, if the pod, deployment or job exists.
        if kind:
            load(canon_kind(kind), name)
        elif not any(p["metadata"]["name"] == name for p in pods()):
            raise not_found("pod", name)
        text = ""
    sys.stdout.write(text)
    return 0


def cmd_top(args):
    take_option(args, ["-l", "--selector", "--sort-by"])
    take_option(args, ["--containers", "--no-headers"], False)
    if not args or canon_kind(args[0]) not in ("pod", "node"):
        unsupported(TOOL, ["top"] + args)
    kind = canon_kind(args[0])
    text = read_text(os.path.join(tool_dir(TOOL, "top"), kind + "s.txt"))
    if text is not None:
        sys.stdout.write(text)
    elif kind == "pod":
        rows = [("NAME", "CPU(cores)", "MEMORY(bytes)")] + [(p["metadata"]["name"], "12m", "96Mi") for p in pods()]
        for r in rows:
            print("%-40s %-12s %s" % r)
    else:
        print("%-14s %-12s %-6s %-15s %s" % ("NAME", "CPU(cores)", "CPU%", "MEMORY(bytes)", "MEMORY%"))
        print("%-14s %-12s %-6s %-15s %s" % ("fake-node-1", "250m", "12%", "2048Mi", "25%"))
    return 0


def cmd_create(args):
    """`create secret generic NAME --from-literal=K=V…`, `create namespace
    NAME`, `create configmap NAME --from-literal=K=V…`: stored under
    objects/, values base64-encoded for a secret as the API does."""
    import base64
    take_option(args, ["--dry-run", "-o", "--output"])
    literals = []
    while True:
        v = take_option(args, ["--from-literal"])
        if v is None:
            break
        literals.append(v)
    if args[:2] == ["secret", "generic"] and len(args) == 3:
        kind, name = "secret", args[2]
    elif args[:1] in (["namespace"], ["configmap"]) and len(args) == 2:
        kind, name = args[0], args[1]
    else:
        unsupported(TOOL, ["create"] + args)
    if os.path.exists(obj_path(kind, name)):
        raise Fail('error: failed to create %s: %ss "%s" already exists' % (kind, kind, name))
    data = {}
    for lit in literals:
        k, _, v = lit.partition("=")
        data[k] = base64.b64encode(v.encode()).decode() if kind == "secret" else v
    obj = {"apiVersion": "v1", "kind": kind.capitalize(), "metadata": {"name": name, "namespace": ns}}
    if kind != "namespace":
        obj["data"] = data
    save(kind, obj)
    print("%s/%s created" % (kind, name))
    return 0


def cmd_describe(args):
    """A few lines about each object: enough to read, nothing to parse."""
    take_option(args, ["-l", "--selector"])
    kind, names = parse_refs(args)
    objs = ([p for p in pods() if not names or p["metadata"]["name"] in names] if kind == "pod"
            else [load(kind, n) for n in names] if names else all_of(kind))
    if names and not objs:
        raise not_found(kind, names[0])
    for i, o in enumerate(objs):
        if i:
            print()
        md = o.get("metadata", {})
        print("Name:         %s" % md.get("name", ""))
        print("Namespace:    %s" % md.get("namespace", ns))
        labels = md.get("labels") or {}
        print("Labels:       %s" % (",".join("%s=%s" % kv for kv in labels.items()) or "<none>"))
        if kind == "deployment":
            st = o.get("status", {})
            print("Image:        %s" % dep_image(o))
            print("Replicas:     %s desired | %s updated | %s available" % (
                o["spec"].get("replicas", 1), st.get("updatedReplicas", 0), st.get("availableReplicas", 0)))
        elif kind == "pod":
            print("Status:       %s" % o.get("status", {}).get("phase", "Unknown"))
        print("Events:       <none>")
    return 0


def cmd_exec(args):
    """Canned answers first (main); else $FAKE_STATE/kubectl/exec-handler,
    when it is an executable, answers: it runs with the exec arguments
    (`TARGET -- COMMAND…`, global flags removed) and FAKE_KUBECTL_NAMESPACE
    set, and its output and exit status are the answer."""
    handler = os.path.join(tool_dir(TOOL), "exec-handler")
    if not os.access(handler, os.X_OK):
        unsupported(TOOL, ["exec"] + args)
    import subprocess
    sys.stdout.flush()
    env = dict(os.environ, FAKE_KUBECTL_NAMESPACE=ns)
    return subprocess.call([handler] + args, env=env)


def strip_globals(args):
    global ns
    ns = take_option(args, ["-n", "--namespace"]) or "default"
    take_option(args, ["--context", "--kubeconfig", "--request-timeout", "--cluster", "--user"])


def handle(args):
    if not args:
        raise Fail("fake kubectl: no command")
    cmd, rest = args[0], args[1:]
    if cmd == "get":
        return cmd_get(rest)
    if cmd == "apply":
        return cmd_apply(rest)
    if cmd == "delete":
        return cmd_delete(rest)
    if cmd == "rollout":
        return cmd_rollout(rest)
    if cmd == "patch":
        return cmd_patch(rest)
    if cmd == "wait":
        return cmd_wait(rest)
    if cmd == "scale":
        return cmd_scale(rest)
    if cmd == "set":
        return cmd_set(rest)
    if cmd == "logs":
        return cmd_logs(rest)
    if cmd == "top":
        return cmd_top(rest)
    if cmd == "version" and rest in (["--client"], ["--client=true"]):
        print("Client Version: v1.29.0-fake")
        return 0
    if cmd == "config" and rest == ["current-context"]:
        print((read_text(os.path.join(tool_dir(TOOL), "context"), "fake-context") or "").strip())
        return 0
    if cmd == "describe":
        return cmd_describe(rest)
    if cmd == "create":
        return cmd_create(rest)
    if cmd == "exec":
        return cmd_exec(rest)
    unsupported(TOOL, args)


if __name__ == "__main__":
    main(TOOL, handle, strip_globals)
