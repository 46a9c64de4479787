/// How long to wait before the next try of an e-mail: exponential (base · 2^(tries−1)) up to a
/// ceiling, with "equal jitter" — half the delay fixed, half random — so that many e-mails that
/// failed together (the relay was down) do not all come back in the same second.
struct RetryBackoff: Sendable {
    var base: Duration
    var ceiling: Duration

    /// The delay after `attempt` failed tries (1 = the first try failed). `random` gives a number in 0…1.
    func delay(afterAttempt attempt: Int, random: () -> Double) -> Duration {
        let exponent = min(max(attempt - 1, 0), 40)
        let full = min(base * Double(1 << min(exponent, 30)), ceiling)
        let half = full / 2
        return half + half * min(max(random(), 0), 1)
    }

    func delay(afterAttempt attempt: Int) -> Duration {
        delay(afterAttempt: attempt) { Double.random(in: 0...1) }
    }
}
