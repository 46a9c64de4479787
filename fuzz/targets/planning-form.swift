/// libFuzzer target: the web app's `application/x-www-form-urlencoded` bodies.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let form = FormFields(text)
    for name in form.values.keys {
        _ = form[name]
        _ = form.lines(name)
        _ = form.all(name)
    }
    return 0
}
