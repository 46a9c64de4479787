import Foundation
import TestSupport
import XCTest
@testable import PlanningService
@testable import Shared

/// The legal track (issue 19, docs/legal-track.md) against the running PlanningService: each step
/// and each access rule — school staff see their school's steps, the benefit case worker every
/// school's underretninger and decisions, nobody else.
final class LegalTrackTests: XCTestCase {
    struct Pupil {
        let key: String
        let school: String
        let today: SchoolDate
        let quarterStart: SchoolDate
    }

    func absence(_ pupil: Pupil, on day: SchoolDate, id: String, category: AbsenceCategory = .unauthorized, replaces: String? = nil) -> AttendanceIngested {
        AttendanceIngested(registrationId: id, pupilKey: pupil.key, schoolId: pupil.school, date: day, period: .day, status: .absent,
                           absenceCategory: category, recordedAt: Date(), sourceSystem: "tests", dayFraction: 1, replacesRegistrationId: replaces)
    }

    func concern(_ pupil: Pupil, _ rule: String, _ id: String, rate: Double) -> ConcernRaised {
        ConcernRaised(concernId: id, pupilKey: pupil.key, schoolId: pupil.school, origin: .rule, rule: rule, windowStart: pupil.quarterStart,
                      windowEnd: pupil.today, period: pupil.today.quarterKey,
                      explanation: .init(schoolDays: 40, absentDays: ["unauthorized": 40 * rate], rate: rate, threshold: rate >= 0.15 ? 0.15 : 0.1,
                                         dates: [pupil.today], summary: "fravær"),
                      policyVersion: 1, raisedAt: Date())
    }

    func newPupil(_ stack: PlanningStack, tag: String, given: String) async throws -> Pupil {
        let today = SchoolDate(Date())
        let pupil = Pupil(key: PlanningStack.pupilKey(), school: "skole-lt-\(tag)", today: today,
                          quarterStart: SchoolDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!)
        try await stack.publish([PupilDirectoryEntry(pupilKey: pupil.key, givenName: given, familyName: "Lovspor-\(tag)", schoolId: pupil.school,
                                                     schoolName: "Lovsporskolen", className: "7A", grade: 7, enrolledFrom: SchoolDate(year: 2020, month: 8, day: 10)!,
                                                     updatedAt: Date())])
        return pupil
    }

