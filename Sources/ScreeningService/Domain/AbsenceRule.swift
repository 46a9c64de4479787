/// The rules of architecture §4. Each raises its own concern; within a chain a higher rule
/// escalates the lower one (10 % → 15 % in the quarter; beginning → concerning → severe).
enum AbsenceRule: String, Codable, Sendable, CaseIterable, Comparable {
    case unauthorizedQuarterWarning = "unauthorized-quarter-warning"
    case unauthorizedQuarterReport = "unauthorized-quarter-report"
    case beginningAbsence = "beginning-absence"
    case concerningAbsence = "concerning-absence"
    case severeAbsence = "severe-absence"
    case weekdayPattern = "weekday-pattern"
    case absenceStreak = "absence-streak"
    case repeatedLateness = "repeated-lateness"

    /// Rate rules compare a share of school days with a threshold (0…1); count rules compare a
    /// number of days or late arrivals with a whole-number threshold.
    var isRate: Bool {
        switch self {
        case .unauthorizedQuarterWarning, .unauthorizedQuarterReport, .concerningAbsence, .beginningAbsence, .severeAbsence: true
        case .weekdayPattern, .absenceStreak, .repeatedLateness: false
        }
    }

    /// Quarter rules belong to a calendar quarter; the others to the school year.
    var isQuarterRule: Bool { self == .unauthorizedQuarterWarning || self == .unauthorizedQuarterReport }

    /// The rule this one escalates, when both are open.
    var escalates: AbsenceRule? {
        switch self {
        case .unauthorizedQuarterReport: .unauthorizedQuarterWarning
        case .concerningAbsence: .beginningAbsence
        case .severeAbsence: .concerningAbsence
        default: nil
        }
    }

    static func < (lhs: AbsenceRule, rhs: AbsenceRule) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
