import Foundation
import PostgresNIO
import XCTest
@testable import Shared

/// Retention on the running stack (its services check every 2 s; RETENTION_YEARS is the default 5):
/// a pupil's registrations, day aggregates, closed case and delivered e-mails are back-dated 20 years
/// in the services' own tables, and each service's retention job deletes them — and only them.
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
    }
}
