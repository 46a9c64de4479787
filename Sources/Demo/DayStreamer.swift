import Foundation
import Logging
import MunicipalityGenerator
import Shared

/// Streams the generated school year into IntakeService as its school days go by — a school day
/// every few seconds until today, then each new day once it is over (Intake takes no future
/// dates) — through the Kafka feed and the HTTP API, and remembers how far it got.
struct DayStreamer {
    let stack: StackAddresses
    let sourceSystem: String
    let secondsPerDay: Double
    let municipality: Municipality
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
            kafka: KafkaConfiguration(bootstrapServers: stack.kafkaBootstrap, clientID: "demo-skolesystem")), logger: logger)
        var progress = StreamProgress.load(from: progressPath, municipality: municipalityName)
        if progress.daysSent > 0 { say("  continuing after \(municipality.schoolDays[progress.daysSent - 1]) (\(progress.daysSent) school days sent before)") }
        var caughtUp = false
        while true {
            let yesterday = SchoolDate(dayNumber: Self.todayInDenmark().dayNumber - 1)
            let last = municipality.lastSchoolDayIndex(onOrBefore: yesterday) ?? -1
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
            let counts = try await send(day: progress.daysSent, producer: producer)
            progress.daysSent += 1
            try progress.save(to: progressPath)
            let took = (ContinuousClock.now - started).components
            say("\(counts)  (sent in \(took.seconds).\(took.attoseconds / 100_000_000_000_000_000) s)")
            let pause = Duration.seconds(secondsPerDay) - (ContinuousClock.now - started)
            if pause > .zero { try await Task.sleep(for: pause) }
        }
    }

    /// Sends one school day, every school over its channel; answers a line for the console.
    func send(day dayIndex: Int, producer: KafkaProducer) async throws -> String {
        let registrations = municipality.registrations(onDay: dayIndex)
        let bySchool = Dictionary(grouping: registrations, by: \.schoolId)
        var perChannel: [RegistrationChannel: Int] = [:]
        var kafkaMessages: [KafkaProducerMessage] = []
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for school in municipality.schools {
                let items = bySchool[school.schoolId] ?? []
                guard !items.isEmpty else { continue }
                let channel = RegistrationChannel.of(school)
                perChannel[channel, default: 0] += items.count
                switch channel {
                case .kafka:
                    kafkaMessages += items.map {
                        KafkaProducerMessage(topic: FremmoedeTopic.attendanceRegistrations.rawValue, key: $0.schoolId,
                                             value: Array(DemoHTTPClient.json($0.json(sourceSystem: sourceSystem))))
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
        let date = municipality.schoolDays[dayIndex]
        let absent = registrations.filter { $0.status == .absent && !$0.isCorrection }.reduce(0.0) { $0 + $1.dayFraction }
        let corrections = registrations.filter(\.isCorrection).count
        let weekday = ["man", "tir", "ons", "tor", "fre"][date.isoWeekday - 1]
        return "  \(date) \(weekday)  \(registrations.count) registrations (Kafka \(perChannel[.kafka] ?? 0), JSON \(perChannel[.json] ?? 0), CSV \(perChannel[.csv] ?? 0))"
            + "  \(Int(absent.rounded())) pupil-days absent" + (corrections > 0 ? ", \(corrections) corrections" : "")
    }

    static func todayInDenmark(_ now: Date = Date()) -> SchoolDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Europe/Copenhagen")!, from: now)
        return SchoolDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
