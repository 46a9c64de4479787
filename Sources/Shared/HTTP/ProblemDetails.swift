import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PostgresNIO

/// An RFC 9457 problem+json answer: what went wrong, and for batches, each bad item with its index,
/// field and reason. Thrown from a route, `ProblemMiddleware` writes it.
public struct ProblemDetails: Error, Sendable, Codable, Equatable {
    public struct InvalidItem: Sendable, Codable, Equatable {
        public var index: Int?
        public var field: String
        public var reason: String

        public init(index: Int?, field: String, reason: String) {
            self.index = index
            self.field = field
            self.reason = reason
        }
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var errors: [InvalidItem]?
    /// For batches: how many items were stored, and how many were duplicates, corrections or stale.
    public var accepted: Int?
    public var duplicates: Int?
    public var corrections: Int?
    public var stale: Int?
    /// For batches with pupils: how many pupils were stored.
    public var pupils: Int?
    /// For limits: the limit that was exceeded.
    public var limit: Int?

    public init(status: HTTPResponse.Status, type: String, title: String, detail: String? = nil, errors: [InvalidItem]? = nil,
                accepted: Int? = nil, duplicates: Int? = nil, corrections: Int? = nil, stale: Int? = nil, pupils: Int? = nil,
                limit: Int? = nil) {
        self.type = "https://fremmoede.dk/problems/\(type)"
        self.title = title
        self.status = status.code
        self.detail = detail
        self.errors = errors
        self.accepted = accepted
        self.duplicates = duplicates
        self.corrections = corrections
        self.stale = stale
        self.pupils = pupils
        self.limit = limit
    }

    public static func badRequest(_ detail: String, field: String? = nil) -> ProblemDetails {
        ProblemDetails(status: .badRequest, type: "bad-request", title: "The request cannot be read", detail: detail,
                       errors: field.map { [InvalidItem(index: nil, field: $0, reason: detail)] })
    }

    /// 400 naming the JSON field a body could not be read at (`$` for the body itself).
    public static func decoding(_ error: DecodingError) -> ProblemDetails {
        badRequest(error.reason, field: error.field.isEmpty ? "$" : error.field)
    }

    /// 422: a well-formed request whose `field` is not acceptable.
    public static func invalid(_ field: String, _ reason: String) -> ProblemDetails {
        ProblemDetails(status: .unprocessableContent, type: "invalid-input", title: "The request is not valid", detail: "\(field): \(reason)",
                       errors: [InvalidItem(index: nil, field: field, reason: reason)])
    }

    public static func notFound(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .notFound, type: "not-found", title: "Not found", detail: detail)
    }

    public static func conflict(_ detail: String, field: String? = nil) -> ProblemDetails {
        ProblemDetails(status: .conflict, type: "conflict", title: "The request conflicts with the current state", detail: detail,
                       errors: field.map { [InvalidItem(index: nil, field: $0, reason: detail)] })
    }

    public static func unauthorized(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .unauthorized, type: "unauthorized", title: "Authentication is required", detail: detail)
    }

    public static func forbidden(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .forbidden, type: "forbidden", title: "Not allowed", detail: detail)
    }

    public static func tooLarge(_ detail: String, limit: Int) -> ProblemDetails {
        ProblemDetails(status: .contentTooLarge, type: "too-large", title: "The request is too large", detail: detail, limit: limit)
    }

    public static func unsupportedMediaType(_ detail: String) -> ProblemDetails {
        ProblemDetails(status: .unsupportedMediaType, type: "unsupported-media-type", title: "Unsupported content type", detail: detail)
    }

    public var response: Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{\"title\":\"error\"}".utf8)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Writes thrown `ProblemDetails` (and Hummingbird's own HTTP errors) as problem+json.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as ProblemDetails {
            return problem.response
        } catch let error as PostgresTransactionError {
            // A route's problem thrown inside a transaction arrives wrapped.
            if let problem = error.closureError as? ProblemDetails { return problem.response }
            return Self.databaseFailure(error.closureError ?? error.beginError ?? error.commitError ?? error, logger: context.logger).response
        } catch let error as PSQLError {
            return Self.databaseFailure(error, logger: context.logger).response
        } catch let error as HTTPError {
            return Self.problem(error.status, detail: error.body).response
        } catch let error as any HTTPResponseError {
            return Self.problem(error.status, detail: nil).response
        } catch {
            // Unexpected: logged in full, answered without internals.
            context.logger.error("request failed", metadata: ["error": "\(LoggableError.describe(error))"])
            return Self.problem(.internalServerError, detail: "an unexpected error; it has been logged").response
        }
    }

    /// A database error: text PostgreSQL cannot store (NUL, \u0000) is the client's 400; anything else
    /// a 500. Logged by SQLSTATE and message only — the error's detail and query can hold what the
    /// request carried (names, free text about a child), which never goes to a log.
    static func databaseFailure(_ error: any Error, logger: Logger) -> ProblemDetails {
        let psql = error as? PSQLError
        let state = psql?.serverInfo?[.sqlState] ?? ""
        if ["22P05", "22021"].contains(state) {
            return ProblemDetails.badRequest("a text holds a character the database cannot store (e.g. NUL, \\u0000)")
        }
        logger.error("request failed in the database", metadata: [
            "db.sqlstate": "\(state)", "db.message": "\(psql?.serverInfo?[.message] ?? "\(psql?.code.description ?? "\(type(of: error))")")",
        ])
        return problem(.internalServerError, detail: "an unexpected error; it has been logged")
    }

    private static func problem(_ status: HTTPResponse.Status, detail: String?) -> ProblemDetails {
        ProblemDetails(status: status, type: status.code == 404 ? "not-found" : "http-\(status.code)", title: status.reasonPhrase, detail: detail)
    }
}
