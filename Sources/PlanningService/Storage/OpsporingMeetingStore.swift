import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The opsporingsteam's meetings per school (`opsporing_meetings`): when each was held and how many
/// decisions it took — what "new since the last meeting" is measured from. No pupil in it.
enum OpsporingMeetingStore {
    static func last(school: String, on connection: PostgresConnection, logger: Logger) async throws -> OpsporingMeeting? {
        try await connection.query("""
            SELECT meeting_id, school_id, held_at, recorded_by, decisions FROM opsporing_meetings
            WHERE school_id = \(school) ORDER BY held_at DESC, meeting_id DESC LIMIT 1
            """, logger: logger).collect { row in
            OpsporingMeeting(meetingId: try row("meeting_id"), schoolId: try row("school_id"), heldAt: try row("held_at"), recordedBy: try row("recorded_by"),
                             decisions: try row("decisions"))
        }.first
    }

    static func record(_ meeting: OpsporingMeeting, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO opsporing_meetings (meeting_id, school_id, held_at, recorded_by, decisions)
            VALUES (\(meeting.meetingId), \(meeting.schoolId), \(meeting.heldAt), \(meeting.recordedBy), \(meeting.decisions))
            """, logger: logger)
    }
}
