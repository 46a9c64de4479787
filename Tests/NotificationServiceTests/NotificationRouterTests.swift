import Shared
import TestSupport
import XCTest
@testable import NotificationService

/// `buildRouter` as the service runs it, in process (HummingbirdTesting, no server): the shared
/// staff API (`ServiceRouterCheck`) and a route of the service's own.
final class NotificationRouterTests: XCTestCase {
    func testTheRouterServesTheSharedStaffAPIAndItsOwnRoutes() async throws {
        try await ServiceRouterCheck.check(.notification, migrations: NotificationServiceMigrations.all, ownRoute: "/v1/me/preferences", role: .schoolLeader) { runtime, settings in
            try buildRouter(runtime, NotificationConfiguration(settings: settings), templates: MailTemplates())
        }
    }
}
