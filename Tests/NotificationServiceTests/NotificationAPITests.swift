import Foundation
import XCTest
@testable import NotificationService
@testable import Shared

/// The staff API and the whole path — event on the broker → NotificationService → SMTP sink —
/// against the running test stack.
final class NotificationAPITests: XCTestCase {
    func testRoutingRulesAreManagedByAdminsAndLeadersOfTheirOwnSchools() async throws {
        let stack = try NotificationStack()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let school = "skole-\(tag)", other = "anden-\(tag)"
        let admin = try await stack.token("admin-\(tag)", roles: [.municipalityAdmin], schools: [])
        let leader = try await stack.token("leder-\(tag)", roles: [.schoolLeader], schools: [school])
        let teacher = try await stack.token("laerer-\(tag)", roles: [.teacher], schools: [school])
        let rule: [String: Any] = ["schoolId": school, "schoolName": "Øster Skole", "eventType": "concern.raised",
                                   "mailboxRole": "opsporingsteam", "mailbox": "ops-\(tag)@skole.example"]

        let anonymous = try await stack.send("POST", "/v1/routing-rules", json: rule, token: nil)
        XCTAssertEqual(anonymous.status, 401)
        XCTAssertEqual(anonymous.contentType, "application/problem+json")
        let reply1 = try await stack.send("POST", "/v1/routing-rules", json: rule, token: teacher).status
        XCTAssertEqual(reply1, 403)
        let created = try await stack.send("POST", "/v1/routing-rules", json: rule, token: leader)
        XCTAssertEqual(created.status, 201, created.text)
        let ruleId = try XCTUnwrap(created.json["ruleId"] as? String)
        let reply2 = try await stack.send("POST", "/v1/routing-rules", json: rule, token: admin).status
        XCTAssertEqual(reply2, 409)
        var foreign = rule
        foreign["schoolId"] = other
        let reply3 = try await stack.send("POST", "/v1/routing-rules", json: foreign, token: leader).status
        XCTAssertEqual(reply3, 403)
        let reply4 = try await stack.send("POST", "/v1/routing-rules", json: foreign, token: admin).status
        XCTAssertEqual(reply4, 201)
        var bad = rule
        bad["mailbox"] = "ikke en adresse"
        bad["eventType"] = "case.opened"
        let invalid = try await stack.send("POST", "/v1/routing-rules", json: bad, token: admin)
        XCTAssertEqual(invalid.status, 422)
        XCTAssertEqual((invalid.json["errors"] as? [[String: Any]])?.first?["field"] as? String, "mailbox")
        let missing = try await stack.send("POST", "/v1/routing-rules", json: ["schoolId": school], token: admin)
        XCTAssertEqual(missing.status, 400)

        let leaderList = try await stack.send("GET", "/v1/routing-rules", token: leader)
        let schools = Set((leaderList.json["rules"] as? [[String: Any]] ?? []).compactMap { $0["schoolId"] as? String })
        XCTAssertTrue(schools.contains(school))
        XCTAssertFalse(schools.contains(other), "a leader sees their own schools' rules")

        var changed = rule
        changed["mailbox"] = "ops2-\(tag)@skole.example"
        let updated = try await stack.send("PUT", "/v1/routing-rules/\(ruleId)", json: changed, token: leader)
        XCTAssertEqual(updated.json["mailbox"] as? String, "ops2-\(tag)@skole.example")
        let reply5 = try await stack.send("DELETE", "/v1/routing-rules/\(ruleId)", token: teacher).status
        XCTAssertEqual(reply5, 403)
        let reply6 = try await stack.send("DELETE", "/v1/routing-rules/\(ruleId)", token: leader).status
        XCTAssertEqual(reply6, 204)
        let reply7 = try await stack.send("GET", "/v1/routing-rules/\(ruleId)", token: admin).status
        XCTAssertEqual(reply7, 404)
    }

