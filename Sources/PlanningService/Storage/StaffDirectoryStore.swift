import Foundation
import Logging
import PostgresNIO
import PlanningAPI
import Shared

/// The register of the municipality's staff (`staff_members`): the administrator's import of the
/// staff directory, and who signed in. `StaffDirectory` holds the rules.
enum StaffDirectoryStore {
    /// Adds or updates the imported people; each is in the directory again from now.
    static func upsert(_ entries: [StaffDirectory.Entry], at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO staff_members (staff_id, email, name, in_directory, directory_updated_at)
            SELECT s, e, n, true, \(now) FROM unnest(\(entries.map(\.staffId)), \(entries.map(\.email)), \(entries.map(\.name))) AS t(s, e, n)
            ON CONFLICT (staff_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, in_directory = true,
                directory_updated_at = EXCLUDED.directory_updated_at, removed_at = NULL
            """, logger: logger)
    }

    /// Takes a person out of the directory (they left); false when the register has no such person.
    /// A sign-in after this makes them known again: their identity provider still lets them in.
    static func remove(_ staffId: String, at now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            UPDATE staff_members SET in_directory = false, removed_at = \(now) WHERE staff_id = \(staffId) RETURNING staff_id
            """, logger: logger)
        for try await _ in rows.decode(String.self) { return true }
        return false
    }

    /// Records a signed-in person as their token names them.
    static func signedIn(_ staff: StaffPrincipal, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO staff_members (staff_id, email, name, signed_in_at) VALUES (\(staff.staffId), \(staff.email), \(staff.name), \(now))
            ON CONFLICT (staff_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, signed_in_at = EXCLUDED.signed_in_at
            """, logger: logger)
    }

    /// Lower-cased address → the ids of the known staff members with it, for `addresses`.
    static func known(_ addresses: [String], on connection: PostgresConnection, logger: Logger) async throws -> [String: Set<String>] {
        guard !addresses.isEmpty else { return [:] }
        let rows = try await connection.query("""
            SELECT lower(email), staff_id FROM staff_members
            WHERE lower(email) = ANY(\(addresses.map { $0.lowercased() }))
              AND (in_directory OR (signed_in_at IS NOT NULL AND (removed_at IS NULL OR signed_in_at > removed_at)))
            """, logger: logger)
        var known: [String: Set<String>] = [:]
        for try await (address, staffId) in rows.decode((String, String).self) { known[address, default: []].insert(staffId) }
        return known
    }

    /// 422 naming each member of `team` added to `current` who is not a known staff member.
    static func requireKnown(_ team: [CaseTeam.Member], current: [CaseTeam.Member], on connection: PostgresConnection, logger: Logger) async throws {
        let known = try await known(StaffDirectory.addedAddresses(of: team, current: current), on: connection, logger: logger)
        var problems = InputProblems()
        StaffDirectory.checkKnown(team, current: current, known: known, into: &problems)
        try problems.throwIfAny("The team is not valid")
    }
}
