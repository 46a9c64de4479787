import Shared

/// A pupil's absence over a span of school days: the denominator and the absent days by category.
struct AbsenceWindow: Sendable, Equatable {
    var first: Int
    var last: Int
    var schoolDays: Int
    var illness: Double = 0
    var authorized: Double = 0
    var unauthorized: Double = 0
    var total: Double = 0
    var lateDays: Int = 0
    var absenceDates: [Int] = []

    /// Sums the pupil's registered days that fall on the given school days; `dates`: whether to
    /// list the days with absence too (only an explanation shows them).
    init(pupil: PupilAbsence, schoolDays: ArraySlice<Int>, dates: Bool = true) {
        first = schoolDays.first ?? 0
        last = schoolDays.last ?? 0
        self.schoolDays = schoolDays.count
        guard let firstDay = schoolDays.first, let lastDay = schoolDays.last else { return }
        var cursor = schoolDays.startIndex
        for day in pupil.days(from: firstDay, through: lastDay) {
            // Only registrations on the calendar's school days count (a registration on a holiday is ignored).
            while cursor < schoolDays.endIndex, schoolDays[cursor] < day.day { cursor += 1 }
            guard cursor < schoolDays.endIndex, schoolDays[cursor] == day.day else { continue }
            illness += day.illnessShare
            authorized += day.authorizedShare
            unauthorized += day.unauthorizedShare
            total += day.totalShare
            if day.isLate { lateDays += 1 }
            if dates, day.hasAbsence { absenceDates.append(day.day) }
        }
    }

    func rate(_ absent: Double) -> Double { schoolDays == 0 ? 0 : absent / Double(schoolDays) }

    var absentDays: [String: Double] {
        var days: [String: Double] = [:]
        if illness > 0 { days[AbsenceCategory.illness.rawValue] = Self.rounded(illness) }
        if authorized > 0 { days[AbsenceCategory.authorized.rawValue] = Self.rounded(authorized) }
        if unauthorized > 0 { days[AbsenceCategory.unauthorized.rawValue] = Self.rounded(unauthorized) }
        return days
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    var summaryWindow: AbsenceSummary.Window {
        AbsenceSummary.Window(
            start: SchoolDate(dayNumber: first), end: SchoolDate(dayNumber: last), schoolDays: schoolDays,
            illness: Self.rounded(rate(illness)), authorized: Self.rounded(rate(authorized)),
            unauthorized: Self.rounded(rate(unauthorized)), total: Self.rounded(rate(total)))
    }
}
