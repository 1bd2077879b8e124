# Pins: a failure in an inner step fails every enclosing step; the message
# names the innermost step.
runbook "A failing nested step"
step "Outer" {
  step "Middle" {
    step "Inner" {
      expect 1 + 1 == 3
    }
  }
}
