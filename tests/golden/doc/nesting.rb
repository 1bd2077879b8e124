runbook "Nesting"
param environment: "dev" | "prod" = "dev"
param colors: list = ["blue", "green"]

confirm "Loose statements before any section get a heading of their own"
log "starting in ${environment}"

if environment == "prod" {
    section "Production only" {
        step "Announce" { log "prod" }
    }
}

for color in colors {
    step "Deploy ${color}" timeout 5m {
        """One step per color."""
        kubectl apply -f k8s/${color}.yml
    } undo {
    } on failure {
    }
}

match environment {
    "dev" => step "Dev step" { log "dev" }
    _ => {
        check "Other check" { expect true }
    }
}

step "Outer" {
    retry 2 {
        step "Inner" timeout 1m {
            """A step in a retry in a step: a heading one level down."""
            run true
        } undo {
            run false
        } on failure {
            fail "inner failed"
        }
    }
}

step "Polling" {
    let probe = {
        name: "probe",
        every: 5s,
    }
    log "polling with ${json(probe)}"
    wait "ready" timeout 1m until {
        step "Probe" timeout 10s {
            """A step in a list, where no heading can go."""
            let r = run true
        } undo {
        } on failure {
            log "probe failed"
        }
        section "Listed section" {
            log "inside"
        }
        true
    }
}

if environment == "dev" {
    step "Dev only" { log "dev" }
} else {
}

let summary = {
    environment: environment,
    colors: colors,
}
log "done: ${json(summary)}"

procedure empty() {
}
