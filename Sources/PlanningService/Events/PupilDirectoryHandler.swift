import Logging
import PostgresNIO
import Shared

/// `pupil.directory` → who the pupils are (names, school, class) for authorised staff.
struct PupilDirectoryHandler: EventHandler {
    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        try await ReadModelStore.upsert(try event.decode(PupilDirectoryEntry.self), on: connection, logger: logger)
    }
}
