import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Step 2's records: the warning letters as they were sent.
enum WarningLetterStore {
    static func insert(_ letter: WarningLetter, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO warning_letters (letter_id, task_id, pupil_key, school_id, period, language, body, sent_at, sent_via, recorded_by, recorded_at)
            VALUES (\(letter.letterId), \(letter.taskId), \(letter.pupilKey), \(letter.schoolId), \(letter.period), \(letter.language), \(letter.text),
                    \(letter.sentAt), \(letter.sentVia.rawValue), \(letter.recordedBy), \(letter.recordedAt))
            """, logger: logger)
    }

    private static let select = """
        SELECT letter_id, task_id, pupil_key, school_id, period, language, body, sent_at, sent_via, recorded_by, recorded_at FROM warning_letters
        """

    private static func letter(_ row: Columns) throws -> WarningLetter {
        WarningLetter(letterId: try row("letter_id"), taskId: try row("task_id"), pupilKey: try row("pupil_key"), schoolId: try row("school_id"),
                      period: try row("period"), language: try row("language"), text: try row("body"), sentAt: try row("sent_at"),
                      sentVia: LetterDelivery(rawValue: try row("sent_via")) ?? .letter, recordedBy: try row("recorded_by"), recordedAt: try row("recorded_at"))
    }

    static func letters(task: String, on connection: PostgresConnection, logger: Logger) async throws -> [WarningLetter] {
        try await connection.query("\(unescaped: select) WHERE task_id = \(task) ORDER BY sent_at", logger: logger).collect(letter)
    }

    static func letters(pupil: String, period: String, on connection: PostgresConnection, logger: Logger) async throws -> [WarningLetter] {
        try await connection.query("\(unescaped: select) WHERE pupil_key = \(pupil) AND period = \(period) ORDER BY sent_at", logger: logger)
            .collect(letter)
    }
}
