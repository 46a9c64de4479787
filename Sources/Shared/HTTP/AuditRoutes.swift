import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// `GET /v1/audit?pupilKey=&staffId=&caseId=&from=&to=&limit=`: this service's audit log, for the
/// data protection officer (databeskyttelsesrådgiver) only. Each service answers for its own schema;
/// `scripts/privacy audit` asks all four. Reading the log is itself logged, in the same transaction.
public struct AuditRoutes: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    struct List: ResponseEncodable {
        var entries: [AuditLog.Entry]
    }

    /// Adds the route to a group already behind `StaffAuthMiddleware` (the group's prefix is `/v1`).
    public func add<Context: StaffAuthenticatedContext>(to group: RouterGroup<Context>) {
        group.get("audit") { request, context -> Response in
            let staff = try context.requireStaff()
            guard staff.has(.dataProtectionOfficer) else {
                throw ProblemDetails.forbidden("only the data protection officer reads the audit log")
            }
            let search = try Self.search(request)
            let entries = try await postgres.withTransaction(logger: logger) { connection in
                let entries = try await AuditLog.entries(search, on: connection, logger: logger)
                try await AuditLog.record(staff, role: StaffRole.dataProtectionOfficer.rawValue, action: "read-audit-log", on: connection, logger: logger)
                return entries
            }
            return try List(entries: entries).response(from: request, context: context)
        }
    }

    static func search(_ request: Request) throws -> AuditLog.Search {
        let query = request.uri.queryParameters
        func text(_ name: String) throws -> String? {
            guard let value = query[Substring(name)].map(String.init) else { return nil }
            guard !value.isEmpty, value.count <= 200 else { throw ProblemDetails.badRequest("1 to 200 characters", field: name) }
            return value
        }
        func time(_ name: String) throws -> Date? {
            guard let value = query[Substring(name)].map(String.init) else { return nil }
            guard let date = RFC3339.parse(value) else { throw ProblemDetails.badRequest("expected an RFC 3339 time, e.g. 2026-01-31T00:00:00Z", field: name) }
            return date
        }
        var search = AuditLog.Search(pupilKey: try text("pupilKey"), staffId: try text("staffId"), caseId: try text("caseId"),
                                     from: try time("from"), to: try time("to"))
        if let limit = query["limit"].map(String.init) {
            guard let value = Int(limit), (1...5000).contains(value) else { throw ProblemDetails.badRequest("a whole number from 1 to 5000", field: "limit") }
            search.limit = value
        }
        guard !search.isEmpty else {
            throw ProblemDetails.badRequest("name at least one of pupilKey, staffId, caseId, from, to", field: "pupilKey")
        }
        return search
    }
}
