import Foundation
import Hummingbird
import PostgresNIO
import Shared

/// `POST /v1/recompute` (`?schoolId=` for one school): evaluates the rules again from stored
/// aggregates, e.g. after a policy change. Municipality administrators only.
struct RecomputeController: Sendable {
    let postgres: PostgresClient
    let recompute: Recompute

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.post("/recompute") { request, context -> Recompute.Result in
            let staff = try context.requireStaff()
            _ = try ScreeningAccess.require(staff, anyOf: [.municipalityAdmin], to: "a recompute")
            let schoolId = request.uri.queryParameters["schoolId"].map(String.init)
            return try await postgres.withTransaction(logger: context.logger) { connection in
                try await recompute.run(schoolId: schoolId, on: connection)
            }
        }
    }
}

extension Recompute.Result: ResponseEncodable {}
