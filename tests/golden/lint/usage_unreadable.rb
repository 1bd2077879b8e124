# A file that cannot be read is a usage error (exit 2); the other files are
# still checked and reported.
runbook "Unreadable neighbour"
let unused = 1
