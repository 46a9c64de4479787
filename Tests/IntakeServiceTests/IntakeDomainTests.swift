import Crypto
import Foundation
import XCTest
@testable import IntakeService
@testable import Shared

/// IntakeService's pure logic: formats, validation, pseudonyms, references and corrections.
final class IntakeDomainTests: XCTestCase {
    let today = SchoolDate("2026-11-24")!

    func testOutsideDevelopmentIntakeNeedsTheMunicipalitysSecretAndALongAdminToken() throws {
        let auth = ["AUTH_ISSUER": "http://idp", "AUTH_JWKS_FILE": "/dev/null"]
        func refused(_ environment: [String: String]) -> String? {
            do {
                _ = try IntakeConfiguration(settings: Settings(environment: auth.merging(environment) { $1 }))
                return nil
            } catch let error as ConfigurationError { return error.variable } catch { return "\(error)" }
        }
        let secret = "municipality-secret-0123456789"
        XCTAssertEqual(refused([:]), "INTAKE_PSEUDONYM_SECRET", "no well-known default in production")
        XCTAssertEqual(refused(["INTAKE_PSEUDONYM_SECRET": IntakeConfiguration.developmentSecret]), "INTAKE_PSEUDONYM_SECRET")
        XCTAssertNil(refused(["INTAKE_PSEUDONYM_SECRET": secret]), "the admin token is opt-in")
        XCTAssertEqual(refused(["INTAKE_PSEUDONYM_SECRET": secret, "INTAKE_ADMIN_TOKEN": "short"]), "INTAKE_ADMIN_TOKEN")
        XCTAssertNil(refused(["INTAKE_PSEUDONYM_SECRET": secret, "INTAKE_ADMIN_TOKEN": String(repeating: "a1", count: 16)]))
        XCTAssertNil(refused(["FREMMOEDE_ENV": "development"]), "development has its throw-away secret")
        let configuration = try IntakeConfiguration(settings: Settings(environment: auth.merging(["FREMMOEDE_ENV": "development"]) { $1 }))
        XCTAssertEqual(configuration.pseudonymSecret, IntakeConfiguration.developmentSecret)
        XCTAssertNil(configuration.adminToken)
    }

    func testCSVAsDanishSchoolSystemsExportIt() throws {
        let csv = "\u{FEFF}source_registration_id;Pupil_Source_Id;schoolId;date;period;status;absenceCategory;minutesLate;recordedAt\r\n"
            + "r-1;elev-ø1;åby-skole;2026-11-23;day;absent;unauthorized;;2026-11-23T08:10:00Z\r\n"
            + "\"r-2;x\";\"elev \"\"Æ\"\"\";åby-skole;2026-11-23;3;late;;12;2026-11-23T09:00:00+01:00\r\n"
            + "\r\n"
        let batch = try RegistrationBatch.parse(Array(csv.utf8), format: .csv)
        XCTAssertEqual(batch.registrations.count, 2)
        XCTAssertEqual(batch.registrations[0].sourceRegistrationId, "r-1")
        XCTAssertEqual(batch.registrations[0].pupilSourceId, "elev-ø1")
        XCTAssertEqual(batch.registrations[0].schoolId, "åby-skole")
        XCTAssertEqual(batch.registrations[0].minutesLate, nil)
        XCTAssertEqual(batch.registrations[1].sourceRegistrationId, "r-2;x", "a quoted separator stays in the field")
        XCTAssertEqual(batch.registrations[1].pupilSourceId, "elev \"Æ\"", "doubled quotes are one quote")
        XCTAssertEqual(batch.registrations[1].period, "3")

        let validator = RegistrationValidator(authenticatedSource: "demo", today: today)
        let late = try validator.validate(batch.registrations[1]).get()
        XCTAssertEqual(late.period, .lesson(3))
        XCTAssertEqual(late.minutesLate, 12)
        XCTAssertEqual(late.recordedAt, EventCoding.parseTimestamp("2026-11-23T08:00:00Z"))
    }

