import PlanningAPI
import Shared

/// The legal track: which quarter rules create which task, and its deadline. Planning does not hold
/// school calendars, so deadlines count weekdays (a school day is a weekday; holidays make a
/// deadline earlier in school days, never later in calendar days than the law expects).
struct LegalDeadlines: Sendable {
    /// Warning the parents of a possible stop of the child benefit (unauthorized ≥ 10 % in the quarter).
    var warnParentsWeekdays: Int
    /// Underretning (notifying the municipality, unauthorized ≥ 15 %): the law says "straks", so this is an upper bound.
    var notifyMunicipalityWeekdays: Int

    static let standard = LegalDeadlines(warnParentsWeekdays: 10, notifyMunicipalityWeekdays: 5)

    static func kind(forRule rule: String) -> PlanUpdated.LegalTask.Kind? { LegalTask.kind(forRule: rule) }

    func dueDate(for kind: PlanUpdated.LegalTask.Kind, raisedOn day: SchoolDate) -> SchoolDate {
        switch kind {
        case .warnParents: day.addingWeekdays(warnParentsWeekdays)
        case .notifyMunicipality: day.addingWeekdays(notifyMunicipalityWeekdays)
        }
    }
}
