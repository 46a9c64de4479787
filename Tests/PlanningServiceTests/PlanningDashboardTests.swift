import Foundation
import XCTest
@testable import PlanningService
@testable import Shared

/// The dashboard on a generated school, checked against a direct computation over the same
/// generated pupils; who may see which figures; the municipality extending the catalogue.
final class PlanningDashboardTests: XCTestCase {
    func testDashboardFiguresMatchADirectComputationOverGeneratedPupils() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let school = "skole-dash-\(tag)"
        let now = Date()
        let today = SchoolDate(now)
        let lastMonth = SchoolDate(year: today.month == 1 ? today.year - 1 : today.year, month: today.month == 1 ? 12 : today.month - 1, day: 15)!
        func quarterStart(_ day: SchoolDate) -> SchoolDate { SchoolDate(year: day.year, month: (day.month - 1) / 3 * 3 + 1, day: 1)! }
        struct Generated { var key: String; var asOf: SchoolDate; var last40: Double; var unauthorized: Double }
        var generated: [Generated] = []
        for index in 0..<40 {
            let key = PlanningStack.pupilKey()
            generated.append(Generated(key: key, asOf: today, last40: Double(Int.random(in: 0...300)) / 1000, unauthorized: Double(Int.random(in: 0...300)) / 1000))
            if index % 2 == 0 {
                generated.append(Generated(key: key, asOf: lastMonth, last40: Double(Int.random(in: 0...300)) / 1000, unauthorized: Double(Int.random(in: 0...300)) / 1000))
            }
        }
        let summaries = generated.map { row in
            let window = { (total: Double, unauthorized: Double, start: SchoolDate) in
                AbsenceSummary.Window(start: start, end: row.asOf, schoolDays: 40, illness: 0, authorized: 0, unauthorized: unauthorized, total: total)
            }
            return AbsenceSummary(
                pupilKey: row.key, schoolId: school, asOf: row.asOf, quarter: window(row.unauthorized, row.unauthorized, quarterStart(row.asOf)),
                last20SchoolDays: window(row.last40, 0, row.asOf.adding(days: -28)), last40SchoolDays: window(row.last40, 0, row.asOf.adding(days: -56)),
                trend: .stable, weeks: [], lateArrivals20SchoolDays: 0, openConcernRules: [],
                computedAt: now.addingTimeInterval(row.asOf == today ? 0 : -86400 * 20))
        }
        try await stack.publish(summaries)

        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        let path = "/v1/dashboard?schoolId=\(school)&from=\(lastMonth.monthKey)&to=\(today.monthKey)"
        var figures: [String: Any] = [:]
        try await stack.eventually("the dashboard counts every generated pupil") {
            let reply = try await stack.send("GET", path, as: analyst)
            figures = reply.json["figures"] as? [String: Any] ?? [:]
            let months = figures["months"] as? [[String: Any]] ?? []
            return months.count == 2 && months[1]["pupils"] as? Int == 40 && months[0]["pupils"] as? Int == 20
        }
        let months = try XCTUnwrap(figures["months"] as? [[String: Any]])
        let concerning = { (month: SchoolDate) in generated.filter { $0.asOf == month && $0.last40 >= 0.10 }.count }
        XCTAssertEqual(months[0]["pupilsConcerning"] as? Int, concerning(lastMonth))
        XCTAssertEqual(months[1]["pupilsConcerning"] as? Int, concerning(today))
        let baseline = Double(concerning(lastMonth)) / 20
        XCTAssertEqual(months[0]["concerningShare"] as? Double ?? -1, baseline, accuracy: 1e-9)
        XCTAssertEqual(months[1]["concerningShare"] as? Double ?? -1, Double(concerning(today)) / 40, accuracy: 1e-9)
        XCTAssertEqual(months[1]["targetShare"] as? Double ?? -1, baseline * 0.85, accuracy: 1e-9, "the configured 15 % reduction")
        XCTAssertEqual(figures["openCases"] as? Int, 0)

        // Per quarter: each pupil's latest figure in the quarter.
        var latest: [String: [String: Generated]] = [:]
        for row in generated {
            if let known = latest[row.asOf.quarterKey]?[row.key], known.asOf >= row.asOf { continue }
            latest[row.asOf.quarterKey, default: [:]][row.key] = row
        }
        let expectedQuarters = latest.keys.sorted().map { quarter in
            ["quarter": quarter, "pupils": latest[quarter]!.count,
             "pupilsUnauthorizedAtLeast15": latest[quarter]!.values.filter { $0.unauthorized >= 0.15 }.count] as [String: AnyHashable]
        }
        let quarters = (figures["quarters"] as? [[String: Any]] ?? []).map { entry in
            ["quarter": entry["quarter"] as? String ?? "", "pupils": entry["pupils"] as? Int ?? -1,
             "pupilsUnauthorizedAtLeast15": entry["pupilsUnauthorizedAtLeast15"] as? Int ?? -1] as [String: AnyHashable]
        }
        XCTAssertEqual(quarters, expectedQuarters)

