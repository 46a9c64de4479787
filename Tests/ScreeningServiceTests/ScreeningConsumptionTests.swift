import Shared
import XCTest
@testable import ScreeningService

/// The topics ScreeningService consumes are exactly those of DESIGN section 1.
final class ScreeningConsumptionTests: XCTestCase {
    static let expected: Set<FremmoedeTopic> = [.attendanceIngested, .pupilDirectory, .schoolCalendar]
    func testConsumesTheTopicsOfTheDesign() {
        let topics = Set(ScreeningServiceConsumption.make().handlers.keys)
        XCTAssertEqual(topics, Self.expected)
    }
}
