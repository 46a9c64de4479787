import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The meetings of a case: when, who attended, what was decided and when the next one is.
enum MeetingStore {
    static func add(_ meeting: CaseMeeting, caseId: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO meetings (meeting_id, case_id, held_at, attendees, decisions, next_meeting_at, recorded_by)
            VALUES (\(meeting.meetingId), \(caseId), \(meeting.heldAt), \(try JSONColumn.encode(meeting.attendees))::jsonb,
                    \(try JSONColumn.encode(meeting.decisions))::jsonb, \(meeting.nextMeetingAt), \(meeting.recordedBy))
            """, logger: logger)
    }

    static func meetings(_ caseId: String, on connection: PostgresConnection, logger: Logger) async throws -> [CaseMeeting] {
        try await connection.query("""
            SELECT meeting_id, held_at, attendees::text AS attendees, decisions::text AS decisions, next_meeting_at, recorded_by
            FROM meetings WHERE case_id = \(caseId) ORDER BY held_at
            """, logger: logger).collect { row in
            CaseMeeting(meetingId: try row("meeting_id"), heldAt: try row("held_at"), attendees: try row.json("attendees") ?? [],
                        decisions: try row.json("decisions") ?? [], nextMeetingAt: try row("next_meeting_at"), recordedBy: try row("recorded_by"))
        }
    }

    /// The next meeting as planned at the latest meeting.
    static func nextMeeting(_ caseId: String, on connection: PostgresConnection, logger: Logger) async throws -> Date? {
        try await meetings(caseId, on: connection, logger: logger).last?.nextMeetingAt
    }
}
