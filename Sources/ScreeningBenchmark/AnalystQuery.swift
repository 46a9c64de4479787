import Foundation
import Logging
import PostgresNIO
import Shared

/// What an analyst would do instead of Screening, for the quarter rules only: the term's absences
/// in a table, and one query with window functions over Screening's own calendar and enrolments —
/// unauthorized days against the count the quarter's school days allow (the default reading).
struct AnalystQuery {
    let postgres: PostgresClient
    let schema: String
    let logger: Logger
    private let table = "screening_analyst.absences"

    init(postgres: PostgresClient, schema: String, logger: Logger) async throws {
        self.postgres = postgres
        self.schema = schema
        self.logger = logger
        try await postgres.query("DROP SCHEMA IF EXISTS screening_analyst CASCADE", logger: logger)
        try await postgres.query("CREATE SCHEMA screening_analyst", logger: logger)
        try await postgres.query("CREATE TABLE screening_analyst.absences (pupil text, day date, period text, category text, fraction float8)", logger: logger)
    }

    /// Loads the absences; returns how long it took.
    func load(_ absences: [AttendanceIngested]) async throws -> Duration {
        let started = ContinuousClock.now
        for chunk in stride(from: 0, to: absences.count, by: 50_000) {
            let part = absences[chunk..<min(chunk + 50_000, absences.count)]
            try await postgres.query("""
                INSERT INTO screening_analyst.absences SELECT * FROM unnest(\(part.map(\.pupilKey))::text[], \(part.map(\.date.description))::date[],
                    \(part.map(\.period.description))::text[], \(part.map { $0.absenceCategory?.rawValue ?? "" })::text[], \(part.map(\.dayFraction))::float8[])
                """, logger: logger)
        }
        return ContinuousClock.now - started
    }

    /// The pupil-quarters ("<pupil> <year>-Q<n>") at 10 % and 15 %, and how long the query took.
    func quarterRules() async throws -> (pupilQuarters: [String: Set<String>], time: Duration) {
        let started = ContinuousClock.now
        var result: [String: Set<String>] = ["unauthorized-quarter-warning": [], "unauthorized-quarter-report": []]
        let rows = try await postgres.query(PostgresQuery(unsafeSQL: """
            WITH day_absence AS (
                SELECT pupil, day, LEAST(1, CASE WHEN bool_or(period = 'day') THEN 1 ELSE sum(fraction) END) AS share
                FROM screening_analyst.absences WHERE category = 'unauthorized' GROUP BY pupil, day),
            quarter_days AS (
                SELECT p.pupil_key AS pupil, c.day, extract(year FROM c.day)::int || '-Q' || extract(quarter FROM c.day)::int AS quarter,
                       count(*) OVER q AS quarter_days, sum(coalesce(a.share, 0)) OVER q AS unauthorized
                FROM \(schema).pupils p JOIN \(schema).school_days c ON c.school_id = p.school_id AND c.day >= p.enrolled_from
                LEFT JOIN day_absence a ON a.pupil = p.pupil_key AND a.day = c.day
                WINDOW q AS (PARTITION BY p.pupil_key, date_trunc('quarter', c.day)))
            SELECT DISTINCT pupil || ' ' || quarter, unauthorized / quarter_days FROM quarter_days WHERE quarter_days >= 10
            """), logger: logger)
        for try await (key, rate) in rows.decode((String, Double).self) {
            if rate >= 0.10 - 1e-9 { result["unauthorized-quarter-warning", default: []].insert(key) }
            if rate >= 0.15 - 1e-9 { result["unauthorized-quarter-report", default: []].insert(key) }
        }
        return (result, ContinuousClock.now - started)
    }

    func concerns(rule: String) async throws -> Set<String> {
        var keys: Set<String> = []
        let rows = try await postgres.query(PostgresQuery(unsafeSQL: "SELECT DISTINCT pupil_key || ' ' || period FROM \(schema).concerns WHERE rule = $1",
                                                          binds: try binds(rule)), logger: logger)
        for try await key in rows.decode(String.self) { keys.insert(key) }
        return keys
    }

    func concernCount() async throws -> Int {
        for try await count in try await postgres.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int FROM \(schema).concerns"), logger: logger).decode(Int.self) {
            return count
        }
        return 0
    }

    func drop() async throws {
        try await postgres.query("DROP SCHEMA screening_analyst CASCADE", logger: logger)
    }

    private func binds(_ value: String) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        bindings.append(value)
        return bindings
    }
}
