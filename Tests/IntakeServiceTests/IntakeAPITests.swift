import Foundation
import XCTest
@testable import Shared

/// IntakeService end to end against the test stack: real HTTP, PostgreSQL and broker.
final class IntakeAPITests: XCTestCase {
    typealias S = IntakeStack

    func testABatchWithBadItemsKeepsTheGoodOnesAndNamesEachBadOne() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource(schools: 2)
        let (_, foreign) = try await stack.newSource()
        let school = schools[0]
        let body = stack.json([
            "pupils": [S.pupil("p-1-\(school)", school: school), S.pupil("p-2-\(school)", school: school)],
            "registrations": [
                S.registration("ok-1", pupil: "p-1-\(school)", school: school),
                S.registration("bad-school", pupil: "p-1-\(school)", school: "no-such-school"),
                S.registration("bad-pupil", pupil: "nobody", school: school),
                S.registration("bad-day", pupil: "p-1-\(school)", school: school, date: "2026-11-21"),
                S.registration("bad-future", pupil: "p-1-\(school)", school: school, date: "2099-01-05"),
                S.registration("bad-status", pupil: "p-1-\(school)", school: school, status: "gone"),
                S.registration("bad-foreign", pupil: "p-1-\(school)", school: foreign[0]),
                S.registration("ok-2", pupil: "p-2-\(school)", school: school, status: "late", category: nil, period: 2),
            ],
        ])
        let reply = try await stack.send("POST", "/v1/registrations", body: body, key: key)
        XCTAssertEqual(reply.status, 422)
        XCTAssertEqual(reply.contentType, "application/problem+json")
        XCTAssertEqual(reply.json["accepted"] as? Int, 2)
        let errors = reply.errors.map { "\($0["index"]!) \($0["field"]!): \($0["reason"]!)" }
        XCTAssertEqual(errors, [
            "1 schoolId: unknown school 'no-such-school' (no calendar has been sent for it)",
            "2 pupilSourceId: unknown pupil (send the pupil first, or in the same batch)",
            "3 date: 2026-11-21 is not a school day in the calendar of '\(school)'",
            "4 date: 2099-01-05 is in the future",
            "5 status: 'gone' is not one of present, late, absent",
            "6 schoolId: the source 'test-\(school.split(separator: "-")[1])' may not send registrations for school '\(foreign[0])'",
        ])

