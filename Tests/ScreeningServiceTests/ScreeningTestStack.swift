import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PostgresNIO
import XCTest
@testable import Shared

/// The running test stack as Screening's integration tests see it (scripts/test writes the environment).
final class ScreeningTestStack: @unchecked Sendable {
    /// Every call and answer, for scripts/check_openapi_exchanges.py. Guarded by `lock`.
    private var exchanges: [[String: Any]] = []
    private let lock = NSLock()

    let environment = ProcessInfo.processInfo.environment
    let logger: Logger = {
        var logger = Logger(label: "screening-tests")
        logger.logLevel = .warning
        return logger
    }()

    init() throws {
        guard environment["FREMMOEDE_TEST_STACK_ENV"] != nil else { throw XCTSkip("needs the test stack: run scripts/test") }
    }

    func value(_ name: String) -> String { environment[name] ?? "" }

    func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: value("KAFKA_BOOTSTRAP"), clientID: "screening-tests")), logger: logger)
    }

    func consumer(topics: [FremmoedeTopic]) throws -> KafkaConsumer {
        try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            kafka: KafkaConfiguration(bootstrapServers: value("KAFKA_BOOTSTRAP"), clientID: "screening-tests"),
            groupID: "screening-tests-\(UUID().uuidString)", topics: topics.map(\.rawValue)), logger: logger)
    }

    func withPostgres<T: Sendable>(_ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let configuration = try DatabaseConfiguration(url: value("DATABASE_URL"), schema: "screening", maxConnections: 4)
        let client = PostgresClient(configuration: try configuration.clientConfiguration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Waits until Screening's inbox holds every one of `eventIDs` (or `timeout` passed); how many it holds.
    func processed(_ eventIDs: [String], on postgres: PostgresClient, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var processed = 0
        while ContinuousClock.now < deadline, processed < eventIDs.count {
            let rows = try await postgres.query("SELECT count(*) FROM inbox WHERE consumer = 'screening' AND event_id = ANY(\(eventIDs)::text[])", logger: logger)
            for try await count in rows.decode(Int.self) { processed = count }
            try await Task.sleep(for: .milliseconds(300))
        }
        return processed
    }

    func token(_ staff: StaffPrincipal) async throws -> String {
        try await StaffTokenIssuer.development(environment: environment).token(for: staff)
    }

    /// Calls Screening's API; returns the status and the body.
    func call(_ method: String, _ path: String, token: String?, body: String? = nil) async throws -> (Int, String) {
        var request = URLRequest(url: URL(string: value("SCREENING_URL") + path)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        var exchange: [String: Any] = ["method": method, "path": path.split(separator: "?").first.map(String.init) ?? path,
                                       "status": http?.statusCode ?? 0, "contentType": http?.value(forHTTPHeaderField: "Content-Type") ?? ""]
        if let body, let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) { exchange["request"] = json }
        if !data.isEmpty, let json = try? JSONSerialization.jsonObject(with: data) { exchange["response"] = json }
        lock.withLock { exchanges.append(exchange) }
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Checks every recorded exchange against openapi/screening.yaml; returns the checker's exit status and output.
    func checkOpenAPI() throws -> (Int32, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("screening-exchanges-\(UUID()).ndjson")
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = try lock.withLock { try exchanges.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) } }
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/check_openapi_exchanges.py").path,
                             root.appendingPathComponent("openapi/screening.yaml").path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
