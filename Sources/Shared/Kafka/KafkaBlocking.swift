import Foundation

/// Runs blocking librdkafka calls on their own thread, never on Swift's cooperative pool.
enum KafkaBlocking {
    private static let queue = DispatchQueue(label: "fremmoede.kafka.blocking", attributes: .concurrent)

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
