import Foundation
import Shared

/// A concern in a school's inbox: a rule finding from ScreeningService or a staff report, with its
/// resolution and triage. `GET /v1/concerns/{concernId}`, and an item of the lists that hold concerns.
public struct Concern: Codable, Sendable {
    /// Where the concern stands: new, watched until a review date, dismissed, or on a case.
    public enum Triage: String, Codable, Sendable, CaseIterable { case new, watching, dismissed, `case` }

    public var concernId: String
    public var pupilKey: String
    public var schoolId: String
    public var origin: ConcernRaised.Origin
    public var rule: String
    public var staffCategory: String?
    public var description: String?
    /// The staff member who reported it (staff reports only).
    public var reportedBy: String?
    /// True when the reader may not see a staff report's description (docs/authorization.md).
    public var descriptionWithheld: Bool?
    public var period: String
    public var windowStart: SchoolDate
    public var windowEnd: SchoolDate
    public var raisedAt: Date
    public var explanation: ConcernRaised.Explanation?
    public var escalatesConcernId: String?
    public var resolvedAt: Date?
    public var resolvedReason: String?
    public var triage: Triage
    public var triageReason: String?
    public var reviewDate: SchoolDate?
    public var caseId: String?
    public var version: Int
    public var pupil: Pupil?

    public init(concernId: String, pupilKey: String, schoolId: String, origin: ConcernRaised.Origin, rule: String, staffCategory: String? = nil,
                description: String? = nil, reportedBy: String? = nil, descriptionWithheld: Bool? = nil, period: String, windowStart: SchoolDate,
                windowEnd: SchoolDate, raisedAt: Date, explanation: ConcernRaised.Explanation? = nil, escalatesConcernId: String? = nil,
                resolvedAt: Date? = nil, resolvedReason: String? = nil, triage: Triage, triageReason: String? = nil, reviewDate: SchoolDate? = nil,
                caseId: String? = nil, version: Int, pupil: Pupil? = nil) {
        self.concernId = concernId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.origin = origin
        self.rule = rule
        self.staffCategory = staffCategory
        self.description = description
        self.reportedBy = reportedBy
        self.descriptionWithheld = descriptionWithheld
        self.period = period
        self.windowStart = windowStart
        self.windowEnd = windowEnd
        self.raisedAt = raisedAt
        self.explanation = explanation
        self.escalatesConcernId = escalatesConcernId
        self.resolvedAt = resolvedAt
        self.resolvedReason = resolvedReason
        self.triage = triage
        self.triageReason = triageReason
        self.reviewDate = reviewDate
        self.caseId = caseId
        self.version = version
        self.pupil = pupil
    }
}

/// `GET /v1/schools/{schoolId}/concerns`: the school's concerns in the asked triage states.
public struct ConcernInbox: Codable, Sendable {
    public var schoolId: String
    public var concerns: [Concern]

    public init(schoolId: String, concerns: [Concern]) {
        self.schoolId = schoolId
        self.concerns = concerns
    }
}

/// `POST /v1/schools/{schoolId}/concerns`: a staff member's worry about a pupil.
public struct StaffReport: Codable, Sendable {
    public var pupilKey: String
    /// wellbeing, social, academic, family, health or other
    public var category: String
    public var description: String

    public init(pupilKey: String, category: String, description: String) {
        self.pupilKey = pupilKey
        self.category = category
        self.description = description
    }
}

/// `POST /v1/concerns/{concernId}/triage`: a decision on one concern.
public struct ConcernTriageRequest: Codable, Sendable {
    public enum Decision: String, Codable, Sendable { case dismiss, watch, openCase = "open-case" }
    public var decision: Decision
    public var reason: String?
    public var reviewDate: SchoolDate?
    public var team: [CaseTeam.Member]?
    public var meetingCadenceDays: Int?

    public init(decision: Decision, reason: String? = nil, reviewDate: SchoolDate? = nil, team: [CaseTeam.Member]? = nil,
                meetingCadenceDays: Int? = nil) {
        self.decision = decision
        self.reason = reason
        self.reviewDate = reviewDate
        self.team = team
        self.meetingCadenceDays = meetingCadenceDays
    }
}

/// The answer to a concern's triage: the concern as it is now and the case it went to.
public struct ConcernTriaged: Codable, Sendable {
    public var concern: Concern
    public var caseId: String?
    public var caseCreated: Bool

    public init(concern: Concern, caseId: String? = nil, caseCreated: Bool) {
        self.concern = concern
        self.caseId = caseId
        self.caseCreated = caseCreated
    }
}
