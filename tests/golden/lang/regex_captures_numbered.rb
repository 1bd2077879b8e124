# Pins: after a match, captures[0] is the whole match and captures[1]... the
# groups; a group that took no part is null, as is a group past the last.
runbook "Numbered captures"
if "release v1.25 ok" =~ /v(\d+)\.(\d+)(?:\.(\d+))?/ {
  log captures[0]
  log captures[1]
  log captures[2]
  log captures[3] == null
  log captures[4] == null
}
