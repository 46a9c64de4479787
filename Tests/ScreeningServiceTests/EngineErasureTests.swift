import Foundation
import Shared
import XCTest
@testable import ScreeningService

/// An erasure in the middle of a batch (issue 16, finding 7): the engine forgets the pupil then and
/// there, nothing the batch computed for them before the erasure is stored or published, and what
/// follows for them in the batch is ignored; other pupils are untouched.
final class EngineErasureTests: XCTestCase {
    typealias F = ScreeningFixtures
    let q4 = F.weekdays(from: "2026-10-01", through: "2026-12-18")

    func testAPupilErasedMidBatchIsForgottenAndWhatFollowsForThemIsIgnored() {
        var engine = ScreeningEngine(policy: F.shareSoFar, policyVersion: 1)
        _ = engine.process([.calendar(F.calendar(F.weekdays(from: "2026-08-10", through: "2026-12-18")))])
        let erasure = PupilErased(erasureId: "era-1", pupilKey: "gone", requestedBy: "dpo-1", requestedAt: Date())
        var inputs: [ScreeningEngine.Input] = []
        for day in q4[0..<12] {
            inputs.append(.attendance(F.registration("gone", day), partition: 0))
            inputs.append(.attendance(F.registration("kept", day), partition: 0))
        }
        inputs.append(.erasure(erasure))
        for day in q4[12..<15] {
            inputs.append(.attendance(F.registration("gone", day), partition: 0))
            inputs.append(.attendance(F.registration("kept", day), partition: 0))
        }
        inputs.append(.enrolment(PupilDirectoryEntry(pupilKey: "gone", givenName: "", familyName: "", schoolId: "skole-01", schoolName: "Testskolen",
                                                     className: "1A", grade: 1, enrolledFrom: q4[0], updatedAt: Date()), partition: 0))
        let output = engine.process(inputs)

        XCTAssertNil(engine.pupils["gone"], "the erased pupil is not held")
        XCTAssertNotNil(engine.pupils["kept"])
        XCTAssertEqual(output.erasures, [erasure])
        XCTAssertFalse(output.changedPupils.contains("gone"))
        XCTAssertNil(output.changedDays["gone"])
        XCTAssertFalse(output.summaries.contains { $0.pupilKey == "gone" })
        XCTAssertFalse(output.raised.contains { $0.event.pupilKey == "gone" }, "no concern for the erased pupil")
        XCTAssertTrue(output.raised.contains { $0.event.pupilKey == "kept" }, "the other pupil, absent alike, has concerns")
        XCTAssertEqual(output.changedDays["kept"]?.count, 15)
    }
}
