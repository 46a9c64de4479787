import Foundation
import Shared

/// Maps Ed-Fi Data Standard `studentSchoolAttendanceEvents` resources (one object or an array) onto
/// our registrations. The mapping (also in docs/intake.md):
///
/// | Ed-Fi `attendanceEventCategoryDescriptor` | status | absenceCategory |
/// |---|---|---|
/// | In Attendance | present | — |
/// | Tardy | late | — |
/// | Early departure | present (left early; not absence under the Danish rules) | — |
/// | Excused Absence | absent | illness when `attendanceEventReason` names illness (sick, ill, illness, medical, syg, sygdom), else authorized |
/// | Unexcused Absence | absent | unauthorized |
///
/// Ed-Fi school attendance events are per day, so the period is `day`; an absence's `eventDuration`
/// (the Data Standard's share of the day: 1, 0.5, 0.33) is its `dayFraction` (absent, missing: 1).
/// A Tardy's minutes late are its `arrivalTime` ("08:25:00") minus the school's start time
/// (`SchoolStartTimes`, configured; 08:00 by default), at least 0. `studentReference.studentUniqueId`
/// is the pupil's source id, `schoolReference.schoolId` the school id (as text; the Data Standard's
/// is an integer), `sessionReference` is read past (the calendar tells the session), the resource `id`
/// with its `_lastModifiedDate` the source's registration id (else `edfi:` and the pupil's key,
/// school, date and descriptor: never the student's own id, which may be a CPR number), and
/// `_lastModifiedDate` the recorded-at time (else when it was received).
enum EdFiAttendanceMapper {
    /// - Parameter pupilKey: the pseudonym of a student id, for the fallback registration id; without
    ///   it an event without `id` has no registration id (and is refused).
    static func registrations(fromJSON text: String, receivedAt: Date = Date(), pupilKey: ((String) -> String)? = nil,
                              startTimes: SchoolStartTimes = .eight) throws(RegistrationBatch.Unreadable) -> [RegistrationInput] {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw RegistrationBatch.Unreadable(reason: "the body is not JSON: \(error.localizedDescription)")
        }
        let items: [Any] = (object as? [Any]) ?? [object]
        return items.enumerated().map { map($0.element, index: $0.offset, receivedAt: receivedAt, pupilKey: pupilKey, startTimes: startTimes) }
    }

    static func map(_ object: Any, index: Int, receivedAt: Date, pupilKey: ((String) -> String)? = nil,
                    startTimes: SchoolStartTimes = .eight) -> RegistrationInput {
        var input = RegistrationInput(index: index, fields: [:])
        guard let resource = object as? [String: Any] else {
            input.unreadable = "item \(index) is not an Ed-Fi studentSchoolAttendanceEvent object"
            return input
        }
        let student = RegistrationBatch.strings(resource["studentReference"] ?? [:])["studentUniqueId"]
        let school = RegistrationBatch.strings(resource["schoolReference"] ?? [:])["schoolId"]
        let date = resource["eventDate"] as? String
        let descriptor = resource["attendanceEventCategoryDescriptor"] as? String
        input.pupilSourceId = student
        input.schoolId = school
        input.date = date
        input.period = "day"
        let modified = resource["_lastModifiedDate"] as? String
        // Ed-Fi keeps a resource's `id` when it is updated: the version (its modification time) makes
        // an update a new registration, which then corrects the earlier one.
        let resourceID = (resource["id"] as? String).map { id in modified.map { "\(id)@\($0)" } ?? id }
        let pseudonym = student.flatMap { id in pupilKey.map { $0(id) } }
        input.sourceRegistrationId = resourceID ?? pseudonym.flatMap { key in
            [key, school, date, descriptor.map(descriptorValue)].map { $0 ?? "" }.joined(separator: ":").nonEmpty.map { "edfi:" + $0 }
        }
        input.recordedAt = modified ?? EventCoding.formatTimestamp(receivedAt)

        guard let descriptor else {
            input.unreadable = "attendanceEventCategoryDescriptor is required"
            return input
        }
        let reason = (resource["attendanceEventReason"] as? String ?? "").lowercased()
        switch descriptorValue(descriptor).lowercased() {
        case "in attendance": input.status = "present"
        case "tardy":
            input.status = "late"
            if let arrival = RegistrationBatch.strings(resource)["arrivalTime"] {
                guard let minutes = SchoolStartTimes.minutes(arrival) else {
                    (input.invalidField, input.unreadable) = ("arrivalTime", "'\(arrival)' is not a time of day HH:MM:SS")
                    return input
                }
                input.minutesLate = String(max(0, minutes - startTimes.start(school ?? "")))
            }
        case "early departure": input.status = "present"
        case "excused absence":
            input.status = "absent"
            let illness = ["sick", "ill", "illness", "medical", "syg", "sygdom"].contains { word in
                reason.split(whereSeparator: { !$0.isLetter }).contains { $0 == word }
            }
            input.absenceCategory = illness ? "illness" : "authorized"
        case "unexcused absence":
            input.status = "absent"
            input.absenceCategory = "unauthorized"
        default:
            input.unreadable = "attendanceEventCategoryDescriptor '\(descriptor)' is not one of In Attendance, Tardy, Early departure, Excused Absence, Unexcused Absence"
        }
        if input.status == "absent" { input.dayFraction = RegistrationBatch.strings(resource)["eventDuration"] }
        return input
    }

    /// `uri://ed-fi.org/AttendanceEventCategoryDescriptor#Excused Absence` → `Excused Absence`.
    static func descriptorValue(_ descriptor: String) -> String {
        descriptor.split(separator: "#", omittingEmptySubsequences: false).last.map(String.init) ?? descriptor
    }
}

private extension String {
    var nonEmpty: String? { replacingOccurrences(of: ":", with: "").isEmpty ? nil : self }
}
