import Foundation
import Logging
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
