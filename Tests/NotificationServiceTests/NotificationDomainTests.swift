import Foundation
import Shared
import XCTest
@testable import NotificationService

/// The pure parts, without servers: header encoding, MIME, Message-IDs, backoff, routing,
/// preferences, reminder planning, templates.
final class NotificationDomainTests: XCTestCase {
    func testASCIIHeadersStayAndDanishOnesBecomeEncodedWordsThatDecodeBack() throws {
        XCTAssertEqual(HeaderEncoding.unstructured("New concern at Aaby School"), "New concern at Aaby School")
        let subject = "Ny bekymring på Ærøskøbing Skole — åbn i Fremmøde, og se også den lange tekst der skal foldes over flere ord"
        let encoded = HeaderEncoding.unstructured(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        XCTAssertGreaterThan(words.count, 1)
        var decoded = Data()
        for word in words {
            XCTAssertLessThanOrEqual(word.count, 75, word)
            XCTAssertTrue(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="), word)
            let payload = try XCTUnwrap(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            XCTAssertNotNil(String(data: payload, encoding: .utf8), "each word holds whole characters")
            decoded += payload
        }
        XCTAssertEqual(String(decoding: decoded, as: UTF8.self), subject)
        XCTAssertFalse(HeaderEncoding.unstructured("a\r\nBcc: x@y.dk").contains("\r\nBcc"), "no header injection")
        XCTAssertEqual(HeaderEncoding.address(MailAddress(name: "Skole \"A\"", address: "a@b.dk")), "\"Skole \\\"A\\\"\" <a@b.dk>")
        XCTAssertTrue(HeaderEncoding.address(MailAddress(name: "Søren Ørsted", address: "s@b.dk")).hasPrefix("=?UTF-8?B?"))
    }

    func testTheMessageIsMultipartAlternativeWithCRLFAndShortBase64Lines() throws {
        let message = MIMEMessage(from: MailAddress(name: "Fremmøde", address: "f@k.dk"), to: MailAddress(address: "t@k.dk"),
                                  subject: "Påmindelse", date: Date(timeIntervalSince1970: 1_795_000_000), messageID: "abc@k.dk",
                                  text: String(repeating: "æøå tekst ", count: 40), html: "<p>æøå</p>", language: "da")
        let rendered = message.rendered
        XCTAssertEqual(rendered, message.rendered, "building is deterministic")
        XCTAssertFalse(rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        XCTAssertTrue(rendered.contains("Content-Type: multipart/alternative; boundary=\"\(message.boundary)\""))
        XCTAssertTrue(rendered.contains("Message-ID: <abc@k.dk>\r\n"))
        XCTAssertTrue(rendered.contains("Date: \(MIMEMessage.rfc5322Date(message.date))\r\n"))
        XCTAssertEqual(rendered.components(separatedBy: "--\(message.boundary)\r\n").count, 3)
        XCTAssertTrue(rendered.hasSuffix("--\(message.boundary)--\r\n"))
        XCTAssertTrue(rendered.split(separator: "\r\n").allSatisfy { $0.count <= 998 })
        XCTAssertTrue(rendered.unicodeScalars.allSatisfy(\.isASCII), "8-bit text is encoded")
        XCTAssertEqual(MIMEMessage.rfc5322Date(Date(timeIntervalSince1970: 0)), "Thu, 01 Jan 1970 00:00:00 +0000")
    }

    func testMessageIDsAreTheSameForOneEventAndRecipientAndDifferOtherwise() {
        let a = MIMEMessage.deterministicID(eventID: "e-1", recipient: "A@b.dk", domain: "k.dk")
        XCTAssertEqual(a, MIMEMessage.deterministicID(eventID: "e-1", recipient: "a@b.dk", domain: "k.dk"))
        XCTAssertNotEqual(a, MIMEMessage.deterministicID(eventID: "e-2", recipient: "a@b.dk", domain: "k.dk"))
        XCTAssertNotEqual(a, MIMEMessage.deterministicID(eventID: "e-1", recipient: "c@b.dk", domain: "k.dk"))
        XCTAssertTrue(a.hasSuffix("@k.dk"))
    }

    func testBackoffDoublesWithJitterUpToTheCeiling() {
        let backoff = RetryBackoff(base: .seconds(10), ceiling: .seconds(300))
        XCTAssertEqual(backoff.delay(afterAttempt: 1) { 0 }, .seconds(5))
        XCTAssertEqual(backoff.delay(afterAttempt: 1) { 1 }, .seconds(10))
        XCTAssertEqual(backoff.delay(afterAttempt: 3) { 1 }, .seconds(40))
        XCTAssertEqual(backoff.delay(afterAttempt: 3) { 0 }, .seconds(20))
        XCTAssertEqual(backoff.delay(afterAttempt: 30) { 1 }, .seconds(300))
        XCTAssertEqual(backoff.delay(afterAttempt: 200) { 0 }, .seconds(150))
        let spread = Set((0..<50).map { _ in backoff.delay(afterAttempt: 2) })
        XCTAssertGreaterThan(spread.count, 1, "jitter spreads retries")
        XCTAssertTrue(spread.allSatisfy { $0 >= .seconds(10) && $0 <= .seconds(20) })
    }

    func testRoutingTakesTheSchoolsRulesAndTheTeamEachAddressOnce() {
        let rules = [
            RoutingRule(ruleId: UUID(), schoolId: "skole-1", eventType: .caseOpened, mailboxRole: "opsporingsteam", mailbox: "ops@skole1.dk"),
            RoutingRule(ruleId: UUID(), schoolId: "*", eventType: .caseOpened, mailboxRole: "kom-i-skole-team", mailbox: "kis@kommune.dk"),
            RoutingRule(ruleId: UUID(), schoolId: "skole-2", eventType: .caseOpened, mailboxRole: "opsporingsteam", mailbox: "ops@skole2.dk"),
            RoutingRule(ruleId: UUID(), schoolId: "skole-1", eventType: .concernRaised, mailboxRole: "opsporingsteam", mailbox: "c@skole1.dk"),
        ]
        let team = [CaseTeamMember(staffId: "s1", role: .coordinator, email: "Tove@Skole1.dk"),
                    CaseTeamMember(staffId: "s2", role: .komISkoleConsultant, email: "KIS@kommune.dk"),
                    CaseTeamMember(staffId: "s3", role: .pedagogue, email: "not-an-address")]
        let recipients = RecipientResolver.recipients(kind: .caseOpened, schoolId: "skole-1", rules: rules, team: team)
        XCTAssertEqual(recipients.map(\.address), ["ops@skole1.dk", "kis@kommune.dk", "tove@skole1.dk"])
        XCTAssertEqual(recipients.map(\.reason), ["rule:opsporingsteam", "rule:kom-i-skole-team", "team:coordinator"])
        XCTAssertEqual(RecipientResolver.recipients(kind: .concernRaised, schoolId: "skole-2", rules: rules, team: []).count, 0)
    }

    func testPreferencesDefaultToImmediatelyAndDigestsAndTestsAreAlwaysSent() {
        let preferences = RecipientPreferences(language: .english, modes: [.planUpdated: .off, .concernRaised: .dailyDigest])
        XCTAssertEqual(preferences.mode(for: .planUpdated), .off)
        XCTAssertEqual(preferences.mode(for: .concernRaised), .dailyDigest)
        XCTAssertEqual(preferences.mode(for: .caseOpened), .immediately)
        XCTAssertEqual(RecipientPreferences(language: .danish, modes: [.digest: .off]).mode(for: .digest), .immediately)
    }

    func testAPlanCallsForRemindersOfOpenActionsComingMeetingsAndUndoneLegalTasks() throws {
        let now = try XCTUnwrap(ISO8601DateFormatter().date(from: "2026-11-24T10:00:00Z"))
        let team = [CaseTeamMember(staffId: "c", role: .coordinator, email: "c@k.dk"),
                    CaseTeamMember(staffId: "l", role: .schoolLeader, email: "l@k.dk"),
                    CaseTeamMember(staffId: "o", role: .contactTeacher, email: "o@k.dk")]
        func action(_ id: String, due: String?, status: PlanUpdated.Action.Status, owner: String = "o") -> PlanUpdated.Action {
            PlanUpdated.Action(actionId: id, catalogueCode: "mentor", arena: "school", ownerStaffId: owner, startDate: nil,
                               dueDate: due.flatMap(SchoolDate.init), status: status)
        }
        let plan = PlanUpdated(
            caseId: "case-1", pupilKey: "PUPILKEY", schoolId: "skole-1", planRevision: 2, attendanceTarget: 0.9, targetDate: nil,
            actions: [action("a1", due: "2026-12-01", status: .active), action("a2", due: "2026-12-01", status: .done),
                      action("a3", due: "2026-11-01", status: .active), action("a4", due: "2026-12-02", status: .planned, owner: "gone")],
            nextMeeting: now.addingTimeInterval(3 * 86_400),
            legalTasks: [PlanUpdated.LegalTask(taskId: "t1", kind: .warnParents, dueDate: SchoolDate("2026-11-20")!, done: false),
                         PlanUpdated.LegalTask(taskId: "t2", kind: .notifyMunicipality, dueDate: SchoolDate("2026-12-10")!, done: true)],
            team: team, updatedAt: now)
        let reminders = ReminderPlanner.reminders(for: plan, now: now, hour: 7)
        XCTAssertEqual(reminders.map(\.reminderId).sorted(), [
            "action:case-1:a1:2026-12-01", "action:case-1:a4:2026-12-02", "legal:case-1:t1:2026-11-20",
            "meeting:case-1:\(Int(now.timeIntervalSince1970) + 3 * 86_400)",
        ])
        let a1 = try XCTUnwrap(reminders.first { $0.reminderId.contains(":a1:") })
        XCTAssertEqual(a1.recipients.map(\.address), ["o@k.dk"])
        XCTAssertEqual(LocalTime.display(a1.fireAt), "2026-11-30 07:00", "the day before, 07:00 Danish time")
        XCTAssertEqual(reminders.first { $0.reminderId.contains(":a4:") }?.recipients.map(\.address), ["c@k.dk"], "no owner on the team: the coordinator")
        let legal = try XCTUnwrap(reminders.first { $0.kind == .legalDeadline })
        XCTAssertEqual(Set(legal.recipients.map(\.address)), ["c@k.dk", "l@k.dk"])
        XCTAssertLessThan(legal.fireAt, now, "an overdue legal task is reminded of at once")
        XCTAssertEqual(reminders.first { $0.kind == .meeting }?.recipients.count, 3)
    }

    func testTheDigestMomentIsTheLastDigestHourInDanishTime() throws {
        let formatter = ISO8601DateFormatter()
        let morning = try XCTUnwrap(formatter.date(from: "2026-11-24T05:30:00Z"))  // 06:30 in Copenhagen
        XCTAssertEqual(LocalTime.display(LocalTime.lastDigestMoment(before: morning, hour: 7)), "2026-11-23 07:00")
        let later = try XCTUnwrap(formatter.date(from: "2026-11-24T06:00:00Z"))  // 07:00
        XCTAssertEqual(LocalTime.display(LocalTime.lastDigestMoment(before: later, hour: 7)), "2026-11-24 07:00")
        let summer = try XCTUnwrap(formatter.date(from: "2026-07-01T05:00:00Z"))  // 07:00 summer time
        XCTAssertEqual(LocalTime.display(LocalTime.lastDigestMoment(before: summer, hour: 7)), "2026-07-01 07:00")
    }

    func testTemplatesSayWhereAndLinkButNothingAboutTheChild() throws {
        let templates = try MailTemplates()
        let content = MailContent(kind: .concernRaised, school: "Ærø Skole & Co", link: "https://f.dk/concerns/c-1")
        let danish = templates.render(content, language: .danish)
        XCTAssertEqual(danish.subject, "Ny bekymring på Ærø Skole & Co — åbn i Fremmøde")
        XCTAssertTrue(danish.text.contains("https://f.dk/concerns/c-1"))
        XCTAssertTrue(danish.text.contains("Ærø Skole & Co"), "the text part is not HTML-escaped")
        XCTAssertFalse(danish.text.contains("\n\n\n"), "no empty lines left by the kinds not taken: \(danish.text)")
        XCTAssertTrue(danish.html.contains("Ærø Skole &amp; Co"), "the HTML part is escaped")
        XCTAssertTrue(danish.html.contains("href=\"https://f.dk/concerns/c-1\""))
        let english = templates.render(content, language: .english)
        XCTAssertEqual(english.subject, "New concern at Ærø Skole & Co — open in Fremmøde")
        for kind in NotificationKind.allCases {
            let mail = templates.render(MailContent(kind: kind, school: "S", link: "L", reminderKind: .meeting, due: "2026-12-01 10:00",
                                                    items: [.init(subject: "x", link: "y")]), language: .danish)
            XCTAssertFalse(mail.subject.isEmpty, "\(kind) has a subject")
            XCTAssertFalse(mail.subject.contains("\n"))
        }
        let digest = templates.render(MailContent(kind: .digest, school: "S", link: "L", items: [.init(subject: "Ny sag", link: "L1"), .init(subject: "Plan", link: "L2")]), language: .danish)
        XCTAssertEqual(digest.subject, "Dagligt sammendrag fra Fremmøde: 2 nye beskeder")
        XCTAssertTrue(digest.text.contains("- Ny sag\n  L1"))
    }

    func testTheDigestGroupsASchoolsConcernsIntoOneLineToItsInboxAndOnlyUrgentConcernsAreImmediate() throws {
        let rows: [MailContent.DigestRow] = [
            .init(subject: "Ny bekymring på A", link: "https://f.dk/concerns/1", kind: "concern.raised", school: "skole-a", tier: .pattern, pupilKey: "anna"),
            .init(subject: "Ny sag på A", link: "https://f.dk/cases/9", kind: "case.opened", school: "skole-a"),
            .init(subject: "Ny bekymring på A", link: "https://f.dk/concerns/2", kind: "concern.raised", school: "skole-a", tier: .underretning, pupilKey: "anna"),
            .init(subject: "Ny bekymring på A", link: "https://f.dk/concerns/3", kind: "concern.raised", school: "skole-a", tier: .concerning, pupilKey: "bo"),
            .init(subject: "Ny bekymring på B", link: "https://f.dk/concerns/4", kind: "concern.raised", school: "skole-b", tier: .severe, pupilKey: "carl"),
        ]
        let items = MailContent.digestItems(rows) { "https://f.dk/schools/\($0)/inbox" }
        XCTAssertEqual(items, [
            .init(subject: "Ny bekymring på A", link: "https://f.dk/schools/skole-a/inbox", times: 3, tiers: "2 elever: Underretning 1 · Bekymrende 1"),
            .init(subject: "Ny sag på A", link: "https://f.dk/cases/9"),
            .init(subject: "Ny bekymring på B", link: "https://f.dk/schools/skole-b/inbox", tiers: "1 elev: Massivt fravær 1"),
        ], "pupils (not findings) counted by their most urgent tier; every school's line links to its inbox")
        let digest = try MailTemplates().render(MailContent(kind: .digest, school: "A", link: "https://f.dk", items: items), language: .danish)
        XCTAssertEqual(digest.subject, "Dagligt sammendrag fra Fremmøde: 5 nye beskeder")
        XCTAssertTrue(digest.text.contains("- 3 × Ny bekymring på A — 2 elever: Underretning 1 · Bekymrende 1\n  https://f.dk/schools/skole-a/inbox"), digest.text)
        XCTAssertTrue(digest.html.contains("— 2 elever: Underretning 1 · Bekymrende 1</li>"), digest.html)
        XCTAssertEqual(MailContent.tierCounts([.warning, .warning], .english), "2 pupils: Warning to the parents 2")
        XCTAssertFalse(digest.text.contains("\n\n\n"), digest.text)
        XCTAssertTrue(digest.text.contains("- Ny sag på A\n  https://f.dk/cases/9"))
        XCTAssertEqual(ConcernUrgency.immediateRules, ["unauthorized-quarter-report", "unauthorized-quarter-warning", "severe-absence"])
        XCTAssertFalse(ConcernUrgency.isImmediate(rule: "staff-report"))
        XCTAssertFalse(ConcernUrgency.isImmediate(rule: "unauthorized-quarter-so-far"))
    }

    func testConfigurationNamesTheBadSetting() {
        func error(_ environment: [String: String]) -> String? {
            let base = ["AUTH_ISSUER": "http://idp", "AUTH_JWKS_FILE": "/dev/null", "PUBLIC_BASE_URL": "https://fremmoede.kommune.example"]
            do {
                _ = try NotificationConfiguration(settings: Settings(environment: base.merging(environment) { $1 }))
                return nil
            } catch let error as ConfigurationError {
                return error.variable
            } catch {
                return "\(error)"
            }
        }
        XCTAssertNil(error([:]))
        XCTAssertEqual(error(["SMTP_SECURITY": "ssl"]), "SMTP_SECURITY")
        XCTAssertEqual(error(["SMTP_PORT": "0"]), "SMTP_PORT")
        XCTAssertEqual(error(["SMTP_FROM": "not an address"]), "SMTP_FROM")
        XCTAssertEqual(error(["SMTP_USERNAME": "u", "SMTP_SECURITY": "starttls"]), "SMTP_PASSWORD")
        // Credentials only over TLS: a user name with plain SMTP (the default) is refused.
        XCTAssertEqual(error(["SMTP_USERNAME": "u", "SMTP_PASSWORD": "p"]), "SMTP_SECURITY")
        XCTAssertEqual(error(["SMTP_USERNAME": "u", "SMTP_PASSWORD": "p", "SMTP_SECURITY": "none"]), "SMTP_SECURITY")
        XCTAssertNil(error(["SMTP_USERNAME": "u", "SMTP_PASSWORD": "p", "SMTP_SECURITY": "starttls"]))
        XCTAssertNil(error(["SMTP_USERNAME": "u", "SMTP_PASSWORD": "p", "SMTP_SECURITY": "tls"]))
        // Outside development the links' base must be given; development has the loopback default.
        XCTAssertEqual(error(["PUBLIC_BASE_URL": ""]), "PUBLIC_BASE_URL")
        XCTAssertNil(error(["PUBLIC_BASE_URL": "", "FREMMOEDE_ENV": "development"]))
        XCTAssertEqual(error(["FREMMOEDE_ENV": "staging"]), "FREMMOEDE_ENV")
        XCTAssertEqual(error(["SMTP_CA_FILE": "/no/such/file"]), "SMTP_CA_FILE")
        XCTAssertEqual(error(["NOTIFY_MAX_ATTEMPTS": "0"]), "NOTIFY_MAX_ATTEMPTS")
        XCTAssertEqual(error(["NOTIFY_DIGEST_HOUR": "24"]), "NOTIFY_DIGEST_HOUR")
        XCTAssertEqual(error(["PUBLIC_BASE_URL": "ftp://x"]), "PUBLIC_BASE_URL")
        XCTAssertEqual(error(["SMTP_TIMEOUT_SECONDS": "60", "NOTIFY_LEASE_SECONDS": "30"]), "NOTIFY_LEASE_SECONDS")
        XCTAssertEqual(error(["AUTH_ISSUER": ""]), "AUTH_ISSUER")
    }
}
