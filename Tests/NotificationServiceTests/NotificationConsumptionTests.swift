import Shared
import XCTest
@testable import NotificationService

/// The topics NotificationService consumes are exactly those of architecture §1.
final class NotificationConsumptionTests: XCTestCase {
    static let expected: Set<FremmoedeTopic> = [.concernRaised, .caseOpened, .planUpdated, .caseClosed, .pupilErased]
    func testConsumesTheTopicsOfTheDesign() throws {
        let delivery = NoticeDelivery(templates: try MailTemplates(), from: MailAddress(address: "a@b.dk"), publicBaseURL: "http://x")
        let topics = Set(NotificationServiceConsumption.make(delivery: delivery, reminderHour: 7).handlers.keys)
        XCTAssertEqual(topics, Self.expected)
    }
}
