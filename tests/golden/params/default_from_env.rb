# Pins: parameter defaults may use env() and earlier parameters; -p still
# wins over such a default.
runbook "Defaults from env and earlier parameters"
param region: string = env("RB_GOLDEN_REGION") ?? "eu-west-1"
param zone: string = env("RB_GOLDEN_ZONE") ?? "${region}a"
param cluster: string = "prod-${region}"
log "region=${region} zone=${zone} cluster=${cluster}"
