import Foundation

/// `case.opened`: a case is opened on one or more concerns, with its tovholder (coordinator) and team.
public struct CaseOpened: EventPayload {
    public static let topic = FremmoedeTopic.caseOpened

    public var caseId: String
    public var pupilKey: String
    public var schoolId: String
    public var concernIds: [String]
    public var coordinatorStaffId: String
    public var team: [CaseTeamMember]
    public var openedAt: Date

    public init(caseId: String, pupilKey: String, schoolId: String, concernIds: [String], coordinatorStaffId: String, team: [CaseTeamMember], openedAt: Date) {
        self.caseId = caseId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.concernIds = concernIds
        self.coordinatorStaffId = coordinatorStaffId
        self.team = team
        self.openedAt = openedAt
    }

    public var partitionKey: String { pupilKey }
}
