import Hummingbird
import PlanningAPI
import Shared

/// The catalogue of handlemuligheder: `GET /v1/catalogue/actions` (any signed-in staff member: it
/// holds no pupil data) and `POST /v1/catalogue/actions` (the municipality's administrator).
struct CatalogueController: Sendable {
    let support: ControllerSupport

    func add(to router: RouterGroup<PlanningRequestContext>) {
        router.get("catalogue/actions") { _, context -> Catalogue in
            _ = try context.requireStaff()
            return try await support.transaction { connection in Catalogue(actions: try await CatalogueStore.all(on: connection, logger: support.logger)) }
        }

        router.post("catalogue/actions") { request, context -> Tagged<CatalogueEntry> in
            let staff = try context.requireStaff()
            _ = try ControllerSupport.authorize(.extendCatalogue, staff, on: .municipality)
            let entry = try await support.body(CatalogueEntry.self, from: request)
            var problems = InputProblems()
            problems.require(entry.code.firstMatch(of: /^[a-z0-9]+(-[a-z0-9]+)*$/) != nil && entry.code != CatalogueEntry.customCode, "code",
                             "must be lower-case words joined by '-' (and not 'custom')")
            problems.require(InputProblems.nonBlank(entry.titleDa), "titleDa", "is required")
            problems.require(InputProblems.nonBlank(entry.titleEn), "titleEn", "is required")
            try problems.throwIfAny("The catalogue entry is not valid")
            return try await support.transaction { connection in
                guard try await CatalogueStore.add(entry, by: staff.staffId, on: connection, logger: support.logger) else {
                    throw ProblemDetails.conflict("'\(entry.code)' is already in the catalogue", field: "code")
                }
                return Tagged(status: .created, body: entry)
            }
        }
    }
}
