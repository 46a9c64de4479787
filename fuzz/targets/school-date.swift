@testable import Shared

/// libFuzzer target: school dates (`YYYY-MM-DD` in registrations, calendars and query strings).
/// What parses is a real day and reads back as itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let date = SchoolDate(text) {
        precondition(SchoolDate(date.description) == date, "\(text) does not read back")
        precondition(SchoolDate(dayNumber: date.dayNumber) == date, "\(text): day number round trip")
    }
    return 0
}
