import Foundation
import PostgresNIO
import TestSupport
import XCTest
@testable import NotificationService
@testable import Shared

/// The NotificationService binary as a subprocess, killed with SIGKILL in the middle of sending and
/// started again: every e-mail arrives, at most the one in flight twice, and that copy carries the
/// same Message-ID.
final class NotificationCrashTests: XCTestCase {
    typealias DB = NotificationTestDatabase

    /// A port nothing listens on now (a fixed one collided with the stack of a `FREMMOEDE_PORT_OFFSET`).
    static func unusedPort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func start(schema: String, smtpPort: Int, httpPort: Int) throws -> Process {
        let environment = ProcessInfo.processInfo.environment
        let binary = MailTestServer.root.appendingPathComponent(".build/debug/NotificationService")
        let process = Process()
        process.executableURL = binary
        process.environment = [
            "HTTP_PORT": String(httpPort), "DATABASE_URL": try TestStack.databaseURL, "DATABASE_SCHEMA": schema,
            "KAFKA_BOOTSTRAP": environment["KAFKA_BOOTSTRAP"] ?? "", "KAFKA_CONSUMER_GROUP": "notify-crash-\(schema)",
            "AUTH_ISSUER": environment["AUTH_ISSUER"] ?? "", "AUTH_JWKS_FILE": environment["AUTH_JWKS_FILE"] ?? "", "AUTH_ALGORITHMS": "ES256",
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": String(smtpPort), "SMTP_TIMEOUT_SECONDS": "3", "NOTIFY_LEASE_SECONDS": "4",
            "NOTIFY_POLL_MS": "100", "LOG_LEVEL": "warning", "PUBLIC_BASE_URL": "https://fremmoede.kommune.example",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func testKilledMidSendEveryEmailArrivesAndACopyIsRecognisable() async throws {
        let server = try MailTestServer(options: ["--delay", "0.3"])
        try await DB.withSchema { postgres, schema in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let total = 12
            let emails = (0..<total).map { n in
                EmailOutbox.NewEmail(
                    eventId: "crash-\(tag)-\(n)", recipient: Recipient(address: "r\(n)-\(tag)@skole.example", staffId: nil, reason: "test"),
                    kind: .test, schoolId: "-", caseId: nil, language: .danish, mail: RenderedMail(subject: "Prøve \(n)", text: "t", html: "<p>h</p>"),
                    link: "l", messageId: MIMEMessage.deterministicID(eventID: "crash-\(tag)-\(n)", recipient: "r\(n)-\(tag)@skole.example", domain: "k.example"),
                    status: .pending)
            }
            try await postgres.withConnection { connection in
                try await EmailOutbox.insert(emails, on: connection, logger: DB.logger)
            }
            func ours() throws -> [MailTestServer.Message] { try server.messages().filter { $0.rcptTo.hasSuffix("-\(tag)@skole.example") } }

            let httpPort = try Self.unusedPort()
            let first = try Self.start(schema: schema, smtpPort: server.port, httpPort: httpPort)
            let deadline = ContinuousClock.now + .seconds(60)
            while try ours().count < 3 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            kill(first.processIdentifier, SIGKILL)
            while first.isRunning { usleep(10_000) }
            let beforeRestart = try ours().count
            XCTAssertGreaterThanOrEqual(beforeRestart, 3)
            XCTAssertLessThan(beforeRestart, total, "killed in the middle")

            let second = try Self.start(schema: schema, smtpPort: server.port, httpPort: httpPort)
            defer {
                kill(second.processIdentifier, SIGKILL)
                while second.isRunning { usleep(10_000) }
            }
            var sent = 0
            let until = ContinuousClock.now + .seconds(60)
            while sent < total && ContinuousClock.now < until {
                try await Task.sleep(for: .milliseconds(200))
                sent = try await DB.count(postgres, "SELECT count(*)::int FROM emails WHERE status = 'sent'")
            }
            XCTAssertEqual(sent, total)
            let received = try ours()
            XCTAssertEqual(Set(received.map(\.messageId)).count, total, "every e-mail arrived")
            XCTAssertLessThanOrEqual(received.count, total + 1, "at most the one in flight twice")
            XCTAssertEqual(Set(received.map(\.messageId)), Set(emails.map { "<\($0.messageId)>" }), "a copy carries the same Message-ID")
            print("crash test: \(beforeRestart) delivered before SIGKILL, \(received.count) messages for \(total) e-mails after the restart")
        }
    }
}
