import Foundation
import Logging
import PostgresNIO
import Shared

/// The rule policy's versions: the newest is in force; every version stays, with who changed it and why.
struct PolicyStore: Sendable {
    let logger: Logger

    struct Version: Codable, Sendable, Equatable {
        var version: Int
        var policy: ScreeningPolicy
        var changedBy: String
        var reason: String
        var changedAt: Date?
    }

    func current(on connection: PostgresConnection) async throws -> Version {
        try await history(limit: 1, on: connection).first
            ?? Version(version: 0, policy: .standard, changedBy: "default", reason: "architecture §4", changedAt: nil)
    }

    func history(limit: Int = 100, on connection: PostgresConnection) async throws -> [Version] {
        let rows = try await connection.query("""
            SELECT version, policy::text, changed_by, reason, changed_at FROM policies ORDER BY version DESC LIMIT \(limit)
            """, logger: logger)
        var versions: [Version] = []
        for try await (version, json, by, reason, at) in rows.decode((Int, String, String, String, Date).self) {
            versions.append(Version(version: version, policy: try JSONDecoder().decode(ScreeningPolicy.self, from: Data(json.utf8)),
                                    changedBy: by, reason: reason, changedAt: at))
        }
        return versions
    }

    /// Saves a new version; the processors take it at their next batch.
    func save(_ policy: ScreeningPolicy, by staffId: String, reason: String, on connection: PostgresConnection) async throws -> Int {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(policy), as: UTF8.self)
        let rows = try await connection.query("""
            INSERT INTO policies (version, policy, changed_by, reason)
            SELECT coalesce(max(version), 0) + 1, \(json)::jsonb, \(staffId), \(reason) FROM policies
            RETURNING version
            """, logger: logger)
        for try await version in rows.decode(Int.self) { return version }
        throw EventProcessingError(description: "policy not saved")
    }
}
