import Foundation
import Logging
import TestSupport
import XCTest
@testable import Shared

/// The NotificationService of the running test stack (scripts/test): HTTP with staff tokens signed
/// by the stack's development issuer, events produced to its broker, mail read from its SMTP sink.
struct NotificationStack {
    let url: String
    let maildir: String
    let issuer: StaffTokenIssuer
    let bootstrap: String

    init() throws {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String) throws -> String { try TestStack.value(name) }
        url = try value("NOTIFICATION_URL")
        maildir = try value("SMTP_MAILDIR")
        bootstrap = try value("KAFKA_BOOTSTRAP")
        issuer = try StaffTokenIssuer.development()
    }

    typealias Reply = TestReply

    func token(_ staffId: String, roles: Set<StaffRole>, schools: Set<String> = [], email: String? = nil) async throws -> String {
        try await issuer.token(for: StaffPrincipal(staffId: staffId, name: "Test Ærtebjerg", email: email ?? "\(staffId)@skole.example",
                                                   roles: roles, schoolIds: schools))
    }

    func send(_ method: String, _ path: String, json: Any? = nil, token: String?) async throws -> Reply {
        try await TestHTTP.send(method, url + path, json: json, bearer: token)
    }

    func publish(_ event: CloudEvent, topic: FremmoedeTopic) async throws {
        var logger = Logger(label: "notification-tests")
        logger.logLevel = .error
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: bootstrap, clientID: "notification-tests"), messageTimeout: .seconds(30)), logger: logger)
        _ = try await producer.send(event.kafkaMessage(topic: topic.rawValue))
    }

    /// Messages in the stack's sink addressed to `recipient`, waiting until `count` arrived.
    func mail(to recipient: String, count: Int, timeout: Duration = .seconds(30)) async throws -> [MailTestServer.Message] {
        let deadline = ContinuousClock.now + timeout
        var found: [MailTestServer.Message] = []
        repeat {
            found = try MailTestServer.messages(in: URL(fileURLWithPath: maildir)).filter { $0.rcptTo == recipient }
            if found.count >= count { break }
            try await Task.sleep(for: .milliseconds(300))
        } while ContinuousClock.now < deadline
        return found
    }
}
