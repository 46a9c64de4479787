import Logging
import PostgresNIO

/// The keys of the pupils this service erased (`pupil.erased`). An event for such a pupil that was
/// still in flight when the erasure ran (or is replayed later) would bring the pupil back; the
/// consumption path refuses it (`EventProcessor`). The key is pseudonymous and, after the erasure,
/// leads to nobody: Intake no longer holds the mapping.
public enum ErasedPupils {
    public static func mark(_ pupilKey: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("INSERT INTO erased_pupils (pupil_key) VALUES (\(pupilKey)) ON CONFLICT DO NOTHING", logger: logger)
    }

    /// Which of `pupilKeys` were erased, in one statement.
    public static func among(_ pupilKeys: [String], on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        guard !pupilKeys.isEmpty else { return [] }
        let rows = try await connection.query("SELECT pupil_key FROM erased_pupils WHERE pupil_key = ANY(\(pupilKeys))", logger: logger)
        var erased: Set<String> = []
        for try await key in rows.decode(String.self) { erased.insert(key) }
        return erased
    }
}
