import Foundation
import Shared
import PlanningAPI
import XCTest
@testable import PlanningService

/// The pure domain logic, without servers: access policy, legal deadlines, meeting cadence,
/// evaluation, optimistic versions and plan validation (the dashboard's arithmetic: SchoolFiguresTests).
final class PlanningDomainTests: XCTestCase {
    func date(_ text: String) -> SchoolDate { SchoolDate(text)! }

    func staff(_ roles: Set<StaffRole>, schools: Set<String> = ["s1"], id: String = "u1", wide: Bool = false) -> StaffPrincipal {
        StaffPrincipal(staffId: id, name: "X", email: "x@k.dk", roles: roles, schoolIds: schools, isMunicipalityWide: wide)
    }

    func testAccessPolicyAllowsAndDeniesAsTheTableSays() {
        let leader = staff([.schoolLeader])
        let teacher = staff([.teacher])
        let analyst = staff([.municipalityAnalyst], schools: [], wide: true)
        let ppr = staff([.pprPsychologist], schools: [], id: "ppr-1", wide: true)
        let team = [CaseTeamMember(staffId: "ppr-1", role: .pprPsychologist, email: "p@k.dk"),
                    CaseTeamMember(staffId: "t-9", role: .coordinator, email: "t@k.dk")]
        let onCase = AccessPolicy.Resource(schoolId: "s1", team: team)

        XCTAssertEqual(AccessPolicy.decide(.viewInbox, by: leader, on: .school("s1")), .allow(role: "school-leader"))
        XCTAssertNotEqual(AccessPolicy.decide(.viewInbox, by: leader, on: .school("s2")), .allow(role: "school-leader"))
        XCTAssertEqual(AccessPolicy.decide(.reportConcern, by: teacher, on: .school("s1")), .allow(role: "teacher"))
        if case .allow = AccessPolicy.decide(.triageConcern, by: teacher, on: .school("s1")) { XCTFail("a teacher does not triage") }
        if case .allow = AccessPolicy.decide(.viewCase, by: teacher, on: onCase) { XCTFail("a teacher off the team does not see the case") }
        XCTAssertEqual(AccessPolicy.decide(.editCase, by: ppr, on: onCase), .allow(role: "team:ppr-psychologist"))
        if case .allow = AccessPolicy.decide(.closeCase, by: ppr, on: onCase) { XCTFail("only the tovholder or the school leader closes") }
        XCTAssertEqual(AccessPolicy.decide(.closeCase, by: staff([.teacher], id: "t-9"), on: onCase), .allow(role: "team:coordinator"))
        if case .allow = AccessPolicy.decide(.viewCase, by: ppr, on: .school("s1")) { XCTFail("PPR sees only the cases it is on") }
        XCTAssertEqual(AccessPolicy.decide(.viewMunicipalityFigures, by: analyst, on: .municipality), .allow(role: "municipality-analyst"))
        for action in [AccessPolicy.Action.viewPupil, .viewInbox, .viewCase, .editCase, .triageConcern, .reportConcern] {
            if case .allow = AccessPolicy.decide(action, by: analyst, on: onCase) { XCTFail("the analyst never reaches a pupil: \(action)") }
        }
        if case .allow = AccessPolicy.decide(.viewMunicipalityFigures, by: leader, on: .municipality) { XCTFail("a school leader sees their school only") }
        XCTAssertEqual(AccessPolicy.decide(.viewSchoolFigures, by: leader, on: .school("s1")), .allow(role: "school-leader"))
        XCTAssertEqual(AccessPolicy.decide(.setDashboardTargets, by: staff([.municipalityAdmin]), on: .municipality), .allow(role: "municipality-admin"))
        for role in [StaffRole.municipalityAnalyst, .schoolLeader, .detectionTeam, .dataProtectionOfficer] {
            if case .allow = AccessPolicy.decide(.setDashboardTargets, by: staff([role]), on: .school("s1")) { XCTFail("only the administrator sets the targets: \(role)") }
        }
        XCTAssertTrue(AccessPolicy.seesFigures(analyst) && AccessPolicy.seesFigures(leader))
        XCTAssertFalse(AccessPolicy.seesFigures(teacher), "a teacher sees no figures")
        XCTAssertEqual(AccessPolicy.decide(.completeNotifyMunicipality, by: staff([.detectionTeam]), on: .school("s1")),
                       .deny(reason: "complete-notify-municipality is not allowed for roles detection-team at school 's1'"))
        for action in AccessPolicy.Action.allCases {
            if case .allow = AccessPolicy.decide(action, by: staff([]), on: onCase) { XCTFail("no roles, no access: \(action)") }
        }
    }

