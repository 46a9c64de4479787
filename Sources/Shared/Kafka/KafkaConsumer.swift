import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// A consumer-group member. Messages are pulled in `batches`: each `next()` polls
/// librdkafka, whose bounded prefetch queue is the backpressure. Offsets are stored only for
/// messages the caller marked done and committed periodically, before a partition is revoked and
/// on close — never for partitions that were lost. Runs as a `Service`: on graceful shutdown it
/// commits and leaves the group.
public final class KafkaConsumer: Service, Sendable {
    private let client: RDKafkaClient
    private let configuration: KafkaConsumerConfiguration
    private let logger: Logger
    /// All polling, committing and closing happen on this serial queue, off the cooperative pool.
    private let queue: DispatchQueue
    private let state = Mutex(State())

    private struct State {
        var closed = false
        var storedSinceCommit = false
        var lastCommit = ContinuousClock.now
        var pausedPartitions: [KafkaTopicPartition] = []
    }

    public init(configuration: KafkaConsumerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.client = try RDKafkaClient(kind: .consumer, properties: configuration.properties, logger: logger)
        self.queue = DispatchQueue(label: "fremmoede.kafka.consumer.\(configuration.groupID)")
        try client.subscribe(topics: configuration.topics)
    }

    deinit {
        if !state.withLock({ $0.closed }) { client.closeConsumer() }
    }

    /// Polls up to `maxMessages`, waiting at most `maxWait` for the first one.
    public func poll(maxMessages: Int = 500, maxWait: Duration = .milliseconds(100)) async throws -> [KafkaConsumerMessage] {
        let client = self.client
        let waitMilliseconds = Int32(maxWait.milliseconds)
        return try await onQueue { [self] in
            if state.withLock({ $0.closed }) { return [] }
            var messages: [KafkaConsumerMessage] = []
            if let first = try client.consumerPoll(timeoutMilliseconds: waitMilliseconds) {
                messages.append(first)
                while messages.count < maxMessages, let next = try client.consumerPoll(timeoutMilliseconds: 0) {
                    messages.append(next)
                }
            }
            if let fatal = client.context.fatalError { throw fatal }
            commitIfDue()
            return messages
        }
    }

    private func commitIfDue() {
        let due = state.withLock { state in
            guard state.storedSinceCommit, ContinuousClock.now - state.lastCommit >= configuration.commitInterval else { return false }
            state.storedSinceCommit = false
            state.lastCommit = .now
            return true
        }
        guard due else { return }
        do {
            try client.commitStoredOffsets(synchronous: false)
        } catch {
            logger.warning("periodic commit failed; retried next time", metadata: ["kafka.error": "\(error)"])
            state.withLock { $0.storedSinceCommit = true }
        }
    }

    /// Marks a message done: its offset may now be committed. Throws `.partitionNotAssigned` when
    /// the partition was revoked meanwhile (the new owner will get the message again).
    public func markDone(_ message: KafkaConsumerMessage) throws {
        try markDone(topic: message.topic, partition: message.partition, offset: message.offset)
    }

    /// Marks done everything up to and including `offset` on that partition.
    public func markDone(topic: String, partition: Int32, offset: Int64) throws {
        if state.withLock({ $0.closed }) { throw KafkaError(.closed, "consumer is closed") }
        try client.storeOffset(topic: topic, partition: partition, offset: offset + 1)
        state.withLock { $0.storedSinceCommit = true }
    }

    /// Marks a whole processed batch done: the highest offset of each partition. Returns the
    /// partitions whose progress could not be stored because they were revoked meanwhile or the
    /// consumer closed (their new owner reads those messages again).
    @discardableResult
    public func markDone(batch messages: [KafkaConsumerMessage]) -> [KafkaTopicPartition] {
        var highest: [KafkaTopicPartition: Int64] = [:]
        for message in messages {
            let partition = KafkaTopicPartition(topic: message.topic, partition: message.partition)
            highest[partition] = max(highest[partition] ?? -1, message.offset)
        }
        var notStored: [KafkaTopicPartition] = []
        for (partition, offset) in highest {
            do {
                try markDone(topic: partition.topic, partition: partition.partition, offset: offset)
            } catch {
                notStored.append(partition)
            }
        }
        return notStored
    }

    /// Commits what was marked done, now, and waits for the group coordinator.
    public func commit() async throws {
        let client = self.client
        try await onQueue { [self] in
            if state.withLock({ $0.closed }) { throw KafkaError(.closed, "consumer is closed") }
            try client.commitStoredOffsets(synchronous: true)
            state.withLock {
                $0.storedSinceCommit = false
                $0.lastCommit = .now
            }
        }
    }

    /// The partitions this member currently owns.
    public var assignment: Set<KafkaTopicPartition> { client.context.assignment }

    /// How many assignment changes this member has seen.
    public var rebalanceCount: Int { client.context.rebalanceCount }

    /// The group's committed offsets (next offset to read) for these partitions.
    public func committedOffsets(for partitions: [KafkaTopicPartition], timeout: Duration = .seconds(5)) async throws -> [KafkaTopicPartition: Int64] {
        let client = self.client
        let milliseconds = Int32(timeout.milliseconds)
        return try await KafkaBlocking.run { try client.committedOffsets(partitions, timeoutMilliseconds: milliseconds) }
    }

    /// Stops fetching for the current assignment (e.g. while a downstream store is unavailable);
    /// already prefetched messages are still returned.
    public func pause() throws {
        let partitions = Array(assignment)
        try client.setPaused(true, partitions: partitions)
        state.withLock { $0.pausedPartitions = partitions }
    }

    public func resume() throws {
        let partitions = state.withLock { state in
            defer { state.pausedPartitions = [] }
            return state.pausedPartitions
        }
        try client.setPaused(false, partitions: partitions)
    }

    /// Commits what is done and leaves the group. Idempotent.
    public func close() async {
        let client = self.client
        try? await onQueue { [self] in
            guard !state.withLock({ $0.closed }) else { return }
            do {
                try client.commitStoredOffsets(synchronous: true)
            } catch {
                logger.warning("final commit failed", metadata: ["kafka.error": "\(error)"])
            }
            client.closeConsumer()
            state.withLock { $0.closed = true }
        }
    }

    public var isClosed: Bool { state.withLock { $0.closed } }

    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    // MARK: async sequences

    /// Batches of messages until the consumer is closed or the task cancelled.
    public func batches(maxMessages: Int = 500, maxWait: Duration = .milliseconds(100)) -> Batches {
        Batches(consumer: self, maxMessages: maxMessages, maxWait: maxWait)
    }

    public struct Batches: AsyncSequence, Sendable {
        public typealias Element = [KafkaConsumerMessage]
        let consumer: KafkaConsumer
        let maxMessages: Int
        let maxWait: Duration

        public struct AsyncIterator: AsyncIteratorProtocol {
            let consumer: KafkaConsumer
            let maxMessages: Int
            let maxWait: Duration

            public mutating func next() async throws -> [KafkaConsumerMessage]? {
                while !Task.isCancelled && !consumer.isClosed {
                    let batch = try await consumer.poll(maxMessages: maxMessages, maxWait: maxWait)
                    if !batch.isEmpty { return batch }
                }
                return nil
            }
        }

        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(consumer: consumer, maxMessages: maxMessages, maxWait: maxWait)
        }
    }
}
