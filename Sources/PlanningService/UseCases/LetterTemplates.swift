import Foundation
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// The letters' templates: every kind in Danish and English ships with Fremmøde; the municipality's
/// administrator replaces any of them and adds languages (the ministry's parent material is also in
/// Arabic, Polish, Turkish and Urdu).
extension LegalTrack {
    static let maximumTemplate = 20_000

    func templates(by staff: StaffPrincipal) async throws -> LetterTemplates {
        _ = try ControllerSupport.authorize(.manageLetterTemplates, staff, on: .municipality)
        return try await support.transaction { connection in
            LetterTemplates(templates: try await LetterTemplateStore.all(shipped: letters.shipped, on: connection, logger: logger))
        }
    }

    func template(_ kind: LetterKind, language: String, by staff: StaffPrincipal) async throws -> LetterTemplate {
        _ = try ControllerSupport.authorize(.manageLetterTemplates, staff, on: .municipality)
        return try await support.transaction { connection in
            guard let template = try await LetterTemplateStore.template(kind, language: language, shipped: letters.shipped, on: connection, logger: logger)
            else { throw ProblemDetails.notFound("no \(kind.rawValue) template in '\(language)'") }
            return template
        }
    }

    func putTemplate(_ kind: LetterKind, language: String, _ change: LetterTemplateChange, by staff: StaffPrincipal) async throws -> LetterTemplate {
        let role = try ControllerSupport.authorize(.manageLetterTemplates, staff, on: .municipality)
        var problems = InputProblems()
        problems.require(LegalInput.isLanguage(language), "language", "must be a language code of 2–3 lower-case letters such as da, en, ar, pl, tr, ur")
        LegalInput.freeText(change.body, "body", max: Self.maximumTemplate, required: true, into: &problems)
        do {
            _ = try LetterRenderer.compile(change.body)
        } catch {
            problems.require(false, "body", "is not a Mustache template: \(error)")
        }
        try problems.throwIfAny("The template is not valid")
        return try await support.transaction { connection in
            try await LetterTemplateStore.put(kind, language: language, body: change.body, by: staff.staffId, on: connection, logger: logger)
            try await AuditLog.record(staff, role: role, action: "put-letter-template:\(kind.rawValue)/\(language)", on: connection, logger: logger)
            guard let template = try await LetterTemplateStore.template(kind, language: language, shipped: letters.shipped, on: connection, logger: logger)
            else { throw ProblemDetails.notFound("no \(kind.rawValue) template in '\(language)'") }
            return template
        }
    }

    /// Removes the municipality's own template; the shipped one (Danish, English) is used again.
    func removeTemplate(_ kind: LetterKind, language: String, by staff: StaffPrincipal) async throws {
        let role = try ControllerSupport.authorize(.manageLetterTemplates, staff, on: .municipality)
        try await support.transaction { connection in
            guard try await LetterTemplateStore.remove(kind, language: language, on: connection, logger: logger) else {
                throw ProblemDetails.notFound("the municipality has no \(kind.rawValue) template of its own in '\(language)'")
            }
            try await AuditLog.record(staff, role: role, action: "remove-letter-template:\(kind.rawValue)/\(language)", on: connection, logger: logger)
        }
    }
}
