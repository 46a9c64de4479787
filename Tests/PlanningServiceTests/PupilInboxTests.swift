import Foundation
import PlanningAPI
import XCTest
@testable import PlanningService
@testable import Shared

/// The inbox with the child as the unit: the pure order, counts, filters and paging, and the way a
/// decided pupil comes back; then the API against the test stack (one row per pupil, triage on the
/// pupil covering its findings, escalation bringing a dismissed pupil back, access and bad input).
final class PupilInboxTests: XCTestCase {
    let today = SchoolDate("2026-11-20")!
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    func finding(_ pupil: String, _ rule: String, rate: Double = 0.2, threshold: Double = 0.1, hoursAgo: Double = 1,
                 triage: Concern.Triage = .new, asOf: String = "2026-11-19") -> PupilInbox.Finding {
        PupilInbox.Finding(concernId: "\(pupil)-\(rule)", pupilKey: pupil, rule: rule, origin: rule == "staff-report" ? .staff : .rule,
                           asOf: SchoolDate(asOf)!, rate: rate, threshold: threshold, schoolDays: 40, unauthorizedDays: nil,
                           raisedAt: now.addingTimeInterval(-hoursAgo * 3600), concernTriage: triage)
    }

    func info(_ className: String, _ grade: Int) -> PupilInbox.PupilInfo { .init(name: "x", className: className, grade: grade) }

    func testOneRowPerPupilInTheOrderOfAttention() {
        let findings = [
            finding("pattern-only", "weekday-pattern", rate: 4, threshold: 3),
            finding("severe", "severe-absence", rate: 0.6, threshold: 0.5),
            finding("two", "weekday-pattern", rate: 3, threshold: 3),
            finding("two", "unauthorized-quarter-report", rate: 0.16, threshold: 0.15),
            finding("two", "unauthorized-quarter-warning", rate: 0.16, threshold: 0.10),
            finding("warned", "unauthorized-quarter-warning", rate: 0.12, threshold: 0.10),
            finding("concerning-high", "concerning-absence", rate: 0.30),
            finding("concerning-low-old", "concerning-absence", rate: 0.12, hoursAgo: 100),
            finding("concerning-low-new", "concerning-absence", rate: 0.12, hoursAgo: 2),
            finding("teacher", "staff-report", rate: 0, threshold: 0),
            finding("rising", "unauthorized-quarter-so-far"),
        ]
        let rows = PupilInbox.rows(findings: findings, decisions: [:], openCases: [:], pupils: [:], today: today)
        XCTAssertEqual(rows.map(\.pupilKey), ["two", "warned", "severe", "concerning-high", "concerning-low-old", "concerning-low-new",
                                              "teacher", "rising", "pattern-only"])
        let two = rows[0]
        XCTAssertEqual(two.tier, .underretning)
        XCTAssertEqual(two.findings.map(\.rule), ["unauthorized-quarter-report", "unauthorized-quarter-warning", "weekday-pattern"],
                       "all of the pupil's findings, most urgent first")
        XCTAssertEqual(two.findings.first?.asOf, SchoolDate("2026-11-19"), "the school day the finding is about")
        XCTAssertEqual(InboxTier(rule: "a-rule-added-later"), .pattern)
    }

