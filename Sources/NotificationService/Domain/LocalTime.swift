import Foundation
import Shared

/// Danish wall-clock time (Europe/Copenhagen): reminders and digests go out at local hours,
/// whatever the server's time zone is.
enum LocalTime {
    static let zone = TimeZone(identifier: "Europe/Copenhagen")!

    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// `hour`:00 local time on `date`.
    static func moment(_ date: SchoolDate, hour: Int) -> Date {
        calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day, hour: hour))!
    }

    static func schoolDate(of instant: Date) -> SchoolDate {
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        return SchoolDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    static func adding(days: Int, to date: SchoolDate) -> SchoolDate {
        let noon = moment(date, hour: 12)
        return schoolDate(of: calendar.date(byAdding: .day, value: days, to: noon)!)
    }

    /// The latest digest moment at or before `now`: today's `hour`:00, or yesterday's if that is still ahead.
    static func lastDigestMoment(before now: Date, hour: Int) -> Date {
        let today = moment(schoolDate(of: now), hour: hour)
        return today <= now ? today : moment(adding(days: -1, to: schoolDate(of: now)), hour: hour)
    }

    /// `HH:mm` on `d. MMM yyyy` style dates are left to templates; this gives `2026-11-24 14:00`.
    static func display(_ instant: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!)
    }
}
