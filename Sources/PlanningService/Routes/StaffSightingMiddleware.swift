import Foundation
import Hummingbird
import Logging
import PlanningAPI
import Shared
import Synchronization

/// Records in the staff register who signs in, as their token names them: a verified token is the
/// identity provider vouching for the person. Written at most once an hour per person and process
/// (or when the token's name or address changed), before the request, so a team can take the address
/// at once. A failed write is logged and the request goes on.
struct StaffSightingMiddleware: RouterMiddleware {
    typealias Context = PlanningRequestContext
    let support: ControllerSupport
    private let recent = Recent()

    init(support: ControllerSupport) {
        self.support = support
    }

    static let interval: Duration = .seconds(3600)

    final class Recent: Sendable {
        let seen = Mutex<[String: (fingerprint: String, at: ContinuousClock.Instant)]>([:])

        /// Whether `staff` is due to be written, marking them written now if so.
        func due(_ staff: StaffPrincipal) -> Bool {
            let fingerprint = staff.email + "\u{1F}" + staff.name
            let now = ContinuousClock.now
            return seen.withLock { seen in
                if let last = seen[staff.staffId], last.fingerprint == fingerprint, now - last.at < StaffSightingMiddleware.interval { return false }
                seen[staff.staffId] = (fingerprint, now)
                return true
            }
        }

        func forget(_ staffId: String) { _ = seen.withLock { $0.removeValue(forKey: staffId) } }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let staff = context.staff, StaffDirectory.isAddress(staff.email), recent.due(staff) {
            do {
                try await support.transaction { connection in
                    try await StaffDirectoryStore.signedIn(staff, at: Date(), on: connection, logger: support.logger)
                }
            } catch {
                recent.forget(staff.staffId)
                context.logger.warning("could not record the sign-in in the staff register", metadata: ["error": "\(LoggableError.describe(error))"])
            }
        }
        return try await next(request, context)
    }
}
