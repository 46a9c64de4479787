import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The legal track: tasks the quarter rules create (warn the parents; underretning — notify the
/// municipality), one live task per pupil, kind and quarter, visible until done. A concern withdrawn by a
/// correction (e.g. a doctor's note) cancels its open task.
enum LegalTaskStore {
    /// Creates the task a quarter concern calls for, unless the pupil already has a live one for that quarter; a withdrawn
    /// concern's task is stored cancelled.
    /// Returns whether a live task was created.
    @discardableResult
    static func create(for raised: ConcernRaised, deadlines: LegalDeadlines, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard raised.origin == .rule, let kind = LegalDeadlines.kind(forRule: raised.rule) else { return false }
        let due = deadlines.dueDate(for: kind, raisedOn: SchoolDate(raised.raisedAt))
        let rows = try await connection.query("""
            INSERT INTO legal_tasks (task_id, concern_id, kind, pupil_key, school_id, period, due_date, cancelled_reason)
            SELECT \(TimeOrderedID.string()), \(raised.concernId), \(kind.rawValue), \(raised.pupilKey), \(raised.schoolId), \(raised.period),
                   \(due.description)::date,
                   (SELECT 'concern withdrawn by correction' FROM concern_resolutions
                    WHERE concern_id = \(raised.concernId) AND reason = 'withdrawn-by-correction')
            WHERE NOT EXISTS (SELECT 1 FROM legal_tasks WHERE concern_id = \(raised.concernId))
            ON CONFLICT (pupil_key, kind, period) WHERE cancelled_reason IS NULL DO NOTHING
            RETURNING cancelled_reason IS NULL
            """, logger: logger)
        for try await live in rows.decode(Bool.self) { return live }
        return false
    }

    /// Cancels the open task of a concern that a correction withdrew. Returns the pupil key when one was cancelled.
    static func cancel(concern resolved: ConcernResolved, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        guard resolved.reason == .withdrawnByCorrection else { return false }
        let rows = try await connection.query("""
            UPDATE legal_tasks SET cancelled_reason = 'concern withdrawn by correction'
            WHERE concern_id = \(resolved.concernId) AND done_at IS NULL AND cancelled_reason IS NULL
            RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    private static let select = """
        SELECT task_id, kind, concern_id, pupil_key, school_id, period, due_date::text AS due_date, done_at, done_by, note, cancelled_reason
        FROM legal_tasks
        """

    private static func task(_ row: Columns) throws -> LegalTask {
        LegalTask(taskId: try row("task_id"), kind: PlanUpdated.LegalTask.Kind(rawValue: try row("kind")) ?? .warnParents,
                  concernId: try row("concern_id"), pupilKey: try row("pupil_key"), schoolId: try row("school_id"), period: try row("period"),
                  dueDate: try row.date("due_date")!, doneAt: try row("done_at"), doneBy: try row("done_by"), note: try row("note"),
                  cancelledReason: try row("cancelled_reason"))
    }

    static func tasks(pupil: String, on connection: PostgresConnection, logger: Logger) async throws -> [LegalTask] {
        try await connection.query("\(unescaped: select) WHERE pupil_key = \(pupil) ORDER BY due_date", logger: logger).collect(task)
    }

    static func openTasks(school: String, on connection: PostgresConnection, logger: Logger) async throws -> [LegalTask] {
        try await connection.query("""
            \(unescaped: select) WHERE school_id = \(school) AND done_at IS NULL AND cancelled_reason IS NULL ORDER BY due_date
            """, logger: logger).collect(task)
    }

    static func task(_ id: String, forUpdate: Bool, on connection: PostgresConnection, logger: Logger) async throws -> LegalTask? {
        try await connection.query("""
            \(unescaped: select) WHERE task_id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """, logger: logger).collect(task).first
    }

    static func complete(_ id: String, by staffId: String, note: String?, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE legal_tasks SET done_at = now(), done_by = \(staffId), note = \(note) WHERE task_id = \(id)
            """, logger: logger)
    }
}

extension LegalTask {
    /// The task as `plan.updated` carries it.
    var event: PlanUpdated.LegalTask { .init(taskId: taskId, kind: kind, dueDate: dueDate, done: doneAt != nil) }
}
