import Foundation
import Shared

/// The plan (handlemuligheder) of a case: a goal — an attendance target by a date — and actions,
/// each in an arena with an owner, dates and a status, from the catalogue or written freely.
/// The body of `PUT /v1/cases/{caseId}/plan`.
public struct PlanDocument: Codable, Sendable, Equatable {
    public struct Action: Codable, Sendable, Equatable {
        public var actionId: String?
        public var catalogueCode: String
        /// Required for `custom`; defaults to the catalogue's Danish title.
        public var title: String?
        /// Free text: stays in PlanningService, never in an event.
        public var description: String?
        public var arena: Arena
        public var ownerStaffId: String
        public var startDate: SchoolDate?
        public var dueDate: SchoolDate?
        public var status: PlanUpdated.Action.Status

        public init(actionId: String? = nil, catalogueCode: String, title: String? = nil, description: String? = nil, arena: Arena,
                    ownerStaffId: String, startDate: SchoolDate? = nil, dueDate: SchoolDate? = nil, status: PlanUpdated.Action.Status) {
            self.actionId = actionId
            self.catalogueCode = catalogueCode
            self.title = title
            self.description = description
            self.arena = arena
            self.ownerStaffId = ownerStaffId
            self.startDate = startDate
            self.dueDate = dueDate
            self.status = status
        }
    }

    public var attendanceTarget: Double?
    public var targetDate: SchoolDate?
    public var actions: [Action]

    public init(attendanceTarget: Double? = nil, targetDate: SchoolDate? = nil, actions: [Action]) {
        self.attendanceTarget = attendanceTarget
        self.targetDate = targetDate
        self.actions = actions
    }
}

/// `GET /v1/cases/{caseId}/plan`: the current plan and its revision (0 = no plan yet); every saved
/// plan is a revision.
public struct PlanRevision: Codable, Sendable {
    public var revision: Int
    public var plan: PlanDocument
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(revision: Int, plan: PlanDocument, updatedAt: Date? = nil, updatedBy: String? = nil) {
        self.revision = revision
        self.plan = plan
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// `GET /v1/cases/{caseId}/plan/revisions`, newest first.
public struct PlanRevisions: Codable, Sendable {
    public var revisions: [PlanRevision]

    public init(revisions: [PlanRevision]) {
        self.revisions = revisions
    }
}

/// A handlemulighed (action) of the catalogue a plan picks from; the municipality can add its own.
/// `custom` is the code of an action written freely.
public struct CatalogueEntry: Codable, Sendable, Equatable {
    public var code: String
    public var titleDa: String
    public var titleEn: String
    public var arena: Arena

    public init(code: String, titleDa: String, titleEn: String, arena: Arena) {
        self.code = code
        self.titleDa = titleDa
        self.titleEn = titleEn
        self.arena = arena
    }

    public static let customCode = "custom"
}

/// `GET /v1/catalogue/actions`.
public struct Catalogue: Codable, Sendable {
    public var actions: [CatalogueEntry]

    public init(actions: [CatalogueEntry]) {
        self.actions = actions
    }
}
