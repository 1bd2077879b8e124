# --explain of the effect rules lists the effects table (this file is not
# read); so does --explain of a ShellCheck code.
runbook "Explain"
