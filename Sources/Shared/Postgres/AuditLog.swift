import Foundation
import Logging
import PostgresNIO

/// The append-only audit log (DESIGN section 3): every read and change of a pupil's data — who,
/// when, what, which pupil or case, under which role. A trigger refuses UPDATE, DELETE and TRUNCATE.
/// Written in the transaction of the change (or of the read), so nothing happens unlogged. The table
/// is a platform migration, so every service has it.
public struct AuditLog: Sendable {
    public struct Entry: Codable, Sendable {
        public var at: Date
        public var staffId: String
        public var role: String
        public var action: String
        public var pupilKey: String?
        public var caseId: String?
        public var schoolId: String?
    }

    public static func record(_ staff: StaffPrincipal, role: String, action: String, pupils: [String], caseId: String? = nil, schoolId: String?,
                       on connection: PostgresConnection, logger: Logger) async throws {
        guard !pupils.isEmpty else { return }
        try await connection.query("""
            INSERT INTO audit_log (staff_id, role, action, pupil_key, case_id, school_id)
            SELECT \(staff.staffId), \(role), \(action), p, \(caseId), \(schoolId) FROM unnest(\(pupils)) AS p
            """, logger: logger)
    }

    public static func entries(pupil: String?, caseId: String?, on connection: PostgresConnection, logger: Logger) async throws -> [Entry] {
        let rows = try await connection.query("""
            SELECT at, staff_id, role, action, pupil_key, case_id, school_id FROM audit_log
            WHERE (\(pupil)::text IS NULL OR pupil_key = \(pupil)) AND (\(caseId)::text IS NULL OR case_id = \(caseId))
            ORDER BY id LIMIT 5000
            """, logger: logger)
        var entries: [Entry] = []
        for try await (at, staffId, role, action, pupilKey, caseId, schoolId) in rows.decode((Date, String, String, String, String?, String?, String?).self) {
            entries.append(Entry(at: at, staffId: staffId, role: role, action: action, pupilKey: pupilKey, caseId: caseId, schoolId: schoolId))
        }
        return entries
    }
}
