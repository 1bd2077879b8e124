# Pins: `exec FILE NAME` with no procedure NAME is a usage error (exit 2)
# that points at `runbook list`.
runbook "Unknown procedure"
procedure revert() "Roll back" { log "x" }
log "never runs"
