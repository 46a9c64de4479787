import Foundation
import Hummingbird
import Logging
import PostgresNIO

/// `GET /v1/pupils/{pupilKey}/export`: everything this service holds about one pupil (GDPR art. 15),
/// for the data protection officer only; the export is audit-logged in the same transaction.
/// `scripts/privacy export` collects the four services' exports into one document.
public struct PupilExportRoutes: Sendable {
    let postgres: PostgresClient
    let data: PupilData
    let logger: Logger

    public init(postgres: PostgresClient, data: PupilData, logger: Logger) {
        self.postgres = postgres
        self.data = data
        self.logger = logger
    }

    public func add<Context: StaffAuthenticatedContext>(to group: RouterGroup<Context>) {
        group.get("pupils/{pupilKey}/export") { _, context -> Response in
            let staff = try context.requireStaff()
            guard staff.has(.dataProtectionOfficer) else {
                throw ProblemDetails.forbidden("a pupil's export is for the data protection officer")
            }
            let pupilKey = try context.parameters.require("pupilKey")
            guard pupilKey.wholeMatch(of: /[A-Z2-7]{16,64}/) != nil else {
                throw ProblemDetails.badRequest("a pupil key is base32 (A-Z, 2-7), 16 to 64 characters", field: "pupilKey")
            }
            let parts = try await postgres.withTransaction(logger: logger) { connection in
                let parts = try await data.export(pupilKey, on: connection, logger: logger)
                try await AuditLog.record(staff, role: StaffRole.dataProtectionOfficer.rawValue, action: "export-pupil", pupils: [pupilKey],
                                          schoolId: nil, on: connection, logger: logger)
                return parts
            }
            // The parts are JSON already (from PostgreSQL); they are put together, not re-encoded.
            let body = "{\"service\":\(Self.quoted(data.service)),\"pupilKey\":\(Self.quoted(pupilKey)),\"exportedAt\":\(Self.quoted(RFC3339.format(Date()))),\"parts\":{"
                + parts.map { "\(Self.quoted($0.name)):\($0.json)" }.joined(separator: ",") + "}}"
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    static func quoted(_ text: String) -> String {
        String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
    }
}

/// `pupil.erased` → this service deletes what it holds of the pupil, in the inbox transaction
/// (`PupilErasure`).
public struct PupilErasureHandler: EventHandler {
    let data: PupilData

    public init(data: PupilData) {
        self.data = data
    }

    public func handle(_ event: CloudEvent, on connection: PostgresConnection, logger: Logger) async throws {
        try await PupilErasure.apply(try event.decode(PupilErased.self), data: data, on: connection, logger: logger)
    }
}

/// What a service does on `pupil.erased`: deletes what it holds of the pupil, remembers the key as
/// erased with its epoch (its events made before the erasure are refused from now on, `ErasedPupils`), and writes the
/// erasure to its audit log under the data protection officer who asked.
public enum PupilErasure {
    public static func apply(_ erased: PupilErased, data: PupilData, on connection: PostgresConnection, logger: Logger) async throws {
        let counts = try await data.erase(erased.pupilKey, on: connection, logger: logger)
        try await ErasedPupils.mark(erased.pupilKey, at: erased.requestedAt, on: connection, logger: logger)
        let requester = StaffPrincipal(staffId: erased.requestedBy, name: "", email: "", roles: [.dataProtectionOfficer], schoolIds: [])
        try await AuditLog.record(requester, role: StaffRole.dataProtectionOfficer.rawValue, action: "erase-pupil", pupils: [erased.pupilKey],
                                  schoolId: nil, on: connection, logger: logger)
        logger.info("pupil erased", metadata: ["erasure.id": "\(erased.erasureId)", "erasure.rows": "\(counts.values.reduce(0, +))"])
    }
}
