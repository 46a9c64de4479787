import PlanningAPI
import Shared

/// The checks on a case's team (exactly one tovholder, e-mail addresses, no role twice) and its participants.
extension CaseTeam {
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
