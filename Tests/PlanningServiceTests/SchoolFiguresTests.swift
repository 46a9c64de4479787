import Foundation
import PlanningAPI
import XCTest
@testable import PlanningService
@testable import Shared

/// The dashboard's figures from counts, without servers: months, the baseline period and the
/// targets it gives, school years, the quarter and the cases.
final class SchoolFiguresTests: XCTestCase {
    func testFiguresFromCountsAgainstTheChosenBaseline() throws {
        let months = ["2026-08", "2026-09", "2026-10", "2026-11"]
        var counts = SchoolFigures.Counts()
        // No figures in August (say, no school day had begun); the baseline is September–October.
        counts.months = [
            .init(schoolId: "a", month: "2026-09", pupils: 100, problematic: 20), .init(schoolId: "b", month: "2026-09", pupils: 100, problematic: 10),
            .init(schoolId: "a", month: "2026-10", pupils: 100, problematic: 10), .init(schoolId: "b", month: "2026-10", pupils: 100, problematic: 0),
            .init(schoolId: "a", month: "2026-11", pupils: 100, problematic: 12), .init(schoolId: "b", month: "2026-11", pupils: 100, problematic: 8),
        ]
        counts.underretninger = [.init(schoolId: "a", month: "2026-09", count: 3), .init(schoolId: "b", month: "2026-10", count: 1),
                                 .init(schoolId: "a", month: "2026-11", count: 2)]
        counts.years = [.init(schoolId: "a", schoolYear: "2026/27", through: SchoolDate("2026-11-20")!, pupils: 100, over: 25),
                        .init(schoolId: "b", schoolYear: "2026/27", through: SchoolDate("2026-11-19")!, pupils: 100, over: 15)]
        counts.quarters = [.init(schoolId: "a", quarter: "2026-Q3", pupils: 90, unauthorized: 9), .init(schoolId: "a", quarter: "2026-Q4", pupils: 100, unauthorized: 4),
                           .init(schoolId: "b", quarter: "2026-Q4", pupils: 100, unauthorized: 1)]
        let day = 86400.0
        let opened = Date(timeIntervalSince1970: 1_790_000_000)
        counts.cases = [
            .init(schoolId: "a", openedAt: opened, firstConcernAt: opened - 4 * day, closedAt: nil, improved: false),
            .init(schoolId: "a", openedAt: opened, firstConcernAt: opened - 10 * day, closedAt: opened + 30 * day, improved: true),
            .init(schoolId: "b", openedAt: opened, firstConcernAt: nil, closedAt: opened + 9 * day, improved: false),
        ]
        let targets = DashboardTargets(version: 1, baselineFrom: "2026-09", baselineTo: "2026-10", problematicReduction: 0.15, underretningReduction: 0.10)
        let (toCount, years) = SchoolFigures.monthsToCount(months, targets: targets)
        XCTAssertEqual(years, ["2026/27"])
        XCTAssertEqual(toCount.count, 12, "the school year's months, which hold the shown and the baseline's")

        let all = SchoolFigures.compute(months: months, schoolYears: years, counts: counts, targets: targets) { _ in true }
        XCTAssertFalse(all.figures.months[0].hasFigures)
        XCTAssertNil(all.figures.months[0].problematicShare)
        XCTAssertEqual(all.figures.months[1].problematicShare!, 0.15, accuracy: 1e-9)
        XCTAssertEqual(all.figures.months[3].pupils, 200)
        XCTAssertEqual(all.figures.months[3].underretninger, 2)
        let baseline = try XCTUnwrap(all.figures.baseline)
        XCTAssertEqual(baseline.months, 2)
        XCTAssertEqual(baseline.problematicShare!, 40.0 / 400, accuracy: 1e-9, "pooled over the baseline's pupil-months")
        XCTAssertEqual(baseline.problematicTarget!, 0.1 * 0.85, accuracy: 1e-9)
        XCTAssertEqual(baseline.underretningerPerMonth!, 2, accuracy: 1e-9)
        XCTAssertEqual(baseline.underretningTargetPerMonth!, 1.8, accuracy: 1e-9)
        let year = try XCTUnwrap(all.figures.schoolYears.first)
        XCTAssertEqual(year.months, 3)
        XCTAssertEqual(year.problematicShare!, 60.0 / 600, accuracy: 1e-9)
        XCTAssertEqual(year.underretninger, 6)
        XCTAssertEqual(year.underretningerPerMonth!, 2, accuracy: 1e-9)
        XCTAssertEqual(year.through, SchoolDate("2026-11-20"), "the latest school's day")
        XCTAssertEqual(year.pupils, 200)
        XCTAssertEqual(year.over10Share!, 0.2, accuracy: 1e-9)
        XCTAssertEqual(all.latestPupils, 200)
        XCTAssertEqual(all.latestQuarter, DashboardView.Quarter(quarter: "2026-Q4", pupils: 200, pupilsUnauthorizedAtLeast15: 5))
        XCTAssertEqual(all.cases.openCases, 1)
        XCTAssertEqual(all.cases.medianDaysConcernToCase!, 7, accuracy: 1e-9)
        XCTAssertEqual(all.cases.improvedShare!, 0.5, accuracy: 1e-9)

        let a = SchoolFigures.compute(months: months, schoolYears: years, counts: counts, targets: targets) { $0 == "a" }
        XCTAssertEqual(a.figures.months[1].problematicShare!, 0.20, accuracy: 1e-9)
        XCTAssertEqual(a.figures.baseline?.problematicShare ?? -1, 0.15, accuracy: 1e-9)
        XCTAssertEqual(a.figures.baseline?.underretningerPerMonth ?? -1, 1.5, accuracy: 1e-9)
        XCTAssertEqual(a.figures.schoolYears.first?.over10Share ?? -1, 0.25, accuracy: 1e-9)
        XCTAssertEqual(a.latestQuarter?.pupilsUnauthorizedAtLeast15, 4)
        XCTAssertEqual(a.cases.improvedShare!, 1.0, accuracy: 1e-9)

        let unset = SchoolFigures.compute(months: months, schoolYears: years, counts: counts, targets: .standard) { _ in true }
        XCTAssertNil(unset.figures.baseline, "no target before the municipality chose a baseline: never the first month seen")
    }

