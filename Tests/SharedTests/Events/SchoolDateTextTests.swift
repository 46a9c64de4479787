import Foundation
import XCTest
@testable import Shared

/// A date's text is written and read without splitting or intermediate strings, as the plain way did.
final class SchoolDateTextTests: XCTestCase {
    /// The text as it was made before: each part padded with zeros.
    func padded(_ date: SchoolDate) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))"
    }

    func testTheTextIsTheZeroPaddedYearMonthAndDay() {
        var dayNumber = SchoolDate.firstDayNumber
        while dayNumber <= SchoolDate.lastDayNumber {
            let date = SchoolDate(dayNumber: dayNumber)
            XCTAssertEqual(date.description, padded(date))
            XCTAssertEqual(SchoolDate(date.description), date)
            dayNumber += 997
        }
        XCTAssertEqual(SchoolDate(dayNumber: SchoolDate.firstDayNumber).description, "0001-01-01")
        XCTAssertEqual(SchoolDate(dayNumber: SchoolDate.lastDayNumber).description, "9999-12-31")
    }

    func testWhatIsNotTenDigitsAndDashesReadsAsBefore() {
        for text in ["2026-02-30", "2026-13-01", "0000-01-01", "2026-1-05", "2026-01-5", "2026/01/05", "2026-01-05 ", "", "２０２６-01-05"] {
            XCTAssertNil(SchoolDate(text), text)
        }
        // Int(_:) reads a sign, and a four-character part with one was always read so: kept as it was.
        XCTAssertEqual(SchoolDate("+202-01-05"), SchoolDate(year: 202, month: 1, day: 5))
        XCTAssertNil(SchoolDate.accepted("+202-01-05"), "outside the accepted years all the same")
    }

    func testIntegersAreWrittenAsTheirDecimalText() {
        for number in [0, 1, -1, 9, 10, -10, 99, 100, 123_456_789, -987_654_321, Int.max, Int.min, Int.min + 1] {
            let sink = JSONSink()
            sink.integer(number)
            XCTAssertEqual(String(decoding: sink.bytes, as: UTF8.self), String(number))
        }
    }
}