    func testLegalDeadlinesCountWeekdaysFromTheDayTheConcernWasRaised() {
        let deadlines = LegalDeadlines.standard
        XCTAssertEqual(LegalDeadlines.kind(forRule: "unauthorized-quarter-warning"), .warnParents)
        XCTAssertEqual(LegalDeadlines.kind(forRule: "unauthorized-quarter-report"), .notifyMunicipality)
        XCTAssertNil(LegalDeadlines.kind(forRule: "unauthorized-quarter-so-far"), "the early warning of the share so far is no legal duty")
        XCTAssertNil(LegalDeadlines.kind(forRule: "concerning-absence"))
        // Tuesday 2026-11-24 + 3 weekdays = Friday 2026-11-27; + 1 = Wednesday 2026-11-25 (docs/legal-track.md).
        XCTAssertEqual(deadlines.dueDate(for: .warnParents, raisedOn: date("2026-11-24")), date("2026-11-27"))
        XCTAssertEqual(deadlines.dueDate(for: .notifyMunicipality, raisedOn: date("2026-11-24")), date("2026-11-25"))
        // Raised on a Saturday: the first weekday counted is Monday.
        XCTAssertEqual(deadlines.dueDate(for: .notifyMunicipality, raisedOn: date("2026-11-28")), date("2026-11-30"))
    }

    func testMeetingCadenceSkipsTheWeekend() {
        let held = EventCoding.parseTimestamp("2026-11-24T13:00:00Z")!  // Tuesday 14:00 in Copenhagen
        XCTAssertEqual(MeetingCadence(everyDays: 14).nextMeeting(after: held), EventCoding.parseTimestamp("2026-12-08T13:00:00Z")!)
        // 4 days after a Wednesday is a Sunday: moved to Monday.
        let wednesday = EventCoding.parseTimestamp("2026-11-25T09:00:00Z")!
        XCTAssertEqual(MeetingCadence(everyDays: 4).nextMeeting(after: wednesday), EventCoding.parseTimestamp("2026-11-30T09:00:00Z")!)
    }

    func testEvaluationComparesTheFourWeeksBeforeTheCaseWithTheLastFour() {
        func week(_ start: String, _ absent: Double) -> AbsenceSummary.Week { .init(weekStart: date(start), schoolDays: 5, absentDays: absent) }
        let weeks = [week("2026-09-21", 0), week("2026-09-28", 2), week("2026-10-05", 2), week("2026-10-12", 1), week("2026-10-19", 3),
                     week("2026-10-26", 1), week("2026-11-02", 0), week("2026-11-09", 0), week("2026-11-16", 1), week("2026-11-23", 0)]
        let result = CaseEvaluation.evaluate(weeks: weeks, openedOn: date("2026-10-26"), closingOn: date("2026-11-27"))
        XCTAssertEqual(result.weeksBefore, 4)
        XCTAssertEqual(result.absenceBefore, 8.0 / 20, accuracy: 1e-9)
        XCTAssertEqual(result.weeksAfter, 4)
        XCTAssertEqual(result.absenceAfter, 1.0 / 20, accuracy: 1e-9)
        XCTAssertEqual(result.outcome, .improved)
        let rising = [week("2026-10-05", 0), week("2026-10-12", 0), week("2026-10-19", 1), week("2026-10-26", 0),
                      week("2026-11-02", 2), week("2026-11-09", 3), week("2026-11-16", 2), week("2026-11-23", 3)]
        let worse = CaseEvaluation.evaluate(weeks: rising, openedOn: date("2026-11-02"), closingOn: date("2026-11-27"))
        XCTAssertEqual(worse.absenceBefore, 1.0 / 20, accuracy: 1e-9)
        XCTAssertEqual(worse.absenceAfter, 10.0 / 20, accuracy: 1e-9)
        XCTAssertEqual(worse.outcome, .worsened)
        XCTAssertEqual(CaseEvaluation.evaluate(weeks: weeks, openedOn: date("2026-10-26"), closingOn: date("2026-11-27"), transferred: true).outcome, .transferred)
        XCTAssertEqual(CaseEvaluation.evaluate(weeks: [], openedOn: date("2026-10-26"), closingOn: date("2026-11-27")).outcome, .unchanged)
    }

