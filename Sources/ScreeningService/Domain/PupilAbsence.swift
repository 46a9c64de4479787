import Shared

/// What Screening knows of one pupil: enrolment (from `pupil.directory`) and the school days with
/// registrations, sorted by day.
struct PupilAbsence: Sendable, Equatable {
    var pupilKey: String
    var schoolId: String
    var enrolledFrom: Int?
    var enrolledTo: Int?
    private(set) var days: [PupilDay] = []

    init(pupilKey: String, schoolId: String, enrolledFrom: Int? = nil, enrolledTo: Int? = nil, days: [PupilDay] = []) {
        self.pupilKey = pupilKey
        self.schoolId = schoolId
        self.enrolledFrom = enrolledFrom
        self.enrolledTo = enrolledTo
        self.days = days.sorted { $0.day < $1.day }
    }

    /// Applies a registration; returns the changed day, or nil when nothing changed.
    mutating func apply(_ registration: AttendanceIngested) -> PupilDay? {
        let day = registration.date.dayNumber
        let recordedAt = Int64(registration.recordedAt.timeIntervalSince1970 * 1000)
        let index = lowerBound(day)
        if index < days.count, days[index].day == day {
            guard days[index].apply(period: registration.period, status: registration.status, category: registration.absenceCategory,
                                    dayFraction: registration.dayFraction, recordedAt: recordedAt,
                                    isCorrection: registration.isCorrection) else { return nil }
            return days[index]
        }
        var fresh = PupilDay(day: day)
        _ = fresh.apply(period: registration.period, status: registration.status, category: registration.absenceCategory,
                        dayFraction: registration.dayFraction, recordedAt: recordedAt)
        // A plain presence needs no record: the calendar already counts the day.
        guard fresh.hasAbsence || fresh.isLate else { return nil }
        days.insert(fresh, at: index)
        return fresh
    }

    func lowerBound(_ day: Int) -> Int {
        var low = 0, high = days.count
        while low < high {
            let mid = (low + high) / 2
            if days[mid].day < day { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Lets the days before `day` go (`RuleHorizon`; storage keeps them).
    mutating func forget(before day: Int) {
        let end = lowerBound(day)
        if end > 0 { days.removeFirst(end) }
    }

    /// Puts back stored days that were let go (a correction for a day before the horizon must start
    /// from the day's stored periods); a day already here is kept as it is.
    mutating func restore(_ stored: [PupilDay]) {
        for day in stored {
            let index = lowerBound(day.day)
            if index < days.count, days[index].day == day.day { continue }
            days.insert(day, at: index)
        }
    }

    /// Whether a day is held here.
    func holds(_ day: Int) -> Bool {
        let index = lowerBound(day)
        return index < days.count && days[index].day == day
    }

    /// The registered days in `first...last`.
    func days(from first: Int, through last: Int) -> ArraySlice<PupilDay> {
        guard first <= last else { return [] }
        return days[lowerBound(first)..<lowerBound(last + 1)]
    }

    /// The pupil's school days: the calendar's, within the enrolment.
    func enrolment(through asOf: Int) -> (first: Int, last: Int) {
        (enrolledFrom ?? Int.min / 2, min(asOf, enrolledTo ?? Int.max / 2))
    }
}
