import Foundation
import Logging
import PostgresNIO
import Shared

/// Stores a batch's accepted registrations in one row each (IntakeServiceMigrations 4): tells
/// duplicates and conflicts from new registrations, decides first / correction / stale against the
/// current registration of each pupil, date and period (its row locked), and writes each new one
/// with `noncurrent_id` NULL when it becomes its slot's current registration, else its own id.
///
/// Concurrent transactions (lanes, replicas) meet on the slot's current row or on the unique
/// indexes. A row that an index refuses — another transaction stored the same registration id, or a
/// current registration for the slot, after this one looked — has its slot undone and done again
/// against what that transaction committed; only if that keeps happening is the batch retried.
struct RegistrationWriter: Sendable {
    let logger: Logger

    struct Written: Sendable {
        /// The new registrations in batch order, with their ids and outcomes.
        var stored: [(id: String, item: AcceptedRegistration, outcome: CorrectionPlanner.Outcome)] = []
        var duplicates = 0
        var conflicts: [ItemError] = []
    }

    /// Other transactions kept taking the same slots: the batch is retried (`DataError.isRetryable`).
    struct ContendedSlots: RetryableError, CustomStringConvertible {
        var description: String { "registrations kept meeting other transactions' for the same pupil, date and period" }
    }

    private struct Entry: Sendable {
        var id: UUID
        /// `id` as text, as events and the planner carry it.
        var idText: String
        var item: AcceptedRegistration
        var slot: CorrectionPlanner.Slot
    }

    func write(_ accepted: [AcceptedRegistration], on connection: PostgresConnection) async throws -> Written {
        var written = Written()
        let entries = accepted.map { item in
            let id = TimeOrderedID.make()
            return Entry(id: id, idText: TimeOrderedID.text(id), item: item,
                         slot: .init(pupilKey: item.pupilKey, date: item.registration.date, period: item.registration.period.description))
        }
        var outcomes: [UUID: CorrectionPlanner.Outcome] = [:]
        var pending = entries
        for _ in 0..<5 where !pending.isEmpty {
            // Sent before: a duplicate, or a conflict when the content differs.
            let sentBefore = try await storedContent(of: pending.map(\.item), on: connection)
            if !sentBefore.isEmpty {
                pending = pending.enumerated().filter { position, entry in
                    guard let content = sentBefore[position] else { return true }
                    if let conflict = RegistrationContent.conflict(entry.item, with: content) { written.conflicts.append(conflict) } else { written.duplicates += 1 }
                    return false
                }.map(\.element)
                if pending.isEmpty { break }
            }

            let current = try await lockCurrent(Array(Set(pending.map(\.slot))), on: connection)
            let plan = CorrectionPlanner.plan(
                pending.map { .init(registrationId: $0.idText, slot: $0.slot, recordedAt: $0.item.registration.recordedAt) },
                current: current)
            let replaced = plan.current.keys.compactMap { slot in current[slot].map { (slot, $0.registrationId) } }
            try await setCurrent(false, ids: replaced.map(\.1), on: connection)
            let refused = try await insert(pending, current: Set(plan.current.values.map(\.registrationId)), on: connection)

            // The slots of refused rows are undone (their new rows deleted, what they replaced current
            // again) and done again; the other slots' outcomes stand.
            let redo = Set(pending.filter { refused.contains($0.id) }.map(\.slot))
            for (entry, outcome) in zip(pending, plan.outcomes) where !redo.contains(entry.slot) { outcomes[entry.id] = outcome }
            guard !redo.isEmpty else {
                pending = []
                break
            }
            let undone = pending.filter { redo.contains($0.slot) && !refused.contains($0.id) }.map(\.id)
            if !undone.isEmpty {
                try await connection.query("DELETE FROM registrations WHERE registration_id = ANY(\(undone))", logger: logger)
            }
            try await setCurrent(true, ids: replaced.filter { redo.contains($0.0) }.map(\.1), on: connection)
            pending = pending.filter { redo.contains($0.slot) }
            logger.debug("registrations met another transaction's; their slots are done again", metadata: ["slots": "\(redo.count)"])
        }
        guard pending.isEmpty else { throw ContendedSlots() }
        written.stored = entries.compactMap { entry in outcomes[entry.id].map { (entry.idText, entry.item, $0) } }
        return written
    }

