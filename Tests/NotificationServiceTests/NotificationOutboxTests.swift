import Foundation
import PostgresNIO
import XCTest
@testable import NotificationService
@testable import Shared

/// Events through the handlers into the outbox and out over SMTP, against the test stack's
/// PostgreSQL and real aiosmtpd servers: routing and preferences, once per event and recipient,
/// digests, reminders with two replicas, retries while the relay is down, permanent failure.
final class NotificationOutboxTests: XCTestCase {
    typealias DB = NotificationTestDatabase

    static func team(_ tag: String) -> [CaseTeamMember] {
        [CaseTeamMember(staffId: "s-tove", role: .coordinator, email: "tove-\(tag)@skole.example"),
         CaseTeamMember(staffId: "s-lis", role: .schoolLeader, email: "lis-\(tag)@skole.example"),
         CaseTeamMember(staffId: "s-ole", role: .contactTeacher, email: "ole-\(tag)@skole.example")]
    }

    static func caseOpened(_ tag: String, school: String) throws -> CloudEvent {
        try CloudEvent(CaseOpened(caseId: "case-\(tag)", pupilKey: "PUPILKEY\(tag.uppercased())", schoolId: school, concernIds: ["c-1"],
                                  coordinatorStaffId: "s-tove", team: team(tag), openedAt: Date()), source: "/fremmoede/planning")
    }

    func testAnEventReachesRulesAndTeamOnceEachAsTheirPreferencesSay() async throws {
        let server = try MailTestServer()
        try await DB.withSchema { postgres, _ in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let school = "skole-\(tag)"
            try await DB.addRule(postgres, school: school, schoolName: "Åby Skole", kind: .caseOpened, role: "kom-i-skole-team", mailbox: "kis-\(tag)@kommune.example")
            try await DB.addRule(postgres, school: "other", kind: .caseOpened, role: "opsporingsteam", mailbox: "other-\(tag)@kommune.example")
            let preferences = PreferenceStore(postgres: postgres, logger: DB.logger)
            try await preferences.save(RecipientPreferences(language: .english, modes: [.caseOpened: .dailyDigest]), of: "lis-\(tag)@skole.example", staffId: "s-lis")
            try await preferences.save(RecipientPreferences(language: .danish, modes: [.caseOpened: .off]), of: "ole-\(tag)@skole.example", staffId: "s-ole")

            let delivery = try DB.delivery()
            let event = try Self.caseOpened(tag, school: school)
            try await DB.consume(event, topic: .caseOpened, postgres: postgres, delivery: delivery)
            // Delivered again under a new inbox name (a replayed topic): the unique key still holds.
            try await postgres.withTransaction(logger: DB.logger) { connection in
                try await CaseOpenedHandler(delivery: delivery).handle(event, on: connection, logger: DB.logger)
            }
            let log = try await EmailOutbox(postgres: postgres, logger: DB.logger).log(recipient: nil, eventId: event.id, status: nil, limit: 50)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: log.map { ($0.recipient, $0.status) }), [
                "kis-\(tag)@kommune.example": "pending", "tove-\(tag)@skole.example": "pending",
                "lis-\(tag)@skole.example": "digest", "ole-\(tag)@skole.example": "suppressed",
            ])

            let sender = DB.sender(postgres, smtp: DB.smtp(server))
            try await sender.sendDue()
            let received = try await server.waitForMessages(2)
            XCTAssertEqual(Set(received.map(\.rcptTo)), ["kis-\(tag)@kommune.example", "tove-\(tag)@skole.example"])
            for mail in received {
                XCTAssertEqual(mail.subject, "Ny sag på Åby Skole: du er med i teamet")
                XCTAssertEqual(mail.messageId, "<\(MIMEMessage.deterministicID(eventID: event.id, recipient: mail.rcptTo, domain: "kommune.example"))>")
                for text in [mail.subject] + mail.parts.map(\.text) {
                    XCTAssertFalse(text.contains("PUPILKEY"), "no pupil key in an e-mail")
                    XCTAssertTrue(mail.parts.allSatisfy { $0.text.contains("https://fremmoede.kommune.example/cases/case-\(tag)") })
                }
            }
            let value1 = try await sender.sendDue()
            XCTAssertEqual(value1, 0, "nothing left to send")
            let sent = try await DB.count(postgres, "SELECT count(*)::int FROM emails WHERE status = 'sent'")
            XCTAssertEqual(sent, 2)

