import Foundation
import Logging
import TestSupport
import XCTest
@testable import Shared

/// Talks to the IntakeService of the running test stack (scripts/test) over HTTP and reads what
/// it publishes from the broker. Each test registers its own source and schools.
struct IntakeStack {
    let url: String
    let adminToken: String
    let bootstrap: String

    /// Without the test stack this fails (never skips).
    init() throws {
        url = try TestStack.value("INTAKE_URL")
        adminToken = try TestStack.value("INTAKE_ADMIN_TOKEN")
        bootstrap = try TestStack.kafkaBootstrap
    }

    typealias Reply = TestReply

    func send(_ method: String, _ path: String, body: Data?, contentType: String = "application/json", key: String?) async throws -> Reply {
        try await TestHTTP.send(method, url + path, data: body, contentType: contentType, bearer: key)
    }

    func json(_ object: Any) -> Data { TestHTTP.json(object) }

    /// A new source with its own schools (each with a calendar of the given days) and its key.
    func newSource(schools count: Int = 1, days: [String] = ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23"],
                   lessonsPerDay: Int = 6, prefix: String = "skole") async throws -> (key: String, schools: [String]) {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let schools = (0..<count).map { "\(prefix)-\(tag)-\($0)" }
        let source = try await TestHTTP.send("POST", url + "/v1/admin/sources", json: ["sourceSystem": "test-\(tag)", "schools": schools], bearer: adminToken)
        let key = try XCTUnwrap(source.json["apiKey"] as? String, source.text)
        for school in schools {
            let reply = try await send("PUT", "/v1/schools/\(school)/calendar", body: json([
                "schoolName": "Testskole \(school)", "schoolYear": "2026/27", "schoolDays": days, "lessonsPerDay": lessonsPerDay,
            ]), key: key)
            XCTAssertEqual(reply.status, 200, reply.text)
        }
        return (key, schools)
    }

    /// The source `newSource` registered for `school`.
    static func sourceSystem(of school: String) -> String { "test-\(school.split(separator: "-")[1])" }

    /// The raw-feed topic of the source of `school`, created on the broker.
    func feedTopic(of school: String) throws -> String { try TestStack.createSourceFeed(Self.sourceSystem(of: school)) }

    static func pupil(_ sourceId: String, school: String, given: String = "Åse", family: String = "Bøgh") -> [String: Any] {
        ["sourceId": sourceId, "givenName": given, "familyName": family, "schoolId": school, "className": "4B", "grade": 4,
         "enrolledFrom": "2022-08-08"]
    }

    static func registration(_ id: String, pupil: String, school: String, date: String = "2026-11-20", status: String = "absent",
                             category: String? = "unauthorized", recordedAt: String = "2026-11-20T08:00:00Z", period: Any = "day") -> [String: Any] {
        var object: [String: Any] = ["sourceRegistrationId": id, "pupilSourceId": pupil, "schoolId": school, "date": date,
                                     "status": status, "recordedAt": recordedAt, "period": period]
        object["absenceCategory"] = category
        return object
    }

    /// Events of `topic` whose data mentions one of `schools`, read from the beginning.
    func events(_ topic: FremmoedeTopic, schools: [String], atLeast count: Int, timeout: Duration = .seconds(20)) async throws -> [CloudEvent] {
        var logger = Logger(label: "intake-tests")
        logger.logLevel = .error
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "intake-tests"), groupID: "intake-tests-\(UUID())",
            topics: [topic.rawValue], sessionTimeout: .seconds(6)), logger: logger)
        var found: [CloudEvent] = []
        let deadline = ContinuousClock.now + timeout
        var quietUntil: ContinuousClock.Instant?
        while ContinuousClock.now < deadline {
            for message in try await consumer.poll(maxMessages: 2000, maxWait: .milliseconds(200)) {
                let text = String(decoding: message.value, as: UTF8.self)
                if schools.contains(where: { text.contains("\"\($0)\"") }), let event = try? CloudEvent(message) { found.append(event) }
            }
            // Once enough arrived, keep reading a moment longer so that extra (duplicate) events show.
            if found.count >= count {
                quietUntil = quietUntil ?? ContinuousClock.now + .seconds(1.5)
                if ContinuousClock.now > quietUntil! { break }
            }
        }
        await consumer.close()
        return found
    }
}
