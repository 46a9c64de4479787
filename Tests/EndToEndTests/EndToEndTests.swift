import Foundation
import MunicipalityGenerator
import PostgresNIO
import TestSupport
import XCTest
@testable import Shared

/// The whole system on one machine: a small generated municipality streamed through IntakeService
/// (Kafka feed, JSON and CSV over HTTP), screened, triaged into a case in PlanningService, e-mailed
/// by NotificationService — while each service is killed with SIGKILL mid-stream and the broker is
/// taken down for a while. Nothing may be lost or duplicated: registrations, concerns (exactly the
/// ones the rules give, computed here independently), the case, the e-mails.
final class EndToEndTests: XCTestCase {
    enum Fault: Sendable { case kill(String), openCase, brokerOutage, none }

    func testAGeneratedMunicipalityFlowsThroughAllServicesAndCrashesAndABrokerOutageLoseAndDuplicateNothing() async throws {
        let stack = try EndToEndStack()
        let run = String(UUID().uuidString.prefix(6)).lowercased()
        let prefix = "e2e\(run)"
        // Corrections are left out here: a correction that lowers absence again may leave a concern
        // open between the resolve line and the threshold, which a final-state computation cannot
        // see; Screening's own tests cover corrections.
        let municipality = Municipality(MunicipalityOptions(schools: 4, pupils: 240, schoolYearStart: 2025, seed: UInt64.random(in: 1...(1 << 40)),
                                                            schoolPrefix: prefix, lessonSchoolEvery: 4, corrections: false, mailDomain: "\(prefix).test",
                                                            serialOffset: Int.random(in: 0..<10_000)))
        let days = 0..<55  // 11 August – 31 October 2025: two quarters, the autumn break in the second
        let faults: [Int: Fault] = [8: .kill("IntakeService"), 16: .kill("ScreeningService"), 24: .openCase, 30: .kill("PlanningService"),
                                    38: .kill("NotificationService"), 46: .brokerOutage]
        let sourceKey = try await setUp(municipality, stack: stack, source: prefix)
        let producer = try stack.producer()

        var sent: [GeneratedRegistration] = []
        var background: [Task<Void, any Error>] = []
        var caseRecipients: Set<String> = []
        var casePupil = ""
        for day in days {
            switch faults[day] ?? .none {
            case .kill(let service):
                try stack.kill(service)
                background.append(Self.restartLater(service, stack: stack))
            case .brokerOutage:
                try await stack.broker("down")
                background.append(Self.brokerUpLater(stack: stack))
            case .openCase:
                (casePupil, caseRecipients) = try await openCase(municipality, stack: stack, run: run)
            case .none:
                break
            }
            let registrations = municipality.registrations(onDay: day)
            try await send(registrations, municipality: municipality, stack: stack, producer: producer, source: prefix, key: sourceKey)
            sent += registrations
        }
        for task in background { try await task.value }
        let (allSent, pupil, recipients) = (sent, casePupil, caseRecipients)

        try await stack.withPostgres { postgres in
            let (sent, casePupil, caseRecipients) = (allSent, pupil, recipients)
            // Intake stored every registration once.
            let stored = try await TestStack.eventually(equals: sent.count, timeout: .seconds(120)) {
                try await stack.count(postgres, "SELECT count(*) FROM intake.registrations WHERE school_id LIKE '\(prefix)-%'")
            }
            XCTAssertEqual(stored, sent.count, "registrations stored by Intake")
            let duplicates = try await stack.count(postgres, """
                SELECT count(*) FROM (SELECT source_registration_id FROM intake.registrations WHERE school_id LIKE '\(prefix)-%'
                GROUP BY 1 HAVING count(*) > 1) d
                """)
            XCTAssertEqual(duplicates, 0)

            // Screening keeps every pupil-day with absence or a late arrival that Intake has (days all
            // present are the calendar's, not stored).
            let pupilDays = try await stack.count(postgres, """
                SELECT count(DISTINCT (pupil_key, date)) FROM intake.registrations WHERE school_id LIKE '\(prefix)-%' AND status <> 'present'
                """)
            let screened = try await TestStack.eventually(equals: pupilDays, timeout: .seconds(120)) {
                try await stack.count(postgres, """
                    SELECT count(*) FROM screening.pupil_days d JOIN screening.pupils p USING (pupil_key) WHERE p.school_id LIKE '\(prefix)-%'
                    """)
            }
            XCTAssertEqual(screened, pupilDays, "pupil-days screened")

            // The quarter rules' concerns are exactly the ones computed here from the generated data.
            let keys = Dictionary(try await stack.rows(postgres, """
                SELECT DISTINCT pupil_key, split_part(source_registration_id, '-', 2) FROM intake.registrations WHERE school_id LIKE '\(prefix)-%'
                """).map { row in let parts = row.split(separator: " "); return (String(parts[0]), String(parts[1])) }, uniquingKeysWith: { first, _ in first })
            let expectation = QuarterRuleExpectation(municipality: municipality, days: days, registrations: sent)
            for (rule, expected) in expectation.expected.sorted(by: { $0.key < $1.key }) {
                let actual = try await stack.rows(postgres, """
                    SELECT DISTINCT pupil_key, period FROM screening.concerns WHERE rule = '\(rule)' AND school_id LIKE '\(prefix)-%'
                    """).map { row -> String in let parts = row.split(separator: " "); return "\(keys[String(parts[0])] ?? "?") \(parts[1])" }
                XCTAssertFalse(expected.isEmpty, "the generated municipality has pupils over the \(rule) line")
                // Whole-day schools: exactly. The lesson-level school sends absences only, and a
                // partition that hears nothing of it for days never learns that the quarter's tenth
                // school day is over (docs/screening.md, known gap): there a pupil whose only chance
                // to cross the line is that day may be missed — never one raised that should not be.
                let absenceOnly = Set(municipality.schools.filter(\.lessonLevel).map(\.schoolId))
                func atAbsenceOnlySchool(_ entry: String) -> Bool { absenceOnly.contains(municipality.pupils[Int(entry.split(separator: " ")[0]) ?? 0].schoolId) }
                XCTAssertEqual(Set(actual.filter { !atAbsenceOnlySchool($0) }), expected.filter { !atAbsenceOnlySchool($0) },
                               "\(rule) at whole-day schools (seed \(municipality.options.seed))")
                XCTAssertTrue(Set(actual.filter(atAbsenceOnlySchool)).isSubset(of: expected.filter(atAbsenceOnlySchool)),
                              "\(rule) at the absence-only school: nothing raised that the rules do not give (seed \(municipality.options.seed))")
                let missed = expected.filter(atAbsenceOnlySchool).subtracting(actual)
                if !missed.isEmpty { print("end-to-end: \(rule): \(missed.count) of \(expected.filter(atAbsenceOnlySchool).count) pupil-quarters at the absence-only school not raised (known gap)") }
                for difference in expected.symmetricDifference(actual) where !atAbsenceOnlySchool(difference) {
                    let index = Int(difference.split(separator: " ")[0]) ?? -1
                    let key = keys.first { $0.value == "\(index)" }?.key ?? "?"
                    let pupil = index >= 0 ? municipality.pupils[index] : nil
                    let screened = try await stack.rows(postgres, """
                        SELECT day::text, unauthorized::text FROM screening.pupil_days WHERE pupil_key = '\(key)' AND unauthorized > 0 ORDER BY day
                        """)
                    let ingested = try await stack.rows(postgres, """
                        SELECT date::text, period, absence_category FROM intake.registrations WHERE pupil_key = '\(key)' AND absence_category = 'unauthorized' ORDER BY date
                        """)
                    XCTFail("\(rule) \(difference) \(expected.contains(difference) ? "expected, not raised" : "raised, not expected"): key \(key), "
                            + "\(pupil.map { "\($0.schoolId) enrolled \($0.enrolledFrom)" } ?? ""); Screening's unauthorized days \(screened); Intake's \(ingested); "
                            + "concerns \(try await stack.rows(postgres, "SELECT rule, period, status, raised_as_of::text, coalesce(resolved_reason, '') FROM screening.concerns WHERE pupil_key = '\(key)'"))")
                }
                XCTAssertEqual(actual.count, Set(actual).count)
            }

            // Planning received every concern Screening raised, once.
            let raised = Set(try await stack.rows(postgres, "SELECT concern_id FROM screening.concerns WHERE school_id LIKE '\(prefix)-%'"))
            XCTAssertGreaterThan(raised.count, 20)
            let inPlanning = try await TestStack.eventually(equals: raised.count, timeout: .seconds(60)) {
                try await stack.count(postgres, "SELECT count(*) FROM planning.concerns WHERE school_id LIKE '\(prefix)-%' AND origin = 'rule'")
            }
            XCTAssertEqual(inPlanning, raised.count)
            let planningIDs = Set(try await stack.rows(postgres, "SELECT concern_id FROM planning.concerns WHERE school_id LIKE '\(prefix)-%' AND origin = 'rule'"))
            XCTAssertEqual(planningIDs, raised)

            // Planning's dashboard counts each school's pupils over 10 % absence in the school year as
            // the ministry does, from the weekly series and the calendars it keeps: the same as
            // computed here from the generated registrations.
            let lastDay = municipality.schoolDays[days.upperBound - 1]
            let national = NationalShareExpectation(municipality: municipality, registrations: sent)
            let leader = try await stack.token(StaffPrincipal(staffId: "e2e-dash-\(run)", name: "Leder", email: "dash@\(prefix).test", roles: [.schoolLeader],
                                                              schoolIds: Set(municipality.schools.map(\.schoolId))))
            var years: [String: [String: Any]] = [:]
            _ = try await TestStack.eventually(timeout: .seconds(60)) { () -> Bool? in
                let reply = try await stack.send("GET", "\(stack.value("PLANNING_URL"))/v1/dashboard/schools?from=2025-08&to=2025-10", bearer: leader)
                for school in reply.json["schools"] as? [[String: Any]] ?? [] {
                    let year = ((school["figures"] as? [String: Any])?["schoolYears"] as? [[String: Any]])?.first
                    years[school["schoolId"] as? String ?? ""] = year
                }
                // Until the summaries in flight have landed: every school as computed, the whole-day ones through the last day.
                return municipality.schools.allSatisfy { school in
                    guard let year = years[school.schoolId], let through = (year["through"] as? String).flatMap(SchoolDate.init),
                          school.lessonLevel || through == lastDay else { return false }
                    let expected = national.count(school: school.schoolId, through: through)
                    return year["pupils"] as? Int == expected.pupils && abs((year["pupilsOver10"] as? Int ?? -1) - expected.over) <= expected.near
                } ? true : nil
            }
            for school in municipality.schools {
                let year = try XCTUnwrap(years[school.schoolId], school.schoolId)
                let through = try XCTUnwrap((year["through"] as? String).flatMap(SchoolDate.init), "\(year)")
                if !school.lessonLevel { XCTAssertEqual(through, lastDay, "\(school.schoolId): its figures reach the last day streamed") }
                let expected = national.count(school: school.schoolId, through: through)
                XCTAssertEqual(year["pupils"] as? Int, expected.pupils, school.schoolId)
                let over = year["pupilsOver10"] as? Int ?? -1
                XCTAssertLessThanOrEqual(abs(over - expected.over), expected.near, "\(school.schoolId): over 10 %: \(over), computed \(expected.over) (seed \(municipality.options.seed))")
                XCTAssertGreaterThan(expected.over, 0, "the generated municipality has pupils over 10 %")
                print("end-to-end: \(school.schoolId): \(over) of \(expected.pupils) pupils over 10 % absence through \(through) (computed \(expected.over), \(expected.near) near the line)")
            }

            // One case for the triaged pupil.
            let cases = try await stack.count(postgres, "SELECT count(*) FROM planning.cases WHERE pupil_key = '\(casePupil)'")
            XCTAssertEqual(cases, 1)

            // E-mails: each school's opsporingsteam one at once per pupil and school day with an
            // urgent concern (a legal duty or severe absence; the rest waits for the morning's
            // digest, which is not due while the test runs unless it spans the digest hour); the
            // school's leadership one for the new case; each of the case's team one "new case" (and
            // the reminders its dates give); no Message-ID twice.
            var expectedMail: [String: Int] = [:]
            for school in municipality.schools {
                let immediate = try await stack.count(postgres, """
                    SELECT count(DISTINCT (pupil_key, window_end)) FROM planning.concerns WHERE school_id = '\(school.schoolId)' AND origin = 'rule'
                    AND rule IN ('unauthorized-quarter-report', 'unauthorized-quarter-warning', 'severe-absence')
                    """)
                expectedMail["opsporing@\(school.schoolId).\(prefix).test"] = immediate
                let all = try await stack.count(postgres, "SELECT count(*) FROM screening.concerns WHERE school_id = '\(school.schoolId)'")
                print("end-to-end: \(school.schoolId): \(all) concerns raised, \(immediate) immediate e-mails to its opsporing mailbox")
            }
            let leadership = try XCTUnwrap(caseRecipients.first { $0.hasPrefix("ledelse@") })
            expectedMail[leadership] = 1
            let team = caseRecipients.subtracting([leadership])
            let total = expectedMail.values.reduce(0, +)
            let delivered = try await TestStack.eventually(equals: total, timeout: .seconds(120)) {
                Set(try stack.mail(to: Set(expectedMail.keys)).map { "\($0.to) \($0.messageID)" }).count
            }
            _ = try await TestStack.eventually(equals: team.count, timeout: .seconds(30)) {
                try stack.mail(to: team).filter { $0.subject.hasPrefix("Ny sag på") }.count
            }
            try await Task.sleep(for: .seconds(2))  // anything sent twice would arrive by now
            // SMTP has a window no sender can close: a crash after the server took a message and
            // before the sender noted it sends it again on restart — with the same Message-ID, so
            // mail systems show it once. Counted by Message-ID, nothing is lost and nothing doubled;
            // the resends are counted too, and may come only from the one SIGKILL of Notification.
            let mail = try stack.mail(to: Set(expectedMail.keys))
            let distinct = Set(mail.map { "\($0.to) \($0.messageID)" })
            XCTAssertEqual(delivered, total, "distinct e-mails")
            XCTAssertEqual(Dictionary(grouping: distinct, by: { String($0.split(separator: " ")[0]) }).mapValues(\.count), expectedMail.filter { $0.value > 0 })
            let teamMail = try stack.mail(to: team)
            XCTAssertEqual(Dictionary(grouping: Set(teamMail.filter { $0.subject.hasPrefix("Ny sag på") }.map { "\($0.to) \($0.messageID)" }),
                                      by: { String($0.split(separator: " ")[0]) }).mapValues(\.count),
                           Dictionary(uniqueKeysWithValues: team.map { ($0, 1) }), "each of the team hears of the new case once")
            let allMail = mail + teamMail
            let resent = allMail.count - Set(allMail.map { "\($0.to) \($0.messageID)" }).count
            XCTAssertLessThanOrEqual(resent, 2, "resends with the same Message-ID only in the window of Notification's SIGKILL")
            if resent > 0 { print("end-to-end: \(resent) e-mail(s) resent with the same Message-ID after Notification's SIGKILL") }
            // No name or CPR number of a child in any of them; each links into the web app.
            XCTAssertTrue(allMail.allSatisfy { $0.body.contains("\(stack.value("PLANNING_URL"))/") }, "the e-mails link into Fremmøde")
            // Every link of every mail is a page of the web app: without a session it asks for the
            // sign-in, returning to the link (never the JSON 404 the concern links once gave). After
            // sign-in the pages answer 200: Tests/browser/test_mail_links.py follows them through
            // the IdP (its demo users work at the demo schools, not at this run's).
            let base = stack.value("PLANNING_URL")
            let links = Set(allMail.flatMap { mail in
                mail.body.components(separatedBy: CharacterSet(charactersIn: " \n\r\t\"<>()")).filter { $0.hasPrefix(base + "/") }
            })
            XCTAssertTrue(links.contains { $0.contains("/concerns/") } && links.contains { $0.contains("/cases/") }, "\(links.count) links")
            for link in links.sorted() {
                let path = String(link.dropFirst(base.count))
                let hop = try await stack.firstHop(link)
                if path == "/" {
                    XCTAssertEqual(hop.status, 200, link)
                } else {
                    XCTAssertEqual(hop.status, 303, link)
                    XCTAssertEqual(hop.location, "/auth/sign-in?returnTo=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~"))) ?? ""), link)
                }
            }
            print("end-to-end: \(links.count) distinct links in \(allMail.count) e-mails lead to the sign-in and back")
            for message in allMail {
                let text = message.subject + message.body
                XCTAssertFalse(municipality.pupils.contains { text.contains("\($0.givenName) \($0.familyName)") || text.contains($0.sourceId) }, message.subject)
            }
        }
    }

    // MARK: steps

    /// Registers an attendance source for the schools, their calendars and pupils, and routing rules.
    private func setUp(_ municipality: Municipality, stack: EndToEndStack, source: String) async throws -> String {
        let registered = try await stack.send("POST", "\(stack.value("INTAKE_URL"))/v1/admin/sources",
                                              body: EndToEndStack.json(["sourceSystem": source, "schools": municipality.schools.map(\.schoolId)]),
                                              bearer: stack.value("INTAKE_ADMIN_TOKEN"))
        let key = try XCTUnwrap(registered.json["apiKey"] as? String, registered.text)
        try TestStack.createSourceFeed(source)  // and its raw-feed topic, as operations would
        let year = municipality.schoolYear
        for school in municipality.schools {
            let reply = try await stack.send("PUT", "\(stack.value("INTAKE_URL"))/v1/schools/\(school.schoolId)/calendar", body: EndToEndStack.json([
                "schoolName": school.name, "schoolYear": year.name, "lessonsPerDay": school.lessonsPerDay,
                "schoolDays": year.schoolDays.map(\.description), "holidays": year.holidays.map { ["date": $0.date.description, "name": $0.name] },
            ]), bearer: key)
            XCTAssertEqual(reply.status, 200, reply.text)
        }
        let pupils = try await stack.send("POST", "\(stack.value("INTAKE_URL"))/v1/pupils", body: EndToEndStack.json(municipality.pupils.map {
            ["sourceId": $0.sourceId, "givenName": $0.givenName, "familyName": $0.familyName, "schoolId": $0.schoolId,
             "className": $0.className, "grade": $0.grade, "enrolledFrom": $0.enrolledFrom.description] as [String: Any]
        }), bearer: key)
        XCTAssertEqual(pupils.status, 200, pupils.text)
        let admin = try await stack.token(StaffPrincipal(staffId: "e2e-admin", name: "Admin", email: "admin@\(source).test", roles: [.municipalityAdmin],
                                                         schoolIds: [], isMunicipalityWide: true))
        for rule in municipality.routingRules {
            let reply = try await stack.send("POST", "\(stack.value("NOTIFICATION_URL"))/v1/routing-rules", body: EndToEndStack.json([
                "schoolId": rule.schoolId, "schoolName": rule.schoolName ?? rule.schoolId, "eventType": rule.eventType,
                "mailboxRole": rule.mailboxRole, "mailbox": rule.mailbox,
            ]), bearer: admin)
            XCTAssertEqual(reply.status, 201, reply.text)
        }
        return key
    }

    /// One school day: the first and fourth school on the Kafka feed, the second as JSON, the third as CSV.
    private func send(_ registrations: [GeneratedRegistration], municipality: Municipality, stack: EndToEndStack, producer: KafkaProducer,
                      source: String, key: String) async throws {
        let bySchool = Dictionary(grouping: registrations, by: \.schoolId)
        var messages: [KafkaProducerMessage] = []
        for school in municipality.schools {
            guard let items = bySchool[school.schoolId], !items.isEmpty else { continue }
            switch school.index % 3 {
            case 0:
                messages += items.map {
                    KafkaProducerMessage(topic: FremmoedeTopic.sourceFeed(source), key: $0.schoolId,
                                         value: Array(EndToEndStack.json($0.json(sourceSystem: source))))
                }
            case 1:
                let reply = try await stack.send("POST", "\(stack.value("INTAKE_URL"))/v1/registrations",
                                                 body: EndToEndStack.json(items.map { $0.json(sourceSystem: nil) }), bearer: key)
                XCTAssertEqual(reply.status, 200, reply.text)
            default:
                var csv = "sourceRegistrationId;pupilSourceId;schoolId;date;period;status;absenceCategory;minutesLate;recordedAt\r\n"
                for item in items {
                    csv += [item.sourceRegistrationId, item.pupilSourceId, item.schoolId, item.date.description, item.lesson == 0 ? "day" : "\(item.lesson)",
                            item.status.rawValue, item.category?.rawValue ?? "", item.minutesLate.map { "\($0)" } ?? "", item.recordedAt].joined(separator: ";") + "\r\n"
                }
                let reply = try await stack.send("POST", "\(stack.value("INTAKE_URL"))/v1/registrations", body: Data(csv.utf8),
                                                 contentType: "text/csv", bearer: key)
                XCTAssertEqual(reply.status, 200, reply.text)
            }
        }
        if !messages.isEmpty { _ = try await producer.send(messages) }
    }

    /// The first school's opsporingsteam opens a case on a new concern, with a team of three;
    /// answers the pupil and who should hear of the case.
    private func openCase(_ municipality: Municipality, stack: EndToEndStack, run: String) async throws -> (String, Set<String>) {
        let school = municipality.schools[0].schoolId
        let concern = try await TestStack.eventually(timeout: .seconds(60)) {
            try await stack.withPostgres { postgres in
                try await stack.rows(postgres, """
                    SELECT concern_id, pupil_key FROM planning.concerns WHERE school_id = '\(school)' AND origin = 'rule' AND triage = 'new'
                    ORDER BY raised_at, concern_id LIMIT 1
                    """).first
            }
        }
        let parts = try XCTUnwrap(concern, "a concern at \(school) by the 24th school day").split(separator: " ").map(String.init)
        let detection = try await stack.token(StaffPrincipal(staffId: "e2e-ot-\(run)", name: "Opsporing", email: "ot@e2e\(run).test",
                                                             roles: [.detectionTeam], schoolIds: [school]))
        let planning = stack.value("PLANNING_URL")
        let current = try await stack.send("GET", "\(planning)/v1/concerns/\(parts[0])", bearer: detection)
        XCTAssertEqual(current.status, 200, current.text)
        let team: [[String: Any]] = [
            ["staffId": "e2e-kis-\(run)", "role": "coordinator", "email": "tovholder@e2e\(run).test", "name": "Tovholder"],
            ["staffId": "e2e-ppr-\(run)", "role": "ppr-psychologist", "email": "ppr@e2e\(run).test"],
            ["staffId": "e2e-leder-\(run)", "role": "school-leader", "email": "leder@e2e\(run).test"],
        ]
        // The team's people are in the staff register, as the administrator's import of the staff directory puts them.
        let admin = try await stack.token(StaffPrincipal(staffId: "e2e-admin-\(run)", name: "Admin", email: "admin@e2e\(run).test",
                                                         roles: [.municipalityAdmin], schoolIds: [], isMunicipalityWide: true))
        let imported = try await stack.send("POST", "\(planning)/v1/admin/staff", body: EndToEndStack.json([
            "staff": team.map { ["staffId": $0["staffId"] ?? "", "name": $0["name"] ?? $0["staffId"] ?? "", "email": $0["email"] ?? ""] },
        ]), bearer: admin)
        XCTAssertEqual(imported.status, 200, imported.text)
        let opened = try await stack.send("POST", "\(planning)/v1/concerns/\(parts[0])/triage", body: EndToEndStack.json([
            "decision": "open-case", "team": team, "meetingCadenceDays": 14,
        ]), bearer: detection, ifMatch: current.etag)
        XCTAssertEqual(opened.status, 200, opened.text)
        XCTAssertEqual(opened.json["caseCreated"] as? Bool, true)
        return (parts[1], ["tovholder@e2e\(run).test", "ppr@e2e\(run).test", "leder@e2e\(run).test", "ledelse@\(school).e2e\(run).test"])
    }

    private static func restartLater(_ service: String, stack: EndToEndStack) -> Task<Void, any Error> {
        Task.detached { try await restart(service, after: .seconds(2), stack: stack) }
    }

    private static func brokerUpLater(stack: EndToEndStack) -> Task<Void, any Error> {
        Task.detached {
            try await Task.sleep(for: .seconds(8))
            try await stack.broker("up")
        }
    }

    private static func restart(_ service: String, after delay: Duration, stack: EndToEndStack) async throws {
        try await Task.sleep(for: delay)
        try await stack.restart(service)
    }
}
