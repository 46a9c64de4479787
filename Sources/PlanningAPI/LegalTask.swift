import Foundation
import Shared

/// A task of the legal track a quarter rule created: warn the parents, or underretning (notify the
/// municipality), with its deadline; open until done or cancelled.
public struct LegalTask: Codable, Sendable, Equatable {
    public var taskId: String
    public var kind: PlanUpdated.LegalTask.Kind
    public var concernId: String
    public var pupilKey: String
    public var schoolId: String
    public var period: String
    public var dueDate: SchoolDate
    public var doneAt: Date?
    public var doneBy: String?
    public var note: String?
    public var cancelledReason: String?

    public init(taskId: String, kind: PlanUpdated.LegalTask.Kind, concernId: String, pupilKey: String, schoolId: String, period: String,
                dueDate: SchoolDate, doneAt: Date? = nil, doneBy: String? = nil, note: String? = nil, cancelledReason: String? = nil) {
        self.taskId = taskId
        self.kind = kind
        self.concernId = concernId
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.period = period
        self.dueDate = dueDate
        self.doneAt = doneAt
        self.doneBy = doneBy
        self.note = note
        self.cancelledReason = cancelledReason
    }

    public var isOpen: Bool { doneAt == nil && cancelledReason == nil }

    /// The task a rule's finding creates: the warning for 10 % of the quarter, the underretning for 15 %.
    public static func kind(forRule rule: String) -> PlanUpdated.LegalTask.Kind? {
        switch rule {
        case "unauthorized-quarter-warning": .warnParents
        case "unauthorized-quarter-report": .notifyMunicipality
        default: nil
        }
    }
}

/// `GET /v1/schools/{schoolId}/legal-tasks`: the open tasks, soonest deadline first.
public struct LegalTaskList: Codable, Sendable {
    public var schoolId: String
    public var tasks: [LegalTask]

    public init(schoolId: String, tasks: [LegalTask]) {
        self.schoolId = schoolId
        self.tasks = tasks
    }
}

/// `POST /v1/legal-tasks/{taskId}/complete`.
public struct LegalTaskCompletion: Codable, Sendable {
    public var note: String?

    public init(note: String? = nil) {
        self.note = note
    }
}
