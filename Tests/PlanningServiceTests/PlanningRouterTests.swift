import Shared
import TestSupport
import XCTest
@testable import PlanningService

/// `buildRouter` as the service runs it, in process (HummingbirdTesting, no server): the shared
/// staff API (`ServiceRouterCheck`) and a route of the service's own.
final class PlanningRouterTests: XCTestCase {
    func testTheRouterServesTheSharedStaffAPIAndItsOwnRoutes() async throws {
        try await ServiceRouterCheck.check(.planning, migrations: PlanningServiceMigrations.all, ownRoute: "/v1/catalogue/actions", role: .teacher) { runtime, settings in
            try buildRouter(runtime, PlanningConfiguration(settings: settings))
        }
    }
}
