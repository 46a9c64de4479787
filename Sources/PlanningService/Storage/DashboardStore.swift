import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// What the dashboard counts, for every school at once and aggregated by PostgreSQL (one pass per
/// figure rather than one computation per school). On the pool, so the reads run side by side.
/// Figures and school names only: no pupil is named or keyed.
///
/// The figures of a school reach its last day with figures: the latest day an `absence.summary` of
/// any of its pupils was computed for (`latest` below). Screening sends a pupil's summary whenever
/// their absence changes and every week while they have absence in the last 40 school days or the
/// quarter, so a pupil's last summary up to a day is their figure on that day, and a pupil without
/// one has had no absence.
enum DashboardStore {
    private static let latest = "SELECT school_id, max(as_of) AS day FROM absence_months GROUP BY school_id"

    static func schools(_ postgres: PostgresClient, logger: Logger) async throws -> [(schoolId: String, name: String)] {
        try await postgres.query("SELECT school_id, min(school_name) AS name FROM pupils GROUP BY school_id ORDER BY school_id", logger: logger)
            .collect { (try $0("school_id", String.self), try $0("name", String.self)) }
    }

    /// Per school and month with figures — the school has school days in the month and its first one
    /// is not after the school's last day with figures — every pupil enrolled in the month up to that
    /// day, and those whose last figure up to the month's end has all absence at or over `threshold`
    /// of the last 40 school days (særligt problematisk fravær). Pupils are counted at their school.
    static func monthCounts(_ months: [String], threshold: Double, _ postgres: PostgresClient, logger: Logger) async throws -> [SchoolFigures.MonthCount] {
        try await postgres.query("""
            WITH latest AS (\(unescaped: latest)),
            school_months AS (
                SELECT c.school_id, to_char(d, 'YYYY-MM') AS month, min(d) AS first_school_day
                FROM school_calendars c CROSS JOIN LATERAL unnest(c.school_days) AS d
                WHERE to_char(d, 'YYYY-MM') = ANY(\(months))
                GROUP BY 1, 2),
            counted AS (
                SELECT m.school_id, m.month, (m.month || '-01')::date AS first,
                       least((date_trunc('month', (m.month || '-01')::date) + interval '1 month - 1 day')::date, l.day) AS through
                FROM school_months m JOIN latest l USING (school_id) WHERE m.first_school_day <= l.day),
            enrolled AS (
                SELECT c.school_id, c.month, p.pupil_key FROM counted c
                JOIN pupils p ON p.school_id = c.school_id AND NOT p.erased
                    AND p.enrolled_from <= c.through AND (p.enrolled_to IS NULL OR p.enrolled_to >= c.first))
            SELECT e.school_id, e.month, count(*)::int AS pupils, count(*) FILTER (WHERE a.last40_total >= \(threshold))::int AS problematic
            FROM enrolled e LEFT JOIN LATERAL (
                SELECT m.last40_total FROM absence_months m WHERE m.pupil_key = e.pupil_key AND m.month <= e.month ORDER BY m.month DESC LIMIT 1
            ) AS a ON true
            GROUP BY e.school_id, e.month
            """, logger: logger).collect {
            SchoolFigures.MonthCount(schoolId: try $0("school_id"), month: try $0("month"), pupils: try $0("pupils"), problematic: try $0("problematic"))
        }
    }

    /// The ministry's definition per school and school year, up to the school's last day with figures
    /// (the year's end for a past year): each pupil enrolled with school days in it, their absent days
    /// of every kind (from the weekly series Planning keeps, within the enrolment) over those school
    /// days (from the school's calendar); counted, and those over `threshold`.
    static func yearCounts(_ schoolYears: [String], threshold: Double, tolerance: Double, _ postgres: PostgresClient,
                           logger: Logger) async throws -> [SchoolFigures.YearCount] {
        try await postgres.query("""
            WITH latest AS (\(unescaped: latest)),
            years AS (
                SELECT c.school_id, c.school_year, c.school_days, b.first, least(b.last, l.day) AS through
                FROM school_calendars c JOIN latest l USING (school_id)
                CROSS JOIN LATERAL (SELECT make_date(split_part(c.school_year, '/', 1)::int, 8, 1) AS first,
                                           make_date(split_part(c.school_year, '/', 1)::int + 1, 7, 31) AS last) AS b
                WHERE c.school_year = ANY(\(schoolYears)) AND b.first <= l.day),
            enrolled AS (
                SELECT y.school_id, y.school_year, y.through, y.school_days, p.pupil_key,
                       greatest(y.first, p.enrolled_from) AS from_day, least(y.through, coalesce(p.enrolled_to, y.through)) AS to_day
                FROM years y JOIN pupils p ON p.school_id = y.school_id AND NOT p.erased),
            pupil_years AS (
                SELECT e.school_id, e.school_year, e.through,
                       (SELECT count(*) FROM unnest(e.school_days) AS d WHERE d BETWEEN e.from_day AND e.to_day) AS school_days,
                       (SELECT coalesce(sum(w.absent_days), 0) FROM absence_weeks w
                        WHERE w.pupil_key = e.pupil_key AND w.week_start + 6 >= e.from_day AND w.week_start <= e.to_day) AS absent_days
                FROM enrolled e)
            SELECT school_id, school_year, max(through)::text AS through, count(*)::int AS pupils,
                   count(*) FILTER (WHERE absent_days > \(threshold) * school_days + \(tolerance))::int AS over
            FROM pupil_years WHERE school_days > 0 GROUP BY school_id, school_year
            """, logger: logger).collect {
            SchoolFigures.YearCount(schoolId: try $0("school_id"), schoolYear: try $0("school_year"), through: try $0.date("through") ?? SchoolDate(dayNumber: 0),
                                    pupils: try $0("pupils"), over: try $0("over"))
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

    static func caseFacts(_ postgres: PostgresClient, logger: Logger) async throws -> [CaseFigures.Facts] {
        try await postgres.query("SELECT school_id, opened_at, first_concern_at, closed_at, outcome FROM cases", logger: logger).collect {
            CaseFigures.Facts(schoolId: try $0("school_id"), openedAt: try $0("opened_at"), firstConcernAt: try $0("first_concern_at"),
                              closedAt: try $0("closed_at"), improved: try $0("outcome", String?.self) == CaseClosed.Outcome.improved.rawValue)
        }
    }
}
