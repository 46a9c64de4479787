import Shared

/// PlanningService's retention: cases closed before the retention period are deleted with
/// everything in them (team, timeline, kortlægning, plans, meetings) and the concerns they came
/// from. Open cases are kept, however old, with their concerns and legal tasks. Outside a case,
/// what is older than the period goes: concerns and their resolutions, legal tasks, inbox decisions,
/// weekly and monthly absence figures; the legal track's records (registered absences, contacts,
/// letters, underretninger with their hearings, decisions and appeals) older than the period. A pupil whose enrolment ended is erased through
/// `pupil.erased` (IntakeService's retention), which removes the rest.
enum PlanningRetention {
    private static let expired = "SELECT case_id FROM cases WHERE status = 'closed' AND closed_at < $1"
    private static let outsideCase = "NOT EXISTS (SELECT 1 FROM case_concerns cc WHERE cc.concern_id = concerns.concern_id)"
    private static let noOpenCase = "NOT EXISTS (SELECT 1 FROM cases c WHERE c.pupil_key = %@.pupil_key AND c.status <> 'closed')"

    static let rules: [Retention.Rule] = ["case_concerns", "case_team", "case_timeline", "assessments", "plan_revisions", "meetings"].map {
        Retention.Rule($0, "DELETE FROM \($0) WHERE case_id IN (\(expired))")
    } + [
        Retention.Rule("concern_resolutions", "DELETE FROM concern_resolutions WHERE concern_id IN (SELECT concern_id FROM concerns WHERE case_id IN (\(expired)))"),
        Retention.Rule("concerns", "DELETE FROM concerns WHERE case_id IN (\(expired))"),
        Retention.Rule("cases", "DELETE FROM cases WHERE status = 'closed' AND closed_at < $1"),
        Retention.Rule("concern_resolutions outside a case", """
            DELETE FROM concern_resolutions WHERE concern_id IN (SELECT concern_id FROM concerns WHERE raised_at < $1 AND \(outsideCase))
            """),
        Retention.Rule("concerns outside a case", "DELETE FROM concerns WHERE raised_at < $1 AND \(outsideCase)"),
        Retention.Rule("legal_tasks", "DELETE FROM legal_tasks WHERE created_at < $1 AND \(noOpenCase.replacingOccurrences(of: "%@", with: "legal_tasks"))"),
        Retention.Rule("pupil_triage", "DELETE FROM pupil_triage WHERE decided_at < $1 AND \(noOpenCase.replacingOccurrences(of: "%@", with: "pupil_triage"))"),
        Retention.Rule("absence_weeks", "DELETE FROM absence_weeks WHERE week_start < ($1::timestamptz)::date"),
        Retention.Rule("absence_months", "DELETE FROM absence_months WHERE month < to_char($1::timestamptz, 'YYYY-MM')"),
        Retention.Rule("registered_absences", "DELETE FROM registered_absences WHERE date < ($1::timestamptz)::date"),
        Retention.Rule("parent_contacts", "DELETE FROM parent_contacts WHERE absence_date < ($1::timestamptz)::date"),
        Retention.Rule("warning_letters", "DELETE FROM warning_letters WHERE sent_at < $1"),
    ] + ["hearings", "benefit_decisions", "appeals"].map {
        Retention.Rule($0, "DELETE FROM \($0) WHERE underretning_id IN (SELECT underretning_id FROM underretninger WHERE made_at < $1)")
    } + [
        Retention.Rule("underretninger", "DELETE FROM underretninger WHERE made_at < $1"),
        Retention.Rule("legal_timeline", "DELETE FROM legal_timeline WHERE at < $1"),
    ]
}
