import Logging
import XCTest
@testable import Shared

/// Dead letters of the pupil topics hold a reference, not the message (issue 20, finding 11): the
/// operators who read the dead-letter topics never see a CPR number or a name.
final class DeadLetterTests: XCTestCase {
    let logger = Logger(label: "dead-letter-tests")

    func testTheRawFeedsDeadLetterIsAReferenceWithoutTheKeyOrTheHeaders() throws {
        let message = KafkaConsumerMessage(
            topic: FremmoedeTopic.sourceFeed("skolesystem-a"), partition: 2, offset: 41, key: Array("0102031234".utf8),
            value: Array(#"{"pupilSourceId":"010203-1234","schoolId":"skole-01"}"#.utf8), headers: [KafkaHeader(key: "cpr", string: "0102031234")],
            timestampMilliseconds: nil)
        let letter = message.deadLetter(reason: "date: is not a date", field: "date", consumer: "intake", logger: logger)
        XCTAssertEqual(letter.topic, "attendance.registrations.dlq", "every source's feed shares one dead-letter topic")
        XCTAssertNil(letter.key)
        XCTAssertEqual(letter.value.map { String(decoding: $0, as: UTF8.self) },
                       #"{"topic":"attendance.registrations.source.skolesystem-a","partition":2,"offset":41}"#)
        XCTAssertEqual(letter.headers.map(\.key), ["dlq_error", "dlq_topic", "dlq_partition", "dlq_offset", "dlq_consumer", "dlq_field"])
    }

    func testTheDirectorysDeadLetterKeepsOnlyThePupilKey() throws {
        let message = KafkaConsumerMessage(
            topic: FremmoedeTopic.pupilDirectory.rawValue, partition: 0, offset: 7, key: Array("PUPILKEY".utf8),
            value: Array(#"{"givenName":"Søs","familyName":"Ørnebjerg"}"#.utf8), headers: [], timestampMilliseconds: nil)
        let letter = message.deadLetter(reason: "bad", consumer: "planning", logger: logger)
        XCTAssertEqual(letter.key, Array("PUPILKEY".utf8))
        XCTAssertFalse(letter.value.map { String(decoding: $0, as: UTF8.self) }?.contains("Søs") ?? true)
    }

    func testASourcesFeedTopicNamesItsSourceAndNothingElseDoes() {
        XCTAssertEqual(FremmoedeTopic.sourceFeed("skolesystem-a"), "attendance.registrations.source.skolesystem-a")
        XCTAssertEqual(FremmoedeTopic.sourceSystem(ofFeed: "attendance.registrations.source.skolesystem-a"), "skolesystem-a")
        XCTAssertEqual(FremmoedeTopic.sourceSystem(ofFeed: "attendance.registrations.source.aula.v2"), "aula.v2")
        for topic in ["attendance.registrations", "attendance.registrations.dlq", "attendance.registrations.source.", "attendance.registrations.source.A",
                      "attendance.ingested", "attendance.registrations.source.x y"] {
            XCTAssertNil(FremmoedeTopic.sourceSystem(ofFeed: topic), topic)
        }
        XCTAssertEqual(FremmoedeTopic.deadLetterTopic(of: "attendance.ingested"), "attendance.ingested.dlq")
        let names = FremmoedeTopic.specifications(partitions: 12, sources: ["a", "b"]).map(\.name)
        XCTAssertTrue(names.contains("attendance.registrations.source.a") && names.contains("attendance.registrations.source.b"), "\(names)")
        XCTAssertTrue(names.contains("attendance.registrations.dlq"))
        XCTAssertFalse(names.contains("attendance.registrations"), "no shared raw feed that every source could write")
    }

    func testOtherTopicsDeadLettersCopyTheEvent() throws {
        let value = Array(#"{"registrationId":"r-1"}"#.utf8)
        let message = KafkaConsumerMessage(topic: FremmoedeTopic.attendanceIngested.rawValue, partition: 1, offset: 3, key: Array("K".utf8),
                                           value: value, headers: [KafkaHeader(key: "ce_id", string: "e-1")], timestampMilliseconds: nil)
        let letter = message.deadLetter(reason: "bad", consumer: "screening", logger: logger)
        XCTAssertEqual(letter.value, value)
        XCTAssertEqual(letter.headers.first?.key, "ce_id")
    }
}
