import Shared
/// What one e-mail says, before it is put into words by a template (architecture §3): the kind,
/// the school, a link into the web app and, for reminders, what is due when. Never a pupil's
/// name, key or anything about the child — recipients see details after signing in.
struct MailContent: Sendable, Equatable {
    struct DigestItem: Sendable, Equatable, Codable {
        var subject: String
        var link: String
        /// How many waiting e-mails with this subject the item stands for (concerns of one school: one line, linking to its inbox).
        var times = 1
        /// For a school's concerns: the pupils they are about, counted by their most urgent tier
        /// ("2 elever: Underretning 1 · Bekymrende 1") — counts only, no child.
        var tiers = ""
    }

    /// One e-mail waiting for the digest: for a concern, its tier and the pupil it is about (for the counts, never shown).
    struct DigestRow: Sendable {
        var subject: String
        var link: String
        var kind: String
        var school: String
        var tier: InboxTier? = nil
        var pupilKey: String? = nil
    }

    /// The digest's lines: e-mails with the same subject and kind (a school's new concerns) become one line
    /// with their number, the pupils by tier and `groupLink(school)` (its inbox, also for one concern); the others stay one line each, in their order.
    static func digestItems(_ rows: [DigestRow], language: MailLanguage = .danish, groupLink: (String) -> String) -> [DigestItem] {
        var items: [DigestItem] = []
        var grouped: [String: Int] = [:]
        var pupils: [Int: [String: InboxTier]] = [:]
        for row in rows {
            guard row.kind == NotificationKind.concernRaised.rawValue else {
                items.append(DigestItem(subject: row.subject, link: row.link))
                continue
            }
            let index: Int
            if let existing = grouped[row.subject] {
                index = existing
                items[index].times += 1
            } else {
                index = items.count
                grouped[row.subject] = index
                items.append(DigestItem(subject: row.subject, link: groupLink(row.school)))
            }
            if let key = row.pupilKey, let tier = row.tier {
                pupils[index, default: [:]][key] = min(pupils[index]?[key] ?? tier, tier)
            }
        }
        for (index, byPupil) in pupils {
            items[index].tiers = tierCounts(Array(byPupil.values), language)
        }
        return items
    }

    /// "2 elever: Underretning 1 · Bekymrende 1", most urgent first.
    static func tierCounts(_ tiers: [InboxTier], _ language: MailLanguage) -> String {
        let counts = InboxTier.allCases.compactMap { tier -> String? in
            let count = tiers.filter { $0 == tier }.count
            return count == 0 ? nil : "\(tierName(tier, language)) \(count)"
        }
        let pupils = language == .danish ? (tiers.count == 1 ? "elev" : "elever") : (tiers.count == 1 ? "pupil" : "pupils")
        return "\(tiers.count) \(pupils): " + counts.joined(separator: " · ")
    }

    static func tierName(_ tier: InboxTier, _ language: MailLanguage) -> String {
        let da = language == .danish
        return switch tier {
        case .underretning: da ? "Underretning" : "Underretning (notify the municipality)"
        case .warning: da ? "Varsel til forældre" : "Warning to the parents"
        case .severe: da ? "Massivt fravær" : "Severe absence"
        case .concerning: da ? "Bekymrende" : "Concerning"
        case .rising: da ? "Stigende" : "Rising"
        case .pattern: da ? "Mønstre" : "Patterns"
        }
    }

    var kind: NotificationKind
    var school: String
    var link: String
    var reminderKind: PlannedReminder.Kind?
    var due: String?
    var planRevision: Int?
    var items: [DigestItem] = []

    /// The values templates see: one flag per kind (`concernRaised`, `reminder`, `actionDue`…) and the fields.
    var templateContext: [String: Any] {
        var context: [String: Any] = ["school": school, "link": link]
        switch kind {
        case .concernRaised: context["concernRaised"] = true
        case .caseOpened: context["caseOpened"] = true
        case .planUpdated: context["planUpdated"] = true
        case .caseClosed: context["caseClosed"] = true
        case .reminder: context["reminder"] = true
        case .digest: context["digest"] = true
        case .test: context["test"] = true
        }
        switch reminderKind {
        case .actionDue: context["actionDue"] = true
        case .meeting: context["meeting"] = true
        case .legalDeadline: context["legalDeadline"] = true
        case nil: break
        }
        if let due { context["due"] = due }
        if let planRevision { context["revision"] = planRevision }
        context["items"] = items.map {
            ["subject": $0.subject, "link": $0.link, "times": $0.times, "many": $0.times > 1, "tiers": $0.tiers, "hasTiers": !$0.tiers.isEmpty] as [String: Any]
        }
        context["count"] = items.reduce(0) { $0 + $1.times }
        return context
    }
}

/// A rendered e-mail: subject, text and HTML.
struct RenderedMail: Sendable, Equatable {
    var subject: String
    var text: String
    var html: String
}
