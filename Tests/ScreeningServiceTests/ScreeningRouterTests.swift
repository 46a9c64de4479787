import Shared
import TestSupport
import XCTest
@testable import ScreeningService

/// `buildRouter` as the service runs it, in process (HummingbirdTesting, no server): the shared
/// staff API (`ServiceRouterCheck`) and a route of the service's own.
final class ScreeningRouterTests: XCTestCase {
    func testTheRouterServesTheSharedStaffAPIAndItsOwnRoutes() async throws {
        try await ServiceRouterCheck.check(.screening, migrations: ScreeningServiceMigrations.all, ownRoute: "/v1/policy", role: .municipalityAnalyst) { runtime, settings in
            try buildRouter(runtime, ScreeningConfiguration(settings: settings))
        }
    }
}
