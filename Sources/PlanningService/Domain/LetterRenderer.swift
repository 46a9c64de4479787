import Foundation
import Mustache
import PlanningAPI
import Shared

/// The legal track's letters: Mustache templates (plain text, nothing escaped) that the municipality
/// may replace per kind and language (`letter_templates`), else the ones shipped in
/// `Resources/letters` (Danish and English). Rendering is pure: the same template and values give the
/// same letter, which is kept as sent.
struct LetterRenderer: Sendable {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "the shipped letter templates (Resources/letters) are missing from PlanningService's bundle" }
    }

    /// The shipped templates by kind and language.
    let shipped: [LetterKind: [String: String]]

    init() throws {
        guard let base = Bundle.module.resourceURL,
              let directory = [base.appendingPathComponent("Resources/letters"), base.appendingPathComponent("letters")]
                .first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { throw Missing() }
        var shipped: [LetterKind: [String: String]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".mustache") {
            // warning.da.mustache
            let parts = file.dropLast(".mustache".count).split(separator: ".")
            guard parts.count == 2, let kind = LetterKind(rawValue: String(parts[0])) else { continue }
            let body = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            _ = try Self.compile(body)
            shipped[kind, default: [:]][String(parts[1])] = body
        }
        for kind in LetterKind.allCases where shipped[kind]?["da"] == nil { throw Missing() }
        self.shipped = shipped
    }

    /// A template as text, never HTML: the letter is plain text (the web app prints it as such).
    static func compile(_ body: String) throws -> MustacheTemplate {
        try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + body)
    }

    func render(_ body: String, _ values: [String: Any]) throws -> String {
        try Self.compile(body).render(values)
    }
}

/// Dates, numbers and quarters as a letter in `language` writes them; a language without its own
/// words (added by the municipality) gets ISO dates and the English words.
struct LetterFormat: Sendable {
    let language: String

    private static let danishMonths = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober", "november", "december"]
    private static let englishMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    func date(_ date: SchoolDate) -> String {
        switch language {
        case "da": "\(date.day). \(Self.danishMonths[date.month - 1]) \(date.year)"
        case "en": "\(date.day) \(Self.englishMonths[date.month - 1]) \(date.year)"
        default: date.description
        }
    }

    func date(_ moment: Date) -> String { date(SchoolDate(moment)) }

    /// "4. kvartal 2026 (oktober–december)", "Q4 2026 (October–December)".
    func quarter(_ key: String) -> String {
        guard let quarter = Quarter(key) else { return key }
        let first = quarter.first.month - 1
        switch language {
        case "da": return "\(quarter.number). kvartal \(quarter.year) (\(Self.danishMonths[first])–\(Self.danishMonths[first + 2]))"
        case "en": return "Q\(quarter.number) \(quarter.year) (\(Self.englishMonths[first])–\(Self.englishMonths[first + 2]))"
        default: return key
        }
    }

    /// Days with at most one decimal, the decimal comma in Danish: "5,2", "9".
    func days(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
        return language == "da" ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// A day's registered absence: "hele dagen" or "0,5 dag".
    func share(_ value: Double) -> String {
        if value >= 0.999 { return language == "da" ? "hele dagen" : "the whole day" }
        return days(value) + (language == "da" ? " dag" : " of the day")
    }
}
