import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Opsporing: each school's concern inbox — rule-raised concerns from ScreeningService and staff
/// reports — with their resolution and triage (dismissed, watching until a review date, or a case).
enum ConcernStore {
    /// Records a raised concern; a replay or a late copy changes only the event's own fields, never the triage.
    static func upsert(_ raised: ConcernRaised, on connection: PostgresConnection, logger: Logger) async throws {
        let explanation = try raised.explanation.map(JSONColumn.encode)
        try await connection.query("""
            INSERT INTO concerns (concern_id, pupil_key, school_id, origin, rule, staff_category, window_start, window_end, period,
                                  explanation, escalates_concern_id, raised_at)
            VALUES (\(raised.concernId), \(raised.pupilKey), \(raised.schoolId), \(raised.origin.rawValue), \(raised.rule), \(raised.staffCategory),
                    \(raised.windowStart.description)::date, \(raised.windowEnd.description)::date, \(raised.period), \(explanation)::jsonb,
                    \(raised.escalatesConcernId), \(raised.raisedAt))
            ON CONFLICT (concern_id) DO UPDATE SET pupil_key = EXCLUDED.pupil_key, school_id = EXCLUDED.school_id, origin = EXCLUDED.origin,
                rule = EXCLUDED.rule, staff_category = EXCLUDED.staff_category, window_start = EXCLUDED.window_start,
                window_end = EXCLUDED.window_end, period = EXCLUDED.period, explanation = EXCLUDED.explanation,
                escalates_concern_id = EXCLUDED.escalates_concern_id, raised_at = EXCLUDED.raised_at
            """, logger: logger)
    }

    /// Records a resolution; it may arrive before the concern it resolves.
    static func resolve(_ resolved: ConcernResolved, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO concern_resolutions (concern_id, reason, rate, resolved_at)
            VALUES (\(resolved.concernId), \(resolved.reason.rawValue), \(resolved.rate), \(resolved.resolvedAt))
            ON CONFLICT (concern_id) DO UPDATE SET reason = EXCLUDED.reason, rate = EXCLUDED.rate, resolved_at = EXCLUDED.resolved_at
            WHERE concern_resolutions.resolved_at <= EXCLUDED.resolved_at
            """, logger: logger)
    }

    /// A staff report: the concern with its description (which stays here), published as concern.raised with origin staff.
    static func report(_ raised: ConcernRaised, description: String, reportedBy: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await upsert(raised, on: connection, logger: logger)
        try await connection.query("""
            UPDATE concerns SET description = \(description), reported_by = \(reportedBy) WHERE concern_id = \(raised.concernId)
            """, logger: logger)
        try await Outbox.enqueue(try CloudEvent(raised, source: FremmoedeServiceName.planning.eventSource), on: connection, logger: logger)
    }

    private static let select = """
        SELECT c.concern_id, c.pupil_key, c.school_id, c.origin, c.rule, c.staff_category, c.description, c.reported_by, c.period,
               c.window_start::text AS window_start, c.window_end::text AS window_end, c.raised_at, c.explanation::text AS explanation,
               c.escalates_concern_id, r.resolved_at, r.reason AS resolved_reason, c.triage, c.triage_reason,
               c.review_date::text AS review_date, c.case_id, c.version,
               p.pupil_key AS p_key, p.given_name, p.family_name, p.school_id AS p_school_id, p.school_name, p.class_name, p.grade, p.erased
        FROM concerns c LEFT JOIN concern_resolutions r ON r.concern_id = c.concern_id LEFT JOIN pupils p ON p.pupil_key = c.pupil_key
        """

    private static func concern(_ row: Columns) throws -> Concern {
        Concern(
            concernId: try row("concern_id"), pupilKey: try row("pupil_key"), schoolId: try row("school_id"),
            origin: ConcernRaised.Origin(rawValue: try row("origin")) ?? .rule, rule: try row("rule"), staffCategory: try row("staff_category"),
            description: try row("description"), reportedBy: try row("reported_by"), period: try row("period"), windowStart: try row.date("window_start")!,
            windowEnd: try row.date("window_end")!, raisedAt: try row("raised_at"), explanation: try row.json("explanation"),
            escalatesConcernId: try row("escalates_concern_id"), resolvedAt: try row("resolved_at"), resolvedReason: try row("resolved_reason"),
            triage: Concern.Triage(rawValue: try row("triage")) ?? .new, triageReason: try row("triage_reason"), reviewDate: try row.date("review_date"),
            caseId: try row("case_id"), version: try row("version"),
            pupil: try row("p_key", String?.self) == nil ? nil : Pupil(
                pupilKey: try row("p_key"), givenName: try row("given_name"), familyName: try row("family_name"),
                schoolId: try row("p_school_id"), schoolName: try row("school_name"), className: try row("class_name"),
                grade: try row("grade"), erased: try row("erased")))
    }

    /// The school's inbox: concerns in the given triage states, newest first.
    static func inbox(school: String, triage: [Concern.Triage], on connection: PostgresConnection, logger: Logger) async throws -> [Concern] {
        try await connection.query("""
            \(unescaped: select)
            WHERE c.school_id = \(school) AND c.triage = ANY(\(triage.map(\.rawValue)))
            ORDER BY c.raised_at DESC LIMIT 1000
            """, logger: logger).collect(concern)
    }

    static func concern(_ id: String, forUpdate: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> Concern? {
        try await connection.query("""
            \(unescaped: select) WHERE c.concern_id = \(id) \(unescaped: forUpdate ? "FOR UPDATE OF c" : "")
            """, logger: logger).collect(concern).first
    }

    static func concerns(pupil: String, on connection: PostgresConnection, logger: Logger) async throws -> [Concern] {
        try await connection.query("\(unescaped: select) WHERE c.pupil_key = \(pupil) ORDER BY c.raised_at DESC", logger: logger).collect(concern)
    }

    static func concerns(case caseId: String, on connection: PostgresConnection, logger: Logger) async throws -> [Concern] {
        try await connection.query("""
            \(unescaped: select) WHERE c.concern_id IN (SELECT concern_id FROM case_concerns WHERE case_id = \(caseId)) ORDER BY c.raised_at
            """, logger: logger).collect(concern)
    }

    static func triage(_ id: String, to triage: Concern.Triage, reason: String?, reviewDate: SchoolDate?, caseId: String?, by staffId: String,
                       on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE concerns SET triage = \(triage.rawValue), triage_reason = \(reason), review_date = \(reviewDate?.description)::date,
                case_id = \(caseId), triaged_by = \(staffId), triaged_at = now(), version = version + 1
            WHERE concern_id = \(id)
            """, logger: logger)
    }
}

extension Concern {
    /// The concern as `staff` may read it: a staff report's free text (health, family) only for the
    /// school's triage roles, its reporter and the case team (`resource` carries the team).
    func redacted(for staff: StaffPrincipal, on resource: AccessPolicy.Resource) -> Self {
        guard description != nil, reportedBy != staff.staffId,
              case .deny = AccessPolicy.decide(.readReportText, by: staff, on: resource) else { return self }
        var copy = self
        copy.description = nil
        copy.descriptionWithheld = true
        return copy
    }
}
