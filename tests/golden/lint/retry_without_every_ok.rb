# retry-without-every: nothing to report.
runbook "Retry with a pause"
retry 3 every 10s { http GET "https://api.example.com/health" }
retry 5 every 1s backoff 2 jitter { kubectl get pods }
