import Foundation
import Shared

/// The web app's languages: Danish first, English by choice (remembered in the `fm_lang` cookie).
enum WebLanguage: String, Sendable, CaseIterable {
    case da, en

    static let cookieName = "fm_lang"

    /// The words of every page in this language, for the templates' `{{t.name}}`.
    var texts: [String: String] {
        WebText.table.mapValues { self == .da ? $0.da : $0.en }
    }

    func text(_ key: String) -> String {
        guard let entry = WebText.table[key] else { return key }
        return self == .da ? entry.da : entry.en
    }

    /// A code (rule, role, status, arena, outcome…) in words, or the code itself when it has none.
    func name(_ kind: String, _ code: String) -> String {
        guard let entry = WebText.names["\(kind).\(code)"] else { return code }
        return self == .da ? entry.da : entry.en
    }

    func date(_ date: SchoolDate) -> String {
        self == .da ? "\(date.day).\(date.month).\(date.year)" : date.description
    }

    func date(_ date: Date) -> String { self.date(SchoolDate(date)) }

    func dateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen") ?? .gmt
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return self.date(date) + String(format: " %02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// A rule's figure against its threshold: shares in percent, counts (days, late arrivals) as whole numbers.
    func figure(_ value: Double, against threshold: Double) -> String {
        threshold > 1 ? "\(Int(value.rounded())) ≥ \(Int(threshold.rounded()))" : "\(percent(value)) ≥ \(percent(threshold))"
    }

    /// Days with at most two decimals and none when whole, the decimal comma in Danish ("9", "8,55").
    func days(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return self == .da ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A legal quarter rule's figure as the count of days the quarter allows: "7 af de 9,3 dage, kvartalet tillader".
    func quarterAllowance(unauthorized: Double, threshold: Double, quarterSchoolDays: Int) -> String {
        text("pupil_quarterAllows").replacingOccurrences(of: "{absent}", with: days(unauthorized))
            .replacingOccurrences(of: "{allowed}", with: days(threshold * Double(quarterSchoolDays)))
    }

    /// The quarter's unauthorized absence as the forecast counts it: "4 af 52 skoledage (7,7 %)".
    func quarterCount(_ forecast: WebModels.AbsenceProfile.Forecast) -> String {
        let share = forecast.quarterSchoolDays > 0 ? forecast.unauthorizedDays / Double(forecast.quarterSchoolDays) : 0
        return "\(days(forecast.unauthorizedDays)) \(text("inbox_of")) \(forecast.quarterSchoolDays) \(text("pupil_schoolDays")) (\(percent(share)))"
    }

    /// The quarter's forecast in words: where the count stands, and when 10 % and 15 % are reached at the recent pace.
    func forecast(_ forecast: WebModels.AbsenceProfile.Forecast) -> [String] {
        func fill(_ key: String, _ values: [String: String]) -> String {
            values.reduce(text(key)) { $0.replacingOccurrences(of: "{\($1.key)}", with: $1.value) }
        }
        var lines = [fill("forecast_count", ["absent": days(forecast.unauthorizedDays), "warning": days(forecast.warningDays),
                                              "report": days(forecast.reportDays), "quarter": forecast.quarter])]
        if forecast.cannotStayUnderReport {
            lines.append(text("forecast_cannotStayUnder"))
        } else {
            lines.append(forecast.warningReached ? text("forecast_warningReached")
                         : forecast.reachesWarningOn.map { fill("forecast_warningOn", ["date": date($0)]) } ?? text("forecast_warningNot"))
            lines.append(forecast.reachesReportOn.map { fill("forecast_reportOn", ["date": date($0)]) } ?? text("forecast_reportNot"))
        }
        return lines
    }

    func percent(_ rate: Double) -> String {
        let text = String(format: "%.1f", rate * 100)
        return (self == .da ? text.replacingOccurrences(of: ".", with: ",") : text) + " %"
    }
}
