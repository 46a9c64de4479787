import Foundation
@testable import Shared

/// libFuzzer target: RFC 3339 timestamps (every registration's `recordedAt`, every event's time).
/// What parses must format and parse back to the same instant, to the millisecond the format keeps
/// (it truncates, so up to 1 ms is lost, plus a Double's rounding in year 9999).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = EventCoding.parseTimestamp(text)
    // The round trip holds where timestamps are taken (2000–2100); beyond year 9999 (23:59:60 with a
    // negative offset) no four-digit year can say it, and nothing takes such a time.
    if let date = RFC3339.parse(text), SchoolDate.accepts(date) {
        let again = RFC3339.parse(RFC3339.format(date, milliseconds: true))
        precondition(again.map { abs($0.timeIntervalSince(date)) < 0.0011 } == true, "\(text) does not round-trip")
    }
    return 0
}
