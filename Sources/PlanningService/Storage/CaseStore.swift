import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Cases (samarbejde): the case with its status and version, the team with the tovholder, the
/// parents and child as participants, the concerns it was opened on, and its timeline.
enum CaseStore {
    /// What access decisions and updates need to know of a case.
    struct Header: Sendable {
        var caseId: String
        var pupilKey: String
        var schoolId: String
        var status: CaseStatus
        var version: Int
        var openedAt: Date
        var meetingCadenceDays: Int?
        var team: [CaseTeam.Member]

        var resource: AccessPolicy.Resource { AccessPolicy.Resource(schoolId: schoolId, team: team.map(\.event)) }
        var coordinator: CaseTeam.Member? { team.first { $0.role == .coordinator } }
    }

    struct Details: Sendable {
        var participants: [CaseTeam.Participant]
        var openedBy: String
        var closedAt: Date?
        var outcome: String?
        var evaluation: CaseEvaluationRecord?
    }

    static func header(_ caseId: String, forUpdate: Bool, on connection: PostgresConnection, logger: Logger) async throws -> Header? {
        guard var header = try await connection.query("""
            SELECT case_id, pupil_key, school_id, status, version, opened_at, meeting_cadence_days FROM cases WHERE case_id = \(caseId)
            \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """, logger: logger).collect({ row in
                Header(caseId: try row("case_id"), pupilKey: try row("pupil_key"), schoolId: try row("school_id"),
                       status: CaseStatus(rawValue: try row("status")) ?? .opened, version: try row("version"), openedAt: try row("opened_at"),
                       meetingCadenceDays: try row("meeting_cadence_days"), team: [])
            }).first else { return nil }
        header.team = try await team(caseId, on: connection, logger: logger)
        return header
    }

    static func team(_ caseId: String, on connection: PostgresConnection, logger: Logger) async throws -> [CaseTeam.Member] {
        try await connection.query("""
            SELECT staff_id, role, email, name FROM case_team WHERE case_id = \(caseId) ORDER BY position
            """, logger: logger).collect { row in
            CaseTeam.Member(staffId: try row("staff_id"), role: CaseTeamMember.Role(rawValue: try row("role")) ?? .contactTeacher,
                            email: try row("email"), name: try row("name"))
        }
    }

    static func details(_ caseId: String, on connection: PostgresConnection, logger: Logger) async throws -> Details? {
        try await connection.query("""
            SELECT participants::text AS participants, opened_by, closed_at, outcome, evaluation::text AS evaluation FROM cases WHERE case_id = \(caseId)
            """, logger: logger).collect { row in
            Details(participants: try row.json("participants") ?? [], openedBy: try row("opened_by"), closedAt: try row("closed_at"),
                    outcome: try row("outcome"), evaluation: try row.json("evaluation"))
        }.first
    }

    /// The open case of a pupil, if any.
    static func openCase(pupil: String, on connection: PostgresConnection, logger: Logger) async throws -> String? {
        try await connection.query("SELECT case_id FROM cases WHERE pupil_key = \(pupil) AND status <> 'closed'", logger: logger)
            .collect { try $0("case_id", String.self) }.first
    }

    /// The pupil's cases at `school`, newest first.
    static func cases(pupil: String, school: String, on connection: PostgresConnection, logger: Logger) async throws -> [String] {
        try await connection.query("""
            SELECT case_id FROM cases WHERE pupil_key = \(pupil) AND school_id = \(school) ORDER BY opened_at DESC
            """, logger: logger).collect { try $0("case_id", String.self) }
    }

