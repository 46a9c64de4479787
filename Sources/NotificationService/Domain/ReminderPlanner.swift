import Foundation
import Shared

/// A reminder (påmindelse) a plan calls for: an action that falls due, a meeting coming up, a
/// legal deadline. Its id names what it reminds of and when that is due, so the same plan sent
/// again plans the same reminders, and a moved date is a new reminder (the old one is cancelled).
struct PlannedReminder: Sendable, Equatable {
    enum Kind: String, Sendable, Codable {
        case actionDue = "action-due"
        case meeting
        case legalDeadline = "legal-deadline"
    }

    var reminderId: String
    var kind: Kind
    var caseId: String
    var schoolId: String
    /// What is due, for the text: a date (`2026-12-01`) or a local date and time.
    var due: String
    var fireAt: Date
    var recipients: [Recipient]
}

/// Turns a plan revision into the reminders it calls for (pure; `now` is given).
/// - action due: the day before the due date at `hour`, to the action's owner;
/// - meeting: 24 hours before, to the whole team;
/// - legal deadline: three days before at `hour`, to the coordinator and the school leader; one
///   already overdue and not done is reminded of once, at once.
/// Done or cancelled actions, done tasks and past meetings plan nothing.
enum ReminderPlanner {
    static func reminders(for plan: PlanUpdated, now: Date, hour: Int) -> [PlannedReminder] {
        let today = SchoolDate(now)
        var result: [PlannedReminder] = []
        func members(_ roles: Set<CaseTeamMember.Role>) -> [CaseTeamMember] {
            let chosen = plan.team.filter { roles.contains($0.role) }
            return chosen.isEmpty ? plan.team : chosen
        }
        func recipients(_ team: [CaseTeamMember], reason: String) -> [Recipient] {
            RecipientResolver.recipients(kind: .reminder, schoolId: plan.schoolId, rules: [], team: team).map {
                Recipient(address: $0.address, staffId: $0.staffId, reason: reason)
            }
        }

        for action in plan.actions where action.status == .planned || action.status == .active {
            guard let due = action.dueDate, due >= today else { continue }
            let owner = plan.team.filter { $0.staffId == action.ownerStaffId }
            let to = owner.isEmpty ? members([.coordinator]) : owner
            result.append(PlannedReminder(
                reminderId: "action:\(plan.caseId):\(action.actionId):\(due)", kind: .actionDue, caseId: plan.caseId,
                schoolId: plan.schoolId, due: due.description, fireAt: due.adding(days: -1).moment(hour: hour),
                recipients: recipients(to, reason: "reminder:action-owner")))
        }
        if let meeting = plan.nextMeeting, meeting > now {
            result.append(PlannedReminder(
                reminderId: "meeting:\(plan.caseId):\(Int(meeting.timeIntervalSince1970))", kind: .meeting, caseId: plan.caseId,
                schoolId: plan.schoolId, due: LocalTime.display(meeting), fireAt: meeting.addingTimeInterval(-24 * 3600),
                recipients: recipients(plan.team, reason: "reminder:team")))
        }
        for task in plan.legalTasks where !task.done {
            let fireAt = task.dueDate.adding(days: -3).moment(hour: hour)
            result.append(PlannedReminder(
                reminderId: "legal:\(plan.caseId):\(task.taskId):\(task.dueDate)", kind: .legalDeadline, caseId: plan.caseId,
                schoolId: plan.schoolId, due: task.dueDate.description, fireAt: fireAt,
                recipients: recipients(members([.coordinator, .schoolLeader]), reason: "reminder:legal")))
        }
        return result.filter { !$0.recipients.isEmpty }
    }
}
