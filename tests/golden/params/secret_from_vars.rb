# Pins: a secret from a vars file is masked too, and a secret default
# (from env()) is masked in the header.
runbook "Secrets from vars and env"
param token: secret
param api_key: secret = env("RB_GOLDEN_API_KEY")
log "token=${token}"
log api_key
log len(api_key)
