import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The letters' templates (municipality-admin): `GET /v1/letter-templates`,
/// `GET/PUT/DELETE /v1/letter-templates/{kind}/{language}`.
struct LetterTemplatesController: Sendable {
    let track: LegalTrack

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("letter-templates") { _, context -> LetterTemplates in
            try await track.templates(by: try context.requireStaff())
        }

        router.get("letter-templates/{kind}/{language}") { _, context -> LetterTemplate in
            let staff = try context.requireStaff()
            _ = try ControllerSupport.authorize(.manageLetterTemplates, staff, on: .municipality)
            return try await track.template(try Self.kind(context), language: try context.parameters.text("language"), by: staff)
        }

        router.put("letter-templates/{kind}/{language}") { request, context -> LetterTemplate in
            let staff = try context.requireStaff()
            _ = try ControllerSupport.authorize(.manageLetterTemplates, staff, on: .municipality)
            let kind = try Self.kind(context)
            let change = try await track.support.body(LetterTemplateChange.self, from: request)
            return try await track.putTemplate(kind, language: try context.parameters.text("language"), change, by: staff)
        }

        router.delete("letter-templates/{kind}/{language}") { _, context -> Response in
            let staff = try context.requireStaff()
            _ = try ControllerSupport.authorize(.manageLetterTemplates, staff, on: .municipality)
            try await track.removeTemplate(try Self.kind(context), language: try context.parameters.text("language"), by: staff)
            return Response(status: .noContent)
        }
    }

    static func kind(_ context: PlanningRequestContext) throws -> LetterKind {
        let text = try context.parameters.text("kind")
        guard let kind = LetterKind(rawValue: text) else {
            throw ProblemDetails.notFound("no letter kind '\(text)': \(LetterKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return kind
    }
}
