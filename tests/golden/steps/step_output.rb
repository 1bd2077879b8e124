# Pins: the output of a successful run: the header, `[step]` with the title,
# log lines indented under the step, `ok`, and the summary line.
runbook "Step output"
log "before any step"
step "Prepare" {
  log "preparing"
  log "line one\nline two"
  log ""
  log "done"
}
step "Empty step" {}
log "after the steps"
