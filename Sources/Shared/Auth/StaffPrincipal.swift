/// The signed-in staff member behind a request: who (the IdP's subject), how to reach them, their
/// roles and the schools they work at. Deny by default: no role, no school, no access.
public struct StaffPrincipal: Sendable, Equatable, Codable {
    /// The school-scope claim value that means every school of the municipality.
    public static let allSchools = "*"

    public var staffId: String
    public var name: String
    public var email: String
    public var roles: Set<StaffRole>
    /// School ids this person works at; `allSchools` in the claim sets `isMunicipalityWide`.
    public var schoolIds: Set<String>
    public var isMunicipalityWide: Bool

    public init(staffId: String, name: String, email: String, roles: Set<StaffRole>, schoolIds: Set<String>, isMunicipalityWide: Bool = false) {
        self.staffId = staffId
        self.name = name
        self.email = email
        self.roles = roles
        self.schoolIds = schoolIds
        self.isMunicipalityWide = isMunicipalityWide
    }

    public func has(_ role: StaffRole) -> Bool { roles.contains(role) }

    public func hasAny(_ candidates: some Sequence<StaffRole>) -> Bool { candidates.contains { roles.contains($0) } }

    /// Whether this person works at `schoolId` (or at every school).
    public func worksAt(_ schoolId: String) -> Bool { isMunicipalityWide || schoolIds.contains(schoolId) }

    /// The role that grants an access, for the audit log's "why-role": the first of `candidates` this person holds.
    public func grantingRole(among candidates: [StaffRole]) -> StaffRole? { candidates.first { roles.contains($0) } }
}
