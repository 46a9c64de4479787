import Logging
import PostgresNIO

/// Applies one consumed event's effect. Called inside the transaction that also records the
/// event in the inbox, so the effect happens once however often the event is delivered. A thrown
/// error sends the event to the topic's dead-letter topic; it does not stop the partition.
public protocol EventHandler: Sendable {
    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws
}
