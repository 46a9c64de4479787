import Foundation
import Shared

/// Danish wall-clock time (Europe/Copenhagen, `SchoolDate.copenhagen`): reminders and digests go
/// out at local hours, whatever the server's time zone is.
enum LocalTime {
    /// The latest digest moment at or before `now`: today's `hour`:00, or yesterday's if that is still ahead.
    static func lastDigestMoment(before now: Date, hour: Int) -> Date {
        let today = SchoolDate(now).moment(hour: hour)
        return today <= now ? today : SchoolDate(now).adding(days: -1).moment(hour: hour)
    }

    /// `2026-11-24 14:00` in Copenhagen.
    static func display(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SchoolDate.copenhagen
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }
}
