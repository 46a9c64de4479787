import Logging
import PostgresNIO
import Shared

/// `absence.summary` → the pupil's current absence, weekly series and monthly history. A run of
/// summaries (the busiest of Planning's topics while a school year loads) is stored with one
/// statement per table instead of four round trips per summary.
struct AbsenceSummaryHandler: RunEventHandler {
    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        try await ReadModelStore.upsert([try event.decode(AbsenceSummary.self)], on: connection, logger: logger)
    }

    func handle(run events: [CloudEvent], on connection: PostgresConnection, logger: Logger) async throws {
        try await ReadModelStore.upsert(try events.map { try $0.decode(AbsenceSummary.self) }, on: connection, logger: logger)
    }
}
