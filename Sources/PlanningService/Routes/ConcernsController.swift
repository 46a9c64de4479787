import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Opsporing: `GET/POST /v1/schools/{schoolId}/concerns` (the inbox; a staff report),
/// `GET /v1/concerns/{concernId}` and `POST /v1/concerns/{concernId}/triage` (dismiss, watch, open a case).
struct ConcernsController: Sendable {
    let support: ControllerSupport

    static let categories: Set<String> = ["wellbeing", "social", "academic", "family", "health", "other"]

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("schools/{schoolId}/concerns") { request, context -> ConcernInbox in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let role = try ControllerSupport.authorize(.viewInbox, staff, on: .school(school))
            var states: [Concern.Triage] = [.new, .watching]
            if let wanted = request.uri.queryParameters["triage"] {
                states = try wanted.split(separator: ",").map { name in
                    guard let state = Concern.Triage(rawValue: String(name)) else {
                        throw ProblemDetails.badRequest("'\(name)' is not one of new, watching, dismissed, case", field: "triage")
                    }
                    return state
                }
            }
            return try await support.transaction { connection in
                let concerns = try await ConcernStore.inbox(school: school, triage: states, on: connection, logger: support.logger)
                try await AuditLog.record(staff, role: role, action: "read-inbox", pupils: Array(Set(concerns.map(\.pupilKey))).sorted(),
                                          schoolId: school, on: connection, logger: support.logger)
                return ConcernInbox(schoolId: school, concerns: concerns)
            }
        }

        router.post("schools/{schoolId}/concerns") { request, context -> Tagged<Concern> in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let role = try ControllerSupport.authorize(.reportConcern, staff, on: .school(school))
            let report = try await support.body(StaffReport.self, from: request)
            var problems = InputProblems()
            problems.require(Self.categories.contains(report.category), "category", "must be one of \(Self.categories.sorted().joined(separator: ", "))")
            problems.require(InputProblems.nonBlank(report.description), "description", "is required: what worries you")
            problems.require(report.description.count <= 2000, "description", "must be at most 2000 characters")
            try problems.throwIfAny("The report is not valid")
            return try await support.transaction { connection in
                guard let pupil = try await ReadModelStore.pupil(report.pupilKey, on: connection, logger: support.logger), pupil.schoolId == school else {
                    throw ProblemDetails.invalid("pupilKey", "no pupil '\(report.pupilKey)' at school '\(school)'")
                }
                let now = Date()
                let today = SchoolDate(now)
                let raised = ConcernRaised(
                    concernId: TimeOrderedID.string(), pupilKey: pupil.pupilKey, schoolId: school, origin: .staff, rule: "staff-report",
                    staffCategory: report.category, windowStart: today, windowEnd: today, period: today.description, raisedAt: now)
                try await ConcernStore.report(raised, description: report.description, reportedBy: staff.staffId, on: connection, logger: support.logger)
                try await AuditLog.record(staff, role: role, action: "report-concern", pupils: [pupil.pupilKey], schoolId: school,
                                          on: connection, logger: support.logger)
                let concern = try await ConcernStore.concern(raised.concernId, on: connection, logger: support.logger)!
                return Tagged(status: .created, version: concern.version, body: concern)
            }
        }

        router.get("concerns/{concernId}") { _, context -> Tagged<Concern> in
            let staff = try context.requireStaff()
            let id = try context.parameters.text("concernId")
            return try await support.transaction { connection in
                guard let concern = try await ConcernStore.concern(id, on: connection, logger: support.logger) else {
                    throw ProblemDetails.notFound("no concern '\(id)'")
                }
                let role = try ControllerSupport.authorize(.viewInbox, staff, on: .school(concern.schoolId))
                try await AuditLog.record(staff, role: role, action: "read-concern", pupils: [concern.pupilKey], schoolId: concern.schoolId,
                                          on: connection, logger: support.logger)
                return Tagged(version: concern.version, body: concern)
            }
        }

        router.post("concerns/{concernId}/triage") { request, context -> ConcernTriaged in
            let staff = try context.requireStaff()
            let id = try context.parameters.text("concernId")
            try await support.precheck(.triageConcern, staff, concernId: id)
            let triage = try await support.body(ConcernTriageRequest.self, from: request)
            let decision: TriageInput.Decision = switch triage.decision { case .dismiss: .dismiss; case .watch: .watch; case .openCase: .openCase }
            try TriageInput.validate(decision, reason: triage.reason, reviewDate: triage.reviewDate, team: triage.team,
                                     meetingCadenceDays: triage.meetingCadenceDays, today: SchoolDate(Date()))
            let ifMatch = request.headers[.ifMatch]
            return try await support.transaction { connection in
                let logger = support.logger
                guard let concern = try await ConcernStore.concern(id, forUpdate: true, on: connection, logger: logger) else {
                    throw ProblemDetails.notFound("no concern '\(id)'")
                }
                let role = try ControllerSupport.authorize(.triageConcern, staff, on: .school(concern.schoolId))
                try EntityTag.check(ifMatch, current: concern.version)
                guard concern.triage != .case else { throw ProblemDetails.conflict("the concern is already on case '\(concern.caseId ?? "")'") }
                var caseId: String?
                var created = false
                switch triage.decision {
                case .dismiss:
                    try await ConcernStore.triage(id, to: .dismissed, reason: triage.reason, reviewDate: nil, caseId: nil, by: staff.staffId, on: connection, logger: logger)
                case .watch:
                    try await ConcernStore.triage(id, to: .watching, reason: triage.reason, reviewDate: triage.reviewDate, caseId: nil, by: staff.staffId,
                                                  on: connection, logger: logger)
                case .openCase:
                    let opened = try await CaseOpening.openOrJoin([concern], team: triage.team ?? [], meetingCadenceDays: triage.meetingCadenceDays,
                                                                  reason: triage.reason, by: staff.staffId, on: connection, logger: logger)
                    (caseId, created) = (opened.caseId, opened.created)
                }
                try await AuditLog.record(staff, role: role, action: "triage-concern:\(triage.decision.rawValue)", pupils: [concern.pupilKey],
                                          caseId: caseId, schoolId: concern.schoolId, on: connection, logger: logger)
                let updated = try await ConcernStore.concern(id, on: connection, logger: logger)!
                return ConcernTriaged(concern: updated, caseId: caseId, caseCreated: created)
            }
        }
    }
}
