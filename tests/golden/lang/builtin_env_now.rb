# Pins: env() reads the environment (null when unset), now() is an RFC 3339
# UTC timestamp.
runbook "env() and now()"
log env("RB_GOLDEN_GREETING")
log env("RB_GOLDEN_EMPTY") == ""
log env("RB_GOLDEN_SURELY_UNSET") == null
log env("RB_GOLDEN_SURELY_UNSET") ?? "fallback"
log now() =~ /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
step "env of an int" { log env(1) } on failure {}
