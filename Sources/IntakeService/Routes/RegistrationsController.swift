import Foundation
import Hummingbird
import Shared

/// `POST /v1/registrations` (JSON, NDJSON or CSV; optionally with pupils), `POST /v1/pupils`,
/// and `POST /v1/ed-fi/studentSchoolAttendanceEvents`. Good items are stored; bad ones are answered
/// one by one (index, field, reason) in a 422 problem+json that also counts what was accepted.
struct RegistrationsController: Sendable {
    let ingestion: IngestRegistrations
    let authentication: SourceAuthentication
    let configuration: IntakeConfiguration

    /// What a fully accepted batch answers.
    struct Accepted: ResponseEncodable {
        var pupils: Int
        var accepted: Int
        var duplicates: Int
        var corrections: Int
        var stale: Int
    }

    func add(to router: Router<StaffRequestContext>) {
        router.post("/v1/registrations") { request, context in
            guard let format = RegistrationBatch.Format(contentType: request.headers[.contentType]) else {
                throw ProblemDetails.unsupportedMediaType("send application/json, application/x-ndjson or text/csv")
            }
            return try await ingest(request, context: context, format: format) { (bytes, _) throws(RegistrationBatch.Unreadable) in
                try RegistrationBatch.parse(bytes, format: format)
            }
        }
        router.post("/v1/ed-fi/studentSchoolAttendanceEvents") { request, context in
            try await ingest(request, context: context, format: .edFi) { [pseudonymizer = ingestion.pupils.pseudonymizer] (bytes, source) throws(RegistrationBatch.Unreadable) in
                try RegistrationBatch.parse(bytes, format: .edFi, pupilKey: { pseudonymizer.pupilKey(sourceID: $0, sourceSystem: source.sourceSystem) },
                                            startTimes: configuration.schoolStartTimes)
            }
        }
        router.post("/v1/pupils") { request, context in
            try await ingest(request, context: context, format: .json) { (bytes, _) throws(RegistrationBatch.Unreadable) in try RegistrationBatch.parsePupils(bytes) }
        }
    }

    private func ingest(_ request: Request, context: StaffRequestContext, format: RegistrationBatch.Format,
                        parse: ([UInt8], Source) throws(RegistrationBatch.Unreadable) -> RegistrationBatch) async throws -> Response {
        let source = try await authentication.source(for: request)
        let bytes = try await request.bodyBytes(upTo: configuration.maxBodyBytes)
        // Refused before parsing: the parsed objects of a large body take many times its size.
        guard BatchItemCounter.count(bytes, format: format, limit: configuration.maxBatchItems) <= configuration.maxBatchItems else {
            throw ProblemDetails.tooLarge("the batch has more than \(configuration.maxBatchItems) items; at most \(configuration.maxBatchItems) are taken at once",
                                          limit: configuration.maxBatchItems)
        }
        let batch: RegistrationBatch
        do {
            batch = try parse(bytes, source)
        } catch {
            throw ProblemDetails.badRequest(error.reason)
        }
        let items = batch.pupils.count + batch.registrations.count
        guard items <= configuration.maxBatchItems else {
            throw ProblemDetails.tooLarge("the batch has \(items) items; at most \(configuration.maxBatchItems) are taken at once",
                                          limit: configuration.maxBatchItems)
        }
        let outcome = try await ingestion(batch, source: source, channel: .http)
        guard outcome.errors.isEmpty else {
            return ProblemDetails(
                status: .unprocessableContent, type: "invalid-items", title: "Some items were not accepted",
                detail: "\(outcome.errors.count) item(s) were refused; \(outcome.pupils) pupil(s) and \(outcome.accepted) registration(s) were stored",
                errors: outcome.errors.map { .init(index: $0.index, field: $0.field, reason: $0.reason) },
                accepted: outcome.accepted, duplicates: outcome.duplicates, corrections: outcome.corrections, stale: outcome.stale,
                pupils: outcome.pupils
            ).response
        }
        return try Accepted(pupils: outcome.pupils, accepted: outcome.accepted, duplicates: outcome.duplicates, corrections: outcome.corrections, stale: outcome.stale)
            .response(from: request, context: context)
    }
}
