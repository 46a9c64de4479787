import Foundation
import Logging
import MunicipalityGenerator
import Shared

/// Streams the generated school year into IntakeService: the days up to yesterday at bulk speed,
/// then each new day once it is over (Intake takes no future dates) — through the Kafka feed and
/// the HTTP API — and remembers how far it got.
struct DayStreamer {
    let stack: StackAddresses
    let sourceSystem: String
    let secondsPerDay: Double
    let municipality: Municipality
    /// Load the days up to yesterday at bulk speed before streaming live (DEMO_BULK=0 streams every day at the pace).
    var bulk = true
    let http = DemoHTTPClient()

    var progressPath: String { "\(stack.runDirectory)/demo/progress.json" }
    var municipalityName: String {
        let options = municipality.options
        return "seed \(options.seed), \(options.schools) schools, \(options.pupils) pupils, \(municipality.schoolYear.name)"
    }

    func run() async throws {
        var logger = Logger(label: "demo")
        logger.logLevel = .error
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: stack.kafkaBootstrap, clientID: sourceSystem)), logger: logger)
        var progress = StreamProgress.load(from: progressPath, municipality: municipalityName)
        if progress.daysSent > 0 { say("  continuing after \(municipality.schoolDays[progress.daysSent - 1]) (\(progress.daysSent) school days sent before)") }
        try await load(upToYesterday: &progress, producer: producer)
        var caughtUp = false
        while true {
            let last = lastDayToSend()
            if progress.daysSent > last {
                if !caughtUp {
                    say(progress.daysSent >= municipality.schoolDays.count
                          ? "  the school year \(municipality.schoolYear.name) is streamed to its end"
                          : "  caught up with today: the next school day is sent when it is over")
                    caughtUp = true
                }
                try await Task.sleep(for: .seconds(60))
                continue
            }
            caughtUp = false
            let started = ContinuousClock.now
            let counts = try await send(days: progress.daysSent..<(progress.daysSent + 1), producer: producer)
            progress.daysSent += 1
            try progress.save(to: progressPath)
            say("\(counts.line(municipality))  (sent in \(Self.seconds(ContinuousClock.now - started)) s)")
            let pause = Duration.seconds(secondsPerDay) - (ContinuousClock.now - started)
            if pause > .zero { try await Task.sleep(for: pause) }
        }
    }

    /// The last school day that is over (Intake takes no future dates).
    func lastDayToSend() -> Int {
        let yesterday = SchoolDate(dayNumber: Self.todayInDenmark().dayNumber - 1)
        return municipality.lastSchoolDayIndex(onOrBefore: yesterday) ?? -1
    }

    /// The school year up to yesterday at bulk speed, through the same feed and API as the live days:
    /// several days per request (each school's batch within Intake's item limit), so every rule and
    /// mail path runs, in minutes instead of a day every few seconds.
    func load(upToYesterday progress: inout StreamProgress, producer: KafkaProducer) async throws {
        let last = lastDayToSend()
        guard bulk, last - progress.daysSent >= 1 else { return }
        let total = last + 1 - progress.daysSent
        say("  loading the school year up to \(municipality.schoolDays[last]) at bulk speed: \(total) school days")
        let started = ContinuousClock.now
        var registrations = 0
        while progress.daysSent <= last {
            let days = chunk(from: progress.daysSent, through: last)
            let counts = try await send(days: days, producer: producer)
            registrations += counts.registrations
            progress.daysSent = days.upperBound
            try progress.save(to: progressPath)
            let elapsed = ContinuousClock.now - started
            let done = progress.daysSent - (last + 1 - total)
            say("  \(municipality.schoolDays[days.upperBound - 1])  \(done) of \(total) days (\(done * 100 / total) %), "
                + "\(registrations) registrations, \(Int(Double(registrations) / max(0.001, Self.seconds(elapsed)))) per second")
        }
        say("  the school year is loaded up to \(municipality.schoolDays[last]) in \(Self.seconds(ContinuousClock.now - started)) s;"
            + " Screening, Planning and Notification are working through it")
        try await PipelineWatch().waitUntilCaughtUp()
        let sinceStart = ProcessInfo.processInfo.environment["DEMO_STARTED_AT"].flatMap(Double.init)
            .map { ", \(Int(Date().timeIntervalSince1970 - $0)) s after the build" } ?? ""
        say("  ready: the inbox shows the school year up to \(municipality.schoolDays[last])\(sinceStart)")
    }

    /// Consecutive days from `first` whose registrations stay within Intake's batch limit for every school.
    func chunk(from first: Int, through last: Int) -> Range<Int> {
        let perSchoolDay = municipality.pupils.count / max(1, municipality.schools.count) * 2  // lesson-level schools send more
        let days = max(1, min(Self.maximumDaysPerBatch, Self.batchItems / max(1, perSchoolDay)))
        return first..<min(last + 1, first + days)
    }

    static let batchItems = 8_000
    static let maximumDaysPerBatch = 10

    struct Counts {
        var days: Range<Int>
        var registrations = 0
        var perChannel: [RegistrationChannel: Int] = [:]
        var absentDays = 0.0
        var corrections = 0

        func line(_ municipality: Municipality) -> String {
            let date = municipality.schoolDays[days.lowerBound]
            let weekday = ["man", "tir", "ons", "tor", "fre"][date.isoWeekday - 1]
            return "  \(date) \(weekday)  \(registrations) registrations (Kafka \(perChannel[.kafka] ?? 0), JSON \(perChannel[.json] ?? 0), CSV \(perChannel[.csv] ?? 0))"
                + "  \(Int(absentDays.rounded())) pupil-days absent" + (corrections > 0 ? ", \(corrections) corrections" : "")
        }
    }

    /// Sends school days, every school over its channel, at most four HTTP requests at a time.
    func send(days: Range<Int>, producer: KafkaProducer) async throws -> Counts {
        let registrations = days.flatMap { municipality.registrations(onDay: $0) }
        let bySchool = Dictionary(grouping: registrations, by: \.schoolId)
        var counts = Counts(days: days, registrations: registrations.count)
        var kafkaMessages: [KafkaProducerMessage] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for school in municipality.schools {
                let items = bySchool[school.schoolId] ?? []
                guard !items.isEmpty else { continue }
                let channel = RegistrationChannel.of(school)
                counts.perChannel[channel, default: 0] += items.count
                switch channel {
                case .kafka:
                    kafkaMessages += items.map {
                        // On the source's own topic, which names the source: the message need not.
                        KafkaProducerMessage(topic: FremmoedeTopic.sourceFeed(sourceSystem), key: $0.schoolId,
                                             value: Array(DemoHTTPClient.json($0.json(sourceSystem: nil))))
                    }
                case .json, .csv:
                    if running >= 4 { try await group.next(); running -= 1 }
                    let body = channel == .json ? DemoHTTPClient.json(items.map { $0.json(sourceSystem: nil) }) : RegistrationChannel.csv(items)
                    let contentType = channel == .json ? "application/json" : "text/csv; charset=utf-8"
                    group.addTask { [http, stack] in
                        _ = try await http.send("POST", "\(stack.intakeURL)/v1/registrations", body: body, contentType: contentType,
                                                bearer: stack.sourceKey)
                    }
                    running += 1
                }
            }
            if !kafkaMessages.isEmpty { _ = try await producer.send(kafkaMessages) }
            try await group.waitForAll()
        }
        counts.absentDays = registrations.filter { $0.status == .absent && !$0.isCorrection }.reduce(0.0) { $0 + $1.dayFraction }
        counts.corrections = registrations.filter(\.isCorrection).count
        return counts
    }

    static func seconds(_ duration: Duration) -> Double {
        (duration.seconds * 10).rounded() / 10
    }

    static func todayInDenmark(_ now: Date = Date()) -> SchoolDate {
        SchoolDate(now)
    }
}
