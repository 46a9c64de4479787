import Foundation
import Logging
import PostgresNIO

/// Routing rules (fordelingsregler), managed through the API and read by event handlers.
struct RoutingRuleStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    private static func decode(_ rows: PostgresRowSequence) async throws -> [RoutingRule] {
        var rules: [RoutingRule] = []
        for try await (id, school, name, type, role, mailbox) in rows.decode((UUID, String, String?, String, String, String).self) {
            guard let kind = NotificationKind(rawValue: type) else { continue }
            rules.append(RoutingRule(ruleId: id, schoolId: school, schoolName: name, eventType: kind, mailboxRole: role, mailbox: mailbox))
        }
        return rules
    }

    /// The rules for one school (and those for every school), inside a consuming transaction.
    static func rules(school: String, on connection: PostgresConnection, logger: Logger) async throws -> [RoutingRule] {
        try await decode(try await connection.query("""
            SELECT rule_id, school_id, school_name, event_type, mailbox_role, mailbox FROM routing_rules
            WHERE school_id = \(school) OR school_id = '*' ORDER BY created_at, rule_id
            """, logger: logger))
    }

    /// Every rule, or those of the given schools (a school leader sees their own schools').
    func list(schools: Set<String>?) async throws -> [RoutingRule] {
        let filter = schools.map { Array($0) }
        return try await Self.decode(try await postgres.query("""
            SELECT rule_id, school_id, school_name, event_type, mailbox_role, mailbox FROM routing_rules
            WHERE \(filter)::text[] IS NULL OR school_id = ANY(\(filter))
            ORDER BY school_id, event_type, mailbox
            """, logger: logger))
    }

    func find(_ id: UUID) async throws -> RoutingRule? {
        try await Self.decode(try await postgres.query("""
            SELECT rule_id, school_id, school_name, event_type, mailbox_role, mailbox FROM routing_rules WHERE rule_id = \(id)
            """, logger: logger)).first
    }

    enum SaveResult { case saved, duplicate }

    func insert(_ rule: RoutingRule, by staffId: String) async throws -> SaveResult {
        var inserted = false
        for try await _ in try await postgres.query("""
            INSERT INTO routing_rules (rule_id, school_id, school_name, event_type, mailbox_role, mailbox, created_by)
            VALUES (\(rule.ruleId), \(rule.schoolId), \(rule.schoolName), \(rule.eventType.rawValue), \(rule.mailboxRole),
                    \(rule.mailbox.lowercased()), \(staffId))
            ON CONFLICT (school_id, event_type, mailbox) DO NOTHING RETURNING 1
            """, logger: logger) { inserted = true }
        return inserted ? .saved : .duplicate
    }

    func update(_ rule: RoutingRule) async throws -> SaveResult {
        do {
            try await postgres.query("""
                UPDATE routing_rules SET school_id = \(rule.schoolId), school_name = \(rule.schoolName), event_type = \(rule.eventType.rawValue),
                       mailbox_role = \(rule.mailboxRole), mailbox = \(rule.mailbox.lowercased()), updated_at = now()
                WHERE rule_id = \(rule.ruleId)
                """, logger: logger)
            return .saved
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            return .duplicate
        }
    }

    func delete(_ id: UUID) async throws {
        try await postgres.query("DELETE FROM routing_rules WHERE rule_id = \(id)", logger: logger)
    }
}
