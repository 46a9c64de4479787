import Shared

/// PlanningService's retention: cases closed before the retention period are deleted with
/// everything in them (team, timeline, kortlægning, plans, meetings) and the concerns they came
/// from. Open cases are kept, however old.
enum PlanningRetention {
    private static let expired = "SELECT case_id FROM cases WHERE status = 'closed' AND closed_at < $1"

    static let rules: [Retention.Rule] = ["case_concerns", "case_team", "case_timeline", "assessments", "plan_revisions", "meetings"].map {
        Retention.Rule($0, "DELETE FROM \($0) WHERE case_id IN (\(expired))")
    } + [
        Retention.Rule("concern_resolutions", "DELETE FROM concern_resolutions WHERE concern_id IN (SELECT concern_id FROM concerns WHERE case_id IN (\(expired)))"),
        Retention.Rule("concerns", "DELETE FROM concerns WHERE case_id IN (\(expired))"),
        Retention.Rule("cases", "DELETE FROM cases WHERE status = 'closed' AND closed_at < $1"),
    ]
}
