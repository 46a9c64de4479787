import PlanningAPI
import Shared

/// Months as the dashboard names them ("2026-11"): ranges, steps, last days and school years. Pure.
enum MonthKeys {
    /// The months from `from` to `to` inclusive ("2026-09" … "2026-11"), at most 120; nil unless both
    /// are months YYYY-MM within `SchoolDate.acceptedYears` and from ≤ to.
    static func range(from: String, to: String) -> [String]? {
        guard let start = SchoolDate.accepted(from + "-01"), let end = SchoolDate.accepted(to + "-01"), start <= end else { return nil }
        var keys: [String] = []
        var key: String? = start.monthKey
        while let current = key, current <= end.monthKey, keys.count < 120 {
            keys.append(current)
            key = month(current, movedBy: 1)
        }
        return keys
    }

    /// The month `count` months after `key` (before, when negative), or nil when `key` is not YYYY-MM
    /// or either month is outside `SchoolDate.acceptedYears`.
    static func month(_ key: String, movedBy count: Int) -> String? {
        guard let first = SchoolDate.accepted(key + "-01") else { return nil }
        let (years, months) = (first.month - 1 + count).quotientAndRemainder(dividingBy: 12)
        let (year, month) = months < 0 ? (first.year + years - 1, months + 13) : (first.year + years, months + 1)
        guard SchoolDate.acceptedYears.contains(year) else { return nil }
        return SchoolDate(year: year, month: month, day: 1)?.monthKey
    }

    /// The last day of a month YYYY-MM, or nil when it is not one.
    static func lastDay(of month: String) -> SchoolDate? {
        guard let first = SchoolDate(month + "-01") else { return nil }
        return SchoolDate(year: first.year, month: first.month, day: SchoolDate.daysInMonth(year: first.year, month: first.month))
    }

    /// The school year ("2026/27") a month belongs to, or nil when it is not a month.
    static func schoolYear(of month: String) -> String? {
        SchoolDate(month + "-01")?.schoolYear
    }

    /// The months of a school year, August to July; nil when it is not a school year like 2026/27.
    static func months(ofSchoolYear year: String) -> [String]? {
        guard let range = FlagQuality.range(ofSchoolYear: year) else { return nil }
        return Self.range(from: range.from.monthKey, to: range.to.monthKey)
    }
}
