import Foundation
import Shared

/// The benchmark's HTTP clients: `count` concurrent posters through async-http-client's shared pool
/// (`HTTPExchange`; a kept-alive connection each), posting the batches in turn. libcurl's easy
/// handles on threads of their own were no faster (docs/operations.md, "Intake's measured rate").
struct HTTPBatchClients {
    let count: Int

    /// Posts every batch to `url`; throws the first refusal (a status outside 2xx) or transfer error.
    func post(_ batches: [Data], to url: String, bearer: String) async throws {
        let queue = BatchQueue(batches)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<count {
                group.addTask {
                    while let batch = queue.next() {
                        let answer = try await HTTPExchange.send("POST", url, headers: [("Authorization", "Bearer \(bearer)"), ("Content-Type", "application/json")],
                                                                 body: batch, timeout: .seconds(300))
                        guard (200..<300).contains(answer.status) else {
                            throw BenchError(description: "POST answered \(answer.status): \(answer.text.prefix(500))")
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}

/// Hands out the batches one at a time to the clients.
private final class BatchQueue: @unchecked Sendable {
    private let batches: [Data]
    private var nextIndex = 0
    private let lock = NSLock()

    init(_ batches: [Data]) { self.batches = batches }

    func next() -> Data? {
        lock.withLock {
            guard nextIndex < batches.count else { return nil }
            defer { nextIndex += 1 }
            return batches[nextIndex]
        }
    }
}
