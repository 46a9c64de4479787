import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The inbox's storage side: a school's open findings, its pupils, their open cases, and the
/// team's decision on each pupil (`pupil_triage`: one row per pupil, the latest decision).
enum PupilTriageStore {
    private static let findingColumns = """
        SELECT c.concern_id, c.pupil_key, c.rule, c.origin, c.staff_category, c.window_end::text AS window_end,
               c.explanation::text AS explanation, c.raised_at, c.triage, c.review_date::text AS review_date
        FROM concerns c LEFT JOIN concern_resolutions r ON r.concern_id = c.concern_id
        """

    private static func finding(_ row: Columns) throws -> PupilInbox.Finding {
        let explanation = try row.json("explanation", ConcernRaised.Explanation.self)
        return PupilInbox.Finding(
            concernId: try row("concern_id"), pupilKey: try row("pupil_key"), rule: try row("rule"),
            origin: ConcernRaised.Origin(rawValue: try row("origin")) ?? .rule, staffCategory: try row("staff_category"),
            asOf: try row.date("window_end")!, rate: explanation?.rate, threshold: explanation?.threshold, schoolDays: explanation?.schoolDays,
            unauthorizedDays: explanation?.absentDays["unauthorized"], raisedAt: try row("raised_at"),
            concernTriage: Concern.Triage(rawValue: try row("triage")) ?? .new, concernReviewDate: try row.date("review_date"))
    }

    /// The school's concerns that are not resolved.
    /// The school's inbox as rows, one per pupil with an open finding (what the inbox and the
    /// opsporingsteam's meeting both list), with the school's pupils for their names.
    static func rows(school: String, today: SchoolDate, on connection: PostgresConnection, logger: Logger) async throws
        -> (rows: [PupilInbox.Row], pupils: [String: Pupil])
    {
        let findings = try await openFindings(school: school, on: connection, logger: logger)
        let pupils = try await pupils(school: school, on: connection, logger: logger)
        let cases = try await openCases(school: school, on: connection, logger: logger)
        let decisions = try await decisions(school: school, on: connection, logger: logger)
        let info = pupils.mapValues { PupilInbox.PupilInfo(name: "\($0.givenName) \($0.familyName)", className: $0.className, grade: $0.grade) }
        return (PupilInbox.rows(findings: findings, decisions: decisions, openCases: cases, pupils: info, today: today), pupils)
    }

    static func openFindings(school: String, on connection: PostgresConnection, logger: Logger) async throws -> [PupilInbox.Finding] {
        try await connection.query("""
            \(unescaped: findingColumns) WHERE c.school_id = \(school) AND r.concern_id IS NULL
            """, logger: logger).collect(finding)
    }

    /// One pupil's concerns that are not resolved, locked for a triage.
    static func openFindings(pupil: String, school: String, on connection: PostgresConnection, logger: Logger) async throws -> [PupilInbox.Finding] {
        try await connection.query("""
            \(unescaped: findingColumns) WHERE c.pupil_key = \(pupil) AND c.school_id = \(school) AND r.concern_id IS NULL FOR UPDATE OF c
            """, logger: logger).collect(finding)
    }

    static func pupils(school: String, on connection: PostgresConnection, logger: Logger) async throws -> [String: Pupil] {
        let pupils = try await connection.query("""
            SELECT pupil_key, given_name, family_name, school_id, school_name, class_name, grade, erased FROM pupils
            WHERE school_id = \(school) AND NOT erased
            """, logger: logger).collect(ReadModelStore.pupil)
        return Dictionary(pupils.map { ($0.pupilKey, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func openCases(school: String, on connection: PostgresConnection, logger: Logger) async throws -> [String: String] {
        let rows = try await connection.query("""
            SELECT pupil_key, case_id FROM cases WHERE school_id = \(school) AND status <> 'closed'
            """, logger: logger).collect { (try $0("pupil_key", String.self), try $0("case_id", String.self)) }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    static func decisions(school: String, on connection: PostgresConnection, logger: Logger) async throws -> [String: PupilInbox.Decision] {
        let rows = try await connection.query("""
            SELECT pupil_key, kind, tier, reason, review_date::text AS review_date, decided_at, case_id FROM pupil_triage WHERE school_id = \(school)
            """, logger: logger).collect { row -> (String, PupilInbox.Decision) in
            (try row("pupil_key"), PupilInbox.Decision(
                kind: PupilInbox.Decision.Kind(rawValue: try row("kind")) ?? .watching, tier: InboxTier(rawValue: try row("tier")) ?? .pattern,
                reason: try row("reason"), reviewDate: try row.date("review_date"), decidedAt: try row("decided_at"), caseId: try row("case_id")))
        }
        return Dictionary(rows, uniquingKeysWith: { first, _ in first })
    }

    static func decide(pupil: String, school: String, _ decision: PupilInbox.Decision, by staffId: String,
                       on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO pupil_triage (pupil_key, school_id, kind, tier, reason, review_date, case_id, decided_by, decided_at)
            VALUES (\(pupil), \(school), \(decision.kind.rawValue), \(decision.tier.rawValue), \(decision.reason),
                    \(decision.reviewDate?.description)::date, \(decision.caseId), \(staffId), \(decision.decidedAt))
            ON CONFLICT (pupil_key) DO UPDATE SET school_id = EXCLUDED.school_id, kind = EXCLUDED.kind, tier = EXCLUDED.tier,
                reason = EXCLUDED.reason, review_date = EXCLUDED.review_date, case_id = EXCLUDED.case_id,
                decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at, version = pupil_triage.version + 1
            """, logger: logger)
    }
}
