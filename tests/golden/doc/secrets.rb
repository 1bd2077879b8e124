runbook "Secrets never appear"
"""
Every secret literal below is marked (tests/cli/doc.sh looks for the mark)
and must never appear in the document.
"""

param token: secret = "LEAK-token"
param raw: secret = 'LEAK-raw'
param multi: secret = """
    LEAK-triple
    """
param computed: secret = env("API_TOKEN") ?? "LEAK-fallback-${token}"
param from_env: secret = env("FROM_ENV")

contact pd "PagerDuty" pagerduty "LEAK-routing-key"
contact pd2 "PagerDuty 2" pagerduty default(env("PD"), "LEAK-default")

escalation P1 "High" [pd, pd2]

procedure call_api(key: secret = "LEAK-proc", n: int = 1) "Call the API" {
    http GET "https://api.example.com/?n=${n}" header Authorization "Bearer ${key}"
    sh "curl -H 'X-Token: ${token}' https://api.example.com"
}

step "Use them" {
    call_api(token)
    escalate P1 "used ${computed} and ${raw} and ${multi} and ${from_env}"
}
