import Shared

/// IntakeService's retention: registrations (every version, the current one per day and period among
/// them) of school days older than the retention period are deleted; a pupil whose enrolment ended
/// longer ago is erased in every service (`PupilErasure.eraseExpired`).
enum IntakeRetention {
    static let steps = [
        Retention.Step("pupils") { cutoff, connection, logger in try await PupilErasure.eraseExpired(before: cutoff, on: connection, logger: logger) },
    ]

    static let rules = [
        Retention.Rule("registrations", "DELETE FROM registrations WHERE date < ($1::timestamptz)::date"),
        Retention.Rule("pupil_moves", "DELETE FROM pupil_moves WHERE requested_at < $1"),
    ]
}
