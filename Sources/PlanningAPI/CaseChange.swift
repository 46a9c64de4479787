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
