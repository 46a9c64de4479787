import PlanningAPI
import Foundation
import XCTest
@testable import PlanningService
@testable import Shared

/// A case team once took any address (issue 16, finding 5's last part): the tovholder could write
/// anyone — an outside address — onto the team, and Notification mails the team about the child.
/// An address added to a team must now be a known staff member of the municipality: in the staff
/// register, which the administrator's import of the staff directory and the staff's own sign-ins fill.
final class PlanningStaffRegisterTests: XCTestCase {
    func testAnAddressAddedToATeamMustBeAKnownStaffMember() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-sr-\(tag)"
        let detection = stack.staff("opspor-\(tag)", [.detectionTeam], schools: [school])
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let ppr = stack.staff("ppr-\(tag)", [.pprPsychologist], schools: [], wide: true)
        let admin = stack.staff("admin-\(tag)", [.municipalityAdmin], schools: [], wide: true)
        func member(_ id: String, _ email: String, _ role: String = "contact-teacher") -> [String: Any] { ["staffId": id, "role": role, "email": email] }
        func member(_ staff: StaffPrincipal, _ role: String = "contact-teacher") -> [String: Any] { member(staff.staffId, staff.email, role) }

        // The leader signs in (any request) and is known from their token; they open the case as its tovholder.
        _ = try await stack.send("GET", "/v1/schools/\(school)/inbox", as: leader)
        let (caseId, _) = try await stack.openCase(rule: "unauthorized-quarter-report", pupil: PlanningStack.pupilKey(), school: school, by: detection,
                                                   team: [member(leader, "coordinator")])
        func change(_ team: [[String: Any]]) async throws -> PlanningStack.Reply {
            let version = try await stack.send("GET", "/v1/cases/\(caseId)", as: leader).etag
            return try await stack.send("PATCH", "/v1/cases/\(caseId)", as: leader, body: ["team": team], ifMatch: version)
        }
        func fields(_ reply: PlanningStack.Reply) -> [String] { reply.errors.compactMap { $0["field"] as? String } }

        // An address nobody of the municipality's staff has: refused, naming the field; the team is unchanged.
        let outsider = try await change([member(leader, "coordinator"), member("ven-\(tag)", "ven-\(tag)@gmail.example")])
        XCTAssertEqual(outsider.status, 422, outsider.text)
        XCTAssertEqual(fields(outsider), ["team[1].email"], outsider.text)
        XCTAssertTrue(outsider.text.contains("not a known staff member"), outsider.text)
        // A staff member's address under another staff id is not that person.
        _ = try await stack.send("GET", "/v1/schools/\(school)/inbox", as: teacher)
        let borrowed = try await change([member(leader, "coordinator"), member("ven-\(tag)", teacher.email)])
        XCTAssertEqual(borrowed.status, 422, borrowed.text)
        XCTAssertEqual(fields(borrowed), ["team[1].staffId"], borrowed.text)
        let team = try await stack.send("GET", "/v1/cases/\(caseId)", as: leader).json["team"] as? [[String: Any]] ?? []
        XCTAssertEqual(team.compactMap { $0["staffId"] as? String }, [leader.staffId], "nothing of a refused change is kept")

        // Known from their sign-in: the teacher is taken.
        let signedIn = try await change([member(leader, "coordinator"), member(teacher)])
        XCTAssertEqual(signedIn.status, 200, signedIn.text)

        // Known from the staff directory, before ever signing in: the administrator imports it.
        let entry: [String: Any] = ["staffId": ppr.staffId, "name": ppr.name, "email": ppr.email]
        let notAdmin = try await stack.send("POST", "/v1/admin/staff", as: leader, body: ["staff": [entry]])
        XCTAssertEqual(notAdmin.status, 403, notAdmin.text)
        let badImport = try await stack.send("POST", "/v1/admin/staff", as: admin, body: ["staff": [entry, ["staffId": "x-\(tag)", "name": "X", "email": "ikke en adresse"]]])
        XCTAssertEqual(badImport.status, 422, badImport.text)
        XCTAssertEqual(fields(badImport), ["staff[1].email"], badImport.text)
        let imported = try await stack.send("POST", "/v1/admin/staff", as: admin, body: ["staff": [entry]])
        XCTAssertEqual(imported.status, 200, imported.text)
        XCTAssertEqual(imported.json["imported"] as? Int, 1)
        // Upper or lower case in the address does not matter.
        var shouted = member(ppr, "ppr-psychologist")
        shouted["email"] = ppr.email.uppercased()
        let fromDirectory = try await change([member(leader, "coordinator"), member(teacher), shouted])
        XCTAssertEqual(fromDirectory.status, 200, fromDirectory.text)

