# Pins: --vars FILE.yaml supplies parameters from a YAML map, with YAML
# types (a YAML int for a string parameter becomes its text).
runbook "Vars file"
param tag: string
param replicas: int = 1
param ratio: float = 0.5
param canary: bool = false
param wait_for: duration = 5m
param hosts: list = []
param labels: map = {}
param token: secret = ""
param env: "staging" | "production" = "staging"
log "tag=${tag} replicas=${replicas} ratio=${ratio} canary=${canary} wait_for=${wait_for}"
log "hosts=${hosts} labels=${labels} env=${env}"
