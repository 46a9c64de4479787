/// libFuzzer target: a `POST /v1/registrations` body in the json format, counted, parsed and validated.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let counted = BatchItemCounter.count(bytes, format: .json, limit: 10_000)
    if let batch = try? RegistrationBatch.parse(bytes, format: .json) {
        // The pre-parse count never lets more items through than the parser finds.
        precondition(counted > 10_000 || counted >= batch.registrations.count + batch.pupils.count, "the item count is too low")
        IntakeExercise.run(batch)
    }
    if let batch = try? RegistrationBatch.parsePupils(bytes) { IntakeExercise.run(batch) }
    return 0
}