    func testAConcernOnTheBrokerBecomesOneEmailInTheSinkThatNamesNoPupil() async throws {
        let stack = try NotificationStack()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let school = "skole-\(tag)"
        let mailbox = "ops-\(tag)@skole.example"
        let admin = try await stack.token("admin-\(tag)", roles: [.municipalityAdmin])
        let created = try await stack.send("POST", "/v1/routing-rules", json: [
            "schoolId": school, "schoolName": "Æblehaven Skole", "eventType": "concern.raised", "mailboxRole": "opsporingsteam", "mailbox": mailbox,
        ], token: admin)
        XCTAssertEqual(created.status, 201, created.text)

        let concern = ConcernRaised(concernId: "concern-\(tag)", pupilKey: "PUPILKEY\(tag.uppercased())", schoolId: school, origin: .rule,
                                    rule: "unauthorized-quarter-report", windowStart: SchoolDate("2026-10-01")!, windowEnd: SchoolDate("2026-11-20")!,
                                    period: "2026-Q4", raisedAt: Date())
        let event = try CloudEvent(concern, source: "/fremmoede/screening")
        try await stack.publish(event, topic: .concernRaised)
        try await stack.publish(event, topic: .concernRaised)  // delivered twice: e-mailed once

        let mails = try await stack.mail(to: mailbox, count: 1)
        try await Task.sleep(for: .seconds(2))
        let settled = try await stack.mail(to: mailbox, count: 2, timeout: .milliseconds(1))
        XCTAssertEqual(settled.count, 1, "one e-mail per event and recipient")
        let mail = try XCTUnwrap(mails.first)
        XCTAssertEqual(mail.subject, "Ny bekymring på Æblehaven Skole — åbn i Fremmøde")
        for text in [mail.subject] + mail.parts.map(\.text) {
            XCTAssertFalse(text.contains("PUPILKEY"), "no pupil key")
            XCTAssertFalse(text.contains("unauthorized"), "nothing about the child's absence")
        }
        XCTAssertTrue(mail.parts[0].text.contains("/concerns/concern-\(tag)"))

        // The delivery log: the administrator sees it; a teacher only their own.
        let log = try await stack.send("GET", "/v1/deliveries?eventId=\(event.id)", token: admin)
        let entries = log.json["deliveries"] as? [[String: Any]] ?? []
        XCTAssertEqual(entries.count, 1)
        XCTAssertEqual(entries.first?["status"] as? String, "sent")
        XCTAssertEqual(entries.first?["reason"] as? String, "rule:opsporingsteam")
        let teacher = try await stack.token("laerer-\(tag)", roles: [.teacher], schools: [school])
        let reply8 = try await stack.send("GET", "/v1/deliveries?recipient=\(mailbox)", token: teacher).status
        XCTAssertEqual(reply8, 403)
        let own = try await stack.send("GET", "/v1/deliveries", token: teacher)
        XCTAssertEqual(own.status, 200)
        XCTAssertEqual((own.json["deliveries"] as? [Any])?.count, 0)
    }

    func testPreferencesAreOnesOwnAndATestSendArrives() async throws {
        let stack = try NotificationStack()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let teacher = try await stack.token("laerer-\(tag)", roles: [.teacher], schools: ["s"])
        let initial = try await stack.send("GET", "/v1/me/preferences", token: teacher)
        XCTAssertEqual(initial.json["language"] as? String, "da")
        XCTAssertEqual((initial.json["events"] as? [String: String])?["plan.updated"], "immediately")
        let saved = try await stack.send("PUT", "/v1/me/preferences", json: ["language": "en", "events": ["plan.updated": "off", "reminder": "daily-digest"]], token: teacher)
        XCTAssertEqual(saved.status, 200, saved.text)
        let again = try await stack.send("GET", "/v1/me/preferences", token: teacher)
        XCTAssertEqual(again.json["language"] as? String, "en")
        XCTAssertEqual(again.json["events"] as? [String: String], [
            "concern.raised": "immediately", "case.opened": "immediately", "plan.updated": "off", "case.closed": "immediately", "reminder": "daily-digest",
        ])
        let badMode = try await stack.send("PUT", "/v1/me/preferences", json: ["language": "da", "events": ["plan.updated": "sometimes"]], token: teacher)
        XCTAssertEqual(badMode.status, 422)
        let other = try await stack.token("anden-\(tag)", roles: [.teacher], schools: ["s"])
        let untouched = try await stack.send("GET", "/v1/me/preferences", token: other)
        XCTAssertEqual(untouched.json["language"] as? String, "da", "preferences are per person")

        let recipient = "test-\(tag)@kommune.example"
        let reply9 = try await stack.send("POST", "/v1/test-emails", json: ["recipient": recipient], token: teacher).status
        XCTAssertEqual(reply9, 403)
        let admin = try await stack.token("admin-\(tag)", roles: [.municipalityAdmin])
        let accepted = try await stack.send("POST", "/v1/test-emails", json: ["recipient": recipient], token: admin)
        XCTAssertEqual(accepted.status, 202, accepted.text)
        let mails = try await stack.mail(to: recipient, count: 1)
        XCTAssertEqual(mails.first?.subject, "Prøvebesked fra Fremmøde — æ, ø og å kommer frem")
    }
}

/// The running service answers as `openapi/notification.yaml` says (scripts/check_openapi_notification.py).
final class NotificationOpenAPITests: XCTestCase {
    func testTheServerAnswersAsItsOpenAPIDocumentSays() async throws {
        let stack = try NotificationStack()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let school = "openapi-\(tag)"
        var environment = ProcessInfo.processInfo.environment
        environment["NOTIFY_ADMIN_TOKEN"] = try await stack.token("admin-\(tag)", roles: [.municipalityAdmin])
        environment["NOTIFY_LEADER_TOKEN"] = try await stack.token("leder-\(tag)", roles: [.schoolLeader], schools: [school])
        environment["NOTIFY_LEADER_SCHOOL"] = school
        environment["NOTIFY_STAFF_TOKEN"] = try await stack.token("laerer-\(tag)", roles: [.teacher], schools: [school])
        let root = MailTestServer.root
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/check_openapi_notification.py").path,
                             root.appendingPathComponent("openapi/notification.yaml").path, stack.url]
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        while process.isRunning { usleep(10_000) }
        XCTAssertEqual(process.terminationStatus, 0, report.split(separator: "\n").filter { !$0.hasPrefix("PASS") }.joined(separator: "\n"))
        XCTAssertNotNil(report.firstMatch(of: /openapi check: [0-9]+ passed, 0 failed/), report.suffix(500).description)
        print(report.split(separator: "\n").last { $0.hasPrefix("openapi check") } ?? "")
    }
}
