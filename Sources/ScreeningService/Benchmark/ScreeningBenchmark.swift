import Foundation
import Logging
import PostgresNIO
import Shared

/// `ScreeningService benchmark` (run by scripts/bench-screening): a generated municipality term
/// published on `attendance.ingested`, then consumed by one `EventProcessor` with `ScreeningBatchHandler` from the start
/// through aggregation, rule evaluation and commit — events/s; and, over the same registrations
/// in a table, the GROUP BY an analyst would run for the quarter rules — timed, and its pupils
/// compared with the concerns Screening raised.
enum ScreeningBenchmark {
    static func run(environment: [String: String]) async throws {
        func value(_ name: String) -> String {
            guard let value = environment[name] else { fatalError("\(name) must be set (scripts/bench-screening sets it)") }
            return value
        }
        var logger = Logger(label: "screening-benchmark")
        logger.logLevel = .warning
        var options = GeneratedTerm.Options()
        options.pupils = Int(environment["BENCH_PUPILS"] ?? "") ?? 45_000
        options.schoolDays = Int(environment["BENCH_DAYS"] ?? "") ?? 100
        options.schools = Int(environment["BENCH_SCHOOLS"] ?? "") ?? 20
        let batchSize = Int(environment["BENCH_BATCH"] ?? "") ?? 10_000
        let term = GeneratedTerm(options)
        print("generated municipality: \(options.schools) schools, \(options.pupils) pupils, \(options.schoolDays) school days (\(term.days.first!) … \(term.days.last!))")

        let kafka = KafkaConfiguration(bootstrapServers: value("KAFKA_BOOTSTRAP"), clientID: "screening-benchmark")
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka), logger: logger)
        let source = "/benchmark/screening"
        var messages = try term.calendars.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.schoolCalendar.rawValue) }
        messages += try term.pupils.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.pupilDirectory.rawValue) }
        let total = messages.count + (0..<term.days.count).reduce(0) { $0 + term.registrations(day: $1).count }
        var started = ContinuousClock.now
        let schema = "screening_bench"
        let database = try DatabaseConfiguration(url: value("DATABASE_URL"), schema: schema, maxConnections: 4)
        let postgres = PostgresClient(configuration: try database.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await postgres.run() }
            defer { group.cancelAll() }
            try await postgres.query("DROP SCHEMA IF EXISTS screening_bench CASCADE", logger: logger)
            _ = try await MigrationRunner(schema: schema, component: "screening", migrations: ScreeningServiceMigrations.all).run(on: postgres, logger: logger)

            let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
                kafka: kafka, groupID: "screening-benchmark-\(UUID().uuidString)", topics: ScreeningBatchHandler.topics.map(\.rawValue)), logger: logger)
            let processor = EventProcessor(name: ScreeningBatchHandler.consumerName, consumer: consumer, postgres: postgres, producer: producer,
                                           handler: ScreeningBatchHandler(consumer: consumer, source: source, logger: logger), logger: logger,
                                           maxBatch: batchSize)
            // The development broker keeps only a few MB per partition, so the term is published while it
            // is consumed, at most `window` events ahead — as school days arrive in real life.
            let progress = BenchmarkProgress()
            let window = 20_000
            let directory = messages
            let publisher = Task {
                var sent = 0
                _ = try await producer.send(directory)
                sent += directory.count
                for day in 0..<term.days.count {
                    let registrations = term.registrations(day: day)
                    while sent - progress.consumed > window { try await Task.sleep(for: .milliseconds(20)) }
                    _ = try await producer.send(try registrations.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.attendanceIngested.rawValue) })
                    sent += registrations.count
                }
                return registrations(term)
            }
            var consumed = 0
            var busy = Duration.zero
            var first: ContinuousClock.Instant?
            for try await batch in consumer.batches(maxMessages: batchSize) {
                if first == nil { first = .now }
                let start = ContinuousClock.now
                try await processor.process(batch)
                busy += ContinuousClock.now - start
                consumed += batch.count
                progress.consumed = consumed
                if consumed >= total { break }
            }
            let replay = ContinuousClock.now - first!
            await consumer.close()
            let absences = try await publisher.value
            let eventsPerSecond = Double(consumed) / busy.seconds

            started = .now
            try await postgres.query("CREATE TABLE analyst_registrations (pupil text, school text, day date, period text, status text, category text, fraction float8)", logger: logger)
            for chunk in stride(from: 0, to: absences.count, by: 50_000) {
                let part = absences[chunk..<min(chunk + 50_000, absences.count)]
                try await postgres.query("""
                    INSERT INTO analyst_registrations SELECT * FROM unnest(\(part.map(\.pupilKey))::text[], \(part.map(\.schoolId))::text[],
                        \(part.map(\.date.description))::date[], \(part.map(\.period.description))::text[], \(part.map(\.status.rawValue))::text[],
                        \(part.map { $0.absenceCategory?.rawValue ?? "" })::text[], \(part.map(\.dayFraction))::float8[])
                    """, logger: logger)
            }
            let loaded = ContinuousClock.now - started
            started = .now
            // The analyst's query: for each pupil and quarter, unauthorized absence against the
            // quarter's school days (the default reading) — who reached 10 % and 15 %.
            var analyst: [String: Set<String>] = ["unauthorized-quarter-warning": [], "unauthorized-quarter-report": []]
            let rows = try await postgres.query("""
                WITH day_absence AS (
                    SELECT pupil, day, LEAST(1, CASE WHEN bool_or(period = 'day') THEN 1 ELSE sum(fraction) END) AS share
                    FROM analyst_registrations WHERE status = 'absent' AND category = 'unauthorized' GROUP BY pupil, day),
                so_far AS (
                    SELECT p.pupil_key AS pupil, extract(year FROM c.day)::int || '-Q' || extract(quarter FROM c.day)::int AS quarter,
                           count(*) OVER q AS quarter_days, sum(coalesce(a.share, 0)) OVER w AS unauthorized
                    FROM pupils p JOIN school_days c ON c.school_id = p.school_id
                    LEFT JOIN day_absence a ON a.pupil = p.pupil_key AND a.day = c.day
                    WINDOW w AS (PARTITION BY p.pupil_key, date_trunc('quarter', c.day) ORDER BY c.day),
                           q AS (PARTITION BY p.pupil_key, date_trunc('quarter', c.day)))
                SELECT pupil || ' ' || quarter, max(unauthorized / quarter_days) FROM so_far WHERE quarter_days >= 10 GROUP BY pupil, quarter
                """, logger: logger)
            for try await (key, rate) in rows.decode((String, Double).self) {
                if rate >= 0.10 - 1e-9 { analyst["unauthorized-quarter-warning"]!.insert(key) }
                if rate >= 0.15 - 1e-9 { analyst["unauthorized-quarter-report"]!.insert(key) }
            }
            let analystTime = ContinuousClock.now - started
            var agree = true
            var screened: [String: Set<String>] = [:]
            for rule in analyst.keys.sorted() {
                var pupils: Set<String> = []
                for try await key in try await postgres.query("SELECT DISTINCT pupil_key || ' ' || period FROM concerns WHERE rule = \(rule)", logger: logger).decode(String.self) {
                    pupils.insert(key)
                }
                screened[rule] = pupils
                agree = agree && pupils == analyst[rule]
            }
            var concerns = 0
            for try await count in try await postgres.query("SELECT count(*) FROM concerns", logger: logger).decode(Int.self) { concerns = count }

            print("")
            print(String(format: "Screening, one instance: %d events consumed, aggregated, evaluated and committed: %.0f events/s while processing (%.1f s in batches; target ≥ 100,000/s)",
                         consumed, eventsPerSecond, busy.seconds))
            print(String(format: "  the whole term end to end, published and consumed side by side: %.1f s (target < 120 s)", replay.seconds))
            print("  concerns raised: \(concerns) (all rules); batch size \(batchSize)")
            print(String(format: "Analyst SQL: quarter rules over the same registrations in %.1f s (loading the %d non-present registrations took %.1f s more)",
                         analystTime.seconds, absences.count, loaded.seconds))
            for rule in analyst.keys.sorted() {
                print("  \(rule): analyst \(analyst[rule]!.count) pupil-quarters, Screening \(screened[rule]!.count)\(analyst[rule] == screened[rule] ? " — the same" : " — DIFFERENT")")
            }
            print(String(format: "ratio: Screening's processing takes %.2f× the analyst's query (which gives only the quarter rules, once, with no explanation)",
                         busy.seconds / analystTime.seconds))
            if !agree { throw EventProcessingError(description: "Screening and the analyst's SQL disagree") }
        }
    }
}

/// How far the benchmark's consumer has come, for the publisher's flow control.
final class BenchmarkProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    var consumed: Int {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}

/// The term's registrations that are not plain presence, for the analyst's table.
private func registrations(_ term: GeneratedTerm) -> [AttendanceIngested] {
    (0..<term.days.count).flatMap { term.registrations(day: $0).filter { $0.status != .present } }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
