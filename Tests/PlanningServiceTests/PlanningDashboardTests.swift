import Foundation
import XCTest
@testable import PlanningService
@testable import Shared

/// The dashboard on two generated schools, checked against a computation over the same generated
/// rows (`DashboardSchoolsFixture.Expected`, no SQL and none of Planning's code): month by month
/// over every enrolled pupil, the baseline the municipality chose, the underretninger, the school
/// year on the ministry's definition; the targets' API (If-Match, validation, audit); who may see
/// and set what; the municipality extending the catalogue.
final class PlanningDashboardTests: XCTestCase {
    func testTheTargetsFiguresMatchAnIndependentComputationOverTheSameRows() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let seed = UInt64.random(in: 1...(1 << 40))
        let fixture = DashboardSchoolsFixture(tag: tag, seed: seed)
        try await stack.publish(fixture.events)

        // The municipality's administrator chooses the baseline period (September–November 2024).
        let admin = stack.staff("admin-\(tag)", [.municipalityAdmin], schools: [], wide: true)
        let current = try await stack.send("GET", "/v1/dashboard/targets", as: admin)
        XCTAssertEqual(current.status, 200, current.text)
        let change: [String: Any] = ["baselineFrom": "2024-09", "baselineTo": "2024-11", "problematicReduction": 0.15, "underretningReduction": 0.10]
        let set = try await stack.send("PUT", "/v1/dashboard/targets", as: admin, body: change, ifMatch: current.etag)
        XCTAssertEqual(set.status, 200, set.text)
        XCTAssertEqual(set.json["version"] as? Int, (current.json["version"] as? Int ?? -1) + 1)
        XCTAssertEqual(set.json["setBy"] as? String, admin.staffId)

