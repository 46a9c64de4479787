import Foundation
import XCTest

/// A real SMTP server for one test (`scripts/smtp_test_server.py`, Debian's aiosmtpd) writing a
/// Maildir of its own, and the messages it received, parsed by Python's `email` package
/// (`scripts/inspect_mail.py`).
final class MailTestServer: @unchecked Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    let maildir: URL
    private(set) var port: Int = 0
    private var process: Process?
    private let arguments: [String]

    /// `options`: e.g. `["--starttls", "--cert", c, "--key", k, "--auth", "u:p", "--delay", "0.5"]`.
    init(options: [String] = [], port: Int = 0) throws {
        maildir = FileManager.default.temporaryDirectory.appendingPathComponent("fremmoede-mail-\(UUID().uuidString.prefix(8))")
        arguments = options
        self.port = port
        try start()
    }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.root.appendingPathComponent("scripts/smtp_test_server.py").path, maildir.path, "--port", String(port)] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableDataUntilNewline(), as: UTF8.self)
        guard let chosen = Int(line.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "port ", with: "")) else {
            process.terminate()
            throw SetupFailure("the SMTP test server did not start: '\(line)'")
        }
        port = chosen
        self.process = process
    }

    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        // Polled: `waitUntilExit` can hang in an async test on Linux.
        while process.isRunning { usleep(10_000) }
        self.process = nil
    }

    deinit { stop() }

    /// The test server could not be set up: the test fails with this.
    struct SetupFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    struct Part: Decodable {
        var contentType: String
        var charset: String?
        var transferEncoding: String?
        var text: String
        var defects: [String]
    }

    struct Message: Decodable {
        var rawHeaders: [String: String]
        var subject: String
        var from: String
        var fromName: String?
        var to: String
        var messageId: String
        var date: String
        var rcptTo: String
        var contentType: String
        var defects: [String]
        var parts: [Part]
    }

    /// Every message received so far.
    func messages() throws -> [Message] {
        try Self.messages(in: maildir)
    }

    static func messages(in maildir: URL) throws -> [Message] {
        guard FileManager.default.fileExists(atPath: maildir.appendingPathComponent("new").path) else { return [] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [root.appendingPathComponent("scripts/inspect_mail.py").path, maildir.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([Message].self, from: data)
    }

    /// Waits until at least `count` messages arrived (or `timeout` passed) and returns them.
    func waitForMessages(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [Message] {
        let deadline = ContinuousClock.now + timeout
        var found = try messages()
        while found.count < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            found = try messages()
        }
        return found
    }
}

extension FileHandle {
    /// Reads byte by byte up to the first newline (the server's one-line "port N" greeting).
    func availableDataUntilNewline() -> Data {
        var data = Data()
        while true {
            let byte = readData(ofLength: 1)
            if byte.isEmpty || byte == Data([0x0A]) { return data }
            data.append(byte)
        }
    }
}

/// A self-signed certificate for 127.0.0.1/localhost made with openssl, for STARTTLS and TLS tests.
struct TestCertificate {
    let certificate: String
    let key: String

    init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fremmoede-cert-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        certificate = directory.appendingPathComponent("cert.pem").path
        key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key, "-out", certificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MailTestServer.SetupFailure("openssl could not make a certificate") }
    }
}
