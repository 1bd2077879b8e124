# Pins: triple-quoted strings: the first newline is dropped, the common
# leading indentation removed (relative indentation kept), quotes need no
# escape, escapes and interpolation work.
runbook "Triple-quoted strings"
let n = 2
let text = """
    first line
      indented by two
    "quoted" and ${n + 1}
    tab\there
    """
log json(text)
log json("""
        deep
    shallow
    """)
log json("""
    one

    after a blank line""")
