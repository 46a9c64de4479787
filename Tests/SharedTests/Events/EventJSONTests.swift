import Foundation
import XCTest
@testable import Shared

/// The event encoder and decoder do what Foundation's do (the encoder's JSON is the same as JSON,
/// not as bytes: its keys come in declaration order), for every event type and awkward values;
/// the decoder refuses what is not JSON, and never traps (the `event-json` fuzz target too).
final class EventJSONTests: XCTestCase {
    func same<T: Codable & Equatable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        let ours = try EventJSONEncoder.encode(value)
        let foundation = try EventCoding.encoder().encode(value)
        let oursObject = try JSONSerialization.jsonObject(with: Data(ours), options: [.fragmentsAllowed]) as? NSObject
        let foundationObject = try JSONSerialization.jsonObject(with: foundation, options: [.fragmentsAllowed]) as? NSObject
        XCTAssertEqual(oursObject, foundationObject, String(decoding: ours, as: UTF8.self), file: file, line: line)
        XCTAssertEqual(try EventCoding.decoder().decode(T.self, from: Data(ours)), value, "Foundation reads ours", file: file, line: line)
        XCTAssertEqual(try EventJSONDecoder.decode(T.self, from: Array(foundation)), value, "we read Foundation's", file: file, line: line)
    }

    func testEveryEventTypeEncodesAsFoundationWould() throws {
        var types: Set<String> = []
        for event in try EventExamples.all() {
            types.insert(event.type)
            switch event.type {
            case RawRegistration.eventType: try same(try event.decode(RawRegistration.self))
            case AttendanceIngested.eventType: try same(try event.decode(AttendanceIngested.self))
            case AttendanceRejected.eventType: try same(try event.decode(AttendanceRejected.self))
            case PupilDirectoryEntry.eventType: try same(try event.decode(PupilDirectoryEntry.self))
            case PupilErased.eventType: try same(try event.decode(PupilErased.self))
            case SchoolCalendar.eventType: try same(try event.decode(SchoolCalendar.self))
            case ConcernRaised.eventType: try same(try event.decode(ConcernRaised.self))
            case ConcernResolved.eventType: try same(try event.decode(ConcernResolved.self))
            case AbsenceSummary.eventType: try same(try event.decode(AbsenceSummary.self))
            case CaseOpened.eventType: try same(try event.decode(CaseOpened.self))
            case PlanUpdated.eventType: try same(try event.decode(PlanUpdated.self))
            case CaseClosed.eventType: try same(try event.decode(CaseClosed.self))
            default: XCTFail("no check for \(event.type)")
            }
        }
        XCTAssertEqual(types.count, FremmoedeTopic.allCases.count, "an example of every topic's event")
    }

    struct Awkward: Codable, Equatable {
        enum Shape: Codable, Equatable { case circle(radius: Double), none }
        var text: String
        var numbers: [Double]
        var small: Int8
        var big: UInt64
        var flags: [Bool]
        var missing: String?
        var present: Int?
        var nested: [String: [Int]]
        var shapes: [Shape]
        var date: Date
        var empty: [String]
    }

    func testAwkwardValues() throws {
        try same(Awkward(
            text: "\"quoted\" \\ back/slash\n\t\r \u{01}\u{1F} æøå ☃ 𝄞", numbers: [0, -0.0, 0.1, 1, -2.5, 1e-7, 123456789.125, 1e21, 5e-324],
            small: -128, big: UInt64.max, flags: [true, false], missing: nil, present: 3, nested: ["a": [1, 2], "b": []],
            shapes: [.circle(radius: 2.5), .none], date: Date(timeIntervalSince1970: 1_795_000_000), empty: []))
        try same("just a string")
        try same([SchoolDate("2026-12-07")!])
    }

    func testANumberJSONCannotHoldIsRefused() {
        XCTAssertThrowsError(try EventJSONEncoder.encode([Double.nan]))
        XCTAssertThrowsError(try EventJSONEncoder.encode(["x": Double.infinity]))
    }

    func testWhatIsNotJSONIsADecodingError() {
        let bad = ["", " ", "{", "}", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\":}", "{a:1}", "\"open", "\"\\x\"", "\"\\u12\"", "\"\\ud834\"",
                   "tru", "nul", "[1]x", "\"tab\there\"", "{\"a\":1,}", "-", "1e", String(repeating: "[", count: 100_000)]
        for text in bad {
            XCTAssertThrowsError(try EventJSONDecoder.decode(FuzzLike.self, from: Array(text.utf8)), text.prefix(20).description) { error in
                XCTAssertTrue(error is DecodingError, "\(error)")
            }
        }
        XCTAssertNoThrow(try EventJSONDecoder.decode([[[[Int]]]].self, from: Array("[[[[1]]]]".utf8)))
        XCTAssertThrowsError(try EventJSONDecoder.decode([Int].self, from: Array(String(repeating: "[", count: 65).utf8)))
    }

    func testErrorsNameTheField() throws {
        let missing = Array(#"{"registrationId":"r","pupilKey":"k","schoolId":"s","period":"day","status":"absent","recordedAt":"2026-11-24T08:00:00Z","sourceSystem":"x"}"#.utf8)
        XCTAssertThrowsError(try EventJSONDecoder.decode(AttendanceIngested.self, from: missing)) { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(key.stringValue, "date")
        }
        struct Dated: Codable { var at: Date; var count: Int }
        XCTAssertThrowsError(try EventJSONDecoder.decode(Dated.self, from: Array(#"{"at":"1899-01-01T00:00:00Z","count":1}"#.utf8))) { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["at"])
        }
        XCTAssertThrowsError(try EventJSONDecoder.decode(Dated.self, from: Array(#"{"at":"2026-01-01T00:00:00Z","count":"1"}"#.utf8))) { error in
            guard case DecodingError.typeMismatch(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["count"])
        }
        XCTAssertEqual(try EventJSONDecoder.decode(Dated.self, from: Array(#"{"count":2.0,"at":"2026-01-01T00:00:00.5Z","extra":[1,{"x":null}]}"#.utf8)).count, 2)
    }

    /// Any JSON, for the malformed inputs (as the fuzz target's value).
    struct FuzzLike: Decodable {
        init(from decoder: any Decoder) throws {
            if let object = try? decoder.container(keyedBy: AnyKey.self) {
                for key in object.allKeys { _ = try object.decode(FuzzLike.self, forKey: key) }
            } else if var array = try? decoder.unkeyedContainer() {
                while !array.isAtEnd { _ = try array.decode(FuzzLike.self) }
            } else {
                let single = try decoder.singleValueContainer()
                if !single.decodeNil(), (try? single.decode(Bool.self)) == nil, (try? single.decode(Double.self)) == nil {
                    _ = try single.decode(String.self)
                }
            }
        }

        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }
    }
}