        // A leader of both schools sees exactly them; `overall` is the two together.
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: Set(fixture.schools))
        let months = MonthKeys.range(from: "2024-08", to: "2025-07")!
        let baselineMonths = MonthKeys.range(from: "2024-09", to: "2024-11")!
        var answer: [String: Any] = [:]
        func school(_ id: String) -> [String: Any]? {
            (answer["schools"] as? [[String: Any]])?.first { $0["schoolId"] as? String == id }?["figures"] as? [String: Any]
        }
        func actual(_ figures: [String: Any]?) -> DashboardSchoolsFixture.Expected? {
            guard let figures, let rows = figures["months"] as? [[String: Any]], let year = (figures["schoolYears"] as? [[String: Any]])?.first else { return nil }
            let baseline = figures["baseline"] as? [String: Any]
            return .init(months: rows.map { .init(month: $0["month"] as? String ?? "", hasFigures: $0["hasFigures"] as? Bool ?? false, pupils: $0["pupils"] as? Int ?? -1,
                                                  problematic: $0["pupilsProblematic"] as? Int ?? -1, underretninger: $0["underretninger"] as? Int ?? -1) },
                         yearPupils: year["pupils"] as? Int ?? -1, yearOver: year["pupilsOver10"] as? Int ?? -1,
                         through: (year["through"] as? String).flatMap(SchoolDate.init),
                         baselineShare: baseline?["problematicShare"] as? Double, baselinePerMonth: baseline?["underretningerPerMonth"] as? Double)
        }
        var threshold = 0.20
        func expected(_ schools: [String]) -> DashboardSchoolsFixture.Expected {
            fixture.expected(schools: Set(schools), months: months, threshold: threshold, baseline: baselineMonths)
        }
        func matches(_ a: DashboardSchoolsFixture.Expected?, _ b: DashboardSchoolsFixture.Expected) -> Bool {
            guard let a else { return false }
            return a.months == b.months && a.yearPupils == b.yearPupils && a.yearOver == b.yearOver && a.through == b.through
                && abs((a.baselineShare ?? -1) - (b.baselineShare ?? -1)) < 1e-9 && abs((a.baselinePerMonth ?? -1) - (b.baselinePerMonth ?? -1)) < 1e-9
        }
        try? await stack.eventually("the dashboard counts every generated row", timeout: .seconds(60)) {
            let reply = try await stack.send("GET", "/v1/dashboard/schools?from=2024-08&to=2025-07", as: leader)
            answer = reply.json
            threshold = (answer["definitions"] as? [String: Any])?["problematicThreshold"] as? Double ?? threshold
            return fixture.schools.allSatisfy { matches(actual(school($0)), expected([$0])) } && matches(actual(answer["overall"] as? [String: Any]), expected(fixture.schools))
        }
        for id in fixture.schools {
            XCTAssertEqual(actual(school(id))?.description, expected([id]).description, "\(id) (seed \(seed))")
        }
        XCTAssertEqual(actual(answer["overall"] as? [String: Any])?.description, expected(fixture.schools).description, "both schools (seed \(seed))")
        XCTAssertEqual((answer["schools"] as? [[String: Any]])?.count, 2)

        // The fix: June counts every pupil enrolled, not only those with a summary in June.
        let a = fixture.schools[0]
        let june = try XCTUnwrap((school(a)?["months"] as? [[String: Any]])?.first { $0["month"] as? String == "2025-06" })
        let summarizedInJune = Set(fixture.summaries.filter { $0.school == a && $0.asOf.monthKey == "2025-06" }.map(\.pupilKey)).count
        XCTAssertEqual(june["pupils"] as? Int, 29, "30 pupils, one left in January")
        XCTAssertLessThan(summarizedInJune, 29, "most pupils had no summary in June (seed \(seed))")
        XCTAssertEqual(((answer["schools"] as? [[String: Any]])?.first?["latestPupils"]) as? Int, 29)

        // The targets: the baseline reduced by the goals.
        let overall = try XCTUnwrap(answer["overall"] as? [String: Any])
        let baseline = try XCTUnwrap(overall["baseline"] as? [String: Any])
        let exp = expected(fixture.schools)
        XCTAssertEqual(baseline["months"] as? Int, 3)
        XCTAssertEqual(baseline["problematicTarget"] as? Double ?? -1, (exp.baselineShare ?? 0) * 0.85, accuracy: 1e-9)
        XCTAssertEqual(baseline["underretningTargetPerMonth"] as? Double ?? -1, (exp.baselinePerMonth ?? 0) * 0.9, accuracy: 1e-9)
        XCTAssertEqual(exp.months.reduce(0) { $0 + $1.underretninger }, 8, "four underretninger a school, the withdrawn one not counted")
        let definitions = try XCTUnwrap(answer["definitions"] as? [String: Any])
        XCTAssertEqual(definitions["nationalShare"] as? Double ?? -1, 0.216, accuracy: 1e-9)
        XCTAssertEqual(definitions["nationalSchoolYear"] as? String, "2023/24")
        XCTAssertEqual(definitions["underretningerCounted"] as? String, "legal-task:notify-municipality")
        XCTAssertEqual((answer["targets"] as? [String: Any])?["baselineFrom"] as? String, "2024-09")
        XCTAssertFalse(fixture.pupils.contains { answer.description.contains($0.key) }, "figures carry no pupil keys")

        // One school's own figures are the same as its row.
        let own = try await stack.send("GET", "/v1/dashboard?schoolId=\(a)&from=2024-08&to=2025-07", as: leader)
        XCTAssertEqual(own.status, 200, own.text)
        XCTAssertEqual(actual(own.json["figures"] as? [String: Any])?.description, expected([a]).description)
        XCTAssertEqual((own.json["cases"] as? [[String: Any]])?.count, 12)

        let openapi = try stack.checkOpenAPI()
        XCTAssertEqual(openapi.status, 0, openapi.output)
    }

    /// The targets' API: If-Match, validation naming the field, a new version each time, the audit log;
    /// only the administrator sets them, those who see figures read them.
    func testTheMunicipalityAdministratorSetsTheTargetsAndNobodyElse() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let admin = stack.staff("admin-\(tag)", [.municipalityAdmin], schools: [], wide: true)
        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: ["skole-\(tag)"])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: ["skole-\(tag)"])
        let dpo = stack.staff("dpo-\(tag)", [.dataProtectionOfficer], schools: [], wide: true)
        let body: [String: Any] = ["baselineFrom": "2025-08", "baselineTo": "2026-06", "problematicReduction": 0.15, "underretningReduction": 0.1]

        let read = try await stack.send("GET", "/v1/dashboard/targets", as: analyst)
        XCTAssertEqual(read.status, 200, read.text)
        let version = try XCTUnwrap(read.json["version"] as? Int)
        XCTAssertEqual(read.etag, "\"\(version)\"")
        for reader in [leader, admin] { let status = try await stack.send("GET", "/v1/dashboard/targets", as: reader).status; XCTAssertEqual(status, 200) }
        for other in [teacher, dpo] { let status = try await stack.send("GET", "/v1/dashboard/targets", as: other).status; XCTAssertEqual(status, 403) }
        let status3 = try await stack.send("GET", "/v1/dashboard/targets", as: nil).status
        XCTAssertEqual(status3, 401)

        for other in [analyst, leader, teacher, dpo] {
            let refused = try await stack.send("PUT", "/v1/dashboard/targets", as: other, body: body, ifMatch: read.etag)
            XCTAssertEqual(refused.status, 403, "\(other.roles) \(refused.text)")
        }
        let withoutVersion = try await stack.send("PUT", "/v1/dashboard/targets", as: admin, body: body)
        XCTAssertEqual(withoutVersion.status, 428, withoutVersion.text)
        var bad = body
        bad["baselineTo"] = "2025-07"
        let before = try await stack.send("PUT", "/v1/dashboard/targets", as: admin, body: bad, ifMatch: read.etag)
        XCTAssertEqual(before.status, 422, before.text)
        XCTAssertEqual((before.json["errors"] as? [[String: Any]])?.first?["field"] as? String, "baselineTo")
        bad = body
        bad["problematicReduction"] = 15
        let percent = try await stack.send("PUT", "/v1/dashboard/targets", as: admin, body: bad, ifMatch: read.etag)
        XCTAssertEqual((percent.json["errors"] as? [[String: Any]])?.first?["field"] as? String, "problematicReduction", percent.text)

        let saved = try await stack.send("PUT", "/v1/dashboard/targets", as: admin, body: body, ifMatch: read.etag)
        XCTAssertEqual(saved.status, 200, saved.text)
        XCTAssertEqual(saved.etag, "\"\(version + 1)\"")
        XCTAssertEqual(saved.json["baselineTo"] as? String, "2026-06")
        let stale = try await stack.send("PUT", "/v1/dashboard/targets", as: admin, body: body, ifMatch: read.etag)
        XCTAssertEqual(stale.status, 412, "someone set them since: \(stale.text)")
        let now = try await stack.send("GET", "/v1/dashboard/targets", as: leader)
        XCTAssertEqual(now.json["version"] as? Int, version + 1)
        XCTAssertEqual(now.json["setBy"] as? String, admin.staffId)

        let audit = try await stack.send("GET", "/v1/audit?staffId=\(admin.staffId)", as: dpo)
        XCTAssertEqual(audit.status, 200, audit.text)
        let actions = (audit.json["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        XCTAssertEqual(actions, ["set-dashboard-targets"], "one entry, for the one change that was saved")

        // Who sees which figures.
        let path = "/v1/dashboard?schoolId=skole-\(tag)"
        let status4 = try await stack.send("GET", path, as: leader).status
        XCTAssertEqual(status4, 200)
        let status5 = try await stack.send("GET", "/v1/dashboard", as: leader).status
        XCTAssertEqual(status5, 403)
        let status6 = try await stack.send("GET", path, as: teacher).status
        XCTAssertEqual(status6, 403)
        let status7 = try await stack.send("GET", "/v1/dashboard", as: analyst).status
        XCTAssertEqual(status7, 200)
        let status8 = try await stack.send("GET", "/v1/dashboard?from=2026-13&to=2026-01", as: analyst).status
        XCTAssertEqual(status8, 400)
        let status9 = try await stack.send("GET", "/v1/dashboard/schools", as: teacher).status
        XCTAssertEqual(status9, 403)
        let status10 = try await stack.send("GET", "/v1/dashboard/schools?from=2026-13", as: teacher).status
        XCTAssertEqual(status10, 403, "who may, before what is wrong")
        let status11 = try await stack.send("GET", "/v1/dashboard/schools?from=2026-13", as: analyst).status
        XCTAssertEqual(status11, 400)
        let status12 = try await stack.send("GET", "/v1/dashboard/schools", as: nil).status
        XCTAssertEqual(status12, 401)

        // The municipality extends the catalogue; others may not.
        let entry: [String: Any] = ["code": "walk-to-school-\(tag)", "titleDa": "Gå-i-skole-makker", "titleEn": "Walking buddy", "arena": "relations"]
        let status13 = try await stack.send("POST", "/v1/catalogue/actions", as: admin, body: entry).status
        XCTAssertEqual(status13, 201)
        let status14 = try await stack.send("POST", "/v1/catalogue/actions", as: admin, body: entry).status
        XCTAssertEqual(status14, 409)
        let status15 = try await stack.send("POST", "/v1/catalogue/actions", as: teacher, body: entry).status
        XCTAssertEqual(status15, 403)
        let catalogue = try await stack.send("GET", "/v1/catalogue/actions", as: teacher).json["actions"] as? [[String: Any]] ?? []
        XCTAssertTrue(Set(catalogue.compactMap { $0["code"] as? String }).isSuperset(of: ["gradual-return", "trusted-adult", "walk-to-school-\(tag)"]))

        let openapi = try stack.checkOpenAPI()
        XCTAssertEqual(openapi.status, 0, openapi.output)
    }
}
