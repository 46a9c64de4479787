import Shared

/// Who gets an e-mail about an event (the routing decision): the role mailboxes of the matching
/// routing rules, plus the case team the event carries, each address once (compared without case).
/// A team member's mailbox takes the reason of the first rule or role that named it.
struct Recipient: Sendable, Equatable {
    var address: String
    var staffId: String?
    /// Why this recipient: `rule:opsporingsteam` or `team:coordinator`.
    var reason: String
}

enum RecipientResolver {
    static func recipients(kind: NotificationKind, schoolId: String, rules: [RoutingRule], team: [CaseTeamMember],
                           teamRoles: Set<CaseTeamMember.Role>? = nil) -> [Recipient] {
        var seen: Set<String> = []
        var result: [Recipient] = []
        func add(_ address: String, staffId: String?, reason: String) {
            let normalized = address.lowercased()
            guard MailAddress.isValid(normalized), seen.insert(normalized).inserted else { return }
            result.append(Recipient(address: normalized, staffId: staffId, reason: reason))
        }
        for rule in rules where rule.applies(to: schoolId, kind: kind) {
            add(rule.mailbox, staffId: nil, reason: "rule:\(rule.mailboxRole)")
        }
        for member in team where teamRoles?.contains(member.role) ?? true {
            add(member.email, staffId: member.staffId, reason: "team:\(member.role.rawValue)")
        }
        return result
    }
}
