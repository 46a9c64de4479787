import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The plans (handlemuligheder) of cases: every saved plan is a new revision, all kept; the
/// current plan is the highest revision (0 = no plan yet).
enum PlanStore {
    static func current(_ caseId: String, on connection: PostgresConnection, logger: Logger) async throws -> PlanRevision {
        try await revisions(caseId, latestOnly: true, on: connection, logger: logger).first
            ?? PlanRevision(revision: 0, plan: .empty, updatedAt: nil, updatedBy: nil)
    }

    static func revisions(_ caseId: String, latestOnly: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> [PlanRevision] {
        try await connection.query("""
            SELECT revision, document::text AS document, updated_at, updated_by FROM plan_revisions WHERE case_id = \(caseId)
            ORDER BY revision DESC \(unescaped: latestOnly ? "LIMIT 1" : "")
            """, logger: logger).collect { row in
            PlanRevision(revision: try row("revision"), plan: try row.json("document") ?? .empty, updatedAt: try row("updated_at"), updatedBy: try row("updated_by"))
        }
    }

    /// Saves `plan` as the revision after `revision`; the primary key refuses a second writer of the same revision.
    static func save(_ plan: PlanDocument, caseId: String, after revision: Int, by staffId: String, at now: Date,
                     on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO plan_revisions (case_id, revision, document, updated_at, updated_by)
            VALUES (\(caseId), \(revision + 1), \(try JSONColumn.encode(plan))::jsonb, \(now), \(staffId))
            """, logger: logger)
    }
}
