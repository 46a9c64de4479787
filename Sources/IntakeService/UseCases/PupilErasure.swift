import Foundation
import Logging
import PostgresNIO
import Shared

/// Erasing a pupil (GDPR art. 17, or retention once the enrolment is long over): Intake deletes
/// what it holds and, in the same transaction, publishes `pupil.erased` (every service forgets the
/// pupil) and a nameless `pupil.directory` entry marked erased (the compacted topic then forgets the name).
enum PupilErasure {
    struct Outcome: Sendable {
        var erasureId: String
        var schoolId: String?
        var rowsDeleted: Int
    }

    /// - Parameter requestedBy: the data protection officer's staff id, or `retention`.
    static func erase(_ pupilKey: String, requestedBy: String, now: Date = Date(), on connection: PostgresConnection, logger: Logger) async throws -> Outcome {
        let rows = try await connection.query("""
            SELECT school_id, class_name, grade, enrolled_from::text, enrolled_to::text FROM pupils WHERE pupil_key = \(pupilKey)
            """, logger: logger)
        var tombstone: PupilDirectoryEntry?
        for try await (school, className, grade, fromText, to) in rows.decode((String, String, Int, String, String?).self) {
            guard let from = SchoolDate(fromText) else { continue }
            tombstone = PupilDirectoryEntry(pupilKey: pupilKey, givenName: "", familyName: "", schoolId: school, schoolName: "", className: className,
                                            grade: grade, enrolledFrom: from, enrolledTo: to.flatMap(SchoolDate.init), erased: true, updatedAt: now)
        }
        let counts = try await IntakePupilData.inventory.erase(pupilKey, on: connection, logger: logger)
        let erasure = PupilErased(erasureId: TimeOrderedID.string(), pupilKey: pupilKey, requestedBy: requestedBy, requestedAt: now)
        var events = [try CloudEvent(erasure, source: FremmoedeServiceName.intake.eventSource)]
        if let tombstone { events.append(try CloudEvent(tombstone, source: FremmoedeServiceName.intake.eventSource)) }
        try await Outbox.enqueue(events, on: connection, logger: logger)
        return Outcome(erasureId: erasure.erasureId, schoolId: tombstone?.schoolId, rowsDeleted: counts.values.reduce(0, +))
    }

    /// Retention per pupil: a pupil whose enrolment ended before `cutoff` — or, with no end sent,
    /// of whom nothing was heard since (no update, no registration) — is erased in every service.
    /// At most `limit` per run, so one run stays one short transaction.
    static func eraseExpired(before cutoff: Date, limit: Int = 500, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.query("""
            SELECT pupil_key FROM pupils p
            WHERE p.enrolled_to < (\(cutoff)::timestamptz)::date
               OR (p.enrolled_to IS NULL AND p.updated_at < \(cutoff)
                   AND NOT EXISTS (SELECT 1 FROM registrations r WHERE r.pupil_key = p.pupil_key AND r.date >= (\(cutoff)::timestamptz)::date))
            ORDER BY pupil_key LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """, logger: logger)
        var keys: [String] = []
        for try await key in rows.decode(String.self) { keys.append(key) }
        for key in keys {
            let outcome = try await erase(key, requestedBy: "retention", on: connection, logger: logger)
            logger.info("pupil erased by retention", metadata: ["erasure.id": "\(outcome.erasureId)"])
        }
        return keys.count
    }
}
