runbook "std/k8s: Kubernetes deployments with kubectl"
"""
Apply manifests, follow a rollout, roll back, wait for pods and switch a
blue-green service, with kubectl.

    import "std/k8s" as k8s
    k8s.apply(ns, "k8s/overlays/staging/", true)
    k8s.rollout(ns, "financial-planning", 10m)
    k8s.roll_back(ns, "financial-planning")

Every procedure takes the namespace first ("" for the namespace of the
current kubectl context): a module's commands do not get the importing
runbook's `defaults kubectl`. None of them asks for confirmation; that is
the caller's decision, made where the caller knows what is at stake.
"""

procedure ns_args(namespace: string) "The kubectl words that select a namespace: [] or [-n, NAMESPACE]" {
    return namespace == "" ? [] : ["-n", namespace]
}

procedure apply(namespace: string, path: string, kustomize: bool = false) "Apply manifests (-f FILE|DIR, or -k for a kustomization)" {
    let how = kustomize ? "-k" : "-f"
    kubectl ${ns_args(namespace)} apply ${how} ${path}
}

procedure rollout(namespace: string, deployment: string, within: duration = 10m) "Follow a rollout until it completes or fails" {
    kubectl ${ns_args(namespace)} rollout status deployment/${deployment} --timeout=${format_duration(within)}
}

procedure roll_back(namespace: string, deployment: string, revision: int = 0, within: duration = 10m) "Roll a deployment back (to the previous revision, or to REVISION) and follow the rollout" {
    if revision > 0 {
        kubectl ${ns_args(namespace)} rollout undo deployment/${deployment} --to-revision=${revision}
    } else {
        kubectl ${ns_args(namespace)} rollout undo deployment/${deployment}
    }
    rollout(namespace, deployment, within)
}

procedure history(namespace: string, deployment: string) "Rollout history: a list of {revision, change_cause}, oldest first" {
    let h = kubectl ${ns_args(namespace)} rollout history deployment/${deployment}
    let revisions = []
    for line in h.lines {
        if line =~ /^(\d+)\s+(.*)$/ {
            set revisions = revisions + [{revision: int(captures["1"]), change_cause: trim(captures["2"])}]
        }
    }
    return revisions
}

procedure image(namespace: string, deployment: string) "The image of a deployment's first container" {
    let r = kubectl ${ns_args(namespace)} get deployment/${deployment} -o jsonpath={.spec.template.spec.containers[0].image}
    return trim(r.stdout)
}

procedure wait_ready(namespace: string, deployment: string, within: duration = 5m, interval: duration = 5s) "Wait until every replica of a deployment is updated and ready" {
    wait "pods of ${deployment} ready" timeout within every interval until {
        let d = kubectl ${ns_args(namespace)} get deployment/${deployment} -o json
        let want = d.json.spec.replicas
        d.json.status.updatedReplicas == want and d.json.status.readyReplicas == want
    }
}

procedure run_job(namespace: string, manifest: string, job: string, within: duration = 5m) "Create a job from a manifest and wait for it to complete" {
    kubectl ${ns_args(namespace)} apply -f ${manifest}
    kubectl ${ns_args(namespace)} wait --for=condition=complete job/${job} --timeout=${format_duration(within)}
}

procedure active_color(namespace: string, service: string) "The colour a blue-green service sends traffic to (its selector's color label)" {
    let r = kubectl ${ns_args(namespace)} get service ${service} -o jsonpath={.spec.selector.color}
    return trim(r.stdout)
}

procedure switch_color(namespace: string, service: string, color: string) "Point a blue-green service at a colour (blue or green) and check that it took" {
    expect color == "blue" or color == "green", "colour '${color}': expected blue or green"
    kubectl ${ns_args(namespace)} patch service ${service} -p ${json({spec: {selector: {color: color}}})}
    let now_active = active_color(namespace, service)
    expect now_active == color, "service ${service} selects ${now_active}, not ${color}"
}

procedure blue_green_switch(namespace: string, service: string) "Switch a blue-green service to the other colour; returns {from, to}" {
    let from = active_color(namespace, service)
    let to = {blue: "green", green: "blue"}[from]
    expect to != null, "service ${service} selects colour '${from}', expected blue or green"
    kubectl ${ns_args(namespace)} patch service ${service} -p ${json({spec: {selector: {color: to}}})}
    let now_active = active_color(namespace, service)
    expect now_active == to, "service ${service} selects ${now_active}, not ${to}"
    return {from: from, to: to}
}

procedure unready_pods(namespace: string, selector: string) "Pods matching a label selector that are not Running and ready: a list of {name, phase, reason}" {
    let r = kubectl ${ns_args(namespace)} get pods -l ${selector} -o json
    let bad = []
    for p in r.json.items {
        let statuses = p.status.containerStatuses ?? []
        let ready = len(statuses) > 0
        let reason = p.status.phase
        for c in statuses {
            if not c.ready {
                set ready = false
                set reason = c.state.waiting.reason ?? reason
            }
        }
        if p.status.phase != "Running" or not ready {
            set bad = bad + [{name: p.metadata.name, phase: p.status.phase, reason: reason}]
        }
    }
    return bad
}

procedure first_pod(namespace: string, selector: string) "The name of the first pod matching a label selector" {
    let r = kubectl ${ns_args(namespace)} get pods -l ${selector} -o jsonpath={.items[0].metadata.name}
    let name = trim(r.stdout)
    expect name != "", "no pod matches -l ${selector}"
    return name
}
