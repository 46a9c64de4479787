import Foundation
import TestSupport
import XCTest
@testable import Shared

/// Dates from outside lie in 2000–2100; arithmetic never traps, whatever it is given (issue 16).
final class AcceptedDatesTests: XCTestCase {
    func testDatesFromOutsideAreBoundedAndArithmeticNeverTraps() throws {
        XCTAssertNotNil(SchoolDate.accepted("2000-01-01"))
        XCTAssertNotNil(SchoolDate.accepted("2100-12-31"))
        for text in ["1999-12-31", "2101-01-01", "0001-01-01", "9999-12-31"] {
            XCTAssertNil(SchoolDate.accepted(text), text)
            XCTAssertNotNil(SchoolDate(text), "the plain parser still reads \(text)")
            XCTAssertThrowsError(try EventCoding.decoder().decode([SchoolDate].self, from: Data("[\"\(text)\"]".utf8)), text)
        }
        XCTAssertThrowsError(try EventCoding.decoder().decode([Date].self, from: Data("[\"0001-01-01T00:00:00Z\"]".utf8)))
        XCTAssertEqual(SchoolDate(dayNumber: Int.max / 2).description, "9999-12-31")
        XCTAssertEqual(SchoolDate(dayNumber: Int.min / 2).description, "0001-01-01")
        XCTAssertEqual(SchoolDate(moment: Date(timeIntervalSince1970: 1e15), in: TimeZone(identifier: "Europe/Copenhagen")!).description, "9999-12-31")
        XCTAssertEqual(SchoolDate(moment: Date(timeIntervalSince1970: 1_795_000_000), in: TimeZone(identifier: "Europe/Copenhagen")!).description, "2026-11-18")
        // Late evening UTC is the next day in Copenhagen.
        XCTAssertEqual(SchoolDate(moment: EventCoding.parseTimestamp("2026-11-23T23:30:00Z")!, in: TimeZone(identifier: "Europe/Copenhagen")!).description, "2026-11-24")
    }

    /// Found by scripts/fuzz (fuzz/corpus/rfc3339/icu-fpe): Foundation's ISO8601DateFormatter, the
    /// old fallback, dies of SIGFPE inside ICU on this text, so one registration's `recordedAt`
    /// took a service down. Before the fix this test crashed the test process.
    func testATimestampThatCrashedICUIsRefused() throws {
        let crash = try String(decoding: Data(contentsOf: TestStack.repositoryRoot.appendingPathComponent("fuzz/corpus/rfc3339/icu-fpe")), as: UTF8.self)
        XCTAssertNil(EventCoding.parseTimestamp(crash))
        XCTAssertThrowsError(try EventCoding.decoder().decode([Date].self, from: JSONEncoder().encode([crash])))
        // What RFC 3339 allows still reads, with or without fractions and offsets.
        for text in ["2026-11-23T08:10:00Z", "2026-11-23T08:10:00.250Z", "2026-11-23T09:10:00+01:00", "2026-11-23t08:10:00z"] {
            XCTAssertNotNil(EventCoding.parseTimestamp(text), text)
        }
    }
}
