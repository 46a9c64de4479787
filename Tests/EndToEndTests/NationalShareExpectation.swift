import MunicipalityGenerator
import Shared

/// The ministry's definition computed straight from the generated registrations, without any of
/// Screening's or Planning's code: per pupil, the absent days of every kind (whole days 1, lessons
/// their fraction of the day, at most 1 a day) over the school days of the school year from the
/// enrolment to a school's last day with figures; counted by school, and those over 10 %.
struct NationalShareExpectation {
    /// Planning's tolerance for the weekly series' rounding (DashboardSettings.nationalTolerance).
    static let tolerance = 0.01
    private let absent: [Int: [Int: Double]]  // pupil → day number → share
    private let municipality: Municipality

    init(municipality: Municipality, registrations: [GeneratedRegistration]) {
        var current: [String: GeneratedRegistration] = [:]
        for registration in registrations {
            let key = "\(registration.pupilIndex) \(registration.date) \(registration.lesson)"
            if let earlier = current[key], earlier.recordedAt > registration.recordedAt { continue }
            current[key] = registration
        }
        var absent: [Int: [Int: Double]] = [:]
        for registration in current.values where registration.status == .absent {
            absent[registration.pupilIndex, default: [:]][registration.date.dayNumber, default: 0] += registration.dayFraction
        }
        self.absent = absent
        self.municipality = municipality
    }

    /// The school's pupils with school days up to `through`, those over the line, and those so near
    /// it (within twice the tolerance) that the weekly rounding may put them either side.
    func count(school: String, through: SchoolDate) -> (pupils: Int, over: Int, near: Int) {
        var (pupils, over, near) = (0, 0, 0)
        for pupil in municipality.pupils where pupil.schoolId == school {
            let days = municipality.schoolDays.filter { $0 >= pupil.enrolledFrom && $0 <= through }
            guard !days.isEmpty else { continue }
            pupils += 1
            let sum = days.reduce(0) { $0 + min(1, absent[pupil.index]?[$1.dayNumber] ?? 0) }
            let excess = sum - (0.10 * Double(days.count) + Self.tolerance)
            if excess > 1e-9 { over += 1 }
            if abs(excess) <= 2 * Self.tolerance { near += 1 }
        }
        return (pupils, over, near)
    }
}
