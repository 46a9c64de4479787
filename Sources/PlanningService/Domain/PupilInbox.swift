import Foundation
import PlanningAPI
import Shared

/// The opsporing inbox with the child as the unit of attention: one row per pupil with all of its
/// open findings (rule findings and staff reports), the pupil's triage state, and the order of
/// attention (docs/planning.md). Pure: storage hands in the open findings, the pupils' decisions
/// and open cases; the same input always gives the same page.
enum PupilInbox {
    /// An open finding: a concern not resolved (a staff report stays open until the pupil is decided on).
    struct Finding: Codable, Sendable, Equatable {
        var concernId: String
        var pupilKey: String
        var rule: String
        var origin: ConcernRaised.Origin
        var staffCategory: String?
        /// The school day the finding is about (its window's end), not when it was processed.
        var asOf: SchoolDate
        var rate: Double?
        var threshold: Double?
        var schoolDays: Int?
        var unauthorizedDays: Double?
        var raisedAt: Date
        /// The concern's own triage (from before the pupil-level triage, or set by it).
        var concernTriage: Concern.Triage
        var concernReviewDate: SchoolDate?

        var tier: InboxTier { InboxTier(rule: rule) }
        /// How far over its line: the share for rate rules, the count over its threshold for count rules.
        var weight: Double {
            guard let rate, let threshold else { return 0 }
            return threshold > 1 ? rate / threshold : rate
        }
    }

    /// What the team decided on a pupil, at which tier (the pupil's most urgent tier then).
    struct Decision: Codable, Sendable, Equatable {
        typealias Kind = InboxDecision.Kind
        var kind: Kind
        var tier: InboxTier
        var reason: String?
        var reviewDate: SchoolDate?
        var decidedAt: Date
        var caseId: String?
    }

    typealias State = InboxState
    /// Why a decided pupil is back in the list.
    typealias Returned = InboxReturn

    struct PupilInfo: Sendable, Equatable {
        var name: String
        var className: String
        var grade: Int
    }

    struct Row: Sendable, Equatable {
        var pupilKey: String
        var tier: InboxTier
        var state: State
        var returned: Returned?
        var findings: [Finding]
        var decision: Decision?
        var caseId: String?
        /// The oldest open finding's raise: how long the pupil has waited.
        var waitingSince: Date
        var pupil: PupilInfo?
    }

    struct Filter: Sendable, Equatable {
        var states: Set<State> = [.new]
        var className: String?
        var grade: Int?
        var rule: String?
        var hasCase: Bool?
        var tier: InboxTier?
    }

    struct Page: Sendable, Equatable {
        var total: Int
        var tierCounts: [InboxTier: Int]
        var rows: [Row]
    }

    /// The pupil's state today. A decided pupil comes back ("new") when a finding escalates to a more
    /// urgent tier than the one decided on, a watched one also on its review date, one with a case
    /// when the case is closed.
    static func state(tier: InboxTier, decision: Decision?, findings: [Finding], openCase: String?, today: SchoolDate) -> (State, Returned?) {
        guard let decision else {
            // No pupil-level decision yet: the concerns' own triage (from before it existed).
            if openCase != nil { return (.case, nil) }
            if findings.contains(where: { $0.concernTriage == .new }) { return (.new, nil) }
            if findings.contains(where: { $0.concernTriage == .watching && ($0.concernReviewDate ?? today) > today }) { return (.watching, nil) }
            if findings.contains(where: { $0.concernTriage == .watching }) { return (.new, .reviewDue) }
            return findings.contains(where: { $0.concernTriage == .dismissed }) ? (.dismissed, nil) : (.new, nil)
        }
        if tier < decision.tier { return (.new, .escalated) }
        switch decision.kind {
        case .watching, .contacting:
            if let review = decision.reviewDate, review <= today { return (.new, .reviewDue) }
            return (decision.kind == .watching ? .watching : .contacting, nil)
        case .dismissed:
            return (.dismissed, nil)
        case .case:
            return openCase != nil ? (.case, nil) : (.new, .caseClosed)
        }
    }

    /// The rows of every pupil with an open finding, before filters, in the order of attention.
    static func rows(findings: [Finding], decisions: [String: Decision], openCases: [String: String], pupils: [String: PupilInfo],
                     today: SchoolDate) -> [Row] {
        let byPupil = Dictionary(grouping: findings, by: \.pupilKey)
        var rows: [Row] = []
        for (key, open) in byPupil {
            let sorted = open.sorted { ($0.tier, -$0.weight, $0.raisedAt, $0.concernId) < ($1.tier, -$1.weight, $1.raisedAt, $1.concernId) }
            guard let top = sorted.first else { continue }
            let (state, returned) = state(tier: top.tier, decision: decisions[key], findings: open, openCase: openCases[key], today: today)
            rows.append(Row(pupilKey: key, tier: top.tier, state: state, returned: returned, findings: sorted, decision: decisions[key],
                            caseId: openCases[key], waitingSince: open.map(\.raisedAt).min() ?? top.raisedAt, pupil: pupils[key]))
        }
        return rows.sorted(by: inOrder)
    }

    /// The order of attention: tier, then the top finding's weight (higher first), then waiting time (longer first).
    static func inOrder(_ a: Row, _ b: Row) -> Bool {
        let (wa, wb) = (a.findings.first?.weight ?? 0, b.findings.first?.weight ?? 0)
        return (a.tier, -wa, a.waitingSince, a.pupilKey) < (b.tier, -wb, b.waitingSince, b.pupilKey)
    }

    static func matches(_ row: Row, _ filter: Filter) -> Bool {
        filter.states.contains(row.state)
            && (filter.className.map { row.pupil?.className == $0 } ?? true)
            && (filter.grade.map { row.pupil?.grade == $0 } ?? true)
            && (filter.rule.map { rule in row.findings.contains { $0.rule == rule } } ?? true)
            && (filter.hasCase.map { ($0 && row.caseId != nil) || (!$0 && row.caseId == nil) } ?? true)
            && (filter.tier.map { row.tier == $0 } ?? true)
    }

    /// One page of the filtered rows, with the count per tier of all rows the other filters keep
    /// (the tier filter narrows the page, not the counts, so the counts can link to each tier).
    static func page(_ rows: [Row], filter: Filter, offset: Int, limit: Int) -> Page {
        var untiered = filter
        untiered.tier = nil
        var counts: [InboxTier: Int] = [:]
        for row in rows where matches(row, untiered) { counts[row.tier, default: 0] += 1 }
        let matching = rows.filter { matches($0, filter) }
        let start = min(max(0, offset), matching.count)
        return Page(total: matching.count, tierCounts: counts, rows: Array(matching[start..<min(matching.count, start + max(0, limit))]))
    }
}
