import MunicipalityGenerator
import Shared

/// The two quarter rules of architecture §4 computed straight from the generated registrations, without
/// any of Screening's code: for each pupil and calendar quarter, unauthorized absence over the
/// school days so far in the quarter (from enrolment on), at each school day with at least ten of
/// them; a pupil-quarter is expected to raise a rule when that share reaches its threshold on any
/// day. Whole-day absence counts 1, lessons their fraction of the day, at most 1 a day.
struct QuarterRuleExpectation {
    /// `pupilIndex quarter` (e.g. `17 2025-Q3`) by rule name.
    let expected: [String: Set<String>]

    init(municipality: Municipality, days: Range<Int>, registrations: [GeneratedRegistration]) {
        var unauthorized: [Int: [Int: Double]] = [:]  // pupil → day number → share
        var current: [String: GeneratedRegistration] = [:]
        for registration in registrations {
            let key = "\(registration.pupilIndex) \(registration.date) \(registration.lesson)"
            if let earlier = current[key], earlier.recordedAt > registration.recordedAt { continue }
            current[key] = registration
        }
        for registration in current.values where registration.status == .absent && registration.category == .unauthorized {
            unauthorized[registration.pupilIndex, default: [:]][registration.date.dayNumber, default: 0] += registration.dayFraction
        }
        var expected: [String: Set<String>] = ["unauthorized-quarter-warning": [], "unauthorized-quarter-report": []]
        let schoolDays = days.map { municipality.schoolDays[$0] }
        for pupil in municipality.pupils {
            let absent = unauthorized[pupil.index] ?? [:]
            var quarter = ""
            var count = 0
            var sum = 0.0
            for day in schoolDays where day >= pupil.enrolledFrom {
                let label = "\(day.year)-Q\((day.month - 1) / 3 + 1)"
                if label != quarter { (quarter, count, sum) = (label, 0, 0) }
                count += 1
                sum += min(1, absent[day.dayNumber] ?? 0)
                guard count >= 10 else { continue }
                if sum / Double(count) >= 0.10 - 1e-9 { expected["unauthorized-quarter-warning"]!.insert("\(pupil.index) \(quarter)") }
                if sum / Double(count) >= 0.15 - 1e-9 { expected["unauthorized-quarter-report"]!.insert("\(pupil.index) \(quarter)") }
            }
        }
        self.expected = expected
    }
}
