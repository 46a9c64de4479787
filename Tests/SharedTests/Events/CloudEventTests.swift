import Foundation
import XCTest
@testable import Shared

/// The CloudEvents binary-mode envelope and its parts (pure logic, no servers).
final class CloudEventTests: XCTestCase {
    let payload = ConcernResolved(
        concernId: "c-1", pupilKey: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", schoolId: "skole-0101",
        rule: "unauthorized-quarter-warning", reason: .belowThreshold, rate: 0.04,
        resolvedAt: Date(timeIntervalSince1970: 1_795_000_000))

    func testBinaryModeHeadersCarryTheAttributesAndTheValueIsTheData() throws {
        let trace = TraceContext.root()
        let event = try TraceContext.$current.withValue(trace) { try CloudEvent(payload, source: "/fremmoede/screening") }
        let message = event.kafkaMessage(topic: FremmoedeTopic.concernResolved.rawValue)
        let headers = Dictionary(uniqueKeysWithValues: message.headers.map { ($0.key, $0.stringValue!) })
        XCTAssertEqual(headers["ce_specversion"], "1.0")
        XCTAssertEqual(headers["ce_type"], "dk.fremmoede.concern.resolved.v1")
        XCTAssertEqual(headers["ce_source"], "/fremmoede/screening")
        XCTAssertEqual(headers["ce_id"], event.id)
        XCTAssertEqual(headers["ce_subject"], payload.pupilKey)
        XCTAssertEqual(headers["content-type"], "application/json")
        XCTAssertEqual(headers["traceparent"], trace.traceParent)
        XCTAssertNotNil(headers["ce_time"].flatMap(EventCoding.parseTimestamp))
        XCTAssertEqual(message.key, Array(payload.pupilKey.utf8), "keyed by the pupil key")
        let json = try JSONSerialization.jsonObject(with: Data(message.value ?? [])) as? [String: Any]
        XCTAssertEqual(json?["rule"] as? String, "unauthorized-quarter-warning")
        XCTAssertEqual(json?["resolvedAt"] as? String, "2026-11-18T11:06:40Z")
    }

    func testRoundTripThroughAConsumedMessage() throws {
        let event = try CloudEvent(payload, source: "/fremmoede/screening")
        let produced = event.kafkaMessage(topic: "concern.resolved")
        let consumed = KafkaConsumerMessage(topic: produced.topic, partition: 0, offset: 7, key: produced.key, value: produced.value ?? [],
                                            headers: produced.headers, timestampMilliseconds: nil)
        let read = try CloudEvent(consumed)
        XCTAssertEqual(read.id, event.id)
        XCTAssertEqual(read.type, event.type)
        XCTAssertEqual(try read.decode(ConcernResolved.self), payload)
        XCTAssertThrowsError(try read.decode(CaseClosed.self)) { error in
            XCTAssertEqual(error as? CloudEventError, .unexpectedType(expected: "dk.fremmoede.case.closed.v1", actual: "dk.fremmoede.concern.resolved.v1"))
        }
    }

    func testMissingAndMalformedAttributesAreNamed() throws {
        let event = try CloudEvent(payload, source: "/x")
        func consumed(_ headers: [KafkaHeader]) -> KafkaConsumerMessage {
            KafkaConsumerMessage(topic: "t", partition: 0, offset: 0, key: nil, value: event.data, headers: headers, timestampMilliseconds: nil)
        }
        let withoutID = event.kafkaHeaders.filter { $0.key != "ce_id" }
        XCTAssertThrowsError(try CloudEvent(consumed(withoutID))) { XCTAssertEqual($0 as? CloudEventError, .missingAttribute("ce_id")) }
        let badTime = event.kafkaHeaders.map { $0.key == "ce_time" ? KafkaHeader(key: "ce_time", string: "yesterday") : $0 }
        XCTAssertThrowsError(try CloudEvent(consumed(badTime))) { XCTAssertEqual($0 as? CloudEventError, .malformedAttribute("ce_time", "not RFC 3339: yesterday")) }
        let badVersion = event.kafkaHeaders.map { $0.key == "ce_specversion" ? KafkaHeader(key: "ce_specversion", string: "0.3") : $0 }
        XCTAssertThrowsError(try CloudEvent(consumed(badVersion)))
    }

    func testEveryTopicHasItsTypeAndCompactionAsDesigned() {
        XCTAssertEqual(FremmoedeTopic.allCases.count, 12)
        XCTAssertEqual(Set(FremmoedeTopic.allCases.filter(\.isCompacted)), [.pupilDirectory, .schoolCalendar, .absenceSummary])
        let specifications = FremmoedeTopic.specifications(partitions: 12)
        XCTAssertEqual(specifications.count, 23, "every topic and its .dlq, but the raw feed only per source")
        XCTAssertEqual(specifications.first { $0.name == "pupil.directory" }?.config["cleanup.policy"], "compact")
        XCTAssertTrue(specifications.contains { $0.name == "attendance.ingested.dlq" })
    }

