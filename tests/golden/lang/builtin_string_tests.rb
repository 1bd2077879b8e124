# Pins: contains() (substring, list element, map key), starts_with() and
# ends_with() (strings only), and their error messages.
runbook "contains(), starts_with(), ends_with()"
log contains("hello", "ell")
log contains("hello", "xyz")
log contains([1, 2], 2)
log contains([1, 2], "2")
log contains({k: 1}, "k")
log starts_with("hello", "he")
log starts_with("hello", "lo")
log starts_with("hello", "")
log ends_with("hello", "lo")
log ends_with("lo", "hello")
step "contains in an int" { log contains(1, 2) } on failure {}
step "starts_with on an int" { log starts_with(1, "a") } on failure {}
step "ends_with with an int suffix" { log ends_with("a", 1) } on failure {}
