import AsyncHTTPClient
import Foundation
import Logging
import MunicipalityGenerator
import PostgresNIO
import Shared

/// `scripts/bench-screening`: a generated municipality's term (`IngestedTerm`) published on
/// `attendance.ingested` as Intake would, consumed by the running ScreeningService (a release
/// build on the bench stack) — events per second of its processing (the service's own
/// `event_batches_seconds_total`), and end to end; then, over the same registrations in a table,
/// the query an analyst would write for the quarter rules, timed and compared with the concerns
/// Screening raised.
@main
struct ScreeningBenchmark {
    static func main() async throws {
        let settings = try BenchmarkSettings(ProcessInfo.processInfo.environment)
        var logger = Logger(label: "screening-benchmark")
        logger.logLevel = .warning
        let started = ContinuousClock.now
        let municipality = Municipality(MunicipalityOptions(schools: settings.schools, pupils: settings.pupils, seed: settings.seed, corrections: false))
        let term = IngestedTerm(municipality, keyPrefix: "bench", days: settings.days)
        print("generated municipality: \(settings.schools) schools, \(settings.pupils) pupils, \(term.days.count) school days "
            + "(\(term.days.first?.description ?? "–") … \(term.days.last?.description ?? "–")) in \(seconds(ContinuousClock.now - started)) s")

        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: settings.kafkaBootstrap, clientID: "screening-benchmark",
                                      extraProperties: ["queue.buffering.max.messages": "1000000"])), logger: logger)
        let metrics = ServiceMetrics(url: settings.operationsURL + "/metrics")
        let before = try await metrics.read()
        let source = "/benchmark/screening"
        var messages = try term.calendars.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.schoolCalendar.rawValue) }
        messages += try term.directory.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.pupilDirectory.rawValue) }

        // The development broker keeps only a few MB per partition: the term goes out while it is
        // consumed, at most `window` events ahead — as school days arrive in real life.
        let window = 40_000
        var sent = messages.count
        var absences: [AttendanceIngested] = []
        let first = ContinuousClock.now
        _ = try await producer.send(messages)
        for day in term.days.indices {
            let registrations = term.attendance(day: day)
            while try await sent - (metrics.read().consumed - before.consumed) > window { try await Task.sleep(for: .milliseconds(20)) }
            _ = try await producer.send(try registrations.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.attendanceIngested.rawValue) })
            sent += registrations.count
            absences += registrations.filter { $0.status == .absent }
        }
        var after = try await metrics.read()
        while after.consumed - before.consumed < sent {
            try await Task.sleep(for: .milliseconds(50))
            after = try await metrics.read()
        }
        let endToEnd = ContinuousClock.now - first
        let busy = after.busySeconds - before.busySeconds
        let consumed = after.consumed - before.consumed

        let postgres = PostgresClient(configuration: try DatabaseConfiguration(url: settings.databaseURL, schema: settings.schema, maxConnections: 2)
            .clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await postgres.run() }
            defer { group.cancelAll() }
            let analyst = try await AnalystQuery(postgres: postgres, schema: settings.schema, logger: logger)
            let loaded = try await analyst.load(absences)
            let (pupilQuarters, analystTime) = try await analyst.quarterRules()
            var agree = true
            var lines: [String] = []
            for rule in pupilQuarters.keys.sorted() {
                let screened = try await analyst.concerns(rule: rule)
                agree = agree && screened == pupilQuarters[rule]
                lines.append("  \(rule): analyst \(pupilQuarters[rule]?.count ?? 0) pupil-quarters, Screening \(screened.count)"
                    + (screened == pupilQuarters[rule] ? " — the same" : " — DIFFERENT"))
            }
            let concerns = try await analyst.concernCount()
            print("")
            print("Screening, one instance (batches of \(settings.batch)): \(consumed) events consumed, aggregated, evaluated and committed: "
                + "\(Int(Double(consumed) / busy)) events/s while processing (\(seconds(busy)) s in batches; target ≥ 100,000/s)")
            print("  the whole term end to end, published and consumed side by side: \(seconds(endToEnd)) s (target < 60 s for 45,000 pupils × 100 days)")
            print("  concerns raised: \(concerns) (all rules)")
            print("Analyst SQL: quarter rules over the same registrations in \(seconds(analystTime)) s "
                + "(loading the \(absences.count) absences took \(seconds(loaded)) s more)")
            lines.forEach { print($0) }
            print("ratio: Screening's processing takes \(String(format: "%.2f", busy / value(analystTime)))× the analyst's query "
                + "(target ≤ 10×; the query gives only the quarter rules, once, with no explanation)")
            try await analyst.drop()
            if !agree { throw BenchmarkFailure(description: "Screening and the analyst's SQL disagree") }
        }
    }

    static func value(_ duration: Duration) -> Double { duration.seconds }
    static func seconds(_ duration: Duration) -> String { seconds(value(duration)) }
    static func seconds(_ value: Double) -> String { String(format: "%.1f", value) }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
}

/// What the benchmark is told (scripts/bench-screening sets the stack's part).
struct BenchmarkSettings {
    var kafkaBootstrap: String
    var databaseURL: String
    var operationsURL: String
    var schema: String
    var schools: Int
    var pupils: Int
    var days: Int
    var batch: Int
    var seed: UInt64

    init(_ environment: [String: String]) throws {
        func required(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else { throw BenchmarkFailure(description: "\(name) must be set (scripts/bench-screening sets it)") }
            return value
        }
        kafkaBootstrap = try required("KAFKA_BOOTSTRAP")
        databaseURL = try required("DATABASE_URL")
        operationsURL = try required("SCREENING_OPERATIONS_URL")
        schema = environment["SCREENING_SCHEMA"] ?? "screening"
        schools = Int(environment["BENCH_SCHOOLS"] ?? "") ?? 20
        pupils = Int(environment["BENCH_PUPILS"] ?? "") ?? 45_000
        days = Int(environment["BENCH_DAYS"] ?? "") ?? 100
        batch = Int(environment["BENCH_BATCH"] ?? "") ?? 10_000
        seed = UInt64(environment["BENCH_SEED"] ?? "") ?? 2026
    }
}

/// The service's progress from its Prometheus page: events consumed and seconds spent in batches.
struct ServiceMetrics {
    let url: String

    struct Reading {
        var consumed: Int
        var busySeconds: Double
    }

    func read() async throws -> Reading {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let text = String(buffer: try await response.body.collect(upTo: 16 << 20))
        return Reading(consumed: Int(value(text, "events_consumed_total{consumer=\"screening\"}") ?? 0),
                       busySeconds: value(text, "event_batches_seconds_total{consumer=\"screening\"}") ?? 0)
    }

    private func value(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series) {
            if let number = line.split(separator: " ").last.flatMap({ Double($0) }) { return number }
        }
        return nil
    }
}
