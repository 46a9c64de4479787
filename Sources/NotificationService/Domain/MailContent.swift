/// What one e-mail says, before it is put into words by a template (architecture §3): the kind,
/// the school, a link into the web app and, for reminders, what is due when. Never a pupil's
/// name, key or anything about the child — recipients see details after signing in.
struct MailContent: Sendable, Equatable {
    struct DigestItem: Sendable, Equatable, Codable {
        var subject: String
        var link: String
        /// How many waiting e-mails with this subject the item stands for (concerns of one school: one line, linking to its inbox).
        var times = 1
    }

    /// The digest's lines: e-mails with the same subject and kind (a school's new concerns) become one line
    /// with their number and `groupLink(school)` (its inbox); the others stay one line each, in their order.
    static func digestItems(_ rows: [(subject: String, link: String, kind: String, school: String)],
                            groupLink: (String) -> String) -> [DigestItem] {
        var items: [DigestItem] = []
        var grouped: [String: Int] = [:]
        for row in rows {
            guard row.kind == NotificationKind.concernRaised.rawValue else {
                items.append(DigestItem(subject: row.subject, link: row.link))
                continue
            }
            if let index = grouped[row.subject] {
                items[index].times += 1
                items[index].link = groupLink(row.school)
            } else {
                grouped[row.subject] = items.count
                items.append(DigestItem(subject: row.subject, link: row.link))
            }
        }
        return items
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
        context["items"] = items.map { ["subject": $0.subject, "link": $0.link, "times": $0.times, "many": $0.times > 1] as [String: Any] }
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
