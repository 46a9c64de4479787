import CRdKafka
import Foundation
import Logging
import Synchronization

/// What librdkafka's C callbacks reach through `rd_kafka_opaque`: the logger, the pending
/// delivery reports and the consumer's rebalance state. Handed to C as `Unmanaged`, retained for
/// the client's whole life and released after `rd_kafka_destroy`.
final class RDKafkaCallbackContext: Sendable {
    typealias DeliveryResult = Result<KafkaDeliveryReport, KafkaError>

    let logger: Logger
    let statistics: RDKafkaStatistics
    private let state = Mutex(State())

    private struct State {
        var nextDeliveryID: UInt = 1
        var pendingDeliveries: [UInt: @Sendable (DeliveryResult) -> Void] = [:]
        var fatalError: KafkaError?
        var assignment: Set<KafkaTopicPartition> = []
        var rebalanceCount = 0
    }

    init(logger: Logger, statistics: RDKafkaStatistics) {
        self.logger = logger
        self.statistics = statistics
    }

    // MARK: delivery reports

    /// Registers what to do with a message's delivery report; returns the id passed to C as opaque.
    func registerDelivery(_ completion: @escaping @Sendable (DeliveryResult) -> Void) -> UInt {
        state.withLock { state in
            let id = state.nextDeliveryID
            state.nextDeliveryID += 1
            state.pendingDeliveries[id] = completion
            return id
        }
    }

    func completeDelivery(id: UInt, result: DeliveryResult) {
        let completion = state.withLock { $0.pendingDeliveries.removeValue(forKey: id) }
        guard let completion else {
            logger.warning("delivery report for an unknown message", metadata: ["kafka.delivery_id": "\(id)"])
            return
        }
        completion(result)
    }

    var pendingDeliveryCount: Int { state.withLock { $0.pendingDeliveries.count } }

    /// Fails every send still waiting (used when the client is torn down without a report).
    func failAllPendingDeliveries(_ error: KafkaError) {
        let pending = state.withLock { state in
            defer { state.pendingDeliveries.removeAll() }
            return Array(state.pendingDeliveries.values)
        }
        for completion in pending { completion(.failure(error)) }
    }

    // MARK: errors

    func recordFatal(_ error: KafkaError) { state.withLock { $0.fatalError = error } }
    var fatalError: KafkaError? { state.withLock { $0.fatalError } }

    // MARK: consumer assignment

    func setAssignment(_ partitions: Set<KafkaTopicPartition>) {
        state.withLock {
            $0.assignment = partitions
            $0.rebalanceCount += 1
        }
    }

    func addAssignment(_ partitions: [KafkaTopicPartition]) {
        state.withLock {
            $0.assignment.formUnion(partitions)
            $0.rebalanceCount += 1
        }
    }

    func removeAssignment(_ partitions: [KafkaTopicPartition]) {
        state.withLock {
            $0.assignment.subtract(partitions)
            $0.rebalanceCount += 1
        }
    }

    var assignment: Set<KafkaTopicPartition> { state.withLock { $0.assignment } }
    var rebalanceCount: Int { state.withLock { $0.rebalanceCount } }
}
