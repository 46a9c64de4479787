import Foundation
import XCTest
@testable import Shared

/// `attendance.ingested`'s own writer gives the bytes JSONEncoder gives (`EventCoding`).
final class AttendanceIngestedJSONTests: XCTestCase {
    func testTheWriterGivesJSONEncodersBytes() throws {
        var generator = SystemRandomNumberGenerator()
        let texts = ["skole-01", "a\"b\\c/d", "tab\there\nline\r\u{8}\u{C}", "\u{1}\u{1F}\u{7F}\u{80}\u{9F}", "Ærø – 7.A ✓ 😀", "\u{2028}\u{2029}", ""]
        let fractions = [1, 0.5, 1.0 / 3, 1.0 / 6, 1.0 / 7, 1.0 / 12, 0.33, 0.1, 0.0001, 0.00001, 1e-9, 0.9999999999999999]
            + (0..<200).map { _ in Double.random(in: 0.000_01...1, using: &generator) }
        var index = 0
        for fraction in fractions {
            for text in texts {
                index += 1
                let event = AttendanceIngested(
                    registrationId: "0190d5c2-\(index)", pupilKey: "KEY" + text, schoolId: text, date: SchoolDate("2026-03-04")!,
                    period: index % 3 == 0 ? .day : .lesson(index % 12 + 1), status: [.present, .late, .absent][index % 3],
                    absenceCategory: index % 3 == 2 ? [AbsenceCategory.illness, .authorized, .unauthorized][index % 4 % 3] : nil,
                    minutesLate: index % 3 == 1 ? index % 601 : nil,
                    recordedAt: Date(timeIntervalSince1970: 1_772_611_200 + Double(index) * 7), sourceSystem: text,
                    dayFraction: fraction, replacesRegistrationId: index % 2 == 0 ? "r-\(text)" : nil)
                let expected = Array(try EventCoding.sharedEncoder.encode(event))
                XCTAssertEqual(String(decoding: try event.eventData(), as: UTF8.self), String(decoding: expected, as: UTF8.self))
                XCTAssertEqual(try CloudEvent(event, source: "fremmoede/intake").decode(AttendanceIngested.self), event)
            }
        }
    }

    func testOnlySharesOfADayInPlainDigitsAreWrittenByHand() {
        XCTAssertEqual(AttendanceIngested.plainNumber(1), "1")
        XCTAssertEqual(AttendanceIngested.plainNumber(0.5), "0.5")
        XCTAssertNil(AttendanceIngested.plainNumber(1e-9), "exponent form: the encoder writes it")
        XCTAssertNil(AttendanceIngested.plainNumber(2))
        XCTAssertNil(AttendanceIngested.plainNumber(0))
        XCTAssertNil(AttendanceIngested.plainNumber(.nan))
    }
}
