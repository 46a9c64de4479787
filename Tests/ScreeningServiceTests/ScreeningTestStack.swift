import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import PostgresNIO
import XCTest
@testable import Shared

/// The running test stack as Screening's integration tests see it (scripts/test writes the environment).
struct ScreeningTestStack {
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
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
