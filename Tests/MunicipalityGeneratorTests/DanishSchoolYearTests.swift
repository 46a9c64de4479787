import MunicipalityGenerator
import Shared
import XCTest

final class DanishSchoolYearTests: XCTestCase {
    func testTheSchoolYearRunsFromWeek33ToJuneWithoutTheDanishHolidays() {
        let year = DanishSchoolYear(startYear: 2026)
        XCTAssertEqual(year.name, "2026/27")
        XCTAssertEqual(year.firstDay.description, "2026-08-10", "Monday of week 33")
        XCTAssertEqual(year.lastDay.description, "2027-06-25", "the Friday before the last Saturday of June")
        let days = Set(year.schoolDays.map(\.description))
        let holidays = Dictionary(uniqueKeysWithValues: year.holidays.map { ($0.date.description, $0.name) })
        for (date, name) in [("2026-10-12", "Efterårsferie"), ("2026-10-16", "Efterårsferie"), ("2026-12-21", "Juleferie"),
                             ("2027-01-01", "Juleferie"), ("2027-02-15", "Vinterferie"), ("2027-02-19", "Vinterferie"),
                             ("2027-03-22", "Påskeferie"), ("2027-03-25", "Skærtorsdag"), ("2027-03-26", "Langfredag"),
                             ("2027-03-29", "2. påskedag"), ("2027-05-06", "Kristi himmelfartsdag"), ("2027-05-17", "2. pinsedag")] {
            XCTAssertEqual(holidays[date], name, date)
            XCTAssertFalse(days.contains(date), date)
        }
        for date in ["2026-10-09", "2026-10-19", "2026-12-18", "2027-01-04", "2027-03-30", "2027-06-04"] {
            XCTAssertTrue(days.contains(date), "\(date) is a school day")
        }
        XCTAssertTrue(year.schoolDays.allSatisfy { $0.isoWeekday <= 5 })
        XCTAssertTrue((195...205).contains(year.schoolDays.count), "a Danish school year has about 200 school days, got \(year.schoolDays.count)")
        // Grundlovsdag on a weekday is a holiday (2026: a Friday).
        XCTAssertTrue(DanishSchoolYear(startYear: 2025).holidays.contains { $0.name == "Grundlovsdag" && $0.date.description == "2026-06-05" })
    }

    func testEasterSundayOfKnownYears() {
        for (start, easter) in [(2023, "2024-03-31"), (2024, "2025-04-20"), (2025, "2026-04-05"), (2026, "2027-03-28")] {
            let year = DanishSchoolYear(startYear: start)
            let secondEasterDay = year.holidays.first { $0.name == "2. påskedag" }!.date
            XCTAssertEqual(SchoolDate(dayNumber: secondEasterDay.dayNumber - 1).description, easter)
        }
    }
}
