import Foundation
import Hummingbird
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Opsporing with the child as the unit: `GET /v1/schools/{schoolId}/inbox` — one row per pupil with
/// all of its open findings, in the order of attention, counts per tier, filters and paging — and
/// `POST /v1/schools/{schoolId}/pupils/{pupilKey}/triage`, a decision on the pupil that covers all
/// of its open findings (docs/planning.md).
struct PupilInboxController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("schools/{schoolId}/inbox") { request, context -> InboxView in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let role = try ControllerSupport.authorize(.viewInbox, staff, on: .school(school))
            let (filter, offset, limit) = try Self.query(request.uri.queryParameters)
            let today = SchoolDate(Date())
            return try await support.transaction { connection in
                let logger = support.logger
                let (rows, pupils) = try await PupilTriageStore.rows(school: school, today: today, on: connection, logger: logger)
                let page = PupilInbox.page(rows, filter: filter, offset: offset, limit: limit)
                try await AuditLog.record(staff, role: role, action: "read-inbox", pupils: page.rows.map(\.pupilKey).sorted(),
                                          schoolId: school, on: connection, logger: logger)
                return InboxView(
                    schoolId: school, today: today, total: page.total, offset: offset, limit: limit,
                    tiers: InboxTier.allCases.map { InboxTierCount(tier: $0.name, rank: $0.rawValue, count: page.tierCounts[$0] ?? 0) },
                    pupils: page.rows.map { Self.view($0, pupil: pupils[$0.pupilKey]) })
            }
        }

        router.post("schools/{schoolId}/pupils/{pupilKey}/triage") { request, context -> PupilTriaged in
            let staff = try context.requireStaff()
            let school = try context.parameters.text("schoolId")
            let pupilKey = try context.parameters.text("pupilKey")
            let role = try ControllerSupport.authorize(.triageConcern, staff, on: .school(school))
            let triage = try await support.body(PupilTriage.self, from: request)
            let today = SchoolDate(Date())
            try PupilTriageDecision.validate(triage, today: today)
            return try await support.transaction { connection in
                try await PupilTriageDecision.decide(triage, pupil: pupilKey, school: school, staff: staff, role: role, today: today, on: connection, logger: support.logger)
            }
        }
    }

    /// The filters and the page from the query; a bad value is a 400 naming its parameter.
    static func query(_ parameters: Parameters) throws -> (PupilInbox.Filter, offset: Int, limit: Int) {
        var filter = PupilInbox.Filter()
        if let states = parameters["state"].map(String.init), !states.isEmpty {
            filter.states = states == "all" ? Set(PupilInbox.State.allCases) : Set(try states.split(separator: ",").map { name in
                guard let state = PupilInbox.State(rawValue: String(name)) else {
                    throw ProblemDetails.badRequest("'\(name)' is not one of all, \(PupilInbox.State.allCases.map(\.rawValue).joined(separator: ", "))", field: "state")
                }
                return state
            })
        }
        if let name = parameters["class"].map(String.init), !name.isEmpty { filter.className = name }
        if let grade = parameters["grade"].map(String.init), !grade.isEmpty {
            guard let value = Int(grade), (0...10).contains(value) else { throw ProblemDetails.badRequest("must be a grade 0–10", field: "grade") }
            filter.grade = value
        }
        if let rule = parameters["rule"].map(String.init), !rule.isEmpty { filter.rule = rule }
        if let tier = parameters["tier"].map(String.init), !tier.isEmpty {
            guard let value = InboxTier.allCases.first(where: { $0.name == tier }) else {
                throw ProblemDetails.badRequest("'\(tier)' is not one of \(InboxTier.allCases.map(\.name).joined(separator: ", "))", field: "tier")
            }
            filter.tier = value
        }
        if let hasCase = parameters["hasCase"].map(String.init), !hasCase.isEmpty {
            guard let value = Bool(hasCase) else { throw ProblemDetails.badRequest("must be true or false", field: "hasCase") }
            filter.hasCase = value
        }
        let offset = try parameters["offset"].map { text in
            guard let value = Int(text), value >= 0, value <= 100_000 else { throw ProblemDetails.badRequest("must be a whole number 0–100000", field: "offset") }
            return value
        } ?? 0
        let limit = try parameters["limit"].map { text in
            guard let value = Int(text), (1...200).contains(value) else { throw ProblemDetails.badRequest("must be a whole number 1–200", field: "limit") }
            return value
        } ?? 50
        return (filter, offset, limit)
    }

    static func view(_ row: PupilInbox.Row, pupil: Pupil?) -> InboxRow {
        InboxRow(
            pupilKey: row.pupilKey, pupil: pupil, tier: row.tier.name, rank: row.tier.rawValue, state: row.state, returned: row.returned,
            caseId: row.caseId, waitingSince: row.waitingSince,
            decision: row.decision.map { InboxDecision(kind: $0.kind, tier: $0.tier.name, reason: $0.reason, reviewDate: $0.reviewDate, decidedAt: $0.decidedAt) },
            findings: row.findings.map {
                InboxFinding(concernId: $0.concernId, rule: $0.rule, tier: $0.tier.name, origin: $0.origin, staffCategory: $0.staffCategory, asOf: $0.asOf,
                             rate: $0.rate, threshold: $0.threshold, schoolDays: $0.schoolDays, unauthorizedDays: $0.unauthorizedDays, raisedAt: $0.raisedAt)
            })
    }
}
