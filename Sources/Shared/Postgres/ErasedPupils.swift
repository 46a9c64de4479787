import Foundation
import Logging
import PostgresNIO

/// The keys of the pupils this service erased (`pupil.erased`), each with its erasure epoch: the
/// moment the erasure was asked for. An event for such a pupil from before the epoch — still in
/// flight when the erasure ran, or replayed later — would bring the pupil back; the consumption path
/// refuses it (`EventProcessor`). An event made after the epoch (a pupil who re-enrols: a new
/// directory entry, new registrations) is let in. The key is pseudonymous and, after the erasure,
/// leads to nobody: Intake no longer holds the mapping.
public enum ErasedPupils {
    public static func mark(_ pupilKey: String, at epoch: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO erased_pupils (pupil_key, erased_at) VALUES (\(pupilKey), \(epoch))
            ON CONFLICT (pupil_key) DO UPDATE SET erased_at = GREATEST(erased_pupils.erased_at, EXCLUDED.erased_at)
            """, logger: logger)
    }

    /// The erasure epoch of each of `pupilKeys` that was erased, in one statement.
    public static func among(_ pupilKeys: [String], on connection: PostgresConnection, logger: Logger) async throws -> [String: Date] {
        guard !pupilKeys.isEmpty else { return [:] }
        let rows = try await connection.query("SELECT pupil_key, erased_at FROM erased_pupils WHERE pupil_key = ANY(\(pupilKeys))", logger: logger)
        var erased: [String: Date] = [:]
        for try await (key, epoch) in rows.decode((String, Date).self) { erased[key] = epoch }
        return erased
    }
}
