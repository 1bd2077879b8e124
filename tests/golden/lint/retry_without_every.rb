# retry-without-every: a retry with no pause between attempts.
runbook "Retry at once"
retry 3 { http GET "https://api.example.com/health" }
retry 5 backoff 2 {
    kubectl get pods
}
