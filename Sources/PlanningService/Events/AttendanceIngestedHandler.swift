import Foundation
import Logging
import PostgresNIO
import Shared

/// `attendance.ingested` → the absence registrations and their corrections (`registered_absences`),
/// which the daily contact list and the underretning's evidence read. A consumer of its own (group
/// `<group>-attendance`): the topic is the busiest, and its batches must not hold up the concerns.
/// A registration is idempotent in itself (its id), so no inbox claims; a pupil erased after the
/// event was made is skipped here, as the inbox path does for the other topics.
struct AttendanceIngestedHandler: BatchHandler {
    static let consumerName = "planning-attendance"

    var idempotence: BatchIdempotence { .handler }

    func apply(_ events: [ConsumedEvent], on connection: PostgresConnection, logger: Logger) async throws -> [Refusal] {
        var refusals: [Refusal] = []
        var decoded: [(event: CloudEvent, registration: AttendanceIngested)] = []
        decoded.reserveCapacity(events.count)
        for consumed in events {
            do {
                let event = try CloudEvent(consumed.message)
                decoded.append((event, try event.decode(AttendanceIngested.self)))
            } catch {
                refusals.append(Refusal(consumed, reason: DataError.reason(error)))
            }
        }
        let erased = try await ErasedPupils.among(Array(Set(decoded.map(\.registration.pupilKey))), on: connection, logger: logger)
        let kept = decoded.filter { item in erased[item.registration.pupilKey].map { item.event.time > $0 } ?? true }.map(\.registration)
        try await RegisteredAbsenceStore.store(kept, on: connection, logger: logger)
        return refusals
    }
}
