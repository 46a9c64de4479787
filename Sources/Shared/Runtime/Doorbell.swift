import Synchronization

/// Wakes one waiting loop early: `ring()` from anywhere, `wait(upTo:)` in the loop. A ring with
/// nobody waiting is kept for the next wait, so a ring is never missed; extra rings only cost the
/// loop an extra pass, which its work must tolerate anyway (it also wakes on the timeout).
public final class Doorbell: Sendable {
    private let state = Mutex<(rung: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    public init() {}

    public func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            state.rung = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns at the next ring (or at once, if one came since the last wait), or after `timeout`.
    public func wait(upTo timeout: Duration) async {
        let timer = Task { [weak self] in
            // Cancelled: the wait is over; a late ring here would wake the next wait for nothing.
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            self?.ring()
        }
        defer { timer.cancel() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ringing = state.withLock { state -> Bool in
                if state.rung {
                    state.rung = false
                    return true
                }
                state.waiter = continuation
                return false
            }
            if ringing { continuation.resume() }
        }
    }
}
