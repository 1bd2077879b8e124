# Pins: the output of a command run as a statement is shown under its
# command line, indented one level deeper than the step's title (nested
# steps nest further; outside any step it is not indented): stdout and
# stderr lines alike, a last line without its newline too, blank lines
# kept. Captured commands (`let r = …`) show nothing.
runbook "Output streaming"
step "Outer" {
  sh printf 'line 1\n\nline 3\n'; echo 'to stderr' >&2
  run printf 'no newline at the end'
  step "Inner" {
    run printf '%s\n' nested deeper
    let quiet = run echo 'captured, not shown'
  }
  run echo 'back in outer'
}
run echo 'outside any step'
