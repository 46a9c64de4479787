import Foundation
import PlanningAPI
import Shared

/// The dashboard's figures for one school or several together, from counts PostgreSQL made for every
/// school (pure): month by month the share of pupils with særligt problematisk fravær and the
/// underretninger; over the baseline period the municipality chose the same, reduced by its goals
/// into the targets; per school year the pooled share, the underretninger per month and the share of
/// pupils over 10 % on the ministry's definition; the latest quarter's pupils at or over 15 %
/// unauthorized absence, and the cases.
struct SchoolFigures: Sendable, Equatable {
    /// A month with figures at a school: every pupil enrolled in it, and those at or over the line.
    struct MonthCount: Sendable, Equatable { var schoolId: String; var month: String; var pupils: Int; var problematic: Int }
    /// The underretninger of a school whose 15 % was reached in the month.
    struct UnderretningCount: Sendable, Equatable { var schoolId: String; var month: String; var count: Int }
    /// A school year at a school up to `through`: the pupils enrolled with school days in it, and those over 10 %.
    struct YearCount: Sendable, Equatable { var schoolId: String; var schoolYear: String; var through: SchoolDate; var pupils: Int; var over: Int }
    struct QuarterCount: Sendable, Equatable { var schoolId: String; var quarter: String; var pupils: Int; var unauthorized: Int }

    /// What PostgreSQL counted, for every school.
    struct Counts: Sendable, Equatable {
        var months: [MonthCount] = []
        var underretninger: [UnderretningCount] = []
        var years: [YearCount] = []
        var quarters: [QuarterCount] = []
        var cases: [CaseFigures.Facts] = []
    }

    var figures: DashboardFigures
    /// The pupils of the latest shown month with figures.
    var latestPupils: Int
    var latestQuarter: DashboardView.Quarter?
    var cases: CaseFigures

    /// The months a dashboard of `months` counts: those, the baseline's and those of their school years.
    static func monthsToCount(_ months: [String], targets: DashboardTargets) -> (months: [String], schoolYears: [String]) {
        let years = Array(Set(months.compactMap(MonthKeys.schoolYear(of:)))).sorted()
        var all = Set(months).union(years.flatMap { MonthKeys.months(ofSchoolYear: $0) ?? [] })
        if let from = targets.baselineFrom, let to = targets.baselineTo { all.formUnion(MonthKeys.range(from: from, to: to) ?? []) }
        return (all.sorted(), years)
    }

    /// The figures of the schools `include` picks (one school, or all for the municipality).
    static func compute(months: [String], schoolYears: [String], counts: Counts, targets: DashboardTargets, include: (String) -> Bool) -> SchoolFigures {
        var pupils: [String: Int] = [:], problematic: [String: Int] = [:], underretninger: [String: Int] = [:]
        for count in counts.months where include(count.schoolId) {
            pupils[count.month, default: 0] += count.pupils
            problematic[count.month, default: 0] += count.problematic
        }
        for count in counts.underretninger where include(count.schoolId) { underretninger[count.month, default: 0] += count.count }

        /// Months with figures among `keys`, their pooled share and their underretninger per month.
        func over(_ keys: [String]) -> (months: Int, share: Double?, underretninger: Int, perMonth: Double?) {
            let counted = keys.filter { pupils[$0] != nil }
            let (all, over) = counted.reduce((0, 0)) { ($0.0 + (pupils[$1] ?? 0), $0.1 + (problematic[$1] ?? 0)) }
            let notified = counted.reduce(0) { $0 + (underretninger[$1] ?? 0) }
            return (counted.count, all > 0 ? Double(over) / Double(all) : nil, notified, counted.isEmpty ? nil : Double(notified) / Double(counted.count))
        }

        let monthFigures = months.map { key in
            DashboardFigures.Month(month: key, hasFigures: pupils[key] != nil, pupils: pupils[key] ?? 0, pupilsProblematic: problematic[key] ?? 0,
                                   problematicShare: over([key]).share, underretninger: underretninger[key] ?? 0)
        }
        var years: [String: (through: SchoolDate?, pupils: Int, over: Int)] = [:]
        for count in counts.years where include(count.schoolId) {
            let known = years[count.schoolYear] ?? (nil, 0, 0)
            years[count.schoolYear] = (max(known.through ?? count.through, count.through), known.pupils + count.pupils, known.over + count.over)
        }
        let yearFigures = schoolYears.map { year in
            let tally = over(MonthKeys.months(ofSchoolYear: year) ?? [])
            let national = years[year] ?? (nil, 0, 0)
            return DashboardFigures.SchoolYear(
                schoolYear: year, through: national.through, months: tally.months, problematicShare: tally.share, underretninger: tally.underretninger,
                underretningerPerMonth: tally.perMonth, pupils: national.pupils, pupilsOver10: national.over,
                over10Share: national.pupils > 0 ? Double(national.over) / Double(national.pupils) : nil)
        }
        var baseline: DashboardFigures.Baseline?
        if let from = targets.baselineFrom, let to = targets.baselineTo, let keys = MonthKeys.range(from: from, to: to) {
            let tally = over(keys)
            baseline = DashboardFigures.Baseline(
                from: from, to: to, months: tally.months, problematicShare: tally.share, problematicTarget: tally.share.map { $0 * (1 - targets.problematicReduction) },
                underretningerPerMonth: tally.perMonth, underretningTargetPerMonth: tally.perMonth.map { $0 * (1 - targets.underretningReduction) })
        }
        return SchoolFigures(
            figures: DashboardFigures(months: monthFigures, schoolYears: yearFigures, baseline: baseline),
            latestPupils: months.last(where: { pupils[$0] != nil }).flatMap { pupils[$0] } ?? 0,
            latestQuarter: quarters(counts.quarters, include: include).last,
            cases: CaseFigures(counts.cases.filter { include($0.schoolId) }))
    }

    /// Each quarter's pupils and those at or over 15 % unauthorized absence, oldest first.
    static func quarters(_ counts: [QuarterCount], include: (String) -> Bool) -> [DashboardView.Quarter] {
        var byQuarter: [String: DashboardView.Quarter] = [:]
        for count in counts where include(count.schoolId) {
            var sum = byQuarter[count.quarter] ?? DashboardView.Quarter(quarter: count.quarter, pupils: 0, pupilsUnauthorizedAtLeast15: 0)
            sum.pupils += count.pupils
            sum.pupilsUnauthorizedAtLeast15 += count.unauthorized
            byQuarter[count.quarter] = sum
        }
        return byQuarter.values.sorted { $0.quarter < $1.quarter }
    }
}
