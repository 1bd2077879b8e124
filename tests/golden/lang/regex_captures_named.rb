# Pins: named groups are captures.NAME; unmatched optional groups are null;
# a failed match leaves captures null; each procedure has its own captures.
runbook "Named captures"
procedure parse(s) {
  if s =~ /^(?<user>\w+)@(?<host>[\w.]+)(:(?<port>\d+))?$/ {
    return "${captures.user} at ${captures.host} port ${captures.port ?? "default"}"
  }
  return "no match"
}
if "deploy=v2 by=alice" =~ /deploy=(?<tag>\S+) by=(?<who>\w+)/ {
  log captures.tag
  log captures.who
}
log parse("bob@example.com:2222")
log parse("carol@db.local")
log parse("nonsense")
log captures.who
if "nothing here" =~ /deploy=(?<tag>\S+)/ { log "unexpected" }
log captures == null
