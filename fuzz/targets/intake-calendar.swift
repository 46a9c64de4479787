import Foundation

/// libFuzzer target: a `PUT /v1/schools/{id}/calendar` body, decoded and validated as the route does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    if let input = try? JSONDecoder().decode(CalendarInput.self, from: bytes) {
        _ = input.validated(schoolId: "skole-01", now: Date(timeIntervalSince1970: 1_795_000_000))
    }
    return 0
}