        // Who sees which figures.
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [school])
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [school])
        let leaderSchool = try await stack.send("GET", path, as: leader)
        XCTAssertEqual(leaderSchool.status, 200)
        let leaderMunicipality = try await stack.send("GET", "/v1/dashboard", as: leader)
        XCTAssertEqual(leaderMunicipality.status, 403)
        let teacherSchool = try await stack.send("GET", path, as: teacher)
        XCTAssertEqual(teacherSchool.status, 403)
        let municipality = try await stack.send("GET", "/v1/dashboard?from=\(lastMonth.monthKey)&to=\(today.monthKey)", as: analyst)
        XCTAssertEqual(municipality.status, 200)
        let wholeMonth = ((municipality.json["figures"] as? [String: Any])?["months"] as? [[String: Any]])?.last?["pupils"] as? Int ?? 0
        XCTAssertGreaterThanOrEqual(wholeMonth, 40, "the municipality counts every school")
        let badRange = try await stack.send("GET", "/v1/dashboard?from=2026-13&to=2026-01", as: analyst)
        XCTAssertEqual(badRange.status, 400)
        XCTAssertFalse(municipality.text.contains(generated[0].key), "figures carry no pupil keys")

        // The municipality extends the catalogue; others may not.
        let admin = stack.staff("admin-\(tag)", [.municipalityAdmin], schools: [], wide: true)
        let entry: [String: Any] = ["code": "walk-to-school-\(tag)", "titleDa": "Gå-i-skole-makker", "titleEn": "Walking buddy", "arena": "relations"]
        let added = try await stack.send("POST", "/v1/catalogue/actions", as: admin, body: entry)
        XCTAssertEqual(added.status, 201, added.text)
        let again = try await stack.send("POST", "/v1/catalogue/actions", as: admin, body: entry)
        XCTAssertEqual(again.status, 409)
        let byTeacher = try await stack.send("POST", "/v1/catalogue/actions", as: teacher, body: entry)
        XCTAssertEqual(byTeacher.status, 403)
        let catalogue = try await stack.send("GET", "/v1/catalogue/actions", as: teacher).json["actions"] as? [[String: Any]] ?? []
        let codes = Set(catalogue.compactMap { $0["code"] as? String })
        XCTAssertTrue(codes.isSuperset(of: ["gradual-return", "trusted-adult", "adjusted-timetable", "safe-space", "family-treatment",
                                            "ppr-assessment", "leisure-bridge", "walk-to-school-\(tag)"]), "\(codes)")

        let openapi = try stack.checkOpenAPI()
        XCTAssertEqual(openapi.status, 0, openapi.output)
    }

    /// `GET /v1/dashboard/schools`, what the dashboard page draws: every school the caller may see,
    /// each counted as `GET /v1/dashboard?schoolId=` counts it, with its name and latest quarter; a
    /// school leader gets their own school only, a teacher is refused, and no pupil is in the answer.
    func testTheSchoolsTableCountsEachSchoolAsItsOwnFiguresDo() async throws {
        let stack = try PlanningStack()
        let tag = PlanningStack.tag()
        let schools = ["skole-tabel-a-\(tag)", "skole-tabel-b-\(tag)"]
        let now = Date()
        let today = SchoolDate(now)
        let quarterStart = SchoolDate(year: today.year, month: (today.month - 1) / 3 * 3 + 1, day: 1)!
        var events: [any EventPayload] = []
        var keys: [String] = []
        var expected: [String: (pupils: Int, concerning: Int, over: Int)] = [:]
        for (index, school) in schools.enumerated() {
            let count = 10 + 5 * index
            for number in 0..<count {
                let key = PlanningStack.pupilKey()
                keys.append(key)
                let (last40, unauthorized) = (number % 3 == 0 ? 0.2 : 0.05, number % 4 == 0 ? 0.16 : 0.02)
                events.append(PupilDirectoryEntry(pupilKey: key, givenName: "P\(number)", familyName: "Tabel-\(tag)", schoolId: school,
                                                  schoolName: "Tabelskolen \(index + 1)", className: "5A", grade: 5, enrolledFrom: quarterStart, updatedAt: now))
                let window = { (total: Double, unauthorized: Double, start: SchoolDate) in
                    AbsenceSummary.Window(start: start, end: today, schoolDays: 40, illness: 0, authorized: 0, unauthorized: unauthorized, total: total)
                }
                events.append(AbsenceSummary(
                    pupilKey: key, schoolId: school, asOf: today, quarter: window(unauthorized, unauthorized, quarterStart),
                    last20SchoolDays: window(last40, 0, today.adding(days: -28)), last40SchoolDays: window(last40, 0, today.adding(days: -56)),
                    trend: .stable, weeks: [], lateArrivals20SchoolDays: 0, openConcernRules: [], computedAt: now))
                expected[school, default: (0, 0, 0)].pupils += 1
                if last40 >= 0.10 { expected[school, default: (0, 0, 0)].concerning += 1 }
                if unauthorized >= 0.15 { expected[school, default: (0, 0, 0)].over += 1 }
            }
        }
        try await stack.publish(events)

        let analyst = stack.staff("analytiker-\(tag)", [.municipalityAnalyst], schools: [], wide: true)
        var table: [String: Any] = [:]
        var tableText = ""
        func rows(_ answer: [String: Any]) -> [String: [String: Any]] {
            Dictionary((answer["schools"] as? [[String: Any]] ?? []).map { ($0["schoolId"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        }
        try await stack.eventually("the table counts every generated pupil") {
            let reply = try await stack.send("GET", "/v1/dashboard/schools", as: analyst)
            (table, tableText) = (reply.json, reply.text)
            return schools.allSatisfy { school in
                (rows(table)[school]?["months"] as? [[String: Any]])?.last?["pupils"] as? Int == expected[school]?.pupils
            }
        }
        for (index, school) in schools.enumerated() {
            let row = try XCTUnwrap(rows(table)[school])
            XCTAssertEqual(row["schoolName"] as? String, "Tabelskolen \(index + 1)")
            XCTAssertEqual(row["latestPupils"] as? Int, expected[school]?.pupils)
            let month = try XCTUnwrap((row["months"] as? [[String: Any]])?.last)
            XCTAssertEqual(month["month"] as? String, today.monthKey)
            XCTAssertEqual(month["pupilsConcerning"] as? Int, expected[school]?.concerning)
            let quarter = try XCTUnwrap(row["latestQuarter"] as? [String: Any])
            XCTAssertEqual(quarter["quarter"] as? String, today.quarterKey)
            XCTAssertEqual(quarter["pupilsUnauthorizedAtLeast15"] as? Int, expected[school]?.over)
            XCTAssertEqual(row["openCases"] as? Int, 0)
            // The same months as the school's own figures.
            let own = try await stack.send("GET", "/v1/dashboard?schoolId=\(school)", as: analyst)
            let ownMonths = ((own.json["figures"] as? [String: Any])?["months"] as? [[String: Any]]) ?? []
            for key in ["month", "pupils", "pupilsConcerning"] {
                XCTAssertEqual((row["months"] as? [[String: Any]] ?? []).map { "\($0[key] ?? "")" }, ownMonths.map { "\($0[key] ?? "")" }, "\(school) \(key)")
            }
            for key in ["concerningShare", "targetShare"] {
                XCTAssertEqual((row["months"] as? [[String: Any]] ?? []).map { $0[key] as? Double }, ownMonths.map { $0[key] as? Double }, "\(school) \(key)")
            }
        }
        let overallNow = (table["overall"] as? [[String: Any]])?.last?["pupils"] as? Int ?? 0
        XCTAssertGreaterThanOrEqual(overallNow, 25, "the municipality counts both schools")
        XCTAssertFalse(keys.contains { tableText.contains($0) }, "figures carry no pupil keys")

        // A school leader sees their own school, and the overall months are that school's.
        let leader = stack.staff("leder-\(tag)", [.schoolLeader], schools: [schools[0]])
        let mine = try await stack.send("GET", "/v1/dashboard/schools", as: leader)
        XCTAssertEqual(mine.status, 200, mine.text)
        XCTAssertEqual(rows(mine.json).keys.sorted(), [schools[0]])
        XCTAssertEqual((mine.json["overall"] as? [[String: Any]])?.last?["pupils"] as? Int, expected[schools[0]]?.pupils)
        let teacher = stack.staff("laerer-\(tag)", [.teacher], schools: [schools[0]])
        let byTeacher = try await stack.send("GET", "/v1/dashboard/schools", as: teacher)
        XCTAssertEqual(byTeacher.status, 403, byTeacher.text)
        let badMonthByTeacher = try await stack.send("GET", "/v1/dashboard/schools?from=2026-13", as: teacher)
        XCTAssertEqual(badMonthByTeacher.status, 403, "who may, before what is wrong")
        let badMonth = try await stack.send("GET", "/v1/dashboard/schools?from=2026-13", as: analyst)
        XCTAssertEqual(badMonth.status, 400, badMonth.text)
        let anonymous = try await stack.send("GET", "/v1/dashboard/schools", as: nil)
        XCTAssertEqual(anonymous.status, 401)

        let openapi = try stack.checkOpenAPI()
        XCTAssertEqual(openapi.status, 0, openapi.output)
    }
}
