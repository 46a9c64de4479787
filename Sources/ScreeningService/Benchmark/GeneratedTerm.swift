import Foundation
import Shared

/// A generated municipality term for the benchmark and the tests: schools with a calendar of
/// weekdays (autumn break in week 42), pupils with enrolments, and one registration per pupil and
/// school day — most pupils rarely absent, a minority with rising unauthorized absence, some with a
/// weekday pattern, late arrivals; every fourth school registers per lesson. Seeded: the same
/// options give the same events.
struct GeneratedTerm: Sendable {
    struct Options: Sendable {
        var schools = 20
        var pupils = 45_000
        var schoolDays = 100
        var firstDay = SchoolDate(year: 2026, month: 8, day: 10)!
        var seed: UInt64 = 2026
        var prefix = "gen"
    }

    let options: Options
    let days: [SchoolDate]
    let calendars: [SchoolCalendar]
    let pupils: [PupilDirectoryEntry]

    init(_ options: Options) {
        self.options = options
        let autumnBreak = Set((SchoolDate(year: 2026, month: 10, day: 12)!.dayNumber...SchoolDate(year: 2026, month: 10, day: 16)!.dayNumber))
        var days: [SchoolDate] = []
        var day = options.firstDay.dayNumber
        while days.count < options.schoolDays {
            if SchoolDate.isoWeekday(dayNumber: day) <= 5, !autumnBreak.contains(day) { days.append(SchoolDate(dayNumber: day)) }
            day += 1
        }
        self.days = days
        let updated = Date(timeIntervalSince1970: 1_780_000_000)
        calendars = (0..<options.schools).map { index in
            SchoolCalendar(schoolId: Self.schoolId(options.prefix, index), schoolName: "Skole \(index + 1)", schoolYear: days[0].schoolYear,
                           schoolDays: days, holidays: [], lessonsPerDay: 6, updatedAt: updated)
        }
        pupils = (0..<options.pupils).map { index in
            PupilDirectoryEntry(pupilKey: Self.pupilKey(options.prefix, index), givenName: "Elev", familyName: "\(index)",
                                schoolId: Self.schoolId(options.prefix, index % options.schools), schoolName: "Skole \(index % options.schools + 1)",
                                className: "\(index % 10)A", grade: index % 10, enrolledFrom: SchoolDate(year: 2020, month: 8, day: 1)!, updatedAt: updated)
        }
    }

    static func schoolId(_ prefix: String, _ index: Int) -> String { "\(prefix)-skole-\(index + 1)" }
    static func pupilKey(_ prefix: String, _ index: Int) -> String { "\(prefix)-\(String(index, radix: 36))" }

    /// One school day's registrations of every pupil, in pupil order.
    func registrations(day dayIndex: Int) -> [AttendanceIngested] {
        let date = days[dayIndex]
        var registrations: [AttendanceIngested] = []
        registrations.reserveCapacity(pupils.count)
        let recordedAt = Date(timeIntervalSince1970: Double(date.dayNumber) * 86_400 + 29_000)
        for (index, pupil) in pupils.enumerated() {
            var random = SplitMix(seed: options.seed ^ UInt64(index) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(dayIndex) &* 0xBF58_476D_1CE4_E5B9)
            let profile = index % 20
            let progress = Double(dayIndex) / Double(max(1, days.count - 1))
            // Profiles: 0–1 rising unauthorized, 2 Monday pattern, 3 frequent illness, others low.
            let illness = profile == 3 ? 0.12 : 0.03
            let unauthorized = profile <= 1 ? 0.02 + 0.2 * progress : 0.005
            let mondayPattern = profile == 2 && date.isoWeekday == 1 ? 0.6 : 0
            let roll = random.next()
            let lessonLevel = (index % options.schools) % 4 == 3
            let base = "\(pupil.pupilKey)/\(date)"
            func make(_ status: AttendanceStatus, _ category: AbsenceCategory?, _ period: AttendancePeriod, _ fraction: Double) -> AttendanceIngested {
                AttendanceIngested(registrationId: "\(base)/\(period)", pupilKey: pupil.pupilKey, schoolId: pupil.schoolId, date: date, period: period,
                                   status: status, absenceCategory: category, minutesLate: status == .late ? 10 : nil, recordedAt: recordedAt,
                                   sourceSystem: "generator", dayFraction: fraction)
            }
            if roll < mondayPattern + unauthorized {
                if lessonLevel, random.next() < 0.5 {
                    // Part of the day: the first lessons unauthorized, the rest present as one day registration is not allowed with lessons.
                    let lessons = 1 + Int(random.next() * 5)
                    for lesson in 1...lessons { registrations.append(make(.absent, .unauthorized, .lesson(lesson), 1.0 / 6)) }
                } else {
                    registrations.append(make(.absent, .unauthorized, .day, 1))
                }
            } else if roll < mondayPattern + unauthorized + illness {
                registrations.append(make(.absent, .illness, .day, 1))
            } else if roll < mondayPattern + unauthorized + illness + 0.02 {
                registrations.append(make(.absent, .authorized, .day, 1))
            } else if roll < mondayPattern + unauthorized + illness + 0.06 {
                registrations.append(make(.late, nil, .day, 1))
            } else {
                registrations.append(make(.present, nil, .day, 1))
            }
        }
        return registrations
    }
}

/// A small, fast, seedable random number generator (SplitMix64).
struct SplitMix: Sendable {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) / Double(1 << 53)
    }
}
