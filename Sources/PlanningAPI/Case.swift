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

/// A case in `GET /v1/cases`.
public struct CaseSummary: Codable, Sendable {
    public var caseId: String
    public var pupilKey: String
    public var schoolId: String
    public var status: CaseStatus
    public var openedAt: Date
    public var closedAt: Date?
    public var givenName: String?
    public var familyName: String?
    public var className: String?

    public init(caseId: String, pupilKey: String, schoolId: String, status: CaseStatus, openedAt: Date, closedAt: Date? = nil,
                givenName: String? = nil, familyName: String? = nil, className: String? = nil) {
        self.caseId = caseId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.status = status
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.givenName = givenName
        self.familyName = familyName
        self.className = className
    }
}

/// `GET /v1/cases`: the cases the caller may see.
public struct CaseList: Codable, Sendable {
    public var cases: [CaseSummary]

    public init(cases: [CaseSummary]) {
        self.cases = cases
    }
}

/// `PATCH /v1/cases/{caseId}`: what to change; what is left out stays.
public struct CaseChange: Codable, Sendable {
    public var status: CaseStatus?
    public var meetingCadenceDays: Int?
    public var team: [CaseTeam.Member]?
    public var participants: [CaseTeam.Participant]?

    public init(status: CaseStatus? = nil, meetingCadenceDays: Int? = nil, team: [CaseTeam.Member]? = nil,
                participants: [CaseTeam.Participant]? = nil) {
        self.status = status
        self.meetingCadenceDays = meetingCadenceDays
        self.team = team
        self.participants = participants
    }
}

/// `POST /v1/cases/{caseId}/close`: the evaluation's own part.
public struct CaseClosing: Codable, Sendable {
    /// The case moved elsewhere (another school, a municipal service): the outcome is `transferred`.
    public var transferred: Bool?
    public var wellbeingAfter: Int?
    public var note: String?

    public init(transferred: Bool? = nil, wellbeingAfter: Int? = nil, note: String? = nil) {
        self.transferred = transferred
        self.wellbeingAfter = wellbeingAfter
        self.note = note
    }
}

/// `POST /v1/pupils/{pupilKey}/cases`: a case opened from the pupil's page without a concern.
public struct PupilCaseOpening: Codable, Sendable {
    public var reason: String?
    public var team: [CaseTeam.Member]?
    public var meetingCadenceDays: Int?

    public init(reason: String? = nil, team: [CaseTeam.Member]? = nil, meetingCadenceDays: Int? = nil) {
        self.reason = reason
        self.team = team
        self.meetingCadenceDays = meetingCadenceDays
    }
}
