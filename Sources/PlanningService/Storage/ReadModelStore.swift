import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The read models of other services' events: who the pupils are (pupil.directory) and their current
/// absence (absence.summary), with the weekly series and a monthly history for evaluation and the
/// dashboard. Every write is an upsert that keeps the newer fact, so replays and any order of
/// arrival end in the same state.
enum ReadModelStore {
    static func upsert(_ entry: PupilDirectoryEntry, on connection: PostgresConnection, logger: Logger) async throws {
        // An erased pupil keeps the row (so older events cannot bring the name back) without the name.
        let given = entry.erased ? "" : entry.givenName
        let family = entry.erased ? "" : entry.familyName
        try await connection.query("""
            INSERT INTO pupils (pupil_key, given_name, family_name, school_id, school_name, class_name, grade, enrolled_from, enrolled_to, erased, updated_at)
            VALUES (\(entry.pupilKey), \(given), \(family), \(entry.schoolId), \(entry.schoolName), \(entry.className), \(entry.grade),
                    \(entry.enrolledFrom.description)::date, \(entry.enrolledTo?.description)::date, \(entry.erased), \(entry.updatedAt))
            ON CONFLICT (pupil_key) DO UPDATE SET
                given_name = EXCLUDED.given_name, family_name = EXCLUDED.family_name, school_id = EXCLUDED.school_id,
                school_name = EXCLUDED.school_name, class_name = EXCLUDED.class_name, grade = EXCLUDED.grade,
                enrolled_from = EXCLUDED.enrolled_from, enrolled_to = EXCLUDED.enrolled_to,
                erased = EXCLUDED.erased, updated_at = EXCLUDED.updated_at
            WHERE pupils.updated_at <= EXCLUDED.updated_at
              AND (NOT pupils.erased
                   OR EXCLUDED.updated_at > (SELECT e.erased_at FROM erased_pupils e WHERE e.pupil_key = pupils.pupil_key))
            """, logger: logger)
    }

    /// Stores `summaries` (in the order they arrived) as storing them one by one would: the newer
    /// fact wins for each pupil, week and month — so the run is first reduced to the newest per row,
    /// since one statement may not change a row twice.
    static func upsert(_ summaries: [AbsenceSummary], on connection: PostgresConnection, logger: Logger) async throws {
        // A summary computed before an erasure may arrive after it (Screening may still hold the
        // pupil in memory): an erased pupil's absence is never stored again.
        var erased: Set<String> = []
        let keys = Array(Set(summaries.map(\.pupilKey)))
        for try await key in try await connection.query("SELECT pupil_key FROM pupils WHERE pupil_key = ANY(\(keys)) AND erased", logger: logger)
            .decode(String.self) { erased.insert(key) }
        var current: [String: AbsenceSummary] = [:]
        var weeks: [String: (pupilKey: String, week: AbsenceSummary.Week, computedAt: Date)] = [:]
        var months: [String: AbsenceSummary] = [:]
        for summary in summaries where !erased.contains(summary.pupilKey) {
            if current[summary.pupilKey].map({ $0.computedAt <= summary.computedAt }) ?? true { current[summary.pupilKey] = summary }
            for week in summary.weeks {
                let key = summary.pupilKey + "|" + week.weekStart.description
                if weeks[key].map({ $0.computedAt <= summary.computedAt }) ?? true { weeks[key] = (summary.pupilKey, week, summary.computedAt) }
            }
            let month = summary.pupilKey + "|" + summary.asOf.monthKey
            if months[month].map({ ($0.asOf, $0.computedAt) <= (summary.asOf, summary.computedAt) }) ?? true { months[month] = summary }
        }
        guard !current.isEmpty else { return }
        let latest = Array(current.values)
        try await connection.query("""
            INSERT INTO absence_current (pupil_key, school_id, as_of, computed_at, summary)
            SELECT k, s, a::date, c, j::jsonb
            FROM unnest(\(latest.map(\.pupilKey)), \(latest.map(\.schoolId)), \(latest.map(\.asOf.description)), \(latest.map(\.computedAt)),
                        \(try latest.map { try JSONColumn.encode($0) })) AS t(k, s, a, c, j)
            ON CONFLICT (pupil_key) DO UPDATE SET school_id = EXCLUDED.school_id, as_of = EXCLUDED.as_of,
                computed_at = EXCLUDED.computed_at, summary = EXCLUDED.summary
            WHERE absence_current.computed_at <= EXCLUDED.computed_at
            """, logger: logger)
        if !weeks.isEmpty {
            let rows = Array(weeks.values)
            try await connection.query("""
                INSERT INTO absence_weeks (pupil_key, week_start, school_days, absent_days, computed_at)
                SELECT k, w::date, d, a, c
                FROM unnest(\(rows.map(\.pupilKey)), \(rows.map(\.week.weekStart.description)), \(rows.map(\.week.schoolDays)),
                            \(rows.map(\.week.absentDays)), \(rows.map(\.computedAt))) AS t(k, w, d, a, c)
                ON CONFLICT (pupil_key, week_start) DO UPDATE SET school_days = EXCLUDED.school_days,
                    absent_days = EXCLUDED.absent_days, computed_at = EXCLUDED.computed_at
                WHERE absence_weeks.computed_at <= EXCLUDED.computed_at
                """, logger: logger)
        }
        let monthly = Array(months.values)
        try await connection.query("""
            INSERT INTO absence_months (pupil_key, month, school_id, as_of, computed_at, last40_total, quarter, quarter_unauthorized)
            SELECT k, m, s, a::date, c, l, q, u
            FROM unnest(\(monthly.map(\.pupilKey)), \(monthly.map(\.asOf.monthKey)), \(monthly.map(\.schoolId)), \(monthly.map(\.asOf.description)),
                        \(monthly.map(\.computedAt)), \(monthly.map(\.last40SchoolDays.total)), \(monthly.map(\.quarter.start.quarterKey)),
                        \(monthly.map(\.quarter.unauthorized))) AS t(k, m, s, a, c, l, q, u)
            ON CONFLICT (pupil_key, month) DO UPDATE SET school_id = EXCLUDED.school_id, as_of = EXCLUDED.as_of,
                computed_at = EXCLUDED.computed_at, last40_total = EXCLUDED.last40_total, quarter = EXCLUDED.quarter,
                quarter_unauthorized = EXCLUDED.quarter_unauthorized
            WHERE (absence_months.as_of, absence_months.computed_at) <= (EXCLUDED.as_of, EXCLUDED.computed_at)
            """, logger: logger)
    }