    func testCountsFiltersAndPaging() {
        let findings = (0..<30).map { finding("p\($0)", $0 < 3 ? "unauthorized-quarter-report" : "concerning-absence", rate: 0.1 + Double($0) / 100) }
        let pupils = Dictionary(uniqueKeysWithValues: (0..<30).map { ("p\($0)", info($0 % 2 == 0 ? "6A" : "7B", $0 % 2 == 0 ? 6 : 7)) })
        let rows = PupilInbox.rows(findings: findings, decisions: [:], openCases: ["p1": "case-1"], pupils: pupils, today: today)
        let first = PupilInbox.page(rows, filter: .init(), offset: 0, limit: 10)
        XCTAssertEqual(first.total, 29, "the pupil with a case is not new")
        XCTAssertEqual(first.tierCounts, [.underretning: 2, .concerning: 27])
        XCTAssertEqual(first.rows.count, 10)
        XCTAssertEqual(first.rows.prefix(2).map(\.pupilKey), ["p2", "p0"], "legal duties first, the higher rate first")
        let last = PupilInbox.page(rows, filter: .init(), offset: 20, limit: 10)
        XCTAssertEqual(last.rows.count, 9)
        XCTAssertTrue(Set(first.rows.map(\.pupilKey)).isDisjoint(with: last.rows.map(\.pupilKey)))
        XCTAssertEqual(PupilInbox.page(rows, filter: .init(), offset: 500, limit: 10).rows, [])
        let sixA = PupilInbox.page(rows, filter: .init(className: "6A"), offset: 0, limit: 50)
        XCTAssertEqual(sixA.total, 15)
        XCTAssertEqual(PupilInbox.page(rows, filter: .init(grade: 7), offset: 0, limit: 50).total, 14)
        XCTAssertEqual(PupilInbox.page(rows, filter: .init(rule: "unauthorized-quarter-report"), offset: 0, limit: 50).rows.map(\.pupilKey), ["p2", "p0"])
        let withCase = PupilInbox.page(rows, filter: .init(states: Set(PupilInbox.State.allCases), hasCase: true), offset: 0, limit: 50)
        XCTAssertEqual(withCase.rows.map(\.pupilKey), ["p1"])
        XCTAssertEqual(withCase.rows.first?.state, .case)
        XCTAssertEqual(PupilInbox.page(rows, filter: .init(states: Set(PupilInbox.State.allCases), hasCase: false), offset: 0, limit: 50).total, 29)
        let underretning = PupilInbox.page(rows, filter: .init(tier: .underretning), offset: 0, limit: 50)
        XCTAssertEqual(underretning.rows.map(\.pupilKey), ["p2", "p0"], "the tier filter narrows the rows")
        XCTAssertEqual(underretning.tierCounts, [.underretning: 2, .concerning: 27], "but not the counts, which link to each tier")
    }

    func testADecidedPupilComesBackOnlyOnEscalationOrItsReviewDate() {
        let concerning = [finding("p", "concerning-absence")]
        let dismissed = PupilInbox.Decision(kind: .dismissed, tier: .concerning, reason: "kendt sygdom", decidedAt: now)
        XCTAssertEqual(PupilInbox.state(tier: .concerning, decision: dismissed, findings: concerning, openCase: nil, today: today).0, .dismissed)
        XCTAssertEqual(PupilInbox.state(tier: .rising, decision: dismissed, findings: concerning, openCase: nil, today: today).0, .dismissed,
                       "a less urgent finding does not bring it back")
        let back = PupilInbox.state(tier: .severe, decision: dismissed, findings: concerning, openCase: nil, today: today)
        XCTAssertEqual(back.0, .new)
        XCTAssertEqual(back.1, .escalated)
        let watched = PupilInbox.Decision(kind: .watching, tier: .warning, reviewDate: SchoolDate("2026-11-27"), decidedAt: now)
        XCTAssertEqual(PupilInbox.state(tier: .warning, decision: watched, findings: concerning, openCase: nil, today: today).0, .watching)
        XCTAssertEqual(PupilInbox.state(tier: .warning, decision: watched, findings: concerning, openCase: nil, today: SchoolDate("2026-11-27")!).1, .reviewDue)
        XCTAssertEqual(PupilInbox.state(tier: .underretning, decision: watched, findings: concerning, openCase: nil, today: today).1, .escalated)
        let onCase = PupilInbox.Decision(kind: .case, tier: .severe, decidedAt: now, caseId: "c")
        XCTAssertEqual(PupilInbox.state(tier: .severe, decision: onCase, findings: concerning, openCase: "c", today: today).0, .case)
        XCTAssertEqual(PupilInbox.state(tier: .severe, decision: onCase, findings: concerning, openCase: nil, today: today).1, .caseClosed)
        // No pupil-level decision: the concerns' own triage.
        XCTAssertEqual(PupilInbox.state(tier: .concerning, decision: nil, findings: [finding("p", "concerning-absence", triage: .dismissed)],
                                        openCase: nil, today: today).0, .dismissed)
        XCTAssertEqual(PupilInbox.state(tier: .concerning, decision: nil, findings: [finding("p", "concerning-absence", triage: .dismissed),
                                                                                      finding("p", "severe-absence")], openCase: nil, today: today).0, .new)
    }

    // MARK: the API on the test stack

