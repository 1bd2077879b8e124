# Pins (§10 plan): an `if` on a known value (a parameter, a let computed
# from one) is decided in the plan: only the arm taken is shown, with no
# then:/else: markers, in an `else if` chain too, nested or not. Run with
# `-p environment=production`.
runbook "If on a known value"
param environment: "development" | "staging" | "production" = "staging"
param canary: bool = false
let production = environment == "production"
step "Prepare" {
  if environment == "development" {
    run echo dev
  } else if environment == "staging" {
    run echo staging
  } else {
    confirm "Change approval obtained for production?"
    if canary {
      run deployctl canary
    } else {
      run deployctl full
    }
  }
  if not production { run echo not-shown }
  run echo replicas=${production ? 6 : 2}
}
