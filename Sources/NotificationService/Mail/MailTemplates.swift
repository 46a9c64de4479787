import Foundation
import Mustache

/// The Mustache templates of e-mails (in `Resources/templates`): per language a subject, a text
/// and an HTML template. Loaded once at start; a missing template stops the service there.
struct MailTemplates: Sendable {
    struct Missing: Error, CustomStringConvertible {
        let name: String
        var description: String { "e-mail template \(name).mustache is missing from the NotificationService bundle" }
    }

    private let templates: [String: MustacheTemplate]

    /// The folder in the bundle; Foundation on Linux may already count `Resources/` as the resource folder.
    static var bundledDirectory: URL? {
        guard let base = Bundle.module.resourceURL else { return nil }
        return [base.appendingPathComponent("Resources/templates"), base.appendingPathComponent("templates")]
            .first { FileManager.default.fileExists(atPath: $0.path) }
    }

    init(directory: URL? = MailTemplates.bundledDirectory) throws {
        var templates: [String: MustacheTemplate] = [:]
        for language in MailLanguage.allCases {
            for part in ["subject", "text", "html"] {
                let name = "\(part).\(language.rawValue)"
                guard let url = directory?.appendingPathComponent("\(name).mustache"),
                      let source = try? String(contentsOf: url, encoding: .utf8) else { throw Missing(name: name) }
                templates[name] = try MustacheTemplate(string: source)
            }
        }
        self.templates = templates
    }

    func render(_ content: MailContent, language: MailLanguage) -> RenderedMail {
        let context = content.templateContext
        func part(_ name: String) -> String {
            templates["\(name).\(language.rawValue)"]!.render(context)
        }
        let subject = part("subject").split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        return RenderedMail(subject: subject, text: part("text"), html: part("html"))
    }
}
