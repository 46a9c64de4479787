import Foundation
import Shared

/// The checks on the legal track's input: free text (notes, assessments, answers, reasons) may hold
/// line breaks but no other control character and is bounded; a language is a short code; a moment
/// the person gives is bounded like every date.
enum LegalInput {
    static func freeText(_ text: String?, _ field: String, max: Int, required: Bool, into problems: inout InputProblems) {
        if required { problems.require(InputProblems.nonBlank(text), field, "is required") }
        guard let text else { return }
        problems.require(text.unicodeScalars.count <= max, field, "must be at most \(max) characters")
        problems.require(!text.unicodeScalars.contains { $0.properties.generalCategory == .control && !["\n", "\r", "\t"].contains($0) },
                         field, "must not hold control characters")
    }

    /// A language code the letters may be written in: `da`, `en`, `ar`, `pl`, `tr`, `ur`, … (2–3 letters, lower case).
    static func isLanguage(_ code: String) -> Bool { code.wholeMatch(of: /[a-z]{2,3}/) != nil }

    static func moment(_ date: Date?, _ field: String, now: Date, into problems: inout InputProblems) {
        guard let date else { return }
        problems.require(SchoolDate.accepts(date), field, "must be \(SchoolDate.acceptedRange)")
        problems.require(date <= now.addingTimeInterval(3600), field, "must not be in the future")
    }
}
