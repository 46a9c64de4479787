import Foundation
import Logging
import MunicipalityGenerator
import Shared

/// Latency through the whole system on one machine (scripts/bench-latency starts the stack):
/// a steady background of registrations on IntakeService's Kafka feed (5,000/s by default), and
/// among them probe registrations over HTTP, each the one unauthorized day that takes its pupil to
/// the count of days the quarter allows before the warning to the parents (`ProbePlan`): a legal
/// duty, so Notification mails it at once. For each probe: from Intake's answer to
/// the concern on `concern.raised`, and to the e-mail in the SMTP sink's Maildir. Prints p50, p90,
/// p99 and max of both, and the background rate reached.
///
///   BENCH_RATE=5000 BENCH_SECONDS=60 BENCH_PROBES_PER_SECOND=4 scripts/bench-latency
@main
struct LatencyBenchmark {
    static func main() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try LatencySettings(environment: environment)
        var logger = Logger(label: "latency-benchmark")
        logger.logLevel = .error
        let run = LatencyRun(settings: settings, logger: logger)
        try await run.execute()
    }
}
