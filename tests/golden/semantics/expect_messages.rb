# Pins (§4 expect; docs/language.md "expect", and its listed difference from
# the spec's wording): the failure message is the condition's source text,
# then ` — ` and the value of each comparison operand that is not obvious
# from its source (literals are not repeated), strings quoted, secrets as
# ***; for a condition that is not a comparison, `— was VALUE`; a custom
# message comes first with the generated text in parentheses;
# failure.kind is `expect` and failure.line its line. An `expect` outside
# any step fails the run with the same message, naming file:line.
runbook "Expect messages"
param token: secret = "hunter22"
let r = {status: 503, json: {status: "down"}}
let xs = [1]
let a = 2
let ready = true
let healthy = false
check "comparison" { expect r.status == 200 } on failure { log failure.message }
check "two operands" { expect a + 1 == len(xs) } on failure { log failure.message }
check "literals only" { expect 1 > 2 } on failure { log failure.message }
check "strings quoted" { expect r.json.status == "ok" } on failure { log failure.message }
check "custom message" {
  expect r.json.status == "ok", "database health is ${r.json.status}"
} on failure { log failure.message }
check "not a comparison" { expect ready and healthy } on failure { log failure.message }
check "missing field" { expect r.json.version != null } on failure { log failure.message }
check "secret operand" { expect token == "letmein" } on failure { log failure.message }
check "kind and line" { expect r.status < 500 } on failure { log "kind=${failure.kind} line=${failure.line} step=${failure.step}" }
check "passes" { expect r.status == 503, "never shown" }
expect a == 3
log "not reached"
