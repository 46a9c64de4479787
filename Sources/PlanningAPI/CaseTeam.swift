import Shared

/// The people on a case (samarbejde): staff with their team roles — one of them the tovholder
/// (coordinator) — and the parents and the child as participants, with what they were told and asked.
public enum CaseTeam {
    public struct Member: Codable, Sendable, Equatable {
        public var staffId: String
        public var role: CaseTeamMember.Role
        public var email: String
        public var name: String?

        public init(staffId: String, role: CaseTeamMember.Role, email: String, name: String? = nil) {
            self.staffId = staffId
            self.role = role
            self.email = email
            self.name = name
        }

        /// The member as events and the access policy know them.
        public var event: CaseTeamMember { CaseTeamMember(staffId: staffId, role: role, email: email) }
    }

    public struct Participant: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable { case parent, child }
        public var kind: Kind
        public var name: String
        /// What they were told (e.g. about the concern and the plan).
        public var told: String?
        /// What they were asked, and their answer.
        public var asked: String?
        public var informedOn: SchoolDate?

        public init(kind: Kind, name: String, told: String? = nil, asked: String? = nil, informedOn: SchoolDate? = nil) {
            self.kind = kind
            self.name = name
            self.told = told
            self.asked = asked
            self.informedOn = informedOn
        }
    }
}
