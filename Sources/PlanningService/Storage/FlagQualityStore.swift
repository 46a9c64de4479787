import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The counts behind `FlagQuality`, aggregated by PostgreSQL over concerns, their resolutions and cases.
/// A pupil is flagged by a rule in the school year when a concern of the rule is about a school day
/// (its window's end) in that year; from the first such concern (its raise): a later concern of an
/// outcome rule, that first concern resolved below its line within 8 weeks, a case opened since.
enum FlagQualityStore {
    static func rules(from: SchoolDate, to: SchoolDate, school: String?, on connection: PostgresConnection, logger: Logger) async throws -> [FlagQuality.Rule] {
        try await connection.query("""
            WITH flagged AS (
                SELECT DISTINCT ON (c.rule, c.pupil_key) c.rule, c.pupil_key, c.concern_id, c.raised_at
                FROM concerns c
                WHERE c.origin = 'rule' AND c.window_end BETWEEN \(from.description)::date AND \(to.description)::date
                  AND (\(school)::text IS NULL OR c.school_id = \(school))
                ORDER BY c.rule, c.pupil_key, c.raised_at, c.concern_id
            )
            SELECT f.rule, count(*)::int AS pupils,
                count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM concerns o WHERE o.pupil_key = f.pupil_key AND o.rule = ANY(\(FlagQuality.outcomeRules))
                      AND o.concern_id <> f.concern_id AND o.raised_at >= f.raised_at
                      AND o.window_end BETWEEN \(from.description)::date AND \(to.description)::date))::int AS reached,
                count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM concern_resolutions r WHERE r.concern_id = f.concern_id AND r.reason = 'below-threshold'
                      AND r.resolved_at <= f.raised_at + make_interval(days => \(FlagQuality.belowAgainDays)::int)))::int AS below_again,
                count(*) FILTER (WHERE EXISTS (
                    SELECT 1 FROM cases k WHERE k.pupil_key = f.pupil_key AND k.opened_at >= f.raised_at))::int AS with_case
            FROM flagged f GROUP BY f.rule ORDER BY f.rule
            """, logger: logger).collect { row in
            FlagQuality.Rule(rule: try row("rule"), pupils: try row("pupils"), reachedConcerning: try row("reached"),
                             belowAgainWithin8Weeks: try row("below_again"), gotCase: try row("with_case"))
        }
    }
}
