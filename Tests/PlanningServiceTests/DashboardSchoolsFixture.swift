import Foundation
import MunicipalityGenerator
@testable import Shared

/// Two generated schools for the dashboard's tests, in the school year 2024/25: pupils with
/// enrolments (some moving in mid-year, one leaving), a calendar with holidays, absence day by day
/// (whole and half days), the `absence.summary` events Screening would send (on Fridays while the
/// pupil has absence in the last 40 school days or the quarter, and once more after), and
/// underretninger (quarter-report concerns, one withdrawn). `Expected` computes the dashboard's
/// figures from these rows directly — no SQL, none of Planning's code.
struct DashboardSchoolsFixture {
    struct Pupil {
        var key: String
        var school: String
        var from: SchoolDate
        var to: SchoolDate?
        /// Absent share (0, 0.5 or 1) by school day number, every category together.
        var absent: [Int: Double]
        var unauthorized: [Int: Double]
    }

    struct Summary { var pupilKey: String; var school: String; var asOf: SchoolDate; var last40: Double }
    struct Report { var school: String; var pupilKey: String; var day: SchoolDate; var withdrawn: Bool; var concernId: String }

    static let schoolYear = "2024/25"
    let schools: [String]
    let schoolDays: [SchoolDate]
    var pupils: [Pupil] = []
    var summaries: [Summary] = []
    var reports: [Report] = []
    var events: [any EventPayload] = []

    init(tag: String, seed: UInt64) {
        schools = ["skole-mal-a-\(tag)", "skole-mal-b-\(tag)"]
        var generator = SplitMix64(seed: seed)
        let first = SchoolDate("2024-08-12")!, last = SchoolDate("2025-06-27")!
        let holidays = (SchoolDate("2024-10-14")!...SchoolDate("2024-10-18")!, SchoolDate("2024-12-23")!...SchoolDate("2025-01-03")!)
        schoolDays = (first.dayNumber...last.dayNumber).map(SchoolDate.init(dayNumber:))
            .filter { !$0.isWeekend && !holidays.0.contains($0) && !holidays.1.contains($0) }
        let now = Date()
        for (index, school) in schools.enumerated() {
            events.append(SchoolCalendar(schoolId: school, schoolName: "Målskolen \(index + 1)", schoolYear: Self.schoolYear, schoolDays: schoolDays,
                                         holidays: [], updatedAt: now))
            // School B's figures end a week earlier than A's: each school counts to its own last day.
            let lastDay = index == 0 ? last : SchoolDate("2025-06-20")!
            for number in 0..<30 {
                let from = number % 10 == 9 ? SchoolDate("2024-11-04")! : SchoolDate("2024-08-01")!
                let to = number == 7 ? SchoolDate("2025-01-31") : nil
                var pupil = Pupil(key: PlanningStack.pupilKey(), school: school, from: from, to: to, absent: [:], unauthorized: [:])
                let kind = Int.random(in: 0..<10, using: &generator)  // most rarely away, some often
                let chance = kind < 5 ? 0.02 : kind < 8 ? 0.08 : 0.25
                for day in schoolDays where day >= from && day <= min(to ?? lastDay, lastDay) && Double.random(in: 0..<1, using: &generator) < chance {
                    let share = Bool.random(using: &generator) ? 1.0 : 0.5
                    pupil.absent[day.dayNumber] = share
                    if kind >= 8 && Bool.random(using: &generator) { pupil.unauthorized[day.dayNumber] = share }
                }
                pupils.append(pupil)
                events.append(PupilDirectoryEntry(pupilKey: pupil.key, givenName: "Elev\(number)", familyName: "Mål-\(tag)", schoolId: school,
                                                  schoolName: "Målskolen \(index + 1)", className: "5A", grade: 5, enrolledFrom: from, enrolledTo: to,
                                                  updatedAt: now))
                summarize(pupil, through: lastDay, now: now)
            }
            // Underretninger: two in September, one in November, one in March, and one withdrawn by a correction.
            let reported = pupils.filter { $0.school == school }
            for (offset, day) in ["2024-09-20", "2024-09-27", "2024-11-15", "2025-03-14", "2024-11-22"].enumerated() {
                let pupil = reported[offset]
                let report = Report(school: school, pupilKey: pupil.key, day: SchoolDate(day)!, withdrawn: offset == 4, concernId: "c-mal-\(tag)-\(index)-\(offset)")
                reports.append(report)
                events.append(ConcernRaised(concernId: report.concernId, pupilKey: pupil.key, schoolId: school, origin: .rule, rule: "unauthorized-quarter-report",
                                            windowStart: SchoolDate(dayNumber: report.day.dayNumber - 30), windowEnd: report.day, period: report.day.quarterKey,
                                            raisedAt: now))
                if report.withdrawn {
                    events.append(ConcernResolved(concernId: report.concernId, pupilKey: pupil.key, schoolId: school, rule: "unauthorized-quarter-report",
                                                  reason: .withdrawnByCorrection, resolvedAt: now.addingTimeInterval(1)))
                }
            }
        }
    }

