import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Reads the dashboard: the municipality's targets, which months to count (those shown, the
/// baseline's and their school years'), the counts from PostgreSQL side by side, and the figures for
/// each school shown and for those schools together.
struct ReadDashboard: Sendable {
    let postgres: PostgresClient
    let logger: Logger
    let settings: DashboardSettings

    struct Counted: Sendable {
        var months: [String]
        var schoolYears: [String]
        var targets: DashboardTargets
        var counts: SchoolFigures.Counts
    }

    func targets() async throws -> DashboardTargets {
        try await DashboardTargetsStore.current(postgres, logger: logger)
    }

    /// The months shown when the request names none: from the start of the school year of `to` (or the
    /// baseline's start, when earlier) to `to`, at most 120 months.
    static func defaultFrom(to: String, targets: DashboardTargets) -> String {
        let yearStart = MonthKeys.schoolYear(of: to).flatMap { FlagQuality.range(ofSchoolYear: $0)?.from.monthKey } ?? to
        let earliest = MonthKeys.month(to, movedBy: -119) ?? to
        return max(earliest, min(yearStart, targets.baselineFrom ?? yearStart))
    }

    func count(_ months: [String], targets: DashboardTargets) async throws -> Counted {
        let (all, years) = SchoolFigures.monthsToCount(months, targets: targets)
        let (postgres, logger, settings) = (postgres, logger, settings)
        async let monthCounts = DashboardStore.monthCounts(all, threshold: settings.problematicThreshold, postgres, logger: logger)
        async let underretninger = UnderretningCount.byMonth(all, postgres, logger: logger)
        async let yearCounts = DashboardStore.yearCounts(years, threshold: DashboardSettings.nationalThreshold, tolerance: DashboardSettings.nationalTolerance,
                                                         postgres, logger: logger)
        async let quarters = DashboardStore.quarterCounts(months, unauthorizedThreshold: settings.unauthorizedQuarterThreshold, postgres, logger: logger)
        async let cases = DashboardStore.caseFacts(postgres, logger: logger)
        let counts = SchoolFigures.Counts(months: try await monthCounts, underretninger: try await underretninger, years: try await yearCounts,
                                          quarters: try await quarters, cases: try await cases)
        return Counted(months: months, schoolYears: years, targets: targets, counts: counts)
    }

    func figures(_ counted: Counted, include: (String) -> Bool) -> SchoolFigures {
        SchoolFigures.compute(months: counted.months, schoolYears: counted.schoolYears, counts: counted.counts, targets: counted.targets, include: include)
    }

    /// `GET /v1/dashboard/schools`: the schools `shown`, each with its figures, and those schools together.
    func schools(_ shown: [(schoolId: String, name: String)], from: String, to: String, counted: Counted) -> SchoolsDashboard {
        let listed = Set(shown.map(\.schoolId))
        return SchoolsDashboard(
            from: from, to: to, targets: counted.targets, definitions: settings.definitions,
            overall: figures(counted) { listed.contains($0) }.figures,
            schools: shown.map { school in
                let mine = figures(counted) { $0 == school.schoolId }
                return SchoolsDashboard.School(
                    schoolId: school.schoolId, schoolName: school.name, figures: mine.figures, latestPupils: mine.latestPupils,
                    latestQuarter: mine.latestQuarter, openCases: mine.cases.openCases,
                    medianDaysConcernToCase: mine.cases.medianDaysConcernToCase, improvedShare: mine.cases.improvedShare)
            })
    }

    /// `GET /v1/dashboard`: one school's figures, or (nil) the municipality's.
    func one(school: String?, from: String, to: String, counted: Counted) -> DashboardView {
        let include: (String) -> Bool = { id in school.map { $0 == id } ?? true }
        let mine = figures(counted, include: include)
        let cases = counted.counts.cases.filter { include($0.schoolId) }
        return DashboardView(schoolId: school, from: from, to: to, targets: counted.targets, definitions: settings.definitions, figures: mine.figures,
                             cases: CaseFigures.months(counted.months, cases: cases),
                             quarters: SchoolFigures.quarters(counted.counts.quarters, include: include), openCases: mine.cases.openCases)
    }
}
