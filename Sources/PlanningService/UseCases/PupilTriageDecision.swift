import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Triage on the pupil (the inbox's and the opsporing meeting's decision): dismiss, watch, contact
/// the parents or open a case, covering all of the pupil's open findings, in the caller's
/// transaction and audited.
enum PupilTriageDecision {
    /// Weekdays until a "contact the parents" decision is looked at again when no date is given.
    static let contactReviewWeekdays = 10

    /// The checks on a pupil's decision; `index` is its place in a meeting's batch of decisions.
    static func validate(_ triage: PupilTriage, today: SchoolDate, index: Int? = nil) throws {
        let decision: TriageInput.Decision = switch triage.decision {
        case .dismiss: .dismiss
        case .watch: .watch
        case .contactParents: .contactParents
        case .openCase: .openCase
        }
        do {
            try TriageInput.validate(decision, reason: triage.reason, reviewDate: triage.reviewDate, team: triage.team,
                                     meetingCadenceDays: triage.meetingCadenceDays, today: today) { problems in
                problems.require((triage.reason ?? "").unicodeScalars.count <= 500, "reason", "must be at most 500 characters")
            }
        } catch var problem as ProblemDetails where index != nil {
            problem.errors = problem.errors?.map { ProblemDetails.InvalidItem(index: index, field: $0.field, reason: $0.reason) }
            throw problem
        }
    }

    /// A decision on the pupil covering all of its open findings, in the caller's transaction (audited).
    static func decide(_ triage: PupilTriage, pupil pupilKey: String, school: String, staff: StaffPrincipal, role: String, today: SchoolDate,
                       on connection: PostgresConnection, logger: Logger) async throws -> PupilTriaged {
        guard let pupil = try await ReadModelStore.pupil(pupilKey, on: connection, logger: logger), pupil.schoolId == school, !pupil.erased else {
            throw ProblemDetails.notFound("no pupil '\(pupilKey)' at school '\(school)'")
        }
        let open = try await PupilTriageStore.openFindings(pupil: pupilKey, school: school, on: connection, logger: logger)
        guard let tier = open.map(\.tier).min() else { throw ProblemDetails.conflict("the pupil has no open findings to decide on") }
        var decision = PupilInbox.Decision(kind: .watching, tier: tier, reason: triage.reason, reviewDate: triage.reviewDate, decidedAt: Date())
        var caseId: String?
        var created = false
        let undecided = open.filter { $0.concernTriage != .case }
        switch triage.decision {
        case .dismiss, .watch, .contactParents:
            decision.kind = triage.decision == .dismiss ? .dismissed : triage.decision == .watch ? .watching : .contacting
            if triage.decision == .contactParents, decision.reviewDate == nil { decision.reviewDate = today.addingWeekdays(contactReviewWeekdays) }
            if decision.kind == .dismissed { decision.reviewDate = nil }
            for finding in undecided {
                try await ConcernStore.triage(finding.concernId, to: decision.kind == .dismissed ? .dismissed : .watching, reason: triage.reason,
                                              reviewDate: decision.reviewDate, caseId: nil, by: staff.staffId, on: connection, logger: logger)
            }
        case .openCase:
            var concerns: [Concern] = []
            for finding in PupilInbox.rows(findings: undecided, decisions: [:], openCases: [:], pupils: [:], today: today).first?.findings ?? [] {
                if let concern = try await ConcernStore.concern(finding.concernId, on: connection, logger: logger) { concerns.append(concern) }
            }
            if concerns.isEmpty, let existing = try await CaseStore.openCase(pupil: pupilKey, on: connection, logger: logger) {
                caseId = existing
            } else {
                let opened = try await CaseOpening.openOrJoin(concerns, team: triage.team ?? [], meetingCadenceDays: triage.meetingCadenceDays,
                                                              reason: triage.reason, by: staff.staffId, on: connection, logger: logger)
                (caseId, created) = (opened.caseId, opened.created)
            }
            (decision.kind, decision.caseId, decision.reviewDate) = (.case, caseId, nil)
        }
        try await PupilTriageStore.decide(pupil: pupilKey, school: school, decision, by: staff.staffId, on: connection, logger: logger)
        try await AuditLog.record(staff, role: role, action: "triage-pupil:\(triage.decision.rawValue)", pupils: [pupilKey],
                                  caseId: caseId, schoolId: school, on: connection, logger: logger)
        let state = PupilInbox.state(tier: tier, decision: decision, findings: open, openCase: caseId, today: today).0
        return PupilTriaged(pupilKey: pupilKey, state: state, concernIds: open.map(\.concernId).sorted(), caseId: caseId, caseCreated: created)
    }
}
