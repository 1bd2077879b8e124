# unreachable: statements after fail, abort or return in the same block,
# also after an if/else or match whose every branch ends the flow.
runbook "Unreachable"
procedure first(x: int) {
    return x
    log "after return"
}
procedure pick(x: int) {
    if x > 0 {
        return 1
    } else {
        return 2
    }
    log "after an if that always returns"
}
procedure kind(s: string) {
    match s { "a" => return 1
              _ => return 0 }
    log "after a match that always returns"
}
step "Fails" {
    fail "stop here"
    """Prose is not reported."""
    log "after fail"
    log "reported once per block"
}
log first(1) + pick(2) + kind("a")
abort "no more"
log "after abort"
