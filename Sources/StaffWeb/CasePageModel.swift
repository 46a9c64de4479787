import Foundation
import PlanningAPI
import Shared

/// The case page's view: every section of the case in the person's language, and which of the
/// edit forms the access policy lets this person use (the API decides again on every change).
struct CasePageModel {
    struct Option { var value: String; var label: String; var selected: Bool }
    struct Member { var name: String; var role: String; var email: String }
    struct Participant { var kind: String; var name: String; var told: String; var asked: String }
    struct ArenaForm { var code: String; var label: String; var factors: String; var strengths: String; var childWords: String; var parentWords: String }
    struct ActionRow { var index: Int; var title: String; var arena: String; var owner: String; var start: String; var due: String; var statuses: [Option] }
    struct MeetingRow { var when: String; var attendees: String; var decisions: [String]; var next: String }
    struct LegalRow { var taskId: String; var what: String; var due: String; var done: Bool; var doneText: String; var canComplete: Bool }
    struct TimelineRow { var at: String; var who: String; var summary: String }
    struct Evaluation { var outcome: String; var before: String; var after: String; var wellbeing: String; var note: String }

    var caseId: String
    var action: String
    var pupil: String
    var pupilHref: String
    var school: String
    var className: String
    var status: String
    var opened: String
    var coordinator: String
    var version: Int
    var canEdit: Bool
    var canClose: Bool
    var isClosed: Bool
    var isOpen = false
    var editable = false
    var closable = false
    var readOnly = false
    var statuses: [Option]
    var team: [Member]
    var teamRoles: [Option]
    var participants: [Participant]
    var hasParticipants = false
    var assessmentVersion: Int
    var arenas: [ArenaForm]
    var wellbeingStart: String
    var planRevision: Int
    var target: String
    var targetDate: String
    var actions: [ActionRow]
    var hasActions = false
    var catalogue: [Option]
    var arenaOptions: [Option]
    var meetings: [MeetingRow]
    var hasMeetings = false
    var nextMeeting: String
    var legal: [LegalRow]
    var hasLegal = false
    var timeline: [TimelineRow]
    var evaluation: [Evaluation]
    var now: String
    var staffId: String

