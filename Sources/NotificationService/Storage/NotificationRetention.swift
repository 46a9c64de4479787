import Shared

/// NotificationService's retention: the delivery log — e-mails that are done (sent, failed,
/// suppressed, digested) — older than the retention period is deleted, with the pupil links of
/// events that old and the reminders and plan revisions of closed cases.
enum NotificationRetention {
    static let rules = [
        Retention.Rule("emails", "DELETE FROM emails WHERE status IN ('sent', 'failed', 'suppressed', 'digested') AND created_at < $1"),
        Retention.Rule("reminders", "DELETE FROM reminders WHERE status <> 'pending' AND updated_at < $1"),
        Retention.Rule("pupil_events", "DELETE FROM pupil_events WHERE seen_at < $1"),
        Retention.Rule("concern_mail_days", "DELETE FROM concern_mail_days WHERE created_at < $1"),
    ]
}
