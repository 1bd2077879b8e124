# Pins: with --verbose, a captured command (`let r = …`, `try`) shows its
# command line and output like a statement does; the result is unchanged.
# (Without --verbose the same file prints only the log lines: see
# output_streaming.)
runbook "Verbose"
step "Captured" {
  let r = run printf 'one\ntwo\n'
  log "captured ${len(r.lines)} lines"
  let t = try sh echo 'warning: deprecated' >&2; exit 1
  log "try: ok=${t.ok}"
}