    func testCasesMonthByMonth() {
        let day: TimeInterval = 86400
        let t0 = EventCoding.parseTimestamp("2026-10-05T10:00:00Z")!
        let cases = [
            CaseFigures.Facts(schoolId: "a", openedAt: t0, firstConcernAt: t0 - 4 * day, closedAt: t0 + 40 * day, improved: true),
            CaseFigures.Facts(schoolId: "a", openedAt: t0 + 2 * day, firstConcernAt: t0 - 8 * day, closedAt: t0 + 45 * day, improved: false),
            CaseFigures.Facts(schoolId: "a", openedAt: t0 + 30 * day, firstConcernAt: t0 + 29 * day, closedAt: nil, improved: false),
        ]
        let months = CaseFigures.months(["2026-10", "2026-11"], cases: cases)
        XCTAssertEqual(months[0].casesOpened, 2)
        XCTAssertEqual(months[0].medianDaysConcernToCase!, 7, accuracy: 1e-9)  // 4 and 10 days
        XCTAssertEqual(months[0].openCasesAtEnd, 2)
        XCTAssertEqual(months[1].casesOpened, 1)
        XCTAssertEqual(months[1].casesClosed, 2)
        XCTAssertEqual(months[1].improvedShare, 0.5)
        XCTAssertEqual(months[1].openCasesAtEnd, 1)
        XCTAssertEqual(CaseFigures(cases).openCases, 1)
    }

    func testMonthsSchoolYearsAndTheDefaultRange() {
        XCTAssertEqual(MonthKeys.range(from: "2026-11", to: "2027-02"), ["2026-11", "2026-12", "2027-01", "2027-02"])
        XCTAssertNil(MonthKeys.range(from: "2027-02", to: "2026-11"))
        XCTAssertEqual(MonthKeys.month("2026-03", movedBy: -11), "2025-04")
        XCTAssertEqual(MonthKeys.schoolYear(of: "2026-07"), "2025/26")
        XCTAssertEqual(MonthKeys.schoolYear(of: "2026-08"), "2026/27")
        XCTAssertEqual(MonthKeys.months(ofSchoolYear: "2026/27")?.first, "2026-08")
        XCTAssertEqual(MonthKeys.months(ofSchoolYear: "2026/27")?.last, "2027-07")
        let none = DashboardTargets.standard
        XCTAssertEqual(ReadDashboard.defaultFrom(to: "2026-12", targets: none), "2026-08", "from the school year's start")
        var earlier = none
        (earlier.baselineFrom, earlier.baselineTo) = ("2025-09", "2026-06")
        XCTAssertEqual(ReadDashboard.defaultFrom(to: "2026-12", targets: earlier), "2025-09", "the baseline shown too")
        (earlier.baselineFrom, earlier.baselineTo) = ("2001-01", "2001-12")
        XCTAssertEqual(ReadDashboard.defaultFrom(to: "2026-12", targets: earlier), "2017-01", "at most 120 months")
    }

    func testTheTargetsAreValidatedNamingTheField() {
        func field(_ change: DashboardTargetsChange) -> String? {
            do {
                _ = try change.validated()
                return nil
            } catch {
                return (error as? ProblemDetails)?.errors?.first?.field ?? "\(error)"
            }
        }
        let good = DashboardTargetsChange(baselineFrom: "2025-08", baselineTo: "2026-06", problematicReduction: 0.15, underretningReduction: 0.1)
        XCTAssertNil(field(good))
        var bad = good
        bad.baselineFrom = "2025-13"
        XCTAssertEqual(field(bad), "baselineFrom")
        bad = good
        bad.baselineTo = "2025-07"
        XCTAssertEqual(field(bad), "baselineTo", "before the start")
        bad.baselineTo = "2028-09"
        XCTAssertEqual(field(bad), "baselineTo", "more than 36 months")
        bad = good
        bad.problematicReduction = 1.5
        XCTAssertEqual(field(bad), "problematicReduction")
        bad = good
        bad.underretningReduction = -0.1
        XCTAssertEqual(field(bad), "underretningReduction")
        bad.underretningReduction = .nan
        XCTAssertEqual(field(bad), "underretningReduction")
    }
}
