# shadowing: nothing to report. Sibling blocks may reuse a name, and a
# main-body block may use the name of a top-level let declared below it
# (not visible there yet).
runbook "No shadowing"
if true {
    let tmp = 1
    log tmp
}
if true {
    let tmp = 2
    log tmp
}
step "Early" {
    let later = "inner"
    log later
}
let later = "top"
log later
procedure p(a: int) { return a }
procedure q(a: int) { return a }
log p(1) + q(2)
