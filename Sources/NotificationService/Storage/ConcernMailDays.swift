import Logging
import PostgresNIO
import Shared

/// At most one immediate concern e-mail per recipient, pupil and school day: the first urgent
/// concern claims the day, later ones go to the digest. The school day is the one the concern is
/// about (its window's end), so a replay of the topics decides the same way.
enum ConcernMailDays {
    /// True when this is the first immediate concern e-mail for the recipient, pupil and day.
    static func claim(recipient: String, pupilKey: String, schoolDay: SchoolDate, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let rows = try await connection.query("""
            INSERT INTO concern_mail_days (recipient, pupil_key, school_day) VALUES (\(recipient), \(pupilKey), \(schoolDay.description)::date)
            ON CONFLICT DO NOTHING RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }
}
