import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The municipality's catalogue of handlemuligheder (seeded in migration 2, extended through the API).
enum CatalogueStore {
    static func all(on connection: PostgresConnection, logger: Logger) async throws -> [CatalogueEntry] {
        try await connection.query("SELECT code, title_da, title_en, arena FROM action_catalogue ORDER BY code", logger: logger).collect { row in
            CatalogueEntry(code: try row("code"), titleDa: try row("title_da"), titleEn: try row("title_en"),
                           arena: Arena(rawValue: try row("arena")) ?? .learningEnvironment)
        }
    }

    /// Adds an entry; false when the code exists.
    static func add(_ entry: CatalogueEntry, by staffId: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            INSERT INTO action_catalogue (code, title_da, title_en, arena, added_by)
            VALUES (\(entry.code), \(entry.titleDa), \(entry.titleEn), \(entry.arena.rawValue), \(staffId))
            ON CONFLICT (code) DO NOTHING RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
