import Foundation
import MunicipalityGenerator
import PostgresNIO
import Shared
import XCTest
@testable import ScreeningService

/// Screening in the running stack: events in over Kafka, concerns out on `concern.raised`, the
/// quarter rules checked against an independent SQL computation over the same registrations, and
/// the API's access rules, policy changes and recompute.
final class ScreeningServiceIntegrationTests: XCTestCase {
    func testAGeneratedMunicipalityAgreesWithPlainSQLAndTheAPIAnswers() async throws {
        let stack = try ScreeningTestStack()
        let prefix = "it\(UUID().uuidString.prefix(6).lowercased())"
        let term = IngestedTerm(Municipality(MunicipalityOptions(schools: 3, pupils: 400, seed: 7, schoolPrefix: "\(prefix)-skole", corrections: false)),
                                keyPrefix: prefix, days: 60)
        let registrations = term.days.indices.flatMap { term.attendance(day: $0) }
        let source = "/tests/screening"
        let producer = try stack.producer()
        let watcher = try stack.consumer(topics: [.concernRaised])
        _ = try await watcher.poll(maxMessages: 1, maxWait: .seconds(2))

        var messages = try term.calendars.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.schoolCalendar.rawValue) }
        messages += try term.directory.map { try CloudEvent($0, source: source).kafkaMessage(topic: FremmoedeTopic.pupilDirectory.rawValue) }
        _ = try await producer.send(messages)
        try await Task.sleep(for: .seconds(1))  // calendars and enrolments first, as Intake publishes them before registrations
        let events = try registrations.map { try CloudEvent($0, source: source) }
        _ = try await producer.send(events.map { $0.kafkaMessage(topic: FremmoedeTopic.attendanceIngested.rawValue) })
        let eventIDs = events.map(\.id)

        try await stack.withPostgres { postgres in
            // Wait until Screening has processed every registration we sent (its inbox has them all).
            let processed = try await stack.processed(eventIDs, on: postgres, timeout: .seconds(90))
            XCTAssertEqual(processed, eventIDs.count)

            // The independent computation: the registrations in a table of the test's own, the
            // quarter rules as one SQL query with window functions over the calendar — the default
            // reading: unauthorized days against the count the quarter's school days allow.
            let schema = "check_\(prefix)"
            try await postgres.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA \(schema)"), logger: stack.logger)
            try await postgres.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(schema).registrations (pupil text, day date, period text, category text, fraction float8)"), logger: stack.logger)
            try await postgres.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(schema).calendar (school text, day date)"), logger: stack.logger)
            try await postgres.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(schema).pupils (pupil text, school text, enrolled_from date)"), logger: stack.logger)
            let absences = registrations.filter { $0.status == .absent }
            try await postgres.query(PostgresQuery(unsafeSQL: """
                INSERT INTO \(schema).registrations SELECT * FROM unnest($1::text[], $2::date[], $3::text[], $4::text[], $5::float8[])
                """, binds: try Self.binds(absences.map(\.pupilKey), absences.map(\.date.description), absences.map(\.period.description),
                                         absences.map { $0.absenceCategory!.rawValue }, absences.map(\.dayFraction))), logger: stack.logger)
            for calendar in term.calendars {
                try await postgres.query(PostgresQuery(unsafeSQL: "INSERT INTO \(schema).calendar SELECT $1, d FROM unnest($2::date[]) AS d",
                                                       binds: try Self.binds(calendar.schoolId, calendar.schoolDays.map(\.description))), logger: stack.logger)
            }
            try await postgres.query(PostgresQuery(unsafeSQL: "INSERT INTO \(schema).pupils SELECT * FROM unnest($1::text[], $2::text[], $3::date[])",
                                                   binds: try Self.binds(term.directory.map(\.pupilKey), term.directory.map(\.schoolId),
                                                                         term.directory.map(\.enrolledFrom.description))), logger: stack.logger)
            for (rule, threshold) in [("unauthorized-quarter-warning", 0.10), ("unauthorized-quarter-report", 0.15)] {
                let expected = try await Self.strings(postgres, stack, """
                    WITH day_absence AS (
                        SELECT pupil, day, LEAST(1, CASE WHEN bool_or(period = 'day') THEN 1 ELSE sum(fraction) END) AS share
                        FROM \(schema).registrations WHERE category = 'unauthorized' GROUP BY pupil, day),
                    so_far AS (
                        SELECT p.pupil, c.day, extract(year FROM c.day)::int || '-Q' || extract(quarter FROM c.day)::int AS quarter,
                               count(*) OVER q AS quarter_days, sum(coalesce(a.share, 0)) OVER w AS unauthorized
                        FROM \(schema).pupils p JOIN \(schema).calendar c ON c.school = p.school AND c.day >= p.enrolled_from
                        LEFT JOIN day_absence a ON a.pupil = p.pupil AND a.day = c.day
                        WINDOW w AS (PARTITION BY p.pupil, date_trunc('quarter', c.day) ORDER BY c.day),
                               q AS (PARTITION BY p.pupil, date_trunc('quarter', c.day)))
                    SELECT DISTINCT pupil || ' ' || quarter FROM so_far
                    WHERE quarter_days >= 10 AND unauthorized / quarter_days >= \(threshold) - 1e-9
                    """)
                let actual = try await Self.strings(postgres, stack, """
                    SELECT DISTINCT pupil_key || ' ' || period FROM concerns WHERE rule = '\(rule)' AND pupil_key LIKE '\(prefix)-%'
                    """)
                XCTAssertFalse(expected.isEmpty, "the generated term has pupils over \(threshold)")
                XCTAssertEqual(actual, expected, rule)
            }
            try await postgres.query(PostgresQuery(unsafeSQL: "DROP SCHEMA \(schema) CASCADE"), logger: stack.logger)
        }

        // Every raised concern is on the topic, with its explanation.
        let stored = try await stack.withPostgres { postgres in
            try await Self.strings(postgres, stack, "SELECT concern_id FROM concerns WHERE pupil_key LIKE '\(prefix)-%'")
        }
        var seen: Set<String> = []
        let deadline = ContinuousClock.now + .seconds(30)
        while seen.count < stored.count && ContinuousClock.now < deadline {
            for message in try await watcher.poll(maxMessages: 1000, maxWait: .milliseconds(200)) {
                let event = try CloudEvent(message).decode(ConcernRaised.self)
                guard event.pupilKey.hasPrefix(prefix) else { continue }
                XCTAssertNotNil(event.explanation)
                XCTAssertEqual(event.origin, .rule)
                seen.insert(event.concernId)
            }
        }
        await watcher.close()
        XCTAssertEqual(seen, Set(stored))

        // The API: profile for the school's staff only, policy read and change, recompute.
        let school = term.calendars[0].schoolId
        let pupilWithConcern = try await stack.withPostgres { postgres in
            try await Self.strings(postgres, stack, "SELECT pupil_key FROM concerns WHERE school_id = '\(school)' AND status = 'open' LIMIT 1").first
        }
        let pupil = try XCTUnwrap(pupilWithConcern)
        let teamToken = try await stack.token(StaffPrincipal(staffId: "ot-1", name: "Opsporing", email: "ot@skole.dk", roles: [.detectionTeam], schoolIds: [school]))
        let otherSchool = try await stack.token(StaffPrincipal(staffId: "ot-2", name: "Anden", email: "a@skole.dk", roles: [.detectionTeam], schoolIds: ["other"]))
        let analyst = try await stack.token(StaffPrincipal(staffId: "an-1", name: "Analytiker", email: "an@kommune.dk", roles: [.municipalityAnalyst], schoolIds: [], isMunicipalityWide: true))
        let admin = try await stack.token(StaffPrincipal(staffId: "adm-1", name: "Admin", email: "adm@kommune.dk", roles: [.municipalityAdmin], schoolIds: [], isMunicipalityWide: true))

        let (status, body) = try await stack.call("GET", "/v1/pupils/\(pupil)/absence", token: teamToken)
        XCTAssertEqual(status, 200, body)
        let profile = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        XCTAssertFalse((profile?["openConcerns"] as? [Any])?.isEmpty ?? true)
        XCTAssertFalse((profile?["days"] as? [Any])?.isEmpty ?? true)
        XCTAssertNotNil(profile?["current"] as? [String: Any])
        let response1 = try await stack.call("GET", "/v1/pupils/\(pupil)/absence", token: otherSchool)
        XCTAssertEqual(response1.0, 403)
        let response2 = try await stack.call("GET", "/v1/pupils/\(pupil)/absence", token: analyst)
        XCTAssertEqual(response2.0, 403)
        let response3 = try await stack.call("GET", "/v1/pupils/\(pupil)/absence", token: nil)
        XCTAssertEqual(response3.0, 401)
        let audited = try await stack.withPostgres { postgres in
            try await Self.strings(postgres, stack, "SELECT staff_id || ' ' || role FROM audit_log WHERE pupil_key = '\(pupil)'")
        }
        XCTAssertEqual(audited, ["ot-1 detection-team"])

        let (policyStatus, policyBody) = try await stack.call("GET", "/v1/policy", token: analyst)
        XCTAssertEqual(policyStatus, 200)
        let version = (try JSONSerialization.jsonObject(with: Data(policyBody.utf8)) as? [String: Any])?["version"] as? Int ?? -1
        let bad = #"{"reason":"test","policy":{"minimumSchoolDays":10,"resolveMargin":0.02,"absentDayShare":0.5,"rules":{"unauthorized-quarter-warning":{"enabled":true,"threshold":1.5}}}}"#
        let (badStatus, badBody) = try await stack.call("PUT", "/v1/policy", token: admin, body: bad)
        XCTAssertEqual(badStatus, 422)
        XCTAssertTrue(badBody.contains("rules.unauthorized-quarter-warning.threshold"), badBody)
        let good = #"{"reason":"kommunalbestyrelsen: 8 % i stedet for 10 %","policy":{"minimumSchoolDays":10,"resolveMargin":0.02,"absentDayShare":0.5,"rules":{"unauthorized-quarter-warning":{"enabled":true,"threshold":0.08}}}}"#
        let response4 = try await stack.call("PUT", "/v1/policy", token: teamToken, body: good)
        XCTAssertEqual(response4.0, 403)
        let (goodStatus, goodBody) = try await stack.call("PUT", "/v1/policy", token: admin, body: good)
        XCTAssertEqual(goodStatus, 200, goodBody)
        XCTAssertTrue(goodBody.contains("\"version\":\(version + 1)"), goodBody)
        let (recomputeStatus, recomputeBody) = try await stack.call("POST", "/v1/recompute?schoolId=\(school)", token: admin)
        XCTAssertEqual(recomputeStatus, 200, recomputeBody)
        XCTAssertTrue(recomputeBody.contains("\"pupils\":\(term.directory.filter { $0.schoolId == school }.count)"), recomputeBody)
        // Back to the standard rules for the other tests.
        let standard = String(decoding: try JSONEncoder().encode(ScreeningPolicy.standard), as: UTF8.self)
        let response5 = try await stack.call("PUT", "/v1/policy", token: admin, body: #"{"reason":"back to the defaults","policy":\#(standard)}"#)
        XCTAssertEqual(response5.0, 200)
        let (openAPIStatus, openAPIOutput) = try stack.checkOpenAPI()
        XCTAssertEqual(openAPIStatus, 0, openAPIOutput)
        XCTAssertNotNil(openAPIOutput.firstMatch(of: /openapi check: [0-9]+ passed, 0 failed/), openAPIOutput)
    }

    static func binds(_ values: any PostgresDynamicTypeEncodable...) throws -> PostgresBindings {
        var bindings = PostgresBindings()
        for value in values { try bindings.append(value) }
        return bindings
    }

    static func strings(_ postgres: PostgresClient, _ stack: ScreeningTestStack, _ sql: String) async throws -> [String] {
        var values: [String] = []
        for try await value in try await postgres.query(PostgresQuery(unsafeSQL: sql), logger: stack.logger).decode(String.self) { values.append(value) }
        return values.sorted()
    }
}
