import Hummingbird
import Logging
import NIOCore

/// A request context that can carry the signed-in staff member. Routes behind
/// `StaffAuthMiddleware` read `context.staff` through `requireStaff()`.
public protocol StaffAuthenticatedContext: RequestContext {
    var staff: StaffPrincipal? { get set }
}

extension StaffAuthenticatedContext {
    /// The signed-in staff member, or 401 when the route was reached without one.
    public func requireStaff() throws -> StaffPrincipal {
        guard let staff else { throw ProblemDetails.unauthorized("sign in first: no staff member on this request") }
        return staff
    }
}

/// The request context of staff-facing services.
public struct StaffRequestContext: StaffAuthenticatedContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var staff: StaffPrincipal?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.staff = nil
    }
}
