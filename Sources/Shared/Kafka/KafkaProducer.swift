import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// An idempotent producer (`enable.idempotence=true`, `acks=all`). Every `send` awaits its own
/// delivery report. Runs as a `Service`: on graceful shutdown it flushes what is queued.
public final class KafkaProducer: Service, Sendable {
    private let client: RDKafkaClient
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    private let pollLoop: KafkaPollLoop

    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws {
        self.configuration = configuration
        self.logger = logger
        self.client = try RDKafkaClient(kind: .producer, properties: configuration.properties, logger: logger)
        self.pollLoop = KafkaPollLoop(client: client, name: "kafka-producer-\(configuration.kafka.clientID)")
    }

    deinit {
        pollLoop.stop()
    }

    /// Queues one message and waits for the broker's acknowledgement (or the final failure).
    /// A full local queue is waited out, not reported: that is the producer's backpressure.
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        try await send([message])[0]
    }

    /// Queues the messages in order (so one key's messages keep their order) and waits for all
    /// their delivery reports; throws the first failure. Reports come back in the same order.
    public func send(_ messages: [KafkaProducerMessage]) async throws -> [KafkaDeliveryReport] {
        guard !messages.isEmpty else { return [] }
        if let fatal = client.context.fatalError { throw fatal }
        while true {
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    let collector = KafkaDeliveryCollector(count: messages.count, continuation: continuation)
                    for (index, message) in messages.enumerated() {
                        let id = client.context.registerDelivery { collector.complete(index, $0) }
                        do {
                            try client.produce(message, deliveryID: id)
                        } catch {
                            let kafkaError = error as? KafkaError ?? KafkaError(.client, "\(error)")
                            client.context.completeDelivery(id: id, result: .failure(kafkaError))
                        }
                    }
                }
            } catch let error as KafkaError where error.librdkafkaCode == KafkaProducer.queueFullCode && messages.count == 1 {
                // Only a single message is retried here; a batch is retried whole by its caller.
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    private static let queueFullCode: Int32 = -184  // RD_KAFKA_RESP_ERR__QUEUE_FULL

    /// Waits until everything queued is delivered or failed; false when the timeout passed first.
    public func flush(timeout: Duration) async -> Bool {
        let client = self.client
        let milliseconds = Int32(timeout.milliseconds)
        return (try? await KafkaBlocking.run { client.flush(timeoutMilliseconds: milliseconds) }) ?? false
    }

    /// Metadata round trip: the brokers are reachable.
    public func isBrokerReachable(timeout: Duration = .seconds(2)) async -> Bool {
        let client = self.client
        let milliseconds = Int32(timeout.milliseconds)
        return (try? await KafkaBlocking.run { try client.topicMetadata(timeoutMilliseconds: milliseconds) }) != nil
    }

    public func run() async throws {
        try? await gracefulShutdown()
        let flushed = await flush(timeout: configuration.flushTimeout)
        if !flushed {
            logger.error("producer shut down with undelivered messages", metadata: ["kafka.outstanding": "\(client.outstandingMessages)"])
        }
        pollLoop.stop()
    }
}

/// Gathers the delivery reports of one `send` call and resumes it once all are in.
private final class KafkaDeliveryCollector: Sendable {
    private let state: Mutex<(reports: [KafkaDeliveryReport?], remaining: Int, failure: KafkaError?)>
    private let continuation: CheckedContinuation<[KafkaDeliveryReport], any Error>

    init(count: Int, continuation: CheckedContinuation<[KafkaDeliveryReport], any Error>) {
        self.state = Mutex((Array(repeating: nil, count: count), count, nil))
        self.continuation = continuation
    }

    func complete(_ index: Int, _ result: Result<KafkaDeliveryReport, KafkaError>) {
        let finished: Result<[KafkaDeliveryReport], KafkaError>? = state.withLock { state in
            switch result {
            case .success(let report): state.reports[index] = report
            case .failure(let error): state.failure = state.failure ?? error
            }
            state.remaining -= 1
            guard state.remaining == 0 else { return nil }
            if let failure = state.failure { return .failure(failure) }
            return .success(state.reports.map { $0! })
        }
        if let finished { continuation.resume(with: finished.mapError { $0 as any Error }) }
    }
}
