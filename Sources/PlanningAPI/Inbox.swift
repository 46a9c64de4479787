import Foundation
import Shared

/// A pupil's place in the inbox: new, or what the team decided on it.
public enum InboxState: String, Codable, Sendable, CaseIterable { case new, watching, contacting, dismissed, `case` }

/// Why a decided pupil is back in the list.
public enum InboxReturn: String, Codable, Sendable { case escalated, reviewDue = "review-due", caseClosed = "case-closed" }

/// The number of pupils of a tier on the inbox's filters (without the tier filter).
public struct InboxTierCount: Codable, Sendable {
    public var tier: String
    public var rank: Int
    public var count: Int

    public init(tier: String, rank: Int, count: Int) {
        self.tier = tier
        self.rank = rank
        self.count = count
    }
}

/// One open finding on a pupil's row.
public struct InboxFinding: Codable, Sendable {
    public var concernId: String
    public var rule: String
    public var tier: String
    public var origin: ConcernRaised.Origin
    public var staffCategory: String?
    /// The school day the finding is about (its window's end), not when it was processed.
    public var asOf: SchoolDate
    public var rate: Double?
    public var threshold: Double?
    public var schoolDays: Int?
    public var unauthorizedDays: Double?
    public var raisedAt: Date

    public init(concernId: String, rule: String, tier: String, origin: ConcernRaised.Origin, staffCategory: String? = nil, asOf: SchoolDate,
                rate: Double? = nil, threshold: Double? = nil, schoolDays: Int? = nil, unauthorizedDays: Double? = nil, raisedAt: Date) {
        self.concernId = concernId
        self.rule = rule
        self.tier = tier
        self.origin = origin
        self.staffCategory = staffCategory
        self.asOf = asOf
        self.rate = rate
        self.threshold = threshold
        self.schoolDays = schoolDays
        self.unauthorizedDays = unauthorizedDays
        self.raisedAt = raisedAt
    }
}

/// What the team decided on a pupil, at which tier.
public struct InboxDecision: Codable, Sendable {
    public enum Kind: String, Codable, Sendable, CaseIterable { case watching, contacting, dismissed, `case` }
    public var kind: Kind
    public var tier: String
    public var reason: String?
    public var reviewDate: SchoolDate?
    public var decidedAt: Date

    public init(kind: Kind, tier: String, reason: String? = nil, reviewDate: SchoolDate? = nil, decidedAt: Date) {
        self.kind = kind
        self.tier = tier
        self.reason = reason
        self.reviewDate = reviewDate
        self.decidedAt = decidedAt
    }
}

/// One pupil in the inbox, with all of its open findings.
public struct InboxRow: Codable, Sendable {
    public var pupilKey: String
    public var pupil: Pupil?
    public var tier: String
    public var rank: Int
    public var state: InboxState
    public var returned: InboxReturn?
    public var caseId: String?
    public var waitingSince: Date
    public var decision: InboxDecision?
    public var findings: [InboxFinding]

    public init(pupilKey: String, pupil: Pupil? = nil, tier: String, rank: Int, state: InboxState, returned: InboxReturn? = nil,
                caseId: String? = nil, waitingSince: Date, decision: InboxDecision? = nil, findings: [InboxFinding]) {
        self.pupilKey = pupilKey
        self.pupil = pupil
        self.tier = tier
        self.rank = rank
        self.state = state
        self.returned = returned
        self.caseId = caseId
        self.waitingSince = waitingSince
        self.decision = decision
        self.findings = findings
    }
}

/// `GET /v1/schools/{schoolId}/inbox`: one row per pupil in the order of attention, a page of them,
/// and the count per tier.
public struct InboxView: Codable, Sendable {
    public var schoolId: String
    public var today: SchoolDate
    public var total: Int
    public var offset: Int
    public var limit: Int
    public var tiers: [InboxTierCount]
    public var pupils: [InboxRow]

    public init(schoolId: String, today: SchoolDate, total: Int, offset: Int, limit: Int, tiers: [InboxTierCount], pupils: [InboxRow]) {
        self.schoolId = schoolId
        self.today = today
        self.total = total
        self.offset = offset
        self.limit = limit
        self.tiers = tiers
        self.pupils = pupils
    }
}

/// `POST /v1/schools/{schoolId}/pupils/{pupilKey}/triage`: a decision on the pupil that covers all
/// of its open findings.
public struct PupilTriage: Codable, Sendable {
    public enum Decision: String, Codable, Sendable, CaseIterable { case dismiss, watch, contactParents = "contact-parents", openCase = "open-case" }
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

/// The answer to a pupil's triage.
public struct PupilTriaged: Codable, Sendable {
    public var pupilKey: String
    public var state: InboxState
    public var concernIds: [String]
    public var caseId: String?
    public var caseCreated: Bool

    public init(pupilKey: String, state: InboxState, concernIds: [String], caseId: String? = nil, caseCreated: Bool) {
        self.pupilKey = pupilKey
        self.state = state
        self.concernIds = concernIds
        self.caseId = caseId
        self.caseCreated = caseCreated
    }
}
