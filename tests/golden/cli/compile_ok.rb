# Pins: `runbook compile FILE -o OUT` (options after the file) works and prints nothing.
runbook "Compiled"
