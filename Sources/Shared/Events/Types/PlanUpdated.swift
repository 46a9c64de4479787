import Foundation

/// `plan.updated`: a new revision of a case's plan (handlemuligheder): the goal, the actions with
/// owners and dates, the next meeting and the legal tasks — what reminders are made of. Action
/// titles come from the catalogue; free-text descriptions stay in PlanningService.
public struct PlanUpdated: EventPayload {
    public static let topic = FremmoedeTopic.planUpdated

    public struct Action: Codable, Sendable, Equatable {
        public enum Status: String, Codable, Sendable { case planned, active, done, cancelled }
        public var actionId: String
        /// The catalogue entry (e.g. `gradual-return`), or `custom`.
        public var catalogueCode: String
        public var arena: String
        public var ownerStaffId: String
        public var startDate: SchoolDate?
        public var dueDate: SchoolDate?
        public var status: Status

        public init(actionId: String, catalogueCode: String, arena: String, ownerStaffId: String, startDate: SchoolDate?, dueDate: SchoolDate?, status: Status) {
            self.actionId = actionId
            self.catalogueCode = catalogueCode
            self.arena = arena
            self.ownerStaffId = ownerStaffId
            self.startDate = startDate
            self.dueDate = dueDate
            self.status = status
        }
    }

    public struct LegalTask: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable {
            case warnParents = "warn-parents"
            case notifyMunicipality = "notify-municipality"
        }
        public var taskId: String
        public var kind: Kind
        public var dueDate: SchoolDate
        public var done: Bool

        public init(taskId: String, kind: Kind, dueDate: SchoolDate, done: Bool) {
            self.taskId = taskId
            self.kind = kind
            self.dueDate = dueDate
            self.done = done
        }
    }

    public var caseId: String
    public var pupilKey: String
    public var schoolId: String
    public var planRevision: Int
    public var attendanceTarget: Double?
    public var targetDate: SchoolDate?
    public var actions: [Action]
    public var nextMeeting: Date?
    public var legalTasks: [LegalTask]
    public var team: [CaseTeamMember]
    public var updatedAt: Date

    public init(
        caseId: String, pupilKey: String, schoolId: String, planRevision: Int, attendanceTarget: Double?, targetDate: SchoolDate?,
        actions: [Action], nextMeeting: Date?, legalTasks: [LegalTask], team: [CaseTeamMember], updatedAt: Date
    ) {
        self.caseId = caseId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.planRevision = planRevision
        self.attendanceTarget = attendanceTarget
        self.targetDate = targetDate
        self.actions = actions
        self.nextMeeting = nextMeeting
        self.legalTasks = legalTasks
        self.team = team
        self.updatedAt = updatedAt
    }

    public var partitionKey: String { pupilKey }
}
