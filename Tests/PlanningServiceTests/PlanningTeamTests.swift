import Foundation
import PlanningAPI
import XCTest
@testable import PlanningService
@testable import Shared

/// Case team members once promoted themselves (issue 16, finding 5): anyone who could edit a case
/// could replace its team — make themselves tovholder or school leader — and a team role written
/// into the team granted the underretning. The team is changed by the tovholder and the school's
/// leader only, and a team role grants a legal task only to a person who really holds that role.
final class PlanningTeamTests: XCTestCase {
    func testTheTeamIsTheTovholdersAndTheLeadersAndATeamRoleIsNoStaffRole() {
        func staff(_ id: String, _ roles: Set<StaffRole>) -> StaffPrincipal {
            StaffPrincipal(staffId: id, name: id, email: "\(id)@k.dk", roles: roles, schoolIds: ["s1"], isMunicipalityWide: false)
        }
        let team = [CaseTeamMember(staffId: "t-1", role: .coordinator, email: "t-1@k.dk"),
                    CaseTeamMember(staffId: "t-2", role: .contactTeacher, email: "t-2@k.dk"),
                    CaseTeamMember(staffId: "t-2", role: .schoolLeader, email: "t-2@k.dk"),
                    CaseTeamMember(staffId: "l-1", role: .schoolLeader, email: "l-1@k.dk")]
        let onCase = AccessPolicy.Resource(schoolId: "s1", team: team)
        XCTAssertEqual(AccessPolicy.decide(.changeTeam, by: staff("t-1", [.teacher]), on: onCase), .allow(role: "team:coordinator"))
        XCTAssertEqual(AccessPolicy.decide(.changeTeam, by: staff("l-9", [.schoolLeader]), on: onCase), .allow(role: "school-leader"))
        if case .allow = AccessPolicy.decide(.changeTeam, by: staff("t-2", [.teacher]), on: onCase) { XCTFail("a team member does not change the team") }
        if case .allow = AccessPolicy.decide(.changeTeam, by: staff("d-1", [.detectionTeam]), on: onCase) { XCTFail("the detection team sets the team at triage only") }
        XCTAssertEqual(AccessPolicy.decide(.editCase, by: staff("t-2", [.teacher]), on: onCase), .allow(role: "team:contact-teacher"))
        if case .allow = AccessPolicy.decide(.completeNotifyMunicipality, by: staff("t-2", [.teacher]), on: onCase) {
            XCTFail("a teacher written onto the team as school leader does not make the underretning")
        }
        let wide = StaffPrincipal(staffId: "l-1", name: "l", email: "l-1@k.dk", roles: [.schoolLeader], schoolIds: [], isMunicipalityWide: false)
        XCTAssertEqual(AccessPolicy.decide(.completeNotifyMunicipality, by: wide, on: onCase), .allow(role: "team:school-leader"))
    }

    func testOnlyTheTovholderAndTheSchoolLeaderChangeTheTeamAndRolesOnTheTeamAreReal() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-tm-\(tag)"
        let detection = stack.staff("opspor-\(tag)", [.detectionTeam], schools: [school])
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        let coordinator = stack.staff("tovholder-\(tag)", [.teacher], schools: [school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let ppr = stack.staff("ppr-\(tag)", [.pprPsychologist], schools: [], wide: true)
        func member(_ staff: StaffPrincipal, _ role: String) -> [String: Any] { ["staffId": staff.staffId, "role": role, "email": staff.email] }
        try await stack.known([coordinator, teacher, ppr])

        let (caseId, _) = try await stack.openCase(rule: "unauthorized-quarter-report", pupil: PlanningStack.pupilKey(), school: school, by: detection,
                                                   team: [member(coordinator, "coordinator"), member(teacher, "contact-teacher")])
        func version() async throws -> String? { try await stack.send("GET", "/v1/cases/\(caseId)", as: leader).etag }

        // A team member edits the case but may not make themselves tovholder or school leader.
        let promoted = try await stack.send("PATCH", "/v1/cases/\(caseId)", as: teacher, body: [
            "team": [member(teacher, "coordinator"), member(coordinator, "contact-teacher")],
        ], ifMatch: try await version())
        XCTAssertEqual(promoted.status, 403, promoted.text)
        let leaderRole = try await stack.send("PATCH", "/v1/cases/\(caseId)", as: teacher, body: [
            "team": [member(coordinator, "coordinator"), member(teacher, "contact-teacher"), member(teacher, "school-leader")],
        ], ifMatch: try await version())
        XCTAssertEqual(leaderRole.status, 403, leaderRole.text)
        let cadence = try await stack.send("PATCH", "/v1/cases/\(caseId)", as: teacher, body: ["meetingCadenceDays": 21], ifMatch: try await version())
        XCTAssertEqual(cadence.status, 200, "the rest of the case a team member still edits: \(cadence.text)")

        // The tovholder and the school leader change the team.
        let byCoordinator = try await stack.send("PATCH", "/v1/cases/\(caseId)", as: coordinator, body: [
            "team": [member(coordinator, "coordinator"), member(teacher, "contact-teacher"), member(ppr, "ppr-psychologist")],
        ], ifMatch: try await version())
        XCTAssertEqual(byCoordinator.status, 200, byCoordinator.text)
        // Even when the leader writes a teacher onto the team as school leader, the role grants no underretning.
        let byLeader = try await stack.send("PATCH", "/v1/cases/\(caseId)", as: leader, body: [
            "team": [member(coordinator, "coordinator"), member(teacher, "school-leader"), member(ppr, "ppr-psychologist")],
        ], ifMatch: try await version())
        XCTAssertEqual(byLeader.status, 200, byLeader.text)

        let tasks = try await stack.send("GET", "/v1/schools/\(school)/legal-tasks", as: leader).json["tasks"] as? [[String: Any]] ?? []
        let task = try XCTUnwrap(tasks.first { $0["kind"] as? String == "notify-municipality" }?["taskId"] as? String, "\(tasks)")
        let byTeacher = try await stack.send("POST", "/v1/legal-tasks/\(task)/complete", as: teacher, body: ["note": "underretning sendt"])
        XCTAssertEqual(byTeacher.status, 403, byTeacher.text)
        let done = try await stack.send("POST", "/v1/legal-tasks/\(task)/complete", as: leader, body: ["note": "underretning sendt"])
        XCTAssertEqual(done.status, 200, done.text)
        let (status, output) = try stack.checkOpenAPI()
        XCTAssertEqual(status, 0, output)
    }
}
