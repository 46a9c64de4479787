import Foundation
import Synchronization

/// A thread that serves a client's callbacks (delivery reports, logs, statistics) until stopped.
final class KafkaPollLoop: Sendable {
    private let running = Atomic<Bool>(true)

    init(client: RDKafkaClient, name: String) {
        let thread = Thread { [self] in
            while self.running.load(ordering: .relaxed) {
                client.poll(timeoutMilliseconds: 100)
            }
        }
        thread.name = name
        thread.start()
    }

    func stop() {
        running.store(false, ordering: .relaxed)
    }
}
