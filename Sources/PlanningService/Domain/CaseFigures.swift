import Foundation
import PlanningAPI
import Shared

/// The cases on the dashboard (pure): month by month the cases opened, open at the month's end, the
/// median days from the first concern to the case, closed and the share of those that improved; and
/// over all of them the open cases, the median days and the improved share.
struct CaseFigures: Sendable, Equatable {
    struct Facts: Sendable, Equatable {
        var schoolId: String
        var openedAt: Date
        var firstConcernAt: Date?
        var closedAt: Date?
        var improved: Bool
    }

    var openCases: Int
    var medianDaysConcernToCase: Double?
    var improvedShare: Double?

    init(_ cases: [Facts]) {
        let closed = cases.filter { $0.closedAt != nil }
        openCases = cases.count - closed.count
        medianDaysConcernToCase = Self.median(cases.compactMap(\.daysConcernToCase))
        improvedShare = closed.isEmpty ? nil : Double(closed.filter(\.improved).count) / Double(closed.count)
    }

    static func months(_ keys: [String], cases: [Facts]) -> [DashboardView.CaseMonth] {
        keys.map { key in
            let opened = cases.filter { SchoolDate($0.openedAt).monthKey == key }
            let closed = cases.filter { $0.closedAt.map { SchoolDate($0).monthKey == key } ?? false }
            let openAtEnd = MonthKeys.lastDay(of: key).map { monthEnd in
                cases.filter { SchoolDate($0.openedAt) <= monthEnd && ($0.closedAt.map { SchoolDate($0) > monthEnd } ?? true) }.count
            } ?? 0
            return DashboardView.CaseMonth(
                month: key, casesOpened: opened.count, openCasesAtEnd: openAtEnd, medianDaysConcernToCase: median(opened.compactMap(\.daysConcernToCase)),
                casesClosed: closed.count, improvedShare: closed.isEmpty ? nil : Double(closed.filter(\.improved).count) / Double(closed.count))
        }
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

extension CaseFigures.Facts {
    var daysConcernToCase: Double? { firstConcernAt.map { openedAt.timeIntervalSince($0) / 86400 } }
}
