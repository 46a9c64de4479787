import Shared
import XCTest
@testable import PlanningService

/// The topics PlanningService consumes are exactly those of architecture §1.
final class PlanningConsumptionTests: XCTestCase {
    static let expected: Set<FremmoedeTopic> = [.concernRaised, .concernResolved, .absenceSummary, .pupilDirectory, .schoolCalendar, .pupilErased]
    func testConsumesTheTopicsOfTheDesign() {
        let topics = Set(PlanningServiceConsumption.make().handlers.keys)
        XCTAssertEqual(topics, Self.expected)
    }
}
