import XCTest
@testable import Shared

/// Day numbers, weekdays, quarters and school years of `SchoolDate`.
final class SchoolDateArithmeticTests: XCTestCase {
    func testDayNumbersRoundTripAndWeekdays() {
        XCTAssertEqual(SchoolDate("1970-01-01")!.dayNumber, 0)
        XCTAssertEqual(SchoolDate("1970-01-01")!.isoWeekday, 4, "a Thursday")
        XCTAssertEqual(SchoolDate("2026-11-23")!.isoWeekday, 1, "a Monday")
        XCTAssertEqual(SchoolDate("2026-11-29")!.isoWeekday, 7, "a Sunday")
        for text in ["2024-02-29", "2026-12-31", "2027-01-01", "1969-12-31"] {
            XCTAssertEqual(SchoolDate(dayNumber: SchoolDate(text)!.dayNumber).description, text)
        }
    }

    func testQuartersAndSchoolYears() {
        let q4 = SchoolDate("2026-11-24")!.quarter
        XCTAssertEqual(q4.number, 4)
        XCTAssertEqual(SchoolDate(dayNumber: q4.first).description, "2026-10-01")
        XCTAssertEqual(SchoolDate(dayNumber: q4.last).description, "2026-12-31")
        XCTAssertEqual(SchoolDate(dayNumber: SchoolDate("2028-02-10")!.quarter.last).description, "2028-03-31")
        XCTAssertEqual(SchoolDate("2026-11-24")!.schoolYear, "2026/27")
        XCTAssertEqual(SchoolDate("2027-07-31")!.schoolYear, "2026/27")
        XCTAssertEqual(SchoolDate("2009-08-01")!.schoolYear, "2009/10")
        XCTAssertEqual(SchoolDate("2099-08-01")!.schoolYear, "2099/00")
    }
}
