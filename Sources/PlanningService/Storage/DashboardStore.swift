import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Loads what the dashboard's figures are computed from: the monthly absence history and the cases,
/// of one school or of the whole municipality. No names: only keys, rates and dates.
struct DashboardStore: Sendable {
    static func absence(school: String?, months: [String], on connection: PostgresConnection, logger: Logger) async throws -> [DashboardFigures.MonthlyAbsence] {
        try await connection.query("""
            SELECT pupil_key, month, as_of::text AS as_of, last40_total, quarter, quarter_unauthorized FROM absence_months
            WHERE month = ANY(\(months)) AND (\(school)::text IS NULL OR school_id = \(school))
            """, logger: logger).collect { row in
            DashboardFigures.MonthlyAbsence(pupilKey: try row("pupil_key"), month: try row("month"), asOf: try row.date("as_of")!,
                                            last40Total: try row("last40_total"), quarter: try row("quarter"),
                                            quarterUnauthorized: try row("quarter_unauthorized"))
        }
    }

    static func cases(school: String?, on connection: PostgresConnection, logger: Logger) async throws -> [DashboardFigures.CaseFacts] {
        try await connection.query("""
            SELECT opened_at, first_concern_at, closed_at, outcome FROM cases WHERE (\(school)::text IS NULL OR school_id = \(school))
            """, logger: logger).collect { row in
            DashboardFigures.CaseFacts(openedAt: try row("opened_at"), firstConcernAt: try row("first_concern_at"), closedAt: try row("closed_at"),
                                       outcome: try row("outcome", String?.self).flatMap(CaseClosed.Outcome.init))
        }
    }
}

/// What `GET /v1/dashboard/schools` counts, for every school at once and aggregated by PostgreSQL
/// (one pass over the monthly absence history rather than one computation per school): the
/// schools, pupils and pupils with concerning absence by school and month, each pupil's latest
/// quarter figure counted by school, and the cases' dates and outcomes. On the pool, so the four
/// reads run side by side. Figures and school names only: no pupil is named or keyed.
extension DashboardStore {
    static func schools(_ postgres: PostgresClient, logger: Logger) async throws -> [(schoolId: String, name: String)] {
        try await postgres.query("SELECT school_id, min(school_name) AS name FROM pupils GROUP BY school_id ORDER BY school_id", logger: logger)
            .collect { (try $0("school_id", String.self), try $0("name", String.self)) }
    }

    static func monthCounts(_ months: [String], concerningThreshold: Double, _ postgres: PostgresClient, logger: Logger) async throws -> [SchoolFigures.MonthCount] {
        try await postgres.query("""
            SELECT school_id, month, count(*)::int AS pupils, count(*) FILTER (WHERE last40_total >= \(concerningThreshold))::int AS concerning
            FROM absence_months WHERE month = ANY(\(months)) GROUP BY school_id, month
            """, logger: logger).collect {
            SchoolFigures.MonthCount(schoolId: try $0("school_id"), month: try $0("month"), pupils: try $0("pupils"), concerning: try $0("concerning"))
        }
    }

    /// Each pupil's latest figure in each quarter (it counts the quarter so far), counted by school.
    static func quarterCounts(_ months: [String], unauthorizedThreshold: Double, _ postgres: PostgresClient, logger: Logger) async throws -> [SchoolFigures.QuarterCount] {
        try await postgres.query("""
            SELECT school_id, quarter, count(*)::int AS pupils, count(*) FILTER (WHERE quarter_unauthorized >= \(unauthorizedThreshold))::int AS over
            FROM (SELECT DISTINCT ON (pupil_key, quarter) school_id, quarter, quarter_unauthorized FROM absence_months
                  WHERE month = ANY(\(months)) ORDER BY pupil_key, quarter, as_of DESC) AS latest
            GROUP BY school_id, quarter
            """, logger: logger).collect {
            SchoolFigures.QuarterCount(schoolId: try $0("school_id"), quarter: try $0("quarter"), pupils: try $0("pupils"), unauthorized: try $0("over"))
        }
    }

    static func caseFacts(_ postgres: PostgresClient, logger: Logger) async throws -> [SchoolFigures.CaseFacts] {
        try await postgres.query("SELECT school_id, opened_at, first_concern_at, closed_at, outcome FROM cases", logger: logger).collect {
            SchoolFigures.CaseFacts(schoolId: try $0("school_id"), openedAt: try $0("opened_at"), firstConcernAt: try $0("first_concern_at"),
                                    closedAt: try $0("closed_at"), improved: try $0("outcome", String?.self) == CaseClosed.Outcome.improved.rawValue)
        }
    }
}
