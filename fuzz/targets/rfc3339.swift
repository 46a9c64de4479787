import Foundation
@testable import Shared

/// libFuzzer target: RFC 3339 timestamps (every registration's `recordedAt`, every event's time).
/// What parses must format and parse back to the same instant (to the millisecond).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = EventCoding.parseTimestamp(text)
    if let date = RFC3339.parse(text) {
        let again = RFC3339.parse(RFC3339.format(date, milliseconds: true))
        precondition(again.map { abs($0.timeIntervalSince(date)) < 0.001 } == true, "\(text) does not round-trip")
    }
    return 0
}