    func testTraceParentParsing() {
        let valid = TraceContext(traceParent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        XCTAssertEqual(valid?.traceID, "4bf92f3577b34da6a3ce929d0e0e4736")
        XCTAssertEqual(valid?.sampled, true)
        XCTAssertEqual(valid?.child().traceID, valid?.traceID)
        XCTAssertNotEqual(valid?.child().spanID, valid?.spanID)
        XCTAssertNil(TraceContext(traceParent: "00-00000000000000000000000000000000-00f067aa0ba902b7-01"))
        XCTAssertNil(TraceContext(traceParent: "garbage"))
        XCTAssertNotNil(TraceContext(traceParent: TraceContext.root().traceParent))
    }

    func testSchoolDatesAndPeriods() throws {
        XCTAssertEqual(SchoolDate("2026-02-29"), nil, "not a leap year")
        XCTAssertEqual(SchoolDate("2028-02-29")?.description, "2028-02-29")
        XCTAssertNil(SchoolDate("2026-13-01"))
        XCTAssertNil(SchoolDate("26-1-1"))
        XCTAssertLessThan(SchoolDate("2026-08-10")!, SchoolDate("2026-10-01")!)
        let decoded = try JSONDecoder().decode([AttendancePeriod].self, from: Data("[\"day\", 3, \"4\"]".utf8))
        XCTAssertEqual(decoded, [.day, .lesson(3), .lesson(4)])
        XCTAssertThrowsError(try JSONDecoder().decode([AttendancePeriod].self, from: Data("[0]".utf8)))
    }

    func testLogsMaskCPRShapedNumbers() {
        XCTAssertEqual(PrivacyMask.mask("pupil 010203-1234 absent"), "pupil <cpr> absent")
        XCTAssertEqual(PrivacyMask.mask("id=0102031234"), "id=<cpr>")
        XCTAssertEqual(PrivacyMask.mask("offset 12345678901234"), "offset 12345678901234", "longer numbers are not CPR numbers")
        XCTAssertEqual(PrivacyMask.mask("port 8080"), "port 8080")
    }
}

/// The arithmetic RFC 3339 and date code against Foundation's.
final class RFC3339Tests: XCTestCase {
    func testParsingAgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for text in ["2026-11-24T08:15:00Z", "2024-02-29T23:59:59+01:00", "1999-12-31T00:00:00-05:30", "2026-03-29T01:30:00.250Z", "1970-01-01T00:00:00Z"] {
            let expected = formatter.date(from: text) ?? fractional.date(from: text)
            XCTAssertEqual(RFC3339.parse(text), expected, text)
        }
        for bad in ["2026-11-24", "2026-02-30T00:00:00Z", "2026-11-24T25:00:00Z", "2026-11-24T08:15:00", "2026-11-24T08:15:00Zjunk", "2026-11-24T08:15:00."] {
            XCTAssertNil(RFC3339.parse(bad), bad)
        }
    }

    func testFormattingAgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000...4_000_000_000, using: &generator)))
            XCTAssertEqual(RFC3339.format(date), formatter.string(from: date))
        }
    }

    func testCivilDaysRoundTrip() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, day) = SchoolDate.civil(daysSinceEpoch: days)
            XCTAssertEqual(SchoolDate.daysSinceEpoch(year: year, month: month, day: day), days)
        }
        XCTAssertEqual(SchoolDate.daysSinceEpoch(year: 2026, month: 11, day: 24), 20_781)
    }
}

final class TimeOrderedIDTests: XCTestCase {
    func testVersionSevenIdsSortByTime() {
        let earlier = TimeOrderedID.make(now: Date(timeIntervalSince1970: 1_795_000_000))
        let later = TimeOrderedID.make(now: Date(timeIntervalSince1970: 1_795_000_001))
        XCTAssertLessThan(earlier.uuidString, later.uuidString)
        let text = earlier.uuidString.lowercased()
        XCTAssertEqual(Array(text)[14], "7", "version 7")
        XCTAssertTrue("89ab".contains(Array(text)[19]), "RFC 9562 variant")
        XCTAssertEqual(String(text.prefix(13)), String(format: "%08x-%04x", UInt32(1_795_000_000_000 >> 16), UInt16(1_795_000_000_000 & 0xFFFF)))
        XCTAssertEqual(Set((0..<1000).map { _ in TimeOrderedID.make() }).count, 1000)
    }

    func testTheTextOfAnIdIsItsLowerCaseUUIDString() {
        for id in (0..<1000).map({ _ in UUID() }) + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
                                                      UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255))] {
            XCTAssertEqual(TimeOrderedID.text(id), id.uuidString.lowercased())
        }
        XCTAssertEqual(TimeOrderedID.string().count, 36)
    }
}

final class RFC3339MillisecondsTests: XCTestCase {
    func testMillisecondsForLogLines() {
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 1_795_000_000.25), milliseconds: true), "2026-11-18T11:06:40.250Z")
        XCTAssertEqual(RFC3339.format(Date(timeIntervalSince1970: 1_795_000_000), milliseconds: true), "2026-11-18T11:06:40.000Z")
    }
}