    func testIfMatchIsRequiredAndMustNameTheCurrentVersion() {
        XCTAssertNoThrow(try EntityTag.check("\"3\"", current: 3))
        XCTAssertNoThrow(try EntityTag.check("\"2\", \"3\"", current: 3))
        for (header, status) in [(nil, 428), ("*", 428), ("\"2\"", 412), ("3", 412)] as [(String?, Int)] {
            XCTAssertThrowsError(try EntityTag.check(header, current: 3)) { error in
                XCTAssertEqual((error as? ProblemDetails)?.status, status, "\(header ?? "nil")")
                XCTAssertEqual((error as? ProblemDetails)?.errors?.first?.field, "If-Match")
            }
        }
    }

    func testPlanValidationNamesEachBadField() throws {
        let catalogue = ["gradual-return": CatalogueEntry(code: "gradual-return", titleDa: "Gradvis tilbagevenden", titleEn: "Gradual return", arena: .learningEnvironment)]
        let good = PlanDocument(attendanceTarget: 0.9, targetDate: date("2027-02-01"), actions: [
            .init(catalogueCode: "gradual-return", arena: .learningEnvironment, ownerStaffId: "u1", startDate: date("2026-11-30"), dueDate: date("2026-12-18"), status: .planned),
        ])
        var counter = 0
        let validated = try good.validated(catalogue: catalogue) { counter += 1; return "a-\(counter)" }
        XCTAssertEqual(validated.actions[0].actionId, "a-1")
        XCTAssertEqual(validated.actions[0].title, "Gradvis tilbagevenden")
        let bad = PlanDocument(attendanceTarget: 1.5, targetDate: nil, actions: [
            .init(catalogueCode: "magic", arena: .child, ownerStaffId: " ", status: .planned),
            .init(catalogueCode: "custom", arena: .leisure, ownerStaffId: "u1", startDate: date("2026-12-18"), dueDate: date("2026-12-01"), status: .active),
        ])
        XCTAssertThrowsError(try bad.validated(catalogue: catalogue) { "x-\(UUID())" }) { error in
            let fields = Set((error as? ProblemDetails)?.errors?.map(\.field) ?? [])
            XCTAssertEqual(fields, ["attendanceTarget", "targetDate", "actions[0].catalogueCode", "actions[0].ownerStaffId",
                                    "actions[1].title", "actions[1].dueDate"])
        }
    }

    func testTeamNeedsExactlyOneTovholder() {
        let member = CaseTeam.Member(staffId: "a", role: .contactTeacher, email: "a@k.dk")
        XCTAssertThrowsError(try CaseTeam.validate([member]))
        XCTAssertNoThrow(try CaseTeam.validate([member, .init(staffId: "b", role: .coordinator, email: "b@k.dk")]))
        XCTAssertThrowsError(try CaseTeam.validate([.init(staffId: "b", role: .coordinator, email: "not-mail")])) { error in
            XCTAssertEqual((error as? ProblemDetails)?.errors?.first?.field, "team[0].email")
        }
    }
}
