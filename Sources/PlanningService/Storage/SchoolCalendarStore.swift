import Foundation
import Logging
import PostgresNIO
import Shared

/// The schools' calendars from `school.calendar`: one row per school and school year with its school
/// days, the newer calendar winning (replays and any order of arrival end in the same state). The
/// dashboard counts school days from them. No pupil data.
enum SchoolCalendarStore {
    static func upsert(_ calendar: SchoolCalendar, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO school_calendars (school_id, school_year, school_days, updated_at)
            VALUES (\(calendar.schoolId), \(calendar.schoolYear), \(calendar.schoolDays.map(\.description))::date[], \(calendar.updatedAt))
            ON CONFLICT (school_id, school_year) DO UPDATE SET school_days = EXCLUDED.school_days, updated_at = EXCLUDED.updated_at
            WHERE school_calendars.updated_at <= EXCLUDED.updated_at
            """, logger: logger)
    }
}
