import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
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
        func value(_ name: String) throws -> String {
            guard let value = environment[name], !value.isEmpty else {
                throw MailTestServer.XCTSkipFailure("\(name) is not set: integration tests run against the test stack; use scripts/test")
            }
            return value
        }
        url = try value("NOTIFICATION_URL")
        maildir = try value("SMTP_MAILDIR")
        bootstrap = try value("KAFKA_BOOTSTRAP")
        issuer = try StaffTokenIssuer.development()
    }

    struct Reply {
        var status: Int
        var body: Data
        var contentType: String?
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func token(_ staffId: String, roles: Set<StaffRole>, schools: Set<String> = [], email: String? = nil) async throws -> String {
        try await issuer.token(for: StaffPrincipal(staffId: staffId, name: "Test Ærtebjerg", email: email ?? "\(staffId)@skole.example",
                                                   roles: roles, schoolIds: schools))
    }

    func send(_ method: String, _ path: String, json: Any? = nil, token: String?) async throws -> Reply {
        var request = URLRequest(url: URL(string: url + path)!)
        request.httpMethod = method
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return Reply(status: http.statusCode, body: data, contentType: http.value(forHTTPHeaderField: "Content-Type"))
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
