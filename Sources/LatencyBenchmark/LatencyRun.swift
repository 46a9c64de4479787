import Foundation
import Logging
import MunicipalityGenerator
import Shared

/// One run of the latency benchmark: set-up, the load with its probes, the measurement.
struct LatencyRun: Sendable {
    let settings: LatencySettings
    let logger: Logger
    let run = String(UUID().uuidString.prefix(6)).lowercased()

    var probeSchool: String { "lat\(run)-probe" }
    var probeMailbox: String { "probe@lat\(run).test" }

    func execute() async throws {
        let today = Self.today()
        let year = DanishSchoolYear(startYear: DanishSchoolYear.startYear(containing: today))
        let past = year.schoolDays.filter { $0 < today }
        guard let plan = ProbePlan(schoolDays: year.schoolDays, past: past) else { throw LatencyError("no quarter of this school year has enough school days yet") }
        let probeDate = plan.probeDay
        let backgroundSchools = (1...10).map { "lat\(run)-\($0 < 10 ? "0" : "")\($0)" }
        let pupilsPerSchool = max(1, settings.rate / backgroundSchools.count)
        let probes = settings.seconds * settings.probesPerSecond
        say("LatencyBenchmark: \(settings.rate) registrations/s on the Kafka feed for \(settings.seconds) s (\(backgroundSchools.count) schools × \(pupilsPerSchool) pupils, a school day a second), \(probes) probes over HTTP, each the unauthorized day that reaches the \(plan.earlierDays.count + 1) days the quarter allows before the warning (10 % of its \(plan.quarterSchoolDays) school days), on \(probeDate)")

        let client = LatencyHTTP()
        let key = try await client.registerSource("lat\(run)", schools: backgroundSchools + [probeSchool], settings: settings)
        for school in backgroundSchools + [probeSchool] {
            try await client.expect(200, "PUT", "\(settings.intakeURL)/v1/schools/\(school)/calendar", json: [
                "schoolName": school, "schoolYear": year.name, "schoolDays": year.schoolDays.map(\.description), "lessonsPerDay": 6,
            ], bearer: key)
        }
        let directory = try consumer(.pupilDirectory)
        let raised = try consumer(.concernRaised)
        _ = try await directory.poll(maxMessages: 1, maxWait: .seconds(2))
        _ = try await raised.poll(maxMessages: 1, maxWait: .seconds(2))
        let enrolled = SchoolDate(year: year.startYear - 1, month: 8, day: 1)!.description
        var pupils: [[String: Any]] = []
        for (index, school) in backgroundSchools.enumerated() {
            for number in 0..<pupilsPerSchool {
                pupils.append(["sourceId": "lat\(run)-\(index)-\(number)", "givenName": "Elev", "familyName": "Baggrund", "schoolId": school,
                               "className": "5A", "grade": 5, "enrolledFrom": enrolled])
            }
        }
        for number in 0..<probes {
            pupils.append(["sourceId": "lat\(run)-p\(number)", "givenName": "Elev", "familyName": "Probe\(number)", "schoolId": probeSchool,
                           "className": "5A", "grade": 5, "enrolledFrom": enrolled])
        }
        for start in stride(from: 0, to: pupils.count, by: 5_000) {
            try await client.expect(200, "POST", "\(settings.intakeURL)/v1/pupils", json: Array(pupils[start..<min(start + 5_000, pupils.count)]), bearer: key)
        }
        try await client.addRoutingRule(school: probeSchool, mailbox: probeMailbox, settings: settings)
        // The source's own topic for the background, read by Intake before the load starts.
        let feed = try await DevSourceFeed.open(source: "lat\(run)", partitions: 12, control: settings.brokerControl,
                                                kafka: KafkaConfiguration(bootstrapServers: settings.kafkaBootstrap, clientID: "latency-background"), logger: logger)
        let probeKeys = try await collectProbeKeys(directory, count: probes)
        await directory.close()
        // Each probe pupil's earlier unauthorized days of the quarter, one short of the warning's count.
        let summaries = try consumer(.absenceSummary)
        _ = try await summaries.poll(maxMessages: 1, maxWait: .seconds(2))
        let earlier = (0..<probes).flatMap { number in
            plan.earlierDays.map { day -> [String: Any] in
                ["sourceRegistrationId": "probe-\(number)-\(day)", "pupilSourceId": "lat\(run)-p\(number)", "schoolId": probeSchool,
                 "date": day.description, "status": "absent", "absenceCategory": "unauthorized", "recordedAt": "\(day)T08:05:00Z"]
            }
        }
        for start in stride(from: 0, to: earlier.count, by: 5_000) {
            try await client.expect(200, "POST", "\(settings.intakeURL)/v1/registrations", json: Array(earlier[start..<min(start + 5_000, earlier.count)]), bearer: key)
        }
        try await waitForSummaries(summaries, pupils: Set(probeKeys.values), unauthorizedDays: Double(plan.earlierDays.count))
        await summaries.close()
        say("set up: \(pupils.count) pupils; each probe pupil has \(plan.earlierDays.count) unauthorized days in the quarter, in Screening's figures")

        // The load and the probes side by side; the watchers record when each concern and e-mail is seen.
        let watcher = LatencyWatcher(maildir: settings.maildir, mailbox: probeMailbox)
        let watching = Task { try await watcher.watch(raised) }
        let started = ContinuousClock.now
        async let background = sendBackground(to: feed, schools: backgroundSchools, pupilsPerSchool: pupilsPerSchool, days: past, started: started)
        async let accepted = sendProbes(count: probes, date: probeDate, key: key, client: client, started: started)
        let (sent, acceptedAt) = try await (background, accepted)
        let loadSeconds = (ContinuousClock.now - started) / .seconds(1)
        try await watcher.waitFor(concerns: Set(probeKeys.values), timeout: .seconds(60))
        watching.cancel()
        await raised.close()

        var toConcern: [Double] = []
        var toMail: [Double] = []
        for (number, accepted) in acceptedAt {
            guard let pupilKey = probeKeys[number], let concern = await watcher.concern(pupilKey: pupilKey, rule: "unauthorized-quarter-warning") else { continue }
            toConcern.append(Self.milliseconds(concern.seen - accepted))
            if let mail = await watcher.mailSeen(concernId: concern.concernId) { toMail.append(Self.milliseconds(mail - accepted)) }
        }
        say("background: \(sent) registrations in \(String(format: "%.1f", loadSeconds)) s = \(Int(Double(sent) / loadSeconds))/s on the Kafka feed")
        say("probes accepted: \(acceptedAt.count) of \(probes); concerns seen: \(toConcern.count); e-mails seen: \(toMail.count)")
        say("accepted → concern.raised:  \(Percentiles(toConcern).line)   (target p99 ≤ 500 ms)")
        say("accepted → e-mail in sink:  \(Percentiles(toMail).line)   (target p99 ≤ 2000 ms)")
    }

