import Foundation
import Hummingbird
import Shared

/// The request context of PlanningService: the signed-in staff member, and JSON with RFC 3339
/// timestamps both ways (the same encoding as the events).
struct PlanningRequestContext: StaffAuthenticatedContext {
    var coreContext: CoreRequestContextStorage
    var staff: StaffPrincipal?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        staff = nil
    }

    var requestDecoder: JSONDecoder { EventCoding.decoder() }
    var responseEncoder: JSONEncoder { EventCoding.encoder() }
}
