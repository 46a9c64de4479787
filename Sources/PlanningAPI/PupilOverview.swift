import Shared

/// `GET /v1/pupils/{pupilKey}`: who the pupil is, the current absence, the concerns, the legal tasks
/// and the cases recorded at the pupil's current school.
public struct PupilOverview: Codable, Sendable {
    public var pupil: Pupil
    public var absence: AbsenceSummary?
    public var concerns: [Concern]
    public var legalTasks: [LegalTask]
    public var caseIds: [String]
    /// The pupil's open case, if any (a pupil has at most one).
    public var openCaseId: String?

    public init(pupil: Pupil, absence: AbsenceSummary? = nil, concerns: [Concern], legalTasks: [LegalTask], caseIds: [String],
                openCaseId: String? = nil) {
        self.pupil = pupil
        self.absence = absence
        self.concerns = concerns
        self.legalTasks = legalTasks
        self.caseIds = caseIds
        self.openCaseId = openCaseId
    }
}
