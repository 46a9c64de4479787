import Foundation
import PostgresNIO
import XCTest
@testable import PlanningService
@testable import Shared

/// PlanningService end to end against the test stack: events in from Kafka as Intake and Screening
/// publish them, the whole workflow through the API as the staff who do it, and the events out read
/// back from Kafka and checked against their JSON Schemas.
final class PlanningWorkflowTests: XCTestCase {
    func date(_ text: String) -> SchoolDate { SchoolDate(text)! }

    /// Weekdays after `day`, counted independently of the service's code.
    func weekdays(_ count: Int, after day: Date) -> SchoolDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
        var moment = day
        var left = count
        while left > 0 {
            moment = calendar.date(byAdding: .day, value: 1, to: moment)!
            if !calendar.isDateInWeekend(moment) { left -= 1 }
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        return SchoolDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    func window(_ total: Double, unauthorized: Double = 0, start: SchoolDate, end: SchoolDate) -> AbsenceSummary.Window {
        .init(start: start, end: end, schoolDays: 40, illness: total - unauthorized, authorized: 0, unauthorized: unauthorized, total: total)
    }

    func testFromARaisedConcernToAClosedEvaluatedCase() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-pl-\(tag)"
        let pupil = PlanningStack.pupilKey()
        let now = Date()
        let today = SchoolDate(now)
        let detection = stack.staff("opspor-\(tag)", [.detectionTeam], schools: [school])
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let coordinator = stack.staff("tovholder-\(tag)", [.teacher], schools: [school])
        let ppr = stack.staff("ppr-\(tag)", [.pprPsychologist], schools: [], wide: true)
        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        let dpo = stack.staff("dpo-\(tag)", [.dataProtectionOfficer], schools: [], wide: true)
        let otherSchoolLeader = stack.staff("leder2-\(tag)", [.schoolLeader], schools: ["skole-other-\(tag)"])

        // The weekly series: 8 weeks up to this week, heavy absence early, light lately.
        let monday = today.adding(days: -(today.isoWeekday - 1))
        let absences: [Double] = [0, 1, 0, 1, 3, 3, 2, 4]  // oldest first … this week last
        let weeks = (0..<8).map { k in AbsenceSummary.Week(weekStart: monday.adding(days: -7 * (7 - k)), schoolDays: 5, absentDays: absences[k]) }
        let quarterStart = SchoolDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
        let summary = AbsenceSummary(
            pupilKey: pupil, schoolId: school, asOf: today, quarter: window(0.2, unauthorized: 0.16, start: quarterStart, end: today),
            last20SchoolDays: window(0.3, start: today.adding(days: -28), end: today), last40SchoolDays: window(0.25, start: today.adding(days: -56), end: today),
            trend: .rising, weeks: weeks, lateArrivals20SchoolDays: 1, openConcernRules: ["concerning-absence"], computedAt: now)
        let given = "Søs-\(tag)", family = "Ørnebjerg-\(tag)"
        let directory = PupilDirectoryEntry(pupilKey: pupil, givenName: given, familyName: family, schoolId: school, schoolName: "Testskole",
                                            className: "6B", grade: 6, enrolledFrom: date("2020-08-10"), updatedAt: now)
        let stale = PupilDirectoryEntry(pupilKey: pupil, givenName: "Gammelt", familyName: "Navn", schoolId: school, schoolName: "Testskole",
                                        className: "5B", grade: 5, enrolledFrom: date("2020-08-10"), updatedAt: now.addingTimeInterval(-86400))
        func concern(_ rule: String, _ id: String) -> ConcernRaised {
            ConcernRaised(concernId: id, pupilKey: pupil, schoolId: school, origin: .rule, rule: rule, windowStart: quarterStart, windowEnd: today,
                          period: today.quarterKey,
                          explanation: .init(schoolDays: 40, absentDays: ["unauthorized": 6.4], rate: 0.16, threshold: 0.1, dates: [today], summary: "fravær"),
                          policyVersion: 1, raisedAt: now)
        }
        let concerning = concern("concerning-absence", "c-abs-\(tag)")
        let warning = concern("unauthorized-quarter-warning", "c-warn-\(tag)")
        let report = concern("unauthorized-quarter-report", "c-rep-\(tag)")
        let early = concern("weekday-pattern", "c-pat-\(tag)")
        // Out of order across topics: the resolution of one concern before the concern, the stale directory entry after the fresh one.
        try await stack.publish([ConcernResolved(concernId: early.concernId, pupilKey: pupil, schoolId: school, rule: early.rule,
                                                 reason: .belowThreshold, rate: 0.02, resolvedAt: now)])
        try await stack.publish([concerning, warning, report, early, summary, directory, stale, directory])

        // Opsporing: the inbox of the school.
        var inbox: [[String: Any]] = []
        try await stack.eventually("the inbox shows the four concerns with the pupil's name") {
            let reply = try await stack.send("GET", "/v1/schools/\(school)/concerns", as: detection)
            inbox = reply.json["concerns"] as? [[String: Any]] ?? []
            return inbox.count == 4 && inbox.allSatisfy { ($0["pupil"] as? [String: Any])?["givenName"] as? String == given }
        }
        XCTAssertEqual((inbox.first { $0["concernId"] as? String == early.concernId })?["resolvedReason"] as? String, "below-threshold")
        XCTAssertEqual(Set(inbox.compactMap { ($0["pupil"] as? [String: Any])?["className"] as? String }), ["6B"], "the stale entry did not win")
        let overview = try await stack.send("GET", "/v1/pupils/\(pupil)", as: teacher)
        XCTAssertEqual(overview.status, 200, overview.text)
        XCTAssertEqual((overview.json["absence"] as? [String: Any])?["trend"] as? String, "rising")

        // The legal track: both quarter rules made their tasks, with deadlines counted in weekdays.
        let tasks = try await stack.send("GET", "/v1/schools/\(school)/legal-tasks", as: leader).json["tasks"] as? [[String: Any]] ?? []
        XCTAssertEqual(Set(tasks.compactMap { $0["kind"] as? String }), ["warn-parents", "notify-municipality"])
        XCTAssertEqual(tasks.first { $0["kind"] as? String == "warn-parents" }?["dueDate"] as? String, weekdays(3, after: now).description)
        XCTAssertEqual(tasks.first { $0["kind"] as? String == "notify-municipality" }?["dueDate"] as? String, weekdays(1, after: now).description)

        // A teacher's worry, published with origin staff and without its description.
        let description = "Virker trist og isoleret i frikvartererne \(tag)"
        let reported = try await stack.send("POST", "/v1/schools/\(school)/concerns", as: teacher,
                                            body: ["pupilKey": pupil, "category": "wellbeing", "description": description])
        XCTAssertEqual(reported.status, 201, reported.text)
        let staffConcern = try XCTUnwrap(reported.json["concernId"] as? String)
        let badReport = try await stack.send("POST", "/v1/schools/\(school)/concerns", as: teacher, body: ["pupilKey": pupil, "category": "gossip", "description": " "])
        XCTAssertEqual(badReport.status, 422)
        XCTAssertEqual(Set((badReport.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }), ["category", "description"])

        // The report's free text: its reporter and the triage roles read it; another teacher or a pedagogue at the school does not.
        let pedagogue = stack.staff("paedagog-\(tag)", [.pedagogue], schools: [school])
        func reportAsSeen(by staff: StaffPrincipal) async throws -> [String: Any]? {
            let concerns = try await stack.send("GET", "/v1/pupils/\(pupil)", as: staff).json["concerns"] as? [[String: Any]] ?? []
            return concerns.first { $0["concernId"] as? String == staffConcern }
        }
        for reader in [teacher, detection, leader] {
            let seen = try await reportAsSeen(by: reader)
            XCTAssertEqual(seen?["description"] as? String, description, reader.staffId)
        }
        for reader in [coordinator, pedagogue] {
            let seen = try await reportAsSeen(by: reader)
            XCTAssertNotNil(seen, reader.staffId)
            XCTAssertNil(seen?["description"], reader.staffId)
            XCTAssertEqual(seen?["descriptionWithheld"] as? Bool, true, reader.staffId)
        }

        // Triage: If-Match is required and must be current; watch the staff report, open a case on the concerning absence.
        let watchBody: [String: Any] = ["decision": "watch", "reviewDate": today.adding(days: 14).description, "reason": "ser det an"]
        let reply1 = try await stack.send("POST", "/v1/concerns/\(staffConcern)/triage", as: detection, body: watchBody)
        XCTAssertEqual(reply1.status, 428)
        let reply2 = try await stack.send("POST", "/v1/concerns/\(staffConcern)/triage", as: detection, body: watchBody, ifMatch: "\"7\"")
        XCTAssertEqual(reply2.status, 412)
        let reply3 = try await stack.send("POST", "/v1/concerns/\(staffConcern)/triage", as: teacher, body: watchBody, ifMatch: "\"1\"")
        XCTAssertEqual(reply3.status, 403)
        let watched = try await stack.send("POST", "/v1/concerns/\(staffConcern)/triage", as: detection, body: watchBody, ifMatch: reported.etag)
        XCTAssertEqual(watched.status, 200, watched.text)
        try await stack.known([coordinator, ppr, leader])
        let team: [[String: Any]] = [
            ["staffId": coordinator.staffId, "role": "coordinator", "email": coordinator.email, "name": "Tovholder"],
            ["staffId": ppr.staffId, "role": "ppr-psychologist", "email": ppr.email],
            ["staffId": leader.staffId, "role": "school-leader", "email": leader.email],
        ]
        let concernETag = try await stack.send("GET", "/v1/concerns/\(concerning.concernId)", as: detection).etag
        let opened = try await stack.send("POST", "/v1/concerns/\(concerning.concernId)/triage", as: detection,
                                          body: ["decision": "open-case", "team": team, "meetingCadenceDays": 14], ifMatch: concernETag)
        XCTAssertEqual(opened.status, 200, opened.text)
        XCTAssertEqual(opened.json["caseCreated"] as? Bool, true)
        let caseId = try XCTUnwrap(opened.json["caseId"] as? String)
        let seenByTeam = try await reportAsSeen(by: coordinator)
        XCTAssertEqual(seenByTeam?["description"] as? String, description, "the case team reads the report")
        let second = try await stack.send("POST", "/v1/concerns/\(warning.concernId)/triage", as: leader,
                                          body: ["decision": "open-case", "team": team], ifMatch: "\"1\"")
        XCTAssertEqual(second.json["caseId"] as? String, caseId, "one open case per pupil: the next concern joins it")

        // Access: deny by default.
        let reply4 = try await stack.send("GET", "/v1/cases/\(caseId)", as: nil)
        XCTAssertEqual(reply4.status, 401)
        for denied in [analyst, teacher, otherSchoolLeader] {
            let reply5 = try await stack.send("GET", "/v1/cases/\(caseId)", as: denied)
            XCTAssertEqual(reply5.status, 403, denied.staffId)
        }
        let reply6 = try await stack.send("GET", "/v1/pupils/\(pupil)", as: analyst)
        XCTAssertEqual(reply6.status, 403)
        let reply7 = try await stack.send("GET", "/v1/schools/\(school)/concerns", as: ppr)
        XCTAssertEqual(reply7.status, 403)
        let reply8 = try await stack.send("GET", "/v1/pupils/\(pupil)", as: ppr)
        XCTAssertEqual(reply8.status, 200, "the team sees its pupil")
        let caseView = try await stack.send("GET", "/v1/cases/\(caseId)", as: ppr)
        XCTAssertEqual(caseView.status, 200, caseView.text)
        XCTAssertEqual((caseView.json["pupil"] as? [String: Any])?["familyName"] as? String, family)
        XCTAssertEqual((caseView.json["concerns"] as? [Any])?.count, 2)

        // Samarbejde: status and participants, with the case's version.
        let patched = try await stack.send("PATCH", "/v1/cases/\(caseId)", as: coordinator, body: [
            "status": "mapping",
            "participants": [["kind": "parent", "name": "Mor", "told": "om bekymringen og planen", "asked": "om morgenerne"],
                             ["kind": "child", "name": given, "asked": "hvad der er svært"]],
        ], ifMatch: caseView.etag)
        XCTAssertEqual(patched.status, 200, patched.text)
        let reply9 = try await stack.send("PATCH", "/v1/cases/\(caseId)", as: coordinator, body: ["status": "acting"], ifMatch: caseView.etag)
        XCTAssertEqual(reply9.status, 412)

        // Kortlægning across the arenas.
        let mapping = try await stack.send("PUT", "/v1/cases/\(caseId)/kortlaegning", as: ppr, body: [
            "arenas": [["arena": "relations", "factors": ["drilleri i klassen"], "childWords": "de griner af mig"],
                       ["arena": "home-and-family", "factors": ["svære morgener"], "parentWords": "hun har ondt i maven"]],
            "wellbeingStart": 3,
        ], ifMatch: "\"0\"")
        XCTAssertEqual(mapping.status, 200, mapping.text)
        XCTAssertEqual(mapping.etag, "\"1\"")
        let badMapping = try await stack.send("PUT", "/v1/cases/\(caseId)/kortlaegning", as: ppr, body: ["arenas": [["arena": "moon", "factors": []]]], ifMatch: "\"1\"")
        XCTAssertEqual(badMapping.status, 400)
        XCTAssertEqual((badMapping.json["errors"] as? [[String: Any]])?.first?["field"] as? String, "arenas[0].arena")

        // Handlemuligheder: two staff edit the same plan; the second gets 412, not a lost update.
        let plan: [String: Any] = [
            "attendanceTarget": 0.95, "targetDate": today.adding(days: 60).description,
            "actions": [
                ["catalogueCode": "gradual-return", "arena": "learning-environment", "ownerStaffId": coordinator.staffId,
                 "startDate": today.description, "dueDate": today.adding(days: 21).description, "status": "active"],
                ["catalogueCode": "custom", "title": "Morgenmad på skolen", "description": "fri tekst om barnet", "arena": "home-and-family",
                 "ownerStaffId": leader.staffId, "status": "planned"],
            ],
        ]
        let read1 = try await stack.send("GET", "/v1/cases/\(caseId)/plan", as: coordinator)
        let read2 = try await stack.send("GET", "/v1/cases/\(caseId)/plan", as: ppr)
        XCTAssertEqual(read1.etag, "\"0\"")
        let reply10 = try await stack.send("PUT", "/v1/cases/\(caseId)/plan", as: coordinator, body: plan)
        XCTAssertEqual(reply10.status, 428)
        let saved = try await stack.send("PUT", "/v1/cases/\(caseId)/plan", as: coordinator, body: plan, ifMatch: read1.etag)
        XCTAssertEqual(saved.status, 200, saved.text)
        XCTAssertEqual(saved.etag, "\"1\"")
        let lost = try await stack.send("PUT", "/v1/cases/\(caseId)/plan", as: ppr, body: ["actions": []], ifMatch: read2.etag)
        XCTAssertEqual(lost.status, 412)
        XCTAssertEqual(lost.headers["content-type"], "application/problem+json")
        let reply11 = try await stack.send("GET", "/v1/cases/\(caseId)/plan", as: ppr)
        XCTAssertEqual((reply11.json["plan"] as? [String: Any])?["actions"].map { ($0 as? [Any])?.count }, 2)
        let badPlan = try await stack.send("PUT", "/v1/cases/\(caseId)/plan", as: ppr, body: ["attendanceTarget": 2, "actions": [
            ["catalogueCode": "teleport", "arena": "child", "ownerStaffId": ppr.staffId, "status": "planned"]]], ifMatch: "\"1\"")
        XCTAssertEqual(badPlan.status, 422)
        XCTAssertEqual(Set((badPlan.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }),
                       ["attendanceTarget", "targetDate", "actions[0].catalogueCode"])
        let revisions = try await stack.send("GET", "/v1/cases/\(caseId)/plan/revisions", as: leader).json["revisions"] as? [Any]
        XCTAssertEqual(revisions?.count, 1)

        // A meeting; the cadence sets the next one.
        let heldAt = "2026-11-24T13:00:00Z"
        let meeting = try await stack.send("POST", "/v1/cases/\(caseId)/meetings", as: coordinator, body: [
            "heldAt": heldAt, "attendees": [["name": "Tovholder", "role": "coordinator", "staffId": coordinator.staffId], ["name": "Mor", "role": "parent"]],
            "decisions": ["gradvis tilbagevenden fra mandag"],
        ])
        XCTAssertEqual(meeting.status, 201, meeting.text)
        XCTAssertEqual(meeting.json["nextMeetingAt"] as? String, "2026-12-08T13:00:00Z")

        // Legal tasks: the tovholder warns the parents; only the school leader makes the underretning.
        let warnTask = try XCTUnwrap(tasks.first { $0["kind"] as? String == "warn-parents" }?["taskId"] as? String)
        let reportTask = try XCTUnwrap(tasks.first { $0["kind"] as? String == "notify-municipality" }?["taskId"] as? String)
        let reply12 = try await stack.send("POST", "/v1/legal-tasks/\(warnTask)/complete", as: coordinator, body: ["note": "brev sendt"])
        XCTAssertEqual(reply12.status, 200)
        let reply13 = try await stack.send("POST", "/v1/legal-tasks/\(warnTask)/complete", as: coordinator, body: [:])
        XCTAssertEqual(reply13.status, 409)
        let reply14 = try await stack.send("POST", "/v1/legal-tasks/\(reportTask)/complete", as: ppr, body: [:])
        XCTAssertEqual(reply14.status, 403)
        let reply15 = try await stack.send("POST", "/v1/legal-tasks/\(reportTask)/complete", as: leader, body: [:])
        XCTAssertEqual(reply15.status, 200)
        let openTasks = try await stack.send("GET", "/v1/schools/\(school)/legal-tasks", as: leader).json["tasks"] as? [Any]
        XCTAssertEqual(openTasks?.count, 0, "done tasks leave the list")

        // Evaluation and close.
        let current = try await stack.send("GET", "/v1/cases/\(caseId)", as: coordinator)
        let reply16 = try await stack.send("POST", "/v1/cases/\(caseId)/close", as: ppr, body: [:], ifMatch: current.etag)
        XCTAssertEqual(reply16.status, 403)
        let closed = try await stack.send("POST", "/v1/cases/\(caseId)/close", as: coordinator, body: ["wellbeingAfter": 7], ifMatch: current.etag)
        XCTAssertEqual(closed.status, 200, closed.text)
        let before = weeks.filter { $0.weekStart >= today.adding(days: -28) && $0.weekStart < today }
        let expectedBefore = before.map(\.absentDays).reduce(0, +) / Double(before.count * 5)
        let expectedAfter = absences.suffix(4).reduce(0, +) / 20
        let evaluation = try XCTUnwrap(closed.json["evaluation"] as? [String: Any])
        XCTAssertEqual(evaluation["absenceBefore"] as? Double ?? -1, expectedBefore, accuracy: 1e-9)
        XCTAssertEqual(evaluation["absenceAfter"] as? Double ?? -1, expectedAfter, accuracy: 1e-9)
        XCTAssertEqual(evaluation["wellbeingBefore"] as? Int, 3)
        XCTAssertEqual(evaluation["wellbeingAfter"] as? Int, 7)
        let timeline = (closed.json["timeline"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        XCTAssertEqual(timeline.first, "opened")
        XCTAssertEqual(timeline.last, "closed")
        XCTAssertTrue(Set(timeline).isSuperset(of: ["concern-added", "status", "participants", "kortlaegning", "plan", "meeting", "legal-task"]), "\(timeline)")

        // The events, read back from Kafka: what NotificationService needs, nothing about the child.
        let produced = try await stack.events([.caseOpened, .planUpdated, .caseClosed, .concernRaised], mentioning: pupil, atLeast: 12)
        let types = produced.map(\.type)
        XCTAssertEqual(types.filter { $0 == FremmoedeTopic.caseOpened.eventType }.count, 1)
        XCTAssertEqual(types.filter { $0 == FremmoedeTopic.caseClosed.eventType }.count, 1)
        XCTAssertGreaterThanOrEqual(types.filter { $0 == FremmoedeTopic.planUpdated.eventType }.count, 4, "plan, meeting, two legal tasks")
        let ours = produced.filter { $0.source == FremmoedeServiceName.planning.eventSource }
        let staffRaised = try ours.filter { $0.type == FremmoedeTopic.concernRaised.eventType }.map { try $0.decode(ConcernRaised.self) }
        XCTAssertEqual(staffRaised.map(\.origin), [.staff])
        XCTAssertEqual(staffRaised.first?.staffCategory, "wellbeing")
        let caseOpened = try XCTUnwrap(ours.first { $0.type == FremmoedeTopic.caseOpened.eventType }).decode(CaseOpened.self)
        XCTAssertEqual(caseOpened.coordinatorStaffId, coordinator.staffId)
        XCTAssertEqual(Set(caseOpened.team.map(\.email)), [coordinator.email, ppr.email, leader.email])
        let lastPlan = try XCTUnwrap(ours.last { $0.type == FremmoedeTopic.planUpdated.eventType }).decode(PlanUpdated.self)
        XCTAssertEqual(lastPlan.planRevision, 1)
        XCTAssertEqual(lastPlan.actions.map(\.catalogueCode), ["gradual-return", "custom"])
        XCTAssertEqual(lastPlan.legalTasks.filter(\.done).count, 2)
        XCTAssertEqual(lastPlan.nextMeeting, EventCoding.parseTimestamp("2026-12-08T13:00:00Z"))
        let caseClosed = try XCTUnwrap(ours.first { $0.type == FremmoedeTopic.caseClosed.eventType }).decode(CaseClosed.self)
        XCTAssertEqual(caseClosed.absenceBefore, expectedBefore, accuracy: 1e-9)
        XCTAssertEqual(caseClosed.wellbeingAfter, 7)
        for event in ours {
            let text = String(decoding: event.data, as: UTF8.self)
            for secret in [given, family, description, "fri tekst om barnet", "drilleri", "Morgenmad"] {
                XCTAssertFalse(text.contains(secret), "\(event.type) carries '\(secret)'")
            }
        }
        let schemas = try PlanningStack.checkSchemas(ours)
        XCTAssertEqual(schemas.status, 0, schemas.output)
        XCTAssertTrue(schemas.output.contains("schema check: \(ours.count) passed, 0 failed"), schemas.output)

        // The audit log: every read and change, under its role; the database refuses to change it.
        let audit = try await stack.send("GET", "/v1/audit?caseId=\(caseId)", as: dpo)
        XCTAssertEqual(audit.status, 200, audit.text)
        let entries = audit.json["entries"] as? [[String: Any]] ?? []
        let actions = Set(entries.compactMap { $0["action"] as? String })
        XCTAssertTrue(actions.isSuperset(of: ["read-case", "update-case", "update-kortlaegning", "update-plan", "add-meeting", "close-case"]), "\(actions)")
        XCTAssertTrue(entries.contains { $0["staffId"] as? String == ppr.staffId && $0["role"] as? String == "team:ppr-psychologist" })
        let reply17 = try await stack.send("GET", "/v1/audit?caseId=\(caseId)", as: leader)
        XCTAssertEqual(reply17.status, 403)
        let pupilAudit = try await stack.send("GET", "/v1/audit?pupilKey=\(pupil)", as: dpo).json["entries"] as? [[String: Any]] ?? []
        XCTAssertTrue(pupilAudit.contains { $0["action"] as? String == "read-inbox" && $0["staffId"] as? String == detection.staffId })
        try await assertAuditLogIsAppendOnly(caseId: caseId)

        let openapi = try stack.checkOpenAPI()
        XCTAssertEqual(openapi.status, 0, openapi.output)
        XCTAssertNotNil(openapi.output.firstMatch(of: /openapi check: [0-9]+ passed, 0 failed/), String(openapi.output.suffix(2000)))
    }

    func assertAuditLogIsAppendOnly(caseId: String) async throws {
        let url = try XCTUnwrap(ProcessInfo.processInfo.environment["DATABASE_URL"])
        let configuration = try DatabaseConfiguration(url: url, schema: "planning", maxConnections: 2)
        let client = PostgresClient(configuration: try configuration.clientConfiguration())
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            for statement in ["UPDATE audit_log SET staff_id = 'someone-else' WHERE case_id = $1", "DELETE FROM audit_log WHERE case_id = $1"] {
                do {
                    var bindings = PostgresBindings()
                    bindings.append(caseId)
                    try await client.query(PostgresQuery(unsafeSQL: statement, binds: bindings))
                    XCTFail("the database allowed: \(statement)")
                } catch let error as PSQLError {
                    XCTAssertTrue(String(reflecting: error).contains("permission denied"), String(reflecting: error))
                }
            }
        }
    }
}