        // One who left is taken out of the directory: their address is refused again until they sign in.
        let removedByLeader = try await stack.send("DELETE", "/v1/admin/staff/\(ppr.staffId)", as: leader)
        XCTAssertEqual(removedByLeader.status, 403, removedByLeader.text)
        let removed = try await stack.send("DELETE", "/v1/admin/staff/\(ppr.staffId)", as: admin)
        XCTAssertEqual(removed.status, 204, removed.text)
        let nobody = try await stack.send("DELETE", "/v1/admin/staff/ingen-\(tag)", as: admin)
        XCTAssertEqual(nobody.status, 404, nobody.text)
        let withoutPPR = try await change([member(leader, "coordinator"), member(teacher)])
        XCTAssertEqual(withoutPPR.status, 200, "taking someone off the team adds nobody: \(withoutPPR.text)")
        let left = try await change([member(leader, "coordinator"), member(teacher), member(ppr, "ppr-psychologist")])
        XCTAssertEqual(left.status, 422, left.text)
        XCTAssertEqual(fields(left), ["team[2].email"], left.text)
        _ = try await stack.send("GET", "/v1/cases", as: ppr)
        let back = try await change([member(leader, "coordinator"), member(teacher), member(ppr, "ppr-psychologist")])
        XCTAssertEqual(back.status, 200, "signed in again, known again: \(back.text)")

        // Opening a case takes the same register: a triage whose team has an unknown address is refused.
        let concern = ConcernRaised(concernId: "c-\(PlanningStack.tag())", pupilKey: PlanningStack.pupilKey(), schoolId: school, origin: .rule,
                                    rule: "unauthorized-quarter-report", windowStart: SchoolDate(Date()), windowEnd: SchoolDate(Date()),
                                    period: SchoolDate(Date()).quarterKey, raisedAt: Date())
        try await stack.publish([concern])
        try await stack.eventually("the concern is in the inbox") {
            try await stack.send("GET", "/v1/concerns/\(concern.concernId)", as: detection).status == 200
        }
        let etag = try await stack.send("GET", "/v1/concerns/\(concern.concernId)", as: detection).etag
        let triage = try await stack.send("POST", "/v1/concerns/\(concern.concernId)/triage", as: detection,
                                          body: ["decision": "open-case", "team": [member("ven-\(tag)", "ven-\(tag)@gmail.example", "coordinator")]], ifMatch: etag)
        XCTAssertEqual(triage.status, 422, triage.text)
        XCTAssertEqual(fields(triage), ["team[0].email"], triage.text)

        let (status, output) = try stack.checkOpenAPI()
        XCTAssertEqual(status, 0, output)
    }

    func testTheRuleOnlyLooksAtWhoIsAdded() {
        func member(_ id: String, _ email: String) -> CaseTeam.Member { CaseTeam.Member(staffId: id, role: .contactTeacher, email: email, name: nil) }
        let current = [member("a", "a@k.dk"), member("old", "old@k.dk")]
        let known: [String: Set<String>] = ["a@k.dk": ["a"], "b@k.dk": ["b"]]
        var problems = InputProblems()
        StaffDirectory.checkKnown([member("a", "A@K.DK"), member("old", "old@k.dk"), member("b", "b@k.dk")], current: current, known: known, into: &problems)
        XCTAssertEqual(problems.items, [], "already on the team (someone since gone from the register) and known ones pass")
        StaffDirectory.checkKnown([member("c", "c@k.dk"), member("x", "b@k.dk"), member("old", "new@k.dk")], current: current, known: known, into: &problems)
        XCTAssertEqual(problems.items.map(\.field), ["team[0].email", "team[1].staffId", "team[2].email"])
        XCTAssertEqual(StaffDirectory.addedAddresses(of: [member("a", "a@k.dk"), member("b", "B@k.dk")], current: current), ["b@k.dk"])
    }
}
