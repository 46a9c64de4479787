import XCTest
@testable import Shared

/// The byte-level checks on input text agree with the Unicode definitions they stand for.
final class InputTextTests: XCTestCase {
    func testControlCharactersAreExactlyUnicodeCategoryCc() {
        // Every scalar of the first planes' interesting part, alone and inside other text.
        var scalars = (0...0x2FFF).compactMap(Unicode.Scalar.init)
        scalars += [0xFEFF, 0xFFFD, 0x1F600, 0xE0001].compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let expected = scalar.properties.generalCategory == .control
            for text in [String(scalar), "ab\(scalar)", "\(scalar)cd", "æ\(scalar)ø"] {
                XCTAssertEqual(InputText.hasControlCharacters(text), expected, "U+\(String(scalar.value, radix: 16)) in \(text.debugDescription)")
            }
        }
        XCTAssertFalse(InputText.hasControlCharacters(""))
        XCTAssertFalse(InputText.hasControlCharacters("Ærø Skole – 7.A"))
    }

    func testASourceIdInAFeedTopicIsLowerCaseLettersDigitsAndDotUnderscoreDash() {
        let prefix = FremmoedeTopic.sourceFeedPrefix
        XCTAssertEqual(FremmoedeTopic.sourceSystem(ofFeed: prefix + "a"), "a")
        XCTAssertEqual(FremmoedeTopic.sourceSystem(ofFeed: prefix + "0tabulex_2.v1-b"), "0tabulex_2.v1-b")
        XCTAssertEqual(FremmoedeTopic.sourceSystem(ofFeed: prefix + String(repeating: "x", count: 64)), String(repeating: "x", count: 64))
        for source in [String(repeating: "x", count: 65), "-a", ".a", "_a", "æble", "a/b", "a b", "aB", "a\u{301}", "\u{301}a", "a\n"] {
            XCTAssertNil(FremmoedeTopic.sourceSystem(ofFeed: prefix + source), source.debugDescription)
        }
        XCTAssertNil(FremmoedeTopic.sourceSystem(ofFeed: "x" + prefix + "a"))
    }
}
