import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The municipality's queue and steps: `GET /v1/underretninger[?status=&schoolId=]`,
/// `GET /v1/underretninger/{underretningId}`, and `POST …/receive`, `…/evidence-check`, `…/hearings`,
/// `…/hearings/{hearingId}/answer`, `…/decision`, `…/appeal`, `…/appeal/outcome` (the case workers';
/// anyone else is refused before the body is read).
struct UnderretningerController: Sendable {
    let track: LegalTrack

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("underretninger") { request, context -> UnderretningQueue in
            let staff = try context.requireStaff()
            let query = request.uri.queryParameters
            return try await track.queue(status: query["status"].map(String.init), school: query["schoolId"].map(String.init), by: staff)
        }

        router.get("underretninger/{underretningId}") { _, context -> UnderretningView in
            try await track.view(try context.parameters.text("underretningId"), by: try context.requireStaff())
        }

        router.post("underretninger/{underretningId}/receive") { _, context -> UnderretningView in
            let (staff, id) = try start(context)
            return try await track.receive(id, by: staff)
        }

        router.post("underretninger/{underretningId}/evidence-check") { request, context -> UnderretningView in
            let (staff, id) = try start(context)
            return try await track.checkEvidence(id, try await track.support.body(EvidenceCheckInput.self, from: request), by: staff)
        }

        router.post("underretninger/{underretningId}/hearings") { request, context -> Tagged<UnderretningView> in
            let (staff, id) = try start(context)
            return Tagged(status: .created, body: try await track.hear(id, try await track.support.body(NewHearing.self, from: request), by: staff))
        }

        router.post("underretninger/{underretningId}/hearings/{hearingId}/answer") { request, context -> UnderretningView in
            let (staff, id) = try start(context)
            let hearing = try context.parameters.text("hearingId")
            return try await track.answer(id, hearing: hearing, try await track.support.body(HearingAnswer.self, from: request), by: staff)
        }

        router.post("underretninger/{underretningId}/decision") { request, context -> Tagged<UnderretningView> in
            let (staff, id) = try start(context)
            return Tagged(status: .created, body: try await track.decide(id, try await track.support.body(NewBenefitDecision.self, from: request), by: staff))
        }

        router.post("underretninger/{underretningId}/appeal") { request, context -> Tagged<UnderretningView> in
            let (staff, id) = try start(context)
            return Tagged(status: .created, body: try await track.recordAppeal(id, try await track.support.body(NewAppeal.self, from: request), by: staff))
        }

        router.post("underretninger/{underretningId}/appeal/outcome") { request, context -> UnderretningView in
            let (staff, id) = try start(context)
            return try await track.recordAppealResult(id, try await track.support.body(AppealResult.self, from: request), by: staff)
        }
    }

    /// The case worker and the underretning's id; anyone else is refused here, before the body is read.
    private func start(_ context: PlanningRequestContext) throws -> (StaffPrincipal, String) {
        let staff = try context.requireStaff()
        _ = try ControllerSupport.authorize(.handleUnderretning, staff, on: .municipality)
        return (staff, try context.parameters.text("underretningId"))
    }
}
