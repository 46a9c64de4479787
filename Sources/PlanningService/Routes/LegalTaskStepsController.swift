import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The school's steps on a legal task: `GET/POST /v1/legal-tasks/{taskId}/warning-letter` (step 2)
/// and `GET/POST /v1/legal-tasks/{taskId}/underretning` (step 3). A person without access is refused
/// before the body is read.
struct LegalTaskStepsController: Sendable {
    let track: LegalTrack

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("legal-tasks/{taskId}/warning-letter") { request, context -> WarningLetterDraft in
            let staff = try context.requireStaff()
            let language = request.uri.queryParameters["language"].map(String.init)
            if let language, !LegalInput.isLanguage(language) {
                throw ProblemDetails.badRequest("language must be a language code such as da or en", field: "language")
            }
            return try await track.warningDraft(taskId: try context.parameters.text("taskId"), language: language, by: staff)
        }

        router.post("legal-tasks/{taskId}/warning-letter") { request, context -> Tagged<WarningLetter> in
            let staff = try context.requireStaff()
            let id = try context.parameters.text("taskId")
            try await precheck(id, .completeWarnParents, staff)
            let sending = try await track.support.body(WarningLetterSending.self, from: request)
            return Tagged(status: .created, body: try await track.sendWarning(taskId: id, sending, by: staff))
        }

        router.get("legal-tasks/{taskId}/underretning") { _, context -> UnderretningDraft in
            let staff = try context.requireStaff()
            return try await track.underretningDraft(taskId: try context.parameters.text("taskId"), by: staff)
        }

        router.post("legal-tasks/{taskId}/underretning") { request, context -> Tagged<UnderretningView> in
            let staff = try context.requireStaff()
            let id = try context.parameters.text("taskId")
            try await precheck(id, .completeNotifyMunicipality, staff)
            let input = try await track.support.body(NewUnderretning.self, from: request)
            return Tagged(status: .created, body: try await track.makeUnderretning(taskId: id, input, by: staff))
        }
    }

    private func precheck(_ id: String, _ action: AccessPolicy.Action, _ staff: StaffPrincipal) async throws {
        _ = try await track.support.transaction { connection in try await track.task(id, action, staff, forUpdate: false, on: connection) }
    }
}
