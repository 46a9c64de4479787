import Foundation
import Logging
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// The running test stack as Screening's integration tests see it (scripts/test writes the environment).
final class ScreeningTestStack: @unchecked Sendable {
    /// Every call and answer, for the OpenAPI check.
    private let exchanges = ExchangeRecorder()

    let environment = ProcessInfo.processInfo.environment
    let logger: Logger = {
        var logger = Logger(label: "screening-tests")
        logger.logLevel = .warning
        return logger
    }()

    init() throws {
        _ = try TestStack.value("FREMMOEDE_TEST_STACK_ENV")  // without the test stack this fails, never skips
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
        try await TestStack.withPostgres(schema: "screening", body)
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
        let reply = try await TestHTTP.send(method, value("SCREENING_URL") + path, data: body.map { Data($0.utf8) }, bearer: token)
        exchanges.record(method, path, request: body.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) }, reply: reply)
        return (reply.status, reply.text)
    }

    /// Checks every recorded exchange against openapi/screening.yaml; returns the checker's exit status and output.
    func checkOpenAPI() throws -> (Int32, String) { try exchanges.check(against: "screening.yaml") }
}
