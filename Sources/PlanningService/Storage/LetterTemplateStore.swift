import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The municipality's letter templates; where it has none for a kind and language, the shipped one.
enum LetterTemplateStore {
    static func stored(on connection: PostgresConnection, logger: Logger) async throws -> [LetterTemplate] {
        try await connection.query("SELECT kind, language, body, updated_by, updated_at FROM letter_templates ORDER BY kind, language", logger: logger)
            .collect { row in
                LetterTemplate(kind: LetterKind(rawValue: try row("kind")) ?? .warning, language: try row("language"), body: try row("body"), shipped: false,
                               updatedBy: try row("updated_by"), updatedAt: try row("updated_at"))
            }
    }

    /// Every template in use: the municipality's, and the shipped ones it has not replaced.
    static func all(shipped: [LetterKind: [String: String]], on connection: PostgresConnection, logger: Logger) async throws -> [LetterTemplate] {
        let own = try await stored(on: connection, logger: logger)
        let replaced = Set(own.map { "\($0.kind.rawValue)/\($0.language)" })
        let defaults = LetterKind.allCases.flatMap { kind in
            (shipped[kind] ?? [:]).sorted { $0.key < $1.key }.compactMap { language, body in
                replaced.contains("\(kind.rawValue)/\(language)") ? nil
                    : LetterTemplate(kind: kind, language: language, body: body, shipped: true, updatedBy: nil, updatedAt: nil)
            }
        }
        return (own + defaults).sorted { ($0.kind.rawValue, $0.language) < ($1.kind.rawValue, $1.language) }
    }

    static func template(_ kind: LetterKind, language: String, shipped: [LetterKind: [String: String]], on connection: PostgresConnection,
                         logger: Logger) async throws -> LetterTemplate? {
        try await all(shipped: shipped, on: connection, logger: logger).first { $0.kind == kind && $0.language == language }
    }

    static func languages(_ kind: LetterKind, shipped: [LetterKind: [String: String]], on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        let languages = try await all(shipped: shipped, on: connection, logger: logger).filter { $0.kind == kind }.map(\.language)
        // Danish first, then the others in order.
        return languages.filter { $0 == "da" } + languages.filter { $0 != "da" }.sorted()
    }

    static func put(_ kind: LetterKind, language: String, body: String, by staffId: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO letter_templates (kind, language, body, updated_by) VALUES (\(kind.rawValue), \(language), \(body), \(staffId))
            ON CONFLICT (kind, language) DO UPDATE SET body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = now()
            """, logger: logger)
    }

    /// Removes the municipality's own template (the shipped one, if any, is used again). Whether one was removed.
    static func remove(_ kind: LetterKind, language: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            DELETE FROM letter_templates WHERE kind = \(kind.rawValue) AND language = \(language) RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
