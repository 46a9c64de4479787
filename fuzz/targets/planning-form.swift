/// libFuzzer target: the web app's `application/x-www-form-urlencoded` bodies (`FormFields`, over
/// Hummingbird's `URLEncodedFormDecoder`): any input is read or refused, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let form = try? FormFields(text) else { return 0 }
    for name in form.values.keys {
        _ = form[name]
        _ = form.lines(name)
        _ = form.all(name)
    }
    return 0
}
