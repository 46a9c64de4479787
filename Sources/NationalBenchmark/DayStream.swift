import Foundation
import Logging
import MunicipalityGenerator
import PostgresNIO
import Shared

/// The timed part: the day's registrations on the source's own Kafka topic, in the order they are
/// made, no further ahead of Screening than the window; then Intake's and Screening's counters
/// until both have taken them all, and Screening's stored days until every pupil's day holds every
/// lesson.
struct DayStream {
    let settings: NationalSettings
    let day: NationalDay
    let counters: ServiceCounters
    let postgres: PostgresClient
    /// Pupils absent or late in at least one lesson: those Screening stores a day for.
    let pupilsWithAbsence: Int
    let logger: Logger

    struct Timing {
        var start: ServiceCounters.Reading
        var intakeDone: ServiceCounters.Reading
        var screeningDone: ServiceCounters.Reading
        /// Screening's inbox holds every registration of the day and its pupil_days every pupil absent or late.
        var judged: ContinuousClock.Instant
        var sendSeconds: Double
        var claimed: Int
        var storedDays: Int
    }

    func run(_ messages: [KafkaProducerMessage]) async throws -> Timing {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: settings.kafkaBootstrap, clientID: "national-benchmark",
                                      extraProperties: ["queue.buffering.max.messages": "1000000"]),
            linger: .milliseconds(20)), logger: logger)
        let total = messages.count
        let start = try await counters.read()
        var latest = start
        var intakeDone: ServiceCounters.Reading?
        func observe() async throws {
            latest = try await counters.read()
            if intakeDone == nil, latest.intakeAccepted + latest.intakeRejected - start.intakeAccepted - start.intakeRejected >= total { intakeDone = latest }
        }
        let chunk = 10_000
        var sent = 0
        while sent < total {
            while sent - (latest.screeningConsumed - start.screeningConsumed) > settings.window - chunk {
                try await Task.sleep(for: .milliseconds(20))
                try await observe()
            }
            _ = try await producer.send(Array(messages[sent..<min(sent + chunk, total)]))
            sent = min(sent + chunk, total)
            if sent % 500_000 < chunk { progress("day: \(sent) of \(total) sent, \(String(format: "%.0f", (ContinuousClock.now - start.at).seconds)) s") }
        }
        let sendSeconds = (ContinuousClock.now - start.at).seconds
        while latest.screeningConsumed - start.screeningConsumed < total || intakeDone == nil {
            try await Task.sleep(for: .milliseconds(50))
            try await observe()
            if latest.intakeRejected > start.intakeRejected {
                throw NationalBenchmarkError("Intake refused \(latest.intakeRejected - start.intakeRejected) registrations (see attendance.rejected)")
            }
        }
        let screeningDone = latest
        while true {
            let (claimed, stored) = try await screeningStorage()
            if claimed >= total && stored >= pupilsWithAbsence, let intakeDone {
                if latest.screeningDeadLettered > start.screeningDeadLettered {
                    throw NationalBenchmarkError("Screening dead-lettered \(latest.screeningDeadLettered - start.screeningDeadLettered) events")
                }
                return Timing(start: start, intakeDone: intakeDone, screeningDone: screeningDone, judged: .now, sendSeconds: sendSeconds,
                              claimed: claimed, storedDays: stored)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// What Screening committed: the day's registrations claimed in its inbox, and the pupils with a
    /// stored day (only a day with absence or lateness is stored; a plain presence is the calendar's).
    /// A batch's inbox claims, evaluations and stored days commit in one transaction, and every pupil
    /// whose registrations a batch applied is evaluated in that batch (`ScreeningEngine`).
    func screeningStorage() async throws -> (Int, Int) {
        let schema = settings.screeningSchema
        let rows = try await postgres.query("""
            SELECT (SELECT count(*) FROM \(unescaped: schema).inbox WHERE consumer = 'screening' AND topic = 'attendance.ingested')::int,
                   (SELECT count(*) FROM \(unescaped: schema).pupil_days WHERE day = \(day.date.description)::date)::int
            """, logger: logger)
        for try await (pupils, lessons) in rows.decode((Int, Int).self) { return (pupils, lessons) }
        return (0, 0)
    }
}
