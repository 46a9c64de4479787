import Foundation
import Shared

/// Where a case is in the workflow. Closing goes through the evaluation, never through a status edit.
public enum CaseStatus: String, Codable, Sendable, CaseIterable {
    case opened
    /// kortlægning under way
    case mapping
    /// handlemuligheder: the plan is being carried out
    case acting
    case evaluating
    case closed
}

/// `GET /v1/cases/{caseId}` (and the answer of every change to a case): the pupil, status, team and
/// participants, the concerns it was opened on, the pupil's legal tasks, the next meeting, the
/// timeline and, once closed, the evaluation.
public struct CaseView: Codable, Sendable {
    public var caseId: String
    public var status: CaseStatus
    public var version: Int
    public var schoolId: String
    public var pupilKey: String
    public var pupil: Pupil?
    public var openedAt: Date
    public var openedBy: String
    public var meetingCadenceDays: Int?
    public var nextMeetingAt: Date?
    public var team: [CaseTeam.Member]
    public var participants: [CaseTeam.Participant]
    public var concerns: [Concern]
    public var legalTasks: [LegalTask]
    public var timeline: [CaseTimelineEntry]
    public var closedAt: Date?
    public var evaluation: CaseEvaluationRecord?

    public init(caseId: String, status: CaseStatus, version: Int, schoolId: String, pupilKey: String, pupil: Pupil? = nil, openedAt: Date,
                openedBy: String, meetingCadenceDays: Int? = nil, nextMeetingAt: Date? = nil, team: [CaseTeam.Member],
                participants: [CaseTeam.Participant], concerns: [Concern], legalTasks: [LegalTask], timeline: [CaseTimelineEntry],
                closedAt: Date? = nil, evaluation: CaseEvaluationRecord? = nil) {
        self.caseId = caseId
        self.status = status
        self.version = version
        self.schoolId = schoolId
        self.pupilKey = pupilKey
        self.pupil = pupil
        self.openedAt = openedAt
        self.openedBy = openedBy
        self.meetingCadenceDays = meetingCadenceDays
        self.nextMeetingAt = nextMeetingAt
        self.team = team
        self.participants = participants
        self.concerns = concerns
        self.legalTasks = legalTasks
        self.timeline = timeline
        self.closedAt = closedAt
        self.evaluation = evaluation
    }
}

/// One entry of a case's timeline: what changed, not the content.
public struct CaseTimelineEntry: Codable, Sendable {
    public var at: Date
    public var staffId: String
    public var kind: String
    public var summary: String

    public init(at: Date, staffId: String, kind: String, summary: String) {
        self.at = at
        self.staffId = staffId
        self.kind = kind
        self.summary = summary
    }
}

/// What the evaluation at close found, kept on the case.
public struct CaseEvaluationRecord: Codable, Sendable, Equatable {
    public var absenceBefore: Double
    public var absenceAfter: Double
    public var weeksBefore: Int
    public var weeksAfter: Int
    public var wellbeingBefore: Int?
    public var wellbeingAfter: Int?
    public var outcome: CaseClosed.Outcome
    public var note: String?

    public init(absenceBefore: Double, absenceAfter: Double, weeksBefore: Int, weeksAfter: Int, wellbeingBefore: Int? = nil,
                wellbeingAfter: Int? = nil, outcome: CaseClosed.Outcome, note: String? = nil) {
        self.absenceBefore = absenceBefore
        self.absenceAfter = absenceAfter
        self.weeksBefore = weeksBefore
        self.weeksAfter = weeksAfter
        self.wellbeingBefore = wellbeingBefore
        self.wellbeingAfter = wellbeingAfter
        self.outcome = outcome
        self.note = note
    }
}
