import Foundation
import XCTest
@testable import Shared

/// A pupil with data in all four services of the running stack, made through their APIs: an
/// attendance system registered by the administrator, a school calendar, the pupil with three
/// absent days, a concern and a case with a team (so NotificationService mails the team). The
/// data protection officer resolves the pupil key from the school-system id.
struct PupilAcrossServices {
    var tag: String
    var school: String
    var sourceId: String
    var pupil: String
    var caseId: String
    var dpo: String
    var leader: String

    static func make(_ stack: SecurityStack) async throws -> PupilAcrossServices {
        let tag = UUID().uuidString.prefix(8).lowercased()
        let school = "sletning-\(tag)"
        let dpo = try await stack.token("dpo-\(tag)", [.dataProtectionOfficer], schools: [])
        let admin = try await stack.token("admin-\(tag)", [.municipalityAdmin], schools: [])
        let leader = try await stack.token("leader-\(tag)", [.schoolLeader], schools: [school])

        // An attendance system for the school, registered by the municipality's administrator.
        let source = try await stack.send("intake", "POST", "/v1/admin/sources", credential: admin,
                                          body: ["sourceSystem": "sletning-\(tag)", "schools": [school]])
        XCTAssertEqual(source.status, 201, source.text)
        let key = try XCTUnwrap(source.json["apiKey"] as? String)
        let days = ["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-23"]
        let calendar = try await stack.send("intake", "PUT", "/v1/schools/\(school)/calendar", credential: key,
                                            body: ["schoolName": "Sletteskolen", "schoolYear": "2026/27", "schoolDays": days, "lessonsPerDay": 6])
        XCTAssertEqual(calendar.status, 200, calendar.text)
        let sourceId = "241114-\(String(Int.random(in: 1000...9999)))"
        let pupils = try await stack.send("intake", "POST", "/v1/pupils", credential: key, body: [[
            "sourceId": sourceId, "givenName": "Erasmus", "familyName": "Sletmig\(tag)", "schoolId": school, "className": "4B", "grade": 4,
            "enrolledFrom": "2022-08-08",
        ]])
        XCTAssertEqual(pupils.status, 200, pupils.text)
        let registrations = days.prefix(3).enumerated().map { index, date -> [String: Any] in
            ["sourceRegistrationId": "r-\(tag)-\(index)", "pupilSourceId": sourceId, "schoolId": school, "date": date, "status": "absent",
             "absenceCategory": "unauthorized", "recordedAt": "\(date)T08:00:00Z", "period": "day"]
        }
        let registered = try await stack.send("intake", "POST", "/v1/registrations", credential: key, body: registrations)
        XCTAssertEqual(registered.status, 200, registered.text)

        let resolved = try await stack.send("intake", "POST", "/v1/pupil-keys", credential: dpo, body: ["sourceId": sourceId])
        XCTAssertEqual(resolved.status, 200, resolved.text)
        let pupil = try XCTUnwrap(resolved.json["pupilKey"] as? String)

        // Planning: a concern and a case with a team, so Notification mails the team.
        try await stack.eventually("Planning knows the pupil") {
            try await stack.send("planning", "GET", "/v1/pupils/\(pupil)", credential: leader).status == 200
        }
        let reported = try await stack.send("planning", "POST", "/v1/schools/\(school)/concerns", credential: leader,
                                            body: ["pupilKey": pupil, "category": "wellbeing", "description": "trist i frikvartererne"])
        XCTAssertEqual(reported.status, 201, reported.text)
        let concernId = try XCTUnwrap(reported.json["concernId"] as? String)
        try await stack.knownStaff(["coord-\(tag)"])
        let team: [[String: Any]] = [["staffId": "coord-\(tag)", "role": "coordinator", "email": "coord-\(tag)@kommune.example"]]
        let opened = try await stack.send("planning", "POST", "/v1/concerns/\(concernId)/triage", credential: leader,
                                          body: ["decision": "open-case", "team": team], ifMatch: reported.etag)
        XCTAssertEqual(opened.status, 200, opened.text)

        let caseId = try XCTUnwrap(opened.json["caseId"] as? String, opened.text)
        return PupilAcrossServices(tag: tag, school: school, sourceId: sourceId, pupil: pupil, caseId: caseId, dpo: dpo, leader: leader)
    }
}