    init(_ detail: CaseView, assessment: AssessmentVersion, plan: PlanRevision, meetings: [CaseMeeting],
         catalogue: [CatalogueEntry], staff: StaffPrincipal, language: WebLanguage) {
        let resource = AccessPolicy.Resource(schoolId: detail.schoolId, team: detail.team.map(\.event))
        caseId = detail.caseId
        action = WebApp.caseHref(detail.caseId)
        pupil = WebApp.pupilName(detail.pupil, fallback: detail.pupilKey)
        pupilHref = WebApp.pupilHref(detail.pupilKey)
        school = detail.pupil?.schoolName ?? detail.schoolId
        className = detail.pupil?.className ?? ""
        status = language.name("status", detail.status.rawValue)
        opened = language.date(detail.openedAt)
        coordinator = detail.team.first { $0.role == .coordinator }.map { $0.name ?? $0.staffId } ?? ""
        version = detail.version
        canEdit = WebApp.allows(.editCase, staff, resource)
        canClose = WebApp.allows(.closeCase, staff, resource)
        isClosed = detail.status == .closed
        statuses = CaseStatus.allCases.filter { $0 != .closed }.map {
            Option(value: $0.rawValue, label: language.name("status", $0.rawValue), selected: $0 == detail.status)
        }
        team = detail.team.map { Member(name: $0.name ?? $0.staffId, role: language.name("team", $0.role.rawValue), email: $0.email) }
        teamRoles = CaseTeamMember.Role.allCases.filter { $0 != .coordinator }.map {
            Option(value: $0.rawValue, label: language.name("team", $0.rawValue), selected: false)
        }
        participants = detail.participants.map {
            Participant(kind: language.name("participant", $0.kind.rawValue), name: $0.name, told: $0.told ?? "", asked: $0.asked ?? "")
        }
        assessmentVersion = assessment.version
        let findings = Dictionary(assessment.assessment.arenas.map { ($0.arena, $0) }, uniquingKeysWith: { first, _ in first })
        arenas = Arena.allCases.map { arena in
            let found = findings[arena]
            return ArenaForm(code: arena.rawValue, label: language.name("arena", arena.rawValue), factors: (found?.factors ?? []).joined(separator: "\n"),
                             strengths: (found?.strengths ?? []).joined(separator: "\n"), childWords: found?.childWords ?? "", parentWords: found?.parentWords ?? "")
        }
        wellbeingStart = assessment.assessment.wellbeingStart.map(String.init) ?? ""
        planRevision = plan.revision
        target = plan.plan.attendanceTarget.map { String(Int(($0 * 100).rounded())) } ?? ""
        targetDate = plan.plan.targetDate?.description ?? ""
        actions = plan.plan.actions.enumerated().map { index, action in
            ActionRow(index: index, title: action.title ?? action.catalogueCode, arena: language.name("arena", action.arena.rawValue), owner: action.ownerStaffId,
                      start: action.startDate.map { language.date($0) } ?? "", due: action.dueDate.map { language.date($0) } ?? "",
                      statuses: [PlanUpdated.Action.Status.planned, .active, .done, .cancelled].map {
                          Option(value: $0.rawValue, label: language.name("action", $0.rawValue), selected: $0 == action.status)
                      })
        }
        self.catalogue = catalogue.map { Option(value: $0.code, label: language == .da ? $0.titleDa : $0.titleEn, selected: false) }
            + [Option(value: CatalogueEntry.customCode, label: language == .da ? "Egen indsats" : "Custom action", selected: false)]
        arenaOptions = Arena.allCases.map { Option(value: $0.rawValue, label: language.name("arena", $0.rawValue), selected: false) }
        self.meetings = meetings.map { meeting in
            MeetingRow(when: language.dateTime(meeting.heldAt), attendees: meeting.attendees.map { "\($0.name) (\($0.role))" }.joined(separator: ", "),
                       decisions: meeting.decisions, next: meeting.nextMeetingAt.map { language.dateTime($0) } ?? "")
        }
        nextMeeting = detail.nextMeetingAt.map { language.dateTime($0) } ?? ""
        legal = detail.legalTasks.map { task in
            var taskResource = resource
            taskResource.schoolId = task.schoolId
            return LegalRow(taskId: task.taskId, what: language.name("legal", task.kind.rawValue), due: language.date(task.dueDate), done: task.doneAt != nil,
                            doneText: task.doneAt.map { language.text("case_done") + " " + language.date($0) } ?? "",
                            canComplete: task.isOpen && WebApp.allows(task.kind == .warnParents ? .completeWarnParents : .completeNotifyMunicipality, staff, taskResource))
        }
        timeline = detail.timeline.reversed().map { TimelineRow(at: language.dateTime($0.at), who: $0.staffId, summary: $0.summary) }
        evaluation = detail.evaluation.map { record in
            [Evaluation(outcome: language.name("outcome", record.outcome.rawValue), before: language.percent(record.absenceBefore),
                        after: language.percent(record.absenceAfter),
                        wellbeing: "\(record.wellbeingBefore.map(String.init) ?? "–") → \(record.wellbeingAfter.map(String.init) ?? "–")", note: record.note ?? "")]
        } ?? []
        now = CasePageModel.localInput(Date())
        staffId = staff.staffId
        // Stored, not computed: Mustache reads properties through Mirror, which sees stored ones only.
        (isOpen, editable, closable, readOnly) = (!isClosed, canEdit && !isClosed, canClose && !isClosed, !canEdit && !isClosed)
        (hasParticipants, hasActions, hasMeetings, hasLegal) = (!participants.isEmpty, !actions.isEmpty, !self.meetings.isEmpty, !legal.isEmpty)
    }

    /// A `datetime-local` input's value in Danish time.
    static func localInput(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Copenhagen")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.string(from: date)
    }

    static func parseLocalInput(_ text: String?) -> Date? {
        // Only well-formed text reaches the (ICU) formatter: it has crashed on crafted input elsewhere.
        guard let text, text.wholeMatch(of: /[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}/) != nil else { return nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "Europe/Copenhagen")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return formatter.date(from: text)
    }
}
