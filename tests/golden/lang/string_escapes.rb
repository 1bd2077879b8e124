# Pins: every string escape of LANGUAGE.md §1 (\n \t \\ \" \$ \u{...}),
# shown through json() so that each character is visible.
runbook "String escapes"
log json("a\nb")
log json("a\tb")
log json("back\\slash")
log json("say \"hi\"")
log json("\${not interpolated}")
log "\u{41}\u{e9}\u{20AC}\u{1F600}"
log json("\u{1}")
log len("\u{1F600}")
log "tab:\t| newline follows\nsecond line"