    private func consumer(_ topic: FremmoedeTopic) throws -> KafkaConsumer {
        try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: settings.kafkaBootstrap, clientID: "latency-benchmark", fetchWait: settings.fetchWait),
            groupID: "latency-\(run)-\(topic.rawValue)", topics: [topic.rawValue]), logger: logger)
    }

    /// Probe number → pupil key, from the pupil directory Intake publishes.
    private func collectProbeKeys(_ directory: KafkaConsumer, count: Int) async throws -> [Int: String] {
        var keys: [Int: String] = [:]
        let deadline = ContinuousClock.now + .seconds(120)
        while keys.count < count, ContinuousClock.now < deadline {
            for message in try await directory.poll(maxMessages: 5_000, maxWait: .milliseconds(200)) {
                guard let entry = try? CloudEvent(message).decode(PupilDirectoryEntry.self), entry.schoolId == probeSchool,
                      let number = Int(entry.familyName.dropFirst("Probe".count)) else { continue }
                keys[number] = entry.pupilKey
            }
        }
        guard keys.count == count else { throw LatencyError("only \(keys.count) of \(count) probe pupils appeared on pupil.directory") }
        return keys
    }

    /// A school day a second for every background pupil, in ten slices a second, on the source's topic.
    private func sendBackground(to feed: String, schools: [String], pupilsPerSchool: Int, days: [SchoolDate], started: ContinuousClock.Instant) async throws -> Int {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: settings.kafkaBootstrap, clientID: "latency-background")), logger: logger)
        var sent = 0
        let slices = 10
        for second in 0..<settings.seconds {
            let date = days[second % days.count]
            let pupils = schools.enumerated().flatMap { index, school in (0..<pupilsPerSchool).map { (index, school, $0) } }
            for slice in 0..<slices {
                let due = started + .milliseconds(second * 1_000 + slice * 1_000 / slices)
                if due > .now { try await Task.sleep(until: due) }
                let part = pupils[(slice * pupils.count / slices)..<((slice + 1) * pupils.count / slices)]
                let messages = part.map { index, school, number -> KafkaProducerMessage in
                    let absent = (number + second * 7) % 50 == 0  // 2 % ill
                    var object: [String: Any] = [
                        "sourceRegistrationId": "bg-\(index)-\(number)-\(date)", "pupilSourceId": "lat\(run)-\(index)-\(number)",
                        "schoolId": school, "date": date.description, "status": absent ? "absent" : "present", "recordedAt": "\(date)T07:50:00Z",
                    ]
                    if absent { object["absenceCategory"] = "illness" }
                    return KafkaProducerMessage(topic: feed, key: school,
                                                value: Array(try! JSONSerialization.data(withJSONObject: object)))
                }
                _ = try await producer.send(messages)
                sent += messages.count
            }
        }
        return sent
    }

    /// The probes, evenly spread; answers when Intake accepted each (its HTTP answer).
    private func sendProbes(count: Int, date: SchoolDate, key: String, client: LatencyHTTP, started: ContinuousClock.Instant) async throws -> [Int: ContinuousClock.Instant] {
        var accepted: [Int: ContinuousClock.Instant] = [:]
        for number in 0..<count {
            let due = started + .milliseconds(500 + number * 1_000 / settings.probesPerSecond)
            if due > .now { try await Task.sleep(until: due) }
            try await client.expect(200, "POST", "\(settings.intakeURL)/v1/registrations", json: [[
                "sourceRegistrationId": "probe-\(number)", "pupilSourceId": "lat\(run)-p\(number)", "schoolId": probeSchool,
                "date": date.description, "status": "absent", "absenceCategory": "unauthorized", "recordedAt": "\(date)T08:05:00Z",
            ]], bearer: key)
            accepted[number] = .now
        }
        return accepted
    }

    /// The tenth school day of the latest quarter that has ten school days among `days`.
    /// Waits until Screening's summary of every probe pupil shows the earlier days.
    private func waitForSummaries(_ summaries: KafkaConsumer, pupils: Set<String>, unauthorizedDays: Double) async throws {
        var waiting = pupils
        let deadline = ContinuousClock.now + .seconds(180)
        while !waiting.isEmpty, ContinuousClock.now < deadline {
            for message in try await summaries.poll(maxMessages: 5_000, maxWait: .milliseconds(200)) {
                guard let summary = try? CloudEvent(message).decode(AbsenceSummary.self), waiting.contains(summary.pupilKey),
                      summary.quarter.unauthorized * Double(summary.quarter.schoolDays) >= unauthorizedDays - 0.01 else { continue }
                waiting.remove(summary.pupilKey)
            }
        }
        guard waiting.isEmpty else { throw LatencyError("\(waiting.count) probe pupils' earlier days did not reach Screening's summaries") }
    }

    static func today() -> SchoolDate {
        SchoolDate(Date())
    }

    static func milliseconds(_ duration: Duration) -> Double {
        duration.seconds * 1_000
    }
}

func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
