import Foundation
import Shared

/// Calendar arithmetic on dates, in the municipality's time zone where a moment becomes a day.
extension SchoolDate {
    static let copenhagen = TimeZone(identifier: "Europe/Copenhagen")!

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The day `moment` falls on in Copenhagen.
    init(_ moment: Date, in zone: TimeZone = SchoolDate.copenhagen) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: moment)
        self.init(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// Midnight UTC of this date (for arithmetic only).
    var utcMidnight: Date {
        Self.utcCalendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    func adding(days: Int) -> SchoolDate {
        let moved = Self.utcCalendar.date(byAdding: .day, value: days, to: utcMidnight)!
        return SchoolDate(moved, in: TimeZone(identifier: "UTC")!)
    }

    /// Days from self to `other` (negative when `other` is earlier).
    func days(until other: SchoolDate) -> Int {
        Self.utcCalendar.dateComponents([.day], from: utcMidnight, to: other.utcMidnight).day!
    }

    /// 1 = Monday … 7 = Sunday.
    var isoWeekday: Int {
        let weekday = Self.utcCalendar.component(.weekday, from: utcMidnight)  // 1 = Sunday
        return weekday == 1 ? 7 : weekday - 1
    }

    var isWeekend: Bool { isoWeekday >= 6 }

    /// The date `count` weekdays (Monday–Friday) after this one.
    func addingWeekdays(_ count: Int) -> SchoolDate {
        var date = self
        var left = count
        while left > 0 {
            date = date.adding(days: 1)
            if !date.isWeekend { left -= 1 }
        }
        return date
    }

    /// "2026-11"
    var monthKey: String { String(description.prefix(7)) }

    /// "2026-Q4"
    var quarterKey: String { "\(year)-Q\((month - 1) / 3 + 1)" }
}
