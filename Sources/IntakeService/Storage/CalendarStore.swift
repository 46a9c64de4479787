import Foundation
import Logging
import PostgresNIO
import Shared

/// Schools and their school-year calendars; an upsert replaces that school year's days and
/// holidays and publishes `school.calendar`.
struct CalendarStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    func upsert(_ calendar: SchoolCalendar) async throws {
        let event = try CloudEvent(calendar, source: FremmoedeServiceName.intake.eventSource)
        try await postgres.withTransaction(logger: logger) { connection in
            try await connection.query("""
                INSERT INTO schools (school_id, name, lessons_per_day) VALUES (\(calendar.schoolId), \(calendar.schoolName), \(calendar.lessonsPerDay))
                ON CONFLICT (school_id) DO UPDATE SET name = EXCLUDED.name, lessons_per_day = EXCLUDED.lessons_per_day, updated_at = now()
                """, logger: logger)
            try await connection.query(
                "DELETE FROM school_days WHERE school_id = \(calendar.schoolId) AND school_year = \(calendar.schoolYear)", logger: logger)
            try await connection.query(
                "DELETE FROM holidays WHERE school_id = \(calendar.schoolId) AND school_year = \(calendar.schoolYear)", logger: logger)
            try await connection.query("""
                INSERT INTO school_days (school_id, school_year, date)
                SELECT \(calendar.schoolId), \(calendar.schoolYear), d::date FROM unnest(\(calendar.schoolDays.map(\.description))) AS d
                ON CONFLICT (school_id, date) DO UPDATE SET school_year = EXCLUDED.school_year
                """, logger: logger)
            try await connection.query("""
                INSERT INTO holidays (school_id, school_year, date, name)
                SELECT \(calendar.schoolId), \(calendar.schoolYear), d::date, n
                FROM unnest(\(calendar.holidays.map(\.date.description)), \(calendar.holidays.map(\.name))) AS h(d, n)
                ON CONFLICT (school_id, date) DO UPDATE SET name = EXCLUDED.name, school_year = EXCLUDED.school_year
                """, logger: logger)
            try await Outbox.enqueue(event, on: connection, logger: logger)
        }
    }
}
