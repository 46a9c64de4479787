/// The rules of architecture §4. Each raises its own concern; within a chain a higher rule
/// escalates the lower one (10 % → 15 % in the quarter; beginning → concerning → severe).
enum AbsenceRule: String, Codable, Sendable, CaseIterable, Comparable {
    case unauthorizedQuarterWarning = "unauthorized-quarter-warning"
    case unauthorizedQuarterReport = "unauthorized-quarter-report"
    /// The early warning: unauthorized absence over the quarter's school days *so far*. No legal
    /// task follows from it (Planning maps only the two rules above to the legal track).
    case unauthorizedQuarterSoFar = "unauthorized-quarter-so-far"
    case beginningAbsence = "beginning-absence"
    case concerningAbsence = "concerning-absence"
    case severeAbsence = "severe-absence"
    case weekdayPattern = "weekday-pattern"
    case absenceStreak = "absence-streak"
    case repeatedLateness = "repeated-lateness"
    /// Illness on many school days in the quarter: the school leader offers sygeundervisning (tuition during illness).
    case prolongedIllness = "prolonged-illness"
    /// The 2026 political agreement on absence (off by default until it is law): more than 10 days of
    /// illness and unauthorized absence in a quarter → contact the parents …
    case quarterAbsenceContact = "quarter-absence-contact"
    /// … and 15 days → a support plan with PPR.
    case quarterAbsenceSupportPlan = "quarter-absence-support-plan"

    /// Rate rules compare a share of school days with a threshold (0…1); count rules compare a
    /// number of days or late arrivals with a whole-number threshold.
    var isRate: Bool {
        switch self {
        case .unauthorizedQuarterWarning, .unauthorizedQuarterReport, .unauthorizedQuarterSoFar, .concerningAbsence, .beginningAbsence, .severeAbsence: true
        case .weekdayPattern, .absenceStreak, .repeatedLateness, .prolongedIllness, .quarterAbsenceContact, .quarterAbsenceSupportPlan: false
        }
    }

    /// Count rules whose line is "more than" the threshold rather than "at least" (the agreement's "more than 10 days").
    var firesAboveThreshold: Bool { self == .quarterAbsenceContact }

    /// Quarter rules belong to a calendar quarter; the others to the school year.
    var isQuarterRule: Bool {
        switch self {
        case .unauthorizedQuarterWarning, .unauthorizedQuarterReport, .unauthorizedQuarterSoFar, .prolongedIllness,
             .quarterAbsenceContact, .quarterAbsenceSupportPlan: true
        default: false
        }
    }

    /// The rule this one escalates, when both are open.
    var escalates: AbsenceRule? {
        switch self {
        case .unauthorizedQuarterReport: .unauthorizedQuarterWarning
        case .unauthorizedQuarterWarning: .unauthorizedQuarterSoFar
        case .quarterAbsenceSupportPlan: .quarterAbsenceContact
        case .concerningAbsence: .beginningAbsence
        case .severeAbsence: .concerningAbsence
        default: nil
        }
    }

    /// The rule's place in `allCases` (the order concerns are decided in).
    var ordinal: Int {
        switch self {
        case .unauthorizedQuarterWarning: 0
        case .unauthorizedQuarterReport: 1
        case .unauthorizedQuarterSoFar: 2
        case .beginningAbsence: 3
        case .concerningAbsence: 4
        case .severeAbsence: 5
        case .weekdayPattern: 6
        case .absenceStreak: 7
        case .repeatedLateness: 8
        case .prolongedIllness: 9
        case .quarterAbsenceContact: 10
        case .quarterAbsenceSupportPlan: 11
        }
    }

    static func < (lhs: AbsenceRule, rhs: AbsenceRule) -> Bool { lhs.ordinal < rhs.ordinal }
}
