import Logging
import PostgresNIO
import Shared

/// The number of underretninger (notifying the municipality) per school and month — the one place
/// the dashboard's count is made, so that it can switch to another record of them without the
/// figures around it changing. Today it counts what Planning has: the legal tasks of kind
/// `notify-municipality` that the quarter rule `unauthorized-quarter-report` (unauthorized absence
/// ≥ 15 % of the quarter) creates, unless cancelled (a correction withdrew the concern), by the month
/// of the school day the 15 % was reached — whether or not the school leader has ticked it off.
/// Cases carry no underretninger of their own. `DashboardSettings.underretningerCounted` names it.
enum UnderretningCount {
    static func byMonth(_ months: [String], _ postgres: PostgresClient, logger: Logger) async throws -> [SchoolFigures.UnderretningCount] {
        try await postgres.query("""
            SELECT t.school_id, to_char(coalesce(c.window_end, t.due_date), 'YYYY-MM') AS month, count(*)::int AS count
            FROM legal_tasks t LEFT JOIN concerns c ON c.concern_id = t.concern_id
            WHERE t.kind = 'notify-municipality' AND t.cancelled_reason IS NULL
              AND to_char(coalesce(c.window_end, t.due_date), 'YYYY-MM') = ANY(\(months))
            GROUP BY 1, 2
            """, logger: logger).collect {
            SchoolFigures.UnderretningCount(schoolId: try $0("school_id"), month: try $0("month"), count: try $0("count"))
        }
    }
}
