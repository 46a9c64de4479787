import Foundation
import Logging
import MunicipalityGenerator
import PostgresNIO
import Shared

/// `scripts/bench-national`: one school day of all of Denmark (`NationalDay`: 700,000 pupils by
/// default, ~4.8 million lesson registrations) through one IntakeService's Kafka feed and one
/// ScreeningService (release builds on the bench stack). Prints the time until every pupil of the
/// day is judged, each service's throughput and the ratios to the day's morning peak.
@main
struct NationalBenchmark {
    static func main() async throws {
        let settings = try NationalSettings(ProcessInfo.processInfo.environment)
        var logger = Logger(label: "national-benchmark")
        logger.logLevel = .warning
        let generated = ContinuousClock.now
        let day = NationalDay(pupils: settings.pupils, date: lastWeekday(before: Date()), seed: settings.seed)
        let source = "national-\(UUID().uuidString.prefix(6).lowercased())"
        var registrations: [GeneratedRegistration] = []
        registrations.reserveCapacity(day.registrationCount)
        for lesson in 1...NationalDay.maxLessons { registrations += day.registrations(lesson: lesson) }
        let shape = DayShape(registrations)
        let sizes = Dictionary(grouping: day.pupils, by: \.schoolIndex).values.map(\.count)
        output("national day \(day.date): \(day.pupils.count) pupils in \(day.schools.count) schools (\(sizes.min() ?? 0)–\(sizes.max() ?? 0) pupils, "
            + "mean \(day.pupils.count / max(1, day.schools.count))), \(registrations.count) lesson registrations, "
            + "\(percent(shape.beforeNoon, of: registrations.count)) before noon; generated in \(seconds(ContinuousClock.now - generated)) s")
        output("  the morning peak: \(shape.busiestMinute) registrations in the busiest minute (\(shape.busiestMinuteStart) UTC) = "
            + "\(shape.busiestMinute / 60)/s for these pupils, \(shape.busiestMinute * 50_000 / 60 / day.pupils.count)/s for a municipality of 50,000")

        let postgres = PostgresClient(configuration: try DatabaseConfiguration(url: settings.databaseURL, schema: settings.screeningSchema, maxConnections: 2)
            .clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await postgres.run() }
            defer { group.cancelAll() }
            let counters = ServiceCounters(intake: settings.intakeOperationsURL, screening: settings.screeningOperationsURL)
            let setUp = NationalSetUp(settings: settings, day: day, source: source, counters: counters, postgres: postgres, logger: logger)
            let setUpStarted = ContinuousClock.now
            let key = try await setUp.registerSource()
            try await setUp.sendCalendars(key: key)
            try await setUp.sendPupils(key: key)
            try await setUp.awaitScreening()
            let topic = try await DevSourceFeed.open(source: source, partitions: 12, control: settings.brokerControl,
                                                     kafka: KafkaConfiguration(bootstrapServers: settings.kafkaBootstrap, clientID: "national-benchmark"),
                                                     logger: logger)
            output("set-up (not timed): source, \(day.schools.count) calendars and \(day.pupils.count) pupils through Intake's HTTP API, "
                + "held by Screening, in \(seconds(ContinuousClock.now - setUpStarted)) s")

            // Serialised before the clock starts: the sources' JSON work is not the services'.
            let messages = try registrations.map { registration in
                KafkaProducerMessage(topic: topic, key: Array(registration.pupilSourceId.utf8),
                                     value: Array(try JSONSerialization.data(withJSONObject: registration.json(sourceSystem: nil))))
            }
            registrations = []
            let loadBefore = loadAverage()
            progress("day: sending")
            let timing = try await DayStream(settings: settings, day: day, counters: counters, postgres: postgres,
                                         pupilsWithAbsence: shape.pupilsWithAbsence, logger: logger).run(messages)
            NationalReport(day: day, shape: shape, timing: timing, count: messages.count, loadBefore: loadBefore, loadAfter: loadAverage()).print()
        }
    }

    /// The last weekday before today (UTC): a past school day, as Intake requires.
    static func lastWeekday(before now: Date) -> SchoolDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var day = calendar.date(byAdding: .day, value: -1, to: now) ?? now
        while [1, 7].contains(calendar.component(.weekday, from: day)) {
            day = calendar.date(byAdding: .day, value: -1, to: day) ?? day
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        return SchoolDate(year: parts.year ?? 2026, month: parts.month ?? 1, day: parts.day ?? 1) ?? SchoolDate(dayNumber: 0)
    }
}

/// The day's shape from the registrations' `recordedAt`: the share before noon and the busiest minute.
struct DayShape {
    var beforeNoon = 0
    var busiestMinute = 0
    var busiestMinuteStart = ""
    var pupilsWithAbsence = 0

    init(_ registrations: [GeneratedRegistration]) {
        var perMinute: [Substring: Int] = [:]
        var absentOrLate: Set<Int> = []
        for registration in registrations {
            if registration.status != .present { absentOrLate.insert(registration.pupilIndex) }
            // 2026-12-04T07:03:15Z: the minute is the first 16 characters.
            perMinute[registration.recordedAt.prefix(16), default: 0] += 1
            if registration.lesson <= 4 { beforeNoon += 1 }
        }
        pupilsWithAbsence = absentOrLate.count
        if let busiest = perMinute.max(by: { $0.value < $1.value }) {
            busiestMinute = busiest.value
            busiestMinuteStart = String(busiest.key.dropFirst(11))
        }
    }
}

/// A line on stdout, unbuffered (print's buffer holds it back when stdout is a file).
func output(_ line: String) {
    FileHandle.standardOutput.write(Data("\(line)\n".utf8))
}

/// The 1-, 5- and 15-minute load averages, as `uptime` prints them.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: ", ")
}

func seconds(_ duration: Duration) -> String { String(format: "%.1f", duration.seconds) }

func percent(_ part: Int, of whole: Int) -> String { String(format: "%.0f %%", 100 * Double(part) / Double(max(1, whole))) }
