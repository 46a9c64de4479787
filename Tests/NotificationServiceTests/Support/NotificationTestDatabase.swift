import Foundation
import Logging
import PostgresNIO
import TestSupport
import XCTest
@testable import NotificationService
@testable import Shared

/// A schema of its own in the test stack's PostgreSQL, with NotificationService's migrations applied.
enum NotificationTestDatabase {
    static let logger: Logger = {
        var logger = Logger(label: "notification-tests")
        logger.logLevel = .warning
        return logger
    }()

    static func withSchema<T: Sendable>(_ body: @Sendable (PostgresClient, String) async throws -> T) async throws -> T {
        let schema = "notify_test_\(UUID().uuidString.prefix(8).lowercased())"
        return try await TestStack.withPostgres(schema: schema) { client in
            _ = try await MigrationRunner(schema: schema, component: "notification", migrations: NotificationServiceMigrations.all)
                .run(on: client, logger: logger)
            return try await body(client, schema)
        }
    }

    static let from = MailAddress(name: "Fremmøde Ålborg", address: "fremmoede@kommune.example")

    static func delivery() throws -> NoticeDelivery {
        NoticeDelivery(templates: try MailTemplates(), from: from, publicBaseURL: "https://fremmoede.kommune.example")
    }

    static func smtp(_ server: MailTestServer, security: SMTPConfiguration.Security = .none, username: String? = nil,
                     password: String? = nil, caFile: String? = nil, timeout: Int = 5) -> SMTPConfiguration {
        SMTPConfiguration(host: "127.0.0.1", port: server.port, security: security, username: username, password: password,
                          from: from, timeoutSeconds: timeout, caFile: caFile)
    }

    static func sender(_ postgres: PostgresClient, smtp: SMTPConfiguration, maxAttempts: Int = 5, lease: Duration = .seconds(30),
                       worker: String = "test-\(UUID().uuidString.prefix(6))") -> MailSender {
        MailSender(outbox: EmailOutbox(postgres: postgres, logger: logger), smtp: SMTPClient(configuration: smtp),
                   backoff: RetryBackoff(base: .milliseconds(200), ceiling: .seconds(1)), maxAttempts: maxAttempts, lease: lease,
                   pollInterval: .milliseconds(100), worker: worker, logger: logger)
    }

    /// Applies an event through its handler in one transaction, as the event processor does (inbox included).
    static func consume(_ event: CloudEvent, topic: FremmoedeTopic, postgres: PostgresClient, delivery: NoticeDelivery) async throws {
        let handler = NotificationServiceConsumption.make(delivery: delivery, reminderHour: 7).handlers[topic]!
        try await postgres.withTransaction(logger: logger) { connection in
            guard try await Inbox.claim(eventID: event.id, topic: topic.rawValue, consumer: "tests", on: connection, logger: logger) else { return }
            try await handler.handle(event, on: connection, logger: logger)
        }
    }

    static func count(_ postgres: PostgresClient, _ query: PostgresQuery) async throws -> Int {
        for try await (value) in try await postgres.query(query, logger: logger).decode(Int.self) { return value }
        return 0
    }

    static func addRule(_ postgres: PostgresClient, school: String, schoolName: String? = nil, kind: NotificationKind, role: String, mailbox: String) async throws {
        _ = try await RoutingRuleStore(postgres: postgres, logger: logger).insert(
            RoutingRule(ruleId: UUID(), schoolId: school, schoolName: schoolName, eventType: kind, mailboxRole: role, mailbox: mailbox), by: "test")
    }
}
