import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The opsporingsteam's meeting per school (docs/planning.md): `GET /v1/schools/{schoolId}/opsporing-meeting`
/// — the agenda: pupils new since the last meeting, watched pupils due, pupils at or above a tier
/// without a decision — and `POST /v1/schools/{schoolId}/opsporing-meetings`: the meeting held, with
/// a decision per pupil in one pass (one transaction: all or none).
struct OpsporingMeetingController: Sendable {
    let support: ControllerSupport

    static let maximumDecisions = 500

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("schools/{schoolId}/opsporing-meeting") { request, context -> OpsporingAgendaView in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let role = try ControllerSupport.authorize(.viewInbox, staff, on: .school(school))
            let parameters = request.uri.queryParameters
            let today = SchoolDate(Date())
            let threshold = try parameters["threshold"].map(String.init).map { name in
                guard let tier = InboxTier.allCases.first(where: { $0.name == name }) else {
                    throw ProblemDetails.badRequest("'\(name)' is not one of \(InboxTier.allCases.map(\.name).joined(separator: ", "))", field: "threshold")
                }
                return tier
            } ?? .concerning
            let meetingDay = try parameters["day"].map(String.init).map { text in
                guard let day = SchoolDate.accepted(text), day >= today, day <= today.adding(days: 366) else {
                    throw ProblemDetails.badRequest("must be a date YYYY-MM-DD from today to a year ahead", field: "day")
                }
                return day
            } ?? today
            return try await support.transaction { connection in
                let logger = support.logger
                let last = try await OpsporingMeetingStore.last(school: school, on: connection, logger: logger)
                let (rows, pupils) = try await PupilTriageStore.rows(school: school, today: today, on: connection, logger: logger)
                let items = OpsporingAgenda.items(rows, lastMeeting: last?.heldAt, meetingDay: meetingDay, threshold: threshold)
                try await AuditLog.record(staff, role: role, action: "read-opsporing-agenda", pupils: items.map(\.row.pupilKey).sorted(),
                                          schoolId: school, on: connection, logger: logger)
                return OpsporingAgendaView(
                    schoolId: school, meetingDay: meetingDay, threshold: threshold.name, lastMeeting: last,
                    sections: OpsporingAgenda.Section.allCases.map { section in
                        OpsporingAgendaSection(section: section, pupils: items.filter { $0.section == section }.map {
                            PupilInboxController.view($0.row, pupil: pupils[$0.row.pupilKey])
                        })
                    })
            }
        }

        router.post("schools/{schoolId}/opsporing-meetings") { request, context -> Tagged<OpsporingMeetingRecorded> in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let role = try ControllerSupport.authorize(.triageConcern, staff, on: .school(school))
            let held = try await support.body(OpsporingMeetingHeld.self, from: request)
            let today = SchoolDate(Date())
            var problems = InputProblems()
            problems.require(held.decisions.count <= Self.maximumDecisions, "decisions", "at most \(Self.maximumDecisions) in one meeting")
            problems.require(Set(held.decisions.map(\.pupilKey)).count == held.decisions.count, "decisions", "one decision per pupil")
            try problems.throwIfAny("The meeting is not valid")
            for (index, decision) in held.decisions.enumerated() {
                try PupilTriageDecision.validate(decision.triage, today: today, index: index)
            }
            return try await support.transaction { connection in
                let logger = support.logger
                var decided: [PupilTriaged] = []
                for decision in held.decisions {
                    decided.append(try await PupilTriageDecision.decide(decision.triage, pupil: decision.pupilKey, school: school, staff: staff, role: role,
                                                                         today: today, on: connection, logger: logger))
                }
                let meeting = OpsporingMeeting(meetingId: TimeOrderedID.string(), schoolId: school, heldAt: Date(),
                                               recordedBy: staff.staffId, decisions: decided.count)
                try await OpsporingMeetingStore.record(meeting, on: connection, logger: logger)
                return Tagged(status: .created, body: OpsporingMeetingRecorded(meeting: meeting, decided: decided))
            }
        }
    }
}
