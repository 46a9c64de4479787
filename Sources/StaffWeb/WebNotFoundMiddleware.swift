import Hummingbird

/// A path no route knows answers as the web app's Danish (or English) "Siden findes ikke" page —
/// unless it is under the API (`/v1`) or the operations endpoints, which keep problem+json.
/// Sits on the whole router, inside `ProblemMiddleware`, since an unknown path reaches no group.
struct WebNotFoundMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: WebErrorMiddleware<Context>

    static var apiPrefixes: [String] { ["/v1/", "/health", "/metrics", "/ready", "/live"] }

    static func isWebPath(_ path: String) -> Bool {
        path != "/v1" && !apiPrefixes.contains { path.hasPrefix($0) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && Self.isWebPath(request.uri.path) {
            return await pages.notFound(request)
        }
    }
}
