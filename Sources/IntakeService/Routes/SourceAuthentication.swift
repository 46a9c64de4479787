import Hummingbird
import Shared

/// Attendance systems authenticate with `Authorization: Bearer <source API key>`.
struct SourceAuthentication: Sendable {
    let sources: SourceStore

    func source(for request: Request) async throws -> Source {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            throw ProblemDetails.unauthorized("send the source's API key as 'Authorization: Bearer <key>'")
        }
        let key = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, let source = try await sources.source(apiKey: key) else {
            throw ProblemDetails.unauthorized("the API key is not valid")
        }
        return source
    }
}
