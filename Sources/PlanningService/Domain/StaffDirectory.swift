import PlanningAPI
import Shared

/// The municipality's staff as Planning knows them (the register behind "an address added to a team
/// must be a known staff member"): a person is known while the administrator's import of the staff
/// directory lists them, or once they signed in (their token vouches for id, name and address)
/// unless the directory dropped them after that sign-in. Pure: the rows are `StaffDirectoryStore`'s.
enum StaffDirectory {
    /// One person of an import of the staff directory.
    struct Entry: Codable, Sendable, Equatable {
        var staffId: String
        var name: String
        var email: String
    }

    static let maximumImport = 10_000

    static func validate(_ entries: [Entry]) throws {
        var problems = InputProblems()
        problems.require(!entries.isEmpty, "staff", "name at least one staff member")
        problems.require(entries.count <= maximumImport, "staff", "at most \(maximumImport) staff members in one import")
        var seen = Set<String>()
        for (index, entry) in entries.enumerated() {
            let field = "staff[\(index)]"
            problems.require(InputProblems.nonBlank(entry.staffId) && entry.staffId.count <= 200 && !InputText.hasControlCharacters(entry.staffId),
                             "\(field).staffId", "is required (at most 200 characters, no control characters)")
            problems.require(seen.insert(entry.staffId).inserted, "\(field).staffId", "'\(entry.staffId)' is in the import twice")
            problems.require(isAddress(entry.email), "\(field).email", "'\(entry.email)' is not an e-mail address")
            problems.require(InputProblems.nonBlank(entry.name) && entry.name.count <= 200 && !InputText.hasControlCharacters(entry.name),
                             "\(field).name", "is required (at most 200 characters, no control characters)")
        }
        try problems.throwIfAny("The staff directory import is not valid")
    }

    static func isAddress(_ text: String) -> Bool {
        text.count <= 254 && !InputText.hasControlCharacters(text) && text.firstMatch(of: /^[^@\s]+@[^@\s]+\.[^@\s]+$/) != nil
    }

    /// What is wrong with the members of `team` that are not on `current` (new, or with another
    /// address): an address no known staff member has, or a staff id that is not that address's.
    /// `known` maps a lower-cased address to the ids of the known staff members with it.
    static func checkKnown(_ team: [CaseTeam.Member], current: [CaseTeam.Member], known: [String: Set<String>],
                           into problems: inout InputProblems, field: String = "team") {
        let onTeam = Set(current.map { Self.identity($0) })
        for (index, member) in team.enumerated() where !onTeam.contains(identity(member)) {
            guard let ids = known[member.email.lowercased()], !ids.isEmpty else {
                problems.require(false, "\(field)[\(index)].email",
                                 "'\(member.email)' is not a known staff member of the municipality (the staff directory, or a sign-in)")
                continue
            }
            problems.require(ids.contains(member.staffId), "\(field)[\(index)].staffId",
                             "'\(member.staffId)' is not the staff member with the address '\(member.email)' (that is \(ids.sorted().joined(separator: ", ")))")
        }
    }

    /// The addresses of the members of `team` not on `current`: what `unknownMembers` needs looked up.
    static func addedAddresses(of team: [CaseTeam.Member], current: [CaseTeam.Member]) -> [String] {
        let onTeam = Set(current.map { Self.identity($0) })
        return Array(Set(team.filter { !onTeam.contains(identity($0)) }.map { $0.email.lowercased() })).sorted()
    }

    private static func identity(_ member: CaseTeam.Member) -> String { member.staffId + "\u{1F}" + member.email.lowercased() }
}