            // The daily digest: two replicas gather at the same time; one digest comes out.
            let second = try CloudEvent(PlanUpdated(caseId: "case-\(tag)", pupilKey: "PUPILKEY", schoolId: school, planRevision: 1, attendanceTarget: nil,
                                                    targetDate: nil, actions: [], nextMeeting: nil, legalTasks: [], team: Self.team(tag), updatedAt: Date()),
                                        source: "/fremmoede/planning")
            try await preferences.save(RecipientPreferences(language: .english, modes: [.caseOpened: .dailyDigest, .planUpdated: .dailyDigest]),
                                       of: "lis-\(tag)@skole.example", staffId: "s-lis")
            try await DB.consume(second, topic: .planUpdated, postgres: postgres, delivery: delivery)
            let digests = DigestStore(postgres: postgres, logger: DB.logger)
            async let a = digests.compose(cutoff: Date().addingTimeInterval(1), templates: delivery.templates, from: DB.from, publicBaseURL: delivery.publicBaseURL)
            async let b = digests.compose(cutoff: Date().addingTimeInterval(1), templates: delivery.templates, from: DB.from, publicBaseURL: delivery.publicBaseURL)
            let written = try await a + b
            XCTAssertEqual(written, 1)
            try await sender.sendDue()
            let all = try await server.waitForMessages(5)
            let digest = try XCTUnwrap(all.first { $0.rcptTo == "lis-\(tag)@skole.example" })
            XCTAssertEqual(all.filter { $0.rcptTo == "lis-\(tag)@skole.example" }.count, 1)
            XCTAssertEqual(digest.subject, "Daily digest from Fremmøde: 2 new messages")
            XCTAssertTrue(digest.parts[0].text.contains("New case at Åby Skole: you are on the team"))
            XCTAssertTrue(digest.parts[0].text.contains("The plan of a case at Åby Skole was updated"))
            let value2 = try await DB.count(postgres, "SELECT count(*)::int FROM emails WHERE status = 'digest'")
            XCTAssertEqual(value2, 0)
        }
    }

    func testRemindersFireOnceWithTwoReplicasAndAClosedCaseCancelsThem() async throws {
        try await DB.withSchema { postgres, _ in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let delivery = try DB.delivery()
            let now = Date()
            let plan = PlanUpdated(
                caseId: "case-\(tag)", pupilKey: "PK", schoolId: "skole-\(tag)", planRevision: 3, attendanceTarget: nil, targetDate: nil,
                actions: [PlanUpdated.Action(actionId: "a1", catalogueCode: "mentor", arena: "school", ownerStaffId: "s-ole", startDate: nil,
                                             dueDate: SchoolDate(now), status: .active)],
                nextMeeting: now.addingTimeInterval(3600),
                legalTasks: [PlanUpdated.LegalTask(taskId: "t1", kind: .warnParents, dueDate: SchoolDate(now).adding(days: -1), done: false)],
                team: Self.team(tag), updatedAt: now)
            try await DB.consume(try CloudEvent(plan, source: "/fremmoede/planning"), topic: .planUpdated, postgres: postgres, delivery: delivery)
            // An older revision arriving late changes nothing.
            var old = plan
            old.planRevision = 2
            old.legalTasks = []
            try await DB.consume(try CloudEvent(old, source: "/fremmoede/planning"), topic: .planUpdated, postgres: postgres, delivery: delivery)
            let value3 = try await DB.count(postgres, "SELECT count(*)::int FROM reminders WHERE status = 'pending'")
            XCTAssertEqual(value3, 3)

            let replicaA = ReminderStore(postgres: postgres, logger: DB.logger)
            let replicaB = ReminderStore(postgres: postgres, logger: DB.logger)
            var fired = 0
            for _ in 0..<3 {
                async let a = replicaA.fireDue(delivery: delivery, limit: 1)
                async let b = replicaB.fireDue(delivery: delivery, limit: 1)
                fired += try await a + b
            }
            XCTAssertEqual(fired, 3, "each reminder fired by exactly one replica")
            // A replica started later (a restart) finds nothing to fire.
            let value4 = try await ReminderStore(postgres: postgres, logger: DB.logger).fireDue(delivery: delivery)
            XCTAssertEqual(value4, 0)
            let reminderMails = try await DB.count(postgres, "SELECT count(*)::int FROM emails WHERE kind = 'reminder'")
            XCTAssertEqual(reminderMails, 1 + 3 + 2, "owner of the action; the team for the meeting; coordinator and leader for the legal task")
            // The same plan again does not bring fired reminders back.
            try await DB.consume(try CloudEvent(plan, source: "/fremmoede/planning"), topic: .planUpdated, postgres: postgres, delivery: delivery)
            let value5 = try await DB.count(postgres, "SELECT count(*)::int FROM reminders WHERE status = 'pending'")
            XCTAssertEqual(value5, 0)

            var later = plan
            later.planRevision = 4
            later.nextMeeting = now.addingTimeInterval(7 * 86_400)
            try await DB.consume(try CloudEvent(later, source: "/fremmoede/planning"), topic: .planUpdated, postgres: postgres, delivery: delivery)
            let value6 = try await DB.count(postgres, "SELECT count(*)::int FROM reminders WHERE status = 'pending'")
            XCTAssertEqual(value6, 1, "the moved meeting")
            let closed = CaseClosed(caseId: "case-\(tag)", pupilKey: "PK", schoolId: "skole-\(tag)", outcome: .improved, absenceBefore: 0.3,
                                    absenceAfter: 0.05, wellbeingBefore: 2, wellbeingAfter: 4, team: Self.team(tag), closedAt: now)
            try await DB.consume(try CloudEvent(closed, source: "/fremmoede/planning"), topic: .caseClosed, postgres: postgres, delivery: delivery)
            let value7 = try await DB.count(postgres, "SELECT count(*)::int FROM reminders WHERE status = 'pending'")
            XCTAssertEqual(value7, 0)
            let value8 = try await DB.count(postgres, "SELECT count(*)::int FROM reminders WHERE status = 'cancelled'")
            XCTAssertEqual(value8, 1)
        }
    }

    func testEveryEmailArrivesOnceWhenTheRelayComesBackAndARefusalFailsAfterItsTries() async throws {
        let server = try MailTestServer()
        let port = server.port
        server.stop()
        try await DB.withSchema { postgres, _ in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let delivery = try DB.delivery()
            try await DB.addRule(postgres, school: "skole-\(tag)", kind: .concernRaised, role: "opsporingsteam", mailbox: "ops-\(tag)@skole.example")
            for n in 0..<5 {
                let concern = ConcernRaised(concernId: "c-\(n)", pupilKey: "PK\(n)", schoolId: "skole-\(tag)", origin: .rule, rule: "severe-absence",
                                            windowStart: SchoolDate("2026-10-01")!, windowEnd: SchoolDate("2026-11-20")!, period: "2026-11-20", raisedAt: Date())
                try await DB.consume(try CloudEvent(concern, source: "/fremmoede/screening"), topic: .concernRaised, postgres: postgres, delivery: delivery)
            }
            let sender = DB.sender(postgres, smtp: DB.smtp(server, timeout: 2), maxAttempts: 50)
            let running = Task { try await sender.run() }
            defer { running.cancel() }
            try await Task.sleep(for: .seconds(2))
            let tried = try await DB.count(postgres, "SELECT min(attempts)::int FROM emails")
            XCTAssertGreaterThanOrEqual(tried, 2, "retried while the relay was down")
            let value9 = try await DB.count(postgres, "SELECT count(*)::int FROM emails WHERE status = 'sent'")
            XCTAssertEqual(value9, 0)

            let back = try MailTestServer(port: port)
            let received = try await back.waitForMessages(5, timeout: .seconds(20))
            try await Task.sleep(for: .seconds(1))
            XCTAssertEqual(try back.messages().count, 5)
            XCTAssertEqual(Set(received.map(\.messageId)).count, 5)
            let value10 = try await DB.count(postgres, "SELECT count(*)::int FROM emails WHERE status = 'sent'")
            XCTAssertEqual(value10, 5)
            running.cancel()
            back.stop()

            // A relay that refuses the recipient: failed at once. One that stays away: failed after the given tries.
            let refusing = try MailTestServer(options: ["--refuse-rcpt"])
            let outbox = EmailOutbox(postgres: postgres, logger: DB.logger)
            for name in ["refused", "away"] {
                try await postgres.withConnection { connection in
                    try await EmailOutbox.insert([EmailOutbox.NewEmail(
                        eventId: "test:\(name)-\(tag)", recipient: Recipient(address: "\(name)-\(tag)@skole.example", staffId: nil, reason: "test"),
                        kind: .test, schoolId: "-", caseId: nil, language: .danish, mail: RenderedMail(subject: "s", text: "t", html: "h"),
                        link: "l", messageId: "m-\(name)-\(tag)@k", status: .pending)], on: connection, logger: DB.logger)
                }
                let relay = name == "refused" ? DB.smtp(refusing) : DB.smtp(server, timeout: 1)
                let sender = DB.sender(postgres, smtp: relay, maxAttempts: 3)
                let deadline = ContinuousClock.now + .seconds(20)
                while ContinuousClock.now < deadline {
                    try await sender.sendDue()
                    if try await outbox.log(recipient: "\(name)-\(tag)@skole.example", eventId: nil, status: .failed, limit: 1).count == 1 { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            let refused = try await outbox.log(recipient: "refused-\(tag)@skole.example", eventId: nil, status: nil, limit: 5)
            XCTAssertEqual(refused.map(\.status), ["failed"])
            XCTAssertEqual(refused.first?.attempts, 1, "a 550 is permanent at once")
            XCTAssertTrue(refused.first?.lastError?.contains("550") ?? false)
            let away = try await outbox.log(recipient: "away-\(tag)@skole.example", eventId: nil, status: nil, limit: 5)
            XCTAssertEqual(away.map(\.status), ["failed"])
            XCTAssertEqual(away.first?.attempts, 3, "failed after NOTIFY_MAX_ATTEMPTS tries")
        }
    }

    func testTwoSendersSendEachEmailOnceAndALapsedLeaseIsTakenOver() async throws {
        let server = try MailTestServer()
        try await DB.withSchema { postgres, _ in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let outbox = EmailOutbox(postgres: postgres, logger: DB.logger)
            func queue(_ prefix: String, _ count: Int) async throws {
                let emails = (0..<count).map { n in
                    EmailOutbox.NewEmail(
                        eventId: "\(prefix)-\(tag)-\(n)", recipient: Recipient(address: "\(prefix)\(n)-\(tag)@skole.example", staffId: nil, reason: "test"),
                        kind: .test, schoolId: "-", caseId: nil, language: .danish, mail: RenderedMail(subject: "s", text: "t", html: "h"),
                        link: "l", messageId: "\(prefix)\(n)-\(tag)@k.example", status: .pending)
                }
                try await postgres.withConnection { connection in
                    try await EmailOutbox.insert(emails, on: connection, logger: DB.logger)
                }
            }
            try await queue("pair", 10)
            let a = DB.sender(postgres, smtp: DB.smtp(server), worker: "replica-a")
            let b = DB.sender(postgres, smtp: DB.smtp(server), worker: "replica-b")
            for _ in 0..<6 {
                async let one = a.sendDue()
                async let two = b.sendDue()
                _ = try await one + two
            }
            let pair = try await server.waitForMessages(10).filter { $0.rcptTo.hasPrefix("pair") }
            XCTAssertEqual(pair.count, 10)
            XCTAssertEqual(Set(pair.map(\.messageId)).count, 10, "no e-mail sent by both replicas")

            // A sender that claimed and then stalled past its lease: another takes the rows over, and the
            // stalled one may no longer send them.
            try await queue("stall", 3)
            let stalled = try await outbox.claim(limit: 10, lease: .milliseconds(500), worker: "stalled")
            XCTAssertEqual(stalled.count, 3)
            let early = try await b.sendDue()
            XCTAssertEqual(early, 0, "a live lease is respected")
            try await Task.sleep(for: .seconds(1))
            let takenOver = try await b.sendDue()
            XCTAssertEqual(takenOver, 3)
            let renewed = try await outbox.renew(stalled[0].emailId, worker: "stalled", lease: .seconds(30))
            XCTAssertFalse(renewed)
            let all = try await server.waitForMessages(13)
            XCTAssertEqual(all.filter { $0.rcptTo.hasPrefix("stall") }.count, 3)
            let attempts = try await DB.count(postgres, "SELECT max(attempts)::int FROM emails WHERE event_id LIKE 'stall-%'")
            XCTAssertEqual(attempts, 2, "the stalled claim counted as a try")
        }
    }

    func testOnlyUrgentConcernsGoOutAtOnceAndOnlyOncePerPupilAndSchoolDayTheRestWaitsForTheDigest() async throws {
        try await DB.withSchema { postgres, _ in
            let tag = UUID().uuidString.prefix(6).lowercased()
            let delivery = try DB.delivery()
            let mailbox = "ops-\(tag)@skole.example"
            try await DB.addRule(postgres, school: "skole-\(tag)", kind: .concernRaised, role: "opsporingsteam", mailbox: mailbox)
            let day = SchoolDate("2026-11-20")!
            let concerns: [(String, String, SchoolDate)] = [
                ("c-report", "unauthorized-quarter-report", day), ("c-warning", "unauthorized-quarter-warning", day),
                ("c-pattern", "weekday-pattern", day), ("c-severe-next-day", "severe-absence", SchoolDate("2026-11-23")!),
            ]
            for (id, rule, asOf) in concerns {
                let concern = ConcernRaised(concernId: "\(id)-\(tag)", pupilKey: "PK-\(tag)", schoolId: "skole-\(tag)", origin: .rule, rule: rule,
                                            windowStart: SchoolDate("2026-10-01")!, windowEnd: asOf, period: "2026-Q4", raisedAt: Date())
                try await DB.consume(try CloudEvent(concern, source: "/fremmoede/screening"), topic: .concernRaised, postgres: postgres, delivery: delivery)
            }
            let other = ConcernRaised(concernId: "c-other-\(tag)", pupilKey: "PK2-\(tag)", schoolId: "skole-\(tag)", origin: .rule,
                                      rule: "unauthorized-quarter-warning", windowStart: SchoolDate("2026-10-01")!, windowEnd: day, period: "2026-Q4", raisedAt: Date())
            try await DB.consume(try CloudEvent(other, source: "/fremmoede/screening"), topic: .concernRaised, postgres: postgres, delivery: delivery)
            func status(_ id: String) async throws -> String {
                let pending = try await DB.count(postgres, PostgresQuery(unsafeSQL: """
                    SELECT count(*)::int FROM emails WHERE status = 'pending' AND link LIKE '%/concerns/\(id)-\(tag)'
                    """))
                let digest = try await DB.count(postgres, PostgresQuery(unsafeSQL: """
                    SELECT count(*)::int FROM emails WHERE status = 'digest' AND link LIKE '%/concerns/\(id)-\(tag)'
                    """))
                return pending == 1 && digest == 0 ? "pending" : digest == 1 && pending == 0 ? "digest" : "pending \(pending), digest \(digest)"
            }
            let report = try await status("c-report")
            XCTAssertEqual(report, "pending", "the underretning goes out at once")
            let warning = try await status("c-warning")
            XCTAssertEqual(warning, "digest", "the same pupil and school day: one immediate mail only")
            let pattern = try await status("c-pattern")
            XCTAssertEqual(pattern, "digest", "a pattern waits for the digest")
            let nextDay = try await status("c-severe-next-day")
            XCTAssertEqual(nextDay, "pending", "severe absence on another school day goes out at once")
            let otherPupil = try await status("c-other")
            XCTAssertEqual(otherPupil, "pending", "another pupil's warning goes out at once")
            let waiting = try await DB.count(postgres, "SELECT count(*)::int FROM emails WHERE status = 'digest' AND recipient = \(mailbox)")
            XCTAssertEqual(waiting, 2)
            // The morning's digest: the school's waiting concerns as pupils by tier (the warning and the pattern are one
            // pupil, at the warning's tier), linking to the school's inbox.
            let written = try await DigestStore(postgres: postgres, logger: DB.logger)
                .compose(cutoff: Date().addingTimeInterval(1), templates: delivery.templates, from: DB.from, publicBaseURL: delivery.publicBaseURL)
            XCTAssertEqual(written, 1)
            let text = try await postgres.query("SELECT text_body FROM emails WHERE kind = 'digest' AND recipient = \(mailbox)", logger: DB.logger)
                .decode(String.self).all().first ?? ""
            XCTAssertTrue(text.contains("2 × Ny bekymring på skole-\(tag) — åbn i Fremmøde — 1 elev: Varsel til forældre 1"), text)
            XCTAssertTrue(text.contains("/schools/skole-\(tag)/inbox"), text)
            XCTAssertFalse(text.contains("PK-\(tag)"), "no pupil key in a mail")
        }
    }
}
