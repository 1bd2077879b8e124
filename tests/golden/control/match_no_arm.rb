# Pins: a match with no matching arm and no `_` does nothing.
runbook "Match without a matching arm"
match "purple" {
  "red" => log "red"
  "blue" => log "blue"
}
log "no arm ran"
