import Shared

/// IntakeService's retention: registrations (every version, and the current one per day and period)
/// of school days older than the retention period are deleted.
enum IntakeRetention {
    static let rules = [
        Retention.Rule("registrations", "DELETE FROM registrations WHERE date < ($1::timestamptz)::date"),
        Retention.Rule("current_registrations", "DELETE FROM current_registrations WHERE date < ($1::timestamptz)::date"),
    ]
}
