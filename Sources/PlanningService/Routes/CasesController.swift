import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// Samarbejde: `GET /v1/cases` (the cases I may see), `GET/PATCH /v1/cases/{caseId}` (status, team,
/// participants, meeting cadence) and `POST /v1/cases/{caseId}/close` (evaluation and close).
struct CasesController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("cases") { request, context -> CaseList in
            let staff = try context.requireStaff()
            let includeClosed = request.uri.queryParameters["includeClosed"] == "true"
            let schoolRoles: [StaffRole] = [.schoolLeader, .detectionTeam]
            let seesSchools = staff.hasAny(schoolRoles)
            return try await support.transaction { connection in
                let cases = try await CaseStore.visibleCases(
                    staffId: staff.staffId, schools: seesSchools ? staff.schoolIds.sorted() : [], allSchools: seesSchools && staff.isMunicipalityWide,
                    includeClosed: includeClosed, on: connection, logger: support.logger)
                let role = staff.grantingRole(among: schoolRoles)?.rawValue ?? "team"
                try await AuditLog.record(staff, role: role, action: "list-cases", pupils: Array(Set(cases.map(\.pupilKey))).sorted(), schoolId: nil,
                                          on: connection, logger: support.logger)
                return CaseList(cases: cases)
            }
        }

        router.get("cases/{caseId}") { _, context -> Tagged<CaseView> in
            let staff = try context.requireStaff()
            return try await support.readCase(try context.parameters.text("caseId"), staff, action: "read-case") { connection, header in
                return Tagged(version: header.version, body: try await CaseView.load(header, on: connection, logger: support.logger))
            }
        }

        router.patch("cases/{caseId}") { request, context -> Tagged<CaseView> in
            let staff = try context.requireStaff()
            try await support.precheck(.editCase, staff, caseId: try context.parameters.text("caseId"))
            let change = try await support.body(CaseChange.self, from: request)
            var problems = InputProblems()
            problems.require(change.status != .closed, "status", "a case is closed through POST /v1/cases/{caseId}/close, with its evaluation")
            if let days = change.meetingCadenceDays { problems.require((1...90).contains(days), "meetingCadenceDays", "must be from 1 to 90") }
            try problems.throwIfAny("The change is not valid")
            if let team = change.team { try CaseTeam.validate(team) }
            if let participants = change.participants { try CaseTeam.validate(participants: participants) }
            let ifMatch = request.headers[.ifMatch]
            return try await support.withCase(try context.parameters.text("caseId"), forUpdate: true) { connection, header in
                let logger = support.logger
                var role = try ControllerSupport.authorize(.editCase, staff, on: header.resource)
                // The team is the tovholder's and the school leader's to change: nobody promotes themselves.
                if change.team != nil { role = try ControllerSupport.authorize(.changeTeam, staff, on: header.resource) }
                try EntityTag.check(ifMatch, current: header.version)
                guard header.status != .closed else { throw ProblemDetails.conflict("the case is closed") }
                // Whoever is added must be one of the municipality's staff (the staff register).
                if let team = change.team { try await StaffDirectoryStore.requireKnown(team, current: header.team, on: connection, logger: logger) }
                try await CaseStore.update(header.caseId, status: change.status, meetingCadenceDays: change.meetingCadenceDays.map { .some($0) },
                                           participants: change.participants, on: connection, logger: logger)
                if let team = change.team { try await CaseStore.replaceTeam(header.caseId, with: team, on: connection, logger: logger) }
                for (kind, summary) in Self.timeline(change, header: header) {
                    try await CaseStore.addTimeline(header.caseId, by: staff.staffId, kind: kind, summary: summary, on: connection, logger: logger)
                }
                if change.team != nil { try await CaseEvents.planUpdated(header.caseId, at: Date(), on: connection, logger: logger) }
                try await AuditLog.record(staff, role: role, action: "update-case", pupils: [header.pupilKey], caseId: header.caseId,
                                          schoolId: header.schoolId, on: connection, logger: logger)
                let updated = try await CaseStore.header(header.caseId, forUpdate: false, on: connection, logger: logger)!
                return Tagged(version: updated.version, body: try await CaseView.load(updated, on: connection, logger: logger))
            }
        }

        router.post("cases/{caseId}/close") { request, context -> Tagged<CaseView> in
            let staff = try context.requireStaff()
            try await support.precheck(.closeCase, staff, caseId: try context.parameters.text("caseId"))
            let close = try await support.body(CaseClosing.self, from: request)
            if let score = close.wellbeingAfter, !Assessment.wellbeingScale.contains(score) {
                throw ProblemDetails.invalid("wellbeingAfter", "must be from 1 to 10, got \(score)")
            }
            let ifMatch = request.headers[.ifMatch]
            return try await support.withCase(try context.parameters.text("caseId"), forUpdate: true) { connection, header in
                let logger = support.logger
                let role = try ControllerSupport.authorize(.closeCase, staff, on: header.resource)
                try EntityTag.check(ifMatch, current: header.version)
                guard header.status != .closed else { throw ProblemDetails.conflict("the case is already closed") }
                let now = Date()
                let weeks = try await ReadModelStore.weeks(header.pupilKey, on: connection, logger: logger)
                let assessment = try await AssessmentStore.current(header.caseId, on: connection, logger: logger).assessment
                let evaluation = CaseEvaluation.evaluate(weeks: weeks, openedOn: SchoolDate(header.openedAt), closingOn: SchoolDate(now),
                                                         transferred: close.transferred ?? false)
                let record = CaseEvaluationRecord(
                    absenceBefore: evaluation.absenceBefore, absenceAfter: evaluation.absenceAfter, weeksBefore: evaluation.weeksBefore,
                    weeksAfter: evaluation.weeksAfter, wellbeingBefore: assessment.wellbeingStart,
                    wellbeingAfter: close.wellbeingAfter ?? assessment.wellbeingEvaluation, outcome: evaluation.outcome, note: close.note)
                try await CaseStore.close(header.caseId, evaluation: record, at: now, on: connection, logger: logger)
                try await CaseStore.addTimeline(header.caseId, by: staff.staffId, kind: "closed", summary: "case closed: \(record.outcome.rawValue)",
                                                on: connection, logger: logger)
                try await CaseEvents.closed(header, evaluation: record, at: now, on: connection, logger: logger)
                try await AuditLog.record(staff, role: role, action: "close-case", pupils: [header.pupilKey], caseId: header.caseId,
                                          schoolId: header.schoolId, on: connection, logger: logger)
                let updated = try await CaseStore.header(header.caseId, forUpdate: false, on: connection, logger: logger)!
                return Tagged(version: updated.version, body: try await CaseView.load(updated, on: connection, logger: logger))
            }
        }
    }

    /// The timeline entries a change makes (what changed, not the content: the content is on the case).
    static func timeline(_ change: CaseChange, header: CaseStore.Header) -> [(String, String)] {
        var entries: [(String, String)] = []
        if let status = change.status, status != header.status { entries.append(("status", "status \(header.status.rawValue) → \(status.rawValue)")) }
        if let team = change.team {
            let coordinator = team.first { $0.role == .coordinator }?.staffId ?? ""
            entries.append(("team", "team of \(team.count) set; tovholder \(coordinator)"))
        }
        if let participants = change.participants { entries.append(("participants", "\(participants.count) participants recorded")) }
        if let days = change.meetingCadenceDays { entries.append(("cadence", "meetings every \(days) days")) }
        return entries
    }
}