    /// Step 1: the daily contact list is the school's — its leader, detection team and teachers — and
    /// nobody else's, not even the case worker's; a contact recorded takes the row off the open ones.
    func testTheDailyContactListIsTheSchoolsAndRecordsTheContact() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let pupil = try await newPupil(stack, tag: tag, given: "Kontakt-\(tag)")
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [pupil.school])
        let otherTeacher = stack.staff("laerer2-\(tag)", [.teacher], schools: ["skole-anden-\(tag)"])
        let nurse = stack.staff("sundhed-\(tag)", [.healthNurse], schools: [pupil.school])
        let caseWorker = stack.staff("sagsbeh-\(tag)", [.benefitCaseWorker], schools: [], wide: true)
        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        try await stack.publish([absence(pupil, on: pupil.today, id: "r-\(tag)-1")])

        let list = "/v1/schools/\(pupil.school)/contact-list?from=\(pupil.today)&to=\(pupil.today)"
        try await stack.eventually("the absence is on the school's contact list") {
            let reply = try await stack.send("GET", list, as: teacher)
            return (reply.json["rows"] as? [[String: Any]] ?? []).contains { $0["pupilKey"] as? String == pupil.key }
        }
        let before = try await stack.send("GET", list + "&open=true", as: teacher)
        XCTAssertEqual(before.json["open"] as? Int, 1, before.text)
        for outsider in [otherTeacher, nurse, caseWorker, analyst] {
            let refused = try await stack.send("GET", list, as: outsider)
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) reads the contact list: \(refused.text)")
            let posted = try await stack.send("POST", "/v1/schools/\(pupil.school)/parent-contacts", as: outsider,
                                              body: ["pupilKey": pupil.key, "absenceDate": pupil.today.description, "method": "phone", "reached": true])
            XCTAssertEqual(posted.status, 403, "\(outsider.staffId) records a contact: \(posted.text)")
        }

        let noAbsence = try await stack.send("POST", "/v1/schools/\(pupil.school)/parent-contacts", as: teacher,
                                             body: ["pupilKey": pupil.key, "absenceDate": pupil.today.adding(days: -1).description, "method": "phone", "reached": true])
        XCTAssertEqual(noAbsence.status, 422, "a contact is about a registered day: \(noAbsence.text)")
        XCTAssertTrue(noAbsence.text.contains("absenceDate"), noAbsence.text)
        let contact = try await stack.send("POST", "/v1/schools/\(pupil.school)/parent-contacts", as: teacher,
                                           body: ["pupilKey": pupil.key, "absenceDate": pupil.today.description, "method": "phone", "reached": true,
                                                  "note": "Mor ringer tilbage i morgen \(tag)"])
        XCTAssertEqual(contact.status, 201, contact.text)
        let after = try await stack.send("GET", list, as: teacher)
        XCTAssertEqual(after.json["open"] as? Int, 0, after.text)
        let row = (after.json["rows"] as? [[String: Any]] ?? []).first { $0["pupilKey"] as? String == pupil.key }
        let contacts = row?["contacts"] as? [[String: Any]] ?? []
        XCTAssertEqual(contacts.first?["method"] as? String, "phone", after.text)
        XCTAssertEqual(contacts.first?["recordedBy"] as? String, teacher.staffId)
    }

    /// Steps 2–5 for one pupil, with who may and who may not at each step.
    func testFromTheWarningLetterToTheAppealsOutcome() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let given = "Lov-\(tag)"
        let pupil = try await newPupil(stack, tag: tag, given: given)
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [pupil.school])
        let detection = stack.staff("opspor-\(tag)", [.detectionTeam], schools: [pupil.school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [pupil.school])
        let otherLeader = stack.staff("leder2-\(tag)", [.schoolLeader], schools: ["skole-anden-\(tag)"])
        let caseWorker = stack.staff("sagsbeh-\(tag)", [.benefitCaseWorker], schools: [], wide: true)
        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        let admin = stack.staff("admin-\(tag)", [.municipalityAdmin], schools: [], wide: true)
        let dpo = stack.staff("dpo-\(tag)", [.dataProtectionOfficer], schools: [], wide: true)
        // Two days of this quarter (on its first day, today and tomorrow).
        let first = pupil.today == pupil.quarterStart ? pupil.today : pupil.today.adding(days: -1)
        let second = first.adding(days: 1)
        try await stack.publish([absence(pupil, on: first, id: "r-\(tag)-1"), absence(pupil, on: second, id: "r-\(tag)-2", category: .illness),
                                 concern(pupil, "unauthorized-quarter-warning", "c-warn-\(tag)", rate: 0.1)])
        // The second day corrected from illness to unauthorized: the underretning shows both registrations.
        try await stack.publish([absence(pupil, on: second, id: "r-\(tag)-3", replaces: "r-\(tag)-2")])

        // Step 2: the warning letter.
        var warnTask = ""
        try await stack.eventually("the warn-parents task is made") {
            let tasks = try await stack.send("GET", "/v1/schools/\(pupil.school)/legal-tasks", as: leader).json["tasks"] as? [[String: Any]] ?? []
            warnTask = tasks.first { $0["kind"] as? String == "warn-parents" }?["taskId"] as? String ?? ""
            return !warnTask.isEmpty
        }
        let letterPath = "/v1/legal-tasks/\(warnTask)/warning-letter"
        var draft = try await stack.send("GET", letterPath + "?language=da", as: leader)
        // Both days unauthorized: the second one's correction has arrived too (the letter names unauthorized days only).
        try await stack.eventually("the letter lists both registered days, the correction applied") {
            draft = try await stack.send("GET", letterPath + "?language=da", as: leader)
            let days = draft.json["days"] as? [[String: Any]] ?? []
            return days.count == 2 && days.allSatisfy { ($0["unauthorized"] as? Double ?? 0) > 0 }
        }
        let danish = draft.json["text"] as? String ?? ""
        XCTAssertTrue(danish.contains("Varsel om mulig standsning af børne- og ungeydelsen"), danish)
        XCTAssertTrue(danish.contains(given), "the letter names the pupil: \(danish)")
        XCTAssertTrue(danish.contains("15 procent"), danish)
        XCTAssertTrue(danish.contains("\(first.day). ") && danish.contains("\(second.day). "), "the registered days are in the letter: \(danish)")
        let english = try await stack.send("GET", letterPath + "?language=en", as: detection)
        XCTAssertEqual(english.status, 200, english.text)
        XCTAssertTrue((english.json["text"] as? String ?? "").lowercased().contains("child benefit"), english.text)
        XCTAssertEqual(Set(english.json["languages"] as? [String] ?? []), ["da", "en"])
        let unknown = try await stack.send("GET", letterPath + "?language=ur", as: leader)
        XCTAssertEqual(unknown.status, 400, "no Urdu template yet: \(unknown.text)")
        for outsider in [teacher, otherLeader, caseWorker, analyst] {
            let refused = try await stack.send("GET", letterPath, as: outsider)
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) reads the warning letter: \(refused.text)")
            let sent = try await stack.send("POST", letterPath, as: outsider, body: ["language": "da", "sentVia": "letter"])
            XCTAssertEqual(sent.status, 403, "\(outsider.staffId) sends the warning letter: \(sent.text)")
        }
        let sent = try await stack.send("POST", letterPath, as: leader, body: ["language": "da", "sentVia": "digital-post"])
        XCTAssertEqual(sent.status, 201, sent.text)
        XCTAssertEqual(sent.json["text"] as? String, danish, "the record keeps the exact text sent")
        let afterSending = try await stack.send("GET", "/v1/schools/\(pupil.school)/legal-tasks", as: leader).json["tasks"] as? [[String: Any]] ?? []
        XCTAssertFalse(afterSending.contains { $0["taskId"] as? String == warnTask }, "sending the letter completes the task")

        // A municipality's own template in Urdu (the admin's), then the school can use it.
        let template = "{{schoolName}} — {{pupilName}} — ulovligt fravær (ur) \(tag)"
        for outsider in [leader, caseWorker, analyst] {
            let refused = try await stack.send("PUT", "/v1/letter-templates/warning/ur", as: outsider, body: ["body": template])
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) changes a template: \(refused.text)")
        }
        let put = try await stack.send("PUT", "/v1/letter-templates/warning/ur", as: admin, body: ["body": template])
        XCTAssertEqual(put.status, 200, put.text)
        let urdu = try await stack.send("GET", letterPath + "?language=ur", as: leader)
        XCTAssertEqual(urdu.status, 200, urdu.text)
        XCTAssertTrue((urdu.json["text"] as? String ?? "").contains("(ur) \(tag)"), urdu.text)
        let removed = try await stack.send("DELETE", "/v1/letter-templates/warning/ur", as: admin)
        XCTAssertEqual(removed.status, 204, removed.text)

        // Step 3: the underretning — the school leader's alone.
        try await stack.publish([concern(pupil, "unauthorized-quarter-report", "c-rep-\(tag)", rate: 0.15)])
        var reportTask = ""
        try await stack.eventually("the notify-municipality task is made") {
            let tasks = try await stack.send("GET", "/v1/schools/\(pupil.school)/legal-tasks", as: leader).json["tasks"] as? [[String: Any]] ?? []
            reportTask = tasks.first { $0["kind"] as? String == "notify-municipality" }?["taskId"] as? String ?? ""
            return !reportTask.isEmpty
        }
        let reportPath = "/v1/legal-tasks/\(reportTask)/underretning"
        let reportDraft = try await stack.send("GET", reportPath, as: leader)
        XCTAssertEqual(reportDraft.status, 200, reportDraft.text)
        let evidence = reportDraft.json["evidence"] as? [String: Any] ?? [:]
        XCTAssertEqual((evidence["warnings"] as? [Any])?.count, 1, "the warning letter is part of the evidence")
        let days = evidence["days"] as? [[String: Any]] ?? []
        let corrected = days.first { $0["date"] as? String == second.description }
        XCTAssertEqual((corrected?["history"] as? [Any])?.count, 2, "the corrected day carries its history: \(reportDraft.text)")
        for outsider in [detection, teacher, otherLeader, caseWorker, analyst] {
            let refused = try await stack.send("POST", reportPath, as: outsider, body: ["assessment": "vurdering"])
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) makes the underretning: \(refused.text)")
        }
        let emptyAssessment = try await stack.send("POST", reportPath, as: leader, body: ["assessment": "  "])
        XCTAssertEqual(emptyAssessment.status, 422, emptyAssessment.text)
        let assessment = "Familien har svært ved morgenerne \(tag)"
        let made = try await stack.send("POST", reportPath, as: leader, body: ["assessment": assessment])
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["underretningId"] as? String, made.text)
        let again = try await stack.send("POST", reportPath, as: leader, body: ["assessment": assessment])
        XCTAssertEqual(again.status, 409, "one underretning per task: \(again.text)")

        // The case worker's queue has every school's; a school leader's only the school's own; nobody else's.
        let queue = try await stack.send("GET", "/v1/underretninger", as: caseWorker)
        XCTAssertEqual(queue.status, 200, queue.text)
        let item = (queue.json["underretninger"] as? [[String: Any]] ?? []).first { $0["underretningId"] as? String == id }
        XCTAssertEqual(item?["status"] as? String, "new", queue.text)
        XCTAssertEqual((item?["nextStep"] as? [String: Any])?["step"] as? String, "receive")
        let ownQueue = try await stack.send("GET", "/v1/underretninger", as: leader)
        XCTAssertTrue((ownQueue.json["underretninger"] as? [[String: Any]] ?? []).contains { $0["underretningId"] as? String == id }, ownQueue.text)
        let otherQueue = try await stack.send("GET", "/v1/underretninger", as: otherLeader)
        XCTAssertFalse(otherQueue.text.contains(id), "another school's leader sees the underretning: \(otherQueue.text)")
        for outsider in [teacher, analyst, admin, dpo] {
            let refused = try await stack.send("GET", "/v1/underretninger", as: outsider)
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) reads the queue: \(refused.text)")
        }
        for outsider in [otherLeader, teacher, analyst, admin] {
            let refused = try await stack.send("GET", "/v1/underretninger/\(id)", as: outsider)
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) reads the underretning: \(refused.text)")
        }
        let read = try await stack.send("GET", "/v1/underretninger/\(id)", as: caseWorker)
        XCTAssertEqual(read.status, 200, read.text)
        XCTAssertEqual(read.json["assessment"] as? String, assessment)
        XCTAssertEqual(((read.json["evidence"] as? [String: Any])?["contacts"] as? [Any])?.count ?? 0, 0)

        // Step 4: only the case worker acts; the order is kept.
        let base = "/v1/underretninger/\(id)"
        for outsider in [leader, analyst, admin] {
            let refused = try await stack.send("POST", base + "/receive", as: outsider, body: [:])
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) receives the underretning: \(refused.text)")
        }
        let early = try await stack.send("POST", base + "/hearings", as: caseWorker,
                                         body: ["sentVia": "digital-post", "child": "heard", "content": "Partshøring"])
        XCTAssertEqual(early.status, 409, "no hearing before the evidence check: \(early.text)")
        let received = try await stack.send("POST", base + "/receive", as: caseWorker, body: [:])
        XCTAssertEqual(received.status, 200, received.text)
        XCTAssertEqual(received.json["status"] as? String, "in-progress")
        let checked = try await stack.send("POST", base + "/evidence-check", as: caseWorker, body: ["supports": true, "note": "to dage registreret"])
        XCTAssertEqual(checked.status, 200, checked.text)
        let hearing = try await stack.send("POST", base + "/hearings", as: caseWorker,
                                           body: ["sentVia": "digital-post", "child": "heard", "content": "Partshøring om fraværet \(tag)"])
        XCTAssertEqual(hearing.status, 201, hearing.text)
        let hearingId = try XCTUnwrap((hearing.json["hearings"] as? [[String: Any]])?.first?["hearingId"] as? String, hearing.text)
        let tooEarly = try await stack.send("POST", base + "/decision", as: caseWorker, body: ["outcome": "stop", "reasons": "Fraværet er ulovligt"])
        XCTAssertEqual(tooEarly.status, 409, "no stop before the answer or its deadline: \(tooEarly.text)")
        let answered = try await stack.send("POST", base + "/hearings/\(hearingId)/answer", as: caseWorker, body: ["answer": "Vi har ikke noget at tilføje"])
        XCTAssertEqual(answered.status, 200, answered.text)
        let excusedStop = try await stack.send("POST", base + "/decision", as: caseWorker,
                                               body: ["outcome": "stop", "excusable": ["home-teaching"], "reasons": "Fraværet er ulovligt"])
        XCTAssertEqual(excusedStop.status, 422, "excusable circumstances mean no stop: \(excusedStop.text)")
        let decided = try await stack.send("POST", base + "/decision", as: caseWorker,
                                           body: ["outcome": "stop", "reasons": "Der er ikke oplyst undskyldelige omstændigheder \(tag)", "language": "da"])
        XCTAssertEqual(decided.status, 201, decided.text)
        let decision = decided.json["decision"] as? [String: Any] ?? [:]
        let letter = decision["letter"] as? String ?? ""
        XCTAssertTrue(letter.contains("Klagevejledning") && letter.contains("Ankestyrelsen") && letter.contains("4 uger"), letter)
        XCTAssertTrue(letter.contains("Der er ikke oplyst undskyldelige omstændigheder \(tag)"), "the reasons are in the letter")
        XCTAssertEqual(decision["stopPeriod"] as? String, Quarter(pupil.today).next.key)
        XCTAssertTrue((decision["payerNotice"] as? String ?? "").contains("Udbetaling Danmark"), decided.text)

        // The school leader reads the school's decision; the other school's does not.
        let schoolReads = try await stack.send("GET", base, as: leader)
        XCTAssertEqual((schoolReads.json["decision"] as? [String: Any])?["outcome"] as? String, "stop", schoolReads.text)

        // Step 5: the appeal and its outcome.
        let appeal = try await stack.send("POST", base + "/appeal", as: caseWorker, body: ["note": "klage modtaget pr. brev"])
        XCTAssertEqual(appeal.status, 201, appeal.text)
        XCTAssertEqual(appeal.json["status"] as? String, "appealed")
        let refusedOutcome = try await stack.send("POST", base + "/appeal/outcome", as: leader, body: ["reassessment": "kept", "outcome": "upheld"])
        XCTAssertEqual(refusedOutcome.status, 403, refusedOutcome.text)
        let outcome = try await stack.send("POST", base + "/appeal/outcome", as: caseWorker, body: ["reassessment": "kept", "outcome": "upheld"])
        XCTAssertEqual(outcome.status, 200, outcome.text)
        XCTAssertEqual((outcome.json["appeal"] as? [String: Any])?["outcome"] as? String, "upheld")
        let timeline = (outcome.json["timeline"] as? [[String: Any]] ?? []).compactMap { $0["step"] as? String }
        for step in ["warn-parents", "notify-municipality", "receive", "check-evidence", "hear-parties", "decide", "reassess-appeal", "appeal-outcome"] {
            XCTAssertTrue(timeline.contains(step), "\(step) is on the timeline: \(timeline)")
        }

        // The audit log names each step with the role that allowed it.
        let audit = try await stack.send("GET", "/v1/audit?pupilKey=\(pupil.key)", as: dpo)
        for action in ["send-warning-letter", "make-underretning", "receive-underretning", "send-hearing", "decide-benefit", "record-appeal-result"] {
            XCTAssertTrue(audit.text.contains(action), "\(action) is in the audit log")
        }
        XCTAssertTrue(audit.text.contains("benefit-case-worker"), audit.text.prefix(400).description)

        // The figures: per quarter, no pupil; the school leader the school's, the case worker every school's, a teacher nothing.
        let figures = "/v1/legal-track/figures?schoolId=\(pupil.school)"
        let counted = try await stack.send("GET", figures, as: caseWorker)
        XCTAssertEqual(counted.status, 200, counted.text)
        XCTAssertFalse(counted.text.contains(pupil.key), "the figures name no pupil")
        let quarter = (counted.json["quarters"] as? [[String: Any]] ?? []).first { $0["period"] as? String == Quarter(pupil.today).key }
        for key in ["warnings", "underretninger", "hearings", "decisions"] {
            let count = quarter?[key] as? [String: Any]
            XCTAssertEqual(count?["done"] as? Int, 1, "\(key): \(counted.text)")
            XCTAssertEqual(count?["withinDeadline"] as? Int, 1, "\(key) was done in time: \(counted.text)")
        }
        XCTAssertEqual(quarter?["appeals"] as? Int, 1, counted.text)
        XCTAssertEqual(quarter?["stops"] as? Int, 1, counted.text)
        let schoolFigures = try await stack.send("GET", figures, as: leader)
        XCTAssertEqual(schoolFigures.status, 200, schoolFigures.text)
        for outsider in [teacher, otherLeader, dpo] {
            let refused = try await stack.send("GET", figures, as: outsider)
            XCTAssertEqual(refused.status, 403, "\(outsider.staffId) reads the school's legal figures: \(refused.text)")
        }
    }
}
