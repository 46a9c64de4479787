import Foundation
import Shared

/// A rule finding's explanation in the person's language, from the rule's id and the figures of its
/// explanation (Screening's own sentence is English and stays the fallback for a rule this app does
/// not know yet). Pure.
enum FindingSentence {
    static func text(rule: String, period: String, _ explanation: ConcernRaised.Explanation, _ language: WebLanguage) -> String {
        let da = language == .da
        let absent = explanation.absentDays
        let unauthorized = language.days(absent["unauthorized"] ?? 0)
        let total = language.days((absent["illness"] ?? 0) + (absent["authorized"] ?? 0) + (absent["unauthorized"] ?? 0))
        let days = explanation.schoolDays
        let count = language.days(explanation.rate)
        let line = explanation.threshold > 1 ? language.days(explanation.threshold) : language.percent(explanation.threshold)
        switch rule {
        case "unauthorized-quarter-report", "unauthorized-quarter-warning":
            let allowed = language.days(explanation.threshold * Double(days))
            let duty = rule == "unauthorized-quarter-report"
                ? (da ? "Skolen skal underrette kommunen." : "The school must notify the municipality (underretning).")
                : (da ? "Skolen skal varsle forældrene." : "The school must warn the parents.")
            return da
                ? "Ulovligt fravær \(unauthorized) af de \(allowed) dage, \(period) tillader (\(line) af kvartalets \(days) skoledage). \(duty)"
                : "Unauthorized absence \(unauthorized) of the \(allowed) days \(period) allows (\(line) of its \(days) school days). \(duty)"
        case "unauthorized-quarter-so-far":
            return da
                ? "Ulovligt fravær \(unauthorized) af kvartalets første \(days) skoledage (\(language.percent(explanation.rate))); tidligt varsel fra \(line), ingen lovpligtig opgave endnu."
                : "Unauthorized absence \(unauthorized) of the quarter's first \(days) school days (\(language.percent(explanation.rate))); an early warning from \(line), no legal task yet."
        case "concerning-absence", "severe-absence", "beginning-absence":
            let rising = rule == "beginning-absence" ? (da ? ", og stigende" : ", and rising") : ""
            return da
                ? "Fravær \(total) af de seneste \(days) skoledage (\(language.percent(explanation.rate))\(rising)); grænsen er \(line)."
                : "Absence \(total) of the last \(days) school days (\(language.percent(explanation.rate))\(rising)); the line is \(line)."
        case "prolonged-illness":
            return da
                ? "Syg \(count) skoledage i \(period) indtil nu (grænse \(line)): skolelederen tilbyder sygeundervisning."
                : "Ill on \(count) school days in \(period) so far (line \(line)): the school leader offers tuition during illness."
        case "quarter-absence-contact", "quarter-absence-support-plan":
            let then = rule == "quarter-absence-contact" ? (da ? "kontakt forældrene" : "contact the parents") : (da ? "en støtteplan med PPR" : "a support plan with PPR")
            return da
                ? "Sygdom og ulovligt fravær \(count) skoledage i \(period) (grænse \(line)): \(then)."
                : "Illness and unauthorized absence on \(count) school days in \(period) (line \(line)): \(then)."
        case "weekday-pattern":
            let weekday = explanation.dates.first.map { weekdayName($0.isoWeekday, language) } ?? (da ? "samme ugedag" : "the same weekday")
            return da
                ? "Fravær \(count) gange om \(weekday)en inden for de seneste \(days) skoledage (grænse \(line))."
                : "Absent \(count) times on a \(weekday) within the last \(days) school days (line \(line))."
        case "absence-streak":
            return da
                ? "\(count) skoledage i træk med fravær (sygdom eller ulovligt) inden for de seneste \(days) skoledage."
                : "\(count) school days absent in a row (illness or unauthorized) within the last \(days) school days."
        case "repeated-lateness":
            return da
                ? "For sent \(count) gange inden for de seneste \(days) skoledage (grænse \(line))."
                : "Late \(count) times within the last \(days) school days (line \(line))."
        default:
            return explanation.summary
        }
    }

    static func weekdayName(_ isoWeekday: Int, _ language: WebLanguage) -> String {
        let da = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
        let en = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let index = min(max(isoWeekday, 1), 7) - 1
        return language == .da ? da[index] : en[index]
    }
}
