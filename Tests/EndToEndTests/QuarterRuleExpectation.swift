import MunicipalityGenerator
import Shared

/// The two legal quarter rules of architecture §4 computed straight from the generated registrations,
/// without any of Screening's code, in the default policy's reading (docs/screening.md): for each
/// pupil and calendar quarter, the unauthorized days registered against the count the quarter's
/// school days allow — all of the quarter's school days in the school's calendar from enrolment on,
/// also those after the last day streamed; quarters with fewer than ten such days are not judged.
/// Whole-day absence counts 1, lessons their fraction of the day, at most 1 a day.
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
        let streamed = Set(days.map { municipality.schoolDays[$0].dayNumber })
        func quarterLabel(_ day: SchoolDate) -> String { "\(day.year)-Q\((day.month - 1) / 3 + 1)" }
        for pupil in municipality.pupils {
            let absent = unauthorized[pupil.index] ?? [:]
            var quarterDays: [String: Int] = [:]
            var unauthorizedDays: [String: Double] = [:]
            for day in municipality.schoolDays where day >= pupil.enrolledFrom {
                let label = quarterLabel(day)
                quarterDays[label, default: 0] += 1
                if streamed.contains(day.dayNumber) { unauthorizedDays[label, default: 0] += min(1, absent[day.dayNumber] ?? 0) }
            }
            for (quarter, sum) in unauthorizedDays {
                let count = quarterDays[quarter] ?? 0
                guard count >= 10 else { continue }
                if sum / Double(count) >= 0.10 - 1e-9 { expected["unauthorized-quarter-warning"]!.insert("\(pupil.index) \(quarter)") }
                if sum / Double(count) >= 0.15 - 1e-9 { expected["unauthorized-quarter-report"]!.insert("\(pupil.index) \(quarter)") }
            }
        }
        self.expected = expected
    }
}
