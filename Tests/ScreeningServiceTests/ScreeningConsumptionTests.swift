import Shared
import XCTest
@testable import ScreeningService

/// The topics ScreeningService consumes are exactly those of architecture §1.
final class ScreeningConsumptionTests: XCTestCase {
    func testConsumesTheTopicsOfTheDesign() {
        XCTAssertEqual(Set(ScreeningServiceConsumption.topics), [.attendanceIngested, .pupilDirectory, .schoolCalendar, .pupilErased])
    }
}
