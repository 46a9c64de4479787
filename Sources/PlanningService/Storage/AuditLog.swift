import Foundation
import Logging
import PostgresNIO
import Shared

/// The append-only audit log (DESIGN section 3): every read and change of a pupil's data — who,
/// when, what, which pupil or case, under which role. A trigger refuses UPDATE, DELETE and TRUNCATE.
/// Written in the transaction of the change (or of the read), so nothing happens unlogged.
struct AuditLog: Sendable {
    struct Entry: Codable, Sendable {
        var at: Date
        var staffId: String
        var role: String
        var action: String
        var pupilKey: String?
        var caseId: String?
        var schoolId: String?
    }

    static func record(_ staff: StaffPrincipal, role: String, action: String, pupils: [String], caseId: String? = nil, schoolId: String?,
                       on connection: PostgresConnection, logger: Logger) async throws {
        guard !pupils.isEmpty else { return }
        try await connection.query("""
            INSERT INTO audit_log (staff_id, role, action, pupil_key, case_id, school_id)
            SELECT \(staff.staffId), \(role), \(action), p, \(caseId), \(schoolId) FROM unnest(\(pupils)) AS p
            """, logger: logger)
    }

    static func entries(pupil: String?, caseId: String?, on connection: PostgresConnection, logger: Logger) async throws -> [Entry] {
        try await connection.query("""
            SELECT at, staff_id, role, action, pupil_key, case_id, school_id FROM audit_log
            WHERE (\(pupil)::text IS NULL OR pupil_key = \(pupil)) AND (\(caseId)::text IS NULL OR case_id = \(caseId))
            ORDER BY id LIMIT 5000
            """, logger: logger).collect { row in
            Entry(at: try row("at"), staffId: try row("staff_id"), role: try row("role"), action: try row("action"),
                  pupilKey: try row("pupil_key"), caseId: try row("case_id"), schoolId: try row("school_id"))
        }
    }
}
