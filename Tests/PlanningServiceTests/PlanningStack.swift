import Foundation
import Logging
import TestSupport
import XCTest
@testable import PlanningService
@testable import Shared

/// Talks to the PlanningService of the running test stack (scripts/test) as signed-in staff, publishes
/// what Intake and Screening would, reads back what Planning produces, and records every exchange for
/// the OpenAPI check.
final class PlanningStack: @unchecked Sendable {
    let url: String
    let bootstrap: String
    let issuer: StaffTokenIssuer
    let producer: KafkaProducer
    /// Every request and answer, for the OpenAPI check.
    private let exchanges = ExchangeRecorder()

    init() throws {
        url = try TestStack.value("PLANNING_URL")  // without the test stack this fails, never skips
        bootstrap = try TestStack.kafkaBootstrap
        issuer = try StaffTokenIssuer.development()
        var logger = Logger(label: "planning-tests")
        logger.logLevel = .error
        producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "planning-tests"), messageTimeout: .seconds(30)), logger: logger)
    }

    static func tag() -> String { UUID().uuidString.prefix(8).lowercased() }

    /// A pseudonymous pupil key of the production shape (base32).
    static func pupilKey() -> String { TestStack.pupilKey() }

    func staff(_ id: String, _ roles: Set<StaffRole>, schools: Set<String>, wide: Bool = false) -> StaffPrincipal {
        StaffPrincipal(staffId: id, name: "Medarbejder \(id)", email: "\(id)@kommune.dk", roles: roles, schoolIds: schools, isMunicipalityWide: wide)
    }

    typealias Reply = TestReply

    /// Puts `staff` into the staff register, as the administrator's import of the staff directory
    /// does: a case team takes only known staff members.
    func known(_ staff: [StaffPrincipal]) async throws {
        let admin = self.staff("staff-import", [.municipalityAdmin], schools: [], wide: true)
        let reply = try await send("POST", "/v1/admin/staff", as: admin,
                                   body: ["staff": staff.map { ["staffId": $0.staffId, "name": $0.name, "email": $0.email] }])
        XCTAssertEqual(reply.status, 200, reply.text)
    }

    @discardableResult
    func send(_ method: String, _ path: String, as staff: StaffPrincipal?, body: Any? = nil, ifMatch: String? = nil) async throws -> Reply {
        let bearer: String? = if let staff { try await issuer.token(for: staff) } else { nil }
        let reply = try await TestHTTP.send(method, url + path, json: body, bearer: bearer, headers: ifMatch.map { ["If-Match": $0] } ?? [:])
        exchanges.record(method, path, request: body, reply: reply)
        return reply
    }

    /// Writes the recorded exchanges and checks them against openapi/planning.yaml.
    func checkOpenAPI() throws -> (status: Int32, output: String) { try exchanges.check(against: "planning.yaml") }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func publish(_ payloads: [any EventPayload]) async throws {
        let messages = try payloads.map { payload -> KafkaProducerMessage in
            let event = try CloudEvent(payload, source: "/fremmoede/tests")
            return event.kafkaMessage(topic: event.topic!)
        }
        _ = try await producer.send(messages)
    }

    /// Publishes a concern of `rule` for `pupil` at `school`, waits until it is in the inbox and opens a
    /// case on it as `triager` with `team`; the case and the concern.
    func openCase(rule: String, pupil: String, school: String, by triager: StaffPrincipal, team: [[String: Any]],
                  meetingCadenceDays: Int? = nil) async throws -> (caseId: String, concernId: String) {
        let now = Date()
        let today = SchoolDate(moment: now, in: TimeZone(identifier: "Europe/Copenhagen") ?? .current)
        let concern = ConcernRaised(concernId: "c-\(Self.tag())", pupilKey: pupil, schoolId: school, origin: .rule, rule: rule,
                                    windowStart: today, windowEnd: today, period: today.quarterKey, raisedAt: now)
        try await publish([concern])
        try await eventually("the concern is in the inbox") {
            try await send("GET", "/v1/concerns/\(concern.concernId)", as: triager).status == 200
        }
        let etag = try await send("GET", "/v1/concerns/\(concern.concernId)", as: triager).etag
        var body: [String: Any] = ["decision": "open-case", "team": team]
        body["meetingCadenceDays"] = meetingCadenceDays
        let opened = try await send("POST", "/v1/concerns/\(concern.concernId)/triage", as: triager, body: body, ifMatch: etag)
        XCTAssertEqual(opened.status, 200, opened.text)
        return (try XCTUnwrap(opened.json["caseId"] as? String, opened.text), concern.concernId)
    }

    /// Waits until `condition` holds (Planning consumes asynchronously).
    func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        try await TestStack.eventually(what, timeout: timeout, condition)
    }

    /// Events of `topics` whose data mentions `marker`, read from the beginning until `count` arrived.
    func events(_ topics: [FremmoedeTopic], mentioning marker: String, atLeast count: Int, timeout: Duration = .seconds(30)) async throws -> [CloudEvent] {
        var logger = Logger(label: "planning-tests")
        logger.logLevel = .error
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "planning-tests"), groupID: "planning-tests-\(UUID())",
            topics: topics.map(\.rawValue), sessionTimeout: .seconds(6)), logger: logger)
        var found: [CloudEvent] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline && found.count < count {
            for message in try await consumer.poll(maxMessages: 2000, maxWait: .milliseconds(200)) {
                if String(decoding: message.value, as: UTF8.self).contains(marker), let event = try? CloudEvent(message) { found.append(event) }
            }
        }
        // A moment more, so that extra events show.
        for message in try await consumer.poll(maxMessages: 2000, maxWait: .milliseconds(800)) {
            if String(decoding: message.value, as: UTF8.self).contains(marker), let event = try? CloudEvent(message) { found.append(event) }
        }
        await consumer.close()
        return found
    }

    /// Runs scripts/check_event_schemas.py over `events`.
    static func checkSchemas(_ events: [CloudEvent]) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("planning-events-\(UUID()).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = try events.map { event -> String in
            let object: [String: Any] = ["type": event.type, "data": try JSONSerialization.jsonObject(with: Data(event.data))]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        return try run(["python3", root.appendingPathComponent("scripts/check_event_schemas.py").path, file.path])
    }
}
