import Logging
import PostgresNIO

/// Decodes an event as its payload type and logs that it was consumed (id and type only). The
/// placeholder handler for topics whose real handling is built in a later issue; a payload that
/// does not decode is dead-lettered like any poison message.
public struct LoggingEventHandler<Payload: EventPayload>: EventHandler {
    public init(_ type: Payload.Type) {}

    public func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        _ = try event.decode(Payload.self)
        logger.info("event consumed", metadata: ["ce.id": "\(event.id)", "ce.type": "\(event.type)"])
    }
}