        let ingested = try await stack.events(.attendanceIngested, schools: [school], atLeast: 2)
        let payloads = try ingested.map { try $0.decode(AttendanceIngested.self) }
        XCTAssertEqual(payloads.map(\.status).sorted { $0.rawValue < $1.rawValue }, [.absent, .late])
        XCTAssertEqual(payloads.first { $0.status == .late }?.dayFraction ?? 0, 1.0 / 6, accuracy: 1e-9)
        let rejected = try await stack.events(.attendanceRejected, schools: [school], atLeast: 3)
        XCTAssertTrue(rejected.contains { (try? $0.decode(AttendanceRejected.self).field) == "pupilSourceId" })
    }

    func testUnreadableAndUnauthenticatedRequestsAreClearErrors() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let badUTF8 = Data([0x5B, 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D, 0x5D])
        let unreadable = try await stack.send("POST", "/v1/registrations", body: badUTF8, key: key)
        XCTAssertEqual(unreadable.status, 400)
        XCTAssertEqual(unreadable.json["detail"] as? String, "the body is not valid UTF-8 (first bad byte at offset 7)")

        let noKey = try await stack.send("POST", "/v1/registrations", body: stack.json([]), key: nil)
        XCTAssertEqual(noKey.status, 401)
        XCTAssertEqual(noKey.contentType, "application/problem+json")
        let badKey = try await stack.send("POST", "/v1/registrations", body: stack.json([]), key: "fmk_wrong")
        XCTAssertEqual(badKey.status, 401)
        let xml = try await stack.send("POST", "/v1/registrations", body: Data("<x/>".utf8), contentType: "application/xml", key: key)
        XCTAssertEqual(xml.status, 415)

        let (_, other) = try await stack.newSource()
        let foreignCalendar = try await stack.send("PUT", "/v1/schools/\(other[0])/calendar", body: stack.json([
            "schoolName": "x", "schoolYear": "2026/27", "schoolDays": ["2026-11-20"]]), key: key)
        XCTAssertEqual(foreignCalendar.status, 403)
        let badCalendar = try await stack.send("PUT", "/v1/schools/\(schools[0])/calendar", body: stack.json([
            "schoolName": "x", "schoolYear": "2026", "schoolDays": ["2026-11-20", "20-11-2026"]]), key: key)
        XCTAssertEqual(badCalendar.status, 422)
        XCTAssertEqual(Set(badCalendar.errors.compactMap { $0["field"] as? String }), ["schoolYear", "schoolDays[1]"])
        let missingField = try await stack.send("PUT", "/v1/schools/\(schools[0])/calendar", body: stack.json(["schoolName": "x"]), key: key)
        XCTAssertEqual(missingField.status, 400)
        XCTAssertEqual(missingField.errors.first?["field"] as? String, "schoolYear")
    }

    func testBodyAndBatchLimitsAnswer413WithTheLimit() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let many = (0...10_000).map { S.registration("r-\($0)", pupil: "p", school: schools[0]) }
        let tooMany = try await stack.send("POST", "/v1/registrations", body: stack.json(many), key: key)
        XCTAssertEqual(tooMany.status, 413)
        XCTAssertEqual(tooMany.json["limit"] as? Int, 10_000)
        let huge = Data(repeating: 0x20, count: 16 * 1024 * 1024 + 1)
        let tooLarge = try await stack.send("POST", "/v1/registrations", body: huge, key: key)
        XCTAssertEqual(tooLarge.status, 413)
        XCTAssertEqual(tooLarge.json["limit"] as? Int, 16 * 1024 * 1024)
    }

    func testAReplayedBatchIsAcceptedOnceAndACorrectionReplacesTheCategory() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        // Pupil keys are global (one child, one key), so each test uses pupils of its own.
        let pupil = "p-9-\(UUID().uuidString.prefix(8))"
        let batch = stack.json([
            "pupils": [S.pupil(pupil, school: school)],
            "registrations": [S.registration("r-1", pupil: pupil, school: school), S.registration("r-2", pupil: pupil, school: school, date: "2026-11-19")],
        ])
        let first = try await stack.send("POST", "/v1/registrations", body: batch, key: key)
        XCTAssertEqual(first.status, 200)
        XCTAssertEqual(first.json["accepted"] as? Int, 2)
        let replay = try await stack.send("POST", "/v1/registrations", body: batch, key: key)
        XCTAssertEqual(replay.status, 200)
        XCTAssertEqual(replay.json["accepted"] as? Int, 0)
        XCTAssertEqual(replay.json["duplicates"] as? Int, 2)

        // A doctor's note: the same pupil, date and period, recorded later, now illness.
        let correction = try await stack.send("POST", "/v1/registrations", body: stack.json([
            S.registration("r-1-note", pupil: pupil, school: school, category: "illness", recordedAt: "2026-11-21T09:00:00Z"),
            S.registration("r-1-old", pupil: pupil, school: school, category: "authorized", recordedAt: "2026-11-19T09:00:00Z"),
        ]), key: key)
        XCTAssertEqual(correction.status, 200)
        XCTAssertEqual(correction.json["corrections"] as? Int, 1)
        XCTAssertEqual(correction.json["stale"] as? Int, 1, "an older registration does not replace a newer one")

        let events = try await stack.events(.attendanceIngested, schools: [school], atLeast: 3)
        let payloads = try events.map { try $0.decode(AttendanceIngested.self) }
        XCTAssertEqual(payloads.count, 3, "two first registrations and one correction; the replay and the stale one published nothing")
        let original = try XCTUnwrap(payloads.first { $0.date.description == "2026-11-20" && !$0.isCorrection })
        let corrected = try XCTUnwrap(payloads.first { $0.isCorrection })
        XCTAssertEqual(corrected.absenceCategory, .illness)
        XCTAssertEqual(corrected.replacesRegistrationId, original.registrationId)
        XCTAssertEqual(original.absenceCategory, .unauthorized)
    }

    /// A registration id sent again with other content is a conflict named per item (and on attendance.rejected), not a
    /// silent duplicate; the same id with the same content stays a duplicate, also when re-stamped.
    func testARegistrationIdSentAgainWithOtherContentIsAConflict() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        let tag = UUID().uuidString.prefix(8)
        let (pupil, other) = ("p-cf-\(tag)", "p-cf2-\(tag)")
        let first = try await stack.send("POST", "/v1/registrations", body: stack.json([
            "pupils": [S.pupil(pupil, school: school), S.pupil(other, school: school)],
            "registrations": [S.registration("cf-1", pupil: pupil, school: school)],
        ]), key: key)
        XCTAssertEqual(first.json["accepted"] as? Int, 1, first.text)
        let again = try await stack.send("POST", "/v1/registrations", body: stack.json([
            S.registration("cf-1", pupil: pupil, school: school, recordedAt: "2026-11-20T09:30:00Z"),  // same content, re-stamped
            S.registration("cf-1", pupil: other, school: school, date: "2026-11-19"),                  // another pupil and date
            S.registration("cf-2", pupil: other, school: school, category: "illness"),
            S.registration("cf-2", pupil: other, school: school, category: "authorized"),             // the same new id twice, differing
        ]), key: key)
        XCTAssertEqual(again.status, 422, again.text)
        XCTAssertEqual(again.json["accepted"] as? Int, 1, again.text)
        XCTAssertEqual(again.json["duplicates"] as? Int, 1, again.text)
        let errors = again.json["errors"] as? [[String: Any]] ?? []
        XCTAssertEqual(errors.compactMap { $0["index"] as? Int }, [1, 3], again.text)
        XCTAssertEqual(Set(errors.compactMap { $0["field"] as? String }), ["sourceRegistrationId"])
        let reasons = errors.compactMap { $0["reason"] as? String }
        XCTAssertTrue(reasons.first?.contains("pupilSourceId, date") ?? false, again.text)
        XCTAssertTrue(reasons.last?.contains("absenceCategory") ?? false, again.text)
        XCTAssertFalse(again.text.contains(other), "the reason names fields, never the pupil's id")
        let rejected = try await stack.events(.attendanceRejected, schools: [school], atLeast: 2)
        XCTAssertEqual(rejected.compactMap { try? $0.decode(AttendanceRejected.self).field }.filter { $0 == "sourceRegistrationId" }.count, 2)
    }

    func testCSVExportWithSemicolonsBOMAndDanishLetters() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource(prefix: "ærø-skole")
        let school = schools[0]
        let pupils = try await stack.send("POST", "/v1/pupils", body: stack.json([
            S.pupil("elev-1-\(school)", school: school, given: "Søren Åge", family: "Ærø-Østergård"), S.pupil("elev-2-\(school)", school: school, given: "Ida", family: "Møller"),
        ]), key: key)
        XCTAssertEqual(pupils.status, 200, String(decoding: pupils.body, as: UTF8.self))
        let csv = "\u{FEFF}source_registration_id;pupil_source_id;school_id;date;period;status;absence_category;minutes_late;recorded_at\r\n"
            + "\"fravær;1\";elev-1-\(school);\(school);2026-11-18;day;absent;unauthorized;;2026-11-18T08:05:00Z\r\n"
            + "fravær-2;elev-2-\(school);\(school);2026-11-18;1;late;;7;2026-11-18T08:15:00+01:00\r\n"
        let reply = try await stack.send("POST", "/v1/registrations", body: Data(csv.utf8), contentType: "text/csv; charset=utf-8", key: key)
        XCTAssertEqual(reply.status, 200, String(decoding: reply.body, as: UTF8.self))
        XCTAssertEqual(reply.json["accepted"] as? Int, 2)
        let events = try await stack.events(.attendanceIngested, schools: [school], atLeast: 2)
        XCTAssertEqual(Set(try events.map { try $0.decode(AttendanceIngested.self).status }), [.absent, .late])
        let directory = try await stack.events(.pupilDirectory, schools: [school], atLeast: 2)
        XCTAssertTrue(try directory.contains { try $0.decode(PupilDirectoryEntry.self).familyName == "Ærø-Østergård" })
    }

    func testEdFiAttendanceEvents() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        let student = "6048\(Int.random(in: 100_000...999_999))"
        _ = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(student, school: school)]), key: key)
        let edFi: [[String: Any]] = [
            ["id": "ed-1", "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Excused Absence",
             "attendanceEventReason": "Sick", "eventDate": "2026-11-17", "schoolReference": ["schoolId": school],
             "studentReference": ["studentUniqueId": student]],
            ["id": "ed-2", "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
             "eventDate": "2026-11-18", "schoolReference": ["schoolId": school], "studentReference": ["studentUniqueId": student]],
            // The Data Standard's own shape: a half day (eventDuration), a sessionReference, a Tardy with its arrivalTime.
            ["id": "ed-3", "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
             "eventDate": "2026-11-19", "eventDuration": 0.5, "schoolReference": ["schoolId": school],
             "sessionReference": ["schoolId": school, "schoolYear": 2027, "sessionName": "2026-2027 Fall Semester"],
             "studentReference": ["studentUniqueId": student]],
            ["id": "ed-4", "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy",
             "eventDate": "2026-11-20", "arrivalTime": "08:35:00", "eventDuration": 1, "schoolReference": ["schoolId": school],
             "studentReference": ["studentUniqueId": student]],
        ]
        let reply = try await stack.send("POST", "/v1/ed-fi/studentSchoolAttendanceEvents", body: stack.json(edFi), key: key)
        XCTAssertEqual(reply.status, 200, String(decoding: reply.body, as: UTF8.self))
        let events = try await stack.events(.attendanceIngested, schools: [school], atLeast: 4)
        let payloads = Dictionary(uniqueKeysWithValues: try events.map { event in
            let payload = try event.decode(AttendanceIngested.self)
            return (payload.date.description, payload)
        })
        XCTAssertEqual(payloads.mapValues(\.absenceCategory), ["2026-11-17": .illness, "2026-11-18": .unauthorized, "2026-11-19": .unauthorized, "2026-11-20": nil])
        XCTAssertEqual(payloads["2026-11-19"]?.dayFraction, 0.5, "eventDuration 0.5 is half a day absent, not a whole one")
        XCTAssertEqual(payloads["2026-11-18"]?.dayFraction, 1)
        XCTAssertEqual(payloads["2026-11-20"]?.status, .late)
        XCTAssertEqual(payloads["2026-11-20"]?.minutesLate, 35, "arrivalTime 08:35 against the default start 08:00")
        // A duration that is no share of a day is refused, naming Ed-Fi's field.
        var bad = edFi[2]
        (bad["id"], bad["eventDuration"]) = ("ed-5", 3)
        let refused = try await stack.send("POST", "/v1/ed-fi/studentSchoolAttendanceEvents", body: stack.json([bad]), key: key)
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(String(decoding: refused.body, as: UTF8.self).contains("eventDuration"))
    }

    func testTheKafkaFeedIngestsGoodMessagesAndRejectsBadOnesWithoutBlocking() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        _ = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil("k-1-\(school)", school: school)]), key: key)
        let topic = try stack.feedTopic(of: school)
        // The source may name itself in the message (it must be the topic's source) or leave it out.
        var good = S.registration("feed-1", pupil: "k-1-\(school)", school: school)
        good["sourceSystem"] = S.sourceSystem(of: school)
        let bad = S.registration("feed-2", pupil: "k-1-\(school)", school: school, date: "2026-13-01")
        let after = S.registration("feed-3", pupil: "k-1-\(school)", school: school, date: "2026-11-19", status: "present", category: nil)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(kafka: KafkaConfiguration(bootstrapServers: stack.bootstrap, clientID: "feed-test")),
                                         logger: .init(label: "feed-test"))
        let messages = [stack.json(good), stack.json(bad), Data("not json at all \(school)".utf8), stack.json(after)].map {
            KafkaProducerMessage(topic: topic, key: "\(school)", value: Array($0))
        }
        _ = try await producer.send(messages)
        let ingested = try await stack.events(.attendanceIngested, schools: [school], atLeast: 2)
        XCTAssertEqual(Set(try ingested.map { try $0.decode(AttendanceIngested.self).date.description }), ["2026-11-20", "2026-11-19"],
                       "the message after the bad ones was ingested too")
        let rejected = try await stack.events(.attendanceRejected, schools: [school], atLeast: 1)
        let reasons = try rejected.map { try $0.decode(AttendanceRejected.self) }
        XCTAssertTrue(reasons.contains { $0.field == "date" && $0.channel == .kafka && $0.sourceRegistrationId == "feed-2" })
    }

    func testIngestedEventsMatchTheirSchemaAndCarryNoCPRNumberOrName() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        let cpr = "2411\(Int.random(in: 10...99))-\(Int.random(in: 1000...9999))"
        let given = "Xenia\(Int.random(in: 1000...9999))"
        let family = "Qvist\(Int.random(in: 1000...9999))"
        let reply = try await stack.send("POST", "/v1/registrations", body: stack.json([
            "pupils": [S.pupil(cpr, school: school, given: given, family: family)],
            "registrations": [
                S.registration("n-1", pupil: cpr, school: school),
                S.registration("n-2", pupil: cpr, school: school, date: "2026-11-19", status: "late", category: nil),
                S.registration("n-3", pupil: cpr, school: school, date: "2026-11-22"),
                S.registration("n-4", pupil: cpr.replacingOccurrences(of: "-", with: ""), school: school, date: "2026-11-18", period: 3),
            ],
        ]), key: key)
        XCTAssertEqual(reply.status, 422)
        XCTAssertEqual(reply.json["accepted"] as? Int, 3)

        let ingested = try await stack.events(.attendanceIngested, schools: [school], atLeast: 3)
        let rejected = try await stack.events(.attendanceRejected, schools: [school], atLeast: 1)
        XCTAssertEqual(ingested.count, 3)
        XCTAssertEqual(Set(try ingested.map { try $0.decode(AttendanceIngested.self).pupilKey }).count, 1, "one pupil, one key, with or without the dash")
        let digits = cpr.replacingOccurrences(of: "-", with: "")
        for event in ingested + rejected {
            let text = String(decoding: event.data, as: UTF8.self) + (event.subject ?? "") + event.key
            for secret in [cpr, digits, given, family] { XCTAssertFalse(text.contains(secret), "\(event.type) leaks \(secret)") }
        }

        // The schema check (Python jsonschema) over what was published.
        let lines = try ingested.map { event -> String in
            let object: [String: Any] = ["type": event.type, "data": try JSONSerialization.jsonObject(with: Data(event.data))]
            return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ingested-\(UUID()).ndjson")
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/check_event_schemas.py").path, file.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, report)
        XCTAssertTrue(report.contains("3 passed, 0 failed"), report)

        // And the service's own log lines.
        let runDirectory = try XCTUnwrap(ProcessInfo.processInfo.environment["RUN_DIR"])
        let log = try String(contentsOfFile: runDirectory + "/logs/IntakeService.log", encoding: .utf8)
        XCTAssertFalse(log.isEmpty)
        for secret in [cpr, digits, given, family] { XCTAssertFalse(log.contains(secret), "the log leaks \(secret)") }
    }

    func testTheSamePupilTwiceInABatchARepeatedHolidayAndAnotherSchoolsPupilAreClearAnswers() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource(schools: 2)
        let tag = Int.random(in: 100_000...999_999)
        let twice = try await stack.send("POST", "/v1/registrations", body: stack.json([
            "pupils": [S.pupil("P7-\(tag)", school: schools[0], given: "Første"), S.pupil("p7 \(tag)", school: schools[0], given: "Anden")],
            "registrations": [S.registration("t-1", pupil: "P7-\(tag)", school: schools[0])],
        ]), key: key)
        XCTAssertEqual(twice.status, 200, String(decoding: twice.body, as: UTF8.self))
        XCTAssertEqual(twice.json["pupils"] as? Int, 1, "one pupil, whichever way the id was written; the last one counts")
        XCTAssertEqual(twice.json["accepted"] as? Int, 1)

        let wrongSchool = try await stack.send("POST", "/v1/registrations", body: stack.json([
            S.registration("t-2", pupil: "P7-\(tag)", school: schools[1]),
        ]), key: key)
        XCTAssertEqual(wrongSchool.status, 422)
        XCTAssertEqual(wrongSchool.errors.first?["field"] as? String, "schoolId")

        let holidays = try await stack.send("PUT", "/v1/schools/\(schools[0])/calendar", body: stack.json([
            "schoolName": "x", "schoolYear": "2026/27", "schoolDays": ["2026-11-20"],
            "holidays": [["date": "2026-12-24", "name": "Juleaften"], ["date": "2026-12-24", "name": "Jul"]],
        ]), key: key)
        XCTAssertEqual(holidays.status, 422)
        XCTAssertEqual(holidays.errors.first?["field"] as? String, "holidays[1].date")
    }

    func testAnEdFiUpdateOfTheSameResourceCorrectsTheEarlierEvent() async throws {
        let stack = try IntakeStack()
        let (key, schools) = try await stack.newSource()
        let school = schools[0]
        let pupil = "ed-pupil-\(UUID().uuidString.prefix(8))"
        _ = try await stack.send("POST", "/v1/pupils", body: stack.json([S.pupil(pupil, school: school)]), key: key)
        func resource(_ descriptor: String, modified: String) -> Data {
            stack.json([["id": "res-1", "attendanceEventCategoryDescriptor": "uri://ed-fi.org/AttendanceEventCategoryDescriptor#\(descriptor)",
                         "eventDate": "2026-11-19", "schoolReference": ["schoolId": school], "studentReference": ["studentUniqueId": pupil],
                         "_lastModifiedDate": modified]])
        }
        let first = try await stack.send("POST", "/v1/ed-fi/studentSchoolAttendanceEvents", body: resource("Unexcused Absence", modified: "2026-11-19T09:00:00Z"), key: key)
        XCTAssertEqual(first.json["accepted"] as? Int, 1)
        let update = try await stack.send("POST", "/v1/ed-fi/studentSchoolAttendanceEvents", body: resource("Excused Absence", modified: "2026-11-20T09:00:00Z"), key: key)
        XCTAssertEqual(update.json["corrections"] as? Int, 1, String(decoding: update.body, as: UTF8.self))
        let again = try await stack.send("POST", "/v1/ed-fi/studentSchoolAttendanceEvents", body: resource("Excused Absence", modified: "2026-11-20T09:00:00Z"), key: key)
        XCTAssertEqual(again.json["duplicates"] as? Int, 1)
    }

    func testTheServerAnswersAsItsOpenAPIDocumentSays() throws {
        let stack = try IntakeStack()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/check_openapi.py").path,
                             root.appendingPathComponent("openapi/intake.yaml").path, stack.url]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, report.split(separator: "\n").filter { !$0.hasPrefix("PASS") }.joined(separator: "\n"))
        XCTAssertNotNil(report.firstMatch(of: /openapi check: [0-9]+ passed, 0 failed/), report.suffix(500).description)
    }
}
