import Foundation
import Logging
import PostgresNIO
import Shared

/// What the dashboard page reads for every school at once, aggregated by the database (one pass
/// over the monthly absence history instead of one API computation per school): pupils and pupils
/// with concerning absence by school and month, each pupil's last quarter figure counted by school,
/// and the cases' dates and outcomes. Figures and school names only: no pupil is named or keyed.
struct DashboardReadings: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    func schools() async throws -> [(schoolId: String, name: String)] {
        try await postgres.query("SELECT school_id, min(school_name) AS name FROM pupils GROUP BY school_id ORDER BY school_id", logger: logger)
            .collect { (try $0("school_id", String.self), try $0("name", String.self)) }
    }

    func months(_ months: [String], concerningThreshold: Double) async throws -> [SchoolFigures.MonthCount] {
        try await postgres.query("""
            SELECT school_id, month, count(*)::int AS pupils, count(*) FILTER (WHERE last40_total >= \(concerningThreshold))::int AS concerning
            FROM absence_months WHERE month = ANY(\(months)) GROUP BY school_id, month
            """, logger: logger).collect {
            SchoolFigures.MonthCount(schoolId: try $0("school_id"), month: try $0("month"), pupils: try $0("pupils"), concerning: try $0("concerning"))
        }
    }

    /// Each pupil's latest figure in each quarter (it counts the quarter so far), counted by school.
    func quarters(_ months: [String], unauthorizedThreshold: Double) async throws -> [SchoolFigures.QuarterCount] {
        try await postgres.query("""
            SELECT school_id, quarter, count(*)::int AS pupils, count(*) FILTER (WHERE quarter_unauthorized >= \(unauthorizedThreshold))::int AS over
            FROM (SELECT DISTINCT ON (pupil_key, quarter) school_id, quarter, quarter_unauthorized FROM absence_months
                  WHERE month = ANY(\(months)) ORDER BY pupil_key, quarter, as_of DESC) AS latest
            GROUP BY school_id, quarter
            """, logger: logger).collect {
            SchoolFigures.QuarterCount(schoolId: try $0("school_id"), quarter: try $0("quarter"), pupils: try $0("pupils"), unauthorized: try $0("over"))
        }
    }

    func cases() async throws -> [SchoolFigures.CaseFacts] {
        try await postgres.query("SELECT school_id, opened_at, first_concern_at, closed_at, outcome FROM cases", logger: logger).collect {
            SchoolFigures.CaseFacts(schoolId: try $0("school_id"), openedAt: try $0("opened_at"), firstConcernAt: try $0("first_concern_at"),
                                    closedAt: try $0("closed_at"), improved: try $0("outcome", String?.self) == CaseClosed.Outcome.improved.rawValue)
        }
    }
}
