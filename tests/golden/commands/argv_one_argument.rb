# Pins: `run` never goes through a shell. An interpolated value is exactly
# one argument, whatever it holds (blanks, quotes, globs, `;`, `$(…)`,
# backticks, a newline); a list interpolated as a whole word is one argument
# per element (none for an empty list); a list inside a string is one
# argument, its JSON text; a bare `*` is not globbed. The displayed command
# line quotes each argument so that it reads back as the same argv.
runbook "One value, one argument"
let tricky = "it's \"quoted\"; rm -rf * $(echo pwned) `id` \$HOME"
let two_lines = "first\nsecond"
let envs = ["staging", "pre prod", "*"]
let empty = []
step "Values" {
  run printf '[%s]\n' ${tricky}
  # (captured: the displayed line of a multi-line value is not pinned here)
  let r = run printf '[%s]\n' ${two_lines}
  log r
  run printf '[%s]\n' "" ''
  run printf '[%s]\n' --name=${tricky}
}
step "Lists" {
  run printf '[%s]\n' ${envs}
  run printf '[%s]\n' "${envs}"
  run printf '[%s]\n' deploy-${envs}
  run printf '[%s]\n' before ${empty} after
  run printf '[%s]\n' ${ {region: "eu", zones: [1, 2]} }
}
step "No globbing, no expansion" {
  run echo *
  run echo ~ $HOME '$(id)' a?c [ab]
}
