import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Meetings: `GET/POST /v1/cases/{caseId}/meetings`. Without a next date, the case's cadence sets it.
struct MeetingsController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("cases/{caseId}/meetings") { _, context -> CaseMeetings in
            let staff = try context.requireStaff()
            return try await support.readCase(try context.parameters.text("caseId"), staff, action: "read-meetings") { connection, header in
                return CaseMeetings(meetings: try await MeetingStore.meetings(header.caseId, on: connection, logger: support.logger))
            }
        }

        router.post("cases/{caseId}/meetings") { request, context -> Tagged<CaseMeeting> in
            let staff = try context.requireStaff()
            try await support.precheck(.editCase, staff, caseId: try context.parameters.text("caseId"))
            let input = try await support.body(NewCaseMeeting.self, from: request)
            var problems = InputProblems()
            problems.require(!input.attendees.isEmpty, "attendees", "at least one attendee")
            for (index, attendee) in input.attendees.enumerated() {
                problems.require(InputProblems.nonBlank(attendee.name), "attendees[\(index)].name", "is required")
            }
            if let next = input.nextMeetingAt { problems.require(next > input.heldAt, "nextMeetingAt", "must be after heldAt") }
            try problems.throwIfAny("The meeting is not valid")
            return try await support.withCase(try context.parameters.text("caseId"), forUpdate: true) { connection, header in
                let logger = support.logger
                let role = try ControllerSupport.authorize(.editCase, staff, on: header.resource)
                guard header.status != .closed else { throw ProblemDetails.conflict("the case is closed") }
                let next = input.nextMeetingAt ?? header.meetingCadenceDays.flatMap { MeetingCadence(everyDays: $0).nextMeeting(after: input.heldAt) }
                let meeting = CaseMeeting(meetingId: TimeOrderedID.string(), heldAt: input.heldAt, attendees: input.attendees,
                                          decisions: input.decisions, nextMeetingAt: next, recordedBy: staff.staffId)
                try await MeetingStore.add(meeting, caseId: header.caseId, on: connection, logger: logger)
                try await CaseStore.addTimeline(header.caseId, by: staff.staffId, kind: "meeting",
                                                summary: "meeting with \(meeting.attendees.count) attendees, \(meeting.decisions.count) decisions",
                                                on: connection, logger: logger)
                try await CaseEvents.planUpdated(header.caseId, at: Date(), on: connection, logger: logger)
                try await AuditLog.record(staff, role: role, action: "add-meeting", pupils: [header.pupilKey], caseId: header.caseId,
                                          schoolId: header.schoolId, on: connection, logger: logger)
                return Tagged(status: .created, body: meeting)
            }
        }
    }
}
