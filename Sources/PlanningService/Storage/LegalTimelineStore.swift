import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The legal track's own timeline per pupil and quarter (each step, who and when; no free text).
/// A step is also written on the pupil's open case's timeline, when there is one.
enum LegalTimelineStore {
    static func add(pupil: String, school: String, period: String, underretning: String?, step: LegalStep, summary: String, by staffId: String,
                    on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO legal_timeline (pupil_key, school_id, period, underretning_id, staff_id, step, summary)
            VALUES (\(pupil), \(school), \(period), \(underretning), \(staffId), \(step.rawValue), \(summary))
            """, logger: logger)
        if let caseId = try await CaseStore.openCase(pupil: pupil, on: connection, logger: logger) {
            try await CaseStore.addTimeline(caseId, by: staffId, kind: "legal-track", summary: summary, on: connection, logger: logger)
        }
    }

    static func entries(pupil: String, period: String, on connection: PostgresConnection, logger: Logger) async throws -> [LegalTimelineEntry] {
        try await connection.query("""
            SELECT at, staff_id, step, summary FROM legal_timeline WHERE pupil_key = \(pupil) AND period = \(period) ORDER BY id
            """, logger: logger).collect { row in
            LegalTimelineEntry(at: try row("at"), staffId: try row("staff_id"), step: LegalStep(rawValue: try row("step")) ?? .contactParents,
                               summary: try row("summary"))
        }
    }
}
