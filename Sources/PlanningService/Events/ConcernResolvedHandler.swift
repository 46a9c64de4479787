import Foundation
import Logging
import PostgresNIO
import Shared

/// `concern.resolved` → the concern shows as resolved; one withdrawn by a correction cancels its open legal task.
struct ConcernResolvedHandler: EventHandler {
    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        let resolved = try event.decode(ConcernResolved.self)
        try await ConcernStore.resolve(resolved, on: connection, logger: logger)
        if try await LegalTaskStore.cancel(concern: resolved, on: connection, logger: logger),
           let caseId = try await CaseStore.openCase(pupil: resolved.pupilKey, on: connection, logger: logger) {
            try await CaseEvents.planUpdated(caseId, at: Date(), on: connection, logger: logger)
        }
    }
}
