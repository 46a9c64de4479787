import Foundation

/// The letters the legal track prints, each from a template the municipality may change.
public enum LetterKind: String, Codable, Sendable, CaseIterable {
    /// varslingsbrev: the warning to the parents at 10 %
    case warning
    /// the decision letter with its appeal guidance (klagevejledning)
    case decision
    /// the notice to the benefit payer of a stop
    case payerNotice = "payer-notice"
}

/// A letter template (Mustache, plain text): the municipality's own, or the one shipped with
/// Fremmøde (`shipped: true`) while the municipality has none for that kind and language.
public struct LetterTemplate: Codable, Sendable, Equatable {
    public var kind: LetterKind
    public var language: String
    public var body: String
    public var shipped: Bool
    public var updatedBy: String?
    public var updatedAt: Date?

    public init(kind: LetterKind, language: String, body: String, shipped: Bool, updatedBy: String?, updatedAt: Date?) {
        (self.kind, self.language, self.body, self.shipped, self.updatedBy, self.updatedAt) = (kind, language, body, shipped, updatedBy, updatedAt)
    }
}

/// `GET /v1/letter-templates`: every template in use, by kind and language.
public struct LetterTemplates: Codable, Sendable {
    public var templates: [LetterTemplate]

    public init(templates: [LetterTemplate]) { self.templates = templates }
}

/// `PUT /v1/letter-templates/{kind}/{language}`.
public struct LetterTemplateChange: Codable, Sendable {
    public var body: String

    public init(body: String) { self.body = body }
}
