import Logging
import XCTest
@testable import Shared

/// Dead letters of the pupil topics hold a reference, not the message (issue 20, finding 11): the
/// operators who read the dead-letter topics never see a CPR number or a name.
final class DeadLetterTests: XCTestCase {
    let logger = Logger(label: "dead-letter-tests")

    func testTheRawFeedsDeadLetterIsAReferenceWithoutTheKeyOrTheHeaders() throws {
        let message = KafkaConsumerMessage(
            topic: FremmoedeTopic.attendanceRegistrations.rawValue, partition: 2, offset: 41, key: Array("0102031234".utf8),
            value: Array(#"{"pupilSourceId":"010203-1234","schoolId":"skole-01"}"#.utf8), headers: [KafkaHeader(key: "cpr", string: "0102031234")],
            timestampMilliseconds: nil)
        let letter = message.deadLetter(reason: "date: is not a date", field: "date", consumer: "intake", logger: logger)
        XCTAssertEqual(letter.topic, "attendance.registrations.dlq")
        XCTAssertNil(letter.key)
        XCTAssertEqual(letter.value.map { String(decoding: $0, as: UTF8.self) }, #"{"topic":"attendance.registrations","partition":2,"offset":41}"#)
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

    func testOtherTopicsDeadLettersCopyTheEvent() throws {
        let value = Array(#"{"registrationId":"r-1"}"#.utf8)
        let message = KafkaConsumerMessage(topic: FremmoedeTopic.attendanceIngested.rawValue, partition: 1, offset: 3, key: Array("K".utf8),
                                           value: value, headers: [KafkaHeader(key: "ce_id", string: "e-1")], timestampMilliseconds: nil)
        let letter = message.deadLetter(reason: "bad", consumer: "screening", logger: logger)
        XCTAssertEqual(letter.value, value)
        XCTAssertEqual(letter.headers.first?.key, "ce_id")
    }
}
