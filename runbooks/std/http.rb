runbook "std/http: HTTP health checks"
"""
Health checks over HTTP, with retries, and the small helpers they need.

    import "std/http" as web
    web.health_check("\${api}/health", 3, 10s)
    let body = web.get_json("\${api}/api/v1/health")

`urlencode` percent-encodes the characters that are not allowed or have a
meaning in a URL query (the language has no built-in for it).
"""

procedure urlencode(text: string) "Percent-encode text for a URL query string" {
    # "%" first, so that the escapes added later are not escaped again.
    let codes = [["%", "%25"], [" ", "%20"], ["\"", "%22"], ["#", "%23"], ["&", "%26"],
                 ["+", "%2B"], [",", "%2C"], ["/", "%2F"], [":", "%3A"], [";", "%3B"],
                 ["<", "%3C"], ["=", "%3D"], [">", "%3E"], ["?", "%3F"], ["@", "%40"],
                 ["[", "%5B"], ["\\", "%5C"], ["]", "%5D"], ["^", "%5E"], ["`", "%60"],
                 ["{", "%7B"], ["|", "%7C"], ["}", "%7D"], ["'", "%27"], ["\n", "%0A"]]
    let out = text
    for pair in codes {
        set out = replace(out, pair[0], pair[1])
    }
    return out
}

procedure health_check(url: string, attempts: int = 3, interval: duration = 10s, want: int = 200) "GET a health endpoint until it answers the wanted status (retried)" {
    let last = null
    retry attempts every interval {
        set last = try http GET ${url} timeout ${10s}
        expect last.status == want, "GET ${url} answered ${last.status}, expected ${want}"
    }
    return last
}

procedure get_json(url: string) "GET a URL and return its body parsed as JSON (fails on a status of 400 or more)" {
    let r = http GET ${url} timeout ${30s}
    return r.json
}

procedure response_time(url: string) "GET a URL and return how long the request took (fails on a status of 400 or more)" {
    let r = http GET ${url} timeout ${30s}
    return r.duration
}
