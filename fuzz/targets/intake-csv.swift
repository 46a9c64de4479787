/// libFuzzer target: a `POST /v1/registrations` body in the csv format, parsed and validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = BatchItemCounter.count(bytes, format: .csv, limit: 10_000)
    if let batch = try? RegistrationBatch.parse(bytes, format: .csv) { IntakeExercise.run(batch) }
    return 0
}
