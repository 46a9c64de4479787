import Shared

/// ScreeningService's retention: day aggregates older than the retention period, and resolved
/// concerns raised before it, are deleted. The processors are not made to reload (that drops the
/// evaluations they hold back until a school day is over) nor locked out (taking their lock every
/// few seconds on the test stack stopped concerns being raised — not yet understood): a day that
/// old lies outside every rule's window, and a processor writes back only days that changed.
enum ScreeningRetention {
    static let rules = [
        Retention.Rule("pupil_days", "DELETE FROM pupil_days WHERE day < ($1::timestamptz)::date"),
        Retention.Rule("concerns", "DELETE FROM concerns WHERE status <> 'open' AND raised_as_of < ($1::timestamptz)::date"),
    ]
}
