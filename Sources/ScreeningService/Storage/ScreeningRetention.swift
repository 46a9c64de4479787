import Shared

/// ScreeningService's retention: day aggregates older than the retention period, and resolved
/// concerns raised before it, are deleted — under the processors' lock, which then reload their
/// state (`control.epoch`), so no in-memory day is written back.
enum ScreeningRetention {
    static let rules = [
        Retention.Rule("pupil_days", "DELETE FROM pupil_days WHERE day < ($1::timestamptz)::date"),
        Retention.Rule("concerns", "DELETE FROM concerns WHERE status <> 'open' AND raised_as_of < ($1::timestamptz)::date"),
    ]
    static let prelude = ["SELECT pg_advisory_xact_lock(7463001)"]
    static let afterChange = ["UPDATE control SET epoch = epoch + 1 WHERE id = 1"]
}
