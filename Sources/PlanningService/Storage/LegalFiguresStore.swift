import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// What the legal track's figures count, read for one school or all, over a range of quarters.
enum LegalFiguresStore {
    static func contactDays(school: String?, from: SchoolDate, to: SchoolDate, on connection: PostgresConnection,
                            logger: Logger) async throws -> [LegalFiguresComputation.ContactDay] {
        try await connection.query("""
            SELECT d.date::text AS date,
                   (SELECT min(c.contacted_at) FROM parent_contacts c WHERE c.pupil_key = d.pupil_key AND c.absence_date = d.date) AS first_contact
            FROM (SELECT DISTINCT r.pupil_key, r.date FROM registered_absences r
                  WHERE r.absence_category = 'unauthorized' AND r.status = 'absent'
                    AND r.date BETWEEN \(from.description)::date AND \(to.description)::date
                    AND (\(school == nil) OR r.school_id = \(school ?? ""))
                    AND NOT EXISTS (SELECT 1 FROM registered_absences n WHERE n.replaces_registration_id = r.registration_id)) d
            """, logger: logger).collect { row in
            LegalFiguresComputation.ContactDay(date: try row.date("date") ?? from, firstContact: try row("first_contact"))
        }
    }

    /// The school tasks of the periods, each with the moment its step was first done.
    static func tasks(school: String?, periods: [String], on connection: PostgresConnection, logger: Logger) async throws -> [LegalFiguresComputation.TaskFact] {
        try await connection.query("""
            SELECT t.kind, t.period, t.due_date::text AS due_date, t.cancelled_reason IS NOT NULL AS cancelled,
                   COALESCE((SELECT min(w.sent_at) FROM warning_letters w WHERE w.task_id = t.task_id),
                            (SELECT u.made_at FROM underretninger u WHERE u.task_id = t.task_id), t.done_at) AS done_at
            FROM legal_tasks t
            WHERE t.period = ANY(\(periods)) AND (\(school == nil) OR t.school_id = \(school ?? ""))
            """, logger: logger).collect { row in
            LegalFiguresComputation.TaskFact(kind: PlanUpdated.LegalTask.Kind(rawValue: try row("kind")) ?? .warnParents, period: try row("period"),
                                             dueDate: try row.date("due_date") ?? SchoolDate(dayNumber: 0), doneAt: try row("done_at"),
                                             cancelled: try row("cancelled"))
        }
    }

    static func underretninger(school: String?, periods: [String], on connection: PostgresConnection, logger: Logger) async throws -> [UnderretningStore.Header] {
        try await UnderretningStore.headers(schools: school.map { [$0] }, on: connection, logger: logger).filter { periods.contains($0.period) }
    }
}
