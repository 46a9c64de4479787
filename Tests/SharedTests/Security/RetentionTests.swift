import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// Retention on the running stack (its services check every 2 s; RETENTION_YEARS is the default 5):
/// a pupil's registrations, day aggregates, closed case and delivered e-mails are back-dated 20 years
/// in the services' own tables, and each service's retention job deletes them — and only them; then
/// Planning's rows outside a case (concerns, resolutions, legal tasks, inbox decisions, absence
/// figures); then the enrolment ends 20 years ago and the pupil goes from all four services.
final class RetentionTests: XCTestCase {
    func testBackDatedDataGoesInEveryService() async throws {
        let stack = try SecurityStack()
        let fixture = try await PupilAcrossServices.make(stack)
        let (pupil, dpo) = (fixture.pupil, fixture.dpo)
        func parts(_ service: String) async throws -> [String: Int] {
            let reply = try await stack.send(service, "GET", "/v1/pupils/\(pupil)/export", credential: dpo)
            return ((reply.json["parts"] as? [String: [[String: Any]]]) ?? [:]).mapValues(\.count)
        }
        func emailsDone(atLeast count: Int = 1) async throws -> Bool {
            let reply = try await stack.send("notification", "GET", "/v1/pupils/\(pupil)/export", credential: dpo)
            let emails = ((reply.json["parts"] as? [String: [[String: Any]]]) ?? [:])["emails"] ?? []
            return emails.count >= count && emails.allSatisfy { ["sent", "failed", "suppressed", "digested"].contains($0["status"] as? String ?? "") }
        }
        try await stack.eventually("the pupil's data is in every service and its e-mails are sent") {
            let screening = try await parts("screening")["pupil_days"] ?? 0
            let intake = try await parts("intake")["registrations"] ?? 0
            return screening > 0 && intake > 0 ? try await emailsDone() : false
        }
        // The case is closed (retention keeps open cases however old).
        let read = try await stack.send("planning", "GET", "/v1/cases/\(fixture.caseId)", credential: fixture.leader)
        let closed = try await stack.send("planning", "POST", "/v1/cases/\(fixture.caseId)/close", credential: fixture.leader,
                                          body: ["note": "afsluttet"], ifMatch: read.etag)
        XCTAssertEqual(closed.status, 200, closed.text)
        let mailed = try await parts("notification")["emails"] ?? 0
        try await stack.eventually("the team's e-mail about the closed case is sent") { try await emailsDone(atLeast: mailed + 1) }

        let backDate: [(String, String)] = [
            ("intake", "UPDATE registrations SET date = date - interval '20 years' WHERE pupil_key = $1"),
            ("intake", "UPDATE current_registrations SET date = date - interval '20 years' WHERE pupil_key = $1"),
            ("screening", "UPDATE pupil_days SET day = day - 7305 WHERE pupil_key = $1"),
            ("planning", "UPDATE cases SET closed_at = now() - interval '20 years' WHERE pupil_key = $1 AND status = 'closed'"),
            ("notification", "UPDATE emails SET created_at = now() - interval '20 years' WHERE event_id IN (SELECT event_id FROM pupil_events WHERE pupil_key = $1) OR case_id IN (SELECT case_id FROM pupil_events WHERE pupil_key = $1)"),
        ]
        for (schema, statement) in backDate {
            try await TestStack.withPostgres(schema: schema) { client in
                var binds = PostgresBindings()
                binds.append(pupil)
                try await client.query(PostgresQuery(unsafeSQL: statement, binds: binds), logger: TestStack.logger)
            }
        }
        var left: [String] = []
        let deadline = ContinuousClock.now + .seconds(45)
        repeat {
            left = []
            for (service, part) in [("intake", "registrations"), ("intake", "current_registrations"), ("screening", "pupil_days"),
                                    ("planning", "cases"), ("planning", "case_team"), ("notification", "emails")] {
                if let count = try await parts(service)[part], count > 0 { left.append("\(service).\(part): \(count)") }
            }
            if left.isEmpty { break }
            try await Task.sleep(for: .milliseconds(500))
        } while ContinuousClock.now < deadline
        XCTAssertEqual(left, [], "back-dated rows the retention jobs left")
        let intake = try await parts("intake")
        XCTAssertEqual(intake["pupils"], 1, "retention deletes old registrations, not the pupil")
        let planning = try await parts("planning")
        XCTAssertEqual(planning["pupils"], 1, "nor Planning's directory entry")

        // Outside a case, Planning's other rows about the pupil go once they are older than the period.
        let old = "now() - interval '20 years'"
        let planningRows: [(table: String, insert: String)] = [
            ("concerns", """
                INSERT INTO concerns (concern_id, pupil_key, school_id, origin, rule, window_start, window_end, period, raised_at)
                VALUES ('old-\(fixture.tag)', $1, '\(fixture.school)', 'rule', 'concerning-absence', '2006-09-01', '2006-10-01', '2006-Q3', \(old))
                """),
            ("concern_resolutions", "INSERT INTO concern_resolutions (concern_id, reason, resolved_at) VALUES ('old-\(fixture.tag)', 'period-ended', \(old))"),
            ("legal_tasks", """
                INSERT INTO legal_tasks (task_id, concern_id, kind, pupil_key, school_id, period, due_date, created_at)
                VALUES ('old-task-\(fixture.tag)', 'old-\(fixture.tag)', 'warn-parents', $1, '\(fixture.school)', '2006-Q3', '2006-10-15', \(old))
                """),
            ("pupil_triage", """
                INSERT INTO pupil_triage (pupil_key, school_id, kind, tier, decided_by, decided_at) VALUES ($1, '\(fixture.school)', 'dismissed', 3, 'x', \(old))
                ON CONFLICT (pupil_key) DO UPDATE SET decided_at = EXCLUDED.decided_at
                """),
            ("absence_weeks", "INSERT INTO absence_weeks (pupil_key, week_start, school_days, absent_days, computed_at) VALUES ($1, '2006-09-04', 5, 1, \(old))"),
            ("absence_months", """
                INSERT INTO absence_months (pupil_key, month, school_id, as_of, computed_at, last40_total, quarter, quarter_unauthorized)
                VALUES ($1, '2006-09', '\(fixture.school)', '2006-09-29', \(old), 1, '2006-Q3', 0)
                """),
        ]
        func oldPlanningRows() async throws -> [String] {
            try await TestStack.withPostgres(schema: "planning") { client in
                var left: [String] = []
                for (table, condition) in [("concerns", "raised_at"), ("legal_tasks", "created_at"), ("pupil_triage", "decided_at"),
                                           ("absence_weeks", "computed_at"), ("absence_months", "computed_at")] {
                    var binds = PostgresBindings()
                    binds.append(pupil)
                    let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(table) WHERE pupil_key = $1 AND \(condition) < now() - interval '19 years'", binds: binds), logger: TestStack.logger)
                    for try await count in rows.decode(Int.self) where count > 0 { left.append("\(table): \(count)") }
                }
                let resolutions = try await client.query("SELECT count(*)::int FROM concern_resolutions WHERE concern_id = \("old-\(fixture.tag)")", logger: TestStack.logger)
                for try await count in resolutions.decode(Int.self) where count > 0 { left.append("concern_resolutions: \(count)") }
                return left
            }
        }
        try await TestStack.withPostgres(schema: "planning") { client in
            for row in planningRows {
                var binds = PostgresBindings()
                binds.append(pupil)
                try await client.query(PostgresQuery(unsafeSQL: row.insert, binds: row.insert.contains("$1") ? binds : PostgresBindings()), logger: TestStack.logger)
            }
        }
        let placed = try await oldPlanningRows()
        XCTAssertEqual(placed.count, planningRows.count, "the back-dated rows are in place: \(placed)")
        var planningLeft: [String] = []
        let planningDeadline = ContinuousClock.now + .seconds(30)
        repeat {
            planningLeft = try await oldPlanningRows()
            if planningLeft.isEmpty { break }
            try await Task.sleep(for: .milliseconds(500))
        } while ContinuousClock.now < planningDeadline
        XCTAssertEqual(planningLeft, [], "back-dated Planning rows outside a case that retention left")
        let planningNow = try await parts("planning")
        XCTAssertEqual(planningNow["pupils"], 1, "the enrolled pupil stays")

        // The enrolment ended longer ago than the period: the pupil goes from every service.
        try await TestStack.withPostgres(schema: "intake") { client in
            var binds = PostgresBindings()
            binds.append(pupil)
            try await client.query(PostgresQuery(unsafeSQL: "UPDATE pupils SET enrolled_to = current_date - 7305 WHERE pupil_key = $1", binds: binds),
                                   logger: TestStack.logger)
        }
        var holding: [String] = []
        let erasureDeadline = ContinuousClock.now + .seconds(45)
        repeat {
            holding = []
            for service in ["intake", "screening", "planning", "notification"] {
                for (part, count) in try await parts(service) where count > 0 { holding.append("\(service).\(part): \(count)") }
            }
            if holding.isEmpty { break }
            try await Task.sleep(for: .milliseconds(500))
        } while ContinuousClock.now < erasureDeadline
        XCTAssertEqual(holding.sorted(), [], "what the services still hold of a pupil whose enrolment ended 20 years ago")
    }
}
