# Pins: `sh` gets every interpolated value as data, never as code, in each
# quoting context of the script: outside quotes, inside "…", inside '…',
# and in a """ script. Each hostile value would, if the shell parsed it,
# create a pwned-* file in $TMPDIR or delete $TMPDIR/victim; at the end
# neither has happened, and every value arrived byte for byte (printed in
# brackets, so that splitting or globbing would show). The commands are
# captured so that this test pins what the script receives, not how the
# command line is displayed.
runbook "sh: values are data"
let subst = '$(touch "$TMPDIR/pwned-subst")'
let dq_break = "\"; touch \"$TMPDIR/pwned-dq\"; \""
let sq_break = "' ; rm -f \"$TMPDIR/victim\" ; touch \"$TMPDIR/pwned-sq\" ; '"
let backticks = '`touch "$TMPDIR/pwned-backticks"`'
let newline = "x\ntouch \"$TMPDIR/pwned-newline\"\ny"
let glob = "* ?"
let spaces = "  two  spaces  "
let var = '$TMPDIR ${HOME}'
let tmp = env("TMPDIR")

step "Setup" {
  expect tmp != null, "run through tests/run-tests.sh, which sets TMPDIR"
  let v = run touch ${tmp}/victim
}
step "Outside quotes" {
  let r = sh printf '[%s]\n' ${subst} ${dq_break} ${sq_break} ${backticks} ${newline} ${glob} ${spaces} ${var}
  log r
}
step "Inside double quotes" {
  let r = sh printf '[%s]\n' "${subst}" "<${dq_break}>" "${sq_break}" "${backticks}" "${newline}" "${glob}" "${spaces}" "${var}"
  log r
}
step "Inside single quotes" {
  let r = sh printf '[%s]\n' '${subst}' '<${dq_break}>' '${sq_break}' '${backticks}' '${newline}' '${glob}' '${spaces}' '${var}'
  log r
}
step "Triple-quoted script" {
  let r = sh """
      for v in ${subst} "${dq_break}" '${sq_break}'; do
          printf '[%s]\n' "$v"
      done
      printf '[%s]\n' ${backticks} "${newline}" '${glob}'
      x=${spaces}
      printf '[%s]\n' "$x" ${var}
  """
  log r
}
step "Nothing was executed" {
  let found = run find ${tmp} -maxdepth 1 -name "pwned-*"
  log "pwned files: ${len(found.lines)}"
  let victim = try run test -f ${tmp}/victim
  log "victim still there: ${victim.ok}"
}
