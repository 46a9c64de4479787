import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// `POST /v1/pupils/{pupilKey}/cases`: a case opened from the pupil's page without a concern (a worry
/// the team already shares, a pupil who moves in with a case elsewhere). A pupil with open findings
/// is decided on in the inbox (open-case covers them all); a pupil with an open case has it (409).
struct PupilCaseController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.post("pupils/{pupilKey}/cases") { request, context -> Tagged<CaseView> in
            let staff = try context.requireStaff()
            let key = try context.parameters.text("pupilKey")
            let opening = try await support.body(PupilCaseOpening.self, from: request)
            return try await support.transaction { connection in
                let logger = support.logger
                guard let pupil = try await ReadModelStore.pupil(key, on: connection, logger: logger), !pupil.erased else {
                    throw ProblemDetails.notFound("no pupil '\(key)'")
                }
                // Who may, before what is wrong with the body: a refused role learns nothing from a 422.
                let role = try ControllerSupport.authorize(.triageConcern, staff, on: .school(pupil.schoolId))
                try TriageInput.validate(.openCase, reason: opening.reason, reviewDate: nil, team: opening.team, meetingCadenceDays: opening.meetingCadenceDays,
                                         today: SchoolDate(Date())) { problems in
                    problems.require(InputProblems.nonBlank(opening.reason), "reason", "is required: why a case without a concern")
                    problems.require((opening.reason ?? "").unicodeScalars.count <= 500, "reason", "must be at most 500 characters")
                }
                if let open = try await CaseStore.openCase(pupil: key, on: connection, logger: logger) {
                    throw ProblemDetails.conflict("the pupil already has an open case '\(open)'")
                }
                guard try await PupilTriageStore.openFindings(pupil: key, school: pupil.schoolId, on: connection, logger: logger).isEmpty else {
                    throw ProblemDetails.conflict("the pupil has open findings: decide on them in the inbox (POST /v1/schools/\(pupil.schoolId)/pupils/\(key)/triage, open-case)")
                }
                let caseId = try await CaseOpening.openWithoutConcern(
                    pupilKey: key, schoolId: pupil.schoolId, team: opening.team ?? [], meetingCadenceDays: opening.meetingCadenceDays,
                    reason: opening.reason ?? "", by: staff.staffId, on: connection, logger: logger)
                try await AuditLog.record(staff, role: role, action: "open-case-without-concern", pupils: [key], caseId: caseId,
                                          schoolId: pupil.schoolId, on: connection, logger: logger)
                guard let header = try await CaseStore.header(caseId, forUpdate: false, on: connection, logger: logger) else {
                    throw ProblemDetails.notFound("no case '\(caseId)'")
                }
                return Tagged(status: .created, version: header.version, body: try await CaseView.load(header, on: connection, logger: logger))
            }
        }
    }
}
