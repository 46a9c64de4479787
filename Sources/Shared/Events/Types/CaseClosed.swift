import Foundation

/// `case.closed`: the evaluation at close — absence in the 4 weeks before the case against the
/// last 4 weeks, wellbeing before and after, and the outcome.
public struct CaseClosed: EventPayload {
    public static let topic = FremmoedeTopic.caseClosed

    public enum Outcome: String, Codable, Sendable { case improved, unchanged, worsened, transferred }

    public var caseId: String
    public var pupilKey: String
    public var schoolId: String
    public var outcome: Outcome
    public var absenceBefore: Double
    public var absenceAfter: Double
    public var wellbeingBefore: Int?
    public var wellbeingAfter: Int?
    public var team: [CaseTeamMember]
    public var closedAt: Date

    public init(
        caseId: String, pupilKey: String, schoolId: String, outcome: Outcome, absenceBefore: Double, absenceAfter: Double,
        wellbeingBefore: Int?, wellbeingAfter: Int?, team: [CaseTeamMember], closedAt: Date
    ) {
        self.caseId = caseId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.outcome = outcome
        self.absenceBefore = absenceBefore
        self.absenceAfter = absenceAfter
        self.wellbeingBefore = wellbeingBefore
        self.wellbeingAfter = wellbeingAfter
        self.team = team
        self.closedAt = closedAt
    }

    public var partitionKey: String { pupilKey }
}