    /// What is stored under the registration ids of `items` (sent before), by position in `items`.
    /// One index lookup per item (a lateral subquery, which the planner cannot turn into a hash
    /// join over the whole table).
    private func storedContent(of items: [AcceptedRegistration], on connection: PostgresConnection) async throws -> [Int: RegistrationContent] {
        guard !items.isEmpty else { return [:] }
        let rows = try await connection.query("""
            SELECT i.n::int, g.pupil_key, g.school_id, to_char(g.date, 'YYYY-MM-DD'), g.period, g.status, g.absence_category, g.minutes_late
            FROM unnest(\(items.map(\.registration.sourceSystem)), \(items.map(\.registration.sourceRegistrationId))) WITH ORDINALITY AS i(ss, sr, n)
            CROSS JOIN LATERAL (SELECT * FROM registrations r WHERE r.source_system = i.ss AND r.source_registration_id = i.sr LIMIT 1) g
            """, logger: logger)
        var stored: [Int: RegistrationContent] = [:]
        for try await (position, key, school, date, period, status, category, late)
            in rows.decode((Int, String, String, String, String, String, String?, Int?).self) {
            guard let day = SchoolDate(date) else { continue }
            stored[position - 1] = RegistrationContent(pupilKey: key, schoolId: school, date: day, period: period, status: status,
                                                       absenceCategory: category, minutesLate: late)
        }
        return stored
    }

    /// The current registration of each slot, locked until the transaction ends — in slot order,
    /// as rows are inserted, so two transactions never wait for each other the other way round.
    private func lockCurrent(_ slots: [CorrectionPlanner.Slot], on connection: PostgresConnection) async throws -> [CorrectionPlanner.Slot: CorrectionPlanner.Current] {
        let rows = try await connection.query("""
            SELECT s.k, to_char(s.d, 'YYYY-MM-DD'), s.p, c.registration_id, c.recorded_at
            FROM (SELECT * FROM unnest(\(slots.map(\.pupilKey)), \(slots.map(\.date.description))::date[], \(slots.map(\.period))) AS u(k, d, p)
                  ORDER BY k, d, p) s
            CROSS JOIN LATERAL (
                SELECT r.registration_id, r.recorded_at FROM registrations r
                WHERE r.pupil_key = s.k AND r.date = s.d AND r.period = s.p AND r.noncurrent_id IS NULL
                FOR UPDATE
            ) c
            """, logger: logger)
        var current: [CorrectionPlanner.Slot: CorrectionPlanner.Current] = [:]
        for try await (key, date, period, id, recordedAt) in rows.decode((String, String, String, UUID, Date).self) {
            guard let day = SchoolDate(date) else { continue }
            current[.init(pupilKey: key, date: day, period: period)] = .init(registrationId: TimeOrderedID.text(id), recordedAt: recordedAt)
        }
        return current
    }

    /// Makes registrations their slot's current one again (`true`) or no longer (`false`).
    private func setCurrent(_ isCurrent: Bool, ids: [String], on connection: PostgresConnection) async throws {
        guard !ids.isEmpty else { return }
        let uuids = ids.compactMap { UUID(uuidString: $0) }
        if isCurrent {
            try await connection.query("UPDATE registrations SET noncurrent_id = NULL WHERE registration_id = ANY(\(uuids))", logger: logger)
        } else {
            try await connection.query("UPDATE registrations SET noncurrent_id = registration_id WHERE registration_id = ANY(\(uuids))", logger: logger)
        }
    }

    /// Inserts the entries (those in `current` as their slot's current registration) in slot order;
    /// returns the ids of those a unique index refused.
    private func insert(_ rows: [Entry], current: Set<String>, on connection: PostgresConnection) async throws -> Set<UUID> {
        let items = rows.map(\.item)
        let counted = try await connection.query("""
            WITH inserted AS (
                INSERT INTO registrations (registration_id, source_system, source_registration_id, pupil_key, school_id, date, period,
                                           status, absence_category, minutes_late, day_fraction, recorded_at, noncurrent_id)
                SELECT id, ss, sr, pk, sc, d::date, p, st, NULLIF(ac, ''), NULLIF(ml, -1), df, ra, CASE WHEN cur THEN NULL ELSE id END
                FROM unnest(\(rows.map(\.id)), \(items.map(\.registration.sourceSystem)), \(items.map(\.registration.sourceRegistrationId)),
                            \(items.map(\.pupilKey)), \(items.map(\.registration.schoolId)), \(items.map(\.registration.date.description)),
                            \(items.map(\.registration.period.description)), \(items.map(\.registration.status.rawValue)),
                            \(items.map { $0.registration.absenceCategory?.rawValue ?? "" }), \(items.map { $0.registration.minutesLate ?? -1 }),
                            \(items.map(\.dayFraction)), \(items.map(\.registration.recordedAt)),
                            \(rows.map { current.contains($0.idText) }))
                     AS r(id, ss, sr, pk, sc, d, p, st, ac, ml, df, ra, cur)
                ORDER BY r.pk, r.d, r.p, r.id
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT count(*)::int FROM inserted
            """, logger: logger)
        var count = 0
        for try await value in counted.decode(Int.self) { count = value }
        guard count < rows.count else { return [] }
        // Rare: find which (the ids are this transaction's own, so a missing one was refused).
        let found = try await connection.query("SELECT registration_id FROM registrations WHERE registration_id = ANY(\(rows.map(\.id)))", logger: logger)
        var inserted: Set<UUID> = []
        for try await id in found.decode(UUID.self) { inserted.insert(id) }
        return Set(rows.map(\.id)).subtracting(inserted)
    }
}
