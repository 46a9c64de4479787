import Foundation
import PlanningAPI

/// A pupil's row in the opsporing views — the inbox, the opsporingsteam's meeting and its printed
/// agenda: name, class, tier, state, the open findings with their figures, and what the viewer may do.
struct PupilRowView {
    struct Finding { var rule: String; var figure: String; var asOf: String }

    /// The row's place in the meeting's one form (`decision-<index>`); 0 in the inbox.
    var index: Int
    var pupilKey: String
    var pupil: String
    var pupilHref: String
    var className: String
    var tier: String
    var tierCode: String
    var state: String
    var returned: String
    var hasReturned: Bool
    var findings: [Finding]
    var canDecide: Bool
    var caseHref: String
    var hasCase: Bool

    /// - Parameter printable: the meeting's agenda may be printed, so a staff report shows as such,
    ///   without its category (nothing about family or health on paper).
    init(_ row: InboxRow, _ language: WebLanguage, canDecide: Bool, printable: Bool = false, index: Int = 0) {
        self.index = index
        pupilKey = row.pupilKey
        pupil = WebApp.pupilName(row.pupil, fallback: row.pupilKey)
        pupilHref = WebApp.pupilHref(row.pupilKey)
        className = row.pupil?.className ?? ""
        tier = language.name("tier", row.tier)
        tierCode = row.tier
        state = language.name("triage", row.state.rawValue)
        returned = row.returned.map { language.name("returned", $0.rawValue) } ?? ""
        hasReturned = row.returned != nil
        findings = row.findings.map { finding in
            Finding(rule: language.name("rule", finding.rule), figure: printable && finding.origin == .staff ? "" : Self.figure(finding, language),
                    asOf: language.date(finding.asOf))
        }
        self.canDecide = canDecide
        caseHref = row.caseId.map(WebApp.caseHref) ?? ""
        hasCase = row.caseId != nil
    }

    /// A finding's figure: the count the quarter allows for the legal rules, the rate against the line for the others.
    static func figure(_ finding: InboxFinding, _ language: WebLanguage) -> String {
        guard let rate = finding.rate, let threshold = finding.threshold else { return finding.staffCategory.map { language.name("category", $0) } ?? "" }
        if LegalTask.kind(forRule: finding.rule) != nil, let days = finding.schoolDays {
            return language.quarterAllowance(unauthorized: finding.unauthorizedDays ?? 0, threshold: threshold, quarterSchoolDays: days)
        }
        return language.figure(rate, against: threshold) + (finding.schoolDays.map { ", \($0) \(language.text("pupil_schoolDays"))" } ?? "")
    }
}
