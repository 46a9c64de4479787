import Foundation
import Hummingbird
import PostgresNIO
import Shared

/// The municipality's administrator decides the moves held because a source sent a pupil enrolled at
/// a school it does not serve (`PupilMoveStore`):
/// - `GET /v1/admin/pupil-moves`: the held moves (schools, source, class; no name, no id);
/// - `POST /v1/admin/pupil-moves/{moveId}/apply` or `…/reject`.
/// Taken like `POST /v1/admin/sources`: a municipality-admin staff token or the bootstrap token.
struct PupilMovesController: Sendable {
    let postgres: PostgresClient
    let moves: PupilMoveStore
    let admin: AdminAuthorization

    struct Held: ResponseEncodable { var moves: [PupilMoveStore.Move] }

    func add(to router: Router<StaffRequestContext>) {
        router.get("/v1/admin/pupil-moves") { request, _ -> Held in
            _ = try await admin.authorize(request, for: "deciding pupils' moves between schools")
            return Held(moves: try await postgres.withConnection { try await moves.held(on: $0) })
        }
        for decision in [PupilMoveStore.Decision.apply, .reject] {
            router.post("/v1/admin/pupil-moves/{moveId}/\(decision.rawValue)") { request, context -> PupilMoveStore.Move in
                let staffId = try await admin.authorize(request, for: "deciding pupils' moves between schools")
                let moveId = try context.parameters.require("moveId")
                let decided = try await postgres.withTransaction(logger: moves.logger) { connection in
                    try await moves.decide(moveId, decision, by: staffId, on: connection)
                }
                guard let decided else { throw ProblemDetails.notFound("no held move '\(moveId)'") }
                return decided
            }
        }
    }
}

extension PupilMoveStore.Move: ResponseEncodable {}
