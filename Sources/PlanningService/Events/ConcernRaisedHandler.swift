import Foundation
import Logging
import PostgresNIO
import Shared

/// `concern.raised` → the school's inbox; a quarter rule also creates its legal task, and when the
/// pupil has an open case its team hears of the new task through `plan.updated`.
struct ConcernRaisedHandler: EventHandler {
    let deadlines: LegalDeadlines

    func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        let raised = try event.decode(ConcernRaised.self)
        try await ConcernStore.upsert(raised, on: connection, logger: logger)
        if try await LegalTaskStore.create(for: raised, deadlines: deadlines, on: connection, logger: logger),
           let caseId = try await CaseStore.openCase(pupil: raised.pupilKey, on: connection, logger: logger) {
            try await CaseEvents.planUpdated(caseId, at: Date(), on: connection, logger: logger)
        }
    }
}