    func testTheInboxAPIOneRowPerPupilAndTriageOnThePupil() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-in-\(tag)"
        let detection = stack.staff("opspor-\(tag)", [.detectionTeam], schools: [school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let (anna, bo) = (PlanningStack.pupilKey(), PlanningStack.pupilKey())
        let now = Date()
        let today = SchoolDate(now)
        func directory(_ key: String, _ given: String, _ className: String) -> PupilDirectoryEntry {
            PupilDirectoryEntry(pupilKey: key, givenName: given, familyName: "Inbox-\(tag)", schoolId: school, schoolName: "Indbakkeskolen",
                                className: className, grade: 6, enrolledFrom: SchoolDate("2020-08-10")!, updatedAt: now)
        }
        func concern(_ key: String, _ rule: String, rate: Double, threshold: Double, asOf: SchoolDate) -> ConcernRaised {
            ConcernRaised(concernId: "\(rule)-\(key)", pupilKey: key, schoolId: school, origin: .rule, rule: rule, windowStart: asOf.adding(days: -30),
                          windowEnd: asOf, period: asOf.quarterKey,
                          explanation: .init(schoolDays: 40, absentDays: ["unauthorized": 6], rate: rate, threshold: threshold, dates: [asOf], summary: "x"),
                          policyVersion: 1, raisedAt: now)
        }
        let asOf = today.adding(days: -3)
        try await stack.publish([directory(anna, "Anna", "6A"), directory(bo, "Bo", "6B"),
                                 concern(anna, "unauthorized-quarter-report", rate: 0.16, threshold: 0.15, asOf: asOf),
                                 concern(anna, "unauthorized-quarter-warning", rate: 0.16, threshold: 0.10, asOf: asOf.adding(days: -5)),
                                 concern(anna, "weekday-pattern", rate: 3, threshold: 3, asOf: asOf),
                                 concern(bo, "concerning-absence", rate: 0.12, threshold: 0.10, asOf: asOf)])
        var inbox: [String: Any] = [:]
        try await stack.eventually("two pupils, four findings") {
            inbox = try await stack.send("GET", "/v1/schools/\(school)/inbox", as: detection).json
            let pupils = inbox["pupils"] as? [[String: Any]] ?? []
            return pupils.count == 2 && pupils.map { ($0["findings"] as? [Any])?.count ?? 0 } == [3, 1]
        }
        let rows = inbox["pupils"] as? [[String: Any]] ?? []
        XCTAssertEqual(rows.map { $0["pupilKey"] as? String }, [anna, bo], "the underretning first")
        XCTAssertEqual(rows.first?["tier"] as? String, "underretning")
        XCTAssertEqual(((rows.first?["findings"] as? [[String: Any]])?.first)?["asOf"] as? String, asOf.description)
        XCTAssertEqual(((rows.first?["pupil"] as? [String: Any])?["givenName"]) as? String, "Anna")
        let tiers = Dictionary(uniqueKeysWithValues: (inbox["tiers"] as? [[String: Any]] ?? []).map { ($0["tier"] as? String ?? "", $0["count"] as? Int ?? -1) })
        XCTAssertEqual(tiers, ["underretning": 1, "warning": 0, "severe": 0, "concerning": 1, "rising": 0, "pattern": 0])
        let filtered = try await stack.send("GET", "/v1/schools/\(school)/inbox?class=6B&limit=1", as: detection).json
        XCTAssertEqual((filtered["pupils"] as? [[String: Any]])?.map { $0["pupilKey"] as? String }, [bo])
        XCTAssertEqual(filtered["total"] as? Int, 1)

        // Bad parameters and access.
        for (query, field) in [("state=sleeping", "state"), ("limit=0", "limit"), ("grade=x", "grade"), ("hasCase=maybe", "hasCase"), ("offset=-1", "offset")] {
            let reply = try await stack.send("GET", "/v1/schools/\(school)/inbox?\(query)", as: detection)
            XCTAssertEqual(reply.status, 400, query)
            XCTAssertTrue(reply.text.contains(field), reply.text)
        }
        let teacherInbox = try await stack.send("GET", "/v1/schools/\(school)/inbox", as: teacher)
        XCTAssertEqual(teacherInbox.status, 403)
        let refused = try await stack.send("POST", "/v1/schools/\(school)/pupils/\(bo)/triage", as: teacher, body: ["decision": "dismiss", "reason": "x"])
        XCTAssertEqual(refused.status, 403)
        let noReason = try await stack.send("POST", "/v1/schools/\(school)/pupils/\(bo)/triage", as: detection, body: ["decision": "dismiss"])
        XCTAssertEqual(noReason.status, 422)
        let elsewhere = try await stack.send("POST", "/v1/schools/\(school)/pupils/not-a-pupil-\(tag)/triage", as: detection,
                                             body: ["decision": "dismiss", "reason": "x"])
        XCTAssertEqual(elsewhere.status, 404)

        // Dismissing Bo covers his finding; he is gone from the new list, and back when a finding escalates him.
        let dismissed = try await stack.send("POST", "/v1/schools/\(school)/pupils/\(bo)/triage", as: detection,
                                             body: ["decision": "dismiss", "reason": "kendt, forældre i kontakt"])
        XCTAssertEqual(dismissed.status, 200, dismissed.text)
        XCTAssertEqual(dismissed.json["state"] as? String, "dismissed")
        XCTAssertEqual(dismissed.json["concernIds"] as? [String], ["concerning-absence-\(bo)"])
        let concernAfter = try await stack.send("GET", "/v1/concerns/concerning-absence-\(bo)", as: detection).json
        XCTAssertEqual(concernAfter["triage"] as? String, "dismissed", "the concern's own triage follows the pupil's")
        var newList = try await stack.send("GET", "/v1/schools/\(school)/inbox", as: detection).json["pupils"] as? [[String: Any]] ?? []
        XCTAssertEqual(newList.map { $0["pupilKey"] as? String }, [anna])
        try await stack.publish([concern(bo, "weekday-pattern", rate: 4, threshold: 3, asOf: today)])
        try await stack.eventually("the pattern finding arrived") {
            try await stack.send("GET", "/v1/concerns/weekday-pattern-\(bo)", as: detection).status == 200
        }
        newList = try await stack.send("GET", "/v1/schools/\(school)/inbox", as: detection).json["pupils"] as? [[String: Any]] ?? []
        XCTAssertEqual(newList.map { $0["pupilKey"] as? String }, [anna], "a less urgent finding does not bring a dismissed pupil back")
        try await stack.publish([concern(bo, "severe-absence", rate: 0.6, threshold: 0.5, asOf: today)])
        try await stack.eventually("Bo is back, escalated to severe") {
            newList = try await stack.send("GET", "/v1/schools/\(school)/inbox", as: detection).json["pupils"] as? [[String: Any]] ?? []
            return newList.count == 2
        }
        let back = try XCTUnwrap(newList.first { $0["pupilKey"] as? String == bo })
        XCTAssertEqual(back["returned"] as? String, "escalated")
        XCTAssertEqual(back["tier"] as? String, "severe")
        XCTAssertEqual((back["findings"] as? [Any])?.count, 3, "the less urgent pattern finding did not bring him back alone, but is on his row")

        // Opening a case on Anna links all her findings to it.
        let team: [[String: Any]] = [["staffId": detection.staffId, "role": "coordinator", "email": detection.email]]
        let opened = try await stack.send("POST", "/v1/schools/\(school)/pupils/\(anna)/triage", as: detection, body: ["decision": "open-case", "team": team])
        XCTAssertEqual(opened.status, 200, opened.text)
        XCTAssertEqual(opened.json["caseCreated"] as? Bool, true)
        let caseId = try XCTUnwrap(opened.json["caseId"] as? String)
        let caseView = try await stack.send("GET", "/v1/cases/\(caseId)", as: detection)
        XCTAssertEqual(caseView.status, 200, caseView.text)
        for rule in ["unauthorized-quarter-report", "unauthorized-quarter-warning", "weekday-pattern"] {
            let linked = try await stack.send("GET", "/v1/concerns/\(rule)-\(anna)", as: detection)
            XCTAssertEqual(linked.json["caseId"] as? String, caseId, rule)
        }
        let withCase = try await stack.send("GET", "/v1/schools/\(school)/inbox?state=all&hasCase=true", as: detection).json["pupils"] as? [[String: Any]] ?? []
        XCTAssertEqual(withCase.map { $0["pupilKey"] as? String }, [anna])
        XCTAssertEqual(withCase.first?["state"] as? String, "case")
        let watch = try await stack.send("POST", "/v1/schools/\(school)/pupils/\(bo)/triage", as: detection,
                                         body: ["decision": "contact-parents"])
        XCTAssertEqual(watch.json["state"] as? String, "contacting", watch.text)
    }

    /// A case opened from the pupil's page without a concern: only for those who may open cases, not
    /// over open findings (decided in the inbox) or an open case.
    func testACaseWithoutAConcern() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-nc-\(tag)"
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let elsewhere = stack.staff("leder-x-\(tag)", [.schoolLeader], schools: ["skole-other-\(tag)"])
        let (quiet, flagged) = (PlanningStack.pupilKey(), PlanningStack.pupilKey())
        let now = Date()
        func directory(_ key: String) -> PupilDirectoryEntry {
            PupilDirectoryEntry(pupilKey: key, givenName: "Ida", familyName: "Uden-\(tag)", schoolId: school, schoolName: "Sagsskolen",
                                className: "4A", grade: 4, enrolledFrom: SchoolDate("2020-08-10")!, updatedAt: now)
        }
        let finding = ConcernRaised(concernId: "concerning-absence-\(flagged)", pupilKey: flagged, schoolId: school, origin: .rule, rule: "concerning-absence",
                                    windowStart: SchoolDate(now).adding(days: -40), windowEnd: SchoolDate(now), period: "2026/27",
                                    explanation: .init(schoolDays: 40, absentDays: ["illness": 5], rate: 0.125, threshold: 0.1, dates: [], summary: "x"),
                                    policyVersion: 1, raisedAt: now)
        try await stack.publish([directory(quiet), directory(flagged), finding])
        try await stack.eventually("the pupils and the finding arrived") {
            let pupil = try await stack.send("GET", "/v1/pupils/\(quiet)", as: leader).status
            let concern = try await stack.send("GET", "/v1/concerns/concerning-absence-\(flagged)", as: leader).status
            return pupil == 200 && concern == 200
        }
        let team: [[String: Any]] = [["staffId": leader.staffId, "role": "coordinator", "email": leader.email]]
        let body: [String: Any] = ["reason": "flytter hertil med en sag fra sin gamle skole", "team": team, "meetingCadenceDays": 21]
        let byTeacher = try await stack.send("POST", "/v1/pupils/\(quiet)/cases", as: teacher, body: body).status
        XCTAssertEqual(byTeacher, 403, "a teacher opens no case")
        let byOtherLeader = try await stack.send("POST", "/v1/pupils/\(quiet)/cases", as: elsewhere, body: body).status
        XCTAssertEqual(byOtherLeader, 403, "nor a leader of another school")
        let noReason = try await stack.send("POST", "/v1/pupils/\(quiet)/cases", as: leader, body: ["team": team])
        XCTAssertEqual(noReason.status, 422)
        XCTAssertTrue(noReason.text.contains("reason"), noReason.text)
        let overFindings = try await stack.send("POST", "/v1/pupils/\(flagged)/cases", as: leader, body: body).status
        XCTAssertEqual(overFindings, 409, "a pupil with open findings is decided on in the inbox")
        let opened = try await stack.send("POST", "/v1/pupils/\(quiet)/cases", as: leader, body: body)
        XCTAssertEqual(opened.status, 201, opened.text)
        let caseId = try XCTUnwrap(opened.json["caseId"] as? String)
        XCTAssertEqual((opened.json["concerns"] as? [Any])?.count, 0, "opened on no concern")
        let overview = try await stack.send("GET", "/v1/pupils/\(quiet)", as: leader).json
        XCTAssertEqual(overview["openCaseId"] as? String, caseId)
        let timeline = try await stack.send("GET", "/v1/cases/\(caseId)", as: leader).json["timeline"] as? [[String: Any]] ?? []
        XCTAssertTrue(timeline.contains { ($0["summary"] as? String ?? "").contains("without a concern") }, "\(timeline)")
        let again = try await stack.send("POST", "/v1/pupils/\(quiet)/cases", as: leader, body: body).status
        XCTAssertEqual(again, 409, "one open case per pupil")
        let events = try await stack.events([.caseOpened], mentioning: caseId, atLeast: 1)
        XCTAssertEqual(try events.first?.decode(CaseOpened.self).concernIds, [])
        XCTAssertEqual(try PlanningStack.checkSchemas(events).status, 0, "case.opened without concerns keeps its schema")
    }
}
