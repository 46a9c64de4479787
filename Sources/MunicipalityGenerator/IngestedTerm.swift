import Foundation
import Shared

/// A generated municipality as IntakeService would publish it: each school's calendar, each
/// pupil's directory entry under a pupil key, and each school day's `attendance.ingested` — for
/// feeding ScreeningService without Intake (its benchmark and tests). Pupil keys are
/// `<keyPrefix>-<pupil index in base 36>`; no name goes out (directory entries carry "Elev").
public struct IngestedTerm: Sendable {
    public let municipality: Municipality
    public let keyPrefix: String
    public let calendars: [SchoolCalendar]
    public let directory: [PupilDirectoryEntry]
    /// The school days the term covers (the school year's first `days`).
    public let days: [SchoolDate]

    public init(_ municipality: Municipality, keyPrefix: String, days: Int) {
        self.municipality = municipality
        self.keyPrefix = keyPrefix
        self.days = Array(municipality.schoolDays.prefix(days))
        let updated = Date(timeIntervalSince1970: 1_780_000_000)
        let year = municipality.schoolYear
        calendars = municipality.schools.map { school in
            SchoolCalendar(schoolId: school.schoolId, schoolName: school.name, schoolYear: year.name, schoolDays: year.schoolDays,
                           holidays: year.holidays.map { .init(date: $0.date, name: $0.name) }, lessonsPerDay: school.lessonsPerDay,
                           updatedAt: updated)
        }
        directory = municipality.pupils.map { pupil in
            PupilDirectoryEntry(pupilKey: "\(keyPrefix)-\(String(pupil.index, radix: 36))", givenName: "Elev", familyName: "\(pupil.index)",
                                schoolId: pupil.schoolId, schoolName: municipality.schools[pupil.schoolIndex].name, className: pupil.className,
                                grade: pupil.grade, enrolledFrom: pupil.enrolledFrom, updatedAt: updated)
        }
    }

    public func pupilKey(_ index: Int) -> String { "\(keyPrefix)-\(String(index, radix: 36))" }

    /// The term's day `index` as Intake publishes it: a correction names the registration it replaces.
    public func attendance(day index: Int) -> [AttendanceIngested] {
        municipality.registrations(onDay: index).compactMap { registration in
            guard let recordedAt = EventCoding.parseTimestamp(registration.recordedAt) else { return nil }
            let status: AttendanceStatus = switch registration.status {
            case .present: .present
            case .late: .late
            case .absent: .absent
            }
            let category: AbsenceCategory? = switch registration.category {
            case .illness: .illness
            case .authorized: .authorized
            case .unauthorized: .unauthorized
            case nil: nil
            }
            let replaces = registration.isCorrection ? String(registration.sourceRegistrationId.dropLast(2)) : nil
            return AttendanceIngested(
                registrationId: registration.sourceRegistrationId, pupilKey: pupilKey(registration.pupilIndex), schoolId: registration.schoolId,
                date: registration.date, period: registration.lesson == 0 ? .day : .lesson(registration.lesson), status: status,
                absenceCategory: category, minutesLate: registration.minutesLate, recordedAt: recordedAt, sourceSystem: "generator",
                dayFraction: registration.dayFraction, replacesRegistrationId: replaces)
        }
    }
}
