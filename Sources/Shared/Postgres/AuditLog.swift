import Foundation
import Logging
import PostgresNIO

/// The append-only audit log (architecture §3): every read and change of a pupil's data — who,
/// when, what, which pupil or case, under which role. A trigger refuses UPDATE, DELETE and TRUNCATE.
/// Written in the transaction of the change (or of the read), so nothing happens unlogged. The table
/// is a platform migration, so every service has it, in `<schema>_audit` owned by `fremmoede_audit`:
/// the service's own database role may only INSERT and SELECT (scripts/sql/audit-log.sql).
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

    /// One row without a pupil (e.g. the data protection officer reading the log itself).
    public static func record(_ staff: StaffPrincipal, role: String, action: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO audit_log (staff_id, role, action) VALUES (\(staff.staffId), \(role), \(action))
            """, logger: logger)
    }

    /// What the data protection officer searches by; every given filter must hold.
    public struct Search: Sendable, Equatable {
        public var pupilKey: String?
        public var staffId: String?
        public var caseId: String?
        public var from: Date?
        public var to: Date?
        public var limit: Int

        public init(pupilKey: String? = nil, staffId: String? = nil, caseId: String? = nil, from: Date? = nil, to: Date? = nil, limit: Int = 1000) {
            self.pupilKey = pupilKey
            self.staffId = staffId
            self.caseId = caseId
            self.from = from
            self.to = to
            self.limit = limit
        }

        public var isEmpty: Bool { pupilKey == nil && staffId == nil && caseId == nil && from == nil && to == nil }
    }

    public static func entries(pupil: String?, caseId: String?, on connection: PostgresConnection, logger: Logger) async throws -> [Entry] {
        try await entries(Search(pupilKey: pupil, caseId: caseId, limit: 5000), on: connection, logger: logger)
    }

    /// Entries matching `search`, oldest first, at most `search.limit`.
    public static func entries(_ search: Search, on connection: PostgresConnection, logger: Logger) async throws -> [Entry] {
        let rows = try await connection.query("""
            SELECT at, staff_id, role, action, pupil_key, case_id, school_id FROM audit_log
            WHERE (\(search.pupilKey)::text IS NULL OR pupil_key = \(search.pupilKey))
              AND (\(search.staffId)::text IS NULL OR staff_id = \(search.staffId))
              AND (\(search.caseId)::text IS NULL OR case_id = \(search.caseId))
              AND (\(search.from)::timestamptz IS NULL OR at >= \(search.from))
              AND (\(search.to)::timestamptz IS NULL OR at < \(search.to))
            ORDER BY id LIMIT \(search.limit)
            """, logger: logger)
        var entries: [Entry] = []
        for try await (at, staffId, role, action, pupilKey, caseId, schoolId) in rows.decode((Date, String, String, String, String?, String?, String?).self) {
            entries.append(Entry(at: at, staffId: staffId, role: role, action: action, pupilKey: pupilKey, caseId: caseId, schoolId: schoolId))
        }
        return entries
    }
}
