import Shared

/// ScreeningService's retention: day aggregates older than the retention period, and resolved
/// concerns raised before it, are deleted under the processors' lock. The processors are not made
/// to reload (that would drop the evaluations they hold back until a school day is over); a day
/// that old lies outside every rule's window, and a processor only writes back days that changed.
enum ScreeningRetention {
    static let rules = [
        Retention.Rule("pupil_days", "DELETE FROM pupil_days WHERE day < ($1::timestamptz)::date"),
        Retention.Rule("concerns", "DELETE FROM concerns WHERE status <> 'open' AND raised_as_of < ($1::timestamptz)::date"),
    ]
    static let prelude = ["SELECT pg_advisory_xact_lock(7463001)"]
}
