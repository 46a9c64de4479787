import Foundation
import Shared

/// The rhythm of a case's meetings: the next one `everyDays` after the last, moved off the
/// weekend to the Monday after, at the same time of day.
struct MeetingCadence: Sendable, Equatable {
    var everyDays: Int

    func nextMeeting(after held: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SchoolDate.copenhagen
        var next = calendar.date(byAdding: .day, value: everyDays, to: held)!
        while SchoolDate(next).isWeekend {
            next = calendar.date(byAdding: .day, value: 1, to: next)!
        }
        return next
    }
}
