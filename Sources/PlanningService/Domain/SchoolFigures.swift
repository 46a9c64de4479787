import Foundation
import PlanningAPI

/// The figures of `GET /v1/dashboard/schools` for one school or several together, from counts (pure): the
/// share of pupils with concerning absence month by month against the target (the first month's
/// share reduced by the municipality's goal, as `DashboardFigures` defines it), the latest quarter's
/// pupils with unauthorized absence at or over the threshold, open cases, the median days from the
/// first concern to the case, and the share of closed cases that improved.
struct SchoolFigures: Sendable, Equatable {
    struct MonthCount: Sendable, Equatable { var schoolId: String; var month: String; var pupils: Int; var concerning: Int }
    struct QuarterCount: Sendable, Equatable { var schoolId: String; var quarter: String; var pupils: Int; var unauthorized: Int }
    struct CaseFacts: Sendable, Equatable { var schoolId: String; var openedAt: Date; var firstConcernAt: Date?; var closedAt: Date?; var improved: Bool }

    var months: [String]
    /// Per month: the pupils with a figure that month, and those with concerning absence.
    var pupils: [Int]
    var concerning: [Int]
    var shares: [Double?]
    var targets: [Double?]
    var latestPupils: Int
    var latestQuarter: QuarterCount?
    var openCases: Int
    var medianDaysConcernToCase: Double?
    var improvedShare: Double?

    /// The figures of the schools `include` picks (one school, or all for the municipality).
    static func compute(months: [String], counts: [MonthCount], quarters: [QuarterCount], cases: [CaseFacts], targetReduction: Double,
                        include: (String) -> Bool) -> SchoolFigures {
        var pupils: [String: Int] = [:], concerning: [String: Int] = [:]
        for count in counts where include(count.schoolId) {
            pupils[count.month, default: 0] += count.pupils
            concerning[count.month, default: 0] += count.concerning
        }
        let shares = months.map { month in pupils[month].flatMap { $0 > 0 ? Double(concerning[month] ?? 0) / Double($0) : nil } }
        let baseline = shares.compactMap { $0 }.first
        var seen = false
        let targets = shares.map { share -> Double? in
            if share != nil { seen = true }
            return seen ? baseline.map { $0 * (1 - targetReduction) } : nil
        }
        var byQuarter: [String: QuarterCount] = [:]
        for quarter in quarters where include(quarter.schoolId) {
            byQuarter[quarter.quarter, default: QuarterCount(schoolId: "", quarter: quarter.quarter, pupils: 0, unauthorized: 0)].pupils += quarter.pupils
            byQuarter[quarter.quarter]!.unauthorized += quarter.unauthorized
        }
        let mine = cases.filter { include($0.schoolId) }
        let closed = mine.filter { $0.closedAt != nil }
        return SchoolFigures(
            months: months, pupils: months.map { pupils[$0] ?? 0 }, concerning: months.map { concerning[$0] ?? 0 }, shares: shares, targets: targets,
            latestPupils: months.last(where: { pupils[$0] != nil }).flatMap { pupils[$0] } ?? 0,
            latestQuarter: byQuarter.keys.max().flatMap { byQuarter[$0] }, openCases: mine.count - closed.count,
            medianDaysConcernToCase: DashboardFigures.median(mine.compactMap { facts in facts.firstConcernAt.map { facts.openedAt.timeIntervalSince($0) / 86400 } }),
            improvedShare: closed.isEmpty ? nil : Double(closed.filter(\.improved).count) / Double(closed.count))
    }

    /// The months as the API answers them.
    var apiMonths: [SchoolsDashboard.Month] {
        months.indices.map {
            SchoolsDashboard.Month(month: months[$0], pupils: pupils[$0], pupilsConcerning: concerning[$0], concerningShare: shares[$0], targetShare: targets[$0])
        }
    }
}
