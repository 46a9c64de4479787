import Foundation
import PlanningAPI
import XCTest
@testable import PlanningService
@testable import Shared

/// Flag quality per rule: the school year's range and the shares (pure), then the counts on the test
/// stack against a small history built by hand, and who may read them.
final class FlagQualityTests: XCTestCase {
    func testSchoolYearsAndShares() {
        let range = FlagQuality.range(ofSchoolYear: "2026/27")
        XCTAssertEqual(range?.from, SchoolDate("2026-08-01"))
        XCTAssertEqual(range?.to, SchoolDate("2027-07-31"))
        for bad in ["2026/28", "2026-27", "26/27", "2026/27/28", "abcd/ef", "1999/00"] { XCTAssertNil(FlagQuality.range(ofSchoolYear: bad), bad) }
        XCTAssertNotNil(FlagQuality.range(ofSchoolYear: "2099/00"), "the century turns")
        let rule = FlagQuality.Rule(rule: "beginning-absence", pupils: 3, reachedConcerning: 1, belowAgainWithin8Weeks: 2, gotCase: 0)
        XCTAssertEqual([rule.reachedConcerningShare, rule.belowAgainShare, rule.caseShare], [0.333, 0.667, 0])
        XCTAssertEqual(FlagQuality.Rule(rule: "x", pupils: 0, reachedConcerning: 0, belowAgainWithin8Weeks: 0, gotCase: 0).caseShare, 0, "no division by zero")
    }

    func testTheCountsPerRuleOnTheStack() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-fq-\(tag)"
        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        let otherLeader = stack.staff("leder-y-\(tag)", [.schoolLeader], schools: ["skole-other-\(tag)"])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let p = (0..<4).map { _ in PlanningStack.pupilKey() }
        let now = Date()
        let day: TimeInterval = 86_400
        func concern(_ key: String, _ rule: String, about: String, raised: Date) -> ConcernRaised {
            ConcernRaised(concernId: "\(rule)-\(key)", pupilKey: key, schoolId: school, origin: .rule, rule: rule,
                          windowStart: SchoolDate(about)!.adding(days: -20), windowEnd: SchoolDate(about)!, period: "2026/27",
                          explanation: .init(schoolDays: 20, absentDays: ["illness": 1], rate: 0.06, threshold: 0.05, dates: [], summary: "x"),
                          policyVersion: 1, raisedAt: raised)
        }
        let start = now.addingTimeInterval(-100 * day)
        var events: [any EventPayload] = p.enumerated().map { index, key in
            PupilDirectoryEntry(pupilKey: key, givenName: "F\(index)", familyName: "Kvalitet-\(tag)", schoolId: school, schoolName: "Kvalitetsskolen",
                                className: "3A", grade: 3, enrolledFrom: SchoolDate("2020-08-10")!, updatedAt: now)
        }
        events += [
            concern(p[0], "beginning-absence", about: "2026-10-01", raised: start),
            concern(p[0], "concerning-absence", about: "2026-11-02", raised: start.addingTimeInterval(30 * day)),  // went on
            concern(p[1], "beginning-absence", about: "2026-10-01", raised: start),
            ConcernResolved(concernId: "beginning-absence-\(p[1])", pupilKey: p[1], schoolId: school, rule: "beginning-absence", reason: .belowThreshold,
                            resolvedAt: start.addingTimeInterval(10 * day)),  // below again within 8 weeks
            concern(p[2], "beginning-absence", about: "2026-10-01", raised: start),
            ConcernResolved(concernId: "beginning-absence-\(p[2])", pupilKey: p[2], schoolId: school, rule: "beginning-absence", reason: .belowThreshold,
                            resolvedAt: start.addingTimeInterval(70 * day)),  // below again, but after 8 weeks
            concern(p[3], "beginning-absence", about: "2026-06-01", raised: start.addingTimeInterval(-120 * day)),  // the school year before
        ]
        try await stack.publish(events)
        try await stack.eventually("the history arrived") {
            let concern = try await stack.send("GET", "/v1/concerns/beginning-absence-\(p[2])", as: leader).json
            return concern["resolvedAt"] != nil
        }
        // A case for the third pupil (no open findings left: opened from its page).
        let team: [[String: Any]] = [["staffId": leader.staffId, "role": "coordinator", "email": leader.email]]
        let opened = try await stack.send("POST", "/v1/pupils/\(p[2])/cases", as: leader, body: ["reason": "samtale med forældrene", "team": team])
        XCTAssertEqual(opened.status, 201, opened.text)

        let reply = try await stack.send("GET", "/v1/flag-quality?schoolYear=2026/27&schoolId=\(school)", as: analyst)
        XCTAssertEqual(reply.status, 200, reply.text)
        let rules = Dictionary(uniqueKeysWithValues: (reply.json["rules"] as? [[String: Any]] ?? []).map { ($0["rule"] as? String ?? "", $0) })
        XCTAssertEqual(Set(rules.keys), ["beginning-absence", "concerning-absence"])
        let beginning = try XCTUnwrap(rules["beginning-absence"])
        XCTAssertEqual(beginning["pupils"] as? Int, 3, "the pupil flagged the school year before is not counted")
        XCTAssertEqual(beginning["reachedConcerning"] as? Int, 1)
        XCTAssertEqual(beginning["belowAgainWithin8Weeks"] as? Int, 1)
        XCTAssertEqual(beginning["gotCase"] as? Int, 1)
        XCTAssertEqual(beginning["caseShare"] as? Double, 0.333)
        let concerning = try XCTUnwrap(rules["concerning-absence"])
        XCTAssertEqual([concerning["pupils"], concerning["reachedConcerning"], concerning["gotCase"]].map { $0 as? Int }, [1, 0, 0],
                       "the outcome rule's own flag does not count as going on")
        XCTAssertFalse(reply.text.contains(p[0]), "figures only: no pupil key")
        let lastYear = try await stack.send("GET", "/v1/flag-quality?schoolYear=2025/26&schoolId=\(school)", as: analyst).json
        XCTAssertEqual(((lastYear["rules"] as? [[String: Any]])?.first)?["pupils"] as? Int, 1)

        // Who may read: the analyst for the municipality, a school's leader for the school, nobody else.
        let municipality = try await stack.send("GET", "/v1/flag-quality", as: analyst)
        XCTAssertEqual(municipality.status, 200)
        let leaderOwn = try await stack.send("GET", "/v1/flag-quality?schoolId=\(school)", as: leader)
        XCTAssertEqual(leaderOwn.status, 200)
        for (who, path) in [(leader, "/v1/flag-quality"), (otherLeader, "/v1/flag-quality?schoolId=\(school)"), (teacher, "/v1/flag-quality?schoolId=\(school)")] {
            let refused = try await stack.send("GET", path, as: who)
            XCTAssertEqual(refused.status, 403, "\(who.staffId) \(path)")
        }
        let bad = try await stack.send("GET", "/v1/flag-quality?schoolYear=2026", as: analyst)
        XCTAssertEqual(bad.status, 400)
        XCTAssertTrue(bad.text.contains("schoolYear"))
    }
}
