import Foundation
import Hummingbird

/// Reads a JSON request body into a typed value; a body that does not decode is a problem+json 400
/// naming the field (`ProblemDetails.decoding`), one over the limit a 413 naming the limit — the
/// same answers in every service.
public enum JSONBody {
    public static let defaultLimit = 64 * 1024

    public static func decode<T: Decodable>(_ type: T.Type, from request: Request, limit: Int = defaultLimit,
                                            decoder: JSONDecoder = JSONDecoder()) async throws -> T {
        let bytes = try await request.bodyBytes(upTo: limit)
        do {
            return try decoder.decode(T.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ProblemDetails.decoding(error)
        }
    }
}

extension Request {
    /// The body, or 413 problem+json naming the limit.
    public func bodyBytes(upTo limit: Int) async throws -> [UInt8] {
        do {
            return Array(buffer: try await body.collect(upTo: limit))
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw ProblemDetails.tooLarge("the body is larger than \(limit) bytes", limit: limit)
        }
    }
}
