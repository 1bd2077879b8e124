runbook "Unused: the test asks for --help"
