runbook "std/prometheus: Prometheus queries"
"""
Run a PromQL instant query against the Prometheus HTTP API and get a number.

    import "std/prometheus" as prom
    let rate = prom.query(prometheus_url, 'sum(rate(http_requests_total{status=~"5.."}[5m]))')

`query` returns the largest value among the series of the result (so a
threshold check is conservative), or null when the result is empty, holds
only NaN, or Prometheus cannot be reached (a warning is logged: a broken
monitoring system must not by itself trigger a rollback — callers decide).
"""

import "std/http" as web

procedure query(url: string, promql: string) "Instant query: the largest value of the result, or null" {
    let r = try http GET "${url}/api/v1/query?query=${web.urlencode(promql)}" timeout ${10s}
    if not r.ok {
        log "warning: Prometheus query failed (HTTP ${r.status}): ${promql}"
    }
    let best = null
    for series in r.ok ? r.json.data.result : [] {
        let text = series.value[1]
        if text != "NaN" and text != "+Inf" and text != "-Inf" {
            let v = float(text)
            if best == null or v > best {
                set best = v
            }
        }
    }
    return best
}

# Untyped: a rate, or null for "no data" (a parameter type cannot say "float
# or null").
procedure percent(rate) "A 0..1 rate as a percentage with two decimals, or n/a for null" {
    return rate == null ? "n/a" : "${int(rate * 10000) / 100.0}%"
}
