import Foundation
import XCTest
@testable import PlanningService

/// The figures of `GET /v1/dashboard/schools`, from counts, without servers.
final class SchoolFiguresTests: XCTestCase {
    func testSchoolFiguresFromCounts() {
        let months = ["2026-09", "2026-10", "2026-11"]
        let counts = [
            SchoolFigures.MonthCount(schoolId: "a", month: "2026-10", pupils: 100, concerning: 20),
            SchoolFigures.MonthCount(schoolId: "b", month: "2026-10", pupils: 100, concerning: 10),
            SchoolFigures.MonthCount(schoolId: "a", month: "2026-11", pupils: 100, concerning: 12),
            SchoolFigures.MonthCount(schoolId: "b", month: "2026-11", pupils: 100, concerning: 8),
        ]
        let quarters = [SchoolFigures.QuarterCount(schoolId: "a", quarter: "2026-Q3", pupils: 90, unauthorized: 9),
                        SchoolFigures.QuarterCount(schoolId: "a", quarter: "2026-Q4", pupils: 100, unauthorized: 4),
                        SchoolFigures.QuarterCount(schoolId: "b", quarter: "2026-Q4", pupils: 100, unauthorized: 1)]
        let day = 86400.0
        let opened = Date(timeIntervalSince1970: 1_790_000_000)
        let cases = [
            SchoolFigures.CaseFacts(schoolId: "a", openedAt: opened, firstConcernAt: opened - 4 * day, closedAt: nil, improved: false),
            SchoolFigures.CaseFacts(schoolId: "a", openedAt: opened, firstConcernAt: opened - 10 * day, closedAt: opened + 30 * day, improved: true),
            SchoolFigures.CaseFacts(schoolId: "b", openedAt: opened, firstConcernAt: nil, closedAt: opened + 9 * day, improved: false),
        ]
        let all = SchoolFigures.compute(months: months, counts: counts, quarters: quarters, cases: cases, targetReduction: 0.15) { _ in true }
        XCTAssertEqual(all.shares[0], nil, "no figures in September")
        XCTAssertEqual(all.shares[1]!, 0.15, accuracy: 1e-9)
        XCTAssertEqual(all.shares[2]!, 0.10, accuracy: 1e-9)
        XCTAssertNil(all.targets[0], "no target before the first month with figures")
        XCTAssertEqual(all.targets[2]!, 0.15 * 0.85, accuracy: 1e-9, "the first month's share, reduced by the goal")
        XCTAssertEqual(all.latestPupils, 200)
        XCTAssertEqual(all.latestQuarter, SchoolFigures.QuarterCount(schoolId: "", quarter: "2026-Q4", pupils: 200, unauthorized: 5))
        XCTAssertEqual(all.openCases, 1)
        XCTAssertEqual(all.medianDaysConcernToCase!, 7, accuracy: 1e-9)
        XCTAssertEqual(all.improvedShare!, 0.5, accuracy: 1e-9)
        let a = SchoolFigures.compute(months: months, counts: counts, quarters: quarters, cases: cases, targetReduction: 0.15) { $0 == "a" }
        XCTAssertEqual(a.shares[1]!, 0.20, accuracy: 1e-9)
        XCTAssertEqual(a.latestQuarter?.unauthorized, 4)
        XCTAssertEqual(a.improvedShare!, 1.0, accuracy: 1e-9)
    }
}