    func testCommaSeparatedCSVAndNDJSONAndJSONObject() throws {
        let comma = "sourceRegistrationId,pupilSourceId,schoolId,date,status\nr-9,p-1,s-1,2026-11-20,present\n"
        XCTAssertEqual(try RegistrationBatch.parse(Array(comma.utf8), format: .csv).registrations.first?.status, "present")

        let ndjson = "{\"sourceRegistrationId\":\"a\",\"period\":2}\nnot json\n\n{\"sourceRegistrationId\":\"b\"}\n"
        let lines = try RegistrationBatch.parse(Array(ndjson.utf8), format: .ndjson).registrations
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0].period, "2")
        XCTAssertEqual(lines[1].unreadable, "line 2 is not a JSON object")
        XCTAssertEqual(lines[2].index, 2)

        let booleans = try RegistrationBatch.parse(Array("[{\"period\":true,\"minutesLate\":1}]".utf8), format: .json).registrations
        XCTAssertEqual(booleans.first?.period, "true", "a JSON boolean is not lesson 1")
        XCTAssertEqual(booleans.first?.minutesLate, "1")

        let object = "{\"pupils\":[{\"sourceId\":\"p\"}],\"registrations\":[{\"sourceRegistrationId\":\"r\"}]}"
        let batch = try RegistrationBatch.parse(Array(object.utf8), format: .json)
        XCTAssertEqual(batch.pupils.count, 1)
        XCTAssertEqual(batch.registrations.count, 1)
    }

    func testFieldsAreTrimmedOfWhiteSpaceAsFoundationTrimsThem() {
        let samples = ["", " ", "\t", "abc", " abc", "abc ", "\tabc\t", " a b ", "\u{00A0}abc", "abc\u{3000}", "\u{2003}\u{00A0}",
                       "æbc", "abø", " æ ", "a\n", "\na", "\u{200B}a", "a\u{301}", "Ærø Skole"]
        for text in samples {
            XCTAssertEqual(RegistrationInput.trimmed(text), text.trimmingCharacters(in: .whitespaces), text.debugDescription)
        }
        XCTAssertEqual(RegistrationInput(index: 0, fields: ["schoolId": "\u{00A0} skole-01 ", "date": "  "]).schoolId, "skole-01")
        XCTAssertNil(RegistrationInput(index: 0, fields: ["date": " \t "]).date)
    }

    func testUnreadableBodiesAreRefusedWhole() {
        XCTAssertThrowsError(try RegistrationBatch.parse([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x7D], format: .json)) { error in
            XCTAssertEqual((error as? RegistrationBatch.Unreadable)?.reason, "the body is not valid UTF-8 (first bad byte at offset 2)")
        }
        XCTAssertThrowsError(try RegistrationBatch.parse(Array("{\"x\":1}".utf8), format: .json))
        XCTAssertThrowsError(try RegistrationBatch.parse(Array("just,words\n".utf8), format: .csv))
        XCTAssertNil(RegistrationBatch.Format(contentType: "application/xml"))
        XCTAssertEqual(RegistrationBatch.Format(contentType: "text/csv; charset=utf-8"), .csv)
    }

    func testEachFieldIsValidatedWithAReason() {
        let validator = RegistrationValidator(authenticatedSource: "demo", today: today)
        let good: [String: String] = [
            "sourceRegistrationId": "r", "pupilSourceId": "p", "schoolId": "s", "date": "2026-11-24", "status": "absent",
            "absenceCategory": "illness", "recordedAt": "2026-11-24T08:00:00Z",
        ]
        XCTAssertNoThrow(try validator.validate(RegistrationInput(index: 0, fields: good)).get())
        let cases: [([String: String], String, String)] = [
            (["sourceSystem": "other"], "sourceSystem", "belongs to 'demo'"),
            (["sourceRegistrationId": ""], "sourceRegistrationId", "is required"),
            (["pupilSourceId": ""], "pupilSourceId", "is required"),
            (["date": "24-11-2026"], "date", "is not a date"),
            (["date": "2026-11-25"], "date", "in the future"),
            (["period": "13"], "period", "lesson number 1–12"),
            (["status": "away"], "status", "not one of present, late, absent"),
            (["absenceCategory": "holiday"], "absenceCategory", "not one of illness"),
            (["status": "present"], "absenceCategory", "only for absences"),
            (["minutesLate": "5"], "minutesLate", "only for late arrivals"),
            (["status": "late", "absenceCategory": "", "minutesLate": "-3"], "minutesLate", "0–600"),
            (["recordedAt": "yesterday"], "recordedAt", "RFC 3339"),
        ]
        for (change, field, reason) in cases {
            let input = RegistrationInput(index: 4, fields: good.merging(change) { _, new in new })
            switch validator.validate(input) {
            case .success: XCTFail("\(change) must fail")
            case .failure(let error):
                XCTAssertEqual(error.index, 4)
                XCTAssertEqual(error.field, field, "\(change)")
                XCTAssertTrue(error.reason.contains(reason), "\(error.reason) contains \(reason)")
            }
        }
        let unknownCategory = RegistrationInput(index: 0, fields: good.merging(["absenceCategory": "unknown"]) { _, new in new })
        XCTAssertNil(try validator.validate(unknownCategory).get().absenceCategory, "a category not yet known is allowed")
    }

    /// The item limit is checked on the bytes, before any parsing, and counting stops just past it.
    func testItemsAreCountedBeforeParsingAndTheCountStopsAtTheLimit() throws {
        func count(_ text: String, _ format: RegistrationBatch.Format, limit: Int = 100) -> Int {
            BatchItemCounter.count(Array(text.utf8), format: format, limit: limit)
        }
        let tricky = #"[{"sourceRegistrationId": "a,[b]{\"c", "period": [1, 2]}, {"x": {"y": [3]}}, "z" , [4,5]]"#
        XCTAssertEqual(count(tricky, .json), 4, "commas and brackets in strings and nested values are not items")
        XCTAssertEqual(try RegistrationBatch.parse(Array(tricky.utf8), format: .json).registrations.count, 4)
        XCTAssertEqual(count(#"{"pupils": [{"a": 1}], "registrations": [{}, {}], "note": "x,y"}"#, .json), 3)
        XCTAssertEqual(count("[]", .json), 0)
        XCTAssertEqual(count("{\"a\":1}\n\n  \n{\"b\":2}\n", .ndjson), 2)
        XCTAssertEqual(count("id;name\r\n1;\"two\nlines\"\r\n2;x\r\n", .csv), 2, "a quoted line break is not a row")
        let many = "[" + Array(repeating: "{}", count: 50_000).joined(separator: ",") + "]"
        XCTAssertEqual(count(many, .json, limit: 10), 11, "stops at the first item past the limit")
        XCTAssertEqual(count(String(repeating: "{}\n", count: 50_000), .ndjson, limit: 10), 11)
    }

    /// A `recordedAt` far in the future would hold its period against every real correction (the later one wins).
    func testARecordedTimeInTheFutureIsRefused() {
        let now = EventCoding.parseTimestamp("2026-11-24T10:00:00Z")!
        let validator = RegistrationValidator(authenticatedSource: "demo", today: today,
                                              recordedAtLimit: now.addingTimeInterval(RegistrationValidator.clockAllowance))
        func input(_ recordedAt: String) -> RegistrationInput {
            RegistrationInput(index: 0, fields: ["sourceRegistrationId": "r", "pupilSourceId": "p", "schoolId": "s", "date": "2026-11-24",
                                                 "status": "absent", "recordedAt": recordedAt])
        }
        XCTAssertNoThrow(try validator.validate(input("2026-11-24T10:30:00Z")).get(), "a clock a little ahead is fine")
        guard case .failure(let error) = validator.validate(input("2099-12-31T23:00:00Z")) else { return XCTFail("a far-future recordedAt must fail") }
        XCTAssertEqual(error.field, "recordedAt")
        XCTAssertTrue(error.reason.contains("in the future"), error.reason)
    }

    func testEdFiAttendanceEventsMapOntoOurCategories() throws {
        let json = """
            [{"id":"e1","attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Excused Absence",
              "attendanceEventReason":"Sick with flu","eventDate":"2026-11-23","schoolReference":{"schoolId":255901},
              "studentReference":{"studentUniqueId":"604822"},"_lastModifiedDate":"2026-11-23T10:00:00Z"},
             {"attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Excused Absence",
              "attendanceEventReason":"Family trip","eventDate":"2026-11-23","schoolReference":{"schoolId":255901},
              "studentReference":{"studentUniqueId":"604823"}},
             {"attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
              "eventDate":"2026-11-23","schoolReference":{"schoolId":255901},"studentReference":{"studentUniqueId":"604824"}},
             {"attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy",
              "eventDate":"2026-11-23","schoolReference":{"schoolId":255901},"studentReference":{"studentUniqueId":"604825"}},
             {"attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#In Attendance",
              "eventDate":"2026-11-23","schoolReference":{"schoolId":255901},"studentReference":{"studentUniqueId":"604826"}},
             {"attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Field Trip",
              "eventDate":"2026-11-23","schoolReference":{"schoolId":255901},"studentReference":{"studentUniqueId":"604827"}}]
            """
        let inputs = try EdFiAttendanceMapper.registrations(fromJSON: json, receivedAt: Date(timeIntervalSince1970: 1_795_000_000),
                                                            pupilKey: { "KEY-" + String($0.reversed()) })
        XCTAssertEqual(inputs.map(\.status), ["absent", "absent", "absent", "late", "present", nil])
        XCTAssertEqual(inputs.map(\.absenceCategory), ["illness", "authorized", "unauthorized", nil, nil, nil])
        XCTAssertEqual(inputs[0].sourceRegistrationId, "e1@2026-11-23T10:00:00Z", "an update of e1 is a new registration")
        XCTAssertEqual(inputs[1].sourceRegistrationId, "edfi:KEY-328406:255901:2026-11-23:Excused Absence", "the pupil's key, never the student's id")
        XCTAssertNil(try EdFiAttendanceMapper.registrations(fromJSON: json)[1].sourceRegistrationId, "without a pseudonym, no fallback id")
        XCTAssertEqual(inputs[0].schoolId, "255901")
        XCTAssertEqual(inputs[0].pupilSourceId, "604822")
        XCTAssertEqual(inputs[0].recordedAt, "2026-11-23T10:00:00Z")
        XCTAssertEqual(inputs[1].recordedAt, "2026-11-18T11:06:40Z", "received time when Ed-Fi gives none")
        XCTAssertTrue(inputs[5].unreadable?.contains("Field Trip") == true)
    }

    /// Ed-Fi in the Data Standard's own shape: integer `schoolId`, `sessionReference`, `eventDuration` as the
    /// share of the day, `arrivalTime` against the school's start time.
    func testEdFiInTheDataStandardsShape() throws {
        let json = """
            [{"id":"h1","attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
              "eventDate":"2026-11-23","eventDuration":0.5,"schoolReference":{"schoolId":255901},
              "sessionReference":{"schoolId":255901,"schoolYear":2027,"sessionName":"2026-2027 Fall Semester"},
              "studentReference":{"studentUniqueId":"604822"}},
             {"id":"t1","attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy",
              "eventDate":"2026-11-23","arrivalTime":"08:25:00","eventDuration":1,"schoolReference":{"schoolId":255901},
              "studentReference":{"studentUniqueId":"604823"}},
             {"id":"t2","attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy",
              "eventDate":"2026-11-23","arrivalTime":"08:05:00","schoolReference":{"schoolId":255902},
              "studentReference":{"studentUniqueId":"604824"}},
             {"id":"t3","attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Tardy",
              "eventDate":"2026-11-23","arrivalTime":"kvart over otte","schoolReference":{"schoolId":255901},
              "studentReference":{"studentUniqueId":"604825"}},
             {"id":"w1","attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Excused Absence",
              "eventDate":"2026-11-23","eventDuration":1,"schoolReference":{"schoolId":255901},"studentReference":{"studentUniqueId":"604826"}},
             {"id":"x1","attendanceEventCategoryDescriptor":"uri://ed-fi.org/AttendanceEventCategoryDescriptor#Unexcused Absence",
              "eventDate":"2026-11-23","eventDuration":2.5,"schoolReference":{"schoolId":255901},"studentReference":{"studentUniqueId":"604827"}}]
            """
        let startTimes = SchoolStartTimes(standard: 8 * 60, bySchool: ["255902": 8 * 60 + 10])
        let inputs = try EdFiAttendanceMapper.registrations(fromJSON: json, receivedAt: Date(timeIntervalSince1970: 1_795_000_000), startTimes: startTimes)
        XCTAssertEqual(inputs[0].schoolId, "255901", "the Data Standard's integer schoolId")
        XCTAssertEqual(inputs[0].dayFraction, "0.5")
        XCTAssertEqual(inputs[1].minutesLate, "25", "08:25 against the default 08:00")
        XCTAssertNil(inputs[1].dayFraction, "a late arrival's duration is not absence")
        XCTAssertEqual(inputs[2].minutesLate, "0", "arrived before the school's own start (08:10): late by the teacher's word, 0 minutes")
        let validator = RegistrationValidator(authenticatedSource: "edfi", today: SchoolDate("2026-11-30")!)
        func validated(_ index: Int) -> Result<Registration, ItemError> { validator.validate(inputs[index]) }
        XCTAssertEqual(try validated(0).get().dayFraction, 0.5)
        XCTAssertEqual(try validated(1).get().minutesLate, 25)
        XCTAssertEqual(validated(3).failure?.field, "arrivalTime", "a time that is no time is refused, naming the field")
        XCTAssertNil(try validated(4).get().dayFraction, "eventDuration 1 is the whole day")
        XCTAssertEqual(validated(5).failure?.field, "eventDuration")
        // The share of the day reaches the event: half a day absent, not a whole one.
        let data = ReferenceData(allowedSchools: ["edfi": ["255901"]], lessonsPerDay: ["255901": 6],
                                 schoolDays: [.init(schoolId: "255901", date: SchoolDate("2026-11-23")!)], pupilSchools: ["K": "255901"])
        XCTAssertEqual(try ReferenceCheck.check(try validated(0).get(), pupilKey: "K", against: data).get().dayFraction, 0.5)
        XCTAssertEqual(try ReferenceCheck.check(try validated(4).get(), pupilKey: "K", against: data).get().dayFraction, 1)
        XCTAssertEqual(SchoolStartTimes.minutes("08:25:30.000"), 8 * 60 + 25)
        XCTAssertNil(SchoolStartTimes.minutes("25:00"))
        XCTAssertNil(SchoolStartTimes.minutes("8"))
        XCTAssertEqual(try SchoolStartTimes.parse(standard: "08:00", bySchool: "skole-01=08:15, skole-02=7:55").bySchool, ["skole-01": 495, "skole-02": 475])
        XCTAssertThrowsError(try SchoolStartTimes.parse(standard: "08:00", bySchool: "skole-01"))
    }

    func testPupilKeysAreStableNormalisedAndRevealNothing() throws {
        let pseudonymizer = Pseudonymizer(secret: "municipality-secret-0123456789")
        let key = pseudonymizer.pupilKey(sourceID: "010203-1234", sourceSystem: "a")
        XCTAssertEqual(key, pseudonymizer.pupilKey(sourceID: " 0102031234 ", sourceSystem: "a"))
        XCTAssertNotEqual(key, Pseudonymizer(secret: "another-municipality-secret").pupilKey(sourceID: "010203-1234", sourceSystem: "a"))
        XCTAssertEqual(key.count, 52)
        XCTAssertNotNil(key.wholeMatch(of: /[A-Z2-7]+/))
        XCTAssertFalse(key.contains("0102031234"))
        let sealed = try pseudonymizer.encrypt(sourceID: "010203-1234")
        XCTAssertFalse(String(decoding: sealed, as: UTF8.self).contains("0102031234"))
        XCTAssertEqual(try pseudonymizer.decrypt(sealed), "0102031234")
        XCTAssertEqual(Base32.encode(Array("foobar".utf8)), "MZXW6YTBOI", "RFC 4648 test vector")
    }

    /// A CPR number is one child whichever system sends it; a school system's own id is that system's:
    /// two systems' `elev-1` are two children, and neither can reach the other's pupil by sending it.
    func testPupilKeysAreTheDocumentedHMACOfTheNormalisedId() {
        let secret = "municipality-secret-0123456789"
        let macKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), info: Data("fremmoede pupil key".utf8),
                                            outputByteCount: 32)
        func expected(_ input: String) -> String { Base32.encode(Array(HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: macKey))) }
        let pseudonymizer = Pseudonymizer(secret: secret)
        XCTAssertEqual(pseudonymizer.pupilKey(sourceID: "010203-1234", sourceSystem: "a"), expected("0102031234"))
        XCTAssertEqual(pseudonymizer.pupilKey(sourceID: " elev-7\tb ", sourceSystem: "tabulex"), expected("source\u{1F}tabulex\u{1F}ELEV7B"))
        XCTAssertEqual(pseudonymizer.pupilKey(sourceID: "æble-1", sourceSystem: "s"), expected("source\u{1F}s\u{1F}ÆBLE1"))
        // The byte-wise normalisation of ASCII ids is the Unicode one.
        for id in ["abc-DEF 12", "\t x-y\t", "--", "", "a\u{7F}b", "Z9-z9", "elev_7.B/c"] {
            XCTAssertEqual(Pseudonymizer.normalize(id),
                           String(id.unicodeScalars.filter { !CharacterSet.whitespaces.contains($0) && $0 != "-" }).uppercased(), id.debugDescription)
        }
        XCTAssertEqual(Pseudonymizer.normalize("\u{00A0}ø-1\u{3000}"), "Ø1")
    }

    func testCPRNumbersAreGlobalAndLocalIdsArePerSource() {
        let pseudonymizer = Pseudonymizer(secret: "municipality-secret-0123456789")
        XCTAssertEqual(pseudonymizer.pupilKey(sourceID: "241114-1234", sourceSystem: "skolesystem-a"),
                       pseudonymizer.pupilKey(sourceID: "2411141234", sourceSystem: "skolesystem-b"))
        XCTAssertNotEqual(pseudonymizer.pupilKey(sourceID: "elev-1", sourceSystem: "skolesystem-a"),
                          pseudonymizer.pupilKey(sourceID: "elev-1", sourceSystem: "skolesystem-b"))
        XCTAssertEqual(pseudonymizer.pupilKey(sourceID: "elev-1", sourceSystem: "skolesystem-a"),
                       pseudonymizer.pupilKey(sourceID: "ELEV1", sourceSystem: "skolesystem-a"), "normalised as before")
        for cpr in ["010203-1234", "311299-0001", "650101-1234"] { XCTAssertTrue(Pseudonymizer.isCPRShaped(Pseudonymizer.normalize(cpr)), cpr) }
        for local in ["elev-1", "320101-1234", "011301-1234", "12345", "01010112345", "0101011234X"] {
            XCTAssertFalse(Pseudonymizer.isCPRShaped(Pseudonymizer.normalize(local)), local)
        }
    }

    func testReferenceChecks() {
        let registration = Registration(index: 1, sourceSystem: "demo", sourceRegistrationId: "r", pupilSourceId: "p", schoolId: "s1",
                                        date: SchoolDate("2026-11-23")!, period: .lesson(2), status: .absent, recordedAt: Date())
        let data = ReferenceData(allowedSchools: ["demo": ["s1"]], lessonsPerDay: ["s1": 4, "s2": 6],
                                 schoolDays: [.init(schoolId: "s1", date: SchoolDate("2026-11-23")!)], pupilSchools: ["K": "s1", "M": "s2"])
        XCTAssertEqual(try ReferenceCheck.check(registration, pupilKey: "K", against: data).get().dayFraction, 0.25)
        func reason(_ change: (inout Registration) -> Void, key: String = "K") -> String? {
            var changed = registration
            change(&changed)
            if case .failure(let error) = ReferenceCheck.check(changed, pupilKey: key, against: data) { return "\(error.field): \(error.reason)" }
            return nil
        }
        XCTAssertEqual(reason({ $0.schoolId = "s9" }), "schoolId: unknown school 's9' (no calendar has been sent for it)")
        XCTAssertEqual(reason({ $0.schoolId = "s2" }), "schoolId: the source 'demo' may not send registrations for school 's2'")
        XCTAssertEqual(reason({ $0.sourceSystem = "rogue" }), "sourceSystem: unknown source system 'rogue'")
        XCTAssertEqual(reason({ $0.date = SchoolDate("2026-11-22")! }), "date: 2026-11-22 is not a school day in the calendar of 's1'")
        XCTAssertEqual(reason({ _ in }, key: "X"), "pupilSourceId: unknown pupil (send the pupil first, or in the same batch)")
        XCTAssertEqual(reason({ $0.period = .lesson(5) }), "period: lesson 5, but 's1' has 4 lessons a day")
        XCTAssertEqual(reason({ _ in }, key: "M"), "schoolId: the pupil is not enrolled at 's1' (send the pupil's new enrolment first)")
    }

    func testCorrectionsFollowTheLaterRecordedTime() {
        let slot = CorrectionPlanner.Slot(pupilKey: "K", date: SchoolDate("2026-11-23")!, period: "day")
        let t0 = Date(timeIntervalSince1970: 1000)
        let current = [slot: CorrectionPlanner.Current(registrationId: "old", recordedAt: t0)]
        let candidates = [
            CorrectionPlanner.Candidate(registrationId: "older", slot: slot, recordedAt: t0.addingTimeInterval(-60)),
            CorrectionPlanner.Candidate(registrationId: "new", slot: slot, recordedAt: t0.addingTimeInterval(60)),
            CorrectionPlanner.Candidate(registrationId: "newer", slot: slot, recordedAt: t0.addingTimeInterval(120)),
        ]
        let plan = CorrectionPlanner.plan(candidates, current: current)
        XCTAssertEqual(plan.outcomes, [.stale, .correction(replaces: "old"), .correction(replaces: "new")])
        XCTAssertEqual(plan.current[slot]?.registrationId, "newer")
        let fresh = CorrectionPlanner.plan([candidates[1]], current: [:])
        XCTAssertEqual(fresh.outcomes, [.first])
    }
}

private extension Result {
    var failure: Failure? { if case .failure(let error) = self { return error } else { return nil } }
}
