import Shared

/// A member of staff with roles at schools (or the whole municipality: `schools == ["*"]`), in the
/// shape the development identity provider's user file (`demo/staff.json`) takes.
public struct GeneratedStaffMember: Sendable, Equatable, Codable {
    public let staffId: String
    public let name: String
    public let email: String
    public let roles: [String]
    public let schools: [String]
}
