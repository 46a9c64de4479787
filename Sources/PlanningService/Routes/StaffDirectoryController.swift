import Foundation
import Hummingbird
import PlanningAPI
import Shared

/// The staff register's import, for the municipality's administrator: `POST /v1/admin/staff` adds or
/// updates people of the staff directory (`{"staff": [{staffId, name, email}]}`, e.g. a nightly export
/// of the municipality's directory), `DELETE /v1/admin/staff/{staffId}` takes one who left out of it.
struct StaffDirectoryController: Sendable {
    let support: ControllerSupport

    struct Import: Decodable {
        var staff: [StaffDirectory.Entry]
    }

    struct Imported: ResponseEncodable {
        var imported: Int
    }

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.post("admin/staff") { request, context -> Imported in
            let staff = try context.requireStaff()
            _ = try ControllerSupport.authorize(.manageStaffDirectory, staff, on: .municipality)
            let input = try await support.body(Import.self, from: request)
            try StaffDirectory.validate(input.staff)
            try await support.transaction { connection in
                try await StaffDirectoryStore.upsert(input.staff, at: Date(), on: connection, logger: support.logger)
            }
            return Imported(imported: input.staff.count)
        }

        router.delete("admin/staff/{staffId}") { _, context -> HTTPResponse.Status in
            let staff = try context.requireStaff()
            _ = try ControllerSupport.authorize(.manageStaffDirectory, staff, on: .municipality)
            let id = try context.parameters.text("staffId")
            let removed = try await support.transaction { connection in
                try await StaffDirectoryStore.remove(id, at: Date(), on: connection, logger: support.logger)
            }
            guard removed else { throw ProblemDetails.notFound("no staff member '\(id)' in the register") }
            return .noContent
        }
    }
}
