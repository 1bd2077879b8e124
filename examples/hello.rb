runbook "Hello, runbook"
"""
A first runbook: parameters, a section, steps, a check and a procedure.
Run it with `runbook exec examples/hello.rb -p name=you`.
"""

param name: string = "world" "Who to greet"
param times: int = 2 "How many greetings"
param mood: "calm" | "urgent" = "calm"

let greeting = mood == "urgent" ? "HELLO" : "Hello"

procedure greet(who: string, n: int = 1) "Greet someone n times" {
    let out = []
    for i in split(trim(" 1 2 3 4 5 6 7 8 9 "), " ") {
        if int(i) <= n {
            set out = out + ["${greeting}, ${who}! (${i})"]
        }
    }
    return out
}

section "Greetings" {
    step "Say hello" {
        """Prints one greeting per line."""
        for line in greet(name, times) {
            log line
        }
    }

    check "Greeting is well formed" {
        let first = greet(name)[0]
        expect first =~ /^(Hello|HELLO), (?<who>.+)! \(1\)$/
        expect captures.who == name
    }
}

step "Summary" {
    log "greeted ${name} ${times} times in a ${mood} mood"
}
