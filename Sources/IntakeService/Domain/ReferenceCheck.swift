import Shared

/// What registrations are checked against: the source's schools, the schools' calendars and the
/// pupils known (or created in the same batch). Loaded per batch by the storage layer.
struct ReferenceData: Sendable {
    /// Source system → the schools it may send for.
    var allowedSchools: [String: Set<String>]
    /// School id → lessons per day, for every school with a calendar.
    var lessonsPerDay: [String: Int]
    var schoolDays: Set<SchoolDay>
    /// Pupil key → the school the pupil is enrolled at.
    var pupilSchools: [String: String]

    struct SchoolDay: Hashable, Sendable {
        var schoolId: String
        var date: SchoolDate
    }
}

/// A registration that passed every check, with what publishing needs.
struct AcceptedRegistration: Sendable, Equatable {
    var registration: Registration
    var pupilKey: String
    var dayFraction: Double
}

enum ReferenceCheck {
    static func check(_ registration: Registration, pupilKey: String, against data: ReferenceData) -> Result<AcceptedRegistration, ItemError> {
        func fail(_ field: String, _ reason: String) -> Result<AcceptedRegistration, ItemError> {
            .failure(ItemError(index: registration.index, field: field, reason: reason))
        }
        let school = registration.schoolId
        guard let lessons = data.lessonsPerDay[school] else { return fail("schoolId", "unknown school '\(school)' (no calendar has been sent for it)") }
        guard let allowed = data.allowedSchools[registration.sourceSystem] else {
            return fail("sourceSystem", "unknown source system '\(registration.sourceSystem)'")
        }
        guard allowed.contains(school) else {
            return fail("schoolId", "the source '\(registration.sourceSystem)' may not send registrations for school '\(school)'")
        }
        guard data.schoolDays.contains(.init(schoolId: school, date: registration.date)) else {
            return fail("date", "\(registration.date) is not a school day in the calendar of '\(school)'")
        }
        guard let enrolledAt = data.pupilSchools[pupilKey] else {
            return fail("pupilSourceId", "unknown pupil (send the pupil first, or in the same batch)")
        }
        guard enrolledAt == school else {
            return fail("schoolId", "the pupil is not enrolled at '\(school)' (send the pupil's new enrolment first)")
        }
        let fraction: Double
        switch registration.period {
        case .day: fraction = registration.dayFraction ?? 1
        case .lesson(let number):
            guard number <= lessons else { return fail("period", "lesson \(number), but '\(school)' has \(lessons) lessons a day") }
            fraction = 1 / Double(lessons)
        }
        return .success(AcceptedRegistration(registration: registration, pupilKey: pupilKey, dayFraction: fraction))
    }
}
