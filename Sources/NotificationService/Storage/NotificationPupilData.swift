import Logging
import PostgresNIO
import Shared

/// What NotificationService holds of one pupil: the e-mails about their concerns and cases (which
/// name no pupil, but are about one), the reminders and plan revisions of their cases — found
/// through `pupil_events`, which records the pupil of every event consumed.
enum NotificationPupilData {
    private static let events = "SELECT event_id FROM pupil_events WHERE pupil_key = $1"
    private static let cases = "SELECT case_id FROM pupil_events WHERE pupil_key = $1 AND case_id IS NOT NULL"

    static let inventory = PupilData(service: "notification", parts: [
        .byPupilKey("pupil_events"),
        .byPupilKey("concern_mail_days"),
        PupilData.Part(
            name: "emails",
            select: "SELECT * FROM emails WHERE event_id IN (\(events)) OR case_id IN (\(cases))",
            delete: "DELETE FROM emails WHERE event_id IN (\(events)) OR case_id IN (\(cases))"),
        PupilData.Part(name: "reminders", select: "SELECT * FROM reminders WHERE case_id IN (\(cases))",
                       delete: "DELETE FROM reminders WHERE case_id IN (\(cases))"),
        PupilData.Part(name: "case_plans", select: "SELECT * FROM case_plans WHERE case_id IN (\(cases))",
                       delete: "DELETE FROM case_plans WHERE case_id IN (\(cases))"),
    ])

    static func remember(_ event: CloudEvent, pupilKey: String, caseId: String?, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO pupil_events (event_id, pupil_key, case_id) VALUES (\(event.id), \(pupilKey), \(caseId)) ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
