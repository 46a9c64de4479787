import Shared
import TestSupport
import XCTest
@testable import IntakeService

/// `buildRouter` as the service runs it, in process (HummingbirdTesting, no server): the shared
/// staff API (`ServiceRouterCheck`) and a route of the service's own.
final class IntakeRouterTests: XCTestCase {
    func testTheRouterServesTheSharedStaffAPIAndItsOwnRoutes() async throws {
        try await ServiceRouterCheck.check(.intake, migrations: IntakeServiceMigrations.all, ownRoute: "/v1/admin/pupil-moves", role: .municipalityAdmin) { runtime, settings in
            let service = try IntakeConfiguration(settings: settings)
            return try buildRouter(runtime, service, ingestion: ingestRegistrations(runtime, service))
        }
    }
}
