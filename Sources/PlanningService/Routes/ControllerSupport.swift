import Foundation
import Hummingbird
import Logging
import PlanningAPI
import PostgresNIO
import Shared

/// What every controller needs: transactions, request bodies read into typed values with
/// problem+json naming the field, the access decision, and a case loaded and locked.
struct ControllerSupport: Sendable {
    let postgres: PostgresClient
    let logger: Logger
    let maxBodyBytes: Int

    /// Runs `body` in a transaction; a problem it throws (403, 404, 412…) rolls back and is answered as itself.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await postgres.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let problem = error.closureError as? ProblemDetails, error.rollbackError == nil { throw problem }
            // Two people did the same thing at once (e.g. opened a case for one pupil): the second is told, not failed.
            if let support = error.closureError as? PSQLError, support.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw {
                throw ProblemDetails.conflict("someone else made the same change at the same moment: read again and retry")
            }
            throw error
        }
    }

    func body<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        try await JSONBody.decode(T.self, from: request, limit: maxBodyBytes, decoder: EventCoding.decoder())
    }

    /// The role that allows `action`, or 403.
    static func authorize(_ action: AccessPolicy.Action, _ staff: StaffPrincipal, on resource: AccessPolicy.Resource) throws -> String {
        switch AccessPolicy.decide(action, by: staff, on: resource) {
        case .allow(let role): return role
        case .deny(let reason): throw ProblemDetails.forbidden(reason)
        }
    }

    /// Runs `body` in a transaction with the case's header (locked when `forUpdate`), or answers 404.
    func withCase<T: Sendable>(_ caseId: String, forUpdate: Bool, _ body: (PostgresConnection, CaseStore.Header) async throws -> T) async throws -> T {
        try await transaction { connection in
            guard let header = try await CaseStore.header(caseId, forUpdate: forUpdate, on: connection, logger: logger) else {
                throw ProblemDetails.notFound("no case '\(caseId)'")
            }
            return try await body(connection, header)
        }
    }

    /// A read of a case: its header, the staff member's right to see it (`viewCase`) and the audit
    /// log's line for `action`, then `body`, in one transaction.
    func readCase<T: Sendable>(_ caseId: String, _ staff: StaffPrincipal, action: String,
                               _ body: (PostgresConnection, CaseStore.Header) async throws -> T) async throws -> T {
        try await withCase(caseId, forUpdate: false) { connection, header in
            let role = try ControllerSupport.authorize(.viewCase, staff, on: header.resource)
            try await AuditLog.record(staff, role: role, action: action, pupils: [header.pupilKey], caseId: header.caseId,
                                      schoolId: header.schoolId, on: connection, logger: logger)
            return try await body(connection, header)
        }
    }
}

/// A JSON answer with its status and, for a versioned resource, its ETag.
struct Tagged<Body: ResponseEncodable & Sendable>: ResponseGenerator, Sendable {
    var status: HTTPResponse.Status = .ok
    var version: Int?
    var body: Body

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try body.response(from: request, context: context)
        response.status = status
        if let version { response.headers[.eTag] = EntityTag.header(version) }
        return response
    }
}
