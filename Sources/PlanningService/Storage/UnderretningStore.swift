import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// Step 3's record and the municipality's steps on it: receipt, the evidence check, hearings, the
/// decision with its letters, an appeal.
enum UnderretningStore {
    /// The underretning's own row.
    struct Header: Sendable {
        var underretningId: String
        var taskId: String
        var pupilKey: String
        var schoolId: String
        var period: String
        var madeAt: Date
        var madeBy: String
        var madeByName: String?
        var assessment: String
        var evidence: UnderretningEvidence
        var received: StepRecord?
        var evidenceCheck: EvidenceCheck?
    }

    static func insert(_ header: Header, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO underretninger (underretning_id, task_id, pupil_key, school_id, period, made_at, made_by, made_by_name, assessment, evidence)
            VALUES (\(header.underretningId), \(header.taskId), \(header.pupilKey), \(header.schoolId), \(header.period), \(header.madeAt),
                    \(header.madeBy), \(header.madeByName), \(header.assessment), \(try JSONColumn.encode(header.evidence))::jsonb)
            """, logger: logger)
    }

    private static let select = """
        SELECT underretning_id, task_id, pupil_key, school_id, period, made_at, made_by, made_by_name, assessment, evidence::text AS evidence,
               received_at, received_by, evidence_supports, evidence_note, evidence_checked_at, evidence_checked_by
        FROM underretninger
        """

    private static func header(_ row: Columns) throws -> Header {
        let receivedAt: Date? = try row("received_at")
        let checkedAt: Date? = try row("evidence_checked_at")
        let supports: Bool? = try row("evidence_supports")
        return Header(
            underretningId: try row("underretning_id"), taskId: try row("task_id"), pupilKey: try row("pupil_key"), schoolId: try row("school_id"),
            period: try row("period"), madeAt: try row("made_at"), madeBy: try row("made_by"), madeByName: try row("made_by_name"),
            assessment: try row("assessment"),
            evidence: try row.json("evidence") ?? UnderretningEvidence(quarterSchoolDays: nil, unauthorizedDays: nil, threshold: nil, countedOn: nil,
                                                                        days: [], contacts: [], warnings: []),
            received: try receivedAt.map { StepRecord(at: $0, by: try row("received_by") ?? "") },
            evidenceCheck: try checkedAt.map { at in
                EvidenceCheck(supports: supports ?? false, note: try row("evidence_note"), checkedAt: at, checkedBy: try row("evidence_checked_by") ?? "")
            })
    }

    static func header(_ id: String, forUpdate: Bool, on connection: PostgresConnection, logger: Logger) async throws -> Header? {
        try await connection.query("""
            \(unescaped: select) WHERE underretning_id = \(id) \(unescaped: forUpdate ? "FOR UPDATE" : "")
            """, logger: logger).collect(header).first
    }

    static func header(task: String, on connection: PostgresConnection, logger: Logger) async throws -> Header? {
        try await connection.query("\(unescaped: select) WHERE task_id = \(task)", logger: logger).collect(header).first
    }

    /// Every underretning of `schools` (nil: every school), newest first.
    static func headers(schools: [String]?, on connection: PostgresConnection, logger: Logger) async throws -> [Header] {
        try await connection.query("""
            \(unescaped: select) WHERE \(schools == nil) OR school_id = ANY(\(schools ?? [])) ORDER BY made_at DESC LIMIT 2000
            """, logger: logger).collect(header)
    }

    static func receive(_ id: String, by staffId: String, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE underretninger SET received_at = \(now), received_by = \(staffId) WHERE underretning_id = \(id)
            """, logger: logger)
    }

    static func checkEvidence(_ id: String, supports: Bool, note: String?, by staffId: String, at now: Date, on connection: PostgresConnection,
                              logger: Logger) async throws {
        try await connection.query("""
            UPDATE underretninger SET evidence_supports = \(supports), evidence_note = \(note), evidence_checked_at = \(now),
                evidence_checked_by = \(staffId), received_at = COALESCE(received_at, \(now)), received_by = COALESCE(received_by, \(staffId))
            WHERE underretning_id = \(id)
            """, logger: logger)
    }

    // Hearings (partshøring).

    static func insert(_ hearing: Hearing, underretning: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO hearings (hearing_id, underretning_id, sent_at, sent_via, answer_by, child, content, sent_by)
            VALUES (\(hearing.hearingId), \(underretning), \(hearing.sentAt), \(hearing.sentVia.rawValue), \(hearing.answerBy.description)::date,
                    \(hearing.child.rawValue), \(hearing.content), \(hearing.sentBy))
            """, logger: logger)
    }

    static func answer(_ hearingId: String, at answeredAt: Date, answer: String, by staffId: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE hearings SET answered_at = \(answeredAt), answer = \(answer), answer_recorded_by = \(staffId) WHERE hearing_id = \(hearingId)
            """, logger: logger)
    }

    static func hearings(_ id: String, on connection: PostgresConnection, logger: Logger) async throws -> [Hearing] {
        try await connection.query("""
            SELECT hearing_id, sent_at, sent_via, answer_by::text AS answer_by, child, content, sent_by, answered_at, answer, answer_recorded_by
            FROM hearings WHERE underretning_id = \(id) ORDER BY sent_at
            """, logger: logger).collect { row in
            Hearing(hearingId: try row("hearing_id"), sentAt: try row("sent_at"), sentVia: LetterDelivery(rawValue: try row("sent_via")) ?? .letter,
                    answerBy: try row.date("answer_by") ?? SchoolDate(dayNumber: 0), child: ChildHearing(rawValue: try row("child")) ?? .heard,
                    content: try row("content"), sentBy: try row("sent_by"), answeredAt: try row("answered_at"), answer: try row("answer"),
                    answerRecordedBy: try row("answer_recorded_by"))
        }
    }

    // The decision.

    static func insert(_ decision: BenefitDecision, underretning: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO benefit_decisions (underretning_id, outcome, excusable, reasons, stop_period, language, letter, payer_notice, decided_at,
                                           decided_by, appeal_by)
            VALUES (\(underretning), \(decision.outcome.rawValue), \(try JSONColumn.encode(decision.excusable))::jsonb, \(decision.reasons),
                    \(decision.stopPeriod), \(decision.language), \(decision.letter), \(decision.payerNotice), \(decision.decidedAt),
                    \(decision.decidedBy), \(decision.appealBy.description)::date)
            """, logger: logger)
    }

    static func decision(_ id: String, on connection: PostgresConnection, logger: Logger) async throws -> BenefitDecision? {
        try await connection.query("""
            SELECT outcome, excusable::text AS excusable, reasons, stop_period, language, letter, payer_notice, decided_at, decided_by,
                   appeal_by::text AS appeal_by
            FROM benefit_decisions WHERE underretning_id = \(id)
            """, logger: logger).collect { row in
            BenefitDecision(outcome: DecisionOutcome(rawValue: try row("outcome")) ?? .noStop, excusable: try row.json("excusable") ?? [],
                            reasons: try row("reasons"), stopPeriod: try row("stop_period"), language: try row("language"), letter: try row("letter"),
                            payerNotice: try row("payer_notice"), decidedAt: try row("decided_at"), decidedBy: try row("decided_by"),
                            appealBy: try row.date("appeal_by") ?? SchoolDate(dayNumber: 0))
        }.first
    }

    // The appeal.

    static func insert(appealOf id: String, receivedAt: Date, note: String?, by staffId: String, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            INSERT INTO appeals (underretning_id, received_at, recorded_by, note) VALUES (\(id), \(receivedAt), \(staffId), \(note))
            """, logger: logger)
    }

    static func settle(appealOf id: String, _ result: AppealResult, at now: Date, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            UPDATE appeals SET reassessment = \(result.reassessment.rawValue), reassessed_at = COALESCE(reassessed_at, \(now)),
                outcome = \(result.outcome?.rawValue), outcome_at = CASE WHEN \(result.outcome != nil) THEN \(now) ELSE NULL END,
                note = COALESCE(\(result.note), note)
            WHERE underretning_id = \(id)
            """, logger: logger)
    }

    static func appeal(_ id: String, on connection: PostgresConnection, logger: Logger) async throws -> Appeal? {
        try await connection.query("""
            SELECT received_at, recorded_by, reassessment, reassessed_at, outcome, outcome_at, note FROM appeals WHERE underretning_id = \(id)
            """, logger: logger).collect { row in
            Appeal(receivedAt: try row("received_at"), recordedBy: try row("recorded_by"),
                   reassessment: try (row("reassessment") as String?).flatMap(AppealReassessment.init), reassessedAt: try row("reassessed_at"),
                   outcome: try (row("outcome") as String?).flatMap(AppealOutcome.init), outcomeAt: try row("outcome_at"), note: try row("note"))
        }.first
    }

    /// The record `UnderretningProgress` reads.
    static func progressRecord(_ header: Header, on connection: PostgresConnection, logger: Logger) async throws -> UnderretningProgress.Record {
        UnderretningProgress.Record(madeAt: header.madeAt, received: header.received, evidenceCheck: header.evidenceCheck,
                                    hearings: try await hearings(header.underretningId, on: connection, logger: logger),
                                    decision: try await decision(header.underretningId, on: connection, logger: logger),
                                    appeal: try await appeal(header.underretningId, on: connection, logger: logger))
    }

    /// The records of many underretninger at once (the queue, the figures), in the order of `headers`.
    static func progressRecords(_ headers: [Header], on connection: PostgresConnection, logger: Logger) async throws -> [UnderretningProgress.Record] {
        let ids = headers.map(\.underretningId)
        guard !ids.isEmpty else { return [] }
        var hearings: [String: [Hearing]] = [:]
        let hearingRows = try await connection.query("""
            SELECT underretning_id, hearing_id, sent_at, sent_via, answer_by::text AS answer_by, child, content, sent_by, answered_at, answer, answer_recorded_by
            FROM hearings WHERE underretning_id = ANY(\(ids)) ORDER BY sent_at
            """, logger: logger).collect { row in
            (try row("underretning_id", String.self),
             Hearing(hearingId: try row("hearing_id"), sentAt: try row("sent_at"), sentVia: LetterDelivery(rawValue: try row("sent_via")) ?? .letter,
                     answerBy: try row.date("answer_by") ?? SchoolDate(dayNumber: 0), child: ChildHearing(rawValue: try row("child")) ?? .heard,
                     content: try row("content"), sentBy: try row("sent_by"), answeredAt: try row("answered_at"), answer: try row("answer"),
                     answerRecordedBy: try row("answer_recorded_by")))
        }
        for (id, hearing) in hearingRows { hearings[id, default: []].append(hearing) }
        var decisions: [String: BenefitDecision] = [:]
        for id in try await connection.query("SELECT underretning_id FROM benefit_decisions WHERE underretning_id = ANY(\(ids))", logger: logger)
            .collect({ try $0("underretning_id", String.self) }) {
            decisions[id] = try await decision(id, on: connection, logger: logger)
        }
        var appeals: [String: Appeal] = [:]
        for id in try await connection.query("SELECT underretning_id FROM appeals WHERE underretning_id = ANY(\(ids))", logger: logger)
            .collect({ try $0("underretning_id", String.self) }) {
            appeals[id] = try await appeal(id, on: connection, logger: logger)
        }
        return headers.map { header in
            UnderretningProgress.Record(madeAt: header.madeAt, received: header.received, evidenceCheck: header.evidenceCheck,
                                        hearings: hearings[header.underretningId] ?? [], decision: decisions[header.underretningId],
                                        appeal: appeals[header.underretningId])
        }
    }
}
