import Foundation
import PlanningAPI
import Shared

/// The legal track's deadlines (docs/legal-track.md has the sources): which quarter rules create
/// which school task, and when each step falls due. Planning does not hold school calendars, so the
/// school's deadlines count weekdays (a holiday makes a deadline earlier in school days, never later
/// in calendar days than the law expects); the municipality's count weekdays or calendar days as
/// their sources do.
struct LegalDeadlines: Sendable, Equatable {
    /// Contacting the parents about a day of unauthorized absence: the same day ("straks").
    var contactParentsWeekdays = 0
    /// Warning the parents at 10 %: in time for them to act before 15 % (3 school days lie between
    /// the two in a quarter of 60 school days).
    var warnParentsWeekdays = 3
    /// The underretning at 15 %: "straks" — at the latest the next school day.
    var notifyMunicipalityWeekdays = 1
    /// A case worker takes a new underretning into the queue.
    var receiveWeekdays = 2
    /// The evidence check and the partshøring sent, counted from the underretning.
    var hearingWeekdays = 10
    /// The parents' time to answer a partshøring (calendar days).
    var answerDays = 14
    /// The decision, counted from the hearing's answer deadline (or the answer, when earlier).
    var decisionWeekdays = 10
    /// The family's appeal window after the decision (4 weeks) and the municipality's reassessment of
    /// an appeal (4 weeks) — calendar days.
    var appealDays = 28
    var reassessmentDays = 28

    static let standard = LegalDeadlines()

    static func kind(forRule rule: String) -> PlanUpdated.LegalTask.Kind? { LegalTask.kind(forRule: rule) }

    func dueDate(for kind: PlanUpdated.LegalTask.Kind, raisedOn day: SchoolDate) -> SchoolDate {
        switch kind {
        case .warnParents: day.addingWeekdays(warnParentsWeekdays)
        case .notifyMunicipality: day.addingWeekdays(notifyMunicipalityWeekdays)
        }
    }

    /// The last day to contact the parents about an absence on `day`.
    func contactDue(absentOn day: SchoolDate) -> SchoolDate {
        contactParentsWeekdays == 0 ? day : day.addingWeekdays(contactParentsWeekdays)
    }
}
