import Foundation
import Logging
import XCTest
@testable import IntakeService
@testable import Shared

/// One message must never stop the feed (issue 16, finding 6): a NUL in an id once made
/// PostgreSQL refuse the whole batch (SQLSTATE 22021) and the feed retried it for ever; a date in
/// year 1 went through to Screening. Both are refused at validation, dead-lettered on
/// `attendance.registrations.dlq` (the dead-letter topic of every source's feed) and reported on `attendance.rejected`, and what follows them
/// in the partition is ingested.
final class IntakeFeedSafetyTests: XCTestCase {
    typealias S = IntakeStack

    func testControlCharactersAndDatesOutsideTheAcceptedYearsAreRefusedByTheValidator() {
        let validator = RegistrationValidator(authenticatedSource: nil, today: SchoolDate(year: 2026, month: 11, day: 24)!)
        func input(_ changes: [String: String]) -> RegistrationInput {
            var fields = ["sourceSystem": "s", "sourceRegistrationId": "r-1", "pupilSourceId": "p-1", "schoolId": "skole", "date": "2026-11-20",
                          "status": "absent", "recordedAt": "2026-11-20T08:00:00Z"]
            fields.merge(changes) { $1 }
            return RegistrationInput(index: 0, fields: fields)
        }
        for (changes, field) in [(["sourceRegistrationId": "r\u{0}1"], "sourceRegistrationId"), (["pupilSourceId": "p\u{7}"], "pupilSourceId"),
                                 (["schoolId": "sk\u{1B}ole"], "schoolId"), (["sourceSystem": "s\u{0}"], "sourceSystem"),
                                 (["date": "0001-01-01"], "date"), (["date": "1999-12-31"], "date"),
                                 (["recordedAt": "0001-01-01T00:00:00Z"], "recordedAt")] {
            guard case .failure(let error) = validator.validate(input(changes)) else { return XCTFail("\(changes) was accepted") }
            XCTAssertEqual(error.field, field, "\(changes)")
        }
        guard case .success = validator.validate(input([:])) else { return XCTFail("the good registration was refused") }
    }

    func testANULOrAYearOneDateOnTheFeedIsDeadLetteredAndThePartitionGoesOn() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        _ = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil("k-1-\(school)", school: school)]), key: key)
        let topic = try stack.feedTopic(of: school)
        func registration(_ id: String, date: String = "2026-11-20") -> [String: Any] {
            S.registration(id, pupil: "k-1-\(school)", school: school, date: date)
        }
        let nul = registration("feed-nul\u{0}-1")
        let yearOne = registration("feed-year-1", date: "0001-01-01")
        let good = registration("feed-good", date: "2026-11-19")
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "feed-safety")),
                                         logger: .init(label: "feed-safety"))
        // One key: one partition, in this order.
        _ = try await producer.send([nul, yearOne, good].map {
            KafkaProducerMessage(topic: topic, key: school, value: Array(stack.json($0)))
        })

        let ingested = try await stack.events(.attendanceIngested, schools: [school], atLeast: 1, timeout: .seconds(30))
        XCTAssertEqual(try ingested.map { try $0.decode(AttendanceIngested.self).date.description }, ["2026-11-19"],
                       "the message after the bad ones was ingested")
        let letters = try await Self.deadLetters(of: school, on: topic, atLeast: 2, bootstrap: stack.bootstrap)
        XCTAssertEqual(Set(letters.compactMap { $0.header("dlq_field")?.stringValue }), ["sourceRegistrationId", "date"])
        XCTAssertEqual(Set(letters.compactMap { $0.header("dlq_topic")?.stringValue }), [topic])
        // A dead letter of the raw feed is a reference (topic, partition, offset), never the message: it carries the pupil's id.
        for letter in letters {
            let text = String(decoding: letter.value, as: UTF8.self)
            XCTAssertFalse(text.contains("k-1-\(school)") || text.contains("feed-"), "the message is on the dead-letter topic: \(text)")
            XCTAssertTrue(text.hasPrefix(#"{"topic":"\#(topic)""#), text)
            XCTAssertNil(letter.key, "the school system's key stays off the dead-letter topic")
        }
        let rejected = try await stack.events(.attendanceRejected, schools: [school], atLeast: 2).map { try $0.decode(AttendanceRejected.self) }
        XCTAssertEqual(Set(rejected.compactMap(\.field)), ["sourceRegistrationId", "date"])
        XCTAssertFalse(rejected.contains { $0.sourceRegistrationId?.contains("\u{0}") ?? false }, "a refused id is not repeated")

        // The same over HTTP: a clear 422 naming the field, never a 500.
        let reply = try await stack.send("POST", "/v1/registrations", body: stack.json(["registrations": [registration("http-nul\u{0}")]]), key: key)
        XCTAssertEqual(reply.status, 422, String(decoding: reply.body, as: UTF8.self))
        XCTAssertEqual(reply.errors.compactMap { $0["field"] as? String }, ["sourceRegistrationId"])
    }

    /// The dead letters of the feed messages on `topic` that mention `marker`: the messages are found
    /// on the source's topic, their letters on `attendance.registrations.dlq` by the reference (topic, partition, offset).
    static func deadLetters(of marker: String, on topic: String, atLeast count: Int, bootstrap: String) async throws -> [KafkaConsumerMessage] {
        var logger = Logger(label: "intake-tests")
        logger.logLevel = .error
        func consumer(_ topic: String) throws -> KafkaConsumer {
            try KafkaConsumer(configuration: KafkaConsumerConfiguration(
                kafka: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "intake-tests"), groupID: "intake-tests-\(UUID())",
                topics: [topic], sessionTimeout: .seconds(6)), logger: logger)
        }
        let raw = try consumer(topic)
        let dlq = try consumer(FremmoedeTopic.attendanceRegistrations.deadLetterTopic)
        var places: Set<String> = []
        var letters: [KafkaConsumerMessage] = []
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            for message in try await raw.poll(maxMessages: 2000, maxWait: .milliseconds(100))
            where String(decoding: message.value, as: UTF8.self).contains(marker) {
                places.insert("\(message.partition):\(message.offset)")
            }
            letters += try await dlq.poll(maxMessages: 2000, maxWait: .milliseconds(100))
            let mine = letters.filter { $0.header("dlq_topic")?.stringValue == topic && places.contains("\($0.header("dlq_partition")?.stringValue ?? ""):\($0.header("dlq_offset")?.stringValue ?? "")") }
            if mine.count >= count {
                await raw.close()
                await dlq.close()
                return mine
            }
        }
        await raw.close()
        await dlq.close()
        return letters.filter { $0.header("dlq_topic")?.stringValue == topic && places.contains("\($0.header("dlq_partition")?.stringValue ?? ""):\($0.header("dlq_offset")?.stringValue ?? "")") }
    }
}
