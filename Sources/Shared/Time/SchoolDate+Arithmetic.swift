import Foundation

/// Calendar arithmetic on dates, in the municipality's time zone where a moment becomes a day
/// (PlanningService and the staff web app).
extension SchoolDate {
    public static let copenhagen = TimeZone(identifier: "Europe/Copenhagen")!

    /// The day `moment` falls on in Copenhagen.
    public init(_ moment: Date, in zone: TimeZone = SchoolDate.copenhagen) {
        self.init(moment: moment, in: zone)
    }

    public func adding(days: Int) -> SchoolDate { SchoolDate(dayNumber: dayNumber + days) }

    /// `hour`:00 on this day in `zone` (Copenhagen's wall clock: reminders and digests go out at local hours).
    public func moment(hour: Int, in zone: TimeZone = SchoolDate.copenhagen) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let utc = Date(timeIntervalSince1970: Double(dayNumber) * 86_400 + Double(hour) * 3_600)
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))
            ?? utc.addingTimeInterval(-Double(zone.secondsFromGMT(for: utc)))
    }

    /// Days from self to `other` (negative when `other` is earlier).
    public func days(until other: SchoolDate) -> Int { other.dayNumber - dayNumber }

    public var isWeekend: Bool { isoWeekday >= 6 }

    /// The date `count` weekdays (Monday–Friday) after this one.
    public func addingWeekdays(_ count: Int) -> SchoolDate {
        var date = self
        var left = count
        while left > 0 {
            date = date.adding(days: 1)
            if !date.isWeekend { left -= 1 }
        }
        return date
    }

    /// "2026-11"
    public var monthKey: String { String(description.prefix(7)) }

    /// "2026-Q4"
    public var quarterKey: String { "\(year)-Q\((month - 1) / 3 + 1)" }
}
