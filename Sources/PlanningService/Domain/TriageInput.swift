import PlanningAPI
import Shared

/// The checks on a triage decision's fields, for a concern's triage and a pupil's alike: a reason to
/// dismiss, a review date (not in the past) to watch, the team to open a case.
enum TriageInput {
    enum Decision: Sendable { case dismiss, watch, contactParents, openCase }

    static func validate(_ decision: Decision, reason: String?, reviewDate: SchoolDate?, team: [CaseTeam.Member]?, meetingCadenceDays: Int?,
                         today: SchoolDate, extra: (inout InputProblems) -> Void = { _ in }) throws {
        var problems = InputProblems()
        switch decision {
        case .dismiss:
            problems.require(InputProblems.nonBlank(reason), "reason", "is required when dismissing: why there is no concern")
        case .watch, .contactParents:
            if decision == .watch { problems.require(reviewDate != nil, "reviewDate", "is required when watching: when to look again") }
            if let date = reviewDate { problems.require(date >= today, "reviewDate", "\(date) is in the past") }
        case .openCase:
            problems.require(team != nil, "team", "is required when opening a case: the tovholder and the team")
            if let days = meetingCadenceDays { problems.require((1...90).contains(days), "meetingCadenceDays", "must be from 1 to 90") }
        }
        extra(&problems)
        try problems.throwIfAny("The triage is not valid")
        if let team { try CaseTeam.validate(team) }
    }
}
