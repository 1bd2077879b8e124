# Pins: format_duration() gives a duration's canonical text (a string);
# it needs a duration.
runbook "format_duration()"
log format_duration(90m)
log format_duration(150s) + "!"
log json(format_duration(1500ms))
log format_duration(0s)
log format_duration(-2h)
step "an int" { log format_duration(5) } on failure {}
step "a string" { log format_duration("5m") } on failure {}
