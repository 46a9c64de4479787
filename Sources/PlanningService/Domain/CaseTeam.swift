import Shared

/// The people on a case (samarbejde): staff with their team roles — one of them the tovholder
/// (coordinator) — and the parents and the child as participants, with what they were told and asked.
struct CaseTeam: Codable, Sendable, Equatable {
    struct Member: Codable, Sendable, Equatable {
        var staffId: String
        var role: CaseTeamMember.Role
        var email: String
        var name: String?

        var event: CaseTeamMember { CaseTeamMember(staffId: staffId, role: role, email: email) }
    }

    struct Participant: Codable, Sendable, Equatable {
        enum Kind: String, Codable, Sendable { case parent, child }
        var kind: Kind
        var name: String
        /// What they were told (e.g. about the concern and the plan).
        var told: String?
        /// What they were asked, and their answer.
        var asked: String?
        var informedOn: SchoolDate?
    }

    static func validate(_ members: [Member], field: String = "team") throws {
        var problems = InputProblems()
        problems.require(members.filter { $0.role == .coordinator }.count == 1, field, "needs exactly one tovholder (role 'coordinator')")
        var seen = Set<String>()
        for (index, member) in members.enumerated() {
            problems.require(InputProblems.nonBlank(member.staffId), "\(field)[\(index)].staffId", "is required")
            problems.require(member.email.firstMatch(of: /^[^@\s]+@[^@\s]+\.[^@\s]+$/) != nil, "\(field)[\(index)].email",
                             "'\(member.email)' is not an e-mail address")
            problems.require(seen.insert("\(member.staffId)/\(member.role.rawValue)").inserted, "\(field)[\(index)]",
                             "\(member.staffId) has the role \(member.role.rawValue) twice")
        }
        try problems.throwIfAny("The team is not valid")
    }

    static func validate(participants: [Participant]) throws {
        var problems = InputProblems()
        for (index, participant) in participants.enumerated() {
            problems.require(InputProblems.nonBlank(participant.name), "participants[\(index)].name", "is required")
        }
        try problems.throwIfAny("The participants are not valid")
    }
}
