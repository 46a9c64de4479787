import Foundation
import PlanningAPI
import Shared

/// The dashboard's arithmetic (per school or for the whole municipality, month by month): the
/// share of pupils with concerning absence against the municipality's target, pupils with
/// unauthorized absence ≥ 15 % per quarter, open cases, days from concern to case, and the share of
/// closed cases that improved.
extension DashboardFigures {
    /// A pupil's absence as last known in a month (the latest absence.summary of that month).
    struct MonthlyAbsence: Sendable, Equatable {
        var pupilKey: String
        var month: String
        var asOf: SchoolDate
        var last40Total: Double
        var quarter: String
        var quarterUnauthorized: Double
    }

    struct CaseFacts: Sendable, Equatable {
        var openedAt: Date
        var firstConcernAt: Date?
        var closedAt: Date?
        var outcome: CaseClosed.Outcome?
    }

    struct Settings: Sendable, Equatable {
        /// bekymrende fravær: all absence ≥ this over the last 40 school days.
        var concerningThreshold = 0.10
        var unauthorizedQuarterThreshold = 0.15
        /// The municipality's goal: this much fewer pupils with concerning absence than in the first month shown.
        var targetReduction = 0.15
    }

    static func compute(months keys: [String], absence: [MonthlyAbsence], cases: [CaseFacts], settings: Settings, now: Date) -> DashboardFigures {
        let byMonth = Dictionary(grouping: absence, by: \.month)
        var baseline: Double?
        var months: [Month] = []
        for key in keys {
            let rows = byMonth[key] ?? []
            let concerning = rows.filter { $0.last40Total >= settings.concerningThreshold }.count
            let share = rows.isEmpty ? nil : Double(concerning) / Double(rows.count)
            if baseline == nil, let share { baseline = share }
            let opened = cases.filter { SchoolDate($0.openedAt).monthKey == key }
            let closed = cases.filter { $0.closedAt.map { SchoolDate($0).monthKey == key } ?? false }
            let improved = closed.filter { $0.outcome == .improved }.count
            let openAtEnd = lastDay(of: key).map { monthEnd in
                cases.filter { SchoolDate($0.openedAt) <= monthEnd && ($0.closedAt.map { SchoolDate($0) > monthEnd } ?? true) }.count
            } ?? 0
            months.append(Month(
                month: key, pupils: rows.count, pupilsConcerning: concerning, concerningShare: share,
                targetShare: baseline.map { $0 * (1 - settings.targetReduction) }, casesOpened: opened.count, openCasesAtEnd: openAtEnd,
                medianDaysConcernToCase: median(opened.compactMap { facts in
                    facts.firstConcernAt.map { facts.openedAt.timeIntervalSince($0) / 86400 }
                }),
                casesClosed: closed.count, improvedShare: closed.isEmpty ? nil : Double(improved) / Double(closed.count)))
        }
        // Each pupil's last figure in a quarter is the quarter's figure (it counts the quarter so far).
        var lastInQuarter: [String: [String: MonthlyAbsence]] = [:]
        for row in absence where keys.contains(row.month) && row.asOf.quarterKey == row.quarter {
            if let known = lastInQuarter[row.quarter]?[row.pupilKey], known.asOf >= row.asOf { continue }
            lastInQuarter[row.quarter, default: [:]][row.pupilKey] = row
        }
        let quarters = lastInQuarter.sorted { $0.key < $1.key }.map { quarter, byPupil in
            let rows = byPupil.values
            return Quarter(quarter: quarter, pupils: rows.count,
                           pupilsUnauthorizedAtLeast15: rows.filter { $0.quarterUnauthorized >= settings.unauthorizedQuarterThreshold }.count)
        }
        return DashboardFigures(months: months, quarters: quarters, openCases: cases.filter { $0.closedAt == nil }.count,
                                targetReduction: settings.targetReduction)
    }

    /// The months from `from` to `to` inclusive ("2026-09" … "2026-11"), at most 120; nil unless both
    /// are months YYYY-MM within `SchoolDate.acceptedYears` and from ≤ to.
    static func monthKeys(from: String, to: String) -> [String]? {
        guard let start = SchoolDate.accepted(from + "-01"), let end = SchoolDate.accepted(to + "-01"), start <= end else { return nil }
        var keys: [String] = []
        var key: String? = start.monthKey
        while let current = key, current <= end.monthKey, keys.count < 120 {
            keys.append(current)
            key = month(current, movedBy: 1)
        }
        return keys
    }

    /// The month `count` months after `key` (before, when negative), or nil when `key` is not YYYY-MM
    /// or either month is outside `SchoolDate.acceptedYears`.
    static func month(_ key: String, movedBy count: Int) -> String? {
        guard let first = SchoolDate.accepted(key + "-01") else { return nil }
        let (years, months) = (first.month - 1 + count).quotientAndRemainder(dividingBy: 12)
        let (year, month) = months < 0 ? (first.year + years - 1, months + 13) : (first.year + years, months + 1)
        guard SchoolDate.acceptedYears.contains(year) else { return nil }
        return SchoolDate(year: year, month: month, day: 1)?.monthKey
    }

    /// The last day of a month YYYY-MM, or nil when it is not one.
    static func lastDay(of month: String) -> SchoolDate? {
        guard let first = SchoolDate(month + "-01") else { return nil }
        return SchoolDate(year: first.year, month: first.month, day: SchoolDate.daysInMonth(year: first.year, month: first.month))
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
