import Logging
import PostgresNIO
import Shared

/// `absence.summary` → the pupil's current absence, weekly series and monthly history.
struct AbsenceSummaryHandler: EventHandler {
    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        try await ReadModelStore.upsert(try event.decode(AbsenceSummary.self), on: connection, logger: logger)
    }
}
