import Foundation
import Shared

/// Waits until Screening, Planning and Notification have worked through what the demo sent: the
/// sum of their consumers' lag (librdkafka's statistics, `kafka_consumer_lag` on each service's
/// operations port) is zero on consecutive looks — then the inbox shows the school year to yesterday.
struct PipelineWatch {
    /// The services' operations addresses (`*_OPERATIONS_URL` of .run/stack.env).
    let operations: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        var operations: [String: String] = [:]
        for service in ["SCREENING", "PLANNING", "NOTIFICATION"] {
            if let url = environment["\(service)_OPERATIONS_URL"], !url.isEmpty { operations[service.capitalized] = url }
        }
        self.operations = operations
    }

    /// Prints the lag every `every` while it falls; returns once it has been zero `settled` times in a row.
    func waitUntilCaughtUp(every: Duration = .seconds(5), settled: Int = 3) async throws {
        guard !operations.isEmpty else { return }
        var zeros = 0
        var lastPrinted = ContinuousClock.now - .seconds(60)
        while zeros < settled {
            try await Task.sleep(for: every)
            var lags: [String: Int] = [:]
            for (service, url) in operations { lags[service] = await lag(url) }
            let total = lags.values.reduce(0, +)
            zeros = total == 0 ? zeros + 1 : 0
            if total > 0, ContinuousClock.now - lastPrinted >= .seconds(15) {
                say("  still to process: " + lags.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + " events")
                lastPrinted = .now
            }
        }
    }

    /// The service's summed consumer lag; an unanswered look counts as not caught up.
    private func lag(_ url: String) async -> Int {
        guard let answer = try? await HTTPExchange.send("GET", "\(url)/metrics", timeout: .seconds(5)), answer.status == 200 else { return 1 }
        return Self.lag(metrics: answer.text)
    }

    /// The sum of `kafka_consumer_lag` samples in a Prometheus text exposition.
    static func lag(metrics: String) -> Int {
        metrics.split(separator: "\n").reduce(0) { sum, line in
            guard line.hasPrefix("kafka_consumer_lag"), let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { return sum }
            return sum + max(0, Int(value))
        }
    }
}
