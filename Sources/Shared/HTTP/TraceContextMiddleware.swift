import HTTPTypes
import Hummingbird

/// Continues the caller's W3C trace (`traceparent`) for the request, or starts one, so events the
/// request causes carry it on.
public struct TraceContextMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let incoming = request.headers[HTTPField.Name("traceparent")!].flatMap(TraceContext.init(traceParent:))
        let trace = incoming?.child() ?? .root()
        var response = try await TraceContext.$current.withValue(trace) {
            try await next(request, context)
        }
        response.headers[HTTPField.Name("traceparent")!] = trace.traceParent
        return response
    }
}
