import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Kortlægning documents of cases, one per case with its own version (0 = not started).
enum AssessmentStore {
    static func current(_ caseId: String, forUpdate: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> AssessmentVersion {
        try await connection.query("""
            SELECT version, document::text AS document, updated_at, updated_by FROM assessments WHERE case_id = \(caseId)
            \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """, logger: logger).collect { row in
            AssessmentVersion(version: try row("version"), assessment: try row.json("document") ?? .empty, updatedAt: try row("updated_at"), updatedBy: try row("updated_by"))
        }.first ?? AssessmentVersion(version: 0, assessment: .empty, updatedAt: nil, updatedBy: nil)
    }

    /// Saves the next version; the insert of version 1 and the versioned update refuse a concurrent writer.
    static func save(_ assessment: Assessment, caseId: String, after version: Int, by staffId: String, at now: Date,
                     on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let json = try JSONColumn.encode(assessment)
        let rows = try await connection.query("""
            INSERT INTO assessments (case_id, document, version, updated_at, updated_by)
            VALUES (\(caseId), \(json)::jsonb, \(version + 1), \(now), \(staffId))
            ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document, version = EXCLUDED.version,
                updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            WHERE assessments.version = \(version)
            RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
