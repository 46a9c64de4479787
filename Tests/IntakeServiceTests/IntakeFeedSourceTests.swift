import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import IntakeService
@testable import Shared

/// The Kafka feed once trusted `sourceSystem` in the message (issue 16, finding 2): every school
/// system wrote one topic as one Kafka principal, so a system could send registrations as another
/// source, at a school only that source serves, for that source's pupils. Now each source writes
/// its own topic and the source is the topic's: a message claiming another source is refused
/// (`sourceSystem`), one for a school its source does not serve is refused (`schoolId`).
final class IntakeFeedSourceTests: XCTestCase {
    typealias S = IntakeStack

    func testAProducerOnOneSourcesTopicCannotWriteAsAnotherSourceOrAtItsSchool() async throws {
        let stack = try IntakeStack()
        let (keyA, schoolsA) = try await stack.newSource()
        let (keyB, schoolsB) = try await stack.newSource()
        let (schoolA, schoolB) = (schoolsA[0], schoolsB[0])
        let (sourceA, sourceB) = (S.sourceSystem(of: schoolA), S.sourceSystem(of: schoolB))
        // Two children with the same local id, one in each system.
        for (key, school) in [(keyA, schoolA), (keyB, schoolB)] {
            let reply = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil("elev-1", school: school)]), key: key)
            XCTAssertEqual(reply.status, 200, reply.text)
        }
        let topicA = try stack.feedTopic(of: schoolA)

        var claimsB = S.registration("spoof-1-\(schoolB)", pupil: "elev-1", school: schoolB)
        claimsB["sourceSystem"] = sourceB
        let atSchoolB = S.registration("spoof-2-\(schoolB)", pupil: "elev-1", school: schoolB, date: "2026-11-19")
        let own = S.registration("own-1-\(schoolA)", pupil: "elev-1", school: schoolA)
        let producer = try TestStack.producer()
        _ = try await producer.send([claimsB, atSchoolB, own].map { KafkaProducerMessage(topic: topicA, key: schoolA, value: Array(stack.json($0))) })

        // A's own registration is A's: its pupil is A's elev-1, not B's.
        let ingestedA = try await stack.events(.attendanceIngested, schools: [schoolA], atLeast: 1, timeout: .seconds(45))
            .map { try $0.decode(AttendanceIngested.self) }
        let pseudonymizer = Pseudonymizer(secret: IntakeConfiguration.developmentSecret)
        XCTAssertEqual(ingestedA.map(\.pupilKey), [pseudonymizer.pupilKey(sourceID: "elev-1", sourceSystem: sourceA)],
                       "the message without sourceSystem is the topic's source's")

        // Nothing went in at B's school or as B, and A was told why, naming the field.
        let rejected = try await stack.events(.attendanceRejected, schools: [schoolB], atLeast: 2, timeout: .seconds(30))
            .map { try $0.decode(AttendanceRejected.self) }
        XCTAssertEqual(Set(rejected.map(\.field)), ["sourceSystem", "schoolId"], "\(rejected.map(\.reason))")
        XCTAssertEqual(Set(rejected.map(\.sourceSystem)), [sourceA], "the rejection goes to the source that wrote the topic")
        XCTAssertTrue(rejected.allSatisfy { $0.channel == .kafka })
        let ingestedB = try await stack.events(.attendanceIngested, schools: [schoolB], atLeast: 1, timeout: .seconds(3))
        XCTAssertEqual(ingestedB.count, 0, "nothing was ingested at B's school")
        let stored = try await TestStack.withPostgres(schema: try TestStack.value("INTAKE_SCHEMA")) { postgres in
            let rows = try await postgres.query("""
                SELECT count(*)::int FROM registrations WHERE source_system = \(sourceB) OR school_id = \(schoolB)
                """, logger: TestStack.logger)
            var count = -1
            for try await value in rows.decode(Int.self) { count = value }
            return count
        }
        XCTAssertEqual(stored, 0, "no registration stored as \(sourceB) or at \(schoolB)")
        // Both refused messages are dead-lettered by reference to A's topic.
        let letters = try await IntakeFeedSafetyTests.deadLetters(of: "spoof-", on: topicA, atLeast: 2, bootstrap: stack.bootstrap)
        XCTAssertEqual(Set(letters.compactMap { $0.header("dlq_field")?.stringValue }), ["sourceSystem", "schoolId"])
    }

    func testTheFeedTakesTheSourceFromTheTopicAndRefusesAClaimOfAnother() {
        let validator = RegistrationValidator(authenticatedSource: nil, today: SchoolDate(year: 2026, month: 11, day: 24)!)
        func input(source: String?, topic: String?) -> RegistrationInput {
            var fields = ["sourceRegistrationId": "r-1", "pupilSourceId": "p-1", "schoolId": "skole", "date": "2026-11-20",
                          "status": "absent", "recordedAt": "2026-11-20T08:00:00Z"]
            fields["sourceSystem"] = source
            var input = RegistrationInput(index: 0, fields: fields)
            input.topicSource = topic
            return input
        }
        guard case .success(let fromTopic) = validator.validate(input(source: nil, topic: "a")) else { return XCTFail("the topic names the source") }
        XCTAssertEqual(fromTopic.sourceSystem, "a")
        guard case .success(let named) = validator.validate(input(source: "a", topic: "a")) else { return XCTFail("a source may name itself") }
        XCTAssertEqual(named.sourceSystem, "a")
        guard case .failure(let claim) = validator.validate(input(source: "b", topic: "a")) else { return XCTFail("a claim of another source was taken") }
        XCTAssertEqual(claim.field, "sourceSystem")

        let batch = RegistrationFeedHandler.batch(from: [
            KafkaConsumerMessage(topic: FremmoedeTopic.sourceFeed("a"), partition: 0, offset: 0, key: nil,
                                 value: Array(#"{"sourceSystem":"b","schoolId":"s"}"#.utf8), headers: [], timestampMilliseconds: nil),
            KafkaConsumerMessage(topic: "attendance.registrations", partition: 0, offset: 1, key: nil,
                                 value: Array(#"{"sourceSystem":"b"}"#.utf8), headers: [], timestampMilliseconds: nil),
        ])
        XCTAssertEqual(batch.registrations.map(\.topicSource), ["a", nil])
        XCTAssertEqual(batch.registrations.map(\.sourceSystem), ["b", nil], "what a message says is kept only to be checked")
        XCTAssertNotNil(batch.registrations[1].unreadable, "a message on no source's topic has no source")
    }
}
