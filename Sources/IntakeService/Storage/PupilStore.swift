import Foundation
import Logging
import PostgresNIO
import Shared

/// Pupils and enrolments, pseudonymised: stored under their pupil key with the source id encrypted;
/// each upsert publishes the pupil's `pupil.directory` entry (the only event with a name).
struct PupilStore: Sendable {
    let pseudonymizer: Pseudonymizer
    let logger: Logger

    /// Upserts on the caller's transaction; returns the pupil keys written.
    /// - Parameter sourceSystem: the source that sent them (a local pupil id is the source's own).
    @discardableResult
    func upsert(_ pupils: [Pupil], sourceSystem: String, schoolNames: [String: String], on connection: PostgresConnection, now: Date) async throws -> [String] {
        guard !pupils.isEmpty else { return [] }
        let keys = pupils.map { pseudonymizer.pupilKey(sourceID: $0.sourceId, sourceSystem: sourceSystem) }
        let sealed = try pupils.map { ByteBuffer(bytes: try pseudonymizer.encrypt(sourceID: $0.sourceId)) }
        try await connection.query("""
            INSERT INTO pupils (pupil_key, source_id_encrypted, given_name, family_name, school_id, class_name, grade, enrolled_from, enrolled_to)
            SELECT k, s, g, f, sc, c, gr, ef::date, NULLIF(et, '')::date
            FROM unnest(\(keys), \(sealed), \(pupils.map(\.givenName)), \(pupils.map(\.familyName)), \(pupils.map(\.schoolId)),
                        \(pupils.map(\.className)), \(pupils.map(\.grade)), \(pupils.map(\.enrolledFrom.description)),
                        \(pupils.map { $0.enrolledTo?.description ?? "" })) AS p(k, s, g, f, sc, c, gr, ef, et)
            ON CONFLICT (pupil_key) DO UPDATE SET
                source_id_encrypted = EXCLUDED.source_id_encrypted, given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name,
                school_id = EXCLUDED.school_id, class_name = EXCLUDED.class_name, grade = EXCLUDED.grade,
                enrolled_from = EXCLUDED.enrolled_from, enrolled_to = EXCLUDED.enrolled_to, updated_at = now()
            """, logger: logger)
        let events = try zip(pupils, keys).map { pupil, key in
            try CloudEvent(PupilDirectoryEntry(
                pupilKey: key, givenName: pupil.givenName, familyName: pupil.familyName, schoolId: pupil.schoolId,
                schoolName: schoolNames[pupil.schoolId] ?? pupil.schoolId, className: pupil.className, grade: pupil.grade,
                enrolledFrom: pupil.enrolledFrom, enrolledTo: pupil.enrolledTo, updatedAt: now), source: FremmoedeServiceName.intake.eventSource)
        }
        try await Outbox.enqueue(events, on: connection, logger: logger)
        return keys
    }
}
