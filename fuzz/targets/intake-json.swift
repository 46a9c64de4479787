/// libFuzzer target: a `POST /v1/registrations` body in the json format, parsed and validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let batch = try? RegistrationBatch.parse(bytes, format: .json) { IntakeExercise.run(batch) }
    if let batch = try? RegistrationBatch.parsePupils(bytes) { IntakeExercise.run(batch) }
    return 0
}
