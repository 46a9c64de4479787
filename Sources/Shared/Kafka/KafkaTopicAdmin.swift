import Foundation
import Logging

/// Topic administration: create topics (partitions, replication, config) and list them.
public struct KafkaTopicAdmin: Sendable {
    private let client: RDKafkaClient

    public init(configuration: KafkaConfiguration, logger: Logger) throws {
        client = try RDKafkaClient(kind: .producer, properties: configuration.properties, logger: logger)
    }

    /// Creates the topics that do not exist yet; returns the names it created.
    @discardableResult
    public func createTopics(_ topics: [KafkaTopicSpecification], timeout: Duration = .seconds(10)) async throws -> [String] {
        let client = self.client
        return try await KafkaBlocking.run {
            try RDKafkaAdmin.createTopics(topics, on: client, timeoutMilliseconds: Int32(timeout.milliseconds))
        }
    }

    /// Topic name → partition count, as the cluster reports it.
    public func listTopics(timeout: Duration = .seconds(5)) async throws -> [String: Int] {
        let client = self.client
        return try await KafkaBlocking.run { try client.topicMetadata(timeoutMilliseconds: Int32(timeout.milliseconds)) }
    }
}
