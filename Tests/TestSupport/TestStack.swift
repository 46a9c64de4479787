import Foundation
import Logging
import PostgresNIO
import XCTest
import Shared

/// The running test stack (started by `scripts/test`): its addresses come from the environment
/// that script exports from `.run/test/stack.env`. Integration tests fail — they do not skip —
/// when it is missing. What every test target's stack shares (TestSupport, architecture §8).
public enum TestStack {
    public struct Missing: Error, CustomStringConvertible {
        public let variable: String
        public init(variable: String) { self.variable = variable }
        public var description: String { "\(variable) is not set: integration tests run against the test stack; use scripts/test" }
    }

    public static func value(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { throw Missing(variable: name) }
        return value
    }

    public static var kafkaBootstrap: String { get throws { try value("KAFKA_BOOTSTRAP") } }
    public static var databaseURL: String { get throws { try value("DATABASE_URL") } }

    public static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    public static let logger: Logger = {
        var logger = Logger(label: "fremmoede-tests")
        logger.logLevel = .warning
        return logger
    }()

    public static func kafka(_ clientID: String = "tests") throws -> KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: try kafkaBootstrap, clientID: clientID, statisticsInterval: .seconds(1))
    }

    public static func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka("tests-producer"), messageTimeout: .seconds(60)), logger: logger)
    }

    public static func consumer(group: String, topics: [String], sessionTimeout: Duration = .seconds(6)) throws -> KafkaConsumer {
        try KafkaConsumer(
            configuration: KafkaConsumerConfiguration(
                kafka: kafka("tests-consumer"), groupID: group, topics: topics, commitInterval: .milliseconds(200),
                sessionTimeout: sessionTimeout),
            logger: logger)
    }

    /// A topic of its own for one test, created through the development broker's control API
    /// (its mock cluster has no CreateTopics).
    public static func createTopic(prefix: String, partitions: Int = 3) async throws -> String {
        let name = "test.\(prefix).\(UUID().uuidString.prefix(8).lowercased())"
        try control("topics?name=\(name)&partitions=\(partitions)")
        return name
    }

    /// A source's own raw-feed topic, `attendance.registrations.source.<sourceSystem>`, made as
    /// operations make one when a source is added (here through the development broker's control API).
    @discardableResult
    public static func createSourceFeed(_ sourceSystem: String, partitions: Int = 3) throws -> String {
        let name = FremmoedeTopic.sourceFeed(sourceSystem)
        try control("topics?name=\(name)&partitions=\(partitions)")
        return name
    }

    /// POSTs to the development broker's control API (`brokers/down`, `brokers/up`, `topics?…`).
    public static func control(_ path: String) throws {
        let result = try run("/usr/bin/curl", ["-fsS", "-X", "POST", "\(try value("KAFKA_DEV_CONTROL_URL"))/\(path)"])
        guard result.status == 0 else { throw Missing(variable: "KAFKA_DEV_CONTROL_URL (control call \(path) failed: \(result.stderr))") }
    }

    public static func unique(_ prefix: String) -> String {
        "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// A PostgreSQL client on a schema of its own, running until `body` returns.
    public static func withPostgres<T: Sendable>(schema: String, _ body: @Sendable (PostgresClient) async throws -> T) async throws -> T {
        let configuration = try DatabaseConfiguration(url: try databaseURL, schema: schema, maxConnections: 8)
        let client = PostgresClient(configuration: try configuration.clientConfiguration(), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            defer { group.cancelAll() }
            let result = try await body(client)
            return result
        }
    }

    /// Reads until `count` messages arrived or `timeout` passed.
    public static func read(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(30)) async throws -> [KafkaConsumerMessage] {
        var messages: [KafkaConsumerMessage] = []
        let deadline = ContinuousClock.now + timeout
        while messages.count < count && ContinuousClock.now < deadline {
            messages += try await consumer.poll(maxMessages: 500, maxWait: .milliseconds(200))
        }
        return messages
    }

    /// Polls for `duration` and returns whatever came (used to show that nothing comes).
    public static func drain(_ consumer: KafkaConsumer, for duration: Duration) async throws -> [KafkaConsumerMessage] {
        var messages: [KafkaConsumerMessage] = []
        let deadline = ContinuousClock.now + duration
        while ContinuousClock.now < deadline {
            messages += try await consumer.poll(maxMessages: 500, maxWait: .milliseconds(200))
        }
        return messages
    }

    /// Waits until `condition` holds, polling the consumers so they take part in their group.
    public static func waitUntil(_ timeout: Duration, polling consumers: [KafkaConsumer], _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition() { return true }
            for consumer in consumers { _ = try await consumer.poll(maxMessages: 10, maxWait: .milliseconds(50)) }
        }
        return condition()
    }

    /// Runs a command, returning its exit status and output.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(Data(input.utf8)) }
        try inp.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// A pseudonymous pupil key of the production shape (base32, 26 characters).
    public static func pupilKey() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        return String((0..<26).map { _ in alphabet.randomElement()! })
    }

    /// Publishes events as the services would (each on its payload's topic).
    public static func publish(_ payloads: [any EventPayload], clientID: String = "tests") async throws {
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: kafka(clientID), messageTimeout: .seconds(30)), logger: logger)
        let messages = try payloads.map { payload -> KafkaProducerMessage in
            let event = try CloudEvent(payload, source: "/fremmoede/tests")
            return event.kafkaMessage(topic: event.topic!)
        }
        _ = try await producer.send(messages)
    }

    /// Waits until `condition` holds, failing the test (and throwing) after `timeout`.
    public static func eventually(_ what: String, timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        XCTFail("timed out waiting: \(what)")
        throw CancellationError()
    }

    /// Polls until `probe` answers `target` (or the time is up); answers the last value.
    public static func eventually(equals target: Int, timeout: Duration, _ probe: () async throws -> Int) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        var value = try await probe()
        while value != target, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(500))
            value = try await probe()
        }
        return value
    }

    /// Polls until `probe` answers a value (or the time is up); nil then.
    public static func eventually<T>(timeout: Duration, _ probe: () async throws -> T?) async throws -> T? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = try await probe() { return value }
            try await Task.sleep(for: .milliseconds(500))
        }
        return nil
    }
}
