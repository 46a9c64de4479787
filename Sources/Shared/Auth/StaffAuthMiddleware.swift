import HTTPTypes
import Hummingbird
import Logging

/// Authenticates every request below it by its `Authorization: Bearer <JWT>` header. A missing or
/// refused token is answered 401 problem+json with `WWW-Authenticate: Bearer` and never reaches
/// a route: deny by default. What a person may then do is each route's decision (roles, school scope).
public struct StaffAuthMiddleware<Context: StaffAuthenticatedContext>: RouterMiddleware {
    let verifier: StaffTokenVerifier

    public init(verifier: StaffTokenVerifier) {
        self.verifier = verifier
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            return Self.refusal("send a staff access token as 'Authorization: Bearer <token>'", error: nil)
        }
        let token = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        var context = context
        do {
            context.staff = try await verifier.verify(token)
        } catch let error as StaffTokenError {
            context.logger.notice("staff token refused", metadata: ["auth.reason": "\(error.reason)"])
            return Self.refusal("the access token was refused: \(error.reason)", error: "invalid_token")
        }
        context.logger[metadataKey: "staff.id"] = "\(context.staff?.staffId ?? "")"
        return try await next(request, context)
    }

    static func refusal(_ detail: String, error: String?) -> Response {
        var response = ProblemDetails.unauthorized(detail).response
        response.headers[.wwwAuthenticate] = error.map { "Bearer realm=\"fremmoede\", error=\"\($0)\"" } ?? "Bearer realm=\"fremmoede\""
        return response
    }
}
