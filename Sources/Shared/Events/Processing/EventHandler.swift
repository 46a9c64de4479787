import Logging
import PostgresNIO

/// Applies one consumed event's effect. Called inside the transaction that also records the
/// event in the inbox, so the effect happens once however often the event is delivered. A thrown
/// error sends the event to the topic's dead-letter topic; it does not stop the partition.
public protocol EventHandler: Sendable {
    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws
}

/// A handler that can also apply a run of its topic's events at once (set-based SQL instead of a
/// round trip per event). `EventHandlerSet` hands it each run of consecutive events of its topic
/// under one savepoint; if the run fails on a data error, it applies them one by one with `handle`,
/// so only the bad one is refused. The run must leave the state the events one by one would.
public protocol RunEventHandler: EventHandler {
    func handle(run events: [CloudEvent], on connection: PostgresConnection, logger: Logger) async throws
}
