import Foundation
import Hummingbird
import Logging
import PostgresNIO
import Shared

/// The data protection officer's requests about one pupil (GDPR articles 15 and 17):
/// - `POST /v1/pupil-keys` `{"sourceId": "…", "sourceSystem": "…"}`: the pupil key of a CPR number, or of
///   a school system's own id (with that system),
///   so the other services' exports can be asked for (the id itself never leaves Intake);
/// - `POST /v1/pupils/{pupilKey}/erasure` `{"reason": "…"}`: the erasure (`PupilErasure`).
/// Both are audit-logged; the export is `PupilExportRoutes`.
struct PupilRequestsController: Sendable {
    let postgres: PostgresClient
    let pseudonymizer: Pseudonymizer
    let logger: Logger

    struct KeyRequest: Decodable {
        var sourceId: String
        /// The source whose own id `sourceId` is; not needed for a CPR number.
        var sourceSystem: String?
    }
    struct KeyAnswer: ResponseEncodable { var pupilKey: String }
    struct ErasureRequest: Decodable { var reason: String }
    struct ErasureAnswer: ResponseEncodable {
        var erasureId: String
        var pupilKey: String
        var intakeRowsDeleted: Int
    }

    func add(to group: RouterGroup<StaffRequestContext>) {
        group.post("pupil-keys") { request, context -> KeyAnswer in
            let staff = try Self.requireOfficer(context)
            let input = try await JSONBody.decode(KeyRequest.self, from: request, limit: 16_384)
            let sourceId = input.sourceId.trimmingCharacters(in: .whitespaces)
            guard !sourceId.isEmpty, sourceId.count <= 64 else { throw ProblemDetails.badRequest("1 to 64 characters", field: "sourceId") }
            let system = input.sourceSystem?.trimmingCharacters(in: .whitespaces) ?? ""
            guard Pseudonymizer.isCPRShaped(Pseudonymizer.normalize(sourceId)) || !system.isEmpty else {
                throw ProblemDetails.badRequest("not a CPR number: a school system's own pupil id names a pupil only within its source; name the sourceSystem",
                                                field: "sourceSystem")
            }
            let key = pseudonymizer.pupilKey(sourceID: sourceId, sourceSystem: system)
            try await postgres.withConnection { connection in
                try await AuditLog.record(staff, role: StaffRole.dataProtectionOfficer.rawValue, action: "resolve-pupil-key", pupils: [key],
                                          schoolId: nil, on: connection, logger: logger)
            }
            return KeyAnswer(pupilKey: key)
        }
        group.post("pupils/{pupilKey}/erasure") { request, context -> Response in
            let staff = try Self.requireOfficer(context)
            let pupilKey = try context.parameters.require("pupilKey")
            guard pupilKey.wholeMatch(of: /[A-Z2-7]{16,64}/) != nil else {
                throw ProblemDetails.badRequest("a pupil key is base32 (A-Z, 2-7), 16 to 64 characters", field: "pupilKey")
            }
            let input = try await JSONBody.decode(ErasureRequest.self, from: request, limit: 16_384)
            guard !input.reason.trimmingCharacters(in: .whitespaces).isEmpty, input.reason.count <= 500 else {
                throw ProblemDetails.badRequest("say why, in 1 to 500 characters (e.g. the request's journal number)", field: "reason")
            }
            let answer = try await postgres.withTransaction(logger: logger) { connection in
                try await erase(pupilKey, by: staff, on: connection)
            }
            var response = try answer.response(from: request, context: context)
            response.status = .accepted
            return response
        }
    }

    private func erase(_ pupilKey: String, by staff: StaffPrincipal, on connection: PostgresConnection) async throws -> ErasureAnswer {
        let outcome = try await PupilErasure.erase(pupilKey, requestedBy: staff.staffId, on: connection, logger: logger)
        try await AuditLog.record(staff, role: StaffRole.dataProtectionOfficer.rawValue, action: "erase-pupil", pupils: [pupilKey],
                                  schoolId: outcome.schoolId, on: connection, logger: logger)
        logger.info("pupil erased on request", metadata: ["erasure.id": "\(outcome.erasureId)"])
        return ErasureAnswer(erasureId: outcome.erasureId, pupilKey: pupilKey, intakeRowsDeleted: outcome.rowsDeleted)
    }

    static func requireOfficer(_ context: StaffRequestContext) throws -> StaffPrincipal {
        let staff = try context.requireStaff()
        guard staff.has(.dataProtectionOfficer) else { throw ProblemDetails.forbidden("requests about a pupil's data are for the data protection officer") }
        return staff
    }
}
