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

    func percent(_ rate: Double) -> String {
        let text = String(format: "%.1f", rate * 100)
        return (self == .da ? text.replacingOccurrences(of: ".", with: ",") : text) + " %"
    }
}