    static func pupil(_ key: String, on connection: PostgresConnection, logger: Logger) async throws -> Pupil? {
        try await connection.query("""
            SELECT pupil_key, given_name, family_name, school_id, school_name, class_name, grade, erased FROM pupils WHERE pupil_key = \(key)
            """, logger: logger).collect(pupil).first
    }

    static func pupils(_ keys: [String], on connection: PostgresConnection, logger: Logger) async throws -> [String: Pupil] {
        guard !keys.isEmpty else { return [:] }
        let pupils = try await connection.query("""
            SELECT pupil_key, given_name, family_name, school_id, school_name, class_name, grade, erased FROM pupils WHERE pupil_key = ANY(\(keys))
            """, logger: logger).collect(pupil)
        return Dictionary(pupils.map { ($0.pupilKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func pupil(_ row: Columns) throws -> Pupil {
        Pupil(pupilKey: try row("pupil_key"), givenName: try row("given_name"), familyName: try row("family_name"),
              schoolId: try row("school_id"), schoolName: try row("school_name"), className: try row("class_name"),
              grade: try row("grade"), erased: try row("erased"))
    }

    static func absence(_ key: String, on connection: PostgresConnection, logger: Logger) async throws -> AbsenceSummary? {
        try await connection.query("SELECT summary::text AS summary FROM absence_current WHERE pupil_key = \(key)", logger: logger)
            .collect { try $0.json("summary", AbsenceSummary.self) }.first ?? nil
    }

    static func weeks(_ key: String, on connection: PostgresConnection, logger: Logger) async throws -> [AbsenceSummary.Week] {
        try await connection.query("""
            SELECT week_start::text AS week_start, school_days, absent_days FROM absence_weeks WHERE pupil_key = \(key) ORDER BY week_start
            """, logger: logger).collect {
            AbsenceSummary.Week(weekStart: try $0.date("week_start")!, schoolDays: try $0("school_days"), absentDays: try $0("absent_days"))
        }
    }
}
