import Foundation
import Logging
import PostgresNIO

/// Recipients' preferences: a language and, per event kind, immediately, daily digest or off.
/// Keyed by the address in lower case, so a team member and a role mailbox are treated alike.
struct PreferenceStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    /// The preferences of `recipients`, inside a consuming transaction; unknown ones get the standard.
    static func preferences(for recipients: [String], on connection: PostgresConnection, logger: Logger) async throws -> [String: RecipientPreferences] {
        var result: [String: RecipientPreferences] = [:]
        for try await (recipient, language) in try await connection.query("""
            SELECT recipient, language FROM recipient_settings WHERE recipient = ANY(\(recipients))
            """, logger: logger).decode((String, String).self) {
            result[recipient] = RecipientPreferences(language: MailLanguage(rawValue: language) ?? .danish, modes: [:])
        }
        for try await (recipient, type, mode) in try await connection.query("""
            SELECT recipient, event_type, mode FROM preferences WHERE recipient = ANY(\(recipients))
            """, logger: logger).decode((String, String, String).self) {
            guard let kind = NotificationKind(rawValue: type), let mode = DeliveryMode(rawValue: mode) else { continue }
            result[recipient, default: .standard].modes[kind] = mode
        }
        return result
    }

    func preferences(of recipient: String) async throws -> RecipientPreferences {
        let recipient = recipient.lowercased()
        return try await postgres.withConnection { connection in
            try await Self.preferences(for: [recipient], on: connection, logger: logger)[recipient] ?? .standard
        }
    }

    /// Replaces a recipient's preferences.
    func save(_ preferences: RecipientPreferences, of recipient: String, staffId: String) async throws {
        let recipient = recipient.lowercased()
        let kinds = preferences.modes.keys.map(\.rawValue)
        let modes = preferences.modes.keys.map { preferences.modes[$0]!.rawValue }
        try await postgres.withTransaction(logger: logger) { connection in
            try await connection.query("""
                INSERT INTO recipient_settings (recipient, staff_id, language) VALUES (\(recipient), \(staffId), \(preferences.language.rawValue))
                ON CONFLICT (recipient) DO UPDATE SET staff_id = EXCLUDED.staff_id, language = EXCLUDED.language, updated_at = now()
                """, logger: logger)
            try await connection.query("DELETE FROM preferences WHERE recipient = \(recipient)", logger: logger)
            try await connection.query("""
                INSERT INTO preferences (recipient, event_type, mode) SELECT \(recipient), k, m FROM unnest(\(kinds)::text[], \(modes)::text[]) AS p(k, m)
                """, logger: logger)
        }
    }
}
