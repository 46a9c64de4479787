import Foundation
import Shared
@testable import ScreeningService

/// Builders for rule tests: a school's calendar of weekdays, and registrations.
enum ScreeningFixtures {
    static func date(_ text: String) -> SchoolDate { SchoolDate(text)! }

    /// Every Monday–Friday from `first` through `last`, minus `holidays`.
    static func weekdays(from first: String, through last: String, except holidays: Set<String> = []) -> [SchoolDate] {
        (date(first).dayNumber...date(last).dayNumber).map(SchoolDate.init(dayNumber:))
            .filter { $0.isoWeekday <= 5 && !holidays.contains($0.description) }
    }

    static func registration(_ pupil: String, _ day: SchoolDate, status: AttendanceStatus = .absent, category: AbsenceCategory? = .unauthorized,
                             period: AttendancePeriod = .day, school: String = "skole-01", fraction: Double = 1,
                             recordedAt: Date? = nil, replaces: String? = nil) -> AttendanceIngested {
        AttendanceIngested(
            registrationId: "\(pupil)-\(day)-\(period)-\(UUID().uuidString.prefix(6))", pupilKey: pupil, schoolId: school, date: day, period: period,
            status: status, absenceCategory: status == .absent ? category : nil, recordedAt: recordedAt ?? Date(timeIntervalSince1970: Double(day.dayNumber) * 86_400 + 30_000),
            sourceSystem: "test", dayFraction: fraction, replacesRegistrationId: replaces)
    }

    static func calendar(_ days: [SchoolDate], school: String = "skole-01", year: String = "2026/27") -> SchoolCalendar {
        SchoolCalendar(schoolId: school, schoolName: "Testskolen", schoolYear: year, schoolDays: days, holidays: [], lessonsPerDay: 6, updatedAt: Date())
    }

    /// The standard policy with the other reading of the quarter rules: the share of the quarter's
    /// school days so far (the reading the earlier tests were written for).
    static var shareSoFar: ScreeningPolicy {
        var policy = ScreeningPolicy.standard
        policy.quarterReading = .shareSoFar
        return policy
    }
}
