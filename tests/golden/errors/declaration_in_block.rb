# Pins: declarations (param, procedure) are allowed only at the top level;
# inside a block they are a compile error.
runbook "Declarations inside blocks"
if true {
  param replicas: int = 1
}
step "s" {
  procedure helper() { return 1 }
}