    /// The summaries Screening would send: each Friday while the last 40 school days or the quarter
    /// so far hold absence, and the first Friday after that (showing none); each with 8 weeks.
    private mutating func summarize(_ pupil: Pupil, through lastDay: SchoolDate, now: Date) {
        var hadAbsence = false
        let enrolled = schoolDays.filter { $0 >= pupil.from && $0 <= min(pupil.to ?? lastDay, lastDay) }
        for (position, day) in enrolled.enumerated() where day.isoWeekday == 5 || day == enrolled.last {
            let last40 = enrolled[max(0, position - 39)...position]
            let quarterDays = enrolled[...position].filter { $0.quarterKey == day.quarterKey }
            let total40 = last40.reduce(0) { $0 + (pupil.absent[$1.dayNumber] ?? 0) }
            let quarterTotal = quarterDays.reduce(0) { $0 + (pupil.absent[$1.dayNumber] ?? 0) }
            guard total40 > 0 || quarterTotal > 0 || hadAbsence else { continue }
            hadAbsence = total40 > 0 || quarterTotal > 0
            func window(_ days: [SchoolDate], total: Double, unauthorized: Double) -> AbsenceSummary.Window {
                let count = Double(max(days.count, 1))
                return AbsenceSummary.Window(start: days.first ?? day, end: day, schoolDays: days.count, illness: 0, authorized: 0,
                                             unauthorized: Self.rounded(unauthorized / count), total: Self.rounded(total / count))
            }
            let quarterUnauthorized = quarterDays.reduce(0) { $0 + (pupil.unauthorized[$1.dayNumber] ?? 0) }
            let monday = SchoolDate(dayNumber: day.dayNumber - (day.isoWeekday - 1))
            let weeks = (0..<8).reversed().map { back -> AbsenceSummary.Week in
                let start = SchoolDate(dayNumber: monday.dayNumber - 7 * back)
                let days = enrolled.filter { $0 >= start && $0.dayNumber <= start.dayNumber + 6 && $0 <= day }
                return AbsenceSummary.Week(weekStart: start, schoolDays: days.count, absentDays: days.reduce(0) { $0 + (pupil.absent[$1.dayNumber] ?? 0) })
            }
            let last40Window = window(Array(last40), total: total40, unauthorized: 0)
            summaries.append(Summary(pupilKey: pupil.key, school: pupil.school, asOf: day, last40: last40Window.total))
            events.append(AbsenceSummary(
                pupilKey: pupil.key, schoolId: pupil.school, asOf: day, quarter: window(quarterDays, total: quarterTotal, unauthorized: quarterUnauthorized),
                last20SchoolDays: window(Array(enrolled[max(0, position - 19)...position]), total: 0, unauthorized: 0), last40SchoolDays: last40Window,
                trend: .stable, weeks: weeks, lateArrivals20SchoolDays: 0, openConcernRules: [],
                computedAt: now.addingTimeInterval(Double(day.dayNumber - 20_000))))
        }
    }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}

