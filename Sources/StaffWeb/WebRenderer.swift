import Foundation
import HTTPTypes
import Hummingbird
import Mustache

/// The Mustache templates of the web app (`Resources/web`): each page's template renders into the
/// `layout` (skip link, header, navigation, language choice, sign-out). Loaded once at start; a
/// template that does not parse stops the service there.
struct WebRenderer: Sendable {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "the web templates (Resources/web) are missing from the StaffWeb bundle" }
    }

    private let library: MustacheLibrary

    static var bundledDirectory: URL? {
        guard let base = Bundle.module.resourceURL else { return nil }
        return [base.appendingPathComponent("Resources/web"), base.appendingPathComponent("web")]
            .first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("layout.mustache").path) }
    }

    init(directory: URL? = WebRenderer.bundledDirectory) throws {
        guard let directory else { throw Missing() }
        var templates: [String: MustacheTemplate] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".mustache") {
            let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            templates[String(file.dropLast(".mustache".count))] = try MustacheTemplate(string: source)
        }
        guard templates["layout"] != nil else { throw Missing() }
        library = MustacheLibrary(templates: templates)
    }

    /// The page `template` with its `model`, inside the layout, as an HTML response.
    func page(_ template: String, model: Any, frame: PageFrame, status: HTTPResponse.Status = .ok) -> Response {
        var root: [String: Any] = ["t": frame.language == .da ? Self.danish : Self.english, "f": frame, "m": model]
        root["body"] = library.render(root, withTemplate: template) ?? ""
        let html = library.render(root, withTemplate: "layout") ?? ""
        return Response(status: status, headers: Self.headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private static let danish = WebLanguage.da.texts
    private static let english = WebLanguage.en.texts

    static let headers: HTTPFields = [
        .contentType: "text/html; charset=utf-8",
        .cacheControl: "no-store",
        HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
    ]
}

/// What the layout shows around every page.
struct PageFrame: Sendable {
    struct Link: Sendable {
        var href: String
        var label: String
        var current: Bool
    }

    var language: WebLanguage
    /// Stored, not computed: Mustache reads properties through Mirror, which sees stored ones only.
    var lang: String
    var title: String
    var signedIn: Bool
    var userName: String
    var csrf: String
    var nav: [Link]
    var otherLanguage: String
    var otherLanguageHref: String
    var otherLanguageLabel: String
    var message: String
    var hasMessage: Bool
    var messageDetails: [String]
}
