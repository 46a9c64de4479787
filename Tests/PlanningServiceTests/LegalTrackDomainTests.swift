import Foundation
import PlanningAPI
import XCTest
@testable import PlanningService
@testable import Shared

/// The legal track's pure parts: who may (AccessPolicy), and the order of the municipality's steps
/// (UnderretningProgress, principle 11-21).
final class LegalTrackDomainTests: XCTestCase {
    func staff(_ roles: Set<StaffRole>, schools: Set<String>, wide: Bool = false) -> StaffPrincipal {
        StaffPrincipal(staffId: "x", name: "X", email: "x@kommune.dk", roles: roles, schoolIds: schools, isMunicipalityWide: wide)
    }

    func allowed(_ action: AccessPolicy.Action, _ staff: StaffPrincipal, _ resource: AccessPolicy.Resource) -> Bool {
        if case .allow = AccessPolicy.decide(action, by: staff, on: resource) { return true }
        return false
    }

    func testTheBenefitCaseWorkerSeesUnderretningerOfEverySchoolAndNothingElse() {
        let worker = staff([.benefitCaseWorker], schools: [], wide: true)
        for resource in [AccessPolicy.Resource.municipality, .school("s1"), .school("s2")] {
            XCTAssertTrue(allowed(.viewUnderretning, worker, resource))
            XCTAssertTrue(allowed(.handleUnderretning, worker, resource))
        }
        for action in AccessPolicy.Action.allCases where ![.viewUnderretning, .handleUnderretning, .viewLegalFigures].contains(action) {
            XCTAssertFalse(allowed(action, worker, .school("s1")), "\(action.rawValue)")
        }
    }

    func testSchoolStaffSeeTheirSchoolsStepsOnly() {
        let leader = staff([.schoolLeader], schools: ["s1"])
        let teacher = staff([.teacher], schools: ["s1"])
        let detection = staff([.detectionTeam], schools: ["s1"])
        XCTAssertTrue(allowed(.viewUnderretning, leader, .school("s1")))
        XCTAssertFalse(allowed(.viewUnderretning, leader, .school("s2")))
        XCTAssertFalse(allowed(.viewUnderretning, leader, .municipality), "a leader's queue is the school's, not the municipality's")
        XCTAssertFalse(allowed(.handleUnderretning, leader, .school("s1")), "the school does not decide")
        XCTAssertTrue(allowed(.contactParents, teacher, .school("s1")))
        XCTAssertFalse(allowed(.contactParents, teacher, .school("s2")))
        XCTAssertFalse(allowed(.viewUnderretning, teacher, .school("s1")))
        XCTAssertFalse(allowed(.completeNotifyMunicipality, detection, .school("s1")), "the underretning is the school leader's")
        XCTAssertFalse(allowed(.contactParents, staff([.healthNurse], schools: ["s1"]), .school("s1")))
        for role in [StaffRole.municipalityAnalyst, .municipalityAdmin, .dataProtectionOfficer, .socialWorker, .pprPsychologist] {
            let person = staff([role], schools: [], wide: true)
            XCTAssertFalse(allowed(.viewUnderretning, person, .school("s1")), role.rawValue)
            XCTAssertFalse(allowed(.contactParents, person, .school("s1")), role.rawValue)
        }
        XCTAssertTrue(allowed(.manageLetterTemplates, staff([.municipalityAdmin], schools: [], wide: true), .municipality))
        XCTAssertFalse(allowed(.manageLetterTemplates, leader, .school("s1")))
    }

    func progress(check: Bool? = nil, hearings: [Hearing] = [], today: SchoolDate) -> UnderretningProgress {
        let made = Date(timeIntervalSince1970: 1_796_000_000)
        return UnderretningProgress(record: .init(madeAt: made, received: StepRecord(at: made, by: "w"),
                                                  evidenceCheck: check.map { EvidenceCheck(supports: $0, note: nil, checkedAt: made, checkedBy: "w") },
                                                  hearings: hearings, decision: nil, appeal: nil),
                                    deadlines: .standard, today: today)
    }

    func testTheOrderOfPrinciple1121() throws {
        let today = SchoolDate(Date(timeIntervalSince1970: 1_796_000_000))
        let stop = NewBenefitDecision(outcome: .stop, reasons: "r")
        XCTAssertThrowsError(try progress(today: today).mayHear(), "no hearing before the evidence check")
        XCTAssertThrowsError(try progress(check: false, today: today).mayHear(), "nobody to hear when the absence does not support the report")
        XCTAssertNoThrow(try progress(check: false, today: today).mayDecide(NewBenefitDecision(outcome: .dropped, reasons: "r")))
        XCTAssertThrowsError(try progress(check: true, today: today).mayDecide(stop), "no stop without a hearing")
        let sent = Date(timeIntervalSince1970: 1_796_000_000)
        let open = Hearing(hearingId: "h", sentAt: sent, sentVia: .letter, answerBy: today.adding(days: 14), child: .heard, content: "c", sentBy: "w",
                           answeredAt: nil, answer: nil, answerRecordedBy: nil)
        XCTAssertThrowsError(try progress(check: true, hearings: [open], today: today).mayDecide(stop), "not before the answer or its deadline")
        XCTAssertNoThrow(try progress(check: true, hearings: [open], today: today.adding(days: 15)).mayDecide(stop), "the deadline passed")
        var answered = open
        answered.answeredAt = sent
        XCTAssertNoThrow(try progress(check: true, hearings: [answered], today: today).mayDecide(stop))
        XCTAssertThrowsError(try progress(check: true, hearings: [answered], today: today)
            .mayDecide(NewBenefitDecision(outcome: .stop, excusable: [.homeTeaching], reasons: "r")), "excusable circumstances: no stop")
    }

    func testTheDeadlinesDefaultToTheGuidance() {
        let deadlines = LegalDeadlines.standard
        XCTAssertEqual(deadlines.contactParentsWeekdays, 0, "the same day")
        XCTAssertEqual(deadlines.notifyMunicipalityWeekdays, 1, "straks")
        XCTAssertEqual(deadlines.appealDays, 28, "four weeks")
        let monday = SchoolDate(year: 2026, month: 12, day: 7)!
        XCTAssertEqual(deadlines.contactDue(absentOn: monday), monday)
    }
}
