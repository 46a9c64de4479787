import PlanningAPI
import Shared

/// The plan's rules: the empty plan of a new case, the checks against the catalogue before a plan
/// is saved (every saved version is a revision), and the plan as its event carries it.
extension PlanDocument {
    static let empty = PlanDocument(attendanceTarget: nil, targetDate: nil, actions: [])

    /// Checks the plan against the catalogue, fills in ids and titles, and returns it ready to save.
    func validated(catalogue: [String: CatalogueEntry], newID: () -> String) throws -> PlanDocument {
        var problems = InputProblems()
        if let target = attendanceTarget {
            problems.require((0...1).contains(target), "attendanceTarget", "must be between 0 and 1 (e.g. 0.95), got \(target)")
            problems.require(targetDate != nil, "targetDate", "is required with an attendance target")
        }
        var ids = Set<String>()
        var plan = self
        for (index, action) in actions.enumerated() {
            let field = "actions[\(index)]"
            let entry = catalogue[action.catalogueCode]
            problems.require(entry != nil || action.catalogueCode == CatalogueEntry.customCode, "\(field).catalogueCode",
                             "'\(action.catalogueCode)' is not in the catalogue (or use 'custom' with a title)")
            if action.catalogueCode == CatalogueEntry.customCode {
                problems.require(InputProblems.nonBlank(action.title), "\(field).title", "is required for a custom action")
            }
            problems.require(InputProblems.nonBlank(action.ownerStaffId), "\(field).ownerStaffId", "is required: who carries the action out")
            if let start = action.startDate, let due = action.dueDate {
                problems.require(start <= due, "\(field).dueDate", "\(due) is before the start date \(start)")
            }
            let id = action.actionId ?? newID()
            problems.require(ids.insert(id).inserted, "\(field).actionId", "'\(id)' appears twice")
            plan.actions[index].actionId = id
            if plan.actions[index].title == nil { plan.actions[index].title = entry?.titleDa }
        }
        try problems.throwIfAny("The plan is not valid")
        return plan
    }

    /// The plan as the event carries it: codes, owners, dates and status; no free text.
    var eventActions: [PlanUpdated.Action] {
        actions.map {
            PlanUpdated.Action(actionId: $0.actionId ?? "", catalogueCode: $0.catalogueCode, arena: $0.arena.rawValue,
                               ownerStaffId: $0.ownerStaffId, startDate: $0.startDate, dueDate: $0.dueDate, status: $0.status)
        }
    }
}
