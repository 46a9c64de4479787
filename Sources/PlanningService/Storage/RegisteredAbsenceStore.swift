import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The absence registrations Planning keeps from `attendance.ingested`: every registration of an
/// absence, and every later registration that replaces a kept one (a correction, to whatever
/// status). A first registration of presence is not kept: the calendar already counts the day.
enum RegisteredAbsenceStore {
    /// Stores what is kept of `registrations`, in order (a correction in the same batch as the absence it corrects is kept).
    static func store(_ registrations: [AttendanceIngested], on connection: PostgresConnection, logger: Logger) async throws {
        let replaced = Array(Set(registrations.compactMap(\.replacesRegistrationId)))
        var kept: Set<String> = []
        if !replaced.isEmpty {
            let rows = try await connection.query("""
                SELECT registration_id FROM registered_absences WHERE registration_id = ANY(\(replaced))
                """, logger: logger)
            for try await id in rows.decode(String.self) { kept.insert(id) }
        }
        var items: [AttendanceIngested] = []
        for registration in registrations where registration.status == .absent || registration.replacesRegistrationId.map(kept.contains) == true {
            kept.insert(registration.registrationId)
            items.append(registration)
        }
        guard !items.isEmpty else { return }
        try await connection.query("""
            INSERT INTO registered_absences (registration_id, pupil_key, school_id, date, period, status, absence_category, day_fraction,
                                             recorded_at, source_system, replaces_registration_id)
            SELECT i, k, s, d::date, p, st, NULLIF(c, ''), f, r, so, NULLIF(re, '')
            FROM unnest(\(items.map(\.registrationId)), \(items.map(\.pupilKey)), \(items.map(\.schoolId)), \(items.map(\.date.description)),
                        \(items.map(\.period.description)), \(items.map(\.status.rawValue)), \(items.map { $0.absenceCategory?.rawValue ?? "" }),
                        \(items.map(\.dayFraction)), \(items.map(\.recordedAt)), \(items.map(\.sourceSystem)),
                        \(items.map { $0.replacesRegistrationId ?? "" })) AS t(i, k, s, d, p, st, c, f, r, so, re)
            ON CONFLICT (registration_id) DO NOTHING
            """, logger: logger)
    }

    /// A stored registration with its day.
    struct Stored: Sendable {
        var pupilKey: String
        var date: SchoolDate
        var record: RegistrationRecord
    }

    private static let select = """
        SELECT r.registration_id, r.pupil_key, r.date::text AS date, r.period, r.status, r.absence_category, r.day_fraction, r.recorded_at,
               r.source_system, r.received_at, r.replaces_registration_id,
               NOT EXISTS (SELECT 1 FROM registered_absences n WHERE n.replaces_registration_id = r.registration_id) AS current
        FROM registered_absences r
        """

    private static func stored(_ row: Columns) throws -> Stored {
        Stored(pupilKey: try row("pupil_key"), date: try row.date("date") ?? SchoolDate(dayNumber: 0),
               record: RegistrationRecord(
                   registrationId: try row("registration_id"), period: try row("period"), status: try row("status"),
                   absenceCategory: try row("absence_category"), dayFraction: try row("day_fraction"), recordedAt: try row("recorded_at"),
                   sourceSystem: try row("source_system"), receivedAt: try row("received_at"), replacesRegistrationId: try row("replaces_registration_id"),
                   current: try row("current")))
    }

    /// Every kept registration of the pupil from `from` to `to`.
    static func registrations(pupil: String, from: SchoolDate, to: SchoolDate, on connection: PostgresConnection, logger: Logger) async throws -> [Stored] {
        try await connection.query("""
            \(unescaped: select) WHERE r.pupil_key = \(pupil) AND r.date BETWEEN \(from.description)::date AND \(to.description)::date
            ORDER BY r.date, r.received_at, r.recorded_at
            """, logger: logger).collect(stored)
    }

    /// The registrations of unauthorized absence at `school` from `from` to `to` that count now (not replaced).
    static func currentUnauthorized(school: String, from: SchoolDate, to: SchoolDate, on connection: PostgresConnection, logger: Logger) async throws -> [Stored] {
        try await connection.query("""
            \(unescaped: select) WHERE r.school_id = \(school) AND r.date BETWEEN \(from.description)::date AND \(to.description)::date
              AND r.absence_category = 'unauthorized' AND r.status = 'absent'
              AND NOT EXISTS (SELECT 1 FROM registered_absences n WHERE n.replaces_registration_id = r.registration_id)
            ORDER BY r.date, r.pupil_key, r.recorded_at
            """, logger: logger).collect(stored)
    }
}
