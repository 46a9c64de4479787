import Shared
import XCTest
@testable import NotificationService

/// The topics NotificationService consumes are exactly those of DESIGN section 1.
final class NotificationConsumptionTests: XCTestCase {
    static let expected: Set<FremmoedeTopic> = [.concernRaised, .caseOpened, .planUpdated, .caseClosed]
    func testConsumesTheTopicsOfTheDesign() {
        let topics = Set(NotificationServiceConsumption.make().handlers.keys)
        XCTAssertEqual(topics, Self.expected)
    }
}