extension DashboardSchoolsFixture {
    /// The dashboard's figures, computed here from the generated rows.
    struct Expected: Equatable, CustomStringConvertible {
        struct Month: Equatable { var month: String; var hasFigures: Bool; var pupils: Int; var problematic: Int; var underretninger: Int }
        var months: [Month]
        var yearPupils: Int
        var yearOver: Int
        var through: SchoolDate?
        var baselineShare: Double?
        var baselinePerMonth: Double?

        var description: String {
            months.map { "\($0.month) \($0.hasFigures ? "" : "(none) ")\($0.problematic)/\($0.pupils) u\($0.underretninger)" }.joined(separator: ", ")
                + "; year \(yearOver)/\(yearPupils) through \(through?.description ?? "–"); baseline \(Self.rounded(baselineShare)) \(Self.rounded(baselinePerMonth))"
        }

        /// To 9 decimals: the service sums the pupil-months in another order than the fixture does.
        static func rounded(_ value: Double?) -> Double { ((value ?? -1) * 1e9).rounded() / 1e9 }
    }

    func lastDay(_ school: String) -> SchoolDate? {
        summaries.filter { $0.school == school }.map(\.asOf).max()
    }

    func expected(schools picked: Set<String>, months: [String], threshold: Double, baseline: [String]) -> Expected {
        var rows: [Expected.Month] = []
        for month in months {
            var row = Expected.Month(month: month, hasFigures: false, pupils: 0, problematic: 0, underretninger: 0)
            for school in picked.sorted() {
                row.underretninger += reports.filter { $0.school == school && !$0.withdrawn && $0.day.monthKey == month }.count
                guard let latest = lastDay(school), let firstSchoolDay = schoolDays.first(where: { $0.monthKey == month }), firstSchoolDay <= latest,
                      let monthEnd = SchoolDate(month + "-01").map({ SchoolDate(year: $0.year, month: $0.month, day: SchoolDate.daysInMonth(year: $0.year, month: $0.month))! })
                else { continue }
                row.hasFigures = true
                let through = min(monthEnd, latest)
                for pupil in pupils where pupil.school == school && pupil.from <= through && (pupil.to.map { $0.monthKey >= month } ?? true) {
                    row.pupils += 1
                    let figure = summaries.filter { $0.pupilKey == pupil.key && $0.asOf <= monthEnd }.max { $0.asOf < $1.asOf }
                    if (figure?.last40 ?? 0) >= threshold { row.problematic += 1 }
                }
            }
            rows.append(row)
        }
        var (yearPupils, yearOver) = (0, 0)
        var through: SchoolDate?
        for school in picked {
            guard let latest = lastDay(school) else { continue }
            through = max(through ?? latest, latest)
            for pupil in pupils where pupil.school == school {
                let days = schoolDays.filter { $0 >= pupil.from && $0 <= min(pupil.to ?? latest, latest) }
                guard !days.isEmpty else { continue }
                yearPupils += 1
                let absent = days.reduce(0) { $0 + (pupil.absent[$1.dayNumber] ?? 0) }
                if absent > 0.10 * Double(days.count) + 1e-9 { yearOver += 1 }
            }
        }
        let counted = rows.filter { baseline.contains($0.month) && $0.hasFigures }
        let pupilMonths = counted.reduce(0) { $0 + $1.pupils }
        return Expected(months: rows, yearPupils: yearPupils, yearOver: yearOver, through: through,
                        baselineShare: pupilMonths > 0 ? Double(counted.reduce(0) { $0 + $1.problematic }) / Double(pupilMonths) : nil,
                        baselinePerMonth: counted.isEmpty ? nil : Double(counted.reduce(0) { $0 + $1.underretninger }) / Double(counted.count))
    }
}
