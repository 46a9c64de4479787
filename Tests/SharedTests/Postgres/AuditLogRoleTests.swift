import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// The audit log is append-only for the service's own database role (the one in DATABASE_URL, as
/// the services connect): it may INSERT and SELECT, and nothing else — not UPDATE, DELETE or
/// TRUNCATE, not switch the triggers off, not alter, drop or re-grant the table.
final class AuditLogRoleTests: XCTestCase {
    func testTheServiceRoleCannotAlterItsAuditLog() async throws {
        let schema = TestStack.unique("audit_role")
        try await TestStack.withPostgres(schema: schema) { client in
            try await MigrationRunner(schema: schema, component: "test", migrations: []).run(on: client, logger: TestStack.logger)
            let staff = StaffPrincipal(staffId: "dpo-test", name: "", email: "", roles: [.dataProtectionOfficer], schoolIds: [])
            try await client.withConnection { connection in
                try await AuditLog.record(staff, role: "data-protection-officer", action: "read-pupil", pupils: ["PUPILKEY1"], schoolId: "skole-01",
                                          on: connection, logger: TestStack.logger)
            }
            let attempts = [
                "UPDATE audit_log SET staff_id = 'someone-else'",
                "DELETE FROM audit_log",
                "TRUNCATE audit_log",
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
                "ALTER TABLE audit_log OWNER TO CURRENT_USER",
                "DROP TABLE audit_log",
                "DROP SCHEMA \(schema)_audit CASCADE",
                "DROP TRIGGER audit_log_append_only ON audit_log",
                "SET session_replication_role = replica",
            ]
            for statement in attempts {
                do {
                    try await client.query(PostgresQuery(unsafeSQL: statement), logger: TestStack.logger)
                    XCTFail("the service's role was allowed: \(statement)")
                } catch let error as PSQLError {
                    XCTAssertEqual(error.serverInfo?[.sqlState], "42501", "\(statement): \(String(reflecting: error))")
                }
            }
            // GRANT without grant options only warns; what counts is that nothing was granted.
            try await client.query("GRANT UPDATE, DELETE, TRUNCATE ON audit_log TO CURRENT_USER", logger: TestStack.logger)
            let privileges = try await client.query("""
                SELECT has_table_privilege('audit_log', 'UPDATE'), has_table_privilege('audit_log', 'DELETE'),
                       has_table_privilege('audit_log', 'TRUNCATE'), has_table_privilege('audit_log', 'TRIGGER')
                """, logger: TestStack.logger)
            for try await (update, delete, truncate, trigger) in privileges.decode((Bool, Bool, Bool, Bool).self) {
                XCTAssertEqual([update, delete, truncate, trigger], [false, false, false, false], "UPDATE, DELETE, TRUNCATE, TRIGGER")
            }
            let rows = try await client.query("SELECT staff_id, pupil_key FROM audit_log", logger: TestStack.logger)
            var seen: [String] = []
            for try await (staffId, pupil) in rows.decode((String, String?).self) { seen.append("\(staffId) \(pupil ?? "-")") }
            XCTAssertEqual(seen, ["dpo-test PUPILKEY1"], "the entry is still there, unchanged")
            // The table lives in the audit schema, owned by fremmoede_audit, not by the service's role.
            let owner = try await client.query("""
                SELECT tableowner FROM pg_tables WHERE schemaname = \(schema + "_audit") AND tablename = 'audit_log'
                """, logger: TestStack.logger)
            var owners: [String] = []
            for try await name in owner.decode(String.self) { owners.append(name) }
            XCTAssertEqual(owners, ["fremmoede_audit"])
        }
    }
}
