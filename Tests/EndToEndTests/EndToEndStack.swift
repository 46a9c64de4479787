import Foundation
import Logging
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// The whole running test stack as the end-to-end test drives it: HTTP to the four services (with
/// retries while one is down, as a school system or a browser would), SQL to read what each
/// service stored, the Maildir of the SMTP sink, and the faults — SIGKILL of a service and its
/// restart (`scripts/stack start`), the broker down and up (DevBroker's control API).
final class EndToEndStack: Sendable {
    let environment = ProcessInfo.processInfo.environment
    let logger: Logger = {
        var logger = Logger(label: "end-to-end")
        logger.logLevel = .error  // the broker outage is on purpose
        return logger
    }()
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    init() throws {
        _ = try TestStack.value("FREMMOEDE_TEST_STACK_ENV")  // without the test stack this fails, never skips
    }

    func value(_ name: String) -> String { environment[name] ?? "" }

    typealias Reply = TestReply

    /// One HTTP call; a refused connection or a 5xx/503 (a service restarting) is retried for up to
    /// two minutes, anything else is answered.
    func send(_ method: String, _ url: String, body: Data? = nil, contentType: String = "application/json",
              bearer: String?, ifMatch: String? = nil) async throws -> Reply {
        let deadline = ContinuousClock.now + .seconds(120)
        while true {
            do {
                let reply = try await TestHTTP.send(method, url, data: body, contentType: contentType, bearer: bearer,
                                                    headers: ifMatch.map { ["If-Match": $0] } ?? [:], timeout: 60)
                if reply.status < 500 || ContinuousClock.now > deadline { return reply }
            } catch where ContinuousClock.now < deadline {
                // down or restarting: try again
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// A GET that does not follow redirects (a mail link's first hop), answering the status and Location.
    func firstHop(_ url: String) async throws -> (status: Int, location: String?, contentType: String?) {
        let answer = try await HTTPExchange.send("GET", url, timeout: .seconds(60), followRedirects: false)
        return (answer.status, answer.header("Location"), answer.header("Content-Type"))
    }

    static func json(_ object: Any) -> Data { TestHTTP.json(object) }

    func token(_ staff: StaffPrincipal) async throws -> String {
        try await StaffTokenIssuer.development(environment: environment).token(for: staff)
    }

    func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: value("KAFKA_BOOTSTRAP"), clientID: "end-to-end")),
                          logger: logger)
    }

    // MARK: SQL

    func withPostgres<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        try await TestStack.withPostgres(schema: "public", body)
    }

    /// The rows of a query as text columns joined by a space.
    func rows(_ postgres: PostgresClient, _ sql: String) async throws -> [String] {
        var result: [String] = []
        for try await row in try await postgres.query(PostgresQuery(unsafeSQL: sql), logger: logger) {
            result.append(try row.map { cell in try cell.decode(String?.self) ?? "" }.joined(separator: " "))
        }
        return result
    }

    /// The number a `SELECT count(*) …` answers.
    func count(_ postgres: PostgresClient, _ sql: String) async throws -> Int {
        let text = try await rows(postgres, "SELECT (\(sql))::text").first ?? ""
        guard let value = Int(text) else { throw CountError(text: text) }
        return value
    }

    struct CountError: Error { let text: String }

    // MARK: faults

    /// SIGKILL: no shutdown, no flush — what a crash or an OOM kill does.
    func kill(_ service: String) throws {
        let pidFile = "\(value("RUN_DIR"))/pids/\(service).pid"
        let text = try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try XCTUnwrap(Int32(text), "no pid for \(service)")
        XCTAssertEqual(Glibc.kill(pid, SIGKILL), 0, "SIGKILL \(service)")
    }

    /// Starts a killed service again (`scripts/stack start`) and waits until it is ready.
    func restart(_ service: String) async throws {
        let script = root.appendingPathComponent("scripts/stack").path
        // posix_spawn and waitpid on a thread of its own: Foundation's Process did not reap the
        // child here (neither waitUntilExit nor terminationHandler returned).
        let status: Int32 = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var pid: pid_t = 0
                let arguments = ["/bin/bash", script, "start", service]
                var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
                defer { argv.forEach { free($0) } }
                guard posix_spawn(&pid, "/bin/bash", nil, nil, &argv, environ) == 0 else { return continuation.resume(returning: -1) }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        XCTAssertEqual(status, 0, "scripts/stack start \(service)")
    }

    func broker(_ state: String) async throws {
        let reply = try await send("POST", "\(value("KAFKA_DEV_CONTROL_URL"))/brokers/\(state)", bearer: nil)
        XCTAssertTrue((200..<300).contains(reply.status), "broker \(state): \(reply.status)")
    }

    // MARK: mail

    /// RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) to text; whitespace between two
    /// encoded words is dropped, as the RFC says.
    static func decodeHeader(_ value: String) -> String {
        value.replacing(/\?=\s+=\?/, with: "?==?").replacing(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/) { match -> String in
            let text = String(match.output.2)
            if match.output.1.uppercased() == "B" { return String(decoding: Data(base64Encoded: text) ?? Data(), as: UTF8.self) }
            var bytes: [UInt8] = []
            var index = text.startIndex
            while index < text.endIndex {
                if text[index] == "=", let next = text.index(index, offsetBy: 3, limitedBy: text.endIndex),
                   let byte = UInt8(text[text.index(after: index)..<next], radix: 16) {
                    bytes.append(byte)
                    index = next
                } else {
                    bytes += text[index] == "_" ? [32] : Array(String(text[index]).utf8)
                    index = text.index(after: index)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A MIME body with its base64 parts decoded, so a test reads what a person would.
    static func decodeBody(_ body: String) -> String {
        body.components(separatedBy: "\n--").map { part -> String in
            guard part.contains("Content-Transfer-Encoding: base64"), let blank = part.range(of: "\n\n") else { return part }
            let encoded = part[blank.upperBound...].filter { !$0.isWhitespace }
            return Data(base64Encoded: String(encoded)).map { String(decoding: $0, as: UTF8.self) } ?? part
        }.joined(separator: "\n")
    }

    struct Mail: Hashable {
        let to: String
        let messageID: String
        let subject: String
        let body: String
    }

    /// Every message the SMTP sink stored, addressed to one of `recipients`.
    func mail(to recipients: Set<String>) throws -> [Mail] {
        let maildir = URL(fileURLWithPath: value("SMTP_MAILDIR"))
        var result: [Mail] = []
        for folder in ["new", "cur"] {
            let directory = maildir.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
                let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                let parts = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
                var headers: [String: String] = [:]
                var last = ""
                for line in (parts.first ?? "").components(separatedBy: "\n") {
                    if line.hasPrefix(" ") || line.hasPrefix("\t") {  // a folded header goes on
                        headers[last, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
                        continue
                    }
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    last = line[..<colon].lowercased()
                    headers[last] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                }
                let rcpt = (headers["x-rcptto"] ?? headers["to"] ?? "").lowercased()
                for recipient in recipients where rcpt.contains(recipient) {
                    result.append(Mail(to: recipient, messageID: headers["message-id"] ?? "", subject: Self.decodeHeader(headers["subject"] ?? ""),
                                       body: Self.decodeBody(parts.dropFirst().joined(separator: "\n\n"))))
                }
            }
        }
        return result
    }
}
