import Foundation
import Hummingbird
import Shared

/// Reads a small JSON request body; a body that does not decode is a 400 naming the field.
enum RequestBody {
    static let limit = 64 * 1024

    static func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        var request = request
        let bytes = try await request.collectBody(upTo: limit)
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer: bytes))
        } catch let error as DecodingError {
            switch error {
            case .keyNotFound(let key, let context):
                throw ProblemDetails.badRequest("is required", field: path(context.codingPath + [key]))
            case .typeMismatch(_, let context), .valueNotFound(_, let context):
                throw ProblemDetails.badRequest("has the wrong type or is null", field: path(context.codingPath))
            case .dataCorrupted(let context):
                if context.codingPath.isEmpty { throw ProblemDetails.badRequest("the body is not JSON") }
                throw ProblemDetails.badRequest(context.debugDescription, field: path(context.codingPath))
            @unknown default:
                throw ProblemDetails.badRequest("the body cannot be read")
            }
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }

    static func invalid(_ field: String, _ reason: String) -> ProblemDetails {
        ProblemDetails(status: .unprocessableContent, type: "invalid-request", title: "The request is not valid", detail: reason,
                       errors: [.init(index: nil, field: field, reason: reason)])
    }

    static func notFound(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .notFound, type: "not-found", title: "Not found", detail: detail)
    }
}