    /// Opens a case on a concern. The caller has checked that the pupil has no open case.
    /// A new case for the pupil, on a concern or — opened from the pupil's page — on none.
    static func open(caseId: String, pupilKey: String, schoolId: String, concernId: String?, team: [CaseTeam.Member], meetingCadenceDays: Int?,
                     by staffId: String, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO cases (case_id, pupil_key, school_id, status, opened_at, opened_by, first_concern_at, meeting_cadence_days)
            VALUES (\(caseId), \(pupilKey), \(schoolId), \(CaseStatus.opened.rawValue), \(now), \(staffId),
                    (SELECT min(raised_at) FROM concerns WHERE pupil_key = \(pupilKey) AND triage IN ('new', 'watching', 'case')
                     AND raised_at <= \(now)),
                    \(meetingCadenceDays))
            """, logger: logger)
        if let concernId { try await link(caseId: caseId, concern: concernId, on: connection, logger: logger) }
        try await replaceTeam(caseId, with: team, on: connection, logger: logger)
    }

    static func link(caseId: String, concern: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO case_concerns (case_id, concern_id) VALUES (\(caseId), \(concern)) ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    static func replaceTeam(_ caseId: String, with team: [CaseTeam.Member], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("DELETE FROM case_team WHERE case_id = \(caseId)", logger: logger)
        try await connection.query("""
            INSERT INTO case_team (case_id, position, staff_id, role, email, name)
            SELECT \(caseId), position, s, r, e, NULLIF(n, '')
            FROM unnest(\(team.map(\.staffId)), \(team.map(\.role.rawValue)), \(team.map(\.email)), \(team.map { $0.name ?? "" }))
                 WITH ORDINALITY AS t(s, r, e, n, position)
            """, logger: logger)
    }

    /// Applies a change to the case's own fields and moves its version on.
    static func update(_ caseId: String, status: CaseStatus?, meetingCadenceDays: Int??, participants: [CaseTeam.Participant]?,
                       on connection: PostgresConnection, logger: Logger) async throws {
        let participantsJSON = try participants.map(JSONColumn.encode)
        let setCadence = meetingCadenceDays != nil
        try await connection.query("""
            UPDATE cases SET status = COALESCE(\(status?.rawValue), status),
                meeting_cadence_days = CASE WHEN \(setCadence) THEN \(meetingCadenceDays ?? nil) ELSE meeting_cadence_days END,
                participants = COALESCE(\(participantsJSON)::jsonb, participants),
                version = version + 1
            WHERE case_id = \(caseId)
            """, logger: logger)
    }

    static func close(_ caseId: String, evaluation: CaseEvaluationRecord, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE cases SET status = 'closed', closed_at = \(now), outcome = \(evaluation.outcome.rawValue),
                evaluation = \(try JSONColumn.encode(evaluation))::jsonb, version = version + 1
            WHERE case_id = \(caseId)
            """, logger: logger)
    }

    static func addTimeline(_ caseId: String, by staffId: String, kind: String, summary: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO case_timeline (case_id, staff_id, kind, summary) VALUES (\(caseId), \(staffId), \(kind), \(summary))
            """, logger: logger)
    }

    static func timeline(_ caseId: String, on connection: PostgresConnection, logger: Logger) async throws -> [CaseTimelineEntry] {
        try await connection.query("""
            SELECT at, staff_id, kind, summary FROM case_timeline WHERE case_id = \(caseId) ORDER BY id
            """, logger: logger).collect { row in
            CaseTimelineEntry(at: try row("at"), staffId: try row("staff_id"), kind: try row("kind"), summary: try row("summary"))
        }
    }

    /// The cases a person may see: those they are on, and every case at the schools where their role lets them see cases.
    static func visibleCases(staffId: String, schools: [String], allSchools: Bool, includeClosed: Bool,
                             on connection: PostgresConnection, logger: Logger) async throws -> [CaseSummary] {
        try await connection.query("""
            SELECT c.case_id, c.pupil_key, c.school_id, c.status, c.opened_at, c.closed_at, p.given_name, p.family_name, p.class_name
            FROM cases c LEFT JOIN pupils p ON p.pupil_key = c.pupil_key
            WHERE (c.case_id IN (SELECT case_id FROM case_team WHERE staff_id = \(staffId)) OR c.school_id = ANY(\(schools)) OR \(allSchools))
              AND (\(includeClosed) OR c.status <> 'closed')
            ORDER BY c.opened_at DESC LIMIT 1000
            """, logger: logger).collect { row in
            CaseSummary(caseId: try row("case_id"), pupilKey: try row("pupil_key"), schoolId: try row("school_id"),
                        status: CaseStatus(rawValue: try row("status")) ?? .opened, openedAt: try row("opened_at"), closedAt: try row("closed_at"),
                        givenName: try row("given_name"), familyName: try row("family_name"), className: try row("class_name"))
        }
    }
}

